"""/newclient through the bot's real HTTP endpoint, with the fake Slack recording what goes out."""

from __future__ import annotations

import json

import pytest
from conftest import TEAM_ID, WINS_CHANNEL
from sqlmodel import select

from bot.views import wins as v
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
    # From the first command on: the locale is learned within the ack (tests/test_first_contact.py).
    bot.command("Bakkerij Jansen 25.000", user="UBRAM")
    bot.command("Slagerij de Vries 1,5k", user="UBRAM")
    assert [w.amount_cents for w in stored_wins(bot)] == [2_500_000, 150_000]


@pytest.mark.parametrize(
    ("user", "typed", "cents", "currency"),
    [
        ("UBRAM", "25.000 euro", 2_500_000, "EUR"),
        ("UBRAM", "€ 25.000,-", 2_500_000, "EUR"),
        ("UBRAM", "25 k", 2_500_000, "EUR"),
        ("UBRAM", "1,5 mln", 150_000_000, "EUR"),
        ("UBRAM", "2 ton", 20_000_000, "EUR"),
        ("UBRAM", "25 duizend euro", 2_500_000, "EUR"),
        ("UANNA", "25,000 euro", 2_500_000, "EUR"),
        ("UANNA", "25 thousand", 2_500_000, "EUR"),
        ("UANNA", "1.5 million dollars", 150_000_000, "USD"),
        ("UANNA", "$1.5m", 150_000_000, "USD"),
    ],
)
def test_amounts_as_people_type_them_are_not_part_of_the_name(bot, user, typed, cents, currency):
    response = bot.command(f"Bakkerij Jansen {typed}", user=user)
    assert "*Bakkerij Jansen* is" in reply_text(response)
    [win] = stored_wins(bot)
    assert (win.client_name, win.amount_cents, win.currency) == ("Bakkerij Jansen", cents, currency)
    bot.deliver()
    [post] = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert "Bakkerij Jansen" in post["text"] and typed not in post["text"]


# ----------------------------------------------------------- unreadable: ask, don't guess


def ask_buttons(response) -> dict[str, dict]:
    [actions] = [b for b in response.json()["blocks"] if b["type"] == "actions"]
    return {e["action_id"]: e for e in actions["elements"]}


def test_an_unreadable_amount_is_asked_about_and_nothing_is_stored(bot):
    response = bot.command("Acme 25.0.0 euro", trigger_id="trig.ask1")
    assert response.status == 200
    body = response.json()
    assert body.get("response_type", "ephemeral") == "ephemeral"
    assert "I couldn't read `25.0.0 euro` as an amount" in reply_text(response)
    assert "Log *Acme* without a value" in reply_text(response)
    buttons = ask_buttons(response)
    assert [b["text"]["text"] for b in buttons.values()] == ["Log without a value", "Fix it"]
    assert set(buttons) == {v.ASK_LOG_ACTION_ID, v.ASK_FIX_ACTION_ID}
    # Nothing is stored before a click.
    assert stored_wins(bot) == []
    with bot.runtime.session_factory() as session:
        assert session.exec(select(OutboxMessage)).all() == []


def test_the_question_is_in_dutch_for_a_dutch_user(bot):
    response = bot.command("Bakkerij Jansen 25,000 euro", user="UBRAM")  # decimals or thousands?
    text = reply_text(response)
    assert "Ik kon `25,000 euro` niet als bedrag lezen" in text
    assert "*Bakkerij Jansen* loggen zonder waarde" in text
    labels = [b["text"]["text"] for b in ask_buttons(response).values()]
    assert labels == ["Loggen zonder waarde", "Aanpassen"]
    assert stored_wins(bot) == []


def test_log_without_a_value_logs_the_name_once_however_often_it_is_clicked(bot):
    response = bot.command("Acme 12,34,5 k", user="UANNA", trigger_id="trig.ask2")
    value = ask_buttons(response)[v.ASK_LOG_ACTION_ID]["value"]
    assert stored_wins(bot) == []

    bot.click(v.ASK_LOG_ACTION_ID, value, user="UANNA")
    bot.click(v.ASK_LOG_ACTION_ID, value, user="UANNA")
    answers = bot.fake.wait_for_response("click", 2)
    assert all(a["replace_original"] for a in answers)
    assert sorted("is logged" in a["text"] for a in answers) == [False, True]
    assert any("already logged" in a["text"] for a in answers)

    [win] = stored_wins(bot)
    assert (win.client_name, win.amount_cents, win.user_id) == ("Acme", None, "UANNA")
    bot.deliver()
    bot.deliver()
    [post] = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert "Acme" in post["text"] and "12,34,5" not in json.dumps(post["blocks"])


