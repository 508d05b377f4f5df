"""numbered audit checkpoints (issue 16, finding 1)

Checkpoints already signed are numbered in the order they were made; their signatures do not cover
the number, but their signed link to the previous checkpoint fixes the same place
(chain.UNNUMBERED_CHECKPOINT_FIELDS).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
    op.execute('UPDATE audit_checkpoint SET seq = (SELECT COUNT(*) FROM audit_checkpoint AS earlier '
               'WHERE earlier.id <= audit_checkpoint.id)')
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_checkpoint_seq'), ['seq'])


def downgrade() -> None:
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_checkpoint_seq'), type_='unique')
        batch_op.drop_column('seq')
