"""Recurring 1:1 conversations between a manager and a rep: ``/oneonone @rep <rule>``.

Pure Python (plus python-dateutil through ``calendar``): no Slack and no database code.

The rule is written like a sales-meeting rule without the year: ``@anna every 2 weeks on
tuesday at 10:00 for 45 minutes`` or ``@anna om de 2 weken op dinsdag om 10u``; it is read
by ``calendar.parse_plan_rule`` (see there for the accepted phrases), so both commands
understand the same words.

Decisions (pinned by tests/test_oneonone_domain.py):

* Slack sends a mention escaped as ``<@U123ABC|anna>`` or ``<@U123ABC>``. The rule needs
  exactly one user: none is ``no_user`` (checked before the rule, so ``@anna`` typed as
  plain text is reported as a missing user rather than an unknown word), two different
  users are ``several_users``; the same user mentioned twice is one user.
* A rule without a duration lasts DEFAULT_DURATION (30) minutes, not the 60 of a sales
  meeting. A year in the rule is an unknown word: a 1:1 series has no end.
* A series starts on ``first_day``: its first occurrence is the first day on or after
  ``first_day`` that matches the rule, and the interval counts from there ("every 2 weeks"
  from a Thursday ``first_day`` with a Tuesday rule: the next Tuesday, then every other
  Tuesday). The same holds for months: "every 2 months on the first tuesday" starts at the
  first such Tuesday on or after ``first_day``.
* An occurrence is identified for life by the rule's date (``Occurrence.day``): skips and
  moves are keyed by it. A moved occurrence shows at its new time and is in a window by
  that time; a day that is both skipped and moved is skipped. Moves of days the rule does
  not produce (after the rule changed) are ignored.
* Times are wall-clock times in the manager's time zone: 10:00 stays 10:00 across daylight
  saving time; a time in the spring-forward gap (02:30) becomes the instant the clock
  shows 03:30.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.calendar import (
    MAX_DURATION,
    MAX_MONTHLY_INTERVAL,
    MAX_WEEKLY_INTERVAL,
    MIN_DURATION,
    CalendarError,
    PlanRule,
    parse_plan_rule,
)
from bot.domain.schedule import local_moment

DEFAULT_DURATION = 30
LOOKAHEAD = timedelta(days=2 * 366)  # how far next_occurrence looks

# "<@U123ABC>" or "<@U123ABC|anna>" (user ids start with U, or W in Enterprise Grid).
_MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class OneOnOneError(ValueError):
    """A user error in 1:1 input; ``code`` selects the message, ``params`` fill it in.

    Codes: no_user, several_users, and the codes of ``calendar.CalendarError`` that a rule
    without a year can give, with the same params: empty (a mention without a rule),
    no_frequency, bad_interval (interval, max), no_weekday, no_nth, no_time, bad_time (text),
    bad_duration (minutes, min, max), unknown_words (words).
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code} ({detail})" if detail else code)


def _max_interval(freq: str) -> int:
    return MAX_WEEKLY_INTERVAL if freq == "weekly" else MAX_MONTHLY_INTERVAL


