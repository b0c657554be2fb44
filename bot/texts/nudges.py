"""Texts the 1:1 nudges compose from the account plan, in English and Dutch."""

TEXTS: dict[str, dict[str, str]] = {
    "nudge.plan_line": {
        "en": "{year} ({plan_status}): {won} of {target} new clients, {expected} expected "
        "by now: {status} · value won {value}",
        "nl": "{year} ({plan_status}): {won} van {target} nieuwe klanten, {expected} "
        "verwacht tot nu toe: {status} · gewonnen waarde {value}",
    },
    "nudge.plan_upcoming": {
        "en": "{year} ({plan_status}): {target} new clients, counted from 1 January",
        "nl": "{year} ({plan_status}): {target} nieuwe klanten, te tellen vanaf 1 januari",
    },
    "nudge.pace.ahead": {"en": "ahead of pace 🚀", "nl": "voor op schema 🚀"},
    "nudge.pace.on_track": {"en": "on track ✅", "nl": "op schema ✅"},
    "nudge.pace.behind": {"en": "behind pace ⚠️", "nl": "achter op schema ⚠️"},
    "nudge.pace.done": {"en": "target reached 🎉", "nl": "doel gehaald 🎉"},
    "nudge.plan_status.draft": {"en": "draft, not agreed yet", "nl": "concept, nog niet akkoord"},
    "nudge.plan_status.agreed": {"en": "agreed", "nl": "akkoord"},
}
