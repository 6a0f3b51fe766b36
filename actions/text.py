"""Single-line fields (names, subjects): one line of text, or a 400 that names the field.

Such values end up in mail subjects, calendar files and CSV cells, where a line break or a control
character would start a new header, property or row.
"""

from __future__ import annotations

from actions.errors import BadInput
from mail.messages import breaks_line


def single_line(value: str, field: str) -> str:
    """`value` unchanged when it is one line; refused when it holds a line break or control character."""
    if breaks_line(value):
        raise BadInput(
            "invalid_line",
            f"{field} must be one line, without line breaks or control characters.",
            field=field,
        )
    return value
