"""Signed checkpoints over the chain heads (DESIGN.md §6).

Each instance has its own chain, so writers never wait for each other; a chain on its own cannot
show that its newest events, or all of them, were deleted. A checkpoint records every head that
moved since the previous one and signs the lot with the installation's Ed25519 key, kept outside
the database (mode 600): whoever can write to the database still cannot forge a checkpoint.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from webapp.audit import chain, verify
from webapp.audit.models import AuditCheckpoint, AuditCheckpointHead, AuditEvent
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.errors import Conflict
from webapp.i18n import _

KEY_FILE = "audit-checkpoint-ed25519.pem"
VERIFY_BATCH = 1000
"""Chains verified per query: keeps the IN lists far below PostgreSQL's parameter limit."""
_keys_dir: Path | None = None


def configure(keys_dir: Path) -> None:
    global _keys_dir
    _keys_dir = keys_dir


def _key_path() -> Path:
    if _keys_dir is None:
        raise RuntimeError("audit.checkpoints.configure() was not called")
    return _keys_dir / KEY_FILE


def _signing_key() -> Ed25519PrivateKey:
    """The installation's checkpoint key, created on first use."""
    path = _key_path()
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
    return {_public_hex(_signing_key())} if _key_path().exists() else set()


class CheckpointRace(Conflict):
    """Another worker signed a checkpoint over the same heads first: nothing is missing."""


def make_checkpoint() -> AuditCheckpoint | None:
    """Command: record and sign the heads that moved since the last checkpoint; None if none did.

    It refuses to vouch for a broken trail: the moved chains are verified first, in a read
    transaction of their own, so writers wait only for the short write at the end.
    """
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
            return _signed(moved)
    except IntegrityError:
        raise CheckpointRace(_("Another checkpoint was made at the same moment; this one was dropped.")) from None


def _signed(heads: list[tuple[int, int, str]]) -> AuditCheckpoint:
    previous = latest()
    key = _signing_key()
    at = now_utc().replace(microsecond=0)
    fields = {"at": chain.chained_time(at), "prev_hash": previous.hash if previous else chain.GENESIS,
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
    return [(instance_id, seq, head_hash) for instance_id, seq, head_hash in session.execute(query)]


def latest() -> AuditCheckpoint | None:
    return session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)).first()
