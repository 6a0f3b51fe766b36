"""Calendar entries (iCalendar, RFC 5545) to attach to booking mails, so a customer can save the date."""

from __future__ import annotations

from datetime import UTC, datetime

from mail.messages import Attachment


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escapes a TEXT value: backslash, semicolon, comma and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Folds a content line into pieces of at most 75 octets, as the RFC asks, never inside a character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not pieces else 74  # a continuation line starts with one space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def event(*, uid: str, start: datetime, end: datetime, summary: str, location: str, stamp: datetime) -> str:
    """One VEVENT in a PUBLISH calendar, times in UTC, lines ending in CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Termine//Terminbuchung//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{_text(summary)}",
        f"LOCATION:{_text(location)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def event_attachment(
    *, uid: str, start: datetime, end: datetime, summary: str, location: str, stamp: datetime
) -> Attachment:
    """The entry as a `termin.ics` attachment of type text/calendar."""
    content = event(uid=uid, start=start, end=end, summary=summary, location=location, stamp=stamp)
    return Attachment(filename="termin.ics", content_type="text/calendar", content=content)
