"""Queries on who manages whom, on requests to become a rep's manager, and on the refusals
that keep one from asking again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, true, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage import oneonones as oneonone_store
from storage import schedule
from storage.models import ManagerLink, ManagerRequest, OneOnOneSeries
from storage.upsert import insert_if_absent

# Said no (declined, or "not my manager"): the same person cannot ask again for this long.
ASK_AGAIN_AFTER = timedelta(days=30)
REFUSED = ("declined", "disowned")


def add_request(*, session: Session, values: dict) -> ManagerRequest:
    """A new pending request; an earlier pending one from anyone else for the same rep stays."""
    request = ManagerRequest(status="pending", **values)
    session.add(request)
    session.flush()
    return request


def get_request(*, session: Session, team_id: str, request_id: int) -> ManagerRequest | None:
    request = session.get(ManagerRequest, request_id)
    return request if request is not None and request.team_id == team_id else None


def _pending(team_id: str, rep_id: str, *more: Any) -> SelectOfScalar[ManagerRequest]:
    """The rep's pending requests (`more` narrows them)."""
    return select(ManagerRequest).where(
        ManagerRequest.team_id == team_id,
        ManagerRequest.rep_id == rep_id,
        ManagerRequest.status == "pending",
        *more,
    )


def pending_request(
    *, session: Session, team_id: str, rep_id: str, requester_id: str
) -> ManagerRequest | None:
    return session.exec(
        _pending(team_id, rep_id, ManagerRequest.requester_id == requester_id)
    ).first()


def refused_until(
    *, session: Session, team_id: str, rep_id: str, requester_id: str, now: datetime
) -> datetime | None:
    """When the requester may ask this rep again, if the rep said no within ASK_AGAIN_AFTER."""
    latest = session.exec(
        select(ManagerRequest.decided_at)
        .where(
            ManagerRequest.team_id == team_id,
            ManagerRequest.rep_id == rep_id,
            ManagerRequest.requester_id == requester_id,
            col(ManagerRequest.status).in_(REFUSED),
            col(ManagerRequest.decided_at).is_not(None),
        )
        .order_by(col(ManagerRequest.decided_at).desc())
    ).first()
    if latest is None:
        return None
    until = latest + ASK_AGAIN_AFTER
    return until if until > now else None


def decide(*, session: Session, request_id: int, status: str, now: datetime) -> bool:
    """Pending -> accepted/declined/withdrawn, once: a second click (or a race) changes nothing."""
    result = session.execute(
        update(ManagerRequest)
        .where(col(ManagerRequest.id) == request_id, col(ManagerRequest.status) == "pending")
        .values(status=status, decided_at=now)
    )
    return cast(CursorResult, result).rowcount == 1


def withdraw_pending(
    *, session: Session, team_id: str, rep_id: str, now: datetime
) -> list[ManagerRequest]:
    """The rep has a manager now: other people's pending requests for them lapse."""
    pending = list(session.exec(_pending(team_id, rep_id)))
    for request in pending:
        decide(session=session, request_id=request.id or 0, status="withdrawn", now=now)
    return pending


def record_disowned(
    *, session: Session, team_id: str, rep_id: str, manager_id: str, now: datetime
) -> None:
    """The rep said "not my manager": remembered like a declined request (no asking again soon)."""
    session.add(
        ManagerRequest(
            team_id=team_id,
            rep_id=rep_id,
            requester_id=manager_id,
            status="disowned",
            created_at=now,
            decided_at=now,
        )
    )


# ---------------------------------------------------------------------- who manages whom


def manager_of(*, session: Session, team_id: str, rep_id: str) -> str | None:
    link = session.exec(
        select(ManagerLink).where(ManagerLink.team_id == team_id, ManagerLink.rep_id == rep_id)
    ).first()
    return link.manager_id if link else None


def all_managers(
    *,
    session: Session,
    reps: Iterable[tuple[str, str]] | None = None,
    managers: Iterable[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], str]:
    """(team, rep) -> manager, for everyone at once; or only of the (team, rep) `reps`, or of
    the reps of the (team, manager) `managers`."""
    if reps is not None:
        clauses = list(schedule.among(col(ManagerLink.team_id), col(ManagerLink.rep_id), reps))
    elif managers is not None:
        clauses = list(
            schedule.among(col(ManagerLink.team_id), col(ManagerLink.manager_id), managers)
        )
    else:
        clauses = [true()]
    query = select(ManagerLink.team_id, ManagerLink.rep_id, ManagerLink.manager_id)
    return {
        (team_id, rep_id): manager_id
        for clause in clauses
        for team_id, rep_id, manager_id in session.exec(query.where(clause)).all()
    }


def _look_again(session: Session, team_id: str, rep_id: str, *managers: str | None) -> None:
    """The rep's prompts, the (old and new) manager's digests and the rep's 1:1s change."""
    people = [rep_id, *(manager for manager in managers if manager)]
    schedule.look_again(session=session, team_id=team_id, source=schedule.CHECKINS, subjects=people)
    oneonone_store.look_again_at_series_of(
        session=session, team_id=team_id, user_id=rep_id, as_manager=False
    )


def remove_manager(*, session: Session, team_id: str, rep_id: str, manager_id: str) -> None:
    """Forget that `manager_id` manages the rep (only if they still do)."""
    session.execute(
        delete(ManagerLink).where(
            col(ManagerLink.team_id) == team_id,
            col(ManagerLink.rep_id) == rep_id,
            col(ManagerLink.manager_id) == manager_id,
        )
    )
    _look_again(session, team_id, rep_id, manager_id)


def reps_of(*, session: Session, team_id: str, manager_id: str) -> list[str]:
    return list(
        session.exec(
            select(ManagerLink.rep_id)
            .where(ManagerLink.team_id == team_id, ManagerLink.manager_id == manager_id)
            .order_by(ManagerLink.rep_id)
        ).all()
    )


def set_manager(
    *, session: Session, team_id: str, rep_id: str, manager_id: str, by: str, now: datetime
) -> None:
    previous = manager_of(session=session, team_id=team_id, rep_id=rep_id)
    created = insert_if_absent(
        session,
        ManagerLink,
        {
            "team_id": team_id,
            "rep_id": rep_id,
            "manager_id": manager_id,
            "set_by": by,
            "set_at": now,
        },
        ["team_id", "rep_id"],
    )
    if created is None:
        session.execute(
            update(ManagerLink)
            .where(col(ManagerLink.team_id) == team_id, col(ManagerLink.rep_id) == rep_id)
            .values(manager_id=manager_id, set_by=by, set_at=now)
        )
    # The rep's running 1:1s (and their nudges) move to the new manager.
    session.execute(
        update(OneOnOneSeries)
        .where(
            col(OneOnOneSeries.team_id) == team_id,
            col(OneOnOneSeries.rep_id) == rep_id,
            col(OneOnOneSeries.status) == "active",
        )
        .values(manager_id=manager_id)
    )
    _look_again(session, team_id, rep_id, previous, manager_id)
