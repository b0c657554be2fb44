"""The monthly recap's rules: when it is due, what pace the team holds itself to, who the hunters
of the month are and which story is the month's best. Pure: no Slack, no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.schedule import local_moment
from bot.domain.workdays import next_working_day

# Posted on the first working day; a recap the bot was down for is still worth it a few days on.
RECAP_STALE = timedelta(days=3)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(first: date) -> date:
    """The first day of the month before the one starting on `first`."""
    return month_start(first - timedelta(days=1))


def next_month(first: date) -> date:
    return month_start(first + timedelta(days=32))


def month_label(first: date) -> str:
    """The month as in outbox keys and file names: "2027-03"."""
    return f"{first.year:04d}-{first.month:02d}"


def recap_moment(month: date, *, at: time, tz: ZoneInfo, holidays_country: str) -> datetime:
    """When the recap of `month` (its first day) is due: the first working day of the month
    after it, at `at` on the team's clock (New Year's Day and a weekend push it to Monday)."""
    day = next_working_day(next_month(month), holidays_country=holidays_country)
    return local_moment(day, at, tz)


def monthly_pace(yearly_targets: Iterable[int]) -> float | None:
    """New clients a month the shared account plans add up to: each plan's yearly target
    spread evenly over twelve months (no plans: no pace)."""
    targets = list(yearly_targets)
    if not targets:
        return None
    return sum(max(0, target) for target in targets) / 12


def hunters(winners: Iterable[str]) -> tuple[list[str], int]:
    """The reps with most new clients (one entry per win in `winners`), ties together, sorted
    by id for a stable order; and how many each won. Nobody without a win is named."""
    counts = Counter(winners)
    if not counts:
        return [], 0
    top = max(counts.values())
    return sorted(rep for rep, count in counts.items() if count == top), top


@dataclass(frozen=True)
class StoryCandidate:
    """A win of the month, as the choice of its best story sees it."""

    win_id: int
    congratulations: int
    created_at: datetime
    story: str | None
    user_id: str = ""
    client_name: str = ""


@dataclass(frozen=True)
class MonthRecap:
    """A month in new clients, as the recap shows it (removed wins never count)."""

    month: date  # its first day
    new_clients: int
    last_month: int
    pace: float | None  # new clients a month the shared account plans add up to
    hunters: list[str]
    hunter_wins: int
    story: StoryCandidate | None
    per_month: list[int]  # new clients in each month of the year, January to `month`


def best_story(candidates: Iterable[StoryCandidate]) -> StoryCandidate | None:
    """The most congratulated win that has a story (the earliest among equals); None when no
    win of the month has one."""
    told = [c for c in candidates if c.story and c.story.strip()]
    if not told:
        return None
    return min(told, key=lambda c: (-c.congratulations, c.created_at, c.win_id))
