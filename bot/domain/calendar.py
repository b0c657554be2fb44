"""The team's fixed sales meetings for a year: ``/meetings plan <rule>`` and its calendar.

Pure Python (plus python-dateutil and holidays): no Slack and no database code lives here.

``parse_plan_rule`` reads rules such as ``2027 every 2 weeks on monday at 09:00 for 60
minutes`` or ``2027 om de 2 weken op maandag om 9u30``; ``generate_calendar`` turns a rule
into the meetings of that year, moving (or skipping) meetings that fall on a public holiday.

Decisions on ambiguous input (pinned by tests/test_calendar_domain.py):

* The parts of a rule may come in any order; the year is a separate four-digit word
  (``2027`` or ``in 2027``). Every word that is not understood is reported back with
  ``unknown_words`` rather than ignored, so a typo never silently changes the plan.
* ``om de week`` / ``om de maand`` mean every *other* week / month (as ``every other
  week``); ``om de 2 weken`` means every 2 weeks. Note that in Flanders ``om de week``
  is also heard as "every week": ``PlanRule.describe`` spells the reading out, so the
  admin can check it before confirming.
* ``every monday`` / ``elke maandag`` is weekly; ``every other monday`` /
  ``om de andere maandag`` is every 2 weeks; ``every first tuesday (of the month)`` /
  ``elke eerste dinsdag (van de maand)`` is monthly - also ``every second tuesday``,
  which is the second Tuesday of every month, not every other Tuesday.
* A monthly rule needs an ordinal (``first``..``fourth`` or ``last``): ``every month on
  tuesday`` is ``no_nth``. An ordinal without a frequency (``2027 on the first tuesday at
  9``) is monthly; an ordinal in a weekly rule is an unknown word.
* A bare number after ``at``/``om`` is an hour (``at 9``, ``om 14``); ``9u``, ``9u30``,
  ``9h30``, ``14.30``, ``9am`` and ``0930`` are times too. A time range (``at 9:00-10:30``,
  ``van 9u tot 10u30``) also gives the duration. A bare number after ``for``/``voor``
  is minutes (``for 90``).
* Meeting times are local wall-clock times: 09:00 stays 09:00 across daylight saving
  time. A time that does not exist on a DST start day (02:30) becomes the instant the
  clock shows 03:30.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekday as rrule_weekday

DEFAULT_DURATION = 60
MIN_DURATION = 15
MAX_DURATION = 480
MAX_WEEKLY_INTERVAL = 8
MAX_MONTHLY_INTERVAL = 6
MAX_YEARS_AHEAD = 2
# The years a typed day may fall in, around today's.
DAY_YEARS_BACK, DAY_YEARS_AHEAD = 1, 10

HOLIDAY_POLICIES = ("move", "skip")

WEEKDAY_NAMES: dict[str, int] = {
    # English
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
    # Dutch
    "maandag": 0,
    "ma": 0,
    "dinsdag": 1,
    "di": 1,
    "woensdag": 2,
    "wo": 2,
    "donderdag": 3,
    "do": 3,
    "vrijdag": 4,
    "vr": 4,
    "zaterdag": 5,
    "za": 5,
    "zondag": 6,
    "zo": 6,
}

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_ORDINALS_NL = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}


class CalendarError(ValueError):
    """A user error in meeting-plan input; ``code`` selects the message, ``params`` fill it in.

    Codes: empty, no_year, year_in_past (year, current), year_too_far (year, max),
    no_frequency, bad_interval (interval, max), no_weekday, no_nth, no_time,
    bad_time (text), bad_duration (minutes, min, max), unknown_words (words: the words
    joined by ", "), bad_date (text), date_in_past (date), bad_country (country).
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code} ({detail})" if detail else code)


# -------------------------------------------------------------------------------- rule


