"""workshop sessions and attendance, program contacts, youth recommendations

Revision ID: e20b_program
Revises: e20a_editions
Create Date: 2026-12-02

Touches only the `workshop` table (its session: start, end, mode, venue, join link, check-in
code) and adds new tables: workshop attendance and check-in attempts, the program's contacts,
and the teams' versioned youth recommendations. The attendance table reuses the enum types
of lecture attendance, which already exist on PostgreSQL.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import postgresql


revision: str = 'e20b_program'
down_revision: Union[str, None] = 'e20a_editions'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('program_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('social_links', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('partners', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('recommendation_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('targets', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submitted_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'number', name='uq_recommendation_number')
    )
    with op.batch_alter_table('recommendation_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_version_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_version_team_id'), ['team_id'], unique=False)

    op.create_table('workshop_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', postgresql.ENUM('PRESENT', 'LATE', 'EXCUSED', 'ABSENT', name='attendancestatus', create_type=False), nullable=False),
    sa.Column('source', postgresql.ENUM('ROSTER', 'CHECK_IN', name='attendancesource', create_type=False), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'user_id', name='uq_workshop_attendance_user')
    )
    with op.batch_alter_table('workshop_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_attendance_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_attendance_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_checkin_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('workshop_checkin_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_checkin_attempt_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_checkin_attempt_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('session_ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('mode', sa.Enum('ONLINE', 'OFFLINE', 'HYBRID', name='lecturemode'), nullable=False, server_default='HYBRID'))
        batch_op.add_column(sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('join_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('checkin_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('checkin_code')
        batch_op.drop_column('join_url')
        batch_op.drop_column('venue')
        batch_op.drop_column('mode')
        batch_op.drop_column('session_ends_at')
        batch_op.drop_column('session_starts_at')

    with op.batch_alter_table('workshop_checkin_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_checkin_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_checkin_attempt_at'))

    op.drop_table('workshop_checkin_attempt')
    with op.batch_alter_table('workshop_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_attendance_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_attendance_user_id'))

    op.drop_table('workshop_attendance')
    with op.batch_alter_table('recommendation_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_version_team_id'))
        batch_op.drop_index(batch_op.f('ix_recommendation_version_submitted_at'))

    op.drop_table('recommendation_version')
    op.drop_table('program_settings')
