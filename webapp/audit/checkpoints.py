"""Signed checkpoints over the chain heads (DESIGN.md §6).

Each instance has its own chain, so writers never wait for each other; a chain on its own cannot
show that its newest events, or all of them, were deleted. A checkpoint records every head that
moved since the previous one and signs the lot, with its number and the previous checkpoint's hash,
with the installation's Ed25519 key, kept outside the database (mode 600): whoever can write to the
database still cannot forge a checkpoint. Nor delete one unseen: each is also appended to the
witness (audit/witness.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from webapp.audit import chain, checkpoint_chain, verify, witness
from webapp.audit.models import ADMIN_TRAIL, AdminEvent, AuditCheckpoint, AuditCheckpointHead, AuditEvent
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.errors import Conflict
from webapp.i18n import _

KEY_FILE = "audit-checkpoint-ed25519.pem"
VERIFY_BATCH = 1000
"""Chains verified per query: keeps the IN lists far below PostgreSQL's parameter limit."""


def key_path() -> Path:
    """The checkpoint key's file, in the app's keys directory (BRANDCERT_KEYS) beside the signing keys."""
    return Path(current_app.config["KEYS_DIR"]) / KEY_FILE


def _signing_key() -> Ed25519PrivateKey:
    """The installation's checkpoint key, created on first use."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError(f"{path} does not hold an Ed25519 key")
    return key


def _public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def trusted_keys() -> set[str]:
    """Public keys whose checkpoints this installation accepts: its own, when it has one."""
    return {_public_hex(_signing_key())} if key_path().exists() else set()


class CheckpointRace(Conflict):
    """Another worker signed a checkpoint over the same heads first: nothing is missing."""


class WitnessUnavailable(Conflict):
    """A checkpoint committed, but its witness line could not be written yet."""


def make_checkpoint(*, new_witness: bool = False) -> AuditCheckpoint | None:
    """Command: record and sign the heads that moved since the last checkpoint; None if none did.

    It refuses to vouch for a broken trail: the witness must hold what the database holds, and the
    moved chains are verified first, in a read transaction of their own, so writers wait only for
    the short write at the end. The new checkpoint is witnessed once it has committed.
    `new_witness` starts an empty witness with the newest checkpoint the database already holds.
    """
    _bring_witness_up_to_date(new_witness)
    recorded = dict(session.execute(select(AuditCheckpointHead.instance_id, func.max(AuditCheckpointHead.seq))
                                    .group_by(AuditCheckpointHead.instance_id)).all())
    moved = [head for head in _current_heads() if head[1] > recorded.get(head[0], 0)]
    if not moved:
        return None
    moved_ids = [instance_id for instance_id, _seq, _hash in moved]
    for start in range(0, len(moved_ids), VERIFY_BATCH):
        report = verify.verify_instances(moved_ids[start:start + VERIFY_BATCH])
        if not report.intact:
            raise Conflict(_("No checkpoint was made: %(problem)s", problem=report.problems[0].text()))
    try:
        with transaction():
            checkpoint = _signed(moved)
    except IntegrityError:
        raise CheckpointRace(_("Another checkpoint was made at the same moment; this one was dropped.")) from None
    _witness([checkpoint])
    return checkpoint


def _bring_witness_up_to_date(new_witness: bool) -> None:
    """Refuse when the witness shows checkpoints were deleted or is gone; append the checkpoints it lacks
    because a worker stopped between a commit and its line (see audit/witness.py)."""
    witnessed, newest, path = witness.read(), latest(), witness.path()
    if new_witness and witnessed.checkpoints:
        raise Conflict(_("The witness %(path)s already holds checkpoints: a new witness only replaces a missing "
                         "or empty one.", path=path))
    last = witnessed.newest
    if newest is None:
        if last is not None:
            raise Conflict(_("No checkpoint was made: the witness %(path)s holds checkpoint #%(seq)s, but the "
                             "database holds none.", path=path, seq=last.seq))
        return
    if last is None:
        if not new_witness:
            raise Conflict(_("No checkpoint was made: the witness %(path)s holds no checkpoint, but the database "
                             "holds %(count)s. Restore the witness, or start a new one with `brandcert audit "
                             "checkpoint --new-witness`.", path=path, count=newest.seq))
        _witness([_trusted(newest)])
        return
    if last.seq > newest.seq:
        raise Conflict(_("No checkpoint was made: the witness %(path)s holds checkpoint #%(seq)s, but the "
                         "database's newest is #%(newest)s.", path=path, seq=last.seq, newest=newest.seq))
    missing = list(session.scalars(select(AuditCheckpoint).where(AuditCheckpoint.seq > last.seq)
                                   .order_by(AuditCheckpoint.seq)))
    previous_hash = last.hash
    for checkpoint in missing:
        if checkpoint.prev_hash != previous_hash:
            raise Conflict(_("No checkpoint was made: checkpoint #%(seq)s in the database does not follow the one "
                             "the witness %(path)s holds before it.", seq=checkpoint.seq, path=path))
        previous_hash = _trusted(checkpoint).hash
    _witness(missing)


def _trusted(checkpoint: AuditCheckpoint) -> AuditCheckpoint:
    """The checkpoint, if this installation's key signed it as it stands: only such a one is witnessed."""
    if checkpoint_chain.sealed_fields(checkpoint, trusted_keys()) is None:
        raise Conflict(_("No checkpoint was made: checkpoint #%(seq)s in the database is not signed by this "
                         "installation's key as it stands.", seq=checkpoint.seq))
    return checkpoint


