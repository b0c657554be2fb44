"""The outbox keeps PostgreSQL's statistics of its table fresh after a burst of queued messages
(storage.outbox.keep_statistics_fresh), so the planner claims by index from the first message."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, text

from storage.models import OutboxMessage
from storage.outbox import ANALYZE_AFTER_CHANGES, keep_statistics_fresh

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def queue(sessions, count: int, tag: str) -> None:
    rows = [
        {
            "team_id": "T1",
            "key": f"fanout:{tag}:{n}",
            "kind": "message",
            "channel": f"U{n % 50:04d}",
            "payload": "{}",
            "status": "pending",
            "attempts": 0,
            "maybe_sent": False,
            "next_attempt_at": NOW,
            "created_at": NOW,
        }
        for n in range(count)
    ]
    with sessions.write() as session:
        session.execute(insert(OutboxMessage), rows)
        if not sessions.one_writer:
            # The counters reach pg_stat_user_tables at most once a second otherwise.
            session.execute(text("SELECT pg_stat_force_next_flush()"))


def times_analyzed(sessions) -> int:
    with sessions() as session:
        return session.execute(
            text(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relid = to_regclass('outbox')"
            )
        ).scalar_one()


def test_a_burst_of_queued_messages_is_analyzed_once(sessions):
    if sessions.one_writer:
        queue(sessions, ANALYZE_AFTER_CHANGES + 500, "sqlite")
        assert keep_statistics_fresh(sessions) is False  # SQLite's claim names its index
        return
    queue(sessions, 100, "a few")
    assert keep_statistics_fresh(sessions) is False  # a few messages are left to autovacuum
    before = times_analyzed(sessions)
    queue(sessions, ANALYZE_AFTER_CHANGES + 500, "fan-out")
    assert keep_statistics_fresh(sessions) is True
    assert times_analyzed(sessions) == before + 1
    assert keep_statistics_fresh(sessions) is False  # nothing changed since
