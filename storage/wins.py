"""Queries on wins and congratulations. A removed win stays in the table (its source key still
stops a repeated request; congratulations and agenda items point at it) but is not counted."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, cast, func, literal
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col, select

from storage import outbox as outbox_store
from storage.db import DriverStatement, SessionFactory
from storage.models import Congratulation, OutboxMessage, Win, client_key
from storage.upsert import insert_if_absent, scalar_defaults

# A win and its celebration are stored in one transaction, so the celebration's outbox kinds
# and keys are made here (bot.jobs.wins registers the kinds and uses the same keys).
CELEBRATE_KIND = "celebrate"
REFRESH_KIND = "refresh"  # re-render the celebration (a congratulation, a correction)


def celebration_key(win_id: int | None) -> str:
    """The outbox key of a win's celebration post."""
    return f"{CELEBRATE_KIND}:{win_id}"


def refresh_key(win_id: int | None, cause: object) -> str:
    """The outbox key of one re-render of a win's celebration; `cause` (a congratulation's
    id, a correction's source key, "removed") makes each cause queue it once."""
    return f"{REFRESH_KIND}:{win_id}:{cause}"


@dataclass(frozen=True)
class WinStats:
    """Counts as of one win (so a late or repeated render says the same thing)."""

    rep_count_year: int
    team_count_year: int
    biggest_deal_so_far: bool


@dataclass(frozen=True)
class WinRecord:
    """A win as handlers create and read it (a plain value: cheaper than an ORM instance)."""

    team_id: str
    user_id: str
    client_name: str
    year: int
    source_key: str
    created_at: datetime
    amount_cents: int | None = None
    currency: str | None = None
    segment: str | None = None
    won_via: str | None = None
    story: str | None = None
    id: int | None = None

    @classmethod
    def of(cls, win: Win) -> WinRecord:
        return cls(**{f.name: getattr(win, f.name) for f in fields(cls)})


_WIN = Win.__table__  # type: ignore[attr-defined]
_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_RECORD_FIELDS = [f.name for f in fields(WinRecord) if f.name != "id"]


def _queued(team_id: Any, key: Any, kind: Any, win_id: Any, channel: Any, now: Any) -> dict:
    """The outbox row of a win's celebration or re-render (values, or SQL expressions)."""
    values = {"team_id": team_id, "key": key, "kind": kind, "win_id": win_id, "channel": channel}
    values |= {"status": "pending", "attempts": 0, "maybe_sent": False}
    return values | {"next_attempt_at": now, "created_at": now}


def _queue(
    session: Session, win: Win | WinRecord, *, key: str, kind: str, channel: str, now: datetime
) -> bool:
    """Queue the win's celebration, or a re-render of it, under `key`; False if queued before."""
    values = _queued(win.team_id, key, kind, win.id, channel, now)
    return insert_if_absent(session, OutboxMessage, values, ["team_id", "key"]) is not None


def _win_values(win: WinRecord) -> dict[str, Any]:
    values = {name: getattr(win, name) for name in _RECORD_FIELDS}
    values["client_key"] = client_key(win.client_name)
    return values


def record_win(
    *, session: Session, win: WinRecord, celebration_channel: str
) -> tuple[WinRecord, bool]:
    """Store a win and its celebration in one transaction: (the win with its id, created). A
    repeat of the same request (same source_key) stores nothing and returns the stored win."""
    win_id = insert_if_absent(session, Win, _win_values(win), ["team_id", "source_key"])
    if win_id is None:
        return _stored_before(session, win), False
    stored = replace(win, id=win_id)
    key, channel = celebration_key(win_id), celebration_channel
    _queue(session, stored, key=key, kind=CELEBRATE_KIND, channel=channel, now=win.created_at)
    return stored, True


def _stored_before(session: Session, win: WinRecord) -> WinRecord:
    existing = find_win_by_source(session=session, team_id=win.team_id, source_key=win.source_key)
    assert existing is not None
    return WinRecord.of(existing)


