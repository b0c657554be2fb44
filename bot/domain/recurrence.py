"""The one recurrence rule of meetings and 1:1s ("every N weeks on a weekday" or "every N months
on the nth weekday", at a wall-clock time, for a duration), the words it is typed in
(``read_rule``) and its days. Pure Python (plus python-dateutil): no Slack, no database.

Decisions on ambiguous input (pinned by tests/test_calendar_domain.py):

* The parts of a rule may come in any order; the year is a separate four-digit word
  (``2027`` or ``in 2027``). Every word that is not understood is reported back with
  ``unknown_words`` rather than ignored, so a typo never silently changes the plan.
* ``om de week`` / ``om de maand`` mean every *other* week / month (as ``every other
  week``); ``om de 2 weken`` means every 2 weeks. Note that in Flanders ``om de week``
  is also heard as "every week": ``Recurrence.describe`` spells the reading out, so the
  user can check it before confirming.
* ``every monday`` / ``elke maandag`` is weekly; ``every other monday`` /
  ``om de andere maandag`` is every 2 weeks; ``every first tuesday (of the month)`` /
  ``elke eerste dinsdag (van de maand)`` is monthly - also ``every second tuesday``,
  which is the second Tuesday of every month, not every other Tuesday.
* A monthly rule needs an ordinal (``first``..``fourth`` or ``last``): ``every month on
  tuesday`` is ``no_nth``. An ordinal without a frequency (``on the first tuesday at
  9``) is monthly; an ordinal in a weekly rule is an unknown word.
* A bare number after ``at``/``om`` is an hour (``at 9``, ``om 14``); ``9u``, ``9u30``,
  ``9h30``, ``14.30``, ``9am`` and ``0930`` are times too. A time range (``at 9:00-10:30``,
  ``van 9u tot 10u30``) also gives the duration. A bare number after ``for``/``voor``
  is minutes (``for 90``).
* Times are local wall-clock times: 09:00 stays 09:00 across daylight saving time. A time
  that does not exist on a DST start day (02:30) becomes the instant the clock shows 03:30.
* A series starts on a first day: its first day is the first one on or after it that
  matches the rule, and the interval counts from there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Self, TypeVar
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekday as rrule_weekday

from bot.domain.days import CalendarError, weekday_of, word_numbers
from bot.domain.errors import UserError
from bot.domain.schedule import local_moment

MIN_DURATION = 15
MAX_DURATION = 480
MAX_WEEKLY_INTERVAL = 8
MAX_MONTHLY_INTERVAL = 6
STORED_COLUMNS = ("freq", "interval", "weekday", "nth", "at_minutes", "duration_minutes")

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_ORDINALS_NL = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}


def max_interval(freq: str) -> int:
    """The largest N of "every N weeks" (8) or "every N months" (6)."""
    return MAX_WEEKLY_INTERVAL if freq == "weekly" else MAX_MONTHLY_INTERVAL


# -------------------------------------------------------------------------------- rule

R = TypeVar("R", bound="Recurrence")


@dataclass(frozen=True)
class Recurrence:
    """A rule of meetings or 1:1s. Each feature adds its own in a subclass: the meetings' year
    (``meetings.PlanRule``), a default duration and the error its handler answers."""

    freq: str  # "weekly" | "monthly"
    interval: int  # every N weeks (1..8) / months (1..6)
    weekday: int  # 0=Monday .. 6=Sunday
    nth: int | None  # monthly only: 1..4, or -1 for the last one of the month
    at: time  # local wall-clock time
    duration_minutes: int

    # The user error a bad interval or duration raises: the feature's own, so that its
    # handler answers it with its own texts.
    error_type: ClassVar[type[UserError]] = CalendarError

    def __post_init__(self) -> None:
        if self.freq not in ("weekly", "monthly"):
            raise ValueError(f"freq must be 'weekly' or 'monthly', not {self.freq!r}")
        if not 1 <= self.interval <= max_interval(self.freq):
            raise self.error_type(
                "bad_interval", interval=self.interval, max=max_interval(self.freq)
            )
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, not {self.weekday!r}")
        if self.freq == "monthly" and self.nth not in (1, 2, 3, 4, -1):
            raise ValueError(f"a monthly rule needs nth 1..4 or -1, not {self.nth!r}")
        if self.freq == "weekly" and self.nth is not None:
            raise ValueError("a weekly rule has no nth")
        if not MIN_DURATION <= self.duration_minutes <= MAX_DURATION:
            raise self.error_type(
                "bad_duration", minutes=self.duration_minutes, min=MIN_DURATION, max=MAX_DURATION
            )

    # -- the stored form -----------------------------------------------------------------

    @classmethod
    def stored(cls, *, at_minutes: int, **columns: Any) -> Self:
        """The rule as a database row keeps it (a 1:1 series, a manager request, a meeting plan):
        the columns of `to_stored`, and a subclass's own fields (a plan's ``year``)."""
        return cls(at=time(at_minutes // 60, at_minutes % 60), **columns)

    @classmethod
    def of_row(cls, row: Any, **extra: Any) -> Self:
        """The rule a database row keeps in the columns of `to_stored`."""
        return cls.stored(**{name: getattr(row, name) for name in STORED_COLUMNS}, **extra)

    def to_stored(self) -> dict[str, Any]:
        """The columns a database row keeps the rule in (the inverse of `stored`)."""
        return {
            "freq": self.freq,
            "interval": self.interval,
            "weekday": self.weekday,
            "nth": self.nth,
            "at_minutes": self.at.hour * 60 + self.at.minute,
            "duration_minutes": self.duration_minutes,
        }

    # -- words ---------------------------------------------------------------------------

    def describe(self, lang: str) -> str:
        """The rule in words, without a year, that parses back to it: "every 2 weeks on Monday at
        09:00 (60 minutes)"; Dutch for a Dutch ``lang`` ("nl", "nl-BE"), else English."""
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

    # -- days and times ------------------------------------------------------------------

    def _rrule(
        self, start: date, *, interval: int, count: int | None = None, until: date | None = None
    ) -> rrule:
        return rrule(
            WEEKLY if self.freq == "weekly" else MONTHLY,
            interval=interval,
            byweekday=rrule_weekday(self.weekday, self.nth),
            dtstart=datetime.combine(start, time()),
            count=count,
            until=None if until is None else datetime.combine(until, time()),
        )

    def first_day_from(self, start: date) -> date:
        """The first day on or after ``start`` that matches the rule."""
        return self._rrule(start, interval=1, count=1)[0].date()

    def days(self, *, first_day: date, since: date, until: date) -> list[date]:
        """The days in [since, until] of the series that starts on ``first_day``: its first
        day is the first match on or after ``first_day``, and the interval counts from there.
        Only the days in the window are computed, however long the series has been running."""
        first = self.first_day_from(first_day)
        since = max(since, first)
        if until < since:
            return []
        # Start the rrule at the first of its steps that can reach `since`. A weekly rrule
        # counts its interval from its start's week, and a monthly one from its start's month.
        if self.freq == "weekly":
            step = 7 * self.interval
            start = first + timedelta(days=-(-(since - first).days // step) * step)
        else:
            months = _month_index(since) - _month_index(first)
            index = _month_index(first) + -(-months // self.interval) * self.interval
            start = date(index // 12, index % 12 + 1, 1)
        series = self._rrule(start, interval=self.interval, until=until)
        return [moment.date() for moment in series if moment.date() >= since]

    def starts_on(self, day: date, tz: ZoneInfo) -> datetime:
        """The start on ``day`` (aware, in ``tz``); a time in the spring-forward gap becomes
        the real instant."""
        return local_moment(day, self.at, tz)

    def ends(self, starts_at: datetime, tz: ZoneInfo) -> datetime:
        """The end of an occurrence that starts at ``starts_at`` (the duration in real time)."""
        ends_at = starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)
        return ends_at.astimezone(tz)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


# ----------------------------------------------------------------------------- words

_NUMBER_WORDS = word_numbers(
    "one een één",
    "two twee",
    "three drie",
    "four vier",
    "five vijf",
    "six zes",
    "seven zeven",
    "eight acht",
    "nine negen",
    "ten tien",
    "eleven elf",
    "twelve twaalf",
    start=1,
)
_ORDINALS = {
    **word_numbers(
        "first 1st eerste 1e 1ste",
        "second 2nd tweede 2e 2de",
        "third 3rd derde 3e 3de",
        "fourth 4th vierde 4e 4de",
        start=1,
    ),
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
            # "om de andere maandag", "om de 2 maandagen"; not "om de maandag"
            return self._unit_or_weekday(i, j, interval, weekday=j > i + 2)
        return None

    def _every(self, i: int) -> _Phrase | None:
        j = i + 1
        # "every first tuesday (of the month)", "every last friday"
        if self.tok(j) in _ORDINALS and (day := weekday_of(self.tok(j + 1))) is not None:
            self.nth_word, nth = self.raw[j], _ORDINALS[self.tok(j)]
            return _Phrase(
                self._month_suffix(j + 2) - i, freq="monthly", interval=1, nth=nth, weekday=day
            )
        interval = 1
        if self.tok(j) in _OTHER or (self.tok(j) in ("second", "tweede") and self._unit(j + 1)):
            interval, j = 2, j + 1
        elif _count(self.tok(j)) is not None:
            interval, j = _count(self.tok(j)) or 0, j + 1
        # "every week", "every monday", "every other monday", "elke 2 maandagen"
        return self._unit_or_weekday(i, j, interval)

    def _unit_or_weekday(
        self, i: int, j: int, interval: int, *, weekday: bool = True
    ) -> _Phrase | None:
        """The unit (or, with ``weekday``, the weekday) at ``j`` of the phrase begun at ``i``."""
        unit = self._unit(j)
        if unit is not None:
            return _Phrase(j + 1 - i, freq=unit, interval=interval)
        day = weekday_of(self.tok(j))
        if day is not None and weekday:
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
        day = weekday_of(self.tok(j))
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
        token, nxt = self.tok(j), self.tok(j + 1)
        if (nxt in _MERIDIEMS and re.fullmatch(r"\d{1,2}(?::\d{2})?", token)) or (
            nxt in _OCLOCK and re.fullmatch(r"\d{1,2}", token)
        ):
            text = " ".join(self.raw[j : j + 2])
            return _parse_time(token + _MERIDIEMS.get(nxt, ""), text=text), j + 2
        return _parse_time(token, text=self.raw[j]), j + 1

    def duration(self, i: int) -> _Phrase | None:
        prefixed = self.tok(i) in _DURATION_PREFIXES
        j = i + 1 if prefixed else i
        found = self._amount(j, bare_minutes=prefixed)
        if found is None:
            return None
        minutes, end = found
        return _Phrase(end - i, duration=_checked(minutes))

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
        matchers = (self.filler, self.year, self.frequency, self.weekday, self.clock, self.duration)
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
    return _checked((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


def _checked(minutes: int) -> int:
    """``minutes`` when a meeting may last that long; else CalendarError bad_duration."""
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise CalendarError("bad_duration", minutes=minutes, min=MIN_DURATION, max=MAX_DURATION)
    return minutes


# --------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class RuleWords:
    """What a typed rule said (``read_rule``): the phrases' values and the ordinal's word."""

    values: Mapping[str, Any]
    nth_word: str | None

    @property
    def year(self) -> int | None:
        return self.values.get("year")

    def rule(self, kind: type[R], *, default_duration: int, **extra: Any) -> R:
        """The rule of ``kind`` (``extra``: its own fields), ``default_duration`` minutes
        long when no duration was said. Raises CalendarError for what is missing or wrong:
        no_frequency, bad_interval, no_weekday, no_nth, unknown_words (an ordinal in a
        weekly rule), no_time; in that order."""
        nth = self.values.get("nth")
        freq = self.values.get("freq")
        interval = self.values.get("interval", 1)
        if freq is None:
            if nth is None:
                raise CalendarError("no_frequency")
            freq = "monthly"  # "on the first tuesday at 9"
        if not 1 <= interval <= max_interval(freq):
            raise CalendarError("bad_interval", interval=interval, max=max_interval(freq))

        day = self.values.get("weekday")
        if day is None:
            raise CalendarError("no_weekday")
        if freq == "monthly" and nth is None:
            raise CalendarError("no_nth")
        if freq == "weekly" and nth is not None:
            raise CalendarError("unknown_words", words=self.nth_word)

        at = self.values.get("at")
        if at is None:
            raise CalendarError("no_time")
        duration = self.values.get("duration", default_duration)
        return kind(freq, interval, day, nth, at, duration, **extra)


def read_rule(text: str) -> RuleWords:
    """Read the words of a rule, e.g. ``2027 every 2 weeks on monday at 09:00 for 60
    minutes`` or ``maandelijks op de laatste vrijdag om 16u`` (a leading ``plan`` is the
    subcommand's word). Raises CalendarError empty, unknown_words (reported before anything
    that is missing), or bad_time / bad_duration for a time or duration that is wrong."""
    raw = _tokenize((text or "").strip())
    if raw and raw[0].lower() == "plan":
        raw = raw[1:]
    if not raw:
        raise CalendarError("empty")
    parser = _RuleParser(raw)
    values = parser.run()
    if parser.unknown:
        raise CalendarError("unknown_words", words=", ".join(parser.unknown))
    return RuleWords(values, parser.nth_word)
