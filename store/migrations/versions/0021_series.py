"""series: appointments booked together by a weekly rule

Revision ID: 0021_series
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0021_series"
down_revision = "0025_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "series",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_series_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
    )
    op.create_index(op.f("ix_series_tenant_id"), "series", ["tenant_id"], unique=False)
    # A plain added column: SQLite adds it in place, keeping the appointments' guard triggers.
    op.add_column("appointments", sa.Column("series_id", sa.String(length=32), nullable=True))
    op.create_index(op.f("ix_appointments_series_id"), "appointments", ["series_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_appointments_series_id"), table_name="appointments")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_column("series_id")
    op.drop_index(op.f("ix_series_tenant_id"), table_name="series")
    op.drop_table("series")
