"""The leaderboard's rules: which days a period covers, and how reps rank by new clients won.

Recognition, never shaming: reps rank by how many new clients they won (equal counts share a
rank), only reps with at least one new client are on the board, and only its top is named.
Values in different currencies are never added up (there is no exchange rate to do it
honestly): each rep's value is shown per currency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("week", "month", "quarter", "year")
DEFAULT_PERIOD = "month"
# The words a person may type, English and Dutch, for each period.
PERIOD_WORDS: dict[str, str] = {
    "week": "week",
    "month": "month",
    "maand": "month",
    "quarter": "quarter",
    "kwartaal": "quarter",
    "year": "year",
    "jaar": "year",
}
# How many ranks are named; the viewer is told their own line besides.
TOP_RANKS = 5


def period_start(period: str, day: date) -> date:
    """The first day of the `period` that holds `day` (weeks start on Monday)."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def period_end(period: str, start: date) -> date:
    """The first day after the period that starts on `start`."""
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Tally:
    """One rep's wins in a period in one currency (None: logged without a currency)."""

    user_id: str
    currency: str | None
    wins: int
    cents: int | None  # the sum of their amounts; None when none has one


@dataclass(frozen=True)
class Standing:
    """A rep on the board: their rank, new clients, and value per currency (default first)."""

    user_id: str
    rank: int
    wins: int
    values: tuple[tuple[str, int], ...]  # (currency, cents), only currencies with an amount


def standings(tallies: Iterable[Tally], default_currency: str) -> list[Standing]:
    """Reps with at least one new client, best first; equal counts share a rank (1, 2, 2, 4).

    Rows without a currency count in the default currency. Within a rank, the larger value
    in the default currency comes first (an order for the eye; the rank stays shared)."""
    wins: dict[str, int] = {}
    values: dict[str, dict[str, int]] = {}
    for tally in tallies:
        if tally.wins <= 0:
            continue
        wins[tally.user_id] = wins.get(tally.user_id, 0) + tally.wins
        if tally.cents is not None:
            currency = tally.currency or default_currency
            per = values.setdefault(tally.user_id, {})
            per[currency] = per.get(currency, 0) + tally.cents

    def ordered(user_id: str) -> tuple[tuple[str, int], ...]:
        per = values.get(user_id, {})
        return tuple(sorted(per.items(), key=lambda kv: (kv[0] != default_currency, kv[0])))

    order = sorted(
        wins,
        key=lambda u: (-wins[u], -values.get(u, {}).get(default_currency, 0), u),
    )
    out: list[Standing] = []
    for position, user_id in enumerate(order, start=1):
        tied = out and out[-1].wins == wins[user_id]
        rank = out[-1].rank if tied else position
        out.append(Standing(user_id, rank, wins[user_id], ordered(user_id)))
    return out


def named(board: list[Standing], top: int = TOP_RANKS) -> list[Standing]:
    """The top of the board: every rep whose rank is within `top` (ties included)."""
    return [s for s in board if s.rank <= top]


def own_rank(board: list[Standing], user_id: str) -> int | None:
    """The viewer's rank, told only when it is not the bottom rank of the board: nobody is
    ever shown as last (their numbers are still told, without a rank). None without wins."""
    mine = next((s for s in board if s.user_id == user_id), None)
    if mine is None:
        return None
    if mine.rank > TOP_RANKS and mine.rank == board[-1].rank:
        return None
    return mine.rank


def totals(board: list[Standing], default_currency: str) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The team's new clients and their value per currency (the default currency first)."""
    per: dict[str, int] = {}
    for standing in board:
        for currency, cents in standing.values:
            per[currency] = per.get(currency, 0) + cents
    ordered = sorted(per.items(), key=lambda kv: (kv[0] != default_currency, kv[0]))
    return sum(s.wins for s in board), tuple(ordered)


@dataclass(frozen=True)
class Board:
    """A period's leaderboard: who won how many new clients from `start` until `end`."""

    period: str
    start: date
    end: date  # the first day after the period
    standings: tuple[Standing, ...]
    default_currency: str
    # (user_id, first meetings booked) of the reps who share their check-in outreach, only them;
    # counted over the check-ins of the weeks that start in the period.
    outreach: tuple[tuple[str, int], ...] = ()

    def outreach_of(self, user_id: str) -> int | None:
        """The rep's first meetings booked; None when they keep their check-ins private."""
        return dict(self.outreach).get(user_id)
