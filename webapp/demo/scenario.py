"""Load the demo: regions, units and people, then four brands at different stages, each moved
there by the real services (with the application clock set back so notice periods can pass)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from webapp import clock, engine
from webapp.applications import services as applications
from webapp.applications.models import Application, CreationUnit
from webapp.auth import services as auth
from webapp.auth.models import RoleGrant, User, owner_unit_id
from webapp.auth.roles import ADMIN, AUDITOR, EXPERT, INSPECTOR, OFFICIAL
from webapp.db import session, transaction
from webapp.demo import data
from webapp.demo.targets import seed_targets
from webapp.review import services as tasks
from webapp.spotcheck import services as spotchecks
from webapp.worker import fire_due_timers

MARKER_USER = "admin"


def load() -> bool:
    """Load everything once; returns False when the demo was already there."""
    if session.scalar(select(User.id).where(User.username == MARKER_USER)) is not None:
        return False
    load_people()
    load_cases()
    _colleagues()
    return True


def load_cases() -> None:
    """The policy targets, then the four demo brands at their stages and Baoji's spot checks (on top
    of `load_people`)."""
    seed_targets()
    with clock.travel(clock.now_utc() - timedelta(days=45)):
        _brands()
    _spot_checks()


def _colleagues() -> None:
    """A second official at the county, city and province of the Shaanxi chain, so that the desk's
    transfer and delegation (转办、委派) have someone to hand work to. Only the demo has them: the
    test world (`load_people`) keeps one official per office."""
    with transaction():
        for prefix, code, office in data.OFFICES:
            if prefix in data.COLLEAGUE_OFFICES:
                auth.add_user(f"{prefix}.official2", data.PASSWORD, f"{office}（经办人二）", roles=[(OFFICIAL, code)])


def load_people() -> None:
    """Regions, creation units and the people of every level (also the test suite's world)."""
    from webapp.regions import tree

    with transaction():
        for code, name, level, parent, provisional in data.REGIONS:
            tree.add_region(code, name, level, parent, provisional=provisional)
        auth.add_user(MARKER_USER, data.PASSWORD, "系统管理员", roles=[(ADMIN, "100000")])
        for prefix, code, office in data.OFFICES:
            auth.add_user(f"{prefix}.official", data.PASSWORD, f"{office}（经办人）", roles=[(OFFICIAL, code)])
        for code in data.EXPERT_POOLS:
            for number in range(1, data.EXPERTS_PER_POOL + 1):
                _staff(EXPERT, code, f"expert{number}", f"评审专家{number}")
        for code in data.INSPECTORS:
            _staff(INSPECTOR, code, "inspector", "检查员")
        for code in data.AUDITORS:
            _staff(AUDITOR, code, "auditor", "审计员")
        for name, unit_type, county, username in data.UNITS:
            unit = CreationUnit(name=name, unit_type=unit_type, region_code=county)
            session.add(unit)
            session.flush()
            auth.add_user(username, data.PASSWORD, name, roles=[("applicant", county)], creation_unit_id=unit.id)


def _staff(role: str, code: str, suffix: str, title: str) -> None:
    """A person holding `role` at a demo office, e.g. qishan.expert1 岐山县评审专家1."""
    prefix = next(p for p, c, _ in data.OFFICES if c == code)
    auth.add_user(f"{prefix}.{suffix}", data.PASSWORD, f"{_region_name(code)}{title}", roles=[(role, code)])


def _region_name(code: str) -> str:
    return next(name for region_code, name, *_ in data.REGIONS if region_code == code)


def _brands() -> None:
    xiqi = _submit("xiqi.unit", data.application_form(
        "西岐名吃", "文化和旅游类", "餐饮服务", "面点师、中式烹调师", "610323101900", 5200, 860, 640, "王建军"))
    _advance(xiqi, [_endorse, *_level_recognized(), *_level_recognized()])  # county and city recognize
    _complete_next(xiqi, {"decision": "accept"}, pick_experts=True)  # province: experts now scoring

    hongcheng = _submit("hongcheng.unit", data.application_form(
        "泸定红城工匠", "中高端技能型", "建筑施工", "砌筑工、钢筋工", "513322101900", 3100, 540, 420, "杨国华"))
    _advance(hongcheng, [_endorse])
    _complete_next(hongcheng, {"decision": "accept"}, pick_experts=True)

    mifen = _submit("luzhai.unit", {**data.application_form(
        "鹿寨螺蛳粉师傅", "高品质服务型", "餐饮服务", "螺蛳粉制作工", "450223103204", 2600, 380, 500, "李文森"),
        "leading_enterprise": "鹿寨县螺蛳粉产业发展有限公司"})
    _advance(mifen, [_endorse])
    _complete_next(mifen, {"decision": "return", "comment": "请补充近三年培训台账和吸纳就业协议复印件。"})

    _submit("luzhai.unit", data.application_form(
        "寨沙米粉嫂", "民生保障型", "餐饮服务", "米粉制作工", "450223103204", 900, 120, 150, "韦秀兰"))


def _spot_checks() -> None:
    """Baoji checks its libraries every 1 March; this year's campaign is drawn now (the worker
    starts the checks)."""
    official = _user("baoji.official")
    spotchecks.schedule_campaign("610300", month=3, day=1, rate=0.2, actor=official)
    spotchecks.start_campaign("610300", rate=0.2, seed="demo", actor=official)


def _submit(username: str, form: dict[str, Any]) -> Application:
    return applications.submit(form, actor=_user(username))


def _endorse(application: Application) -> None:
    _complete_next(application, {"decision": "forward", "comment": "情况属实，同意推荐。"})


def _level_recognized() -> list[Any]:
    """The steps of one level that recognizes and recommends upward."""

    def intake(application: Application) -> None:
        _complete_next(application, {"decision": "accept"}, pick_experts=True)

    def experts(application: Application) -> None:
        for score in (26, 24):
            _complete_next(application, {"expert_review": {
                "employment_scale": score, "skills_training": 21, "brand_building": 16, "influence": 12,
                "plan_support": 8, "opinion": "带动就业效果明显。"}})

    def decide(application: Application) -> None:
        _complete_next(application, {"decision": "recognize", "comment": "专家评审通过，拟认定。"})
        notice_ends = session.get(engine.ProcessInstance, application.instance_id).next_timer_at
        clock.set_now(notice_ends + timedelta(hours=9))  # type: ignore[operator]
        fire_due_timers()

    def recommend(application: Application) -> None:
        _complete_next(application, {"decision": "recommend", "comment": "推荐至上一级。"})

    return [intake, experts, decide, recommend]


def _advance(application: Application, steps: list[Any]) -> None:
    for step in steps:
        step(application)
        clock.advance(timedelta(hours=20))


def _complete_next(application: Application, form: dict[str, Any], *, pick_experts: bool = False) -> None:
    task = engine.open_tasks(application.instance_id or 0)[0]
    if pick_experts:
        pool = list(session.scalars(select(RoleGrant.user_id).where(
            RoleGrant.role == EXPERT, RoleGrant.region_code == task.region_code).order_by(RoleGrant.user_id)))
        form = {**form, "experts": pool[:2], "comment": "材料齐全，受理。"}
    actor = session.get(User, task.assignee_id) if task.assignee_id else _holder(task.candidate_group,
                                                                                 task.region_code, task.owner_key)
    tasks.complete_task(task.id, form, actor=actor)


def _holder(role: str, region_code: str | None, owner_key: str | None) -> User:
    unit_id = owner_unit_id(owner_key)
    if unit_id is not None:
        return session.scalars(select(User).where(User.creation_unit_id == unit_id)).one()
    return session.scalars(select(User).join(RoleGrant).where(
        RoleGrant.role == role, RoleGrant.region_code == region_code).order_by(User.id)).first()  # type: ignore[return-value]


def _user(username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def logins_text() -> str:
    lines = [f"All demo users have the password: {data.PASSWORD}", ""]
    rows = session.execute(select(User.username, User.display_name).order_by(User.id)).all()
    lines += [f"  {username:22} {name}" for username, name in rows]
    return "\n".join(lines)
