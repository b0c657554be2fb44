"""Shared test harness: a fake Slack, a database per test (SQLite, and PostgreSQL when available),
and the bot's real HTTP endpoint receiving correctly signed requests."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.config import load_settings
from bot.demo.slackside import Response, SlackSide
from bot.demo.standin import FakeSlack
from bot.runtime import Runtime
from bot.server import make_server, wsgi_app
from storage.db import SessionFactory, make_engine, migrate
from storage.models import Win

SIGNING_SECRET = "test-signing-secret"
TEAM_ID = "T123"
WINS_CHANNEL = "CWINS0001"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """A test that fails shows what every thread was doing at that moment (a rare timeout on
    a busy CI machine is otherwise a guess: the bot's after-ack threads are still there)."""
    report = yield
    if report.when == "call" and report.failed:
        names = {thread.ident: thread.name for thread in threading.enumerate()}
        stacks = [
            f"--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame))
            for ident, frame in sys._current_frames().items()
            if ident != threading.get_ident()
        ]
        report.sections.append(("threads at the failure", "\n".join(stacks)))
    return report


class FakeClock:
    """Real time plus an offset the test can move forward (Slack's ts stay near real time)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += timedelta(**kwargs)

    def set(self, moment: datetime) -> None:
        """From now on the clock reads `moment` (and runs on from there)."""
        self.offset = moment - datetime.now(UTC)


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        message = "PostgreSQL tests skipped: set TEST_POSTGRES_URL (the README's test command does it when PostgreSQL is installed)"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> Iterator[str]:
    """Each storage test runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
    else:
        yield from _postgres_schema_url()


def _sessions_on(url: str) -> Iterator[SessionFactory]:
    engine = make_engine(url)
    migrate(engine)
    yield SessionFactory(engine)
    engine.dispose()


@pytest.fixture
def sessions(database_url) -> Iterator[SessionFactory]:
    """A migrated database of either kind, one short session per unit of work."""
    yield from _sessions_on(database_url)


def a_win(key: str) -> Win:
    """A win as the storage layer keeps it, told apart by `key` (its source key)."""
    return Win(
        team_id="T1",
        user_id="U1",
        client_name=f"Client {key}",
        amount_cents=100,
        currency="EUR",
        year=2027,
        source_key=key,
        created_at=datetime(2027, 3, 1, 8, 30, 15, 123456, tzinfo=UTC),
    )


class Broken(Exception):
    """A unit of work that fails half-way (store_win's then_fail)."""


def store_win(sessions: SessionFactory, key: str, *, then_fail: bool = False) -> None:
    """a_win(key) stored in a unit of work of its own; with `then_fail`, one that fails after
    its INSERT went to the database (so nothing of it may stay)."""
    with sessions.write() as session:
        session.add(a_win(key))
        session.flush()
        if then_fail:
            raise Broken


def wins_stored(sessions: SessionFactory) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Win)) or 0


