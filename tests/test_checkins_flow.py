"""The weekly check-in end to end: prompts in each rep's own time zone, the modal, reminders,
away periods, the admin's list and the manager's Monday digest with its chart; over the bot's
real HTTP endpoint with Slack faked over HTTP, time driven with `bot.tick(at)`."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.jobs.checkins import chart_series
from bot.views import checkins as cviews
from storage import checkins as checkin_store
from storage import managers as manager_store
from storage import plans as plan_store
from storage import users as user_store
from storage.models import Checkin, OutboxMessage
from tests.conftest import TEAM_ID, BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons, outbox_key

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
MANAGER = "UMGR"
ADMIN = "UADMIN"


# ------------------------------------------------------------------------------ helpers


def make_team(make_bot, database_url, fake_slack, *, reps=("UANNA", "UBRAM"), **env) -> BotHarness:
    """A bot whose reps (all with manager UMGR) live in Amsterdam, Bram in New York."""
    fake_slack.set_user(MANAGER, locale="en-GB", tz="Europe/Amsterdam")
    fake_slack.set_user(ADMIN, locale="en-GB")
    fake_slack.set_user("UANNA", locale="en-US", tz="Europe/Amsterdam")
    fake_slack.set_user("UBRAM", locale="en-US", tz="America/New_York")
    fake_slack.set_user("UCHRIS", locale="en-GB", tz="Europe/Amsterdam")
    fake_slack.set_user("UDIRK", locale="en-GB", tz="Europe/Amsterdam")
    bot = make_bot(database_url, ADMIN_USER_IDS=ADMIN, **env)
    with bot.runtime.session_factory.write() as session:
        for rep in reps:
            manager_store.set_manager(
                session=session,
                team_id=TEAM_ID,
                rep_id=rep,
                manager_id=MANAGER,
                by=ADMIN,
                now=datetime.now(UTC),
            )
    return bot


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    return make_team(make_bot, sqlite_url, fake_slack)


def learn_profile(bot: BotHarness, user: str, tz: str) -> None:
    """The user opens the bot's App Home: the bot asks Slack for their locale and time zone."""
    assert bot.event({"type": "app_home_opened", "user": user, "tab": "home"}).status == 200
    bot.runtime.background.wait_idle()
    with bot.runtime.session_factory() as session:
        stored = user_store.get_user(session=session, team_id=TEAM_ID, user_id=user)
    assert stored is not None and stored.tz == tz


def give_plan(bot: BotHarness, user: str, *, target_clients: int, year: int = 2027) -> None:
    with bot.runtime.session_factory.write() as session:
        plan_store.save_plan(
            session=session,
            team_id=TEAM_ID,
            user_id=user,
            year=year,
            fields={
                "target_clients": target_clients,
                "segment": "Bakeries in Utrecht",
                "value_cents": None,
                "currency": None,
                "value_basis": None,
                "approach": "Visit two bakeries a week",
                "q1": None,
                "q2": None,
                "q3": None,
                "q4": None,
            },
            shared=False,
            by=user,
            now=datetime.now(UTC),
        )


def dms(bot: BotHarness, user: str, kind: str | None = None) -> list[dict]:
    """The bot's DMs to `user` (top-level), optionally only those of an outbox kind."""
    found = [
        m for m in bot.fake.messages(user) if not m.get("thread_ts") or m["thread_ts"] == m["ts"]
    ]
    if kind is not None:
        found = [m for m in found if (outbox_key(m) or "").startswith(f"{kind}:")]
    return found


def prompts(bot: BotHarness, user: str) -> list[dict]:
    return dms(bot, user, "checkin_prompt")


def reminders(bot: BotHarness, user: str) -> list[dict]:
    return dms(bot, user, "checkin_reminder")


def outbox(bot: BotHarness) -> dict[str, OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return {m.key: m for m in session.exec(select(OutboxMessage)).all()}


def checkins(bot: BotHarness) -> list[Checkin]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Checkin).order_by(Checkin.week)).all())


