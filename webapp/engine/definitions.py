"""Deploying process definitions: validate a set of BPMN/DMN files, store immutable versions.

A definition is one executable process plus every file it needs (the processes it calls and the
DMN tables they use). Deploying identical files again creates no new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from sqlalchemy import func, select

from webapp.auth.roles import APPLICANT
from webapp.db import session
from webapp.engine import flowcheck, migration, quorum, safety, serializer, timers
from webapp.engine.models import ProcessDefinition
from webapp.engine.parser import CAMUNDA_MODEL_NS, BrandcertParser
from webapp.engine.safety import BPMN_NS
from webapp.errors import DefinitionProblem, NotFound, ProcessDefinitionError
from webapp.i18n import N_, _
from webapp.regions import queries as regions

_spec_cache: dict[str, str] = {}
DECISION_MARK = "brandcert_decision"
"""The key of a standalone decision's spec_json, `{"brandcert_decision": <decision id>}`."""


@dataclass(frozen=True)
class ParsedProcess:
    key: str
    name: str
    files: dict[str, str]
    spec_json: str
    startable: bool
    start_form_key: str | None
    warnings: tuple[str, ...] = ()
    """What deploys but may not do what the designer meant (flowcheck), in each reader's language
    through `errors.problem_text`; never part of the version's identity."""

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name].encode() + b"\0")
        return digest.hexdigest()


def parse(files: Mapping[str, bytes], *, form_exists: Callable[[str], bool],
          decision_options: flowcheck.DecisionOptions | None = None) -> dict[str, ParsedProcess]:
    """Validate and parse a set of files; ProcessDefinitionError lists every problem found. With
    `decision_options` (form key -> its decision's choices) the flows of every choice are checked too."""
    try:
        roots = [(name, safety.parse_xml(content, name)) for name, content in sorted(files.items())]
        safety.check_files(roots)
    except safety.UnsafeDefinition as error:
        raise ProcessDefinitionError(error.problems) from None
    parser = BrandcertParser(validator=BpmnValidator())
    try:
        for name, root in roots:
            if root.tag.endswith("}definitions") and "DMN" in root.tag:
                parser.add_dmn_xml(root, filename=name)
            else:
                parser.add_bpmn_xml(root, filename=name)
        keys = _executable_ids(parser)
        called = _called_from_a_level([parser.get_spec(key) for key in keys])
        processes = {key: _parsed(parser, key, files, form_exists, called) for key in keys}
        if decision_options is not None:
            processes = flowcheck.checked(parser, processes, decision_options)
        used = {name for process in processes.values() for name in process.files}
        return {**processes, **_standalone_decisions(parser, files, used)}
    except ValidationException as error:
        raise ProcessDefinitionError([_describe(error)]) from None
    except ProcessDefinitionError:
        raise
    except Exception as error:  # SpiffWorkflow reports many problems as plain exceptions
        raise ProcessDefinitionError([f"the diagram could not be parsed: {error}"]) from None


def _describe(error: ValidationException) -> str:
    """`file line N: element: message`, with namespaces shortened to their usual prefixes."""
    message = str(error.args[0] if error.args else error)
    message = message.replace(f"{{{BPMN_NS}}}", "bpmn:").replace(f"{{{CAMUNDA_MODEL_NS}}}", "camunda:")
    message = message.split(" Expected is ")[0]
    location = str(error.file_name or "") + (f" line {error.line_number}" if error.line_number else "")
    return ": ".join(part for part in (location.strip(), str(error.id or ""), message.strip()) if part)


def _executable_ids(parser: BrandcertParser) -> list[str]:
    return [pid for pid in parser.get_process_ids() if parser.get_process_parser(pid).process_executable]


def _called_from_a_level(specs: list[Any]) -> set[str]:
    """Processes that a call activity in a level's lane runs: their tasks take that lane."""
    levels = {level.key for level in regions.all_levels()}
    return {task_spec.spec for spec in specs for task_spec in spec.task_specs.values()
            if isinstance(task_spec, SubWorkflowTask) and getattr(task_spec, "lane", None) in levels}


