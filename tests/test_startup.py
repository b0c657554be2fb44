"""`python -m bot` as a real process: settings errors at start-up, HTTP serving, kill and restart."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import SIGNING_SECRET, TEAM_ID, WINS_CHANNEL, bot_env

from bot.config import EXAMPLE_VALUES, ConfigError, load_settings
from bot.demo.slackside import SlackSide
from bot.demo.standin import FakeSlack

ROOT = Path(__file__).parent.parent


def run_bot(env: dict[str, str], log_level: str = "WARNING") -> subprocess.Popen:
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": log_level,
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bot exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("bot did not become healthy")


def wait_rescheduled(url: str, timeout: float = 10.0) -> None:
    path = url.removeprefix("sqlite:///")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(path) as db:
            row = db.execute("SELECT status, attempts FROM outbox").fetchone()
        if row and row[0] == "pending" and row[1] >= 1:
            return
        time.sleep(0.05)
    raise AssertionError("the failed post was not rescheduled")


def signed_command(fake: FakeSlack, port: int, text: str, trigger_id: str) -> int:
    """`/newclient <text>` to the process on `port`, signed as Slack signs it."""
    slack = SlackSide(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake, TEAM_ID)
    answer = slack.command(
        text, user="UANNA", command="/newclient", channel_id="C1", trigger_id=trigger_id
    )
    return answer.status


@pytest.mark.parametrize(
    "change, named",
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"WINS_CHANNEL": ""}, "WINS_CHANNEL is not set"),
        ({"WINS_CHANNEL": "#wins"}, "WINS_CHANNEL is '#wins', which is not a channel ID"),
        ({"BOT_LOCALE": "fr"}, "BOT_LOCALE is 'fr'"),
        ({"TEAM_TIMEZONE": "Mars/Olympus"}, "TEAM_TIMEZONE is 'Mars/Olympus'"),
        ({"DEFAULT_CURRENCY": "EURO"}, "DEFAULT_CURRENCY is 'EURO', not a currency code"),
        ({"PORT": "http"}, "PORT is 'http'"),
        ({"HOST": "every interface"}, "HOST is 'every interface', not an address to listen on"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN does not look like a bot token"),
        (
            {"SLACK_APP_TOKEN": "xoxb-wrong"},
            "SLACK_APP_TOKEN does not look like an app-level token",
        ),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL is not a SQLite or PostgreSQL URL"),
        ({"SALES_CHANNEL": "#sales"}, "SALES_CHANNEL is '#sales', which is not a channel ID"),
        ({"ADMIN_USER_IDS": "U123456, @anna"}, "ADMIN_USER_IDS contains '@anna'"),
        ({"HOLIDAYS_COUNTRY": "XX"}, "HOLIDAYS_COUNTRY is 'XX'"),
        ({"AGENDA_OPEN_DAYS": "0"}, "AGENDA_OPEN_DAYS is '0'"),
        ({"REMINDER_TIME": "25:00"}, "REMINDER_TIME is '25:00', not a time of day"),
        ({"REMINDER_TIME": "19:00"}, "REMINDER_TIME is 19:00, not before AGENDA_CUTOFF_TIME"),
        (
            {"AGENDA_OPEN_DAYS": "1", "AGENDA_OPEN_TIME": "18:00"},
            "AGENDA_OPEN_TIME is 18:00, which with AGENDA_OPEN_DAYS=1",
        ),
    ],
)
def test_bad_settings_are_named_with_how_to_fix(change, named, fake_slack, sqlite_url):
    env = {**bot_env(fake_slack, sqlite_url), **change}
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert named in str(error.value)


def test_a_missing_setting_stops_start_up_with_one_clear_message(fake_slack, sqlite_url):
    env = bot_env(fake_slack, sqlite_url)
    del env["SLACK_SIGNING_SECRET"]
    process = run_bot(env)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err.strip().splitlines() == [
        "salesbot cannot start: SLACK_SIGNING_SECRET is not set. Copy the Signing Secret from your "
        "Slack app's 'Basic Information' page into .env. (To see the bot without a Slack "
        "workspace first: scripts/run demo.)"
    ]
    assert "Traceback" not in err


def test_defaults(fake_slack):
    env = bot_env(fake_slack, "")
    for name in ("DATABASE_URL", "BOT_LOCALE", "TEAM_TIMEZONE", "SLACK_API_URL", "SLACK_TIMEOUT"):
        env.pop(name)
    settings = load_settings(env)
    assert settings.database_url == "sqlite:///salesbot.db"
    assert (
        settings.port == 3000
        and settings.bot_locale == "en"
        and settings.team_timezone == "Europe/Amsterdam"
    )
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.host == "0.0.0.0"
    assert not settings.socket_mode
    assert load_settings({**env, "HOST": "127.0.0.1"}).host == "127.0.0.1"
    assert load_settings({**env, "HOST": "[::1]"}).host == "::1"
    assert load_settings({**env, "HOST": "bot.internal"}).host == "bot.internal"
    assert (
        load_settings({**env, "DATABASE_URL": "postgresql://u:p@h/db"}).database_url
        == "postgresql+psycopg://u:p@h/db"
    )


def test_the_real_process_serves_slack_survives_a_kill_and_posts_exactly_once(
    fake_slack, sqlite_url
):
    port = free_port()
    env = bot_env(fake_slack, sqlite_url, PORT=str(port))
    fake_slack.fail_next("chat.postMessage", status=500, times=1000)  # Slack is down
    first = run_bot(env)
    try:
        wait_healthy(port, first)
        assert signed_command(fake_slack, port, "Acme 10k", "trig.kill") == 200
        fake_slack.wait_for("chat.postMessage", 1, ok_only=False)
        # Kill it once the failure is on record (killed mid-send, the lease would hold it 2 minutes).
        wait_rescheduled(sqlite_url)
    finally:
        first.kill()  # no clean shutdown: as after a crash or power cut
        first.wait(10)
    assert fake_slack.messages(WINS_CHANNEL) == []

    fake_slack.reset()  # Slack is back
    second = run_bot(env)
    try:
        wait_healthy(port, second)
        fake_slack.wait_for("chat.postMessage", 1, timeout=40)
        second.send_signal(signal.SIGTERM)
        assert second.wait(15) == 0
    finally:
        if second.poll() is None:
            second.kill()
    [message] = fake_slack.messages(WINS_CHANNEL)
    assert "Acme" in message["text"]


def run_tick(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": "ERROR",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "tick", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_tick_lists_then_sends_what_is_due_once(bot, fake_slack, sqlite_url):
    bot.command("Acme 10k")
    env = bot_env(fake_slack, sqlite_url)
    dry = run_tick(env, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would send celebrate celebrate:1 to CWINS0001" in dry.stdout
    assert fake_slack.calls_to("chat.postMessage") == []

    sent = run_tick(env)
    assert "sent 1 message(s)" in sent.stdout
    again = run_tick(env)
    assert "sent 0 message(s)" in again.stdout
    assert len(fake_slack.messages(WINS_CHANNEL)) == 1


def test_tick_at_a_moment_respects_back_off(bot, fake_slack, sqlite_url):
    fake_slack.fail_next("chat.postMessage", status=500)
    bot.command("Acme 10k")
    assert bot.deliver() == 0  # rescheduled: the back-off runs on the real clock
    env = bot_env(fake_slack, sqlite_url)
    now = bot.clock()
    assert "0 message(s) due" in run_tick(env, "--dry-run", "--at", now.isoformat()).stdout
    # "A minute later", run at once: the 500 may hide a post still landing; no retry yet.
    later = (now + timedelta(minutes=1)).isoformat()
    assert "sent 0 message(s)" in run_tick(env, "--at", later).stdout
    from sqlalchemy import update  # as if the back-off had passed in real time

    from storage.models import OutboxMessage

    with bot.runtime.session_factory.write() as session:
        session.execute(update(OutboxMessage).values(next_attempt_at=now - timedelta(seconds=1)))
    assert "sent 1 message(s)" in run_tick(env, "--at", later).stdout
    assert len(fake_slack.messages(WINS_CHANNEL)) == 1


def test_tick_rejects_a_time_without_offset(fake_slack, sqlite_url):
    result = run_tick(bot_env(fake_slack, sqlite_url), "--at", "2027-03-01T08:00:00")
    assert result.returncode == 2
    assert "needs a UTC offset" in result.stderr


# -- start-up that says what is wrong ------------------------------------------------------------


def one_line_failure(process: subprocess.Popen, code: int) -> str:
    """The process ends with `code` and exactly one line on stderr, which is returned."""
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert process.returncode == code, err
    [line] = err.strip().splitlines()
    assert line.startswith("salesbot cannot start: ")
    return line.removeprefix("salesbot cannot start: ")


class StderrLines:
    """A running process's stderr, line by line, without blocking the test."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {self.lines}")

    def rest(self, timeout: float = 15.0) -> list[str]:
        """Every line until the process closes stderr."""
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.lines.append(line)
        return self.lines


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_every_example_value_in_env_example_is_known():
    """A placeholder added to .env.example must be refused too (bot.config.EXAMPLE_VALUES)."""
    real_defaults = {"HOLIDAYS_COUNTRY", "BOT_LOCALE", "TEAM_TIMEZONE"}
    example = env_example()
    assert set(example) == set(EXAMPLE_VALUES) | real_defaults
    for name, (value, _fix) in EXAMPLE_VALUES.items():
        assert example[name] == value, name


