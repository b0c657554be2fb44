"""Texts of the sales-culture mirror (/culture), in English and Dutch.

Figures arrive formatted ({percent}, {value}); {month} is "December 2026". Each measure's
`.means` is the one plain sentence saying what it means, in the article's terms.
"""

TEXTS: dict[str, dict[str, str]] = {
    "culture.title": {
        "en": "🪞 *Sales culture mirror · {month} so far* · {scope}",
        "nl": "🪞 *Spiegel van de salescultuur · {month} tot nu toe* · {scope}",
    },
    "culture.fallback": {
        "en": "Sales culture mirror, {month} so far",
        "nl": "Spiegel van de salescultuur, {month} tot nu toe",
    },
    "culture.scope.team": {"en": "the whole team ({reps})", "nl": "het hele team ({reps})"},
    "culture.scope.reps": {"en": "your reps ({reps})", "nl": "je verkopers ({reps})"},
    "culture.reps.one": {"en": "{count} rep", "nl": "{count} verkoper"},
    "culture.reps.other": {"en": "{count} reps", "nl": "{count} verkopers"},
    "culture.private": {
        "en": "Only you see this, counted up to {day} ({zone}). Trends and the monthly "
        "message are not here yet.",
        "nl": "Alleen jij ziet dit, geteld tot en met {day} ({zone}). Trends en het "
        "maandbericht komen later.",
    },
    "culture.none": {"en": "– (nothing to count yet)", "nl": "– (nog niets te tellen)"},
    "culture.line": {"en": "*{label}:* {value}\n_{means}_", "nl": "*{label}:* {value}\n_{means}_"},
    # Hunters vs farmers
    "culture.area.hunters": {"en": "🏹 *Hunters vs farmers*", "nl": "🏹 *Jagers of boeren*"},
    "culture.hunters.label": {
        "en": "Reps with a new client this quarter",
        "nl": "Verkopers met een nieuwe klant dit kwartaal",
    },
    "culture.of_reps": {
        "en": "{part} of {whole} ({percent})",
        "nl": "{part} van {whole} ({percent})",
    },
    "culture.hunters.means": {
        "en": "Reps who win new clients are the hunters; a team of mostly farmers keeps "
        "existing accounts but does not grow.",
        "nl": "Verkopers die nieuwe klanten winnen zijn de jagers; een team van vooral boeren "
        "houdt bestaande klanten vast maar groeit niet.",
    },
    "culture.per_rep.label": {
        "en": "New clients per rep this month",
        "nl": "Nieuwe klanten per verkoper deze maand",
    },
    "culture.per_rep.value": {
        "en": "{value} ({clients} in all)",
        "nl": "{value} ({clients} in totaal)",
    },
    "culture.clients.one": {"en": "{count} new client", "nl": "{count} nieuwe klant"},
    "culture.clients.other": {"en": "{count} new clients", "nl": "{count} nieuwe klanten"},
    "culture.per_rep.means": {
        "en": "New clients are the team's future growth; this is how much of it each rep "
        "brought in on average.",
        "nl": "Nieuwe klanten zijn de groei van morgen; zoveel bracht elke verkoper er "
        "gemiddeld van binnen.",
    },
    "culture.plans.label": {
        "en": "Reps with an agreed account plan for {year}",
        "nl": "Verkopers met een afgesproken accountplan voor {year}",
    },
    "culture.plans.means": {
        "en": "An account plan agreed between manager and rep says what they will do to win "
        "new clients, how and when; without one it is left to chance.",
        "nl": "Een accountplan dat manager en verkoper samen afspraken zegt wat ze doen om "
        "nieuwe klanten te winnen, hoe en wanneer; zonder plan is dat toeval.",
    },
    # Meeting discipline
    "culture.area.meetings": {"en": "📅 *Meeting discipline*", "nl": "📅 *Discipline in meetings*"},
    "culture.meetings.label": {"en": "Sales meetings", "nl": "Salesmeetings"},
    "culture.meetings.value": {
        "en": "{held} as planned · {moved} moved · {cancelled} cancelled ({percent} as planned)",
        "nl": "{held} zoals gepland · {moved} verzet · {cancelled} afgelast "
        "({percent} zoals gepland)",
    },
    "culture.meetings.means": {
        "en": "Meetings fixed for the year and held as planned are an anchor; once they get "
        "moved, moving them becomes a habit.",
        "nl": "Vaste salesmeetings die doorgaan zoals gepland zijn een anker; wie ze verzet, "
        "maakt van verzetten een gewoonte.",
    },
    "culture.rating.label": {
        "en": "Average meeting rating",
        "nl": "Gemiddeld cijfer voor de meetings",
    },
    "culture.rating.value.one": {
        "en": "{value} out of 10 ({count} rating)",
        "nl": "{value} van de 10 ({count} stem)",
    },
    "culture.rating.value.other": {
        "en": "{value} out of 10 ({count} ratings)",
        "nl": "{value} van de 10 ({count} stemmen)",
    },
    "culture.rating.means": {
        "en": "A meeting people look forward to does not slide into a complaint session.",
        "nl": "Een meeting waar mensen naar uitkijken, verzandt niet in een klaagsessie.",
    },
    # Accountability
    "culture.area.accountability": {
        "en": "✅ *Accountability*",
        "nl": "✅ *Verantwoordelijkheid*",
    },
    "culture.checkins.label": {"en": "Weekly check-ins", "nl": "Wekelijkse check-ins"},
    "culture.checkins.value": {
        "en": "{received} of {expected} ({percent})",
        "nl": "{received} van {expected} ({percent})",
    },
    "culture.checkins.means": {
        "en": "The weekly check-in is how reps hold themselves accountable for contacting "
        "new clients.",
        "nl": "Met de wekelijkse check-in leggen verkopers verantwoording af over hun contact "
        "met nieuwe klanten.",
    },
    "culture.obstacles.label": {
        "en": "What holds them back most",
        "nl": "Wat hen het meest tegenhoudt",
    },
    "culture.obstacle": {"en": "{reason} ({count}×)", "nl": "{reason} ({count}×)"},
    "culture.obstacles.means": {
        "en": "These are the reasons reps give for not contacting new clients; removing them "
        "is the work of the 1:1s.",
        "nl": "Dit zijn de redenen die verkopers noemen om geen nieuwe klanten te benaderen; "
        "die wegnemen is het werk van de 1-op-1's.",
    },
    # Recognition
    "culture.area.recognition": {"en": "🎉 *Recognition*", "nl": "🎉 *Erkenning*"},
    "culture.congrats.label": {
        "en": "Congratulations per new client",
        "nl": "Felicitaties per nieuwe klant",
    },
    "culture.congrats.value": {
        "en": "{value} ({count} on {clients})",
        "nl": "{value} ({count} op {clients})",
    },
    "culture.congrats.means": {
        "en": "How the team reacts to a new client shows how much winning new clients is "
        "valued here.",
        "nl": "Hoe het team op een nieuwe klant reageert, laat zien hoeveel nieuwe klanten "
        "hier waard zijn.",
    },
    # Help and mistakes
    "culture.help": {
        "en": "🪞 `/culture` holds up a mirror to the team's sales culture for the month so "
        "far: hunters and farmers, meeting discipline, accountability and recognition. "
        "Managers see their own reps, admins the whole team. Only you see it; nothing is "
        "posted in a channel, and check-in notes stay private.",
        "nl": "🪞 `/culture` houdt het team een spiegel voor van de salescultuur deze maand tot "
        "nu toe: jagers en boeren, discipline in meetings, verantwoordelijkheid en "
        "erkenning. Managers zien hun eigen verkopers, admins het hele team. Alleen jij ziet "
        "het; er gaat niets naar een kanaal en toelichtingen bij check-ins blijven privé.",
    },
    "culture.help.fallback": {"en": "How /culture works", "nl": "Zo werkt /culture"},
    "culture.error.not_manager": {
        "en": "The culture mirror is for managers and admins: a manager sees their own reps, "
        "an admin the whole team. Once you are a rep's confirmed manager, `/culture` shows "
        "your reps.",
        "nl": "De spiegel van de salescultuur is voor managers en admins: een manager ziet de "
        "eigen verkopers, een admin het hele team. Zodra je de bevestigde manager van een "
        "verkoper bent, toont `/culture` je verkopers.",
    },
    "culture.error.usage": {
        "en": "`/culture` needs no words after it: type just `/culture` (or `/culture help`).",
        "nl": "Na `/culture` hoeft niets: typ alleen `/culture` (of `/culture help`).",
    },
}
