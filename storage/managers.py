"""Queries on requests to become a rep's manager, and on the refusals that keep one from asking again.

The manager link itself (who manages whom, once confirmed) lives in storage/plans.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from storage.models import ManagerRequest

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


def pending_request(
    *, session: Session, team_id: str, rep_id: str, requester_id: str
) -> ManagerRequest | None:
    return session.exec(
        select(ManagerRequest).where(
            ManagerRequest.team_id == team_id,
            ManagerRequest.rep_id == rep_id,
            ManagerRequest.requester_id == requester_id,
            ManagerRequest.status == "pending",
        )
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
    *, session: Session, team_id: str, rep_id: str, now: datetime, except_id: int | None = None
) -> list[ManagerRequest]:
    """The rep has a manager now: other people's pending requests for them lapse."""
    pending = list(
        session.exec(
            select(ManagerRequest).where(
                ManagerRequest.team_id == team_id,
                ManagerRequest.rep_id == rep_id,
                ManagerRequest.status == "pending",
                ManagerRequest.id != (except_id or 0),
            )
        ).all()
    )
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
