"""The one translation layer: every text the bot shows, in English and Dutch.

The texts live in bot/texts/ (one catalogue per feature); this module looks them up.

`t("key", lang, **params)` formats with str.format. Params that carry user text must be
escaped by the caller (see bot.views.text.escape) before they are passed in.
"""

from __future__ import annotations

import string

from bot.texts import all_texts

LANGUAGES = ("en", "nl")

MESSAGES: dict[str, dict[str, str]] = all_texts()

_FORMATTER = string.Formatter()


def language_of(locale: str | None, default: str = "en") -> str:
    """The bot language for a Slack locale ("nl-BE" -> "nl"); anything else falls back."""
    if locale:
        lang = locale.replace("_", "-").split("-")[0].lower()
        if lang in LANGUAGES:
            return lang
    return default if default in LANGUAGES else "en"


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang` (English when a language lacks it), formatted with params."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**params)


def placeholders(template: str) -> set[str]:
    """The {names} a template uses (for the catalogue's own consistency test)."""
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}
