"""Texts that name whose clock a time is on (bot.domain.formatting.format_when_for).

{when} is a formatted moment on the reader's clock, {other_when} the other person's time,
{other} a Slack mention, {rule} a 1:1 or meeting rhythm in words, {city} a zone's city.
"""

TEXTS: dict[str, dict[str, str]] = {
    "time.yours": {"en": "{when} your time", "nl": "{when} jouw tijd"},
    "time.yours_and_other": {
        "en": "{when} your time ({other_when} for {other})",
        "nl": "{when} jouw tijd ({other_when} voor {other})",
    },
    "time.the_team": {"en": "the team", "nl": "het team"},
    "time.rule_in_zone": {"en": "{rule}, {city} time", "nl": "{rule} (tijd in {city})"},
}
