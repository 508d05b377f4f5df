"""One application through the real browser interface, from the applicant to the nation, signing in
as each official in turn. Saves screenshots of the inbox, a form with a validation error and the
brand page under tests/artifacts/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tests.browser.conftest import screenshot
from webapp import clock, engine
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.worker import fire_due_timers

LEVELS = [("county", "qishan"), ("city", "baoji"), ("province", "shaanxi")]
SCORES = {"employment_scale": "26", "skills_training": "21", "brand_building": "16", "influence": "12",
          "plan_support": "8"}


def sign_in(browser: Any, base: str, username: str, viewport: dict[str, int] | None = None) -> Any:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def close(page: Any) -> None:
    """Let late requests (the favicon) finish first: a request cut off mid-way makes the
    development server's thread raise, which pytest reports as an error."""
    page.wait_for_load_state("networkidle")
    page.context.close()


def open_only_task(page: Any, base: str) -> None:
    page.goto(f"{base}/inbox")
    links = page.locator("table.list tbody a strong")
    assert links.count() == 1, page.inner_text("main")
    links.first.click()
    page.wait_for_load_state()


def submit_task(page: Any) -> None:
    page.locator("form[enctype] button.primary[type=submit]").click()
    page.wait_for_load_state()
    assert "已办结" in page.inner_text(".notice-success"), page.inner_text("main")


def file_application(browser: Any, base: str) -> None:
    page = sign_in(browser, base, "xiqi.unit")
    page.click("text=新建申报")
    page.fill("#f-brand_name", "岐山面花匠")
    page.select_option("#f-brand_type", "文化和旅游类")
    page.fill("#f-industry", "民间工艺")
    page.fill("#f-trades", "面塑工、面点师")
    page.select_option("#f-base_region", "610323101900")
    for field, value in (("practitioners", "2400"), ("agreement_workers", "520"), ("trained_this_year", "380")):
        page.fill(f"#f-{field}", value)
    page.fill("#f-certificates-skill_level", "600")
    page.select_option("#f-representatives-0-role", "传承人")
    page.fill("#f-representatives-0-name", "王秀芳")
    page.fill("#f-development_plan", "建设面花技艺传习所，三年培训两千人次，带动农村妇女就业。")
    page.check("#f-integrity_pledge")
    page.click("button[value=submit]")
    page.wait_for_load_state()
    assert "审核中" in page.inner_text("main") and "村级推荐意见" in page.inner_text("main")
    close(page)


def endorse_in_village(browser: Any, base: str) -> None:
    page = sign_in(browser, base, "qixing.official")
    open_only_task(page, base)
    page.check("input[name=decision][value=forward]")
    page.fill("#f-comment", "材料属实，同意推荐。")
    submit_task(page)
    close(page)


def expert_ids(region_code: str) -> list[str]:
    users = session.scalars(select(User).where(User.username.like("%.expert%")).order_by(User.username))
    picked = [str(u.id) for u in users if ("expert", region_code) in u.role_pairs][:2]
    session.remove()
    return picked


def recognize_at_level(browser: Any, base: str, level: str, prefix: str, region_code: str, *,
                       show_error: bool) -> None:
    page = sign_in(browser, base, f"{prefix}.official")
    if show_error:
        screenshot(page, "inbox")
    open_only_task(page, base)
    page.check("input[name=decision][value=accept]")
    if show_error:
        page.locator("form[enctype] button.primary[type=submit]").click()
        page.wait_for_load_state()
        assert "至少添加 1 项" in page.inner_text("#f-experts-error")
        screenshot(page, "task-form-validation-error")
    for user_id in expert_ids(region_code):
        page.check(f"input[name=experts][value='{user_id}']")
    page.fill("#f-comment", "材料齐全，受理。")
    submit_task(page)
    close(page)

    for number in (1, 2):
        expert = sign_in(browser, base, f"{prefix}.expert{number}")
        open_only_task(expert, base)
        for field, value in SCORES.items():
            expert.fill(f"#f-expert_review-{field}", value)
        submit_task(expert)
        close(expert)

    page = sign_in(browser, base, f"{prefix}.official")
    open_only_task(page, base)
    page.check("input[name=decision][value=recognize]")
    page.fill("#f-comment", "专家评审通过，拟认定。")
    submit_task(page)
    let_the_notice_pass()
    open_only_task(page, base)
    page.check("input[name=decision][value=recommend]")
    submit_task(page)
    close(page)


def let_the_notice_pass() -> None:
    due = session.scalars(select(engine.ProcessInstance.next_timer_at)
                          .where(engine.ProcessInstance.next_timer_at.is_not(None))).one()
    session.remove()
    clock.set_now(due + timedelta(minutes=1))
    assert fire_due_timers() == 1


def test_one_application_from_the_applicant_to_the_nation(app, live_server, browser):
    file_application(browser, live_server)
    endorse_in_village(browser, live_server)
    codes = {"county": "610323", "city": "610300", "province": "610000"}
    with app.app_context():  # for the timer worker; the served pages run in the server's threads, in their own
        for level, prefix in LEVELS:
            recognize_at_level(browser, live_server, level, prefix, codes[level], show_error=level == "county")

    nation = sign_in(browser, live_server, "nation.official")
    open_only_task(nation, live_server)
    nation.check("input[name=decision][value=select]")
    submit_task(nation)
    close(nation)

    applicant = sign_in(browser, live_server, "xiqi.unit")
    applicant.click("table.list a:has-text('岐山面花匠')")
    assert "已办结" in applicant.inner_text("main")
    applicant.click("main a:has-text('岐山面花匠')")
    applicant.wait_for_load_state()
    text = applicant.inner_text("main")
    for level in ("县级", "市级", "省级", "国家级"):
        assert level in text, text
    assert text.count("在库") >= 4
    screenshot(applicant, "brand-page")
    close(applicant)
