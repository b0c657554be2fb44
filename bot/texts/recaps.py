"""Texts of the recaps (a month, a quarter, a year) in the wins channel, in English and Dutch.

{period}, {next} and {year} are formatted by the views ("December 2026", "Q4 2026", "2026");
{names} and {rep} are Slack mentions; {client} is escaped by the views; {basis} and {fresh} are
the period's own texts below. Keys ending in .one / .other are picked by count. The recap
celebrates: a quiet month is met with encouragement, never blame.
"""

TEXTS: dict[str, dict[str, str]] = {
    "recaps.text": {
        "en": "New clients in {period}: {count}",
        "nl": "Nieuwe klanten in {period}: {count}",
    },
    "recaps.header": {"en": "📊 New clients in {period}", "nl": "📊 Nieuwe klanten in {period}"},
    "recaps.quarter": {"en": "Q{n}", "nl": "Q{n}"},
    "recaps.count.one": {
        "en": "*{count} new client* in {period}! 🎉",
        "nl": "*{count} nieuwe klant* in {period}! 🎉",
    },
    "recaps.count.other": {
        "en": "*{count} new clients* in {period}! 🎉",
        "nl": "*{count} nieuwe klanten* in {period}! 🎉",
    },
    "recaps.compare.more.one": {
        "en": "That is {count} more than in {period} ({before}). 📈",
        "nl": "Dat is er {count} meer dan in {period} ({before}). 📈",
    },
    "recaps.compare.more.other": {
        "en": "That is {count} more than in {period} ({before}). 📈",
        "nl": "Dat zijn er {count} meer dan in {period} ({before}). 📈",
    },
    "recaps.compare.fewer": {
        "en": "In {period} there were {count}.",
        "nl": "In {period} waren het er {count}.",
    },
    "recaps.compare.same": {
        "en": "Just as many as in {period}.",
        "nl": "Evenveel als in {period}.",
    },
    "recaps.basis.month": {
        "en": "{pace} new clients a month (each yearly target ÷ 12)",
        "nl": "{pace} nieuwe klanten per maand (elk jaardoel ÷ 12)",
    },
    "recaps.basis.quarter": {
        "en": "{pace} new clients a quarter (each yearly target ÷ 4)",
        "nl": "{pace} nieuwe klanten per kwartaal (elk jaardoel ÷ 4)",
    },
    "recaps.basis.year": {
        "en": "{pace} new clients in {year}",
        "nl": "{pace} nieuwe klanten in {year}",
    },
    "recaps.fresh.month": {
        "en": "A fresh month to close the gap!",
        "nl": "Een nieuwe maand om het gat te dichten!",
    },
    "recaps.fresh.quarter": {
        "en": "A fresh quarter to close the gap!",
        "nl": "Een nieuw kwartaal om het gat te dichten!",
    },
    "recaps.fresh.year": {
        "en": "Every client won last year counts: a fresh year to aim higher!",
        "nl": "Elke klant van vorig jaar telt: een nieuw jaar om hoger te mikken!",
    },
    "recaps.pace.ahead": {
        "en": "🎯 The shared account plans add up to {basis}: that is {diff} ahead of the pace!",
        "nl": "🎯 De gedeelde accountplannen komen samen op {basis}: dat is {diff} vóór op het "
        "tempo!",
    },
    "recaps.pace.on": {
        "en": "🎯 The shared account plans add up to {basis}: right on pace!",
        "nl": "🎯 De gedeelde accountplannen komen samen op {basis}: precies op tempo!",
    },
    "recaps.pace.behind": {
        "en": "🎯 The shared account plans add up to {basis}: {diff} short of the pace. {fresh}",
        "nl": "🎯 De gedeelde accountplannen komen samen op {basis}: {diff} onder het tempo. "
        "{fresh}",
    },
    "recaps.pace.none": {
        "en": "🎯 No account plans for {year} are shared with the team yet: share yours to "
        "give the team a pace to measure itself against.",
        "nl": "🎯 Er zijn nog geen accountplannen voor {year} met het team gedeeld: deel het "
        "jouwe, dan heeft het team een tempo om zich aan te meten.",
    },
    "recaps.clients.one": {"en": "{count} new client", "nl": "{count} nieuwe klant"},
    "recaps.clients.other": {"en": "{count} new clients", "nl": "{count} nieuwe klanten"},
    "recaps.hunters.month.one": {
        "en": "🏹 Hunter of the month: {names}, with {wins}!",
        "nl": "🏹 Jager van de maand: {names}, met {wins}!",
    },
    "recaps.hunters.month.other": {
        "en": "🏹 Hunters of the month: {names}, with {wins} each!",
        "nl": "🏹 Jagers van de maand: {names}, met elk {wins}!",
    },
    "recaps.hunters.quarter.one": {
        "en": "🏹 Hunter of the quarter: {names}, with {wins}!",
        "nl": "🏹 Jager van het kwartaal: {names}, met {wins}!",
    },
    "recaps.hunters.quarter.other": {
        "en": "🏹 Hunters of the quarter: {names}, with {wins} each!",
        "nl": "🏹 Jagers van het kwartaal: {names}, met elk {wins}!",
    },
    "recaps.hunters.year.one": {
        "en": "🏹 Hunter of the year: {names}, with {wins}!",
        "nl": "🏹 Jager van het jaar: {names}, met {wins}!",
    },
    "recaps.hunters.year.other": {
        "en": "🏹 Hunters of the year: {names}, with {wins} each!",
        "nl": "🏹 Jagers van het jaar: {names}, met elk {wins}!",
    },
    "recaps.congrats.one": {"en": "{count} congratulation", "nl": "{count} felicitatie"},
    "recaps.congrats.other": {"en": "{count} congratulations", "nl": "{count} felicitaties"},
    "recaps.story.month": {
        "en": "📖 Story of the month: *{client}* by {rep} ({congrats})",
        "nl": "📖 Verhaal van de maand: *{client}* door {rep} ({congrats})",
    },
    "recaps.story.quarter": {
        "en": "📖 Story of the quarter: *{client}* by {rep} ({congrats})",
        "nl": "📖 Verhaal van het kwartaal: *{client}* door {rep} ({congrats})",
    },
    "recaps.story.year": {
        "en": "📖 Story of the year: *{client}* by {rep} ({congrats})",
        "nl": "📖 Verhaal van het jaar: *{client}* door {rep} ({congrats})",
    },
    "recaps.empty": {
        "en": "No new clients logged in {period}. Every new client starts with one "
        "conversation: who opens the score for {next}? 💪",
        "nl": "Geen nieuwe klanten genoteerd in {period}. Elke nieuwe klant begint met één "
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
    "recaps.chart.alt": {
        "en": "Bar chart of new clients per month in {year}: {months}. No account plans are "
        "shared yet, so no pace.",
        "nl": "Staafdiagram van nieuwe klanten per maand in {year}: {months}. Er zijn nog geen "
        "accountplannen gedeeld, dus geen tempo.",
    },
    "recaps.chart.alt_pace": {
        "en": "Bar chart of new clients per month in {year}: {months}. Pace of the shared "
        "account plans: {pace} a month.",
        "nl": "Staafdiagram van nieuwe klanten per maand in {year}: {months}. Tempo van de "
        "gedeelde accountplannen: {pace} per maand.",
    },
}
