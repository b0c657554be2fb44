"""Queries on meeting plans, meetings, agenda items and ratings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, func, update
from sqlmodel import Session, col, select

from storage.models import AgendaItem, Meeting, MeetingPlan, MeetingRating, Win
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


def meetings_of_year(*, session: Session, team_id: str, year: int) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.team_id == team_id, Meeting.year == year)
            .order_by(col(Meeting.starts_at), col(Meeting.id))
        ).all()
    )


def meetings_between(*, session: Session, start: datetime, end: datetime) -> list[Meeting]:
    """Meetings of every team that start in [start, end), cancelled ones included."""
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.starts_at >= start, Meeting.starts_at < end)
            .order_by(col(Meeting.starts_at), col(Meeting.id))
        ).all()
    )


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
    return list(
        session.exec(
            select(Meeting)
            .where(
                Meeting.team_id == team_id,
                Meeting.status != "cancelled",
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
            .order_by(col(Meeting.starts_at))
        ).all()
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


# ---------------------------------------------------------------------------------- agenda


def add_item(
    *,
    session: Session,
    team_id: str,
    meeting_id: int,
    user_id: str,
    kind: str,
    title: str,
    source_key: str,
    now: datetime,
    details: str = "",
    question: str = "",
    tried: str = "",
    win_id: int | None = None,
    carried_from_id: int | None = None,
) -> int | None:
    """Store an active agenda item unless its source_key was seen; returns the new id or None."""
    values = {
        "team_id": team_id,
        "meeting_id": meeting_id,
        "user_id": user_id,
        "kind": kind,
        "title": title,
        "details": details,
        "question": question,
        "tried": tried,
        "win_id": win_id,
        "status": "active",
        "carried_from_id": carried_from_id,
        "source_key": source_key,
        "created_at": now,
        "updated_at": now,
    }
    return insert_if_absent(session, AgendaItem, values, ["team_id", "source_key"])


def get_item(*, session: Session, team_id: str, item_id: int) -> AgendaItem | None:
    item = session.get(AgendaItem, item_id)
    return item if item is not None and item.team_id == team_id else None


def item_and_meeting(
    *, session: Session, team_id: str, item_id: int
) -> tuple[AgendaItem | None, Meeting | None]:
    """An agenda item and the meeting it is on (None, None when the item is not this team's)."""
    item = get_item(session=session, team_id=team_id, item_id=item_id)
    if item is None:
        return None, None
    return item, get_meeting(session=session, team_id=team_id, meeting_id=item.meeting_id)


def active_items(*, session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's items in submission order."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == "active")
            .order_by(col(AgendaItem.created_at), col(AgendaItem.id))
        ).all()
    )


def update_item(*, session: Session, item_id: int, now: datetime, **values: object) -> bool:
    result = session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.id) == item_id, col(AgendaItem.status) == "active")
        .values(updated_at=now, **values)
    )
    return cast(CursorResult, result).rowcount == 1


def move_items(*, session: Session, from_meeting_id: int, to_meeting_id: int) -> int:
    result = session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.meeting_id) == from_meeting_id, col(AgendaItem.status) == "active")
        .values(meeting_id=to_meeting_id)
    )
    return cast(CursorResult, result).rowcount


def wins_between(
    *, session: Session, team_id: str, start: datetime, end: datetime, user_id: str | None = None
) -> list[Win]:
    """Wins logged in (start, end], oldest first; only `user_id`'s when given."""
    query = (
        select(Win)
        .where(Win.team_id == team_id, Win.created_at > start, Win.created_at <= end)
        .where(col(Win.removed_at).is_(None))  # a removed win is no story for the meeting
    )
    if user_id is not None:
        query = query.where(Win.user_id == user_id)
    return list(session.exec(query.order_by(col(Win.created_at), col(Win.id))).all())


def agenda_places_of_wins(
    *, session: Session, win_ids: Iterable[int]
) -> dict[int, tuple[str, datetime]]:
    """Win id -> (item status, start of its meeting) for the wins put on any agenda."""
    ids = list(win_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(AgendaItem.win_id, AgendaItem.status, Meeting.starts_at)
        .join(Meeting, col(Meeting.id) == AgendaItem.meeting_id)
        .where(col(AgendaItem.win_id).in_(ids))
        .order_by(col(AgendaItem.id))
    ).all()
    # One story per win (its source key); should there be more, an active one wins.
    found: dict[int, tuple[str, datetime]] = {}
    for win_id, status, starts_at in rows:
        if win_id is not None and (win_id not in found or status == "active"):
            found[win_id] = (status, starts_at)
    return found


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
