"""The outbox: Slack messages that must go out exactly once, claimed in the database before sending.

A row is `pending` (due at `next_attempt_at`), `sending` (claimed, under a lease), or ended:
`sent`, `skipped` (on purpose: stale, its meeting cancelled) or `failed` (Slack refused it
for good; the reason is in `last_error`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    not_,
    or_,
    text,
    tuple_,
    update,
)
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, col, select

from storage.db import SessionFactory
from storage.models import OutboxMessage, utcnow
from storage.upsert import insert_if_absent

# How long a claim holds a message by default. The deliverer claims one message at a time
# with a lease sized to its Slack client's timeout (see bot.jobs.outbox.OutboxDeliverer.lease).
LEASE = timedelta(minutes=2)
ENDED = ("sent", "skipped", "failed")

# The deliverer's statements (a claim for each message, then its result) are built from the
# table's own columns, not the model's attributes: through the ORM's attributes, its aliased
# entity and its bulk UPDATE, building and running them cost about 8 ms of Python a message
# (12 ms under cProfile), more than the database and Slack together.
_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_OLDER = _OUTBOX.alias("older")
When = datetime | ColumnElement[Any]  # a moment, or the parameter that will hold it


def _due(now: When, real_now: When | None = None, row: Any = _OUTBOX) -> ColumnElement[bool]:
    """Due as of `now`.

    Only a first attempt is due by `now` (what `tick --at` pretends the time is). A retry's
    back-off and a lease are judged by the real clock (`real_now`): a late post lands in real
    time, so a `tick --at` in the future must not retry before the running bot would, and
    must never take a message another process is sending. `row`: the table or an alias of it.
    """
    real_now = now if real_now is None else real_now
    return or_(_waiting(now, real_now, row), _lease_lapsed(real_now, row))


def _waiting(now: When, real_now: When, row: Any = _OUTBOX) -> ColumnElement[bool]:
    """Pending and due: a first attempt by `now`, a retry by `real_now` (see _due)."""
    c = row.c
    return and_(
        c.status == "pending",
        or_(
            and_(c.attempts == 0, c.next_attempt_at <= now),
            and_(c.attempts > 0, c.next_attempt_at <= real_now),
        ),
    )


def _lease_lapsed(real_now: When, row: Any = _OUTBOX) -> ColumnElement[bool]:
    # A sender that died mid-send left its lease behind: the message may or may not be out.
    return and_(row.c.status == "sending", row.c.lease_until < real_now)


def due_messages(
    *, session: Session, now: datetime, real_now: datetime | None = None
) -> list[OutboxMessage]:
    """Messages that a pass at `now` would send (nothing is claimed); `real_now` defaults
    to the real clock."""
    return list(
        session.exec(
            select(OutboxMessage)
            .where(_due(now, real_now or utcnow()))
            .order_by(col(OutboxMessage.id))
        ).all()
    )


def any_due(
    *, session: Session, now: datetime, real_now: datetime, skip_ids: Collection[int] = ()
) -> bool:
    """Whether a message other than `skip_ids` is due (claimable) now."""
    condition = _due(now, real_now)
    if skip_ids:
        condition = and_(condition, _OUTBOX.c.id.not_in(list(skip_ids)))
    return session.execute(select(_OUTBOX.c.id).where(condition).limit(1)).first() is not None


def claim_batch(
    *,
    session: Session,
    now: datetime,
    limit: int = 10,
    real_now: datetime | None = None,
    after_id: int = 0,
    lease: timedelta = LEASE,
    skip_teams: Collection[str] = (),
    skip_channels: Collection[tuple[str, str]] = (),
    skip_ids: Collection[int] = (),
) -> list[OutboxMessage]:
    """Claim up to `limit` due messages with an id above `after_id`, oldest first, for this
    process, each for `lease`; commits.

    `now` decides what is due; back-off and the lease run on `real_now` (default `now`).
    A pass moves `after_id` on, so it tries each message at most once. Messages of
    `skip_teams`, to the (team, channel) pairs of `skip_channels` or with an id in `skip_ids`
    stay where they are (their workspace or channel has no Slack budget left just now).

    The UPDATE re-checks that each row is still due, so of two processes only one can move
    a row from due to "sending".
    """
    claim = _Claim(now, real_now or now, lease, after_id, skip_teams, skip_channels, skip_ids)
    ids = claim.candidates(session, limit)
    if not ids:
        session.rollback()
        return []
    return claim.take(session, claim.update(session.get_bind().dialect.name, ids))


# PostgreSQL: the outbox is analyzed once this many rows changed since its statistics were
# taken (and a tenth of it), instead of waiting for autovacuum (a minute or more).
ANALYZE_AFTER_CHANGES = 1000


def keep_statistics_fresh(sessions: SessionFactory) -> bool:
    """On PostgreSQL, ANALYZE the outbox when many rows came or went since the planner last
    looked; True when it did. A fan-out queues thousands of messages at once; with the
    statistics of an almost empty table the planner checked each claim's channel order by
    walking every due message (10-45 ms a claim, for minutes) instead of using its index."""
    if sessions.one_writer:
        return False  # SQLite: without statistics its planner walks the claim's index itself
    table = OutboxMessage.__tablename__
    with sessions() as session:
        row = session.execute(
            text(
                "SELECT n_mod_since_analyze, n_live_tup FROM pg_stat_user_tables "
                "WHERE relid = to_regclass(:table)"
            ),
            {"table": table},
        ).first()
    if row is None or row[0] < max(ANALYZE_AFTER_CHANGES, row[1] // 10):
        return False
    with sessions.engine.connect() as connection:
        connection.execute(text(f"ANALYZE {table}"))
        connection.commit()
    return True


def claim_due(
    sessions: SessionFactory,
    *,
    now: datetime,
    limit: int = 10,
    real_now: datetime | None = None,
    lease: timedelta = LEASE,
    skip_teams: Collection[str] = (),
    skip_channels: Collection[tuple[str, str]] = (),
    skip_ids: Collection[int] = (),
) -> list[OutboxMessage]:
    """`claim_batch` in a transaction of its own, holding SQLite's write lock only for the
    UPDATE: the search for candidates reads outside it. Under a burst of acks a search took
    10-50 ms (each statement waits for the GIL), and every ack waited for it; the UPDATE
    re-checks every condition, so a candidate that changed meanwhile is simply not taken.
    On PostgreSQL the search locks its rows (SKIP LOCKED) and so stays in the transaction."""
    claim = _Claim(now, real_now or now, lease, 0, skip_teams, skip_channels, skip_ids)
    if not sessions.one_writer:
        with sessions.write() as session:
            ids = claim.candidates(session, limit)
            dialect = session.get_bind().dialect.name
            return claim.take(session, claim.update(dialect, ids)) if ids else []
    with sessions.lone_reads() as session:
        ids = claim.candidates(session, limit)
    if not ids:
        return []
    update = claim.update(sessions.engine.dialect.name, ids)  # before the lock is taken
    with sessions.write() as session:
        return claim.take(session, update)


@dataclass(frozen=True)
class _Claim:
    """What a claim looks for: the messages due, first in their channel, not skipped."""

    now: datetime
    real_now: datetime
    lease: timedelta
    after_id: int
    skip_teams: Collection[str]
    skip_channels: Collection[tuple[str, str]]
    skip_ids: Collection[int]

    def params(self) -> dict[str, Any]:
        return {
            "now": self.now,
            "real_now": self.real_now,
            "after_id": self.after_id,
            "skip_teams": list(self.skip_teams),
            "skip_channels": [tuple(pair) for pair in self.skip_channels],
            "skip_ids": list(self.skip_ids),
        }

    def statements(self, dialect: str) -> _ClaimStatements:
        shape = (bool(self.skip_teams), bool(self.skip_channels), bool(self.skip_ids))
        return _claim_statements(dialect, *shape)

    def candidates(self, session: Session, limit: int) -> list[int]:
        """The ids of the oldest `limit` claimable messages."""
        statements = self.statements(session.get_bind().dialect.name)
        params = self.params() | {"limit": limit}
        found = list(session.execute(statements.waiting, params).scalars())
        found += session.execute(statements.lapsed, params).scalars()
        return sorted(set(found))[:limit]

    def update(self, dialect: str, ids: list[int]) -> tuple[Update, dict[str, Any]]:
        """The UPDATE that claims those of `ids` still claimable, and its values."""
        lease_until = self.real_now + self.lease
        return self.statements(dialect).claim, self.params() | {
            "ids": ids,
            "lease_until": lease_until,
        }

    @staticmethod
    def take(session: Session, update: tuple[Update, dict[str, Any]]) -> list[OutboxMessage]:
        """Run a claim's UPDATE; commits. The messages claimed, oldest first."""
        statement, params = update
        rows = session.execute(statement, params).mappings().all()
        session.commit()
        return sorted((OutboxMessage(**row) for row in rows), key=lambda m: m.id or 0)


