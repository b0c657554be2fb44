"""Work that one replica at a time does, decided in the database.

On PostgreSQL the per-minute clock pass is guarded by a transaction-level advisory lock
(`pg_try_advisory_xact_lock`) taken on a connection of its own for the length of the pass.
Transaction-level rather than session-level: the lock ends with the transaction however the
pass ends (done, raised, its connection handed back to the pool or killed with its process),
so a forgotten unlock can never leave the lock with a pooled connection and stop every
replica's clock; it also works behind a transaction-pooling PgBouncer, which session locks do
not. Between passes nobody holds it, so any replica may run the next minute.

The key is a constant plus a hash of the current schema: advisory locks are per database,
and two bots in two schemas of one database are two deployments.

SQLite serves one process (`storage.db.claim_single_process`), so there the pass always runs.

A worker replica gives way to the replicas that answer Slack (`serving_elsewhere`):
each process names its connections after its role and schema (`name_connections`), and
PostgreSQL's pg_stat_activity shows which of them are at work right now. The web role pays
nothing for it: the worker asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Float, Integer, bindparam, event, text
from sqlalchemy.engine import Engine

from storage.db import DriverStatement, SessionFactory

# The migrations' lock (storage/migrations/env.py) is 1511938823; this one is the clock's.
CLOCK_LOCK_KEY = 1511938824

_TRY_CLOCK_LOCK = text(
    "SELECT pg_try_advisory_xact_lock(:key, hashtext(coalesce(current_schema(), '')))"
)


@contextmanager
def clock_turn(engine: Engine) -> Iterator[bool]:
    """True inside the block when this process runs the clock pass now, False when another
    replica is running it; never waits."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as connection:
        held = bool(connection.execute(_TRY_CLOCK_LOCK, {"key": CLOCK_LOCK_KEY}).scalar())
        # Leaving the block rolls the transaction back, and the lock goes with it.
        yield held


# The roles whose processes answer Slack (bot.__main__'s --role).
SERVING_ROLES = ("all", "web")


def _connection_name(role: str) -> str:
    """SQL for the name of a connection of `role` (SQL too) on this schema: the role, and a
    hash of the schema (PostgreSQL keeps 63 ASCII bytes of a name; a schema's may be longer
    or not ASCII)."""
    return f"'salesbot ' || {role} || ' ' || left(md5(coalesce(current_schema(), '')), 8)"


def name_connections(engine: Engine, role: str) -> None:
    """Name the PostgreSQL connections of this process "salesbot <role> <schema's hash>", for
    `serving_elsewhere` and for whoever reads pg_stat_activity. The first connection
    asks the server for the name (two round trips); the others are opened with it."""
    if engine.dialect.name != "postgresql":
        return
    named: list[str] = []

    @event.listens_for(engine, "do_connect")
    def _with_name(_dialect, _record, _cargs, cparams) -> None:
        if named:
            cparams["application_name"] = named[0]

    @event.listens_for(engine, "connect")
    def _name(dbapi_connection, _record) -> None:
        if named:
            return
        cursor = dbapi_connection.cursor()
        try:
            sql = f"SELECT set_config('application_name', {_connection_name('%s')}, false)"
            cursor.execute(sql, (role,))
            named[:] = [cursor.fetchone()[0]]
        finally:
            cursor.close()
        dbapi_connection.commit()  # a SET rolled back with its transaction would be undone


_SERVING_NAMES = ", ".join(_connection_name(f"'{role}'") for role in SERVING_ROLES)
# Sessions of a serving role of this schema that are in a statement or a transaction now, or
# were a moment ago (between two requests, or two statements of one, a session is idle); and
# how many of them hide their state (another database user without pg_read_all_stats). A
# server that tracks no activity shows every session "disabled": nobody at work.
_SERVING = DriverStatement(
    text(
        "SELECT count(*) FILTER (WHERE state IN ('active', 'idle in transaction')"
        " OR (state = 'idle' AND state_change > clock_timestamp() - make_interval(secs => :quiet))),"
        " count(*) FILTER (WHERE state IS NULL)"
        " FROM pg_stat_activity WHERE datname = current_database()"
        f" AND pid <> pg_backend_pid() AND application_name IN ({_SERVING_NAMES})"
    )
    .bindparams(bindparam("quiet", type_=Float))
    .columns(at_work=Integer, hidden=Integer)
)


@dataclass(frozen=True)
class Serving:
    """What the worker sees of the processes that answer Slack."""

    at_work: int  # sessions at work now, or a moment ago
    hidden: int  # sessions whose state this database user may not see


def serving_elsewhere(sessions: SessionFactory, quiet_seconds: float) -> Serving:
    """The sessions of processes that answer Slack (--role web or all) on this database and
    schema that are at work now, or were within `quiet_seconds`. None at all on SQLite (one
    process)."""
    if sessions.one_writer:
        return Serving(0, 0)
    row = sessions.first_row(_SERVING, {"quiet": quiet_seconds})
    return Serving(*row) if row else Serving(0, 0)
