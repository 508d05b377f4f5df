"""The JSON API holds up under schemathesis: generated valid and invalid requests to every operation of
`/api/v1/openapi.json` (the coverage phase's boundary values and undeclared methods, then Hypothesis
fuzzing), sent through WSGI as real demo users, on a world with an application in review, a brand
recognized at the county with its signed certificate, and an attachment. No answer is a 5xx or an
unhandled exception, every status and body is the one the document declares, invalid input is refused,
and nothing answers 2xx without its bearer token.

The schemathesis pytest plugin (`from_fixture(...).parametrize()`) fails on pytest 9.2, so one test runs
the cases of every operation in a loop on one fresh database.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from tests import walk
from tests.api_client import Api
from webapp.worker import issue_pending_certificates

CHECKS = [not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance, checks.negative_data_rejection,
          checks.ignored_auth, checks.unsupported_method, checks.missing_required_header]
"""The built-in checks that judge one answer. Left out: `positive_data_acceptance` (the document says `data`
is an object, and most generated objects are rightly refused as invalid forms), and the stateful ones
(`use_after_free`, `ensure_resource_availability`), which need schemathesis' own runner to record cases."""
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SEED = 20260309
REVOKE_TOKEN = "DELETE /api/v1/auth/tokens/{token_id}"


@dataclass
class Tally:
    """What a run tried and what it found, per operation."""

    cases: Counter[str] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)
    nothing_to_negate: list[str] = field(default_factory=list)

    def check(self, label: str, case: Any) -> None:
        self.cases[label] += 1
        try:
            # buffered: the WSGI client reads and closes each answer (a sent file left open is a ResourceWarning)
            case.call_and_validate(checks=CHECKS, buffered=True)
        except BaseExceptionGroup as found:  # schemathesis' FailureGroup: one entry per failed check
            self.failures.setdefault(label, []).append(str(found))
        except Exception as error:  # an exception the app raised instead of answering
            self.failures.setdefault(label, []).append(f"unhandled {error!r}\n{case.as_curl_command()}")

    def checker(self, label: str) -> Any:
        def check_case(case: Any) -> None:
            self.check(label, case)

        return check_case

    def report(self) -> str:
        lines = [f"{sum(self.cases.values())} cases over {len(self.cases)} operations"]
        lines += [f"  {label}: {count}" for label, count in sorted(self.cases.items())]
        for label, found in sorted(self.failures.items()):
            lines.append(f"FAILED {label} ({len(found)} cases); first:\n{found[0]}")
        return "\n".join(lines)


def build_world(api: Api) -> dict[str, Any]:
    """Real rows for the path parameters: an application in county review, a brand recognized at the
    county (so exits and withdrawals can really start) with its certificate, and an attachment."""
    recognized = walk.submit(api)
    walk.endorse(api)
    walk.recognize_at(api, "county", recognized["instance_id"], then="keep")
    with api.client.application.app_context():
        assert issue_pending_certificates() == 1
    (certificate,) = api.get(f"/brands/{recognized['brand_id']}", walk.APPLICANT)["certificates"]
    pending = walk.submit(api, brand_name="岐山面花师")
    walk.endorse(api)
    upload = api.call("POST", "/attachments", walk.APPLICANT, data={"file": (io.BytesIO(PDF), "台账.pdf")},
                      content_type="multipart/form-data", expect=201).get_json()
    task = api.only_task("qishan.official", brand="岐山面花师")
    return {"task_id": task["id"], "application_id": pending["id"], "brand_id": recognized["brand_id"],
            "instance_id": pending["instance_id"], "attachment_id": upload["id"], "number": certificate["number"]}


def load_schema(app: Any, token: str) -> Any:
    config = schemathesis.Config.from_dict({"seed": SEED, "headers": {"Authorization": f"Bearer {token}"}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


def fuzz(schema: Any, real: dict[str, Any], *, max_examples: int, tally: Tally, who: str = "") -> Tally:
    """Per operation: the coverage cases, then `max_examples` generated cases per mode, with free path
    parameters and again with the world's real ids (so handlers reach real rows)."""
    hypothesis_settings = settings(max_examples=max_examples, deadline=None, derandomize=True, database=None,
                                   phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    operations = [result.ok() for result in schema.get_all_operations()]
    # Revoking a token may hit the fuzzing user's own, after which every answer would be a 401: it goes last.
    for operation in sorted(operations, key=lambda operation: operation.label == REVOKE_TOKEN):
        label = f"{who} {operation.label}".strip()
        generation = schema.config.generation_for(operation=operation)
        for case in schema.iter_coverage_cases(operation, generation_modes=list(MODES), generation_config=generation):
            tally.check(label, case)
        pinned = {p.name: real[p.name] for p in operation.path_parameters if p.name in real}
        for mode in MODES:
            for path_parameters in ({}, pinned) if pinned else ({},):
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None)
                try:
                    hypothesis_settings(given(case=strategy)(tally.checker(label)))()
                except Unsatisfiable:  # e.g. no parameter left to make invalid once the ids are real
                    tally.nothing_to_negate.append(f"{label} {mode.value}")
    return tally


def fuzz_as(app: Any, client: Any, users: tuple[str, ...], max_examples: int) -> Tally:
    api = Api(client)
    real = build_world(api)
    tokens = {user: api.token(user) for user in users}  # before fuzzing: its failed sign-ins lock the address
    tally = Tally()
    for user in users:
        fuzz(load_schema(app, tokens[user]), real, max_examples=max_examples, tally=tally, who=user)
    return tally


def test_fuzzing_every_operation_as_an_applicant_and_an_official_finds_no_error(app, client, record_property):
    started = time.monotonic()
    tally = fuzz_as(app, client, (walk.APPLICANT, "qishan.official"), max_examples=12)
    record_property("fuzz_cases", sum(tally.cases.values()))
    print(tally.report(), f"\n{time.monotonic() - started:.1f} s")
    assert not tally.failures, tally.report()
    every_operation = list(load_schema(app, "").get_all_operations())
    assert len({label.split(" ", 1)[1] for label in tally.cases}) == len(every_operation)


@pytest.mark.slow
def test_a_long_fuzz_run_as_every_kind_of_user_finds_no_error(app, client, record_property):
    users = (walk.APPLICANT, walk.VILLAGE, "qishan.official", "qishan.expert1", "shaanxi.auditor", "admin")
    tally = fuzz_as(app, client, users, max_examples=60)
    record_property("fuzz_cases", sum(tally.cases.values()))
    print(tally.report())
    assert not tally.failures, tally.report()


def test_the_harness_reports_a_server_error(app, client):
    """The run above can fail: a documented operation that raises is reported, not swallowed."""

    def broken() -> Any:
        raise ZeroDivisionError("on purpose")

    broken.openapi = {"summary": "Fails", "body": None, "response": None, "status": 200, "query": ()}  # type: ignore[attr-defined]
    app.add_url_rule("/api/v1/broken", endpoint="api.broken", view_func=broken)
    schema = load_schema(app, Api(client).token(walk.VILLAGE)).include(path="/api/v1/broken")
    tally = fuzz(schema, {}, max_examples=3, tally=Tally())
    assert tally.cases["GET /api/v1/broken"] >= 3
    assert "ZeroDivisionError" in tally.failures["GET /api/v1/broken"][0]
