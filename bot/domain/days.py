"""Days as people type them (English and Dutch), and CalendarError, the user error of anything
typed about the calendar. Pure Python: no Slack, no database."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.domain.errors import UserError

# The years a typed day may fall in, around today's.
DAY_YEARS_BACK, DAY_YEARS_AHEAD = 1, 10


def word_numbers(*groups: str, start: int = 0) -> dict[str, int]:
    """{word: number} from groups of words that name the same number, counted from ``start``."""
    return {word: n for n, group in enumerate(groups, start) for word in group.split()}


WEEKDAY_NAMES = word_numbers(
    "monday mon maandag ma",
    "tuesday tue tues dinsdag di",
    "wednesday wed woensdag wo",
    "thursday thu thur thurs donderdag do",
    "friday fri vrijdag vr",
    "saturday sat zaterdag za",
    "sunday sun zondag zo",
)


class CalendarError(UserError):
    """A user error in typed calendar input (a day, a meeting or 1:1 rule, a move or cancel);
    ``code`` selects the message, ``params`` fill it in.

    Codes: empty, no_year, year_in_past (year, current), year_too_far (year, max),
    no_frequency, bad_interval (interval, max), no_weekday, no_nth, no_time,
    bad_time (text), bad_duration (minutes, min, max), unknown_words (words: the words
    joined by ", "), bad_date (text), date_in_past (date), bad_country (country),
    move_usage, cancel_usage, no_reason, reason_too_long (max, length), no_dates (year).
    """


def weekday_of(token: str) -> int | None:
    """0 (Monday) .. 6 for a lower-case weekday word, its plural or a trailing full stop."""
    token = token.rstrip(".")
    if token in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[token]
    # Plurals: "mondays", "maandags" ('s maandags), "maandagen".
    for suffix in ("s", "en"):
        stem = token.removesuffix(suffix)
        if stem != token and len(stem) > 3 and stem in WEEKDAY_NAMES:
            return WEEKDAY_NAMES[stem]
    return None


_MONTH_NAMES = word_numbers(
    "january januari jan",
    "february februari feb",
    "march maart mar mrt",
    "april apr",
    "may mei",
    "june juni jun",
    "july juli jul",
    "august augustus aug",
    "september sep sept",
    "october oktober oct okt",
    "november nov",
    "december dec",
    start=1,
)
TO_SPLIT = re.compile(r"\s+(?:to|naar|->|→)\s+", re.IGNORECASE)  # "<day> to <day>"
_AT_TIME = re.compile(
    r"^(?P<day>.+?)\s+(?:at|om|@)\s+(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:u|uur|h)?$",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {"today": 0, "vandaag": 0, "tomorrow": 1, "morgen": 1}
_DAY_SUFFIX = r"(?:st|nd|rd|th|e|ste|de)?"
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
_DAY_MONTH_RE = re.compile(rf"(\d{{1,2}}){_DAY_SUFFIX}\.? ([a-z]+)\.?(?: (\d{{4}}))?")
_MONTH_DAY_RE = re.compile(rf"([a-z]+)\.? (\d{{1,2}}){_DAY_SUFFIX}(?: (\d{{4}}))?")


def parse_day(text: str, *, today: date, allow_past: bool = False) -> date:
    """One day: "2027-03-08", "8-3-2027", "08/03/2027", "8.3.27" (day first), "8 maart 2027",
    "8 mrt", "March 8, 2027", "today", "morgen"; a leading weekday ("ma 8 mrt") must match.
    Without a year, the next such day from ``today``. Raises CalendarError bad_date (also for
    a year out of DAY_YEARS_*) or date_in_past (date) before ``today`` unless ``allow_past``."""
    original = " ".join((text or "").split())
    cleaned = re.sub(r"\s+", " ", original.lower().replace(",", " ")).strip()
    words = cleaned.split(" ")
    said_weekday = weekday_of(words[0]) if len(words) > 1 else None
    if said_weekday is not None:
        cleaned = " ".join(words[1:])

    result = _parse_day(cleaned, today=today, text=original)
    if said_weekday is not None and result.weekday() != said_weekday:
        raise CalendarError("bad_date", text=original)
    if result < today and not allow_past:
        raise CalendarError("date_in_past", date=result)
    return result


def _parse_day(cleaned: str, *, today: date, text: str) -> date:
    if cleaned in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[cleaned])
    year: int | None
    if match := _ISO_DATE_RE.fullmatch(cleaned):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _NUMERIC_DATE_RE.fullmatch(cleaned):
        day, month = int(match[1]), int(match[3])
        year = int(match[4]) if match[4] else None
        if year is not None and year < 100:
            year += 2000
    elif (match := _DAY_MONTH_RE.fullmatch(cleaned)) and match[2] in _MONTH_NAMES:
        day, month = int(match[1]), _MONTH_NAMES[match[2]]
        year = int(match[3]) if match[3] else None
    elif (match := _MONTH_DAY_RE.fullmatch(cleaned)) and match[1] in _MONTH_NAMES:
        day, month = int(match[2]), _MONTH_NAMES[match[1]]
        year = int(match[3]) if match[3] else None
    else:
        raise CalendarError("bad_date", text=text)
    if year is not None:
        # A typed day is about last year up to a few years ahead; 9999-12-31 would also
        # overflow the moment a day is added to it.
        if not today.year - DAY_YEARS_BACK <= year <= today.year + DAY_YEARS_AHEAD:
            raise CalendarError("bad_date", text=text)
        try:
            return date(year, month, day)
        except ValueError:
            raise CalendarError("bad_date", text=text) from None
    for candidate_year in range(today.year, today.year + 9):  # 29 February: next leap year
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            if (month, day) == (2, 29):
                continue
            raise CalendarError("bad_date", text=text) from None
        if candidate >= today:
            return candidate
    raise CalendarError("bad_date", text=text)


def parse_reschedule(text: str, *, today: date, usage: str) -> tuple[date, date, time | None]:
    """`<day> to <day> [at hh:mm]` (or `naar ... om ...`): (day, new day, new time or None);
    only the first day may be past. Without a "to" the CalendarError code is ``usage``."""
    days = TO_SPLIT.split(text.strip(), maxsplit=1)
    if len(days) != 2:
        raise CalendarError(usage)
    from_text, to_text = days[0].strip(), days[1].strip()
    to_time = None
    match = _AT_TIME.match(to_text)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if hour > 23 or minute > 59:
            raise CalendarError("bad_time", text=to_text)
        to_text, to_time = match["day"], time(hour, minute)
    day = parse_day(from_text, today=today, allow_past=True)
    return day, parse_day(to_text, today=today), to_time
