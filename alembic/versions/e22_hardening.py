"""hardening: random review codes, email confirmation of registrations

Revision ID: e22_hardening
Revises: 96338df19d53
Create Date: 2026-12-02

Blind judging names each assignment by a random code instead of the team's id; a registration
is usable once the link emailed to it is followed (accounts that exist are confirmed).
"""
import secrets
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e22_hardening'
down_revision: Union[str, None] = '96338df19d53'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def upgrade() -> None:
    op.create_table(
        'email_confirmation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('email_confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_confirmation_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_email_confirmation_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute(sa.text('UPDATE "user" SET email_confirmed_at = created_at'))
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    bind = op.get_bind()
    for (assignment_id,) in bind.execute(sa.text('SELECT id FROM review_assignment')).all():
        code = ''.join(secrets.choice(LETTERS) for _ in range(8))
        bind.execute(sa.text('UPDATE review_assignment SET code = :c WHERE id = :i'), {'c': code, 'i': assignment_id})
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.alter_column('code', existing_type=sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False)
        batch_op.create_unique_constraint('uq_review_assignment_code', ['code'])


def downgrade() -> None:
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_constraint('uq_review_assignment_code', type_='unique')
        batch_op.drop_column('code')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
    with op.batch_alter_table('email_confirmation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_confirmation_user_id'))
        batch_op.drop_index(batch_op.f('ix_email_confirmation_token_hash'))
    op.drop_table('email_confirmation')
