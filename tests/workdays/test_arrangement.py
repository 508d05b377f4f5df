"""Reading the State Council's holiday notice: what is read, and every refusal names its line."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.workdays.arrangement import ArrangementRefused, parse

NOTICE = """国务院办公厅关于2027年部分节假日安排的通知
经国务院批准，现将2027年元旦、春节、劳动节放假调休日期的具体安排通知如下：
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历除夕、周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。
三、劳动节：2027-05-01 至 2027-05-05 放假；2027-05-08 上班
四、国庆节：9月30日至10月7日放假调休。9月26日（周日）、10月9日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2026年11月10日
"""


def _problems(text: str, year: int = 2027) -> list[tuple[int | None, str]]:
    with pytest.raises(ArrangementRefused) as refused:
        parse(text, year, this_year=2026)
    return [(line, message % params) for line, (message, params) in refused.value.problems]


def test_the_notice_as_published_is_read_line_by_line():
    arrangement = parse(NOTICE, 2027, this_year=2026)
    assert [(h.name, h.first, h.last) for h in arrangement.holidays] == [
        ("元旦", date(2027, 1, 1), date(2027, 1, 3)),
        ("春节", date(2027, 2, 6), date(2027, 2, 14)),
        ("劳动节", date(2027, 5, 1), date(2027, 5, 5)),
        ("国庆节", date(2027, 9, 30), date(2027, 10, 7)),  # a range across two months
    ]
    assert [(w.name, w.day) for w in arrangement.workdays] == [
        ("春节", date(2027, 2, 20)), ("劳动节", date(2027, 5, 8)),
        ("国庆节", date(2027, 9, 26)), ("国庆节", date(2027, 10, 9))]
    assert arrangement.skipped_lines == [1, 2, 7, 8, 9]  # title, preamble, closing words, signature


def test_impossible_dates_and_dates_outside_the_year_name_their_line():
    assert _problems("元旦：1月1日放假。\n春节：2月30日放假。") == [(2, "2月30日 is not a date.")]
    assert _problems("元旦：2026年12月31日至1月1日放假。") == [(1, "2026年12月31日至1月1日 is not in 2027.")]
    assert _problems("春节：2月14日至6日放假。") == [(1, "2月14日至6日 ends before it begins.")]


def test_overlapping_ranges_and_wrong_working_days_are_refused():
    assert _problems("元旦：1月1日至3日放假。\n春节：1月3日放假。") == [
        (2, "2027-01-03 is already a holiday of 元旦 (line 1).")]
    assert _problems("元旦：1月1日放假。1月4日（周一）上班。") == [
        (1, "2027-01-04 is a weekday; only a Saturday or Sunday can be a make-up working day (调休上班).")]
    assert _problems("元旦：1月1日至3日放假。1月2日上班。") == [(1, "2027-01-02 is both a holiday and a working day.")]


def test_lines_without_a_name_or_without_holidays_are_refused():
    assert _problems("1月1日放假") == [
        (1, "Write the holiday's name, a colon, then its dates, e.g. 春节：2月6日至14日放假。")]
    assert _problems("只是一段文字") == [(None, "No holiday dates were found; write one holiday per line, "
                                              "e.g. 元旦：1月1日放假。")]


@pytest.mark.parametrize("year", [2024, 2028, 1999, 9999])
def test_a_year_far_in_the_past_or_future_is_refused(year):
    assert _problems("元旦：1月1日放假。", year) == [(None, f"An arrangement can be entered for 2025 to 2027 only, "
                                                         f"not for {year}.")]
