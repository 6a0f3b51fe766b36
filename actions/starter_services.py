"""Starter sets of services per trade: a new business takes one with a click and edits it after.
Names are worded in the language of the person who takes the set."""

from __future__ import annotations

from actions import services
from actions.context import Deps
from contract.services import NewService
from contract.setup_guide import Trade
from i18n import N_, translate

#: Each trade's usual services as (name, minutes), in the order the booking page lists them.
STARTER_SETS: dict[Trade, tuple[tuple[str, int], ...]] = {
    Trade.PHYSIOTHERAPY: (
        (N_("Physiotherapie"), 30),
        (N_("Physiotherapie Erstbefund"), 45),
        (N_("Manuelle Therapie"), 30),
        (N_("Lymphdrainage"), 45),
    ),
    Trade.MASSAGE: (
        (N_("Massage 30 Minuten"), 30),
        (N_("Massage 60 Minuten"), 60),
        (N_("Fußreflexzonenmassage"), 45),
    ),
    Trade.HAIRDRESSER: (
        (N_("Haarschnitt Damen"), 60),
        (N_("Haarschnitt Herren"), 30),
        (N_("Färben"), 90),
        (N_("Föhnen"), 30),
    ),
    Trade.BEAUTY: (
        (N_("Gesichtsbehandlung"), 60),
        (N_("Maniküre"), 45),
        (N_("Pediküre"), 45),
    ),
}


async def add_starter_set(deps: Deps, tenant_id: str, trade: Trade, *, language: str) -> list[str]:
    """Adds the trade's services, offered by the owner's calendar, named in `language`."""
    return [
        await services.add(
            deps,
            tenant_id,
            NewService(name=translate(language, name), duration_minutes=minutes, color=None, staff_ids=None),
        )
        for name, minutes in STARTER_SETS[trade]
    ]