def state(
    prospects="12", meetings="2", reasons=("no_leads", "deliveries"), note="<!channel> no leads"
):
    def text(value):
        return {"type": "plain_text_input", "value": value}

    return {
        cviews.BLOCK_PROSPECTS: {cviews.ACTION_PROSPECTS: text(prospects)},
        cviews.BLOCK_MEETINGS: {cviews.ACTION_MEETINGS: text(meetings)},
        cviews.BLOCK_REASONS: {
            cviews.ACTION_REASONS: {
                "type": "checkboxes",
                "selected_options": [{"value": reason} for reason in reasons],
            }
        },
        cviews.BLOCK_NOTE: {cviews.ACTION_NOTE: text(note)},
    }


def submit(bot: BotHarness, week: date, *, user: str = "UANNA", **fields) -> dict:
    response = bot.submit_view(
        state(**fields),
        user=user,
        callback_id=cviews.MODAL_CALLBACK,
        private_metadata=json.dumps({"week": week.isoformat(), "lang": "en"}),
    )
    assert response.status == 200
    return response.json()


def input_values(view: dict) -> dict[str, object]:
    """block_id -> what the modal shows prefilled (text or the ticked values)."""
    found: dict[str, object] = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        if "initial_value" in element:
            found[block["block_id"]] = element["initial_value"]
        if "initial_options" in element:
            found[block["block_id"]] = [o["value"] for o in element["initial_options"]]
    return found


def public_posts(bot: BotHarness) -> list[str]:
    """Everything the bot posted or uploaded into a channel (ids starting with "C")."""
    posted = [
        json.dumps(call, default=str)
        for method in ("chat.postMessage", "chat.postEphemeral", "chat.update")
        for call in bot.fake.calls_to(method)
        if str(call.get("channel") or "").startswith("C")
    ]
    posted += [
        f["filename"] for f in bot.fake.uploaded_files() if str(f.get("channel_id")).startswith("C")
    ]
    return posted


# ------------------------------------------------------------------------------ 1. prompts


def friday_ticks(bot: BotHarness, user: str, at: datetime) -> None:
    """Nothing a minute before `at`; exactly one prompt for `user` at `at`; none on a re-tick."""
    before = len(prompts(bot, user))
    bot.tick(at - timedelta(minutes=1))
    assert len(prompts(bot, user)) == before, f"{user} prompted before {at}"
    bot.tick(at)
    assert len(prompts(bot, user)) == before + 1, f"{user} not prompted at {at}"
    bot.tick(at)
    bot.tick(at + timedelta(minutes=1))
    assert len(prompts(bot, user)) == before + 1, f"{user} prompted twice at {at}"


FRIDAYS = (
    date(2027, 3, 12),  # both in winter time: New York is 6 hours behind Amsterdam
    date(2027, 3, 19),  # New York's DST began 14 March, Amsterdam's not yet: 5 hours behind
    date(2027, 4, 2),  # Amsterdam's DST began 28 March: 6 hours behind again
)


def test_each_rep_is_prompted_once_at_friday_15_00_in_their_own_zone_across_dst(
    make_bot, database_url, fake_slack
):
    bot = make_team(make_bot, database_url, fake_slack)
    learn_profile(bot, "UANNA", "Europe/Amsterdam")
    learn_profile(bot, "UBRAM", "America/New_York")
    for friday in FRIDAYS:
        anna_at = datetime.combine(friday, datetime.min.time().replace(hour=15), AMS)
        bram_at = datetime.combine(friday, datetime.min.time().replace(hour=15), NYC)
        friday_ticks(bot, "UANNA", anna_at)
        assert len(prompts(bot, "UBRAM")) == FRIDAYS.index(friday)  # not yet: 09:00 in New York
        friday_ticks(bot, "UBRAM", bram_at)
    monday = date(2027, 3, 29)
    assert [outbox_key(m) for m in prompts(bot, "UANNA")] == [
        f"checkin_prompt:UANNA:{(f - timedelta(days=4)).isoformat()}" for f in FRIDAYS
    ]
    last = prompts(bot, "UBRAM")[-1]
    assert buttons(last) == {cviews.OPEN_ACTION: monday.isoformat()}
    assert "week 13" in all_text(last)
    # Nothing went to the manager or any channel.
    assert public_posts(bot) == []