def test_fix_it_opens_the_form_with_what_was_typed_and_logs_one_win(bot):
    response = bot.command("Bakkerij <Jansen> 25.0.0 euro", user="UANNA", trigger_id="trig.ask3")
    assert "Log *Bakkerij &lt;Jansen&gt;* without a value" in reply_text(response)
    value = ask_buttons(response)[v.ASK_FIX_ACTION_ID]["value"]

    bot.click(v.ASK_FIX_ACTION_ID, value, user="UANNA")
    [call] = bot.fake.wait_for("views.open")
    view = call["view"]
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs[v.BLOCK_CLIENT]["initial_value"] == "Bakkerij <Jansen>"  # plain text
    assert inputs[v.BLOCK_VALUE]["initial_value"] == "25.0.0 euro"
    assert stored_wins(bot) == []

    form = {
        v.BLOCK_CLIENT: {v.ACTION_CLIENT: {"value": "Bakkerij Jansen"}},
        v.BLOCK_VALUE: {v.ACTION_VALUE: {"value": "25.000 euro"}},
    }
    answer = bot.submit_view(form, user="UANNA", private_metadata=view["private_metadata"])
    assert answer.json()["errors"][v.BLOCK_VALUE].startswith("`25.000 euro` is not")  # still
    form[v.BLOCK_VALUE] = {v.ACTION_VALUE: {"value": "25,000 euro"}}
    answer = bot.submit_view(form, user="UANNA", private_metadata=view["private_metadata"])
    assert answer.json()["response_action"] == "update"
    [win] = stored_wins(bot)
    assert (win.client_name, win.amount_cents) == ("Bakkerij Jansen", 2_500_000)

    # The question's other answer, or the form again, adds nothing.
    log_value = ask_buttons(response)[v.ASK_LOG_ACTION_ID]["value"]
    bot.click(v.ASK_LOG_ACTION_ID, log_value, user="UANNA")
    [note] = bot.fake.wait_for_response("click")
    assert "already logged" in note["text"]
    bot.submit_view(form, user="UANNA", private_metadata=view["private_metadata"])
    assert len(stored_wins(bot)) == 1


@pytest.mark.parametrize(
    "value",
    [
        "{}",
        "not json",
        json.dumps({"t": "trig.x", "n": "", "a": "25.0.0"}),
        json.dumps({"t": "trig x!", "n": "Acme", "a": "25.0.0"}),
        json.dumps({"t": "trig.x", "n": "A" * 201, "a": "25.0.0"}),
        json.dumps({"t": "trig.x", "n": "Acme", "a": 25}),
        json.dumps(["trig.x", "Acme", "25.0.0"]),
    ],
)
@pytest.mark.parametrize("action_id", [v.ASK_LOG_ACTION_ID, v.ASK_FIX_ACTION_ID])
def test_a_forged_answer_is_out_of_date_and_stores_nothing(bot, action_id, value):
    bot.click(action_id, value, user="UANNA")
    [note] = bot.fake.wait_for_response("click")
    assert "out of date" in note["text"]
    bot.runtime.background.wait_idle()
    assert stored_wins(bot) == []
    assert bot.fake.calls_to("views.open") == []


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


def test_an_amount_without_a_currency_is_in_the_default_currency(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, DEFAULT_CURRENCY="usd")
    assert bot.command("Acme Corp 25k", user="UANNA").status == 200
    bot.runtime.background.wait_idle()
    [win] = stored_wins(bot)
    assert (win.client_name, win.amount_cents, win.currency) == ("Acme Corp", 2_500_000, "USD")


@pytest.mark.parametrize(
    ("setting", "chosen", "first"), [("usd", "USD", "EUR"), ("JPY", "JPY", "JPY")]
)
def test_the_form_starts_on_the_teams_default_currency(
    make_bot, sqlite_url, setting, chosen, first
):
    """A team on dollars (or yen, not among the usual choices) is not offered euros first."""
    bot = make_bot(sqlite_url, DEFAULT_CURRENCY=setting)
    bot.command("", user="UANNA", trigger_id="trig.cur")
    [call] = bot.fake.wait_for("views.open")
    inputs = {b["block_id"]: b["element"] for b in call["view"]["blocks"] if b["type"] == "input"}
    select = inputs[v.BLOCK_CURRENCY]
    assert select["initial_option"]["value"] == chosen
    assert select["options"][0]["value"] == first
    assert "EUR" in [o["value"] for o in select["options"]]
