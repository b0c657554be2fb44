"""`/salesbot export` end to end: through the bot's real HTTP endpoint, with Slack faked over
HTTP; the zip uploaded with files_upload_v2 is read back from the fake Slack and counted
against the database."""

from __future__ import annotations

import pytest

from tests.conftest import TEAM_ID, BotHarness
from tests.support.export import BOM, DUTCH_STORY, MANAGER, read_zip, seed, team_rows

ADMIN = "UADMIN"


def make_team(make_bot, database_url: str, fake_slack) -> BotHarness:
    fake_slack.set_user(ADMIN, locale="en-GB")
    fake_slack.set_user(MANAGER, locale="nl-NL")
    bot = make_bot(database_url, ADMIN_USER_IDS=ADMIN)
    with bot.runtime.session_factory.write() as session:
        seed(session, TEAM_ID)
    return bot


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    return make_team(make_bot, sqlite_url, fake_slack)


def export(bot: BotHarness, text: str, *, user: str, answers: int = 1) -> list[dict]:
    """Send `/salesbot <text>`; the ephemeral answers posted after the (empty) ack."""
    response = bot.command(text, command="/salesbot", user=user)
    assert response.status == 200 and not response.body.strip()
    return bot.fake.wait_for_response("cmd", count=answers)


def uploaded(bot: BotHarness) -> dict:
    bot.fake.wait_for("files.completeUploadExternal")
    [file] = bot.fake.uploaded_files()
    return file


def assert_nothing_in_a_channel(bot: BotHarness) -> None:
    assert bot.fake.calls_to("chat.postMessage") == []
    assert bot.fake.calls_to("chat.postEphemeral") == []
    for file in bot.fake.uploaded_files():
        assert [c[:1] for c in file["channels"]] == ["D"], file["channels"]


def test_an_admin_gets_the_whole_team_as_a_zip_in_their_dm(make_bot, database_url, fake_slack):
    bot = make_team(make_bot, database_url, fake_slack)
    [coming] = export(bot, "export", user=ADMIN)
    assert coming["response_type"] == "ephemeral"
    assert "on its way to your direct messages" in coming["text"]
    file = uploaded(bot)
    assert file["channel_id"] == f"D{ADMIN}"
    assert file["filename"].startswith("salesbot-team-export-") and file["filename"].endswith(
        ".zip"
    )
    assert "wins.csv (3 rows)" in file["initial_comment"]
    raw, tables = read_zip(file["content"])
    with bot.runtime.session_factory() as session:
        expected = team_rows(session, TEAM_ID)
    assert {name: len(rows) for name, rows in tables.items()} == expected
    assert all(raw[f"{name}.csv"].startswith(BOM) for name in tables)
    assert DUTCH_STORY in {row["story"] for row in tables["wins"]}
    assert_nothing_in_a_channel(bot)


def test_a_dutch_rep_gets_their_own_data_in_dutch(team):
    [coming] = export(team, "exporteer mij", user="UBRAM")
    assert "komen eraan in je privéberichten" in coming["text"]
    file = uploaded(team)
    assert file["channel_id"] == "DUBRAM"
    assert file["filename"].startswith("salesbot-my-export-")
    assert "wins.csv (1 rij)" in file["initial_comment"]
    raw, tables = read_zip(file["content"], delimiter=";")
    assert [row["story"] for row in tables["wins"]] == [DUTCH_STORY]
    assert {row["rep_id"] for row in tables["checkins"]} == {"UBRAM"}
    assert {row["submitted_by"] for row in tables["agenda_items"]} == {"UBRAM"}
    assert {row["rep_id"] for row in tables["action_points"]} == {"UBRAM"}
    assert "meetings" not in tables and len(tables["meeting_ratings"]) == 1
    assert "Eén CSV-bestand per soort" in raw["README.txt"].decode("utf-8-sig")
    assert_nothing_in_a_channel(team)


def test_the_team_export_is_refused_to_a_rep_and_nothing_is_sent(team):
    [refused] = export(team, "export", user="UANNA")
    assert "Only admins can export the whole team" in refused["text"]
    assert "/salesbot export me" in refused["text"]
    assert team.fake.calls_to("files.getUploadURLExternal") == []
    assert team.fake.uploaded_files() == []


@pytest.mark.parametrize("text", ["export me", "EXPORT Mij", "exporteren ik", "exporteer  me"])
def test_own_export_words_in_english_and_dutch(team, text):
    export(team, text, user="UANNA")
    _, tables = read_zip(uploaded(team)["content"])
    assert len(tables["wins"]) == 2 and {r["rep_id"] for r in tables["wins"]} == {"UANNA"}


@pytest.mark.parametrize("text", ["", "help", "hulp"])
def test_help(team, text):
    answer = team.command(text, command="/salesbot", user="UANNA").json()
    assert "/salesbot export me" in str(answer["blocks"])
    assert team.fake.calls_to("files.getUploadURLExternal") == []


def test_anything_else_gets_a_friendly_help(team):
    answer = team.command("<b>frobnicate</b>", command="/salesbot", user="UANNA").json()
    shown = str(answer["blocks"])
    assert "I don't know “&lt;b&gt;frobnicate&lt;/b&gt;” here." in shown
    assert "/salesbot export me" in shown


def test_export_with_more_words_says_how(team):
    answer = team.command("export everything now", command="/salesbot", user="UANNA").json()
    assert "I didn't understand that" in answer["text"]
    assert "/salesbot export me" in answer["text"]
    assert team.fake.calls_to("files.getUploadURLExternal") == []


def test_a_slack_failure_gets_a_friendly_ephemeral(team):
    team.fake.fail_next("files.completeUploadExternal", status=200, error="not_allowed")
    coming, failed = export(team, "export me", user="UANNA", answers=2)
    assert "on its way" in coming["text"]
    assert failed["response_type"] == "ephemeral"
    assert "Slack didn't take the file just now" in failed["text"]
    assert team.fake.uploaded_files() == []
    assert_nothing_in_a_channel(team)
