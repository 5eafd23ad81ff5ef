"""teams_conversations: where the Teams surface can reach a user proactively

Revision ID: 0003_teams_conversations
Revises: 0002_contacts_updated_at
Create Date: 2026-11-28 05:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0003_teams_conversations'
down_revision: Union[str, Sequence[str], None] = '0002_contacts_updated_at'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'teams_conversations',
        sa.Column('user_ref', sa.String(length=200), nullable=False),
        sa.Column('reference', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('user_ref'),
    )


def downgrade() -> None:
    op.drop_table('teams_conversations')
