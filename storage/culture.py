"""The sales-culture mirror's queries: what it counts, for one team and a set of reps, read once
for the whole trend window (one query per kind, bounded by dates). Check-in notes and 1:1
texts are never read here: the mirror shows counts and reasons' codes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from storage.models import (
    AccountPlan,
    ActionPoint,
    AgendaItem,
    Checkin,
    CheckinMember,
    Congratulation,
    ManagerLink,
    Meeting,
    MeetingRating,
    OneOnOneSeries,
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


def managers_and_reps(*, session: Session, team_id: str) -> dict[str, list[str]]:
    """Each confirmed manager of the team with their reps."""
    teams: dict[str, list[str]] = {}
    for manager_id, rep_id in session.exec(
        select(ManagerLink.manager_id, ManagerLink.rep_id)
        .where(ManagerLink.team_id == team_id)
        .order_by(col(ManagerLink.manager_id), col(ManagerLink.rep_id))
    ).all():
        teams.setdefault(manager_id, []).append(rep_id)
    return teams


def wins_with_congratulations(
    *, session: Session, team_id: str, users: Collection[str], start: datetime, end: datetime
) -> list[tuple[str, datetime, int, datetime | None]]:
    """(rep, logged at, congratulations, first congratulated at) of the reps' wins that count,
    logged in [start, end)."""
    if not users:
        return []
    chosen = (
        Win.team_id == team_id,
        counted(),
        col(Win.user_id).in_(list(users)),
        col(Win.created_at) >= start,
        col(Win.created_at) < end,
    )
    wins = session.exec(select(Win.id, Win.user_id, Win.created_at).where(*chosen)).all()
    congrats = {
        win_id: (int(count), first)
        for win_id, count, first in session.exec(
            select(
                Congratulation.win_id,
                func.count(),
                func.min(Congratulation.created_at),
            )
            .join(Win, col(Win.id) == col(Congratulation.win_id))
            .where(*chosen)
            .group_by(col(Congratulation.win_id))
        ).all()
    }
    return [(user, at, *congrats.get(int(win_id or 0), (0, None))) for win_id, user, at in wins]


def meetings_around(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[tuple[int, str, datetime, datetime | None, str | None]]:
    """(id, status, starts at, first planned at, reason) of the meetings planned or held in
    [start, end): the caller decides which of the two moments counts for what."""
    rows = session.execute(
        select_columns(
            col(Meeting.id),
            col(Meeting.status),
            col(Meeting.starts_at),
            col(Meeting.original_starts_at),
            col(Meeting.reason),
        ).where(
            col(Meeting.team_id) == team_id,
            or_(
                (col(Meeting.starts_at) >= start) & (col(Meeting.starts_at) < end),
                (col(Meeting.original_starts_at) >= start)
                & (col(Meeting.original_starts_at) < end),
            ),
        )
    ).all()
    return [(int(mid or 0), status, at, first, why) for mid, status, at, first, why in rows]


def scores_of(
    *, session: Session, team_id: str, meeting_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(meeting id, score) of every rating given to those meetings."""
    if not meeting_ids:
        return []
    return list(
        session.exec(
            select(MeetingRating.meeting_id, MeetingRating.score).where(
                MeetingRating.team_id == team_id,
                col(MeetingRating.meeting_id).in_(list(meeting_ids)),
            )
        ).all()
    )


def items_of(
    *, session: Session, team_id: str, meeting_ids: Collection[int]
) -> list[tuple[int, str, bool, str]]:
    """(meeting id, kind, carried over, title and details) of the meetings' active items."""
    if not meeting_ids:
        return []
    rows = session.execute(
        select_columns(
            col(AgendaItem.meeting_id),
            col(AgendaItem.kind),
            col(AgendaItem.carried_from_id),
            col(AgendaItem.title),
            col(AgendaItem.details),
        ).where(
            col(AgendaItem.team_id) == team_id,
            col(AgendaItem.status) == "active",
            col(AgendaItem.meeting_id).in_(list(meeting_ids)),
        )
    ).all()
    return [
        (meeting_id, kind, carried is not None, f"{title}\n{details}")
        for meeting_id, kind, carried, title, details in rows
    ]


def plans_of(
    *, session: Session, team_id: str, users: Collection[str], years: Collection[int]
) -> list[AccountPlan]:
    if not users or not years:
        return []
    return list(
        session.exec(
            select(AccountPlan).where(
                AccountPlan.team_id == team_id,
                col(AccountPlan.year).in_(list(years)),
                col(AccountPlan.user_id).in_(list(users)),
            )
        ).all()
    )


def checkins_between(
    *, session: Session, team_id: str, users: Collection[str], first: date, last: date
) -> list[tuple[str, date, int, str]]:
    """(rep, week, prospects, comma-separated reason codes) of the reps' check-ins for the
    weeks in [first, last]; the note is left out on purpose."""
    if not users:
        return []
    return list(
        session.execute(
            select_columns(
                col(Checkin.user_id),
                col(Checkin.week),
                col(Checkin.prospects),
                col(Checkin.reasons),
            ).where(
                col(Checkin.team_id) == team_id,
                col(Checkin.user_id).in_(list(users)),
                col(Checkin.week) >= first,
                col(Checkin.week) <= last,
            )
        ).all()
    )


def actions_open_between(
    *, session: Session, team_id: str, users: Collection[str], start: datetime, end: datetime
) -> list[tuple[str, datetime, date, datetime | None]]:
    """(rep, created at, due, done at) of the action points with a due date from the reps' 1:1s
    that were open at some moment of [start, end); their text is left out."""
    if not users:
        return []
    rows = session.execute(
        select_columns(
            col(OneOnOneSeries.rep_id),
            col(ActionPoint.created_at),
            col(ActionPoint.due),
            col(ActionPoint.done_at),
        )
        .join(OneOnOneSeries, col(OneOnOneSeries.id) == col(ActionPoint.series_id))
        .where(
            col(ActionPoint.team_id) == team_id,
            col(OneOnOneSeries.rep_id).in_(list(users)),
            col(ActionPoint.due).is_not(None),
            col(ActionPoint.created_at) < end,
            or_(col(ActionPoint.done_at).is_(None), col(ActionPoint.done_at) >= start),
        )
    ).all()
    return [(rep, created, due, done) for rep, created, due, done in rows if due is not None]


def teams_with_reps(*, session: Session) -> list[str]:
    """The teams where someone has a manager or was added to the check-in list."""
    linked = set(session.exec(select(ManagerLink.team_id).distinct()))
    added = session.exec(
        select(CheckinMember.team_id).where(CheckinMember.status == "added").distinct()
    )
    return sorted(linked | set(added))


def anything_between(*, session: Session, team_id: str, start: datetime, end: datetime) -> bool:
    """Whether the team logged a win, had a sales meeting or got a check-in in [start, end):
    a month without any gets no mirror."""
    checks = (
        select(Win.id).where(
            Win.team_id == team_id, col(Win.created_at) >= start, col(Win.created_at) < end
        ),
        select(Meeting.id).where(
            Meeting.team_id == team_id,
            col(Meeting.starts_at) >= start,
            col(Meeting.starts_at) < end,
        ),
        # The Mondays of the weeks that touch the month.
        select(Checkin.id).where(
            Checkin.team_id == team_id,
            col(Checkin.week) > start.date() - timedelta(days=7),
            col(Checkin.week) < end.date(),
        ),
    )
    return any(session.exec(check.limit(1)).first() is not None for check in checks)
