"""Queries for `/salesbot export`: every row of a kind for a team, or only one person's.

`user_id=None` reads the whole team; a user id keeps to what is theirs. Rows come in id order,
so an export of the same data is the same file.
"""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.models import (
    AccountPlan,
    AccountPlanVersion,
    ActionPoint,
    AgendaItem,
    Checkin,
    Congratulation,
    Meeting,
    MeetingRating,
    OneOnOneSeries,
    Win,
)


def wins(*, session: Session, team_id: str, user_id: str | None = None) -> list[tuple[Win, int]]:
    """Wins (removed ones too) with how many congratulations each got."""
    counts = (
        select(Congratulation.win_id, func.count().label("n"))
        .where(col(Congratulation.team_id) == team_id)
        .group_by(col(Congratulation.win_id))
        .subquery()
    )
    query = (
        select(Win, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.win_id == col(Win.id))
        .where(col(Win.team_id) == team_id)
    )
    if user_id is not None:
        query = query.where(col(Win.user_id) == user_id)
    return [(win, int(n)) for win, n in session.exec(query.order_by(col(Win.id))).all()]


def plans(*, session: Session, team_id: str, user_id: str | None = None) -> list[AccountPlan]:
    query = select(AccountPlan).where(col(AccountPlan.team_id) == team_id)
    if user_id is not None:
        query = query.where(col(AccountPlan.user_id) == user_id)
    return list(session.exec(query.order_by(col(AccountPlan.id))).all())


def plan_versions(
    *, session: Session, team_id: str, user_id: str | None = None
) -> list[tuple[AccountPlanVersion, AccountPlan]]:
    """Every saved version of a plan, with the plan it belongs to (whose rep and year)."""
    query = (
        select(AccountPlanVersion, AccountPlan)
        .join(AccountPlan, col(AccountPlan.id) == col(AccountPlanVersion.plan_id))
        .where(col(AccountPlanVersion.team_id) == team_id)
    )
    if user_id is not None:
        query = query.where(col(AccountPlan.user_id) == user_id)
    order = (col(AccountPlanVersion.plan_id), col(AccountPlanVersion.version))
    return [(v, p) for v, p in session.exec(query.order_by(*order)).all()]


def meetings(*, session: Session, team_id: str) -> list[tuple[Meeting, int, float | None]]:
    """Every sales meeting (moved and cancelled ones too) with its number of ratings and
    their average."""
    ratings = (
        select(
            MeetingRating.meeting_id,
            func.count().label("n"),
            func.avg(MeetingRating.score).label("average"),
        )
        .where(col(MeetingRating.team_id) == team_id)
        .group_by(col(MeetingRating.meeting_id))
        .subquery()
    )
    query = (
        select(Meeting, func.coalesce(ratings.c.n, 0), ratings.c.average)
        .outerjoin(ratings, ratings.c.meeting_id == col(Meeting.id))
        .where(col(Meeting.team_id) == team_id)
        .order_by(col(Meeting.starts_at), col(Meeting.id))
    )
    return [
        (meeting, int(n), None if average is None else float(average))
        for meeting, n, average in session.exec(query).all()
    ]


def ratings_by(
    *, session: Session, team_id: str, user_id: str
) -> list[tuple[MeetingRating, Meeting]]:
    """One person's own ratings, with the meeting each is about."""
    query = (
        select(MeetingRating, Meeting)
        .join(Meeting, col(Meeting.id) == col(MeetingRating.meeting_id))
        .where(col(MeetingRating.team_id) == team_id, col(MeetingRating.user_id) == user_id)
        .order_by(col(Meeting.starts_at), col(MeetingRating.id))
    )
    return [(rating, meeting) for rating, meeting in session.exec(query).all()]


def agenda_items(
    *, session: Session, team_id: str, user_id: str | None = None
) -> list[tuple[AgendaItem, Meeting]]:
    """Agenda items (withdrawn ones too) with the meeting they are on."""
    query = (
        select(AgendaItem, Meeting)
        .join(Meeting, col(Meeting.id) == col(AgendaItem.meeting_id))
        .where(col(AgendaItem.team_id) == team_id)
    )
    if user_id is not None:
        query = query.where(col(AgendaItem.user_id) == user_id)
    return [(item, m) for item, m in session.exec(query.order_by(col(AgendaItem.id))).all()]


def checkins(*, session: Session, team_id: str, user_id: str | None = None) -> list[Checkin]:
    query = select(Checkin).where(col(Checkin.team_id) == team_id)
    if user_id is not None:
        query = query.where(col(Checkin.user_id) == user_id)
    order = (col(Checkin.week), col(Checkin.user_id))
    return list(session.exec(query.order_by(*order)).all())


def action_points(
    *, session: Session, team_id: str, user_id: str | None = None
) -> list[tuple[ActionPoint, OneOnOneSeries]]:
    """Action points with their 1:1 series; for a person, those of the 1:1s they are in
    (as the rep or as the manager)."""
    query = (
        select(ActionPoint, OneOnOneSeries)
        .join(OneOnOneSeries, col(OneOnOneSeries.id) == col(ActionPoint.series_id))
        .where(col(ActionPoint.team_id) == team_id)
    )
    if user_id is not None:
        query = query.where(
            or_(col(OneOnOneSeries.rep_id) == user_id, col(OneOnOneSeries.manager_id) == user_id)
        )
    return [(p, s) for p, s in session.exec(query.order_by(col(ActionPoint.id))).all()]
