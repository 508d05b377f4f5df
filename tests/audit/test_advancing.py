""""A case advanced" is one step (`audit.case_advanced`): it records the outcome in the case's chain and
announces it once, to the receivers connected to the case's process (webapp/signals.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp import engine, signals
from webapp.applications import services as applications
from webapp.audit import services as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.db import session, transaction
from webapp.exits import services as exits
from webapp.notifications import arrivals, reminders
from webapp.regions.models import Region
from webapp.spotcheck import services as spotchecks

PROBE = "probe"
"""A process key no package follows by name: only the receivers of every case hear it."""


def test_receivers_are_connected_to_the_processes_they_follow(app):
    everyone = {arrivals.on_instance_advanced, reminders.on_instance_advanced}
    followers = {"recommendation": applications.on_instance_advanced, "exit": exits.on_instance_advanced,
                 "spot_check": spotchecks.on_instance_advanced}
    for key, receiver in followers.items():
        assert set(signals.instance_advanced.receivers_for(key)) == {*everyone, receiver}, key
    assert set(signals.instance_advanced.receivers_for(PROBE)) == everyone


def test_a_case_advanced_is_recorded_then_announced_once_and_follow_ons_run_after(app):
    heard: list[tuple[str, Any]] = []

    def listen(sender: str, **kwargs: Any) -> Any:
        heard.append((sender, kwargs))
        return lambda: heard.append(("follow-on", len(heard)))

    def also_listen(sender: str, **_: Any) -> None:
        heard.append(("also", sender))

    with transaction():
        instance = _instance()
        outcome = engine.Outcome(finished=True, end_outcome="done",
                                 warnings=[("Calendar missing for %(years)s.", {"years": "2099"})])
        with signals.instance_advanced.connected_to(listen, sender=PROBE), \
                signals.instance_advanced.connected_to(also_listen, sender=PROBE):
            audit.case_advanced(instance, outcome, actor=None, task=None, data={"reason": "test"})
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.instance_id == instance.id)
                                       .order_by(AuditEvent.seq)))
    assert actions == [AuditAction.WARNING, AuditAction.INSTANCE_FINISHED]
    announced = [kwargs for sender, kwargs in heard if sender == PROBE]
    assert announced == [{"instance": instance, "outcome": outcome, "actor": None, "task": None,
                          "data": {"reason": "test"}}]
    assert heard[-1] == ("follow-on", 2)  # after both receivers had heard the case


def _instance() -> engine.ProcessInstance:
    definition = engine.latest_or_fail("exit")
    region = session.scalars(select(Region.code).limit(1)).one()
    instance = engine.ProcessInstance(definition_id=definition.id, process_key=PROBE, state="{}",
                                      serializer_version="test", subject_type=PROBE, subject_id=0, title="probe",
                                      base_region_code=region)
    session.add(instance)
    session.flush()
    return instance
