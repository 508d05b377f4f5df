"""The access-control sweep: every route of the web UI and of the API, every method, tried by people of
other provinces in every role (and by nobody), on a 岐山 brand's records: its application and attachment,
its cases and tasks, its certificates (one signed, one not yet), its spot check campaign, re-issue batch,
audit trail and diagram. They get 403 or 404 (anonymous: 401 on the API, the sign-in page on the web),
no answer shows the target's data, and no act of theirs changes anything. Inside the province a few
boundaries hold too: auditors act on nothing, another unit or county sees nothing, and an expert who
was not picked cannot open the expert task. The table below classifies every route; a route it does
not know fails the first test, so that new routes get swept too."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tests import walk
from tests.api_client import application_form
from tests.security import sweep_world
from tests.security.sweep import (
    NATIONAL,
    PUBLIC,
    SELF,
    TARGET,
    Route,
    Try,
    Visitor,
    anonymous,
    calls,
    outsider,
    sweep_each,
)
from tests.security.sweep_world import World
from tests.spotcheck import steps
from webapp.applications.models import CreationUnit
from webapp.auth.models import ApiToken, Substitution, User
from webapp.db import session, transaction
from webapp.demo.data import PASSWORD
from webapp.desk import consulting, substitutes
from webapp.notifications.models import Message
from webapp.people.services import create_user
from webapp.review.models import Consultation
from webapp.workdays import calendar

NOT_A_PDF = b"%PDF-1.4\n% not a certificate\n%%EOF\n"


def _reason() -> dict[str, str]:
    return {"reason": "越权尝试提出退出。"}


def _task_form(world: World, task_id: int) -> dict[str, Any]:
    """What the task's own form accepts, so that only the visitor's rights can stop the request."""
    if task_id == world.spot_check_task_id:
        return {"method": "field", "inspector": world.users[steps.INSPECTOR]}
    if task_id == world.exit_task_id:
        return {"decision": "keep", "comment": "越权决定保留。"}
    return {"expert_review": walk.POOR_SCORES}


def _tasks(world: World, *, web: bool = False, api_body: bool = False) -> list[Try]:
    ids = (world.spot_check_task_id, world.exit_task_id, world.expert_task_id)

    def body(task_id: int) -> Any:
        if web:
            return lambda: _flat(_task_form(world, task_id))
        return (lambda: {"data": _task_form(world, task_id)}) if api_body else None

    return [Try({"task_id": i}, body=body(i), reader="qishan.official") for i in ids]


def _flat(form: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A form's values as the task page posts them (a group's fields as `group__field`)."""
    flat: dict[str, str] = {}
    for key, value in form.items():
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}__")
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def _copies(world: World, body: Any) -> list[Try]:
    """Copying a decision of the target's cases to someone inside them: only its reviewer may."""
    return [Try({"task_id": i}, body=body) for i in (world.spot_check_task_id, world.exit_task_id,
                                                     world.expert_task_id)]


CONSULTANT = "qishan.expert2"


def _consultation(world: World, body: Any = None) -> list[Try]:
    """A request for an opinion (加签) on the target's spot check task, asked of a county expert by its holder:
    only he opens or answers it. Asked once per world, through the command itself."""
    found = session.scalar(select(Consultation.id).where(Consultation.task_id == world.spot_check_task_id))
    if found is None:
        holder = session.scalars(select(User).where(User.username == "qishan.official")).one()
        found = consulting.ask_opinion(world.spot_check_task_id, [CONSULTANT], "抽查方式选哪种？",
                                       actor=holder).consultations[0].id
    session.remove()
    return [Try({"consultation_id": found}, body=body, reader=CONSULTANT)]


def _substitution(world: World) -> list[Try]:
    """代理 set by a county expert for a later leave (not in force during the sweep): only he or an
    administrator of his region cancels it. Set once per world, through the command itself."""
    expert = session.scalars(select(User).where(User.username == "qishan.expert1")).one()
    found = session.scalar(select(Substitution.id).where(Substitution.principal_id == expert.id))
    if found is None:
        found = substitutes.set_substitute(expert.id, "qishan.expert3", *_leave(30), "年休假", actor=expert).id
    session.remove()
    return [Try({"substitution_id": found})]


