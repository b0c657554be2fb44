"""The settings table: it fills every field of Settings, and a bad .env is reported whole."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bot.config import SETTINGS, ConfigError, Settings, load_settings

REQUIRED = {
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_SIGNING_SECRET": "secret",
    "WINS_CHANNEL": "CWINS0001",
}


def test_each_field_of_settings_is_read_from_one_setting():
    read = [s.attr for s in SETTINGS if not s.by_main]
    assert sorted(read) == sorted(f.name for f in fields(Settings))


def test_every_problem_is_collected_and_the_first_is_the_one_line_message():
    env = {**REQUIRED, "WINS_CHANNEL": "", "PORT": "http", "REMINDER_TIME": "19:00"}
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert error.value.problems == (
        "WINS_CHANNEL is not set. Set it to the ID of the channel where wins are celebrated "
        "(e.g. C0123456789: in Slack, open the channel details and copy the ID at the bottom).",
        "PORT is 'http', not a port number. Use a number between 1 and 65535, e.g. PORT=3000.",
        "REMINDER_TIME is 19:00, not before AGENDA_CUTOFF_TIME (18:00). The reminder invites "
        "items, so it must come before the agenda is locked.",
    )
    assert str(error.value) == error.value.problems[0]


def test_an_unfilled_example_value_comes_first_and_hides_that_settings_other_problems():
    env = {**REQUIRED, "ADMIN_USER_IDS": "U0123456789, @anna", "PORT": "0"}
    with pytest.raises(ConfigError) as error:
        load_settings(env)
    assert [p.split(" ", 2)[:2] for p in error.value.problems] == [
        ["ADMIN_USER_IDS", "is"],
        ["PORT", "is"],
    ]
    assert error.value.problems[0].startswith("ADMIN_USER_IDS is still the example value")


def test_an_unset_prep_lead_is_not_blamed_for_a_bad_nudge():
    with pytest.raises(ConfigError) as error:
        load_settings({**REQUIRED, "ONEONONE_NUDGE_HOURS": "500"})
    assert [p.split(" ")[0] for p in error.value.problems] == ["ONEONONE_NUDGE_HOURS"]
