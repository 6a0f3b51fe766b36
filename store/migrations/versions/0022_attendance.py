"""attendance: whether the customer came to an appointment (attended, no-show)

Revision ID: 0022_attendance
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_attendance"
down_revision = "0023_holidays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attendance", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_column("attendance")
