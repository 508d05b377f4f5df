"""A problem found in the audit trail, stored and shown in each reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp.audit.models import ADMIN_TRAIL
from webapp.i18n import _, translate


@dataclass(frozen=True)
class Problem:
    message: str
    params: dict[str, Any]
    instance_id: int | None = None
    event_id: int | None = None
    """The broken event, when it still exists (not when the newest events were deleted)."""

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Problem:
        return cls(stored["message"], stored["params"], stored.get("instance_id"), stored.get("event_id"))

    def text(self) -> str:
        """In the reader's language; a chain's problems name it as `%(chain)s`."""
        return translate(self.message, {**self.params, "chain": self.chain_name()})

    def chain_name(self) -> str:
        if self.instance_id == ADMIN_TRAIL:
            return str(_("the administration trail"))
        return str(_("instance %(id)s", id=self.instance_id)) if self.instance_id is not None else ""

    @property
    def where(self) -> str:
        """Language-neutral location for logs and scripts, e.g. `event 812 (instance 31)`."""
        if self.instance_id == ADMIN_TRAIL:
            return "administration trail" + (f" event {self.event_id}" if self.event_id is not None else "")
        if self.event_id is not None:
            return f"event {self.event_id} (instance {self.instance_id})"
        return f"instance {self.instance_id}" if self.instance_id is not None else "checkpoints"

    def as_json(self) -> dict[str, Any]:
        return {"message": self.message, "params": self.params, "instance_id": self.instance_id,
                "event_id": self.event_id}