def _leave(starts_in: int = 1) -> tuple[str, str]:
    start = calendar.today() + timedelta(days=starts_in)
    return start.isoformat(), (start + timedelta(days=5)).isoformat()


def _aimed_substitute() -> dict[str, str]:
    """Naming the target county's official as one's substitute: refused, he could not act for them."""
    starts, ends = _leave()
    return {"substitute": "qishan.official", "starts_on": starts, "ends_on": ends, "reason": "越权代理"}


def _target_user(world: World, *, web: bool = False) -> list[Try]:
    """The target county's official, whose substitutes only he and his administrators set."""
    starts, ends = _leave()
    return [Try({"user_id": world.users["qishan.official"]}, reader="admin", body=lambda: {
        "substitute": "qishan.expert3" if web else walk.APPLICANT, "starts_on": starts, "ends_on": ends,
        "reason": "越权代理"})]


def _batches(world: World, *, web: bool = False) -> list[Try]:
    """批量办理 of the target's tasks: each is refused on its own; the answer (200) names none of them."""
    ids = [world.spot_check_task_id, world.exit_task_id, world.expert_task_id]
    if web:
        return [Try(body=lambda i=i, action=action: {"action": action, "task_ids": str(i), "decision": "keep",
                                                      "comment": "越权批量办理。"})
                for i in ids for action in ("claim", "complete")]
    return [Try(body=lambda action=action: {"action": action, "task_ids": ids, "decision": "keep",
                                            "comment": "越权批量办理。"}) for action in ("claim", "complete")]


def _instances(world: World) -> list[Try]:
    return [Try({"instance_id": i}, reader="qishan.official")
            for i in (world.instance_id, world.spot_check_instance_id, world.exit_instance_id)]


def _brands(world: World, body: Any = None) -> list[Try]:
    return [Try({"brand_id": world.brand_id}, body=body, reader=walk.APPLICANT),
            Try({"brand_id": world.pending_brand_id}, body=body, reader=walk.APPLICANT)]


def _applications(world: World, body: Any = None) -> list[Try]:
    return [Try({"application_id": world.application_id}, body=body, reader=walk.APPLICANT),
            Try({"application_id": world.draft_id}, body=body, reader=walk.APPLICANT)]


def _attachment(world: World) -> list[Try]:
    return [Try({"attachment_id": world.attachment_id}, reader=walk.APPLICANT)]


def _certificates(world: World) -> list[Try]:
    return [Try({"number": world.certificate["number"]}, reader=walk.APPLICANT),
            Try({"number": world.pending_number}, reader=walk.APPLICANT, reads_as=404)]  # not issued: nobody


def _verifications(world: World) -> list[Try]:
    """Without the code printed on the certificate a number says nothing, issued or not."""
    return [Try({"number": world.certificate["number"]}), Try({"number": world.pending_number}),
            Try({"number": world.pending_number, "t": "AAAA-BBBB"})]


def _aimed_application() -> dict[str, Any]:
    return {"data": application_form(brand_name=sweep_world.BRAND_A), "submit": True}


def _target_token(world: World, **values: Any) -> list[Try]:
    """A token of the target county's official: outsiders neither list nor revoke it."""
    owner = world.users["qishan.official"]
    token_id = session.scalar(select(ApiToken.id).where(ApiToken.user_id == owner).order_by(ApiToken.id))
    return [Try({"token_id": token_id, **values})]


def _target_message(world: World) -> list[Try]:
    """A message to the target county's official: outsiders neither open nor mark it."""
    owner = world.users["qishan.official"]
    message_id = session.scalar(select(Message.id).where(Message.recipient_id == owner).order_by(Message.id))
    assert message_id is not None, "the world told qishan.official nothing"
    return [Try({"message_id": message_id})]


