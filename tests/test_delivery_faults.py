"""Deliveries that cannot succeed end at once with their reason in `status`; Slack answering
late, 429s, 5xx and dropped connections double nothing and lose nothing; people who are
deleted, deactivated or bots are not scheduled at all. The bot's real endpoint, its outbox
workers and `python -m bot tick` as a real process, against the fake Slack over HTTP."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.jobs.outbox import queue_message
from bot.status import print_status
from storage import managers as manager_store
from storage import outbox as outbox_store
from storage import users as user_store
from storage.models import OneOnOneSeries, OutboxMessage
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness, bot_env
from tests.support.commands import command_reply
from tests.support.slack import outbox_key

ROOT = Path(__file__).parent.parent
AMS = ZoneInfo("Europe/Amsterdam")
ADMIN = "UADMIN"


# ------------------------------------------------------------------------------ helpers


def rows(bot: BotHarness) -> dict[str, OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return {m.key: m for m in session.exec(select(OutboxMessage)).all()}


def posts_by_key(fake) -> Counter:
    """How often each outbox message is in Slack, over every conversation."""
    return Counter(key for m in fake.all_messages() if (key := outbox_key(m)))


def posts_to(fake, user: str) -> list[dict]:
    return [c for c in fake.calls_to("chat.postMessage") if c.get("channel") == user]


def nudges_to(fake, user: str) -> list[dict]:
    return [c for c in posts_to(fake, user) if outbox_key(c).startswith("oneonone_")]


def status_lines(bot: BotHarness) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    assert print_status(bot.runtime.settings, out=out, err=err) == 0, err.getvalue()
    return out.getvalue().splitlines()


def queue_dm(bot: BotHarness, key: str, user: str, text: str) -> None:
    """A DM queued as handlers queue them (e.g. "your 1:1s were set up")."""
    with bot.runtime.session_factory.write() as session:
        assert queue_message(
            session,
            team_id=TEAM_ID,
            key=key,
            channel=user,
            message={"text": text, "blocks": []},
            now=bot.clock(),
        )


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "SALESBOT_ENV_FILE": "/nonexistent",
            "LOG_LEVEL": "ERROR",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def all_ended(bot: BotHarness) -> bool:
    with bot.runtime.session_factory() as session:
        open_count = session.exec(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status.in_(("pending", "sending")))
        ).one()
    return open_count == 0


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "error",
    ["channel_not_found", "is_archived", "not_in_channel", "invalid_blocks", "msg_too_long"],
)
def test_a_refusal_no_retry_heals_ends_the_message_after_one_call(bot, caplog, error):
    bot.fake.fail_next("chat.postMessage", status=200, error=error)
    bot.command("Acme 10k")
    bot.command("Globex 20k", user="UBRAM")
    with caplog.at_level(logging.WARNING, logger="bot.jobs.outbox"):
        assert bot.deliver() == 1  # the other message is not held up
        for _ in range(3):
            bot.clock.advance(hours=1)
            assert bot.deliver() == 0
    ended = rows(bot)["celebrate:1"]
    assert (ended.status, ended.last_error, ended.attempts) == ("failed", error, 1)
    assert len(bot.fake.calls_to("chat.postMessage")) == 2
    [posted] = bot.fake.messages(WINS_CHANNEL)
    assert "Globex" in posted["text"]
    [logged] = [r for r in caplog.records if "celebrate:1" in r.getMessage()]
    assert logged.levelname == "WARNING" and error in logged.getMessage()
    assert "\n" not in logged.getMessage()
    assert "failed by reason:" in status_lines(bot)
    assert f"  1  {error}" in status_lines(bot)


def test_status_shows_pending_sending_and_failures_by_reason(make_bot, database_url):
    bot = make_bot(database_url)
    bot.command("Acme 10k")  # refused: the channel is gone
    bot.command("Globex 20k", user="UBRAM")  # a server error: retried later
    for n in range(3):
        bot.fake.set_user(f"UGONE{n}", deleted=True)
        queue_dm(bot, f"told:{n}", f"UGONE{n}", "Your 1:1s were set up")
    bot.fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    bot.fake.fail_next("chat.postMessage", status=500)
    assert bot.deliver() == 0
    assert [c.get("channel") for c in bot.fake.calls_to("chat.postMessage")] == [
        WINS_CHANNEL,
        WINS_CHANNEL,
        "UGONE0",
        "UGONE1",
        "UGONE2",
    ]
    lines = status_lines(bot)
    assert lines[0] == "outbox: 1 pending, 0 sending, 0 sent, 0 skipped, 4 failed"
    assert re.fullmatch(
        r"pending: 1 \(1 after a failed try\); oldest queued \d+ s ago; next try in \d+ s", lines[1]
    ), lines[1]
    assert lines[2] == "sending: 0 leased, 0 with an expired lease"
    assert lines[3:] == ["failed by reason:", "  3  user_disabled", "  1  channel_not_found"]
    # The refusals also taught the bot that these people are gone.
    with bot.runtime.session_factory() as session:
        assert user_store.inactive_users(session=session) == {
            (TEAM_ID, f"UGONE{n}") for n in range(3)
        }

    # A message being sent holds a lease.
    bot.clock.advance(minutes=1)
    with bot.runtime.session_factory.write() as session:
        assert outbox_store.claim_next(session=session, now=bot.clock()) is not None
    lines = status_lines(bot)
    assert lines[0] == "outbox: 0 pending, 1 sending, 0 sent, 0 skipped, 4 failed"
    assert lines[1:3] == ["pending: none", "sending: 1 leased, 0 with an expired lease"]


def test_status_of_a_database_the_bot_never_used(fake_slack, tmp_path):
    from bot.config import load_settings

    settings = load_settings(bot_env(fake_slack, f"sqlite:///{tmp_path / 'none.db'}"))
    out, err = io.StringIO(), io.StringIO()
    assert print_status(settings, out=out, err=err) == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("salesbot status: no database at ")
    assert not (tmp_path / "none.db").exists()


# ------------------------------------------------------------------------------ late answers


def test_slack_answering_4_and_9_5_seconds_late_posts_each_message_once(make_bot, sqlite_url):
    """SLACK_TIMEOUT is 2: both answers come long after the client gave up, but both posts
    are made. The running bot (real time, no clock tricks) must find them, not post again."""
    bot = make_bot(sqlite_url, SLACK_TIMEOUT="2")
    bot.command("Acme 10k")
    bot.command("Globex 20k", user="UBRAM")
    bot.fake.late_next("chat.postMessage", delay=4.0)
    bot.fake.late_next("chat.postMessage", delay=9.5)
    bot.runtime.worker.start()
    bot.wait_until(lambda: all_ended(bot), timeout=40, what="both messages ended")
    assert posts_by_key(bot.fake) == {"celebrate:1": 1, "celebrate:2": 1}
    assert len(bot.fake.calls_to("chat.postMessage")) == 2  # neither was posted again
    ended = rows(bot)
    assert {key: row.status for key, row in ended.items()} == {
        "celebrate:1": "sent",
        "celebrate:2": "sent",
    }
    assert {ended[outbox_key(m)].message_ts for m in bot.fake.messages(WINS_CHANNEL)} == {
        m["ts"] for m in bot.fake.messages(WINS_CHANNEL)
    }


def test_tick_at_after_a_late_answer_waits_like_the_running_bot(bot, fake_slack, sqlite_url):
    """`tick --at` a minute later, run at once, is no reason to look for the post yet."""
    bot.command("Acme 10k")
    env = bot_env(fake_slack, sqlite_url)
    fake_slack.late_next("chat.postMessage", delay=4.0)
    at = datetime.now(UTC) + timedelta(days=1)
    assert "sent 0 message(s)" in run_cli(env, "tick", "--at", at.isoformat()).stdout
    again = run_cli(env, "tick", "--at", (at + timedelta(minutes=1)).isoformat())
    assert "sent 0 message(s)" in again.stdout
    assert fake_slack.calls_to("conversations.history") == []
    bot.wait_until(lambda: fake_slack.messages(WINS_CHANNEL), timeout=10, what="the late post")
    bot.clock.advance(minutes=1)
    assert bot.deliver() == 1
    assert posts_by_key(fake_slack) == {"celebrate:1": 1}
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_one_tick_at_tries_each_message_once_and_keeps_the_real_back_off(
    bot, fake_slack, sqlite_url
):
    """Six DMs to deactivated people and a Slack hiccup in a tick --at a day ahead: each is
    tried once; the others all go out in the same tick; a second tick retries nothing."""
    for n in range(20):
        assert bot.command(f"Client{n} 1k").status == 200
    for n in range(6):
        fake_slack.set_user(f"UGONE{n}", deleted=True)
        queue_dm(bot, f"told:{n}", f"UGONE{n}", "Your 1:1s were set up")
    fake_slack.fail_next("chat.postMessage", status=500)  # the first celebration
    env = bot_env(fake_slack, sqlite_url)
    at = datetime.now(UTC) + timedelta(days=1)
    first = run_cli(env, "tick", "--at", at.isoformat())
    assert "sent 19 message(s)" in first.stdout, first.stdout + first.stderr
    for n in range(6):
        assert len(posts_to(fake_slack, f"UGONE{n}")) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 26
    ended = rows(bot)
    assert [ended[f"told:{n}"].status for n in range(6)] == ["failed"] * 6
    assert ended["celebrate:1"].status == "pending"
    status = run_cli(env, "status")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == "outbox: 1 pending, 0 sending, 19 sent, 0 skipped, 6 failed"
    assert lines[-2:] == ["failed by reason:", "  6  user_disabled"]

    second = run_cli(env, "tick", "--at", (at + timedelta(days=1)).isoformat())
    assert "sent 0 message(s)" in second.stdout
    assert len(fake_slack.calls_to("chat.postMessage")) == 26

    bot.clock.advance(minutes=1)  # the back-off has passed for the running bot
    assert bot.deliver() == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 27
    assert set(posts_by_key(fake_slack).values()) == {1}
    assert len(posts_by_key(fake_slack)) == 20


def test_a_fan_out_under_random_faults_doubles_nothing_and_loses_nothing(
    make_bot, sqlite_url, fake_slack
):
    """200 messages (channel posts and DMs) delivered by two bot processes while Slack
    answers a fifth of the posts with a 429, a 5xx (before or after posting), a dropped
    connection (before or after posting) or an answer later than the client's timeout
    (SLACK_TIMEOUT is 1 here), and trips up history look-ups."""
    reps = [f"UREP{n:04d}" for n in range(150)]
    for rep in reps:
        fake_slack.set_user(rep)
    first = make_bot(sqlite_url, SLACK_TIMEOUT="1")
    second = make_bot(sqlite_url, SLACK_TIMEOUT="1")
    for n in range(50):
        assert first.command(f"Client{n} 1k").status == 200
    for n, rep in enumerate(reps):
        queue_dm(first, f"fanout:{n}", rep, f"Hello {n}")
    expected = set(rows(first))
    assert len(expected) == 200

    # An incident: Slack is well again after so many faults (this bounds the test's time).
    fake_slack.inject_faults(
        "chat.postMessage", rate=0.2, seed=2300, late=(1.5, 4.0), max_faults=45
    )
    for method in ("conversations.history", "conversations.open"):
        fake_slack.inject_faults(
            method, rate=0.1, seed=7, kinds=("429", "500", "drop"), max_faults=8
        )
    started = time.monotonic()
    first.runtime.worker.start()
    second.runtime.worker.start()
    first.wait_until(lambda: all_ended(first), timeout=90, what="the outbox drained")
    elapsed = time.monotonic() - started

    injected = Counter(
        kind for method, kind in fake_slack.fault_log if method == "chat.postMessage"
    )
    assert set(injected) == {"429", "500", "500_processed", "drop", "drop_processed", "late"}
    ended = rows(first)
    assert {key: row.status for key, row in ended.items()} == dict.fromkeys(expected, "sent")
    counts = posts_by_key(fake_slack)
    doubled = sorted(key for key, count in counts.items() if count > 1)
    lost = sorted(expected - set(counts))
    assert (doubled, lost) == ([], [])
    by_key = {outbox_key(m): m["ts"] for m in fake_slack.all_messages()}
    assert all(ended[key].message_ts == by_key[key] for key in expected)
    assert elapsed < 60, f"took {elapsed:.0f} s"


# ------------------------------------------------------------------------------ people who are gone


def test_deleted_deactivated_and_bot_users_get_no_checkin(make_bot, sqlite_url, fake_slack):
    fake_slack.set_user(ADMIN)
    fake_slack.set_user("UGONE", deleted=True)
    fake_slack.set_user("UROBOT", is_bot=True)
    fake_slack.set_user("ULEFT")
    bot = make_bot(sqlite_url, ADMIN_USER_IDS=ADMIN)
    bot.clock.set(datetime(2027, 4, 7, 10, 0, tzinfo=AMS))
    for user in ("UANNA", "UGONE", "UROBOT", "ULEFT"):
        reply = command_reply(bot, f"add <@{user}|x>", command="/checkin", user=ADMIN)
        assert f"<@{user}> now gets the weekly check-in" in str(reply)
    # Leif's profile is fresh when his account is deactivated: the bot learns it from the DM.
    bot.clock.set(datetime(2027, 4, 9, 14, 0, tzinfo=AMS))
    assert bot.event({"type": "app_home_opened", "user": "ULEFT", "tab": "home"}).status == 200
    bot.runtime.background.wait_idle()
    fake_slack.set_user("ULEFT", deleted=True)

    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert len(posts_to(fake_slack, "UANNA")) == 1
    assert posts_to(fake_slack, "UGONE") == [] and posts_to(fake_slack, "UROBOT") == []
    assert len(posts_to(fake_slack, "ULEFT")) == 1
    ledger = rows(bot)
    assert not [key for key in ledger if "UGONE" in key or "UROBOT" in key]
    prompt = ledger["checkin_prompt:ULEFT:2027-04-05"]
    assert (prompt.status, prompt.last_error, prompt.attempts) == ("failed", "user_disabled", 1)

    # The reminder and the next week's prompt: for Anna only, nothing queued for the others.
    bot.tick(datetime(2027, 4, 12, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    assert len(posts_to(fake_slack, "UANNA")) == 3
    assert len(posts_to(fake_slack, "ULEFT")) == 1
    assert posts_to(fake_slack, "UGONE") == [] and posts_to(fake_slack, "UROBOT") == []
    # Only what the first tick recorded before he was known to be gone (last week's as stale).
    assert {key: row.status for key, row in rows(bot).items() if "UANNA" not in key} == {
        "checkin_prompt:ULEFT:2027-03-29": "skipped",
        "checkin_reminder:ULEFT:2027-03-29": "skipped",
        "checkin_prompt:ULEFT:2027-04-05": "failed",
    }

    # An account that is reactivated gets its check-ins again (profiles are rechecked daily).
    fake_slack.set_user("UGONE")
    bot.tick(datetime(2027, 4, 23, 15, 0, tzinfo=AMS))
    assert len(posts_to(fake_slack, "UGONE")) == 1
    assert posts_to(fake_slack, "UROBOT") == []


def test_no_1on1_nudges_when_either_side_is_gone(make_bot, sqlite_url, fake_slack):
    fake_slack.set_user("UMGR")
    fake_slack.set_user("UGONE", deleted=True)
    bot = make_bot(sqlite_url)
    created = datetime(2027, 3, 5, 12, 0, tzinfo=AMS)
    with bot.runtime.session_factory.write() as session:
        manager_store.set_manager(
            session=session,
            team_id=TEAM_ID,
            rep_id="UANNA",
            manager_id="UMGR",
            by=ADMIN,
            now=created,
        )
        for rep in ("UANNA", "UGONE"):
            session.add(
                OneOnOneSeries(
                    team_id=TEAM_ID,
                    manager_id="UMGR",
                    rep_id=rep,
                    freq="weekly",
                    interval=1,
                    weekday=1,  # Tuesdays at 10:00
                    at_minutes=600,
                    duration_minutes=30,
                    tz="Europe/Amsterdam",
                    first_day=date(2027, 3, 9),
                    created_by="UMGR",
                    created_at=created,
                )
            )
    bot.tick(datetime(2027, 3, 8, 10, 0, tzinfo=AMS))  # a day before the first 1:1s
    assert posts_to(fake_slack, "UGONE") == []
    assert len(nudges_to(fake_slack, "UANNA")) == 1
    [to_manager] = nudges_to(fake_slack, "UMGR")
    assert "UANNA" in str(to_manager) and "UGONE" not in str(to_manager)
    with bot.runtime.session_factory() as session:
        gone = user_store.get_user(session=session, team_id=TEAM_ID, user_id="UGONE")
    assert gone is not None and gone.inactive
