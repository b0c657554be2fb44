"""Texts of the leaderboard (/leaderboard), in English and Dutch.

{user} is a Slack mention; {value} is formatted money; {channel} a channel link. Keys ending in
.one / .other are picked by count.
"""

TEXTS: dict[str, dict[str, str]] = {
    # What a period is called
    "leaderboard.title.week": {
        "en": "🏆 New clients in week {week} ({start} – {end})",
        "nl": "🏆 Nieuwe klanten in week {week} ({start} – {end})",
    },
    "leaderboard.title.month": {
        "en": "🏆 New clients in {month}",
        "nl": "🏆 Nieuwe klanten in {month}",
    },
    "leaderboard.title.quarter": {
        "en": "🏆 New clients in Q{quarter} {year}",
        "nl": "🏆 Nieuwe klanten in kwartaal {quarter} van {year}",
    },
    "leaderboard.title.year": {
        "en": "🏆 New clients in {year}",
        "nl": "🏆 Nieuwe klanten in {year}",
    },
    "leaderboard.this.week": {"en": "this week", "nl": "deze week"},
    "leaderboard.this.month": {"en": "this month", "nl": "deze maand"},
    "leaderboard.this.quarter": {"en": "this quarter", "nl": "dit kwartaal"},
    "leaderboard.this.year": {"en": "this year", "nl": "dit jaar"},
    # The board
    "leaderboard.clients.one": {"en": "{count} new client", "nl": "{count} nieuwe klant"},
    "leaderboard.clients.other": {"en": "{count} new clients", "nl": "{count} nieuwe klanten"},
    "leaderboard.line": {"en": "{place} {user}: {clients}", "nl": "{place} {user}: {clients}"},
    "leaderboard.more": {"en": "…and {count} more", "nl": "…en nog {count}"},
    "leaderboard.team": {"en": "*Team:* {clients}", "nl": "*Team:* {clients}"},
    "leaderboard.you.ranked": {
        "en": "*You:* #{rank} with {clients}",
        "nl": "*Jij:* #{rank} met {clients}",
    },
    "leaderboard.you.unranked": {
        "en": "*You:* {clients}. Every new client counts: keep going!",
        "nl": "*Jij:* {clients}. Elke nieuwe klant telt: ga zo door!",
    },
    "leaderboard.you.none": {
        "en": "*You:* no new client yet {this}. The next one could be yours!",
        "nl": "*Jij:* nog geen nieuwe klant {this}. De volgende kan van jou zijn!",
    },
    "leaderboard.empty": {
        "en": "No new clients yet {this} — be the first! 🚀",
        "nl": "Nog geen nieuwe klanten {this} — wees de eerste! 🚀",
    },
    "leaderboard.ranked_by": {
        "en": "Ranked by new clients won; equal numbers share a place.",
        "nl": "Gerangschikt op gewonnen nieuwe klanten; wie evenveel heeft, deelt de plaats.",
    },
    "leaderboard.currencies": {
        "en": "Amounts in different currencies are shown side by side, never added up.",
        "nl": "Bedragen in verschillende valuta staan naast elkaar en worden nooit opgeteld.",
    },
    # The second column: only for reps who share their check-in outreach
    "leaderboard.outreach.one": {
        "en": "📅 {count} first meeting booked",
        "nl": "📅 {count} eerste afspraak gemaakt",
    },
    "leaderboard.outreach.other": {
        "en": "📅 {count} first meetings booked",
        "nl": "📅 {count} eerste afspraken gemaakt",
    },
    "leaderboard.you.outreach.one": {
        "en": "📅 You booked {count} first meeting.",
        "nl": "📅 Je hebt {count} eerste afspraak gemaakt.",
    },
    "leaderboard.you.outreach.other": {
        "en": "📅 You booked {count} first meetings.",
        "nl": "📅 Je hebt {count} eerste afspraken gemaakt.",
    },
    "leaderboard.outreach_note": {
        "en": "📅 First meetings booked (from weekly check-ins) show only for reps who share "
        "them: on their Home tab or with `/checkin share`.",
        "nl": "📅 Eerste afspraken (uit de wekelijkse check-ins) staan er alleen bij wie ze "
        "deelt: op het tabblad Home of met `/checkin delen`.",
    },
    # Sharing
    "leaderboard.share_button": {"en": "Share in channel", "nl": "Delen in kanaal"},
    "leaderboard.shared": {
        "en": "✅ Shared in {channel}.",
        "nl": "✅ Gedeeld in {channel}.",
    },
    "leaderboard.already_shared": {
        "en": "This board was already shared in {channel}.",
        "nl": "Dit overzicht is al gedeeld in {channel}.",
    },
    "leaderboard.shared_by": {
        "en": "Shared by {user} with `/leaderboard`",
        "nl": "Gedeeld door {user} met `/leaderboard`",
    },
    # Help and mistakes
    "leaderboard.help.fallback": {
        "en": "How the leaderboard works",
        "nl": "Zo werkt het klassement",
    },
    "leaderboard.help": {
        "en": "*🏆 /leaderboard* shows who won new clients, and their value.\n"
        "• `/leaderboard`: this month\n"
        "• `/leaderboard week`, `/leaderboard quarter`, `/leaderboard year`\n"
        "Only you see it; *Share in channel* posts the board (without your own line) "
        "for the team. The top {top} places are named, plus your own line. Weeks, months, "
        "quarters and years follow the team's time zone ({zone}).\n"
        "First meetings booked from check-ins are shown only for reps who chose to share "
        "them (on their Home tab, or `/checkin share`).",
        "nl": "*🏆 /leaderboard* laat zien wie nieuwe klanten heeft binnengehaald, en hun waarde.\n"
        "• `/leaderboard`: deze maand\n"
        "• `/leaderboard week`, `/leaderboard kwartaal`, `/leaderboard jaar`\n"
        "Alleen jij ziet het; *Delen in kanaal* plaatst het klassement (zonder jouw eigen "
        "regel) voor het team. De top {top} plaatsen staan met naam, plus jouw eigen regel. "
        "Weken, maanden, kwartalen en jaren volgen de tijdzone van het team ({zone}).\n"
        "Eerste afspraken uit check-ins staan er alleen bij wie ervoor kiest ze te delen "
        "(op het tabblad Home, of `/checkin delen`).",
    },
    "leaderboard.error.period": {
        "en": "I don't know the period “{text}”. Try `/leaderboard week`, `/leaderboard month`, "
        "`/leaderboard quarter` or `/leaderboard year` (or `/leaderboard help`).",
        "nl": "De periode “{text}” ken ik niet. Probeer `/leaderboard week`, "
        "`/leaderboard maand`, `/leaderboard kwartaal` of `/leaderboard jaar` "
        "(of `/leaderboard help`).",
    },
    "leaderboard.error.no_wins_channel": {
        "en": "⚠️ Nothing was shared: this workspace has no wins channel yet, where a board "
        "asked for in a direct message goes. An admin chooses it on the bot's App Home "
        "(Settings); or use `/leaderboard` in a channel and share it there.",
        "nl": "⚠️ Er is niets gedeeld: deze workspace heeft nog geen kanaal voor nieuwe "
        "klanten, waar een klassement uit een privébericht heen gaat. Een admin kiest het op "
        "de App Home van de bot (Instellingen); of gebruik `/leaderboard` in een kanaal en "
        "deel het daar.",
    },
    "leaderboard.error.unknown": {
        "en": "That didn't work. Try `/leaderboard help`.",
        "nl": "Dat lukte niet. Probeer `/leaderboard help`.",
    },
}
