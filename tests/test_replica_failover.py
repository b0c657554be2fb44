"""Two and three replicas (`python -m bot`, every role in each) on one PostgreSQL behind a
round-robin proxy, reps logging wins from several threads while a fan-out drains, and one
replica killed with SIGKILL in the middle of a send: nothing lost, nothing doubled.

The replica that is killed is the one Slack holds mid-post (the stand-in answers its first
chat.postMessage late, after the message has landed): it dies with that message posted but
not recorded. A deliverer claims one message at a time, so nothing else is stranded; that one
is handed over when its lease runs out (`OutboxDeliverer.lease`: the client's timeout and the
late-post wait, 22 s here). A survivor then takes it over and finds it in the conversation's
history (by the outbox key in its metadata) instead of posting it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.demo.slackside import SlackSide
from bot.jobs.outbox import queue_message
from storage.db import SessionFactory, make_engine, migrate
from storage.wins import celebration_key
from tests.conftest import SIGNING_SECRET, TEAM_ID, WINS_CHANNEL, _postgres_schema_url, bot_env
from tests.support.proxy import RoundRobinProxy
from tests.support.slack import all_text, outbox_key
from tests.test_startup import free_port, wait_healthy

ROOT = Path(__file__).parent.parent
PEOPLE = [f"UFAN{n:03d}" for n in range(300)]  # the fan-out: a DM each, queued at the start
THREADS = 4
WINS_PER_THREAD = 12
HOLD_SECONDS = 60  # how long the stand-in holds the victim's post (it is killed long before)
DEADLINE_SECONDS = 40


@dataclass
class Replica:
    token: str
    port: int
    process: subprocess.Popen
    log: Path

    def tail(self) -> str:
        return self.log.read_text()[-3000:] if self.log.exists() else ""


@dataclass
class Rep:
    """One rep logging wins through the proxy, retrying whatever the proxy answers 502."""

    slack: SlackSide
    user: str
    clients: list[str]
    answers: dict[str, list[str]] = field(default_factory=dict)  # client -> answers, in order
    retried: int = 0
    error: BaseException | None = None

    def run(self) -> None:
        try:
            for n, client in enumerate(self.clients):
                trigger = f"trig.{client}"
                for attempt in range(10):
                    answer = self.slack.command(
                        f"{client} 10k",
                        user=self.user,
                        command="/newclient",
                        channel_id="CSALES0001",
                        trigger_id=trigger,
                    )
                    if answer.status == 200:
                        self.answers.setdefault(client, []).append(all_text(answer.json()))
                        break
                    assert answer.status == 502, answer
                    self.retried += 1
                    # Slack retries a command with its trigger_id; a user typing it again
                    # sends a new one. Half the wins are retried each way.
                    if n % 2:
                        trigger = f"trig.{client}.again{attempt}"
                else:
                    raise AssertionError(f"{client}: no answer in 10 tries")
        except BaseException as exc:  # reported by the test's thread
            self.error = exc


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = DEADLINE_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


def start_replica(fake, url: str, tmp_path: Path, n: int) -> Replica:
    token, port = f"xoxb-replica-{n}", free_port()
    fake.add_token(token)  # which replica made a Slack call shows in the stand-in's record
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": "WARNING",
        **bot_env(fake, url, HOST="127.0.0.1", PORT=str(port), SLACK_BOT_TOKEN=token),
    }
    log = tmp_path / f"replica-{n}.log"
    with log.open("w") as err:  # a file, not a pipe: a full pipe would stall the replica
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=err, stderr=err
        )
    return Replica(token, port, process, log)


def stop(replicas: list[Replica]) -> None:
    for replica in replicas:
        if replica.process.poll() is None:
            replica.process.send_signal(signal.SIGTERM)
    for replica in replicas:
        try:
            replica.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            replica.process.kill()
            replica.process.wait(timeout=10)


def rows(engine: Engine, query: str, **params: object) -> list[tuple]:
    with engine.begin() as conn:
        return [tuple(r) for r in conn.execute(text(query), params)]


@pytest.mark.postgres
@pytest.mark.parametrize("count", [2, 3])
def test_replicas_survive_one_killed_mid_send_with_nothing_lost_or_doubled(
    count, postgres_url, fake_slack, tmp_path, request
):
    url = postgres_url
    engine = make_engine(url)
    request.addfinalizer(engine.dispose)
    migrate(engine)
    with SessionFactory(engine).write() as session:
        for user in PEOPLE:  # as a clock pass queues its DMs
            queue_message(
                session,
                team_id=TEAM_ID,
                key=f"nudge:{user}",
                channel=user,
                message={"text": f"Hello {user}"},
                now=datetime.now(UTC),
            )
    # The first post of all is taken at once and answered late: its sender stays mid-send.
    fake_slack.slow_next("chat.postMessage", delay=HOLD_SECONDS)

    replicas = [start_replica(fake_slack, url, tmp_path, n) for n in range(count)]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{r.port}" for r in replicas]).start()
    try:
        for replica in replicas:
            wait_healthy(replica.port, replica.process, timeout=30)
        slack = SlackSide(proxy.url, SIGNING_SECRET, fake_slack, TEAM_ID)
        reps = [
            Rep(slack, f"UREP{t}", [f"Client{t}x{n}" for n in range(WINS_PER_THREAD)])
            for t in range(THREADS)
        ]
        threads = [threading.Thread(target=rep.run) for rep in reps]
        for thread in threads:
            thread.start()

        def held() -> bool:
            return bool(fake_slack.calls_to("chat.postMessage", ok_only=False))

        wait_until(held, "the first post")
        first = next(c for c in list(fake_slack.calls) if c.method == "chat.postMessage")
        [victim] = [r for r in replicas if r.token == first.token]
        held_key = outbox_key(first.args)
        assert held_key is not None

        def acked() -> int:
            return sum(len(rep.answers) for rep in reps)

        # In the middle: wins logged and the fan-out going, more of both to come.
        wait_until(lambda: acked() >= THREADS * WINS_PER_THREAD // 3, "a third of the wins")
        # Frozen first, so that requests reach it and wait (the kernel still accepts them):
        # the kill then cuts requests in flight, not only refuses new ones.
        victim.process.send_signal(signal.SIGSTOP)
        victim_backend = f"127.0.0.1:{victim.port}"
        wait_until(lambda: proxy.in_flight[victim_backend] >= 1, "a request to wait on it")
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait(timeout=10)
        for thread in threads:
            thread.join(DEADLINE_SECONDS)
        for rep in reps:
            assert rep.error is None, rep.error

        def settled() -> bool:
            return not rows(engine, "SELECT 1 FROM outbox WHERE status IN ('pending', 'sending')")

        wait_until(settled, "the outbox to drain")
    except BaseException:
        for replica in replicas:
            print(f"--- replica {replica.token} ---\n{replica.tail()}")
        raise
    finally:
        proxy.stop()
        stop(replicas)

    clients = [client for rep in reps for client in rep.clients]
    answers = {client: texts for rep in reps for client, texts in rep.answers.items()}
    # Every win was acknowledged: logged, or (a retry after the first try got through)
    # "already logged" / "Log it again?", which the user answers with nothing added.
    assert sorted(answers) == sorted(clients)
    for client, [said] in answers.items():
        assert client in said and ("logged" in said or "Log it again" in said), said
    assert sum(rep.retried for rep in reps) >= 1  # the dead replica's turns were retried
    # Only the killed replica failed a request; it then left the rotation.
    assert proxy.down == {victim_backend}
    assert proxy.bad_gateway[victim_backend] >= 1

    # Stored once each, and celebrated once each.
    wins = rows(engine, "SELECT id, client_name FROM win")
    assert Counter(name for _, name in wins) == Counter(clients)
    celebrated = Counter(outbox_key(m) for m in fake_slack.messages(WINS_CHANNEL))
    assert celebrated == Counter(celebration_key(win_id) for win_id, _ in wins)
    # Each person has the one DM meant for them, once.
    for user in PEOPLE:
        assert [outbox_key(m) for m in fake_slack.messages(user)] == [f"nudge:{user}"]
    posted = Counter(outbox_key(m) for m in fake_slack.all_messages())
    assert max(posted.values()) == 1, [k for k, c in posted.items() if c > 1]
    expected = list(celebrated) + [f"nudge:{user}" for user in PEOPLE]
    # Nothing left pending or failed: every row in the ledger went out.
    statuses = Counter(status for (status,) in rows(engine, "SELECT status FROM outbox"))
    assert statuses == Counter({"sent": len(expected)}), statuses
