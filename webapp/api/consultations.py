"""加签 (consultation): the holder of a task asks colleagues for their opinion; they answer; whoever may
see the task reads the opinions. The task never leaves its holder."""

from __future__ import annotations

from typing import Any

from flask import request

from webapp.api import actor, documented, json_body
from webapp.auth.models import User
from webapp.desk import consulting, opinions
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.paging import page_number
from webapp.review import acting


@documented("Ask (加签) 1 to 10 people for their opinion on a task you may act on; they are told and may read "
            "the case, the task stays yours", body="ConsultationRequest", response="Consultations", status=201)
def ask_opinion(task_id: int) -> Any:
    body = json_body()
    done = consulting.ask_opinion(task_id, body.get("usernames"), body.get("question"), actor=actor())
    asked = {item.consultation.id: item for item in opinions.on_task(task_id)}
    return {"task_id": task_id, "asked": [consultation_json(asked[row.id]) for row in done.consultations],
            "already_asked": [_person(user) for user in done.already]}, 201


@documented("The opinions asked on a task, for whoever may see the task", response="ConsultationList")
def list_task_consultations(task_id: int) -> Any:
    acting.task_for(task_id, actor())
    return {"items": [consultation_json(item) for item in opinions.on_task(task_id)]}


@documented("The requests for an opinion addressed to me: those waiting for my answer first, "
            "50 a page (the installation's BRANDCERT_PAGE_SIZE)",
            response="ConsultationPage", query=("page",))
def list_my_consultations() -> Any:
    number = page_number(request.args.get("page"))
    if number is None:
        raise Invalid(_("The filters have errors; nothing is listed."),
                      field_errors={"page": [_("Pages are numbered from 1.")]})
    page = opinions.mine(actor(), number, past_end=True)
    return {"items": [consultation_json(item) for item in page.rows], "page": page.number, "has_next": page.has_next,
            "total": page.total}


@documented("Give my opinion on a request addressed to me, once, while the task waits for its decision",
            body="OpinionRequest", response="Consultation")
def give_opinion(consultation_id: int) -> Any:
    consulting.give_opinion(consultation_id, json_body().get("opinion"), actor=actor())
    return consultation_json(opinions.addressed_to(consultation_id, actor()))


def consultation_json(item: opinions.Opinion) -> dict[str, Any]:
    row = item.consultation
    return {"id": row.id, "task_id": row.task_id, "instance_id": row.instance_id, "brand": item.instance.title,
            "task_name": item.task.name, "task_name_en": item.task.name_en, "level": item.task.lane,
            "asked_by": _person(item.asked_by), "consultant": _person(item.consultant), "question": row.question,
            "opinion": row.opinion, "state": item.state, "created_at": row.created_at.isoformat(),
            "answered_at": row.answered_at.isoformat() if row.answered_at else None}


def _person(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}
