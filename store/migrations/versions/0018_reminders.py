"""reminders: a business's lead times, a switch per service, and the reminders mailed

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "tenants", sa.Column("reminders", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )
    op.add_column("services", sa.Column("reminders", sa.Boolean(), server_default="1", nullable=False))
    op.create_table(
        "sent_reminders",
        sa.Column("appointment_id", sa.String(length=32), nullable=False),
        sa.Column("lead_hours", sa.Integer(), nullable=False),
        sa.Column("start_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("sent_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_sent_reminders_appointment_id_appointments"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sent_reminders_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("appointment_id", "lead_hours", "start_at", name=op.f("pk_sent_reminders")),
    )


def downgrade() -> None:
    op.drop_table("sent_reminders")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("reminders")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("reminders")