@dataclass(frozen=True)
class PlanRule:
    year: int
    freq: str  # "weekly" | "monthly"
    interval: int  # every N weeks (1..8) / months (1..6)
    weekday: int  # 0=Monday .. 6=Sunday
    nth: int | None  # monthly only: 1..4, or -1 for the last one of the month
    at: time  # local wall-clock time
    duration_minutes: int = DEFAULT_DURATION

    def __post_init__(self) -> None:
        if self.freq not in ("weekly", "monthly"):
            raise ValueError(f"freq must be 'weekly' or 'monthly', not {self.freq!r}")
        if not 1 <= self.interval <= _max_interval(self.freq):
            raise CalendarError(
                "bad_interval", interval=self.interval, max=_max_interval(self.freq)
            )
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, not {self.weekday!r}")
        if self.freq == "monthly" and self.nth not in (1, 2, 3, 4, -1):
            raise ValueError(f"a monthly rule needs nth 1..4 or -1, not {self.nth!r}")
        if self.freq == "weekly" and self.nth is not None:
            raise ValueError("a weekly rule has no nth")
        if not MIN_DURATION <= self.duration_minutes <= MAX_DURATION:
            raise CalendarError(
                "bad_duration", minutes=self.duration_minutes, min=MIN_DURATION, max=MAX_DURATION
            )

    def describe(self, lang: str) -> str:
        """The rule in words, without the year: "every 2 weeks on Monday at 09:00 (60
        minutes)" or "om de 2 weken op maandag om 09:00 (60 minuten)". ``lang`` is a
        language or locale ("nl", "nl-BE", "en_GB"); anything but Dutch gives English.
        The text parses back to the same rule (given the year)."""
        clock = f"{self.at.hour:02d}:{self.at.minute:02d}"
        unit_en = "week" if self.freq == "weekly" else "month"
        if lang.strip().lower()[:2] == "nl":
            unit = "week" if self.freq == "weekly" else "maand"
            units = "weken" if self.freq == "weekly" else "maanden"
            every = f"elke {unit}" if self.interval == 1 else f"om de {self.interval} {units}"
            day = _WEEKDAYS_NL[self.weekday]
            on = f"op {day}" if self.nth is None else f"op de {_ORDINALS_NL[self.nth]} {day}"
            return f"{every} {on} om {clock} ({self.duration_minutes} minuten)"
        every = f"every {unit_en}" if self.interval == 1 else f"every {self.interval} {unit_en}s"
        day = _WEEKDAYS_EN[self.weekday]
        on = f"on {day}" if self.nth is None else f"on the {_ORDINALS_EN[self.nth]} {day}"
        return f"{every} {on} at {clock} ({self.duration_minutes} minutes)"


def _max_interval(freq: str) -> int:
    return MAX_WEEKLY_INTERVAL if freq == "weekly" else MAX_MONTHLY_INTERVAL


# ----------------------------------------------------------------------------- words

_NUMBER_WORDS = {
    "one": 1,
    "een": 1,
    "één": 1,
    "two": 2,
    "twee": 2,
    "three": 3,
    "drie": 3,
    "four": 4,
    "vier": 4,
    "five": 5,
    "vijf": 5,
    "six": 6,
    "zes": 6,
    "seven": 7,
    "zeven": 7,
    "eight": 8,
    "acht": 8,
    "nine": 9,
    "negen": 9,
    "ten": 10,
    "tien": 10,
    "eleven": 11,
    "elf": 11,
    "twelve": 12,
    "twaalf": 12,
}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "second": 2,
    "2nd": 2,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "third": 3,
    "3rd": 3,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "fourth": 4,
    "4th": 4,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
    "last": -1,
    "laatste": -1,
}
_EVERY = frozenset({"every", "each", "elke", "iedere", "ieder", "elk"})
_OTHER = frozenset({"other", "andere"})
_WEEK_UNITS = frozenset({"week", "weeks", "wk", "wks", "weken"})
_MONTH_UNITS = frozenset({"month", "months", "maand", "maanden", "mnd"})
_FREQ_ADVERBS = {
    "weekly": ("weekly", 1),
    "wekelijks": ("weekly", 1),
    "biweekly": ("weekly", 2),
    "bi-weekly": ("weekly", 2),
    "fortnightly": ("weekly", 2),
    "tweewekelijks": ("weekly", 2),
    "monthly": ("monthly", 1),
    "maandelijks": ("monthly", 1),
    "tweemaandelijks": ("monthly", 2),
}
_ON = frozenset({"on", "op"})
_THE = frozenset({"the", "de"})
_OF = frozenset({"of", "van", "in"})
_MONTH_DETERMINERS = frozenset({"the", "de", "every", "each", "elke", "iedere", "ieder", "het"})
_YEAR_PREFIXES = frozenset({"in", "for", "voor"})
_TIME_PREFIXES = frozenset({"at", "om", "@", "from", "van", "vanaf"})
_RANGE_WORDS = frozenset({"to", "till", "until", "tot", "-", "–"})
_MERIDIEMS = {"am": "am", "a.m.": "am", "pm": "pm", "p.m.": "pm"}
_OCLOCK = frozenset({"uur", "u", "h", "o'clock", "oclock"})
_DURATION_PREFIXES = frozenset({"for", "voor", "gedurende", "duration", "duur", "lasting"})
_HOUR_UNITS = frozenset({"h", "hr", "hrs", "hour", "hours", "u", "uur", "uren"})
_MINUTE_UNITS = frozenset({"m", "min", "mins", "minute", "minutes", "minuut", "minuten", "'"})
_AND = frozenset({"and", "en"})

