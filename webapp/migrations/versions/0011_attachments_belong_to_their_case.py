"""attachments belong to their case: one row per upload (bytes shared by hash), bound to the case or
draft whose form named it (issue 16, finding 5)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_attachment = sa.table('attachment', sa.column('id', sa.String()), sa.column('sha256', sa.String()),
                       sa.column('instance_id', sa.Integer()), sa.column('application_id', sa.Integer()))


def upgrade() -> None:
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('instance_id', sa.Integer(), nullable=True))
    op.execute(_attachment.update().values(sha256=_attachment.c.id))  # until now a row's id was its hash
    _bind_existing(op.get_bind())
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.alter_column('sha256', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_instance_id'), ['instance_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachment_application_id_application'), 'application',
                                    ['application_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_attachment_instance_id_process_instance'), 'process_instance',
                                    ['instance_id'], ['id'])


def _bind_existing(connection: Any) -> None:
    """Each stored file belongs to the first application and the first case that named it, so that
    whoever read it there still can."""
    application = sa.table('application', sa.column('id', sa.Integer()), sa.column('instance_id', sa.Integer()),
                           sa.column('data', _JSON))
    for application_id, instance_id, data in connection.execute(
            sa.select(application.c.id, application.c.instance_id, application.c.data).order_by(application.c.id)):
        ids = set(_named(data))
        _bind(connection, ids, 'application_id', application_id)
        if instance_id is not None:
            _bind(connection, ids, 'instance_id', instance_id)
    event = sa.table('audit_event', sa.column('id', sa.Integer()), sa.column('instance_id', sa.Integer()),
                     sa.column('data', _JSON))
    for instance_id, data in connection.execute(
            sa.select(event.c.instance_id, event.c.data).where(event.c.data.is_not(None)).order_by(event.c.id)):
        _bind(connection, set(_named(data)), 'instance_id', instance_id)


def _bind(connection: Any, ids: set[str], column: str, value: int) -> None:
    if ids:
        connection.execute(_attachment.update().where(_attachment.c.id.in_(ids), _attachment.c[column].is_(None))
                           .values({column: value}))


def _named(data: Any) -> Iterator[str]:
    """The ids of the files a form's data names: objects with an id and a name."""
    if isinstance(data, dict):
        if set(data) >= {'id', 'name'} and isinstance(data['id'], str):
            yield data['id']
        for value in data.values():
            yield from _named(value)
    elif isinstance(data, list):
        for value in data:
            yield from _named(value)


def downgrade() -> None:
    """Before this revision a row's id was its content's hash: uploads made since, and second uploads
    of the same bytes, cannot be represented and are removed (their files stay on disk)."""
    op.execute(_attachment.delete().where(_attachment.c.id != _attachment.c.sha256))
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachment_instance_id_process_instance'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachment_application_id_application'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachment_instance_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_application_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_column('instance_id')
        batch_op.drop_column('application_id')
        batch_op.drop_column('sha256')
