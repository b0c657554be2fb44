"""The pure Block Kit builders of the yearly account plan (/accountplan)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import LANGUAGES, MESSAGES
from bot.views.plans import (
    ACTION_APPROACH,
    ACTION_BASIS,
    ACTION_OUTREACH,
    ACTION_Q1,
    ACTION_Q2,
    ACTION_Q3,
    ACTION_Q4,
    ACTION_SEGMENT,
    ACTION_SHARED,
    ACTION_TARGET,
    ACTION_VALUE,
    AGREE_ACTION,
    BLOCK_APPROACH,
    BLOCK_BASIS,
    BLOCK_OUTREACH,
    BLOCK_Q1,
    BLOCK_Q2,
    BLOCK_Q3,
    BLOCK_Q4,
    BLOCK_SEGMENT,
    BLOCK_SHARED,
    BLOCK_TARGET,
    BLOCK_VALUE,
    DISCUSS_ACTION,
    EDIT_ACTION,
    FIELD_BLOCKS,
    PLAN_MODAL_CALLBACK,
    SHARE_ACTION,
    PlanView,
    ProgressView,
    agreed_reply,
    discuss_reply,
    help_reply,
    manager_review_dm,
    no_plan_reply,
    not_allowed_reply,
    plan_errors,
    plan_message,
    plan_modal,
    plan_modal_values,
    progress_line,
    rep_notified_agreed_dm,
    rep_notified_discuss_dm,
    saved_reply,
    share_reply,
)
from tests.support.views import button_elements, check_message_limits, texts_of

TZ = ZoneInfo("Europe/Brussels")
EVIL = "<!channel> & <@U999>"
EVIL_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U999&gt;"
CHANGED_AT = datetime(2027, 3, 1, 9, 30, tzinfo=TZ)
AGREED_AT = datetime(2027, 3, 2, 14, 0, tzinfo=TZ)


def plan(**overrides) -> PlanView:
    base = dict(
        plan_id=42,
        year=2027,
        rep_id="UANNA",
        status="draft",
        shared=False,
        target_clients=12,
        segment=f"Logistics {EVIL}",
        value="€\xa0250.000",
        value_basis="total",
        approach=f"Trade fairs {EVIL}\nReferrals from happy clients",
        milestones=(2, 5, 8, 12),
        version=3,
        changed_by="UANNA",
        changed_at=CHANGED_AT,
        manager_id="UBOB",
    )
    base.update(overrides)
    return PlanView(**base)


def agreed_plan(**overrides) -> PlanView:
    return plan(status="agreed", agreed_by="UBOB", agreed_at=AGREED_AT, **overrides)


PROGRESS = ProgressView(won=3, target=12, expected=2.47, status="ahead", value_won="€\xa075.000")


def all_messages(lang: str) -> dict[str, dict]:
    return {
        "own_draft": plan_message(lang, plan(), PROGRESS, viewer_id="UANNA", can_edit=True),
        "own_agreed": plan_message(
            lang, agreed_plan(shared=True), PROGRESS, viewer_id="UANNA", can_edit=True
        ),
        "manager_view": plan_message(lang, agreed_plan(), None, viewer_id="UBOB", can_edit=False),
        "no_manager": plan_message(
            lang, plan(manager_id=None), None, viewer_id="UANNA", can_edit=True
        ),
        "turn_of_the_year": plan_message(
            lang,
            plan(year=2026),
            PROGRESS,
            viewer_id="UANNA",
            can_edit=True,
            offer_year=2027,
        ),
        "next_year": plan_message(
            lang, plan(), PROGRESS, viewer_id="UANNA", can_edit=True, also_year=2026
        ),
        "review_new": manager_review_dm(lang, plan(), previous_status=None),
        "review_draft": manager_review_dm(lang, plan(), previous_status="draft"),
        "review_changed": manager_review_dm(lang, plan(), previous_status="agreed"),
        "agreed": agreed_reply(lang, rep_id="UANNA", year=2027),
        "discuss": discuss_reply(lang, rep_id="UANNA", year=2027),
        "rep_agreed": rep_notified_agreed_dm(lang, manager_id="UBOB", year=2027),
        "rep_discuss": rep_notified_discuss_dm(lang, manager_id="UBOB", year=2027),
        "saved": saved_reply(
            lang, year=2027, status="draft", manager_id="UBOB", changed_agreed=False
        ),
        "saved_again": saved_reply(
            lang, year=2027, status="draft", manager_id="UBOB", changed_agreed=True
        ),
        "saved_no_manager": saved_reply(
            lang, year=2027, status="draft", manager_id=None, changed_agreed=False
        ),
        "saved_agreed": saved_reply(
            lang, year=2027, status="agreed", manager_id="UBOB", changed_agreed=False
        ),
        "not_allowed": not_allowed_reply(lang),
        "no_plan_own": no_plan_reply(lang, rep_id=None, year=2027),
        "no_plan_other": no_plan_reply(lang, rep_id="UANNA", year=2027),
        "help": help_reply(lang),
        "shared": share_reply(lang, shared=True),
        "unshared": share_reply(lang, shared=False),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_respects_slack_limits_and_pings_nobody(lang):
    for name, message in all_messages(lang).items():
        check_message_limits(message)
        dumped = texts_of(message) + message["text"]
        assert "<!channel>" not in dumped, name
        assert "<@U999>" not in dumped, name
        assert "{" not in message["text"], name


# --------------------------------------------------------------------------- the plan shown


def test_own_draft_plan_in_english():
    message = plan_message("en", plan(), PROGRESS, viewer_id="UANNA", can_edit=True)
    text = texts_of(message)
    assert "Your account plan for 2027" in text
    assert "*Draft*: not agreed with <@UBOB> yet" in text
    assert "*New clients:* 12" in text
    assert f"*Kind of clients:* Logistics {EVIL_ESCAPED}" in text
    assert "€\xa0250.000 in total" in text
    assert f"Trade fairs {EVIL_ESCAPED}\nReferrals from happy clients" in text
    assert "Q1: 2 · Q2: 5 · Q3: 8 · Q4: 12" in text
    assert "3 of 12 new clients" in text
    assert "ahead of pace" in text and "2.5 by today" in text
    assert "€\xa075.000 won" in text
    assert "Version 3 · changed by <@UANNA> on 1 Mar 2027" in text
    assert "<@UANNA>'s account plan" in message["text"]


def test_agreed_plan_seen_by_the_manager_in_dutch():
    message = plan_message("nl", agreed_plan(), None, viewer_id="UBOB", can_edit=False)
    text = texts_of(message)
    assert "Accountplan 2027 van <@UANNA>" in text
    assert "*Afgesproken*: <@UBOB> ging akkoord op 2 mrt 2027" in text
    assert "*Nieuwe klanten:* 12" in text
    assert "in totaal" in text
    assert "Versie 3 · gewijzigd door <@UANNA> op 1 mrt 2027" in text
    assert "Voortgang" not in text
    assert button_elements(message) == []  # neither the rep nor allowed to edit


def test_value_basis_and_missing_value():
    per_client = texts_of(
        plan_message("nl", plan(value_basis="per_client"), None, viewer_id="X", can_edit=False)
    )
    assert "€\xa0250.000 per klant" in per_client
    without = texts_of(
        plan_message("en", plan(value=None, value_basis=None), None, viewer_id="X", can_edit=False)
    )
    assert "*Value:*" not in without


def test_milestones_left_out_when_not_set():
    some = texts_of(
        plan_message(
            "en", plan(milestones=(None, 4, None, None)), None, viewer_id="X", can_edit=False
        )
    )
    assert "Q2: 4" in some and "Q1" not in some
    none = texts_of(
        plan_message(
            "en", plan(milestones=(None, None, None, None)), None, viewer_id="X", can_edit=False
        )
    )
    assert "Milestones" not in none


@pytest.mark.parametrize(
    "status, expected_en, expected_nl",
    [
        ("ahead", "ahead of pace", "voor op schema"),
        ("on_track", "on track", "op schema"),
        ("behind", "behind pace", "achter op schema"),
        ("done", "target reached", "doel gehaald"),
    ],
)
def test_pace_lines(status, expected_en, expected_nl):
    progress = ProgressView(won=5, target=12, expected=6.0, status=status, value_won=None)
    assert expected_en in texts_of(
        plan_message("en", plan(), progress, viewer_id="X", can_edit=False)
    )
    nl = texts_of(plan_message("nl", plan(), progress, viewer_id="X", can_edit=False))
    assert expected_nl in nl
    assert "5 van 12 nieuwe klanten" in nl
    assert "binnengehaald" not in nl  # no value won


def test_edit_and_share_buttons():
    own = plan_message("en", plan(), None, viewer_id="UANNA", can_edit=True)
    assert [(b["action_id"], b["value"]) for b in button_elements(own)] == [
        (EDIT_ACTION, "2027"),
        (SHARE_ACTION, "42:on"),
    ]
    shared = plan_message("en", plan(shared=True), None, viewer_id="UANNA", can_edit=True)
    assert [(b["action_id"], b["value"]) for b in button_elements(shared)] == [
        (EDIT_ACTION, "2027"),
        (SHARE_ACTION, "42:off"),
    ]
    assert "shared with the whole team" in texts_of(shared)
    admin = plan_message("en", plan(), None, viewer_id="UADMIN", can_edit=True)
    assert [b["action_id"] for b in button_elements(admin)] == [EDIT_ACTION]
    assert "only the rep, their manager and admins" in texts_of(admin)


def test_a_one_page_approach_is_cut_for_display_without_breaking_escapes():
    long_plan = plan(approach="<" * 3000, segment="&" * 300)
    message = plan_message("en", long_plan, PROGRESS, viewer_id="UANNA", can_edit=True)
    check_message_limits(message)
    text = texts_of(message)
    assert "<<" not in text
    assert "…" in text
    for block in message["blocks"]:
        if block["type"] == "section":
            body = block["text"]["text"]
            # no escape sequence is cut in half before the ellipsis
            assert not body.rstrip("…").endswith(("&", "&l", "&lt", "&a", "&am", "&amp"))


def test_draft_without_manager():
    text = texts_of(
        plan_message("en", plan(manager_id=None), None, viewer_id="UANNA", can_edit=True)
    )
    assert "not agreed with a manager yet" in text


# --------------------------------------------------------------------------- the manager's review


@pytest.mark.parametrize(
    "previous, en, nl",
    [
        (None, "<@UANNA> wrote their account plan for 2027", "heeft een accountplan voor 2027"),
        ("draft", "updated the draft", "concept van het accountplan 2027 bijgewerkt"),
        ("agreed", "(changed since you agreed it)", "aangepast sinds je ermee akkoord ging"),
    ],
)
def test_manager_review_dm(previous, en, nl):
    english = manager_review_dm("en", plan(), previous_status=previous)
    assert en in texts_of(english)
    assert "not to micro-manage" in texts_of(english)
    assert f"Logistics {EVIL_ESCAPED}" in texts_of(english)
    dutch = manager_review_dm("nl", plan(), previous_status=previous)
    assert nl in texts_of(dutch)
    found = button_elements(english)
    assert [(b["action_id"], b["value"], b.get("style")) for b in found] == [
        # The version the DM shows: agreeing to it, not to a later change.
        (AGREE_ACTION, "42:3", "primary"),
        (DISCUSS_ACTION, "42:3", None),
    ]
    assert [b["text"]["text"] for b in button_elements(dutch)] == [
        "✅ Akkoord",
        "💬 Bespreken in onze 1-op-1",
    ]
    # the review shows the plan, never the rep's own Edit/Share buttons
    assert EDIT_ACTION not in [b["action_id"] for b in found]
    assert SHARE_ACTION not in [b["action_id"] for b in found]


def test_agree_and_discuss_replies_and_the_reps_dms():
    assert (
        "You agreed <@UANNA>'s account plan for 2027"
        in agreed_reply("en", rep_id="UANNA", year=2027)["text"]
    )
    assert (
        "Je ging akkoord met het accountplan 2027 van <@UANNA>"
        in agreed_reply("nl", rep_id="UANNA", year=2027)["text"]
    )
    assert "next 1:1" in discuss_reply("en", rep_id="UANNA", year=2027)["text"]
    assert "volgende 1-op-1" in discuss_reply("nl", rep_id="UANNA", year=2027)["text"]
    assert (
        "<@UBOB> agreed your account plan for 2027"
        in rep_notified_agreed_dm("en", manager_id="UBOB", year=2027)["text"]
    )
    assert (
        "<@UBOB> ging akkoord met je accountplan voor 2027"
        in rep_notified_agreed_dm("nl", manager_id="UBOB", year=2027)["text"]
    )
    assert "draft" in rep_notified_discuss_dm("en", manager_id="UBOB", year=2027)["text"]
    assert "concept" in rep_notified_discuss_dm("nl", manager_id="UBOB", year=2027)["text"]


def test_saved_replies():
    draft = saved_reply("en", year=2027, status="draft", manager_id="UBOB", changed_agreed=False)
    assert "saved as a draft" in draft["text"] and "I asked <@UBOB> to agree it" in draft["text"]
    again = saved_reply("nl", year=2027, status="draft", manager_id="UBOB", changed_agreed=True)
    assert "weer een concept" in again["text"] and "<@UBOB>" in again["text"]
    lonely = saved_reply("en", year=2027, status="draft", manager_id=None, changed_agreed=False)
    assert "`/oneonone`" in lonely["text"] and "no" in lonely["text"]
    lonely_nl = saved_reply("nl", year=2027, status="draft", manager_id=None, changed_agreed=True)
    assert "nog geen manager" in lonely_nl["text"] and "weer een concept" in lonely_nl["text"]
    agreed = saved_reply("en", year=2027, status="agreed", manager_id="UBOB", changed_agreed=False)
    assert "stays agreed" in agreed["text"] and "<@UBOB>" not in agreed["text"]


def test_progress_line_for_the_celebration():
    assert (
        progress_line("en", rep_id="UANNA", year=2027, won=3, target=10)
        == "🎯 3 of 10 new clients on <@UANNA>'s account plan for 2027"
    )
    assert (
        progress_line("nl", rep_id="UANNA", year=2027, won=3, target=10)
        == "🎯 3 van 10 nieuwe klanten uit het accountplan 2027 van <@UANNA>"
    )
    assert "reached the target of 10" in progress_line(
        "en", rep_id="UANNA", year=2027, won=10, target=10
    )
    assert "gehaald" in progress_line("nl", rep_id="UANNA", year=2027, won=11, target=10)


def test_other_replies():
    assert "Only the rep, their manager and admins" in not_allowed_reply("en")["text"]
    assert "diens manager" in not_allowed_reply("nl")["text"]
    own = no_plan_reply("en", rep_id=None, year=2028)
    assert "don't have an account plan for 2028" in own["text"]
    assert [(b["action_id"], b["value"], b.get("style")) for b in button_elements(own)] == [
        (EDIT_ACTION, "2028", "primary")
    ]
    other = no_plan_reply("nl", rep_id="UANNA", year=2028)
    assert "<@UANNA> heeft nog geen accountplan voor 2028" in other["text"]
    assert button_elements(other) == []
    help_text = texts_of(help_reply("en"))
    for form in (
        "`/accountplan`",
        "`/accountplan 2027`",
        "`/accountplan @anna`",
        "`/accountplan @anna 2027`",
        "`/accountplan edit`",
        "`/accountplan show`",
        "`/accountplan help`",
    ):
        assert form in help_text
    assert "not micro-management" in help_text
    assert "geen micromanagement" in texts_of(help_reply("nl"))
    assert "whole team" in share_reply("en", shared=True)["text"]
    assert "niet meer gedeeld" in share_reply("nl", shared=False)["text"]


# --------------------------------------------------------------------------- the modal


def inputs(view: dict) -> dict[str, dict]:
    return {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_modal(lang):
    view = plan_modal(lang, year=2027)
    assert view["type"] == "modal"
    assert view["callback_id"] == PLAN_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {"year": 2027, "lang": lang, "channel_id": None}
    assert len(view["title"]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    found = inputs(view)
    assert list(found) == [
        BLOCK_TARGET,
        BLOCK_SEGMENT,
        BLOCK_VALUE,
        BLOCK_BASIS,
        BLOCK_APPROACH,
        BLOCK_Q1,
        BLOCK_Q2,
        BLOCK_Q3,
        BLOCK_Q4,
        BLOCK_OUTREACH,
        BLOCK_SHARED,
    ]
    for block_id in (BLOCK_TARGET, BLOCK_SEGMENT, BLOCK_APPROACH):
        assert found[block_id]["optional"] is False
    for block_id in (
        BLOCK_VALUE,
        BLOCK_BASIS,
        BLOCK_Q1,
        BLOCK_Q2,
        BLOCK_Q3,
        BLOCK_Q4,
        BLOCK_OUTREACH,
        BLOCK_SHARED,
    ):
        assert found[block_id]["optional"] is True
    approach = found[BLOCK_APPROACH]["element"]
    assert approach["multiline"] is True and approach["max_length"] == 3000
    assert [o["value"] for o in found[BLOCK_BASIS]["element"]["options"]] == ["total", "per_client"]
    shared = found[BLOCK_SHARED]["element"]
    assert shared["type"] == "checkboxes"
    assert [o["value"] for o in shared["options"]] == ["shared"]
    assert "initial_options" not in shared
    for block in found.values():
        assert "initial_value" not in block["element"]
        assert len(block["label"]["text"]) <= 2000
        for option in block["element"].get("options", []):
            assert len(option["text"]["text"]) <= 75


def test_modal_texts_say_it_is_agreed_and_a_coaching_tool():
    english = texts_of(plan_modal("en", year=2027))
    assert "agree this plan with your manager" in english
    assert "not for micro-management" in english
    assert "goes back to draft" in english
    assert "Show my plan to the whole team" in english
    dutch = texts_of(plan_modal("nl", year=2027))
    assert "Je spreekt dit plan af met je manager" in dutch
    assert "weer een concept" in dutch
    assert "Toon mijn plan aan het hele team" in dutch


def test_modal_prefilled_for_editing():
    values = {
        "target": "12",
        "segment": f"Logistics {EVIL}",
        "value": "250.000 EUR",
        "basis": "per_client",
        "approach": "Trade fairs\nReferrals",
        "q1": "2",
        "q3": "8",
    }
    view = plan_modal(
        "nl",
        year=2027,
        values=values,
        shared=True,
        number_locale_hint="Getallen lees ik op z'n Nederlands.",
        channel_id="CSALES",
    )
    assert json.loads(view["private_metadata"])["channel_id"] == "CSALES"
    found = inputs(view)
    assert found[BLOCK_TARGET]["element"]["initial_value"] == "12"
    assert found[BLOCK_SEGMENT]["element"]["initial_value"] == f"Logistics {EVIL}"  # plain text
    assert found[BLOCK_VALUE]["element"]["initial_value"] == "250.000 EUR"
    assert "Getallen lees ik op z'n Nederlands." in found[BLOCK_VALUE]["hint"]["text"]
    assert found[BLOCK_BASIS]["element"]["initial_option"]["value"] == "per_client"
    assert found[BLOCK_APPROACH]["element"]["initial_value"] == "Trade fairs\nReferrals"
    assert found[BLOCK_Q1]["element"]["initial_value"] == "2"
    assert "initial_value" not in found[BLOCK_Q2]["element"]
    assert found[BLOCK_Q3]["element"]["initial_value"] == "8"
    assert found[BLOCK_SHARED]["element"]["initial_options"][0]["value"] == "shared"


def state(**fields) -> dict:
    def text(value):
        return {"type": "plain_text_input", "value": value}

    values = {
        BLOCK_TARGET: {ACTION_TARGET: text(fields.get("target"))},
        BLOCK_SEGMENT: {ACTION_SEGMENT: text(fields.get("segment"))},
        BLOCK_VALUE: {ACTION_VALUE: text(fields.get("value"))},
        BLOCK_APPROACH: {ACTION_APPROACH: text(fields.get("approach"))},
        BLOCK_Q1: {ACTION_Q1: text(fields.get("q1"))},
        BLOCK_Q2: {ACTION_Q2: text(fields.get("q2"))},
        BLOCK_Q3: {ACTION_Q3: text(fields.get("q3"))},
        BLOCK_Q4: {ACTION_Q4: text(fields.get("q4"))},
        BLOCK_OUTREACH: {ACTION_OUTREACH: text(fields.get("outreach"))},
        BLOCK_BASIS: {
            ACTION_BASIS: {
                "type": "radio_buttons",
                "selected_option": {"value": fields["basis"]} if "basis" in fields else None,
            }
        },
        BLOCK_SHARED: {
            ACTION_SHARED: {
                "type": "checkboxes",
                "selected_options": [{"value": "shared"}] if fields.get("shared") else [],
            }
        },
    }
    return values


def test_modal_values_are_stripped_and_parsed():
    values = plan_modal_values(
        state(
            target=" 12 ",
            segment="  Logistics ",
            value=" 25k ",
            basis="per_client",
            approach="  Fairs\nReferrals  ",
            q1="2",
            q2="  ",
            q4="12",
            shared=True,
        )
    )
    assert values == {
        "target": "12",
        "segment": "Logistics",
        "value": "25k",
        "basis": "per_client",
        "approach": "Fairs\nReferrals",
        "q1": "2",
        "q2": None,
        "q3": None,
        "q4": "12",
        "outreach": None,
        "shared": "yes",
    }


def test_modal_values_when_empty_or_odd():
    values = plan_modal_values(state(basis="yearly"))
    assert values == {
        "target": None,
        "segment": None,
        "value": None,
        "basis": None,
        "approach": None,
        "q1": None,
        "q2": None,
        "q3": None,
        "q4": None,
        "outreach": None,
        "shared": None,
    }
    assert plan_modal_values({})["shared"] is None


def test_values_fit_the_modal_round_trip():
    view = plan_modal("en", year=2027)
    for block_id, block in inputs(view).items():
        assert block_id in state()
        assert block["element"]["action_id"] in state()[block_id]


# --------------------------------------------------------------------------- errors


ERROR_CASES = [
    ("target", "required", {}),
    ("segment", "required", {}),
    ("approach", "required", {}),
    ("target", "not_a_number", {"text": f"twelve {EVIL}"}),
    ("target", "too_small", {"min": 1}),
    ("q1", "too_small", {"min": 0}),
    ("target", "too_large", {"max": 500}),
    ("segment", "too_long", {"length": 301, "max": 300}),
    ("approach", "too_long", {"length": 3001, "max": 3000}),
    ("q2", "milestone_over_target", {"target": 12}),
    ("q3", "milestones_decrease", {"quarter": 2, "value": 5}),
    ("value", "bad_amount", {"text": f"lots {EVIL}"}),
    ("value", "unknown_currency", {"currency": f"XYZ{EVIL}"}),
    ("value", "negative_amount", {}),
    ("value", "zero_amount", {}),
    ("value", "absurd_amount", {"max": Decimal("1000000000")}),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("field, code, params", ERROR_CASES)
def test_every_error_code_has_a_specific_escaped_message(lang, field, code, params):
    messages = plan_errors(lang, {field: (code, params)})
    assert list(messages) == [FIELD_BLOCKS[field]]
    message = messages[FIELD_BLOCKS[field]]
    assert message and "{" not in message
    assert message != plan_errors(lang, {field: ("no_such_code", {})})[FIELD_BLOCKS[field]]
    assert "<!channel>" not in message and "<@U999>" not in message
    for value in params.values():
        if isinstance(value, str):
            assert escape_of(value) in message


def escape_of(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_error_params_are_formatted_for_the_language():
    en = plan_errors("en", {"value": ("absurd_amount", {"max": Decimal("1000000000")})})
    nl = plan_errors("nl", {"value": ("absurd_amount", {"max": Decimal("1000000000")})})
    assert "1,000,000,000" in en[BLOCK_VALUE]
    assert "1.000.000.000" in nl[BLOCK_VALUE]
    decrease = plan_errors("nl", {"q3": ("milestones_decrease", {"quarter": 2, "value": 5})})
    assert decrease[BLOCK_Q3] == (
        "Mijlpalen tellen op: elke mijlpaal is het totaal tot dan, dus dit kan niet lager zijn "
        "dan Q2 (5)."
    )
    over = plan_errors("en", {"q4": ("milestone_over_target", {"target": 12})})
    assert over[BLOCK_Q4] == "That's more than your target of 12 new clients."


def test_several_errors_at_once_and_missing_params():
    messages = plan_errors(
        "en",
        {
            "target": ("too_large", {}),
            "segment": ("too_long", {"length": 400}),
            "weird_field": ("required", {}),
        },
    )
    assert set(messages) == {BLOCK_TARGET, BLOCK_SEGMENT, "weird_field"}
    assert "{" not in "".join(messages.values())


def test_unknown_code_gets_a_generic_message():
    assert plan_errors("en", {"value": ("martian", {"x": 1})}) == {
        BLOCK_VALUE: "This doesn't look right; please check it."
    }
    assert plan_errors("nl", {"value": ("martian", {})}) == {
        BLOCK_VALUE: "Dit klopt niet helemaal; kijk het nog eens na."
    }


def test_catalogue_uses_the_feature_prefix():
    keys = [key for key in MESSAGES if key.startswith("accountplan.")]
    assert len(keys) > 50


# --------------------------------------------------------------------------- the turn of the year


def test_the_coming_year_is_offered_above_the_plan_with_its_own_button():
    message = plan_message(
        "en", plan(year=2026), PROGRESS, viewer_id="UANNA", can_edit=True, offer_year=2027
    )
    assert message["blocks"][0]["text"]["text"].startswith("🗓️ *On to 2027!*")
    assert [(b["action_id"], b["value"], b.get("style")) for b in button_elements(message)] == [
        (EDIT_ACTION, "2027", "primary"),
        (EDIT_ACTION, "2026", None),
        (SHARE_ACTION, "42:on", None),
    ]
    # Each actions block holds the action once.
    for block in message["blocks"]:
        if block["type"] == "actions":
            ids = [element["action_id"] for element in block["elements"]]
            assert len(ids) == len(set(ids))
    dutch = texts_of(
        plan_message("nl", plan(year=2026), None, viewer_id="UANNA", can_edit=True, offer_year=2027)
    )
    assert "Op naar 2027!" in dutch and "Mijn plan voor 2027 schrijven" in dutch
    pointed = texts_of(
        plan_message("en", plan(), PROGRESS, viewer_id="UANNA", can_edit=True, also_year=2026)
    )
    assert "Your plan for 2026: `/accountplan 2026`" in pointed and "On to" not in pointed


@pytest.mark.parametrize(
    "phase, status, en, nl",
    [
        ("upcoming", "on_track", "new clients count from 1 January 2027", "vanaf 1 januari 2027"),
        ("ended", "behind", "*Result 2027:* 3 of 12 new clients · €", "*Resultaat 2027:* 3 van 12"),
        ("ended", "done", "3 of 12 new clients · 🎉 target reached", "🎉 doel gehaald"),
        ("running", "ahead", "3 of 12 new clients · 🚀 ahead of pace", "2,5 tot nu toe"),
    ],
)
def test_progress_before_during_and_after_the_plans_year(phase, status, en, nl):
    progress = ProgressView(
        won=3, target=12, expected=2.47, status=status, value_won="€75,000", phase=phase, year=2027
    )
    english = texts_of(plan_message("en", plan(), progress, viewer_id="UANNA", can_edit=True))
    assert en in english
    assert ("by today" in english) is (phase == "running")
    dutch = texts_of(plan_message("nl", plan(), progress, viewer_id="UANNA", can_edit=True))
    assert nl in dutch and "tegen vandaag" not in dutch
