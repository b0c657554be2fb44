"""The pure Block Kit builders of the recurring 1:1s (/oneonone)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.formatting import ReaderZones, format_when_for
from bot.i18n import LANGUAGES, MESSAGES
from bot.views.blocks import error_reply
from bot.views.oneonones import (
    ACTION_ACTION_DUE,
    ACTION_ACTION_OWNER,
    ACTION_ACTION_TEXT,
    ACTION_OBSTACLES,
    ACTION_REP,
    ACTION_ROWS,
    ACTION_RULE,
    ACTION_TOPICS,
    ACTIONS_ACTION,
    ACTIONS_MODAL_CALLBACK,
    BLOCK_ACTION_DUE,
    BLOCK_ACTION_DUE_1,
    BLOCK_ACTION_DUE_2,
    BLOCK_ACTION_OWNER,
    BLOCK_ACTION_OWNER_1,
    BLOCK_ACTION_OWNER_3,
    BLOCK_ACTION_TEXT,
    BLOCK_ACTION_TEXT_1,
    BLOCK_ACTION_TEXT_2,
    BLOCK_ACTION_TEXT_3,
    BLOCK_ACTION_TEXT_5,
    BLOCK_OBSTACLES,
    BLOCK_REP,
    BLOCK_RULE,
    BLOCK_TOPICS,
    DONE_ACTION,
    PREP_ACTION,
    PREP_MODAL_CALLBACK,
    SETUP_MODAL_CALLBACK,
    ActionPointView,
    CheckinView,
    PrepView,
    SeriesView,
    action_block_ids,
    action_done_reply,
    action_errors,
    action_points_blocks,
    actions_modal,
    actions_modal_values,
    actions_saved_reply,
    after_nudge,
    error_text,
    help_reply,
    manager_nudge,
    manager_set_reply,
    moved_reply,
    prep_added_dm,
    prep_errors,
    prep_modal,
    prep_modal_values,
    prep_saved_reply,
    rep_nudge,
    rep_told_dm,
    series_created_reply,
    series_ended_reply,
    series_list_reply,
    setup_modal,
    setup_modal_values,
    skipped_reply,
)
from tests.support.views import button_elements, check_message_limits, texts_of

TZ = ZoneInfo("Europe/Amsterdam")
NY = ZoneInfo("America/New_York")
EVIL = "<!channel> & <@U999>"
EVIL_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U999&gt;"
DAY = date(2027, 3, 9)
STARTS = datetime(2027, 3, 9, 10, 0, tzinfo=TZ)
QUESTIONS = {
    "en": (
        "*What stops you from contacting new clients today and tomorrow?*",
        "*What do you need from me?*",
    ),
    "nl": (
        "*Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?*",
        "*Wat heb je van mij nodig?*",
    ),
}


def action(id_: int, text: str = "Call the leads from the fair", **overrides) -> ActionPointView:
    base = dict(id=id_, text=text, owner_id="UANNA", due=date(2027, 3, 12), done=False)
    base.update(overrides)
    return ActionPointView(**base)


def series(id_: int = 1, **overrides) -> SeriesView:
    base = dict(
        id=id_,
        manager_id="UBOB",
        rep_id="UANNA",
        rule_text="every 2 weeks on tuesday at 10:00",
        next_at=datetime(2027, 3, 9, 9, 0, tzinfo=UTC),
        tz_name="Europe/Amsterdam",
    )
    base.update(overrides)
    return SeriesView(**base)


def full_manager_nudge(lang: str, **overrides) -> dict:
    params = dict(
        series_id=7,
        day=DAY,
        starts_at=STARTS,
        rep_id="UANNA",
        plan_line="🎯 3 of 12 new clients · ⏳ behind pace",
        wins=[f"Acme {EVIL}", "Beta BV"],
        checkins=[CheckinView(week=f"2027-W09 {EVIL}", text=f"Busy with delivery {EVIL}")],
        prep=PrepView(obstacles=f"Delivery problems {EVIL}", topics=f"Leads {EVIL}"),
        open_actions=[action(1, f"Call {EVIL}"), action(2, owner_id="UBOB", due=None)],
    )
    params.update(overrides)
    return manager_nudge(lang, **params)


def all_messages(lang: str) -> dict[str, dict]:
    return {
        "created": series_created_reply(
            lang, rep_id="UANNA", rule_text=f"every 2 weeks {EVIL}", next_at=STARTS
        ),
        "created_no_date": series_created_reply(
            lang, rep_id="UANNA", rule_text="every week", next_at=None
        ),
        "list": series_list_reply(
            lang,
            as_manager=[series(1, rule_text=f"weekly {EVIL}"), series(2, next_at=None)],
            as_rep=[series(3, manager_id="UCAROL", rep_id="UBOB")],
        ),
        "list_empty": series_list_reply(lang, as_manager=[], as_rep=[]),
        "ended": series_ended_reply(lang, rep_id="UANNA"),
        "manager_set": manager_set_reply(lang, rep_id="UANNA", manager_id="UBOB"),
        "skipped": skipped_reply(lang, rep_id="UANNA", day=DAY),
        "moved": moved_reply(lang, rep_id="UANNA", day=DAY, new_at=STARTS),
        "told_created": rep_told_dm(lang, manager_id="UBOB", kind="created", rule_text=EVIL),
        "told_created_plain": rep_told_dm(lang, manager_id="UBOB", kind="created"),
        "told_ended": rep_told_dm(lang, manager_id="UBOB", kind="ended"),
        "told_skipped": rep_told_dm(lang, manager_id="UBOB", kind="skipped", day=DAY),
        "told_skipped_plain": rep_told_dm(lang, manager_id="UBOB", kind="skipped"),
        "told_moved": rep_told_dm(lang, manager_id="UBOB", kind="moved", day=DAY, new_at=STARTS),
        "told_moved_to": rep_told_dm(lang, manager_id="UBOB", kind="moved", new_at=STARTS),
        "told_moved_plain": rep_told_dm(lang, manager_id="UBOB", kind="moved"),
        "error": error_reply(error_text(lang, "bad_time", {"text": EVIL})),
        "help": help_reply(lang),
        "manager_nudge": full_manager_nudge(lang),
        "manager_nudge_bare": full_manager_nudge(
            lang, plan_line=None, wins=[], checkins=[], prep=None, open_actions=[]
        ),
        "rep_nudge": rep_nudge(
            lang,
            series_id=7,
            day=DAY,
            starts_at=STARTS,
            manager_id="UBOB",
            open_actions=[action(1, EVIL)],
        ),
        "rep_nudge_bare": rep_nudge(
            lang, series_id=7, day=DAY, starts_at=STARTS, manager_id="UBOB", open_actions=[]
        ),
        "after": after_nudge(lang, series_id=7, day=DAY, other_id="UBOB"),
        **{
            f"prep_saved_{outcome}": prep_saved_reply(lang, manager_id="UBOB", outcome=outcome)
            for outcome in ("before", "updated", "unseen", "own")
        },
        "prep_added": prep_added_dm(
            lang, rep_id="UANNA", starts_at=STARTS, zones=ReaderZones(NY, TZ, "<@UANNA>", TZ)
        ),
        "told_created_in_zone": rep_told_dm(
            lang,
            manager_id="UBOB",
            kind="created",
            rule_text=EVIL,
            first_at=STARTS,
            rule_tz=TZ,
            zones=ReaderZones(NY, TZ, "<@UBOB>", TZ),
        ),
        "list_in_zone": series_list_reply(
            lang,
            as_manager=[series(1, rule_text=f"weekly {EVIL}", other_tz_name="America/New_York")],
            as_rep=[series(3, manager_id="UCAROL", rep_id="UBOB")],
            reader_tz=NY,
            team_tz=TZ,
        ),
        "actions_saved": actions_saved_reply(lang, count=3),
        "actions_saved_one": actions_saved_reply(lang, count=1),
        "done": action_done_reply(lang, text=f"Call {EVIL}"),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_respects_slack_limits_and_pings_nobody(lang):
    for name, message in all_messages(lang).items():
        check_message_limits(message)
        dumped = json.dumps(message, ensure_ascii=False)
        assert "<!channel>" not in dumped, name
        assert "<@U999>" not in dumped, name
        assert "{" not in message["text"], name


def test_unknown_told_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        rep_told_dm("en", manager_id="UBOB", kind="exploded")


# --------------------------------------------------------------------------- set-up


@pytest.mark.parametrize("lang", LANGUAGES)
def test_setup_modal(lang):
    view = setup_modal(lang, channel_id="CSALES")
    assert view["callback_id"] == SETUP_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {"lang": lang, "channel_id": "CSALES"}
    assert len(view["title"]["text"]) <= 24
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert blocks[BLOCK_REP]["element"] == {"type": "users_select", "action_id": ACTION_REP}
    assert blocks[BLOCK_RULE]["element"]["action_id"] == ACTION_RULE
    placeholder = blocks[BLOCK_RULE]["element"]["placeholder"]["text"]
    expected = {
        "en": "every 2 weeks on tuesday at 10:00",
        "nl": "om de 2 weken op dinsdag om 10:00",
    }
    assert placeholder == expected[lang]


def test_setup_modal_values():
    state = {
        BLOCK_REP: {ACTION_REP: {"type": "users_select", "selected_user": "UANNA"}},
        BLOCK_RULE: {ACTION_RULE: {"type": "plain_text_input", "value": "  every week at 9 "}},
    }
    assert setup_modal_values(state) == {"rep": "UANNA", "rule": "every week at 9"}
    empty = {
        BLOCK_REP: {ACTION_REP: {"type": "users_select", "selected_user": None}},
        BLOCK_RULE: {ACTION_RULE: {"type": "plain_text_input", "value": "   "}},
    }
    assert setup_modal_values(empty) == {"rep": None, "rule": None}
    assert setup_modal_values({}) == {"rep": None, "rule": None}


def test_manager_set_reply():
    assert manager_set_reply("en", rep_id="UANNA", manager_id="UBOB")["text"].startswith(
        "✅ <@UBOB> is now <@UANNA>'s manager"
    )
    assert (
        "<@UBOB> is nu de manager van <@UANNA>"
        in manager_set_reply("nl", rep_id="UANNA", manager_id="UBOB")["text"]
    )
    assert (
        "`/oneonone manager @anna @bob`" in error_reply(error_text("en", "not_admin", {}))["text"]
    )


def test_action_block_prefixes():
    assert action_block_ids(4) == (
        f"{BLOCK_ACTION_TEXT}_4",
        f"{BLOCK_ACTION_OWNER}_4",
        f"{BLOCK_ACTION_DUE}_4",
    )


def test_created_ended_skipped_moved_replies():
    created = series_created_reply(
        "en", rep_id="UANNA", rule_text=f"every 2 weeks {EVIL}", next_at=STARTS
    )
    assert f"Your 1:1s with <@UANNA> are set: every 2 weeks {EVIL_ESCAPED}" in created["text"]
    assert "Tue 9 Mar 2027, 10:00" in created["text"]
    created_nl = series_created_reply("nl", rep_id="UANNA", rule_text="elke week", next_at=STARTS)
    assert (
        "Je 1-op-1's met <@UANNA> staan vast: elke week. De eerste is op di 9 mrt 2027, 10:00"
        in (created_nl["text"])
    )
    assert "<@UANNA>" in series_ended_reply("nl", rep_id="UANNA")["text"]
    assert "9 Mar 2027" in skipped_reply("en", rep_id="UANNA", day=DAY)["text"]
    assert "9 mrt 2027" in skipped_reply("nl", rep_id="UANNA", day=DAY)["text"]
    moved = moved_reply("nl", rep_id="UANNA", day=DAY, new_at=datetime(2027, 3, 11, 14, tzinfo=TZ))
    assert "van 9 mrt 2027 is verplaatst naar do 11 mrt 2027, 14:00" in moved["text"]


def test_rep_told_dm_in_both_languages():
    created = rep_told_dm("en", manager_id="UBOB", kind="created", rule_text=f"weekly {EVIL}")
    assert f"<@UBOB> set up regular 1:1s with you: weekly {EVIL_ESCAPED}" in created["text"]
    assert "what stops you from contacting new clients" in texts_of(created)
    moved = rep_told_dm(
        "nl",
        manager_id="UBOB",
        kind="moved",
        day=DAY,
        new_at=datetime(2027, 3, 11, 14, tzinfo=TZ),
    )
    assert (
        moved["text"]
        == "📆 <@UBOB> heeft jullie 1-op-1 van 9 mrt 2027 verplaatst naar do 11 mrt 2027, 14:00."
    )
    assert "geschrapt" in rep_told_dm("nl", manager_id="UBOB", kind="skipped", day=DAY)["text"]
    assert "stopped" in rep_told_dm("en", manager_id="UBOB", kind="ended")["text"]


def test_series_list_shows_both_roles_with_next_dates_in_the_series_zone():
    message = series_list_reply(
        "en",
        as_manager=[series(1), series(2, rep_id="UCHRIS", next_at=None)],
        as_rep=[series(3, manager_id="UCAROL", rep_id="UBOB")],
    )
    text = texts_of(message)
    assert "*With your manager*" in text and "*With your reps*" in text
    # 09:00 UTC is 10:00 in Amsterdam
    assert "• <@UANNA> · every 2 weeks on tuesday at 10:00 · next: Tue 9 Mar 2027, 10:00" in text
    assert "• <@UCHRIS> · every 2 weeks on tuesday at 10:00 · no next date" in text
    assert "• <@UCAROL> ·" in text
    assert text.index("With your manager") < text.index("With your reps")
    assert "`/oneonone help`" in message["blocks"][-1]["elements"][0]["text"]
    nl = texts_of(series_list_reply("nl", as_manager=[series(1)], as_rep=[]))
    assert "volgende: di 9 mrt 2027, 10:00" in nl and "Met je verkopers" in nl


def test_series_list_without_series_shows_how_to_set_one_up():
    message = series_list_reply("nl", as_manager=[], as_rep=[])
    assert "Je hebt nog geen 1-op-1's" in texts_of(message)
    assert "`/oneonone @anna om de 2 weken op dinsdag om 10:00`" in texts_of(message)


def test_a_long_series_list_stays_within_the_block_limit():
    many = [series(i, rep_id=f"U{i:05d}", rule_text="x" * 250) for i in range(1000)]
    for as_rep in ([], [series(9999, manager_id="UBOSS")]):
        message = series_list_reply("en", as_manager=many, as_rep=as_rep)
        check_message_limits(message)
        text = texts_of(message)
        assert "…and" in text and "more" in text
        assert "`/oneonone help`" in text
        if as_rep:
            assert "<@UBOSS>" in text


# --------------------------------------------------------------------------- errors, help


ERROR_CASES = [
    ("no_user", {}, "Mention them with @"),
    ("several_users", {}, "one rep at a time"),
    ("self", {}, "with yourself"),
    ("unknown_user", {}, "don't know that person"),
    ("not_manager", {}, "Only the rep's manager or an admin"),
    ("not_admin", {}, "Only admins can say who manages whom"),
    ("no_series", {"rep": "UANNA"}, "You don't have 1:1s with <@UANNA> yet"),
    ("no_occurrence", {"date": date(2027, 3, 10)}, "There is no 1:1 on 10 Mar 2027"),
    ("usage", {}, "This is what `/oneonone` understands"),
    ("empty", {}, "When are the 1:1s?"),
    ("no_frequency", {}, "How often"),
    ("no_weekday", {}, "day of the week"),
    ("no_nth", {}, "week of the month"),
    ("no_time", {}, "At what time"),
    ("bad_time", {"text": f"25:99 {EVIL}"}, f"“25:99 {EVIL_ESCAPED}” is not a time"),
    ("bad_duration", {"minutes": 600, "min": 15, "max": 480}, "600 minutes"),
    ("bad_interval", {"interval": 12, "max": 8}, "Every 12 is too far apart"),
    ("unknown_words", {"words": f"fortnightly, {EVIL}"}, f"fortnightly, {EVIL_ESCAPED}"),
    ("bad_date", {"text": f"32 mar {EVIL}"}, f"“32 mar {EVIL_ESCAPED}” is not a date"),
    ("date_in_past", {"date": date(2026, 3, 8)}, "8 Mar 2026 is already in the past"),
]


@pytest.mark.parametrize("code, params, expected", ERROR_CASES)
def test_every_error_code_says_what_was_wrong(code, params, expected):
    english = error_reply(error_text("en", code, params))
    assert expected in english["text"]
    check_message_limits(english)
    dutch = error_reply(error_text("nl", code, params))
    check_message_limits(dutch)
    assert dutch["text"] != english["text"]
    unknown = error_reply(error_text("en", "no_such_code", {}))["text"]
    for message in (english, dutch):
        assert "<!channel>" not in message["text"] and "<@U999>" not in message["text"]
        assert "{" not in message["text"].replace("{@", "")
    assert english["text"] != unknown


@pytest.mark.parametrize(
    "code, forms",
    [
        ("no_time", ["`/oneonone @anna every 2 weeks on tuesday at 10:00`"]),
        ("empty", ["`/oneonone @anna every 2 weeks on tuesday at 10:00`"]),
        ("bad_date", ["`/oneonone skip @anna 2027-03-09`", "to 2027-03-11 at 14:00`"]),
        ("no_occurrence", ["`/oneonone skip @anna 2027-03-09`", "`/oneonone move @anna"]),
        (
            "usage",
            [
                "`/oneonone @anna every 2 weeks on tuesday at 10:00`",
                "`/oneonone skip @anna 2027-03-09`",
                "`/oneonone move @anna 2027-03-09 to 2027-03-11 at 14:00`",
                "`/oneonone cancel @anna`",
            ],
        ),
        ("no_user", ["`/oneonone cancel @anna`"]),
    ],
)
def test_errors_show_the_right_form(code, forms):
    text = error_reply(error_text("en", code, {}))["text"]
    for form in forms:
        assert form in text


def test_dutch_rule_errors_show_the_dutch_rule():
    text = error_reply(error_text("nl", "no_weekday", {}))["text"]
    assert "Op welke dag van de week?" in text
    assert "`/oneonone @anna om de 2 weken op dinsdag om 10:00`" in text


def test_missing_error_params_are_left_blank():
    for code in ("bad_time", "bad_duration", "no_series", "no_occurrence", "date_in_past"):
        text = error_reply(error_text("en", code, {}))["text"]
        assert "{" not in text


def test_unknown_error_code_points_to_help():
    assert "`/oneonone help`" in error_reply(error_text("en", "exploded", {"x": 1}))["text"]


def test_help_reply():
    text = texts_of(help_reply("en"))
    for form in (
        "`/oneonone @anna every 2 weeks on tuesday at 10:00`",
        "`/oneonone skip @anna 2027-03-09`",
        "`/oneonone move @anna 2027-03-09 to 2027-03-11 at 14:00`",
        "`/oneonone cancel @anna`",
    ):
        assert form in text
    assert "What stops you from contacting new clients today and tomorrow?" in text
    nl = texts_of(help_reply("nl"))
    assert "Wat heb je van mij nodig?" in nl and "Voor verkopers" in nl


# --------------------------------------------------------------------------- nudges


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manager_nudge_has_everything(lang):
    message = full_manager_nudge(lang)
    text = texts_of(message)
    for question in QUESTIONS[lang]:
        assert question in text
    assert "<@UANNA>" in text
    assert "🎯 3 of 12 new clients · ⏳ behind pace" in text  # the plan line as given
    assert f"Acme {EVIL_ESCAPED}, Beta BV" in text
    assert f"Busy with delivery {EVIL_ESCAPED}" in text
    assert f"2027-W09 {EVIL_ESCAPED}" in text
    assert f"Delivery problems {EVIL_ESCAPED}" in text
    assert f"Leads {EVIL_ESCAPED}" in text
    assert f"Call {EVIL_ESCAPED}" in text
    done = [b for b in button_elements(message) if b["action_id"] == DONE_ACTION]
    assert [b["value"] for b in done] == ["1", "2"]
    when = {"en": "Tue 9 Mar 2027, 10:00", "nl": "di 9 mrt 2027, 10:00"}[lang]
    assert when in message["text"] and when in text


def test_manager_nudge_in_dutch_reads_naturally():
    text = texts_of(full_manager_nudge("nl"))
    assert "Je 1-op-1 met <@UANNA>" in text
    assert "2 nieuwe klanten sinds jullie vorige 1-op-1" in text
    assert "<@UANNA> heeft dit voorbereid" in text
    assert "Open actiepunten" in text
    assert "uiterlijk 12 mrt" in text


def test_bare_manager_nudge_still_asks_the_two_questions():
    for lang in LANGUAGES:
        message = full_manager_nudge(
            lang, plan_line=None, wins=[], checkins=[], prep=None, open_actions=[]
        )
        text = texts_of(message)
        for question in QUESTIONS[lang]:
            assert question in text
        assert button_elements(message) == []
    english = texts_of(
        full_manager_nudge("en", plan_line=None, wins=[], checkins=[], prep=None, open_actions=[])
    )
    assert "No account plan for this year yet: agree one together." in english
    assert "No new clients since your last 1:1." in english
    assert "check-ins" not in english and "prepared" not in english
    dutch = texts_of(
        full_manager_nudge("nl", plan_line=None, wins=[], checkins=[], prep=None, open_actions=[])
    )
    assert "Nog geen accountplan voor dit jaar: spreek er samen een af." in dutch


def test_manager_nudge_skips_empty_prep_and_done_actions():
    message = full_manager_nudge(
        "en",
        prep=PrepView(obstacles="  ", topics=""),
        open_actions=[action(1, done=True)],
    )
    text = texts_of(message)
    assert "prepared" not in text
    assert "Open action points" not in text
    only_topics = texts_of(full_manager_nudge("en", prep=PrepView(obstacles="", topics="Pricing")))
    assert "_Topics:_ Pricing" in only_topics and "_Obstacles:_" not in only_topics


def test_one_win_reads_singular():
    assert "1 new client since your last 1:1:* Acme" in texts_of(
        full_manager_nudge("en", wins=["Acme"])
    )
    assert "1 nieuwe klant sinds" in texts_of(full_manager_nudge("nl", wins=["Acme"]))


def test_huge_manager_nudge_stays_within_limits_and_keeps_the_questions():
    message = full_manager_nudge(
        "en",
        plan_line="x" * 5000,
        wins=[f"Client {i} {EVIL}" * 5 for i in range(300)],
        checkins=[CheckinView(week=f"W{i}", text="y" * 3000) for i in range(20)],
        prep=PrepView(obstacles="<" * 2000, topics="&" * 2000),
        open_actions=[action(i, "z" * 300) for i in range(1, 201)],
    )
    check_message_limits(message)
    text = texts_of(message)
    for question in QUESTIONS["en"]:
        assert question in text
    assert "…and" in text
    assert "<<" not in text
    # the closing tip is still there, after the action points
    assert message["blocks"][-1]["type"] == "context"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rep_nudge(lang):
    message = rep_nudge(
        lang,
        series_id=7,
        day=DAY,
        starts_at=STARTS,
        manager_id="UBOB",
        open_actions=[action(3, f"Send the offer {EVIL}"), action(4, done=True)],
    )
    text = texts_of(message)
    assert "<@UBOB>" in message["text"]
    found = button_elements(message)
    prep = [b for b in found if b["action_id"] == PREP_ACTION]
    assert [(b["value"], b.get("style")) for b in prep] == [("7:2027-03-09", "primary")]
    assert [b["value"] for b in found if b["action_id"] == DONE_ACTION] == ["3"]
    assert f"Send the offer {EVIL_ESCAPED}" in text
    expected = {
        "en": ("What stops you from contacting new clients", "What do you need from <@UBOB>?"),
        "nl": ("Wat houdt je tegen om vandaag en morgen", "Wat heb je nodig van <@UBOB>?"),
    }[lang]
    for part in expected:
        assert part in text
    button_text = {"en": "Note obstacles and topics", "nl": "Obstakels en onderwerpen noteren"}
    assert button_text[lang] in prep[0]["text"]["text"]


def test_rep_nudge_with_many_open_actions():
    message = rep_nudge(
        "nl",
        series_id=7,
        day=DAY,
        starts_at=STARTS,
        manager_id="UBOB",
        open_actions=[action(i) for i in range(1, 120)],
    )
    check_message_limits(message)
    assert "…en nog" in texts_of(message)
    assert any(b["action_id"] == PREP_ACTION for b in button_elements(message))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_after_nudge(lang):
    message = after_nudge(lang, series_id=7, day=DAY, other_id="UBOB")
    assert "<@UBOB>" in message["text"]
    [button] = button_elements(message)
    assert (button["action_id"], button["value"]) == (ACTIONS_ACTION, "7:2027-03-09")
    expected = {"en": "How did your 1:1 with <@UBOB> go?", "nl": "Hoe was je 1-op-1 met <@UBOB>?"}
    assert expected[lang] in message["text"]


# --------------------------------------------------------------------------- action points


def test_action_points_blocks():
    blocks = action_points_blocks(
        "en",
        [
            action(1, f"Call {EVIL}"),
            action(2, "Fix the delivery process", owner_id="UBOB", due=None),
            action(3, done=True),
        ],
        budget=10,
    )
    assert len(blocks) == 2
    assert blocks[0]["text"]["text"] == f"• Call {EVIL_ESCAPED} — <@UANNA> · due 12 Mar"
    assert blocks[1]["text"]["text"] == "• Fix the delivery process — <@UBOB>"
    accessory = blocks[0]["accessory"]
    assert (accessory["action_id"], accessory["value"]) == (DONE_ACTION, "1")
    assert accessory["text"]["text"] == "Done ✓"
    nl = action_points_blocks("nl", [action(1)], budget=5)
    assert nl[0]["text"]["text"].endswith("· uiterlijk 12 mrt")
    assert nl[0]["accessory"]["text"]["text"] == "Klaar ✓"


def test_action_points_over_budget():
    actions = [action(i) for i in range(1, 31)]
    blocks = action_points_blocks("en", actions, budget=10)
    assert len(blocks) == 10
    assert blocks[-1]["type"] == "context"
    assert blocks[-1]["elements"][0]["text"] == "…and 21 more"
    assert action_points_blocks("en", actions, budget=30)[-1]["type"] == "section"
    assert action_points_blocks("en", actions, budget=0) == []
    assert action_points_blocks("en", [], budget=10) == []
    one = action_points_blocks("en", actions, budget=1)
    assert len(one) == 1 and one[0]["type"] == "context"


def test_long_action_text_is_cut():
    [block] = action_points_blocks("en", [action(1, "<" * 1000)], budget=5)
    assert len(block["text"]["text"]) < 1000
    assert "…" in block["text"]["text"] and "<" not in block["text"]["text"].split("—")[0]


# --------------------------------------------------------------------------- prep modal


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prep_modal(lang):
    view = prep_modal(lang, series_id=7, day=DAY, prep=None)
    assert view["callback_id"] == PREP_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {
        "series_id": 7,
        "day": "2027-03-09",
        "lang": lang,
    }
    assert len(view["title"]["text"]) <= 24
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [BLOCK_OBSTACLES, BLOCK_TOPICS]
    for block in inputs.values():
        assert block["optional"] is True
        assert block["element"]["multiline"] is True
        assert "initial_value" not in block["element"]
    label = inputs[BLOCK_OBSTACLES]["label"]["text"]
    assert (
        label
        == {
            "en": "What stops you from contacting new clients today and tomorrow?",
            "nl": "Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?",
        }[lang]
    )


def test_prep_modal_prefilled():
    view = prep_modal("en", series_id=7, day=DAY, prep=PrepView(obstacles=EVIL, topics="Leads"))
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert inputs[BLOCK_OBSTACLES]["element"]["initial_value"] == EVIL  # plain text stays raw
    assert inputs[BLOCK_TOPICS]["element"]["initial_value"] == "Leads"


def test_prep_modal_values_and_errors():
    state = {
        BLOCK_OBSTACLES: {ACTION_OBSTACLES: {"type": "plain_text_input", "value": " Delivery \n"}},
        BLOCK_TOPICS: {ACTION_TOPICS: {"type": "plain_text_input", "value": None}},
    }
    assert prep_modal_values(state) == {"obstacles": "Delivery", "topics": None}
    assert prep_modal_values({}) == {"obstacles": None, "topics": None}
    assert prep_errors("en", "empty", {}) == {
        BLOCK_OBSTACLES: "Note at least one obstacle or topic."
    }
    assert prep_errors("nl") == {BLOCK_OBSTACLES: "Noteer minstens één obstakel of onderwerp."}
    too_long = prep_errors("en", "too_long", {"length": 2100, "max": 2000})
    assert too_long[BLOCK_OBSTACLES] == "This is 2100 characters long; the limit is 2000."


def test_prep_saved_reply_says_where_the_manager_sees_it():
    def said(lang: str, outcome: str) -> str:
        return prep_saved_reply(lang, manager_id="UBOB", outcome=outcome)["text"]

    assert "<@UBOB> will see your obstacles and topics in their reminder" in said("en", "before")
    assert "<@UBOB> ziet je obstakels en onderwerpen in de herinnering" in said("nl", "before")
    assert "already had their reminder" in said("en", "updated")
    assert "added your obstacles and topics to it and let them know" in said("en", "updated")
    assert "eraan toegevoegd en een seintje gegeven" in said("nl", "updated")
    assert "bring it up yourself" in said("en", "unseen") and "<@UBOB>" in said("en", "unseen")
    assert "zelf ter sprake" in said("nl", "unseen")
    assert "<@UBOB>" not in said("en", "own")
    with pytest.raises(ValueError):
        prep_saved_reply("en", manager_id="UBOB", outcome="maybe")


def test_prep_added_dm_names_the_rep_and_the_time_on_the_managers_clock():
    zones = ReaderZones(TZ, NY, "<@UJACK>")
    dm = prep_added_dm("en", rep_id="UJACK", starts_at=STARTS, zones=zones)
    assert dm["text"] == (
        "📝 <@UJACK> added obstacles and topics for your 1:1 on Tue 9 Mar 2027, 10:00 your "
        "time (04:00 for <@UJACK>): they're in your reminder above."
    )
    nl = prep_added_dm("nl", rep_id="UJACK", starts_at=STARTS, zones=zones)["text"]
    assert "<@UJACK> heeft obstakels en onderwerpen toegevoegd voor jullie 1-op-1 op di 9 mrt" in nl
    assert "10:00 jouw tijd (04:00 voor <@UJACK>)" in nl


# --------------------------------------------------------------------------- time zones


def test_a_time_is_on_the_readers_clock_with_the_other_persons_named():
    monday = datetime(2027, 3, 8, 16, 0, tzinfo=TZ)
    assert (
        format_when_for(monday, NY, TZ, "Maria", "en")
        == "Mon 8 Mar 2027, 10:00 your time (16:00 for Maria)"
    )
    assert (
        format_when_for(monday, NY, TZ, "Maria", "nl")
        == "ma 8 mrt 2027, 10:00 jouw tijd (16:00 voor Maria)"
    )
    # Same clocks (Berlin reads Amsterdam's time): no label.
    assert format_when_for(monday, TZ, ZoneInfo("Europe/Berlin"), "Maria", "en") == (
        "Mon 8 Mar 2027, 16:00"
    )
    # Both in New York, the team in Amsterdam: "your time" says whose clock.
    assert format_when_for(monday, NY, NY, "Maria", "nl", team_tz=TZ) == (
        "ma 8 mrt 2027, 10:00 jouw tijd"
    )
    assert format_when_for(monday, TZ, TZ, "Maria", "nl", team_tz=TZ) == "ma 8 mrt 2027, 16:00"
    # Another date on the other clock: its weekday is named.
    early = datetime(2027, 3, 8, 4, 0, tzinfo=TZ)
    assert format_when_for(early, TZ, NY, "Jack", "en") == (
        "Mon 8 Mar 2027, 04:00 your time (Sun 22:00 for Jack)"
    )


def test_nudges_show_each_readers_clock():
    to_rep = rep_nudge(
        "en",
        series_id=7,
        day=DAY,
        starts_at=STARTS,
        manager_id="UBOB",
        open_actions=[],
        zones=ReaderZones(NY, TZ, "<@UBOB>", TZ),
    )
    assert "Tue 9 Mar 2027, 04:00 your time (10:00 for <@UBOB>)" in to_rep["text"]
    to_manager = full_manager_nudge("nl", zones=ReaderZones(TZ, NY, "<@UANNA>", TZ))
    assert "di 9 mrt 2027, 10:00 jouw tijd (04:00 voor <@UANNA>)" in to_manager["text"]
    same = full_manager_nudge("en", zones=ReaderZones(TZ, TZ, "<@UANNA>", TZ))
    assert "Tue 9 Mar 2027, 10:00" in same["text"] and "your time" not in texts_of(same)


def test_the_rep_is_told_of_set_up_and_moves_on_their_own_clock():
    zones = ReaderZones(NY, TZ, "<@UBOB>", TZ)
    created = rep_told_dm(
        "en",
        manager_id="UBOB",
        kind="created",
        rule_text="every 2 weeks on Tuesday at 10:00",
        first_at=STARTS,
        rule_tz=TZ,
        zones=zones,
    )
    assert created["text"] == (
        "🤝 <@UBOB> set up regular 1:1s with you: every 2 weeks on Tuesday at 10:00, Amsterdam "
        "time. The first one is on Tue 9 Mar 2027, 04:00 your time (10:00 for <@UBOB>)."
    )
    created_nl = rep_told_dm(
        "nl",
        manager_id="UBOB",
        kind="created",
        rule_text="om de 2 weken op dinsdag om 10:00",
        first_at=STARTS,
        rule_tz=TZ,
        zones=ReaderZones(TZ, TZ, "<@UBOB>", TZ),
    )
    assert created_nl["text"] == (
        "🤝 <@UBOB> heeft vaste 1-op-1's met je ingepland: om de 2 weken op dinsdag om 10:00. "
        "De eerste is op di 9 mrt 2027, 10:00."
    )
    moved = rep_told_dm(
        "nl",
        manager_id="UBOB",
        kind="moved",
        day=DAY,
        new_at=datetime(2027, 3, 11, 14, tzinfo=TZ),
        zones=ReaderZones(NY, TZ, "<@UBOB>", TZ),
    )
    assert "verplaatst naar do 11 mrt 2027, 08:00 jouw tijd (14:00 voor <@UBOB>)" in moved["text"]


def test_series_list_on_the_readers_clock():
    listing = texts_of(
        series_list_reply(
            "en",
            as_manager=[],
            as_rep=[series(3, manager_id="UCAROL", other_tz_name="Europe/Amsterdam")],
            reader_tz=NY,
            team_tz=TZ,
        )
    )
    assert (
        "• <@UCAROL> · every 2 weeks on tuesday at 10:00, Amsterdam time · next: Tue 9 Mar "
        "2027, 04:00 your time (10:00 for <@UCAROL>)" in listing
    )
    same = texts_of(
        series_list_reply(
            "en",
            as_manager=[series(1, other_tz_name="Europe/Amsterdam")],
            as_rep=[],
            reader_tz=TZ,
            team_tz=TZ,
        )
    )
    assert "next: Tue 9 Mar 2027, 10:00" in same and "your time" not in same
    assert "Amsterdam time" not in same


# --------------------------------------------------------------------------- actions modal


@pytest.mark.parametrize("lang", LANGUAGES)
def test_actions_modal(lang):
    view = actions_modal(lang, series_id=7, day=DAY, rep_id="UANNA", manager_id="UBOB")
    assert view["callback_id"] == ACTIONS_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {
        "series_id": 7,
        "day": "2027-03-09",
        "lang": lang,
    }
    assert len(view["title"]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    assert "<@UANNA>" in texts_of(view) and "<@UBOB>" in texts_of(view)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert len(inputs) == 3 * ACTION_ROWS
    for row in range(1, ACTION_ROWS + 1):
        text_id, owner_id, due_id = action_block_ids(row)
        text_block, owner_block, due_block = inputs[text_id], inputs[owner_id], inputs[due_id]
        assert text_block["element"]["action_id"] == ACTION_ACTION_TEXT
        assert text_block["element"]["max_length"] == 300
        assert text_block["optional"] is (row != 1)
        select = owner_block["element"]
        assert select["type"] == "static_select"
        assert select["action_id"] == ACTION_ACTION_OWNER
        assert [o["value"] for o in select["options"]] == ["rep", "manager"]
        assert select["initial_option"]["value"] == "rep"
        assert due_block["element"] == {"type": "datepicker", "action_id": ACTION_ACTION_DUE}
        assert due_block["optional"] is True
    assert action_block_ids(1) == (BLOCK_ACTION_TEXT_1, BLOCK_ACTION_OWNER_1, BLOCK_ACTION_DUE_1)
    assert BLOCK_ACTION_TEXT_5 in inputs
    labels = [b["label"]["text"] for b in inputs.values()]
    assert len(labels) == len(set(labels))


def actions_state(rows: dict[int, tuple[str | None, str | None, str | None]]) -> dict:
    state: dict = {}
    for row in range(1, ACTION_ROWS + 1):
        text, owner, due = rows.get(row, (None, None, None))
        text_id, owner_id, due_id = action_block_ids(row)
        state[text_id] = {ACTION_ACTION_TEXT: {"type": "plain_text_input", "value": text}}
        state[owner_id] = {
            ACTION_ACTION_OWNER: {
                "type": "static_select",
                "selected_option": {"value": owner} if owner else None,
            }
        }
        state[due_id] = {ACTION_ACTION_DUE: {"type": "datepicker", "selected_date": due}}
    return state


def test_actions_modal_values_keep_filled_rows_only():
    state = actions_state(
        {
            1: (" Call the fair leads ", "rep", "2027-03-12"),
            2: ("   ", "manager", "2027-03-20"),
            3: ("Fix the delivery hand-over", "manager", None),
            5: ("Ask Acme for a referral", None, None),
        }
    )
    assert actions_modal_values(state) == [
        {"text": "Call the fair leads", "owner": "rep", "due": "2027-03-12", "index": 1},
        {"text": "Fix the delivery hand-over", "owner": "manager", "due": None, "index": 3},
        {"text": "Ask Acme for a referral", "owner": "rep", "due": None, "index": 5},
    ]
    assert actions_modal_values({}) == []
    assert actions_modal_values(actions_state({1: ("x", "boss", None)}))[0]["owner"] == "rep"


def test_action_errors_for_every_code():
    errors = action_errors(
        "en",
        {
            BLOCK_ACTION_TEXT_1: ("required", {}),
            "text_2": ("too_long", {"length": 320, "max": 300}),
            "due_2": ("bad_due", {"date": date(2027, 3, 1)}),
            "owner_3": ("martian", {}),
        },
    )
    assert errors == {
        BLOCK_ACTION_TEXT_1: "Write at least one action point.",
        BLOCK_ACTION_TEXT_2: "Keep an action point under 300 characters; one concrete step is enough.",
        BLOCK_ACTION_DUE_2: "That date is in the past; pick a day that's still to come.",
        BLOCK_ACTION_OWNER_3: "This doesn't look right; please check it.",
    }
    dutch = action_errors("nl", {"text_3": ("too_long", {}), "due": ("bad_due", {})})
    assert dutch[BLOCK_ACTION_TEXT_3] == (
        "Houd een actiepunt onder de 300 tekens; één concrete stap volstaat."
    )
    assert "verleden" in dutch[BLOCK_ACTION_DUE_1]


def test_action_confirmations():
    assert actions_saved_reply("en", count=1)["text"].startswith("✅ 1 action point logged")
    assert actions_saved_reply("en", count=3)["text"].startswith("✅ 3 action points logged")
    assert actions_saved_reply("nl", count=3)["text"].startswith("✅ 3 actiepunten genoteerd")
    done = action_done_reply("nl", text=f"Bel {EVIL}")
    assert done["text"] == f"✅ Klaar: Bel {EVIL_ESCAPED}"


def test_catalogue_uses_the_feature_prefix():
    keys = [key for key in MESSAGES if key.startswith("oneonone.")]
    assert len(keys) > 80
