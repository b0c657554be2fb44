"""SessionFactory.first_row: a read that stands alone, on the driver connection
(storage.db.DriverStatement.first), as the ack path's 30-day check makes it. It must see what
is committed and nothing else, and hand its connection back to the pool as it came: the next
unit of work on that connection is a transaction again."""

from __future__ import annotations

import pytest
from conftest import Broken, ProtocolTrace, a_win, wins_stored
from conftest import store_win as store
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, select
from sqlalchemy.exc import DBAPIError

from storage.db import DriverStatement
from storage.models import Win

AT = a_win("any").created_at  # when every a_win was logged
WIN = Win.__table__  # type: ignore[attr-defined]
CLIENT_OF = DriverStatement(
    select(WIN.c.client_name, WIN.c.created_at).where(WIN.c.source_key == bindparam("key"))
)
MISSING = Table("no_such_table", MetaData(), Column("id", Integer))
NO_SUCH_TABLE = DriverStatement(select(MISSING.c.id))


def test_a_lone_read_sees_what_is_committed_and_nothing_rolled_back(sessions):
    store(sessions, "kept")
    with pytest.raises(Broken):
        store(sessions, "undone", then_fail=True)

    assert sessions.first_row(CLIENT_OF, {"key": "kept"}) == ("Client kept", AT)
    assert sessions.first_row(CLIENT_OF, {"key": "undone"}) is None


def test_after_lone_reads_the_connection_is_a_transaction_again(sessions):
    """A unit of work that fails half-way leaves nothing, also on the connection a lone read
    (one that worked, one that failed) used just before."""
    assert sessions.first_row(CLIENT_OF, {"key": "none yet"}) is None
    with pytest.raises(DBAPIError):
        sessions.first_row(NO_SUCH_TABLE, {})
    with pytest.raises(Broken):
        store(sessions, "undone", then_fail=True)
    store(sessions, "kept")

    assert wins_stored(sessions) == 1
    assert sessions.first_row(CLIENT_OF, {"key": "kept"}) == ("Client kept", AT)


@pytest.mark.postgres
def test_on_postgresql_a_lone_read_sends_no_begin_and_no_rollback(postgres_sessions):
    """What the server is sent (libpq's protocol trace): the read alone, outside any
    transaction. A BEGIN and a ROLLBACK were two more round trips, and each ROLLBACK dropped
    psycopg's prepared statements."""
    store(postgres_sessions, "kept")
    with ProtocolTrace(postgres_sessions) as trace:
        for _ in range(3):
            assert postgres_sessions.first_row(CLIENT_OF, {"key": "kept"}) is not None
    sent = trace.text

    assert len(trace.sent("Execute")) == 3, sent
    assert "BEGIN" not in sent and "ROLLBACK" not in sent, sent
    ready = [trace.content(line) for line in trace.received("ReadyForQuery")]
    assert ready and set(ready) == {"I"}, sent  # idle: never inside a transaction
