"""Texts of the monthly recap in the wins channel, in English and Dutch.

{month}, {next} and {year} are formatted by the views; {names} and {rep} are Slack mentions;
{client} is escaped by the views. Keys ending in .one / .other are picked by count. The recap
celebrates: a quiet month is met with encouragement, never blame.
"""

TEXTS: dict[str, dict[str, str]] = {
    "recaps.text": {
        "en": "New clients in {month}: {count}",
        "nl": "Nieuwe klanten in {month}: {count}",
    },
    "recaps.header": {"en": "📊 New clients in {month}", "nl": "📊 Nieuwe klanten in {month}"},
    "recaps.count.one": {
        "en": "*{count} new client* in {month}! 🎉",
        "nl": "*{count} nieuwe klant* in {month}! 🎉",
    },
    "recaps.count.other": {
        "en": "*{count} new clients* in {month}! 🎉",
        "nl": "*{count} nieuwe klanten* in {month}! 🎉",
    },
    "recaps.compare.more": {
        "en": "That is {diff} more than in {month} ({count}). 📈",
        "nl": "Dat zijn er {diff} meer dan in {month} ({count}). 📈",
    },
    "recaps.compare.fewer": {
        "en": "In {month} there were {count}.",
        "nl": "In {month} waren het er {count}.",
    },
    "recaps.compare.same": {
        "en": "Just as many as in {month}.",
        "nl": "Evenveel als in {month}.",
    },
    "recaps.pace.ahead": {
        "en": "🎯 The shared account plans add up to {pace} new clients a month (each yearly "
        "target ÷ 12): that is {diff} ahead of the pace!",
        "nl": "🎯 De gedeelde accountplannen komen samen op {pace} nieuwe klanten per maand "
        "(elk jaardoel ÷ 12): dat is {diff} vóór op het tempo!",
    },
    "recaps.pace.on": {
        "en": "🎯 The shared account plans add up to {pace} new clients a month (each yearly "
        "target ÷ 12): right on pace!",
        "nl": "🎯 De gedeelde accountplannen komen samen op {pace} nieuwe klanten per maand "
        "(elk jaardoel ÷ 12): precies op tempo!",
    },
    "recaps.pace.behind": {
        "en": "🎯 The shared account plans add up to {pace} new clients a month (each yearly "
        "target ÷ 12): {diff} to go to reach it. A fresh month to close the gap!",
        "nl": "🎯 De gedeelde accountplannen komen samen op {pace} nieuwe klanten per maand "
        "(elk jaardoel ÷ 12): nog {diff} te gaan tot het tempo. Een nieuwe maand om het gat "
        "te dichten!",
    },
    "recaps.pace.none": {
        "en": "🎯 No account plans for {year} are shared with the team yet: share yours to "
        "give the team a pace to measure itself against.",
        "nl": "🎯 Er zijn nog geen accountplannen voor {year} met het team gedeeld: deel het "
        "jouwe, dan heeft het team een tempo om zich aan te meten.",
    },
    "recaps.clients.one": {"en": "{count} new client", "nl": "{count} nieuwe klant"},
    "recaps.clients.other": {"en": "{count} new clients", "nl": "{count} nieuwe klanten"},
    "recaps.hunters.one": {
        "en": "🏹 Hunter of the month: {names}, with {wins}!",
        "nl": "🏹 Jager van de maand: {names}, met {wins}!",
    },
    "recaps.hunters.other": {
        "en": "🏹 Hunters of the month: {names}, with {wins} each!",
        "nl": "🏹 Jagers van de maand: {names}, met elk {wins}!",
    },
    "recaps.congrats.one": {"en": "{count} congratulation", "nl": "{count} felicitatie"},
    "recaps.congrats.other": {"en": "{count} congratulations", "nl": "{count} felicitaties"},
    "recaps.story": {
        "en": "📖 Story of the month: *{client}* by {rep} ({congrats})",
        "nl": "📖 Verhaal van de maand: *{client}* door {rep} ({congrats})",
    },
    "recaps.empty": {
        "en": "No new clients logged in {month}. Every new client starts with one "
        "conversation: who opens the score for {next}? 💪",
        "nl": "Geen nieuwe klanten genoteerd in {month}. Elke nieuwe klant begint met één "
        "gesprek: wie opent de score voor {next}? 💪",
    },
    "recaps.chart_note": {
        "en": "📈 In the thread: a chart of new clients per month in {year}, against the pace.",
        "nl": "📈 In de thread: een grafiek van nieuwe klanten per maand in {year}, tegen het "
        "tempo.",
    },
    "recaps.chart.title": {
        "en": "New clients per month, {year}",
        "nl": "Nieuwe klanten per maand, {year}",
    },
    "recaps.chart.title_pace": {
        "en": "New clients per month, {year} (pace: {pace} a month)",
        "nl": "Nieuwe klanten per maand, {year} (tempo: {pace} per maand)",
    },
    "recaps.chart.pace": {
        "en": "Pace of the shared plans",
        "nl": "Tempo van de gedeelde plannen",
    },
}
