"""customer self-service: a cancellation cut-off per business, mail attachments in the outbox

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "tenants",
        sa.Column("cancel_cutoff_hours", sa.Integer(), server_default="24", nullable=False),
    )
    op.add_column("outbox", sa.Column("attachments", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("attachments")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("cancel_cutoff_hours")
