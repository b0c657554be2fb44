"""The outbox: Slack messages that must go out exactly once, claimed in the database before sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from storage.models import OutboxMessage

LEASE = timedelta(minutes=2)


def _due(now: datetime):
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        # A sender that died mid-send left its lease behind: the message may or may not be out.
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
    )


def claim_next(
    *, session: Session, now: datetime, kinds: tuple[str, ...] | None = None
) -> OutboxMessage | None:
    """Claim the oldest due message for this process, or None. Commit right after."""
    for _ in range(5):
        query = select(OutboxMessage.id, OutboxMessage.status).where(_due(now))
        if kinds:
            query = query.where(OutboxMessage.kind.in_(kinds))
        row = session.exec(query.order_by(OutboxMessage.id).limit(1)).first()
        if row is None:
            return None
        message_id, status = row
        # The conditional UPDATE is the claim: of two processes only one sees rowcount 1.
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, _due(now))
            .values(
                status="sending",
                lease_until=now + LEASE,
                attempts=OutboxMessage.attempts + 1,
                maybe_sent=True if status == "sending" else OutboxMessage.maybe_sent,
            )
        )
        if result.rowcount == 1:
            session.commit()
            claimed = session.get(OutboxMessage, message_id, populate_existing=True)
            return claimed
        session.rollback()
    return None


def mark_sent(*, session: Session, message_id: int, ts: str | None, now: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="sent", message_ts=ts, sent_at=now, lease_until=None, last_error=None)
    )


def reschedule(
    *, session: Session, message_id: int, at: datetime, error: str, maybe_sent: bool
) -> None:
    values: dict = {
        "status": "pending",
        "next_attempt_at": at,
        "lease_until": None,
        "last_error": error[:2000],
    }
    if maybe_sent:
        values["maybe_sent"] = True
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


def find_by_key(*, session: Session, team_id: str, key: str) -> OutboxMessage | None:
    return session.exec(
        select(OutboxMessage).where(OutboxMessage.team_id == team_id, OutboxMessage.key == key)
    ).first()


def supersede_refreshes(*, session: Session, win_id: int, up_to_id: int, now: datetime) -> None:
    """Pending refreshes queued before this one are covered by it (it renders the current state)."""
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.win_id == win_id,
            OutboxMessage.kind == "refresh",
            OutboxMessage.id < up_to_id,
            OutboxMessage.status == "pending",
        )
        .values(status="sent", sent_at=now, last_error="superseded")
    )


def pending_count(*, session: Session) -> int:
    rows = session.exec(select(OutboxMessage.id).where(OutboxMessage.status != "sent")).all()
    return len(rows)


def next_due_at(*, session: Session) -> datetime | None:
    return session.exec(
        select(OutboxMessage.next_attempt_at)
        .where(OutboxMessage.status == "pending")
        .order_by(OutboxMessage.next_attempt_at)
        .limit(1)
    ).first()
