"""Checkpoints that cannot silently disappear: they form their own signed, numbered chain, and each is
also appended to the witness file outside the database. Someone with write access to the database (but
not to the witness) deletes checkpoints and re-hashes the chains they covered; `brandcert audit verify`
must fail, and the pages must show that the witness disagrees."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import delete, select, update

from tests import walk
from tests.api_client import Api
from tests.audit.test_chain import _two_cases, verify
from tests.web.browser_client import Browser
from webapp import clock
from webapp.applications.models import Application
from webapp.audit import chain
from webapp.audit.checkpoints import KEY_FILE
from webapp.audit.models import AuditCheckpoint, AuditCheckpointHead, AuditEvent, AuditVerification
from webapp.cli import cli
from webapp.db import session, transaction


def _rewrite(instance_id: int, seq: int, decision: str) -> None:
    """Edit one event and re-hash its chain from there on, as the database's holder can."""
    with transaction():
        previous = chain.GENESIS
        for event in session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id)
                                     .order_by(AuditEvent.seq)):
            if event.seq == seq:
                event.decision = decision
            fields = {name: getattr(event, name) for name in chain.CHAINED_FIELDS}
            fields["at"] = chain.chained_time(event.at)
            event.prev_hash, event.hash = previous, chain.link(previous, fields)
            previous = event.hash


def _delete_checkpoints(*seqs: int) -> None:
    """The given checkpoints, or all of them, with the heads they recorded."""
    with transaction():
        query = select(AuditCheckpoint.id)
        if seqs:
            query = query.where(AuditCheckpoint.seq.in_(seqs))
        ids = list(session.scalars(query))
        session.execute(delete(AuditCheckpointHead).where(AuditCheckpointHead.checkpoint_id.in_(ids)))
        session.execute(delete(AuditCheckpoint).where(AuditCheckpoint.id.in_(ids)))


def checkpoint(runner, *options: str, expect: int = 0) -> str:
    """`brandcert audit checkpoint`; the witness is the test's own (BRANDCERT_AUDIT_WITNESS, conftest)."""
    result = runner.invoke(cli, ["audit", "checkpoint", *options])
    assert result.exit_code == expect, result.output
    return result.output


def broken(runner) -> dict[str, Any]:
    """`brandcert audit verify` fails at the checkpoints; the first problem as it stored it (message id and
    parameters, whatever language the command printed it in)."""
    assert "BROKEN at checkpoints" in verify(runner, expect=1)
    stored = session.scalars(select(AuditVerification).order_by(AuditVerification.id.desc()).limit(1)).one()
    assert stored.status == "broken" and stored.first_problem is not None
    return stored.first_problem


def _two_checkpoints(client, runner) -> tuple[int, int]:
    """Checkpoint #1 over both cases and the administration trail; then the village endorses the second
    case, and #2 covers only that."""
    first, second = _two_cases(client)
    assert "checkpoint #1: 3 chain heads signed" in checkpoint(runner)
    clock.advance(timedelta(hours=1))
    walk.endorse(Api(client))
    assert "checkpoint #2: 1 chain heads signed" in checkpoint(runner)
    return first, second


def _witness_lines(path: Path) -> list[str]:
    return path.read_text().splitlines(keepends=True)


def test_an_untouched_trail_with_its_witness_verifies(client, runner, audit_witness):
    _two_checkpoints(client, runner)
    lines = [json.loads(line) for line in _witness_lines(audit_witness)]
    stored = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq)))
    assert [(line["seq"], line["hash"], line["prev_hash"]) for line in lines] == [
        (1, stored[0].hash, chain.GENESIS), (2, stored[1].hash, stored[0].hash)]
    assert "the audit trail is intact" in verify(runner, expect=0)


def test_deleting_every_checkpoint_and_rewriting_a_chain_is_found(client, runner, audit_witness):
    first, _ = _two_cases(client)
    checkpoint(runner)
    _rewrite(first, 2, "return")
    _delete_checkpoints()
    problem = broken(runner)
    assert "is in the witness %(path)s but not in the database" in problem["message"]
    assert problem["params"] == {"path": str(audit_witness), "checkpoint": 1, "count": 1}

    # Where the witness was lost as well, the signing key still shows that checkpoints were being made:
    # within the first interval that proves nothing yet, but an older trail must be under a checkpoint.
    audit_witness.unlink()
    verify(runner, expect=0)
    clock.advance(timedelta(hours=2))
    problem = broken(runner)
    assert problem["message"].startswith("There is no checkpoint, although the checkpoint key exists")


def test_deleting_the_newest_checkpoint_and_rewriting_what_it_alone_covered_is_found(client, runner, audit_witness):
    _, second = _two_checkpoints(client, runner)
    _delete_checkpoints(2)
    _rewrite(second, 2, "return")  # #1 recorded only the second case's first event
    problem = broken(runner)
    assert "is in the witness %(path)s but not in the database" in problem["message"]
    assert problem["params"] == {"path": str(audit_witness), "checkpoint": 2, "count": 1}
    refused = checkpoint(runner, expect=1)  # and no new checkpoint vouches for the rewrite
    assert "#2" in refused and "#1" in refused
    assert [json.loads(line)["seq"] for line in _witness_lines(audit_witness)] == [1, 2]


