"""The keys that customer search reads: lowercase, accent-free text kept beside each record.

SQLite's `lower()` folds ASCII only, so the folding happens here, in Python, once per write: the
database then compares plain strings, and "mul", "Mül" and "MÜL" all find "Müller".
"""

from __future__ import annotations

import re
import unicodedata

_NOT_A_WORD = re.compile(r"[\W_]+")
_PHONE_LIKE = re.compile(r"^[\d\s+\-/().]+$")


def fold(text: str) -> str:
    """Casefolded without diacritics: "Müller-Lüdenscheidt" -> "muller-ludenscheidt"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(text: str) -> str:
    """The folded words of a name, one space apart: "Anna-Lena O'Brien" -> "anna lena o brien"."""
    return " ".join(_NOT_A_WORD.sub(" ", fold(text)).split())


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def search_name(first_name: str, last_name: str) -> str:
    """The sort key: last name, then first name, as folded words."""
    return f"{name_words(last_name)}  {name_words(first_name)}".strip()


def search_text(first_name: str, last_name: str, email: str, phone: str) -> str:
    """What a typed word may be found in: names, e-mail, the phone as written and as bare digits."""
    parts = (fold(last_name), fold(first_name), fold(email), fold(phone), digits(phone))
    return " ".join(part for part in parts if part)


def keys(first_name: str, last_name: str, email: str, phone: str) -> dict[str, str]:
    """The search columns of a customer record with these values."""
    return {
        "search_name": search_name(first_name, last_name),
        "search_text": search_text(first_name, last_name, email, phone),
    }


def query_terms(query: str) -> list[str]:
    """The typed query as folded terms that must each occur; a phone number counts as one term.

    "0171 23" and "0171-23" both become "17123", which the bare digits of "0171-234 567" contain,
    and those of "+49 171 234567" too: from four digits on, the leading zeros of a national or
    international prefix are left out.
    """
    query = query.replace("\x00", "").strip()
    if any(c.isdigit() for c in query) and _PHONE_LIKE.match(query):
        number = digits(query)
        if len(number) >= 4:
            number = number.lstrip("0") or number
        return [number]
    return [fold(word) for word in query.split()]