_YEAR_RE = re.compile(r"\d{4}")
_INT_RE = re.compile(r"\d{1,3}")
_DECIMAL_RE = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?")
# "9", "09:00", "14.30", "9am", "9:30pm", "9u", "9u30", "9h30"
_CLOCK_RE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?|(\d{1,2})[uh](\d{2})?")
_MILITARY_RE = re.compile(r"(\d{1,2})(\d{2})")  # "0930", "1400": only after at/om
_TIMEISH_RE = re.compile(r"\d+(?:[:.]\d+)?(?:am|pm|a\.m\.|p\.m\.|[uh]\d*)?")
_EXPLICIT_TIME_RE = re.compile(r"\d{1,2}(?::\d+|\.\d{2}|[uh]\d*|(?::\d{2})?(?:am|pm))")
_ATTACHED_DURATION_RE = re.compile(
    r"(\d{1,3}(?:[.,]\d{1,2})?)(min|mins|minutes|minuten|m|h|hr|hrs|hours|hour|u|uur)"
)
_HOURS_MINUTES_RE = re.compile(r"(\d{1,2})[hu](\d{1,2})m?")


def _weekday(token: str) -> int | None:
    token = token.rstrip(".")
    if token in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[token]
    # Plurals: "mondays", "maandags" ('s maandags), "maandagen".
    for suffix in ("s", "en"):
        stem = token.removesuffix(suffix)
        if stem != token and len(stem) > 3 and stem in WEEKDAY_NAMES:
            return WEEKDAY_NAMES[stem]
    return None


def _count(token: str) -> int | None:
    if _INT_RE.fullmatch(token):
        return int(token)
    return _NUMBER_WORDS.get(token)


def _tokenize(text: str) -> list[str]:
    text = text.replace("(", " ").replace(")", " ")
    text = re.sub(r"(?<!\d),|,(?!\d)", " ", text)  # keep the decimal comma of "1,5 uur"
    text = text.replace("@", " @ ")
    tokens = text.split()
    if tokens and tokens[-1].endswith(".") and not tokens[-1].endswith("m."):
        tokens[-1] = tokens[-1][:-1]  # a full stop, but keep "p.m."
        if not tokens[-1]:
            tokens.pop()
    return tokens


# ------------------------------------------------------------------------------ parser


class _Phrase:
    """What one phrase of the rule said; only the fields it sets are not None."""

    def __init__(self, size: int, **fields: object) -> None:
        self.size = size
        self.fields = fields


