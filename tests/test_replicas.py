"""Several processes on one database, as real processes: on PostgreSQL the clock pass runs on one
replica at a time and passes to another when its holder is killed, and two deliverers drain the
outbox together with nothing doubled; a SQLite database is refused to a second process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.jobs.outbox import queue_message
from storage import outbox as outbox_store
from storage.coordination import clock_turn
from storage.db import DatabaseInUse, SessionFactory, claim_single_process, make_engine, migrate
from storage.models import OutboxMessage
from tests.conftest import TEAM_ID, WINS_CHANNEL, _postgres_schema_url, bot_env
from tests.support.slack import outbox_key

ROOT = Path(__file__).parent.parent

# A replica's clock, driven line by line from stdin: "tick" runs Clock.tick(). Its only due work
# says "in pass" and waits for "go" before it hands over one message: a pass the test holds open.
CLOCK_CHILD = """
import logging, sys
from datetime import UTC, datetime, timedelta
from bot.config import load_settings
from bot.jobs.schedule import Clock, DueMessage
from storage.db import SessionFactory, make_engine

class Say(logging.Handler):
    def emit(self, record):
        print(f"{record.levelname} {record.getMessage()}", flush=True)

log = logging.getLogger("bot.jobs.schedule")
log.addHandler(Say())
log.setLevel(logging.DEBUG)
now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

def due(session, settings, at):
    print("in pass", flush=True)
    assert sys.stdin.readline().strip() == "go"
    return [DueMessage("T1", "agenda_open:1", "message", "C1", {"text": "hi"}, at,
                       at + timedelta(hours=1))]

clock = Clock(session_factory=SessionFactory(make_engine(sys.argv[1])), settings=load_settings(),
              due_work=[due], clock=lambda: now, on_queued=lambda: None)
print("ready", flush=True)
while line := sys.stdin.readline():
    result = clock.tick()
    print("skipped" if result is None else "ran queued=" + ",".join(result.queued), flush=True)
