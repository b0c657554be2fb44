"""The yearly calendar end to end: /meetings over the bot's real HTTP endpoint, Slack faked over HTTP."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from bot.views import meetings as mviews
from storage.models import Meeting, MeetingPlan, OutboxMessage
from tests.conftest import BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons

AMS = ZoneInfo("Europe/Amsterdam")
SALES = "CSALES0001"
ADMIN = "UADMIN"


@pytest.fixture
def admin_bot(make_bot, sqlite_url, fake_slack) -> BotHarness:
    fake_slack.set_user(ADMIN, locale="en-GB")
    fake_slack.set_user("UOWNER", locale="nl-NL", is_owner=True)
    return make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)


def plan(bot: BotHarness, text: str, user: str = ADMIN) -> dict:
    return command_reply(bot, text, command="/meetings", user=user)


def confirm(bot: BotHarness, reply: dict, user: str = ADMIN) -> dict:
    plan_id = buttons(reply)[mviews.CONFIRM_PLAN_ACTION]
    before = len(bot.fake.responses("click"))
    assert bot.click(mviews.CONFIRM_PLAN_ACTION, plan_id, user=user, channel=SALES).status == 200
    return bot.fake.wait_for_response("click", count=before + 1)[-1]


def meetings_in_db(bot: BotHarness) -> list[Meeting]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Meeting).order_by(Meeting.starts_at)).all())


def outbox(bot: BotHarness) -> list[OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


# ------------------------------------------------------------------------------ planning


def test_an_admin_plans_2027_in_one_command_and_everybody_gets_the_calendar_and_ics(admin_bot):
    bot = admin_bot
    preview = plan(bot, "plan 2027 every 2 weeks on monday at 09:00")
    assert preview.get("response_type", "ephemeral") == "ephemeral"
    assert set(buttons(preview)) >= {mviews.CONFIRM_PLAN_ACTION, mviews.CANCEL_PLAN_ACTION}
    # Nothing is stored before the admin confirms.
    assert meetings_in_db(bot) == []

    reply = confirm(bot, preview)
    assert reply.get("replace_original") is True
    meetings = meetings_in_db(bot)
    assert len(meetings) == 26
    starts = [m.starts_at.astimezone(AMS) for m in meetings]
    # Every meeting at 09:00 Amsterdam time, winter and summer alike.
    assert {(s.hour, s.minute) for s in starts} == {(9, 0)}
    assert starts[0].date() == date(2027, 1, 4)
    # Easter Monday (29 March) is a holiday in the Netherlands: that meeting moved to Tuesday.
    assert date(2027, 3, 29) not in {s.date() for s in starts}
    assert date(2027, 3, 30) in {s.date() for s in starts}

    bot.deliver()
    bot.deliver()  # the .ics waits for the calendar post it belongs to
    posts = bot.fake.messages(SALES)
    calendar_posts = [m for m in posts if not m.get("files")]
    assert len(calendar_posts) == 1
    assert "2027" in calendar_posts[0]["text"]
    files = bot.fake.uploaded_files()
    assert len(files) == 1
    assert files[0]["filename"] == "sales-meetings-2027.ics"
    assert files[0]["thread_ts"] == calendar_posts[0]["ts"]
    ics = Calendar.from_ical(files[0]["content"])
    events = [c for c in ics.walk() if c.name == "VEVENT"]
    assert len(events) == 26
    first = min(e.decoded("dtstart") for e in events)
    assert first == datetime(2027, 1, 4, 9, 0, tzinfo=AMS)
    assert str(first.tzinfo) == "Europe/Amsterdam"
    assert any(c.name == "VTIMEZONE" for c in ics.walk())

    # A second click on Confirm plans nothing twice and posts nothing twice.
    again = confirm(bot, preview)
    assert "2027" in all_text(again)
    bot.deliver()
    assert len(meetings_in_db(bot)) == 26
    assert len(bot.fake.uploaded_files()) == 1


def test_anyone_sees_the_calendar_with_the_next_meeting_highlighted(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every month on the first tuesday at 14:00 for 90 minutes"))
    meetings = meetings_in_db(bot)
    assert len(meetings) == 12
    assert all(m.duration_minutes == 90 for m in meetings)
    reply = bot.command("", command="/meetings", user="UCHRIS").json()
    text = all_text(reply)
    assert "👉" in text
    # The "next" marker sits on the first meeting of 2027 (5 January).
    marked = [line for line in text.splitlines() if "👉" in line]
    assert marked and "5" in marked[0] and "Jan" in marked[0]


def test_holidays_can_be_skipped_instead_of_moved(admin_bot):
    bot = admin_bot
    preview = plan(bot, "plan 2027 every week on monday at 09:00")
    switch = buttons(preview)[mviews.SWITCH_POLICY_ACTION]
    bot.click(mviews.SWITCH_POLICY_ACTION, switch, user=ADMIN, channel=SALES)
    bot.runtime.background.wait_idle()
    switched = bot.fake.responses("click")[-1]
    assert switched["replace_original"] is True
    confirm(bot, switched)
    days = {m.starts_at.astimezone(AMS).date() for m in meetings_in_db(bot)}
    # Easter Monday, King's Day is a Tuesday in 2027, Whit Monday: skipped, not moved.
    assert date(2027, 3, 29) not in days and date(2027, 3, 30) not in days
    assert date(2027, 5, 17) not in days and date(2027, 5, 18) not in days
    assert len(days) == 52 - 2


def test_cancel_on_the_preview_stores_nothing(admin_bot):
    bot = admin_bot
    preview = plan(bot, "plan 2027 every 2 weeks on monday at 09:00")
    bot.click(mviews.CANCEL_PLAN_ACTION, buttons(preview)[mviews.CANCEL_PLAN_ACTION], user=ADMIN)
    bot.runtime.background.wait_idle()
    assert meetings_in_db(bot) == []
    # The discarded preview cannot be confirmed afterwards.
    confirm(bot, preview)
    assert meetings_in_db(bot) == []


@pytest.mark.parametrize(
    "text",
    [
        "plan 2027 every 2 weeks on monday at 09:00",
        "move 2027-03-08 to 2027-03-10 because of the fair",
        "cancel 2027-03-08 because of the fair",
    ],
)
def test_non_admins_are_refused_politely_and_nothing_changes(admin_bot, text):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    before = [(m.starts_at, m.status) for m in meetings_in_db(bot)]
    reply = command_reply(bot, text, command="/meetings", user="UCHRIS")
    assert "admin" in all_text(reply).lower()
    assert [(m.starts_at, m.status) for m in meetings_in_db(bot)] == before
    with bot.runtime.session_factory() as session:
        assert len(session.exec(select(MeetingPlan)).all()) == 1


def test_a_slack_workspace_owner_counts_as_admin(admin_bot):
    reply = plan(admin_bot, "plan 2027 every 2 weeks on monday at 09:00", user="UOWNER")
    assert mviews.CONFIRM_PLAN_ACTION in buttons(reply)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan 2020 every 2 weeks on monday at 09:00", "2020"),
        ("plan 2027 every fortnight-ish on mondays", "/meetings plan"),
        ("plan 2027 every 2 weeks on monday", "/meetings plan"),
        ("move 2027-03-08 to 2027-03-10", "because"),
        ("cancel 2027-03-08", "because"),
        ("move next-ish to later because x", "/meetings move"),
    ],
)
def test_bad_input_says_what_was_wrong_and_shows_the_right_form(admin_bot, text, expected):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    before = [(m.starts_at, m.status, m.reason) for m in meetings_in_db(bot)]
    reply = command_reply(bot, text, command="/meetings", user=ADMIN)
    assert expected in all_text(reply)
    assert [(m.starts_at, m.status, m.reason) for m in meetings_in_db(bot)] == before


def test_a_year_is_planned_once(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    reply = plan(bot, "plan 2027 every week on friday at 16:00")
    assert mviews.CONFIRM_PLAN_ACTION not in buttons(reply)
    assert "/meetings move" in all_text(reply) or "/meetings cancel" in all_text(reply)


# ------------------------------------------------------------------------------ changes


def test_move_and_cancel_need_a_reason_tell_the_channel_and_show_in_the_record(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    bot.deliver()
    bot.deliver()
    posted_before = len(bot.fake.messages(SALES))

    reply = bot.command(
        "move 2027-03-01 to 2027-03-03 because <!channel> trade fair",
        command="/meetings",
        user=ADMIN,
    ).json()
    assert "<!channel>" not in all_text(reply)
    reply = bot.command(
        "cancel 2027-03-15 because half the team is at the client summit",
        command="/meetings",
        user=ADMIN,
    ).json()
    bot.deliver()
    bot.deliver()

    meetings = meetings_in_db(bot)
    moved = [m for m in meetings if m.status == "moved"]
    cancelled = [m for m in meetings if m.status == "cancelled"]
    assert len(moved) == 1 and len(cancelled) == 1
    assert moved[0].starts_at.astimezone(AMS) == datetime(2027, 3, 3, 9, 0, tzinfo=AMS)
    assert moved[0].original_starts_at.astimezone(AMS) == datetime(2027, 3, 1, 9, 0, tzinfo=AMS)
    assert moved[0].reason == "<!channel> trade fair"

    notices = [m for m in bot.fake.messages(SALES)[posted_before:] if not m.get("files")]
    assert len(notices) == 2
    assert "&lt;!channel&gt;" in all_text(notices[0])
    assert "<!channel>" not in all_text(notices[0])
    # Each notice has the updated .ics in its thread: the moved meeting with a new SEQUENCE.
    files = bot.fake.uploaded_files()
    assert len(files) == 3
    latest = Calendar.from_ical(files[-1]["content"])
    statuses = sorted(str(e.get("status")) for e in latest.walk("VEVENT"))
    assert statuses.count("CANCELLED") == 1

    view = all_text(bot.command("2027", command="/meetings", user="UCHRIS").json())
    assert "24" in view and "trade fair" in view


def test_moving_onto_another_meeting_or_a_day_without_one_is_refused(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every week on monday at 09:00"))
    taken = bot.command(
        "move 2027-03-08 to 2027-03-15 because x", command="/meetings", user=ADMIN
    ).json()
    assert "2027-03-15" in all_text(taken) or "15" in all_text(taken)
    none = bot.command("cancel 2027-03-09 because x", command="/meetings", user=ADMIN).json()
    assert "2027-03-09" in all_text(none) or "9" in all_text(none)
    assert {m.status for m in meetings_in_db(bot)} == {"planned"}


# ------------------------------------------------------------------------------ the modal


def test_planning_through_the_modal(admin_bot):
    bot = admin_bot
    response = bot.command("plan", command="/meetings", user=ADMIN)
    assert response.status == 200
    bot.runtime.background.wait_idle()
    opened = bot.fake.opened_views()[-1]
    assert opened["callback_id"] == mviews.PLAN_MODAL_CALLBACK
    values = {
        mviews.BLOCK_YEAR: {mviews.ACTION_YEAR: {"type": "plain_text_input", "value": "2027"}},
        mviews.BLOCK_RULE: {
            mviews.ACTION_RULE: {"type": "plain_text_input", "value": "every week on wednesday"}
        },
        mviews.BLOCK_POLICY: {
            mviews.ACTION_POLICY: {"type": "radio_buttons", "selected_option": {"value": "skip"}}
        },
    }
    bad = bot.submit_view(
        values,
        user=ADMIN,
        callback_id=mviews.PLAN_MODAL_CALLBACK,
        private_metadata=opened["private_metadata"],
    ).json()
    assert bad["response_action"] == "errors" and mviews.BLOCK_RULE in bad["errors"]
    values[mviews.BLOCK_RULE][mviews.ACTION_RULE]["value"] = "every week on wednesday at 10:00"
    good = bot.submit_view(
        values,
        user=ADMIN,
        callback_id=mviews.PLAN_MODAL_CALLBACK,
        private_metadata=opened["private_metadata"],
    )
    assert good.status == 200 and not good.body.strip(b"{}")
    bot.runtime.background.wait_idle()
    preview = bot.fake.ephemerals(SALES)[-1]
    assert mviews.CONFIRM_PLAN_ACTION in buttons(preview)
    with bot.runtime.session_factory() as session:
        draft = session.exec(select(MeetingPlan)).one()
    assert (draft.year, draft.weekday, draft.holiday_policy) == (2027, 2, "skip")


# ------------------------------------------------------------------------------ failures


@pytest.mark.parametrize("status", [429, 500])
def test_a_rate_limit_or_server_error_during_the_announcement_loses_nothing_and_doubles_nothing(
    admin_bot, status
):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    # A 429 is retried once inside the Slack client after Retry-After: fail twice to reach the outbox.
    bot.fake.fail_next(
        "chat.postMessage", status=status, retry_after=1, times=2 if status == 429 else 1
    )
    assert bot.deliver() == 0
    message = next(m for m in outbox(bot) if m.kind == "year_calendar")
    assert message.status == "pending" and message.attempts == 1
    # Retried later: once the back-off has passed.
    bot.clock.advance(minutes=2)
    bot.runtime.deliverer.deliver_due(now=bot.clock())
    bot.runtime.deliverer.deliver_due(now=bot.clock())
    calendar_posts = [m for m in bot.fake.messages(SALES) if not m.get("files")]
    assert len(calendar_posts) == 1
    assert len(bot.fake.uploaded_files()) == 1


def test_a_timeout_on_the_ics_upload_does_not_attach_it_twice(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    bot.deliver()  # the calendar post
    bot.fake.fail_next("files.completeUploadExternal", status=500)
    bot.deliver()
    bot.clock.advance(minutes=2)
    bot.runtime.deliverer.deliver_due(now=bot.clock())
    assert len(bot.fake.uploaded_files()) == 1
    sent = [m for m in outbox(bot) if m.kind == "calendar_ics"]
    assert [m.status for m in sent] == ["sent"]


def test_private_metadata_of_the_plan_modal_carries_the_channel(admin_bot):
    bot = admin_bot
    bot.command("plan", command="/meetings", user=ADMIN)
    bot.runtime.background.wait_idle()
    meta = json.loads(bot.fake.opened_views()[-1]["private_metadata"])
    assert meta["channel_id"] == "CSALES0001"


def test_confirming_a_preview_whose_dates_have_all_passed_plans_nothing(admin_bot):
    bot = admin_bot
    bot.clock.set(datetime(2027, 12, 1, 12, 0, tzinfo=AMS))
    preview = plan(bot, "plan 2027 every month on the last monday at 09:00")
    assert mviews.CONFIRM_PLAN_ACTION in buttons(preview)  # 27 December is still ahead
    bot.clock.set(datetime(2027, 12, 28, 12, 0, tzinfo=AMS))
    reply = confirm(bot, preview)
    assert meetings_in_db(bot) == []
    assert "2027" in all_text(reply)
    # The year is not locked: a new rule can still be planned... for a year that has dates.
    with bot.runtime.session_factory() as session:
        assert session.exec(select(MeetingPlan)).one().confirmed_year is None


def test_an_unexpected_error_on_one_message_does_not_stall_the_others(admin_bot):
    bot = admin_bot
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00"))
    with bot.runtime.session_factory.write() as session:
        broken = OutboxMessage(
            team_id="T123",
            key="broken",
            kind="agenda_open",
            channel=SALES,
            payload='{"no_meeting_id": true}',
        )
        session.add(broken)
    # Give the broken row the lowest id among the due ones: it is claimed first.
    bot.deliver()
    bot.deliver()
    assert len([m for m in bot.fake.messages(SALES) if not m.get("files")]) == 1
    assert len(bot.fake.uploaded_files()) == 1
    row = next(m for m in outbox(bot) if m.key == "broken")
    assert row.status == "pending" and "KeyError" in row.last_error
