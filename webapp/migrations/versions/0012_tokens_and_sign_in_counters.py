"""sessions, API tokens and the sign-in throttle (issue 16, finding 4): tokens get a name, when they
were last used and revoked; failed sign-ins are counted per (username, address) and per address in
one row each, instead of one row per failure

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_token') as batch:
        batch.add_column(sa.Column('name', sa.String(length=100), nullable=False, server_default=''))
        batch.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('sign_in_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('strikes', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_counter')),
    sa.UniqueConstraint('scope', 'username', 'source', name=op.f('uq_sign_in_counter_scope'))
    )
    op.create_index(op.f('ix_sign_in_counter_last_failure_at'), 'sign_in_counter', ['last_failure_at'], unique=False)
    # The failures of the last fifteen minutes are not carried over: a lock in force at the upgrade ends.
    op.drop_table('login_failure')


def downgrade() -> None:
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    op.create_index(op.f('ix_login_failure_at'), 'login_failure', ['at'], unique=False)
    op.create_index(op.f('ix_login_failure_source'), 'login_failure', ['source'], unique=False)
    op.create_index(op.f('ix_login_failure_username'), 'login_failure', ['username'], unique=False)
    op.drop_index(op.f('ix_sign_in_counter_last_failure_at'), table_name='sign_in_counter')
    op.drop_table('sign_in_counter')
    with op.batch_alter_table('api_token') as batch:
        batch.drop_column('revoked_at')
        batch.drop_column('last_used_at')
        batch.drop_column('name')
