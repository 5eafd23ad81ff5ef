"""introductions people keep using: snoozes and unanswered pauses, "don't introduce me to" lists,
follow-up answers, and when a request was held or followed up

Revision ID: 0009_intro_hygiene
Revises: 0008_message_answers
Create Date: 2026-12-02 01:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0009_intro_hygiene'
down_revision: Union[str, Sequence[str], None] = '0008_message_answers'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'contact_availability',
        sa.Column('contact_id', sa.String(length=32), nullable=False),
        sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('snoozed_by', sa.String(length=200), nullable=True),
        sa.Column('unanswered', sa.Integer(), nullable=False),
        sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('contact_id'),
    )
    op.create_index('ix_contact_availability_snoozed_until', 'contact_availability', ['snoozed_until'])
    op.create_index('ix_contact_availability_paused_at', 'contact_availability', ['paused_at'])
    op.create_table(
        'intro_blocks',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('contact_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('value', sa.String(length=300), nullable=False),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('contact_id', 'kind', 'value', name='uq_intro_blocks_entry'),
    )
    op.create_index('ix_intro_blocks_contact_id', 'intro_blocks', ['contact_id'])
    op.create_index('ix_intro_blocks_value', 'intro_blocks', ['kind', 'value'])
    op.create_table(
        'intro_follow_ups',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('intro_id', sa.String(length=32), nullable=False),
        sa.Column('side', sa.String(length=20), nullable=False),
        sa.Column('respondent_ref', sa.String(length=200), nullable=False),
        sa.Column('answer', sa.String(length=20), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['intro_id'], ['intro_requests.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('intro_id', 'side', name='uq_intro_follow_ups_side'),
    )
    op.create_index('ix_intro_follow_ups_intro_id', 'intro_follow_ups', ['intro_id'])
    with op.batch_alter_table('intro_requests') as batch:
        batch.add_column(sa.Column('held_until', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('follow_up_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('intro_requests') as batch:
        batch.drop_column('follow_up_sent_at')
        batch.drop_column('held_until')
    op.drop_index('ix_intro_follow_ups_intro_id', table_name='intro_follow_ups')
    op.drop_table('intro_follow_ups')
    op.drop_index('ix_intro_blocks_value', table_name='intro_blocks')
    op.drop_index('ix_intro_blocks_contact_id', table_name='intro_blocks')
    op.drop_table('intro_blocks')
    op.drop_index('ix_contact_availability_paused_at', table_name='contact_availability')
    op.drop_index('ix_contact_availability_snoozed_until', table_name='contact_availability')
    op.drop_table('contact_availability')