@dataclass(frozen=True)
class OneOnOneRule:
    freq: str  # "weekly" | "monthly"
    interval: int  # every N weeks (1..8) / months (1..6)
    weekday: int  # 0=Monday .. 6=Sunday
    nth: int | None  # monthly only: 1..4, or -1 for the last one of the month
    at: time  # wall-clock time in the manager's time zone
    duration_minutes: int = DEFAULT_DURATION

    def __post_init__(self) -> None:
        if self.freq not in ("weekly", "monthly"):
            raise ValueError(f"freq must be 'weekly' or 'monthly', not {self.freq!r}")
        if not 1 <= self.interval <= _max_interval(self.freq):
            raise OneOnOneError(
                "bad_interval", interval=self.interval, max=_max_interval(self.freq)
            )
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, not {self.weekday!r}")
        if self.freq == "monthly" and self.nth not in (1, 2, 3, 4, -1):
            raise ValueError(f"a monthly rule needs nth 1..4 or -1, not {self.nth!r}")
        if self.freq == "weekly" and self.nth is not None:
            raise ValueError("a weekly rule has no nth")
        if not MIN_DURATION <= self.duration_minutes <= MAX_DURATION:
            raise OneOnOneError(
                "bad_duration", minutes=self.duration_minutes, min=MIN_DURATION, max=MAX_DURATION
            )

    @classmethod
    def stored(
        cls,
        *,
        freq: str,
        interval: int,
        weekday: int,
        nth: int | None,
        at_minutes: int,
        duration_minutes: int,
    ) -> OneOnOneRule:
        """The rule as a database row keeps it (a 1:1 series, a manager request)."""
        return cls(
            freq=freq,
            interval=interval,
            weekday=weekday,
            nth=nth,
            at=time(at_minutes // 60, at_minutes % 60),
            duration_minutes=duration_minutes,
        )

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

    def describe(self, lang: str) -> str:
        """The rule in words: "every 2 weeks on Tuesday at 10:00 (30 minutes)" or "om de 2
        weken op dinsdag om 10:00 (30 minuten)" (Dutch for any "nl" language or locale,
        English otherwise). The text parses back to the same rule."""
        return PlanRule(
            year=2000,  # not part of the description
            freq=self.freq,
            interval=self.interval,
            weekday=self.weekday,
            nth=self.nth,
            at=self.at,
            duration_minutes=self.duration_minutes,
        ).describe(lang)


# ------------------------------------------------------------------------------ parsing


def parse_mention(text: str) -> tuple[str | None, str]:
    """(user id, the rest of the text) for text with one escaped Slack mention; (None,
    text) without one. The rest has its whitespace collapsed. Raises OneOnOneError
    several_users when different users are mentioned."""
    text = text or ""
    users = list(dict.fromkeys(_MENTION_RE.findall(text)))
    if len(users) > 1:
        raise OneOnOneError("several_users")
    rest = " ".join(_MENTION_RE.sub(" ", text).split())
    return (users[0] if users else None), rest


def _parse_rule(rest: str, year: int, today: date) -> PlanRule:
    try:
        return parse_plan_rule(f"{year} {rest}", today=today)
    except CalendarError as error:
        raise OneOnOneError(error.code, **error.params) from None


def parse_oneonone(text: str, *, today: date) -> tuple[str, OneOnOneRule]:
    """(user id, rule) for ``<@U123|anna> every 2 weeks on tuesday at 10:00 [for 45
    minutes]`` or ``<@U123> om de 2 weken op dinsdag om 10u``. Raises OneOnOneError."""
    user, rest = parse_mention(text)
    if user is None:
        raise OneOnOneError("no_user")
    if not rest:
        raise OneOnOneError("empty")
    rule = _parse_rule(rest, today.year, today)
    # Did the user give a duration? Add one: it is accepted only when there was none (a
    # duration said twice is an unknown word), so the parser's own default plays no part.
    try:
        parse_plan_rule(f"{today.year} for {MIN_DURATION} minutes {rest}", today=today)
    except CalendarError:
        duration = rule.duration_minutes
    else:
        duration = DEFAULT_DURATION
    return user, OneOnOneRule(
        freq=rule.freq,
        interval=rule.interval,
        weekday=rule.weekday,
        nth=rule.nth,
        at=rule.at,
        duration_minutes=duration,
    )


# -------------------------------------------------------------------------- occurrences


@dataclass(frozen=True)
class Occurrence:
    day: date  # the rule's date: identifies the occurrence for life (skip/move keys)
    starts_at: datetime  # aware, in the series' time zone; the new time when moved
    ends_at: datetime
    moved: bool


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1..4, or -1 for the last) ``weekday`` of the month."""
    if nth == -1:
        last = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_occurrence(rule: OneOnOneRule, first_day: date) -> date:
    if rule.freq == "weekly":
        return first_day + timedelta(days=(rule.weekday - first_day.weekday()) % 7)
    assert rule.nth is not None
    candidate = _nth_weekday(first_day.year, first_day.month, rule.weekday, rule.nth)
    if candidate < first_day:
        index = _month_index(first_day) + 1
        candidate = _nth_weekday(index // 12, index % 12 + 1, rule.weekday, rule.nth)
    return candidate


def _is_rule_day(rule: OneOnOneRule, first: date, day: date) -> bool:
    if day < first:
        return False
    if rule.freq == "weekly":
        return (day - first).days % (7 * rule.interval) == 0
    assert rule.nth is not None
    return (_month_index(day) - _month_index(first)) % rule.interval == 0 and day == _nth_weekday(
        day.year, day.month, rule.weekday, rule.nth
    )


def _rule_days(rule: OneOnOneRule, first: date, since: date, until: date) -> list[date]:
    """The days of the series in [since, until], computed directly (no iteration from
    the start of the series)."""
    since = max(since, first)
    if until < since:
        return []
    days: list[date] = []
    if rule.freq == "weekly":
        step = 7 * rule.interval
        skip = -(-(since - first).days // step)  # ceil: whole steps to reach `since`
        day = first + timedelta(days=skip * step)
        while day <= until:
            days.append(day)
            day += timedelta(days=step)
        return days
    assert rule.nth is not None
    base = _month_index(first)
    index = base + -(-(_month_index(since) - base) // rule.interval) * rule.interval
    while index <= _month_index(until):
        day = _nth_weekday(index // 12, index % 12 + 1, rule.weekday, rule.nth)
        if since <= day <= until:
            days.append(day)
        index += rule.interval
    return days


def _aware(moment: datetime, name: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _ends(starts_at: datetime, rule: OneOnOneRule, tz: ZoneInfo) -> datetime:
    return (starts_at.astimezone(UTC) + timedelta(minutes=rule.duration_minutes)).astimezone(tz)


def occurrences(
    rule: OneOnOneRule,
    *,
    tz: ZoneInfo,
    first_day: date,
    start: datetime,
    end: datetime,
    skipped: Set[date] = frozenset(),
    moved: Mapping[date, datetime] | None = None,
) -> list[Occurrence]:
    """The occurrences of the series that start in [start, end) (aware datetimes), sorted
    by start time.

    ``skipped`` days (rule dates) are left out; ``moved`` maps a rule date to its new
    start (aware): that occurrence keeps its ``day`` and is in the window by its new time.
    Only the days in the window are computed, however long the series has been running.
    """
    _aware(start, "start")
    _aware(end, "end")
    moved = moved or {}
    first = _first_occurrence(rule, first_day)
    found: list[Occurrence] = []
    # The local start of a rule day is on that local date (a time in the DST gap moves
    # forward by an hour at most), so the window's local dates bound the candidates.
    since = start.astimezone(tz).date() - timedelta(days=1)
    until = end.astimezone(tz).date() + timedelta(days=1)
    for day in _rule_days(rule, first, since, until):
        if day in skipped or day in moved:
            continue
        starts_at = local_moment(day, rule.at, tz)
        if start <= starts_at < end:
            found.append(Occurrence(day, starts_at, _ends(starts_at, rule, tz), moved=False))
    for day, new_start in moved.items():
        _aware(new_start, "a moved start")
        if day in skipped or not _is_rule_day(rule, first, day):
            continue
        starts_at = new_start.astimezone(tz)
        if start <= starts_at < end:
            found.append(Occurrence(day, starts_at, _ends(starts_at, rule, tz), moved=True))
    found.sort(key=lambda occurrence: (occurrence.starts_at, occurrence.day))
    return found


def next_occurrence(
    rule: OneOnOneRule,
    *,
    tz: ZoneInfo,
    first_day: date,
    after: datetime,
    skipped: Set[date] = frozenset(),
    moved: Mapping[date, datetime] | None = None,
) -> Occurrence | None:
    """The first occurrence that starts after ``after`` (strictly), looking up to
    LOOKAHEAD (about two years) ahead; None when there is none in that time."""
    _aware(after, "after")
    found = occurrences(
        rule,
        tz=tz,
        first_day=first_day,
        start=after.astimezone(UTC) + timedelta(microseconds=1),
        end=after.astimezone(UTC) + LOOKAHEAD,
        skipped=skipped,
        moved=moved,
    )
    return found[0] if found else None
