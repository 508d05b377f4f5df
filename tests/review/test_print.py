"""A task on paper: the printable page of a task holds the case (brand, unit, region), the data the unit
submitted under the form's field titles, and the steps so far; whoever may not open the task may not print it."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser


def test_a_task_prints_with_its_case_its_data_and_its_steps_and_only_for_those_who_may_open_it(app, client):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api, comment="村委会核实属实。")
    task = api.only_task("qishan.official")
    browser = Browser(app)
    browser.login("qishan.official")
    assert f'href="/tasks/{task["id"]}/print"' in Browser.text(browser.get(f"/tasks/{task['id']}"))
    page = Browser.text(browser.get(f"/tasks/{task['id']}/print"))
    assert re.search(r'<th scope="row">培育创建单位</th><td>岐山县西岐名吃产业协会</td>', page)
    assert re.search(r'<tr data-field="brand_type"><th scope="row">品牌类型</th><td>\s*高品质服务型', page)
    (step,) = re.findall(r"<tr data-step>(.*?)</tr>", page, re.S)
    assert "村委会核实属实。" in step and "村级" in step
    assert "岐山县" in page.split('id="print-steps"')[1]  # now waiting at the county
    assert '<button class="primary" type="button" data-print>打印</button>' in page
    outsider = Browser(app)
    outsider.login("meixian.official")
    assert outsider.get(f"/tasks/{task['id']}/print").status_code == 403