def _one(values: dict[str, Any] | None = None, body: Any = None, **kwargs: Any) -> Any:
    return lambda world: [Try(values or {}, body=body, **kwargs)]


ROUTES: dict[str, Route] = {
    # --- public by design: checked for what they must not show --------------------------------------
    "static": Route(PUBLIC, _one({"filename": "brandcert.css"})),
    "web.static": Route(PUBLIC, _one({"filename": "css/brandcert.css"})),
    "web.language": Route(PUBLIC, _one({"code": "en"})),
    "auth.login": Route(PUBLIC, _one(body=lambda: {"username": "sweep.nobody", "password": "wrong"})),
    "auth.logout": Route(PUBLIC),
    "account.sign_out_everywhere": Route(PUBLIC),  # a sign-out: signed-in visitors skip it, as they skip logout
    "ops.health": Route(PUBLIC),
    "certificates.verify_form": Route(PUBLIC),
    "certificates.verify_number": Route(PUBLIC, _verifications),
    "certificates.verify_upload": Route(PUBLIC, _one(body=lambda: {"file": (io.BytesIO(NOT_A_PDF), "c.pdf")})),
    "api.verify_certificate": Route(PUBLIC, _verifications),
    "api.verify_certificate_file": Route(PUBLIC, _one(body=lambda: {"file": (io.BytesIO(NOT_A_PDF), "c.pdf")},
                                                      files=True)),
    "api.create_token": Route(PUBLIC, _one(body=lambda: {"username": "sweep.nobody", "password": "wrong"})),
    "api.openapi_document": Route(PUBLIC),
    "help.index": Route(PUBLIC),  # help holds nobody's data
    "help.guide": Route(PUBLIC, lambda w: [Try({"role": role}) for role in ("applicant", "official", "auditor")]),
    # --- signed in, on one's own jurisdiction: nothing of the target shows; aimed writes are refused ---
    "web.home": Route(SELF),
    "review.inbox": Route(SELF, lambda w: [Try(), Try({"brand": "岐山", "region": "610323"})]),
    "applications.index": Route(SELF),
    # The search finds only what the visitor may read: the target's brand, unit and certificate stay unnamed.
    "search.results": Route(SELF, lambda w: [Try(), Try({"q": sweep_world.BRAND_A}), Try({"q": "岐山"}),
                                             Try({"q": sweep_world.UNIT, "kind": "unit"}),
                                             Try({"q": w.certificate["number"]}),
                                             Try({"q": w.certificate["number"][:6], "kind": "certificate"})]),
    "applications.new": Route(SELF, _one(body=lambda: {"brand_name": sweep_world.BRAND_A, "action": "submit",
                                                       "base_region": "610323101900"}), aimed=True),
    "audit.audit_search": Route(SELF, lambda w: [Try(), Try({"region": "610323"}), Try({"kind": "cases"})]),
    "audit.audit_csv": Route(SELF, lambda w: [Try(), Try({"region": "610323"})]),
    "audit.administration": Route(SELF, lambda w: [Try(), Try({"action": "user_created"})]),
    "library.index": Route(SELF, lambda w: [Try(), Try({"region": "610323"}), Try({"q": "岐山", "status": "exited"})]),
    "library.request_export": Route(SELF, _one(body=lambda: {"format": "xlsx", "region": "610323"}), aimed=True),
    "dashboard.request_export": Route(SELF, _one(body=lambda: {"format": "xlsx", "region": "610323"}),
                                      aimed=True),
    # An export is its requester's alone; the world holds none, so everyone gets 404 (tests/library proves
    # that the requester downloads it and nobody else does).
    **{endpoint: Route(SELF, _one({"job_id": 1})) for endpoint in (
        "exports.export_job", "exports.export_status", "exports.export_file")},
    "exports.my_exports": Route(SELF),  # one's own exports: no one else's id in the URL
    "certificates.register_page": Route(SELF, lambda w: [Try(), Try({"authority": "610323"}),
                                                         Try({"q": "岐山", "status": "revoked", "year": "2026"})]),
    "dashboard.page": Route(SELF, lambda w: [Try(), Try({"region": "610323"}), Try({"year": "2025"})]),
    "dashboard.data": Route(SELF, lambda w: [Try(), Try({"region": "610323"}), Try({"region": "610300"})]),
    "audit.request_verification": Route(SELF),  # asks the worker to check every chain: no one's data
    "spotcheck.campaigns": Route(SELF, _one(body=lambda: {"region": "610323", "rate": "100"}), aimed=True),
    "people.users": Route(SELF, lambda w: [Try(), Try({"q": "qishan"})]),
    "admin.deliveries": Route(SELF, lambda w: [Try(), Try({"showing": "retrying"})]),
    # The world has no deliveries, so everyone gets 404 (tests/notifications/test_undelivered.py proves that
    # a province's administrator retries their own people's and not another province's).
    "admin.retry_delivery": Route(SELF, _one({"delivery_id": 1})),
    "people.new_user": Route(SELF, _one(body=lambda: {"username": "sweep.intruder", "password": "x" * 12,
                                                     "display_name": "越权", "role": "official",
                                                     "region": "610323"}),
                            aimed=True),
    "certificates.batches": Route(SELF, _one(body=lambda: {"region": "610323", "reason": "越权重签"}), aimed=True),
    "api.me": Route(SELF),
    "desk.consultations": Route(SELF, lambda w: [Try(), Try({"page": "2"})]),  # one's own requests (加签)
    "api.list_my_consultations": Route(SELF, lambda w: [Try(), Try({"page": "2"})]),
    # One's own messages and settings: no id of anyone else's in the URL. The settings are posted empty
    # (refused, 422), so that no visitor's own choices change the snapshot.
    "messages.index": Route(SELF, lambda w: [Try(), Try({"unread": "1", "kind": "task_arrived", "page": "2"})]),
    "messages.mark_all_read": Route(SELF),
    "messages.settings": Route(SELF),
    "api.list_messages": Route(SELF, lambda w: [Try(), Try({"unread": "true", "kind": "task_arrived"})]),
    "api.read_all_messages": Route(SELF),
    "api.get_notification_settings": Route(SELF),
    "api.put_notification_settings": Route(SELF),
    "account.token_list": Route(SELF),
    "api.list_tokens": Route(SELF, lambda w: [Try(), Try({"user": w.users["qishan.official"]})]),
    "api.list_tasks": Route(SELF, lambda w: [Try(), Try({"brand": "岐山", "region": "610323"})]),
    "api.list_applications": Route(SELF),
    "api.create_application": Route(SELF, _one(body=_aimed_application), aimed=True),
    "api.upload_attachment": Route(SELF, _one(body=lambda: {"file": (io.BytesIO(NOT_A_PDF), "own.pdf")},
                                              files=True)),  # one's own file, named by no application
    "api.start_campaign": Route(SELF, _one(body=lambda: {"region": "610323", "rate": 1.0}), aimed=True),
    "api.start_batch": Route(SELF, _one(body=lambda: {"region": "610323", "reason": "越权重签"}), aimed=True),
    "desk.batch_tasks": Route(SELF, lambda w: _batches(w, web=True)),
    "api.batch_tasks": Route(SELF, _batches),
    # --- the target's records ------------------------------------------------------------------------
    "applications.show": Route(TARGET, _applications),
    "applications.edit": Route(TARGET, lambda w: _applications(w, lambda: {"brand_name": "改名", "action": "draft"})),
    "applications.attachment": Route(TARGET, _attachment),
    "applications.print_application": Route(TARGET, _applications),
    "applications.receipt": Route(TARGET, lambda w: [
        Try({"application_id": w.application_id}, reader=walk.APPLICANT),
        Try({"application_id": w.draft_id}, reader=walk.APPLICANT, reads_as=404)]),  # a draft has no receipt
    "api.get_application": Route(TARGET, _applications),
    "api.update_draft": Route(TARGET, lambda w: _applications(w, lambda: {"data": {"brand_name": "改名"}})),
    "api.submit_draft": Route(TARGET, _applications),
    "api.download_attachment": Route(TARGET, _attachment),
    "web.brand": Route(TARGET, _brands),
    "exits.propose": Route(TARGET, lambda w: _brands(w, _reason)),
    "exits.withdraw": Route(TARGET, lambda w: _brands(w, _reason)),
    "api.get_brand": Route(TARGET, _brands),
    "api.propose_exit": Route(TARGET, lambda w: _brands(w, _reason)),
    "api.withdraw": Route(TARGET, lambda w: _brands(w, _reason)),
    "history.brand": Route(TARGET, lambda w: [Try({"brand_id": w.brand_id}, reader="qishan.official")]),
    "history.brand_report": Route(TARGET, lambda w: [Try({"brand_id": w.brand_id}, reader="shaanxi.auditor")]),
    "history.diagram": Route(TARGET, _instances),
    "history.path": Route(TARGET, _instances),
    "history.attachment": Route(TARGET, lambda w: [Try({"instance_id": w.instance_id, "attachment_id": w.attachment_id},
                                                       reader="shaanxi.auditor")]),
    "api.get_instance": Route(TARGET, _instances),
    "api.get_instance_events": Route(TARGET, _instances),
    "certificates.download": Route(TARGET, _certificates),
    # The county official reads the revocation page (without its form); only administrators of 岐山 or above revoke.
    "certificates.revoke": Route(TARGET, lambda w: [Try({"number": w.certificate["number"]}, reader="qishan.official",
                                                        body=lambda: {"reason": "越权撤销。"})]),
    "api.certificate_pdf": Route(TARGET, _certificates),
    "spotcheck.campaign": Route(TARGET, lambda w: [Try({"campaign_id": w.campaign_id}, reader="qishan.official")],
                                own_part=True),
    "api.get_campaign": Route(TARGET, lambda w: [Try({"campaign_id": w.campaign_id}, reader="qishan.official")],
                              own_part=True),
    "api.get_batch": Route(TARGET, lambda w: [Try({"batch_id": w.batch_id}, reader="admin")]),
    "review.task": Route(TARGET, lambda w: _tasks(w, web=True)),
    "review.print_task": Route(TARGET, _tasks),
    "desk.urge": Route(TARGET, _instances),
    "api.urge_case": Route(TARGET, _instances),
    "desk.copy": Route(TARGET, lambda w: _copies(w, lambda: {"usernames": "qishan.expert3", "level": "county"})),
    "api.copy_decision": Route(TARGET, lambda w: _copies(w, lambda: {"usernames": ["qishan.expert3"],
                                                                      "level": "county"})),
    "desk.consult": Route(TARGET, lambda w: _copies(w, lambda: {"usernames": "qishan.expert3",
                                                                 "question": "越权加签？"})),
    "api.ask_opinion": Route(TARGET, lambda w: _copies(w, lambda: {"usernames": ["qishan.expert3"],
                                                                    "question": "越权加签？"})),
    "api.list_task_consultations": Route(TARGET, _tasks),
    "desk.consultation": Route(TARGET, _consultation),
    "desk.give_opinion": Route(TARGET, lambda w: _consultation(w, lambda: {"opinion": "越权意见。"})),
    "api.give_opinion": Route(TARGET, lambda w: _consultation(w, lambda: {"opinion": "越权意见。"})),
    "desk.decline_expert": Route(TARGET, lambda w: _copies(w, lambda: {"reason": "越权回避。"})),
    "api.decline_expert_task": Route(TARGET, lambda w: _copies(w, lambda: {"reason": "越权回避。"})),
    "desk.replace_expert": Route(TARGET, lambda w: _copies(w, lambda: {"expert": str(w.users["qishan.official"])})),
    "api.replace_expert": Route(TARGET, lambda w: _copies(w, lambda: {"expert_id": w.users["qishan.official"]})),
    "api.expert_panel": Route(TARGET, _instances),
    "review.claim": Route(TARGET, _tasks),
    "review.unclaim": Route(TARGET, _tasks),
    "api.get_task": Route(TARGET, _tasks),
    "api.claim_task": Route(TARGET, _tasks),
    "api.unclaim_task": Route(TARGET, _tasks),
    "api.complete_task": Route(TARGET, lambda w: _tasks(w, api_body=True)),
    "desk.transfer": Route(TARGET, lambda w: _copies(w, lambda: {"to": str(w.users["qishan.official"]),
                                                                 "reason": "越权转办"})),
    "desk.delegate": Route(TARGET, lambda w: _copies(w, lambda: {"to": str(w.users["qishan.official"]),
                                                                 "reason": "越权委派"})),
    "desk.reassign": Route(TARGET, lambda w: _copies(w, lambda: {"to": "", "reason": "越权释放"})),
    "desk.withdraw": Route(TARGET, _tasks),
    "desk.return_case": Route(TARGET, lambda w: _copies(w, lambda: {"target": "1", "comment": "越权驳回"})),
    "desk.withdraw_application": Route(TARGET, _applications),
    "api.transfer_task": Route(TARGET, lambda w: _copies(w, lambda: {"to": "qishan.official", "reason": "越权转办"})),
    "api.delegate_task": Route(TARGET, lambda w: _copies(w, lambda: {"to": "qishan.official", "reason": "越权委派"})),
    "api.resolve_task": Route(TARGET, lambda w: _tasks(w, api_body=True)),
    "api.reassign_task": Route(TARGET, lambda w: _copies(w, lambda: {"to": "qishan.official", "reason": "越权改派"})),
    "api.release_task": Route(TARGET, lambda w: _copies(w, lambda: {"reason": "越权释放"})),
    "api.withdraw_task": Route(TARGET, _tasks),
    "api.return_targets": Route(TARGET, _tasks),
    "api.return_case": Route(TARGET, lambda w: _copies(w, lambda: {"target_task_id": 1, "comment": "越权驳回"})),
    "api.withdraw_application": Route(TARGET, _applications),
    "people.edit_user": Route(TARGET, lambda w: [Try(
        {"user_id": w.users["qishan.official"]}, reader="admin",
        body=lambda: {"username": "qishan.official", "display_name": "越权", "role": "official",
                      "region": "510000"})]),
    # 停用 someone of the target county: only his administrators (others: 404, as for his page)
    "people.set_status": Route(TARGET, lambda w: [Try({"user_id": w.users["qishan.official"]},
                                                     body=lambda: {"active": "0"})]),
    "account.revoke_token": Route(TARGET, _target_token),
    "messages.open_message": Route(TARGET, _target_message),
    "messages.mark_read": Route(TARGET, _target_message),
    "api.read_message": Route(TARGET, _target_message),
    "api.revoke_token": Route(TARGET, _target_token),
    "people.revoke_token": Route(TARGET, lambda w: _target_token(w, user_id=w.users["qishan.official"])),
    "desk.substitutes_page": Route(SELF, _one(body=_aimed_substitute), aimed=True),
    "api.list_my_substitutes": Route(SELF),
    "api.set_my_substitute": Route(SELF, _one(body=_aimed_substitute), aimed=True),
    "desk.cancel_substitute": Route(TARGET, _substitution),
    "api.cancel_substitution": Route(TARGET, _substitution),
    "people.user_substitutes": Route(TARGET, lambda w: _target_user(w, web=True)),
    "api.list_user_substitutes": Route(TARGET, _target_user),
    "api.set_user_substitute": Route(TARGET, _target_user),
    "people.sign_out_user": Route(TARGET, lambda w: [Try({"user_id": w.users["qishan.official"]})]),
    # --- processes and forms: national administrators only ---------------------------------------
    **{endpoint: Route(NATIONAL, _one(values)) for endpoint, values in {
        "designer.processes": {}, "designer.diff": {"key": "recommendation"},
        "designer.migrate": {"key": "recommendation"},
        "designer.redeploy": {"key": "recommendation", "number": 1}, "designer.new_file": {},
        "designer.editor": {"name": "recommendation.bpmn"}, "designer.file": {"name": "recommendation.bpmn"},
        "designer.validate": {"name": "recommendation.bpmn"}, "designer.deploy": {"name": "recommendation.bpmn"},
        "designer.forms": {}, "designer.form": {"key": "application"}, "designer.new_form": {},
        "designer.form_preview": {"key": "application"}, "designer.stranded_tasks": {},
        "designer.rehearse": {"name": "recommendation.bpmn"}, "designer.scenarios": {"name": "recommendation.bpmn"},
        "designer.save_scenario": {"name": "recommendation.bpmn"}, "designer.delete_scenario": {"scenario_id": 1},
        "designer.rehearsal_regions": {},
        "holidays.years": {}, "holidays.year": {"year": 2026}}.items()},
}


