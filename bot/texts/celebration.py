"""Correcting and removing a win from its celebration: the menu, the modals and the answers."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "celebration.menu.edit": {"en": "✏️ Edit", "nl": "✏️ Bewerken"},
    "celebration.menu.remove": {"en": "🗑️ Remove", "nl": "🗑️ Verwijderen"},
    "celebration.not_allowed": {
        "en": "Only {rep} or an admin can change this win. Something wrong? Let them know. 🙂",
        "nl": "Alleen {rep} of een beheerder kan deze klant aanpassen. Klopt er iets niet? "
        "Laat het ze weten. 🙂",
    },
    "celebration.already_removed": {
        "en": "This win was removed already; there is nothing left to change.",
        "nl": "Deze klant is al verwijderd; er valt niets meer aan te passen.",
    },
    "celebration.congratulate_removed": {
        "en": "This win was removed, so there is nothing to congratulate any more.",
        "nl": "Deze klant is verwijderd, dus er valt niets meer te feliciteren.",
    },
    "celebration.removed_line": {
        "en": "🗑️ This win was removed by {by}.",
        "nl": "🗑️ Deze nieuwe klant is verwijderd door {by}.",
    },
    "celebration.edit.title": {"en": "Edit the win", "nl": "Klant bewerken"},
    "celebration.edit.submit": {"en": "Save", "nl": "Opslaan"},
    "celebration.edit.close": {"en": "Cancel", "nl": "Annuleren"},
    "celebration.edit.intro": {
        "en": "Fix what is wrong; the celebration in <#{channel}> is updated to match.",
        "nl": "Verbeter wat niet klopt; de felicitatie in <#{channel}> wordt bijgewerkt.",
    },
    "celebration.edit.saved_title": {"en": "Saved", "nl": "Opgeslagen"},
    "celebration.edit.saved": {
        "en": "✅ Saved. The celebration of *{client}* in <#{channel}> is updated in a moment.",
        "nl": "✅ Opgeslagen. De felicitatie voor *{client}* in <#{channel}> wordt zo bijgewerkt.",
    },
    "celebration.remove.title": {"en": "Remove the win", "nl": "Klant verwijderen"},
    "celebration.remove.submit": {"en": "Remove", "nl": "Verwijderen"},
    "celebration.remove.close": {"en": "Keep it", "nl": "Laten staan"},
    "celebration.remove.confirm": {
        "en": "Remove *{client}*, won by {rep}?\n\nThe celebration in <#{channel}> will say the "
        "win was removed, and it no longer counts for {rep} or the team.",
        "nl": "*{client}*, binnengehaald door {rep}, verwijderen?\n\nDe felicitatie in "
        "<#{channel}> meldt dan dat de klant is verwijderd, en hij telt niet meer mee voor "
        "{rep} of het team.",
    },
    "celebration.remove.done_title": {"en": "Removed", "nl": "Verwijderd"},
    "celebration.remove.done": {
        "en": "🗑️ *{client}* is removed. The celebration in <#{channel}> says so in a moment, "
        "and the counts leave it out.",
        "nl": "🗑️ *{client}* is verwijderd. De felicitatie in <#{channel}> meldt dat zo, en de "
        "tellingen laten de klant weg.",
    },
    "celebration.unchanged_title": {"en": "Not changed", "nl": "Niet gewijzigd"},
}
