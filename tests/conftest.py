"""Shared test harness: a fake Slack, a database per test (SQLite, and PostgreSQL when available),
and the bot's real HTTP endpoint receiving correctly signed requests."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))

from fake_slack import FakeSlack  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.server import make_server, wsgi_app  # noqa: E402

SIGNING_SECRET = "test-signing-secret"
TEAM_ID = "T123"
WINS_CHANNEL = "CWINS0001"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


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


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


class BotHarness:
    """The bot's real HTTP endpoint with helpers to send what Slack would send."""

    def __init__(self, runtime: Runtime, fake: FakeSlack, clock: FakeClock) -> None:
        self.runtime = runtime
        self.fake = fake
        self.clock = clock
        self.server = make_server(
            wsgi_app(runtime.app, runtime.healthy, runtime.activity),
            host="127.0.0.1",
            port=0,
            threads=8,
        )
        self.port = self.server.effective_port
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.verifier = SignatureVerifier(SIGNING_SECRET)

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
        ts = str(timestamp if timestamp is not None else int(time.time()))
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
        if signed:
            verifier = SignatureVerifier(secret) if secret else self.verifier
            all_headers["X-Slack-Signature"] = verifier.generate_signature(timestamp=ts, body=body)
        all_headers.update(headers or {})
        request = urllib.request.Request(
            f"{self.url}/slack/events", data=body.encode(), headers=all_headers, method="POST"
        )
        return self._open(request)

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(f"{self.url}{path}"))

    @staticmethod
    def _open(request) -> Response:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Response(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), dict(error.headers))

    # -- what Slack sends ----------------------------------------------------
    def command(
        self,
        text: str = "",
        *,
        user: str = "UANNA",
        command: str = "/newclient",
        trigger_id: str | None = None,
        **kwargs,
    ) -> Response:
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "acme",
            "channel_id": "CSALES0001",
            "channel_name": "sales",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "response_url": self.fake.response_url("cmd"),
            "trigger_id": trigger_id or f"trig.{uuid.uuid4().hex}",
            "api_app_id": "AFAKEAPP",
        }
        return self.post(
            urlencode(form), content_type="application/x-www-form-urlencoded", **kwargs
        )

    def interaction(self, payload: dict, **kwargs) -> Response:
        payload = {
            "team": {"id": TEAM_ID, "domain": "acme"},
            "api_app_id": "AFAKEAPP",
            "token": "legacy",
            **payload,
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}),
            content_type="application/x-www-form-urlencoded",
            **kwargs,
        )

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

        return self.interaction(
            {
                "type": "view_submission",
                "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
                "trigger_id": f"trig.{uuid.uuid4().hex}",
                "view": {
                    "id": view_id or f"V{uuid.uuid4().hex[:10].upper()}",
                    "type": "modal",
                    "callback_id": callback_id or MODAL_CALLBACK_ID,
                    "private_metadata": private_metadata,
                    "hash": "h",
                    "team_id": TEAM_ID,
                    "state": {"values": values},
                },
            }
        )

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "UBRAM",
        message: dict | None = None,
        channel: str = WINS_CHANNEL,
    ) -> Response:
        return self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
                "trigger_id": f"trig.{uuid.uuid4().hex}",
                "container": {
                    "type": "message",
                    "channel_id": channel,
                    "message_ts": (message or {}).get("ts", "1.0"),
                },
                "channel": {"id": channel, "name": "wins"},
                "message": message or {"ts": "1.0", "text": ""},
                "response_url": self.fake.response_url("click"),
                "actions": [
                    {
                        "action_id": action_id,
                        "block_id": "b",
                        "type": "button",
                        "value": value,
                        "action_ts": str(time.time()),
                    }
                ],
            }
        )

    def event(
        self, event: dict, *, event_id: str | None = None, retry_num: int | None = None
    ) -> Response:
        body = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "AFAKEAPP",
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "event": event,
        }
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return self.post(json.dumps(body), content_type="application/json", headers=headers)

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
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
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
    """Build (and later close) bots; `worker=False` leaves outbox delivery to `bot.deliver()`."""
    bots: list[BotHarness] = []

    def build(database_url: str, *, worker: bool = False, **env_overrides: str) -> BotHarness:
        settings = load_settings(bot_env(fake_slack, database_url, **env_overrides))
        runtime = Runtime(settings, clock=clock, outbox_poll_seconds=0.2).start(worker=worker)
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
