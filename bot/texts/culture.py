"""Texts of the sales-culture mirror (/culture), in English and Dutch.

Figures arrive formatted ({percent}, {value}); {month} is "December 2026". Each measure's
`.means` is the one plain sentence saying what it means, in the article's terms.
"""

TEXTS: dict[str, dict[str, str]] = {
    "culture.title": {
        "en": "🪞 *Sales culture mirror · {month} so far* · {scope}",
        "nl": "🪞 *Spiegel van de salescultuur · {month} tot nu toe* · {scope}",
    },
    "culture.title.month": {
        "en": "🪞 *Sales culture mirror · {month}* · {scope}",
        "nl": "🪞 *Spiegel van de salescultuur · {month}* · {scope}",
    },
    "culture.fallback": {
        "en": "The sales culture mirror, {month} so far",
        "nl": "De spiegel van de salescultuur, {month} tot nu toe",
    },
    "culture.fallback.month": {
        "en": "The sales culture mirror of {month}",
        "nl": "De spiegel van de salescultuur van {month}",
    },
    "culture.scope.team": {"en": "the whole team ({reps})", "nl": "het hele team ({reps})"},
    "culture.scope.reps": {"en": "your reps ({reps})", "nl": "je verkopers ({reps})"},
    "culture.reps.one": {"en": "{count} rep", "nl": "{count} verkoper"},
    "culture.reps.other": {"en": "{count} reps", "nl": "{count} verkopers"},
    "culture.private": {
        "en": "Only you see this, counted up to {day} ({zone}). The small bars are the last "
        "{months} months, oldest first; on the first working day of each month the whole "
        "month comes to your DM with a chart.",
        "nl": "Alleen jij ziet dit, geteld tot en met {day} ({zone}). De kleine balkjes zijn de "
        "laatste {months} maanden, de oudste eerst; op de eerste werkdag van elke maand krijg "
        "je de hele maand in je DM, met een grafiek.",
    },
    "culture.private.monthly": {
        "en": "Only you get this, counted up to and including {day} ({zone}). The small bars "
        "are the last {months} months, oldest first; the chart in the thread shows the main "
        "ones. `/culture` shows the month so far at any time.",
        "nl": "Alleen jij krijgt dit, geteld tot en met {day} ({zone}). De kleine balkjes zijn "
        "de laatste {months} maanden, de oudste eerst; de grafiek in de thread toont de "
        "belangrijkste. `/culture` toont altijd de maand tot nu toe.",
    },
    "culture.verdict.title": {
        "en": "*What moved most since the month before:*",
        "nl": "*Wat het meest veranderde sinds de maand ervoor:*",
    },
    "culture.verdict.better": {
        "en": "📈 {label}: {before} → {now}, better",
        "nl": "📈 {label}: {before} → {now}, beter",
    },
    "culture.verdict.worse": {
        "en": "📉 {label}: {before} → {now}, worse",
        "nl": "📉 {label}: {before} → {now}, slechter",
    },
    "culture.verdict.prorated": {
        "en": " (the month before counted up to the same point)",
        "nl": " (de maand ervoor geteld tot hetzelfde punt)",
    },
    "culture.verdict.none": {
        "en": "_Nothing moved much since the month before._",
        "nl": "_Sinds de maand ervoor is er weinig veranderd._",
    },
    "culture.teams.title": {
        "en": "👥 *Each manager's team this month*",
        "nl": "👥 *Het team van elke manager deze maand*",
    },
    "culture.teams.line": {
        "en": "{manager} ({reps}): {figures}",
        "nl": "{manager} ({reps}): {figures}",
    },
    "culture.teams.figure": {"en": "{label} {value}", "nl": "{label} {value}"},
    "culture.chart.title": {
        "en": "Sales culture, 6 months to {month}",
        "nl": "Salescultuur, 6 maanden tot en met {month}",
    },
    "culture.items.one": {"en": "{count} agenda item", "nl": "{count} agendapunt"},
    "culture.items.other": {"en": "{count} agenda items", "nl": "{count} agendapunten"},
    "culture.of_items": {
        "en": "{part} of {items} ({percent})",
        "nl": "{part} van {items} ({percent})",
    },
    "culture.none": {"en": "– (nothing to count yet)", "nl": "– (nog niets te tellen)"},
    "culture.line": {
        "en": "*{label}:* {value}{trend}\n_{means}_",
        "nl": "*{label}:* {value}{trend}\n_{means}_",
    },
    # Hunters vs farmers
    "culture.area.hunters": {"en": "🏹 *Hunters vs farmers*", "nl": "🏹 *Jagers of boeren*"},
    "culture.hunters.label": {
        "en": "Reps with a new client in the last three months",
        "nl": "Verkopers met een nieuwe klant in de laatste drie maanden",
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
    "culture.pace.label": {
        "en": "Pace against the agreed plans for {year}",
        "nl": "Tempo tegenover de afgesproken plannen voor {year}",
    },
    "culture.pace.value": {
        "en": "{clients} this year, {expected} expected by now ({percent})",
        "nl": "{clients} dit jaar, {expected} verwacht tot nu toe ({percent})",
    },
    "culture.pace.means": {
        "en": "Below 100 % the plans will not be reached at this pace; the 1:1s are where "
        "the plan is kept alive.",
        "nl": "Onder de 100 % worden de plannen in dit tempo niet gehaald; in de 1-op-1's "
        "houd je het plan levend.",
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
    "culture.meetings.reasons": {
        "en": "Reasons given: {reasons}",
        "nl": "Opgegeven redenen: {reasons}",
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
    "culture.mix.label": {
        "en": "Agenda: success stories : challenges : pipeline",
        "nl": "Agenda: successen : uitdagingen : pipeline",
    },
    "culture.mix.value": {
        "en": "{success} : {challenge} : {pipeline}",
        "nl": "{success} : {challenge} : {pipeline}",
    },
    "culture.mix.means": {
        "en": "A sales meeting is for celebrating wins and helping each other win new "
        "clients; the more success stories, the more the team learns from them.",
        "nl": "Een salesmeeting is om successen te vieren en elkaar te helpen nieuwe klanten "
        "te winnen; hoe meer successen, hoe meer het team ervan leert.",
    },
    "culture.carried.label": {
        "en": "Agenda items carried over from a meeting before",
        "nl": "Agendapunten doorgeschoven van een eerdere meeting",
    },
    "culture.carried.means": {
        "en": "Items that keep being carried over are questions nobody answers: give them "
        "time or take them to a 1:1.",
        "nl": "Punten die steeds doorschuiven zijn vragen die niemand beantwoordt: geef ze "
        "tijd of neem ze mee naar een 1-op-1.",
    },
    "culture.operational.label": {
        "en": "Agenda items about operational problems",
        "nl": "Agendapunten over operationele problemen",
    },
    "culture.operational.means": {
        "en": "Deliveries, invoices and IT belong in the 1:1; in the sales meeting they turn "
        "it into a complaint session.",
        "nl": "Leveringen, facturen en IT horen in de 1-op-1; in de salesmeeting maken ze er "
        "een klaagsessie van.",
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
    "culture.outreach.label": {
        "en": "New prospects contacted against the weekly targets",
        "nl": "Benaderde nieuwe prospects tegenover de weekdoelen",
    },
    "culture.outreach.value": {
        "en": "{done} of {target} ({percent})",
        "nl": "{done} van {target} ({percent})",
    },
    "culture.outreach.means": {
        "en": "Reps are accountable for contacting new clients every week; new clients come "
        "from the prospects contacted months before.",
        "nl": "Verkopers zijn verantwoordelijk voor het benaderen van nieuwe klanten, elke "
        "week; nieuwe klanten komen uit de prospects van maanden eerder.",
    },
    "culture.top_obstacles.label": {
        "en": "What holds them back most",
        "nl": "Wat hen het meest tegenhoudt",
    },
    "culture.obstacle": {
        "en": "{reason} ({count}×; {before}× the month before)",
        "nl": "{reason} ({count}×; {before}× de maand ervoor)",
    },
    "culture.obstacles.label": {
        "en": "Obstacles solved after",
        "nl": "Obstakels opgelost na",
    },
    "culture.solved.value.one": {
        "en": "{days} ({count} solved, {still})",
        "nl": "{days} ({count} opgelost, {still})",
    },
    "culture.solved.value.other": {
        "en": "a median of {days} ({count} solved, {still})",
        "nl": "mediaan {days} ({count} opgelost, {still})",
    },
    "culture.solved.none": {
        "en": "none solved yet ({still})",
        "nl": "nog geen opgelost ({still})",
    },
    "culture.still.one": {"en": "{count} still reported", "nl": "{count} nog gemeld"},
    "culture.still.other": {"en": "{count} still reported", "nl": "{count} nog gemeld"},
    "culture.obstacles.means": {
        "en": "An obstacle a rep stops reporting was taken away; one reported week after "
        "week needs the manager's help, not patience.",
        "nl": "Een obstakel dat een verkoper niet meer meldt, is weggenomen; een obstakel "
        "dat week na week terugkomt, vraagt hulp van de manager, geen geduld.",
    },
    "culture.overdue.label": {
        "en": "1:1 action points past their due date",
        "nl": "Verlopen actiepunten uit 1-op-1's",
    },
    "culture.overdue.value.one": {"en": "{count} open", "nl": "{count} open"},
    "culture.overdue.value.other": {"en": "{count} open", "nl": "{count} open"},
    "culture.overdue.means": {
        "en": "Action points agreed in a 1:1 and not done are promises broken; fewer is "
        "better for both of you.",
        "nl": "Afgesproken actiepunten die blijven liggen zijn gebroken beloftes; hoe minder, "
        "hoe beter voor jullie allebei.",
    },
    "culture.top_obstacles.means": {
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
    "culture.first_congrats.label": {
        "en": "Time until the first congratulation",
        "nl": "Tijd tot de eerste felicitatie",
    },
    "culture.first_congrats.value.one": {
        "en": "median {took} ({count} new client not congratulated yet)",
        "nl": "mediaan {took} ({count} nieuwe klant nog niet gefeliciteerd)",
    },
    "culture.first_congrats.value.other": {
        "en": "median {took} ({count} new clients not congratulated yet)",
        "nl": "mediaan {took} ({count} nieuwe klanten nog niet gefeliciteerd)",
    },
    "culture.first_congrats.means": {
        "en": "A quick congratulation tells the hunter the win was seen; a late one says "
        "winning new clients is nothing special here.",
        "nl": "Een snelle felicitatie laat de jager weten dat de klant gezien is; een late "
        "zegt dat nieuwe klanten hier niets bijzonders zijn.",
    },
    # Short names, for the verdict, the chart and each manager's team.
    "culture.hunters.short": {"en": "Reps with a new client", "nl": "Verkopers met nieuwe klant"},
    "culture.per_rep.short": {"en": "New clients per rep", "nl": "Nieuwe klanten per verkoper"},
    "culture.plans.short": {"en": "Agreed plans", "nl": "Afgesproken plannen"},
    "culture.pace.short": {"en": "Pace against plan", "nl": "Tempo tegenover plan"},
    "culture.meetings.short": {
        "en": "Meetings held as planned",
        "nl": "Meetings zoals gepland",
    },
    "culture.rating.short": {"en": "Meeting rating", "nl": "Cijfer voor de meetings"},
    "culture.mix.short": {"en": "Success stories on the agenda", "nl": "Successen op de agenda"},
    "culture.carried.short": {"en": "Items carried over", "nl": "Doorgeschoven punten"},
    "culture.operational.short": {"en": "Operational items", "nl": "Operationele punten"},
    "culture.checkins.short": {"en": "Check-ins", "nl": "Check-ins"},
    "culture.outreach.short": {"en": "Outreach against target", "nl": "Benaderd tegenover doel"},
    "culture.obstacles.short": {"en": "Obstacles solved after", "nl": "Obstakels opgelost na"},
    "culture.overdue.short": {"en": "Overdue action points", "nl": "Verlopen actiepunten"},
    "culture.congrats.short": {"en": "Congratulations per win", "nl": "Felicitaties per klant"},
    "culture.first_congrats.short": {
        "en": "Time to first congratulation",
        "nl": "Tijd tot eerste felicitatie",
    },
    # Help and mistakes
    "culture.help": {
        "en": "🪞 `/culture` holds up a mirror to the team's sales culture for the month so "
        "far, with the trend of the last 6 months and what moved most: hunters and farmers, "
        "meeting discipline, accountability and recognition. Managers see their own reps, "
        "admins the whole team and each manager's team. Only you see it; nothing is posted in "
        "a channel, and check-in notes stay private. On the first working day of each month "
        "the month that ended comes to your DM, with a chart.",
        "nl": "🪞 `/culture` houdt het team een spiegel voor van de salescultuur deze maand tot "
        "nu toe, met de trend van de laatste 6 maanden en wat het meest veranderde: jagers en "
        "boeren, discipline in meetings, verantwoordelijkheid en erkenning. Managers zien hun "
        "eigen verkopers, admins het hele team en het team van elke manager. Alleen jij ziet "
        "het; er gaat niets naar een kanaal en toelichtingen bij check-ins blijven privé. Op "
        "de eerste werkdag van elke maand krijg je de afgelopen maand in je DM, met een "
        "grafiek.",
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
