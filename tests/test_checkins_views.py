"""Block Kit of the weekly check-in, and the outreach chart."""

from __future__ import annotations

import json
import struct
from datetime import date, timedelta

import pytest

from bot.domain.checkins import (
    REASONS,
    CheckinError,
    ObstacleCount,
    top_obstacles,
    validate_checkin,
)
from bot.views.blocks import error_reply
from bot.views.chart import outreach_chart, week_axis_labels
from bot.views.checkins import (
    ACTION_MEETINGS,
    ACTION_NOTE,
    ACTION_PROSPECTS,
    ACTION_REASONS,
    BLOCK_MEETINGS,
    BLOCK_NOTE,
    BLOCK_PROSPECTS,
    BLOCK_REASONS,
    FIELD_BLOCKS,
    MODAL_CALLBACK,
    OPEN_ACTION,
    ObstacleView,
    RepWeek,
    away_reply,
    back_reply,
    checkin_errors,
    checkin_line,
    checkin_modal,
    checkin_modal_values,
    digest_dm,
    error_text,
    help_reply,
    member_reply,
    prompt_dm,
    thanks_view,
)

LANGS = ("en", "nl")
MONDAY = date(2027, 3, 1)  # week 9
EVIL = "<!channel> & <@U999>"
ESCAPED = "&lt;!channel&gt; &amp; &lt;@U999&gt;"


def all_text(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)


