"""The mails we send, rendered from plain-text templates: German in `templates/`, the English twin
of each in `templates/en/`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Attachment:
    """A file sent along with a mail; `content` is text (an ICS calendar entry, say)."""

    filename: str
    content_type: str
    content: str

    def as_json(self) -> dict[str, str]:
        return {"filename": self.filename, "content_type": self.content_type, "content": self.content}


@dataclass(frozen=True)
class Message:
    kind: str
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    #: Extra headers by name, e.g. List-Unsubscribe.
    headers: tuple[tuple[str, str], ...] = ()


def template_name(kind: str, language: str = "de") -> str:
    """The template of `kind` in `language`; any language but English reads German."""
    return f"en/{kind}.txt" if language == "en" else f"{kind}.txt"


def render(
    kind: str,
    to: str,
    *,
    language: str = "de",
    attachments: tuple[Attachment, ...] = (),
    **context: Any,
) -> Message:
    """Renders the template of `kind` in `language`, whose first line is `Subject: …`."""
    text = _templates.get_template(template_name(kind, language)).render(**context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"mail template {kind} must start with a Subject line")
    return Message(
        kind=kind,
        to=to,
        subject=first.removeprefix("Subject: ").strip(),
        body=body.lstrip("\n"),
        attachments=attachments,
    )
