"""documents.example: whether a document is illustrative (front matter `example: true`)

Revision ID: 0006_documents_example
Revises: 0005_outbox
Create Date: 2026-12-01 21:40:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0006_documents_example'
down_revision: Union[str, Sequence[str], None] = '0005_outbox'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('example', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('example')