@dataclass(frozen=True)
class _ClaimStatements:
    waiting: Select  # the oldest due messages waiting to be sent
    lapsed: Select  # the oldest whose sender's lease ran out
    claim: Update  # claims those of `ids` still claimable


@lru_cache(maxsize=16)
def _claim_statements(
    dialect: str, skip_teams: bool, skip_channels: bool, skip_ids: bool
) -> _ClaimStatements:
    """A claim's statements, built once for each shape: the deliverer claims for every
    message, and building them cost more than running them. The values travel as parameters
    (see _Claim.params); the skips that are empty are left out."""
    c = _OUTBOX.c
    now: BindParameter[datetime] = bindparam("now")
    real_now: BindParameter[datetime] = bindparam("real_now")
    condition = and_(c.id > bindparam("after_id"), _first_in_its_channel(now, real_now))
    if skip_teams:
        condition = and_(condition, c.team_id.not_in(bindparam("skip_teams", expanding=True)))
    if skip_channels:
        pairs = tuple_(c.team_id, c.channel)
        condition = and_(condition, not_(pairs.in_(bindparam("skip_channels", expanding=True))))
    if skip_ids:
        condition = and_(condition, c.id.not_in(bindparam("skip_ids", expanding=True)))
    # Waiting messages and lapsed claims apart, each walked in id order by ix_outbox_queue
    # and so stopped at the first `limit` found: one query for both sorted every due
    # message first (300 ms, holding the write lock, with 4,000 queued for one channel).
    waiting = _oldest(dialect, and_(_waiting(now, real_now), condition))
    lapsed = _oldest(dialect, and_(_lease_lapsed(real_now), condition))
    # Two statements, not UPDATE ... WHERE id IN (subquery): PostgreSQL may run a locking
    # subquery once per row and so claim more than asked.
    claim = (
        update(_OUTBOX)
        .where(c.id.in_(bindparam("ids", expanding=True)), _due(now, real_now), condition)
        .values(
            status="sending",
            lease_until=bindparam("lease_until"),
            attempts=c.attempts + 1,
            # A lease that ran out means a sender died mid-send: the message may be out.
            maybe_sent=case((c.status == "sending", True), else_=c.maybe_sent),
        )
        .returning(*_OUTBOX.columns)
    )
    return _ClaimStatements(waiting, lapsed, claim)


