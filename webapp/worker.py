"""Background work: fire due timers, one instance per transaction (DESIGN.md §3), and sign the
certificates that recognitions planned.

On PostgreSQL several workers can run at once: each takes a due instance with
`FOR UPDATE SKIP LOCKED`, so no two fire the same one. On SQLite run one worker.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from sqlalchemy.exc import OperationalError

from webapp import engine
from webapp.audit import checkpoints as audit_checkpoints
from webapp.audit import services as audit
from webapp.audit.models import CHECKPOINT_EVERY, AuditAction
from webapp.certificates import services as certificates
from webapp.clock import now_utc
from webapp.db import refresh_statistics, session, transaction
from webapp.errors import Conflict
from webapp.exports import services as exports
from webapp.i18n import N_
from webapp.notifications import delivery as deliveries
from webapp.notifications import digest, reminders
from webapp.spotcheck import services as spotchecks

logger = logging.getLogger(__name__)
RETRY_AFTER = timedelta(hours=1)


def fire_due_timers(limit: int = 10_000) -> int:
    """Fire every due timer once; returns how many instances advanced."""
    fired = 0
    for _ in range(limit):
        instance_id = None
        try:
            with transaction():
                instance = engine.claim_due()
                if instance is None:
                    return fired
                instance_id = instance.id
                outcome = engine.fire_timers(instance)
                audit.case_advanced(instance, outcome, actor=None, task=None, data=None)
            fired += 1
        except OperationalError:  # the database, not the instance, failed: nothing to postpone
            raise
        except Exception as error:  # one broken instance must not stop the others' timers
            if instance_id is None:
                raise
            session.rollback()
            _postpone(instance_id, error)
    return fired


def _postpone(instance_id: int, error: Exception) -> None:
    """Record why the instance failed and retry it later instead of spinning on it."""
    logger.error("timers of instance %s failed: %s", instance_id, error)
    with transaction():
        instance = engine.lock(instance_id)
        instance.next_timer_at = now_utc() + RETRY_AFTER
        audit.record(instance, AuditAction.WARNING,
                     data={"message": N_("Firing timers failed and will be retried: %(error)s"),
                           "params": {"error": str(error)}})


def issue_pending_certificates(limit: int = 1000) -> int:
    """Sign pending certificates one by one; stops early (and says why) when a key is missing."""
    issued = 0
    for _ in range(limit):
        try:
            if certificates.issue_next() is None:
                break
        except certificates.NoSigningKey as error:
            logger.error("%s", error.message)
            break
        issued += 1
    return issued


def run_once() -> tuple[int, int]:
    """Timers first, then this year's scheduled campaigns, planned spot checks, certificates, the
    exports people asked for, due reminders and daily digests, the messages their steps wrote (e-mail,
    webhook), and the audit trail's upkeep."""
    fired = fire_due_timers()
    spotchecks.run_due_schedules()
    while spotchecks.start_planned(limit=100):
        pass
    issued = issue_pending_certificates()
    exports.run_pending()
    reminders.send_due_reminders()
    digest.send_digests()
    deliveries.deliver_due()
    keep_audit_trail()
    return fired, issued


def keep_audit_trail() -> None:
    """Every CHECKPOINT_EVERY: sign a checkpoint and refresh the planner's statistics (the audit
    searches need them on SQLite). Every time: run a verification someone requested."""
    latest = audit_checkpoints.latest()
    if latest is None or latest.at <= now_utc() - CHECKPOINT_EVERY:
        try:
            audit_checkpoints.make_checkpoint()
        except audit_checkpoints.CheckpointRace as error:  # another worker was quicker
            logger.info("%s", error.message)
        except Conflict as error:  # a broken trail or witness: say so every time, never vouch for it
            logger.error("%s", error.message)
        session.remove()
        refresh_statistics()
    audit.run_requested_verification()


def run_forever(interval: float = 5.0) -> None:
    """Poll until stopped. A database that goes away (a restart, a failover) is waited for: the
    work left undone was rolled back with the lost connection and is simply taken up again."""
    logger.info("worker started; polling every %s s", interval)
    while True:
        try:
            fired, issued = run_once()
        except OperationalError as error:
            logger.warning("database unavailable, retrying in %s s: %s", interval, error.orig or error)
            session.remove()
            time.sleep(interval)
            continue
        if fired or issued:
            logger.info("timers fired: %s, certificates issued: %s", fired, issued)
        else:
            time.sleep(interval)
