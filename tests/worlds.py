"""Worlds: the template database with a case already brought somewhere, built once per test session.

Many tests start from the same place: an application waiting at the county, a case recommended to the
city. Walking there through the API costs seconds per test. A world walks there once, with the real
services and the same steps a test would take, and keeps the database (a file on SQLite, a PostgreSQL
template database), the files the app wrote and the audit witness; each test that asks for it gets its
own copy, with the clock where the walk left it.

    @starting_at(steps.at_county)
    def test_something(client, world):
        application = world.facts          # what the step returned (an API answer, ids)

A world is named by its step function, which takes an `Api` and returns JSON-like facts.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.api_client import Api
from webapp import clock

Step = Callable[[Api], Any]
FILE_FOLDERS = ("attachments", "certificates", "exports")


@dataclass(frozen=True)
class World:
    """A built world: its database, its folder of files, the clock when the walk ended, its facts."""

    database: str
    """The SQLite file or the PostgreSQL template database's name, as `copy_of_template` takes it."""
    folder: Path
    now: datetime
    facts: Any

    def copy_files_to(self, directory: Path, witness: Path) -> None:
        for name in FILE_FOLDERS:
            if (self.folder / name).is_dir():
                shutil.copytree(self.folder / name, directory / name, dirs_exist_ok=True)
        if (self.folder / "witness.jsonl").exists():
            shutil.copyfile(self.folder / "witness.jsonl", witness)


class Worlds:
    """The worlds of one test session, built on first use."""

    def __init__(self, keep_copy: Callable[[str, str], Any], make_app: Callable[..., Any],
                 root: Path) -> None:
        self._keep_copy = keep_copy
        self._make_app = make_app
        self._root = root
        self._built: dict[str, World] = {}

    def get(self, step: Step) -> World:
        key = f"{step.__module__}.{step.__qualname__}"
        if key not in self._built:
            self._built[key] = self._build(step, f"w{len(self._built)}")
        return self._built[key]

    def all(self) -> list[World]:
        return list(self._built.values())

    def _build(self, step: Step, name: str) -> World:
        folder = self._root / name
        folder.mkdir(parents=True)
        with self._keep_copy(name, str(folder)) as (url, database):
            app = self._make_app(url, folder, AUDIT_WITNESS=folder / "witness.jsonl")
            facts = step(Api(app.test_client()))
            now = clock.now_utc()
        return World(database=database, folder=folder, now=now, facts=facts)


def starting_at(step: Step) -> pytest.MarkDecorator:
    """Marks a test to start from the world `step` builds (`pytest.mark.world` with the step as argument)."""
    return pytest.mark.world.with_args(step)


@contextmanager
def walked(world: World | None, directory: Path, witness: Path) -> Iterator[None]:
    """Put a test where its world's walk ended: its files, its witness, its clock."""
    if world is not None:
        world.copy_files_to(directory, witness)
        clock.set_now(world.now)
    yield
