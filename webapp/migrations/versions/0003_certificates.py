"""certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_counter')),
    sa.UniqueConstraint('region_code', 'year', name=op.f('uq_certificate_counter_region_code'))
    )
    op.create_table('signing_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('authority', sa.String(length=120), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=False),
    sa.Column('chain_pem', sa.Text(), nullable=False),
    sa.Column('key_path', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_signing_identity_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_identity'))
    )
    with op.batch_alter_table('signing_identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_identity_region_code'), ['region_code'], unique=False)

    op.create_table('certificate_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_certificate_batch_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_certificate_batch_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_batch'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(length=20), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('identity_id', sa.Integer(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf_path', sa.String(length=500), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_certificate_application_id_application')),
    sa.ForeignKeyConstraint(['batch_id'], ['certificate_batch.id'], name=op.f('fk_certificate_batch_id_certificate_batch')),
    sa.ForeignKeyConstraint(['brand_id'], ['brand.id'], name=op.f('fk_certificate_brand_id_brand')),
    sa.ForeignKeyConstraint(['identity_id'], ['signing_identity.id'], name=op.f('fk_certificate_identity_id_signing_identity')),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_certificate_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index('ix_certificate_pending', ['status', 'id'], unique=False)

    op.create_table('certificate_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('identity_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_certificate_file_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['identity_id'], ['signing_identity.id'], name=op.f('fk_certificate_file_identity_id_signing_identity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_file')),
    sa.UniqueConstraint('sha256', name=op.f('uq_certificate_file_sha256'))
    )
    with op.batch_alter_table('certificate_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_file_certificate_id'), ['certificate_id'], unique=False)

    with op.batch_alter_table('region_level', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authority_suffix', sa.String(length=40), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('region_level', schema=None) as batch_op:
        batch_op.drop_column('authority_suffix')

    with op.batch_alter_table('certificate_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_file_certificate_id'))

    op.drop_table('certificate_file')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_pending')
        batch_op.drop_index(batch_op.f('ix_certificate_brand_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_batch_id'))

    op.drop_table('certificate')
    op.drop_table('certificate_batch')
    with op.batch_alter_table('signing_identity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_identity_region_code'))

    op.drop_table('signing_identity')
    op.drop_table('certificate_counter')