def test_a_rep_the_bot_never_talked_to_is_prompted_in_their_slack_zone(team):
    """Bram (New York in Slack) never used the bot: he is asked at 15:00 New York time."""
    bot = team
    bot.tick(datetime(2027, 4, 2, 15, 0, tzinfo=AMS))
    assert len(prompts(bot, "UANNA")) == 1
    assert prompts(bot, "UBRAM") == [], "Bram prompted at 09:00 New York time"
    friday_ticks(bot, "UBRAM", datetime(2027, 4, 2, 15, 0, tzinfo=NYC))


# ------------------------------------------------------------------------------ 2. answering


def test_answering_stores_one_checkin_per_week_and_thanks_with_target_and_streak(team):
    bot = team
    give_plan(bot, "UANNA", target_clients=23)  # ceil(23 * 10 / 46) = 5 a week
    bot.tick(datetime(2027, 4, 2, 15, 0, tzinfo=AMS))
    prompt = prompts(bot, "UANNA")[-1]
    assert "5 prospects a week" in all_text(prompt)
    week = date(2027, 3, 29)
    assert buttons(prompt)[cviews.OPEN_ACTION] == week.isoformat()

    # Last week's check-in first (allowed: within two weeks), for the streak.
    bot.clock.set(datetime(2027, 4, 2, 15, 5, tzinfo=AMS))
    assert submit(bot, week - timedelta(days=7), prospects="4", reasons=())["response_action"] == (
        "update"
    )

    assert (
        bot.click(cviews.OPEN_ACTION, week.isoformat(), user="UANNA", channel="DUANNA").status
        == 200
    )
    bot.runtime.background.wait_idle()
    modal = bot.fake.opened_views()[-1]
    assert modal["callback_id"] == cviews.MODAL_CALLBACK
    assert json.loads(modal["private_metadata"])["week"] == week.isoformat()
    assert input_values(modal) == {}  # nothing to prefill yet

    answer = submit(bot, week)
    assert answer["response_action"] == "update"
    thanks = all_text(answer["view"])
    assert "Thanks! Your check-in for week 13" in thanks
    assert "12 prospects and 2 meetings" in thanks
    assert "Target of 5 met" in thanks
    assert "2 weeks in a row" in thanks
    stored = [c for c in checkins(bot) if c.week == week]
    assert len(stored) == 1
    assert (stored[0].prospects, stored[0].meetings, stored[0].reasons, stored[0].note) == (
        12,
        2,
        "deliveries,no_leads",
        "<!channel> no leads",
    )

    # A second check-in the same week updates the first.
    answer = submit(bot, week, prospects="3", meetings="0", reasons=("internal",), note="")
    thanks = all_text(answer["view"])
    assert "Updated" in thanks
    assert "3 prospects and 0 meetings" in thanks
    assert "2 to go to your target of 5" in thanks
    stored = [c for c in checkins(bot) if c.week == week]
    assert len(stored) == 1
    assert (stored[0].prospects, stored[0].meetings, stored[0].reasons, stored[0].note) == (
        3,
        0,
        "internal",
        "",
    )
    assert len(checkins(bot)) == 2

    # /checkin opens the modal for this week, prefilled.
    reply = bot.command("", command="/checkin", user="UANNA")
    assert reply.status == 200 and not reply.body.strip()
    bot.runtime.background.wait_idle()
    modal = bot.fake.opened_views()[-1]
    assert json.loads(modal["private_metadata"])["week"] == week.isoformat()
    assert input_values(modal) == {
        cviews.BLOCK_PROSPECTS: "3",
        cviews.BLOCK_MEETINGS: "0",
        cviews.BLOCK_REASONS: ["internal"],
    }
    # Nothing of it in a channel.
    assert public_posts(bot) == []


# ------------------------------------------------------------------------------ 3. bad input