def test_every_route_of_the_web_ui_and_the_api_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - ROUTES.keys()) == [], "new routes: classify them in ROUTES so that they are swept"
    assert sorted(ROUTES.keys() - endpoints) == [], "ROUTES names routes that no longer exist"


def test_the_insiders_reach_every_target_route_so_the_sweep_names_real_records(app, client):
    world = sweep_world.build(client)
    plan = [call for call in calls(app, world, ROUTES)
            if call.route.kind == TARGET and not call.write and call.attempt.reader]
    visitors: dict[str, Visitor] = {}
    wrong = []
    for call in plan:
        reader = call.attempt.reader
        if reader not in visitors:
            visitors[reader] = Visitor(app, client, reader)
        visitor = visitors[reader]
        response = visitor.send(call)
        if response.status_code != call.attempt.reads_as:
            wrong.append(f"{reader} {call.path}: {response.status_code}, expected {call.attempt.reads_as}")
        response.close()
    assert wrong == []
    assert len(plan) >= 40


def test_people_of_other_provinces_in_every_role_neither_read_nor_change_the_target(app, client):
    world = sweep_world.build(client)
    problems, sent = sweep_each(app, client, list(sweep_world.OUTSIDERS), calls(app, world, ROUTES), outsider,
                                world.secrets)
    assert problems == [], "\n".join(problems)
    assert sent > 1500


