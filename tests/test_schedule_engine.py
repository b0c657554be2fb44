"""The scheduling engine end to end: timed meeting posts driven by ticks at chosen moments.

Every test asserts what people see in the (fake, HTTP) Slack or what the ledger (the outbox
table) holds: each timed message goes out once, at the right local time, across restarts,
downtime, daylight saving, Slack failures and several bot processes on one database.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import _postgres_schema_url, bot_env
from sqlalchemy import update
from sqlmodel import select

from bot.domain.schedule import agenda_times
from bot.views import agenda as agenda_views
from storage.models import Meeting, MeetingPlan, OutboxMessage, Win
from tests.support.slack import all_text, buttons, outbox_key

AMS = ZoneInfo("Europe/Amsterdam")
SALES = "CSALES0001"
ROOT = Path(__file__).parent.parent
TEAM = "T123"

# A summer meeting with no daylight-saving change nearby: Monday 14 June 2027, 09:00 CEST.
# Its agenda opens, is reminded and locks on Friday 11 June: never on the weekend.
JUNE_START = datetime(2027, 6, 14, 9, 0, tzinfo=AMS)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# ------------------------------------------------------------------------------ helpers


def add_meetings(
    bot,
    *starts: datetime,
    duration: int = 60,
    channel: str = SALES,
    confirmed_year: int | None = 2027,
    confirmed_at: datetime | None = None,
) -> list[int]:
    """A confirmed plan with one meeting per start (stored as aware UTC); returns their ids."""
    with bot.runtime.session_factory.write() as session:
        plan = MeetingPlan(
            team_id=TEAM,
            year=starts[0].year,
            confirmed_year=confirmed_year,
            freq="weekly",
            interval=1,
            weekday=starts[0].weekday(),
            at_minutes=starts[0].hour * 60 + starts[0].minute,
            duration_minutes=duration,
            channel=channel,
            status="confirmed",
            created_by="UADMIN",
            confirmed_by="UADMIN",
            confirmed_at=confirmed_at,
        )
        session.add(plan)
        session.flush()
        meetings = [
            Meeting(
                team_id=TEAM,
                plan_id=plan.id,
                year=start.year,
                channel=channel,
                starts_at=start.astimezone(UTC),
                duration_minutes=duration,
            )
            for start in starts
        ]
        session.add_all(meetings)
        session.flush()
        return [m.id for m in meetings]


def posted(fake, channel: str = SALES) -> list[str]:
    """The outbox keys of the bot's posts in a channel (or a DM, by user id), oldest first."""
    return [outbox_key(m) for m in fake.messages(channel)]


def kinds(fake, channel: str = SALES) -> list[str]:
    return [key.split(":")[0] for key in posted(fake, channel)]


