"""Streaks and badges: the behaviour the article asks for, rewarded (never a zero, never a last
place). Pure: no Slack, no database."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.checkins import week_start
from bot.domain.leaderboard import period_end, period_start
from bot.domain.months import month_start, previous_month
from bot.domain.workdays import is_working_day

CODES = ("first_of_year", "streak", "every_checkin", "storyteller")
STREAK_BADGE = 3  # months in a row with a new client that earn the badge
STREAK_MILESTONES = (3, 6, 12)  # streak lengths the recap celebrates


@dataclass(frozen=True)
class Badge:
    """A rep's badge, or their progress towards one (`earned` False).

    `figure`: the month of the year's first new client, months in a row, weeks checked in,
    or success stories told; `of`: the weeks asked (every_checkin)."""

    code: str
    figure: int
    year: int
    quarter: int = 0  # 1..4 for the quarter's badges
    of: int = 0
    earned: bool = True


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The quarter's first day and the first day after it."""
    start = date(year, 3 * quarter - 2, 1)
    return start, period_end("quarter", start)


def last_quarter(day: date) -> tuple[int, int]:
    """The last quarter finished before `day`."""
    return quarter_of(period_start("quarter", day) - timedelta(days=1))


def month_streak(months: Iterable[date], *, this_month: date) -> int:
    """Calendar months in a row with a new client (any day of a month counts for it), ending
    at `this_month`, or at the month before when `this_month` has none yet (it is not over)."""
    held = {month_start(day) for day in months}
    month = month_start(this_month)
    if month not in held:
        month = previous_month(month)
    count = 0
    while month in held:
        count += 1
        month = previous_month(month)
    return count


def streak_reached(months: Iterable[date], *, month: date) -> int | None:
    """The milestone (3, 6 or 12 months in a row) a streak reached in `month`, if any."""
    held = {month_start(day) for day in months}
    if month_start(month) not in held:
        return None
    length = month_streak(held, this_month=month)
    return length if length in STREAK_MILESTONES else None


def excused(monday: date, *, skipped: Collection[date], holidays_country: str) -> bool:
    """A week nobody is asked to account for: the bot skipped its prompt (the rep was away
    then, or it was a holiday), or Monday to Friday are all public holidays."""
    if monday in skipped:
        return True
    days = (monday + timedelta(days=n) for n in range(5))
    return not any(is_working_day(day, holidays_country=holidays_country) for day in days)


def asked_weeks(
    start: date,
    end: date,
    *,
    listed: date | None,
    skipped: Collection[date],
    holidays_country: str,
    prompt_weekday: int = 0,
) -> list[date]:
    """The Mondays in [start, end) whose check-in the rep was asked for: on the list by the
    week's prompt day, and not excused."""
    monday = week_start(start)
    if monday < start:
        monday += timedelta(weeks=1)
    weeks = []
    while monday < end:
        on_list = listed is None or listed <= monday + timedelta(days=prompt_weekday)
        if on_list and not excused(monday, skipped=skipped, holidays_country=holidays_country):
            weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def checkin_score(asked: list[date], checked: set[date], *, today: date) -> tuple[int, int]:
    """(weeks checked in, weeks asked) up to `today`; this week counts once it has its
    check-in (it is not over)."""
    this_week = week_start(today)
    due = [w for w in asked if w < this_week or (w == this_week and w in checked)]
    return sum(w in checked for w in due), len(due)