def _record_win_at_once() -> DriverStatement:
    """record_win as one PostgreSQL statement: the win, and its celebration (`FROM new_win`:
    none when the win was stored before); the new win's id, or no row."""
    given = [*_RECORD_FIELDS, "client_key"]
    win_row = {name: bindparam(name, type_=_WIN.c[name].type) for name in given}
    new_win = (
        postgresql.insert(_WIN)
        .values(scalar_defaults(_WIN, given) | win_row)
        .on_conflict_do_nothing(index_elements=["team_id", "source_key"])
        .returning(_WIN.c.id)
        .cte("new_win")
    )
    key = literal(f"{CELEBRATE_KIND}:") + cast(new_win.c.id, String)  # celebration_key, in SQL
    team, channel = win_row["team_id"], bindparam("channel", type_=_OUTBOX.c.channel.type)
    row = _queued(team, key, CELEBRATE_KIND, new_win.c.id, channel, win_row["created_at"])
    row = scalar_defaults(_OUTBOX, row) | row
    columns = [
        value if isinstance(value, ColumnElement) else literal(value, _OUTBOX.c[name].type)
        for name, value in row.items()
    ]
    celebration = (
        postgresql.insert(_OUTBOX)
        .from_select(list(row), select(*columns).select_from(new_win))
        .on_conflict_do_nothing(index_elements=["team_id", "key"])
        .cte("celebration")
    )
    return DriverStatement(select(new_win.c.id).add_cte(celebration))


_RECORD_WIN_AT_ONCE = _record_win_at_once()


def store_win(
    sessions: SessionFactory, *, win: WinRecord, celebration_channel: str
) -> tuple[WinRecord, bool]:
    """record_win, as its own transaction (the ack path's write). On PostgreSQL one statement
    in one round trip, where a transaction of two INSERTs took four (BEGIN, INSERT, INSERT,
    COMMIT); on SQLite grouped with the writes of other threads (`write_together`)."""
    if sessions.one_writer:
        return sessions.write_together(
            lambda session: record_win(
                session=session, win=win, celebration_channel=celebration_channel
            )
        )
    params = _win_values(win) | {"channel": celebration_channel}
    row = sessions.write_alone(_RECORD_WIN_AT_ONCE, params)
    if row is None:  # the same request again: stored before
        with sessions() as session:
            return _stored_before(session, win), False
    return replace(win, id=row[0]), True


def find_win_by_source(*, session: Session, team_id: str, source_key: str) -> Win | None:
    return session.exec(
        select(Win).where(Win.team_id == team_id, Win.source_key == source_key)
    ).first()


def get_win(*, session: Session, win_id: int, for_update: bool = False) -> Win | None:
    """The win, removed or not; `for_update` locks its row until the transaction ends."""
    if not for_update:
        return session.get(Win, win_id)
    return session.exec(select(Win).where(Win.id == win_id).with_for_update()).first()


def counted() -> ColumnElement[bool]:
    """The condition for wins that count (not removed), for every query that counts or lists."""
    return col(Win.removed_at).is_(None)


@dataclass(frozen=True)
class ClientWin:
    """Who logged a client's win, and when."""

    id: int
    client_name: str
    user_id: str
    created_at: datetime


# Built once (on the ack path of every /newclient): the values travel as parameters, the plain
# columns skip the ORM's entity loading, and it runs on the driver connection (345 -> 15 us a
# call on SQLite).
_LATEST_OF_CLIENT = DriverStatement(
    select(_WIN.c.id, _WIN.c.client_name, _WIN.c.user_id, _WIN.c.created_at)
    .where(
        _WIN.c.team_id == bindparam("team_id"),
        _WIN.c.client_key == bindparam("client_key"),
        _WIN.c.created_at >= bindparam("since"),
        _WIN.c.removed_at.is_(None),
    )
    .order_by(_WIN.c.created_at.desc(), _WIN.c.id.desc())
    .limit(1)
)


def latest_win_of_client(
    sessions: SessionFactory, *, team_id: str, client_name: str, since: datetime
) -> ClientWin | None:
    """The newest counted win of this client (by `client_key`) logged at or after `since`."""
    # One row by index (team, client_key, created_at), however many wins the team logs; on
    # every /newclient, so on the driver connection (storage.db.DriverStatement).
    params = {"team_id": team_id, "client_key": client_key(client_name), "since": since}
    row = sessions.first_row(_LATEST_OF_CLIENT, params)
    return None if row is None else ClientWin(*row)


