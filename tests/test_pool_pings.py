"""PostgreSQL connections in the pool: one idle for a while is pinged before it is handed out,
so a connection the server dropped meanwhile costs nobody a failed request; one that answered
a moment ago is handed out without a ping (storage.db.PING_AFTER_IDLE_SECONDS)."""

from __future__ import annotations

import pytest
from conftest import ProtocolTrace, wins_stored
from conftest import store_win as store
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

import storage.db
from storage.db import SessionFactory

pytestmark = pytest.mark.postgres


def drop_pooled_connections(sessions: SessionFactory) -> None:
    """The server ends the pool's connection (a restart, a proxy's timeout). Used one unit of
    work at a time, the pool holds just one."""
    pooled = sessions.engine.raw_connection()
    pid = pooled.driver_connection.info.backend_pid  # type: ignore[union-attr]
    pooled.close()
    outside = create_engine(sessions.engine.url, poolclass=NullPool)
    with outside.connect() as connection:
        # It returns once the backend has gone (or after 5 s), not merely signalled.
        ended = connection.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        assert ended
    outside.dispose()


def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres_sessions, monkeypatch):
    store(postgres_sessions, "before")
    drop_pooled_connections(postgres_sessions)
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)  # "a while" has passed

    store(postgres_sessions, "after")

    assert wins_stored(postgres_sessions) == 2


def test_without_the_ping_the_dropped_connection_would_fail_the_request(
    postgres_sessions, monkeypatch
):
    """The test above proves something: handed out unpinged, the dead connection fails."""
    store(postgres_sessions, "before")
    drop_pooled_connections(postgres_sessions)
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 3600.0)

    with pytest.raises(Exception, match="(?i)terminat|closed|connection"):
        store(postgres_sessions, "after")


def test_a_connection_used_a_moment_ago_is_handed_out_without_a_ping(
    postgres_sessions, monkeypatch
):
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 3600.0)  # a slow CI is no idle
    store(postgres_sessions, "warm")
    with ProtocolTrace(postgres_sessions) as trace:
        store(postgres_sessions, "one")
        store(postgres_sessions, "two")

    # SQLAlchemy's ping is an empty query (";"); the two units of work send BEGIN and COMMIT.
    queries = [trace.content(line) for line in trace.sent("Query")]
    assert queries == ['"BEGIN"', '"COMMIT"', '"BEGIN"', '"COMMIT"'], trace.text
    assert wins_stored(postgres_sessions) == 3


def test_an_idle_connection_is_pinged_first(postgres_sessions, monkeypatch):
    store(postgres_sessions, "warm")
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    with ProtocolTrace(postgres_sessions) as trace:
        store(postgres_sessions, "one")

    queries = [trace.content(line) for line in trace.sent("Query")]
    assert queries == ['";"', '"BEGIN"', '"COMMIT"'], trace.text
