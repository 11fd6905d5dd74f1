"""each account's language

Revision ID: e24_languages
Revises: e21c_templates_review_digest
Create Date: 2026-12-03

The language a person chose for the interface and their emails ("" until they choose: then
their browser's choice, else its Accept-Language, else English).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'e24_languages'
down_revision: Union[str, None] = 'e21c_templates_review_digest'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.drop_column('language')
