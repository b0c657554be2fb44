"""`python -m bot` as a real process: settings errors at start-up, HTTP serving, kill and restart."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import SIGNING_SECRET, WINS_CHANNEL, bot_env
from slack_sdk.signature import SignatureVerifier

from bot.config import ConfigError, load_settings

ROOT = Path(__file__).parent.parent


def run_bot(env: dict[str, str]) -> subprocess.Popen:
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": "WARNING",
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


def signed_command(port: int, text: str, trigger_id: str) -> int:
    from urllib.parse import urlencode

    body = urlencode(
        {
            "team_id": "T123",
            "user_id": "UANNA",
            "command": "/newclient",
            "text": text,
            "trigger_id": trigger_id,
            "response_url": "http://127.0.0.1:9/r",
            "channel_id": "C1",
        }
    )
    ts = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        method="POST",
        headers={
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


@pytest.mark.parametrize(
    "change, named",
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"WINS_CHANNEL": ""}, "WINS_CHANNEL is not set"),
        ({"WINS_CHANNEL": "#wins"}, "WINS_CHANNEL is '#wins', which is not a channel ID"),
        ({"BOT_LOCALE": "fr"}, "BOT_LOCALE is 'fr'"),
        ({"TEAM_TIMEZONE": "Mars/Olympus"}, "TEAM_TIMEZONE is 'Mars/Olympus'"),
        ({"PORT": "http"}, "PORT is 'http'"),
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
        "Slack app's 'Basic Information' page into .env."
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
    assert not settings.socket_mode
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
        assert signed_command(port, "Acme 10k", "trig.kill") == 200
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
    assert bot.deliver() == 0  # rescheduled about 5 s from now
    env = bot_env(fake_slack, sqlite_url)
    now = bot.clock()
    assert "0 message(s) due" in run_tick(env, "--dry-run", "--at", now.isoformat()).stdout
    later = (now + timedelta(minutes=1)).isoformat()
    assert "sent 1 message(s)" in run_tick(env, "--at", later).stdout
    assert len(fake_slack.messages(WINS_CHANNEL)) == 1


def test_tick_rejects_a_time_without_offset(fake_slack, sqlite_url):
    result = run_tick(bot_env(fake_slack, sqlite_url), "--at", "2027-03-01T08:00:00")
    assert result.returncode == 2
    assert "needs a UTC offset" in result.stderr
