"""series online: how many weekly dates a customer may book online as a series, per service

Revision ID: 0028_online_series
Revises: 0021_series
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028_online_series"
down_revision = "0021_series"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_online", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("series_online")
