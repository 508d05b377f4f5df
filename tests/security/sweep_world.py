"""The "target" world of the access-control sweep: everything a 岐山 (Shaanxi) brand leaves behind,
built through the API and the worker as its people would, plus the outsiders who try to reach it.

- 岐山臊子面师 (brand A): an application with an attachment, recognized at the county, its certificate
  signed and then re-signed by an administrator's re-issue batch; a spot check (city campaign) waits
  for the county, an exit proposal waits for the city.
- 岐山面花匠 (brand B): recognized at the county after the worker last ran, so its certificate is
  planned but not issued yet; its county experts' reviews are done.
- 岐山剪纸娘: the unit's draft, not filed yet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from tests.spotcheck import steps
from webapp import engine
from webapp.applications.models import Application, Brand
from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken, RoleGrant, User
from webapp.certificates.models import Certificate, CertificateBatch
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.exits.models import ExitCase
from webapp.library.models import LibraryEntry
from webapp.people.services import create_user
from webapp.spotcheck.models import Campaign
from webapp.spotcheck.services import start_planned
from webapp.worker import issue_pending_certificates

BRAND_A, BRAND_B, BRAND_DRAFT = "岐山臊子面师", "岐山面花匠", "岐山剪纸娘"
UNIT = "岐山县西岐名吃产业协会"
COUNTY_OFFICE = "岐山县人力资源和社会保障局（经办人）"
"""qishan.official's display name: it signs the trail, so it names the target's cases too."""
ATTACHMENT_MARKER = b"SWEEP-ATTACHMENT-7f3c9e"
ATTACHMENT = b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + ATTACHMENT_MARKER + b"\ntrailer<<>>\n%%EOF\n"
ATTACHMENT_NAME = "西岐培训台账.pdf"
BATCH_REASON = "岐山县签名密钥轮换"

# Demo people of Sichuan and Guangxi, one per role the demo gives there, and an administrator of a
# province (created by the world, the demo has none).
PROVINCE_ADMIN = "sichuan.admin"
OUTSIDERS = ("sichuan.official", "ganzi.official", "luding.official", "lengqi.official", "chuni.official",
             "sichuan.expert1", "ganzi.expert1", "luding.expert1", "luding.inspector", "sichuan.auditor",
             "hongcheng.unit", "guangxi.official", "luzhai.unit", PROVINCE_ADMIN)


@dataclass
class World:
    api: Api
    brand_id: int
    pending_brand_id: int
    application_id: int
    instance_id: int
    attachment_id: str
    certificate: dict[str, Any]
    """brand A's certificate as the brand page returns it (issued)."""
    pending_number: str
    pending_token: str
    issued_token: str
    campaign_id: int
    spot_check_instance_id: int
    spot_check_task_id: int
    exit_instance_id: int
    exit_task_id: int
    batch_id: int
    draft_id: int
    expert_task_id: int
    """brand B's first expert review at the county (done): only its expert and the officials read it."""
    users: dict[str, int] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """What identifies the target: none of it may reach an outsider."""
        return [BRAND_A, BRAND_B, BRAND_DRAFT, UNIT, COUNTY_OFFICE, self.certificate["number"],
                self.pending_number, self.issued_token, self.pending_token, BATCH_REASON,
                ATTACHMENT_MARKER.decode()]


