"""/newclient through the bot's real HTTP endpoint, with the fake Slack recording what goes out."""

from __future__ import annotations

from conftest import TEAM_ID, WINS_CHANNEL
from sqlmodel import select

from storage.models import OutboxMessage, Win


def stored_wins(bot) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Win).order_by(Win.id)).all())


def reply_text(response) -> str:
    data = response.json()
    return (
        data.get("text", "")
        + " "
        + " ".join(
            b.get("text", {}).get("text", "")
            for b in data.get("blocks", [])
            if b.get("type") == "section"
        )
    )


def test_quick_log_stores_confirms_and_celebrates(bot):
    response = bot.command("Acme Corp 25k")
    assert response.status == 200
    assert response.json().get("response_type", "ephemeral") == "ephemeral"
    assert "*Acme Corp* is logged" in reply_text(response)
    assert "€25,000" in reply_text(response)

    [win] = stored_wins(bot)
    assert (win.team_id, win.user_id, win.client_name, win.amount_cents, win.currency) == (
        TEAM_ID,
        "UANNA",
        "Acme Corp",
        2_500_000,
        "EUR",
    )
    # Stored before anything is posted: nothing has gone to Slack yet.
    assert bot.fake.calls_to("chat.postMessage") == []

    assert bot.deliver() == 1
    [post] = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert post["channel"] == WINS_CHANNEL
    assert "Acme Corp" in post["text"]
    blocks_text = str(post["blocks"])
    assert "<@UANNA>" in blocks_text
    assert "€25,000" in blocks_text
    assert post["unfurl_links"] is False
    # A rep's first win of the year gets the bigger celebration.
    assert "First new client of the year" in blocks_text


def test_dutch_user_amounts_are_read_the_dutch_way(bot):
    bot.command(
        "Bakkerij Jansen 25.000", user="UBRAM"
    )  # first command: locale learned in the background
    bot.wait_until(lambda: bot.fake.calls_to("users.info"), what="users.info")
    bot.runtime.background.wait_idle()
    bot.command("Slagerij de Vries 1,5k", user="UBRAM")
    wins = stored_wins(bot)
    assert [w.amount_cents for w in wins][-1] == 150_000


def test_help(bot):
    response = bot.command("help")
    assert "/newclient Acme Corp 25k" in reply_text(response)
    assert stored_wins(bot) == []


def test_bad_input_stores_and_posts_nothing(bot):
    for text, expected in [
        ("Acme -5000", "negative"),
        ("Acme 5000000000000", "check the number of zeros"),
        ("25k", "no client name"),
        ("A" * 201, "201 characters"),
        ('"Studio 54', "quote"),
    ]:
        response = bot.command(text)
        assert response.status == 200
        body = reply_text(response)
        assert "Nothing was logged" in body, text
        assert expected in body, (text, body)
        assert "/newclient Acme Corp 25k" in str(response.json())
    assert stored_wins(bot) == []
    bot.deliver()
    assert bot.fake.calls_to("chat.postMessage") == []


def test_a_command_delivered_twice_records_one_win(bot):
    first = bot.command("Acme 10k", trigger_id="trig.same")
    second = bot.command("Acme 10k", trigger_id="trig.same")
    assert "is logged" in reply_text(first)
    assert "already logged" in reply_text(second)
    assert len(stored_wins(bot)) == 1
    bot.deliver()
    bot.deliver()
    assert len(bot.fake.calls_to("chat.postMessage", ok_only=True)) == 1


def test_unsigned_or_stale_requests_get_401_and_change_nothing(bot):
    assert bot.command("Acme 10k", signed=False).status == 401
    assert bot.command("Acme 10k", secret="wrong-secret").status == 401
    assert bot.command("Acme 10k", timestamp=1_600_000_000).status == 401
    assert stored_wins(bot) == []
    with bot.runtime.session_factory() as session:
        assert session.exec(select(OutboxMessage)).all() == []


def test_healthz(bot):
    response = bot.get("/healthz")
    assert response.status == 200
    assert response.json() == {"ok": True}


def test_the_whole_flow_on_each_database(make_bot, database_url):
    """Log, duplicate, celebrate, congratulate: the same on SQLite and PostgreSQL."""
    bot = make_bot(database_url)
    assert "is logged" in reply_text(bot.command("Acme Corp 25k", trigger_id="trig.pg"))
    assert "already logged" in reply_text(bot.command("Acme Corp 25k", trigger_id="trig.pg"))
    assert bot.deliver() == 1
    [message] = bot.fake.messages(WINS_CHANNEL)
    win_id = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]["value"]
    bot.click("celebration_congratulate", win_id, user="UBRAM", message=message)
    bot.click("celebration_congratulate", win_id, user="UBRAM", message=message)
    assert bot.deliver() == 1
    [updated] = bot.fake.messages(WINS_CHANNEL)
    assert "Congratulated by <@UBRAM>" in str(updated["blocks"])
    assert len(stored_wins(bot)) == 1


def test_a_database_failure_gets_a_friendly_reply_and_posts_nothing(bot):
    from sqlalchemy import text

    with bot.runtime.engine.begin() as conn:
        conn.execute(text("DROP TABLE congratulation"))
        conn.execute(text("DROP TABLE outbox"))
    response = bot.command("Acme 10k")
    assert response.status == 200
    assert "something went wrong on my side" in response.json()["text"]
    assert stored_wins(bot) == []  # the win was rolled back with its missing celebration


def test_the_year_is_the_team_time_zones_year(bot):
    from datetime import UTC, datetime

    # 23:30 UTC on New Year's Eve is already 2027 in Amsterdam.
    bot.clock.offset = datetime(2026, 12, 31, 23, 30, tzinfo=UTC) - datetime.now(UTC)
    bot.command("Acme 10k")
    [win] = stored_wins(bot)
    assert win.year == 2027