"""

# A replica's outbox deliverer: built, then released by a line on stdin; prints how many it sent.
DELIVER_CHILD = """
import sys
from bot.config import load_settings
from bot.runtime import Runtime
runtime = Runtime(load_settings())
print("ready", flush=True)
sys.stdin.readline()
print(f"sent {runtime.deliverer.deliver_due()}", flush=True)
runtime.close()
"""

# Holds the SQLite database until stdin closes (or it is killed).
GUARD_CHILD = """
import sys
from storage.db import claim_single_process
with claim_single_process(sys.argv[1]):
    print("claimed", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


def spawn(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = child.stdout.readline().strip()
    assert first in ("ready", "claimed"), child.stderr.read()
    return child


def say(child: subprocess.Popen, line: str) -> str:
    """Send `line` to the child; its next line of output."""
    child.stdin.write(line + "\n")
    child.stdin.flush()
    return read_line(child)


def read_line(child: subprocess.Popen) -> str:
    answer = child.stdout.readline().strip()
    assert answer, child.stderr.read()
    return answer


def end(*children: subprocess.Popen) -> None:
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def clock_env(url: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "DATABASE_URL": url,
        "WINS_CHANNEL": WINS_CHANNEL,
        "SALESBOT_ENV_FILE": "/nonexistent",
    }


def ledger(url: str) -> Counter:
    engine = make_engine(url)
    try:
        with SessionFactory(engine)() as session:
            return Counter(m.key for m in session.exec(select(OutboxMessage)).all())
    finally:
        engine.dispose()


def migrated(url: str) -> str:
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


# ------------------------------------------------------------------------------ the clock


@pytest.mark.postgres
def test_of_two_replicas_ticking_at_once_one_runs_the_pass_and_the_other_skips(postgres_url):
    url = migrated(postgres_url)
    replicas = [spawn(CLOCK_CHILD, url, env=clock_env(url)) for _ in range(2)]
    try:
        for replica in replicas:  # the same minute on both
            replica.stdin.write("tick\n")
            replica.stdin.flush()
        # The one that got the lock stays mid-pass (waiting for "go") while the other tries.
        first_lines = [read_line(replica) for replica in replicas]
        assert sorted(first_lines) == [
            "DEBUG another replica is running the scheduling pass; skipping this minute",
            "in pass",
        ]
        running = replicas[first_lines.index("in pass")]
        skipping = replicas[1 - first_lines.index("in pass")]
        assert read_line(skipping) == "skipped"
        assert say(running, "go") == "ran queued=agenda_open:1"
        # The next minute is anyone's; the ledger has the message already, so nothing is queued.
        assert say(skipping, "tick") == "in pass"
        assert say(skipping, "go") == "ran queued="
    finally:
        end(*replicas)
    assert ledger(url) == Counter({"agenda_open:1": 1})


@pytest.mark.postgres
def test_the_clock_passes_to_another_replica_when_its_holder_is_killed(postgres_url):
    url = migrated(postgres_url)
    holder, other = (spawn(CLOCK_CHILD, url, env=clock_env(url)) for _ in range(2))
    engine = make_engine(url)
    try:
        assert say(holder, "tick") == "in pass"
        assert say(other, "tick").startswith("DEBUG another replica")
        assert read_line(other) == "skipped"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)

        def free() -> bool:
            with clock_turn(engine) as ours:
                return ours

        # PostgreSQL ends the dead client's session, and its lock with it.
        wait_until(free, "the killed holder's lock to be released")
        assert say(other, "tick") == "in pass"
        assert say(other, "go") == "ran queued=agenda_open:1"
    finally:
        end(holder, other)
        engine.dispose()
    assert ledger(url) == Counter({"agenda_open:1": 1})


def test_on_sqlite_the_clock_needs_no_lock(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        with clock_turn(engine) as ours, clock_turn(engine) as also_ours:
            assert ours and also_ours
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------ the outbox


def queue_notes(session, count: int, now: datetime, *, spread: bool = False) -> None:
    """`count` messages for the wins channel (`spread`: each to a channel of its own), keyed
    note:0, note:1, …"""
    for n in range(count):
        queue_message(
            session,
            team_id=TEAM_ID,
            key=f"note:{n}",
            channel=f"CNOTE{n:05d}" if spread else WINS_CHANNEL,
            message={"text": f"note {n}"},
            now=now,
        )


@pytest.mark.postgres
def test_two_deliverers_drain_200_messages_together_each_sent_once(postgres_url, fake_slack):
    url = migrated(postgres_url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    with SessionFactory(engine).write() as session:
        queue_notes(session, 200, now)
    engine.dispose()
    env = {**bot_env(fake_slack, url), "SALESBOT_ENV_FILE": "/nonexistent", "LOG_LEVEL": "ERROR"}
    deliverers = [spawn(DELIVER_CHILD, env=env) for _ in range(2)]
    try:
        for child in deliverers:  # released together
            child.stdin.write("go\n")
            child.stdin.flush()
        counts = [int(read_line(child).removeprefix("sent ")) for child in deliverers]
    finally:
        end(*deliverers)
    assert sum(counts) == 200, counts
    posted = Counter(outbox_key(m) for m in fake_slack.all_messages())
    assert posted == Counter({f"note:{n}": 1 for n in range(200)})
    engine = make_engine(url)
    with SessionFactory(engine)() as session:
        statuses = Counter(m.status for m in session.exec(select(OutboxMessage)).all())
    engine.dispose()
    assert statuses == Counter({"sent": 200})


@pytest.mark.postgres
def test_a_claim_takes_the_rows_another_deliverer_has_not_locked_without_waiting(postgres_url):
    url = migrated(postgres_url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        with SessionFactory(engine).write() as session:
            # Each to its own channel: a channel's later messages wait for its older ones.
            queue_notes(session, 20, now, spread=True)
        with Session(engine) as other, Session(engine) as claimer:
            # Another deliverer in the middle of claiming the ten oldest.
            other.exec(select(OutboxMessage).order_by(OutboxMessage.id).limit(10).with_for_update())
            # Waiting for those rows would end in an error here instead of a hang.
            claimer.execute(text("SET lock_timeout = '10s'"))
            claimed = outbox_store.claim_batch(session=claimer, now=now, limit=10)
            assert [m.key for m in claimed] == [f"note:{n}" for n in range(10, 20)]
            other.rollback()
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------ SQLite's guard


def test_a_sqlite_database_is_refused_to_a_second_process_until_the_first_ends(sqlite_url):
    holder = spawn(GUARD_CHILD, sqlite_url)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            claim_single_process(sqlite_url)
        assert str(refused.value) == (
            f"{sqlite_url.removeprefix('sqlite:///')} is already used by another salesbot "
            f"process (pid {holder.pid}); SQLite serves one process; use PostgreSQL for several"
        )
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with claim_single_process(sqlite_url):
            # Held by this process now: a second process is refused again.
            other = subprocess.run(
                [sys.executable, "-c", GUARD_CHILD, sqlite_url],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert other.returncode != 0 and f"(pid {os.getpid()})" in other.stderr
    finally:
        end(holder)
    # Released on leaving the block.
    claim_single_process(sqlite_url).release()


def test_postgres_and_in_memory_databases_are_not_claimed():
    for url in ("postgresql+psycopg://u:p@localhost/db", "sqlite://", "sqlite:///:memory:"):
        with claim_single_process(url), claim_single_process(url):
            pass
