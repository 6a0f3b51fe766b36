"""Calendar entries (iCalendar, RFC 5545) for a customer's own calendar: attached to booking mails and
downloaded from the booking page, made in one place by the `icalendar` package."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from mail.messages import Attachment

PRODID = "-//Termine//Terminbuchung//DE"


def event(*, uid: str, start: datetime, end: datetime, summary: str, location: str, stamp: datetime) -> str:
    """One VEVENT in a PUBLISH calendar, times in UTC, lines folded and ending in CRLF."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp.astimezone(UTC))
    entry.add("dtstart", start.astimezone(UTC))
    entry.add("dtend", end.astimezone(UTC))
    entry.add("summary", summary)
    entry.add("location", location)
    calendar.add_component(entry)
    made: bytes = calendar.to_ical()
    return made.decode()


def event_attachment(
    *, uid: str, start: datetime, end: datetime, summary: str, location: str, stamp: datetime
) -> Attachment:
    """The entry as a `termin.ics` attachment of type text/calendar."""
    content = event(uid=uid, start=start, end=end, summary=summary, location=location, stamp=stamp)
    return Attachment(filename="termin.ics", content_type="text/calendar", content=content)