def ledger(bot) -> dict[str, OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return {m.key: m for m in session.exec(select(OutboxMessage)).all()}


def accessory_buttons(message: dict) -> list[str]:
    """The values of the story proposal's "Add to agenda" buttons, one per win."""
    return [
        block["accessory"]["value"]
        for block in message.get("blocks") or []
        if (block.get("accessory") or {}).get("action_id") == agenda_views.PROPOSE_STORY_ACTION
    ]


def times_for(start: datetime, duration: int = 60, *, holidays: str | None = None):
    """The default settings' agenda times; with `holidays` moved off weekends and holidays."""
    return agenda_times(
        start,
        duration,
        tz=AMS,
        open_days=3,
        open_time=time(9, 0),
        reminder_time=time(12, 0),
        cutoff_time=time(18, 0),
        holidays_country=holidays,
    )


def run_tick(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "tick", *args],
        cwd=ROOT,
        env=_process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _process_env(env: dict[str, str]) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": "ERROR",
        **env,
    }


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL schema (skipped without TEST_POSTGRES_URL, as in conftest)."""
    yield from _postgres_schema_url()


# ------------------------------------------------------------------------------ 1. a full cycle


def test_one_meeting_gets_each_post_once_at_its_moment_across_repeats_and_a_restart(
    make_bot, database_url, fake_slack
):
    bot = make_bot(database_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    stamp = int(JUNE_START.timestamp())
    opens = local(2027, 6, 11, 9, 0)  # Friday, 3 days before, 09:00
    reminder = local(2027, 6, 11, 12, 0)  # the day before is a Sunday: Friday at 12:00
    cutoff = local(2027, 6, 11, 18, 0)  # ... and Friday at 18:00
    rating = local(2027, 6, 14, 10, 5)  # 5 minutes after the end

    # Long before, and a minute before the agenda opens: nothing.
    assert bot.tick(local(2027, 6, 1, 9, 0)) == 0
    assert bot.tick(opens - timedelta(minutes=1)) == 0
    assert posted(fake_slack) == []

    assert bot.tick(opens) == 1
    assert posted(fake_slack) == [f"agenda_open:{meeting_id}"]
    [open_post] = fake_slack.messages(SALES)
    assert "agenda for the sales meeting" in open_post["text"] and "is open" in open_post["text"]
    assert buttons(open_post)[agenda_views.ADD_ITEM_ACTION] == str(meeting_id)

    # The same moment again, and a restarted bot (a second Runtime on the same database).
    assert bot.tick(opens) == 0
    restarted = make_bot(database_url)
    assert restarted.tick(opens) == 0
    assert restarted.tick(opens + timedelta(hours=1)) == 0
    assert posted(fake_slack) == [f"agenda_open:{meeting_id}"]

    assert restarted.tick(reminder - timedelta(minutes=1)) == 0
    assert restarted.tick(reminder) == 1
    assert bot.tick(reminder) == 0
    assert posted(fake_slack)[-1] == f"agenda_reminder:{meeting_id}:{stamp}"
    assert "Next sales meeting: Mon 14 Jun at 09:00" in fake_slack.messages(SALES)[-1]["text"]

    assert bot.tick(cutoff - timedelta(minutes=1)) == 0
    assert bot.tick(cutoff) == 1
    assert restarted.tick(cutoff) == 0
    assert posted(fake_slack)[-1] == f"agenda_lock:{meeting_id}:{stamp}"
    assert "Nothing was put on the agenda" in all_text(fake_slack.messages(SALES)[-1])
    # The weekend in between: nothing.
    assert bot.tick(local(2027, 6, 13, 12, 0)) == 0
    assert bot.tick(local(2027, 6, 13, 18, 0)) == 0

    # During the meeting and right at its end: no rating question yet.
    assert bot.tick(JUNE_START) == 0
    assert bot.tick(rating - timedelta(minutes=1)) == 0
    assert bot.tick(rating) == 1
    assert restarted.tick(rating + timedelta(minutes=1)) == 0
    assert posted(fake_slack)[-1] == f"rating_ask:{meeting_id}"
    assert "How was the sales meeting" in fake_slack.messages(SALES)[-1]["text"]

    # Days later nothing comes back.
    assert bot.tick(local(2027, 6, 17, 9, 0)) == 0
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder", "agenda_lock", "rating_ask"]
    rows = ledger(bot)
    meeting_rows = {k: v for k, v in rows.items() if not k.startswith("year_calendar")}
    assert set(meeting_rows) == {
        f"agenda_open:{meeting_id}",
        f"agenda_reminder:{meeting_id}:{stamp}",
        f"agenda_lock:{meeting_id}:{stamp}",
        f"rating_ask:{meeting_id}",
    }
    assert {row.status for row in meeting_rows.values()} == {"sent"}
    assert all(row.attempts == 1 for row in meeting_rows.values())
    # The year's calendar (due in January) was stale by June: recorded, never posted.
    assert rows["year_calendar:2027"].status == "skipped"
    assert fake_slack.uploaded_files() == []


# ------------------------------------------------------------------------------ 2. downtime


@pytest.mark.parametrize(
    ("back_at", "expect_reminder"),
    [
        (local(2027, 6, 11, 20, 30), True),  # after the cut-off, on Friday evening
        (local(2027, 6, 14, 9, 20), False),  # during the meeting
    ],
    ids=["after-cutoff", "during-meeting"],
)
def test_after_downtime_the_locked_agenda_goes_out_but_not_the_stale_opening(
    make_bot, database_url, fake_slack, caplog, back_at, expect_reminder
):
    bot = make_bot(database_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    stamp = int(JUNE_START.timestamp())
    assert bot.tick(local(2027, 6, 10, 9, 0)) == 0  # the last tick before the bot went down

    caplog.set_level(logging.INFO, logger="bot.jobs.schedule")
    sent = bot.tick(back_at)

    expected = ["agenda_reminder", "agenda_lock"] if expect_reminder else ["agenda_lock"]
    assert sent == len(expected)
    assert kinds(fake_slack) == expected
    assert "Nothing was put on the agenda" in all_text(fake_slack.messages(SALES)[-1])
    rows = ledger(bot)
    skipped_open = rows[f"agenda_open:{meeting_id}"]
    assert skipped_open.status == "skipped"
    assert skipped_open.message_ts is None
    assert "stale" in (skipped_open.last_error or "")
    reminder = rows[f"agenda_reminder:{meeting_id}:{stamp}"]
    assert reminder.status == ("sent" if expect_reminder else "skipped")
    assert rows[f"agenda_lock:{meeting_id}:{stamp}"].status == "sent"
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.jobs.schedule"]
    assert any(f"skipped agenda_open:{meeting_id}" in line for line in logged), logged
    assert (
        any(f"skipped agenda_reminder:{meeting_id}" in line for line in logged)
        is not expect_reminder
    )

    # Later ticks neither post the skipped ones nor repeat the others; the rating still comes.
    assert bot.tick(back_at + timedelta(minutes=1)) == 0
    assert bot.tick(local(2027, 6, 14, 10, 5)) == 1
    assert kinds(fake_slack) == [*expected, "rating_ask"]


def test_after_a_long_downtime_the_rating_ask_is_stale_too(make_bot, database_url, fake_slack):
    bot = make_bot(database_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    assert bot.tick(local(2027, 6, 16, 10, 6)) == 0  # 2 days after the end: all stale
    assert posted(fake_slack) == []
    rows = ledger(bot)
    assert rows[f"rating_ask:{meeting_id}"].status == "skipped"
    assert {rows[k].status for k in rows if f":{meeting_id}" in k} == {"skipped"}


# ------------------------------------------------------------------------------ 3. daylight saving


def test_agenda_times_keep_local_wall_clock_times_across_the_spring_change():
    # DST starts Sunday 28 March 2027 at 02:00 (CET +1 -> CEST +2).
    times = times_for(local(2027, 3, 29, 9, 0))
    assert times.starts_at.astimezone(UTC) == utc(2027, 3, 29, 7, 0)
    assert times.cutoff == local(2027, 3, 28, 18, 0)
    assert times.cutoff.astimezone(UTC) == utc(2027, 3, 28, 16, 0)  # not 17:00 UTC
    assert times.reminder_at.astimezone(UTC) == utc(2027, 3, 28, 10, 0)
    # The agenda opens on Friday, still in winter time: 09:00 CET = 08:00 UTC.
    assert times.opens_at == local(2027, 3, 26, 9, 0)
    assert times.opens_at.astimezone(UTC) == utc(2027, 3, 26, 8, 0)
    assert times.rating_at.astimezone(UTC) == utc(2027, 3, 29, 8, 5)
    for moment in (times.opens_at, times.reminder_at, times.cutoff):
        assert (moment.astimezone(AMS).hour, moment.astimezone(AMS).minute) in {
            (9, 0),
            (12, 0),
            (18, 0),
        }


def test_agenda_times_keep_local_wall_clock_times_across_the_autumn_change():
    # DST ends Sunday 31 October 2027 at 03:00 (CEST +2 -> CET +1).
    times = times_for(local(2027, 11, 1, 9, 0))
    assert times.starts_at.astimezone(UTC) == utc(2027, 11, 1, 8, 0)
    assert times.cutoff == local(2027, 10, 31, 18, 0)
    assert times.cutoff.astimezone(UTC) == utc(2027, 10, 31, 17, 0)  # not 16:00 UTC
    assert times.reminder_at.astimezone(UTC) == utc(2027, 10, 31, 11, 0)
    # Friday 29 October is still summer time: 09:00 CEST = 07:00 UTC.
    assert times.opens_at.astimezone(UTC) == utc(2027, 10, 29, 7, 0)


def test_a_wall_clock_time_in_the_spring_gap_becomes_the_real_instant():
    times = agenda_times(
        local(2027, 3, 29, 9, 0),
        60,
        tz=AMS,
        open_days=3,
        open_time=time(9, 0),
        reminder_time=time(2, 30),  # does not exist on 28 March 2027
        cutoff_time=time(18, 0),
    )
    assert times.reminder_at.astimezone(UTC) == utc(2027, 3, 28, 1, 30)
    assert times.reminder_at.astimezone(AMS).hour == 3


@pytest.mark.parametrize(
    ("start", "opens_utc", "reminder_utc", "cutoff_utc"),
    [
        # Tuesday meetings, so the reminder and the cut-off (Monday) are on the other side of
        # the change than the opening (Friday; Saturday is no working day).
        (  # DST starts Sunday 26 March 2028
            local(2028, 3, 28, 9, 0),
            utc(2028, 3, 24, 8, 0),
            utc(2028, 3, 27, 10, 0),
            utc(2028, 3, 27, 16, 0),
        ),
        (  # DST ends Sunday 31 October 2027
            local(2027, 11, 2, 9, 0),
            utc(2027, 10, 29, 7, 0),
            utc(2027, 11, 1, 11, 0),
            utc(2027, 11, 1, 17, 0),
        ),
    ],
    ids=["spring", "autumn"],
)
def test_ticks_around_a_dst_change_post_at_local_times(
    make_bot, sqlite_url, fake_slack, start, opens_utc, reminder_utc, cutoff_utc
):
    bot = make_bot(sqlite_url)
    add_meetings(bot, start)
    minute = timedelta(minutes=1)
    for due, kind in (
        (opens_utc, "agenda_open"),
        (reminder_utc, "agenda_reminder"),
        (cutoff_utc, "agenda_lock"),
    ):
        before = len(posted(fake_slack))
        # An hour early (what a fixed UTC offset would give) and a minute early: nothing.
        assert bot.tick(due - timedelta(hours=1)) == 0
        assert bot.tick(due - minute) == 0
        assert len(posted(fake_slack)) == before, kind
        assert bot.tick(due) == 1
        assert kinds(fake_slack)[-1] == kind
        assert bot.tick(due + timedelta(hours=1)) == 0
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder", "agenda_lock"]
    assert "Tomorrow: sales meeting at 09:00" in fake_slack.messages(SALES)[1]["text"]


# ------------------------------------------------------------------------------ 4. two processes


def _run_together(workers: list, at: datetime) -> None:
    """Every worker runs a scheduling pass and a delivery pass as of `at`, all at once."""
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def work(runtime) -> None:
        try:
            barrier.wait(10)
            runtime.run_pass(at)
            runtime.deliverer.deliver_due(now=at)
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


@pytest.mark.postgres
def test_two_bots_on_one_postgres_database_post_everything_exactly_once(
    make_bot, postgres_url, fake_slack, clock
):
    first = make_bot(postgres_url)
    second = make_bot(postgres_url)
    channels = ["CSALES0001", "CSALES0002", "CSALES0003"]
    ids = {}
    for index, channel in enumerate(channels):
        [ids[channel]] = add_meetings(
            first, JUNE_START, channel=channel, confirmed_year=2027 if index == 0 else None
        )
    # A win before the agenda opens: one story proposal DM.
    clock.set(local(2027, 6, 10, 15, 0))
    assert first.command("Acme 5000", user="UBRAM").status == 200

    moments = [
        local(2027, 6, 10, 15, 1),
        local(2027, 6, 11, 9, 0),
        local(2027, 6, 12, 9, 0),
        local(2027, 6, 11, 12, 0),
        local(2027, 6, 11, 18, 0),
        local(2027, 6, 11, 18, 1),
        local(2027, 6, 14, 10, 5),
        local(2027, 6, 14, 10, 6),
    ]
    workers = [first.runtime, second.runtime] * 3
    for at in moments:
        clock.set(at)
        _run_together(workers, at)

    for channel in channels:
        assert kinds(fake_slack, channel) == [
            "agenda_open",
            "agenda_reminder",
            "agenda_lock",
            "rating_ask",
        ], channel
        assert len(set(posted(fake_slack, channel))) == 4
    story_keys = posted(fake_slack, "UBRAM")
    assert len(story_keys) == len(channels)  # one proposal per meeting open at the time
    assert len(set(story_keys)) == len(story_keys)
    assert len(fake_slack.messages("CWINS0001")) == 1  # the celebration
    assert len(fake_slack.calls_to("chat.postMessage")) == 4 * len(channels) + len(channels) + 1
    assert {row.status for row in ledger(first).values()} <= {"sent", "skipped"}


@pytest.mark.postgres
def test_two_tick_processes_started_at_once_post_exactly_once(make_bot, postgres_url, fake_slack):
    bot = make_bot(postgres_url)  # migrates the schema before the processes start
    channels = ["CSALES0001", "CSALES0002"]
    ids = [
        add_meetings(bot, JUNE_START, channel=channel, confirmed_year=year)[0]
        for channel, year in zip(channels, (2027, None), strict=True)
    ]
    stamp = int(JUNE_START.timestamp())
    env = bot_env(fake_slack, postgres_url)
    for at, kind in (
        (local(2027, 6, 11, 9, 0), "agenda_open"),
        (local(2027, 6, 13, 18, 0), "agenda_lock"),
    ):
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "tick", "--at", at.isoformat()],
                cwd=ROOT,
                env=_process_env(env),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=60) for p in processes]
        for process, (_out, err) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, err
        sent = sum(int(re.search(r"sent (\d+) message", out).group(1)) for out, _ in outputs)
        # The lock tick also catches up the reminder (due at 12:00, stale only at the start).
        expected = len(channels) * (1 if kind == "agenda_open" else 2)
        assert sent == expected
        for channel, meeting_id in zip(channels, ids, strict=True):
            key = (
                f"agenda_open:{meeting_id}"
                if kind == "agenda_open"
                else f"{kind}:{meeting_id}:{stamp}"
            )
            assert posted(fake_slack, channel).count(key) == 1
    for channel in channels:
        assert kinds(fake_slack, channel) == ["agenda_open", "agenda_reminder", "agenda_lock"]


# ------------------------------------------------------------------------------ 5. dry run


def test_tick_dry_run_lists_what_it_would_send_and_sends_nothing(make_bot, sqlite_url, fake_slack):
    bot = make_bot(sqlite_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    stamp = int(JUNE_START.timestamp())
    env = bot_env(fake_slack, sqlite_url)
    back_at = local(2027, 6, 13, 19, 0).isoformat()  # after downtime: past the cut-off

    dry = run_tick(env, "--at", back_at, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"would send agenda_reminder:{meeting_id}:{stamp}" in dry.stdout
    assert f"would send agenda_lock:{meeting_id}:{stamp}" in dry.stdout
    assert f"would skip agenda_open:{meeting_id} (stale)" in dry.stdout
    assert "2 message(s) due at 2027-06-13T19:00:00+02:00" in dry.stdout
    assert fake_slack.calls_to("chat.postMessage") == []
    assert ledger(bot) == {}  # a dry run claims nothing

    real = run_tick(env, "--at", back_at)
    assert real.returncode == 0, real.stderr
    assert f"skipped agenda_open:{meeting_id} (stale)" in real.stdout
    assert "sent 2 message(s)" in real.stdout
    assert kinds(fake_slack) == ["agenda_reminder", "agenda_lock"]

    after = run_tick(env, "--at", back_at, "--dry-run")
    assert "0 message(s) due" in after.stdout
    assert "would" not in after.stdout
    assert "sent 0 message(s)" in run_tick(env, "--at", back_at).stdout
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


# ------------------------------------------------------------------------------ 6. Slack failures


def _meeting_locked_just_before_real_now() -> datetime:
    """A meeting whose cut-off (18:00 the day before) has passed and whose start has not."""
    now = datetime.now(AMS)
    if now.time() >= time(18, 0):
        return datetime.combine(now.date() + timedelta(days=1), time(9, 0), tzinfo=AMS)
    return datetime.combine(now.date(), time(23, 0), tzinfo=AMS)


def test_a_server_error_on_the_locked_agenda_is_retried_and_posted_once(
    make_bot, database_url, fake_slack, clock
):
    bot = make_bot(database_url)
    start = _meeting_locked_just_before_real_now()
    times = times_for(start, holidays="NL")  # as the bot computes them
    [meeting_id] = add_meetings(bot, start, confirmed_year=None)
    lock_key = f"agenda_lock:{meeting_id}:{int(start.timestamp())}"
    assert bot.tick(times.reminder_at) == 2  # the opening and the reminder, on time
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder"]

    fake_slack.fail_next("chat.postMessage", status=500)
    now = datetime.now(UTC)
    assert bot.tick(now) == 0
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder"]
    row = ledger(bot)[lock_key]
    assert (row.status, row.attempts, row.maybe_sent) == ("pending", 1, True)
    assert "500" in (row.last_error or "")
    assert bot.tick(now) == 0  # the back-off has not passed

    assert bot.tick(now + timedelta(minutes=1)) == 1
    # Before posting again it looked in the channel (the 500 might have hidden a post).
    [search] = fake_slack.calls_to("conversations.history")
    assert search["channel"] == SALES
    # (from when the claim was recorded: the clock, a few milliseconds after `now`)
    assert float(search["oldest"]) == pytest.approx(
        (now - timedelta(minutes=5)).timestamp(), abs=1.0
    )
    assert bot.tick(now + timedelta(minutes=2)) == 0
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder", "agenda_lock"]
    assert posted(fake_slack).count(lock_key) == 1
    row = ledger(bot)[lock_key]
    assert row.status == "sent" and row.message_ts == fake_slack.messages(SALES)[-1]["ts"]


def test_a_lock_post_that_reached_slack_before_a_timeout_is_not_posted_again(
    make_bot, sqlite_url, fake_slack
):
    bot = make_bot(sqlite_url, SLACK_TIMEOUT="1")
    start = _meeting_locked_just_before_real_now()
    times = times_for(start, holidays="NL")  # as the bot computes them
    [meeting_id] = add_meetings(bot, start, confirmed_year=None)
    lock_key = f"agenda_lock:{meeting_id}:{int(start.timestamp())}"
    bot.tick(times.reminder_at)

    fake_slack.slow_next("chat.postMessage", delay=2.0)  # stored, but the answer is too late
    now = datetime.now(UTC)
    assert bot.tick(now) == 0
    assert posted(fake_slack).count(lock_key) == 1
    row = ledger(bot)[lock_key]
    assert (row.status, row.maybe_sent) == ("pending", True)

    assert bot.tick(now + timedelta(minutes=1)) == 1
    assert bot.tick(now + timedelta(minutes=2)) == 0
    assert posted(fake_slack).count(lock_key) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 3
    assert ledger(bot)[lock_key].message_ts == fake_slack.messages(SALES)[-1]["ts"]


# ------------------------------------------------------------------------------ 7. story proposals


def test_a_win_before_the_agenda_opens_gets_one_story_proposal_dm(
    make_bot, database_url, fake_slack, clock
):
    bot = make_bot(database_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    clock.set(local(2027, 6, 9, 14, 0))
    assert bot.command("Acme 5000", user="UBRAM").status == 200
    with bot.runtime.session_factory() as session:
        [win] = session.exec(select(Win)).all()
    assert win.user_id == "UBRAM"

    # Before the agenda opens: the celebration only, no proposal.
    assert bot.tick(local(2027, 6, 9, 14, 1)) == 1
    assert len(fake_slack.messages("CWINS0001")) == 1
    assert fake_slack.messages("UBRAM") == []

    assert bot.tick(local(2027, 6, 11, 9, 0)) == 2  # the opening and the proposal
    [dm] = fake_slack.messages("UBRAM")
    assert outbox_key(dm) == f"story_proposal:{meeting_id}:UBRAM"
    assert accessory_buttons(dm) == [f"{meeting_id}:{win.id}"]
    assert "Acme" in all_text(dm)

    for at in (
        local(2027, 6, 11, 9, 1),
        local(2027, 6, 11, 12, 0),
        local(2027, 6, 11, 18, 0),
        local(2027, 6, 12, 9, 0),
        local(2027, 6, 14, 10, 5),
    ):
        bot.tick(at)
    assert len(fake_slack.messages("UBRAM")) == 1
    assert kinds(fake_slack) == ["agenda_open", "agenda_reminder", "agenda_lock", "rating_ask"]
    assert ledger(bot)[f"story_proposal:{meeting_id}:UBRAM"].status == "sent"


def test_a_win_logged_while_the_agenda_is_open_is_proposed_at_the_next_tick(
    make_bot, sqlite_url, fake_slack, clock
):
    bot = make_bot(sqlite_url)
    [meeting_id] = add_meetings(bot, JUNE_START)
    assert bot.tick(local(2027, 6, 11, 9, 0)) == 1
    clock.set(local(2027, 6, 11, 10, 0))
    bot.command("Globex 12000", user="UBRAM")
    assert bot.tick(local(2027, 6, 11, 10, 1)) == 2  # celebration and proposal
    [dm] = fake_slack.messages("UBRAM")
    [value] = accessory_buttons(dm)
    assert value.startswith(f"{meeting_id}:")
    # After the cut-off (Friday 18:00) nobody is asked any more.
    clock.set(local(2027, 6, 11, 19, 0))
    bot.command("Initech 3000", user="UCHRIS")
    bot.tick(local(2027, 6, 11, 19, 1))
    assert fake_slack.messages("UCHRIS") == []
    assert len(fake_slack.messages("UBRAM")) == 1


# ------------------------------------------------------------------------------ found by tests


def test_an_agenda_opening_held_up_by_slack_until_after_the_cutoff_is_not_posted(
    make_bot, sqlite_url, fake_slack
):
    bot = make_bot(sqlite_url)
    [meeting_id] = add_meetings(bot, JUNE_START, confirmed_year=None)
    fake_slack.fail_next("chat.postMessage", status=500, times=3)  # Slack has an outage
    for at in (local(2027, 6, 11, 9, 0), local(2027, 6, 11, 10, 0), local(2027, 6, 11, 11, 0)):
        assert bot.tick(at) == 0
    # Slack is back after the cut-off: "add items until Friday 18:00" would be a lie now.
    bot.tick(local(2027, 6, 11, 18, 30))
    assert kinds(fake_slack) == ["agenda_reminder", "agenda_lock"]
    assert ledger(bot)[f"agenda_open:{meeting_id}"].status == "skipped"


def test_a_post_slack_keeps_refusing_does_not_block_the_posts_after_it(
    make_bot, sqlite_url, fake_slack
):
    bot = make_bot(sqlite_url)
    [meeting_id] = add_meetings(bot, JUNE_START, confirmed_year=None)
    open_key = f"agenda_open:{meeting_id}"
    fake_slack.fail_next("chat.postMessage", status=200, error="invalid_auth")
    assert bot.tick(local(2027, 6, 11, 9, 0)) == 0
    # As after about ten hours of refusals, one every 15 minutes (the maximum back-off):
    with bot.runtime.session_factory.write() as session:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.key == open_key).values(attempts=44)
        )
    fake_slack.fail_next("chat.postMessage", status=200, error="invalid_auth")
    # The 45th refusal must not stop the reminder due at the same moment.
    assert bot.tick(local(2027, 6, 11, 12, 0)) == 1
    assert kinds(fake_slack) == ["agenda_reminder"]
    row = ledger(bot)[open_key]
    assert (row.status, row.attempts) == ("pending", 45)


def test_a_win_logged_after_the_cutoff_is_proposed_for_the_next_meeting(
    make_bot, sqlite_url, fake_slack, clock
):
    bot = make_bot(sqlite_url)
    first, second = add_meetings(bot, JUNE_START, JUNE_START + timedelta(days=14))
    clock.set(local(2027, 6, 13, 20, 0))  # the evening before the first meeting, agenda locked
    bot.command("Acme 5000", user="UBRAM")
    with bot.runtime.session_factory() as session:
        [win] = session.exec(select(Win)).all()
    bot.tick(local(2027, 6, 13, 20, 1))
    bot.tick(local(2027, 6, 25, 9, 0))  # the second meeting's agenda opens
    assert posted(fake_slack, "UBRAM") == [f"story_proposal:{second}:UBRAM"]


# ------------------------------------------------------------------------------ between calendars


def log_win(bot, clock, client: str, moment: datetime, user: str = "UBRAM") -> None:
    clock.set(moment)
    assert bot.command(f"{client} 5000", user=user).status == 200


def proposed_clients(fake_slack, user: str = "UBRAM") -> str:
    [dm] = [m for m in fake_slack.messages(user) if (outbox_key(m) or "").startswith("story_")]
    return all_text(dm)


def test_the_first_meeting_of_a_new_calendar_proposes_the_wins_since_the_last_one_of_the_old(
    make_bot, sqlite_url, fake_slack, clock
):
    """The 2026 calendar ends on 14 December (cut-off Friday 11 December); the 2027 one starts
    on 4 January. Wins of late December were too late for 2026 and are proposed for January."""
    bot = make_bot(sqlite_url)
    add_meetings(bot, local(2026, 12, 14, 9, 0), confirmed_year=2026)
    [first_2027] = add_meetings(bot, local(2027, 1, 4, 9, 0), confirmed_year=2027)
    log_win(bot, clock, "Acme", local(2026, 12, 10, 10, 0))  # on time for 14 December
    log_win(bot, clock, "Globex", local(2026, 12, 12, 10, 0))
    log_win(bot, clock, "Initech", local(2026, 12, 22, 10, 0))
    bot.tick(local(2026, 12, 11, 12, 0))  # 14 December's agenda: Acme is proposed there
    assert "Acme" in proposed_clients(fake_slack) and "Globex" not in proposed_clients(fake_slack)

    bot.tick(local(2026, 12, 31, 9, 0))  # 4 January's agenda opens on the last working day
    dms = [m for m in fake_slack.messages("UBRAM") if (outbox_key(m) or "").startswith("story_")]
    assert [outbox_key(m) for m in dms][-1] == f"story_proposal:{first_2027}:UBRAM"
    january = all_text(dms[-1])
    assert "Globex" in january and "Initech" in january and "Acme" not in january
    assert len(accessory_buttons(dms[-1])) == 2


@pytest.mark.parametrize(
    ("planned", "proposed", "not_proposed"),
    [
        # Planned early December: the last 90 days reach further back (to 6 October).
        (utc(2026, 12, 3, 10, 0), ["Globex", "Initech", "Umbrella"], ["Acme"]),
        # Planned in the summer: everything since it was planned.
        (utc(2026, 8, 25, 10, 0), ["Acme", "Globex", "Initech", "Umbrella"], ["Hooli"]),
    ],
    ids=["planned-in-december", "planned-in-summer"],
)
def test_a_teams_very_first_meeting_proposes_the_wins_since_planning_or_the_last_90_days(
    make_bot, sqlite_url, fake_slack, clock, planned, proposed, not_proposed
):
    """No calendar before 2027: December's wins are not lost (only the last 28 days counted)."""
    bot = make_bot(sqlite_url)
    [meeting_id] = add_meetings(bot, local(2027, 1, 4, 9, 0), confirmed_at=planned)
    log_win(bot, clock, "Hooli", local(2026, 8, 20, 10, 0))
    log_win(bot, clock, "Acme", local(2026, 9, 1, 10, 0))
    log_win(bot, clock, "Globex", local(2026, 10, 20, 10, 0))
    log_win(bot, clock, "Initech", local(2026, 12, 4, 10, 0))  # more than 28 days before
    log_win(bot, clock, "Umbrella", local(2026, 12, 30, 10, 0))
    bot.tick(local(2026, 12, 31, 9, 0))
    text = proposed_clients(fake_slack)
    assert all(client in text for client in proposed), text
    assert not any(client in text for client in not_proposed), text
