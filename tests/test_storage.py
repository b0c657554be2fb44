"""Storage on SQLite and on a real PostgreSQL server: idempotent writes and exactly-once claims."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from storage import outbox as outbox_store
from storage import users as user_store
from storage import wins as win_store
from storage.db import SessionFactory, make_engine, migrate
from storage.models import OutboxMessage, Win
from storage.wins import WinRecord

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def new_win(
    source: str,
    *,
    user: str = "UANNA",
    cents: int | None = 100_000,
    team: str = "T1",
    year: int = 2027,
    **kw,
) -> WinRecord:
    return WinRecord(
        team_id=team,
        user_id=user,
        client_name=f"Client {source}",
        amount_cents=cents,
        currency="EUR" if cents else None,
        year=year,
        source_key=source,
        created_at=kw.pop("at", NOW),
        **kw,
    )


def record(sessions, win: WinRecord) -> tuple[WinRecord, bool]:
    with sessions.write() as session:
        return win_store.record_win(session=session, win=win, celebration_channel="CWINS0001")


def test_migrate_twice_is_harmless(sessions):
    migrate(sessions.engine)
    with sessions() as session:
        assert session.exec(select(Win)).all() == []


def test_a_win_and_its_celebration_are_stored_together_once(sessions):
    win, created = record(sessions, new_win("command:t1"))
    again, created_again = record(sessions, new_win("command:t1"))
    assert created and not created_again
    assert again.id == win.id
    with sessions() as session:
        assert len(session.exec(select(Win)).all()) == 1
        [message] = session.exec(select(OutboxMessage)).all()
    assert (message.key, message.kind, message.status, message.win_id) == (
        f"celebrate:{win.id}",
        "celebrate",
        "pending",
        win.id,
    )
    assert message.created_at == NOW  # timezone-aware on both backends


def test_same_source_key_in_another_workspace_is_another_win(sessions):
    record(sessions, new_win("command:t1", team="T1"))
    _, created = record(sessions, new_win("command:t1", team="T2"))
    assert created


def test_concurrent_duplicate_submissions_store_one_win(sessions):
    results = []

    def submit():
        results.append(record(sessions, new_win("view:V1"))[1])

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    with sessions() as session:
        assert len(session.exec(select(Win)).all()) == 1
        assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_stats_count_per_rep_and_team_per_year_as_of_each_win(sessions):
    first, _ = record(sessions, new_win("a", user="UANNA", cents=100_000))
    record(sessions, new_win("b", user="UBRAM", cents=50_000))
    third, _ = record(sessions, new_win("c", user="UANNA", cents=300_000))
    record(sessions, new_win("old", user="UANNA", cents=900_000, year=2026))
    with sessions() as session:
        s1 = win_store.win_stats(session=session, win=first)
        s3 = win_store.win_stats(session=session, win=third)
    assert (s1.rep_count_year, s1.team_count_year, s1.biggest_deal_so_far) == (1, 1, False)
    # Last year's bigger deal does not count; this one beats 1,000 and 500 this year.
    assert (s3.rep_count_year, s3.team_count_year, s3.biggest_deal_so_far) == (2, 3, True)


def test_congratulations_are_recorded_once_per_person_and_queue_a_refresh(sessions):
    win, _ = record(sessions, new_win("a"))
    with sessions.write() as session:
        assert win_store.add_congratulation(session=session, win=win, user_id="UBRAM", now=NOW)
        assert not win_store.add_congratulation(session=session, win=win, user_id="UBRAM", now=NOW)
        assert win_store.add_congratulation(session=session, win=win, user_id="UCHRIS", now=NOW)
    with sessions() as session:
        assert win_store.congratulators(session=session, win_id=win.id) == ["UBRAM", "UCHRIS"]
        refreshes = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "refresh")).all()
    assert len(refreshes) == 2


def test_two_processes_never_claim_the_same_message(database_url):
    # Two engines stand in for two bot processes on one database.
    engines = [make_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    factories = [SessionFactory(e) for e in engines]
    for i in range(30):
        record(factories[0], new_win(f"w{i}"))
    claimed: list[int] = []
    lock = threading.Lock()

    def work(factory):
        while True:
            with factory.write() as session:
                message = outbox_store.claim_next(session=session, now=NOW + timedelta(seconds=1))
            if message is None:
                return
            with lock:
                claimed.append(message.id)
            with factory.write() as session:
                outbox_store.mark_sent(session=session, message_id=message.id, ts="1.0", now=NOW)

    threads = [threading.Thread(target=work, args=(factories[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(set(claimed))
    assert len(claimed) == 30
    for engine in engines:
        engine.dispose()


def test_an_expired_lease_is_claimed_again_as_maybe_sent(sessions):
    record(sessions, new_win("a"))
    with sessions.write() as session:
        first = outbox_store.claim_next(session=session, now=NOW)
    assert first is not None and not first.maybe_sent
    with sessions.write() as session:
        assert outbox_store.claim_next(session=session, now=NOW + timedelta(seconds=30)) is None
        again = outbox_store.claim_next(
            session=session, now=NOW + outbox_store.LEASE + timedelta(seconds=1)
        )
    assert again is not None and again.id == first.id
    assert again.maybe_sent and again.attempts == 2


def test_event_ids_are_claimed_once(sessions):
    with sessions.write() as session:
        assert user_store.claim_event(session=session, team_id="T1", event_id="Ev1")
        assert not user_store.claim_event(session=session, team_id="T1", event_id="Ev1")
        assert user_store.claim_event(session=session, team_id="T2", event_id="Ev1")


def test_a_tick_at_another_moment_never_takes_a_message_another_process_is_sending(sessions):
    with sessions.write() as session:
        win_store.record_win(session=session, win=new_win("s1"), celebration_channel="C1")
    real_now = NOW
    with sessions.write() as session:
        [taken] = outbox_store.claim_batch(session=session, now=real_now)
    # `tick --at` a day later: due is judged as of then, the running sender's lease by the
    # real clock, so the message being sent is not taken again.
    with sessions.write() as session:
        again = outbox_store.claim_batch(
            session=session, now=real_now + timedelta(days=1), real_now=real_now
        )
    assert again == []
    with sessions() as session:
        row = session.get(OutboxMessage, taken.id)
    assert row.status == "sending" and row.lease_until == real_now + outbox_store.LEASE


def test_a_channels_messages_are_claimed_in_the_order_they_were_queued(sessions):
    """With several deliverers claiming one message at a time, a channel's later message
    waits until its older one is sent (or waits for a retry); other channels go on."""
    from bot.jobs.outbox import queue_message

    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    with sessions.write() as session:
        for key, channel in (("a1", "CAAAAA1"), ("a2", "CAAAAA1"), ("b1", "CBBBBB1")):
            queue_message(
                session, team_id="T1", key=key, channel=channel, message={"text": key}, now=now
            )

    def claim() -> list[str]:
        with sessions.write() as session:
            return [m.key for m in outbox_store.claim_batch(session=session, now=now, limit=1)]

    assert claim() == ["a1"]
    assert claim() == ["b1"]  # a2 waits: a1 is being sent
    assert claim() == []
    with sessions.write() as session:
        a1 = outbox_store.find_by_key(session=session, team_id="T1", key="a1")
        assert a1 is not None and a1.id is not None
        outbox_store.mark_sent(session=session, message_id=a1.id, ts="1.0", now=now)
    assert claim() == ["a2"]