class _RuleParser:
    def __init__(self, raw: list[str]) -> None:
        self.raw = raw
        self.low = [token.lower() for token in raw]
        self.values: dict[str, Any] = {}
        self.unknown: list[str] = []
        self.nth_word: str | None = None

    def tok(self, index: int) -> str:
        return self.low[index] if index < len(self.low) else ""

    # -- phrases -------------------------------------------------------------------

    def year(self, i: int) -> _Phrase | None:
        j = i + 1 if self.tok(i) in _YEAR_PREFIXES else i
        if _YEAR_RE.fullmatch(self.tok(j)):
            return _Phrase(j + 1 - i, year=int(self.tok(j)))
        return None

    def frequency(self, i: int) -> _Phrase | None:
        word = self.tok(i)
        if word in _FREQ_ADVERBS:
            freq, interval = _FREQ_ADVERBS[word]
            return _Phrase(1, freq=freq, interval=interval)
        if word in _EVERY:
            return self._every(i)
        if word == "om" and self.tok(i + 1) == "de":
            # "om de week" = every other week, "om de 3 weken", "om de andere week"
            j = i + 2
            interval = 2
            if self.tok(j) in _OTHER:
                j += 1
            elif _count(self.tok(j)) is not None:
                interval = _count(self.tok(j)) or 0
                j += 1
            unit = self._unit(j)
            if unit is not None:
                return _Phrase(j + 1 - i, freq=unit, interval=interval)
            day = _weekday(self.tok(j))
            if day is not None and j > i + 2:  # "om de andere maandag", "om de 2 maandagen"
                return _Phrase(j + 1 - i, freq="weekly", interval=interval, weekday=day)
            return None
        return None

    def _every(self, i: int) -> _Phrase | None:
        j = i + 1
        # "every first tuesday (of the month)", "every last friday"
        if self.tok(j) in _ORDINALS and _weekday(self.tok(j + 1)) is not None:
            end = self._month_suffix(j + 2)
            self.nth_word = self.raw[j]
            return _Phrase(
                end - i,
                freq="monthly",
                interval=1,
                nth=_ORDINALS[self.tok(j)],
                weekday=_weekday(self.tok(j + 1)),
            )
        interval = 1
        if self.tok(j) in _OTHER or (self.tok(j) in ("second", "tweede") and self._unit(j + 1)):
            interval, j = 2, j + 1
        elif _count(self.tok(j)) is not None:
            interval, j = _count(self.tok(j)) or 0, j + 1
        unit = self._unit(j)
        if unit is not None:
            return _Phrase(j + 1 - i, freq=unit, interval=interval)
        day = _weekday(self.tok(j))
        if day is not None:  # "every monday", "every other monday", "elke 2 maandagen"
            return _Phrase(j + 1 - i, freq="weekly", interval=interval, weekday=day)
        return None

    def _unit(self, j: int) -> str | None:
        if self.tok(j) in _WEEK_UNITS:
            return "weekly"
        if self.tok(j) in _MONTH_UNITS:
            return "monthly"
        return None

    def _month_suffix(self, j: int) -> int:
        """The index after an optional "of the month" / "van de maand" at ``j``."""
        if (
            self.tok(j) in _OF
            and self.tok(j + 1) in _MONTH_DETERMINERS
            and self.tok(j + 2) in _MONTH_UNITS
        ):
            return j + 3
        return j

    def weekday(self, i: int) -> _Phrase | None:
        j = i
        if self.tok(j) in _ON:
            j += 1
        if self.tok(j) in _THE:
            j += 1
        nth = None
        if self.tok(j) in _ORDINALS:
            nth, ordinal_index = _ORDINALS[self.tok(j)], j
            j += 1
        day = _weekday(self.tok(j))
        if day is None:
            return None
        if nth is None:
            return _Phrase(j + 1 - i, weekday=day)
        self.nth_word = self.raw[ordinal_index]
        return _Phrase(self._month_suffix(j + 1) - i, weekday=day, nth=nth)

    def clock(self, i: int) -> _Phrase | None:
        prefixed = self.tok(i) in _TIME_PREFIXES
        j = i + 1 if prefixed else i
        token = self.tok(j)
        if prefixed:
            if not token[:1].isdigit():
                return None  # "at noon": left for unknown_words
        elif not (_EXPLICIT_TIME_RE.fullmatch(token) or re.search(r"\d[-–]\d", token)):
            return None
        parts = re.split(r"[-–]", token)
        if len(parts) == 2 and all(parts):  # "9:00-10:30"
            start = _parse_time(parts[0], text=self.raw[j])
            end = _parse_time(parts[1], text=self.raw[j])
            if start is None or end is None:
                if not prefixed:
                    return None
                raise CalendarError("bad_time", text=self.raw[j])
            return _Phrase(j + 1 - i, at=start, duration=_span(start, end))
        start, after = self._time_at(j)
        if start is None:
            if not prefixed:
                return None
            raise CalendarError("bad_time", text=self.raw[j])
        if self.tok(after) in _RANGE_WORDS and self.tok(after + 1)[:1].isdigit():
            end, after_end = self._time_at(after + 1)
            if end is None:
                raise CalendarError("bad_time", text=self.raw[after + 1])
            return _Phrase(after_end - i, at=start, duration=_span(start, end))
        return _Phrase(after - i, at=start)

    def _time_at(self, j: int) -> tuple[time | None, int]:
        """A time starting at token ``j`` ("9", "9 am", "9 uur", "14:30") and the index
        after it; None when the word is no time at all."""
        token = self.tok(j)
        nxt = self.tok(j + 1)
        if nxt in _MERIDIEMS and re.fullmatch(r"\d{1,2}(?::\d{2})?", token):
            text = " ".join(self.raw[j : j + 2])
            return _parse_time(token + _MERIDIEMS[nxt], text=text), j + 2
        if nxt in _OCLOCK and re.fullmatch(r"\d{1,2}", token):
            text = " ".join(self.raw[j : j + 2])
            return _parse_time(token, text=text), j + 2
        return _parse_time(token, text=self.raw[j]), j + 1

    def duration(self, i: int) -> _Phrase | None:
        prefixed = self.tok(i) in _DURATION_PREFIXES
        j = i + 1 if prefixed else i
        found = self._amount(j, bare_minutes=prefixed)
        if found is None:
            return None
        minutes, end = found
        if not MIN_DURATION <= minutes <= MAX_DURATION:
            raise CalendarError("bad_duration", minutes=minutes, min=MIN_DURATION, max=MAX_DURATION)
        return _Phrase(end - i, duration=minutes)

    def _amount(self, j: int, *, bare_minutes: bool) -> tuple[int, int] | None:
        """(minutes, index after) for "90 min", "1,5 uur", "1h30", "half an hour", ..."""
        t0, t1, t2 = self.tok(j), self.tok(j + 1), self.tok(j + 2)
        if t0 == "half" and t1 in ("an", "a") and t2 in ("hour", "hr"):
            return 30, j + 3
        if t0 in ("een", "a") and t1 == "half" and t2 in _HOUR_UNITS:
            return 30, j + 3
        if t0 == "half" and t1 in _HOUR_UNITS:
            return 30, j + 2
        if t0 in ("halfuur", "half-hour"):
            return 30, j + 1
        if t0 == "anderhalf" and t1 in _HOUR_UNITS:
            return 90, j + 2
        match = _HOURS_MINUTES_RE.fullmatch(t0)
        if match:
            return int(match[1]) * 60 + int(match[2]), j + 1
        match = _ATTACHED_DURATION_RE.fullmatch(t0)
        if match:
            number, unit, end = match[1], match[2], j + 1
        elif _DECIMAL_RE.fullmatch(t0) or t0 in _NUMBER_WORDS or t0 in ("a", "an"):
            number, unit, end = t0, t1, j + 2
            if unit not in _HOUR_UNITS and unit not in _MINUTE_UNITS:
                if bare_minutes and _INT_RE.fullmatch(t0):
                    return int(t0), j + 1  # "for 90"
                return None
        else:
            return None
        if number in ("a", "an"):
            value = 1.0
        elif number in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[number])
        else:
            value = float(number.replace(",", "."))
        if unit in _MINUTE_UNITS:
            return round(value), end
        minutes = round(value * 60)
        # "1 hour 30 minutes", "1 uur en 30 minuten"
        k = end + 1 if self.tok(end) in _AND else end
        if _INT_RE.fullmatch(self.tok(k)) and self.tok(k + 1) in _MINUTE_UNITS:
            return minutes + int(self.tok(k)), k + 2
        return minutes, end

    def filler(self, i: int) -> _Phrase | None:
        if i == 0 and self.tok(i) == "plan":
            return _Phrase(1)
        return None

    # -- driver --------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        matchers = (
            self.filler,
            self.year,
            self.frequency,
            self.weekday,
            self.clock,
            self.duration,
        )
        i = 0
        while i < len(self.low):
            for matcher in matchers:
                phrase = matcher(i)
                if phrase is not None:
                    break
            if phrase is None:
                self.unknown.append(self.raw[i])
                i += 1
                continue
            if any(self.values.get(key) is not None for key in phrase.fields):
                # Said twice ("on monday ... on thursday"): not understood.
                self.unknown.extend(self.raw[i : i + phrase.size])
            else:
                self.values.update(phrase.fields)
            i += phrase.size
        return self.values


