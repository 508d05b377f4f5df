"""The editor's "Try this version" (`designer/_rehearsal.html`, `js/rehearsal.js`): rehearse the diagram
being edited as JSON, and keep rehearsals as scenarios. Every post carries the X-CSRFToken header, as
the editor's validate and deploy do."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp import engine
from webapp.applications.pages import locale
from webapp.db import session
from webapp.designer import rehearsal
from webapp.designer.views import _editable, _posted_xml
from webapp.errors import Invalid, ProcessDefinitionError, problem_text
from webapp.i18n import _, translate
from webapp.regions import queries as regions
from webapp.vocabulary import OUTCOMES, named


def rehearse(name: str) -> Any:
    """`{"xml", "region", "choices": {task: decision or [decisions…]}, "process"?}` -> the path."""
    payload = _payload()
    try:
        tried = rehearsal.try_files({_editable(name): _posted_xml()}, payload.get("region"), payload.get("choices"),
                                    process_key=payload.get("process"))
    except Invalid as error:
        return _refused(error)
    return {"ok": True, **tried_json(tried), "scenarios": _scenarios([tried.version.key])}


def scenarios(name: str) -> Any:
    """The scenarios of the processes whose newest version uses this file."""
    _editable(name)
    newest = session.scalars(select(engine.ProcessDefinition).where(engine.ProcessDefinition.id.in_(
        select(func.max(engine.ProcessDefinition.id)).group_by(engine.ProcessDefinition.key))))
    return {"scenarios": _scenarios([d.key for d in newest if name in d.sources])}


def save_scenario(name: str) -> Any:
    """The rehearsal's fields and a `name`: rehearsed again and kept (one of the same name is replaced)."""
    payload = _payload()
    try:
        scenario = rehearsal.save_scenario({_editable(name): _posted_xml()}, payload.get("name"),
                                           payload.get("region"), payload.get("choices"),
                                           process_key=payload.get("process"), actor=current_user)
    except Invalid as error:
        return _refused(error)
    return {"ok": True, "saved": scenario.id, "scenarios": _scenarios([scenario.process_key])}


def delete_scenario(scenario_id: int) -> Any:
    rehearsal.delete_scenario(scenario_id, actor=current_user)
    return {"ok": True}


def rehearsal_regions() -> Any:
    """The regions directly below `within` (the whole country's first level without it), for the
    base region picker, which goes down one level at a time."""
    return {"regions": [{"code": r.code, "name": r.name, "level": r.level}
                        for r in rehearsal.regions_below(request.args.get("within", ""))]}


def tried_json(tried: rehearsal.Tried) -> dict[str, Any]:
    english = locale() == "en"
    every = regions.all_levels()
    levels = {level.key: level.name_en if english else level.name_zh for level in every}
    order = {level.key: -level.rank for level in every}  # the case's way up: village first, nation last
    result, base = tried.result, tried.region.code
    points = {point.key: point for point in tried.points}
    steps = []
    for step in result.steps:
        region_code = regions.code_at_level(base, step.lane) if step.lane in levels else None
        region = regions.get(region_code) if region_code else None
        steps.append({
            "bpmn_id": step.bpmn_id, "name": step.name, "kind": step.kind, "lane": step.lane,
            "level": _level(step.lane, levels), "region": region.name if region else None,
            "unreachable": step.lane in levels and region is None, "form_key": step.form_key,
            "form": rehearsal.form_title(step.form_key),
            "decision": step.decision, "decision_label": rehearsal.decision_label(
                step.form_key, step.decision, locale=locale()) if step.kind == "task" else None,
            "arrived": step.arrived_at.isoformat(), "due": step.due_at.isoformat() if step.due_at else None,
            "working_days": step.working_days, "count": step.count})
    waiting = result.waiting_at
    waiting_key = None
    if waiting is not None:
        waiting_key = next((k for k in (f"{waiting.lane}:{waiting.bpmn_id}", waiting.bpmn_id) if k in points), None)
    return {
        "process": tried.version.key, "process_name": tried.version.name,
        "region": {"code": base, "name": " · ".join(r.name for r in regions.ancestors(base)[1:]) or tried.region.name},
        "steps": steps, "elements": result.elements, "flows": tried.flows,
        "stopped": result.stopped, "message": rehearsal.stop_message(tried.path()),
        "waiting_at": waiting_key, "waiting_element": waiting.bpmn_id if waiting else None,
        "outcome": result.end_outcome, "outcome_label": named(OUTCOMES, result.end_outcome) or None,
        "recognized_at": [_level(lane, levels) for lane in result.recognized_at],
        "decisions": [{"key": point.key, "bpmn_id": point.bpmn_id, "name": point.name,
                       "level": _level(point.lane, levels), "form_key": point.form_key,
                       "options": [{"value": value, "label": rehearsal.decision_label(point.form_key, value,
                                                                                       locale=locale())}
                                   for value in point.options],
                       "chosen": tried.choices.get(point.key, [])}
                      for point in sorted(tried.points, key=lambda point: order.get(point.lane or "", 1))],
        "choices": tried.choices,
        "warnings": sorted({translate(message, params) for message, params in result.warnings}),
    }


def _level(lane: str | None, levels: dict[str, str]) -> str:
    if lane is None:
        return ""
    return str(_("Applicant")) if lane == "applicant" else levels.get(lane, lane)


def _scenarios(keys: list[str]) -> list[dict[str, Any]]:
    return [{"id": s.id, "process": s.process_key, "name": s.name, "region": s.base_region_code,
             "region_name": " · ".join(r.name for r in regions.ancestors(s.base_region_code)[1:]),
             "region_path": regions.path_codes(s.base_region_code)[1:], "choices": s.choices,
             "path": rehearsal.path_lines(s.path, locale=locale()), "saved_at": s.saved_at.isoformat(),
             "delete": url_for("designer.delete_scenario", scenario_id=s.id)}
            for s in rehearsal.scenarios(keys)]


def _payload() -> dict[str, Any]:
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else {}


def _refused(error: Invalid) -> tuple[dict[str, Any], int]:
    """Every problem, the fields' own included, in the list the editor shows."""
    problems = [problem_text(p) for p in error.problems] if isinstance(error, ProcessDefinitionError) \
        else [str(error.message)]
    problems += [str(message) for messages in error.field_errors.values() for message in messages]
    return {"ok": False, "problems": problems, "fields": sorted(error.field_errors)}, 422

