"""inbox indexes (issue 22): an inbox page and its counts per filter read indexes only.

`ix_human_task_ready` holds, for the open tasks only, every column the inbox filters, counts and
sorts on, so the counts, the pager's total and a page's ids never visit the table.
`ix_audit_event_applicant` answers "which cases did this user act on as their applicant" (the
cases an official may not review) without reading every event the official ever recorded.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

READY = sa.text("status = 'ready'")
APPLICANT = sa.text("role = 'applicant'")
INBOX_COLUMNS = ['candidate_group', 'region_code', 'due_at', 'id', 'assignee_id', 'assigned_by_process',
                 'instance_id', 'owner_key', 'lane', 'bpmn_id', 'name', 'name_en']


def upgrade() -> None:
    op.create_index('ix_human_task_ready', 'human_task', INBOX_COLUMNS,
                    postgresql_where=READY, sqlite_where=READY)
    op.create_index('ix_audit_event_applicant', 'audit_event', ['actor_id', 'instance_id'],
                    postgresql_where=APPLICANT, sqlite_where=APPLICANT)


def downgrade() -> None:
    op.drop_index('ix_audit_event_applicant', table_name='audit_event')
    op.drop_index('ix_human_task_ready', table_name='human_task')
