"""onboarding: the steps of the guided set-up marked as done by hand

Revision ID: 0027_onboarding
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0027_onboarding"
down_revision = "0026_licences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setup_marks",
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("marked_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_setup_marks_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("tenant_id", "step", name=op.f("pk_setup_marks")),
    )


def downgrade() -> None:
    op.drop_table("setup_marks")
