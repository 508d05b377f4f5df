"""The brand naming rule (Shaanxi, via Baoji's policy): 地域 + 产业/行业/产品 + 称谓 (匠、师、员、工、嫂…).

Real brands break it (西岐名吃, 八桂家政), so it only warns. Pure.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from webapp.i18n import N_

TITLE_SUFFIXES = ("匠", "师", "员", "工", "嫂", "娘", "傅", "人", "式", "农", "姐", "手", "客", "家", "妹")
REGION_SUFFIXES = ("壮族自治区", "维吾尔自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区",
                   "省", "市", "州", "县", "区", "旗", "盟", "镇", "乡", "街道", "村委会", "村", "社区")


def canonical_name(name: str) -> str:
    """The name as brands are stored and compared: NFKC (full-width letters and compatibility forms
    folded), without format characters (zero-width spaces, bidi controls), with single spaces. So
    `西岐名吃\u200b` is the brand 西岐名吃, not a second one that looks the same."""
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(char for char in folded if unicodedata.category(char) != "Cf")
    return " ".join(visible.split())


def short_region_names(names: Iterable[str]) -> set[str]:
    """`岐山县` -> {`岐山县`, `岐山`}; `甘孜藏族自治州` -> {…, `甘孜`}."""
    result = set()
    for name in names:
        result.add(name)
        for suffix in REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                stem = name[: -len(suffix)]
                result.add(stem.removesuffix("藏族").removesuffix("侗族").removesuffix("苗族"))
                result.add(stem)
                break
    return {n for n in result if len(n) >= 2}


def naming_warnings(brand_name: str, region_names: Iterable[str]) -> list[str]:
    warnings = []
    name = brand_name.strip()
    if not any(name.startswith(region) for region in short_region_names(region_names)):
        warnings.append(N_("The name does not start with the name of its region (地域), e.g. 岐山… or 宝鸡…."))
    if not name.endswith(TITLE_SUFFIXES):
        warnings.append(N_("The name does not end with a trade title (称谓) such as 匠、师、员、工 or 嫂."))
    return warnings
