"""Who may do what: the rights of a person of the team, and the presets that fill them in."""

from __future__ import annotations

from collections.abc import Iterable

from contract.enums import Preset, Right, Role

#: What each preset gives; the licences only ever come with the owner's role.
PRESETS: dict[Preset, frozenset[Right]] = {
    Preset.OWNER: frozenset(Right),
    Preset.MANAGEMENT: frozenset(Right) - {Right.LICENCES},
    Preset.RECEPTION: frozenset({Right.BOOK_OTHERS, Right.CUSTOMERS}),
    Preset.PROVIDER: frozenset({Right.OWN_HOURS, Right.CUSTOMERS}),
}

#: What a person of the team may be given: everything but the licences.
GRANTABLE = frozenset(Right) - {Right.LICENCES}


def rights_of(role: str, stored: Iterable[str]) -> frozenset[Right]:
    """A person's rights: the owner's are all of them, a member's those stored (unknown words of
    an older or newer version are ignored, never granted)."""
    if role == Role.OWNER:
        return frozenset(Right)
    known = {right.value for right in GRANTABLE}
    return frozenset(Right(word) for word in stored if word in known)


def preset_of(role: str, rights: frozenset[Right]) -> Preset | None:
    """The preset these rights are exactly, if any; None when they were changed one by one."""
    if role == Role.OWNER:
        return Preset.OWNER
    return next((p for p, given in PRESETS.items() if p != Preset.OWNER and given == rights), None)
