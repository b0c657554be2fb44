"""Locale-aware formatting of money and dates (Babel), free of Slack and database I/O."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import NumberPattern, format_currency, parse_pattern

# The Babel locale used to format for each bot language.
BABEL_LOCALES = {"en": "en_GB", "nl": "nl_NL"}


def babel_locale(lang_or_locale: str) -> str:
    return BABEL_LOCALES.get(lang_or_locale, lang_or_locale)


@lru_cache(maxsize=16)
def _whole_pattern(locale: str) -> NumberPattern:
    pattern = copy.copy(parse_pattern(Locale.parse(locale).currency_formats["standard"]))
    pattern.frac_prec = (0, 0)
    return pattern


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def format_money(cents: int, currency: str, lang_or_locale: str) -> str:
    """€25.000 / €25,000 for whole amounts, with cents only when there are any."""
    locale = babel_locale(lang_or_locale)
    amount = cents_to_decimal(cents)
    if amount == amount.to_integral_value():
        return _whole_pattern(locale).apply(
            amount, Locale.parse(locale), currency=currency, currency_digits=False
        )
    return format_currency(amount, currency, locale=locale)


def format_day(day: date, lang_or_locale: str) -> str:
    """A short date such as '8 Mar 2027' / '8 mrt 2027'."""
    return format_date(day, format="medium", locale=babel_locale(lang_or_locale))


def format_when(moment: datetime, lang_or_locale: str) -> str:
    """A meeting moment in its own zone: 'Mon 8 Mar 2027, 09:00' / 'ma 8 mrt 2027, 09:00'."""
    locale = babel_locale(lang_or_locale)
    day = format_date(moment.date(), format="EEE d MMM y", locale=locale)
    return f"{day}, {format_time(moment.time(), format='HH:mm', locale=locale)}"


def format_weekday_date(day: date, lang_or_locale: str) -> str:
    """'Mon 8 Mar' / 'ma 8 mrt'."""
    return format_date(day, format="EEE d MMM", locale=babel_locale(lang_or_locale))