def _oldest(dialect: str, condition: ColumnElement[bool]) -> Select:
    """The query for the ids of the oldest `limit` (a parameter) messages meeting `condition`;
    on PostgreSQL they are locked, and those other processes hold are passed over instead of
    waited for. SQLite walks ix_outbox_queue for it (see tests/test_ack_path_indexes.py)."""
    limit = bindparam("limit", type_=Integer)
    query = select(_OUTBOX.c.id).where(condition).order_by(_OUTBOX.c.id).limit(limit)
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def _first_in_its_channel(now: When, real_now: When) -> ColumnElement[bool]:
    """No older message to the same channel is being sent or due: a channel's messages go out
    in the order they were queued (the agenda's reminder before its lock) also when several
    deliverers claim at once. Each one checked against the committed state, so a claim
    another process has not committed yet still holds the later ones back. A message waiting
    for a retry's back-off does not hold the others."""
    older, this = _OLDER.c, _OUTBOX.c
    same_channel = and_(
        older.team_id == this.team_id, older.channel == this.channel, older.id < this.id
    )
    # Each by index (team, channel, status, id<): an older message being sent (its lease
    # lapsed or not), or an older one waiting and due.
    return and_(
        ~exists().where(same_channel, older.status == "sending"),
        ~exists().where(same_channel, _waiting(now, real_now, _OLDER)),
    )


