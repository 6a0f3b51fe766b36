"""Until when a customer may cancel or move an appointment online: the business's cut-off before
its start. The desk is bound by none of this."""

from __future__ import annotations

from datetime import datetime, timedelta


def online_deadline(start: datetime, cutoff_hours: int) -> datetime:
    """The last moment the customer may cancel or move the appointment online."""
    return start - timedelta(hours=cutoff_hours)


def open_online(start: datetime, cutoff_hours: int, now: datetime) -> bool:
    """Whether the customer may still cancel or move it online at `now`."""
    return now < start and now <= online_deadline(start, cutoff_hours)
