"""Closures: sickness, vacation and pauses in one calendar or the whole business."""

from __future__ import annotations

from pydantic import Field

from contract.enums import ClosureKind
from contract.fields import Moment, Shape


class Closure(Shape):
    id: str
    staff_id: str | None = Field(description="null: the whole business")
    kind: ClosureKind
    start: Moment
    end: Moment
    all_day: bool
    note: str
