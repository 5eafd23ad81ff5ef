"""outbox: notices written with the state change that causes them, delivered by the worker

Revision ID: 0005_outbox
Revises: 0004_shared_state
Create Date: 2026-12-01 21:40:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0005_outbox'
down_revision: Union[str, Sequence[str], None] = '0004_shared_state'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('intro_id', sa.String(length=32), nullable=True),
        sa.Column('recipient', sa.String(length=20), nullable=False),
        sa.Column('surface', sa.String(length=20), nullable=False),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_by', sa.String(length=64), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('platform_ref', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['intro_id'], ['intro_requests.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_outbox_intro_id', 'outbox', ['intro_id'])
    op.create_index('ix_outbox_due', 'outbox', ['state', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_index('ix_outbox_due', table_name='outbox')
    op.drop_index('ix_outbox_intro_id', table_name='outbox')
    op.drop_table('outbox')
