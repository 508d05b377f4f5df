"""`brandcert calendar list | show | set` and the line `brandcert init` prints while next year is unknown."""

from __future__ import annotations

from datetime import datetime

from tests.cli.test_cli import run
from tests.holidays.test_recount import ARRANGEMENT_2027
from tests.workdays import years
from webapp import clock
from webapp.workdays.calendar import CHINA


def test_an_operator_enters_next_year_from_a_file(runner, tmp_path):
    years.forget(2027)
    clock.set_now(datetime(2026, 12, 4, 10, 0, tzinfo=CHINA))
    assert "warning: the holidays of 2027 are not entered" in run(runner, "init")
    listed = run(runner, "calendar", "list")
    assert "2026   7 holidays" in listed and "chinesecalendar" in listed
    assert "warning: the holidays of 2027 are not entered yet" in listed
    assert "春节：2026-02-15 – 2026-02-23 放假；2026-02-14、2026-02-28 上班" in run(
        runner, "calendar", "show", "2026")
    assert "2027 is not in the calendar" in run(runner, "calendar", "show", "2027", expect=1)

    bad = tmp_path / "bad.txt"
    bad.write_text("元旦：1月1日至3日放假。\n春节：1月3日放假。\n", encoding="utf-8")
    refused = run(runner, "calendar", "set", "2027", "--file", str(bad), expect=1)
    assert "第 2 行：2027-01-03 已是元旦的假日（第 1 行）" in refused  # the command line speaks Chinese too
    (tmp_path / "latin1.txt").write_bytes("元旦".encode("gb18030") + b"\xff")
    assert "is not UTF-8" in run(runner, "calendar", "set", "2027", "--file",
                                 str(tmp_path / "latin1.txt"), expect=1)
    assert "2027 is not in the calendar" in run(runner, "calendar", "show", "2027", expect=1)

    notice = tmp_path / "2027.txt"
    notice.write_text(ARRANGEMENT_2027, encoding="utf-8")
    assert "2027: 6 holidays, 4 make-up working days saved" in run(
        runner, "calendar", "set", "2027", "--file", str(notice))
    assert "entered by command line (" in run(runner, "calendar", "list")
    assert "warning" not in run(runner, "init")
