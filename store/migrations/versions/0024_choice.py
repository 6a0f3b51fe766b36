"""the customer's choice of person and prices: a setting for the choice, a photo per calendar, a
price per service and the business's currency

Revision ID: 0024_choice
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_choice"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("staff_choice", sa.String(length=16), server_default="off", nullable=False)
        )
        batch_op.add_column(sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False))
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("photo", sa.String(length=64), nullable=True))
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_cents", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("price_cents")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("photo")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("currency")
        batch_op.drop_column("staff_choice")
