"""App Home, and Slack's retried event deliveries handled once."""

from __future__ import annotations

import json

import pytest


def test_home_tab_shows_my_and_the_teams_wins(bot):
    bot.command("Acme <b> 10k", user="UANNA")
    bot.command("Globex 20k", user="UBRAM")
    assert (
        bot.event(
            {"type": "app_home_opened", "user": "UANNA", "channel": "D1", "tab": "home"}
        ).status
        == 200
    )
    [call] = bot.fake.wait_for("views.publish")
    assert call["user_id"] == "UANNA"
    view = json.dumps(call["view"], ensure_ascii=False)
    assert "1 new client for you · 2 for the team" in view
    assert "Acme &lt;b&gt;" in view and "Globex" in view
    assert "newclient_open_modal" in view
    assert len(call["view"]["blocks"]) <= 100


def test_a_retried_event_is_handled_once(bot):
    event = {"type": "app_home_opened", "user": "UANNA", "channel": "D1", "tab": "home"}
    assert bot.event(event, event_id="EvSAME1").status == 200
    assert bot.event(event, event_id="EvSAME1", retry_num=1).status == 200
    assert bot.event(event, event_id="EvSAME1", retry_num=2).status == 200
    bot.fake.wait_for("views.publish", 1)
    bot.runtime.background.wait_idle()
    assert len(bot.fake.calls_to("views.publish")) == 1


def test_messages_tab_is_ignored(bot):
    assert (
        bot.event(
            {"type": "app_home_opened", "user": "UANNA", "channel": "D1", "tab": "messages"}
        ).status
        == 200
    )
    bot.runtime.background.wait_idle()
    assert bot.fake.calls_to("views.publish") == []


