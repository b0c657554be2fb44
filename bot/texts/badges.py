"""Texts of streaks and badges (the Home tab and the monthly recap), in English and Dutch.

{month} is a month's name, {names} Slack mentions, {quarter} 1..4. Keys ending in .one / .other
are picked by count. Badges celebrate: a rep without one is encouraged, never shown a zero.
"""

TEXTS: dict[str, dict[str, str]] = {
    "badges.title": {"en": "*🏅 Your badges*", "nl": "*🏅 Jouw badges*"},
    "badges.none": {
        "en": "Badges are yours to earn: the first new client of the year, three months in a row "
        "with a new client, every weekly check-in of a quarter, or the most success stories at "
        "the sales meetings. Your first one is one conversation away! 💪",
        "nl": "Badges zijn er om te verdienen: de eerste nieuwe klant van het jaar, drie maanden "
        "op rij een nieuwe klant, elke wekelijkse check-in van een kwartaal, of de meeste "
        "succesverhalen in de salesmeetings. Je bent maar één gesprek van je eerste badge verwijderd! 💪",
    },
    "badges.first_of_year": {
        "en": "🥇 Your first new client of {year}, in {month}",
        "nl": "🥇 Je eerste nieuwe klant van {year}, in {month}",
    },
    "badges.streak.one": {
        "en": "🔥 A new client this month or last: {goal} months in a row earn the streak badge",
        "nl": "🔥 Een nieuwe klant deze of vorige maand: {goal} maanden op rij levert de "
        "reeksbadge op",
    },
    "badges.streak.other": {
        "en": "🔥 {count} months in a row with a new client: {goal} in a row earn the streak badge",
        "nl": "🔥 {count} maanden op rij een nieuwe klant: {goal} op rij levert de reeksbadge op",
    },
    "badges.streak_earned": {
        "en": "🔥 Streak: {count} months in a row with a new client",
        "nl": "🔥 Reeks: {count} maanden op rij een nieuwe klant",
    },
    "badges.weeks.one": {"en": "{count} of {of} week", "nl": "{count} van {of} week"},
    "badges.weeks.other": {"en": "{count} of {of} weeks", "nl": "{count} van {of} weken"},
    "badges.checkins_so_far": {
        "en": "✅ Check-ins in Q{quarter} {year} so far: {weeks}",
        "nl": "✅ Check-ins in kwartaal {quarter} van {year} tot nu toe: {weeks}",
    },
    "badges.checkins_earned": {
        "en": "✅ Every weekly check-in of Q{quarter} {year}",
        "nl": "✅ Elke wekelijkse check-in van kwartaal {quarter} van {year}",
    },
    "badges.stories.one": {"en": "{count} story", "nl": "{count} verhaal"},
    "badges.stories.other": {"en": "{count} stories", "nl": "{count} verhalen"},
    "badges.storyteller": {
        "en": "📖 Most success stories at the sales meetings in Q{quarter} {year} ({stories})",
        "nl": "📖 De meeste succesverhalen in de salesmeetings van kwartaal {quarter} van "
        "{year} ({stories})",
    },
    "badges.recap.title": {"en": "🏅 *New badges*", "nl": "🏅 *Nieuwe badges*"},
    "badges.recap.first_of_year": {
        "en": "🥇 First new client of {year}: {names}",
        "nl": "🥇 Eerste nieuwe klant van {year}: {names}",
    },
    "badges.recap.streak": {
        "en": "🔥 {count} months in a row with a new client: {names}",
        "nl": "🔥 {count} maanden op rij een nieuwe klant: {names}",
    },
    "badges.recap.every_checkin": {
        "en": "✅ Every weekly check-in of Q{quarter} {year}: {names}",
        "nl": "✅ Elke wekelijkse check-in van kwartaal {quarter} van {year}: {names}",
    },
    "badges.recap.storyteller": {
        "en": "📖 Most success stories at the sales meetings in Q{quarter} {year} ({stories}): "
        "{names}",
        "nl": "📖 De meeste succesverhalen in de salesmeetings van kwartaal {quarter} van "
        "{year} ({stories}): {names}",
    },
}
