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