def _parse_time(token: str, *, text: str) -> time | None:
    """One time word ("9", "09:00", "14.30", "9pm", "9u30", "0930"); None when it is no
    time at all, bad_time (with ``text``) when it looks like one but is invalid."""
    if match := _CLOCK_RE.fullmatch(token):
        if match[4] is not None:  # 9u30 / 9h30
            return _clock(int(match[4]), int(match[5] or 0), None, text)
        meridiem = _MERIDIEMS[match[3]] if match[3] else None
        return _clock(int(match[1]), int(match[2] or 0), meridiem, text)
    if match := _MILITARY_RE.fullmatch(token):
        return _clock(int(match[1]), int(match[2]), None, text)
    if _TIMEISH_RE.fullmatch(token):
        raise CalendarError("bad_time", text=text)
    return None


def _clock(hour: int, minute: int, meridiem: str | None, text: str) -> time:
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise CalendarError("bad_time", text=text)
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CalendarError("bad_time", text=text)
    return time(hour, minute)


def _span(start: time, end: time) -> int:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise CalendarError("bad_duration", minutes=minutes, min=MIN_DURATION, max=MAX_DURATION)
    return minutes


def parse_plan_rule(text: str, *, today: date) -> PlanRule:
    """Parse the rule of ``/meetings plan <rule>``, e.g. ``2027 every 2 weeks on monday at
    09:00 for 60 minutes`` or ``2027 maandelijks op de laatste vrijdag om 16u``.

    Raises CalendarError; see the class for the codes. Words that are not understood are
    reported (``unknown_words``) before anything that is missing.
    """
    raw = _tokenize((text or "").strip())
    if raw and raw[0].lower() == "plan":
        raw = raw[1:]
    if not raw:
        raise CalendarError("empty")
    parser = _RuleParser(raw)
    values = parser.run()
    if parser.unknown:
        raise CalendarError("unknown_words", words=", ".join(parser.unknown))

    year = values.get("year")
    if year is None:
        raise CalendarError("no_year")
    if year < today.year:
        raise CalendarError("year_in_past", year=year, current=today.year)
    if year > today.year + MAX_YEARS_AHEAD:
        raise CalendarError("year_too_far", year=year, max=today.year + MAX_YEARS_AHEAD)

    nth = values.get("nth")
    freq = values.get("freq")
    interval = values.get("interval", 1)
    if freq is None:
        if nth is None:
            raise CalendarError("no_frequency")
        freq = "monthly"  # "2027 on the first tuesday at 9"
    if not 1 <= interval <= _max_interval(freq):
        raise CalendarError("bad_interval", interval=interval, max=_max_interval(freq))

    day = values.get("weekday")
    if day is None:
        raise CalendarError("no_weekday")
    if freq == "monthly" and nth is None:
        raise CalendarError("no_nth")
    if freq == "weekly" and nth is not None:
        raise CalendarError("unknown_words", words=parser.nth_word)

    at = values.get("at")
    if at is None:
        raise CalendarError("no_time")
    duration = values.get("duration", DEFAULT_DURATION)
    return PlanRule(
        year=year,
        freq=freq,
        interval=interval,
        weekday=day,
        nth=nth,
        at=at,
        duration_minutes=duration,
    )


