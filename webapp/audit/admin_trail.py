"""The administration trail (管理操作记录): who created users, granted roles, deployed processes,
entered holidays, imported keys, revoked certificates or started spot checks.

One hash chain, checkpointed like the cases' chains (it is `ADMIN_TRAIL` among the heads), so an
administrator's action cannot be removed from the record by whoever holds the database either.
Writers take turns on one chain: administrative actions are few.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Protocol

from sqlalchemy import Select, or_, select, text

from webapp.audit import chain
from webapp.audit.models import AdminAction, AdminEvent
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import dialect, session
from webapp.paging import Page, fetch_scalars
from webapp.regions import queries as regions

_CHAIN_LOCK = 0x61646D696E  # "admin": PostgreSQL's advisory lock serializing writers of the chain


def operator() -> str:
    """Who ran a command-line command: the operating-system account on this host."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid, e.g. in a container
        account = "unknown"
    return f"command line ({account}@{socket.gethostname()})"[:100]


def actor_name(actor: User | None) -> str:
    return actor.display_name if actor is not None else operator()


def covering_region(codes: Iterable[str | None]) -> str | None:
    """The smallest region containing all these (None: the whole installation)."""
    paths = [region.ancestor_codes for code in codes if code and (region := regions.get(code)) is not None]
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        common = [code for code, other in zip(common, path, strict=False) if code == other]
    return common[-1] if common else None


def record(action: AdminAction, *, actor: User | None, subject: str, region_code: str | None = None,
           data: dict[str, Any] | None = None, on_behalf: str | None = None) -> AdminEvent:
    """Step: append one event inside the command that made the change. `actor` None is the operator,
    unless `on_behalf` names who the worker acts for (a schedule, say)."""
    if dialect() == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = session.scalars(select(AdminEvent).order_by(AdminEvent.seq.desc()).limit(1)).first()
    fields: dict[str, Any] = {
        "seq": last.seq + 1 if last else 1, "at": now_utc().replace(microsecond=0), "action": str(action),
        "actor_id": actor.id if actor is not None else None, "actor_name": on_behalf or actor_name(actor),
        "region_code": region_code, "subject": subject[:200], "data": data,
    }
    prev_hash = last.hash if last else chain.GENESIS
    event = AdminEvent(**{**fields, "action": action}, prev_hash=prev_hash,
                       hash=chain.link(prev_hash, {**fields, "at": chain.chained_time(fields["at"])},
                                       chain.ADMIN_CHAINED_FIELDS))
    session.add(event)
    session.flush()
    return event


class Version(Protocol):
    """A deployed version of a process or a form."""

    @property
    def key(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def sha256(self) -> str: ...


def record_deployment(processes: Collection[Version], forms: Collection[Version], *, actor: User | None,
                      notes: Mapping[str, dict[str, Any]] | None = None) -> None:
    """Step: new versions of processes (one event each) and of forms (one event for the lot). `notes`
    adds to a process's event, by key: e.g. the staffing gaps its deployer accepted, and why."""
    for process in processes:
        record(AdminAction.PROCESS_DEPLOYED, actor=actor, subject=f"{process.key} v{process.version}",
               data={"sha256": process.sha256, **(notes or {}).get(process.key, {})})
    if forms:
        record(AdminAction.FORMS_DEPLOYED, actor=actor, subject=", ".join(f"{f.key} v{f.version}" for f in forms),
               data={"versions": {form.key: [form.version, form.sha256] for form in forms}})


def head() -> tuple[int, str] | None:
    """The newest event's (seq, hash)."""
    row = session.execute(select(AdminEvent.seq, AdminEvent.hash).order_by(AdminEvent.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else None


def page_of(within: list[str] | None, *, number: int, action: str = "") -> Page[AdminEvent]:
    """Newest first: events concerning the reader's regions, and those concerning the whole installation."""
    query: Select[Any] = select(AdminEvent)
    if within is not None:
        query = query.where(or_(AdminEvent.region_code.is_(None), AdminEvent.region_code.in_(
            regions.codes_within(within))))
    if action:
        query = query.where(AdminEvent.action == action)
    return fetch_scalars(query.order_by(AdminEvent.seq.desc()), number)
