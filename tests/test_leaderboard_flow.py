"""/leaderboard through the bot's real HTTP endpoint and the fake Slack: the board each person
sees (English and Dutch), help and mistakes, and "Share in channel" posting the board once,
without the viewer's own line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.views.leaderboard import SHARE_ACTION
from storage.models import Checkin
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons

AMS = ZoneInfo("Europe/Amsterdam")
ASKED_IN = "CSALES0001"  # where BotHarness.command is typed


def leaderboard(bot: BotHarness, text: str = "", *, user: str = "UANNA") -> dict:
    return command_reply(bot, text, command="/leaderboard", user=user)


def log(bot: BotHarness, user: str, text: str, at: datetime) -> None:
    bot.clock.set(at)
    assert bot.command(text, user=user).status == 200


@pytest.fixture
def team(make_bot, database_url) -> BotHarness:
    """Wins around New Year in Amsterdam: Chris three, Anna two, Bram one this January; Dirk
    only in December."""
    bot = make_bot(database_url)
    log(bot, "UDIRK", "Oldco 5k", datetime(2026, 12, 31, 23, 59, tzinfo=AMS))
    log(bot, "UANNA", "Acme 10k", datetime(2027, 1, 1, 0, 0, tzinfo=AMS))
    log(bot, "UANNA", "Beta 2500", datetime(2027, 1, 4, 10, 0, tzinfo=AMS))
    for n, day in enumerate((5, 6, 7)):
        log(bot, "UCHRIS", f"Gamma{n} 1k", datetime(2027, 1, day, 10, 0, tzinfo=AMS))
    log(bot, "UBRAM", "Delta", datetime(2027, 1, 8, 10, 0, tzinfo=AMS))
    bot.clock.set(datetime(2027, 1, 8, 12, 0, tzinfo=AMS))
    return bot


def test_the_month_board_in_english_and_dutch(team):
    board = all_text(leaderboard(team))
    assert "New clients in January 2027" in board
    assert "🥇 <@UCHRIS>: 3 new clients · €3,000" in board
    assert "🥈 <@UANNA>: 2 new clients · €12,500" in board
    assert "🥉 <@UBRAM>: 1 new client" in board
    assert "<@UDIRK>" not in board  # December's win is not January's; no zero rows
    assert "*Team:* 6 new clients · €15,500" in board
    assert "*You:* #2 with 2 new clients · €12,500" in board

    dutch = all_text(leaderboard(team, "maand", user="UBRAM"))
    assert "Nieuwe klanten in januari 2027" in dutch
    assert "🥈 <@UANNA>: 2 nieuwe klanten · €\xa012.500" in dutch
    assert "*Jij:* #3 met 1 nieuwe klant" in dutch


def test_year_and_week_follow_amsterdam_time(team):
    year = all_text(leaderboard(team, "jaar", user="UDIRK"))
    assert "Nieuwe klanten in 2027" in year  # Dirk reads Dutch (nl-BE)
    assert "<@UDIRK>" not in year
    assert "nog geen nieuwe klant dit jaar" in year  # Dirk's win was in 2026, in Amsterdam
    week = all_text(leaderboard(team, "week"))  # Monday 4 January onwards
    assert "week 1 (4 Jan – 10 Jan)" in week
    assert "*Team:* 5 new clients" in week


def test_an_empty_period_and_help_and_a_wrong_word(make_bot, sqlite_url):
    bot = make_bot(sqlite_url)
    bot.clock.set(datetime(2027, 3, 2, 9, 0, tzinfo=AMS))
    empty = leaderboard(bot, "quarter")
    assert "No new clients yet this quarter — be the first! 🚀" in all_text(empty)
    assert SHARE_ACTION not in buttons(empty)
    assert "`/leaderboard week`" in all_text(leaderboard(bot, "help"))
    assert "Zo werkt het klassement" in all_text(leaderboard(bot, "hulp", user="UBRAM"))
    wrong = all_text(leaderboard(bot, "decade"))
    assert "I don't know the period “decade”" in wrong and "`/leaderboard quarter`" in wrong


def test_share_posts_the_board_once_without_the_viewers_line(team):
    reply = leaderboard(team, user="UBRAM")
    value = buttons(reply)[SHARE_ACTION]
    for _ in range(2):  # a double click
        assert team.click(SHARE_ACTION, value, user="UBRAM", channel=ASKED_IN).status == 200
        team.runtime.background.wait_idle(5)
    team.deliver()
    [posted] = team.fake.messages(ASKED_IN)
    text = all_text(posted)
    assert "🥇 <@UCHRIS>: 3 nieuwe klanten" not in text  # the channel's language is the team's
    assert "🥇 <@UCHRIS>: 3 new clients" in text and "Shared by <@UBRAM>" in text
    assert "Jij" not in text and "You:" not in text
    answers = [all_text(r) for r in team.fake.responses("click")]
    assert any("Gedeeld in <#CSALES0001>" in a for a in answers)
    assert any("al gedeeld in <#CSALES0001>" in a for a in answers)
    # A new /leaderboard is a new board to share; asked in a DM it goes to WINS_CHANNEL.
    before = len(team.fake.messages(WINS_CHANNEL))
    value = buttons(leaderboard(team, "week", user="UANNA"))[SHARE_ACTION]
    assert team.click(SHARE_ACTION, value, user="UANNA", channel="D0BOT").status == 200
    team.runtime.background.wait_idle(5)
    team.deliver()
    assert len(team.fake.messages(WINS_CHANNEL)) == before + 1
    assert "week 1" in all_text(team.fake.messages(WINS_CHANNEL)[-1])


def checkin(bot: BotHarness, text: str, *, user: str) -> str:
    return all_text(command_reply(bot, text, command="/checkin", user=user))


def test_first_meetings_show_only_for_reps_who_opt_in_and_hide_again(team):
    with team.runtime.session_factory.write() as session:
        for user, day, meetings in (("UANNA", 4, 2), ("UCHRIS", 4, 4), ("UANNA", 11, 3)):
            session.add(
                Checkin(
                    team_id=TEAM_ID,
                    user_id=user,
                    week=date(2027, 1, day),
                    prospects=9,
                    meetings=meetings,
                    reasons="no_time",
                    note="my private worries",
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
            )
    assert "first meeting" not in all_text(leaderboard(team))  # private by default

    said = checkin(team, "share", user="UANNA")
    assert "now show next to your name on the `/leaderboard`" in said
    assert "`/checkin private` hides them again" in said
    assert "Gedaan: je gemaakte eerste afspraken" in checkin(team, "delen", user="UBRAM")
    board = all_text(leaderboard(team, user="UCHRIS"))
    assert "🥈 <@UANNA>: 2 new clients · €12,500 · 📅 5 first meetings booked" in board
    assert "🥇 <@UCHRIS>: 3 new clients · €3,000\n" in board  # Chris keeps his private
    assert "🥉 <@UBRAM>: 1 new client · 📅 0 first meetings booked" in board  # shares, none yet
    dutch = all_text(leaderboard(team, "maand", user="UBRAM"))
    assert "📅 5 eerste afspraken gemaakt" in dutch
    assert "*Jij:* #3 met 1 nieuwe klant · 📅 0 eerste afspraken gemaakt" in dutch

    # The shared post carries Anna's count, nobody else's, and nothing else of a check-in.
    value = buttons(leaderboard(team, user="UCHRIS"))[SHARE_ACTION]
    assert team.click(SHARE_ACTION, value, user="UCHRIS", channel=ASKED_IN).status == 200
    team.runtime.background.wait_idle(5)
    team.deliver()
    [posted] = team.fake.messages(ASKED_IN)
    text = all_text(posted)
    assert "<@UANNA>: 2 new clients · €12,500 · 📅 5 first meetings booked" in text
    assert "4 first meetings" not in text and "private worries" not in text
    assert "prospect" not in text

    assert "private again" in checkin(team, "private", user="UANNA")
    assert "weer privé" in checkin(team, "privé", user="UBRAM")
    hidden = all_text(leaderboard(team, user="UCHRIS"))
    assert "first meeting" not in hidden and "📅" not in hidden
    assert "`/checkin share`" in checkin(team, "help", user="UANNA")