# -------------------------------------------------------------------------------- days

_MONTH_NAMES = {
    "january": 1,
    "januari": 1,
    "jan": 1,
    "february": 2,
    "februari": 2,
    "feb": 2,
    "march": 3,
    "maart": 3,
    "mar": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "mei": 5,
    "june": 6,
    "juni": 6,
    "jun": 6,
    "july": 7,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oktober": 10,
    "oct": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_RELATIVE_DAYS = {"today": 0, "vandaag": 0, "tomorrow": 1, "morgen": 1}
_DAY_SUFFIX = r"(?:st|nd|rd|th|e|ste|de)?"
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
_DAY_MONTH_RE = re.compile(rf"(\d{{1,2}}){_DAY_SUFFIX}\.? ([a-z]+)\.?(?: (\d{{4}}))?")
_MONTH_DAY_RE = re.compile(rf"([a-z]+)\.? (\d{{1,2}}){_DAY_SUFFIX}(?: (\d{{4}}))?")


def parse_day(text: str, *, today: date, allow_past: bool = False) -> date:
    """Parse one day: "2027-03-08", "8-3-2027", "08/03/2027", "8.3.27" (always day first),
    "8 march 2027", "8 maart 2027", "8 mrt", "March 8, 2027", "today", "morgen". A
    leading weekday ("ma 8 mrt") must match the date.

    Without a year the next such day on or after ``today`` is meant. Raises
    CalendarError bad_date (also for a year before last year or more than
    DAY_YEARS_AHEAD ahead), or date_in_past (date) for a day before ``today`` unless
    ``allow_past``.
    """
    original = " ".join((text or "").split())
    cleaned = re.sub(r"\s+", " ", original.lower().replace(",", " ")).strip()
    words = cleaned.split(" ")
    said_weekday = _weekday(words[0]) if len(words) > 1 else None
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


# ---------------------------------------------------------------------------- holidays


def _country(country: str) -> str:
    return (country or "").strip().upper()


@lru_cache(maxsize=64)
def _holiday_map(country: str, year: int, language: str | None) -> MappingProxyType[date, str]:
    """The public holidays of ``year`` and the next, {day: name}; bad_country if unknown."""
    if not country:
        raise CalendarError("bad_country", country=country)
    try:
        found = holidays.country_holidays(country, years=[year, year + 1], language=language)
    except NotImplementedError:
        raise CalendarError("bad_country", country=country) from None
    return MappingProxyType(dict(found.items()))


def is_working_day(day: date, *, holidays_country: str = "NL") -> bool:
    """Monday to Friday and not a public holiday in ``holidays_country``."""
    return day.weekday() < 5 and day not in _holiday_map(_country(holidays_country), day.year, None)


# No country has a fortnight of weekends and public holidays in a row; a guard against a loop.
_MAX_DAYS_OFF = 14


def previous_working_day(day: date, *, holidays_country: str = "NL") -> date:
    """``day`` when it is a working day, else the last working day before it (Saturday 2
    January 2027 in NL: Thursday 31 December 2026, New Year's Day being a holiday)."""
    for back in range(_MAX_DAYS_OFF + 1):
        candidate = day - timedelta(days=back)
        if is_working_day(candidate, holidays_country=holidays_country):
            return candidate
    return day


def next_working_day(day: date, *, holidays_country: str = "NL") -> date:
    """``day`` when it is a working day, else the first working day after it."""
    for ahead in range(_MAX_DAYS_OFF + 1):
        candidate = day + timedelta(days=ahead)
        if is_working_day(candidate, holidays_country=holidays_country):
            return candidate
    return day


def first_working_day(year: int, *, holidays_country: str = "NL") -> date:
    """The first working day of ``year`` (2027 in NL: Monday 4 January)."""
    return next_working_day(date(year, 1, 1), holidays_country=holidays_country)


# ---------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class PlannedDate:
    starts_at: datetime  # aware, in the generator's ZoneInfo
    ends_at: datetime
    rule_date: date  # the day the rule produced
    holiday: str | None  # the holiday on rule_date when the meeting was moved away from it

    @property
    def moved(self) -> bool:
        return self.starts_at.date() != self.rule_date


@dataclass(frozen=True)
class CalendarPreview:
    rule: PlanRule
    dates: list[PlannedDate]  # the meetings to hold, sorted
    skipped: list[tuple[date, str]]  # (rule date, holiday name): not held
    dropped_past: int  # rule dates before not_before (planning the current year mid-year)


def _local_start(day: date, at: time, tz: ZoneInfo) -> datetime:
    naive_local = datetime.combine(day, at, tzinfo=tz)
    # Round trip through UTC: a wall-clock time in the DST gap (02:30 on the last Sunday
    # of March) becomes the real instant (03:30 CEST); all other times are unchanged.
    return naive_local.astimezone(UTC).astimezone(tz)


def _rule_days(rule: PlanRule) -> list[date]:
    first = date(rule.year, 1, 1)
    last = datetime(rule.year, 12, 31)
    if rule.freq == "weekly":
        # Start at the first such weekday of the year: WEEKLY counts intervals from the
        # week of dtstart, so starting on 1 January could skip the first week.
        first += timedelta(days=(rule.weekday - first.weekday()) % 7)
        series = rrule(
            WEEKLY,
            interval=rule.interval,
            byweekday=rule.weekday,
            dtstart=datetime.combine(first, time()),
            until=last,
        )
    else:
        series = rrule(
            MONTHLY,
            interval=rule.interval,
            byweekday=rrule_weekday(rule.weekday, rule.nth),
            dtstart=datetime.combine(first, time()),
            until=last,
        )
    return [moment.date() for moment in series]


def generate_calendar(
    rule: PlanRule,
    *,
    tz: ZoneInfo,
    holidays_country: str = "NL",
    holiday_policy: str = "move",
    not_before: datetime | None = None,
    holidays_language: str | None = None,
) -> CalendarPreview:
    """The meetings of ``rule.year`` at ``rule.at`` local time in ``tz``.

    A meeting on a public holiday of ``holidays_country`` is moved to the next working day
    (policy "move"), or dropped into ``skipped`` (policy "skip", or when the next working
    day is in the next year or already has a meeting). Weekends are no reason to move a
    meeting: a rule on Saturday is the admin's choice. ``not_before`` (aware) drops the
    meetings that would start before it, counted in ``dropped_past``; holidays before it
    are counted there too rather than reported as skipped. Holiday names are in
    ``holidays_language`` ("nl", "fr", "en_US"; the country's own default when None or
    unsupported).
    """
    if holiday_policy not in HOLIDAY_POLICIES:
        raise ValueError(
            f"holiday_policy must be one of {HOLIDAY_POLICIES}, not {holiday_policy!r}"
        )
    if not_before is not None and not_before.utcoffset() is None:
        raise ValueError("not_before must be an aware datetime")
    days_off = _holiday_map(_country(holidays_country), rule.year, holidays_language)
    rule_days = _rule_days(rule)
    taken = {day for day in rule_days if day not in days_off}
    duration = timedelta(minutes=rule.duration_minutes)

    dates: list[PlannedDate] = []
    skipped: list[tuple[date, str]] = []
    dropped_past = 0
    for rule_day in rule_days:
        holiday = days_off.get(rule_day)
        target: date | None = rule_day
        if holiday is not None:
            target = None
            if holiday_policy == "move":
                moved = rule_day + timedelta(days=1)
                while moved.weekday() >= 5 or moved in days_off:
                    moved += timedelta(days=1)
                if moved.year == rule.year and moved not in taken:
                    target = moved
        if target is None:
            assert holiday is not None
            if not_before is not None and _local_start(rule_day, rule.at, tz) < not_before:
                dropped_past += 1
            else:
                skipped.append((rule_day, holiday))
            continue
        starts_at = _local_start(target, rule.at, tz)
        if not_before is not None and starts_at < not_before:
            dropped_past += 1
            continue
        taken.add(target)
        ends_at = (starts_at.astimezone(UTC) + duration).astimezone(tz)
        dates.append(PlannedDate(starts_at, ends_at, rule_day, holiday))

    dates.sort(key=lambda planned: planned.starts_at)
    return CalendarPreview(rule=rule, dates=dates, skipped=skipped, dropped_past=dropped_past)
