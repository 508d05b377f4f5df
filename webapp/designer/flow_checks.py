"""The flow checks that need more than the diagram: the choices each form offers (handed to the
engine's own checks, engine/flowcheck.py, which may not read forms) and who holds the roles a diagram
names (the database).

A role nobody holds, or only deactivated people, is a warning: the version deploys, since roles are
often granted after the process is drawn, but its tasks would wait in no inbox until then. A role that
brandcert does not name (auth/roles.py) and that nobody has ever been granted is refused: it is almost
always a misspelling (`offical`), and a diagram may name a new role once someone holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlalchemy import select

from webapp import engine, taskforms
from webapp.applications.pages import locale
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import NAMED_ROLES
from webapp.db import session
from webapp.engine.staffing_facts import HumanStep, human_steps
from webapp.errors import DefinitionProblem, ProcessDefinitionError, problem_text
from webapp.i18n import N_
from webapp.vocabulary import ROLES, named

UNKNOWN_ROLE = N_("%(file)s: %(task)s: nobody holds the role '%(role)s' and brandcert does not know it (it knows "
                  "%(known)s). Correct the candidate group (camunda:candidateGroups), or first grant the role to "
                  "the people who should do this task.")
NOBODY_HOLDS = N_("%(file)s: %(task)s: no active user holds the role '%(role)s' (%(role_name)s) anywhere, so this "
                  "task would wait in nobody's inbox. Grant the role to the people who should do it before cases "
                  "reach it.")


def decision_options(form_key: str) -> dict[str, str] | None:
    """The choices of a form's `decision` field, value -> label as the reader sees it."""
    return taskforms.decision_choices(form_key, locale=locale()) or None


def roles_checked(parsed: Mapping[str, engine.ParsedProcess]) -> dict[str, engine.ParsedProcess]:
    """The processes with a warning for each role nobody active holds; ProcessDefinitionError for
    roles nobody knows."""
    granted = set(session.scalars(select(RoleGrant.role).distinct()))
    held = set(session.scalars(select(RoleGrant.role).join(User, User.id == RoleGrant.user_id)
                               .where(User.active.is_(True)).distinct()))
    refused: list[str] = []
    checked = {}
    for key, process in parsed.items():
        warnings = []
        for step in _steps(process):
            where = {"file": _file_of(process, step.process_id), "task": f"{step.name} ({step.bpmn_id})",
                     "role": step.role}
            if step.role not in NAMED_ROLES and step.role not in granted:
                refused.append(DefinitionProblem(UNKNOWN_ROLE, **where, known=", ".join(sorted(NAMED_ROLES))))
            elif step.role not in held:
                warnings.append(DefinitionProblem(NOBODY_HOLDS, **where, role_name=named(ROLES, step.role)))
        checked[key] = replace(process, warnings=(*process.warnings, *warnings))
    if refused:
        raise ProcessDefinitionError(list(dict.fromkeys(refused)))
    return checked


def warnings_of(parsed: Mapping[str, engine.ParsedProcess]) -> list[str]:
    """Every warning once, in the reader's language."""
    return list(dict.fromkeys(problem_text(warning) for process in parsed.values() for warning in process.warnings))


def _steps(process: engine.ParsedProcess) -> list[HumanStep]:
    """Each human task once (a called process's tasks run in several lanes)."""
    return list({(s.process_id, s.bpmn_id, s.role): s for s in human_steps(process.spec_json)}.values())


def _file_of(process: engine.ParsedProcess, process_id: str) -> str:
    return next((name for name, text in process.files.items()
                 if process_id in engine.declared_ids(text.encode("utf-8"), name)), process.key)
