"""App Home, and Slack's retried event deliveries handled once."""

from __future__ import annotations

import json


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
    assert "1 new clients for you · 2 for the team" in view
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
