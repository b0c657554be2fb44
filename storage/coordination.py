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

A worker replica gives way to the replicas that answer Slack (`requests_served_elsewhere`):
each process names its connections after its role and schema (`name_connections`), and
PostgreSQL's pg_stat_activity shows which of them are at work right now. The web role pays
nothing for it: the worker asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
    """SQL for a connection's name: PostgreSQL keeps the first 63 bytes (NAMEDATALEN - 1)."""
    return f"left('salesbot ' || {role} || ':' || coalesce(current_schema(), ''), 63)"


def name_connections(engine: Engine, role: str) -> None:
    """Name each new PostgreSQL connection of this process "salesbot <role>:<schema>" (one
    round trip per connection, not per use): `requests_served_elsewhere` looks for it, and
    so can whoever reads pg_stat_activity."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def _name(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(
                f"SELECT set_config('application_name', {_connection_name('%s')}, false)", (role,)
            )
        finally:
            cursor.close()
        dbapi_connection.commit()  # a SET rolled back with its transaction would be undone


# Sessions of a serving role of this schema that are in a statement or a transaction now, or
# were a moment ago (between two requests, or two statements of one, a session is idle).
_SERVING = DriverStatement(
    text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid()"
        " AND application_name IN ("
        + ", ".join(_connection_name(f"'{role}'") for role in SERVING_ROLES)
        + ")"
        " AND (state <> 'idle' OR state_change > clock_timestamp() - make_interval(secs => :quiet))"
    )
    .bindparams(bindparam("quiet", type_=Float))
    .columns(count=Integer)
)


def requests_served_elsewhere(sessions: SessionFactory, quiet_seconds: float) -> bool:
    """Whether a process that answers Slack (--role web or all) on this database and schema is
    at work now, or was within `quiet_seconds`. Always False on SQLite (one process), and
    False where pg_stat_activity hides other sessions' state (another database user without
    pg_read_all_stats)."""
    if sessions.one_writer:
        return False
    row = sessions.first_row(_SERVING, {"quiet": quiet_seconds})
    return bool(row and row[0])
