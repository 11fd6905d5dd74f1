"""award exports made at finalization

Revision ID: e26_speed
Revises: e22_hardening
Create Date: 2026-12-02

A finalized award list cannot change until it is unlocked: its XLSX (judging results and
Phase 1 progress of every participant, seconds to compute for thousands) is made once when the
list is finalized and kept here; unlocking deletes it.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e26_speed'
down_revision: Union[str, None] = 'e22_hardening'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('award_export',
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('fmt', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('made_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cohort_id', 'fmt')
    )
    with op.batch_alter_table('award_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_export_cohort_id'), ['cohort_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('award_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_export_cohort_id'))
    op.drop_table('award_export')
