"""the working-day calendar entered by administrators; due dates that can be recounted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

document = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('workday_year') as batch:
        batch.add_column(sa.Column('entered_by', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('arrangement', document, nullable=True))
    op.create_table(
        'workday_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('entered_by', sa.String(length=100), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('deadlines_moved', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_workday_revision')),
    )
    op.create_index(op.f('ix_workday_revision_year'), 'workday_revision', ['year'], unique=False)
    with op.batch_alter_table('human_task') as batch:
        batch.add_column(sa.Column('due_counted_from', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('due_working_days', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('due_assumed_years', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('human_task') as batch:
        batch.drop_column('due_assumed_years')
        batch.drop_column('due_working_days')
        batch.drop_column('due_counted_from')
    op.drop_index(op.f('ix_workday_revision_year'), table_name='workday_revision')
    op.drop_table('workday_revision')
    with op.batch_alter_table('workday_year') as batch:
        batch.drop_column('arrangement')
        batch.drop_column('entered_by')
