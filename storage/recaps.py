"""Queries of the recaps: the teams each is for, a period's counted wins with their
congratulations, and the shared account plans' targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import AccountPlan, Congratulation, Win
from storage.wins import counted


@dataclass(frozen=True)
class MonthWin:
    """A counted win as the recap reads it."""

    id: int
    user_id: str
    client_name: str
    story: str | None
    created_at: datetime
    congratulations: int


def recap_teams(*, session: Session, before: datetime) -> list[str]:
    """Every team that logged a win (removed or not) before `before`: a team that has not
    celebrated a win with the bot yet has no month to look back on."""
    return list(
        session.exec(
            select(Win.team_id).where(col(Win.created_at) < before).distinct().order_by(Win.team_id)
        ).all()
    )


def teams_with_wins(*, session: Session, start: datetime, end: datetime) -> list[str]:
    """Every team with a counted win logged in [start, end): a quarter or a year without a
    new client is not recapped."""
    return list(
        session.exec(
            select(Win.team_id)
            .where(col(Win.created_at) >= start, col(Win.created_at) < end, counted())
            .distinct()
            .order_by(Win.team_id)
        ).all()
    )


def wins_between(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[MonthWin]:
    """The team's counted wins logged in [start, end), oldest first, with how many
    congratulations each has."""
    congratulations = (
        select(Congratulation.win_id, func.count().label("n"))
        .where(Congratulation.team_id == team_id)
        .group_by(col(Congratulation.win_id))
        .subquery()
    )
    rows = session.exec(
        select(Win, func.coalesce(congratulations.c.n, 0))
        .outerjoin(congratulations, congratulations.c.win_id == col(Win.id))
        .where(
            Win.team_id == team_id,
            col(Win.created_at) >= start,
            col(Win.created_at) < end,
            counted(),
        )
        .order_by(col(Win.created_at), col(Win.id))
    ).all()
    return [
        MonthWin(win.id or 0, win.user_id, win.client_name, win.story, win.created_at, int(n))
        for win, n in rows
    ]


def win_moments(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[datetime]:
    """When each of the team's counted wins in [start, end) was logged."""
    return list(
        session.exec(
            select(Win.created_at).where(
                Win.team_id == team_id,
                col(Win.created_at) >= start,
                col(Win.created_at) < end,
                counted(),
            )
        ).all()
    )


def shared_targets(*, session: Session, team_id: str, year: int) -> list[int]:
    """The yearly new-client targets of the team's account plans for `year` shared with the
    whole team (an unshared plan's target stays private, also as part of a sum)."""
    return list(
        session.exec(
            select(AccountPlan.target_clients).where(
                AccountPlan.team_id == team_id,
                AccountPlan.year == year,
                col(AccountPlan.shared).is_(True),
            )
        ).all()
    )
