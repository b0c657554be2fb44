"""Locale-aware formatting of money, dates and times in each reader's zone (Babel), free of
Slack and database I/O."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_location
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern

from bot.i18n import language_of, t

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


def format_number(value: float | int | Decimal, lang_or_locale: str) -> str:
    """A count or pace with at most one decimal, as the reader writes it: '0.3' / '0,3'."""
    return format_decimal(value, format="#,##0.#", locale=babel_locale(lang_or_locale))


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


@dataclass(frozen=True)
class ReaderZones:
    """Whose clock a time is read on: the reader's zone, the other person's (named, as
    ready mrkdwn such as a Slack mention, when their clock shows another time), and the
    team's (when both read the same clock but the team's differs, "your time" says so)."""

    reader: tzinfo
    other: tzinfo
    other_name: str
    team: tzinfo | None = None


def _wall(moment: datetime, tz: tzinfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def same_clock(moment: datetime, first: tzinfo, second: tzinfo) -> bool:
    """Whether two zones' clocks show the same time at `moment` (Amsterdam and Berlin do)."""
    return _wall(moment, first) == _wall(moment, second)


def format_when_for(
    moment: datetime,
    reader_tz: tzinfo,
    other_tz: tzinfo,
    other_name: str,
    lang_or_locale: str,
    *,
    team_tz: tzinfo | None = None,
) -> str:
    """`moment` on the reader's clock, with the other person's time when theirs differs:
    'Mon 8 Mar 2027, 10:00 your time (16:00 for Maria)' / '… 10:00 jouw tijd (16:00 voor
    Maria)'; the other's weekday is added when their date differs. Same clocks: the plain
    'Mon 8 Mar 2027, 10:00', with 'your time' only when the team's clock differs."""
    lang = language_of(lang_or_locale)
    mine = moment.astimezone(reader_tz)
    when = format_when(mine, lang_or_locale)
    if same_clock(moment, reader_tz, other_tz):
        if team_tz is None or same_clock(moment, reader_tz, team_tz):
            return when
        return t("time.yours", lang, when=when)
    theirs = moment.astimezone(other_tz)
    locale = babel_locale(lang_or_locale)
    other_when = format_time(theirs.time(), format="HH:mm", locale=locale)
    if theirs.date() != mine.date():
        other_when = f"{format_date(theirs.date(), format='EEE', locale=locale)} {other_when}"
    return t("time.yours_and_other", lang, when=when, other_when=other_when, other=other_name)


def format_when_in(moment: datetime, lang_or_locale: str, zones: ReaderZones | None) -> str:
    """`format_when_for` with `zones`; without them, `moment` in its own zone."""
    if zones is None:
        return format_when(moment, lang_or_locale)
    return format_when_for(
        moment, zones.reader, zones.other, zones.other_name, lang_or_locale, team_tz=zones.team
    )


def zone_city(tz: tzinfo, lang_or_locale: str) -> str:
    """The city a zone is named after, in the reader's language: 'New York', 'Londen'."""
    name = getattr(tz, "key", None) or str(tz)
    try:
        return get_timezone_location(name, locale=babel_locale(lang_or_locale), return_city=True)
    except (LookupError, ValueError):  # a zone Babel does not know: its own name
        return name.rsplit("/", 1)[-1].replace("_", " ")
