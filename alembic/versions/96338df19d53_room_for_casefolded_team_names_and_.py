"""room for casefolded team names and award notes around a whole reason

Revision ID: 96338df19d53
Revises: 332b303df499
Create Date: 2026-11-23

Both columns hold values derived from an input that was checked against its own limit, and
the derived value can be longer: casefolding spells a character out in up to 3 (an 80-character
team name, a key of up to 240), and a finalized award's note wraps a reason of up to 1000
characters in "Decided by the secretariat: … (joint award)". SQLite stored the longer values
anyway; PostgreSQL refuses them.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '96338df19d53'
down_revision: Union[str, None] = '332b303df499'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sqlmodel.sql.sqltypes.AutoString(length=80),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=240), existing_nullable=False)
    with op.batch_alter_table('award_entry', schema=None) as batch_op:
        batch_op.alter_column('note', existing_type=sqlmodel.sql.sqltypes.AutoString(length=1000),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=1100), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('award_entry', schema=None) as batch_op:
        batch_op.alter_column('note', existing_type=sqlmodel.sql.sqltypes.AutoString(length=1100),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=1000), existing_nullable=False)
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sqlmodel.sql.sqltypes.AutoString(length=240),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=80), existing_nullable=False)
