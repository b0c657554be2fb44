"""Public holidays and working days (Monday to Friday, not a public holiday), per country.
Pure Python (plus holidays): no Slack, no database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

from bot.domain.days import CalendarError

# No country has a fortnight of weekends and public holidays in a row; a guard against a loop.
_MAX_DAYS_OFF = 14


@lru_cache(maxsize=64)
def _holiday_map(country: str, year: int, language: str | None) -> MappingProxyType[date, str]:
    if not country:
        raise CalendarError("bad_country", country=country)
    try:
        found = holidays.country_holidays(country, years=[year, year + 1], language=language)
    except NotImplementedError:
        raise CalendarError("bad_country", country=country) from None
    return MappingProxyType(dict(found.items()))


def public_holidays(country: str, year: int, *, language: str | None = None) -> Mapping[date, str]:
    """The public holidays of ``year`` and the next in ``country`` ({day: name}), named in
    ``language`` ("nl", "fr", "en_US"; the country's own default when None or unsupported).
    Raises CalendarError bad_country for an unknown country."""
    return _holiday_map((country or "").strip().upper(), year, language)


def is_working_day(day: date, *, holidays_country: str = "NL") -> bool:
    """Monday to Friday and not a public holiday in ``holidays_country``."""
    return day.weekday() < 5 and day not in public_holidays(holidays_country, day.year)


def _working_day(day: date, step: int, holidays_country: str) -> date:
    for n in range(_MAX_DAYS_OFF + 1):
        candidate = day + timedelta(days=n * step)
        if is_working_day(candidate, holidays_country=holidays_country):
            return candidate
    return day


def previous_working_day(day: date, *, holidays_country: str = "NL") -> date:
    """``day`` when it is a working day, else the last working day before it (Saturday 2
    January 2027 in NL: Thursday 31 December 2026, New Year's Day being a holiday)."""
    return _working_day(day, -1, holidays_country)


def next_working_day(day: date, *, holidays_country: str = "NL") -> date:
    """``day`` when it is a working day, else the first working day after it."""
    return _working_day(day, 1, holidays_country)


def first_working_day(year: int, *, holidays_country: str = "NL") -> date:
    """The first working day of ``year`` (2027 in NL: Monday 4 January)."""
    return next_working_day(date(year, 1, 1), holidays_country=holidays_country)
