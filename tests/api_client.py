"""A thin client for the JSON API as tests use it: sign in as a demo user, call, check status."""

from __future__ import annotations

from typing import Any

from webapp.demo.data import PASSWORD


class Api:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, username: str) -> str:
        if username not in self.tokens:
            response = self.client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            assert response.status_code == 201, response.get_json()
            self.tokens[username] = response.get_json()["token"]
        return self.tokens[username]

    def call(self, method: str, path: str, user: str | None, *, json: Any = None, expect: int | None = None,
             **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token(user)}"} if user else {}
        headers["Accept-Language"] = "en"
        response = self.client.open(f"/api/v1{path}", method=method, json=json, headers=headers, **kwargs)
        if response.status_code == 401 and user:  # the test clock moved past the token's expiry
            self.tokens.pop(user)
            headers = {"Authorization": f"Bearer {self.token(user)}", "Accept-Language": "en"}
            response = self.client.open(f"/api/v1{path}", method=method, json=json, headers=headers, **kwargs)
        if expect is not None:
            assert response.status_code == expect, (response.status_code, response.get_json())
        return response

    def get(self, path: str, user: str | None, expect: int | None = 200, **kwargs: Any) -> Any:
        return self.call("GET", path, user, expect=expect, **kwargs).get_json()

    def post(self, path: str, user: str | None, json: Any = None, expect: int | None = 200, **kwargs: Any) -> Any:
        return self.call("POST", path, user, json=json, expect=expect, **kwargs).get_json()

    # --- the recommendation process, step by step -------------------------------------------------

    def only_task(self, user: str, **filters: str) -> dict[str, Any]:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        items = self.get(f"/tasks?{query}", user)["items"]
        assert len(items) == 1, [(t["name"], t["level"]) for t in items]
        return items[0]

    def complete(self, user: str, task_id: int, data: dict[str, Any], expect: int = 200) -> Any:
        return self.post(f"/tasks/{task_id}/complete", user, {"data": data}, expect=expect)


def application_form(**overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "brand_name": "岐山臊子面师", "brand_type": "高品质服务型", "industry": "餐饮服务",
        "trades": "中式面点师", "founded_on": "2008-05-01", "base_region": "610323101900", "practitioners": 3200,
        "agreement_workers": 520,
        "trained_this_year": 410, "certificates": {"skill_level": 800, "training": 1500},
        "trademark_no": "第12345678号", "leading_enterprise": "岐山县面食有限公司",
        "representatives": [{"role": "传承人", "name": "张秀英", "intro": "省级非遗传承人"}],
        "development_plan": "建设培训基地，三年培训五千人次，推动标准化门店输出。",
        "integrity_pledge": True,
    }
    form.update(overrides)
    return form
