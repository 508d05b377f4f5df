"""Applications: the creation unit files, drafts and submits; officials read within jurisdiction."""

from __future__ import annotations

from typing import Any

from flask import request

from webapp import engine
from webapp.api import actor, documented, json_body
from webapp.api.schemas import application_json
from webapp.applications import queries, services
from webapp.errors import Invalid
from webapp.i18n import _


def _json(application: Any) -> dict[str, Any]:
    waiting = engine.open_tasks(application.instance_id) if application.instance_id else []
    return application_json(application, waiting)


@documented("Applications: the unit's own, or those within an official's jurisdiction",
            response="ApplicationList")
def list_applications() -> Any:
    return {"items": [_json(a) for a in queries.applications_for(actor())]}


@documented("File an application: submit it (starts the recommendation process) or save a draft",
            body="ApplicationRequest", response="Application", status=201)
def create_application() -> Any:
    body = json_body()
    data, submit = _form(body), body.get("submit", True)
    save = services.submit if submit else services.save_draft
    application = save(data, actor=actor())
    return _json(application), 201


@documented("One application, with the tasks it waits for", response="Application")
def get_application(application_id: int) -> Any:
    return _json(queries.application_for(application_id, actor()))


@documented("Update a draft", body="ApplicationRequest", response="Application")
def update_draft(application_id: int) -> Any:
    return _json(services.save_draft(_form(json_body()), actor=actor(), application_id=application_id))


@documented("Submit a draft (with its stored data, or the data sent)", body="ApplicationRequest",
            response="Application")
def submit_draft(application_id: int) -> Any:
    body = json_body() if _has_body() else {}
    data = _form(body) if "data" in body else queries.application_for(application_id, actor()).data
    return _json(services.submit(data, actor=actor(), application_id=application_id))


def _form(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if not isinstance(data, dict):
        raise Invalid(_("Send the application form as `data`."), field_errors={"data": [_("Expected an object.")]})
    return data


def _has_body() -> bool:
    return bool(request.get_data())
