"""Changes to the region tree: steps that run inside the caller's transaction."""

from __future__ import annotations

from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.regions import queries
from webapp.regions.models import Region, RegionLevel

STANDARD_LEVELS = [
    ("nation", 0, "国家级", "National", "人力资源和社会保障部"),
    ("province", 1, "省级", "Province", "人力资源和社会保障厅"),
    ("city", 2, "市级", "City", "人力资源和社会保障局"),
    ("county", 3, "县级", "County", "人力资源和社会保障局"),
    ("township", 4, "乡镇（街道）", "Township", None),
    ("village", 5, "村（社区）", "Village", None),
]


def ensure_levels() -> None:
    """The levels of China's administrative tree; reference data every installation needs."""
    for key, rank, zh, en, authority in STANDARD_LEVELS:
        level = session.get(RegionLevel, key)
        if level is None:
            session.add(RegionLevel(key=key, rank=rank, name_zh=zh, name_en=en, authority_suffix=authority))
        else:
            level.name_zh, level.name_en, level.authority_suffix = zh, en, authority
    session.flush()


def add_region(code: str, name: str, level: str, parent_code: str | None, *, provisional: bool = False) -> Region:
    existing = session.get(Region, code)
    if existing is not None:
        return existing
    if session.get(RegionLevel, level) is None:
        raise Invalid(_("Unknown region level %(level)s.", level=level), field_errors={"level": [_("Unknown level.")]})
    parent = session.get(Region, parent_code) if parent_code else None
    if parent_code and parent is None:
        raise Invalid(_("Parent region %(code)s does not exist.", code=parent_code),
                      field_errors={"parent": [_("Not found.")]})
    path = f"{parent.path if parent else '/'}{code}/"
    region = Region(code=code, name=name, level=level, parent_code=parent_code, path=path, provisional=provisional)
    session.add(region)
    session.flush()
    queries.forget_cached()
    return region
