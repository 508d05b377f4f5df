"""Checking the checkpoints (DESIGN.md §6): their own signed chain, the heads they recorded, and that the
witness outside the database holds the same checkpoints.

Problems about checkpoints name them by their number (`seq`), as the pages and the witness do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

from webapp.audit import chain, witness
from webapp.audit.models import CHECKPOINT_EVERY, AdminEvent, AuditCheckpoint, AuditCheckpointHead, AuditEvent
from webapp.audit.problems import Problem
from webapp.clock import now_utc
from webapp.db import session
from webapp.i18n import N_


def check(trusted_keys: Collection[str], witnessed_before: witness.Witness) -> tuple[int, list[Problem]]:
    """How many checkpoints the database holds, and every problem with them.

    `witnessed_before` was read before the database: each checkpoint it holds had committed by then, so
    one the database now lacks was deleted, not merely still being made.
    """
    digests = _head_digests()
    problems: list[Problem] = []
    sealed: dict[int, str] = {}
    previous: AuditCheckpoint | None = None
    for checkpoint in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq)):
        problem = _problem(checkpoint, previous, trusted_keys, digests)
        if problem is not None:
            problems.append(problem)
        sealed[checkpoint.seq] = checkpoint.hash
        previous = checkpoint
    if not sealed and trusted_keys:
        problems.extend(_none_although_due())
    problems.extend(_witness_problems(sealed, witnessed_before, witness.read()))
    return len(sealed), problems


def sealed_fields(checkpoint: AuditCheckpoint, trusted_keys: Collection[str]) -> tuple[str, ...] | None:
    """The fields the checkpoint's hash and signature cover, if both hold under a trusted key; else None."""
    fields = _fields(checkpoint)
    names = _hashed_fields(checkpoint, fields)
    if names is None or checkpoint.public_key not in trusted_keys or not _signature_holds(checkpoint, fields, names):
        return None
    return names


def _hashed_fields(checkpoint: AuditCheckpoint, fields: dict[str, Any]) -> tuple[str, ...] | None:
    for names in (chain.CHECKPOINT_FIELDS, chain.UNNUMBERED_CHECKPOINT_FIELDS):
        if chain.checkpoint_hash(fields, checkpoint.signature, names) == checkpoint.hash:
            return names
    return None


def _problem(checkpoint: AuditCheckpoint, previous: AuditCheckpoint | None, trusted_keys: Collection[str],
             digests: dict[int, tuple[str, int]]) -> Problem | None:
    where = {"checkpoint": checkpoint.seq}
    expected_seq = previous.seq + 1 if previous else 1
    if checkpoint.seq != expected_seq:
        return Problem(N_("Checkpoints #%(first)s to #%(last)s before checkpoint #%(checkpoint)s are missing: "
                          "they were deleted."), {**where, "first": expected_seq, "last": checkpoint.seq - 1})
    if checkpoint.prev_hash != (previous.hash if previous else chain.GENESIS):
        return Problem(N_("Checkpoint %(checkpoint)s does not follow the checkpoint before it: checkpoints were "
                          "deleted or reordered."), where)
    fields = _fields(checkpoint)
    names = _hashed_fields(checkpoint, fields)
    if names is None:
        return Problem(N_("Checkpoint %(checkpoint)s does not match its hash: it was edited."), where)
    if checkpoint.public_key not in trusted_keys:
        return Problem(N_("Checkpoint %(checkpoint)s was signed by a key this installation does not trust."), where)
    if not _signature_holds(checkpoint, fields, names):
        return Problem(N_("Checkpoint %(checkpoint)s: its signature is not valid."), where)
    if digests.get(checkpoint.id, (chain.heads_digest([]), 0)) != (checkpoint.heads_digest, checkpoint.heads_count):
        return Problem(N_("Checkpoint %(checkpoint)s: the chain heads it recorded were edited or deleted."), where)
    return None


def _none_although_due() -> Iterator[Problem]:
    """The key exists, so checkpoints were being signed: events older than one interval must be under one."""
    oldest = min((at for at in (session.scalar(select(func.min(table.at))) for table in (AuditEvent, AdminEvent))
                  if at is not None), default=None)
    if oldest is not None and oldest <= now_utc() - CHECKPOINT_EVERY:
        yield Problem(N_("There is no checkpoint, although the checkpoint key exists and events from %(at)s are "
                         "older than %(hours)s hours: checkpoints were deleted."),
                      {"at": chain.chained_time(oldest), "hours": int(CHECKPOINT_EVERY.total_seconds() // 3600)})


def _witness_problems(sealed: dict[int, str], before: witness.Witness, after: witness.Witness) -> Iterator[Problem]:
    """The database's checkpoints against the witness's. Checkpoints older than the witness's first line
    need not be in it (a witness started after an upgrade): the signed link into that line covers them."""
    where = {"path": str(witness.path())}
    if after.damaged:
        yield Problem(N_("Line %(line)s of the witness %(path)s is not a whole checkpoint: the file was cut or "
                         "edited."), {**where, "line": after.damaged[0]})
    if not after.checkpoints:
        if sealed:
            yield Problem(N_("The witness %(path)s holds no checkpoint, but the database holds %(count)s: the "
                             "witness is missing or was emptied."), {**where, "count": len(sealed)})
        return
    deleted = sorted(seq for seq in before.checkpoints if seq not in sealed)
    if deleted:
        yield Problem(N_("Checkpoint #%(checkpoint)s is in the witness %(path)s but not in the database (%(count)s "
                         "missing in all): checkpoints were deleted."),
                      {**where, "checkpoint": deleted[0], "count": len(deleted)})
    first = min(after.checkpoints)
    unwitnessed = sorted(seq for seq in sealed if seq >= first and seq not in after.checkpoints)
    if unwitnessed:
        yield Problem(N_("Checkpoint #%(checkpoint)s is in the database but not in the witness %(path)s (%(count)s "
                         "missing in all): the witness was cut, or the worker stopped before writing it (the next "
                         "checkpoint adds it)."), {**where, "checkpoint": unwitnessed[0], "count": len(unwitnessed)})
    differing = [seq for seq, own_hash in sorted(sealed.items())
                 if seq in after.checkpoints and after.checkpoints[seq].hash != own_hash]
    if differing:
        yield Problem(N_("Checkpoint #%(checkpoint)s differs from the one the witness %(path)s holds: it was "
                         "rewritten."), {**where, "checkpoint": differing[0]})


def _fields(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    fields = {name: getattr(checkpoint, name) for name in chain.CHECKPOINT_FIELDS}
    fields["at"] = chain.chained_time(checkpoint.at)
    return fields


def _head_digests() -> dict[int, tuple[str, int]]:
    heads: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    rows = session.execute(select(AuditCheckpointHead.checkpoint_id, AuditCheckpointHead.instance_id,
                                  AuditCheckpointHead.seq, AuditCheckpointHead.hash))
    for checkpoint_id, instance_id, seq, head_hash in rows:
        heads[checkpoint_id].append((instance_id, seq, head_hash))
    return {checkpoint_id: (chain.heads_digest(items), len(items)) for checkpoint_id, items in heads.items()}


def _signature_holds(checkpoint: AuditCheckpoint, fields: dict[str, Any], names: Iterable[str]) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.public_key))
        key.verify(bytes.fromhex(checkpoint.signature), chain.checkpoint_message(fields, names))
    except (ValueError, InvalidSignature):
        return False
    return True