def claim_next(*, session: Session, now: datetime) -> OutboxMessage | None:
    """Claim the oldest due message, or None."""
    claimed = claim_batch(session=session, now=now, limit=1)
    return claimed[0] if claimed else None


def _held(message_id: int, held_until: datetime) -> ColumnElement[bool]:
    """Still claimed under the lease that ends at `held_until` (not taken over since)."""
    c = _OUTBOX.c
    return and_(c.id == message_id, c.status == "sending", c.lease_until == held_until)


def extend_lease(
    *, session: Session, message_id: int, held_until: datetime, until: datetime
) -> bool:
    """Hold a claimed message until `until`; False if the lease ending at `held_until` is not
    ours any more (it ran out and another process took the message over)."""
    result = session.execute(
        update(_OUTBOX).where(_held(message_id, held_until)).values(lease_until=until)
    )
    return bool(getattr(result, "rowcount", 0))


def release(*, session: Session, message_id: int, held_until: datetime) -> bool:
    """Hand a claimed message back untried, due as before and its claim not counted as an
    attempt (Slack's rate limit held it back, not a failure); False if the lease was not ours."""
    attempts = _OUTBOX.c.attempts
    result = session.execute(
        update(_OUTBOX)
        .where(_held(message_id, held_until))
        .values(
            status="pending",
            lease_until=None,
            attempts=case((attempts > 0, attempts - 1), else_=0),
        )
    )
    return bool(getattr(result, "rowcount", 0))


def _change(session: Session, message_id: int, **values: Any) -> None:
    session.execute(update(_OUTBOX).where(_OUTBOX.c.id == message_id).values(**values))


def mark_sent(*, session: Session, message_id: int, ts: str | None, now: datetime) -> None:
    _change(
        session,
        message_id,
        status="sent",
        message_ts=ts,
        sent_at=now,
        lease_until=None,
        last_error=None,
    )


def _end_unsent(session: Session, message_id: int, status: str, reason: str, now: datetime) -> None:
    _change(
        session, message_id, status=status, sent_at=now, lease_until=None, last_error=reason[:2000]
    )


def mark_skipped(*, session: Session, message_id: int, reason: str, now: datetime) -> None:
    """Not sent, on purpose (stale, or its meeting was cancelled); kept as a record."""
    _end_unsent(session, message_id, "skipped", reason, now)


def mark_failed(*, session: Session, message_id: int, reason: str, now: datetime) -> None:
    """Slack refused it for good (`reason`, e.g. "user_disabled"): never tried again."""
    _end_unsent(session, message_id, "failed", reason, now)


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
    _change(session, message_id, **values)


def find_by_key(*, session: Session, team_id: str, key: str) -> OutboxMessage | None:
    return session.exec(
        select(OutboxMessage).where(OutboxMessage.team_id == team_id, OutboxMessage.key == key)
    ).first()


def supersede_updates(
    *, session: Session, kind: str, win_id: int, up_to_id: int, now: datetime
) -> None:
    """Pending re-renders of `kind` queued before this one are covered by it (it rendered the
    current state)."""
    session.execute(
        update(_OUTBOX)
        .where(
            _OUTBOX.c.win_id == win_id,
            _OUTBOX.c.kind == kind,
            _OUTBOX.c.id < up_to_id,
            _OUTBOX.c.status == "pending",
        )
        .values(status="sent", sent_at=now, last_error="superseded")
    )


