"""accounts, memberships, audit log

Revision ID: 2783e11937d5
Revises: 
Create Date: 2026-11-25 20:56:06.918631
"""

import sqlalchemy as sa
from alembic import op


revision = '2783e11937d5'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('judiciary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judiciary')),
    sa.UniqueConstraint('name', name=op.f('uq_judiciary_name'))
    )
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_login_failure_account_at', ['account_key', 'at'], unique=False)
        batch_op.create_index('ix_login_failure_address_at', ['address', 'at'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=False),
    sa.Column('court', sa.String(length=120), nullable=True),
    sa.Column('region', sa.String(length=120), nullable=True),
    sa.Column('judiciary_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('email_verified_at', sa.DateTime(), nullable=True),
    sa.Column('session_token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['judiciary_id'], ['judiciary.id'], name=op.f('fk_user_judiciary_id_judiciary'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_judiciary_id'), ['judiciary_id'], unique=False)
    # E-mail addresses are unique whatever their letter case.
    op.create_index('uq_user_email_lower', 'user', [sa.text('lower(email)')], unique=True)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('judiciary_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_entry_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['judiciary_id'], ['judiciary.id'], name=op.f('fk_audit_entry_judiciary_id_judiciary')),
    sa.ForeignKeyConstraint(['subject_id'], ['user.id'], name=op.f('fk_audit_entry_subject_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_subject_id'), ['subject_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('judiciary_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user.id'], name=op.f('fk_invitation_accepted_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['judiciary_id'], ['judiciary.id'], name=op.f('fk_invitation_judiciary_id_judiciary')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_judiciary_id'), ['judiciary_id'], unique=False)

    op.create_table('membership_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('judiciary_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_membership_request_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['judiciary_id'], ['judiciary.id'], name=op.f('fk_membership_request_judiciary_id_judiciary')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_membership_request_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_request'))
    )
    with op.batch_alter_table('membership_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_request_judiciary_id'), ['judiciary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_request_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_membership_request_one_pending', ['user_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    op.create_table('user_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_role')),
    sa.UniqueConstraint('user_id', 'role', name=op.f('uq_user_role_user_id'))
    )


def downgrade() -> None:
    op.drop_table('user_role')
    with op.batch_alter_table('membership_request', schema=None) as batch_op:
        batch_op.drop_index('uq_membership_request_one_pending', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_membership_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_request_judiciary_id'))

    op.drop_table('membership_request')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_judiciary_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_subject_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    op.drop_index('uq_user_email_lower', table_name='user')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_judiciary_id'))

    op.drop_table('user')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_address_at')
        batch_op.drop_index('ix_login_failure_account_at')

    op.drop_table('login_failure')
    op.drop_table('judiciary')