def _witness(checkpoints: list[AuditCheckpoint]) -> None:
    try:
        witness.append(checkpoints)
    except OSError as error:
        raise WitnessUnavailable(_("Checkpoint #%(seq)s is signed, but the witness %(path)s could not be written "
                                   "(%(error)s); the next checkpoint adds it.", seq=checkpoints[-1].seq,
                                   path=witness.path(), error=error.strerror or error)) from error


def _signed(heads: list[tuple[int, int, str]]) -> AuditCheckpoint:
    previous = latest()
    key = _signing_key()
    at = now_utc().replace(microsecond=0)
    fields = {"seq": previous.seq + 1 if previous else 1, "at": chain.chained_time(at),
              "prev_hash": previous.hash if previous else chain.GENESIS,
              "heads_digest": chain.heads_digest(heads), "heads_count": len(heads), "public_key": _public_hex(key)}
    signature = key.sign(chain.checkpoint_message(fields)).hex()
    checkpoint = AuditCheckpoint(**{**fields, "at": at}, signature=signature,
                                 hash=chain.checkpoint_hash(fields, signature))
    session.add(checkpoint)
    session.flush()
    session.execute(insert(AuditCheckpointHead), [
        {"checkpoint_id": checkpoint.id, "instance_id": instance_id, "seq": seq, "hash": head_hash}
        for instance_id, seq, head_hash in heads])
    return checkpoint


def _current_heads() -> list[tuple[int, int, str]]:
    newest = (select(AuditEvent.instance_id, func.max(AuditEvent.seq).label("seq"))
              .group_by(AuditEvent.instance_id).subquery())
    query = select(AuditEvent.instance_id, AuditEvent.seq, AuditEvent.hash).join(
        newest, (AuditEvent.instance_id == newest.c.instance_id) & (AuditEvent.seq == newest.c.seq))
    heads = [(instance_id, seq, head_hash) for instance_id, seq, head_hash in session.execute(query)]
    admin = session.execute(select(AdminEvent.seq, AdminEvent.hash).order_by(AdminEvent.seq.desc()).limit(1)).first()
    return heads + ([(ADMIN_TRAIL, admin.seq, admin.hash)] if admin else [])


def latest() -> AuditCheckpoint | None:
    return session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc()).limit(1)).first()
