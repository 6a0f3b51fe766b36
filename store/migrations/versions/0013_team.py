"""the team: rights per person, invited and deactivated people

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("rights", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
    op.add_column("users", sa.Column("status", sa.String(length=16), server_default="active", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("status")
        batch_op.drop_column("rights")
