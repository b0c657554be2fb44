"""The recaps' rules: the periods recapped (a month, a quarter, a year), when each recap is
due and until when it is still worth posting, what pace the team holds itself to, who the
hunters of a period are and which story is its best. Pure: no Slack, no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.domain.months import add_months, month_start, previous_month
from bot.domain.schedule import local_moment
from bot.domain.workdays import next_working_day

# Posted on the first working day; a recap the bot was down for is still worth it this many
# working days on (counted in working days: a Friday's recap must survive the weekend).
RECAP_STALE_WORKING_DAYS = 3

PeriodKind = Literal["month", "quarter", "year"]
# On a day that ends several periods, their recaps are posted in this order.
PERIOD_KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year")
_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}


def month_label(first: date) -> str:
    """The month as in outbox keys and file names: "2027-03"."""
    return f"{first.year:04d}-{first.month:02d}"


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year, by its first day; always within one year."""

    kind: PeriodKind
    start: date

    @classmethod
    def of(cls, kind: PeriodKind, day: date) -> Period:
        """The `kind` of period `day` falls in."""
        if kind not in _MONTHS:
            raise ValueError(f"unknown period {kind!r}")
        months = _MONTHS[kind]
        return cls(kind, date(day.year, (day.month - 1) // months * months + 1, 1))

    @classmethod
    def parse(cls, label: str) -> Period:
        """The period of a `label`: "2027-03", "2027-Q1" or "2027"."""
        year, _, rest = label.partition("-")
        if not rest:
            return cls("year", date(int(year), 1, 1))
        if rest.startswith("Q"):
            return cls.of("quarter", date(int(year), int(rest[1:]) * 3, 1))
        return cls("month", date(int(year), int(rest), 1))

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def end(self) -> date:
        """The first day after the period."""
        return add_months(self.start, self.months)

    @property
    def last_month(self) -> date:
        """The first day of the period's last month."""
        return add_months(self.start, self.months - 1)

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        """As in outbox keys and file names: "2027-03", "2027-Q1", "2027"."""
        if self.kind == "month":
            return month_label(self.start)
        if self.kind == "quarter":
            return f"{self.start.year:04d}-Q{self.quarter}"
        return f"{self.start.year:04d}"

    def previous(self) -> Period:
        return Period.of(self.kind, self.start - timedelta(days=1))

    def next(self) -> Period:
        return Period(self.kind, self.end)


def periods_ended(day: date) -> list[Period]:
    """The periods that ended right before the month of `day`, in the order their recaps are
    posted: always the month before, then its quarter and its year when those ended too."""
    ended = previous_month(month_start(day))
    found = [Period.of(kind, ended) for kind in PERIOD_KINDS]
    return [period for period in found if period.end == month_start(day)]


def recap_moment(period: Period, *, at: time, tz: ZoneInfo, holidays_country: str) -> datetime:
    """When the recap of `period` is due: the first working day after it, at `at` on the
    team's clock (New Year's Day and a weekend push it to Monday)."""
    day = next_working_day(period.end, holidays_country=holidays_country)
    return local_moment(day, at, tz)


def recap_stale_at(due: datetime, *, tz: ZoneInfo, holidays_country: str) -> datetime:
    """When a recap due at `due` is no longer worth posting: the same time of day,
    RECAP_STALE_WORKING_DAYS working days later (weekends and holidays do not count)."""
    local = due.astimezone(tz)
    day = local.date()
    for _ in range(RECAP_STALE_WORKING_DAYS):
        day = next_working_day(day + timedelta(days=1), holidays_country=holidays_country)
    return local_moment(day, local.time().replace(tzinfo=None), tz)


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
    """A win of the period, as the choice of its best story sees it."""

    win_id: int
    congratulations: int
    created_at: datetime
    story: str | None
    user_id: str = ""
    client_name: str = ""


@dataclass(frozen=True)
class Recap:
    """A period in new clients, as the recap shows it (removed wins never count)."""

    period: Period
    new_clients: int
    previous: int  # new clients in the period before
    pace: float | None  # new clients a month the shared account plans add up to
    hunters: list[str]
    hunter_wins: int
    story: StoryCandidate | None
    per_month: list[int]  # new clients in each month of the year, January to the period's last

    @property
    def target(self) -> float | None:
        """The shared plans' pace prorated to the period (a quarter: three months' worth)."""
        return None if self.pace is None else self.pace * self.period.months


def best_story(candidates: Iterable[StoryCandidate]) -> StoryCandidate | None:
    """The most congratulated win that has a story (the earliest among equals); None when no
    win of the period has one."""
    told = [c for c in candidates if c.story and c.story.strip()]
    if not told:
        return None
    return min(told, key=lambda c: (-c.congratulations, c.created_at, c.win_id))
