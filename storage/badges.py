"""Queries of streaks and badges: when reps won (counted wins only), which weeks they checked
in, and how many success stories each brought to a sales meeting."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import AgendaItem, Checkin, Meeting, OutboxMessage, Win
from storage.wins import counted


def first_wins(
    *, session: Session, team_id: str, start: datetime, end: datetime, user_id: str | None = None
) -> dict[str, datetime]:
    """Each rep's first counted win logged in [start, end)."""
    query = select(Win.user_id, func.min(col(Win.created_at))).where(
        Win.team_id == team_id, col(Win.created_at) >= start, col(Win.created_at) < end, counted()
    )
    if user_id is not None:
        query = query.where(Win.user_id == user_id)
    return dict(session.exec(query.group_by(col(Win.user_id))).all())


def win_moments(
    *, session: Session, team_id: str, start: datetime, end: datetime, user_id: str | None = None
) -> list[tuple[str, datetime]]:
    """(rep, logged at) of the counted wins in [start, end)."""
    query = select(Win.user_id, Win.created_at).where(
        Win.team_id == team_id, col(Win.created_at) >= start, col(Win.created_at) < end, counted()
    )
    if user_id is not None:
        query = query.where(Win.user_id == user_id)
    return list(session.exec(query).all())


def checked_weeks(
    *, session: Session, team_id: str, start: date, end: date, user_id: str | None = None
) -> dict[str, set[date]]:
    """Rep -> the Mondays in [start, end) they checked in for."""
    query = select(col(Checkin.user_id), col(Checkin.week)).where(
        Checkin.team_id == team_id, col(Checkin.week) >= start, col(Checkin.week) < end
    )
    if user_id is not None:
        query = query.where(Checkin.user_id == user_id)
    weeks: dict[str, set[date]] = defaultdict(set)
    for rep, week in session.exec(query).all():
        weeks[rep].add(week)
    return dict(weeks)


def skipped_prompts(
    *, session: Session, team_id: str, kind: str, start: date, end: date
) -> dict[str, set[date]]:
    """Rep -> the Mondays in [start, end) whose weekly prompt (outbox `kind`, keyed
    "<kind>:<rep>:<monday>") the bot skipped: the rep was away, or it was a holiday."""
    skipped: dict[str, set[date]] = defaultdict(set)
    for key in session.exec(
        select(OutboxMessage.key).where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.kind == kind,
            OutboxMessage.status == "skipped",
        )
    ).all():
        _, rep, monday = key.rsplit(":", 2)
        week = date.fromisoformat(monday)
        if start <= week < end:
            skipped[rep].add(week)
    return dict(skipped)


def stories_told(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> dict[str, int]:
    """Rep -> their success stories on the agenda of sales meetings in [start, end) (withdrawn
    items and cancelled meetings left out; a story carried over counts once, where it went)."""
    later = aliased(AgendaItem)
    carried = select(later.id).where(later.carried_from_id == AgendaItem.id).exists()
    rows = session.exec(
        select(AgendaItem.user_id, func.count())
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(
            AgendaItem.team_id == team_id,
            AgendaItem.kind == "success",
            AgendaItem.status == "active",
            Meeting.status != "cancelled",
            col(Meeting.starts_at) >= start,
            col(Meeting.starts_at) < end,
            ~carried,
        )
        .group_by(col(AgendaItem.user_id))
    ).all()
    return {rep: int(n) for rep, n in rows}
