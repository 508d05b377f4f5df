"""process changes (issue 19): rehearsals of a process saved as scenarios, run again at each deploy.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('rehearsal_scenario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('base_region_code', sa.String(length=12), nullable=False),
    sa.Column('choices', JSON, nullable=False),
    sa.Column('path', JSON, nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['base_region_code'], ['region.code'],
                            name=op.f('fk_rehearsal_scenario_base_region_code_region')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['app_user.id'], name=op.f('fk_rehearsal_scenario_saved_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rehearsal_scenario')),
    sa.UniqueConstraint('process_key', 'name', name=op.f('uq_rehearsal_scenario_process_key'))
    )


def downgrade() -> None:
    op.drop_table('rehearsal_scenario')
