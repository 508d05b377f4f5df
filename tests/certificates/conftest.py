"""Fixtures for certificate tests: a recognized brand with its signed certificate, and the
independent validators (poppler's pdfsig with an NSS database trusting the development root)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import walk
from tests.api_client import Api
from webapp.worker import issue_pending_certificates


def run(*command: str, check: bool = True) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"{command}: {result.stderr}")
    return result.stdout


@pytest.fixture(scope="session")
def nss_db(keys_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """pdfsig trusts what this NSS database trusts: the development root, for S/MIME-style use."""
    directory = tmp_path_factory.mktemp("nss")
    run("certutil", "-N", "-d", f"sql:{directory}", "--empty-password")
    run("certutil", "-A", "-n", "brandcert-root", "-t", "CT,C,C", "-i", str(keys_dir / "ca.pem"),
        "-d", f"sql:{directory}")
    return f"sql:{directory}"


def pdfsig(nss: str, pdf: Path) -> str:
    """pdfsig exits 0 even for a broken signature, so its text is what counts."""
    return run("pdfsig", "-nssdir", nss, str(pdf), check=False)


@pytest.fixture
def county_certificate(client: Any) -> dict[str, Any]:
    """A brand recognized at the county, its certificate signed by the worker."""
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.recognize_at(api, "county", application["instance_id"], then="keep")
    with client.application.app_context():
        assert issue_pending_certificates() == 1
    brand = api.get(f"/brands/{application['brand_id']}", walk.APPLICANT)
    (certificate,) = brand["certificates"]
    return {"api": api, "brand": brand, "certificate": certificate}
