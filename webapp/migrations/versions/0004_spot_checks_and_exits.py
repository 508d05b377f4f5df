"""spot checks and exits

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_key', sa.String(length=60), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_owner_key'), ['owner_key'], unique=False)

    op.create_table('campaign_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('sample_rate', sa.Double(), nullable=False),
    sa.Column('next_run_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_campaign_schedule_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_campaign_schedule_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_schedule'))
    )
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('sample_rate', sa.Double(), nullable=False),
    sa.Column('seed', sa.String(length=60), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active_brands', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_campaign_region_code_region')),
    sa.ForeignKeyConstraint(['schedule_id'], ['campaign_schedule.id'], name=op.f('fk_campaign_schedule_id_campaign_schedule')),
    sa.ForeignKeyConstraint(['started_by_id'], ['app_user.id'], name=op.f('fk_campaign_started_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('schedule_id', 'year', name=op.f('uq_campaign_schedule_id'))
    )
    op.create_table('exit_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_exit_case_brand_id_brand')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_exit_case_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_exit_case_instance_id_process_instance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exit_case'))
    )
    with op.batch_alter_table('exit_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exit_case_brand_id'), ['brand_id'], unique=False)

    op.create_table('spot_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_spot_check_brand_id_brand')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_spot_check_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_spot_check_instance_id_process_instance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_check')),
    sa.UniqueConstraint('campaign_id', 'brand_id', name=op.f('uq_spot_check_campaign_id'))
    )
    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_check_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_check_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_check_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_status'))
        batch_op.drop_index(batch_op.f('ix_spot_check_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_spot_check_brand_id'))

    op.drop_table('spot_check')
    with op.batch_alter_table('exit_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exit_case_brand_id'))

    op.drop_table('exit_case')
    op.drop_table('campaign')
    op.drop_table('campaign_schedule')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_owner_key'))

    op.drop_table('notification')
