"""The sales-culture mirror's rules: which days a month-so-far covers, and each measure's
figure from the raw counts (pure; the jobs module gathers the counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TEAM = "team"  # an admin: everyone on the check-in list
REPS = "reps"  # a manager: their own confirmed reps
TOP_OBSTACLES = 3


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def mondays_so_far(today: date) -> tuple[date, ...]:
    """The Mondays of this month up to today: each is one week a check-in was asked for."""
    first = month_start(today)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday <= today:
        weeks.append(monday)
        monday += timedelta(days=7)
    return tuple(weeks)


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (shown as "–", never 0 %)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Mirror:
    """The month so far for one group of reps, as counts; the figures are derived below."""

    scope: str  # TEAM | REPS
    today: date
    reps: int
    hunters: int  # reps with at least one new client this quarter
    new_clients: int  # this month (removed wins never count)
    agreed_plans: int  # reps with an agreed account plan for this year
    held: int  # meetings due so far this month that took place as planned
    moved: int
    cancelled: int
    ratings: tuple[int, ...]  # scores given to this month's meetings
    weeks: int  # check-in weeks so far this month
    listed: int  # of the reps, those on the check-in list
    checkins: int  # check-ins received from them in those weeks
    obstacles: tuple[tuple[str, int], ...]  # (reason, check-ins naming it), top first
    congratulations: int  # on this month's new clients

    @property
    def hunter_share(self) -> float | None:
        return share(self.hunters, self.reps)

    @property
    def clients_per_rep(self) -> float | None:
        return share(self.new_clients, self.reps)

    @property
    def plan_share(self) -> float | None:
        return share(self.agreed_plans, self.reps)

    @property
    def meetings(self) -> int:
        return self.held + self.moved + self.cancelled

    @property
    def held_share(self) -> float | None:
        return share(self.held, self.meetings)

    @property
    def average_rating(self) -> float | None:
        return share(sum(self.ratings), len(self.ratings))

    @property
    def checkin_rate(self) -> float | None:
        return share(self.checkins, self.weeks * self.listed)

    @property
    def congratulations_per_win(self) -> float | None:
        return share(self.congratulations, self.new_clients)
