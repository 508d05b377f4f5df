"""desk actions (issue 18): substitutes while on leave (代理), opinions asked of colleagues (加签),
and a task's delegation (委派: the holder who delegated it, its state and the delegate's draft).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('human_task') as batch:
        batch.add_column(sa.Column('delegated_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('delegation_state', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('draft', JSON, nullable=True))
        batch.create_foreign_key(batch.f('fk_human_task_delegated_by_id_app_user'), 'app_user',
                                 ['delegated_by_id'], ['id'])
    op.create_table('substitution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('principal_id', sa.Integer(), nullable=False),
    sa.Column('substitute_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['principal_id'], ['app_user.id'], name=op.f('fk_substitution_principal_id_app_user')),
    sa.ForeignKeyConstraint(['substitute_id'], ['app_user.id'], name=op.f('fk_substitution_substitute_id_app_user')),
    sa.ForeignKeyConstraint(['set_by_id'], ['app_user.id'], name=op.f('fk_substitution_set_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_substitution'))
    )
    op.create_index(op.f('ix_substitution_principal_id'), 'substitution', ['principal_id'])
    op.create_index('ix_substitution_substitute', 'substitution', ['substitute_id', 'ends_on'])
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('consultant_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['task_id'], ['human_task.id'], name=op.f('fk_consultation_task_id_human_task')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'],
                            name=op.f('fk_consultation_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['app_user.id'], name=op.f('fk_consultation_asked_by_id_app_user')),
    sa.ForeignKeyConstraint(['consultant_id'], ['app_user.id'],
                            name=op.f('fk_consultation_consultant_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation'))
    )
    op.create_index(op.f('ix_consultation_task_id'), 'consultation', ['task_id'])
    op.create_index(op.f('ix_consultation_instance_id'), 'consultation', ['instance_id'])
    op.create_index('ix_consultation_consultant', 'consultation', ['consultant_id', 'answered_at'])


def downgrade() -> None:
    op.drop_table('consultation')
    op.drop_table('substitution')
    with op.batch_alter_table('human_task') as batch:
        batch.drop_constraint(batch.f('fk_human_task_delegated_by_id_app_user'), type_='foreignkey')
        batch.drop_column('draft')
        batch.drop_column('delegation_state')
        batch.drop_column('delegated_by_id')