@pytest.mark.parametrize(
    ("fields", "block", "says"),
    [
        ({"prospects": "-3"}, cviews.BLOCK_PROSPECTS, "negative"),
        ({"prospects": "abc"}, cviews.BLOCK_PROSPECTS, "not a whole number"),
        ({"meetings": "100000"}, cviews.BLOCK_MEETINGS, "more than 500"),
        ({"note": "x" * 1001}, cviews.BLOCK_NOTE, "1001 characters"),
    ],
)
def test_bad_input_in_the_modal_is_refused_and_nothing_is_stored(team, fields, block, says):
    bot = team
    bot.clock.set(datetime(2027, 4, 2, 16, 0, tzinfo=AMS))
    answer = submit(bot, date(2027, 3, 29), **fields)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {block}
    assert says in answer["errors"][block]
    assert checkins(bot) == []


def test_a_week_too_long_ago_or_in_the_future_is_refused(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 2, 16, 0, tzinfo=AMS))
    for week in (date(2027, 3, 8), date(2027, 4, 5)):  # three weeks back; next week
        answer = submit(bot, week)
        assert answer["response_action"] == "errors", week
        assert set(answer["errors"]) == {cviews.BLOCK_PROSPECTS}, week
    assert "two weeks before" in submit(bot, date(2027, 3, 8))["errors"][cviews.BLOCK_PROSPECTS]
    assert checkins(bot) == []
    # Two weeks back is still fine.
    assert submit(bot, date(2027, 3, 15))["response_action"] == "update"
    assert [c.week for c in checkins(bot)] == [date(2027, 3, 15)]


def test_away_until_a_past_date_is_explained(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 7, 10, 0, tzinfo=AMS))
    reply = command_reply(bot, "away until 2027-04-01", command="/checkin", user="UANNA")
    text = all_text(reply)
    assert "in the past" in text and "/checkin away" in text
    reply = command_reply(bot, "away until someday", command="/checkin", user="UANNA")
    assert "couldn't read" in all_text(reply)
    with bot.runtime.session_factory() as session:
        assert checkin_store.member(session=session, team_id=TEAM_ID, user_id="UANNA") is None


# ------------------------------------------------------------------------------ 4. reminder


def test_one_reminder_the_next_working_morning_only_when_missing(team):
    bot = team
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert len(prompts(bot, "UANNA")) == 1
    # Bram checks in on Saturday.
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=NYC))
    bot.clock.set(datetime(2027, 4, 10, 11, 0, tzinfo=NYC))
    assert submit(bot, date(2027, 4, 5), user="UBRAM")["response_action"] == "update"

    bot.tick(datetime(2027, 4, 12, 8, 59, tzinfo=AMS))
    assert reminders(bot, "UANNA") == []
    bot.tick(datetime(2027, 4, 12, 9, 0, tzinfo=AMS))
    assert len(reminders(bot, "UANNA")) == 1
    reminder = reminders(bot, "UANNA")[0]
    assert "haven't checked in for week 14" in all_text(reminder)
    assert buttons(reminder) == {cviews.OPEN_ACTION: "2027-04-05"}
    for at in (
        datetime(2027, 4, 12, 9, 0, tzinfo=AMS),
        datetime(2027, 4, 12, 11, 0, tzinfo=AMS),
        datetime(2027, 4, 13, 9, 0, tzinfo=AMS),
    ):
        bot.tick(at)
    assert len(reminders(bot, "UANNA")) == 1
    # Bram checked in on Saturday: no reminder on his Monday morning.
    bot.tick(datetime(2027, 4, 12, 9, 0, tzinfo=NYC))
    bot.tick(datetime(2027, 4, 13, 9, 0, tzinfo=NYC))
    assert reminders(bot, "UBRAM") == []
    assert outbox(bot)["checkin_reminder:UBRAM:2027-04-05"].status == "skipped"


