"""storage.upsert.insert_if_absent runs on the driver connection (no SQLAlchemy execution in
between): what it stores must be what SQLAlchemy would store, on SQLite and PostgreSQL, and its
failures must be SQLAlchemy's own exceptions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage.models import Congratulation, OutboxMessage, Win
from storage.upsert import insert_if_absent

AT = datetime(2027, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)


def win_values(**changes) -> dict:
    values = {
        "team_id": "T1",
        "user_id": "U1",
        "client_name": "Café  Noord",
        "client_key": "café noord",
        "amount_cents": 2_500_000_000_00,  # beyond 32 bits: the column is a BIGINT
        "currency": "EUR",
        "year": 2027,
        "source_key": "cmd:1",
        "created_at": AT,
    }
    return values | changes


def test_a_row_is_stored_once_and_its_id_returned(sessions):
    with sessions.write() as session:
        first = insert_if_absent(session, Win, win_values(), ["team_id", "source_key"])
        again = insert_if_absent(session, Win, win_values(), ["team_id", "source_key"])
    assert isinstance(first, int)
    assert again is None
    with sessions() as session:
        [win] = session.exec(select(Win)).all()
    assert win.id == first
    assert (win.client_name, win.client_key) == ("Café  Noord", "café noord")
    assert win.amount_cents == 2_500_000_000_00
    assert win.created_at == AT  # aware, microseconds kept, as the ORM writes and reads it
    assert (win.segment, win.story, win.removed_at) == (None, None, None)


def test_the_columns_own_defaults_fill_what_is_not_given(sessions):
    with sessions.write() as session:
        win_id = insert_if_absent(session, Win, win_values(), ["team_id", "source_key"])
        values = {"team_id": "T1", "key": "celebrate:1", "kind": "celebrate", "win_id": win_id}
        values |= {"channel": "C1", "next_attempt_at": AT, "created_at": AT}
        insert_if_absent(session, OutboxMessage, values, ["team_id", "key"])
    with sessions() as session:
        [message] = session.exec(select(OutboxMessage)).all()
    assert (message.status, message.attempts, message.maybe_sent) == ("pending", 0, False)
    assert message.next_attempt_at == AT


def test_a_default_computed_in_python_must_be_given(sessions):
    values = win_values()
    del values["client_key"]
    with pytest.raises(ValueError, match="win.client_key"), sessions.write() as session:
        insert_if_absent(session, Win, values, ["team_id", "source_key"])


def test_a_broken_constraint_is_sqlalchemys_integrity_error_and_nothing_stays(sessions):
    with pytest.raises(IntegrityError), sessions.write() as session:
        insert_if_absent(session, Win, win_values(), ["team_id", "source_key"])
        values = {"team_id": "T1", "win_id": 999_999, "user_id": "U2", "created_at": AT}
        insert_if_absent(session, Congratulation, values, ["win_id", "user_id"])
    with sessions() as session:
        assert session.exec(select(Win)).all() == []  # the whole transaction rolled back
