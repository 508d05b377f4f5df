"""Every module reads its settings from the app it runs in (`current_app.config`), so two apps in one
process never share one: there is no module-level copy that the last `create_app` would overwrite."""

from __future__ import annotations

from datetime import time

from tests.conftest import configured_app
from webapp.attachments import store
from webapp.audit import checkpoints, witness
from webapp.certificates import settings as certificate_settings
from webapp.exports import settings as export_settings
from webapp.notifications import channel_settings, digest


def test_two_apps_in_one_process_keep_their_own_settings(database_url, tmp_path, keys_dir):
    first = configured_app(database_url, tmp_path / "first", keys_dir, DIGEST_AT="07:45",
                           AUDIT_WITNESS=tmp_path / "first.jsonl")
    second = configured_app(database_url, tmp_path / "second", tmp_path / "keys", CERTIFICATE_VALID_YEARS=5,
                            WEBHOOK_URL="https://hooks.example.cn/brandcert", AUDIT_WITNESS=tmp_path / "second.jsonl")
    with first.app_context():
        assert store.directory() == tmp_path / "first" / "attachments"
        assert export_settings.exports_dir() == tmp_path / "first" / "exports"
        assert witness.path() == tmp_path / "first.jsonl"
        assert checkpoints.key_path().parent == keys_dir
        assert (certificate_settings.current().pdf_dir, certificate_settings.current().valid_years) == (
            tmp_path / "first" / "certificates", 3)
        assert (digest.digest_time(), channel_settings.current().webhook_url) == (time(7, 45), "")
    with second.app_context():
        assert store.directory() == tmp_path / "second" / "attachments"
        assert export_settings.exports_dir() == tmp_path / "second" / "exports"
        assert witness.path() == tmp_path / "second.jsonl"
        assert checkpoints.key_path().parent == tmp_path / "keys"
        assert (certificate_settings.current().pdf_dir, certificate_settings.current().valid_years) == (
            tmp_path / "second" / "certificates", 5)
        assert (digest.digest_time(), channel_settings.current().webhook_url) == (
            time(8, 30), "https://hooks.example.cn/brandcert")
