"""messages to people and their deliveries (issue 17): the in-app messages with an outbox of e-mail
and webhook deliveries, each person's notification settings, reminders per task, urging and copies;
a task's diagram properties on its inbox row. The old per-unit `notification` rows become messages
to the people of that unit.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('human_task') as batch:
        batch.add_column(sa.Column('properties', JSON, nullable=True))
    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('event_key', sa.String(length=120), nullable=False),
    sa.Column('message', sa.String(length=400), nullable=False),
    sa.Column('params', JSON, nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_message_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['recipient_id'], ['app_user.id'], name=op.f('fk_message_recipient_id_app_user')),
    sa.ForeignKeyConstraint(['task_id'], ['human_task.id'], name=op.f('fk_message_task_id_human_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message')),
    sa.UniqueConstraint('event_key', 'recipient_id', name=op.f('uq_message_event_key'))
    )
    op.create_index(op.f('ix_message_created_at'), 'message', ['created_at'], unique=False)
    op.create_index(op.f('ix_message_instance_id'), 'message', ['instance_id'], unique=False)
    op.create_index(op.f('ix_message_kind'), 'message', ['kind'], unique=False)
    op.create_index('ix_message_unread', 'message', ['recipient_id', 'read_at'], unique=False)
    op.create_table('message_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_message_delivery_message_id_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_delivery')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_message_delivery_idempotency_key'))
    )
    op.create_index('ix_message_delivery_due', 'message_delivery', ['status', 'next_attempt_at'], unique=False)
    op.create_index(op.f('ix_message_delivery_message_id'), 'message_delivery', ['message_id'], unique=False)
    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('email_enabled', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('webhook_enabled', sa.Boolean(), nullable=False),
    sa.Column('daily_digest', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_notification_settings_user_id_app_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('task_notice',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_to', sa.String(length=12), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['task_id'], ['human_task.id'], name=op.f('fk_task_notice_task_id_human_task')),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_task_notice'))
    )
    op.create_index(op.f('ix_task_notice_escalated_to'), 'task_notice', ['escalated_to'], unique=False)
    op.create_index(op.f('ix_task_notice_next_at'), 'task_notice', ['next_at'], unique=False)
    op.create_table('urge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_urge_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_urge_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_urge')),
    sa.UniqueConstraint('instance_id', 'user_id', 'day', name=op.f('uq_urge_instance_id'))
    )
    op.create_index(op.f('ix_urge_instance_id'), 'urge', ['instance_id'], unique=False)
    op.create_table('case_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['app_user.id'], name=op.f('fk_case_copy_by_id_app_user')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_case_copy_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['recipient_id'], ['app_user.id'], name=op.f('fk_case_copy_recipient_id_app_user')),
    sa.ForeignKeyConstraint(['task_id'], ['human_task.id'], name=op.f('fk_case_copy_task_id_human_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_copy')),
    sa.UniqueConstraint('instance_id', 'recipient_id', 'task_id', name=op.f('uq_case_copy_instance_id'))
    )
    op.create_index(op.f('ix_case_copy_instance_id'), 'case_copy', ['instance_id'], unique=False)
    op.create_index(op.f('ix_case_copy_recipient_id'), 'case_copy', ['recipient_id'], unique=False)
    # Each old unit notice becomes a message to every person of that unit.
    op.execute(
        "INSERT INTO message (recipient_id, kind, event_key, message, params, created_at) "
        "SELECT u.id, 'exit_decided', 'notification:' || n.id, n.message, n.params, n.created_at "
        "FROM notification n JOIN app_user u ON n.owner_key = 'unit:' || u.creation_unit_id")
    op.drop_table('notification')


def downgrade() -> None:
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_key', sa.String(length=60), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('params', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    op.create_index(op.f('ix_notification_owner_key'), 'notification', ['owner_key'], unique=False)
    for name in ('case_copy', 'urge', 'task_notice', 'notification_settings', 'message_delivery', 'message'):
        op.drop_table(name)
    with op.batch_alter_table('human_task') as batch:
        batch.drop_column('properties')