@pytest.mark.parametrize("name", EXAMPLE_VALUES)
def test_each_example_value_is_refused_by_name(fake_slack, sqlite_url, name):
    value = EXAMPLE_VALUES[name][0]
    if name == "ADMIN_USER_IDS":
        value = f"U0REALADMIN, {value}"
    env = {**bot_env(fake_slack, sqlite_url), name: value}
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert str(error.value).startswith(f"{name} is still the example value from .env.example: ")


def test_an_unfilled_copy_of_env_example_stops_start_up_with_one_line():
    process = run_bot({"SALESBOT_ENV_FILE": str(ROOT / ".env.example")})
    assert one_line_failure(process, 2) == (
        "SLACK_BOT_TOKEN is still the example value from .env.example: copy the Bot User OAuth "
        "Token (xoxb-...) from your Slack app's 'OAuth & Permissions' page into .env. (To see "
        "the bot without a Slack workspace first: scripts/run demo.)"
    )


@pytest.mark.parametrize("socket_mode", [False, True], ids=["http", "socket-mode"])
def test_a_wrong_bot_token_is_caught_at_start_with_auth_test(fake_slack, sqlite_url, socket_mode):
    fake_slack.add_token("xapp-test")
    env = bot_env(fake_slack, sqlite_url, SLACK_BOT_TOKEN="xoxb-revoked")
    if socket_mode:
        env["SLACK_APP_TOKEN"] = "xapp-test"
    line = one_line_failure(run_bot(env, log_level="INFO"), 2)
    assert line.startswith("Slack refused SLACK_BOT_TOKEN (invalid_auth). Copy the Bot User")
    assert [c.method for c in fake_slack.calls] == ["auth.test"]
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()  # stopped before migrating


