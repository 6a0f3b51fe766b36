"""locations and calendars managed in the interface: a location's phone, a calendar's colour, and
both deactivated instead of deleted

Revision ID: 0011
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("locations", sa.Column("phone", sa.String(length=50), nullable=False, server_default=""))
    op.add_column("locations", sa.Column("deactivated_at", store.types.UTCDateTime(), nullable=True))
    op.add_column("staff", sa.Column("color", sa.String(length=7), nullable=True))
    op.add_column("staff", sa.Column("deactivated_at", store.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
        batch_op.drop_column("color")
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
        batch_op.drop_column("phone")
