"""The leaderboard's query: wins per rep and currency between two moments (removed wins never
count)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Win
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