def test_a_slack_that_cannot_be_reached_at_start_is_one_line(sqlite_url):
    url = f"http://127.0.0.1:{free_port()}/api/"
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": url,
        "DATABASE_URL": sqlite_url,
        "WINS_CHANNEL": WINS_CHANNEL,
        "SLACK_TIMEOUT": "2",
    }
    line = one_line_failure(run_bot(env, log_level="INFO"), 3)
    assert line.startswith(f"Slack cannot be reached at {url} (")
    assert "Connection refused" in line
    assert line.endswith("Check the network connection (and SLACK_API_URL, if it is set).")


def test_a_slack_that_answers_auth_test_with_an_error_status_is_one_line(fake_slack, sqlite_url):
    fake_slack.fail_next("auth.test", status=503, times=10)
    line = one_line_failure(run_bot(bot_env(fake_slack, sqlite_url), log_level="INFO"), 3)
    assert line == (
        f"Slack answered auth.test at {fake_slack.url} with HTTP 503 internal_error. "
        "Try again in a few minutes."
    )


def test_a_wrong_app_token_is_one_line(fake_slack, sqlite_url):
    env = bot_env(fake_slack, sqlite_url, SLACK_APP_TOKEN="xapp-not-this-app")
    line = one_line_failure(run_bot(env, log_level="INFO"), 2)
    assert line.startswith("Slack refused SLACK_APP_TOKEN (invalid_auth). Create an app-level")


def test_a_socket_mode_connection_that_cannot_be_opened_is_retried_with_back_off(
    fake_slack, sqlite_url
):
    fake_slack.add_token("xapp-test")
    fake_slack.fail_next("apps.connections.open", status=503, times=1000)
    process = run_bot(
        bot_env(fake_slack, sqlite_url, SLACK_APP_TOKEN="xapp-test"), log_level="INFO"
    )
    try:
        stderr = StderrLines(process)
        first = stderr.wait_for("cannot open a Socket Mode connection")
        second = stderr.wait_for("cannot open a Socket Mode connection")
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
    reason = "(HTTP 503 internal_error)"
    assert first.endswith(
        f"salesbot: cannot open a Socket Mode connection {reason}; retrying in 1 s"
    )
    assert second.endswith(
        f"salesbot: cannot open a Socket Mode connection {reason}; retrying in 2 s"
    )
    lines = stderr.rest()
    assert lines[-1].endswith("INFO bot: salesbot: stopped; finished 0 sends in flight")
    # One line per failed attempt: nothing from the SDK, no traceback.
    assert all(" bot: salesbot: " in line for line in lines), lines
    assert not any("Traceback" in line for line in lines)


def test_a_bad_log_level_is_one_line(fake_slack, sqlite_url):
    line = one_line_failure(run_bot(bot_env(fake_slack, sqlite_url), log_level="chatty"), 2)
    assert line == "LOG_LEVEL is 'CHATTY'. Use DEBUG, INFO, WARNING or ERROR."


