"""The policy targets of domain.md §4 for the demo regions: Jilin (by 2025), Baoji (by the end of the
14th Five-Year Plan, 2025) and Guangxi (by 2025), each with the document that sets it."""

from __future__ import annotations

from webapp.db import transaction
from webapp.library.targets import put_target

JILIN, BAOJI, GUANGXI = "220000", "610300", "450000"
JL = "吉林省劳务品牌建设实施方案（吉人社联〔2022〕73号）"
BJ = "关于加强劳务品牌建设的实施意见（宝人社发〔2022〕39号）"
GX = "打造“八桂系列”劳务品牌促进就业实施方案（桂政办发〔2021〕141号）"

# (region, metric, level, brand type, target, due year, label, source)
TARGETS: list[tuple[str, str, str | None, str | None, int, int, str, str]] = [
    (JILIN, "brands", "nation", None, 5, 2025, "国家级劳务品牌不少于5个", JL),
    (JILIN, "brands", "province", None, 20, 2025, "省级劳务品牌不少于20个", JL),
    (JILIN, "brands", "city,county", None, 30, 2025, "市县级劳务品牌不少于30个", JL),
    (BAOJI, "brands", None, None, 12, 2025, "打造不少于12个优秀劳务品牌（一县一品牌）", BJ),
    (BAOJI, "recommended_upward", None, None, 3, 2025, "向省级推荐3个劳务品牌", BJ),
    (BAOJI, "brands", None, "中高端技能型", 1, 2025, "中高端技能型1至2个", BJ),
    (BAOJI, "brands", None, "高品质服务型", 2, 2025, "高品质服务型不少于2个", BJ),
    (BAOJI, "brands", None, "文化和旅游类", 2, 2025, "文化和旅游类不少于2个", BJ),
    (BAOJI, "brands", None, "民生保障型", 2, 2025, "民生保障型不少于2个", BJ),
    (GUANGXI, "training_bases", None, None, 30, 2025, "建设30个劳务品牌培训示范基地", GX),
    (GUANGXI, "leading_enterprises", None, None, 60, 2025, "培育60家劳务品牌龙头企业", GX),
]


def seed_targets() -> None:
    """Command: put every demo target (again: numbers changed by hand are set back)."""
    with transaction():
        for region, metric, level, kind, target, year, label, source in TARGETS:
            put_target(region, metric, target, year, label, source, level=level, brand_type=kind)
