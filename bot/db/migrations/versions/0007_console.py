"""staff console: one-time sign-in links, console sessions, resolved gaps

Revision ID: 0007_console
Revises: 0006_documents_example
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0007_console'
down_revision: Union[str, Sequence[str], None] = '0006_documents_example'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'console_links',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_ref', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_table(
        'console_sessions',
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('user_ref', sa.String(length=200), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id_hash'),
    )
    op.create_index(op.f('ix_console_sessions_user_ref'), 'console_sessions', ['user_ref'])
    op.create_table(
        'gap_resolutions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('row_id', sa.Integer(), nullable=False),
        sa.Column('document', sa.String(length=1000), nullable=True),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'row_id', name='uq_gap_resolutions_row'),
    )


def downgrade() -> None:
    op.drop_table('gap_resolutions')
    op.drop_index(op.f('ix_console_sessions_user_ref'), table_name='console_sessions')
    op.drop_table('console_sessions')
    op.drop_table('console_links')