@pytest.fixture
def weekly_2027(make_bot, sqlite_url, fake_slack):
    """Weekly Monday 09:00 (Amsterdam) meetings planned for 2027, read on 5 January by Jack in
    New York and Ruben in Amsterdam."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.test_meetings_flow import ADMIN, SALES, confirm, plan

    fake_slack.set_user(ADMIN, locale="en-GB", tz="Europe/Amsterdam")
    fake_slack.set_user("UJACK", locale="en-US", tz="America/New_York")
    fake_slack.set_user("URUBEN", locale="nl-NL", tz="Europe/Amsterdam")
    bot = make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    bot.clock.set(datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    confirm(bot, plan(bot, "plan 2027 every week on monday at 09:00"))
    bot.clock.set(datetime(2027, 1, 5, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    return bot


def test_the_next_sales_meeting_is_on_the_readers_clock_with_the_teams_named(weekly_2027):
    from tests.support.slack import all_text

    bot = weekly_2027

    def home(user: str) -> str:
        bot.event({"type": "app_home_opened", "user": user, "tab": "home"})
        bot.runtime.background.wait_idle()
        return all_text(bot.fake.home_view(user))

    assert "Mon 11 Jan 2027, 03:00 your time (09:00 for the team)" in home("UJACK")
    ruben = home("URUBEN")
    assert "ma 11 jan 2027, 09:00" in ruben and "jouw tijd" not in ruben


def test_meetings_names_the_teams_zone_for_a_reader_on_another_clock(weekly_2027):
    from tests.support.commands import command_reply
    from tests.support.slack import all_text

    bot = weekly_2027
    jack = all_text(command_reply(bot, "", command="/meetings", user="UJACK"))
    assert (
        "Times are Amsterdam time, the team's. The next one for you: Mon 11 Jan 2027, 03:00 "
        "your time (09:00 for the team)." in jack
    )
    ruben = all_text(command_reply(bot, "", command="/meetings", user="URUBEN"))
    assert "🕒" not in ruben


# ------------------------------------------------------------------------------ sharing toggle


@pytest.fixture
def listed(make_bot, database_url, fake_slack):
    """Anna is on the check-in list (an admin added her) with a win and two weeks of check-ins
    in January 2027; Ruben (Dutch) is not on the list."""
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from storage.models import Checkin
    from tests.conftest import TEAM_ID
    from tests.support.commands import command_reply

    fake_slack.set_user("UADMIN", locale="en-GB", tz="Europe/Amsterdam")
    fake_slack.set_user("URUBEN", locale="nl-NL", tz="Europe/Amsterdam")
    bot = make_bot(database_url, ADMIN_USER_IDS="UADMIN")
    bot.clock.set(datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert bot.command("Acme 10k", user="UANNA").status == 200
    said = command_reply(bot, "add <@UANNA>", command="/checkin", user="UADMIN")
    assert "<@UANNA> now gets the weekly check-in" in said["text"]
    with bot.runtime.session_factory.write() as session:
        for day, meetings in ((4, 2), (11, 3)):
            session.add(
                Checkin(
                    team_id=TEAM_ID,
                    user_id="UANNA",
                    week=date(2027, 1, day),
                    prospects=9,
                    meetings=meetings,
                    reasons="",
                    note="my private worries",
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
            )
    return bot


def _home(bot, user: str) -> dict:
    bot.event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.runtime.background.wait_idle()
    return bot.fake.home_view(user)


def _toggle(home: dict) -> dict | None:
    from bot.views.home import SHARING_ACTION

    found = [e for b in home["blocks"] for e in b.get("elements") or []]
    return next((e for e in found if e.get("action_id") == SHARING_ACTION), None)


def _click_on_home(bot, user: str, value: str) -> None:
    from bot.views.home import SHARING_ACTION

    before = len(bot.fake.calls_to("views.publish"))
    response = bot.interaction(
        {
            "type": "block_actions",
            "user": {"id": user, "team_id": "T123"},
            "trigger_id": "t.1",
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home"},
            "actions": [
                {
                    "action_id": SHARING_ACTION,
                    "block_id": "dash_sharing",
                    "type": "button",
                    "value": value,
                    "action_ts": "1",
                }
            ],
        }
    )
    assert response.status == 200
    bot.fake.wait_for("views.publish", before + 1)
    bot.runtime.background.wait_idle()


def _board(bot, user: str) -> str:
    from tests.support.commands import command_reply
    from tests.support.slack import all_text

    return all_text(command_reply(bot, "", command="/leaderboard", user=user))


def test_a_rep_shows_their_first_meetings_on_the_leaderboard_from_home_and_hides_them(listed):
    from tests.support.slack import all_text

    bot = listed
    home = _home(bot, "UANNA")
    toggle = _toggle(home)
    assert toggle["text"]["text"] == "Show on the leaderboard"
    assert toggle["confirm"]["title"]["text"] == "Show on the leaderboard?"  # asked first
    assert "Your check-ins are private." in all_text(home)
    assert "first meeting" not in _board(bot, "UCHRIS")

    _click_on_home(bot, "UANNA", toggle["value"])
    shared = bot.fake.home_view("UANNA")
    assert "now show next to your name on the `/leaderboard`" in shared["blocks"][1]["text"]["text"]
    assert "The first meetings you book show on the `/leaderboard`" in all_text(shared)
    keep_private = _toggle(shared)
    assert keep_private["text"]["text"] == "Keep private" and "confirm" not in keep_private
    board = _board(bot, "UCHRIS")
    assert "<@UANNA>: 1 new client · €10,000 · 📅 5 first meetings booked" in board
    assert "private worries" not in board and "prospect" not in board

    _click_on_home(bot, "UANNA", keep_private["value"])
    private = bot.fake.home_view("UANNA")
    assert "private again" in private["blocks"][1]["text"]["text"]
    assert _toggle(private)["text"]["text"] == "Show on the leaderboard"
    board = _board(bot, "UCHRIS")
    assert "<@UANNA>: 1 new client · €10,000" in board and "first meeting" not in board


def test_only_people_on_the_check_in_list_get_the_toggle(listed):
    from bot.views.home import SHARE_ON
    from storage import checkins as checkin_store
    from tests.conftest import TEAM_ID
    from tests.support.slack import all_text

    bot = listed
    ruben = _home(bot, "URUBEN")
    assert _toggle(ruben) is None and "klassement" not in all_text(ruben)
    assert _toggle(_home(bot, "UADMIN")) is None
    # An older Home tab (or a forged click): told why, nothing stored.
    _click_on_home(bot, "URUBEN", SHARE_ON)
    said = bot.fake.home_view("URUBEN")["blocks"][1]["text"]["text"]
    assert "jij staat niet op de check-inlijst" in said
    with bot.runtime.session_factory() as session:
        assert checkin_store.member(session=session, team_id=TEAM_ID, user_id="URUBEN") is None
    assert "first meeting" not in _board(bot, "UANNA")


def test_the_toggle_in_dutch(listed, fake_slack):
    from tests.support.slack import all_text

    fake_slack.set_user("UANNA", locale="nl-NL", tz="Europe/Amsterdam")
    bot = listed
    bot.clock.advance(days=2)  # her profile is learned again
    home = _home(bot, "UANNA")
    assert "Je check-ins zijn privé." in all_text(home)
    assert _toggle(home)["confirm"]["text"]["text"].startswith("Het team ziet hoeveel")


def test_a_rep_sees_their_badges_and_someone_else_only_once_earned(listed):
    """Anna (on the list) won her first client of 2027 in January and checked in both weeks so
    far; Ruben (not a rep, no win) gets no badges section at all."""
    from tests.support.slack import all_text

    anna = all_text(_home(listed, "UANNA"))
    assert "🏅 Your badges" in anna
    assert "Your first new client of 2027, in January" in anna
    # Added to the list on Friday 15 January: the week of the 11th is the first she was asked.
    assert "Check-ins in Q1 2027 so far: 1 of 1 week" in anna
    assert "badges" not in all_text(_home(listed, "URUBEN")).lower()