def build(client: Any) -> World:
    api = Api(client)
    create_user(PROVINCE_ADMIN, PASSWORD, "四川省系统管理员", roles=[("admin", "510000")])
    stored = api.call("POST", "/attachments", walk.APPLICANT, data={"file": (io.BytesIO(ATTACHMENT), ATTACHMENT_NAME)},
                      content_type="multipart/form-data", expect=201).get_json()
    application = walk.submit(api, brand_name=BRAND_A,
                              attachments=[{"id": stored["id"], "name": stored["name"]}])
    walk.endorse(api)
    walk.recognize_at(api, "county", application["instance_id"], then="keep")
    with client.application.app_context():
        assert issue_pending_certificates() == 1
    batch = api.post("/certificate-batches", "admin", {"region": "610323", "reason": BATCH_REASON}, expect=201)
    with client.application.app_context():
        assert issue_pending_certificates() == 1  # the re-issue
    pending = walk.submit(api, brand_name=BRAND_B)
    walk.endorse(api)
    walk.recognize_at(api, "county", pending["instance_id"], then="keep")  # no signing from here on
    campaign = api.post("/campaigns", steps.CITY, {"region": "610300", "rate": 1.0, "seed": "sweep"}, expect=201)
    while start_planned():
        pass
    spot_check = steps.task(api, steps.COUNTY, BRAND_A)
    exit_case = api.post(f"/brands/{application['brand_id']}/exit-proposals", steps.COUNTY,
                         {"reason": "抽查发现带动就业明显下降。"}, expect=201)
    exit_task = steps.task(api, steps.CITY, BRAND_A)

    draft = api.post("/applications", walk.APPLICANT, {"data": {"brand_name": BRAND_DRAFT}, "submit": False},
                     expect=201)
    users = {name: walk.user_id(api, name) for name in ("qishan.official", steps.INSPECTOR)}
    brand = api.get(f"/brands/{application['brand_id']}", walk.APPLICANT)
    (certificate,) = brand["certificates"]
    (planned,) = api.get(f"/brands/{pending['brand_id']}", walk.APPLICANT)["certificates"]
    assert (certificate["status"], planned["status"]) == ("issued", "pending")
    tokens = dict(session.execute(select(Certificate.number, Certificate.token)).all())
    expert_task = session.scalars(select(engine.HumanTask.id).where(
        engine.HumanTask.instance_id == pending["instance_id"], engine.HumanTask.form_key == "expert_review")
        .order_by(engine.HumanTask.id)).first()
    session.remove()
    return World(api=api, brand_id=application["brand_id"], pending_brand_id=pending["brand_id"],
                 application_id=application["id"], instance_id=application["instance_id"],
                 attachment_id=stored["id"], certificate=certificate, pending_number=planned["number"],
                 pending_token=tokens[planned["number"]], issued_token=tokens[certificate["number"]],
                 campaign_id=campaign["id"], spot_check_instance_id=spot_check["instance_id"],
                 spot_check_task_id=spot_check["id"], exit_instance_id=exit_case["instance_id"],
                 exit_task_id=exit_task["id"], batch_id=batch["id"], draft_id=draft["id"],
                 expert_task_id=expert_task, users=users)


def snapshot() -> dict[str, Any]:
    """The state an outsider's act could change: every chain head, task, case, entry, certificate and
    user. (Requests for a full audit verification are left out: anyone reading a trail may ask.)"""
    state = {
        "events": session.execute(select(AuditEvent.instance_id, func.count(), func.max(AuditEvent.seq))
                                  .group_by(AuditEvent.instance_id).order_by(AuditEvent.instance_id)).all(),
        "tasks": session.execute(select(engine.HumanTask.id, engine.HumanTask.status, engine.HumanTask.assignee_id)
                                 .order_by(engine.HumanTask.id)).all(),
        "instances": session.execute(select(engine.ProcessInstance.id, engine.ProcessInstance.lock_version,
                                            engine.ProcessInstance.definition_id)
                                     .order_by(engine.ProcessInstance.id)).all(),
        "applications": session.execute(select(Application.id, Application.status, Application.data)
                                        .order_by(Application.id)).all(),
        "brands": session.execute(select(Brand.id, Brand.name).order_by(Brand.id)).all(),
        "library": session.execute(select(LibraryEntry.id, LibraryEntry.status).order_by(LibraryEntry.id)).all(),
        "certificates": session.execute(select(Certificate.number, Certificate.status, Certificate.pdf_sha256)
                                        .order_by(Certificate.number)).all(),
        "exits": session.scalar(select(func.count()).select_from(ExitCase)),
        "campaigns": session.scalar(select(func.count()).select_from(Campaign)),
        "batches": session.scalar(select(func.count()).select_from(CertificateBatch)),
        "users": session.execute(select(User.id, User.active, User.session_epoch).order_by(User.id)).all(),
        "revoked tokens": session.scalars(select(ApiToken.id).where(ApiToken.revoked_at.is_not(None))
                                          .order_by(ApiToken.id)).all(),
        "grants": session.execute(select(RoleGrant.user_id, RoleGrant.role, RoleGrant.region_code)
                                  .order_by(RoleGrant.id)).all(),
    }
    session.remove()
    return state