def _parsed(parser: BrandcertParser, key: str, files: Mapping[str, bytes],
            form_exists: Callable[[str], bool], called: set[str]) -> ParsedProcess:
    spec = parser.get_spec(key)
    subprocess_specs = parser.get_subprocess_specs(key)
    all_specs = [spec, *subprocess_specs.values()]
    _check_human_tasks(all_specs, form_exists, called | _called_from_a_level(all_specs))
    panel_problems = quorum.problems(all_specs)  # a panel's completion condition (法定人数)
    if panel_problems:
        raise ProcessDefinitionError(panel_problems)
    process_node = parser.get_process_parser(key).node
    needed = {parser.get_process_parser(pid).filename for pid in (key, *subprocess_specs)}
    for node_parser in [parser.get_process_parser(pid) for pid in (key, *subprocess_specs)]:
        for ref in node_parser.node.xpath(".//@camunda:decisionRef", namespaces={"camunda": CAMUNDA_MODEL_NS}):
            needed.add(parser.dmn_parsers[str(ref)].filename)
    start_forms = [s.extensions.get("form_key") for s in spec.task_specs.values()
                   if type(s).__name__ == "StartEvent" and getattr(s, "extensions", None)]
    return ParsedProcess(
        key=key,
        name=process_node.get("name") or key,
        files={name: files[name].decode("utf-8") for name in sorted(needed)},
        spec_json=serializer.spec_to_json(spec, subprocess_specs),
        startable=process_node.get(f"{{{CAMUNDA_MODEL_NS}}}isStartableInTasklist") != "false",
        start_form_key=next((f for f in start_forms if f), None),
    )


def _standalone_decisions(parser: BrandcertParser, files: Mapping[str, bytes],
                          used: set[str]) -> dict[str, ParsedProcess]:
    """DMN files no process uses (award rules the app evaluates itself): each is deployed on its
    own, keyed by its decision id, so administrators edit and version it like a process."""
    decisions = {}
    for decision_id, dmn_parser in parser.dmn_parsers.items():
        if dmn_parser.filename in used:
            continue
        dmn_parser.parse()  # one decision with one table, or a ValidationException naming the file
        decisions[decision_id] = ParsedProcess(
            key=decision_id, name=dmn_parser.get_name() or decision_id,
            files={dmn_parser.filename: files[dmn_parser.filename].decode("utf-8")},
            spec_json=json.dumps({DECISION_MARK: decision_id}), startable=False, start_form_key=None)
    return decisions


def is_decision(definition: ProcessDefinition) -> bool:
    """A standalone decision rather than a process (no cases run on it)."""
    return definition.spec_json.startswith(f'{{"{DECISION_MARK}"')


def _check_human_tasks(specs: list[Any], form_exists: Callable[[str], bool], called_from_level: set[str]) -> None:
    """Every user task has one role and an existing form, and a lane naming a level of the region
    tree (a task of a called process takes the lane of the call activity that runs it)."""
    problems = []
    levels = {level.key for level in regions.all_levels()}
    for spec in specs:
        for task_spec in spec.task_specs.values():
            extensions = getattr(task_spec, "extensions", None) or {}
            where = f"{spec.file}: {task_spec.bpmn_id}" if getattr(task_spec, "bpmn_id", None) else None
            if where is None:
                continue
            element = {"file": spec.file, "element": _label(task_spec)}
            lane = getattr(task_spec, "lane", None)
            if task_spec.manual and not isinstance(task_spec, SubWorkflowTask):
                groups = extensions.get("candidate_groups") or []
                if len(groups) != 1:
                    problems.append(f"{where}: a user task needs exactly one candidate group (camunda:candidateGroups)")
                if not extensions.get("form_key"):
                    problems.append(f"{where}: a user task needs a form (camunda:formKey)")
                problems += [f"{where}: {problem}" for problem in timers.period_problems(
                    extensions.get("properties") or {})]
                problems += _lane_problems(element, lane, groups, levels, inherited=spec.name in called_from_level)
            elif isinstance(task_spec, SubWorkflowTask) and lane is not None:
                problems += _lane_problems(element, lane, [], levels, inherited=True)
            form_key = extensions.get("form_key")
            if form_key and not form_exists(form_key):
                problems.append(DefinitionProblem(N_(
                    "%(file)s: %(element)s: form '%(form)s' does not exist; create it in the form editor first, "
                    "or use the key of an existing form"), **element, form=form_key))
    if problems:
        raise ProcessDefinitionError(problems)


def _label(task_spec: Any) -> str:
    name = " ".join(str(getattr(task_spec, "bpmn_name", None) or "").split())
    return f"{name} ({task_spec.bpmn_id})" if name else str(task_spec.bpmn_id)


