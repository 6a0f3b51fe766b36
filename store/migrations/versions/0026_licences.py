"""licences: plans held, their changes, monthly invoices and their gapless numbers

Revision ID: 0026
Revises: 0020

Businesses that exist already get a fresh trial from the upgrade on, not one that ended long ago.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0026_licences"
down_revision = "0022_attendance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    licences = op.create_table(
        "licences",
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("trial_ends_at", store.types.UTCDateTime(), nullable=True),
        sa.Column("billing_day", sa.Integer(), nullable=True),
        sa.Column("locked_at", store.types.UTCDateTime(), nullable=True),
        sa.Column("buyer_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("buyer_address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("buyer_country", sa.String(length=2), server_default="", nullable=False),
        sa.Column("buyer_vat_id", sa.String(length=20), server_default="", nullable=False),
        sa.Column("language", sa.String(length=8), server_default="de", nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_licences_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_licences")),
    )
    op.create_table(
        "licence_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("at", store.types.UTCDateTime(), nullable=False),
        sa.Column("plan", sa.String(length=16), nullable=False),
        sa.Column("extra_locations", sa.Integer(), nullable=False),
        sa.Column("extra_calendars", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_licence_changes_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(["by"], ["users.id"], name=op.f("fk_licence_changes_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_changes")),
    )
    op.create_index("ix_licence_changes_tenant_at", "licence_changes", ["tenant_id", "at"], unique=False)
    op.create_table(
        "invoices",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("issued_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("net_cents", sa.Integer(), nullable=False),
        sa.Column("vat_cents", sa.Integer(), nullable=False),
        sa.Column("gross_cents", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_invoices_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
        sa.UniqueConstraint("tenant_id", "period_start", name=op.f("uq_invoices_tenant_id_period_start")),
    )
    numbers = op.create_table(
        "invoice_numbers",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_invoice_numbers")),
    )
    op.bulk_insert(numbers, [{"name": "invoices", "last": 0}])
    tenants = sa.table("tenants", sa.column("id", sa.String))
    existing: list[str] = list(op.get_bind().execute(sa.select(tenants.c.id)).scalars())
    fresh = datetime.now(UTC) + timedelta(days=30)
    op.bulk_insert(licences, [{"tenant_id": tenant_id, "trial_ends_at": fresh} for tenant_id in existing])


def downgrade() -> None:
    op.drop_table("invoice_numbers")
    op.drop_table("invoices")
    op.drop_index("ix_licence_changes_tenant_at", table_name="licence_changes")
    op.drop_table("licence_changes")
    op.drop_table("licences")
