"""Each workspace's own settings wherever its work is done: two workspaces on one bot, through
the real HTTP endpoint with the stand-in as Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.demo.slackside import SlackSide
from storage import managers as manager_store
from storage import workspaces as workspace_store
from storage.models import OutboxMessage, Win
from tests.conftest import SIGNING_SECRET, TEAM_ID, BotHarness
from tests.support.slack import all_text

T1, T2 = TEAM_ID, "T2SECOND"
C1, C2 = "CWINSNL01", "CWINSEN02"
AMS, NYC = ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/New_York")
# Each team's rep, and the manager that puts them on the check-in list.
REP1, REP2, MANAGER1, MANAGER2 = "UREPNL", "UREPEN", "UMGRNL", "UMGREN"


def choose(bot: BotHarness, team_id: str, **chosen: str) -> None:
    """What the team's admins would choose on the App Home."""
    with bot.runtime.session_factory.write() as session:
        workspace_store.save_settings(
            session=session, team_id=team_id, chosen=chosen, by="UADMIN", now=datetime.now(UTC)
        )
    bot.runtime.workspaces.forget(team_id)


@pytest.fixture
def two(make_bot, database_url, fake_slack) -> tuple[BotHarness, SlackSide]:
    """A bot serving T1 (Dutch, wins in C1, Amsterdam, check-ins on Friday 15:00) and T2
    (English, wins in C2, New York, check-ins on Monday 10:00); and Slack as T2 sends it."""
    # Slack says nothing of these people's language or zone: the team's settings decide.
    for user in (REP1, REP2, MANAGER1, MANAGER2):
        fake_slack.set_user(user, locale="", tz="")
    bot = make_bot(database_url, WINS_CHANNEL="CENVWINS", BOT_LOCALE="en")
    choose(bot, T1, WINS_CHANNEL=C1, BOT_LOCALE="nl", TEAM_TIMEZONE="Europe/Amsterdam")
    choose(
        bot,
        T2,
        WINS_CHANNEL=C2,
        BOT_LOCALE="en",
        TEAM_TIMEZONE="America/New_York",
        CHECKIN_DAY="monday",
        CHECKIN_TIME="10:00",
    )
    with bot.runtime.session_factory.write() as session:
        for team, rep, manager in ((T1, REP1, MANAGER1), (T2, REP2, MANAGER2)):
            manager_store.set_manager(
                session=session,
                team_id=team,
                rep_id=rep,
                manager_id=manager,
                by="UADMIN",
                now=datetime(2027, 3, 1, tzinfo=UTC),
            )
    return bot, SlackSide(bot.url, SIGNING_SECRET, fake_slack, T2)


def posts(bot: BotHarness) -> list[dict]:
    return bot.fake.calls_to("chat.postMessage", ok_only=True)


def rows(bot: BotHarness, model: type) -> list:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(model)).all())


def test_each_win_is_celebrated_in_its_own_channel_and_language(two):
    bot, t2 = two
    assert bot.command("Bakkerij Jansen 25k", user="UBRAM").status == 200
    assert t2.command("Acme Corp 25k", user="UANNA", command="/newclient", channel_id="C2").status
    assert bot.deliver() == 2
    by_channel = {post["channel"]: post for post in posts(bot)}
    assert set(by_channel) == {C1, C2}
    dutch, english = all_text(by_channel[C1]), all_text(by_channel[C2])
    assert "Bakkerij Jansen" in dutch and "Acme Corp" not in dutch
    assert "Acme Corp" in english and "Bakkerij Jansen" not in english
    assert "Nieuwe klant" in dutch and "Nieuwe klant" not in english
    assert "New client" in english and "New client" not in dutch
    assert {(w.team_id, w.client_name) for w in rows(bot, Win)} == {
        (T1, "Bakkerij Jansen"),
        (T2, "Acme Corp"),
    }


def prompted(bot: BotHarness) -> list[tuple[str, str]]:
    """(team, rep) of each check-in prompt queued so far (not the weeks before, skipped as
    stale), in order."""
    found = [
        row
        for row in rows(bot, OutboxMessage)
        if row.kind == "checkin_prompt" and row.status != "skipped"
    ]
    return [(row.team_id, row.channel) for row in sorted(found, key=lambda row: row.id or 0)]


