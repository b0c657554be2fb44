"""Texts of the sales-meeting agenda, in English and Dutch.

Params that carry user text ({title}, {client}, {question}, ...) are escaped by the views.
"""

TEXTS: dict[str, dict[str, str]] = {
    # The three kinds of items
    "agenda.kind.success": {"en": "🏆 Success story", "nl": "🏆 Succesverhaal"},
    "agenda.kind.challenge": {"en": "🤝 Challenge", "nl": "🤝 Uitdaging"},
    "agenda.kind.pipeline": {"en": "🎯 New-client pipeline", "nl": "🎯 Pipeline nieuwe klanten"},
    "agenda.kind_desc.success": {
        "en": "A win and what others can learn from it",
        "nl": "Een binnengehaalde klant en wat anderen ervan kunnen leren",
    },
    "agenda.kind_desc.challenge": {
        "en": "A situation with a concrete question to your colleagues",
        "nl": "Een situatie met een concrete vraag aan je collega's",
    },
    "agenda.kind_desc.pipeline": {
        "en": "A new client you are working on",
        "nl": "Een nieuwe klant waar je mee bezig bent",
    },
    "agenda.heading.success": {"en": "🏆 *Success stories*", "nl": "🏆 *Succesverhalen*"},
    "agenda.heading.challenge": {"en": "🤝 *Challenges*", "nl": "🤝 *Uitdagingen*"},
    "agenda.heading.pipeline": {
        "en": "🎯 *New-client pipeline*",
        "nl": "🎯 *Pipeline nieuwe klanten*",
    },
    "agenda.heading_minutes": {
        "en": "{heading} · {minutes} min",
        "nl": "{heading} · {minutes} min",
    },
    # One line of the agenda
    "agenda.line": {"en": "• *{title}* — {user}", "nl": "• *{title}* — {user}"},
    "agenda.minutes": {"en": "{minutes} min", "nl": "{minutes} min"},
    "agenda.if_time_allows": {"en": "if time allows", "nl": "als de tijd het toelaat"},
    "agenda.carried": {"en": "↪️ carried over", "nl": "↪️ doorgeschoven"},
    "agenda.question": {"en": "❓ *{question}*", "nl": "❓ *{question}*"},
    "agenda.tried": {"en": "_Already tried:_ {tried}", "nl": "_Al geprobeerd:_ {tried}"},
    "agenda.more": {"en": "…and {count} more", "nl": "…en nog {count}"},
    "agenda.empty": {
        "en": "Nothing on the agenda yet. Be the first!",
        "nl": "Er staat nog niets op de agenda. Wees de eerste!",
    },
    "agenda.title": {
        "en": "📋 *Agenda for the sales meeting on {when}*",
        "nl": "📋 *Agenda voor de salesmeeting van {when}*",
    },
    "agenda.title_plain": {
        "en": "Agenda for the sales meeting on {when}",
        "nl": "Agenda voor de salesmeeting van {when}",
    },
    "agenda.add_button": {"en": "➕ Add agenda item", "nl": "➕ Agendapunt toevoegen"},
    "agenda.cutoff": {
        "en": "You can add items until {cutoff}; then the agenda is locked and posted here.",
        "nl": "Je kunt punten toevoegen tot {cutoff}; daarna wordt de agenda afgesloten en hier gepost.",
    },
    "agenda.so_far": {"en": "*On the agenda so far*", "nl": "*Tot nu toe op de agenda*"},
    # The agenda opens
    "agenda.open.title": {
        "en": "📅 *The agenda for the sales meeting on {when} is open.*",
        "nl": "📅 *De agenda voor de salesmeeting van {when} staat open.*",
    },
    "agenda.open.fallback": {
        "en": "The agenda for the sales meeting on {when} is open.",
        "nl": "De agenda voor de salesmeeting van {when} staat open.",
    },
    "agenda.open.what": {
        "en": "What belongs on it:\n"
        "🏆 *Success stories*: a win and what others can learn from it\n"
        "🤝 *Challenges*: a situation with a concrete question to your colleagues\n"
        "🎯 *New-client pipeline*: the new clients you are working on\n"
        "Operational problems (deliveries, implementation, support, invoicing) belong in your "
        "1:1 with your manager, not in the team meeting.",
        "nl": "Wat hoort erop:\n"
        "🏆 *Succesverhalen*: een binnengehaalde klant en wat anderen ervan kunnen leren\n"
        "🤝 *Uitdagingen*: een situatie met een concrete vraag aan je collega's\n"
        "🎯 *Pipeline nieuwe klanten*: de nieuwe klanten waar je mee bezig bent\n"
        "Operationele problemen (leveringen, implementatie, support, facturatie) bespreek je in je "
        "1-op-1 met je manager, niet in de teammeeting.",
    },
    # The reminder the day before
    "agenda.reminder.title": {
        "en": "⏰ *Tomorrow: sales meeting at {time}*",
        "nl": "⏰ *Morgen: salesmeeting om {time}*",
    },
    "agenda.reminder.fallback": {
        "en": "Tomorrow: sales meeting at {time}",
        "nl": "Morgen: salesmeeting om {time}",
    },
    # ... or on Friday for a Monday meeting: not "tomorrow"
    "agenda.reminder.title_day": {
        "en": "⏰ *Next sales meeting: {day} at {time}*",
        "nl": "⏰ *Volgende salesmeeting: {day} om {time}*",
    },
    "agenda.reminder.fallback_day": {
        "en": "Next sales meeting: {day} at {time}",
        "nl": "Volgende salesmeeting: {day} om {time}",
    },
    "agenda.reminder.no_success": {
        "en": "No success stories yet. Who won a new client and wants to share how? 🏆",
        "nl": "Nog geen succesverhalen. Wie heeft een nieuwe klant binnengehaald en vertelt hoe? 🏆",
    },
    # The locked agenda
    "agenda.locked.no_success": {
        "en": "There are no success stories on the agenda this time. Bring yours to the next "
        "meeting: every new client is worth telling about, and your colleagues learn from how "
        "you won it.",
        "nl": "Er staan deze keer geen succesverhalen op de agenda. Breng er de volgende keer een "
        "mee: elke nieuwe klant is het vertellen waard, en je collega's leren van hoe je hem "
        "binnenhaalde.",
    },
    "agenda.locked.empty": {
        "en": "Nothing was put on the agenda.",
        "nl": "Er is niets op de agenda gezet.",
    },
    "agenda.locked.total": {
        "en": "⏱️ {total} min of agenda items in a meeting of {duration} min",
        "nl": "⏱️ {total} min aan agendapunten in een meeting van {duration} min",
    },
    "agenda.locked.spare": {
        "en": "{count} only if time allows",
        "nl": "{count} alleen als de tijd het toelaat",
    },
    "agenda.carry_button": {
        "en": "↪️ Carry over unreached items (admins)",
        "nl": "↪️ Niet-besproken punten doorschuiven (admins)",
    },
    # The item modal
    "agenda.modal.title": {"en": "Agenda item", "nl": "Agendapunt"},
    "agenda.modal.title_edit": {"en": "Edit agenda item", "nl": "Agendapunt wijzigen"},
    "agenda.modal.submit": {"en": "Add", "nl": "Toevoegen"},
    "agenda.modal.save": {"en": "Save", "nl": "Opslaan"},
    "agenda.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "agenda.modal.meeting": {
        "en": "For the sales meeting on *{when}*.",
        "nl": "Voor de salesmeeting van *{when}*.",
    },
    "agenda.modal.help": {
        "en": "🏆 A *success story*: a win and what others can learn from it. "
        "🤝 A *challenge*: a situation with a concrete question to your colleagues. "
        "🎯 *Pipeline*: a new client you are working on.\n"
        "An operational problem (deliveries, implementation, support, internal processes, "
        "invoicing)? Take it to your 1:1 with your manager; the sales meeting is about winning "
        "new clients.",
        "nl": "🏆 Een *succesverhaal*: een binnengehaalde klant en wat anderen ervan kunnen leren. "
        "🤝 Een *uitdaging*: een situatie met een concrete vraag aan je collega's. "
        "🎯 *Pipeline*: een nieuwe klant waar je mee bezig bent.\n"
        "Een operationeel probleem (leveringen, implementatie, support, interne processen, "
        "facturatie)? Bespreek het in je 1-op-1 met je manager; de salesmeeting gaat over nieuwe "
        "klanten binnenhalen.",
    },
    "agenda.modal.kind": {"en": "What kind of item?", "nl": "Wat voor punt?"},
    "agenda.modal.item_title": {"en": "Title", "nl": "Titel"},
    "agenda.modal.item_title_placeholder": {
        "en": "e.g. Won Acme through a referral",
        "nl": "bijv. Acme binnengehaald via een referentie",
    },
    "agenda.modal.details": {"en": "Details", "nl": "Toelichting"},
    "agenda.modal.details_hint": {
        "en": "A success story: what can others learn from it? Pipeline: where does it stand?",
        "nl": "Succesverhaal: wat kunnen anderen ervan leren? Pipeline: hoe staat het ervoor?",
    },
    "agenda.modal.question": {
        "en": "Your question to your colleagues",
        "nl": "Je vraag aan je collega's",
    },
    "agenda.modal.question_hint": {
        "en": "Required for a challenge: what would you like your colleagues' tips on?",
        "nl": "Verplicht bij een uitdaging: waarover wil je tips van je collega's?",
    },
    "agenda.modal.question_placeholder": {
        "en": "e.g. How do I get past the gatekeeper?",
        "nl": "bijv. Hoe kom ik langs de gatekeeper?",
    },
    "agenda.modal.tried": {"en": "What have you already tried?", "nl": "Wat heb je al geprobeerd?"},
    "agenda.modal.tried_hint": {
        "en": "For a challenge; optional.",
        "nl": "Bij een uitdaging; niet verplicht.",
    },
    # Validation errors (shown under the field)
    "agenda.error.required": {"en": "Please fill this in.", "nl": "Vul dit in."},
    "agenda.error.kind.required": {
        "en": "Choose what kind of item this is.",
        "nl": "Kies wat voor punt het is.",
    },
    "agenda.error.too_long": {
        "en": "This is {length} characters long; the limit is {max}.",
        "nl": "Dit is {length} tekens lang; het maximum is {max}.",
    },
    "agenda.error.bad_kind": {
        "en": "Choose one of the three kinds.",
        "nl": "Kies een van de drie soorten.",
    },
    "agenda.error.question_required": {
        "en": "A challenge needs a concrete question to your colleagues.",
        "nl": "Bij een uitdaging hoort een concrete vraag aan je collega's.",
    },
    # After saving an item
    "agenda.saved.added": {
        "en": "✅ *{title}* is on the agenda of the sales meeting on {when}.",
        "nl": "✅ *{title}* staat op de agenda van de salesmeeting van {when}.",
    },
    "agenda.saved.edited": {
        "en": "✏️ *{title}* is updated on the agenda of the sales meeting on {when}.",
        "nl": "✏️ *{title}* is bijgewerkt op de agenda van de salesmeeting van {when}.",
    },
    "agenda.saved.next_meeting": {
        "en": "📌 The agenda of the coming meeting is already locked, so *{title}* goes on the "
        "agenda of the next sales meeting, on {when}.",
        "nl": "📌 De agenda van de komende meeting is al afgesloten, dus *{title}* komt op de "
        "agenda van de volgende salesmeeting, op {when}.",
    },
    "agenda.saved.operational": {
        "en": "💡 This sounds like an operational matter. Problems with deliveries, "
        "implementation, support or invoicing are best solved in your 1:1 with your manager, so "
        "the sales meeting stays about winning new clients. Want to take it off the agenda? "
        "Use `/agenda list`.",
        "nl": "💡 Dit klinkt als een operationele kwestie. Problemen met leveringen, implementatie, "
        "support of facturatie los je het best op in je 1-op-1 met je manager, zodat de "
        "salesmeeting over nieuwe klanten blijft gaan. Wil je het van de agenda halen? "
        "Gebruik `/agenda list`.",
    },
    "agenda.saved.tip": {
        "en": "See or change your items with `/agenda list`.",
        "nl": "Bekijk of wijzig je punten met `/agenda list`.",
    },
    # /agenda list
    "agenda.list.no_meeting": {
        "en": "No sales meeting is planned yet, so there is no agenda.",
        "nl": "Er is nog geen salesmeeting gepland, dus ook nog geen agenda.",
    },
    "agenda.list.locked": {
        "en": "🔒 The agenda is locked since the cut-off.",
        "nl": "🔒 De agenda is afgesloten sinds de deadline.",
    },
    "agenda.edit_button": {"en": "✏️ Edit", "nl": "✏️ Wijzigen"},
    "agenda.withdraw_button": {"en": "Withdraw", "nl": "Intrekken"},
    "agenda.withdraw.confirm_title": {"en": "Withdraw this item?", "nl": "Punt intrekken?"},
    "agenda.withdraw.confirm_text": {
        "en": "It will be taken off the agenda.",
        "nl": "Het wordt van de agenda gehaald.",
    },
    "agenda.withdraw.confirm_yes": {"en": "Withdraw", "nl": "Intrekken"},
    "agenda.withdraw.confirm_no": {"en": "Keep it", "nl": "Laten staan"},
    "agenda.withdrawn": {
        "en": "🗑️ *{title}* is taken off the agenda.",
        "nl": "🗑️ *{title}* is van de agenda gehaald.",
    },
    # Proposing a success story to the winner
    "agenda.story.ask": {
        "en": "🎉 Congratulations again on *{client}*! Would you share how you won it at the "
        "sales meeting on {when}? Your colleagues learn the most from real wins.",
        "nl": "🎉 Nogmaals gefeliciteerd met *{client}*! Vertel je op de salesmeeting van {when} "
        "hoe je die klant binnenhaalde? Je collega's leren het meest van echte successen.",
    },
    "agenda.story.fallback": {
        "en": "Share how you won {client} at the sales meeting on {when}?",
        "nl": "Vertel je op de salesmeeting van {when} hoe je {client} binnenhaalde?",
    },
    "agenda.story.ask_many": {
        "en": "🎉 Congratulations again on your new clients! Would you share how you won one of "
        "them at the sales meeting on {when}? Your colleagues learn the most from real wins.",
        "nl": "🎉 Nogmaals gefeliciteerd met je nieuwe klanten! Vertel je op de salesmeeting van "
        "{when} hoe je er een binnenhaalde? Je collega's leren het meest van echte successen.",
    },
    "agenda.story.fallback_many": {
        "en": "Share how you won {clients} at the sales meeting on {when}?",
        "nl": "Vertel je op de salesmeeting van {when} hoe je {clients} binnenhaalde?",
    },
    "agenda.story.win": {"en": "🏆 *{client}*", "nl": "🏆 *{client}*"},
    "agenda.story.on_agenda": {
        "en": " · ✅ on the agenda of {when}",
        "nl": " · ✅ staat op de agenda van {when}",
    },
    "agenda.story.withdrawn": {
        "en": " · taken off the agenda",
        "nl": " · van de agenda gehaald",
    },
    "agenda.story.more": {
        "en": "…and {count} more: put them on the agenda with `/agenda add`",
        "nl": "…en nog {count}: zet ze op de agenda met `/agenda add`",
    },
    "agenda.story.button": {"en": "Add to agenda", "nl": "Op de agenda zetten"},
    "agenda.story.removed": {
        "en": "That win was removed, so it doesn't go on the agenda.",
        "nl": "Die klant is verwijderd en komt dus niet op de agenda.",
    },
    # Carrying over unreached items
    "agenda.carry.title": {"en": "Carry over", "nl": "Doorschuiven"},
    "agenda.carry.submit": {"en": "Carry over", "nl": "Doorschuiven"},
    "agenda.carry.close": {"en": "Cancel", "nl": "Annuleren"},
    "agenda.carry.intro": {
        "en": "Which items were not reached? They move to the agenda of the next meeting ({when}).",
        "nl": "Welke punten kwamen niet aan bod? Ze schuiven door naar de agenda van de "
        "volgende meeting ({when}).",
    },
    "agenda.carry.label": {"en": "Items to carry over", "nl": "Door te schuiven punten"},
    "agenda.carry.no_next": {
        "en": "No next meeting is planned, so items can't be carried over yet.",
        "nl": "Er is nog geen volgende meeting gepland, dus punten doorschuiven kan nog niet.",
    },
    "agenda.carry.nothing": {
        "en": "There are no items to carry over.",
        "nl": "Er zijn geen punten om door te schuiven.",
    },
    "agenda.carry.capped": {
        "en": "{count} more items are not listed here.",
        "nl": "{count} andere punten staan hier niet bij.",
    },
    "agenda.carried.none": {
        "en": "No items were carried over.",
        "nl": "Er zijn geen punten doorgeschoven.",
    },
    "agenda.carried.one": {
        "en": "↪️ 1 item moved to the agenda of the sales meeting on {when}.",
        "nl": "↪️ 1 punt is doorgeschoven naar de agenda van de salesmeeting van {when}.",
    },
    "agenda.carried.other": {
        "en": "↪️ {count} items moved to the agenda of the sales meeting on {when}.",
        "nl": "↪️ {count} punten zijn doorgeschoven naar de agenda van de salesmeeting van {when}.",
    },
    # Refusals
    "agenda.not_allowed": {
        "en": "🙏 Only the person who added this item, or an admin, can change it.",
        "nl": "🙏 Alleen wie dit punt heeft toegevoegd, of een admin, kan het wijzigen.",
    },
    "agenda.locked": {
        "en": "🔒 The agenda for the sales meeting on {when} is locked since the cut-off, so it "
        "can't be changed anymore. You can still bring it up in the meeting itself.",
        "nl": "🔒 De agenda voor de salesmeeting van {when} is afgesloten sinds de deadline, dus "
        "die kan niet meer gewijzigd worden. Je kunt het nog wel in de meeting zelf aankaarten.",
    },
    # /agenda help
    "agenda.help": {
        "en": "*/agenda* keeps the sales meeting on wins and peer help.\n"
        "• `/agenda`: the next meeting's agenda so far, with *Add agenda item*\n"
        "• `/agenda add`: add an item straight away\n"
        "• `/agenda list`: the agenda with *Edit* and *Withdraw* on your own items\n"
        "An item is a 🏆 *success story* (a win and what others can learn from it), a 🤝 "
        "*challenge* (with a concrete question to your colleagues) or a 🎯 *new-client pipeline* "
        "item. Operational problems (deliveries, implementation, internal processes) belong in "
        "your 1:1 with your manager, not in the team meeting.",
        "nl": "*/agenda* houdt het salesoverleg bij successen en hulp van collega's.\n"
        "• `/agenda`: de agenda van het volgende overleg tot nu toe, met *Agendapunt toevoegen*\n"
        "• `/agenda add`: meteen een punt toevoegen\n"
        "• `/agenda list`: de agenda met *Wijzigen* en *Intrekken* bij je eigen punten\n"
        "Een punt is een 🏆 *succesverhaal* (een binnengehaalde klant en wat anderen ervan "
        "kunnen leren), een 🤝 *uitdaging* (met een concrete vraag aan je collega's) of een 🎯 "
        "*pipeline*-punt over nieuwe klanten. Operationele problemen (leveringen, implementatie, "
        "interne processen) horen in je 1-op-1 met je manager, niet in het teamoverleg.",
    },
}