def test_anonymous_visitors_are_sent_to_sign_in_and_public_pages_show_nothing_private(app, client):
    world = sweep_world.build(client)
    problems, sent = sweep_each(app, client, [None], calls(app, world, ROUTES), anonymous, world.secrets)
    assert problems == [] and sent > 120, "\n".join(problems)
    visitor = Visitor(app, client, None)
    for number in (world.pending_number, world.certificate["number"]):
        for code in ("", "?t=AAAA-BBBB"):
            assert visitor.api.get(f"/verify/{number}{code}", None) == {
                "status": "unknown", "superseded": False, "certificate": None}
            page = visitor.browser.client.get(f"/verify/{number}{code}")
            assert 'data-status="unknown"' in page.get_data(as_text=True)
    # With the code printed on it, the signed certificate shows; the one not issued has no copy to show.
    signed = visitor.api.get(f"/verify/{world.certificate['number']}?t={world.issued_token}", None)
    assert (signed["status"], signed["certificate"]["brand"]) == ("valid", sweep_world.BRAND_A)


ANYONE_MAY = {"audit.request_verification", "api.upload_attachment", "library.request_export",
              "dashboard.request_export", "messages.mark_all_read", "api.read_all_messages"}
"""Acts that touch no one's records: asking for a full audit verification, uploading one's own file,
exporting the library one may read, marking one's own messages read."""


