"""The OpenAPI description of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract.events import EVENTS, MEANINGS, PUBLIC_EVENTS
from web.api.edge import Api, document

Security = list[dict[str, list[str]]]
STAFF: Security = [{"bearer": []}, {"session": []}]
CUSTOMER_TOKEN: Security = [{"bearer": []}]  # the security of customer requests; `CUSTOMER` is the record


def _obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


STR = {"type": "string"}
INT = {"type": "integer"}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
HOURS = {
    "type": "object",
    "description": (
        'Local weekly hours: {"mon": [["08:00", "12:00"], ["13:00", "18:00"]], ...}; '
        "a day left out is closed."
    ),
    "additionalProperties": {
        "type": "array",
        "items": {"type": "array", "items": STR, "minItems": 2, "maxItems": 2},
    },
}
APPOINTMENT = _obj(
    [],
    id=STR,
    staff_id=STR,
    location_id=STR,
    service_id=STR,
    customer_id={"type": ["string", "null"]},
    customer_name=STR,
    start=TIME,
    end=TIME,
    note=STR,
    source=STR,
    expires_at={"type": ["string", "null"], "format": "date-time"},
    status={"type": "string", "enum": ["held", "requested", "booked", "cancelled"]},
)

CLOSURE = _obj(
    [],
    id=STR,
    staff_id={"type": ["string", "null"], "description": "null: the whole business"},
    kind={"type": "string", "enum": ["sick", "vacation", "pause"]},
    start=TIME,
    end=TIME,
    all_day={"type": "boolean"},
    note=STR,
)
MESSAGE = _obj([], message={"type": "string", "description": "mailed where an address is known"})

GROUP_CHOICE = {
    "type": "array",
    "items": {"oneOf": [STR, _obj(["name"], name=STR)]},
    "description": "group ids, or {name} for a group reused (ignoring case) or created",
}
CUSTOMER_FIELDS = {
    "first_name": STR,
    "last_name": STR,
    "email": STR,
    "phone": STR,
    "street": STR,
    "postal_code": STR,
    "city": STR,
    "birth_date": {"type": ["string", "null"], "format": "date"},
    "note": STR,
}
CUSTOMER = _obj(
    [],
    id=STR,
    **CUSTOMER_FIELDS,
    groups={"type": "array", "items": _obj(["id", "name"], id=STR, name=STR)},
    account_linked={"type": "boolean"},
    has_proposal={"type": "boolean"},
    newsletter={"type": "boolean", "description": "false once unsubscribed"},
    name_private={"type": "boolean", "description": "the desk changed the name: the business's own"},
    created_at=TIME,
)
PROPOSAL = _obj(
    [],
    customer_id=STR,
    customer_name=STR,
    name_private={"type": "boolean"},
    changes={
        "type": "object",
        "additionalProperties": _obj(["current", "proposed"], current=STR, proposed=STR),
        "description": "first_name, last_name and phone as the record has them and as the customer proposes",
    },
    created_at=TIME,
)
CSV = {"type": "string", "description": "CSV text (UTF-8; `,` or `;`; German or English headers)"}
CUSTOMER_ENDPOINTS: list[tuple[str, str, str, Any, dict[str, Any] | None, dict[str, str]]] = [
    (
        "get",
        "/customers",
        "Search and list customers (?q=&group=&group=&page=&per_page=): every typed word in a name, the "
        "e-mail or the phone; best matches (words that begin a name) first, then by last and first name",
        STAFF,
        None,
        {"200": "{customers: [Customer], total, page, per_page}", "400": "invalid_field"},
    ),
    (
        "post",
        "/customers",
        "Add a customer",
        STAFF,
        _obj([], **CUSTOMER_FIELDS, groups=GROUP_CHOICE),
        {"201": "{id}", "400": "invalid_customer, invalid_email, invalid_birth_date, invalid_group_name"},
    ),
    (
        "get",
        "/customers/export.csv",
        "All customers as CSV (UTF-8 with BOM, `;`-separated)",
        STAFF,
        None,
        {"200": "text/csv"},
    ),
    (
        "post",
        "/customers/import",
        "Import customers from CSV; ?dry_run=1 answers {columns, preview, accepted, rejected} and writes "
        "nothing, otherwise {imported, rejected: [{line, code, field, reason}]} in one transaction",
        STAFF,
        CSV,
        {
            "200": "the preview or the import",
            "400": "csv_encoding, csv_columns, csv_format, csv_too_large",
            "413": "too_large: a body over 10 MiB (every other request: over 64 KiB)",
        },
    ),
    (
        "get",
        "/customers/{customer_id}",
        "A customer with upcoming and past appointments (?past_limit=&past_before=<past_next>)",
        STAFF,
        None,
        {"200": "{customer, upcoming: [A], past: [A], past_total, past_next, proposal}", "404": "not_found"},
    ),
    (
        "patch",
        "/customers/{customer_id}",
        "Change a customer; a changed name becomes the business's own (name_private)",
        STAFF,
        _obj([], **CUSTOMER_FIELDS, groups=GROUP_CHOICE, newsletter={"type": "boolean"}),
        {"200": "Customer", "400": "bad input", "404": "not_found"},
    ),
    (
        "delete",
        "/customers/{customer_id}",
        "Erase a customer on request: personal data and notes go, past appointments stay anonymous",
        STAFF,
        None,
        {"204": "erased", "404": "not_found", "409": "customer_has_upcoming with appointments: [A]"},
    ),
    (
        "post",
        "/customers/{customer_id}/proposal",
        "Take the named fields of the customer's proposed changes, ignore the rest",
        STAFF,
        _obj(["take"], take={"type": "array", "items": STR}),
        {"200": "Customer", "400": "not_proposed", "404": "not_found"},
    ),
    (
        "get",
        "/customer-proposals",
        "Open proposals, newest first",
        STAFF,
        None,
        {"200": "{proposals: [Proposal]}"},
    ),
    ("get", "/customer-groups", "Customer groups", STAFF, None, {"200": "{groups: [{id, name, customers}]}"}),
    (
        "post",
        "/customer-groups",
        "Add a customer group",
        STAFF,
        _obj(["name"], name=STR),
        {"201": "{id, name}", "400": "invalid_group_name", "409": "group_exists"},
    ),
    (
        "patch",
        "/customer-groups/{group_id}",
        "Rename a customer group",
        STAFF,
        _obj(["name"], name=STR),
        {"200": "{id, name}", "400": "invalid_group_name", "404": "not_found", "409": "group_exists"},
    ),
    (
        "delete",
        "/customer-groups/{group_id}",
        "Delete a customer group (its customers stay)",
        STAFF,
        None,
        {"204": "deleted", "404": "not_found"},
    ),
    ("get", "/newsletters", "Newsletters sent, newest first", STAFF, None, {"200": "{newsletters}"}),
    (
        "post",
        "/newsletters",
        "Send a newsletter to the customers of some groups who have an address and did not unsubscribe",
        STAFF,
        _obj(
            ["subject", "body", "group_ids"],
            subject=STR,
            body=STR,
            group_ids={"type": "array", "items": STR},
            dry_run={"type": "boolean", "default": False},
        ),
        {
            "200": "dry_run: {recipients, preview: {to, subject, text} | null}",
            "202": "{id, recipients}",
            "400": "invalid_subject, invalid_body, no_recipients",
            "404": "not_found",
        },
    ),
]

# method, path, summary, security, request body schema, {status: description}
ENDPOINTS: list[tuple[str, str, str, Any, dict[str, Any] | None, dict[str, str]]] = [
    (
        "post",
        "/signup",
        "Sign up a business with its owner",
        None,
        _obj(
            ["business_name", "slug", "email", "password"],
            business_name=STR,
            slug=STR,
            email=STR,
            password=STR,
            timezone=STR,
        ),
        {
            "201": "tenant_id, slug, user_id, staff_id, location_id, token; an address that has an "
            "account in another business gets one in this business too, and a mail that says so",
            "400": "bad input",
            "409": "slug_taken",
        },
    ),
    (
        "post",
        "/login",
        "Staff log-in; where the address has accounts in several businesses, the newest one whose "
        "password matches",
        None,
        _obj(["email", "password"], email=STR, password=STR),
        {"200": "{token}: a new session", "401": "bad_credentials"},
    ),
    (
        "post",
        "/logout",
        "End the session of this token or cookie; its token and its live connections end with it",
        STAFF,
        None,
        {"204": "ended", "401": "unauthorised"},
    ),
    (
        "post",
        "/password",
        "Change the signed-in person's password; the current one is asked for again",
        STAFF,
        _obj(["current_password", "new_password"], current_password=STR, new_password=STR),
        {
            "200": "`{status, token}`: every session of the person ends (tokens, cookies, live "
            "connections); the caller carries on with the new token (a cookie is renewed)",
            "400": "weak_password",
            "401": "unauthorised",
            "403": "wrong_password",
            "429": "too_many_requests",
        },
    ),
    (
        "get",
        "/me",
        "The signed-in staff member and business",
        STAFF,
        None,
        {"200": "user and business"},
    ),
    ("get", "/locations", "List locations", STAFF, None, {"200": "{locations}"}),
    (
        "post",
        "/locations",
        "Add a location",
        STAFF,
        _obj(["name", "opening_hours"], name=STR, address=STR, opening_hours=HOURS),
        {"201": "{id}", "400": "invalid_hours"},
    ),
    (
        "patch",
        "/locations/{location_id}",
        "Change a location",
        STAFF,
        _obj([], name=STR, address=STR, opening_hours=HOURS),
        {"200": "the location", "404": "not_found"},
    ),
    ("get", "/staff", "List calendars", STAFF, None, {"200": "{staff}"}),
    ("post", "/staff", "Add a calendar", STAFF, _obj(["name"], name=STR), {"201": "{id}"}),
    (
        "put",
        "/staff/{staff_id}/hours",
        "Set a calendar's bookable hours at a location",
        STAFF,
        _obj(["location_id", "weekly"], location_id=STR, weekly=HOURS),
        {"200": "saved", "400": "invalid_hours"},
    ),
    ("get", "/settings", "Booking settings", STAFF, None, {"200": "settings"}),
    (
        "patch",
        "/settings",
        "Change booking settings",
        STAFF,
        _obj(
            [],
            booking_mode={"type": "string", "enum": ["direct", "request"]},
            slot_step_minutes=INT,
            min_notice_minutes=INT,
            horizon_days=INT,
            show_weekend={"type": "boolean"},
            cancel_cutoff_hours={
                "type": "integer",
                "minimum": 0,
                "maximum": 720,
                "description": "how long before the start customers may still cancel online (default 24)",
            },
            embed_origins={
                "type": "array",
                "maxItems": 20,
                "items": {"type": "string", "example": "https://praxis-example.at"},
                "description": "the sites (scheme, host, optional port; no path) whose pages may "
                "frame the booking page; empty: only this site",
            },
        ),
        {"200": "settings", "400": "invalid_setting, invalid_origin"},
    ),
    (
        "get",
        "/mail-status",
        "How the business's mail stands: delivery (smtp, dev_mailbox or off: waiting in the outbox), "
        "smtp_reachable, how many wait, and the undelivered (dead) ones with their error",
        STAFF,
        None,
        {"200": "mail status"},
    ),
    *CUSTOMER_ENDPOINTS,
    (
        "get",
        "/appointments",
        "Appointments in a range (?from=&to=&staff_id=), holds included",
        STAFF,
        None,
        {"200": "{appointments: [A]}"},
    ),
    (
        "post",
        "/appointments",
        "Desk booking",
        STAFF,
        _obj(
            ["staff_id", "location_id", "service_id", "start"],
            staff_id=STR,
            location_id=STR,
            service_id=STR,
            start=TIME,
            customer_id=STR,
            new_customer=_obj(["first_name", "last_name"], first_name=STR, last_name=STR, email=STR),
            note=STR,
        ),
        {
            "201": "A",
            "409": "slot_taken with conflicts [{type: appointment | closure, id, start, end, status | kind}]",
            "404": "not_found",
        },
    ),
    (
        "patch",
        "/appointments/{appointment_id}",
        "Move an appointment (start, calendar) or change its note; staff may leave opening hours",
        STAFF,
        _obj([], start=TIME, staff_id=STR, note=STR, message=STR),
        {
            "200": "A",
            "400": "in_past or bad input",
            "404": "not_found",
            "409": "slot_taken with conflicts [{type, id, start, end, status | kind}], or not_movable",
        },
    ),
    (
        "post",
        "/appointments/{appointment_id}/cancel",
        "Cancel an appointment (a pending hold is released); the customer is mailed",
        STAFF,
        MESSAGE,
        {"200": "A", "404": "not_found", "410": "hold_released"},
    ),
    (
        "post",
        "/appointments/{appointment_id}/accept",
        "Accept a booking request (booking-request mode)",
        STAFF,
        MESSAGE,
        {"200": "A with status booked", "404": "not_found", "409": "not_requested"},
    ),
    (
        "post",
        "/appointments/{appointment_id}/decline",
        "Decline a booking request (booking-request mode)",
        STAFF,
        MESSAGE,
        {"200": "A with status cancelled", "404": "not_found", "409": "not_requested"},
    ),
    (
        "get",
        "/closures",
        "Closures touching a range (?from=&to=&staff_id=)",
        STAFF,
        None,
        {"200": "{closures: [Closure]}"},
    ),
    (
        "post",
        "/closures",
        "Close a calendar or the whole business: sick and vacation take dates (inclusive), a pause "
        "takes times. Without confirm, appointments in the way are listed and nothing is written",
        STAFF,
        _obj(
            ["kind", "start", "end"],
            kind={"type": "string", "enum": ["sick", "vacation", "pause"]},
            staff_id=STR,
            start={"type": "string", "description": "a date for sick and vacation, a time for a pause"},
            end={"type": "string", "description": "a date for sick and vacation, a time for a pause"},
            confirm={"type": "boolean", "default": False},
            message=STR,
            note=STR,
        ),
        {
            "201": "Closure",
            "400": "invalid_kind, invalid_range or bad input",
            "404": "not_found",
            "409": "conflicts with appointments: [A]",
        },
    ),
    (
        "delete",
        "/closures/{closure_id}",
        "Remove a closure",
        STAFF,
        None,
        {"204": "deleted", "404": "not_found"},
    ),
    (
        "get",
        "/public/{slug}",
        "Public business info",
        None,
        None,
        {"200": "name, booking_mode, locations, services"},
    ),
    (
        "get",
        "/public/{slug}/slots",
        "Free slots (?service_id=&location_id=&from=&to=)",
        None,
        None,
        {"200": "{timezone, slots: [{start, end, staff_ids}]}"},
    ),
    (
        "post",
        "/customer/register",
        "Register a customer account",
        None,
        _obj(
            ["email", "password", "first_name", "last_name"],
            email=STR,
            password=STR,
            first_name=STR,
            last_name=STR,
            phone=STR,
        ),
        {
            "202": "answered before the address is looked up; a verification mail follows unless the "
            "address is verified already",
            "400": "bad input",
        },
    ),
    (
        "post",
        "/customer/verify",
        "Verify a customer account",
        None,
        _obj(["token"], token=STR),
        {"200": "verified", "410": "token_used or token_expired"},
    ),
    (
        "post",
        "/customer/login",
        "Customer log-in",
        None,
        _obj(["email", "password"], email=STR, password=STR),
        {"200": "{token}", "401": "bad_credentials", "403": "email_unverified"},
    ),
    (
        "post",
        "/public/{slug}/holds",
        "Hold a free slot; a security code is mailed",
        CUSTOMER_TOKEN,
        _obj(
            ["service_id", "location_id", "start"], service_id=STR, location_id=STR, start=TIME, staff_id=STR
        ),
        {
            "201": "{id, start, end, staff_id, expires_at}",
            "409": "slot_taken",
            "400": "not_bookable",
        },
    ),
    (
        "post",
        "/public/holds/{hold_id}/confirm",
        "Confirm a hold with its code",
        CUSTOMER_TOKEN,
        _obj(["code"], code=STR),
        {"200": "{appointment_id, status}", "422": "wrong_code", "410": "hold_released"},
    ),
    ("delete", "/public/holds/{hold_id}", "Give up a hold", CUSTOMER_TOKEN, None, {"204": "released"}),
    (
        "post",
        "/public/holds/{hold_id}/resend",
        "Mail a new security code that replaces the old one (three mails per hold in all)",
        CUSTOMER_TOKEN,
        None,
        {
            "202": "code sent",
            "404": "not_found",
            "409": "already_confirmed",
            "410": "hold_released",
            "429": "too_many_requests",
        },
    ),
    (
        "post",
        "/customer/password-reset",
        "Mail a link to set a new password (valid one hour, once); the answer never tells whether "
        "the account exists",
        None,
        _obj(["email"], email=STR),
        {
            "202": "answered before the account is looked up; the mail follows if it exists",
            "429": "too_many_requests",
        },
    ),
    (
        "post",
        "/customer/password-reset/confirm",
        "Set the new password with the mailed token; this also verifies the address",
        None,
        _obj(["token", "password"], token=STR, password=STR),
        {
            "200": "password set",
            "400": "weak_password",
            "404": "not_found",
            "410": "token_used or token_expired",
        },
    ),
    (
        "get",
        "/customer/me",
        "The customer's own profile",
        CUSTOMER_TOKEN,
        None,
        {"200": "{email, first_name, last_name, phone, language}", "401": "unauthorised"},
    ),
    (
        "get",
        "/customer/appointments/{appointment_id}/calendar.ics",
        "One of the customer's booked or requested appointments as a calendar file (text/calendar), "
        "the same entry (UID, times, summary) as the one attached to its mail",
        CUSTOMER_TOKEN,
        None,
        {"200": "text/calendar", "401": "unauthorised", "404": "not_found"},
    ),
    (
        "patch",
        "/customer/me",
        "Change the customer's own profile",
        CUSTOMER_TOKEN,
        _obj(
            [],
            first_name=STR,
            last_name=STR,
            phone=STR,
            language={"type": "string", "enum": ["de", "en"]},
        ),
        {"200": "the profile", "400": "bad input", "401": "unauthorised"},
    ),
    (
        "post",
        "/customer/password",
        "Change the customer's own password; the current one is asked for again",
        CUSTOMER_TOKEN,
        _obj(["current_password", "new_password"], current_password=STR, new_password=STR),
        {
            "200": "password changed: `{status, token}`, a new token; log-ins with the old password end",
            "400": "weak_password",
            "401": "unauthorised",
            "403": "wrong_password",
            "429": "too_many_requests",
        },
    ),
]

ERROR = _obj(["error"], error=_obj(["code", "message"], code=STR, message=STR))


def build_spec(generated: dict[str, Any]) -> dict[str, Any]:
    """The generated document of the operations declared with models, and this table's for the rest."""
    paths: dict[str, Any] = generated["paths"]
    for method, path, summary, security, body, responses in ENDPOINTS:
        if method in paths.get(path, {}):
            continue
        operation: dict[str, Any] = {
            "summary": summary,
            "responses": {
                status: {
                    "description": text,
                    "content": {
                        "application/json": {"schema": ERROR if status >= "400" else {"type": "object"}}
                    },
                }
                for status, text in responses.items()
            },
        }
        if security:
            operation["security"] = security
        if body:
            operation["requestBody"] = {
                "required": True,
                "content": {"text/csv" if body is CSV else "application/json": {"schema": body}},
            }
        params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if params:
            operation["parameters"] = [
                {"name": p, "in": "path", "required": True, "schema": STR} for p in params
            ]
        paths.setdefault(path, {})[method] = operation
    return {
        **generated,
        "openapi": "3.1.0",
        "info": {"title": "Termine API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {
                **generated["components"]["schemas"],
                "Appointment": APPOINTMENT,
                "Closure": CLOSURE,
                "Customer": CUSTOMER,
                "Proposal": PROPOSAL,
                "Error": ERROR,
            },
        },
    }


def openapi_route(*apis: Api) -> Route:
    merged = Api(
        [op for api in apis for op in api.operations],
        extra_schemas=dict(EVENTS),
        event_rooms={name: "public" if name in PUBLIC_EVENTS else "staff" for name in EVENTS},
        event_notes=MEANINGS,
    )
    spec = build_spec(document(merged, title="Termine API", version="1", server="/api/v1"))

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    return Route("/openapi.json", openapi, methods=["GET"])
