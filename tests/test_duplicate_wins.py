"""The same client logged again within 30 days is asked about first, through the real endpoint:
the quick log, the form (from /newclient, the Home button or the global shortcut) and the
amount question's "Log without a value"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import TEAM_ID, WINS_CHANNEL
from sqlmodel import select

from bot.views import wins as v
from storage import wins as win_store
from storage.models import OutboxMessage, Win
from storage.wins import WinRecord
from tests.test_win_corrections import celebrate, choose, form_state, opened, submit

AMS = ZoneInfo("Europe/Amsterdam")
DEC_3 = datetime(2026, 12, 3, 10, 0, tzinfo=AMS)


def wins(bot) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Win).order_by(Win.id)).all())


def celebrations(bot) -> int:
    with bot.runtime.session_factory() as session:
        return len(
            session.exec(select(OutboxMessage).where(OutboxMessage.kind == "celebrate")).all()
        )


def reply_text(body: dict) -> str:
    sections = [b["text"]["text"] for b in body.get("blocks", []) if b["type"] == "section"]
    return " ".join([body.get("text", ""), *sections])


def buttons(body: dict) -> dict[str, dict]:
    [actions] = [b for b in body["blocks"] if b["type"] == "actions"]
    return {e["action_id"]: e for e in actions["elements"]}


def asked_twice(bot, first: str = "Acme Corp 25k", again: str = "Acme Corp 30k", **kw) -> dict:
    """Log `first` on 3 Dec and `again` (with `kw`) a week later; the answer to the second."""
    bot.clock.set(DEC_3)
    assert "is logged" in reply_text(bot.command(first).json())
    bot.clock.set(DEC_3 + timedelta(days=7))
    return bot.command(again, **kw).json()


# ------------------------------------------------------------------------ quick log


def test_the_same_client_within_30_days_is_asked_about_and_nothing_is_stored(bot):
    body = asked_twice(bot)
    assert body.get("response_type", "ephemeral") == "ephemeral"
    assert "🤔 *Acme Corp* was logged by you on 3 Dec. Log it again?" in reply_text(body)
    assert "Nothing is logged yet." in json.dumps(body)
    labels = [b["text"]["text"] for b in buttons(body).values()]
    assert labels == ["Log it again", "Cancel"]
    assert set(buttons(body)) == {v.AGAIN_LOG_ACTION_ID, v.AGAIN_CANCEL_ACTION_ID}
    assert len(wins(bot)) == 1
    assert celebrations(bot) == 1


def test_log_it_again_logs_once_however_often_it_is_clicked(bot):
    body = asked_twice(bot, trigger_id="trig.again")
    value = buttons(body)[v.AGAIN_LOG_ACTION_ID]["value"]
    bot.click(v.AGAIN_LOG_ACTION_ID, value, user="UANNA")
    bot.click(v.AGAIN_LOG_ACTION_ID, value, user="UANNA")
    answers = bot.fake.wait_for_response("click", 2)
    assert all(a["replace_original"] for a in answers)
    assert sorted(
        "*Acme Corp* is logged with a deal value of €30,000" in a["text"] for a in answers
    ) == [
        False,
        True,
    ]
    assert any("already logged" in a["text"] for a in answers)

    first, second = wins(bot)
    assert (second.client_name, second.amount_cents, second.currency, second.user_id) == (
        "Acme Corp",
        3_000_000,
        "EUR",
        "UANNA",
    )
    # The win belongs to the command: Slack delivering it again finds it, and asks nothing.
    assert second.source_key == "command:trig.again"
    redelivered = bot.command("Acme Corp 30k", trigger_id="trig.again").json()
    assert "already logged" in reply_text(redelivered)
    assert len(wins(bot)) == 2

    assert bot.deliver() == 2
    posts = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert [p["channel"] for p in posts] == [WINS_CHANNEL, WINS_CHANNEL]
    assert bot.deliver() == 0


def test_cancel_stores_nothing(bot):
    body = asked_twice(bot, again="acme corp 30k")
    bot.click(
        v.AGAIN_CANCEL_ACTION_ID, buttons(body)[v.AGAIN_CANCEL_ACTION_ID]["value"], user="UANNA"
    )
    [answer] = bot.fake.wait_for_response("click")
    assert answer["replace_original"] is True
    assert answer["text"] == "OK, *acme corp* is not logged again."
    assert len(wins(bot)) == 1
    assert bot.deliver() == 1  # the first win's celebration only


@pytest.mark.parametrize(("days", "asked"), [(29, True), (31, False)])
def test_only_the_last_30_days_count(bot, days, asked):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp 25k")
    bot.clock.set(DEC_3 + timedelta(days=days))
    text = reply_text(bot.command("Acme Corp 30k").json())
    assert ("Log it again?" in text) is asked
    assert ("is logged" in text) is not asked
    assert len(wins(bot)) == (1 if asked else 2)


def test_a_removed_win_does_not_count(bot):
    bot.clock.set(DEC_3)
    message = celebrate(bot, "Acme Corp 25k", user="UANNA")
    choose(bot, message, "remove", user="UANNA")
    submit(bot, opened(bot), user="UANNA")
    assert wins(bot)[0].removed_at is not None
    text = reply_text(bot.command("Acme Corp 30k").json())
    assert "*Acme Corp* is logged" in text
    assert len(wins(bot)) == 2


def test_a_different_client_is_logged_at_once(bot):
    assert "*Acme Corporation* is logged" in reply_text(asked_twice(bot, again="Acme Corporation"))
    assert "*Globex* is logged" in reply_text(bot.command("Globex 5k").json())
    assert len(wins(bot)) == 3


@pytest.mark.parametrize(
    "again", ["acme corp", "ACME CORP 10k", "  Acme    Corp ", "aCmE\tcorp 1,5k"]
)
def test_case_and_spacing_variants_are_the_same_client(bot, again):
    text = reply_text(asked_twice(bot, again=again))
    # The name as it was logged, so the reader recognises it.
    assert "*Acme Corp* was logged by you on 3 Dec. Log it again?" in text
    assert len(wins(bot)) == 1


def test_a_colleagues_win_is_dated_in_each_readers_language_and_zone(bot, fake_slack):
    fake_slack.set_user("UJACK", locale="en-US", tz="America/New_York")
    # 00:30 on 4 December in Amsterdam is still 3 December in New York.
    bot.clock.set(datetime(2026, 12, 3, 23, 30, tzinfo=UTC))
    bot.command("Bakkerij <Jansen> 25.000", user="UBRAM")
    bot.clock.advance(days=2)

    jack = reply_text(bot.command("bakkerij <jansen>", user="UJACK").json())
    assert "*Bakkerij &lt;Jansen&gt;* was logged by <@UBRAM> on 3 Dec. Log it again?" in jack
    anna = reply_text(bot.command("Bakkerij <Jansen>", user="UANNA").json())
    assert "was logged by <@UBRAM> on 4 Dec." in anna
    body = bot.command("Bakkerij <Jansen> 30.000", user="UBRAM").json()
    assert "🤔 *Bakkerij &lt;Jansen&gt;* heb je op 4 dec al gelogd. Nog een keer loggen?" in (
        reply_text(body)
    )
    assert "Er is nog niets gelogd." in json.dumps(body, ensure_ascii=False)
    assert [b["text"]["text"] for b in buttons(body).values()] == ["Opnieuw loggen", "Annuleren"]
    assert len(wins(bot)) == 1

    # Bram confirms: his Dutch 30.000 is what is logged, and he is told so in Dutch.
    bot.click(v.AGAIN_LOG_ACTION_ID, buttons(body)[v.AGAIN_LOG_ACTION_ID]["value"], user="UBRAM")
    [answer] = bot.fake.wait_for_response("click")
    assert "is gelogd met een dealwaarde van €\xa030.000" in answer["text"]
    assert [w.amount_cents for w in wins(bot)] == [2_500_000, 3_000_000]


def test_the_question_and_log_it_again_on_each_database(make_bot, database_url):
    bot = make_bot(database_url)
    body = asked_twice(bot, again="ACME corp 30k")
    assert "was logged by you on 3 Dec" in reply_text(body)
    value = buttons(body)[v.AGAIN_LOG_ACTION_ID]["value"]
    bot.click(v.AGAIN_LOG_ACTION_ID, value, user="UANNA")
    bot.click(v.AGAIN_LOG_ACTION_ID, value, user="UANNA")
    bot.fake.wait_for_response("click", 2)
    assert [w.client_name for w in wins(bot)] == ["Acme Corp", "ACME corp"]
    assert bot.deliver() == 2


# ------------------------------------------------------------------------ the form


def form(**changes) -> dict:
    """What Slack submits for a filled-in /newclient form."""
    from bot.views.wins import newclient_modal

    return form_state(newclient_modal("en", channel=WINS_CHANNEL), **changes)


def test_the_form_asks_in_place_and_logs_when_submitted_again(bot):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp 25k", user="UANNA")
    bot.clock.advance(days=3)
    filled = form(
        client="  acme CORP ",
        value="30k",
        currency="USD",
        segment="Retail",
        won_via="referral",
        story="They came back <for more> & signed.",
    )
    answer = bot.submit_view(filled, user="UCHRIS", view_id="VAGAIN").json()
    assert answer["response_action"] == "update"
    view = answer["view"]
    assert view["callback_id"] == v.MODAL_CALLBACK_ID
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == (
        "Logged before?",
        "Log it again",
        "Cancel",
    )
    assert "*Acme Corp* was logged by <@UANNA> on 3 Dec. Log it again?" in json.dumps(view)
    # The form comes back as it was filled in.
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs[v.BLOCK_CLIENT]["initial_value"] == "acme CORP"
    assert inputs[v.BLOCK_VALUE]["initial_value"] == "30k"
    assert inputs[v.BLOCK_CURRENCY]["initial_option"]["value"] == "USD"
    assert inputs[v.BLOCK_SEGMENT]["initial_value"] == "Retail"
    assert inputs[v.BLOCK_WON_VIA]["initial_option"]["value"] == "referral"
    assert inputs[v.BLOCK_STORY]["initial_value"] == "They came back <for more> & signed."
    assert len(wins(bot)) == 1 and celebrations(bot) == 1

    # "Log it again" submits the same view (same id); twice, as Slack may deliver it, logs once.
    done = submit(bot, view, user="UCHRIS", view_id="VAGAIN").json()
    assert done["response_action"] == "update"
    assert "*acme CORP* is logged with a deal value of US$30,000" in json.dumps(done)
    again = submit(bot, view, user="UCHRIS", view_id="VAGAIN").json()
    assert "already logged" in json.dumps(again)
    first, second = wins(bot)
    assert (second.client_name, second.amount_cents, second.currency, second.segment) == (
        "acme CORP",
        3_000_000,
        "USD",
        "Retail",
    )
    assert (second.won_via, second.user_id, second.source_key) == (
        "referral",
        "UCHRIS",
        "view:VAGAIN",
    )
    assert bot.deliver() == 2


def test_a_name_changed_in_the_question_is_checked_again(bot):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp 25k", user="UANNA")
    bot.command("Globex 5k", user="UBRAM")
    view = bot.submit_view(form(client="Acme Corp"), view_id="VNAME").json()["view"]

    # Changed into another client logged lately: asked about that one.
    answer = submit(bot, view, user="UANNA", view_id="VNAME", client="globex").json()
    assert answer["response_action"] == "update"
    assert "*Globex* was logged by <@UBRAM> on 3 Dec" in json.dumps(answer["view"])
    assert len(wins(bot)) == 2
    # Changed into a new client: logged at once.
    done = submit(bot, answer["view"], user="UANNA", view_id="VNAME", client="Initech").json()
    assert "*Initech* is logged" in json.dumps(done)
    assert [w.client_name for w in wins(bot)] == ["Acme Corp", "Globex", "Initech"]


def test_the_global_shortcuts_form_asks_too(bot):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp 25k", user="UANNA")
    bot.interaction(
        {
            "type": "shortcut",
            "callback_id": v.SHORTCUT_CALLBACK_ID,
            "trigger_id": "trig.short",
            "user": {"id": "UBRAM", "team_id": TEAM_ID},
            "action_ts": "1",
        }
    )
    [call] = bot.fake.wait_for("views.open")
    answer = submit(bot, call["view"], user="UBRAM", client="ACME CORP").json()
    view = answer["view"]
    assert view["title"]["text"] == "Al eerder gelogd?"
    assert view["submit"]["text"] == "Opnieuw loggen"
    assert "*Acme Corp* is op 3 dec al gelogd door <@UANNA>. Nog een keer loggen?" in json.dumps(
        view, ensure_ascii=False
    )
    assert len(wins(bot)) == 1


def test_a_form_for_a_different_client_is_logged_at_once(bot):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp 25k", user="UANNA")
    answer = bot.submit_view(form(client="Acme Corp Benelux")).json()
    assert "*Acme Corp Benelux* is logged" in json.dumps(answer)
    assert len(wins(bot)) == 2


# ------------------------------------------------------------------------ amount question


def test_log_without_a_value_asks_first_and_logs_the_question_once(bot):
    bot.clock.set(DEC_3)
    bot.command("Acme Corp", user="UANNA")
    asked = bot.command("acme corp 25.0.0 euro", user="UANNA", trigger_id="trig.amount").json()
    without = buttons(asked)[v.ASK_LOG_ACTION_ID]["value"]
    fix = buttons(asked)[v.ASK_FIX_ACTION_ID]["value"]

    bot.click(v.ASK_LOG_ACTION_ID, without, user="UANNA")
    [question] = bot.fake.wait_for_response("click")
    assert question["replace_original"] is True
    assert "*Acme Corp* was logged by you on 3 Dec. Log it again?" in question["text"]
    assert len(wins(bot)) == 1

    again = buttons(question)[v.AGAIN_LOG_ACTION_ID]["value"]
    bot.click(v.AGAIN_LOG_ACTION_ID, again, user="UANNA")
    bot.click(v.AGAIN_LOG_ACTION_ID, again, user="UANNA")
    answers = bot.fake.wait_for_response("click", 3)[1:]
    assert sorted("is logged" in a["text"] for a in answers) == [False, True]
    first, second = wins(bot)
    assert (second.client_name, second.amount_cents) == ("acme corp", None)
    assert second.source_key == "ask:UANNA:trig.amount"

    # The question's other answers add nothing: it was answered.
    bot.click(v.ASK_LOG_ACTION_ID, without, user="UANNA")
    assert "already logged" in bot.fake.wait_for_response("click", 4)[-1]["text"]
    bot.click(v.ASK_FIX_ACTION_ID, fix, user="UANNA")
    [call] = bot.fake.wait_for("views.open")
    answer = submit(bot, call["view"], user="UANNA", value="25,000 euro").json()
    assert "already logged" in json.dumps(answer)
    assert len(wins(bot)) == 2
    assert bot.deliver() == 2


# ------------------------------------------------------------------------ forged answers


@pytest.mark.parametrize(
    "value",
    [
        "{}",
        "not json",
        json.dumps(["command", "trig.x", "Acme"]),
        json.dumps({"k": "view", "t": "trig.x", "n": "Acme"}),
        json.dumps({"k": "command", "t": "trig x!", "n": "Acme"}),
        json.dumps({"k": "command", "t": "trig.x", "n": " "}),
        json.dumps({"k": "command", "t": "trig.x", "n": "A" * 201}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "c": 100}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "u": "EUR"}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "c": 0, "u": "EUR"}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "c": True, "u": "EUR"}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "c": 10**12, "u": "EUR"}),
        json.dumps({"k": "command", "t": "trig.x", "n": "Acme", "c": 100, "u": "EURO"}),
    ],
)
@pytest.mark.parametrize("action_id", [v.AGAIN_LOG_ACTION_ID, v.AGAIN_CANCEL_ACTION_ID])
def test_a_forged_answer_is_out_of_date_and_stores_nothing(bot, action_id, value):
    bot.click(action_id, value, user="UANNA")
    [note] = bot.fake.wait_for_response("click")
    assert "out of date" in note["text"]
    bot.runtime.background.wait_idle()
    assert wins(bot) == []


# ------------------------------------------------------------------------ storage


def test_latest_win_of_client_ignores_case_spacing_removed_and_other_workspaces(sessions):
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

    def log(name: str, key: str, *, team: str = "T1", days_ago: float = 1) -> int:
        win = WinRecord(
            team_id=team,
            user_id="UANNA",
            client_name=name,
            year=2027,
            source_key=key,
            created_at=now - timedelta(days=days_ago),
        )
        with sessions.write() as session:
            stored, _ = win_store.record_win(session=session, win=win, celebration_channel="C1")
        assert stored.id is not None
        return stored.id

    log("École Dupont", "old", days_ago=40)
    older = log("ÉCOLE  Dupont", "older", days_ago=10)
    newer = log("école dupont", "newer", days_ago=2)
    log("École Dupont", "elsewhere", team="T2", days_ago=1)
    log("École Dupontje", "other", days_ago=1)

    def latest_since(name: str, since: datetime) -> int | None:
        win = win_store.latest_win_of_client(sessions, team_id="T1", client_name=name, since=since)
        return win.id if win else None

    def latest(name: str) -> int | None:
        return latest_since(name, now - timedelta(days=30))

    assert latest(" école   DUPONT ") == newer
    # Read as stored: the name as typed, and the moment in UTC.
    found = win_store.latest_win_of_client(
        sessions, team_id="T1", client_name="Ecole", since=now - timedelta(days=30)
    )
    assert found is None
    found = win_store.latest_win_of_client(
        sessions, team_id="T1", client_name="école dupont", since=now - timedelta(days=30)
    )
    assert found is not None
    assert (found.client_name, found.user_id) == ("école dupont", "UANNA")
    assert found.created_at == now - timedelta(days=2)
    assert found.created_at.utcoffset() == timedelta(0)
    # Counted to the microsecond: a win logged at the very start counts, one just before not.
    edge = now - timedelta(days=2)
    assert latest_since("École Dupont", edge) == newer
    assert latest_since("École Dupont", edge + timedelta(microseconds=1)) is None
    assert latest_since("École Dupont", edge.astimezone(timezone(timedelta(hours=1)))) == newer
    with sessions.write() as session:
        removed = win_store.get_win(session=session, win_id=newer)
        assert removed is not None
        win_store.remove_win(session=session, win=removed, user_id="UANNA", now=now)
    assert latest("École Dupont") == older
    assert latest("Globex") is None