def win_stats(*, session: Session, win: Win | WinRecord) -> WinStats:
    """Rep's and team's count of new clients this year up to this win, and whether it tops the year."""
    # One query: the rep's and team's counts up to this win, and the year's best deal before it.
    rep_count, team_count, previous_max = session.exec(
        select(
            func.count().filter(col(Win.user_id) == win.user_id),
            func.count(),
            func.max(col(Win.amount_cents)).filter(
                col(Win.id) < win.id, col(Win.currency) == win.currency
            ),
        ).where(
            col(Win.team_id) == win.team_id,
            col(Win.year) == win.year,
            col(Win.id) <= win.id,
            counted(),
        )
    ).one()
    # The first valued deal of the year is not yet a record: it has nothing to beat.
    biggest = (
        win.amount_cents is not None
        and previous_max is not None
        and win.amount_cents > previous_max
    )
    return WinStats(
        rep_count_year=rep_count, team_count_year=team_count, biggest_deal_so_far=biggest
    )


def add_congratulation(*, session: Session, win: Win, user_id: str, now: datetime) -> bool:
    """Record that `user_id` congratulated and queue a refresh of the message; False if they already had."""
    congrat_id = insert_if_absent(
        session,
        Congratulation,
        {"team_id": win.team_id, "win_id": win.id, "user_id": user_id, "created_at": now},
        ["win_id", "user_id"],
    )
    if congrat_id is None:
        return False
    _queue_refresh(session, win, key=refresh_key(win.id, congrat_id), now=now)
    return True


def _queue_refresh(session: Session, win: Win, *, key: str, now: datetime) -> bool:
    """Queue a re-render (chat.update) of the win's celebration; False if `key` was queued before."""
    celebration = outbox_store.find_by_key(
        session=session, team_id=win.team_id, key=celebration_key(win.id)
    )
    channel = celebration.channel if celebration else ""
    return _queue(session, win, key=key, kind=REFRESH_KIND, channel=channel, now=now)


@dataclass(frozen=True)
class WinEdit:
    """What the winner or an admin may correct (already checked, as it is to be stored)."""

    client_name: str
    amount_cents: int | None
    currency: str | None
    segment: str | None
    won_via: str | None
    story: str | None


def edit_win(*, session: Session, win: Win, edit: WinEdit, source_key: str, now: datetime) -> bool:
    """Store the correction and queue a refresh of the celebration; False when the same request
    (`source_key`, e.g. the modal's view id) was stored before: it changes the win once."""
    if not _queue_refresh(session, win, key=refresh_key(win.id, source_key), now=now):
        return False
    for f in fields(edit):
        setattr(win, f.name, getattr(edit, f.name))
    session.add(win)
    session.flush()
    return True


def remove_win(*, session: Session, win: Win, user_id: str, now: datetime) -> bool:
    """Mark the win removed by `user_id` and queue the celebration's "removed" line; False when
    it was removed already."""
    if win.removed_at is not None:
        return False
    win.removed_at, win.removed_by = now, user_id
    session.add(win)
    session.flush()
    _queue_refresh(session, win, key=refresh_key(win.id, "removed"), now=now)
    return True


def congratulators(*, session: Session, win_id: int) -> list[str]:
    """User IDs who congratulated, in the order they did."""
    rows = session.exec(
        select(Congratulation.user_id)
        .where(Congratulation.win_id == win_id)
        .order_by(col(Congratulation.id))
    ).all()
    return list(rows)


def _of_year(query: Any, team_id: str, year: int, user_id: str | None) -> Any:
    query = query.where(Win.team_id == team_id, Win.year == year, counted())
    return query if user_id is None else query.where(Win.user_id == user_id)


def wins_of_year(
    *, session: Session, team_id: str, year: int, user_id: str | None = None, limit: int = 10
) -> list[Win]:
    """Most recent wins of a year, newest first, optionally of one rep."""
    query = _of_year(select(Win), team_id, year, user_id)
    return list(session.exec(query.order_by(col(Win.id).desc()).limit(limit)).all())


def count_wins(*, session: Session, team_id: str, year: int, user_id: str | None = None) -> int:
    query = _of_year(select(func.count()).select_from(Win), team_id, year, user_id)
    return session.exec(query).one()