def test_the_reminder_after_easter_comes_on_tuesday(team):
    """Friday 26 March 2027 (Good Friday) and Monday 29 March (Easter Monday) are Dutch public
    holidays: the prompt is recorded as skipped, the reminder comes Tuesday 30 March 09:00."""
    bot = team
    bot.tick(datetime(2027, 3, 26, 15, 0, tzinfo=AMS))
    assert prompts(bot, "UANNA") == []
    row = outbox(bot)["checkin_prompt:UANNA:2027-03-22"]
    assert (row.status, row.last_error) == ("skipped", "public holiday")
    bot.tick(datetime(2027, 3, 29, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 3, 29, 15, 0, tzinfo=AMS))
    assert reminders(bot, "UANNA") == []
    bot.tick(datetime(2027, 3, 30, 8, 59, tzinfo=AMS))
    assert reminders(bot, "UANNA") == []
    bot.tick(datetime(2027, 3, 30, 9, 0, tzinfo=AMS))
    assert len(reminders(bot, "UANNA")) == 1
    bot.tick(datetime(2027, 3, 30, 9, 5, tzinfo=AMS))
    assert len(reminders(bot, "UANNA")) == 1


def test_a_prompt_before_whit_monday_is_reminded_on_tuesday(team):
    """Friday 14 May 2027 is a working day; Monday 17 May (Whit Monday) is not."""
    bot = team
    bot.tick(datetime(2027, 5, 14, 15, 0, tzinfo=AMS))
    assert len(prompts(bot, "UANNA")) == 1
    bot.tick(datetime(2027, 5, 17, 9, 0, tzinfo=AMS))
    assert reminders(bot, "UANNA") == []
    bot.tick(datetime(2027, 5, 18, 9, 0, tzinfo=AMS))
    assert [outbox_key(m) for m in reminders(bot, "UANNA")] == ["checkin_reminder:UANNA:2027-05-10"]


# ------------------------------------------------------------------------------ 5. away


def test_away_pauses_the_prompts_and_back_resumes_them(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 7, 10, 0, tzinfo=AMS))
    reply = command_reply(bot, "away until 2027-04-25", command="/checkin", user="UANNA")
    assert "No check-ins until" in all_text(reply)
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert prompts(bot, "UANNA") == []
    row = outbox(bot)["checkin_prompt:UANNA:2027-04-05"]
    assert row.status == "skipped" and "away" in (row.last_error or "")
    bot.tick(datetime(2027, 4, 12, 9, 0, tzinfo=AMS))
    assert reminders(bot, "UANNA") == []

    bot.clock.set(datetime(2027, 4, 14, 10, 0, tzinfo=AMS))
    reply = command_reply(bot, "back", command="/checkin", user="UANNA")
    assert "Welcome back" in all_text(reply)
    bot.tick(datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    assert [outbox_key(m) for m in prompts(bot, "UANNA")] == ["checkin_prompt:UANNA:2027-04-12"]


def test_no_reminder_for_a_week_the_rep_was_away(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 7, 10, 0, tzinfo=AMS))
    reply = command_reply(bot, "away until 2027-04-11", command="/checkin", user="UANNA")
    assert "No check-ins until" in all_text(reply)
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert prompts(bot, "UANNA") == []
    bot.tick(datetime(2027, 4, 12, 9, 0, tzinfo=AMS))
    digest = all_text(dms(bot, MANAGER, "checkin_digest")[0])
    assert "<@UANNA> is away" in digest  # the digest knows she was away that week ...
    assert reminders(bot, "UANNA") == []  # ... the reminder should too


