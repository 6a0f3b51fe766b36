"""staff notifications: each person's choice of mails, and the daily agendas mailed

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_notifications",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("online_bookings", sa.Boolean(), nullable=False),
        sa.Column("requests", sa.Boolean(), nullable=False),
        sa.Column("cancellations", sa.Boolean(), nullable=False),
        sa.Column("agenda_hour", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), server_default="de", nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_staff_notifications_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_staff_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_staff_notifications")),
    )
    op.create_index(
        op.f("ix_staff_notifications_tenant_id"), "staff_notifications", ["tenant_id"], unique=False
    )
    op.create_table(
        "sent_agendas",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("sent_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sent_agendas_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sent_agendas_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_sent_agendas")),
    )


def downgrade() -> None:
    op.drop_table("sent_agendas")
    op.drop_index(op.f("ix_staff_notifications_tenant_id"), table_name="staff_notifications")
    op.drop_table("staff_notifications")
