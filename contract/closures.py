"""Closures: sickness, vacation and pauses in one calendar or the whole business."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationInfo, WithJsonSchema, field_validator

from contract.appointments import MessageText
from contract.enums import ClosureKind
from contract.fields import STRIPPED, Body, Code, Day, Id, Instant, Moment, Shape

_DAY: TypeAdapter[date] = TypeAdapter(Day)
_INSTANT: TypeAdapter[datetime] = TypeAdapter(Instant)


class Closure(Shape):
    id: str
    staff_id: str | None = Field(description="null: the whole business")
    kind: ClosureKind
    start: Moment
    end: Moment
    all_day: bool
    note: str

    def busy(self) -> Closure:
        """Only when, without the note: a colleague's closure as a person without the right to work
        in colleagues' calendars sees it."""
        return self.model_copy(update={"note": ""})


class Closures(Shape):
    closures: list[Closure]


#: A closure's bound: a date for sickness and vacation (whole local days, both inclusive), a time
#: with offset for a pause.
Bound = Annotated[
    date | datetime,
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]


class NewClosure(Body):
    kind: Annotated[ClosureKind, Code("invalid_kind")]
    staff_id: Id | None = Field(None, description="null or left out: the whole business")
    start: Bound
    end: Bound
    confirm: bool = Field(False, description="cancel the appointments in the way")
    message: MessageText = Field("", description="mailed with each cancellation")
    note: Annotated[str, STRIPPED, Field(max_length=1000)] = ""

    @field_validator("start", "end", mode="before")
    @classmethod
    def _by_kind(cls, value: Any, info: ValidationInfo) -> date | datetime:
        """Days for sickness and vacation, times for a pause."""
        if info.data.get("kind") == ClosureKind.PAUSE:
            return _INSTANT.validate_python(value)
        return _DAY.validate_python(value)
