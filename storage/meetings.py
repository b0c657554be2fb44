"""Queries on meeting plans, meetings and ratings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, update
from sqlmodel import Session, col, select

from storage.models import Meeting, MeetingPlan, MeetingRating
from storage.upsert import insert_if_absent

# ---------------------------------------------------------------------------------- plans


def add_plan(*, session: Session, plan: MeetingPlan) -> MeetingPlan:
    session.add(plan)
    session.flush()
    return plan


def get_plan(*, session: Session, team_id: str, plan_id: int) -> MeetingPlan | None:
    plan = session.get(MeetingPlan, plan_id)
    return plan if plan is not None and plan.team_id == team_id else None


def confirmed_plan(*, session: Session, team_id: str, year: int) -> MeetingPlan | None:
    return session.exec(
        select(MeetingPlan).where(
            MeetingPlan.team_id == team_id, MeetingPlan.confirmed_year == year
        )
    ).first()


def confirmed_plans_of_year(*, session: Session, year: int) -> list[MeetingPlan]:
    """Every team's confirmed plan of `year`."""
    return list(session.exec(select(MeetingPlan).where(MeetingPlan.confirmed_year == year)).all())


def claim_plan(
    *, session: Session, team_id: str, plan_id: int, status: str, by: str, now: datetime
) -> bool:
    """Move a draft to `status` ("confirmed" or "discarded"); False if it is no draft any more.

    The conditional UPDATE makes a double click (or two processes) act once; confirming a
    year that already has a confirmed plan fails on the unique (team, confirmed_year).
    """
    values: dict = {"status": status}
    if status == "confirmed":
        values.update(confirmed_year=MeetingPlan.year, confirmed_by=by, confirmed_at=now)
    result = session.execute(
        update(MeetingPlan)
        .where(
            col(MeetingPlan.id) == plan_id,
            col(MeetingPlan.team_id) == team_id,
            col(MeetingPlan.status) == "draft",
        )
        .values(**values)
    )
    return cast(CursorResult, result).rowcount == 1


def set_policy(*, session: Session, plan_id: int, policy: str) -> bool:
    result = session.execute(
        update(MeetingPlan)
        .where(col(MeetingPlan.id) == plan_id, col(MeetingPlan.status) == "draft")
        .values(holiday_policy=policy)
    )
    return cast(CursorResult, result).rowcount == 1


# ---------------------------------------------------------------------------------- meetings


def add_meetings(*, session: Session, meetings: Iterable[Meeting]) -> list[Meeting]:
    rows = list(meetings)
    session.add_all(rows)
    session.flush()
    return rows


def get_meeting(
    *, session: Session, team_id: str, meeting_id: int, for_update: bool = False
) -> Meeting | None:
    """The meeting; `for_update` locks its row (PostgreSQL) until the transaction ends, so an
    item is never added to a meeting that is being cancelled at the same moment."""
    query = select(Meeting).where(Meeting.id == meeting_id, Meeting.team_id == team_id)
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()


def _meetings(session: Session, *where: Any) -> list[Meeting]:
    query = select(Meeting).where(*where).order_by(col(Meeting.starts_at), col(Meeting.id))
    return list(session.exec(query).all())


def meetings_of_year(*, session: Session, team_id: str, year: int) -> list[Meeting]:
    return _meetings(session, Meeting.team_id == team_id, Meeting.year == year)


def meetings_between(*, session: Session, start: datetime, end: datetime) -> list[Meeting]:
    """Meetings of every team that start in [start, end), cancelled ones included."""
    return _meetings(session, Meeting.starts_at >= start, Meeting.starts_at < end)


def next_meeting(
    *, session: Session, team_id: str, after: datetime, exclude_id: int | None = None
) -> Meeting | None:
    """The first meeting that is not cancelled and starts after `after`."""
    query = select(Meeting).where(
        Meeting.team_id == team_id, Meeting.status != "cancelled", Meeting.starts_at > after
    )
    if exclude_id is not None:
        query = query.where(Meeting.id != exclude_id)
    return session.exec(query.order_by(col(Meeting.starts_at), col(Meeting.id))).first()


def previous_meeting(*, session: Session, team_id: str, before: datetime) -> Meeting | None:
    return session.exec(
        select(Meeting)
        .where(
            Meeting.team_id == team_id,
            Meeting.status != "cancelled",
            Meeting.starts_at < before,
        )
        .order_by(col(Meeting.starts_at).desc(), col(Meeting.id).desc())
    ).first()


def meetings_on(*, session: Session, team_id: str, start: datetime, end: datetime) -> list[Meeting]:
    """Meetings (not cancelled) starting in [start, end): one local day, for move/cancel."""
    return _meetings(
        session,
        Meeting.team_id == team_id,
        Meeting.status != "cancelled",
        Meeting.starts_at >= start,
        Meeting.starts_at < end,
    )


def change_meeting(
    *,
    session: Session,
    meeting: Meeting,
    status: str,
    reason: str,
    by: str,
    now: datetime,
    new_starts_at: datetime | None = None,
) -> bool:
    """Move or cancel a meeting, if nobody changed it meanwhile (same sequence)."""
    values: dict = {
        "status": status,
        "reason": reason,
        "changed_by": by,
        "changed_at": now,
        "sequence": meeting.sequence + 1,
    }
    if meeting.original_starts_at is None:
        values["original_starts_at"] = meeting.starts_at
    if new_starts_at is not None:
        values["starts_at"] = new_starts_at
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting.id, col(Meeting.sequence) == meeting.sequence)
        .values(**values)
    )
    return cast(CursorResult, result).rowcount == 1


# ---------------------------------------------------------------------------------- ratings


def rate(
    *, session: Session, team_id: str, meeting_id: int, user_id: str, score: int, now: datetime
) -> bool:
    """Record or change a vote; True when the person had voted before."""
    new_id = insert_if_absent(
        session,
        MeetingRating,
        {
            "team_id": team_id,
            "meeting_id": meeting_id,
            "user_id": user_id,
            "score": score,
            "updated_at": now,
        },
        ["meeting_id", "user_id"],
    )
    if new_id is not None:
        return False
    session.execute(
        update(MeetingRating)
        .where(col(MeetingRating.meeting_id) == meeting_id, col(MeetingRating.user_id) == user_id)
        .values(score=score, updated_at=now)
    )
    return True


def ratings_by_meeting(*, session: Session, meeting_ids: list[int]) -> dict[int, tuple[float, int]]:
    """meeting id -> (average score, number of votes)."""
    if not meeting_ids:
        return {}
    rows = session.exec(
        select(MeetingRating.meeting_id, func.avg(MeetingRating.score), func.count())
        .where(col(MeetingRating.meeting_id).in_(meeting_ids))
        .group_by(col(MeetingRating.meeting_id))
    ).all()
    return {meeting_id: (float(avg), int(count)) for meeting_id, avg, count in rows}
