"""The tables. Every business-owned row carries `tenant_id`; ids are opaque random strings."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from contract.enums import ACTIVE_STATUSES as ACTIVE
from contract.enums import BookingMode, Currency, MailStatus, PersonStatus, StaffChoice
from store.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(32)

#: Appointment states that occupy their calendar. `released` holds stay as history.
ACTIVE_STATUSES = tuple(str(status) for status in ACTIVE)

#: The longest an appointment may last: services take 5 minutes to 24 hours, a move keeps the length,
#: and the database refuses more than a day and a minute (migration 0002). Range queries use it as a
#: lower bound on `start_at`, so that the start index reads only the range asked for.
LONGEST_APPOINTMENT = timedelta(days=1, minutes=2)

tenants = Table(
    "tenants",
    metadata,
    Column("id", ID, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("booking_mode", String(16), nullable=False, server_default=BookingMode.DIRECT.value),
    Column("slot_step_minutes", Integer, nullable=False, server_default="15"),
    Column("min_notice_minutes", Integer, nullable=False, server_default="60"),
    Column("horizon_days", Integer, nullable=False, server_default="90"),
    Column("show_weekend", Boolean, nullable=False, server_default="1"),
    Column("cancel_cutoff_hours", Integer, nullable=False, server_default="24"),
    #: Origins ("https://example.at") whose pages may frame the booking page (migration 0004).
    Column("embed_origins", JSON, nullable=False, server_default=text("'[]'")),
    Column("created_at", UTCDateTime, nullable=False),
    #: The company data shown in the booking page's and every mail's footer (migration 0010).
    Column("address", String(300), nullable=False, server_default=""),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("email", String(254), nullable=False, server_default=""),
    Column("website", String(500), nullable=False, server_default=""),
    Column("imprint_url", String(500), nullable=False, server_default=""),
    Column("privacy_url", String(500), nullable=False, server_default=""),
    #: Whether every person of the business must log in with a code from an app (migration 0012).
    Column("require_two_factor", Boolean, nullable=False, server_default="0"),
    #: The digest of the business's logo in `logos`; NULL: none (migration 0014).
    Column("logo", String(64), nullable=True),
    #: The reminders mailed before each appointment, as lead times in hours ([24, 2]); [] is none
    #: (migration 0018).
    Column("reminders", JSON, nullable=False, server_default=text("'[]'")),
    #: Whether the booking page lets the customer pick the person (contract.enums.StaffChoice), and
    #: the currency of the services' prices (migration 0024).
    Column("staff_choice", String(16), nullable=False, server_default=StaffChoice.OFF.value),
    Column("currency", String(3), nullable=False, server_default=Currency.EUR.value),
    #: Where the business's public holidays come from: a country ("AT") and region ("9"), "" for
    #: none (migration 0023).
    Column("holiday_country", String(8), nullable=False, server_default=""),
    Column("holiday_region", String(32), nullable=False, server_default=""),
    #: When the owner opened the link mailed at sign-up; until then the booking page is not live
    #: (migration 0025).
    Column("owner_verified_at", UTCDateTime, nullable=True),
    #: The business's privacy notice as text, shown at registration beside `privacy_url` (0025).
    Column("privacy_text", Text, nullable=False, server_default=""),
)

#: Logo images by the SHA-256 of their bytes: an address with the digest never changes what it
#: shows, so browsers keep it for good (migration 0014).
logos = Table(
    "logos",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("media_type", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

#: Booking links a business had before the operator moved it: they lead to its current one for good,
#: and no new business may take them (migration 0010).
former_slugs = Table(
    "former_slugs",
    metadata,
    Column("slug", String(64), primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("moved_at", UTCDateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("email", String(254), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    #: Two-factor log-in (migration 0012): the app's secret once confirmed, the last time step a
    #: code was taken at (a code works once), and the hashes of the unused recovery codes.
    Column("totp_secret", String(64), nullable=True),
    Column("totp_last_step", Integer, nullable=True),
    Column("recovery_codes", JSON, nullable=False, server_default=text("'[]'")),
    #: What a member may do beyond their own calendar (contract.enums.Right; the owner may do all),
    #: and whether they are invited, active or deactivated (migration 0013).
    Column("rights", JSON, nullable=False, server_default=text("'[]'")),
    Column("status", String(16), nullable=False, server_default=PersonStatus.ACTIVE.value),
    #: One person may own or work for several businesses with one address (migration 0007).
    UniqueConstraint("tenant_id", "email"),
    #: Log-in looks for the address across businesses.
    Index("ix_users_email", "email"),
)

#: A staff log-in that the server can end: each staff token names one (migration 0007). Log-out
#: deletes the row; a password change deletes every row of that person.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    #: The browser or program that logged in, for the person's list of sessions (migration 0012).
    Column("device", String(200), nullable=False, server_default=""),
)

#: Mailed single-use links of staff accounts: a new password (migration 0012).
staff_tokens = Table(
    "staff_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("purpose", String(16), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
)

staff = Table(
    "staff",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=True),
    Column("name", String(200), nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    #: The calendar's colour in the staff calendar, "#rrggbb"; NULL: the palette's by position (0011).
    Column("color", String(7), nullable=True),
    #: No longer in use: kept with its past appointments, offered and shown nowhere (0011).
    Column("deactivated_at", UTCDateTime, nullable=True),
    #: The digest of the person's photo in `logos`, shown on the booking page; NULL: none (0024).
    Column("photo", String(64), nullable=True),
)

locations = Table(
    "locations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("opening_hours", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("phone", String(50), nullable=False, server_default=""),
    #: No longer in use: kept with its past appointments, offered nowhere (migration 0011).
    Column("deactivated_at", UTCDateTime, nullable=True),
)

staff_hours = Table(
    "staff_hours",
    metadata,
    Column("staff_id", ID, ForeignKey("staff.id"), nullable=False),
    Column("location_id", ID, ForeignKey("locations.id"), nullable=False),
    Column("weekly", JSON, nullable=False),
    PrimaryKeyConstraint("staff_id", "location_id"),
)

services = Table(
    "services",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("color", String(7), nullable=False),
    Column("buffer_before_minutes", Integer, nullable=False, server_default="0"),
    Column("buffer_after_minutes", Integer, nullable=False, server_default="0"),
    Column("deleted_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    #: Whether the business's reminders are mailed for appointments of this service (migration 0018).
    Column("reminders", Boolean, nullable=False, server_default="1"),
    #: The price in cents of the business's currency, shown to customers; NULL: none given (0024).
    Column("price_cents", Integer, nullable=True),
    #: How many weekly dates a customer may book online as a series; NULL or 0: no series online (0028).
    Column("series_online", Integer, nullable=True),
)

service_staff = Table(
    "service_staff",
    metadata,
    Column("service_id", ID, ForeignKey("services.id"), nullable=False),
    Column("staff_id", ID, ForeignKey("staff.id"), nullable=False),
    PrimaryKeyConstraint("service_id", "staff_id"),
)

customer_accounts = Table(
    "customer_accounts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("language", String(2), nullable=False, server_default="de"),
    Column("verified_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

account_tokens = Table(
    "account_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", ID, ForeignKey("customer_accounts.id"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
)

customers = Table(
    "customers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("account_id", ID, ForeignKey("customer_accounts.id"), nullable=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("email", String(254), nullable=False, server_default=""),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    # Migration 0005: the customer database.
    Column("street", String(200), nullable=False, server_default=""),
    Column("postal_code", String(20), nullable=False, server_default=""),
    Column("city", String(100), nullable=False, server_default=""),
    Column("birth_date", Date, nullable=True),
    #: The desk changed the name: it is the business's own and never overwritten from the account.
    Column("name_private", Boolean, nullable=False, server_default="0"),
    Column("newsletter_opt_out_at", UTCDateTime, nullable=True),
    #: Newsletter consent (migration 0025): when and where it was given (contract.enums.ConsentSource)
    #: and when its double opt-in link was opened. Only confirmed consent not withdrawn since
    #: (`newsletter_opt_out_at` before `newsletter_consent_at`) receives newsletters.
    Column("newsletter_consent_at", UTCDateTime, nullable=True),
    Column("newsletter_consent_source", String(16), nullable=True),
    Column("newsletter_confirmed_at", UTCDateTime, nullable=True),
    #: Erased on request: personal data is gone, the row stays for the calendar's past appointments.
    Column("deleted_at", UTCDateTime, nullable=True),
    #: Folded keys for search (store/customer_keys.py), written with every change of the fields.
    Column("search_name", String(300), nullable=False, server_default=""),
    Column("search_text", Text, nullable=False, server_default=""),
    # Covers search and the list in name order; PostgreSQL also has a pg_trgm GIN index on
    # search_text (migration 0005) where the extension could be created.
    Index(
        "ix_customers_search",
        "tenant_id",
        "search_name",
        "id",
        "search_text",
        sqlite_where=text("deleted_at IS NULL"),
        postgresql_where=text("deleted_at IS NULL"),
    ),
    #: Joins an online registration to the record with its address; finds doubles on import.
    Index("ix_customers_tenant_email", "tenant_id", "email"),
    UniqueConstraint("tenant_id", "account_id"),
)

#: Groups of a business's customers ("Kassenpatienten", "Newsletter"); names unique ignoring case.
customer_groups = Table(
    "customer_groups",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("name", String(60), nullable=False),
    Column("name_key", String(60), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("tenant_id", "name_key"),
)

customer_group_members = Table(
    "customer_group_members",
    metadata,
    Column("group_id", ID, ForeignKey("customer_groups.id"), nullable=False),
    Column("customer_id", ID, ForeignKey("customers.id"), nullable=False),
    PrimaryKeyConstraint("group_id", "customer_id"),
    Index("ix_customer_group_members_customer", "customer_id"),
)

#: Changes a customer made to their account's profile, waiting for the business to take or ignore
#: them: one open proposal per record, `changes` maps a field to the proposed value.
customer_proposals = Table(
    "customer_proposals",
    metadata,
    Column("customer_id", ID, ForeignKey("customers.id"), primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_customer_proposals_tenant", "tenant_id", "created_at"),
)

newsletters = Table(
    "newsletters",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("group_ids", JSON, nullable=False),
    Column("recipients", Integer, nullable=False),
    Column("sent_by", ID, ForeignKey("users.id"), nullable=True),
    Column("sent_at", UTCDateTime, nullable=False),
    Index("ix_newsletters_tenant_sent", "tenant_id", "sent_at"),
)

appointments = Table(
    "appointments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("staff_id", ID, ForeignKey("staff.id"), nullable=False),
    Column("location_id", ID, ForeignKey("locations.id"), nullable=False),
    Column("service_id", ID, ForeignKey("services.id"), nullable=False),
    Column("customer_id", ID, ForeignKey("customers.id"), nullable=True),
    Column("account_id", ID, ForeignKey("customer_accounts.id"), nullable=True),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("source", String(16), nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("code_hash", String(64), nullable=True),
    Column("code_attempts", Integer, nullable=False, server_default="0"),
    Column("code_sends", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    #: How often the appointment changed as its customer's calendar sees it (moves, status): the
    #: SEQUENCE of the calendar entries mailed about it (migration 0015).
    Column("sequence", Integer, nullable=False, server_default="0"),
    #: A customer's hold that moves one of their bookings: the booking it cancels once it is
    #: confirmed (migration 0020).
    Column("replaces", ID, nullable=True),
    #: Whether the customer came (`attended`, `no_show`), once its start has come; NULL until the
    #: desk says (migration 0022).
    Column("attendance", String(16), nullable=True),
    #: The series the appointment was booked in, if any (migration 0021).
    Column("series_id", ID, nullable=True),
    Index("ix_appointments_tenant_start", "tenant_id", "start_at"),
    Index("ix_appointments_staff_start", "staff_id", "start_at"),
    Index("ix_appointments_status_expires", "status", "expires_at"),
    Index("ix_appointments_customer_start", "customer_id", "start_at"),
    Index("ix_appointments_series_id", "series_id"),
)

#: Sickness, vacation or a pause: a calendar (or with `staff_id` NULL the whole business) is shut
#: for bookings over [start_at, end_at). The database refuses an active appointment inside one.
closures = Table(
    "closures",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("staff_id", ID, ForeignKey("staff.id"), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", ID, ForeignKey("users.id"), nullable=True),
    Index("ix_closures_tenant_end", "tenant_id", "end_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("to_addr", String(254), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    #: A list of {filename, content_type, content} (text content), or NULL for a plain mail.
    Column("attachments", JSON, nullable=True),
    #: Extra headers by name (a newsletter's List-Unsubscribe), or NULL.
    Column("headers", JSON, nullable=True),
    Column("status", String(16), nullable=False, server_default=MailStatus.PENDING.value),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Index("ix_outbox_status_next", "status", "next_attempt_at"),
)

#: Who did what: a line per write to an appointment or a customer record (migration 0016). `actor`
#: is staff, customer or system; `actor_name` keeps a person's name as it was then. `before` and
#: `after` hold where an appointment lay (start, end, staff_id) and `after.fields` what a change
#: touched, never a customer's data. The id counts up, ordering lines written in the same instant.
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("subject_id", ID, nullable=False),
    Column("action", String(16), nullable=False),
    Column("actor", String(16), nullable=False),
    Column("actor_id", ID, nullable=True),
    Column("actor_name", String(200), nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_history_subject", "tenant_id", "subject", "subject_id", "at"),
)

#: Secret subscription addresses of calendars (webcal), each made by a person of the team (migration
#: 0017): a calendar's (`kind` calendar, its `staff_id`) or the person's own appointments (`kind`
#: person). The address's token is an HMAC of `nonce` under the server's secret; only its SHA-256 is
#: kept for the lookup. Renewing draws a new nonce; revoking deletes the row.
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("staff_id", ID, ForeignKey("staff.id"), nullable=True),
    #: Only when the time is taken: no customer, service or note.
    Column("busy", Boolean, nullable=False),
    #: The language of the feed's own words ("Belegt", the calendar's title).
    Column("language", String(2), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

#: The reminders mailed, one row each: the key names the appointment, the lead and the start it was
#: for, so no reminder goes twice, whatever processes race, and a moved appointment reminds again
#: at its new time (migration 0018). The row is written in the transaction that queues the mail.
sent_reminders = Table(
    "sent_reminders",
    metadata,
    Column("appointment_id", ID, ForeignKey("appointments.id"), nullable=False),
    Column("lead_hours", Integer, nullable=False),
    Column("start_at", UTCDateTime, nullable=False),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("appointment_id", "lead_hours", "start_at"),
)

#: What each person of the team is told by mail (migration 0019). Without a row, the defaults of
#: their role: the owner hears of online bookings, requests and cancellations, others of nothing.
#: `agenda_hour` is the hour (business time) of the daily agenda, NULL for none; `language` the
#: page language the person last saved these choices in.
staff_notifications = Table(
    "staff_notifications",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("online_bookings", Boolean, nullable=False),
    Column("requests", Boolean, nullable=False),
    Column("cancellations", Boolean, nullable=False),
    Column("agenda_hour", Integer, nullable=True),
    Column("language", String(8), nullable=False, server_default="de"),
)

#: The daily agendas mailed, one per person and day (migration 0019): inserted in the transaction
#: that queues the mail, the key refuses a second from any process.
sent_agendas = Table(
    "sent_agendas",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "day"),
)

#: The public holidays a business opens for online booking, one row each (migration 0023); a holiday
#: without a row is closed.
open_holidays = Table(
    "open_holidays",
    metadata,
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("tenant_id", "day"),
)

#: Each business's licence (migration 0026): when its trial ends (NULL: its plans' trial length after
#: sign-up), the day of the month it is billed on once it holds the base licence, whether the operator
#: locked it, the buyer's data its invoices name and their language. Without a row: a trial from sign-up.
licences = Table(
    "licences",
    metadata,
    Column("tenant_id", ID, ForeignKey("tenants.id"), primary_key=True),
    Column("trial_ends_at", UTCDateTime, nullable=True),
    Column("billing_day", Integer, nullable=True),
    Column("locked_at", UTCDateTime, nullable=True),
    Column("buyer_name", String(200), nullable=False, server_default=""),
    Column("buyer_address", String(300), nullable=False, server_default=""),
    Column("buyer_country", String(2), nullable=False, server_default=""),
    Column("buyer_vat_id", String(20), nullable=False, server_default=""),
    #: The language of the owner's invoices and their mail: the page language of their last change.
    Column("language", String(8), nullable=False, server_default="de"),
)

#: What a business held from when: its plan and add-ons after each change (migration 0026). The bill
#: of a period reads the days each state was held.
licence_changes = Table(
    "licence_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("plan", String(16), nullable=False),
    Column("extra_locations", Integer, nullable=False),
    Column("extra_calendars", Integer, nullable=False),
    Column("by", ID, ForeignKey("users.id"), nullable=True),
    Index("ix_licence_changes_tenant_at", "tenant_id", "at"),
)

#: The monthly invoices (migration 0026): one per business and period, whatever processes race (the
#: key), numbered from `invoice_numbers` in the same transaction, so numbers have no gaps.
invoices = Table(
    "invoices",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("number", Integer, nullable=False, unique=True),
    Column("label", String(40), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("net_cents", Integer, nullable=False),
    Column("vat_cents", Integer, nullable=False),
    Column("gross_cents", Integer, nullable=False),
    Column("language", String(8), nullable=False),
    Column("pdf", LargeBinary, nullable=False),
    UniqueConstraint("tenant_id", "period_start"),
)

#: The last invoice number given; its row is locked by the transaction that takes the next one.
invoice_numbers = Table(
    "invoice_numbers",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("last", Integer, nullable=False),
)

#: The steps of the guided set-up that no data shows as done (the booking mode chosen, the link
#: shared), as someone of the business marked them (migration 0027).
setup_marks = Table(
    "setup_marks",
    metadata,
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False),
    Column("step", String(32), nullable=False),
    Column("marked_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("tenant_id", "step"),
)

#: A series of appointments booked together: the rule as it was asked for (`every_weeks`,
#: `weekdays`, `count` or `until`), and who booked it (`source`: the desk now, customers later).
series = Table(
    "series",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenant_id", ID, ForeignKey("tenants.id"), nullable=False, index=True),
    Column("rule", JSON, nullable=False),
    Column("source", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
