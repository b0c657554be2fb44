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
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

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
