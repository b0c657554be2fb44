"""Nothing is posted on a weekend or a public holiday (HOLIDAYS_COUNTRY, here NL).

An agenda's opening, reminder and cut-off move to the previous working day; the year's
calendar is posted on the first working day; check-in reminders come the next working morning
and a digest due on a holiday Monday the day after. Tested on the pure rule, over a whole year
of weekly Monday meetings in 2027 (the rule, then one scheduling pass a day), and end to end
with `bot.tick(at)` around New Year and Easter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from sqlmodel import select

from bot.app import DUE_WORK
from bot.domain.meetings import generate_calendar, parse_plan_rule
from bot.domain.schedule import agenda_times, working_moment
from bot.domain.workdays import next_working_day, previous_working_day
from bot.jobs.meetings import year_calendar_due
from bot.jobs.schedule import run_pass
from storage import managers as manager_store
from storage.models import Meeting
from tests.conftest import TEAM_ID, BotHarness
from tests.support.slack import all_text
from tests.test_meetings_flow import ADMIN, SALES, confirm, plan

AMS = ZoneInfo("Europe/Amsterdam")
NL_DAYS_OFF = holidays.country_holidays("NL", years=[2026, 2027, 2028])


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def working(day: date) -> bool:
    """A working day by the `holidays` library itself, not by the code under test."""
    return day.weekday() < 5 and day not in NL_DAYS_OFF


# ------------------------------------------------------------------------------ the rule


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 4), date(2027, 1, 4)),  # a working Monday stays
        (date(2027, 1, 3), date(2026, 12, 31)),  # Sunday, Saturday, New Year's Day: Thursday
        (date(2027, 1, 1), date(2026, 12, 31)),
        (date(2027, 3, 29), date(2027, 3, 25)),  # Easter Monday, the weekend, Good Friday
        (date(2027, 4, 27), date(2027, 4, 26)),  # King's Day, a Tuesday
        (date(2027, 5, 17), date(2027, 5, 14)),  # Whit Monday
        (date(2027, 12, 26), date(2027, 12, 24)),  # Boxing Day on a Sunday
    ],
)
def test_previous_working_day(day, expected):
    assert previous_working_day(day, holidays_country="NL") == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), date(2027, 1, 4)),
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday to the Tuesday after Easter
        (date(2027, 6, 16), date(2027, 6, 16)),
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day, holidays_country="NL") == expected


def test_the_country_decides_which_days_are_holidays():
    belgian_national_day = date(2027, 7, 21)  # a Wednesday; a working day in the Netherlands
    assert previous_working_day(belgian_national_day, holidays_country="BE") == date(2027, 7, 20)
    assert previous_working_day(belgian_national_day, holidays_country="NL") == belgian_national_day


def test_a_moved_moment_keeps_its_wall_clock_time_across_a_dst_change():
    # Sunday 28 March 2027 (summer time) moves to Thursday 25 March (winter time), 18:00 both.
    moved = working_moment(date(2027, 3, 28), time(18), AMS, holidays_country="NL")
    assert moved == at(2027, 3, 25, 18, 0)
    assert moved.astimezone(UTC) == datetime(2027, 3, 25, 17, 0, tzinfo=UTC)
    assert working_moment(date(2027, 3, 28), time(18), AMS, holidays_country=None).day == 28
    assert working_moment(date(2027, 1, 1), time(9), AMS, holidays_country="NL", later=True) == (
        at(2027, 1, 4, 9, 0)
    )


# ------------------------------------------------------------------------------ a whole year


def meetings_2027() -> list[datetime]:
    """Every Monday of 2027 at 09:00, holidays moved to the next working day, as planned."""
    rule = parse_plan_rule("2027 every week on monday at 09:00", today=date(2026, 12, 1))
    preview = generate_calendar(rule, tz=AMS, holidays_country="NL")
    return [planned.starts_at for planned in preview.dates]


def test_no_agenda_post_of_a_whole_year_of_monday_meetings_is_on_a_weekend_or_holiday():
    starts = meetings_2027()
    assert len(starts) == 52
    moved = 0
    for start in starts:
        times = agenda_times(
            start,
            60,
            tz=AMS,
            open_days=3,
            open_time=time(9, 0),
            reminder_time=time(12, 0),
            cutoff_time=time(18, 0),
            holidays_country="NL",
        )
        for name, moment, clock in (
            ("opening", times.opens_at, time(9, 0)),
            ("reminder", times.reminder_at, time(12, 0)),
            ("cut-off", times.cutoff, time(18, 0)),
        ):
            local = moment.astimezone(AMS)
            assert working(local.date()), f"{name} of {start:%Y-%m-%d} on {local:%a %Y-%m-%d}"
            assert local.time() == clock
        assert times.opens_at <= times.reminder_at <= times.cutoff < times.starts_at
        assert times.cutoff.date() < start.date()
        moved += times.reminder_at.date() != start.date() - timedelta(days=1)
    assert moved == 52  # the day before a Monday (or a moved Tuesday) is never a working day

    first = agenda_times(
        starts[0],
        60,
        tz=AMS,
        open_days=3,
        open_time=time(9, 0),
        reminder_time=time(12, 0),
        cutoff_time=time(18, 0),
        holidays_country="NL",
    )
    assert starts[0] == at(2027, 1, 4, 9, 0)
    assert first.opens_at == at(2026, 12, 31, 9, 0), "the first 2027 agenda opens on 1 January"
    assert (first.reminder_at, first.cutoff) == (at(2026, 12, 31, 12, 0), at(2026, 12, 31, 18, 0))


def _bot_with_a_2027_calendar(make_bot, sqlite_url, fake_slack) -> BotHarness:
    fake_slack.set_user(ADMIN, locale="en-GB")
    fake_slack.set_user("UMGR", locale="en-GB", tz="Europe/Amsterdam")
    fake_slack.set_user("UANNA", locale="en-US", tz="Europe/Amsterdam")
    bot = make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    confirm(bot, plan(bot, "plan 2027 every week on monday at 09:00"))
    with bot.runtime.session_factory.write() as session:
        manager_store.set_manager(
            session=session,
            team_id=TEAM_ID,
            rep_id="UANNA",
            manager_id="UMGR",
            by=ADMIN,
            now=datetime.now(UTC),
        )
    return bot


def test_a_year_of_scheduling_passes_claims_nothing_on_a_weekend_or_holiday(
    make_bot, sqlite_url, fake_slack, clock
):
    """Two passes every day from 14 December 2026 to the end of 2027: every agenda post,
    rating question, story proposal, year calendar, check-in reminder and digest is claimed on
    the working day it is due (check-in prompts on a holiday are recorded as skipped)."""
    bot = _bot_with_a_2027_calendar(make_bot, sqlite_url, fake_slack)
    # Wins on a Saturday, on Good Friday and on a Wednesday: each proposed on a working day.
    wins = {date(2027, 1, 9): "Bakkerij Jansen", date(2027, 3, 26): "Slagerij Smit"}
    wins[date(2027, 6, 16)] = "Acme"
    claimed: dict[str, tuple[date, str | None]] = {}
    day = date(2026, 12, 14)  # a Monday: the first pass records what went stale before it
    while day <= date(2027, 12, 31):
        if day in wins:
            clock.set(at(day.year, day.month, day.day, 11, 0))
            assert bot.command(wins[day], user="UANNA").status == 200
        for hour, minute in ((12, 0), (23, 59)):  # midday: while a Friday's agenda is open
            result = run_pass(
                session_factory=bot.runtime.session_factory,
                settings=bot.runtime.settings,
                due_work=DUE_WORK,
                now=at(day.year, day.month, day.day, hour, minute),
            )
            for key in result.queued:
                claimed[key] = (day, None)
            for key in result.skipped:
                claimed[key] = (day, result.reasons[key])
        day += timedelta(days=1)

    off_days = {
        key: (day, reason)
        for key, (day, reason) in claimed.items()
        if not working(day)
        and not (key.startswith("checkin_prompt:") and reason == "public holiday")
    }
    assert off_days == {}
    with bot.runtime.session_factory() as session:
        meetings = session.exec(select(Meeting).order_by(Meeting.starts_at)).all()
    for meeting in meetings:
        stamp = int(meeting.starts_at.timestamp())
        for key in (
            f"agenda_open:{meeting.id}",
            f"agenda_reminder:{meeting.id}:{stamp}",
            f"agenda_lock:{meeting.id}:{stamp}",
            f"rating_ask:{meeting.id}",
        ):
            assert key in claimed, key
    assert claimed[f"agenda_open:{meetings[0].id}"][0] == date(2026, 12, 31)
    assert claimed["year_calendar:2027"] == (date(2027, 1, 4), None)
    stories = {k: v for k, v in claimed.items() if k.startswith("story_proposal:")}
    assert sorted(stories.values()) == [
        (date(2027, 1, 15), None),  # Saturday's win: the next agenda opens on Friday 15 January
        (date(2027, 4, 2), None),  # Good Friday's: after the cut-off of Tuesday 30 March's agenda
        (date(2027, 6, 18), None),
    ]
    # Check-ins: Good Friday's prompt is skipped and its reminder is the Tuesday after Easter;
    # the digest due on Easter Monday comes on Tuesday.
    assert claimed["checkin_prompt:UANNA:2027-03-22"] == (date(2027, 3, 26), "public holiday")
    assert claimed["checkin_reminder:UANNA:2027-03-22"] == (date(2027, 3, 30), None)
    assert claimed["checkin_digest:UMGR:2027-03-22"] == (date(2027, 3, 30), None)
    assert claimed["checkin_digest:UMGR:2027-05-10"] == (date(2027, 5, 18), None)  # Whit Monday
    assert year_calendar_due(2028, bot.runtime.settings) == at(2028, 1, 3, 9, 0)


# ------------------------------------------------------------------------------ end to end


def outbox_keys(fake, channel: str) -> list[str]:
    return [
        ((m.get("metadata") or {}).get("event_payload") or {}).get("outbox_key")
        for m in fake.messages(channel)
    ]


def _posts_by_tick(bot: BotHarness, moments: list[datetime]) -> dict[datetime, int]:
    """How many messages each tick sent (channel posts and DMs)."""
    return {moment: bot.tick(moment) for moment in moments}


def test_around_new_year_the_first_agenda_is_done_before_new_years_day(
    make_bot, sqlite_url, fake_slack, clock
):
    bot = _bot_with_a_2027_calendar(make_bot, sqlite_url, fake_slack)
    bot.deliver()
    clock.set(at(2026, 12, 30, 10, 0))
    assert bot.command("Bakkerij Jansen 25000", user="UANNA").status == 200
    bot.tick(at(2026, 12, 30, 10, 1))  # the celebration
    channel_before = len(fake_slack.messages(SALES))
    dms_before = len(fake_slack.messages("UANNA"))

    assert bot.tick(at(2026, 12, 31, 8, 59)) == 0
    assert bot.tick(at(2026, 12, 31, 9, 0)) == 2  # the opening and Anna's story proposal
    opened = fake_slack.messages(SALES)[-1]
    assert "Mon 4 Jan 2027, 09:00" in opened["text"]
    assert "Thu 31 Dec 2026, 18:00" in all_text(opened)  # add items until the cut-off
    assert "Bakkerij Jansen" in all_text(fake_slack.messages("UANNA")[-1])
    assert bot.tick(at(2026, 12, 31, 12, 0)) == 1
    reminder = fake_slack.messages(SALES)[-1]
    assert reminder["text"] == "Next sales meeting: Mon 4 Jan at 09:00"
    assert bot.tick(at(2026, 12, 31, 18, 0)) == 1

    # New Year's Day and the weekend: silence.
    quiet = [
        at(2027, 1, day, hour, minute)
        for day in (1, 2, 3)
        for hour, minute in ((0, 0), (9, 0), (12, 0), (18, 0), (23, 59))
    ]
    assert set(_posts_by_tick(bot, quiet).values()) == {0}
    assert len(fake_slack.messages(SALES)) == channel_before + 3
    assert len(fake_slack.messages("UANNA")) == dms_before + 1

    # The first working day: the year's calendar (and its .ics in the thread), then the rating.
    assert bot.tick(at(2027, 1, 4, 9, 0)) >= 1
    bot.tick(at(2027, 1, 4, 9, 1))
    posts = [m for m in fake_slack.messages(SALES) if not m.get("files")]
    assert "2027" in all_text(posts[-1]) and posts[-1] is not reminder
    assert any(f["filename"].endswith(".ics") for f in fake_slack.uploaded_files())
    assert bot.tick(at(2027, 1, 4, 10, 5)) == 1


def test_around_easter_the_agenda_of_the_tuesday_meeting_is_done_on_thursday(
    make_bot, sqlite_url, fake_slack
):
    """Easter Monday's meeting moved to Tuesday 30 March; Good Friday, the weekend and Easter
    Monday stay quiet."""
    bot = _bot_with_a_2027_calendar(make_bot, sqlite_url, fake_slack)
    bot.deliver()
    bot.tick(at(2027, 3, 22, 10, 5))  # the meeting of 22 March is rated; quiet from here
    with bot.runtime.session_factory() as session:
        starts = [m.starts_at.astimezone(AMS) for m in session.exec(select(Meeting)).all()]
    assert at(2027, 3, 30, 9, 0) in starts and at(2027, 3, 29, 9, 0) not in starts

    assert bot.tick(at(2027, 3, 25, 9, 0)) == 1
    assert "Tue 30 Mar 2027, 09:00" in fake_slack.messages(SALES)[-1]["text"]
    assert bot.tick(at(2027, 3, 25, 12, 0)) == 1
    assert fake_slack.messages(SALES)[-1]["text"] == "Next sales meeting: Tue 30 Mar at 09:00"
    assert bot.tick(at(2027, 3, 25, 18, 0)) == 1
    quiet = [at(2027, 3, day, hour, 0) for day in (26, 27, 28, 29) for hour in (9, 12, 15, 18)]
    # Anna's check-in prompt of Good Friday is skipped; nothing else is due on these days.
    assert set(_posts_by_tick(bot, quiet).values()) == {0}
    assert bot.tick(at(2027, 3, 30, 9, 0)) >= 2  # Anna's reminder and the manager's digest
    assert outbox_keys(fake_slack, "UANNA")[-1] == "checkin_reminder:UANNA:2027-03-22"
    assert "checkin_digest:UMGR:2027-03-22" in outbox_keys(fake_slack, "UMGR")


# ------------------------------------------------------------------------------ 1:1 prompts and nudges


@pytest.mark.parametrize(
    ("one_on_one", "prompt", "nudge"),
    [
        # Wednesday: two days and one day before, as set.
        (datetime(2027, 6, 9, 10, 0), datetime(2027, 6, 7, 10, 0), datetime(2027, 6, 8, 10, 0)),
        # Tuesday: the prompt would be on Sunday, so Friday.
        (datetime(2027, 6, 8, 10, 0), datetime(2027, 6, 4, 10, 0), datetime(2027, 6, 7, 10, 0)),
        # Monday: both would fall on the weekend; the prompt stays a working day earlier.
        (datetime(2027, 6, 7, 10, 0), datetime(2027, 6, 3, 10, 0), datetime(2027, 6, 4, 10, 0)),
        # Whit Monday 17 May 2027: a Wednesday 1:1's prompt moves to the Friday before.
        (datetime(2027, 5, 19, 10, 0), datetime(2027, 5, 14, 10, 0), datetime(2027, 5, 18, 10, 0)),
        # Friday 31 Dec 2027 is a working day; a Monday 3 Jan 2028 1:1 skips New Year.
        (datetime(2028, 1, 3, 9, 0), datetime(2027, 12, 30, 9, 0), datetime(2027, 12, 31, 9, 0)),
    ],
)
def test_1on1_prompts_and_nudges_land_on_working_days(one_on_one, prompt, nudge):
    from bot.domain.schedule import prep_and_nudge_moments

    ams = ZoneInfo("Europe/Amsterdam")
    got = prep_and_nudge_moments(
        one_on_one.replace(tzinfo=ams),
        prep_lead=timedelta(hours=48),
        nudge_lead=timedelta(hours=24),
        tz=ams,
        holidays_country="NL",
    )
    assert got == (prompt.replace(tzinfo=ams), nudge.replace(tzinfo=ams))
