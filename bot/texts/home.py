"""Texts of the App Home dashboard (account plan, 1:1, sales meeting, my team), English and Dutch."""

TEXTS: dict[str, dict[str, str]] = {
    "dash.plan.none": {
        "en": "📋 *Your {year} account plan*\nNo plan yet. Set your target for new clients and "
        "how you will win them, then agree it with your manager.",
        "nl": "📋 *Jouw accountplan {year}*\nNog geen plan. Leg je doel voor nieuwe klanten vast "
        "en hoe je ze gaat binnenhalen, en spreek het af met je manager.",
    },
    "dash.plan.draft": {
        "en": "📋 *Your {year} account plan* · _draft, waiting for your manager_",
        "nl": "📋 *Jouw accountplan {year}* · _concept, wacht op je manager_",
    },
    "dash.plan.agreed": {
        "en": "📋 *Your {year} account plan* · ✅ _agreed_",
        "nl": "📋 *Jouw accountplan {year}* · ✅ _afgesproken_",
    },
    "dash.plan.create": {"en": "Make my plan", "nl": "Plan maken"},
    "dash.plan.offer": {
        "en": "🗓️ *On to {year}!* You don't have an account plan for {year} yet. Make it now and "
        "agree it with your manager.",
        "nl": "🗓️ *Op naar {year}!* Je hebt nog geen accountplan voor {year}. Maak het nu en "
        "spreek het af met je manager.",
    },
    "dash.plan.create_year": {"en": "Make my plan for {year}", "nl": "Mijn plan voor {year} maken"},
    "dash.plan.edit": {"en": "View or change", "nl": "Bekijken of wijzigen"},
    "dash.oneonone.none": {
        "en": "🤝 *1:1*\nNo 1:1 planned. Your manager sets one up with `/oneonone`.",
        "nl": "🤝 *1-op-1*\nGeen 1-op-1 gepland. Je manager plant er een met `/oneonone`.",
    },
    "dash.oneonone.next": {
        "en": "🤝 *Next 1:1* with {who}: {when}",
        "nl": "🤝 *Volgende 1-op-1* met {who}: {when}",
    },
    "dash.oneonone.prepare": {
        "en": "Note obstacles and topics",
        "nl": "Obstakels en onderwerpen noteren",
    },
    "dash.oneonone.prepared": {"en": "Change my notes", "nl": "Mijn notities wijzigen"},
    "dash.oneonone.actions": {"en": "*Open action points*", "nl": "*Open actiepunten*"},
    "dash.meeting.none": {
        "en": "📅 *Sales meeting*\nNo sales meeting planned yet.",
        "nl": "📅 *Salesmeeting*\nNog geen salesmeeting gepland.",
    },
    "dash.meeting.next": {
        "en": "📅 *Next sales meeting*: {when}",
        "nl": "📅 *Volgende salesmeeting*: {when}",
    },
    "dash.meeting.no_items": {
        "en": "_You have nothing on the agenda yet. A success story, perhaps?_",
        "nl": "_Je hebt nog niets op de agenda. Een succesverhaal misschien?_",
    },
    "dash.meeting.add": {"en": "Add agenda item", "nl": "Agendapunt toevoegen"},
    "dash.team.title": {"en": "👥 *My team*", "nl": "👥 *Mijn team*"},
    "dash.team.no_plan": {"en": "_no account plan yet_", "nl": "_nog geen accountplan_"},
    "dash.team.plan": {
        "en": "{status} · {won}/{target} new clients ({expected} expected) · {pace}",
        "nl": "{status} · {won}/{target} nieuwe klanten ({expected} verwacht) · {pace}",
    },
    "dash.team.status.draft": {"en": "draft", "nl": "concept"},
    "dash.team.status.agreed": {"en": "agreed", "nl": "afgesproken"},
    "dash.team.status.None": {"en": "no plan", "nl": "geen plan"},
    "dash.team.pace.ahead": {"en": "ahead 🚀", "nl": "voor 🚀"},
    "dash.team.pace.on_track": {"en": "on track ✅", "nl": "op schema ✅"},
    "dash.team.pace.behind": {"en": "behind ⚠️", "nl": "achter ⚠️"},
    "dash.team.pace.done": {"en": "done 🎉", "nl": "gehaald 🎉"},
    "dash.team.pace.None": {"en": "–", "nl": "–"},
    "dash.team.next": {
        "en": "Next 1:1: {when}\nOpen action points: {actions}",
        "nl": "Volgende 1-op-1: {when}\nOpen actiepunten: {actions}",
    },
    "dash.team.prepared": {
        "en": "📝 Prepared: open your 1:1 reminder to read it",
        "nl": "📝 Voorbereid: open je 1-op-1-herinnering om het te lezen",
    },
    "dash.team.no_oneonone": {"en": "none planned", "nl": "niet gepland"},
    "dash.team.more": {"en": "…and {count} more", "nl": "…en nog {count}"},
    "dash.modal.close": {"en": "Close", "nl": "Sluiten"},
    "dash.team.no_checkin": {
        "en": "Latest check-in: _none yet_",
        "nl": "Laatste check-in: _nog geen_",
    },
    "dash.team.checkin": {"en": "Latest check-in: {line}", "nl": "Laatste check-in: {line}"},
    "dash.team.next_plan": {"en": "Plan {year}: {status}", "nl": "Plan {year}: {status}"},
    "dash.team.next_plan_none": {
        "en": "Plan {year}: _not made yet_",
        "nl": "Plan {year}: _nog niet gemaakt_",
    },
    "dash.admin.checkins": {
        "en": "🛠️ *Weekly check-ins* (admins)\nAsked every week: {people}\nEveryone with a manager "
        "is on the list; add or remove people here.",
        "nl": "🛠️ *Wekelijkse check-ins* (admins)\nElke week gevraagd: {people}\nIedereen met een "
        "manager staat op de lijst; voeg hier mensen toe of haal ze eraf.",
    },
    "dash.admin.nobody": {"en": "nobody yet", "nl": "nog niemand"},
    "dash.admin.add": {"en": "Add someone", "nl": "Iemand toevoegen"},
    "dash.admin.remove": {"en": "Remove someone", "nl": "Iemand verwijderen"},
    "home.sharing.private": {
        "en": "🔒 *Your check-ins are private.* The first meetings you book are not shown on the "
        "`/leaderboard`.",
        "nl": "🔒 *Je check-ins zijn privé.* Je gemaakte eerste afspraken staan niet op het "
        "`/leaderboard`.",
    },
    "home.sharing.shared": {
        "en": "📅 *The first meetings you book show on the `/leaderboard`*, next to your name. "
        "Nothing else of your check-ins is shown.",
        "nl": "📅 *Je gemaakte eerste afspraken staan op het `/leaderboard`*, bij je naam. "
        "Verder wordt niets van je check-ins getoond.",
    },
    "home.sharing.show": {"en": "Show on the leaderboard", "nl": "Tonen op het klassement"},
    "home.sharing.keep_private": {"en": "Keep private", "nl": "Privé houden"},
    "home.sharing.confirm_title": {
        "en": "Show on the leaderboard?",
        "nl": "Tonen op het klassement?",
    },
    "home.sharing.confirm_text": {
        "en": "The team will see how many first meetings you booked next to your name on the "
        "leaderboard, also when it is shared in a channel. Nothing else of your check-ins is "
        "shown, and you can keep them private again at any time.",
        "nl": "Het team ziet hoeveel eerste afspraken je hebt gemaakt bij je naam op het "
        "klassement, ook als het in een kanaal wordt gedeeld. Verder wordt niets van je "
        "check-ins getoond, en je kunt ze altijd weer privé houden.",
    },
    "home.sharing.confirm_yes": {"en": "Show them", "nl": "Tonen"},
    "home.sharing.confirm_no": {"en": "Cancel", "nl": "Annuleren"},
    "home.sharing.not_listed": {
        "en": "Showing first meetings on the leaderboard is for people who check in every week, "
        "and you are not on the check-in list.",
        "nl": "Eerste afspraken tonen op het klassement is voor wie elke week incheckt, en jij "
        "staat niet op de check-inlijst.",
    },
    "home.title": {"en": "🎯 Your new clients", "nl": "🎯 Jouw nieuwe klanten"},
    "home.intro": {
        "en": "Winning new clients is how the team grows. Log every one, and celebrate it together.",
        "nl": "Nieuwe klanten winnen is hoe het team groeit. Log ze allemaal, en vier ze samen.",
    },
    "home.log_button": {"en": "🎉 Log a new client", "nl": "🎉 Nieuwe klant loggen"},
    "home.counts.one": {
        "en": "*{year}:* {count} new client for you · {team_count} for the team",
        "nl": "*{year}:* {count} nieuwe klant voor jou · {team_count} voor het team",
    },
    "home.counts.other": {
        "en": "*{year}:* {count} new clients for you · {team_count} for the team",
        "nl": "*{year}:* {count} nieuwe klanten voor jou · {team_count} voor het team",
    },
    "home.recent_mine": {"en": "*Your latest new clients*", "nl": "*Jouw laatste nieuwe klanten*"},
    "home.recent_team": {
        "en": "*Latest new clients of the team*",
        "nl": "*Laatste nieuwe klanten van het team*",
    },
    "home.none_yet": {
        "en": "None yet this year. The first one is the best one to celebrate!",
        "nl": "Dit jaar nog geen. De eerste is de mooiste om te vieren!",
    },
    "home.win_line": {"en": "• *{client}*{value} ({date})", "nl": "• *{client}*{value} ({date})"},
    "home.team_win_line": {
        "en": "• *{client}*{value}, {rep} ({date})",
        "nl": "• *{client}*{value}, {rep} ({date})",
    },
}
