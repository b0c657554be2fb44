"""storage.wins.store_win: the ack path's write. On PostgreSQL the win and its celebration go
in one statement (one round trip, no BEGIN and no COMMIT); it must store exactly what the
two-INSERT transaction stores (record_win, SQLite's way), all of it or nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ProtocolTrace, a_win, wins_stored
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from storage import wins as win_store
from storage.models import OutboxMessage, Win
from storage.wins import WinRecord

CHANNEL = "CWINS0001"


def record(key: str) -> WinRecord:
    return replace(WinRecord.of(a_win(key)), story="Won on <price> & service")


def stored_rows(sessions) -> tuple[list[Win], list[OutboxMessage]]:
    with sessions() as session:
        wins = list(session.exec(select(Win).order_by(Win.id)).all())
        queued = list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())
    return wins, queued


def columns(row, *skip: str) -> dict:
    return {k: v for k, v in row.model_dump().items() if k not in ("id", *skip)}


def test_a_win_and_its_celebration_are_stored_as_record_win_stores_them(sessions):
    with sessions.write() as session:
        by_transaction, _ = win_store.record_win(
            session=session, win=record("first"), celebration_channel=CHANNEL
        )
    stored, created = win_store.store_win(
        sessions, win=record("second"), celebration_channel=CHANNEL
    )

    assert created and stored.id is not None and stored.id != by_transaction.id
    assert stored == replace(record("second"), id=stored.id)
    (first, second), (first_post, second_post) = stored_rows(sessions)
    assert second.id == stored.id
    different = ("source_key", "client_name", "client_key")
    assert columns(second, *different) == columns(first, *different)
    assert second.client_key == "client second" and second.story == "Won on <price> & service"
    assert second_post.key == f"celebrate:{stored.id}" and second_post.win_id == stored.id
    assert columns(second_post, "key", "win_id") == columns(first_post, "key", "win_id")
    assert (second_post.kind, second_post.channel, second_post.status) == (
        "celebrate",
        CHANNEL,
        "pending",
    )
    assert second_post.next_attempt_at == second_post.created_at == a_win("x").created_at


def test_the_same_request_again_stores_nothing_and_answers_with_the_stored_win(sessions):
    stored, created = win_store.store_win(sessions, win=record("once"), celebration_channel=CHANNEL)
    again = replace(record("once"), client_name="Typed differently")

    repeated, created_again = win_store.store_win(sessions, win=again, celebration_channel="C2")

    assert created and not created_again
    assert repeated == stored
    wins, queued = stored_rows(sessions)
    assert [w.client_name for w in wins] == ["Client once"]
    assert [(m.key, m.channel) for m in queued] == [(f"celebrate:{stored.id}", CHANNEL)]


@pytest.mark.postgres
def test_on_postgresql_a_win_is_one_statement_outside_any_transaction(postgres_sessions):
    win_store.store_win(postgres_sessions, win=record("warm"), celebration_channel=CHANNEL)
    with ProtocolTrace(postgres_sessions) as trace:
        win_store.store_win(postgres_sessions, win=record("traced"), celebration_channel=CHANNEL)
    sent = trace.text

    assert len(trace.sent("Execute")) == 1, sent
    assert "BEGIN" not in sent and "COMMIT" not in sent and "ROLLBACK" not in sent, sent
    ready = [trace.content(line) for line in trace.received("ReadyForQuery")]
    assert ready and set(ready) == {"I"}, sent
    assert wins_stored(postgres_sessions) == 2


@pytest.mark.postgres
def test_on_postgresql_a_win_whose_celebration_cannot_be_queued_is_not_stored(
    postgres_sessions,
):
    """All or nothing: the celebration's INSERT fails (a trigger refuses it), and the win
    that the same statement inserted before it is gone too."""
    with postgres_sessions.write() as session:
        session.exec(  # type: ignore[call-overload]
            text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$"
            )
        )
        session.exec(  # type: ignore[call-overload]
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )

    with pytest.raises(DBAPIError, match="outbox refused"):
        win_store.store_win(postgres_sessions, win=record("refused"), celebration_channel=CHANNEL)

    assert stored_rows(postgres_sessions) == ([], [])
    with postgres_sessions.write() as session:
        session.exec(text("DROP TRIGGER refuse ON outbox"))  # type: ignore[call-overload]
    stored, created = win_store.store_win(
        postgres_sessions, win=record("refused"), celebration_channel=CHANNEL
    )
    assert created and wins_stored(postgres_sessions) == 1
