"""A worker replica gives way to the replicas that answer Slack (issue 14: acks stay fast
while the outbox drains). Each process names its PostgreSQL connections after its role and
schema; the worker asks pg_stat_activity whether a web (or all-in-one) process of its own
schema is at work, and waits while one is, for at most a second a message."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import TEAM_ID
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from bot.background import RequestsElsewhere
from bot.jobs.outbox import queue_message
from storage.coordination import Serving, name_connections, serving_elsewhere
from storage.db import SessionFactory, make_engine

pytestmark = pytest.mark.postgres
OTHER_USER = "salesbot_other"  # made by scripts/postgres-test-db.sh


def url_of(sessions: SessionFactory) -> str:
    return sessions.engine.url.render_as_string(hide_password=False)


@contextmanager
def at_work(url: str, role: str = "web") -> Iterator[threading.Event]:
    """A connection of a `role` process on `url`, inside a transaction (as while it serves a
    request) until the event is set, then idle (still connected) until the block ends."""
    engine = make_engine(url)
    name_connections(engine, role)
    done, idle, started = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))  # now "idle in transaction"
            started.set()
            done.wait(30)
            connection.rollback()
            idle.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert started.wait(10)
    try:
        yield done
    finally:
        done.set()
        idle.set()
        thread.join()
        engine.dispose()


def ended(done: threading.Event, sessions: SessionFactory) -> None:
    """End the transaction of `at_work`, and wait until the server shows it idle."""
    done.set()
    deadline = time.monotonic() + 10
    while at_work_elsewhere(sessions, 0.0):
        assert time.monotonic() < deadline
        time.sleep(0.01)


def schema_hash(sessions: SessionFactory) -> str:
    with sessions.engine.connect() as connection:
        return connection.execute(text("SELECT left(md5(current_schema()), 8)")).scalar_one()


def at_work_elsewhere(sessions: SessionFactory, quiet: float) -> int:
    return serving_elsewhere(sessions, quiet).at_work


def test_connections_are_named_after_role_and_schema_and_stay_so(postgres_sessions):
    engine = make_engine(url_of(postgres_sessions))
    name_connections(engine, "worker")
    try:
        names = []
        with engine.connect() as first, engine.connect() as second:  # asked, then given
            for connection in (first, second, first):  # a rollback does not undo the name
                names.append(connection.execute(text("SHOW application_name")).scalar_one())
                connection.rollback()
        assert names == [f"salesbot worker {schema_hash(postgres_sessions)}"] * 3
    finally:
        engine.dispose()


def test_a_web_process_of_this_schema_at_work_is_seen(postgres_sessions):
    assert not at_work_elsewhere(postgres_sessions, 0.0)
    with at_work(url_of(postgres_sessions), "web"):
        assert at_work_elsewhere(postgres_sessions, 0.0) == 1
    with at_work(url_of(postgres_sessions), "all") as done:
        assert at_work_elsewhere(postgres_sessions, 0.0) == 1
        ended(done, postgres_sessions)
        # Idle again: not at work now, but it was within the last minute.
        assert at_work_elsewhere(postgres_sessions, 60.0) == 1
    # Disconnected: the server's process leaves pg_stat_activity as it ends.
    deadline = time.monotonic() + 10
    while at_work_elsewhere(postgres_sessions, 60.0):
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_workers_and_other_schemas_are_not_waited_for(postgres_sessions, postgres_url):
    with at_work(url_of(postgres_sessions), "worker"), at_work(postgres_url, "web"):
        assert serving_elsewhere(postgres_sessions, 0.0) == Serving(at_work=0, hidden=0)


def test_on_sqlite_there_is_nobody_else(sqlite_sessions):
    assert serving_elsewhere(sqlite_sessions, 60.0) == Serving(at_work=0, hidden=0)


def test_a_web_process_under_another_database_user_is_hidden_and_said_so(postgres_sessions, caplog):
    """Another database user's sessions show no state (without pg_read_all_stats): the
    worker cannot give way to them, and says so once in its log."""
    other = make_url(url_of(postgres_sessions)).set(
        username=OTHER_USER, password=OTHER_USER, query={}
    )
    name = f"salesbot web {schema_hash(postgres_sessions)}"
    try:
        named = other.update_query_dict({"application_name": name})
        engine = make_engine(named.render_as_string(hide_password=False))
        connection = engine.connect()
    except OperationalError as error:
        pytest.fail(f"scripts/postgres-test-db.sh makes the user {OTHER_USER}: {error}")
    try:
        connection.execute(text("SELECT 1"))  # idle in transaction, as in a request
        assert serving_elsewhere(postgres_sessions, 0.0) == Serving(at_work=0, hidden=1)
        activity = RequestsElsewhere(postgres_sessions)
        with caplog.at_level(logging.WARNING, logger="bot.background"):
            assert not activity.busy() and not activity.busy()
        [warning] = [r.getMessage() for r in caplog.records if r.name == "bot.background"]
        assert "does not give way" in warning and "pg_read_all_stats" in warning
    finally:
        connection.close()
        engine.dispose()


def waited(activity: RequestsElsewhere, max_wait: float, stop=None) -> float:
    started = time.monotonic()
    activity.wait_quiet(max_wait, stop=stop)
    return time.monotonic() - started


def test_the_worker_waits_while_a_web_process_is_at_work_and_no_longer(postgres_sessions):
    activity = RequestsElsewhere(postgres_sessions, quiet_seconds=0.0, look_seconds=0.01)
    assert waited(activity, 5.0) < 0.5  # quiet: not waited for

    activity = RequestsElsewhere(postgres_sessions, quiet_seconds=0.0, look_seconds=0.01)
    with at_work(url_of(postgres_sessions)) as done:
        threading.Timer(0.4, done.set).start()
        assert 0.35 <= waited(activity, 5.0) < 3.0

    activity = RequestsElsewhere(postgres_sessions, quiet_seconds=0.0, look_seconds=0.01)
    with at_work(url_of(postgres_sessions)):
        assert 0.3 <= waited(activity, 0.3) < 2.0  # at most max_wait
        stop = threading.Event()
        threading.Timer(0.2, stop.set).start()
        assert waited(activity, 30.0, stop) < 2.0  # a stopping worker does not wait


def test_a_worker_replica_holds_its_messages_while_acks_are_served(
    make_bot, postgres_url, fake_slack
):
    """End to end: a `--role worker` bot sends nothing while a web process is inside a
    request, for up to a second a message, and sends at once when it is done."""
    make_bot(postgres_url)  # migrates the schema
    worker = make_bot(postgres_url, worker=True, role="worker")
    worker.runtime.worker.max_yield_seconds = 5.0  # so that 0.5 s of holding back is its choice
    with at_work(postgres_url, "web") as done:
        time.sleep(0.2)  # the worker's last look (as it started) is older than look_seconds
        with worker.runtime.session_factory.write() as session:
            assert queue_message(
                session,
                team_id=TEAM_ID,
                key="held",
                channel="U1",
                message={"text": "Held back a moment", "blocks": []},
                now=worker.clock(),
            )
        worker.runtime.worker.notify()
        time.sleep(0.5)
        assert fake_slack.calls_to("chat.postMessage") == []
        done.set()
        worker.wait_until(
            lambda: bool(fake_slack.calls_to("chat.postMessage")), what="the held message"
        )
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post["text"] == "Held back a moment"
