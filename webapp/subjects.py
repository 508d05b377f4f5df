"""What a case is about: `ProcessInstance.subject_type`, which names the table its `subject_id` points into.

The engine stores the value without knowing it; the packages that start cases and those that read
them (pages, history, the API) name it from here."""

from __future__ import annotations

from enum import StrEnum


class SubjectType(StrEnum):
    APPLICATION = "application"
    """申报: a brand's recommendation (`applications.models.Application`)."""
    EXIT_CASE = "exit_case"
    """退出: a brand leaving the library (`exits.models.ExitCase`)."""
    SPOT_CHECK = "spot_check"
    """抽查: one brand's yearly spot check (`spotcheck.models.SpotCheck`)."""
