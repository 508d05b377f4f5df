"""The tour's report: the same problem seen in several languages, widths or roles is one line, grouped
by kind and page, for a test's failure message and for the findings file the fixers read."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.tour_pages import Problem, Tour

Seen = tuple[str, Problem]
"""A problem and the role that met it."""


@dataclass
class _Line:
    example: str = ""
    tokens: set[str] = field(default_factory=set)
    pages: set[str] = field(default_factory=set)
    combos: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)


def _merged(seen: Iterable[Seen]) -> dict[str, dict[str, list[str]]]:
    """kind -> page (or the pages sharing it) -> one line per distinct problem: the words or codes
    found in one piece of text, the language-widths and roles it showed in. A problem of the masthead
    or of a shared template is one line for all its pages."""
    lines: dict[tuple[str, str, str], _Line] = defaultdict(_Line)
    for role, problem in seen:
        # rows of one table (tr#event-7, «#7») are one line: the numbers in them are data
        where = re.sub(r"(#[\w-]*?)\d+", r"\1N", problem.where)
        line = lines[(problem.kind, re.sub(r"\d+", "N", problem.detail), where)]
        line.example = line.example or problem.detail
        line.tokens |= {problem.token} if problem.token else set()
        line.pages.add(problem.page)
        line.combos.add(problem.combo)
        line.roles.add(role)
    grouped: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (kind, _, where), line in sorted(lines.items()):
        pages = sorted(line.pages)
        more = " …" if len(pages) > 6 else ""
        page = pages[0] if len(pages) == 1 else f"{len(pages)} pages: {', '.join(pages[:6])}{more}"
        words = f"`{'`, `'.join(sorted(line.tokens))}` — " if line.tokens else ""
        place = f" — at `{where}`" if where else ""
        grouped[kind][page].append(f"{words}{line.example}{place} [{', '.join(sorted(line.combos))}; "
                                   f"{', '.join(sorted(line.roles))}]")
    return grouped


def failure_message(role: str, problems: list[Problem]) -> str:
    grouped = _merged((role, p) for p in problems)
    out = [f"{sum(len(v) for k in grouped.values() for v in k.values())} problems seen as {role}:"]
    for kind, pages in grouped.items():
        out.append(f"\n== {kind}")
        for page, lines in pages.items():
            out += [f"  {page}: {line}" for line in lines]
    return "\n".join(out)


@dataclass
class Findings:
    """The problems of every role toured in one run, and the pages each role's crawl found."""

    seen: list[Seen] = field(default_factory=list)
    pages: dict[str, list[str]] = field(default_factory=dict)
    read: dict[tuple[str, str], str] = field(default_factory=dict)
    """Which role read a page's content first (`Tour.read`), shared by the roles of one run."""

    seconds: Counter[str] = field(default_factory=Counter)
    tally: Counter[str] = field(default_factory=Counter)

    def add(self, role: str, tour: Tour) -> None:
        self.seen += [(role, problem) for problem in tour.problems]
        self.pages[role] = list(tour.pages)
        self.seconds += tour.seconds
        self.tally += tour.tally

    def write(self, path: Path, run: str) -> None:
        """The findings file: a summary by kind, then each kind's problems page by page."""
        grouped = _merged(self.seen)
        out = ["# Tour findings", "", f"Run: {run}. Each line: the problem, where on the page, "
               "[language-width seen in; roles]. Screenshots: tests/artifacts/tour/<role>-<lang>-<width>-<page>.png "
               "(every Chinese page at both widths, an English one where it has a problem; a page whose content "
               "another role already read is read and shot once).",
               "", "Pages per role: " + "; ".join(f"{role} {len(keys)}" for role, keys in self.pages.items())
               + ". " + ", ".join(f"{what}: {count}" for what, count in self.tally.items())
               + ". Seconds: " + ", ".join(f"{phase} {spent:.0f}" for phase, spent in self.seconds.most_common()),
               "", "| kind | distinct problems | pages |", "|---|---|---|"]
        out += [f"| {kind} | {sum(len(v) for v in pages.values())} | {len(pages)} |"
                for kind, pages in grouped.items()]
        for kind, pages in grouped.items():
            out += ["", f"## {kind}"]
            for page, lines in pages.items():
                out += ["", f"### `{page}`", *[f"- {line}" for line in lines]]
        out += ["", "## Pages toured", *[f"- {role}: {', '.join(keys)}" for role, keys in self.pages.items()]]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
