"""The sales-culture mirror's queries: counts only, for one team and a set of reps. Check-in
notes are never read here (they are private; the mirror shows reasons' counts)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.models import (
    AccountPlan,
    Checkin,
    CheckinMember,
    Congratulation,
    ManagerLink,
    Meeting,
    MeetingRating,
    Win,
)
from storage.wins import counted


def team_people(*, session: Session, team_id: str) -> tuple[set[str], set[str]]:
    """(the team's reps, those of them asked to check in). The reps: anyone with a manager,
    plus people an admin added to the check-in list. The list: the same, minus people an admin
    took off it (as storage.checkins.checkin_people, for one team); they are still reps."""
    reps = set(session.exec(select(ManagerLink.rep_id).where(ManagerLink.team_id == team_id)))
    removed: set[str] = set()
    for user_id, status in session.exec(
        select(CheckinMember.user_id, CheckinMember.status).where(CheckinMember.team_id == team_id)
    ).all():
        if status == "removed":
            removed.add(user_id)
        elif status == "added":
            reps.add(user_id)
    return reps, reps - removed


def wins_between(
    *, session: Session, team_id: str, users: Collection[str], start: datetime, end: datetime
) -> list[tuple[int, str, datetime]]:
    """(win id, rep, logged at) of the reps' wins that count, logged in [start, end)."""
    if not users:
        return []
    rows = session.exec(
        select(Win.id, Win.user_id, Win.created_at).where(
            Win.team_id == team_id,
            counted(),
            col(Win.user_id).in_(list(users)),
            col(Win.created_at) >= start,
            col(Win.created_at) < end,
        )
    ).all()
    return [(int(win_id or 0), user_id, at) for win_id, user_id, at in rows]


def congratulations_on(*, session: Session, team_id: str, win_ids: Collection[int]) -> int:
    if not win_ids:
        return 0
    return int(
        session.exec(
            select(func.count()).where(
                Congratulation.team_id == team_id, col(Congratulation.win_id).in_(list(win_ids))
            )
        ).one()
    )


def with_agreed_plan(
    *, session: Session, team_id: str, users: Collection[str], year: int
) -> set[str]:
    if not users:
        return set()
    return set(
        session.exec(
            select(AccountPlan.user_id).where(
                AccountPlan.team_id == team_id,
                AccountPlan.year == year,
                AccountPlan.status == "agreed",
                col(AccountPlan.user_id).in_(list(users)),
            )
        ).all()
    )


def meetings_around(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[tuple[int, str, datetime, datetime | None]]:
    """(id, status, starts at, first planned at) of the meetings planned or held in
    [start, end): the caller decides which of the two moments counts for what."""
    rows = session.exec(
        select(Meeting.id, Meeting.status, Meeting.starts_at, Meeting.original_starts_at).where(
            Meeting.team_id == team_id,
            or_(
                (col(Meeting.starts_at) >= start) & (col(Meeting.starts_at) < end),
                (col(Meeting.original_starts_at) >= start)
                & (col(Meeting.original_starts_at) < end),
            ),
        )
    ).all()
    return [(int(mid or 0), status, at, first) for mid, status, at, first in rows]


def scores_of(*, session: Session, team_id: str, meeting_ids: Collection[int]) -> list[int]:
    if not meeting_ids:
        return []
    return list(
        session.exec(
            select(MeetingRating.score).where(
                MeetingRating.team_id == team_id,
                col(MeetingRating.meeting_id).in_(list(meeting_ids)),
            )
        ).all()
    )


def checkin_reasons(
    *, session: Session, team_id: str, users: Collection[str], weeks: Collection[date]
) -> list[tuple[str, str]]:
    """(rep, comma-separated reason codes) of the reps' check-ins for those weeks; the note
    is left out on purpose."""
    if not users or not weeks:
        return []
    return list(
        session.exec(
            select(Checkin.user_id, Checkin.reasons).where(
                Checkin.team_id == team_id,
                col(Checkin.user_id).in_(list(users)),
                col(Checkin.week).in_(list(weeks)),
            )
        ).all()
    )
