"""editions: the ceremony as an event, the waitlist, Phase 2's Phase 1 requirement, archiving,
and an optional minimum age

Revision ID: e20a_editions
Revises: e26_speed
Create Date: 2026-12-02

Only the `cohort` table changes. The minimum age becomes optional (the program is open to
anyone under 35); editions that had one keep it.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e20a_editions'
down_revision: Union[str, None] = 'e26_speed'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ceremony_starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('ceremony_venue', sqlmodel.sql.sqltypes.AutoString(length=300),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ceremony_mode', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=False, server_default='hybrid'))
        batch_op.add_column(sa.Column('ceremony_join_url', sqlmodel.sql.sqltypes.AutoString(length=500),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('waitlist_capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('phase2_requires_phase1', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.alter_column('min_age', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE cohort SET min_age = 16 WHERE min_age IS NULL")
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.alter_column('min_age', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('archived_at')
        batch_op.drop_column('phase2_requires_phase1')
        batch_op.drop_column('waitlist_capacity')
        batch_op.drop_column('ceremony_join_url')
        batch_op.drop_column('ceremony_mode')
        batch_op.drop_column('ceremony_venue')
        batch_op.drop_column('ceremony_starts_at')
