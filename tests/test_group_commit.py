"""SessionFactory.write_together: the wins of threads logging at one moment share one SQLite
transaction (group commit); each caller still gets its own answer or its own error."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlalchemy import event
from sqlmodel import Session, select

from storage.models import OutboxMessage, Win, client_key
from storage.wins import WinRecord, celebration_key, record_win

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


def logging_of(win: WinRecord):
    return lambda session: record_win(session=session, win=win, celebration_channel="CWINS")


def log(sessions, win: WinRecord) -> tuple[WinRecord, bool]:
    return sessions.write_together(logging_of(win))


def stored_clients(sessions) -> list[str]:
    """The names of the wins stored; each with its client key (how a repeat is found)."""
    with sessions() as session:
        rows = session.exec(select(Win.client_name, Win.client_key)).all()
    assert all(key == client_key(name) for name, key in rows)
    return sorted(name for name, _ in rows)


def commits(sessions) -> list[int]:
    """How many transactions are committed from now on."""
    counted = [0]

    def committed(_conn) -> None:
        counted[0] += 1

    event.listen(sessions.engine, "commit", committed)
    return counted


def celebrations(sessions) -> list[tuple[str, int | None, str]]:
    with sessions() as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(row.key, row.win_id, row.channel) for row in rows]


def wait_until(predicate, what: str) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def run_queued(sessions, threads: list[threading.Thread]) -> None:
    """Start the threads while another writer (say the outbox) holds the write lock: one of
    them leads (and waits for the lock), the others queue behind it; then let them run."""
    with sessions.write():
        for thread in threads:
            thread.start()
        if sessions.one_writer:
            queued = len(threads) - 1
            wait_until(lambda: len(sessions._group) == queued, f"{queued} writers to queue")
    for thread in threads:
        thread.join(10)


def test_one_caller_gets_its_win_stored_with_its_celebration(sessions):
    stored, created = log(sessions, a_win(1))
    assert created and stored.id is not None
    assert stored_clients(sessions) == ["Client 1"]
    assert celebrations(sessions) == [(celebration_key(stored.id), stored.id, "CWINS")]
    again, created_again = log(sessions, a_win(1))
    assert (again.id, created_again) == (stored.id, False)  # the same request stores nothing


def test_writers_queued_behind_the_lock_share_one_transaction(sqlite_sessions):
    sessions = sqlite_sessions
    results: dict[int, tuple] = {}

    def logs(n: int) -> None:
        results[n] = log(sessions, a_win(n))

    counted = commits(sessions)
    run_queued(sessions, [threading.Thread(target=logs, args=(n,)) for n in range(10)])
    assert sorted(results) == list(range(10))
    assert all(created for _, created in results.values())
    assert len({stored.id for stored, _ in results.values()}) == 10
    assert stored_clients(sessions) == sorted(f"Client {n}" for n in range(10))
    # Each win has its own celebration, to be posted once.
    assert sorted(celebrations(sessions)) == sorted(
        (celebration_key(stored.id), stored.id, "CWINS") for stored, _ in results.values()
    )
    # The leader's own transaction, then one for the nine that queued (not ten commits).
    assert counted == [2]


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

    threads = [threading.Thread(target=run, args=(f"w{n}", logging_of(a_win(n)))) for n in range(4)]
    threads.insert(2, threading.Thread(target=run, args=("broken", broken)))
    run_queued(sessions, threads)
    assert isinstance(results["broken"], ValueError)
    assert all(results[f"w{n}"][1] is True for n in range(4))  # type: ignore[index]
    assert stored_clients(sessions) == [f"Client {n}" for n in range(4)]


def test_two_of_one_request_in_one_transaction_store_one_win(sessions):
    results = []

    def logs() -> None:
        results.append(log(sessions, a_win(7, source="cmd:same")))

    run_queued(sessions, [threading.Thread(target=logs) for _ in range(3)])
    assert sorted(created for _, created in results) == [False, False, True]
    assert len({stored.id for stored, _ in results}) == 1
    assert stored_clients(sessions) == ["Client 7"]
    assert len(celebrations(sessions)) == 1
