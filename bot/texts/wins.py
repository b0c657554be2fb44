"""Texts of wins: /newclient, the celebration, correcting and removing a win, and the wins
on the Home tab, in English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # /newclient help and quick-log replies
    "help.title": {
        "en": "*Log a new client with* `/newclient`",
        "nl": "*Log een nieuwe klant met* `/newclient`",
    },
    "help.body": {
        "en": "• `/newclient` opens a form: client, deal value, kind of client, how you won it and the story.\n"
        "• `/newclient Acme Corp 25k` logs it right away; the end is the deal value "
        "(`25000`, `25k`, `25 thousand`, `1.5m`, `$1.5 million`, `€25,000`, `25,000 euro`).\n"
        '• A name that ends in a number goes in quotes: `/newclient "Studio 54" 10k`.\n'
        "Every new client is celebrated in <#{channel}>. 🎉",
        "nl": "• `/newclient` opent een formulier: klant, dealwaarde, soort klant, hoe je hem binnenhaalde en het verhaal.\n"
        "• `/newclient Acme BV 25k` logt hem meteen; aan het eind staat de dealwaarde "
        "(`25000`, `25k`, `25 duizend`, `2 ton`, `1,5 mln`, `€ 25.000,-`, `25.000 euro`).\n"
        '• Eindigt de naam op een getal, zet hem dan tussen aanhalingstekens: `/newclient "Studio 54" 10k`.\n'
        "Elke nieuwe klant wordt gevierd in <#{channel}>. 🎉",
    },
    "help.example": {
        "en": "Try: `/newclient Acme Corp 25k`",
        "nl": "Probeer: `/newclient Acme BV 25k`",
    },
    "quicklog.logged": {
        "en": "🎉 *{client}* is logged{value}. The celebration is on its way to <#{channel}>.",
        "nl": "🎉 *{client}* is gelogd{value}. De felicitaties komen eraan in <#{channel}>.",
    },
    "quicklog.already": {
        "en": "*{client}* was already logged{value}; nothing was added twice.",
        "nl": "*{client}* was al gelogd{value}; er is niets dubbel toegevoegd.",
    },
    "quicklog.value": {
        "en": " with a deal value of {value}",
        "nl": " met een dealwaarde van {value}",
    },
    "quicklog.tip": {
        "en": "Tip: `/newclient` on its own opens a form where you can add how you won it and the story.",
        "nl": "Tip: `/newclient` zonder tekst opent een formulier voor hoe je hem binnenhaalde en het verhaal.",
    },
    "quicklog.ask": {
        "en": "🤔 I couldn't read `{amount}` as an amount, so nothing is logged yet. "
        "Log *{client}* without a value, or fix it?",
        "nl": "🤔 Ik kon `{amount}` niet als bedrag lezen, dus er is nog niets gelogd. "
        "*{client}* loggen zonder waarde, of wil je het aanpassen?",
    },
    "quicklog.ask_hint": {
        "en": "Amounts I can read: `25000`, `25k`, `25 thousand`, `25,000 euro`, `€ 25,000`, "
        "`1.5m`, `$1.5 million`.",
        "nl": "Bedragen die ik kan lezen: `25000`, `25k`, `25 duizend`, `25.000 euro`, "
        "`€ 25.000,-`, `1,5 mln`, `2 ton`.",
    },
    "quicklog.ask_log": {"en": "Log without a value", "nl": "Loggen zonder waarde"},
    "quicklog.ask_fix": {"en": "Fix it", "nl": "Aanpassen"},
    # The same client again within DUPLICATE_DAYS: ask before celebrating it twice
    "again.by_you": {
        "en": "🤔 *{client}* was logged by you on {date}. Log it again?",
        "nl": "🤔 *{client}* heb je op {date} al gelogd. Nog een keer loggen?",
    },
    "again.by_other": {
        "en": "🤔 *{client}* was logged by {rep} on {date}. Log it again?",
        "nl": "🤔 *{client}* is op {date} al gelogd door {rep}. Nog een keer loggen?",
    },
    "again.nothing_yet": {"en": "Nothing is logged yet.", "nl": "Er is nog niets gelogd."},
    "again.log": {"en": "Log it again", "nl": "Opnieuw loggen"},
    "again.cancel": {"en": "Cancel", "nl": "Annuleren"},
    "again.cancelled": {
        "en": "OK, *{client}* is not logged again.",
        "nl": "Oké, *{client}* is niet opnieuw gelogd.",
    },
    "again.modal_title": {"en": "Logged before?", "nl": "Al eerder gelogd?"},
    "again.modal_hint": {
        "en": "Nothing is logged yet. A different client? Change the name. Cancel logs nothing.",
        "nl": "Er is nog niets gelogd. Een andere klant? Pas de naam aan. Annuleren logt niets.",
    },
    "error.prefix": {
        "en": "⚠️ Nothing was logged: {problem}",
        "nl": "⚠️ Er is niets gelogd: {problem}",
    },
    "error.empty": {"en": "there is no client name.", "nl": "er staat geen klantnaam."},
    "error.no_wins_channel": {
        "en": "⚠️ Nothing was logged: this workspace has no wins channel yet. An admin chooses "
        "it on the bot's App Home (Settings).",
        "nl": "⚠️ Er is niets gelogd: deze workspace heeft nog geen kanaal voor nieuwe klanten. "
        "Een admin kiest het op de App Home van de bot (Instellingen).",
    },
    "error.empty_name": {
        "en": "there is a deal value but no client name.",
        "nl": "er staat een dealwaarde maar geen klantnaam.",
    },
    "error.name_too_long": {
        "en": "the client name is {length} characters long; the limit is {max}.",
        "nl": "de klantnaam is {length} tekens lang; het maximum is {max}.",
    },
    "error.unbalanced_quote": {
        "en": 'a quote is opened but not closed. Put the whole name in quotes: `"Studio 54"`.',
        "nl": 'er staat een aanhalingsteken dat niet gesloten wordt. Zet de hele naam tussen aanhalingstekens: `"Studio 54"`.',
    },
    "error.negative_amount": {
        "en": "the deal value is negative. Use the value of the deal, e.g. `25k`.",
        "nl": "de dealwaarde is negatief. Gebruik de waarde van de deal, bijvoorbeeld `25k`.",
    },
    "error.zero_amount": {
        "en": "the deal value is zero. Leave the value out if you don't know it yet.",
        "nl": "de dealwaarde is nul. Laat de waarde weg als je die nog niet weet.",
    },
    "error.absurd_amount": {
        "en": "that deal value is more than {max}; check the number of zeros.",
        "nl": "die dealwaarde is meer dan {max}; kijk het aantal nullen nog eens na.",
    },
    "error.bad_amount": {
        "en": "`{text}` is not a deal value I can read. Use e.g. `25000`, `25k`, `1.5m`, `25 thousand` or `€25,000`.",
        "nl": "`{text}` is geen dealwaarde die ik kan lezen. Gebruik bijvoorbeeld `25000`, `25k`, `1,5 mln`, `2 ton` of `€ 25.000`.",
    },
    "error.unknown_currency": {
        "en": "`{currency}` is not a currency I know. Use a code such as EUR, USD or GBP.",
        "nl": "`{currency}` is geen munteenheid die ik ken. Gebruik een code zoals EUR, USD of GBP.",
    },
    "error.story_too_long": {
        "en": "Keep the story under {max} characters (it is {length} now).",
        "nl": "Houd het verhaal onder de {max} tekens (het zijn er nu {length}).",
    },
    "error.segment_too_long": {
        "en": "Keep this under {max} characters.",
        "nl": "Houd dit onder de {max} tekens.",
    },
    # The modal
    "modal.title": {"en": "New client 🎉", "nl": "Nieuwe klant 🎉"},
    "modal.submit": {"en": "Celebrate", "nl": "Vieren"},
    "modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "modal.intro": {
        "en": "Won a new client? Tell the team. Every new client is celebrated in <#{channel}>.",
        "nl": "Een nieuwe klant binnengehaald? Vertel het het team. Elke nieuwe klant wordt gevierd in <#{channel}>.",
    },
    "modal.client": {"en": "Client name", "nl": "Naam van de klant"},
    "modal.client_placeholder": {"en": "e.g. Acme Corp", "nl": "bijv. Acme BV"},
    "modal.value": {"en": "Deal value", "nl": "Dealwaarde"},
    "modal.value_placeholder": {
        "en": "e.g. 25000, 25k or 1.5m",
        "nl": "bijv. 25.000, 25k, 2 ton of 1,5 mln",
    },
    "modal.value_hint": {
        "en": "Optional. First-year value of the deal.",
        "nl": "Optioneel. Waarde van de deal in het eerste jaar.",
    },
    "modal.currency": {"en": "Currency", "nl": "Munteenheid"},
    "modal.segment": {"en": "Kind of client", "nl": "Soort klant"},
    "modal.segment_placeholder": {
        "en": "e.g. SME manufacturing, hospital, retail chain",
        "nl": "bijv. mkb-productie, ziekenhuis, retailketen",
    },
    "modal.won_via": {"en": "How did you win it?", "nl": "Hoe heb je hem binnengehaald?"},
    "modal.won_via_placeholder": {"en": "Choose one", "nl": "Kies er een"},
    "modal.story": {"en": "The story", "nl": "Het verhaal"},
    "modal.story_placeholder": {
        "en": "What made the difference? What can colleagues learn from it?",
        "nl": "Wat maakte het verschil? Wat kunnen collega's ervan leren?",
    },
    "modal.done_title": {"en": "Logged 🎉", "nl": "Gelogd 🎉"},
    "modal.done_close": {"en": "Close", "nl": "Sluiten"},
    "won_via.cold_outreach": {"en": "Cold outreach", "nl": "Koude acquisitie"},
    "won_via.referral": {"en": "Referral", "nl": "Doorverwijzing"},
    "won_via.event": {"en": "Event or trade fair", "nl": "Evenement of beurs"},
    "won_via.inbound": {"en": "Inbound lead", "nl": "Inkomende lead"},
    "won_via.network": {"en": "Own network", "nl": "Eigen netwerk"},
    "won_via.partner": {"en": "Partner", "nl": "Partner"},
    "won_via.other": {"en": "Other", "nl": "Anders"},
    # The celebration
    "celebrate.headline": {"en": "🎉 New client: {client}!", "nl": "🎉 Nieuwe klant: {client}!"},
    "celebrate.headline_first": {
        "en": "🥇 First new client of the year for {rep}: {client}!",
        "nl": "🥇 Eerste nieuwe klant van het jaar voor {rep}: {client}!",
    },
    "celebrate.headline_biggest": {
        "en": "🏆 Biggest deal of the year so far: {client}!",
        "nl": "🏆 Grootste deal van het jaar tot nu toe: {client}!",
    },
    "celebrate.headline_team": {
        "en": "🚀 New client number {n} for the team this year: {client}!",
        "nl": "🚀 Nieuwe klant nummer {n} voor het team dit jaar: {client}!",
    },
    "celebrate.cheer.0": {
        "en": "{rep} just won *{client}*. That is how we grow! 💪",
        "nl": "{rep} heeft net *{client}* binnengehaald. Zo groeien we! 💪",
    },
    "celebrate.cheer.1": {
        "en": "Hats off to {rep} for bringing in *{client}*! 🎩",
        "nl": "Petje af voor {rep}, die *{client}* binnenbracht! 🎩",
    },
    "celebrate.cheer.2": {
        "en": "*{client}* is on board, thanks to {rep}. 🙌",
        "nl": "*{client}* is aan boord, dankzij {rep}. 🙌",
    },
    "celebrate.cheer.3": {
        "en": "A new name on the client list: *{client}*. Well hunted, {rep}! 🏹",
        "nl": "Een nieuwe naam op de klantenlijst: *{client}*. Goed gejaagd, {rep}! 🏹",
    },
    "celebrate.cheer.4": {
        "en": "{rep} opened the door at *{client}*. Bravo! 👏",
        "nl": "{rep} kreeg de deur open bij *{client}*. Bravo! 👏",
    },
    "celebrate.cheer.5": {
        "en": "Future growth, signed: *{client}*, won by {rep}. 🚀",
        "nl": "Toekomstige groei, getekend: *{client}*, binnengehaald door {rep}. 🚀",
    },
    "celebrate.big_first": {
        "en": "The first one of the year is always the hardest. Great start, {rep}!",
        "nl": "De eerste van het jaar is altijd de moeilijkste. Sterke start, {rep}!",
    },
    "celebrate.big_biggest": {
        "en": "That is the biggest new deal the team has won this year. 🏆",
        "nl": "Dat is de grootste nieuwe deal die het team dit jaar won. 🏆",
    },
    "celebrate.big_team": {
        "en": "That makes {n} new clients for the team this year. Keep them coming! 🚀",
        "nl": "Daarmee staat het team dit jaar op {n} nieuwe klanten. Ga zo door! 🚀",
    },
    "celebrate.won_by": {"en": "*Won by*\n{rep}", "nl": "*Binnengehaald door*\n{rep}"},
    "celebrate.value": {"en": "*Deal value*\n{value}", "nl": "*Dealwaarde*\n{value}"},
    "celebrate.segment": {"en": "*Kind of client*\n{segment}", "nl": "*Soort klant*\n{segment}"},
    "celebrate.won_via": {"en": "*How*\n{won_via}", "nl": "*Hoe*\n{won_via}"},
    "celebrate.story": {"en": "*The story*\n{story}", "nl": "*Het verhaal*\n{story}"},
    "celebrate.counts": {
        "en": "New clients in {year}: {rep_count} for {rep} · {team_count} for the team",
        "nl": "Nieuwe klanten in {year}: {rep_count} voor {rep} · {team_count} voor het team",
    },
    "celebrate.button": {"en": "👏 Congratulate", "nl": "👏 Feliciteren"},
    "celebrate.congratulated_by": {
        "en": "👏 Congratulated by {users}",
        "nl": "👏 Gefeliciteerd door {users}",
    },
    "celebrate.fallback": {
        "en": "🎉 New client: {client}, won by {rep}!",
        "nl": "🎉 Nieuwe klant: {client}, binnengehaald door {rep}!",
    },
    "congratulate.own": {
        "en": "It's your own win, enjoy it! 🎉 Your colleagues can congratulate you here.",
        "nl": "Het is je eigen klant, geniet ervan! 🎉 Je collega's kunnen je hier feliciteren.",
    },
    "congratulate.again": {
        "en": "You already congratulated on this one. 👏",
        "nl": "Je hebt hier al gefeliciteerd. 👏",
    },
    # Correcting and removing a win from its celebration: the menu, the modals and the answers
    "celebration.menu.edit": {"en": "✏️ Edit", "nl": "✏️ Bewerken"},
    "celebration.menu.remove": {"en": "🗑️ Remove", "nl": "🗑️ Verwijderen"},
    "celebration.not_allowed": {
        "en": "Only {rep} or an admin can change this win. Something wrong? Let them know. 🙂",
        "nl": "Alleen {rep} of een admin kan deze klant aanpassen. Klopt er iets niet? "
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
