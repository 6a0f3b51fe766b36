"""the customer database: address, birth date, erasure, search keys, groups, proposals, newsletters

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

import store.types
from store.customer_keys import keys

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_CUSTOMER_COLUMNS = (
    ("street", sa.String(length=200), ""),
    ("postal_code", sa.String(length=20), ""),
    ("city", sa.String(length=100), ""),
    ("search_name", sa.String(length=300), ""),
    ("search_text", sa.Text(), ""),
)
_NOT_DELETED = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    for name, type_, default in _CUSTOMER_COLUMNS:
        op.add_column("customers", sa.Column(name, type_, server_default=default, nullable=False))
    op.add_column("customers", sa.Column("birth_date", sa.Date(), nullable=True))
    op.add_column("customers", sa.Column("name_private", sa.Boolean(), server_default="0", nullable=False))
    op.add_column("customers", sa.Column("newsletter_opt_out_at", store.types.UTCDateTime(), nullable=True))
    op.add_column("customers", sa.Column("deleted_at", store.types.UTCDateTime(), nullable=True))
    _fill_search_keys()
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_tenant_name")
    op.create_index(
        "ix_customers_search",
        "customers",
        ["tenant_id", "search_name", "id", "search_text"],
        sqlite_where=_NOT_DELETED,
        postgresql_where=_NOT_DELETED,
    )
    _add_trigram_index()
    op.create_index("ix_customers_tenant_email", "customers", ["tenant_id", "email"])
    op.create_index("ix_appointments_customer_start", "appointments", ["customer_id", "start_at"])
    _create_tables()


def downgrade() -> None:
    op.drop_index("ix_newsletters_tenant_sent", table_name="newsletters")
    op.drop_table("newsletters")
    op.drop_index("ix_customer_proposals_tenant", table_name="customer_proposals")
    op.drop_table("customer_proposals")
    op.drop_index("ix_customer_group_members_customer", table_name="customer_group_members")
    op.drop_table("customer_group_members")
    op.drop_table("customer_groups")
    op.drop_index("ix_appointments_customer_start", table_name="appointments")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_customers_search_trgm")
    op.drop_index("ix_customers_tenant_email", table_name="customers")
    op.drop_index("ix_customers_search", table_name="customers")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customers_tenant_name", ["tenant_id", "last_name", "first_name"])
        for name in ("deleted_at", "newsletter_opt_out_at", "name_private", "birth_date"):
            batch_op.drop_column(name)
        for name, _type, _default in reversed(_CUSTOMER_COLUMNS):
            batch_op.drop_column(name)


def _fill_search_keys() -> None:
    """Existing records get their search keys, which the application writes from now on."""
    bind = op.get_bind()
    customers = sa.table(
        "customers",
        sa.column("id"),
        sa.column("first_name"),
        sa.column("last_name"),
        sa.column("email"),
        sa.column("phone"),
        sa.column("search_name"),
        sa.column("search_text"),
    )
    rows = bind.execute(
        sa.select(
            customers.c.id,
            customers.c.first_name,
            customers.c.last_name,
            customers.c.email,
            customers.c.phone,
        )
    ).all()
    params = []
    for row in rows:
        found = keys(row.first_name, row.last_name, row.email, row.phone)
        params.append({"row_id": row.id, "name_key": found["search_name"], "text_key": found["search_text"]})
    if params:
        bind.execute(
            customers.update()
            .where(customers.c.id == sa.bindparam("row_id"))
            .values(search_name=sa.bindparam("name_key"), search_text=sa.bindparam("text_key")),
            params,
        )


def _add_trigram_index() -> None:
    """On PostgreSQL, a pg_trgm index lets a typed word of three letters or more skip the scan.

    Creating the extension needs a privilege that a hosted database may withhold; search then
    scans the covering index instead, which is slower but right.
    """
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        log.warning("pg_trgm is not available: customer search goes without its trigram index")
        return
    op.execute(
        "CREATE INDEX ix_customers_search_trgm ON customers USING gin (search_text gin_trgm_ops) "
        "WHERE deleted_at IS NULL"
    )


def _create_tables() -> None:
    op.create_table(
        "customer_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=60), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customer_groups_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_groups")),
        sa.UniqueConstraint("tenant_id", "name_key", name=op.f("uq_customer_groups_tenant_id_name_key")),
    )
    op.create_table(
        "customer_group_members",
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_group_members_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["customer_groups.id"],
            name=op.f("fk_customer_group_members_group_id_customer_groups"),
        ),
        sa.PrimaryKeyConstraint("group_id", "customer_id", name=op.f("pk_customer_group_members")),
    )
    op.create_index("ix_customer_group_members_customer", "customer_group_members", ["customer_id"])
    op.create_table(
        "customer_proposals",
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_proposals_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customer_proposals_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_proposals")),
    )
    op.create_index("ix_customer_proposals_tenant", "customer_proposals", ["tenant_id", "created_at"])
    op.create_table(
        "newsletters",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("group_ids", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("sent_by", sa.String(length=32), nullable=True),
        sa.Column("sent_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sent_by"], ["users.id"], name=op.f("fk_newsletters_sent_by_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_newsletters_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletters")),
    )
    op.create_index("ix_newsletters_tenant_sent", "newsletters", ["tenant_id", "sent_at"])
