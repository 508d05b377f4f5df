"""A campaign's page shows its draw number (抽签号) as it was typed, marked as data, beside the tip that says
what it is for: the words around it are Chinese, the number itself is nobody's word to translate."""

from __future__ import annotations

from tests.api_client import Api
from tests.spotcheck import steps
from tests.web.browser_client import Browser
from tests.web.shown_text import problems


def test_the_draw_number_is_shown_as_data_with_its_tip(app, client):
    campaign = Api(client).post("/campaigns", steps.CITY, {"region": "610300", "rate": 0.5, "seed": "demo"},
                                expect=201)["id"]
    city = Browser(app)
    city.login(steps.CITY)
    html = city.text(city.get(f"/spotchecks/{campaign}"))
    head = html.split('<div class="page-head">')[1].split("</div>")[0]
    assert '抽签号 <bdi translate="no">demo</bdi>' in head and "用同一个抽签号会抽出同样的品牌" in head
    assert problems(head) == []
