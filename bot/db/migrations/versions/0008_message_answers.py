"""message_answers: which answer a sent message holds (Teams' feedback loop), shared by every process

Revision ID: 0008_message_answers
Revises: 0007_console
Create Date: 2026-12-02 01:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0008_message_answers'
down_revision: Union[str, Sequence[str], None] = '0007_console'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'message_answers',
        sa.Column('conversation_id', sa.String(length=300), nullable=False),
        sa.Column('message_id', sa.String(length=200), nullable=False),
        sa.Column('answer_id', sa.String(length=32), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('conversation_id', 'message_id'),
    )
    op.create_index(op.f('ix_message_answers_answer_id'), 'message_answers', ['answer_id'], unique=False)
    op.create_index(op.f('ix_message_answers_at'), 'message_answers', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_message_answers_at'), table_name='message_answers')
    op.drop_index(op.f('ix_message_answers_answer_id'), table_name='message_answers')
    op.drop_table('message_answers')
