"""Recurring 1:1s between a manager and a rep: ``/oneonone @rep <rule>``, read as a meeting rule
without a year (``recurrence.read_rule``), and the rule's occurrences. Pure Python.

Decisions (pinned by tests/test_oneonones_domain.py):

* The rule names exactly one user (none: ``no_user``, checked before the rule; two different
  users: ``several_users``). Without a duration a 1:1 lasts DEFAULT_DURATION minutes; a year in
  the rule is an unknown word (a series has no end).
* A series starts on ``first_day``: the first matching day on or after it, and the interval
  counts from there. An occurrence is identified for life by its rule date
  (``Occurrence.day``): skips and moves are keyed by it; a day both skipped and moved is
  skipped; moves of days the rule does not produce are ignored.
* Times are wall-clock times in the manager's zone (10:00 stays 10:00 across DST; a time in
  the spring-forward gap becomes the instant the clock shows an hour later).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import mentions
from bot.domain.days import CalendarError
from bot.domain.errors import UserError
from bot.domain.recurrence import Recurrence, read_rule

DEFAULT_DURATION = 30
LOOKAHEAD = timedelta(days=2 * 366)  # how far next_occurrence looks


class OneOnOneError(UserError):
    """A user error in 1:1 input: no_user, several_users, or the code of the
    ``days.CalendarError`` a rule without a year can give (with the same params)."""


@dataclass(frozen=True)
class OneOnOneRule(Recurrence):
    """The rule of a 1:1 series: no year (a series has no end), DEFAULT_DURATION long unless
    said, and a bad field is a OneOnOneError."""

    duration_minutes: int = DEFAULT_DURATION

    error_type = OneOnOneError


# ------------------------------------------------------------------------------ parsing


def parse_mention(text: str) -> tuple[str | None, str]:
    """(user id, the rest of the text) for text with one escaped Slack mention; (None,
    text) without one. The rest has its whitespace collapsed. Raises OneOnOneError
    several_users when different users are mentioned."""
    try:
        return mentions.parse_mention(text)
    except mentions.MentionError as error:
        raise OneOnOneError(error.code) from None


def parse_oneonone(text: str, *, today: date) -> tuple[str, OneOnOneRule]:
    """(user id, rule) for ``<@U123|anna> every 2 weeks on tuesday at 10:00 [for 45
    minutes]`` or ``<@U123> om de 2 weken op dinsdag om 10u``. Raises OneOnOneError."""
    user, rest = parse_mention(text)
    if user is None:
        raise OneOnOneError("no_user")
    if not rest:
        raise OneOnOneError("empty")
    try:
        # Read as a meeting rule of this year, so a year typed in a 1:1 rule is said twice:
        # an unknown word.
        words = read_rule(f"{today.year} {rest}")
        return user, words.rule(OneOnOneRule, default_duration=DEFAULT_DURATION)
    except CalendarError as error:
        raise OneOnOneError(error.code, **error.params) from None


# -------------------------------------------------------------------------- occurrences


@dataclass(frozen=True)
class Occurrence:
    day: date  # the rule's date: identifies the occurrence for life (skip/move keys)
    starts_at: datetime  # aware, in the series' time zone; the new time when moved
    ends_at: datetime
    moved: bool


def _aware(moment: datetime, name: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


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
    """The occurrences that start in [start, end) (aware), by start time, without the
    ``skipped`` rule dates and with the ``moved`` ones at their new start (aware). Only the
    days in the window are computed, however long the series has been running."""
    _aware(start, "start")
    _aware(end, "end")
    moved = moved or {}
    # The local start of a rule day is on that local date (a time in the DST gap moves
    # forward by an hour at most), so the window's local dates bound the candidates.
    since = start.astimezone(tz).date() - timedelta(days=1)
    until = end.astimezone(tz).date() + timedelta(days=1)
    candidates = [
        (day, rule.starts_on(day, tz), False)
        for day in rule.days(first_day=first_day, since=since, until=until)
        if day not in skipped and day not in moved
    ]
    for day, new_start in moved.items():
        _aware(new_start, "a moved start")
        if day not in skipped and rule.days(first_day=first_day, since=day, until=day):
            candidates.append((day, new_start.astimezone(tz), True))
    found = [
        Occurrence(day, starts_at, rule.ends(starts_at, tz), moved=was_moved)
        for day, starts_at, was_moved in candidates
        if start <= starts_at < end
    ]
    return sorted(found, key=lambda occurrence: (occurrence.starts_at, occurrence.day))


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
