"""Texts of the fixed sales-meeting calendar (/meetings), in English and Dutch. The views escape
user text in params ({reason}, {text}, {words}, ...); .one / .other keys are picked by count."""

TEXTS: dict[str, dict[str, str]] = {
    # The command forms, shown in help and in every error message
    "meetings.form.plan": {
        "en": "`/meetings plan 2027 every 2 weeks on monday at 09:00 for 60 minutes`",
        "nl": "`/meetings plan 2027 om de 2 weken op maandag om 09:00 voor 60 minuten`",
    },
    "meetings.form.plan_year": {
        "en": "`/meetings plan {year} every 2 weeks on monday at 09:00`",
        "nl": "`/meetings plan {year} om de 2 weken op maandag om 09:00`",
    },
    "meetings.form.move": {
        "en": "`/meetings move 2027-03-08 to 2027-03-10 because of the trade fair in Utrecht`",
        "nl": "`/meetings move 8 maart 2027 naar 10 maart 2027 omdat we op de beurs in Utrecht staan`",
    },
    "meetings.form.cancel": {
        "en": "`/meetings cancel 2027-03-08 because half the team is at the trade fair`",
        "nl": "`/meetings cancel 8 maart 2027 omdat de helft van het team op de beurs staat`",
    },
    "meetings.form.plan_hint": {
        "en": "For example: {form}\nOr type just `/meetings plan` to fill in a form.",
        "nl": "Bijvoorbeeld: {form}\nOf typ alleen `/meetings plan` om een formulier in te vullen.",
    },
    "meetings.form.move_hint": {
        "en": "To move a meeting: {form}",
        "nl": "Een meeting verplaatsen: {form}",
    },
    "meetings.form.cancel_hint": {
        "en": "To cancel a meeting: {form}",
        "nl": "Een meeting afgelasten: {form}",
    },
    "meetings.form.view_hint": {
        "en": "See all dates with `/meetings`.",
        "nl": "Bekijk alle data met `/meetings`.",
    },
    # Lines of a calendar
    "meetings.month": {"en": "*{month}*", "nl": "*{month}*"},
    "meetings.line.moved_from": {
        "en": "moved from {original}",
        "nl": "verplaatst van {original}",
    },
    "meetings.line.moved_from_holiday": {
        "en": "moved from {original} ({holiday})",
        "nl": "verplaatst van {original} ({holiday})",
    },
    "meetings.line.moved_reason": {
        "en": "moved from {original}: {reason}",
        "nl": "verplaatst van {original}: {reason}",
    },
    "meetings.line.cancelled": {"en": "cancelled", "nl": "afgelast"},
    "meetings.line.cancelled_reason": {
        "en": "cancelled: {reason}",
        "nl": "afgelast: {reason}",
    },
    "meetings.line.next": {"en": "next meeting", "nl": "volgende meeting"},
    "meetings.line.rating.one": {
        "en": "⭐ {rating} (1 vote)",
        "nl": "⭐ {rating} (1 stem)",
    },
    "meetings.line.rating.other": {
        "en": "⭐ {rating} ({count} votes)",
        "nl": "⭐ {rating} ({count} stemmen)",
    },
    "meetings.line.not_rated": {"en": "not rated", "nl": "geen beoordeling"},
    "meetings.more": {
        "en": "…and {count} more; see them all with `/meetings`.",
        "nl": "…en nog {count}; bekijk ze allemaal met `/meetings`.",
    },
    # The preview after /meetings plan
    "meetings.preview.title": {
        "en": "📅 *Preview: the sales meetings of {year}*\n{rule}",
        "nl": "📅 *Voorbeeld: de salesmeetings van {year}*\n{rule}",
    },
    "meetings.preview.fallback": {
        "en": "Preview of the sales meetings of {year}: {rule}",
        "nl": "Voorbeeld van de salesmeetings van {year}: {rule}",
    },
    "meetings.preview.count.one": {
        "en": "*1 meeting*, posted in <#{channel}> once you confirm:",
        "nl": "*1 meeting*, die in <#{channel}> gepost wordt zodra je bevestigt:",
    },
    "meetings.preview.count.other": {
        "en": "*{count} meetings*, posted in <#{channel}> once you confirm:",
        "nl": "*{count} meetings*, die in <#{channel}> gepost worden zodra je bevestigt:",
    },
    "meetings.preview.none": {
        "en": "This rule leaves no meetings in {year}. Try another rule.",
        "nl": "Met deze regel blijven er in {year} geen meetings over. Probeer een andere regel.",
    },
    "meetings.preview.skipped": {
        "en": "🚫 *Skipped because of a public holiday:*\n{days}",
        "nl": "🚫 *Vervalt door een feestdag:*\n{days}",
    },
    "meetings.preview.skipped_day": {
        "en": "{day} ({holiday})",
        "nl": "{day} ({holiday})",
    },
    "meetings.preview.dropped_past.one": {
        "en": "1 date earlier this year has already passed and is left out.",
        "nl": "1 datum eerder dit jaar is al voorbij en valt weg.",
    },
    "meetings.preview.dropped_past.other": {
        "en": "{count} dates earlier this year have already passed and are left out.",
        "nl": "{count} data eerder dit jaar zijn al voorbij en vallen weg.",
    },
    "meetings.preview.confirm": {"en": "✅ Confirm", "nl": "✅ Bevestigen"},
    "meetings.preview.to_skip": {
        "en": "Skip holidays instead",
        "nl": "Feestdagen liever overslaan",
    },
    "meetings.preview.to_move": {
        "en": "Move holidays to the next working day instead",
        "nl": "Feestdagen liever naar de volgende werkdag schuiven",
    },
    "meetings.preview.cancel": {"en": "Cancel", "nl": "Annuleren"},
    # Answers to the preview's buttons
    "meetings.confirmed.one": {
        "en": "✅ The sales meeting of {year} is planned and posted in <#{channel}>.",
        "nl": "✅ De salesmeeting van {year} is gepland en gepost in <#{channel}>.",
    },
    "meetings.confirmed.other": {
        "en": "✅ The {count} sales meetings of {year} are planned and posted in <#{channel}>.",
        "nl": "✅ De {count} salesmeetings van {year} zijn gepland en gepost in <#{channel}>.",
    },
    "meetings.discarded": {
        "en": "👍 Okay, nothing is planned.",
        "nl": "👍 Oké, er wordt niets gepland.",
    },
    "meetings.already_confirmed": {
        "en": "The sales meetings of {year} are already planned, so this preview can't be "
        "confirmed anymore. See them with `/meetings`; change a single meeting with "
        "`/meetings move` or `/meetings cancel`.",
        "nl": "De salesmeetings van {year} zijn al gepland, dus dit voorbeeld kan niet meer "
        "bevestigd worden. Bekijk ze met `/meetings`; een losse meeting wijzig je met "
        "`/meetings move` of `/meetings cancel`.",
    },
    "meetings.year_planned": {
        "en": "{year} is already planned. To change a single meeting, use `/meetings move` or "
        "`/meetings cancel`; see the dates with `/meetings`.",
        "nl": "{year} is al gepland. Een losse meeting wijzig je met `/meetings move` of "
        "`/meetings cancel`; de data zie je met `/meetings`.",
    },
    # The planning modal
    "meetings.modal.title": {"en": "Plan sales meetings", "nl": "Salesmeetings plannen"},
    "meetings.modal.submit": {"en": "Show preview", "nl": "Voorbeeld tonen"},
    "meetings.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "meetings.modal.intro": {
        "en": "Fix the sales meetings for a whole year. You first get a preview with every "
        "date; once you confirm, the calendar is posted in <#{channel}>.",
        "nl": "Leg de salesmeetings voor een heel jaar vast. Je krijgt eerst een voorbeeld met "
        "alle data; zodra je bevestigt, wordt de kalender gepost in <#{channel}>.",
    },
    "meetings.modal.year": {"en": "Year", "nl": "Jaar"},
    "meetings.modal.rule": {"en": "When do you meet?", "nl": "Wanneer vergaderen jullie?"},
    "meetings.modal.rule_placeholder": {
        "en": "every 2 weeks on monday at 09:00 for 60 minutes",
        "nl": "om de 2 weken op maandag om 09:00 voor 60 minuten",
    },
    "meetings.modal.rule_hint": {
        "en": "Also possible: every first tuesday of the month at 16:00 · weekly on friday at "
        "9am for 90 minutes. Without a duration a meeting takes 60 minutes.",
        "nl": "Kan ook: elke eerste dinsdag van de maand om 16:00 · wekelijks op vrijdag om 9:30 "
        "voor 90 minuten. Zonder duur duurt een meeting 60 minuten.",
    },
    "meetings.modal.policy": {
        "en": "A meeting on a public holiday",
        "nl": "Een meeting op een feestdag",
    },
    "meetings.modal.policy_move": {
        "en": "Moves to the next working day",
        "nl": "Schuift op naar de volgende werkdag",
    },
    "meetings.modal.policy_skip": {"en": "Is skipped", "nl": "Vervalt"},
    # Errors in /meetings plan, move and cancel
    "meetings.error.empty": {
        "en": "Tell me when the sales meetings are.",
        "nl": "Vertel me wanneer de salesmeetings zijn.",
    },
    "meetings.error.no_year": {
        "en": "Which year do you want to plan? Start with the year.",
        "nl": "Welk jaar wil je plannen? Begin met het jaartal.",
    },
    "meetings.error.year_in_past": {
        "en": "{year} is already behind us; you can plan {current} or later.",
        "nl": "{year} ligt al achter ons; je kunt {current} of later plannen.",
    },
    "meetings.error.year_too_far": {
        "en": "{year} is too far ahead; you can plan up to {max}.",
        "nl": "{year} is te ver vooruit; je kunt plannen tot en met {max}.",
    },
    "meetings.error.no_frequency": {
        "en": "How often do you meet? Say e.g. `every week`, `every 2 weeks` or `every first "
        "tuesday of the month`.",
        "nl": "Hoe vaak vergaderen jullie? Zeg bijv. `elke week`, `om de 2 weken` of `elke eerste "
        "dinsdag van de maand`.",
    },
    "meetings.error.bad_interval": {
        "en": "Every {interval} is too far apart: the most is every {max} (weeks or months). "
        "Sales meetings work best when they are regular.",
        "nl": "Om de {interval} ligt te ver uit elkaar: het kan hoogstens om de {max} (weken of "
        "maanden). Salesmeetings werken het best als ze regelmatig zijn.",
    },
    "meetings.error.no_weekday": {
        "en": "On which day of the week? Say e.g. `on monday`.",
        "nl": "Op welke dag van de week? Zeg bijv. `op maandag`.",
    },
    "meetings.error.no_nth": {
        "en": "Which week of the month? Say e.g. `every first tuesday of the month` or "
        "`monthly on the last friday`.",
        "nl": "Welke week van de maand? Zeg bijv. `elke eerste dinsdag van de maand` of "
        "`maandelijks op de laatste vrijdag`.",
    },
    "meetings.error.no_time": {
        "en": "At what time? Say e.g. `at 09:00` or `at 14:30`.",
        "nl": "Hoe laat? Zeg bijv. `om 09:00` of `om 14:30`.",
    },
    "meetings.error.bad_time": {
        "en": "“{text}” is not a time I understand. Write e.g. `09:00`, `14.30` or `9am`.",
        "nl": "“{text}” is geen tijd die ik begrijp. Schrijf bijv. `09:00`, `14.30` of `9:30`.",
    },
    "meetings.error.bad_duration": {
        "en": "A meeting of {minutes} minutes won't do; it takes between {min} and {max} "
        "minutes. Say e.g. `for 90 minutes`.",
        "nl": "Een meeting van {minutes} minuten gaat niet; een meeting duurt tussen {min} en "
        "{max} minuten. Zeg bijv. `voor 90 minuten`.",
    },
    "meetings.error.unknown_words": {
        "en": "I didn't understand: {words}. Check the spelling, or leave those words out.",
        "nl": "Dit begreep ik niet: {words}. Kijk de spelling na, of laat die woorden weg.",
    },
    "meetings.error.bad_date": {
        "en": "“{text}” is not a date I understand. Write e.g. `8 mar 2027` or `2027-03-08`.",
        "nl": "“{text}” is geen datum die ik begrijp. Schrijf bijv. `8 mrt 2027` of `8-3-2027`.",
    },
    "meetings.error.date_in_past": {
        "en": "{date} is already in the past; you can only change meetings that are still to come.",
        "nl": "{date} ligt al in het verleden; je kunt alleen meetings wijzigen die nog moeten "
        "komen.",
    },
    "meetings.error.bad_country": {
        "en": "I don't know the public holidays of “{country}”. Ask whoever runs the bot to set "
        "a country code such as NL or BE.",
        "nl": "Ik ken de feestdagen van “{country}” niet. Vraag wie de bot beheert om een "
        "landcode als NL of BE in te stellen.",
    },
    "meetings.error.move_usage": {
        "en": "Tell me which meeting moves, to which day, and why.",
        "nl": "Vertel me welke meeting verschuift, naar welke dag, en waarom.",
    },
    "meetings.error.cancel_usage": {
        "en": "Tell me which meeting is cancelled, and why.",
        "nl": "Vertel me welke meeting afgelast wordt, en waarom.",
    },
    "meetings.error.no_reason": {
        "en": "Please add a reason after *because*: the team sees it in the channel.",
        "nl": "Geef er een reden bij, na *omdat*: het team ziet die in het kanaal.",
    },
    "meetings.error.reason_too_long": {
        "en": "Please keep the reason under {max} characters (it has {length}).",
        "nl": "Houd de reden onder {max} tekens (nu {length}).",
    },
    "meetings.error.no_dates": {
        "en": "That rule leaves no meetings in {year}: every date is already past.",
        "nl": "Met die regel blijven er in {year} geen meetings over: alle data liggen al achter ons.",
    },
    "meetings.error.no_meeting_on": {
        "en": "There is no sales meeting on {date}.",
        "nl": "Er is geen salesmeeting op {date}.",
    },
    "meetings.error.already_cancelled": {
        "en": "The sales meeting of {date} is already cancelled.",
        "nl": "De salesmeeting van {date} is al afgelast.",
    },
    "meetings.error.move_target_taken": {
        "en": "There is already a sales meeting on {date}. Pick another day, or cancel this "
        "meeting instead.",
        "nl": "Op {date} is er al een salesmeeting. Kies een andere dag, of gelast deze meeting "
        "af.",
    },
    "meetings.error.move_to_other_year": {
        "en": "A meeting can only move within its own year; pick a day in the same year.",
        "nl": "Een meeting kan alleen binnen hetzelfde jaar verschuiven; kies een dag in "
        "hetzelfde jaar.",
    },
    "meetings.error.unknown": {
        "en": "That didn't work. See `/meetings help` for how to use `/meetings`.",
        "nl": "Dat lukte niet. Kijk in `/meetings help` hoe je `/meetings` gebruikt.",
    },
    # Help and refusals
    "meetings.help.title": {
        "en": "📅 *The sales-meeting calendar*",
        "nl": "📅 *De kalender van de salesmeetings*",
    },
    "meetings.help.fallback": {
        "en": "How to use /meetings",
        "nl": "Zo gebruik je /meetings",
    },
    "meetings.help.view": {
        "en": "`/meetings` shows this year's sales meetings: the next one, what moved or was "
        "cancelled, and how the meetings were rated.",
        "nl": "`/meetings` toont de salesmeetings van dit jaar: de volgende, wat verplaatst of "
        "afgelast is, en hoe de meetings beoordeeld werden.",
    },
    "meetings.help.admin": {
        "en": "*For admins*\n"
        "• `/meetings plan` opens a form to plan a whole year. Or type it in one go: "
        "{plan_form}\n"
        "  Also possible: `every first tuesday of the month at 16:00`, `weekly on friday at "
        "9am`, and in Dutch `om de 2 weken op maandag om 9:30`, `elke laatste vrijdag van de "
        "maand om 16:00`.\n"
        "  You first get a preview; meetings on a public holiday move to the next working day, "
        "or you skip them.\n"
        "• {move_form}\n"
        "• {cancel_form}\n"
        "Every change is announced in the channel, with your reason.",
        "nl": "*Voor admins*\n"
        "• `/meetings plan` opent een formulier om een heel jaar te plannen. Of typ het in één "
        "keer: {plan_form}\n"
        "  Kan ook: `elke eerste dinsdag van de maand om 16:00`, `wekelijks op vrijdag om "
        "9:30`, en in het Engels `every 2 weeks on monday at 09:00`, `every last friday of "
        "the month at 4pm`.\n"
        "  Je krijgt eerst een voorbeeld; meetings op een feestdag schuiven op naar de "
        "volgende werkdag, of je slaat ze over.\n"
        "• {move_form}\n"
        "• {cancel_form}\n"
        "Elke wijziging wordt in het kanaal gemeld, met jouw reden erbij.",
    },
    "meetings.help.not_admin": {
        "en": "Only admins can plan, move and cancel meetings.",
        "nl": "Meetings plannen, verplaatsen en afgelasten kunnen alleen admins.",
    },
    "meetings.not_admin": {
        "en": "🙏 Only admins can plan, move or cancel sales meetings: the admins set up for "
        "this bot and the workspace admins. Anyone can see the calendar with `/meetings`.",
        "nl": "🙏 Alleen admins kunnen salesmeetings plannen, verplaatsen of afgelasten: de "
        "admins die voor deze bot ingesteld zijn en de workspace-admins. Iedereen kan de "
        "kalender bekijken met `/meetings`.",
    },
    # The calendar posted in the channel
    "meetings.year.intro_title": {
        "en": "📅 *The sales meetings of {year} are fixed*",
        "nl": "📅 *De salesmeetings van {year} liggen vast*",
    },
    "meetings.year.intro_fallback": {
        "en": "The sales meetings of {year} are fixed",
        "nl": "De salesmeetings van {year} liggen vast",
    },
    "meetings.year.rule": {"en": "We meet {rule}.", "nl": "We komen samen {rule}."},
    "meetings.year.why": {
        "en": "Why fixed dates? They are the anchor of our sales culture: everyone knows when "
        "we meet, so plan your client appointments around them and come prepared. Bring a "
        "success story, a challenge with a concrete question, or your new-client pipeline.",
        "nl": "Waarom vaste data? Ze zijn het anker van onze salescultuur: iedereen weet wanneer "
        "we samenkomen, dus plan je klantafspraken eromheen en kom voorbereid. Breng een "
        "succesverhaal mee, een uitdaging met een concrete vraag, of je pipeline van nieuwe "
        "klanten.",
    },
    "meetings.year.new_year_title": {
        "en": "🎉 *Happy new year!* Here are the fixed sales meetings of {year}.",
        "nl": "🎉 *Gelukkig nieuwjaar!* Hier zijn de vaste salesmeetings van {year}.",
    },
    "meetings.year.new_year_fallback": {
        "en": "Happy new year! Here are the fixed sales meetings of {year}.",
        "nl": "Gelukkig nieuwjaar! Hier zijn de vaste salesmeetings van {year}.",
    },
    "meetings.year.count.one": {
        "en": "*1 meeting*:",
        "nl": "*1 meeting*:",
    },
    "meetings.year.count.other": {
        "en": "*{count} meetings*:",
        "nl": "*{count} meetings*:",
    },
    "meetings.year.ics": {
        "en": "📎 The .ics file below adds all of them to your own calendar. See them anytime "
        "with `/meetings`.",
        "nl": "📎 Met het .ics-bestand hieronder zet je ze allemaal in je eigen agenda. Je ziet "
        "ze altijd met `/meetings`.",
    },
    # /meetings: the calendar view
    "meetings.view.title": {
        "en": "📅 *Sales meetings {year}*",
        "nl": "📅 *Salesmeetings {year}*",
    },
    "meetings.view.fallback": {
        "en": "Sales meetings {year}",
        "nl": "Salesmeetings {year}",
    },
    "meetings.view.empty": {
        "en": "There is no sales-meeting calendar for {year} yet. An admin plans it with {form}",
        "nl": "Er is nog geen kalender met salesmeetings voor {year}. Een admin plant hem met "
        "{form}",
    },
    "meetings.view.record": {
        "en": "📊 As planned {planned} · moved {moved} · cancelled {cancelled}",
        "nl": "📊 Zoals gepland {planned} · verplaatst {moved} · afgelast {cancelled}",
    },
    "meetings.view.trend": {
        "en": "⭐ Ratings: {sparkline}  average {average} · from {first} to {last}",
        "nl": "⭐ Beoordelingen: {sparkline}  gemiddeld {average} · van {first} naar {last}",
    },
    "meetings.view.trend_one": {
        "en": "⭐ Ratings: {sparkline}  average {average}",
        "nl": "⭐ Beoordelingen: {sparkline}  gemiddeld {average}",
    },
    "meetings.view.no_ratings": {
        "en": "⭐ No ratings yet.",
        "nl": "⭐ Nog geen beoordelingen.",
    },
    # Changes, posted in the channel
    "meetings.moved.notice": {
        "en": "📅 *The sales meeting of {old} moves to {new}.*\nReason: {reason}\nMoved by {user}.",
        "nl": "📅 *De salesmeeting van {old} verschuift naar {new}.*\nReden: {reason}\n"
        "Verplaatst door {user}.",
    },
    "meetings.moved.fallback": {
        "en": "The sales meeting of {old} moves to {new}.",
        "nl": "De salesmeeting van {old} verschuift naar {new}.",
    },
    "meetings.cancelled.notice": {
        "en": "❌ *The sales meeting of {when} is cancelled.*\nReason: {reason}\n"
        "Cancelled by {user}.",
        "nl": "❌ *De salesmeeting van {when} is afgelast.*\nReden: {reason}\n"
        "Afgelast door {user}.",
    },
    "meetings.cancelled.fallback": {
        "en": "The sales meeting of {when} is cancelled.",
        "nl": "De salesmeeting van {when} is afgelast.",
    },
    "meetings.cancelled.items.one": {
        "en": "↪️ 1 agenda item moves to the next sales meeting, on {next}.",
        "nl": "↪️ 1 agendapunt schuift door naar de volgende salesmeeting, op {next}.",
    },
    "meetings.cancelled.items.other": {
        "en": "↪️ {count} agenda items move to the next sales meeting, on {next}.",
        "nl": "↪️ {count} agendapunten schuiven door naar de volgende salesmeeting, op {next}.",
    },
    "meetings.cancelled.items_waiting.one": {
        "en": "↪️ 1 agenda item waits for the next sales meeting; none is planned yet.",
        "nl": "↪️ 1 agendapunt wacht op de volgende salesmeeting; die is nog niet gepland.",
    },
    "meetings.cancelled.items_waiting.other": {
        "en": "↪️ {count} agenda items wait for the next sales meeting; none is planned yet.",
        "nl": "↪️ {count} agendapunten wachten op de volgende salesmeeting; die is nog niet "
        "gepland.",
    },
    "meetings.cancelled.next": {
        "en": "The next sales meeting is on {next}.",
        "nl": "De volgende salesmeeting is op {next}.",
    },
    "meetings.change.see_all": {
        "en": "See all dates with `/meetings`.",
        "nl": "Bekijk alle data met `/meetings`.",
    },
    "meetings.done.moved": {
        "en": "✅ Moved the sales meeting of {when} to {new}; the channel has been told.",
        "nl": "✅ De salesmeeting van {when} is verplaatst naar {new}; het kanaal is op de "
        "hoogte gebracht.",
    },
    "meetings.done.cancelled": {
        "en": "✅ Cancelled the sales meeting of {when}; the channel has been told.",
        "nl": "✅ De salesmeeting van {when} is afgelast; het kanaal is op de hoogte gebracht.",
    },
    # Rating a meeting
    "meetings.rate.ask": {
        "en": "⭐ *How was the sales meeting of {when}?*\nGive it a score from 1 to 10: one "
        "click is enough, and you can change your vote later.",
        "nl": "⭐ *Hoe was de salesmeeting van {when}?*\nGeef een score van 1 tot 10: één klik "
        "is genoeg, en je kunt je stem later nog wijzigen.",
    },
    "meetings.rate.fallback": {
        "en": "How was the sales meeting of {when}? Rate it from 1 to 10.",
        "nl": "Hoe was de salesmeeting van {when}? Geef een score van 1 tot 10.",
    },
    "meetings.rate.thanks": {
        "en": "🙏 Thanks! You gave the sales meeting a {score}.",
        "nl": "🙏 Bedankt! Je gaf de salesmeeting een {score}.",
    },
    "meetings.rate.changed": {
        "en": "🔄 Your vote is changed to {score}.",
        "nl": "🔄 Je stem is gewijzigd naar {score}.",
    },
    "meetings.rate.not_yet": {
        "en": "⏳ The sales meeting of {when} has not taken place yet: you can rate it afterwards.",
        "nl": "⏳ De salesmeeting van {when} heeft nog niet plaatsgevonden: je kunt hem achteraf "
        "beoordelen.",
    },
    "meetings.rate.cancelled": {
        "en": "The sales meeting of {when} was cancelled, so there is nothing to rate.",
        "nl": "De salesmeeting van {when} is afgelast, dus er valt niets te beoordelen.",
    },
    # The .ics file
    "meetings.ics.summary": {"en": "Sales meeting", "nl": "Salesmeeting"},
    "meetings.ics.description": {
        "en": "Fixed for the whole year. Bring a success story, a challenge with a question for "
        "your colleagues, or a new client in your pipeline: /agenda in Slack.",
        "nl": "Voor het hele jaar vastgelegd. Breng een succesverhaal mee, een uitdaging met een "
        "vraag aan je collega's, of een nieuwe klant in je pipeline: /agenda in Slack.",
    },
    "meetings.ics.calendar_name": {
        "en": "Sales meetings {year}",
        "nl": "Salesmeetings {year}",
    },
    "meetings.view.zone": {
        "en": "🕒 Times are {city} time, the team's.",
        "nl": "🕒 Tijden zijn in de tijdzone van {city}, die van het team.",
    },
    "meetings.view.zone_next": {
        "en": "🕒 Times are {city} time, the team's. The next one for you: {when}.",
        "nl": "🕒 Tijden zijn in de tijdzone van {city}, die van het team. De volgende voor jou: "
        "{when}.",
    },
}
