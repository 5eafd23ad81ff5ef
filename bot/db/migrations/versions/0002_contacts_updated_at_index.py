"""index contacts.updated_at

Matching checks max(updated_at) and the row count before every match, to know whether its in-memory
contact matrix is still current; with this index that is an index lookup, not a table scan.

Revision ID: 0002_contacts_updated_at
Revises: 0001
Create Date: 2026-11-28 04:30:00.000000

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0002_contacts_updated_at'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_contacts_updated_at', 'contacts', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_contacts_updated_at', table_name='contacts')