class ProtocolTrace:
    """What libpq sends and receives on one pooled PostgreSQL connection (PQtrace), while
    used as a context manager; `.text` afterwards. One thread, one unit of work at a time:
    the pool hands out this same connection."""

    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions
        self.text = ""

    def __enter__(self) -> ProtocolTrace:
        connection = self.sessions.engine.raw_connection()
        self._pgconn = connection.driver_connection.pgconn  # type: ignore[union-attr]
        connection.close()
        self._file = tempfile.TemporaryFile()
        try:
            self._pgconn.trace(self._file.fileno())
        except BaseException:
            self._file.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pgconn.untrace()
        self._file.seek(0)
        self.text = self._file.read().decode()
        self._file.close()

    def sent(self, message: str) -> list[str]:
        """The lines of the messages of this type the bot sent (Query, Execute, ...)."""
        return self._lines("F", message)

    def received(self, message: str) -> list[str]:
        """The lines of the messages of this type the server sent (ReadyForQuery, ...)."""
        return self._lines("B", message)

    @staticmethod
    def content(line: str) -> str:
        """What a line's message says: '"BEGIN"' of a Query, 'I' of a ReadyForQuery."""
        return line.rsplit("\t", 1)[-1].strip()

    def _lines(self, side: str, message: str) -> list[str]:
        return [
            line
            for line in self.text.splitlines()
            if f"\t{side}\t" in line and f"\t{message}\t" in line
        ]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema of the test PostgreSQL server, as a database URL (not migrated)."""
    yield from _postgres_schema_url()


@pytest.fixture
def postgres_sessions() -> Iterator[SessionFactory]:
    """The same on PostgreSQL only (for what only PostgreSQL does, such as its connections)."""
    for url in _postgres_schema_url():
        yield from _sessions_on(url)


@pytest.fixture
def sqlite_sessions(sqlite_url) -> Iterator[SessionFactory]:
    """The same on SQLite only (for what only SQLite does, such as grouping writes)."""
    yield from _sessions_on(sqlite_url)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(team_id=TEAM_ID).start()
    for user_id, locale in (
        ("UANNA", "en-US"),
        ("UBRAM", "nl-NL"),
        ("UCHRIS", "en-GB"),
        ("UDIRK", "nl-BE"),
    ):
        fake.set_user(user_id, name=user_id[1:].lower(), locale=locale)
    yield fake
    fake.stop()


def bot_env(fake: FakeSlack, database_url: str, **overrides: str) -> dict[str, str]:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": database_url,
        "WINS_CHANNEL": WINS_CHANNEL,
        "BOT_LOCALE": "en",
        "TEAM_TIMEZONE": "Europe/Amsterdam",
        "SLACK_TIMEOUT": "2",
    }
    env.update(overrides)
    return env


class BotHarness:
    """The bot's real HTTP endpoint with helpers to send what Slack would send."""

    def __init__(self, runtime: Runtime, fake: FakeSlack, clock: FakeClock) -> None:
        self.runtime = runtime
        self.fake = fake
        self.clock = clock
        self.server = make_server(
            wsgi_app(runtime.app, runtime.healthy, runtime.activity, metrics=runtime.metrics),
            host="127.0.0.1",
            port=0,
            threads=8,
        )
        self.port = self.server.effective_port
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.slack = SlackSide(self.url, SIGNING_SECRET, fake, TEAM_ID)
        self.verifier = self.slack.verifier

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        # waitress's own run() loops until its sockets vanish; closing them from another
        # thread races with select(). Loop in short steps and close from this thread.
        while not self._stopping.is_set():
            self.server.asyncore.loop(timeout=0.05, map=self.server._map, count=1)
        self.server.close()

    def close(self) -> None:
        self._stopping.set()
        self.thread.join(5)
        self.runtime.close()

    # -- raw HTTP ------------------------------------------------------------
    def post(
        self,
        body: str,
        *,
        content_type: str,
        signed: bool = True,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: dict | None = None,
    ) -> Response:
        return self.slack.post(
            body,
            content_type=content_type,
            signed=signed,
            timestamp=timestamp,
            secret=secret,
            headers=headers,
        )

    def get(self, path: str) -> Response:
        return SlackSide.open(urllib.request.Request(f"{self.url}{path}"))

    # -- what Slack sends (see bot/demo/slackside.py) --------------------------
    def command(
        self,
        text: str = "",
        *,
        user: str = "UANNA",
        command: str = "/newclient",
        trigger_id: str | None = None,
        **kwargs,
    ) -> Response:
        return self.slack.command(
            text,
            user=user,
            command=command,
            channel_id="CSALES0001",
            channel_name="sales",
            trigger_id=trigger_id,
            **kwargs,
        )

    def interaction(self, payload: dict, **kwargs) -> Response:
        return self.slack.interaction(payload, **kwargs)

    def submit_view(
        self,
        values: dict,
        *,
        user: str = "UANNA",
        view_id: str | None = None,
        private_metadata: str = "",
        callback_id: str | None = None,
    ) -> Response:
        from bot.views.wins import MODAL_CALLBACK_ID

        view = {
            "id": view_id or f"V{uuid.uuid4().hex[:10].upper()}",
            "type": "modal",
            "callback_id": callback_id or MODAL_CALLBACK_ID,
            "private_metadata": private_metadata,
            "hash": "h",
        }
        return self.slack.submit_view(values, user=user, view=view)

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "UBRAM",
        message: dict | None = None,
        channel: str = WINS_CHANNEL,
    ) -> Response:
        return self.slack.click(
            action_id, value, user=user, channel=channel, channel_name="wins", message=message
        )

    def event(
        self, event: dict, *, event_id: str | None = None, retry_num: int | None = None
    ) -> Response:
        return self.slack.event(event, event_id=event_id, retry_num=retry_num)

    # -- background work -----------------------------------------------------
    def deliver(self) -> int:
        """Run one outbox pass now (as the worker would)."""
        return self.runtime.deliverer.deliver_due()

    def tick(self, at: datetime) -> int:
        """What `python -m bot tick --at` does: the clock reads `at`, one scheduling pass, one
        delivery pass. Returns how many messages went out."""
        self.clock.set(at)
        self.runtime.run_pass(at)
        return self.runtime.deliverer.deliver_due(now=at)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 15.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_bot(fake_slack, clock) -> Iterator[Callable[..., BotHarness]]:
    """Build (and later close) bots; `worker=False` leaves outbox delivery to `bot.deliver()`;
    `role` as `python -m bot --role` gives it."""
    bots: list[BotHarness] = []

    def build(
        database_url: str, *, worker: bool = False, role: str = "all", **env_overrides: str
    ) -> BotHarness:
        settings = load_settings(bot_env(fake_slack, database_url, **env_overrides))
        runtime = Runtime(settings, clock=clock, outbox_poll_seconds=0.2, role=role)
        runtime.start(worker=worker)
        harness = BotHarness(runtime, fake_slack, clock)
        bots.append(harness)
        return harness

    yield build
    for harness in bots:
        harness.close()


@pytest.fixture
def bot(make_bot, sqlite_url) -> BotHarness:
    """A bot on SQLite whose outbox is delivered only when the test says so."""
    return make_bot(sqlite_url)
