"""verifiable credentials and the winners page consent

Revision ID: e25_credentials
Revises: e21a_notifications
Create Date: 2026-12-02

Every certificate and award gets a credential with a random code that /verify/<code> looks
up; revoked ones keep their date, reason and replacement. Participants choose whether their
name is shown on the public winners page (off for everyone until they say so).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e25_credentials'
down_revision: Union[str, None] = 'e21a_notifications'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('COMPLETION', 'TEAM_AWARD', 'INDIVIDUAL_AWARD', name='credentialkind'), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('award', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('team_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('holder_user_id', sa.Integer(), nullable=True),
    sa.Column('holder_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('replaced_by', sa.Integer(), nullable=True),
    sa.Column('qr_url', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('qr_pixels', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], ),
    sa.ForeignKeyConstraint(['holder_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['replaced_by'], ['credential.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_credential_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credential_holder_user_id'), ['holder_user_id'], unique=False)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_on_winners_page', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('name_on_winners_page')
    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_holder_user_id'))
        batch_op.drop_index(batch_op.f('ix_credential_cohort_id'))
        batch_op.drop_index(batch_op.f('ix_credential_code'))
    op.drop_table('credential')
    sa.Enum(name='credentialkind').drop(op.get_bind(), checkfirst=True)
