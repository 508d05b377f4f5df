"""the audit chain's head on the case row (issue 22): recording an event no longer searches the trail.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('process_instance', sa.Column('audit_seq', sa.Integer(), server_default='0', nullable=False))
    op.add_column('process_instance', sa.Column('audit_head', sa.String(length=64), nullable=True))
    op.execute("UPDATE process_instance SET "
               "audit_seq = COALESCE((SELECT max(e.seq) FROM audit_event e "
               "WHERE e.instance_id = process_instance.id), 0), "
               "audit_head = (SELECT e.hash FROM audit_event e WHERE e.instance_id = process_instance.id "
               "ORDER BY e.seq DESC LIMIT 1)")


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of the table would break its references
    op.drop_column('process_instance', 'audit_head')
    op.drop_column('process_instance', 'audit_seq')
