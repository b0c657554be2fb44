"""SessionFactory.write_together: the writes of threads asking at one moment share one SQLite
transaction (group commit); each caller still gets its own result or its own error."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from storage.models import Win
from storage.wins import WinRecord, record_win

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def a_win(n: int, source: str | None = None) -> WinRecord:
    return WinRecord(
        team_id="T1",
        user_id="U1",
        client_name=f"Client {n}",
        year=2026,
        source_key=source or f"cmd:{n}",
        created_at=NOW,
    )


def logging(win: WinRecord):
    return lambda session: record_win(session=session, win=win, celebration_channel="CWINS")


def stored_clients(sessions) -> list[str]:
    with sessions() as session:
        return sorted(session.exec(select(Win.client_name)).all())


def commits_of(sessions) -> list[int]:
    counted = [0]
    event.listen(sessions.engine, "commit", lambda _conn: counted.__setitem__(0, counted[0] + 1))
    return counted


def wait_until(predicate, what: str) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_one_caller_gets_its_win_stored_with_its_celebration(sessions):
    stored, created = sessions.write_together(logging(a_win(1)))
    assert created and stored.id is not None
    assert stored_clients(sessions) == ["Client 1"]
    again, created_again = sessions.write_together(logging(a_win(1)))
    assert (again.id, created_again) == (stored.id, False)  # the same request stores nothing


def test_writers_queued_behind_the_lock_share_one_transaction(sessions):
    if sessions.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL commits concurrent transactions side by side")
    results: dict[int, tuple] = {}

    def log(n: int) -> None:
        results[n] = sessions.write_together(logging(a_win(n)))

    threads = [threading.Thread(target=log, args=(n,)) for n in range(10)]
    with sessions.write():  # another writer (say the outbox) holds SQLite's lock meanwhile
        commits = commits_of(sessions)
        for thread in threads:
            thread.start()
        # One thread leads (and waits for the lock); the other nine queue behind it.
        wait_until(lambda: len(sessions._group) == 9, "nine writers to queue")
    for thread in threads:
        thread.join(10)
    assert sorted(results) == list(range(10))
    assert all(created for _, created in results.values())
    assert len({stored.id for stored, _ in results.values()}) == 10
    assert stored_clients(sessions) == sorted(f"Client {n}" for n in range(10))
    # The leader's own transaction, then one for the nine that queued (not ten commits).
    assert commits[0] == 2


def test_a_failing_write_fails_alone_and_stores_nothing_of_its_own(sessions):
    results: dict[str, object] = {}

    def broken(session: Session) -> None:
        record_win(session=session, win=a_win(99), celebration_channel="CWINS")
        raise ValueError("the unit's own mistake")

    def run(name: str, work) -> None:
        try:
            results[name] = sessions.write_together(work)
        except ValueError as error:
            results[name] = error

    threads = [threading.Thread(target=run, args=(f"w{n}", logging(a_win(n)))) for n in range(4)]
    threads.insert(2, threading.Thread(target=run, args=("broken", broken)))
    with sessions.write():
        for thread in threads:
            thread.start()
        if sessions.engine.dialect.name == "sqlite":
            wait_until(lambda: len(sessions._group) == 4, "four writers to queue")
    for thread in threads:
        thread.join(10)
    assert isinstance(results["broken"], ValueError)
    assert all(results[f"w{n}"][1] is True for n in range(4))  # type: ignore[index]
    assert stored_clients(sessions) == [f"Client {n}" for n in range(4)]


def test_two_of_one_request_in_one_transaction_store_one_win(sessions):
    results = []

    def log() -> None:
        results.append(sessions.write_together(logging(a_win(7, source="cmd:same"))))

    threads = [threading.Thread(target=log) for _ in range(3)]
    with sessions.write():
        for thread in threads:
            thread.start()
        if sessions.engine.dialect.name == "sqlite":
            wait_until(lambda: len(sessions._group) == 2, "two writers to queue")
    for thread in threads:
        thread.join(10)
    assert sorted(created for _, created in results) == [False, False, True]
    assert len({stored.id for stored, _ in results}) == 1
    assert stored_clients(sessions) == ["Client 7"]
