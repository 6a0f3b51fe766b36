"""The mails we send, rendered from plain-text templates in `templates/`: German texts through
gettext (`_("…")`), worded in the recipient's language by the catalogs of `i18n/`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from i18n import DEFAULT, plural_wording, translate


@pass_context
def _gettext(context: Context, text: str, **values: object) -> str:
    """`_("German text", name=…)` in the mail's language (plain text: mails are not HTML)."""
    return translate(context.get("lang", DEFAULT), text, **values)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **values: object) -> str:
    return plural_wording(context.get("lang", DEFAULT), singular, plural, n).format(n=n, **values)


_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    extensions=["jinja2.ext.i18n"],
)
_templates.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]


#: Unicode categories that end a line or control the terminal: control characters (CR, LF, NEL, …)
#: and the line and paragraph separators U+2028 and U+2029.
BREAKING = frozenset({"Cc", "Zl", "Zp"})


def breaks_line(text: str) -> bool:
    """Whether `text` holds a line break or a control character anywhere."""
    return any(unicodedata.category(char) in BREAKING for char in text)


def header_text(value: str) -> str:
    """`value` as one header line: line breaks and control characters become single spaces."""
    if not breaks_line(value):
        return value
    return " ".join("".join(" " if unicodedata.category(c) in BREAKING else c for c in value).split())


@dataclass(frozen=True)
class Attachment:
    """A file sent along with a mail; `content` is text (an ICS calendar entry, say), or with
    `encoding` "base64" the bytes of a binary file (a PDF invoice) in base64."""

    filename: str
    content_type: str
    content: str
    encoding: str = ""

    def as_json(self) -> dict[str, str]:
        stored = {"filename": self.filename, "content_type": self.content_type, "content": self.content}
        return {**stored, "encoding": self.encoding} if self.encoding else stored


@dataclass(frozen=True)
class Message:
    kind: str
    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    #: Extra headers by name, e.g. List-Unsubscribe.
    headers: tuple[tuple[str, str], ...] = ()


def render(
    kind: str,
    to: str,
    *,
    language: str = "de",
    attachments: tuple[Attachment, ...] = (),
    **context: Any,
) -> Message:
    """Renders the template of `kind` in `language`, whose first line is `Subject: …`."""
    text = _templates.get_template(f"{kind}.txt").render(lang=language, **context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"mail template {kind} must start with a Subject line")
    return Message(
        kind=kind,
        to=to,
        subject=header_text(first.removeprefix("Subject: ").strip()),
        body=body.lstrip("\n"),
        attachments=attachments,
    )
