"""Recurring 1:1 conversations between a manager and a rep: ``/oneonone @rep <rule>``.

Pure Python (plus python-dateutil through ``recurrence``): no Slack and no database code.

The rule is written like a sales-meeting rule without the year: ``@anna every 2 weeks on
tuesday at 10:00 for 45 minutes`` or ``@anna om de 2 weken op dinsdag om 10u``; it is read
by ``recurrence.read_rule`` (see there for the accepted phrases), as a meeting rule is, so
both commands understand the same words.

Decisions (pinned by tests/test_oneonones_domain.py):

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
    """A user error in 1:1 input; ``code`` selects the message, ``params`` fill it in.

    Codes: no_user, several_users, and the codes of ``days.CalendarError`` that a rule
    without a year can give, with the same params: empty (a mention without a rule),
    no_frequency, bad_interval (interval, max), no_weekday, no_nth, no_time, bad_time (text),
    bad_duration (minutes, min, max), unknown_words (words).
    """


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
    """The occurrences of the series that start in [start, end) (aware datetimes), sorted
    by start time.

    ``skipped`` days (rule dates) are left out; ``moved`` maps a rule date to its new
    start (aware): that occurrence keeps its ``day`` and is in the window by its new time.
    Only the days in the window are computed, however long the series has been running.
    """
    _aware(start, "start")
    _aware(end, "end")
    moved = moved or {}
    found: list[Occurrence] = []
    # The local start of a rule day is on that local date (a time in the DST gap moves
    # forward by an hour at most), so the window's local dates bound the candidates.
    since = start.astimezone(tz).date() - timedelta(days=1)
    until = end.astimezone(tz).date() + timedelta(days=1)
    for day in rule.days(first_day=first_day, since=since, until=until):
        if day in skipped or day in moved:
            continue
        starts_at = rule.starts_on(day, tz)
        if start <= starts_at < end:
            found.append(Occurrence(day, starts_at, rule.ends(starts_at, tz), moved=False))
    for day, new_start in moved.items():
        _aware(new_start, "a moved start")
        if day in skipped or not rule.days(first_day=first_day, since=day, until=day):
            continue
        starts_at = new_start.astimezone(tz)
        if start <= starts_at < end:
            found.append(Occurrence(day, starts_at, rule.ends(starts_at, tz), moved=True))
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
