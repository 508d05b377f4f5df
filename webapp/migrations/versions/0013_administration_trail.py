"""the administration trail (issue 16, finding 1): administrators' and operators' actions in one
hash chain, and who started each spot check campaign

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_admin_event_actor_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_event')),
    sa.UniqueConstraint('seq', name=op.f('uq_admin_event_seq'))
    )
    op.create_index(op.f('ix_admin_event_action'), 'admin_event', ['action'], unique=False)
    op.create_index(op.f('ix_admin_event_actor_id'), 'admin_event', ['actor_id'], unique=False)
    op.create_index(op.f('ix_admin_event_at'), 'admin_event', ['at'], unique=False)
    op.create_index(op.f('ix_admin_event_region_code'), 'admin_event', ['region_code'], unique=False)
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('started_by_name', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('started_by_name')
    op.drop_table('admin_event')
