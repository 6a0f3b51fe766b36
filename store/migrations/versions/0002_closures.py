"""closures, a guard that keeps active appointments out of them, and a faster overlap guard on SQLite

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ACTIVE = "('held', 'requested', 'booked')"


def upgrade() -> None:
    op.create_table(
        "closures",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("end_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_closures_created_by_users")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_closures_staff_id_staff")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_closures_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closures")),
    )
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.create_index("ix_closures_tenant_end", ["tenant_id", "end_at"], unique=False)
    _add_closure_guard()
    _bound_appointment_length()


def downgrade() -> None:
    _unbound_appointment_length()
    _drop_closure_guard()
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.drop_index("ix_closures_tenant_end")
    op.drop_table("closures")


# The database refuses an active appointment (held, requested, booked) that is written into a
# closure of its calendar or of the whole business, whatever code path writes it. The message
# contains "slot_taken", which the store maps to SlotTaken.
_IN_A_CLOSURE = (
    "SELECT 1 FROM closures c WHERE c.tenant_id = NEW.tenant_id "
    "AND (c.staff_id IS NULL OR c.staff_id = NEW.staff_id) "
    "AND c.start_at < NEW.end_at AND NEW.start_at < c.end_at"
)


def _add_closure_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Under READ COMMITTED two transactions could each miss the other's row. Writing a closure
        # locks its calendars' staff rows FOR UPDATE before it looks for appointments in the way;
        # placing an appointment takes FOR KEY SHARE on its calendar's row first. The two wait for
        # each other, and each statement of this function then sees what the other committed.
        # A change of status alone (confirm, accept) takes no lock: its row already existed, so a
        # closure written meanwhile has seen it and cancelled it.
        op.execute(
            f"""
            CREATE FUNCTION appointments_outside_closures() RETURNS trigger AS $$
            BEGIN
                IF NEW.status NOT IN {_ACTIVE} THEN
                    RETURN NEW;
                END IF;
                IF TG_OP = 'INSERT' OR NEW.staff_id IS DISTINCT FROM OLD.staff_id
                        OR NEW.start_at <> OLD.start_at OR NEW.end_at <> OLD.end_at THEN
                    PERFORM 1 FROM staff WHERE id = NEW.staff_id FOR KEY SHARE;
                END IF;
                IF EXISTS ({_IN_A_CLOSURE}) THEN
                    RAISE EXCEPTION 'slot_taken_by_closure' USING ERRCODE = 'exclusion_violation';
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER appointments_outside_closures "
            "BEFORE INSERT OR UPDATE OF staff_id, start_at, end_at, status ON appointments "
            "FOR EACH ROW EXECUTE FUNCTION appointments_outside_closures()"
        )
        return
    # SQLite runs one writer at a time, so the check inside the trigger is atomic with the write.
    for when, event in (("insert", "INSERT"), ("update", "UPDATE OF staff_id, start_at, end_at, status")):
        op.execute(
            f"CREATE TRIGGER appointments_outside_closures_{when} BEFORE {event} ON appointments "
            f"WHEN NEW.status IN {_ACTIVE} AND EXISTS ({_IN_A_CLOSURE}) "
            "BEGIN SELECT RAISE(ABORT, 'slot_taken_by_closure'); END"
        )


def _drop_closure_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER appointments_outside_closures ON appointments")
        op.execute("DROP FUNCTION appointments_outside_closures()")
        return
    op.execute("DROP TRIGGER appointments_outside_closures_insert")
    op.execute("DROP TRIGGER appointments_outside_closures_update")


# An appointment lasts at most a day (services last 5 minutes to 24 hours; a move keeps the length).
# The database holds it to that, with a minute to spare, so that an overlap check may look only at
# appointments that start at most a day (and two minutes) before the new one ends: on SQLite the
# (staff_id, start_at) index then reads a few rows instead of the calendar's whole history.
_LONGEST = "interval '1 day 1 minute'"
_OVERLAP_0001 = (
    "SELECT 1 FROM appointments a WHERE a.staff_id = NEW.staff_id "
    f"AND a.status IN {_ACTIVE} {{exclude_self}}"
    "AND a.start_at < NEW.end_at AND NEW.start_at < a.end_at"
)
# SQLite keeps instants as fixed-width UTC text; datetime() writes them without the fraction, which
# sorts before every instant of that second, so the bound below errs only towards looking at more.
_RECENT = "AND a.start_at > datetime(NEW.start_at, '-1 day', '-2 minutes') "
_UPDATES = "UPDATE OF staff_id, start_at, end_at, status"


def _bound_appointment_length() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT appointments_at_most_a_day "
            f"CHECK (end_at - start_at <= {_LONGEST})"
        )
        return
    for when, event in (("insert", "INSERT"), ("update", "UPDATE OF start_at, end_at")):
        op.execute(
            f"CREATE TRIGGER appointments_at_most_a_day_{when} BEFORE {event} ON appointments "
            "WHEN NEW.end_at > datetime(NEW.start_at, '+1 day', '+1 minute') "
            "BEGIN SELECT RAISE(ABORT, 'appointments_at_most_a_day'); END"
        )
    _replace_sqlite_overlap_guard(recent=_RECENT)


def _unbound_appointment_length() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE appointments DROP CONSTRAINT appointments_at_most_a_day")
        return
    op.execute("DROP TRIGGER appointments_at_most_a_day_insert")
    op.execute("DROP TRIGGER appointments_at_most_a_day_update")
    _replace_sqlite_overlap_guard(recent="")


def _replace_sqlite_overlap_guard(recent: str) -> None:
    """The triggers of migration 0001, with `recent` added to the search for an overlap."""
    for when, event, exclude_self in (
        ("insert", "INSERT", ""),
        ("update", _UPDATES, "AND a.id <> NEW.id "),
    ):
        op.execute(f"DROP TRIGGER appointments_no_overlap_{when}")
        op.execute(
            f"CREATE TRIGGER appointments_no_overlap_{when} BEFORE {event} ON appointments "
            f"WHEN NEW.status IN {_ACTIVE} AND EXISTS ("
            + _OVERLAP_0001.format(exclude_self=exclude_self + recent)
            + ") BEGIN SELECT RAISE(ABORT, 'appointments_no_overlap'); END"
        )
