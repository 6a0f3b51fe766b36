"""A calendar feed as the document calendar programs subscribe to: an iCalendar `PUBLISH` of the
appointments and closures of some calendars, which the subscriber replaces as a whole each time it
looks again. An appointment cancelled or moved away is simply no longer in it, so calendar programs
drop it; a moved one keeps its UID and shows at its new time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from mail.ics import PRODID

#: How often subscribers should look again; Google keeps its own pace (hours), Apple and Outlook
#: follow this.
REFRESH = timedelta(minutes=15)


@dataclass(frozen=True)
class FeedEntry:
    """One block of time in a feed: an appointment (`tentative` while it is a request) or a closure,
    which is whole days (`all_day`, `start` and `end` dates in the business's zone) or a time range."""

    uid: str
    start: datetime | date
    end: datetime | date
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    tentative: bool = False


def feed_document(title: str, timezone: str, entries: Iterable[FeedEntry], *, stamp: datetime) -> str:
    """The feed named `title`, in the business's `timezone`, its times in UTC, every entry busy."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT15M")
    for entry in entries:
        item = Event()
        item.add("uid", entry.uid)
        item.add("sequence", entry.sequence)
        item.add("dtstamp", stamp.astimezone(UTC))
        item.add("dtstart", _moment(entry.start))
        item.add("dtend", _moment(entry.end))
        item.add("summary", entry.summary)
        if entry.location:
            item.add("location", entry.location)
        if entry.description:
            item.add("description", entry.description)
        item.add("status", "TENTATIVE" if entry.tentative else "CONFIRMED")
        item.add("transp", "OPAQUE")
        calendar.add_component(item)
    made: bytes = calendar.to_ical()
    return made.decode()


def _moment(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value
