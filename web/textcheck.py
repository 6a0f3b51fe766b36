"""What text the product takes in: Unicode scalar values without U+0000, however it arrives.

PostgreSQL cannot store U+0000, and no database driver can encode a lone surrogate (U+D800–U+DFFF,
which JSON's "\\ud800" escape produces); no person types either.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

NUL = "Text may not contain a NUL character."
NOT_UNICODE = "Text must be valid Unicode (UTF-8), without lone surrogates."


def fault(text: str) -> str | None:
    """Why `text` is refused, or None when it may be kept."""
    if "\x00" in text:
        return NUL
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return NOT_UNICODE
    return None


def encoded_fault(raw: bytes) -> str | None:
    """Why percent-encoded text (a path, a query, a posted form) is refused, or None."""
    try:
        text = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UNICODE
    return fault(text)