@dataclass
class OutboxSummary:
    """What `python -m bot status` shows."""

    counts: dict[str, int] = field(default_factory=dict)  # status -> how many
    failed_by_reason: list[tuple[str, int]] = field(default_factory=list)  # most first
    retrying: int = 0  # pending after at least one failed try
    oldest_pending_at: datetime | None = None  # when the oldest pending message was queued
    next_attempt_at: datetime | None = None  # the earliest pending try
    leased: int = 0  # being sent right now (lease running)
    expired_leases: int = 0  # a sender died mid-send; taken over at the next pass


def summary(*, session: Session, now: datetime) -> OutboxSummary:
    """Counts per status, failures per reason, the oldest pending message and the leases."""
    out = OutboxSummary()
    for status, count in session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all():
        out.counts[status] = count
    out.failed_by_reason = [
        (reason or "unknown", count)
        for reason, count in session.execute(
            select(OutboxMessage.last_error, func.count())
            .where(OutboxMessage.status == "failed")
            .group_by(OutboxMessage.last_error)
            .order_by(func.count().desc(), col(OutboxMessage.last_error))
        ).all()
    ]
    oldest, earliest, retrying = session.execute(
        select(
            func.min(OutboxMessage.created_at),
            func.min(OutboxMessage.next_attempt_at),
            func.count().filter(col(OutboxMessage.attempts) > 0),
        ).where(OutboxMessage.status == "pending")
    ).one()
    out.oldest_pending_at, out.next_attempt_at, out.retrying = oldest, earliest, retrying or 0
    leased, expired = session.execute(
        select(
            func.count().filter(col(OutboxMessage.lease_until) >= now),
            func.count().filter(col(OutboxMessage.lease_until) < now),
        ).where(OutboxMessage.status == "sending")
    ).one()
    out.leased, out.expired_leases = leased or 0, expired or 0
    return out


def sent_keys(*, session: Session, team_id: str, prefix: str, suffix: str = "") -> list[str]:
    """Keys of the messages sent under `prefix…suffix` (e.g. every story proposal to a rep)."""
    return list(
        session.exec(
            select(OutboxMessage.key).where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.status == "sent",
                col(OutboxMessage.key).startswith(prefix),
                col(OutboxMessage.key).endswith(suffix),
            )
        ).all()
    )


def existing_keys(*, session: Session, team_id: str, keys: list[str]) -> set[str]:
    """Which of these outbox keys were already claimed (sent, pending or skipped)."""
    if not keys:
        return set()
    return set(
        session.exec(
            select(OutboxMessage.key).where(
                col(OutboxMessage.team_id) == team_id, col(OutboxMessage.key).in_(keys)
            )
        ).all()
    )


def claim_send(
    *,
    session: Session,
    team_id: str,
    key: str,
    kind: str,
    channel: str,
    payload: str,
    now: datetime,
    skipped_reason: str | None = None,
    recorded_at: datetime | None = None,
) -> bool:
    """Claim a scheduled send in the ledger (the outbox); False if it was claimed before.

    With `skipped_reason` the claim is recorded as skipped (stale after downtime) and nothing
    will be sent.
    """
    values = {
        "team_id": team_id,
        "key": key,
        "kind": kind,
        "channel": channel,
        "payload": payload,
        "status": "skipped" if skipped_reason else "pending",
        "attempts": 0,
        "maybe_sent": False,
        "next_attempt_at": now,
        "created_at": recorded_at or now,
        "last_error": skipped_reason,
        "win_id": None,
    }
    return insert_if_absent(session, OutboxMessage, values, ["team_id", "key"]) is not None


def being_sent(*, session: Session) -> int:
    """How many messages a sender holds right now (claimed, not yet recorded)."""
    return int(
        session.exec(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sending")
        ).one()
    )


def skip_team(*, session: Session, team_id: str, reason: str, now: datetime) -> int:
    """Every message of the team still waiting (not one being sent) ends as skipped: the team
    uninstalled the bot. Returns how many."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.team_id) == team_id, col(OutboxMessage.status) == "pending")
        .values(status="skipped", sent_at=now, lease_until=None, last_error=reason[:2000])
    )
    return int(getattr(result, "rowcount", 0) or 0)
