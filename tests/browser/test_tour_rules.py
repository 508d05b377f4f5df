"""The tour's text rules on their own (no browser): what a Chinese or an English page may not show, and
what it may (file types, a certificate number's own digits, a brand's dates and counts)."""

from __future__ import annotations

import pytest

from tests.browser.tour_rules import (
    KIND_CODE,
    KIND_ID,
    KIND_KEY,
    KIND_LATIN,
    KIND_MARKER,
    KIND_REGION,
    KIND_ROLE,
    KIND_VERSION,
    problems_in,
)


def found(text: str, *, chinese: bool = True) -> set[tuple[str, str]]:
    return {(hit.kind, hit.token) for hit in problems_in(text, chinese=chinese)}


@pytest.mark.parametrize(("text", "expected"), [
    ("决定：forward", {(KIND_LATIN, "forward")}),
    ("状态 spot_check", {(KIND_KEY, "spot_check")}),
    ("角色 official@610323", {(KIND_ROLE, "official@610323")}),
    ("地区 610300", {(KIND_REGION, "610300")}),
    ("全国 100000", {(KIND_REGION, "100000")}),
    ("寨沙村委会450223103204", {(KIND_REGION, "450223103204")}),
    ("#1 推荐认定", {(KIND_ID, "#1")}),
    ("流程 recommendation v1", {(KIND_LATIN, "recommendation"), (KIND_VERSION, "v1")}),
    ("哈希 3a3e1349c4ed", {(KIND_CODE, "3a3e1349c4ed")}),
    ("共 %(count)s 项", {(KIND_MARKER, "%(count)s")}),
    ("None", {(KIND_MARKER, "None")}),
])
def test_a_chinese_page_shows_no_key_code_or_english_word(text: str, expected: set[tuple[str, str]]):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "支持 PDF、PNG、JPEG、DOCX、XLSX，每个不超过 10 MB。", "导出 Excel", "SHA-256 指纹", "English",
    "2026-05-11 09:30", "从业人员 5200 人", "共 17 项", "¥300,000", "奖补 300000 元",
])
def test_a_chinese_page_may_show_file_types_dates_and_numbers(text: str):
    assert found(text) == set()


def test_a_certificate_numbers_digits_are_not_a_region_code():
    assert found("LB-610300-2026-00042") == {(KIND_LATIN, "LB")}  # the letters: mark the number translate="no"


@pytest.mark.parametrize(("text", "expected"), [
    ("Decision: forward", set()),
    ("Status spot_check", {(KIND_KEY, "spot_check")}),
    ("Roles: official@610323", {(KIND_ROLE, "official@610323")}),
    ("Region 610300", {(KIND_REGION, "610300")}),
    ("Recommendation #4 · recommendation v1", {(KIND_ID, "#4"), (KIND_VERSION, "v1")}),
    ("Brand: None", {(KIND_MARKER, "None")}),
    ("None of the tasks is overdue", set()),
])
def test_an_english_page_shows_no_key_or_code(text: str, expected: set[tuple[str, str]]):
    assert found(text, chinese=False) == expected