def test_each_team_is_prompted_to_check_in_at_its_own_day_and_time(two):
    bot, _ = two
    bot.tick(datetime(2027, 4, 2, 14, 59, tzinfo=AMS))
    assert prompted(bot) == []
    bot.tick(datetime(2027, 4, 2, 15, 0, tzinfo=AMS))  # T1's: Friday 15:00 in Amsterdam
    assert prompted(bot) == [(T1, REP1)]
    [dutch] = [post for post in posts(bot) if post["channel"] == REP1]
    assert "Tijd voor je wekelijkse check-in" in all_text(dutch)
    bot.tick(datetime(2027, 4, 5, 9, 59, tzinfo=NYC))
    assert prompted(bot) == [(T1, REP1)]
    bot.tick(datetime(2027, 4, 5, 10, 0, tzinfo=NYC))  # T2's: Monday 10:00 in New York
    assert prompted(bot) == [(T1, REP1), (T2, REP2)]
    [english] = [post for post in posts(bot) if post["channel"] == REP2]
    assert "Time for your weekly check-in" in all_text(english)


def test_a_team_that_uninstalled_gets_nothing_from_a_pass(two):
    bot, _ = two
    with bot.runtime.session_factory.write() as session:
        workspace_store.mark_uninstalled(session=session, team_id=T2, now=datetime.now(UTC))
    monday = datetime(2027, 4, 5, 10, 0, tzinfo=NYC)
    result = bot.runtime.run_pass(monday)
    # T1's work goes on (its reminder, its manager's digest); none of T2's is even claimed.
    assert result.queued and f"checkin_reminder:{REP1}:2027-03-29" in result.queued
    assert not any(REP2 in key or MANAGER2 in key for key in result.queued + result.skipped)
    bot.runtime.deliverer.deliver_due(now=monday)
    assert {post["channel"] for post in posts(bot)} == {REP1, MANAGER1}
    assert {row.team_id for row in rows(bot, OutboxMessage)} == {T1}
    # Later passes (the day's reminder moment too) still leave it alone.
    bot.tick(monday + timedelta(days=1))
    assert {row.team_id for row in rows(bot, OutboxMessage)} == {T1}


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ("UANNA", "An admin chooses it on the bot's App Home (Settings)"),
        ("UBRAM", "Een admin kiest het op de App Home van de bot (Instellingen)"),
    ],
)
def test_without_a_wins_channel_a_win_is_refused_clearly_and_nothing_is_stored(two, user, says):
    bot, t2 = two
    choose(bot, T2, BOT_LOCALE="en", TEAM_TIMEZONE="America/New_York", WINS_CHANNEL="")
    bot.fake.set_user("UBRAM", locale="nl-NL")
    for text in ("Acme Corp 25k", ""):
        response = t2.command(text, user=user, command="/newclient", channel_id="C2")
        assert response.status == 200
        reply = response.json()
        assert reply.get("response_type", "ephemeral") == "ephemeral"
        assert says in all_text(reply)
    assert bot.fake.opened_views() == []
    assert rows(bot, Win) == [] and rows(bot, OutboxMessage) == []
    assert bot.deliver() == 0 and posts(bot) == []
    # The month's recap waits for the channel too; T1's goes to its own channel.
    with bot.runtime.session_factory.write() as session:
        for team, client in ((T1, "Bakkerij Jansen"), (T2, "Acme Corp")):
            session.add(
                Win(
                    team_id=team,
                    user_id="UANNA",
                    client_name=client,
                    year=2027,
                    created_at=datetime(2027, 3, 10, 12, 0, tzinfo=UTC),
                    source_key=f"seeded:{team}",
                )
            )
    bot.tick(datetime(2027, 4, 1, 9, 0, tzinfo=NYC))  # after both teams' recap moments
    recaps = {(r.team_id, r.channel) for r in rows(bot, OutboxMessage) if r.kind == "recap"}
    assert recaps == {(T1, C1)}
