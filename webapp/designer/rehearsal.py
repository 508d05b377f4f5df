"""Trying a version before it is deployed ("Try this version"): a synthetic case, based in a region
the administrator picks, runs through the edited diagram with the decisions they choose, and nothing
is written. A rehearsal may be saved as a scenario of its process; every deploy runs the process's
scenarios on the version before and on the new one, and says which now take another path."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from webapp import engine, taskforms
from webapp.audit import admin_trail
from webapp.audit.models import AdminAction
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.designer import queries, services, synthetic
from webapp.designer.models import RehearsalScenario
from webapp.engine import rehearsal as engine_rehearsal
from webapp.engine import safety
from webapp.engine.definitions import DECISION_MARK
from webapp.errors import Invalid, NotFound
from webapp.i18n import _
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.vocabulary import OUTCOMES, named

_log = logging.getLogger(__name__)
MAX_SCENARIOS = 50
"""Per process: each is run twice at every deploy."""
MAX_CHOICES = 20
"""Decisions given for one task (a case returned and revised again and again)."""


@dataclass(frozen=True)
class Version:
    """What a rehearsal needs of a process version, deployed or only edited."""

    key: str
    name: str
    spec_json: str
    files: dict[str, str]
    start_form_key: str | None


@dataclass(frozen=True)
class Tried:
    version: Version
    region: Region
    points: list[engine_rehearsal.DecisionPoint]
    choices: dict[str, list[str]]
    result: engine_rehearsal.Rehearsal
    flows: list[str]
    """The sequence flows taken, by id, for drawing on the diagram."""

    def path(self) -> dict[str, Any]:
        """What a scenario keeps and compares: the steps and decisions, and how it ended."""
        waiting = self.result.waiting_at
        return {"steps": [{"bpmn_id": s.bpmn_id, "name": s.name, "kind": s.kind, "decision": s.decision,
                           "form_key": s.form_key} for s in self.result.steps],
                "outcome": self.result.end_outcome, "stopped": self.result.stopped,
                "waiting_at": {"bpmn_id": waiting.bpmn_id, "name": waiting.name} if waiting else None,
                "error": self.result.error}


@dataclass(frozen=True)
class ScenarioCheck:
    process_key: str
    name: str
    changed: bool
    before: list[str]
    after: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"process": self.process_key, "name": self.name, "changed": self.changed, "before": self.before,
                "after": self.after}


def try_files(edited: Mapping[str, bytes], region_code: Any, choices: Any, *, process_key: Any = None) -> Tried:
    """Rehearse the edited files' process (the one named, else the one a case starts with); the
    files are checked as a deploy would check them. Reads only."""
    return try_version(_version_of(services.check_files(edited), edited, process_key), region_code, choices)


def try_version(version: Version, region_code: Any, choices: Any) -> Tried:
    region = _region(region_code)
    points = engine_rehearsal.decision_points(version.spec_json, synthetic.decision_options)
    return _run(version, region, _checked_choices(choices, points), points)


def scenarios(keys: Sequence[str]) -> list[RehearsalScenario]:
    return list(session.scalars(select(RehearsalScenario).where(RehearsalScenario.process_key.in_(keys))
                                .order_by(RehearsalScenario.process_key, RehearsalScenario.name)))


@logged("rehearsal scenario {result.id} saved by {who}")
def save_scenario(edited: Mapping[str, bytes], name: Any, region_code: Any, choices: Any, *,
                  process_key: Any = None, actor: User | None) -> RehearsalScenario:
    """Command: rehearse, and keep the rehearsal under `name` (replacing one of that name)."""
    queries.require_designer(actor)
    label = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(label) <= 100:
        raise Invalid(_("Name the scenario (at most 100 characters); nothing was saved."),
                      field_errors={"name": [_("Name the scenario (at most 100 characters).")]})
    tried = try_files(edited, region_code, choices, process_key=process_key)
    key = tried.version.key
    with transaction():
        scenario = session.scalars(select(RehearsalScenario).where(RehearsalScenario.process_key == key,
                                                                   RehearsalScenario.name == label)).first()
        if scenario is None:
            count = session.scalar(select(func.count()).where(RehearsalScenario.process_key == key))
            if (count or 0) >= MAX_SCENARIOS:
                raise Invalid(_("Process %(key)s already has %(count)s scenarios; delete one first.",
                                key=key, count=MAX_SCENARIOS))
            scenario = RehearsalScenario(process_key=key, name=label)
            session.add(scenario)
        scenario.base_region_code, scenario.choices, scenario.path = tried.region.code, tried.choices, tried.path()
        scenario.saved_at, scenario.saved_by_id = now_utc(), actor.id if actor else None
        session.flush()
        admin_trail.record(AdminAction.SCENARIO_SAVED, actor=actor, subject=f"{key}: {label}",
                           region_code=tried.region.code, data={"choices": tried.choices})
        return scenario


@logged("rehearsal scenario {scenario_id} deleted by {who}")
def delete_scenario(scenario_id: int, *, actor: User | None) -> None:
    """Command: forget a scenario."""
    queries.require_designer(actor)
    with transaction():
        scenario = session.get(RehearsalScenario, scenario_id)
        if scenario is None:
            raise NotFound(_("Scenario %(id)s does not exist.", id=scenario_id))
        admin_trail.record(AdminAction.SCENARIO_DELETED, actor=actor, subject=f"{scenario.process_key}: "
                           f"{scenario.name}", region_code=scenario.base_region_code)
        session.delete(scenario)


def rerun_scenarios(deployed: Sequence[engine.ProcessDefinition], *, locale: str = "zh") -> list[ScenarioCheck]:
    """Each saved scenario of the processes just deployed, on the version before (or as saved, for a
    first version) and on the new one: which take another path now. Reads only; never refuses."""
    checks = []
    for definition in deployed:
        if engine.is_decision(definition):
            continue
        before = engine.version(definition.key, definition.version - 1) if definition.version > 1 else None
        for scenario in scenarios([definition.key]):
            region = regions.get(scenario.base_region_code)
            if region is None:
                continue
            old = _rerun(before, region, scenario.choices) if before else scenario.path
            new = _rerun(definition, region, scenario.choices)
            checks.append(ScenarioCheck(definition.key, scenario.name, _route(old) != _route(new),
                                        path_lines(old, locale=locale), path_lines(new, locale=locale)))
    return checks


def regions_below(code: str) -> list[Region]:
    """The regions one level below `code`, or below the root of the tree for no (or an unknown) code."""
    parent = regions.get(code) if code.isdecimal() and len(code) <= 12 else None
    parent = parent or regions.root()
    if parent is None:
        return []
    return list(session.scalars(select(Region).where(Region.parent_code == parent.code).order_by(Region.code)))


def _rerun(definition: engine.ProcessDefinition, region: Region,
           choices: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A scenario's path on a deployed version. The deploy it reports on is already done, so a failure
    here is shown as the scenario's outcome rather than raised."""
    try:
        return _run(_deployed(definition), region, choices).path()
    except Exception as error:  # the deploy is done: reported, not raised
        _log.exception("scenario rehearsal failed on %s v%s", definition.key, definition.version)
        return {"steps": [], "stopped": "error", "error": str(getattr(error, "message", error))}


