"""company data of a business; the booking links it had before the operator moved it

Revision ID: 0010
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

#: The company data's columns of `tenants` and their lengths.
COMPANY = (
    ("address", 300),
    ("phone", 50),
    ("email", 254),
    ("website", 500),
    ("imprint_url", 500),
    ("privacy_url", 500),
)


def upgrade() -> None:
    for name, length in COMPANY:
        op.add_column("tenants", sa.Column(name, sa.String(length=length), nullable=False, server_default=""))
    op.create_table(
        "former_slugs",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("moved_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_former_slugs_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_former_slugs")),
    )
    op.create_index(op.f("ix_former_slugs_tenant_id"), "former_slugs", ["tenant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_former_slugs_tenant_id"), table_name="former_slugs")
    op.drop_table("former_slugs")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        for name, _ in reversed(COMPANY):
            batch_op.drop_column(name)
