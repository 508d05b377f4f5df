"""The hash chains, pure: events `hash = sha256(previous hash + canonical JSON of the event)`, and
checkpoints over chain heads, themselves chained the same way."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
CHAINED_FIELDS = ("instance_id", "seq", "at", "action", "actor_id", "actor_name", "role", "region_code",
                  "lane", "task_uuid", "bpmn_id", "task_name", "decision", "data")
ADMIN_CHAINED_FIELDS = ("seq", "at", "action", "actor_id", "actor_name", "region_code", "subject", "data")
CHECKPOINT_FIELDS = ("seq", "at", "prev_hash", "heads_digest", "heads_count", "public_key")
"""What a checkpoint's key signs: its own number and the previous checkpoint's hash, so that neither a gap
nor a reordering can be passed off as the chain."""
UNNUMBERED_CHECKPOINT_FIELDS = CHECKPOINT_FIELDS[1:]
"""What checkpoints signed before they were numbered (migration 0010) covered; their place is still fixed by
the signed `prev_hash`, and nobody without the key can sign a new one in this form."""


def canonical(fields: Mapping[str, Any], names: Iterable[str] = CHAINED_FIELDS) -> str:
    return json.dumps({k: fields.get(k) for k in names}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def link(prev_hash: str, fields: Mapping[str, Any], names: Iterable[str] = CHAINED_FIELDS) -> str:
    return hashlib.sha256((prev_hash + canonical(fields, names)).encode("utf-8")).hexdigest()


def chained_time(moment: datetime) -> str:
    """Times enter the chain to the second, as the database stores them on every backend."""
    return moment.replace(microsecond=0).isoformat()


def heads_digest(heads: Iterable[tuple[int, int, str]]) -> str:
    """One digest over (instance, seq, hash) heads, independent of the order they are listed in."""
    digest = hashlib.sha256()
    for instance_id, seq, event_hash in sorted(heads):
        digest.update(f"{instance_id}:{seq}:{event_hash}\n".encode())
    return digest.hexdigest()


def checkpoint_message(fields: Mapping[str, Any], names: Iterable[str] = CHECKPOINT_FIELDS) -> bytes:
    """What a checkpoint's key signs."""
    return canonical(fields, names).encode("utf-8")


def checkpoint_hash(fields: Mapping[str, Any], signature: str, names: Iterable[str] = CHECKPOINT_FIELDS) -> str:
    return hashlib.sha256(checkpoint_message(fields, names) + signature.encode()).hexdigest()
