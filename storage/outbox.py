"""The outbox: Slack messages that must go out exactly once, claimed in the database before sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, update
from sqlmodel import Session, select

from storage.models import OutboxMessage

LEASE = timedelta(minutes=2)


def _due(now: datetime, real_now: datetime | None = None):
    """Due as of `now`; leases are always judged by the real clock (`real_now`), so a
    `tick --at` in the past or future never takes a message another process is sending."""
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        # A sender that died mid-send left its lease behind: the message may or may not be out.
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < (real_now or now)),
    )


def due_messages(*, session: Session, now: datetime) -> list[OutboxMessage]:
    """Messages that a pass at `now` would send (nothing is claimed)."""
    return list(
        session.exec(select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id)).all()
    )


def claim_batch(
    *, session: Session, now: datetime, limit: int = 10, real_now: datetime | None = None
) -> list[OutboxMessage]:
    """Claim up to `limit` due messages, oldest first, for this process; commits.

    `now` decides what is due; the lease runs from `real_now` (default `now`).

    The UPDATE re-checks that each row is still due, so of two processes only one can move
    a row from due to "sending".
    """
    real_now = real_now or now
    due_ids = (
        select(OutboxMessage.id).where(_due(now, real_now)).order_by(OutboxMessage.id).limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Lock the rows picked here; other processes skip them instead of waiting.
        due_ids = due_ids.with_for_update(skip_locked=True)
    # Two statements, not UPDATE ... WHERE id IN (subquery): PostgreSQL may run a locking
    # subquery once per row and so claim more than `limit`.
    ids = list(session.execute(due_ids).scalars())
    if not ids:
        session.rollback()
        return []
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), _due(now, real_now))
        .values(
            status="sending",
            lease_until=real_now + LEASE,
            attempts=OutboxMessage.attempts + 1,
            # A lease that ran out means a sender died mid-send: the message may be out.
            maybe_sent=case(
                (OutboxMessage.status == "sending", True), else_=OutboxMessage.maybe_sent
            ),
        )
        .returning(*OutboxMessage.__table__.columns)
    )
    rows = session.execute(statement).mappings().all()
    session.commit()
    return sorted((OutboxMessage(**row) for row in rows), key=lambda m: m.id or 0)


def claim_next(*, session: Session, now: datetime) -> OutboxMessage | None:
    """Claim the oldest due message, or None."""
    claimed = claim_batch(session=session, now=now, limit=1)
    return claimed[0] if claimed else None


def mark_sent(*, session: Session, message_id: int, ts: str | None, now: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="sent", message_ts=ts, sent_at=now, lease_until=None, last_error=None)
    )


def mark_skipped(*, session: Session, message_id: int, reason: str, now: datetime) -> None:
    """Not sent, on purpose (stale, or its meeting was cancelled); kept as a record."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="skipped", sent_at=now, lease_until=None, last_error=reason[:2000])
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
