"""The hash chain: `hash = sha256(previous hash + canonical JSON of the event)`. Pure."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64
CHAINED_FIELDS = ("instance_id", "seq", "at", "action", "actor_id", "actor_name", "role", "region_code",
                  "lane", "task_uuid", "bpmn_id", "task_name", "decision", "data")


def canonical(fields: Mapping[str, Any]) -> str:
    return json.dumps({k: fields.get(k) for k in CHAINED_FIELDS}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def link(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(fields)).encode("utf-8")).hexdigest()
