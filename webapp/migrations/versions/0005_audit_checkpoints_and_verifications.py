"""audit checkpoints and verifications

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('heads_digest', sa.String(length=64), nullable=False),
    sa.Column('heads_count', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_checkpoint_prev_hash'))
    )
    op.create_table('audit_checkpoint_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkpoint_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['checkpoint_id'], ['audit_checkpoint.id'], name=op.f('fk_audit_checkpoint_head_checkpoint_id_audit_checkpoint')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint_head')),
    sa.UniqueConstraint('checkpoint_id', 'instance_id', name=op.f('uq_audit_checkpoint_head_checkpoint_id'))
    )
    with op.batch_alter_table('audit_checkpoint_head', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_checkpoint_head_instance_id'), ['instance_id'], unique=False)

    op.create_table('audit_verification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('events', sa.Integer(), nullable=True),
    sa.Column('chains', sa.Integer(), nullable=True),
    sa.Column('checkpoints', sa.Integer(), nullable=True),
    sa.Column('problems', sa.Integer(), nullable=True),
    sa.Column('first_problem', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['app_user.id'], name=op.f('fk_audit_verification_requested_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_verification'))
    )
    with op.batch_alter_table('exit_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exit_case_instance_id'), ['instance_id'], unique=False)

    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_check_instance_id'), ['instance_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_instance_id'))

    with op.batch_alter_table('exit_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exit_case_instance_id'))

    op.drop_table('audit_verification')
    with op.batch_alter_table('audit_checkpoint_head', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_checkpoint_head_instance_id'))

    op.drop_table('audit_checkpoint_head')
    op.drop_table('audit_checkpoint')
