"""The /newclient modal: opening, validation errors inside the modal, submission."""

from __future__ import annotations

import json

from conftest import WINS_CHANNEL
from sqlmodel import select

from bot.views import wins as v
from storage.models import Win


def values(client="Acme Corp", value="", currency="EUR", segment="", won_via=None, story=""):
    return {
        v.BLOCK_CLIENT: {v.ACTION_CLIENT: {"type": "plain_text_input", "value": client}},
        v.BLOCK_VALUE: {v.ACTION_VALUE: {"type": "plain_text_input", "value": value or None}},
        v.BLOCK_CURRENCY: {
            v.ACTION_CURRENCY: {"type": "static_select", "selected_option": {"value": currency}}
        },
        v.BLOCK_SEGMENT: {v.ACTION_SEGMENT: {"type": "plain_text_input", "value": segment or None}},
        v.BLOCK_WON_VIA: {
            v.ACTION_WON_VIA: {
                "type": "static_select",
                "selected_option": {"value": won_via} if won_via else None,
            }
        },
        v.BLOCK_STORY: {v.ACTION_STORY: {"type": "plain_text_input", "value": story or None}},
    }


def wins(bot) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Win)).all())


def test_newclient_without_text_opens_the_modal(bot):
    response = bot.command("", trigger_id="trig.open")
    assert response.status == 200
    assert response.body in (b"", b"{}") or response.json().get("text", "") == ""
    [call] = bot.fake.wait_for("views.open")
    assert call["trigger_id"] == "trig.open"
    view = call["view"]
    assert view["callback_id"] == v.MODAL_CALLBACK_ID
    block_ids = [b.get("block_id") for b in view["blocks"]]
    for block in (
        v.BLOCK_CLIENT,
        v.BLOCK_VALUE,
        v.BLOCK_CURRENCY,
        v.BLOCK_SEGMENT,
        v.BLOCK_WON_VIA,
        v.BLOCK_STORY,
    ):
        assert block in block_ids
    assert view["title"]["text"] == "New client 🎉"
    assert wins(bot) == []


def test_a_dutch_user_gets_the_modal_in_dutch(bot):
    bot.command("", user="UBRAM")  # the very first contact: Bram's locale is learned in the ack
    [call] = bot.fake.wait_for("views.open")
    assert call["view"]["title"]["text"] == "Nieuwe klant 🎉"
    assert json.loads(call["view"]["private_metadata"])["lang"] == "nl"


def test_the_value_field_reads_amounts_as_people_type_them(bot):
    typed = [
        ("UBRAM", "2 ton", 20_000_000),
        ("UBRAM", "25 duizend", 2_500_000),
        ("UBRAM", "€ 25.000,-", 2_500_000),
        ("UBRAM", "1,5 mln", 150_000_000),
        ("UANNA", "25 thousand", 2_500_000),
        ("UANNA", "1.5 million", 150_000_000),
    ]
    for user, value, _ in typed:
        response = bot.submit_view(values(client=f"Client {value}", value=value), user=user)
        assert response.json()["response_action"] == "update", value
    assert sorted((w.client_name, w.amount_cents) for w in wins(bot)) == sorted(
        (f"Client {value}", cents) for _, value, cents in typed
    )
    # A Dutch user is told what is wrong in Dutch, next to the field.
    body = bot.submit_view(values(value="25.0.0 euro"), user="UBRAM").json()
    assert body["errors"][v.BLOCK_VALUE].startswith("`25.0.0 euro` is geen dealwaarde")


def test_invalid_input_is_shown_next_to_the_fields_and_nothing_is_stored(bot):
    response = bot.submit_view(values(client="   ", value="-10", story="x" * 2001))
    assert response.status == 200
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {v.BLOCK_CLIENT, v.BLOCK_VALUE, v.BLOCK_STORY}
    assert "no client name" in body["errors"][v.BLOCK_CLIENT]
    assert "negative" in body["errors"][v.BLOCK_VALUE]
    assert wins(bot) == []
    bot.deliver()
    assert bot.fake.calls_to("chat.postMessage") == []


def test_unreadable_value_names_what_was_typed(bot):
    body = bot.submit_view(values(value="lots")).json()
    assert body["response_action"] == "errors"
    assert "`lots`" in body["errors"][v.BLOCK_VALUE]


def test_submission_stores_every_field_and_celebrates_them(bot):
    response = bot.submit_view(
        values(
            client="Globex",
            value="12.5k",
            currency="USD",
            segment="Retail chain",
            won_via="referral",
            story="Met their CFO at a <b>dinner</b> & followed up.",
        ),
        view_id="VSUBMIT1",
    )
    body = response.json()
    assert body["response_action"] == "update"
    assert "Globex" in json.dumps(body["view"])
    [win] = wins(bot)
    assert (win.client_name, win.amount_cents, win.currency, win.segment, win.won_via) == (
        "Globex",
        1_250_000,
        "USD",
        "Retail chain",
        "referral",
    )
    assert win.story == "Met their CFO at a <b>dinner</b> & followed up."
    assert win.source_key == "view:VSUBMIT1"

    bot.deliver()
    [post] = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert post["channel"] == WINS_CHANNEL
    text = json.dumps(post["blocks"])
    assert "US$12,500" in text
    assert "Retail chain" in text
    assert "Referral" in text
    assert "&lt;b&gt;dinner&lt;/b&gt; &amp; followed up." in text
    assert "<b>" not in text


def test_the_same_submission_twice_records_one_win(bot):
    first = bot.submit_view(values(client="Initech"), view_id="VSAME")
    second = bot.submit_view(values(client="Initech"), view_id="VSAME")
    assert first.json()["response_action"] == second.json()["response_action"] == "update"
    assert "already logged" in json.dumps(second.json())
    assert len(wins(bot)) == 1
    bot.deliver()
    assert len(bot.fake.calls_to("chat.postMessage", ok_only=True)) == 1


def test_home_button_and_global_shortcut_open_the_modal(bot):
    bot.click(v.OPEN_MODAL_ACTION_ID, "", user="UANNA")
    bot.interaction(
        {
            "type": "shortcut",
            "callback_id": v.SHORTCUT_CALLBACK_ID,
            "trigger_id": "trig.short",
            "user": {"id": "UANNA", "team_id": "T123"},
            "action_ts": "1",
        }
    )
    calls = bot.fake.wait_for("views.open", 2)
    assert {c["view"]["callback_id"] for c in calls} == {v.MODAL_CALLBACK_ID}
