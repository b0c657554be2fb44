"""/culture through the bot's real HTTP endpoint and the fake Slack: acked at once, the mirror
answered ephemerally through the response_url (manager: their reps; admin: the team; in the
asker's language), a rep refused without a figure, and nothing ever reaching a channel; the
monthly mirror in each manager's and listed admin's DM on the first working day of the month,
with its chart in the thread, once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import TEAM_ID, BotHarness
from tests.support.culture import ADMIN, MANAGER, NOW, SECRET_NOTE, seed
from tests.support.slack import all_text


@pytest.fixture
def team(make_bot, database_url, fake_slack) -> BotHarness:
    fake_slack.set_user(MANAGER, locale="en-GB")
    fake_slack.set_user("UMGR2", locale="nl-NL")
    fake_slack.set_user("UR1", locale="en-US")
    fake_slack.set_user("UWSADMIN", locale="en-US", is_admin=True)
    bot = make_bot(database_url, ADMIN_USER_IDS=ADMIN)
    bot.clock.set(NOW)
    with bot.runtime.session_factory.write() as session:
        seed(session, TEAM_ID)
    return bot


def culture(bot: BotHarness, user: str, text: str = "") -> dict:
    """Send `/culture`: an empty ack, then one answer to the response_url."""
    before = len(bot.fake.responses("cmd"))
    response = bot.command(text, command="/culture", user=user)
    assert response.status == 200 and not response.body.strip()
    return bot.fake.wait_for_response("cmd", count=before + 1)[-1]


def assert_nothing_in_a_channel(bot: BotHarness) -> None:
    for method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "files.upload"):
        assert bot.fake.calls_to(method) == [], method
    assert bot.fake.uploaded_files() == []


def test_a_manager_sees_their_reps_and_nothing_reaches_a_channel(team):
    answer = culture(team, MANAGER)
    text = all_text(answer)
    assert answer["response_type"] == "ephemeral"
    assert "your reps (3 reps)" in text
    assert "3 of 3 reps (100%)" in text
    assert "*Weekly check-ins:* 3 of 4 (75%)" in text
    assert "7.5 out of 10 (4 ratings)" in text
    assert SECRET_NOTE not in text
    team.deliver()
    assert_nothing_in_a_channel(team)


def test_an_admin_sees_the_whole_team(team):
    for admin in (ADMIN, "UWSADMIN"):  # listed in ADMIN_USER_IDS; a Slack workspace admin
        text = all_text(culture(team, admin))
        assert "the whole team (5 reps)" in text
        assert "4 of 5 reps (80%)" in text
        assert "1.5 (6 on 4 new clients)" in text
    assert_nothing_in_a_channel(team)


def test_a_dutch_manager_sees_their_one_rep_in_dutch(team):
    text = all_text(culture(team, "UMGR2"))
    assert "je verkopers (1 verkoper)" in text
    assert "1 van 1 verkoper (100%)" in text
    assert (
        "*Wat hen het meest tegenhoudt:* Problemen met implementaties (1×; 0× de maand ervoor) · "
        "Interne vergaderingen en administratie (1×; 0× de maand ervoor)" in text
    )
    assert_nothing_in_a_channel(team)


def test_a_rep_is_refused_politely_without_a_figure(team):
    answer = culture(team, "UR1")
    text = all_text(answer)
    assert answer["response_type"] == "ephemeral"
    assert "for managers and admins" in text
    for figure in ("%", "out of 10", "check-ins", "Hunters"):
        assert figure not in text
    assert_nothing_in_a_channel(team)


def test_help_and_a_stray_word_are_answered_in_the_ack(team):
    response = team.command("help", command="/culture", user="UR1")
    assert "holds up a mirror" in all_text(response.json())
    response = team.command("december", command="/culture", user=MANAGER)
    assert "needs no words after it" in all_text(response.json())
    assert "%" not in all_text(response.json())
    assert_nothing_in_a_channel(team)


def mirror_dms(bot: BotHarness, user: str) -> list[dict]:
    return [
        m
        for m in bot.fake.messages(user)
        if "Sales culture mirror" in all_text(m) or "Spiegel van de salescultuur" in all_text(m)
    ]


def test_the_monthly_mirror_reaches_each_manager_and_listed_admin_once(team):
    """New Year's Day is a holiday: December's mirror comes on Monday 4 January at 09:00 in
    each person's zone (UMGR in Tokyo gets it first), with its chart in the thread."""
    team.fake.set_user(MANAGER, locale="en-GB", tz="Asia/Tokyo")
    team.tick(datetime(2027, 1, 1, 9, 5, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert mirror_dms(team, MANAGER) == []
    team.tick(datetime(2027, 1, 4, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")))
    [dm] = mirror_dms(team, MANAGER)
    assert mirror_dms(team, "UMGR2") == []  # 09:00 in Amsterdam is still to come
    team.tick(datetime(2027, 1, 4, 9, 5, tzinfo=ZoneInfo("Europe/Amsterdam")))
    team.tick(datetime(2027, 1, 4, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))
    text = all_text(dm)
    assert "Sales culture mirror · December 2026* · your reps (3 reps)" in text
    assert "Only you get this" in text and SECRET_NOTE not in text
    [dutch] = mirror_dms(team, "UMGR2")
    assert "Spiegel van de salescultuur · december 2026* · je verkopers (1 verkoper)" in all_text(
        dutch
    )
    [admin] = mirror_dms(team, ADMIN)
    assert "the whole team (5 reps)" in all_text(admin)
    assert "Each manager's team this month" in all_text(admin)
    for user in ("UWSADMIN", "UR1", "UR4"):  # a Slack admin not listed, reps
        assert mirror_dms(team, user) == []
    charts = [f for f in team.fake.uploaded_files() if f["filename"] == "culture-2026-12.png"]
    assert sorted(f["channel_id"] for f in charts) == ["DUADMIN", "DUMGR", "DUMGR2"]
    assert all(f["content"].startswith(b"\x89PNG") for f in charts)
    alt = {f["channel_id"]: f["alt_txt"] for f in charts}  # each in the reader's language
    assert alt["DUMGR"].startswith("Reps with a new client: Jul 0%, Aug 0%")
    assert alt["DUMGR2"].startswith("Verkopers met nieuwe klant: jul 0%, aug 0%")
    assert {f["thread_ts"] for f in charts} == {m["ts"] for m in (dm, dutch, admin)}
    for message in team.fake.all_messages():
        if "mirror" in all_text(message) or "Spiegel" in all_text(message):
            assert message["channel"] in ("DUADMIN", "DUMGR", "DUMGR2")
