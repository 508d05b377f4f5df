"""Hostile uploads, over the API and through the application form: a file whose content is not what its
name says (a program renamed .pdf, HTML or SVG named .png), an empty or oversized file, and names that
try to leave the attachments directory (`../../etc/passwd`, absolute and Windows paths, NUL bytes, a
thousand characters, markup). What is refused leaves nothing behind, neither a row nor a file; what
is kept is stored by its hash inside the attachments directory, under a cleaned name shown as text."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser, form_items
from webapp.attachments.models import Attachment
from webapp.attachments.store import MAX_BYTES
from webapp.db import session

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def multipart(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """A multipart body as a browser sends it, with (content, name) tuples for files, encoded in memory:
    werkzeug's test client would spool a body over 500 KB to a temporary file that it never closes."""
    fields = MultiDict([(key, FileStorage(io.BytesIO(value[0]), filename=value[1]) if isinstance(value, tuple)
                         else value) for key, value in items])
    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def upload(api: Api, content: bytes, name: str) -> Any:
    return api.call("POST", "/attachments", walk.APPLICANT, **multipart([("file", (content, name))]))


def post_form(browser: Browser, path: str, items: list[tuple[str, Any]]) -> Any:
    return browser.client.post(path, **multipart([*items, ("csrf_token", browser.token)]))


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def attachment_rows() -> int:
    return session.scalar(select(func.count()).select_from(Attachment)) or 0


@pytest.mark.parametrize(("content", "name"), [
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "报告.pdf"),  # a Windows program renamed
    (b"<!doctype html><script>alert(1)</script>", "photo.png"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png"),
    (b"#!/bin/sh\nrm -rf /\n", "台账.docx"),
    (PDF, "report.exe"),  # the right content under a name that would open it as something else
    (PNG, "scan.pdf"),
    (PDF, "report.html"),
    (b"", "empty.pdf"),
    (PDF, ".."),
    (PDF, "../"),
    (PDF, "line\r\nContent-Type: text/html\r\n.pdf"),  # werkzeug drops a part whose name breaks its line
])
def test_content_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(app, client, content, name):
    api = Api(client)
    response = upload(api, content, name)
    assert response.status_code == 422 and response.get_json()["field_errors"]["file"]
    assert attachment_rows() == 0 and files_under(Path(app.config["ATTACHMENTS_DIR"])) == set()


def test_an_oversized_file_is_refused_clearly_and_leaves_nothing_on_disk(app, client):
    api = Api(client)
    over_limit = upload(api, PDF + b"0" * (MAX_BYTES + 1 - len(PDF)), "big.pdf")
    assert over_limit.status_code == 422
    assert over_limit.get_json()["field_errors"]["file"] == ["At most 10 MB."]
    over_request = upload(api, PDF + b"0" * (13 * 1024 * 1024), "bigger.pdf")  # above what a request may carry
    assert over_request.status_code == 413 and over_request.get_json()["error"] == "request_entity_too_large"
    assert attachment_rows() == 0 and files_under(Path(app.config["ATTACHMENTS_DIR"])) == set()
    assert upload(api, PDF + b"0" * (MAX_BYTES - len(PDF)), "exactly-10-MB.pdf").status_code == 201


@pytest.mark.parametrize("name", [
    "../../etc/passwd.pdf",
    "/etc/cron.d/job.pdf",
    "..\\..\\Windows\\System32\\drivers.pdf",
    "C:\\Users\\Public\\申报.pdf",
    "evil\x00.pdf",
    "...hidden.pdf",
    "长" * 1000 + ".pdf",
])
def test_a_name_that_tries_to_leave_the_directory_is_cleaned_and_the_file_stays_inside(app, client, tmp_path, name):
    before = files_under(tmp_path)
    api = Api(client)
    response = upload(api, PDF, name)
    assert response.status_code == 201, response.get_json()
    stored = response.get_json()
    kept = stored["name"]
    assert kept.endswith(".pdf") and len(kept) <= 200 and not kept.startswith(".")
    assert not set(kept) & {"/", "\\", "\x00", "\r", "\n"}, kept
    root = Path(app.config["ATTACHMENTS_DIR"]).resolve()
    created = {path for path in files_under(tmp_path) - before  # the SQLite database may add its WAL files
               if not (path.parent == tmp_path and path.name.startswith("test.sqlite"))}
    digest = hashlib.sha256(PDF).hexdigest()  # the bytes are kept under their hash, whatever the upload's id
    assert [path.resolve().relative_to(root).parts for path in created] == [(digest[:2], digest)]
    with api.call("GET", f"/attachments/{stored['id']}", walk.APPLICANT, expect=200) as download:
        disposition = download.headers["Content-Disposition"]
        assert download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"
    assert disposition.startswith("attachment;") and not set(disposition) & {"\r", "\n", "/", "\\"}


def _application_page(browser: Browser, response: Any) -> str:
    assert response.status_code == 302, browser.text(response)[-2000:]
    return browser.text(browser.get(response.headers["Location"]))


def test_the_application_form_refuses_a_disguised_file_shows_its_name_as_text_and_saves_nothing(app, client):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    browser.get("/applications/new")
    items = [*form_items(application_form()), ("action", "submit")]
    disguised = [*items, ("attachments__upload", (b"MZ\x90\x00", "<script>alert(1)</script>.pdf"))]
    refused = post_form(browser, "/applications/new", disguised)
    assert refused.status_code == 422
    html = browser.text(refused)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html
    assert re.search(r'id="f-attachments-error"', html)
    assert attachment_rows() == 0 and Api(client).get("/applications", walk.APPLICANT)["items"] == []

    named = [*items, ("attachments__upload", (PDF, "../<img src=x onerror=alert(1)>.pdf"))]  # browsers send " as %22
    page = _application_page(browser, post_form(browser, "/applications/new", named))
    assert "<img src=x" not in page and ">&lt;img src=x onerror=alert(1)&gt;.pdf<" in page


def test_the_application_form_answers_an_oversized_upload_with_a_clear_413(app, client):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    browser.get("/applications/new")
    items = [*form_items(application_form()), ("action", "submit"),
             ("attachments__upload", (PDF + b"0" * (13 * 1024 * 1024), "big.pdf"))]
    response = post_form(browser, "/applications/new", items)
    assert response.status_code == 413
    assert "文件过大" in browser.text(response) and "不超过 10 MB" in browser.text(response)
    assert attachment_rows() == 0 and Api(client).get("/applications", walk.APPLICANT)["items"] == []
