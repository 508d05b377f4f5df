"""The checkpoint witness: every checkpoint as one JSON line, appended to a file outside the database.

Whoever can write to the database can delete checkpoint rows, the newest included, and then rewrite the
events only those covered. The witness is what they cannot reach: the file named by
`BRANDCERT_AUDIT_WITNESS`, on a separate volume that only brandcert's own user may append to. Every
checkpoint it holds must still be in the database, unchanged, and every checkpoint the database holds
must be in it.

A line is appended only after its checkpoint has committed. Appending first would leave a line for a
checkpoint whose commit then failed, and that cannot be told apart from the attack the witness exists
for: a deleted newest checkpoint. Appending afterwards can leave the opposite gap when the process dies
between the two: the database then holds a signed checkpoint that the witness lacks. Only the key's
holder can have signed it, so the next checkpoint appends it first (checkpoints.make_checkpoint), and
until then verification reports it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from flask import current_app

from webapp.audit import chain
from webapp.audit.models import AuditCheckpoint

LINE_FIELDS = (*chain.CHECKPOINT_FIELDS, "signature", "hash")
TAIL_BYTES = 64 * 1024
"""How much of the file's end the pages read for the newest checkpoint: far more than one line."""


def path() -> Path:
    """The app's witness file (BRANDCERT_AUDIT_WITNESS)."""
    return Path(current_app.config["AUDIT_WITNESS"])


@dataclass(frozen=True)
class Witnessed:
    """One checkpoint as the witness holds it."""

    seq: int
    hash: str
    prev_hash: str


@dataclass
class Witness:
    exists: bool = False
    checkpoints: dict[int, Witnessed] = field(default_factory=dict)
    damaged: list[int] = field(default_factory=list)
    """Lines that are not one whole, self-consistent checkpoint, or that give a number already seen to a
    different one. A second copy of the same line is not damage: two workers may both append a
    checkpoint the witness lacked."""

    @property
    def newest(self) -> Witnessed | None:
        return self.checkpoints[max(self.checkpoints)] if self.checkpoints else None


def append(checkpoints: Iterable[AuditCheckpoint]) -> None:
    """Append the checkpoints and flush them to the disk before returning."""
    text = "".join(_line(checkpoint) for checkpoint in checkpoints)
    if not text:
        return
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640), "ab") as out:
        out.write(text.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())


def read() -> Witness:
    try:
        with path().open("rb") as source:
            return _parse(source)
    except FileNotFoundError:
        return Witness()


def newest() -> Witnessed | None:
    """The newest checkpoint the witness holds, read from the end of the file only (for the pages)."""
    try:
        with path().open("rb") as source:
            size = source.seek(0, os.SEEK_END)
            source.seek(max(0, size - TAIL_BYTES))
            if size > TAIL_BYTES:
                source.readline()  # the rest of a line cut by the seek
            return _parse(source).newest
    except FileNotFoundError:
        return None


def _line(checkpoint: AuditCheckpoint) -> str:
    fields = {name: getattr(checkpoint, name) for name in LINE_FIELDS}
    fields["at"] = chain.chained_time(checkpoint.at)
    return json.dumps(fields, sort_keys=True, separators=(",", ":")) + "\n"


def _parse(source: IO[bytes]) -> Witness:
    witness = Witness(exists=True)
    for number, raw in enumerate(source, start=1):
        entry = _entry(raw)
        known = witness.checkpoints.get(entry.seq) if entry else None
        if entry is None or (known is not None and known != entry):
            witness.damaged.append(number)
        else:
            witness.checkpoints[entry.seq] = entry
    return witness


def _entry(raw: bytes) -> Witnessed | None:
    """A line whose hash still matches its fields, else None (a cut or edited line)."""
    if not raw.endswith(b"\n"):
        return None
    try:
        fields = json.loads(raw)
        signature, own_hash = str(fields["signature"]), str(fields["hash"])
        entry = Witnessed(int(fields["seq"]), own_hash, str(fields["prev_hash"]))
    except (ValueError, KeyError, TypeError):
        return None
    hashes = {chain.checkpoint_hash(fields, signature, names)
              for names in (chain.CHECKPOINT_FIELDS, chain.UNNUMBERED_CHECKPOINT_FIELDS)}
    return entry if own_hash in hashes else None
