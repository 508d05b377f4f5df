"""Database plumbing: the declarative base, the session and the one transaction helper.

Every command (a public verb in a `services.py`) opens exactly one `transaction()`; nothing else
commits. On SQLite a command begins with `BEGIN IMMEDIATE`, so two commands never interleave
their read-modify-write; on PostgreSQL the instance row lock (`SELECT ... FOR UPDATE`) does that.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import JSON, DateTime, Engine, MetaData, Select, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

from webapp.clock import now_utc

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database (SQLite would hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use webapp.clock.now_utc()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


session: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))
_in_command: ContextVar[bool] = ContextVar("in_command", default=False)


_WROTE_OUTSIDE_COMMAND = "wrote_outside_command"
_HELD = "held_rows"


@event.listens_for(Session, "loaded_as_persistent")
@event.listens_for(Session, "pending_to_persistent")
def _hold_while_in_command(holding: Session, row: Any) -> None:
    # The identity map holds rows weakly: a row a step loaded and let go of was read again by the
    # next step that asked for it (the definition, the application, a new task: five of the 34
    # statements a completion sent). A command keeps every row it touched until it ends.
    if _in_command.get():
        holding.info.setdefault(_HELD, []).append(row)


@event.listens_for(Session, "after_flush")
def _note_writes_outside_commands(flushed: Session, _context: Any) -> None:
    if not _in_command.get():
        flushed.info[_WROTE_OUTSIDE_COMMAND] = True


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off so that `_sqlite_begin` decides
    # between a plain and an immediate BEGIN (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _in_command.get() else "BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    pool_size = int(os.environ.get("BRANDCERT_DB_POOL_SIZE", "5"))
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


_engine: Engine | None = None
T = TypeVar("T")


class ReadCache(Generic[T]):
    """A process-local copy of reference data that changes a few times a year (the working-day
    calendar, the region tree), so that a task completion does not read it again every time.

    An entry lives `ttl` seconds: a change made by another process (an import from the command
    line while gunicorn runs) shows within that time. The process that makes a change calls
    `clear()`, and binding the session to another database empties every cache."""

    _all: ClassVar[list[ReadCache[Any]]] = []

    def __init__(self, ttl: float = 300.0) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, tuple[float, T]] = {}
        ReadCache._all.append(self)

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        now = time.monotonic()
        found = self._entries.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = load()
        self._entries[key] = (now + self.ttl, value)
        return value

    def discard(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    @classmethod
    def clear_all(cls) -> None:
        for cache in cls._all:
            cache.clear()


def configure(url: str) -> Engine:
    """Bind the session to a database; called by `create_app` and by stand-alone scripts."""
    global _engine
    if _engine is not None and _engine.url.render_as_string(hide_password=False) == url:
        return _engine
    dispose()
    ReadCache.clear_all()
    _engine = make_engine(url)
    session.configure(bind=_engine)
    return _engine


def forget_connections() -> None:
    """In a freshly forked process: drop the pooled connections inherited from the parent without
    closing them (they still belong to it) so that this process opens its own."""
    session.remove()
    if _engine is not None:
        _engine.dispose(close=False)


def dispose() -> None:
    """Close the session and every pooled connection (tests drop their databases after use)."""
    global _engine
    session.remove()
    if _engine is not None:
        _engine.dispose()
        _engine = None


def dialect() -> str:
    return session.get_bind().dialect.name


Selected = TypeVar("Selected", bound=Select[Any])


def skipping_locked(query: Selected) -> Selected:
    """A worker's claim on rows no other worker holds: `FOR UPDATE SKIP LOCKED` on PostgreSQL (on
    SQLite each command's BEGIN IMMEDIATE already lets one writer in at a time), read fresh."""
    if dialect() == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query.execution_options(populate_existing=True)


def refresh_statistics() -> None:
    """Let the query planner see how the tables grew (ANALYZE), outside any command.

    PostgreSQL's autovacuum does this on its own; SQLite never does, and without statistics it
    reads a date-range search of a large audit trail through the wrong index (100 ms instead of 1).
    """
    with _require_engine().connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")  # sampled: milliseconds, not minutes
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _require_engine() -> Engine:
    if _engine is None:
        raise RuntimeError("db.configure() was not called")
    return _engine


@contextmanager
def transaction() -> Iterator[Session]:
    """The one unit of work of a command: commit on success, roll back on any error."""
    if _in_command.get():
        raise RuntimeError("transaction() does not nest: a command must not call another command")
    current = session()
    if current.in_transaction():
        # A read transaction opened by earlier queries in this request ends here, so the
        # command's own transaction starts fresh (and immediate on SQLite). Committing it keeps
        # what it loaded (the signed-in user, say) instead of reading it all again; anything it
        # tried to write outside a command is rolled back instead.
        if current.info.pop(_WROTE_OUTSIDE_COMMAND, False) or current.new or current.dirty or current.deleted:
            current.rollback()
        else:
            current.commit()
    token = _in_command.set(True)
    try:
        with current.begin():
            yield current
    finally:
        _in_command.reset(token)
        current.info.pop(_HELD, None)


__all__ = ["Base", "configure", "dialect", "now_utc", "session", "transaction"]
