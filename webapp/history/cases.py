"""The cases of a brand across all its processes (recommendation, spot checks, exits), and which
brand a case belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from webapp import engine
from webapp.applications.models import Application
from webapp.db import session
from webapp.exits.models import ExitCase
from webapp.i18n import N_
from webapp.spotcheck.models import SpotCheck
from webapp.subjects import SubjectType

SUBJECTS: dict[str, tuple[type[Application] | type[SpotCheck] | type[ExitCase], str]] = {
    SubjectType.APPLICATION: (Application, N_("Recommendation")),
    SubjectType.SPOT_CHECK: (SpotCheck, N_("Spot check")),
    SubjectType.EXIT_CASE: (ExitCase, N_("Exit procedure")),
}
"""Subject type -> the record that links a case to its brand, and what the case is called."""


@dataclass(frozen=True)
class Case:
    instance: engine.ProcessInstance
    definition: engine.ProcessDefinition


def kind_of(instance: engine.ProcessInstance) -> str:
    """Message id naming the kind of case, e.g. `Spot check`."""
    return SUBJECTS[instance.subject_type][1] if instance.subject_type in SUBJECTS else instance.subject_type


def cases_of_brand(brand_id: int) -> list[Case]:
    """Oldest first."""
    ids: set[int] = set()
    for record, _kind in SUBJECTS.values():
        ids.update(i for i in session.scalars(select(record.instance_id).where(record.brand_id == brand_id))
                   if i is not None)
    return cases(ids)


def cases(instance_ids: Iterable[int]) -> list[Case]:
    ids = list(instance_ids)
    if not ids:
        return []
    rows = session.execute(
        select(engine.ProcessInstance, engine.ProcessDefinition)
        .join(engine.ProcessDefinition, engine.ProcessDefinition.id == engine.ProcessInstance.definition_id)
        .where(engine.ProcessInstance.id.in_(ids)).order_by(engine.ProcessInstance.started_at,
                                                             engine.ProcessInstance.id))
    return [Case(instance, definition) for instance, definition in rows]


def brand_ids(instances: Iterable[engine.ProcessInstance]) -> dict[int, int]:
    """Instance id -> brand id, for the instances whose subject belongs to a brand."""
    by_type: dict[str, set[int]] = {}
    for instance in instances:
        by_type.setdefault(instance.subject_type, set()).add(instance.id)
    found: dict[int, int] = {}
    for subject_type, ids in by_type.items():
        if subject_type not in SUBJECTS:
            continue
        record = SUBJECTS[subject_type][0]
        rows = session.execute(select(record.instance_id, record.brand_id).where(record.instance_id.in_(ids)))
        found.update({instance_id: brand_id for instance_id, brand_id in rows if brand_id is not None})
    return found
