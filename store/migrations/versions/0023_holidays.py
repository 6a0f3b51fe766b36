"""holidays: a business's country and region for public holidays, and the holidays it opens

Revision ID: 0023_holidays
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0023_holidays"
down_revision = "0024_choice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "tenants", sa.Column("holiday_country", sa.String(length=8), server_default="", nullable=False)
    )
    op.add_column(
        "tenants", sa.Column("holiday_region", sa.String(length=32), server_default="", nullable=False)
    )
    op.create_table(
        "open_holidays",
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opened_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_open_holidays_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "day", name=op.f("pk_open_holidays")),
    )


def downgrade() -> None:
    op.drop_table("open_holidays")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("holiday_region")
        batch_op.drop_column("holiday_country")
