"""What the history pages show, assembled from queries with the reader's jurisdiction applied."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from webapp import engine
from webapp.applications import queries as applications
from webapp.applications.models import Brand, CreationUnit
from webapp.attachments import store
from webapp.attachments.models import Attachment
from webapp.audit import queries as audit
from webapp.audit import verify
from webapp.auth.models import User
from webapp.certificates import queries as certificates
from webapp.certificates.models import Certificate
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.history import cases, search
from webapp.history.timeline import Entry, timeline
from webapp.i18n import _
from webapp.regions import queries as regions
from webapp.review import queries as review


@dataclass
class BrandHistory:
    brand: Brand
    unit: CreationUnit
    cases: list[cases.Case]
    entries: list[Entry]
    chain: verify.Report
    """The brand's chains checked as the page was built."""
    checkpoint: audit.CheckpointState
    certificates: list[Certificate]
    copied_only: bool = False
    """The reader sees only the cases copied to them (抄送), not the brand's other cases or certificates."""


def brand_history(brand_id: int, user: User, *, locale: str) -> BrandHistory:
    brand, found, copied_only = _readable_cases(brand_id, user)
    return BrandHistory(
        brand=brand, unit=applications.unit_of(brand), cases=found, entries=timeline(found, locale=locale),
        chain=verify.verify_instances([case.instance.id for case in found]), checkpoint=audit.checkpoint_state(),
        certificates=[] if copied_only else certificates.of_brand(brand.id), copied_only=copied_only)


def history_readable(brand_id: int, user: User) -> bool:
    """Would `brand_history` show this brand to the user? Asked by pages that link to the history."""
    try:
        _readable_cases(brand_id, user)
    except (Forbidden, NotFound):
        return False
    return True


def _readable_cases(brand_id: int, user: User) -> tuple[Brand, list[cases.Case], bool]:
    """Officials and auditors read every case of a brand in their jurisdiction (the trail names experts and
    their scores); someone a decision was copied to (抄送) reads the cases copied to them, and only those."""
    try:
        search.jurisdiction(user)
        brand = applications.brand_for(brand_id, user)
    except Forbidden:
        copied = [case for case in cases.cases_of_brand(brand_id) if review.copied_to(case.instance.id, user)]
        found = session.get(Brand, brand_id) if copied else None
        if found is None:
            raise
        return found, copied, True
    return brand, cases.cases_of_brand(brand.id), False


@dataclass
class CaseDiagram:
    case: cases.Case
    brand_id: int | None
    paths: list[engine.ProcessPath]


def case_diagram(instance_id: int, user: User) -> CaseDiagram:
    instance = search.readable_case(instance_id, user)
    case = cases.cases([instance.id])[0]
    return CaseDiagram(case=case, brand_id=cases.brand_ids([instance]).get(instance.id),
                       paths=engine.path_taken(instance))


def diagram_json(page: CaseDiagram, *, locale: str) -> dict[str, Any]:
    """What the diagram's script draws: each process of the case with its path, and the names of the
    lanes (a lane's name in the diagram is the key of its level, which the engine reads)."""
    lanes = regions.lane_names(locale == "en")
    return {"instance": page.case.instance.id, "lanes": lanes,
            "paths": [{"process_id": path.process_id, "name": path.name, "lane": path.lane,
                       "lane_name": lanes.get(path.lane, path.lane) if path.lane else "", "xml": path.xml,
                       "completed": dict(path.completed), "active": sorted(path.active),
                       "transitions": sorted([list(pair) for pair in path.transitions])} for path in page.paths]}


def case_attachment(instance_id: int, attachment_id: str, user: User) -> tuple[Attachment, Path]:
    """A file of the case, for whoever may read its trail (an auditor, say). Only a file that belongs to
    this case: a trail that names another case's file (written before files were bound) does not open it."""
    instance = search.readable_case(instance_id, user)
    attachment, path = store.stored(attachment_id)
    if attachment.instance_id != instance.id:
        raise NotFound(_("No such attachment in this case."))
    return attachment, path
