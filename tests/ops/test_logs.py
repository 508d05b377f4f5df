"""The log configuration: SpiffWorkflow's state changes stay out of the production log unless asked for."""

from __future__ import annotations

import logging

import pytest

from webapp.ops import logs


@pytest.mark.parametrize(("level", "state_changes_logged"), [("INFO", False), ("WARNING", False), ("DEBUG", True)])
def test_the_engine_logs_its_task_state_changes_only_at_debug(restored_logging, monkeypatch, level,
                                                              state_changes_logged):
    monkeypatch.setenv("BRANDCERT_LOG_LEVEL", level)
    logs.configure()
    task_log = logging.getLogger("spiff.task")
    assert task_log.isEnabledFor(logging.INFO) is state_changes_logged
    assert task_log.isEnabledFor(logging.WARNING)
    assert logging.getLogger("webapp.request").isEnabledFor(logging.INFO) is (level != "WARNING")