def path_lines(path: Mapping[str, Any], *, locale: str) -> list[str]:
    """A path as people read it: each step with the decision taken, then how it ended."""
    lines = [f"{step['name']}: {decision_label(step.get('form_key'), step['decision'], locale=locale)}"
             if step.get("decision") else str(step["name"]) for step in path.get("steps", [])]
    return [*lines, str(stop_message(path))]


def stop_message(path: Mapping[str, Any]) -> str:
    stopped, waiting = path.get("stopped"), path.get("waiting_at") or {}
    if stopped == "finished":
        return str(_("Ends: %(outcome)s", outcome=named(OUTCOMES, path.get("outcome")) or "—"))
    if stopped == "waiting":
        return str(_("Waiting at %(task)s (%(id)s): choose a decision for it.", task=waiting.get("name"),
                     id=waiting.get("bpmn_id")))
    if stopped == "cut":
        return str(_("Stopped after %(count)s steps: the chosen decisions go round a loop of the diagram; "
                     "choose another decision for a task that repeats.", count=engine_rehearsal.MAX_STEPS))
    if stopped == "stuck":
        return str(_("The case would stop here: no task is open and nothing is waiting; check the last "
                     "element's outgoing flows."))
    return str(_("The process could not go on: %(error)s", error=path.get("error") or ""))


def form_title(form_key: str | None) -> str | None:
    catalog = taskforms.catalog()
    form = catalog.get(form_key) if form_key and catalog.exists(form_key) else None
    title = form.schema.get("title") if form else None
    return str(title) if title else form_key