def _lane_problems(element: dict[str, str], lane: str | None, groups: list[str], levels: set[str], *,
                   inherited: bool) -> list[str]:
    if lane is None:
        return [] if inherited else [DefinitionProblem(N_(
            "%(file)s: %(element)s: the user task sits in no lane; put it in the lane of the level that works on it "
            "(%(levels)s)"), **element, levels=_levels_named())]
    if lane == APPLICANT and groups == [APPLICANT]:
        return []
    if lane not in levels:
        return [DefinitionProblem(N_("%(file)s: %(element)s: lane '%(lane)s' is not a level of the region tree "
                                     "(%(levels)s); name the lane after one of these levels"),
                                  **element, lane=lane, levels=_levels_named())]
    return []


def _levels_named() -> str:
    return ", ".join(f"{level.key} ({level.name_zh})" for level in regions.all_levels())


def deploy(files: Mapping[str, bytes], *, form_exists: Callable[[str], bool],
           actor_id: int | None = None) -> list[ProcessDefinition]:
    """Step: store a new version of every process in `files` whose sources changed."""
    return store(parse(files, form_exists=form_exists).values(), actor_id=actor_id)


def store(parsed_processes: Iterable[ParsedProcess], *, actor_id: int | None = None) -> list[ProcessDefinition]:
    """Step: store parsed processes as new versions, skipping those identical to their newest version."""
    deployed = []
    for parsed in parsed_processes:
        current = latest(parsed.key)
        if current is not None and current.sha256 == parsed.sha256:
            continue
        version = (session.scalar(select(func.max(ProcessDefinition.version))
                                  .where(ProcessDefinition.key == parsed.key)) or 0) + 1
        definition = ProcessDefinition(
            key=parsed.key, version=version, name=parsed.name, sha256=parsed.sha256, sources=parsed.files,
            spec_json=parsed.spec_json, startable=parsed.startable, start_form_key=parsed.start_form_key,
            deployed_by_id=actor_id,
        )
        session.add(definition)
        deployed.append(definition)
    session.flush()
    return deployed


def read_directory(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.suffix in (".bpmn", ".dmn")}


def latest(key: str) -> ProcessDefinition | None:
    return session.scalars(
        select(ProcessDefinition).where(ProcessDefinition.key == key).order_by(ProcessDefinition.version.desc())
    ).first()


def latest_or_fail(key: str) -> ProcessDefinition:
    definition = latest(key)
    if definition is None:
        raise NotFound(_("No process %(key)s is deployed; run `brandcert init`.", key=key))
    return definition


def spec_json(definition: ProcessDefinition) -> str:
    """The definition's spec, cached by the hash of its sources (a definition never changes)."""
    cached = _spec_cache.get(definition.sha256)
    if cached is None:
        cached = definition.spec_json
        json.loads(cached)  # fail here, not halfway through an action, if the row is damaged
        _spec_cache[definition.sha256] = cached
    return cached


def versions(key: str) -> list[ProcessDefinition]:
    """Every version of a process, newest first."""
    return list(session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                .order_by(ProcessDefinition.version.desc())))


def version(key: str, number: int) -> ProcessDefinition:
    found = session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                            ProcessDefinition.version == number)).first()
    if found is None:
        raise NotFound(_("Process %(key)s has no version %(version)s.", key=key, version=number))
    return found


def changes_between(old: ProcessDefinition, new: ProcessDefinition) -> list[migration.ElementChange]:
    if is_decision(old) or is_decision(new):
        return []  # a decision has no elements to compare; the editor shows its rules
    return migration.compare(spec_json(old), spec_json(new))


def workspace() -> dict[str, str]:
    """The files every process's newest version was deployed from, by name: what the editor opens
    and what a deploy of one edited file is checked and deployed with."""
    newest = session.scalars(select(ProcessDefinition).where(ProcessDefinition.id.in_(
        select(func.max(ProcessDefinition.id)).group_by(ProcessDefinition.key))).order_by(ProcessDefinition.id))
    files: dict[str, str] = {}
    for definition in newest:
        files.update(definition.sources)
    return files


def declared_ids(content: bytes, name: str) -> set[str]:
    """The process and decision ids a file declares (none when it cannot be read safely)."""
    return set(declared_names(content, name))


def declared_names(content: bytes, name: str) -> dict[str, str]:
    """The processes and decisions a file declares, id -> the name the diagram gives it ("" when it
    gives none); none when the file cannot be read safely."""
    try:
        root = safety.parse_xml(content, name)
    except safety.UnsafeDefinition:
        return {}
    return {str(element.get("id")): str(element.get("name") or "") for element in root.iter()
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in ("process", "decision")
            and element.get("id")}
