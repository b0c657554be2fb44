"""Queries on weekly check-ins and on who is asked for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import true, update
from sqlmodel import Session, col, select

from storage import schedule
from storage.models import Checkin, CheckinMember, ManagerLink
from storage.upsert import insert_if_absent

Person = tuple[str, str]  # (team_id, user_id)


def save_checkin(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    week: date,
    prospects: int,
    meetings: int,
    reasons: tuple[str, ...],
    note: str,
    now: datetime,
) -> bool:
    """Store the week's check-in; True when it updated an earlier one of the same week."""
    fields = {
        "prospects": prospects,
        "meetings": meetings,
        "reasons": ",".join(reasons),
        "note": note,
        "updated_at": now,
    }
    row = {"team_id": team_id, "user_id": user_id, "week": week, "created_at": now, **fields}
    if insert_if_absent(session, Checkin, row, ["team_id", "user_id", "week"]) is not None:
        return False
    session.execute(
        update(Checkin)
        .where(
            col(Checkin.team_id) == team_id,
            col(Checkin.user_id) == user_id,
            col(Checkin.week) == week,
        )
        .values(**fields)
    )
    return True


def get_checkin(*, session: Session, team_id: str, user_id: str, week: date) -> Checkin | None:
    return session.exec(
        select(Checkin).where(
            Checkin.team_id == team_id, Checkin.user_id == user_id, Checkin.week == week
        )
    ).first()


def checkins_of(
    *, session: Session, team_id: str, user_id: str, since: date | None = None, limit: int = 60
) -> list[Checkin]:
    """A rep's check-ins, newest first."""
    query = select(Checkin).where(Checkin.team_id == team_id, Checkin.user_id == user_id)
    if since is not None:
        query = query.where(Checkin.week >= since)
    return list(session.exec(query.order_by(col(Checkin.week).desc()).limit(limit)).all())


def checked_in_weeks_since(
    *, session: Session, since: date, among: Iterable[Person] | None = None
) -> set[tuple[str, str, date]]:
    """(team, user, week) of every check-in from `since` on (of the people `among` only), for
    the scheduling pass."""
    query = select(col(Checkin.team_id), col(Checkin.user_id), col(Checkin.week)).where(
        col(Checkin.week) >= since
    )
    return {
        (team_id, user_id, week)
        for clause in _clauses(Checkin, among)
        for team_id, user_id, week in session.exec(query.where(clause)).all()
    }


def _clauses(model: Any, among: Iterable[Person] | None) -> list:
    """WHERE clauses, one query each: everyone (`among` None) or the people `among`."""
    if among is None:
        return [true()]
    return list(schedule.among(col(model.team_id), col(model.user_id), among))


def weeks_checked_in(*, session: Session, team_id: str, user_id: str) -> set[date]:
    return set(
        session.exec(
            select(col(Checkin.week)).where(
                col(Checkin.team_id) == team_id, col(Checkin.user_id) == user_id
            )
        ).all()
    )


# ------------------------------------------------------------------------------ the list


def member(*, session: Session, team_id: str, user_id: str) -> CheckinMember | None:
    return session.exec(
        select(CheckinMember).where(
            CheckinMember.team_id == team_id, CheckinMember.user_id == user_id
        )
    ).first()


def set_member(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    by: str,
    now: datetime,
    status: str | None = None,
    away_until: date | None | bool = False,
) -> None:
    """Change a person's list status and/or away date (`away_until=False` leaves it as is).
    Only a status change moves `changed_at`: it says since when someone is on the list, and
    saying you are away does not put you on it again."""
    values: dict = {}
    if status is not None:
        values |= {"status": status, "changed_by": by, "changed_at": now}
    if away_until is not False:
        values["away_until"] = away_until
    _change_member(session, team_id, user_id, values, by=by, now=now)
    # On or off the list, or away: their prompts change, and their manager's digest.
    manager = session.exec(
        select(ManagerLink.manager_id).where(
            ManagerLink.team_id == team_id, ManagerLink.rep_id == user_id
        )
    ).first()
    schedule.look_again(
        session=session,
        team_id=team_id,
        source=schedule.CHECKINS,
        subjects=[user_id, *([manager] if manager else [])],
    )


def _change_member(
    session: Session, team_id: str, user_id: str, values: dict, *, by: str, now: datetime
) -> None:
    """Set `values` on the person's list row; a new row is "neutral" (neither added to nor
    taken off the list), stamped `by` at `now`."""
    row: dict = {"team_id": team_id, "user_id": user_id, "status": "neutral", "away_until": None}
    row |= {"changed_by": by, "changed_at": now}
    inserted = insert_if_absent(session, CheckinMember, row | values, ["team_id", "user_id"])
    if inserted is None and values:
        session.execute(
            update(CheckinMember)
            .where(col(CheckinMember.team_id) == team_id, col(CheckinMember.user_id) == user_id)
            .values(**values)
        )


def checkin_people(
    *, session: Session, among: Iterable[Person] | None = None
) -> dict[tuple[str, str], CheckinMember | None]:
    """(team, user) -> their list row (or None) for everyone asked to check in (of the people
    `among` only): anyone with a manager, plus people an admin added, minus people an admin
    removed."""
    among = None if among is None else list(among)
    people: dict[tuple[str, str], CheckinMember | None] = {}
    for clause in _link_clauses(among):
        for team_id, rep_id in session.exec(
            select(ManagerLink.team_id, ManagerLink.rep_id).where(clause)
        ).all():
            people[(team_id, rep_id)] = None
    rows = [
        row
        for clause in _clauses(CheckinMember, among)
        for row in session.exec(select(CheckinMember).where(clause)).all()
    ]
    for row in rows:
        key = (row.team_id, row.user_id)
        if row.status == "removed":
            people.pop(key, None)
        elif row.status == "added" or key in people:
            people[key] = row
    return people


def _link_clauses(among: Iterable[Person] | None) -> list:
    if among is None:
        return [true()]
    return list(schedule.among(col(ManagerLink.team_id), col(ManagerLink.rep_id), among))


def listed_since(
    *, session: Session, among: Iterable[Person] | None = None
) -> dict[tuple[str, str], datetime]:
    """(team, user) -> when they came on the check-in list (of the people `among` only): their
    manager was set, or an admin added them; the earlier of the two when both."""
    among = None if among is None else list(among)
    since: dict[tuple[str, str], datetime] = {}
    for clause in _link_clauses(among):
        for team_id, rep_id, set_at in session.exec(
            select(ManagerLink.team_id, ManagerLink.rep_id, ManagerLink.set_at).where(clause)
        ).all():
            since[(team_id, rep_id)] = set_at
    added = [
        row
        for clause in _clauses(CheckinMember, among)
        for row in session.exec(
            select(CheckinMember).where(CheckinMember.status == "added", clause)
        ).all()
    ]
    for row in added:
        key = (row.team_id, row.user_id)
        since[key] = min(since[key], row.changed_at) if key in since else row.changed_at
    return since


def set_sharing(
    *, session: Session, team_id: str, user_id: str, shares: bool, now: datetime
) -> None:
    """The rep's own choice whether their first meetings booked show on the leaderboard (a
    new row is "neutral": it neither adds them to nor takes them off the check-in list, and an
    existing row keeps its `changed_at`, since when they are on the list)."""
    _change_member(session, team_id, user_id, {"shares_outreach": shares}, by=user_id, now=now)