def decision_label(form_key: str | None, value: str | None, *, locale: str) -> str:
    if value in (None, engine_rehearsal.DONE):
        return str(_("send the form"))
    if value == engine_rehearsal.WAIT:
        return str(_("let the time limit pass"))
    return taskforms.decision_label(form_key, value, locale=locale)


def _run(version: Version, region: Region, choices: Mapping[str, Sequence[str]],
         points: list[engine_rehearsal.DecisionPoint] | None = None) -> Tried:
    start = synthetic.form_data(version.start_form_key, None, region=region.code)
    result = engine_rehearsal.rehearse(
        version.spec_json, start, choices, options=synthetic.decision_options, start=now_utc(),
        fill=lambda form_key, decision: synthetic.form_data(form_key, decision, region=region.code))
    points = points if points is not None else []
    return Tried(version, region, points, {k: list(v) for k, v in choices.items()}, result,
                 _flows(version.files, result.transitions))


def _route(path: Mapping[str, Any]) -> list[Any]:
    steps = [(s.get("bpmn_id"), s.get("decision")) for s in path.get("steps", [])]
    return [steps, path.get("outcome"), path.get("stopped"), (path.get("waiting_at") or {}).get("bpmn_id")]


def _deployed(definition: engine.ProcessDefinition) -> Version:
    return Version(definition.key, definition.name, definition.spec_json, dict(definition.sources),
                   definition.start_form_key)


def _version_of(parsed: Mapping[str, engine.ParsedProcess], edited: Mapping[str, bytes], wanted: Any) -> Version:
    declared = {pid for name, content in edited.items() for pid in engine.declared_ids(content, name)}
    runnable = [p for p in parsed.values() if not p.spec_json.startswith(f'{{"{DECISION_MARK}"')]
    if wanted is not None:
        runnable = [p for p in runnable if p.key == wanted]
    if not runnable:
        raise Invalid(_("These files hold no process that a case runs through; nothing to rehearse."))
    chosen = min(runnable, key=lambda p: (not p.startable, p.key not in declared, p.key))
    return Version(chosen.key, chosen.name, chosen.spec_json, chosen.files, chosen.start_form_key)


def _region(code: Any) -> Region:
    region = regions.get(code) if isinstance(code, str) and code.isdecimal() and len(code) <= 12 else None
    if region is None:
        raise Invalid(_("Choose the region where the rehearsed case is based; nothing was run."),
                      field_errors={"region": [_("No region has the code %(code)s.", code=str(code)[:20])]})
    return region


def _checked_choices(given: Any, points: list[engine_rehearsal.DecisionPoint]) -> dict[str, list[str]]:
    """The decisions chosen per task: each task exists and offers each decision; blanks are left out."""
    if given is None:
        given = {}
    if not isinstance(given, dict) or len(given) > len(points):
        raise Invalid(_("Send the decisions as an object: task id -> decision."),
                      field_errors={"choices": [_("Send the decisions as an object: task id -> decision.")]})
    tasks = {point.key: point for point in points}
    checked: dict[str, list[str]] = {}
    problems = []
    for bpmn_id, value in given.items():
        values = [value] if isinstance(value, str) else value
        point = tasks.get(bpmn_id)
        if point is None:
            problems.append(_("The process has no task %(id)s.", id=str(bpmn_id)[:60]))
            continue
        if not isinstance(values, list) or len(values) > MAX_CHOICES or \
                any(not isinstance(v, str) or v not in point.options for v in values if v != ""):
            problems.append(_("%(task)s (%(id)s) offers only: %(options)s.", task=point.name, id=point.bpmn_id,
                              options=", ".join(point.options)))
            continue
        if [v for v in values if v]:
            checked[bpmn_id] = [v for v in values if v]
    if problems:
        raise Invalid(_("A decision chosen is not one the task offers; nothing was run."),
                      field_errors={"choices": problems})
    return checked


def _flows(files: Mapping[str, str], transitions: Sequence[tuple[str, str]]) -> list[str]:
    """The ids of the sequence flows between the elements the case went from and to."""
    wanted = set(transitions)
    flows = []
    for name, text in sorted(files.items()):
        if not name.endswith(".bpmn"):
            continue
        for flow in safety.parse_xml(text.encode("utf-8"), name).iter(f"{{{safety.BPMN_NS}}}sequenceFlow"):
            if (flow.get("sourceRef"), flow.get("targetRef")) in wanted and flow.get("id"):
                flows.append(str(flow.get("id")))
    return flows