def test_a_gap_in_the_checkpoint_chain_is_found(client, runner):
    _two_checkpoints(client, runner)
    _delete_checkpoints(1)
    problem = broken(runner)
    assert problem["message"].startswith("Checkpoints #%(first)s to #%(last)s before checkpoint #%(checkpoint)s")
    assert problem["params"] == {"checkpoint": 2, "first": 1, "last": 1}


def test_a_witness_cut_short_is_found_and_caught_up_by_the_next_checkpoint(client, runner, audit_witness):
    """A cut witness looks like a worker stopped between a commit and its line: reported until the next
    checkpoint appends the signed checkpoint the witness lacks."""
    _two_checkpoints(client, runner)
    lines = _witness_lines(audit_witness)
    audit_witness.write_text(lines[0])
    problem = broken(runner)
    assert "is in the database but not in the witness %(path)s" in problem["message"]
    assert problem["params"] == {"path": str(audit_witness), "checkpoint": 2, "count": 1}
    assert "no chain moved" in checkpoint(runner)
    assert _witness_lines(audit_witness) == lines
    assert "the audit trail is intact" in verify(runner, expect=0)


def test_a_witness_that_disagrees_with_the_database_is_found(client, runner, audit_witness):
    _two_checkpoints(client, runner)
    first, second = (json.loads(line) for line in _witness_lines(audit_witness))
    other = {**second, "heads_digest": "0" * 64}  # another checkpoint #2, consistent in itself
    other["hash"] = chain.checkpoint_hash(other, other["signature"])
    audit_witness.write_text("".join(json.dumps(line) + "\n" for line in (first, other)))
    problem = broken(runner)
    assert problem["message"].startswith("Checkpoint #%(checkpoint)s differs from the one the witness")
    assert problem["params"] == {"path": str(audit_witness), "checkpoint": 2}

    audit_witness.write_text(json.dumps(first) + "\n" + json.dumps({**second, "seq": 3}) + "\n")  # an edited line
    problem = broken(runner)
    assert problem["message"].startswith("Line %(line)s of the witness")
    assert problem["params"] == {"path": str(audit_witness), "line": 2}


def test_a_missing_witness_fails_until_a_new_one_is_started(client, runner, audit_witness):
    _two_checkpoints(client, runner)
    audit_witness.unlink()
    problem = broken(runner)
    assert problem["message"].startswith("The witness %(path)s holds no checkpoint, but the database holds")
    assert problem["params"] == {"path": str(audit_witness), "count": 2}
    assert "--new-witness" in checkpoint(runner, expect=1)

    assert "no chain moved" in checkpoint(runner, "--new-witness")
    assert [json.loads(line)["seq"] for line in _witness_lines(audit_witness)] == [2]
    assert "the audit trail is intact" in verify(runner, expect=0)
    checkpoint(runner, "--new-witness", expect=1)  # never over a witness that holds any


def test_the_pages_show_the_checkpoint_and_the_witness(app, client, runner):
    first, _ = _two_checkpoints(client, runner)
    brand_id = session.scalars(select(Application.brand_id).where(Application.instance_id == first)).one()
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    auditor.client.set_cookie("lang", "en")
    pages = ("/audit", f"/brands/{brand_id}/history")
    for path in pages:
        page = auditor.text(auditor.get(path))
        assert "Latest signed seal (number 2)" in page
        assert "The witness outside the database holds the same checkpoint." in page

    _delete_checkpoints(2)
    for path in pages:
        page = auditor.text(auditor.get(path))
        assert "Latest signed seal (number 1)" in page
        assert "The witness outside the database does not agree: its newest seal is number 2." in page


def test_checkpoints_signed_before_they_were_numbered_still_verify(client, runner, keys_dir, audit_witness):
    """An installation upgraded from before the witness: its checkpoints' signatures do not cover their
    number (migration 0010 numbered them). They verify once `--new-witness` has started the witness."""
    _two_cases(client)
    checkpoint(runner)
    key = serialization.load_pem_private_key((keys_dir / KEY_FILE).read_bytes(), password=None)
    with transaction():
        old = session.scalars(select(AuditCheckpoint)).one()
        fields = {name: getattr(old, name) for name in chain.UNNUMBERED_CHECKPOINT_FIELDS}
        fields["at"] = chain.chained_time(old.at)
        old.signature = key.sign(chain.checkpoint_message(fields, chain.UNNUMBERED_CHECKPOINT_FIELDS)).hex()
        old.hash = chain.checkpoint_hash(fields, old.signature, chain.UNNUMBERED_CHECKPOINT_FIELDS)
    audit_witness.unlink()
    checkpoint(runner, "--new-witness")
    assert "the audit trail is intact" in verify(runner, expect=0)

    with transaction():
        session.execute(update(AuditCheckpoint).values(seq=2))  # unsigned, but its place is still fixed
    problem = broken(runner)
    assert problem["params"] == {"checkpoint": 2, "first": 1, "last": 1}