BATCHES = {"desk.batch_tasks", "api.batch_tasks"}
"""批量办理 answers 200 with each task's outcome; for the auditor every task is refused (and the snapshot
shows that nothing changed). A page refused as a whole goes back to the inbox (302) with the reason."""


def _nothing_done(response: Any) -> bool:
    if response.status_code != 200:
        return 400 <= response.status_code < 500 or (response.status_code == 302 and not response.is_json)
    if response.is_json:
        return response.get_json()["done"] == 0
    return 'data-done="0"' in response.get_data(as_text=True)


def _auditor(call: Any) -> tuple[str, Any]:
    if call.endpoint in BATCHES:
        return "a refusal, or every task refused", _nothing_done
    if call.write and call.route.kind != PUBLIC and call.endpoint not in ANYONE_MAY:
        return "a refusal (4xx)", lambda r: 400 <= r.status_code < 500
    if not call.write and call.route.kind == TARGET and call.attempt.reader == "qishan.official":
        return "200, as for the county official", lambda r: r.status_code == 200
    return "an answer", lambda r: True


def test_the_provinces_auditor_reads_the_targets_cases_but_every_act_is_refused(app, client):
    world = sweep_world.build(client)
    plan = calls(app, world, ROUTES)
    problems, _sent = sweep_each(app, client, ["shaanxi.auditor"], plan, _auditor, secrets=[])
    assert problems == [], "\n".join(problems)