@pytest.mark.parametrize(
    ("status_text", "status_emoji"),
    [("On vacation", ":palm_tree:"), ("On vacation", ""), ("", ":palm_tree:")],
)
def test_an_away_slack_status_skips_the_prompt(team, fake_slack, status_text, status_emoji):
    bot = team
    fake_slack.set_user("UANNA", locale="en-US", status_text=status_text, status_emoji=status_emoji)
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert prompts(bot, "UANNA") == []
    row = outbox(bot)["checkin_prompt:UANNA:2027-04-05"]
    assert row.status == "skipped" and "status" in (row.last_error or "")
    # Back at work: the status is cleared, the next week's prompt goes out.
    fake_slack.set_user("UANNA", locale="en-US", status_text="Back from vacation")
    bot.tick(datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    assert len(prompts(bot, "UANNA")) == 1


# ------------------------------------------------------------------------------ 6. admin list


def test_only_admins_choose_who_gets_the_checkin(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 7, 10, 0, tzinfo=AMS))
    reply = command_reply(bot, "add <@UDIRK|dirk>", command="/checkin", user="UCHRIS")
    assert "Only admins" in all_text(reply)
    with bot.runtime.session_factory() as session:
        assert checkin_store.member(session=session, team_id=TEAM_ID, user_id="UDIRK") is None
    bot.tick(datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    assert prompts(bot, "UDIRK") == []

    reply = command_reply(bot, "add <@UDIRK|dirk>", command="/checkin", user=ADMIN)
    assert "<@UDIRK> now gets the weekly check-in" in all_text(reply)
    reply = command_reply(bot, "remove <@UANNA|anna>", command="/checkin", user=ADMIN)
    assert "<@UANNA> no longer gets" in all_text(reply)
    reply = command_reply(bot, "add dirk", command="/checkin", user=ADMIN)
    assert "@-mention" in all_text(reply)

    bot.tick(datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    assert [outbox_key(m) for m in prompts(bot, "UDIRK")] == ["checkin_prompt:UDIRK:2027-04-12"]
    assert [outbox_key(m) for m in prompts(bot, "UANNA")] == ["checkin_prompt:UANNA:2027-04-05"]
    assert "checkin_prompt:UANNA:2027-04-12" not in outbox(bot)


def test_a_rep_added_on_saturday_is_first_asked_on_the_next_prompt_day(team):
    """Not at once on Saturday (the week's prompt was Friday), nor reminded on Monday about a
    week they were not on the list for: their first prompt is the next Friday at 15:00."""
    bot = team
    friday_ticks(bot, "UANNA", datetime(2027, 4, 9, 15, 0, tzinfo=AMS))
    bot.clock.set(datetime(2027, 4, 10, 11, 0, tzinfo=AMS))  # Saturday
    reply = command_reply(bot, "add <@UDIRK|dirk>", command="/checkin", user=ADMIN)
    assert "<@UDIRK> now gets the weekly check-in" in all_text(reply)
    for at in (
        datetime(2027, 4, 10, 11, 1, tzinfo=AMS),
        datetime(2027, 4, 11, 15, 0, tzinfo=AMS),
        datetime(2027, 4, 12, 9, 0, tzinfo=AMS),  # Monday: the reminder of last week's prompt
        datetime(2027, 4, 14, 10, 0, tzinfo=AMS),
        datetime(2027, 4, 16, 14, 59, tzinfo=AMS),
    ):
        bot.tick(at)
    assert dms(bot, "UDIRK") == []
    rows = outbox(bot)
    assert rows["checkin_prompt:UDIRK:2027-04-05"].status == "skipped"
    assert rows["checkin_reminder:UDIRK:2027-04-05"].status == "skipped"
    assert "not on the check-in list" in (rows["checkin_prompt:UDIRK:2027-04-05"].last_error or "")
    friday_ticks(bot, "UDIRK", datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    assert [outbox_key(m) for m in prompts(bot, "UDIRK")] == ["checkin_prompt:UDIRK:2027-04-12"]
    # The reps who were on the list all along were asked as always.
    assert [outbox_key(m) for m in prompts(bot, "UANNA")] == [
        "checkin_prompt:UANNA:2027-04-05",
        "checkin_prompt:UANNA:2027-04-12",
    ]


def test_a_rep_added_mid_week_is_asked_that_friday(team):
    bot = team
    bot.clock.set(datetime(2027, 4, 7, 11, 0, tzinfo=AMS))  # Wednesday
    command_reply(bot, "add <@UDIRK|dirk>", command="/checkin", user=ADMIN)
    friday_ticks(bot, "UDIRK", datetime(2027, 4, 9, 15, 0, tzinfo=AMS))


def test_the_digest_due_on_easter_monday_comes_on_tuesday(team):
    bot = team
    bot.tick(datetime(2027, 3, 29, 9, 0, tzinfo=AMS))  # Easter Monday
    bot.tick(datetime(2027, 3, 29, 15, 0, tzinfo=AMS))
    assert dms(bot, MANAGER, "checkin_digest") == []
    bot.tick(datetime(2027, 3, 30, 8, 59, tzinfo=AMS))
    assert dms(bot, MANAGER, "checkin_digest") == []
    bot.tick(datetime(2027, 3, 30, 9, 0, tzinfo=AMS))
    assert [outbox_key(m) for m in dms(bot, MANAGER, "checkin_digest")] == [
        "checkin_digest:UMGR:2027-03-22"
    ]


# ------------------------------------------------------------------------------ 7. digest


def test_the_manager_gets_one_private_digest_with_obstacles_and_a_chart(
    make_bot, database_url, fake_slack
):
    bot = make_team(make_bot, database_url, fake_slack)
    fake_slack.set_user("UMGR2", locale="en-GB")
    with bot.runtime.session_factory.write() as session:
        manager_store.set_manager(
            session=session,
            team_id=TEAM_ID,
            rep_id="UCHRIS",
            manager_id="UMGR2",
            by=ADMIN,
            now=datetime.now(UTC),
        )
    give_plan(bot, "UANNA", target_clients=23)
    bot.tick(datetime(2027, 4, 16, 15, 0, tzinfo=AMS))
    bot.clock.set(datetime(2027, 4, 16, 16, 0, tzinfo=AMS))
    note = "<!channel> no leads & <b>late</b> deliveries"
    assert submit(bot, date(2027, 4, 12), note=note)["response_action"] == "update"
    chris_note = "implementation of Globex ate my week"
    answer = submit(bot, date(2027, 4, 12), user="UCHRIS", reasons=("internal",), note=chris_note)
    assert answer["response_action"] == "update"

    bot.tick(datetime(2027, 4, 19, 8, 59, tzinfo=AMS))
    assert dms(bot, MANAGER) == []
    bot.tick(datetime(2027, 4, 19, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 4, 19, 9, 1, tzinfo=AMS))  # the chart may wait for its digest

    digests = dms(bot, MANAGER, "checkin_digest")
    assert len(digests) == 1
    digest = digests[0]
    assert outbox_key(digest) == "checkin_digest:UMGR:2027-04-12"
    text = all_text(digest)
    assert "<@UANNA>" in text and "<@UBRAM>" in text
    assert "1 of 2 reps checked in" in text
    assert "12 prospects (target 5 🎯)" in text
    assert "<@UBRAM> didn't check in" in text
    assert "No good leads* (1×)" in text
    assert "&lt;!channel&gt; no leads &amp; &lt;b&gt;late&lt;/b&gt; deliveries" in text
    assert "<!channel>" not in text and "<b>" not in text

    files = [f for f in bot.fake.uploaded_files() if f["channel_id"] == f"D{MANAGER}"]
    assert len(files) == 1
    chart = files[0]
    assert chart["content"].startswith(b"\x89PNG")
    assert chart["filename"].endswith(".png")
    assert chart["channel_id"] == f"D{MANAGER}"
    assert chart["thread_ts"] == digest["ts"]
    assert chart["alt_txt"] == (  # the chart in words, for a screen reader
        "Line chart of new prospects contacted per week (22 Feb – 12 Apr), one line per rep: "
        "uanna –, –, –, –, –, –, –, 12 (target 5); ubram –, –, –, –, –, –, –, –."
    )

    # Repeated ticks send nothing more.
    for at in (
        datetime(2027, 4, 19, 9, 0, tzinfo=AMS),
        datetime(2027, 4, 19, 12, 0, tzinfo=AMS),
        datetime(2027, 4, 20, 9, 0, tzinfo=AMS),
    ):
        bot.tick(at)
    assert len(dms(bot, MANAGER)) == 1
    assert len(dms(bot, "UMGR2")) == 1
    assert sorted(f["channel_id"] for f in bot.fake.uploaded_files()) == ["DUMGR", "DUMGR2"]
    # Privacy: nothing of the check-ins in any channel, nor another manager's reps.
    assert public_posts(bot) == []
    assert "UCHRIS" not in text and "Globex" not in text
    other = dms(bot, "UMGR2", "checkin_digest")
    assert len(other) == 1
    assert "Globex" in all_text(other[0]) and "UANNA" not in all_text(other[0])
    assert "no leads" not in all_text(other[0])


def test_the_digest_comes_at_monday_09_00_in_the_managers_own_zone(team, fake_slack):
    bot = team
    fake_slack.set_user(MANAGER, locale="en-GB", tz="America/New_York")
    learn_profile(bot, MANAGER, "America/New_York")
    bot.tick(datetime(2027, 4, 19, 9, 0, tzinfo=AMS))
    assert dms(bot, MANAGER) == []
    bot.tick(datetime(2027, 4, 19, 8, 59, tzinfo=NYC))
    assert dms(bot, MANAGER) == []
    bot.tick(datetime(2027, 4, 19, 9, 0, tzinfo=NYC))
    bot.tick(datetime(2027, 4, 19, 9, 1, tzinfo=NYC))
    assert [outbox_key(m) for m in dms(bot, MANAGER)] == ["checkin_digest:UMGR:2027-04-12"]
    assert len(bot.fake.uploaded_files()) == 1


def test_a_deactivated_rep_is_left_out_of_the_digest_and_its_chart(team):
    """Bram left the company (deactivated in Slack): the manager reads about Anna only."""
    bot = team
    fake = bot.fake
    fake.set_user("UANNA", locale="en-US", tz="Europe/Amsterdam", real_name="Anna Smit")
    learn_profile(bot, "UANNA", "Europe/Amsterdam")
    fake.set_user("UBRAM", locale="en-US", tz="America/New_York", deleted=True)
    with bot.runtime.session_factory.write() as session:
        user_store.mark_inactive(
            session=session, team_id=TEAM_ID, user_id="UBRAM", now=datetime.now(UTC)
        )
    bot.clock.set(datetime(2027, 4, 16, 16, 0, tzinfo=AMS))
    assert submit(bot, date(2027, 4, 12), note="Busy with a tender")["response_action"] == "update"
    bot.tick(datetime(2027, 4, 19, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 4, 19, 9, 1, tzinfo=AMS))
    [digest] = dms(bot, MANAGER, "checkin_digest")
    text = all_text(digest)
    assert "<@UANNA>" in text and "UBRAM" not in text
    assert "1 of 1 reps checked in" in text
    assert text.count("Busy with a tender") == 1  # once, under Anna, not under each reason
    [chart] = [f for f in fake.uploaded_files() if f["channel_id"] == f"D{MANAGER}"]
    # The chart's dates read as dates: the week of 12 April, not "2027-W15".
    assert chart["filename"] == "outreach-2027-04-12.png"
    assert "up to the week of 12 Apr" in chart["title"] and "W15" not in chart["title"]
    with bot.runtime.session_factory() as session:
        weeks = [date(2027, 4, 12) - timedelta(weeks=n) for n in range(7, -1, -1)]
        series = chart_series(session, team_id=TEAM_ID, manager=MANAGER, weeks=weeks)
    assert [(name, values[-1]) for name, values, _ in series] == [("Anna Smit", 12)]


# ------------------------------------------------------------------------------ 8. exactly once


def test_two_bot_processes_ticking_at_once_send_each_prompt_and_digest_once(
    make_bot, database_url, fake_slack
):
    first = make_team(make_bot, database_url, fake_slack)
    second = make_bot(database_url, ADMIN_USER_IDS=ADMIN)
    moments = [
        datetime(2027, 4, 9, 15, 0, tzinfo=AMS),
        datetime(2027, 4, 12, 9, 0, tzinfo=AMS),
    ]
    for at in moments:
        for _ in range(2):
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(BotHarness.tick, [first, second, first, second], [at] * 4))
    assert [outbox_key(m) for m in prompts(first, "UANNA")] == ["checkin_prompt:UANNA:2027-04-05"]
    assert [outbox_key(m) for m in reminders(first, "UANNA")] == [
        "checkin_reminder:UANNA:2027-04-05"
    ]
    assert len(dms(first, MANAGER, "checkin_digest")) == 1
    assert len(first.fake.uploaded_files()) == 1
    assert len(first.fake.calls_to("files.completeUploadExternal")) == 1
