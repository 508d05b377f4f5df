"""policy targets and export jobs

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('policy_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=True),
    sa.Column('brand_type', sa.String(length=20), nullable=True),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('due_year', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_policy_target_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_target'))
    )
    op.create_index(op.f('ix_policy_target_region_code'), 'policy_target', ['region_code'], unique=False)
    op.create_table('export_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('file_path', sa.String(length=500), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['app_user.id'], name=op.f('fk_export_job_requested_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_job'))
    )
    op.create_index(op.f('ix_export_job_status'), 'export_job', ['status'], unique=False)
    op.create_index(op.f('ix_export_job_requested_by_id'), 'export_job', ['requested_by_id'], unique=False)


def downgrade() -> None:
    op.drop_table('export_job')
    op.drop_table('policy_target')