def test_another_unit_of_the_county_and_the_neighbouring_county_see_nothing_of_the_target(app, client):
    world = sweep_world.build(client)
    with transaction():
        unit = CreationUnit(name="岐山县另一家劳务合作社", unit_type="劳务专业合作社", region_code="610323")
        session.add(unit)
        session.flush()
        unit_id = unit.id
    session.remove()
    create_user("qishan.other.unit", PASSWORD, "另一家合作社", roles=[("applicant", "610323")],
                creation_unit_id=unit_id)
    plan = calls(app, world, ROUTES)
    problems, _sent = sweep_each(app, client, ["qishan.other.unit", "meixian.official"], plan, outsider,
                                 world.secrets)
    assert problems == [], "\n".join(problems)
    # 岐山 follows its own part of the city's campaign; 眉县, with no brand in it, may not read it at all
    # (not even its seed and counts).
    own = world.api.get(f"/campaigns/{world.campaign_id}", "qishan.official")["sample"]
    assert sorted(row["brand"] for row in own) == sorted([sweep_world.BRAND_A, sweep_world.BRAND_B])
    refused = world.api.get(f"/campaigns/{world.campaign_id}", "meixian.official", expect=403)
    assert set(refused) == {"error", "message"} and "seed" not in str(refused)


TRAIL = {"review.task", "review.print_task", "review.claim", "review.unclaim", "api.get_task", "api.claim_task",
         "api.unclaim_task",
         "api.complete_task", "api.get_instance", "api.get_instance_events", "history.brand", "history.brand_report",
         "history.diagram", "history.path", "history.attachment", "audit.audit_search", "audit.audit_csv",
         "audit.administration", "exits.propose", "api.propose_exit", "desk.urge", "api.urge_case", "desk.copy",
         "api.copy_decision", "desk.consult", "api.ask_opinion", "api.list_task_consultations", "desk.consultation",
         "desk.give_opinion", "api.give_opinion",
         "desk.decline_expert", "api.decline_expert_task", "desk.replace_expert", "api.replace_expert",
         "desk.transfer", "desk.delegate", "desk.reassign", "desk.withdraw", "desk.return_case", "api.transfer_task",
         "api.delegate_task", "api.resolve_task", "api.reassign_task", "api.release_task", "api.withdraw_task",
         "api.return_targets", "api.return_case",
         "api.expert_panel"}
"""Where an expert of the county would see their colleagues' scores, or act outside their task."""


def test_an_expert_not_picked_opens_neither_the_expert_task_nor_the_trail_and_proposes_no_exit(app, client):
    world = sweep_world.build(client)
    plan = [call for call in calls(app, world, ROUTES) if call.endpoint in TRAIL]

    def refused(call: Any) -> tuple[str, Any]:
        return "403/404", lambda r: r.status_code in (403, 404)

    problems, sent = sweep_each(app, client, ["qishan.expert3"], plan, refused, secrets=[])
    assert problems == [] and sent > 40, "\n".join(problems)
    picked = world.api.get(f"/tasks/{world.expert_task_id}", "qishan.expert1")
    assert picked["task"]["form_key"] == "expert_review"
