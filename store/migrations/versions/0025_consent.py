"""consent: newsletter consent with its double opt-in, the owner's verified address, a privacy notice

Existing customer records get no consent (they stop receiving newsletters until they opt in);
existing businesses count as verified, since their booking pages were live already.

Revision ID: 0025_consent
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0025_consent"
down_revision = "0027_onboarding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("newsletter_consent_at", store.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("newsletter_consent_source", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("newsletter_confirmed_at", store.types.UTCDateTime(), nullable=True))
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_verified_at", store.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("privacy_text", sa.Text(), server_default="", nullable=False))
    op.execute("UPDATE tenants SET owner_verified_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("privacy_text")
        batch_op.drop_column("owner_verified_at")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("newsletter_confirmed_at")
        batch_op.drop_column("newsletter_consent_source")
        batch_op.drop_column("newsletter_consent_at")
