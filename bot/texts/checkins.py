"""Texts of the weekly check-in (/checkin), in English and Dutch.

Params that carry user text ({text}, {note}, {notes}) are escaped by the views; {user} and
{rep} are Slack mentions. Keys ending in .one / .many are picked by count.
"""

TEXTS: dict[str, dict[str, str]] = {
    # Command forms, shown in help and in error messages
    "checkin.form.checkin": {"en": "`/checkin`", "nl": "`/checkin`"},
    "checkin.form.away": {
        "en": "`/checkin away until 2027-08-15`",
        "nl": "`/checkin away tot 15 augustus 2027`",
    },
    "checkin.form.back": {"en": "`/checkin back`", "nl": "`/checkin back`"},
    "checkin.form.share": {"en": "`/checkin share`", "nl": "`/checkin delen`"},
    "checkin.form.private": {"en": "`/checkin private`", "nl": "`/checkin privé`"},
    "checkin.form.add": {"en": "`/checkin add @anna`", "nl": "`/checkin add @anna`"},
    "checkin.form.remove": {"en": "`/checkin remove @anna`", "nl": "`/checkin remove @anna`"},
    "checkin.more": {"en": "…and {count} more", "nl": "…en nog {count}"},
    "checkin.week": {"en": "week {week} ({start} – {end})", "nl": "week {week} ({start} – {end})"},
    # Counts
    "checkin.prospects.one": {"en": "{count} prospect", "nl": "{count} prospect"},
    "checkin.prospects.other": {"en": "{count} prospects", "nl": "{count} prospects"},
    "checkin.meetings.one": {"en": "{count} meeting", "nl": "{count} afspraak"},
    "checkin.meetings.other": {"en": "{count} meetings", "nl": "{count} afspraken"},
    # Reasons: what held you back from prospecting
    "checkin.reason.deliveries": {"en": "Delivery follow-up", "nl": "Follow-up van leveringen"},
    "checkin.reason.implementation": {
        "en": "Implementation problems",
        "nl": "Problemen met implementaties",
    },
    "checkin.reason.internal": {
        "en": "Internal meetings and admin",
        "nl": "Interne vergaderingen en administratie",
    },
    "checkin.reason.no_leads": {"en": "No good leads", "nl": "Geen goede leads"},
    "checkin.reason.other": {"en": "Something else", "nl": "Iets anders"},
    # The prompt and the reminder
    "checkin.prompt": {
        "en": "📝 Time for your weekly check-in for {week}: it takes under a minute.",
        "nl": "📝 Tijd voor je wekelijkse check-in over {week}: het duurt nog geen minuut.",
    },
    "checkin.prompt.why": {
        "en": "How many prospects did you contact, and what held you back? Your manager uses "
        "it to clear obstacles out of your way.",
        "nl": "Hoeveel prospects heb je benaderd, en wat hield je tegen? Je manager "
        "gebruikt het om obstakels uit de weg te ruimen.",
    },
    "checkin.reminder": {
        "en": "👋 Gentle reminder: you haven't checked in for {week} yet. It takes under a minute.",
        "nl": "👋 Een vriendelijke herinnering: je hebt nog niet ingecheckt voor {week}. Het "
        "duurt nog geen minuut.",
    },
    "checkin.target": {
        "en": "🎯 Your target: {target} prospects a week.",
        "nl": "🎯 Je doel: {target} prospects per week.",
    },
    "checkin.open_button": {"en": "Check in", "nl": "Inchecken"},
    # The modal
    "checkin.modal.title": {"en": "Weekly check-in", "nl": "Wekelijkse check-in"},
    "checkin.modal.submit": {"en": "Save", "nl": "Opslaan"},
    "checkin.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "checkin.modal.intro": {"en": "*Your check-in for {week}*", "nl": "*Je check-in voor {week}*"},
    "checkin.modal.update": {
        "en": "You already checked in for this week: saving replaces it.",
        "nl": "Je hebt deze week al ingecheckt: opslaan vervangt die check-in.",
    },
    "checkin.modal.prospects": {"en": "Prospects contacted", "nl": "Benaderde prospects"},
    "checkin.modal.prospects_hint": {
        "en": "A prospect contact is a call, visit, meeting or personal message to a potential "
        "new client. Existing clients don't count; count people, not attempts.",
        "nl": "Een prospectcontact is een telefoontje, bezoek, afspraak of persoonlijk bericht aan "
        "een mogelijke nieuwe klant. Bestaande klanten tellen niet mee; tel personen, geen "
        "pogingen.",
    },
    "checkin.modal.meetings": {"en": "Meetings with prospects", "nl": "Afspraken met prospects"},
    "checkin.modal.meetings_hint": {
        "en": "Meetings (on site or online) with potential new clients this week.",
        "nl": "Afspraken (op locatie of online) met mogelijke nieuwe klanten deze week.",
    },
    "checkin.modal.number_placeholder": {"en": "e.g. 12", "nl": "bijv. 12"},
    "checkin.modal.reasons": {
        "en": "What held you back from prospecting?",
        "nl": "Wat hield je af van het benaderen van nieuwe klanten?",
    },
    "checkin.modal.reasons_hint": {
        "en": "Tick nothing if nothing did. Your manager sees this, to remove obstacles.",
        "nl": "Vink niets aan als niets je tegenhield. Je manager ziet dit, om obstakels weg "
        "te nemen.",
    },
    "checkin.modal.note": {
        "en": "Anything to add? What would help?",
        "nl": "Nog iets kwijt? Wat zou helpen?",
    },
    # Modal errors
    "checkin.error.required": {"en": "Please fill in a number.", "nl": "Vul een getal in."},
    "checkin.error.not_a_number": {
        "en": "“{text}” is not a whole number: type digits only, like 12.",
        "nl": "“{text}” is geen geheel getal: typ alleen cijfers, zoals 12.",
    },
    "checkin.error.negative": {
        "en": "The number can't be negative.",
        "nl": "Het getal kan niet negatief zijn.",
    },
    "checkin.error.too_large": {
        "en": "That's more than {max} in one week: please check the number.",
        "nl": "Dat is meer dan {max} in één week: controleer het getal even.",
    },
    "checkin.error.too_long": {
        "en": "This is {length} characters long; the maximum is {max}.",
        "nl": "Dit is {length} tekens lang; het maximum is {max}.",
    },
    "checkin.error.unknown_reason": {
        "en": "“{reason}” is not one of the choices.",
        "nl": "“{reason}” staat niet bij de keuzes.",
    },
    "checkin.error.invalid": {"en": "Please check this field.", "nl": "Controleer dit veld even."},
    # Thanks (the modal after saving)
    "checkin.thanks.title": {"en": "Checked in", "nl": "Ingecheckt"},
    "checkin.thanks.close": {"en": "Close", "nl": "Sluiten"},
    "checkin.thanks": {
        "en": "✅ Thanks! Your check-in for {week} is saved.",
        "nl": "✅ Bedankt! Je check-in over {week} is opgeslagen.",
    },
    "checkin.thanks.updated": {
        "en": "✅ Updated: your check-in for {week} now has the new numbers.",
        "nl": "✅ Bijgewerkt: je check-in voor {week} heeft nu de nieuwe cijfers.",
    },
    "checkin.thanks.numbers": {
        "en": "This week: {prospects} and {meetings}.",
        "nl": "Deze week: {prospects} en {meetings}.",
    },
    "checkin.thanks.target_met": {
        "en": "🎯 Target of {target} met: well done!",
        "nl": "🎯 Doel van {target} gehaald: goed bezig!",
    },
    "checkin.thanks.to_go": {
        "en": "🎯 {left} to go to your target of {target}.",
        "nl": "🎯 Nog {left} te gaan tot je doel van {target}.",
    },
    "checkin.thanks.streak": {"en": "{count} weeks in a row 🔥", "nl": "{count} weken op rij 🔥"},
    "checkin.thanks.first": {
        "en": "First week done: keep it going next week!",
        "nl": "Eerste week gedaan: volgende week weer!",
    },
    "checkin.thanks.tip": {
        "en": "Something keeping you from prospecting? Bring it up in your next 1:1: removing "
        "obstacles is your manager's job.",
        "nl": "Houdt iets je af van het benaderen van nieuwe klanten? Bespreek het in je volgende 1-op-1: "
        "obstakels wegnemen is de taak van je manager.",
    },
    # Away, back, members
    "checkin.away": {
        "en": "🌴 Enjoy! No check-ins until {day}; I'll pick them up again after that.",
        "nl": "🌴 Geniet ervan! Geen check-ins tot en met {day}; daarna pak ik ze weer op.",
    },
    "checkin.back": {
        "en": "👋 Welcome back! Your weekly check-ins are on again.",
        "nl": "👋 Welkom terug! Je wekelijkse check-ins staan weer aan.",
    },
    "checkin.sharing.on": {
        "en": "📅 Done: the first meetings you booked now show next to your name on the "
        "`/leaderboard`, also when it is shared in a channel. Nothing else of your check-ins "
        "is shown. {private_form} hides them again.",
        "nl": "📅 Gedaan: je gemaakte eerste afspraken staan nu bij je naam op het "
        "`/leaderboard`, ook als het in een kanaal wordt gedeeld. Verder wordt niets van je "
        "check-ins getoond. {private_form} verbergt ze weer.",
    },
    "checkin.sharing.off": {
        "en": "🔒 Done: your check-ins are private again; the `/leaderboard` no longer shows "
        "your first meetings booked. {share_form} shows them again.",
        "nl": "🔒 Gedaan: je check-ins zijn weer privé; het `/leaderboard` toont je eerste "
        "afspraken niet meer. {share_form} toont ze weer.",
    },
    "checkin.member.added": {
        "en": "✅ {user} now gets the weekly check-in.",
        "nl": "✅ {user} krijgt nu de wekelijkse check-in.",
    },
    "checkin.member.removed": {
        "en": "✅ {user} no longer gets the weekly check-in.",
        "nl": "✅ {user} krijgt de wekelijkse check-in niet meer.",
    },
    # Help
    "checkin.help.fallback": {
        "en": "How the weekly check-in works",
        "nl": "Zo werkt de wekelijkse check-in",
    },
    "checkin.help.title": {"en": "📝 *The weekly check-in*", "nl": "📝 *De wekelijkse check-in*"},
    "checkin.help.why": {
        "en": "Every week I ask how many prospects you contacted, how many meetings you had "
        "with them, and what held you back. Your manager gets an overview to remove the "
        "obstacles that keep the team from winning new clients.",
        "nl": "Elke week vraag ik hoeveel prospects je hebt benaderd, hoeveel afspraken je met "
        "ze had en wat je tegenhield. Je manager krijgt een overzicht om de obstakels weg te "
        "nemen die het team tegenhouden om nieuwe klanten binnen te halen.",
    },
    "checkin.help.commands": {
        "en": "• {checkin_form}: check in now (or update this week's check-in)\n"
        "• {away_form}: pause the check-ins while you're away\n"
        "• {back_form}: turn them on again\n"
        "• {share_form}: show the first meetings you booked on the team's `/leaderboard` "
        "(nothing else of your check-ins); {private_form} hides them again",
        "nl": "• {checkin_form}: nu inchecken (of de check-in van deze week aanpassen)\n"
        "• {away_form}: de check-ins pauzeren terwijl je weg bent\n"
        "• {back_form}: ze weer aanzetten\n"
        "• {share_form}: je gemaakte eerste afspraken tonen op het `/leaderboard` van het team "
        "(verder niets van je check-ins); {private_form} verbergt ze weer",
    },
    "checkin.help.admin": {
        "en": "Admins choose who gets the check-in: {add_form} and {remove_form}",
        "nl": "Admins kiezen wie de check-in krijgt: {add_form} en {remove_form}",
    },
    # Command errors
    "checkin.error.bad_date": {
        "en": "I couldn't read “{text}” as a date.",
        "nl": "Ik kon “{text}” niet als datum lezen.",
    },
    "checkin.error.date_in_past": {
        "en": "{date} is in the past: give the last day you'll be away.",
        "nl": "{date} ligt in het verleden: geef de laatste dag dat je weg bent.",
    },
    "checkin.error.usage": {"en": "I didn't understand that.", "nl": "Dat begreep ik niet."},
    "checkin.error.not_admin": {
        "en": "Only admins can choose who gets the weekly check-in.",
        "nl": "Alleen admins kunnen kiezen wie de wekelijkse check-in krijgt.",
    },
    "checkin.error.no_user": {
        "en": "Say who you mean with an @-mention.",
        "nl": "Zeg over wie het gaat met een @-vermelding.",
    },
    "checkin.error.unknown_user": {
        "en": "I don't know that person: pick them with an @-mention from the list Slack shows.",
        "nl": "Die persoon ken ik niet: kies iemand met een @-vermelding uit de lijst die Slack "
        "toont.",
    },
    "checkin.error.too_far_back": {
        "en": "You can check in for this week or the two weeks before it, not for that week.",
        "nl": "Je kunt inchecken voor deze week of de twee weken ervoor, niet voor die week.",
    },
    "checkin.error.unknown": {"en": "Something went wrong.", "nl": "Er ging iets mis."},
    "checkin.error.form": {"en": "Like this: {form}", "nl": "Zo bijvoorbeeld: {form}"},
    # The manager's digest
    "checkin.digest.title": {
        "en": "📊 *Weekly check-ins, {week}*",
        "nl": "📊 *Wekelijkse check-ins, {week}*",
    },
    "checkin.digest.fallback": {
        "en": "Weekly check-ins, {week}: {done} of {total} checked in",
        "nl": "Wekelijkse check-ins, {week}: {done} van {total} ingecheckt",
    },
    "checkin.digest.summary": {
        "en": "{done} of {total} reps checked in · {prospects} · {meetings}",
        "nl": "{done} van {total} verkopers ingecheckt · {prospects} · {meetings}",
    },
    "checkin.digest.away_count": {"en": "{count} away", "nl": "{count} afwezig"},
    "checkin.digest.no_reps": {
        "en": "Nobody gets the weekly check-in yet. Admins add reps with {form}",
        "nl": "Nog niemand krijgt de wekelijkse check-in. Admins voegen verkopers toe met {form}",
    },
    "checkin.digest.rep_done": {
        "en": "✅ {rep} · {prospects}{target} · {meetings}",
        "nl": "✅ {rep} · {prospects}{target} · {meetings}",
    },
    "checkin.digest.rep_missing": {
        "en": "❌ {rep} didn't check in",
        "nl": "❌ {rep} heeft niet ingecheckt",
    },
    "checkin.digest.rep_away": {"en": "🌴 {rep} is away", "nl": "🌴 {rep} is afwezig"},
    "checkin.digest.target_met": {"en": " (target {target} 🎯)", "nl": " (doel {target} 🎯)"},
    "checkin.digest.target_missed": {"en": " (target {target})", "nl": " (doel {target})"},
    "checkin.digest.trend": {"en": "trend: {trend}", "nl": "verloop: {trend}"},
    "checkin.digest.obstacles": {
        "en": "*Obstacles to remove this week*",
        "nl": "*Obstakels om deze week weg te nemen*",
    },
    "checkin.digest.obstacle": {"en": "• *{reason}* ({count}×)", "nl": "• *{reason}* ({count}×)"},
    "checkin.digest.note": {"en": "    ◦ “{note}”", "nl": "    ◦ “{note}”"},
    "checkin.digest.no_obstacles": {
        "en": "Nobody reported an obstacle this week 🎉",
        "nl": "Niemand meldde deze week een obstakel 🎉",
    },
    "checkin.digest.tip": {
        "en": "Ask about them in your 1:1s: what stops you from contacting new clients, and what "
        "do you need from me?",
        "nl": "Vraag ernaar in je 1-op-1's: wat houdt je tegen om nieuwe klanten te benaderen, "
        "en wat heb je van mij nodig?",
    },
    "checkin.digest.chart": {
        "en": "📈 The chart below shows the outreach of the last 8 weeks.",
        "nl": "📈 De grafiek hieronder laat het benaderen van prospects in de afgelopen 8 weken zien.",
    },
    # One line for the 1:1 nudge and the App Home
    "checkin.line": {
        "en": "Week {week}: {prospects}, {meetings}",
        "nl": "Week {week}: {prospects}, {meetings}",
    },
    "checkin.line.reasons": {
        "en": " · held back by: {reasons}",
        "nl": " · tegengehouden door: {reasons}",
    },
    "checkin.line.note": {"en": " — “{note}”", "nl": " — “{note}”"},
    # The chart
    "checkin.chart.title": {
        "en": "New prospects contacted per week, up to the week of {day}",
        "nl": "Nieuwe prospects benaderd per week, tot en met de week van {day}",
    },
    "checkin.chart.target": {"en": "target (dashed)", "nl": "doel (gestreept)"},
    "checkin.chart.alt": {
        "en": "Line chart of new prospects contacted per week ({weeks}), one line per rep: {reps}.",
        "nl": "Lijngrafiek van nieuwe prospects benaderd per week ({weeks}), één lijn per "
        "verkoper: {reps}.",
    },
    "checkin.chart.alt_rep": {"en": "{name} {values}", "nl": "{name} {values}"},
    "checkin.chart.alt_target": {
        "en": "{name} {values} (target {target})",
        "nl": "{name} {values} (doel {target})",
    },
}
