"""staff accounts are safe: reset links, two-factor log-in, a device per session

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("expires_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("used_at", store.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_staff_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_tokens")),
    )
    op.create_index(op.f("ix_staff_tokens_user_id"), "staff_tokens", ["user_id"])
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.add_column(
        "users", sa.Column("recovery_codes", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )
    op.add_column(
        "tenants", sa.Column("require_two_factor", sa.Boolean(), server_default="0", nullable=False)
    )
    op.add_column(
        "staff_sessions", sa.Column("device", sa.String(length=200), server_default="", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.drop_column("device")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("require_two_factor")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("recovery_codes")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
    op.drop_index(op.f("ix_staff_tokens_user_id"), table_name="staff_tokens")
    op.drop_table("staff_tokens")
