"""shared state: rate-limit hits, conversation history and cached platform values, for every process

Revision ID: 0004_shared_state
Revises: 0003_teams_conversations
Create Date: 2026-12-01 21:40:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0004_shared_state'
down_revision: Union[str, Sequence[str], None] = '0003_teams_conversations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'rate_limit_hits',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_rate_limit_hits_key_at', 'rate_limit_hits', ['key', 'at'])
    op.create_table(
        'conversation_history',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('turns', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.Float(), nullable=False),
        sa.Column('reset_at', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index(op.f('ix_conversation_history_updated_at'), 'conversation_history', ['updated_at'])
    op.create_table(
        'cached_values',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('fetched_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('cached_values')
    op.drop_index(op.f('ix_conversation_history_updated_at'), table_name='conversation_history')
    op.drop_table('conversation_history')
    op.drop_index('ix_rate_limit_hits_key_at', table_name='rate_limit_hits')
    op.drop_table('rate_limit_hits')