def test_a_port_in_use_is_one_line(fake_slack, sqlite_url):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(fake_slack, sqlite_url, HOST="127.0.0.1", PORT=str(port))
        line = one_line_failure(run_bot(env, log_level="INFO"), 2)
    assert line.startswith(f"cannot listen on 127.0.0.1:{port} (")


def test_the_default_log_says_one_line_at_start_and_one_at_shutdown(fake_slack, sqlite_url):
    port = free_port()
    env = bot_env(fake_slack, sqlite_url, HOST="127.0.0.1", PORT=str(port))
    process = run_bot(env, log_level="INFO")
    try:
        wait_healthy(port, process)
        assert signed_command(fake_slack, port, "Acme 10k", "trig.quiet") == 200
        fake_slack.wait_for("chat.postMessage", 1)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    lines = [re.sub(r"^\S+ \S+ ", "", line) for line in err.strip().splitlines()]
    # The post may still be in flight at SIGTERM; then it is finished first and counted.
    lines[-1] = lines[-1].replace("finished 1 send in", "finished 0 sends in")
    assert lines == [
        f"INFO bot: salesbot: serving Slack over HTTP on http://127.0.0.1:{port}/slack/events; "
        "SQLite database; workspace Fake Team",
        "INFO bot: salesbot: stopped; finished 0 sends in flight",
    ]


def test_a_database_that_cannot_be_opened_is_one_line(fake_slack, tmp_path):
    url = f"sqlite:///{tmp_path}/no/such/folder/bot.db"
    line = one_line_failure(run_bot(bot_env(fake_slack, url)), 3)
    assert line == (
        "the database cannot be used (unable to open database file). Check DATABASE_URL and "
        "that the database server is running."
    )


def test_a_postgresql_server_that_is_not_there_is_one_line(fake_slack):
    url = f"postgresql+psycopg://salesbot@127.0.0.1:{free_port()}/salesbot"
    line = one_line_failure(run_bot(bot_env(fake_slack, url)), 3)
    assert line.startswith("the database cannot be used (connection failed: ")
    assert line.endswith("Check DATABASE_URL and that the database server is running.")


def test_the_running_bot_migrates_in_a_child_and_never_loads_alembic(fake_slack, tmp_path):
    """Alembic and Mako stay out of the serving process (about 12 MiB it would keep)."""
    url = f"sqlite:///{tmp_path}/bot.db"
    probe = (
        "import sys\n"
        "from bot.__main__ import _start_runtime\n"
        "from bot.config import load_settings\n"
        "from storage.models import Win\n"
        f"runtime = _start_runtime(load_settings({bot_env(fake_slack, url)!r}), worker=False)\n"
        "with runtime.session_factory() as session:\n"
        "    print(session.query(Win).count())\n"
        "print(sorted(m for m in ('alembic', 'mako') if m in sys.modules))\n"
        "runtime.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "[]"]
    tables = sqlite3.connect(tmp_path / "bot.db").execute("SELECT version_num FROM alembic_version")
    assert len(tables.fetchall()) == 1


def test_migrate_on_its_own_reports_an_unusable_database(tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": f"sqlite:///{tmp_path}/x/y.db"}
    done = subprocess.run(
        [sys.executable, "-m", "storage.migrate"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 3
    assert done.stdout.strip() == "unable to open database file"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/fresh.db"
    done = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT, env=env)
    assert done.returncode == 0
    assert sqlite3.connect(tmp_path / "fresh.db").execute("SELECT count(*) FROM win").fetchone()


# Runs the bot as `python -m bot` does; once it answers /healthz, reports how many objects the
# garbage collector no longer walks, and stops it the way a supervisor would.
FREEZE_PROBE = """
import gc, os, signal, sys, threading, time, urllib.request
from bot.__main__ import main

def report():
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{os.environ['PORT']}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    print("frozen", gc.get_freeze_count(), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=report, daemon=True).start()
sys.exit(main([]))
"""


def test_the_serving_bot_keeps_what_it_started_with_out_of_the_collectors_walk(
    fake_slack, sqlite_url
):
    """A full collection walked every object of the start (190 ms with all threads stopped,
    in the middle of a burst of acks): frozen, it walks only what came after."""
    env = bot_env(fake_slack, sqlite_url, PORT=str(free_port()))
    done = subprocess.run(
        [sys.executable, "-c", FREEZE_PROBE],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "SALESBOT_ENV_FILE": "/nonexistent", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    word, count = done.stdout.split()
    assert word == "frozen"
    assert int(count) > 50_000  # the modules, the app and its listeners, the runtime (0 unfrozen)
