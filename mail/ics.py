"""Calendar entries (iCalendar, RFC 5545) for a customer's own calendar: attached to the mails about
a booking and downloaded from the booking page, made in one place by the `icalendar` package.

A mail carries the entry as an iTIP message (RFC 5546): `REQUEST` puts the appointment in the
customer's calendar or, with the same UID and a higher SEQUENCE, moves it there; `CANCEL` takes it
out. Mail programs apply such a message to the entry they already have instead of adding another.
A download is a plain `PUBLISH`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from icalendar import Calendar, Event, vCalAddress, vText

from mail.messages import Attachment

PRODID = "-//Termine//Terminbuchung//DE"

Method = Literal["PUBLISH", "REQUEST", "CANCEL"]


@dataclass(frozen=True)
class Party:
    """The organizer (the business) or the attendee (the customer) of an entry."""

    email: str
    name: str


@dataclass(frozen=True)
class Entry:
    """One appointment as a calendar program keeps it: the same `uid` across every change, a
    `sequence` that rises with each."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str
    sequence: int = 0


def event(
    entry: Entry,
    *,
    stamp: datetime,
    method: Method = "PUBLISH",
    organizer: Party | None = None,
    attendee: Party | None = None,
) -> str:
    """One VEVENT in a calendar of `method`, times in UTC, lines folded and ending in CRLF."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    item = Event()
    item.add("uid", entry.uid)
    item.add("sequence", entry.sequence)
    item.add("dtstamp", stamp.astimezone(UTC))
    item.add("dtstart", entry.start.astimezone(UTC))
    item.add("dtend", entry.end.astimezone(UTC))
    item.add("summary", entry.summary)
    item.add("location", entry.location)
    item.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if organizer is not None:
        item.add("organizer", _address(organizer))
    if attendee is not None:
        who = _address(attendee)
        who.params["ROLE"] = vText("REQ-PARTICIPANT")
        who.params["PARTSTAT"] = vText("ACCEPTED")
        who.params["RSVP"] = vText("FALSE")
        item.add("attendee", who, encode=False)
    calendar.add_component(item)
    made: bytes = calendar.to_ical()
    return made.decode()


def _address(party: Party) -> vCalAddress:
    address = vCalAddress(f"mailto:{party.email}")
    if party.name:
        address.params["CN"] = vText(party.name)
    return address


def event_attachment(
    entry: Entry,
    *,
    stamp: datetime,
    method: Method = "PUBLISH",
    organizer: Party | None = None,
    attendee: Party | None = None,
    filename: str = "termin.ics",
) -> Attachment:
    """The entry as an attachment of type text/calendar, its method named as iTIP asks."""
    content = event(entry, stamp=stamp, method=method, organizer=organizer, attendee=attendee)
    return Attachment(filename=filename, content_type=f"text/calendar; method={method}", content=content)