def assert_message(payload: dict) -> None:
    assert payload["text"].strip()
    assert 1 <= len(payload["blocks"]) <= 50
    for block in payload["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "<!channel>" not in all_text(payload)


# --------------------------------------------------------------------------- prompt


@pytest.mark.parametrize("lang", LANGS)
def test_prompt_has_the_week_the_target_and_the_button(lang):
    payload = prompt_dm(lang, monday=MONDAY, target=7, reminder=False)
    assert_message(payload)
    text = all_text(payload)
    assert "week 9" in text and " 7 " in text
    buttons = [
        b for block in payload["blocks"] if block["type"] == "actions" for b in block["elements"]
    ]
    assert [(b["action_id"], b["value"]) for b in buttons] == [(OPEN_ACTION, "2027-03-01")]


@pytest.mark.parametrize("lang", LANGS)
def test_reminder_differs_and_works_without_a_target(lang):
    prompt = prompt_dm(lang, monday=MONDAY, target=None, reminder=False)
    reminder = prompt_dm(lang, monday=date(2027, 3, 3), target=None, reminder=True)
    assert_message(reminder)
    assert reminder["text"] != prompt["text"]
    assert "week 9" in reminder["text"]
    assert reminder["blocks"][-1]["elements"][0]["value"] == "2027-03-01"


def test_prompt_is_translated():
    en = prompt_dm("en", monday=MONDAY, target=None, reminder=False)["text"]
    nl = prompt_dm("nl", monday=MONDAY, target=None, reminder=False)["text"]
    assert "Time for your weekly check-in" in en
    assert "wekelijkse check-in" in nl and "1 mrt" in nl


# --------------------------------------------------------------------------- modal


@pytest.mark.parametrize("lang", LANGS)
def test_empty_modal(lang):
    view = checkin_modal(lang, monday=date(2027, 3, 4), values=None, target=None)
    assert view["type"] == "modal" and view["callback_id"] == MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {"week": "2027-03-01", "lang": lang}
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    inputs = {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}
    assert set(inputs) == set(FIELD_BLOCKS.values())
    assert not inputs[BLOCK_PROSPECTS]["optional"] and not inputs[BLOCK_MEETINGS]["optional"]
    assert inputs[BLOCK_REASONS]["optional"] and inputs[BLOCK_NOTE]["optional"]
    assert inputs[BLOCK_PROSPECTS]["hint"]["text"]  # what counts as a prospect contact
    options = inputs[BLOCK_REASONS]["element"]["options"]
    assert [option["value"] for option in options] == list(REASONS)
    assert "initial_options" not in inputs[BLOCK_REASONS]["element"]
    assert "initial_value" not in inputs[BLOCK_PROSPECTS]["element"]
    assert inputs[BLOCK_NOTE]["element"]["multiline"] is True


@pytest.mark.parametrize("lang", LANGS)
def test_modal_prefilled_for_an_update_with_the_target(lang):
    view = checkin_modal(
        lang,
        monday=MONDAY,
        values={"prospects": 12, "meetings": 0, "reasons": ["no_leads", "other"], "note": EVIL},
        target=9,
    )
    inputs = {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}
    assert inputs[BLOCK_PROSPECTS]["element"]["initial_value"] == "12"
    assert inputs[BLOCK_MEETINGS]["element"]["initial_value"] == "0"
    assert [o["value"] for o in inputs[BLOCK_REASONS]["element"]["initial_options"]] == [
        "no_leads",
        "other",
    ]
    assert inputs[BLOCK_NOTE]["element"]["initial_value"] == EVIL  # plain text input: raw
    assert " 9 " in all_text(view)


def test_modal_values_parsing():
    state = {
        BLOCK_PROSPECTS: {ACTION_PROSPECTS: {"type": "plain_text_input", "value": " 12 "}},
        BLOCK_MEETINGS: {ACTION_MEETINGS: {"type": "plain_text_input", "value": None}},
        BLOCK_REASONS: {
            ACTION_REASONS: {
                "type": "checkboxes",
                "selected_options": [{"value": "deliveries"}, {"value": "other"}],
            }
        },
        BLOCK_NOTE: {ACTION_NOTE: {"type": "plain_text_input", "value": "  \n "}},
    }
    assert checkin_modal_values(state) == {
        "prospects": "12",
        "meetings": None,
        "reasons": ["deliveries", "other"],
        "note": None,
    }
    assert checkin_modal_values({}) == {
        "prospects": None,
        "meetings": None,
        "reasons": [],
        "note": None,
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_validation_code_has_a_message_under_its_field(lang):
    errors = {
        "prospects": ("not_a_number", {"text": EVIL}),
        "meetings": ("too_large", {"max": 500}),
        "reasons": ("unknown_reason", {"reason": "weather"}),
        "note": ("too_long", {"length": 1200, "max": 1000}),
    }
    messages = checkin_errors(lang, errors)
    assert set(messages) == {BLOCK_PROSPECTS, BLOCK_MEETINGS, BLOCK_REASONS, BLOCK_NOTE}
    assert ESCAPED in messages[BLOCK_PROSPECTS]
    assert "500" in messages[BLOCK_MEETINGS]
    assert "1200" in messages[BLOCK_NOTE] and "1000" in messages[BLOCK_NOTE]
    for code in ("required", "negative", "made_up"):
        assert checkin_errors(lang, {"prospects": (code, {})})[BLOCK_PROSPECTS].strip()


def test_errors_from_the_domain_error():
    with pytest.raises(CheckinError) as caught:
        validate_checkin(prospects="", meetings="-1", reasons=None, note=None)
    messages = checkin_errors("en", caught.value)
    assert messages == {
        BLOCK_PROSPECTS: "Please fill in a number.",
        BLOCK_MEETINGS: "The number can't be negative.",
    }


# --------------------------------------------------------------------------- thanks


@pytest.mark.parametrize("lang", LANGS)
def test_thanks_target_met_and_streak(lang):
    view = thanks_view(
        lang, monday=MONDAY, prospects=12, meetings=2, target=10, streak=3, updated=False
    )
    assert view["type"] == "modal" and "close" in view and "submit" not in view
    assert len(view["title"]["text"]) <= 24
    text = all_text(view)
    assert "🎯" in text and "🔥" in text and "3" in text and "12" in text


def test_thanks_wording():
    first = all_text(
        thanks_view(
            "en", monday=MONDAY, prospects=4, meetings=1, target=10, streak=1, updated=False
        )
    )
    assert "6 to go" in first and "1 meeting" in first and "4 prospects" in first
    assert "in a row 🔥" not in first
    again = all_text(
        thanks_view(
            "en", monday=MONDAY, prospects=1, meetings=0, target=None, streak=3, updated=True
        )
    )
    assert "Updated" in again and "3 weeks in a row 🔥" in again and "1 prospect," not in again
    assert "1 prospect and 0 meetings" in again
    nl = all_text(
        thanks_view(
            "nl", monday=MONDAY, prospects=12, meetings=2, target=10, streak=0, updated=True
        )
    )
    assert "Bijgewerkt" in nl and "2 afspraken" in nl and "gehaald" in nl


# --------------------------------------------------------------------------- commands


@pytest.mark.parametrize("lang", LANGS)
def test_command_replies(lang):
    for payload in (
        away_reply(lang, until=date(2027, 8, 15)),
        back_reply(lang),
        help_reply(lang),
        member_reply(lang, user_id="UANNA", added=True),
        member_reply(lang, user_id="UANNA", added=False),
    ):
        assert_message(payload)
    assert "2027" in away_reply(lang, until=date(2027, 8, 15))["text"]
    help_text = all_text(help_reply(lang))
    for form in ("/checkin away", "/checkin back", "/checkin add @anna", "/checkin remove @anna"):
        assert form in help_text
    added = member_reply(lang, user_id="UANNA", added=True)["text"]
    removed = member_reply(lang, user_id="UANNA", added=False)["text"]
    assert "<@UANNA>" in added and added != removed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "code, params, expected",
    [
        ("bad_date", {"text": EVIL}, ESCAPED),
        ("date_in_past", {"date": date(2027, 2, 15)}, "2027"),
        ("usage", {}, "/checkin away"),
        ("not_admin", {}, "admin"),
        ("no_user", {}, "/checkin add @anna"),
        ("unknown_user", {"user": "x"}, "/checkin add @anna"),
        ("too_far_back", {"week": date(2026, 1, 5)}, "/checkin"),
        ("something_new", {}, "/checkin away"),
    ],
)
def test_error_replies(lang, code, params, expected):
    payload = error_reply(error_text(lang, code, params))
    assert_message(payload)
    assert expected in payload["text"]


def test_bad_date_shows_the_away_form():
    assert "/checkin away until 2027-08-15" in error_text("en", "bad_date", {"text": "x"})
    assert "/checkin away tot 15 augustus 2027" in error_text("nl", "bad_date", {})


# --------------------------------------------------------------------------- digest


def rep(i: int, **overrides) -> RepWeek:
    base = dict(
        rep_id=f"U{i:04d}",
        checked_in=True,
        prospects=10,
        meetings=2,
        target=8,
        trend=[5, None, 9, 10],
        away=False,
    )
    base.update(overrides)
    return RepWeek(**base)


@pytest.mark.parametrize("lang", LANGS)
def test_digest_lines_and_obstacles(lang):
    reps = [
        rep(1, note=EVIL),
        rep(2, checked_in=False, prospects=None, meetings=None, trend=[None] * 4),
        rep(3, checked_in=False, prospects=None, meetings=None, away=True, trend=[]),
        rep(4, prospects=3, target=None, note="slow ERP"),
    ]
    obstacles = top_obstacles([(("deliveries", "no_leads"), ""), (("deliveries",), "")])
    payload = digest_dm(lang, monday=MONDAY, reps=reps, obstacles=obstacles, chart_attached=True)
    assert_message(payload)
    text = all_text(payload)
    assert "✅ <@U0001>" in text and "❌ <@U0002>" in text and "🌴 <@U0003>" in text
    assert "5 → – → 9 → 10" in text
    assert ESCAPED in text and "slow ERP" in text and "(2×)" in text
    assert ("2 of 3" if lang == "en" else "2 van 3") in payload["text"]  # the away rep not counted
    assert "📈" in text
    # Delivery follow-up (2) comes before no good leads (1)
    reasons = "Delivery follow-up" if lang == "en" else "Follow-up van leveringen"
    leads = "No good leads" if lang == "en" else "Geen goede leads"
    assert text.index(reasons) < text.index(leads)


def test_each_note_is_shown_once_under_its_rep_not_under_every_obstacle():
    """Anna named three reasons and wrote one note: the manager reads it once, beside Anna."""
    reps = [rep(1, note="Tender ate my week"), rep(2, note="")]
    obstacles = [
        ObstacleView("deliveries", 1),
        ObstacleView("implementation", 1),
        ObstacleView("internal", 1),
    ]
    payload = digest_dm("en", monday=MONDAY, reps=reps, obstacles=obstacles, chart_attached=False)
    text = all_text(payload)
    assert text.count("Tender ate my week") == 1
    anna = text.index("<@U0001>")
    assert anna < text.index("Tender ate my week") < text.index("<@U0002>")
    assert text.index("<@U0002>") < text.index("Delivery follow-up")
    # A rep who did not check in has no note to show, whatever is passed.
    missing = rep(3, checked_in=False, prospects=None, meetings=None, note="old note")
    assert "old note" not in all_text(
        digest_dm("en", monday=MONDAY, reps=[missing], obstacles=[], chart_attached=False)
    )


def test_digest_summary_in_english():
    reps = [rep(1), rep(2, checked_in=False, prospects=None, meetings=None)]
    payload = digest_dm("en", monday=MONDAY, reps=reps, obstacles=[], chart_attached=False)
    text = all_text(payload)
    assert "1 of 2 reps checked in" in text
    assert "10 prospects" in text and "(target 8 🎯)" in text
    assert "Nobody reported an obstacle" in text and "📈" not in text


def test_digest_with_sixty_reps_and_long_notes_stays_within_the_limits():
    reps = [rep(i, trend=[i, i + 1, None, i + 3], note=f"{EVIL} note {i} " * 40) for i in range(60)]
    obstacles = [
        ObstacleCount(reason, 60 - n, tuple(f"{EVIL} note {k} " * 40 for k in range(10)))
        for n, reason in enumerate(REASONS)
    ]
    for lang in LANGS:
        payload = digest_dm(
            lang, monday=MONDAY, reps=reps, obstacles=obstacles, chart_attached=True
        )
        assert_message(payload)
        assert "<@U0059>" in all_text(payload)


def test_digest_cuts_reps_that_do_not_fit():
    reps = [rep(i, rep_id=f"U{i:04d}" + "X" * 2900) for i in range(60)]
    payload = digest_dm("en", monday=MONDAY, reps=reps, obstacles=[], chart_attached=False)
    assert_message(payload)
    assert "…and" in all_text(payload)


def test_digest_without_reps_and_with_view_obstacles():
    payload = digest_dm(
        "nl",
        monday=MONDAY,
        reps=[],
        obstacles=[ObstacleView("internal", 1)],
        chart_attached=False,
    )
    assert_message(payload)
    assert "/checkin add @anna" in all_text(payload)
    assert "Interne vergaderingen" in all_text(payload)


# --------------------------------------------------------------------------- one line


def test_checkins_line():
    line = checkin_line(
        "en", monday=MONDAY, prospects=12, meetings=2, reasons=("no_leads",), note=f"hi {EVIL}\nx"
    )
    assert (
        line == f"Week 9: 12 prospects, 2 meetings · held back by: no good leads — “hi {ESCAPED} x”"
    )
    plain = checkin_line("nl", monday=MONDAY, prospects=1, meetings=1, reasons=(), note="  ")
    assert plain == "Week 9: 1 prospect, 1 afspraak"
    dutch = checkin_line(
        "nl", monday=MONDAY, prospects=0, meetings=0, reasons=("deliveries", "other"), note=""
    )
    assert "tegengehouden door: follow-up van leveringen, iets anders" in dutch


# --------------------------------------------------------------------------- chart

MONDAYS = [date(2027, 1, 11) + timedelta(weeks=n) for n in range(8)]
WEEKS = week_axis_labels(MONDAYS, "en")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["30 Nov", "7 Dec", "28 Dec", "4 Jan"]),
        ("nl", ["30 nov", "7 dec", "28 dec", "4 jan"]),
    ],
)
def test_chart_weeks_are_dates_people_read_not_iso_week_codes(lang, expected):
    mondays = [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 28), date(2027, 1, 4)]
    assert week_axis_labels(mondays, lang) == expected
    assert WEEKS[:2] == ["11 Jan", "18 Jan"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chart_is_a_small_png():
    data = outreach_chart(
        [("Anna", [3, 5, None, 8, 10, 9, None, 12], 8), ("Bob $5 <b>", [1] * 8, None)],
        WEEKS,
        title="Prospects per week",
        target_label="target (dashed)",
    )
    assert data.startswith(b"\x89PNG")
    assert png_size(data) == (800, 400)
    assert 2_000 < len(data) < 300_000


@pytest.mark.parametrize(
    "series, weeks",
    [
        ([], WEEKS),
        ([], []),
        ([("Anna", [None] * 8, 5), ("_hidden", [None] * 8, None)], WEEKS),
        ([("Short", [1, 2], None)], WEEKS),  # fewer values than weeks
    ],
)
def test_chart_edge_cases(series, weeks):
    data = outreach_chart(series, weeks, title="t", target_label="target")
    assert png_size(data) == (800, 400)


def test_chart_with_many_reps_keeps_its_size():
    series = [(f"Rep number {i} with a long name", [i % 7] * 8, i % 5 or None) for i in range(40)]
    data = outreach_chart(series, WEEKS, title="t", target_label="target")
    assert png_size(data) == (800, 400)
    assert len(data) < 300_000
