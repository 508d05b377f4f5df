"""The one transaction of a command: what a request read before it stays loaded, and anything
written outside a command is never committed by it."""

from __future__ import annotations

import gc
from typing import Any

from sqlalchemy import event, select

from webapp.db import session, transaction
from webapp.regions.models import Region

QISHAN = "610323"


def _name_in_database() -> str:
    session.remove()
    return str(session.scalar(select(Region.name).where(Region.code == QISHAN)))


def test_a_change_flushed_outside_a_command_is_rolled_back_when_a_command_starts(app: Any) -> None:
    session.get(Region, QISHAN).name = "篡改"
    session.scalars(select(Region)).all()  # autoflush writes it inside the read transaction
    with transaction():
        pass
    assert _name_in_database() == "岐山县"


def test_a_change_left_pending_outside_a_command_is_not_committed(app: Any) -> None:
    session.get(Region, QISHAN).name = "篡改"
    with transaction():
        pass
    assert _name_in_database() == "岐山县"


def test_what_a_request_read_stays_loaded_into_its_command(app: Any) -> None:
    region = session.get(Region, QISHAN)
    with transaction():
        assert "name" in region.__dict__  # not expired: the command does not read it again
        region.name = "岐山县（改）"
    assert _name_in_database() == "岐山县（改）"


def _selects_while(action: Any) -> int:
    sent: list[str] = []
    bind = session.get_bind()
    listener = lambda *args: sent.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(bind, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(bind, "before_cursor_execute", listener)
    return sum(1 for statement in sent if statement.startswith("SELECT"))


def test_a_command_keeps_the_rows_it_loaded_until_it_ends(app: Any) -> None:
    def load_and_drop() -> None:
        session.get(Region, QISHAN)
        gc.collect()  # the identity map holds rows weakly: without the command's hold this one would go

    with transaction():
        load_and_drop()
        assert _selects_while(load_and_drop) == 0
    gc.collect()
    assert _selects_while(load_and_drop) == 1  # outside a command nothing is held
