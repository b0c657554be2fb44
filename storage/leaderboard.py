"""The leaderboard's queries: wins per rep and currency between two moments (removed wins never
count), and the first meetings booked of the reps who chose to share them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Checkin, CheckinMember, Win
from storage.wins import counted


def tallies_between(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[tuple[str, str | None, int, int | None]]:
    """(user_id, currency, wins, sum of their amounts in cents or None when none has one) per
    rep and currency, for the wins logged in [start, end)."""
    rows = session.exec(
        select(Win.user_id, Win.currency, func.count(), func.sum(col(Win.amount_cents)))
        .where(
            Win.team_id == team_id,
            counted(),
            col(Win.created_at) >= start,
            col(Win.created_at) < end,
        )
        .group_by(col(Win.user_id), col(Win.currency))
    ).all()
    return [
        (user, currency, int(n), None if cents is None else int(cents))
        for user, currency, n, cents in rows
    ]


def shared_outreach_between(
    *, session: Session, team_id: str, start: date, end: date
) -> dict[str, int]:
    """user_id -> first meetings booked in the check-ins of the weeks starting in [start, end),
    for the reps who opted in to share them only (0 when they have none): nothing else of a
    check-in is read."""
    sharing = select(CheckinMember.user_id).where(
        CheckinMember.team_id == team_id, col(CheckinMember.shares_outreach).is_(True)
    )
    out = {user_id: 0 for user_id in session.exec(sharing).all()}
    if not out:
        return out
    rows = session.exec(
        select(Checkin.user_id, func.sum(col(Checkin.meetings)))
        .where(
            Checkin.team_id == team_id,
            col(Checkin.user_id).in_(list(out)),
            col(Checkin.week) >= start,
            col(Checkin.week) < end,
        )
        .group_by(col(Checkin.user_id))
    ).all()
    for user_id, meetings in rows:
        out[user_id] = int(meetings or 0)
    return out
