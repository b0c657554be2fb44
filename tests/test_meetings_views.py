"""The pure Block Kit builders of the fixed sales-meeting calendar (/meetings)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.formatting import format_day
from bot.domain.meetings import PlannedDate, generate_calendar, parse_plan_rule
from bot.i18n import LANGUAGES, MESSAGES, placeholders
from bot.views.blocks import error_reply
from bot.views.meetings import (
    ACTION_POLICY,
    ACTION_RULE,
    ACTION_YEAR,
    BLOCK_POLICY,
    BLOCK_RULE,
    BLOCK_YEAR,
    CANCEL_PLAN_ACTION,
    CONFIRM_PLAN_ACTION,
    PLAN_MODAL_CALLBACK,
    RATE_ACTION_PREFIX,
    SWITCH_POLICY_ACTION,
    MeetingLine,
    calendar_view,
    change_done_reply,
    error_text,
    help_reply,
    meeting_cancelled_notice,
    meeting_moved_notice,
    not_admin_reply,
    plan_confirmed_reply,
    plan_discarded_reply,
    plan_modal,
    plan_modal_values,
    plan_preview_message,
    rating_request_message,
    rating_thanks_reply,
    sparkline,
    year_calendar_message,
)
from tests.support.views import button_elements

TZ = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 11, 2)
EVIL = "<!channel> & <@U999>"
EVIL_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U999&gt;"

PLAN_CODES = [
    ("empty", {}),
    ("no_year", {}),
    ("year_in_past", {"year": 2025, "current": 2026}),
    ("year_too_far", {"year": 2031, "max": 2028}),
    ("no_frequency", {}),
    ("bad_interval", {"interval": 12, "max": 8}),
    ("no_weekday", {}),
    ("no_nth", {}),
    ("no_time", {}),
    ("bad_time", {"text": "25:99"}),
    ("bad_duration", {"minutes": 600, "min": 15, "max": 480}),
    ("unknown_words", {"words": "mondy, foo"}),
    ("bad_country", {"country": "XX"}),
]
MOVE_CANCEL_CODES = [
    ("bad_date", {"text": "32 mar"}),
    ("date_in_past", {"date": date(2026, 3, 8)}),
    ("move_usage", {}),
    ("cancel_usage", {}),
    ("no_reason", {}),
    ("no_meeting_on", {"date": date(2027, 3, 9)}),
    ("already_cancelled", {"date": date(2027, 3, 8)}),
    ("move_target_taken", {"date": date(2027, 3, 10)}),
    ("move_to_other_year", {}),
]


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2027, month, day, hour, 0, tzinfo=TZ)


def texts_of(message: dict) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def check_message_limits(message: dict) -> None:
    assert set(message) == {"text", "blocks"}
    assert message["text"] and len(message["text"]) < 4000
    assert 0 < len(message["blocks"]) <= 50
    block_ids = [b["block_id"] for b in message["blocks"] if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in message["blocks"]:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
        for element in block.get("elements", []):
            if element["type"] == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element["value"]) <= 2000


def sample_meetings() -> list[MeetingLine]:
    return [
        MeetingLine(1, at(1, 4), 60, "planned", rating=6.0, votes=5),
        MeetingLine(
            2,
            at(1, 19),
            60,
            "moved",
            original_starts_at=at(1, 18),
            reason=f"Trade fair {EVIL}",
            rating=8.0,
            votes=4,
        ),
        MeetingLine(3, at(2, 1), 60, "cancelled", reason=f"Flu {EVIL}"),
        MeetingLine(4, at(2, 15), 60, "planned"),  # held, nobody voted
        MeetingLine(5, at(3, 1), 60, "planned"),  # the next one
        MeetingLine(6, at(3, 15), 60, "planned"),
    ]


NOW = at(2, 20, 12)


def preview(lang: str, policy: str = "move", year_rule: str = "2027 every week on tuesday at 9"):
    rule = parse_plan_rule(year_rule, today=TODAY)
    calendar = generate_calendar(
        rule, tz=TZ, holiday_policy=policy, holidays_language="nl" if lang == "nl" else "en_US"
    )
    return plan_preview_message(
        lang,
        plan_id=42,
        year=2027,
        rule_text=rule.describe(lang),
        dates=calendar.dates,
        skipped=calendar.skipped,
        dropped_past=calendar.dropped_past,
        holiday_policy=policy,
        channel_id="CSALES",
    )


def all_messages(lang: str) -> dict[str, dict]:
    meetings = sample_meetings()
    return {
        "preview": preview(lang),
        "preview_skip": preview(lang, "skip"),
        "confirmed": plan_confirmed_reply(lang, year=2027, count=52, channel_id="CSALES"),
        "confirmed_one": plan_confirmed_reply(lang, year=2027, count=1, channel_id="CSALES"),
        "discarded": plan_discarded_reply(lang),
        "already": error_reply(error_text(lang, "already_confirmed", {"year": 2027})),
        "year_planned": error_reply(error_text(lang, "year_planned", {"year": 2027})),
        "error": error_reply(error_text(lang, "no_time", {})),
        "help_admin": help_reply(lang, is_admin=True),
        "help": help_reply(lang, is_admin=False),
        "not_admin": not_admin_reply(lang),
        "year_intro": year_calendar_message(
            lang, year=2027, meetings=meetings, rule_text="every 2 weeks", channel_intro=True
        ),
        "year_new": year_calendar_message(
            lang, year=2027, meetings=meetings, rule_text=None, channel_intro=False
        ),
        "view": calendar_view(lang, year=2027, meetings=meetings, next_meeting_id=5, now=NOW),
        "view_empty": calendar_view(lang, year=2028, meetings=[], next_meeting_id=None, now=NOW),
        "moved": meeting_moved_notice(
            lang,
            old_starts_at=at(3, 1),
            new_starts_at=at(3, 2),
            reason=f"Fair {EVIL}",
            by_user_id="UADMIN",
        ),
        "cancelled": meeting_cancelled_notice(
            lang,
            starts_at=at(3, 1),
            reason=f"Flu {EVIL}",
            by_user_id="UADMIN",
            items_moved=3,
            next_starts_at=at(3, 15),
        ),
        "done_moved": change_done_reply(
            lang, kind="moved", starts_at=at(3, 1), new_starts_at=at(3, 2)
        ),
        "done_cancelled": change_done_reply(
            lang, kind="cancelled", starts_at=at(3, 1), new_starts_at=None
        ),
        "rate": rating_request_message(lang, meeting_id=7, starts_at=at(3, 1)),
        "thanks": rating_thanks_reply(lang, score=8, changed=False),
        "thanks_changed": rating_thanks_reply(lang, score=9, changed=True),
    }


# --------------------------------------------------------------------------- catalogue


def test_meetings_texts_exist_in_both_languages_with_the_same_placeholders():
    keys = [key for key in MESSAGES if key.startswith("meetings.")]
    assert len(keys) > 60
    for key in keys:
        assert set(MESSAGES[key]) == set(LANGUAGES), key
        assert placeholders(MESSAGES[key]["en"]) == placeholders(MESSAGES[key]["nl"]), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_within_slack_limits(lang):
    for name, message in all_messages(lang).items():
        check_message_limits(message)
        assert "{" not in message["text"], name  # no placeholder left unformatted


def test_the_two_languages_really_differ():
    english, dutch = all_messages("en"), all_messages("nl")
    for name in english:
        assert texts_of(english[name]) != texts_of(dutch[name]), name
    assert "Sales meetings 2027" in english["view"]["text"]
    assert "Salesmeetings 2027" in dutch["view"]["text"]
    assert "ma 1 mrt" in texts_of(dutch["view"]) and "Mon 1 Mar" in texts_of(english["view"])


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reasons_are_escaped_everywhere(lang):
    for name in ("view", "moved", "cancelled"):
        rendered = texts_of(all_messages(lang)[name])
        assert EVIL_ESCAPED in rendered, name
        assert "<!channel>" not in rendered and "<@U999>" not in rendered, name


def test_the_admin_who_changed_a_meeting_is_mentioned():
    assert "<@UADMIN>" in texts_of(all_messages("en")["moved"])
    assert "<@UADMIN>" in texts_of(all_messages("nl")["cancelled"])


# --------------------------------------------------------------------------- the preview


@pytest.mark.parametrize("lang", LANGUAGES)
def test_preview_lists_every_date_and_the_channel(lang):
    message = preview(lang)
    text = texts_of(message)
    assert "2027" in text and "<#CSALES>" in text
    assert "52" in text  # 52 Tuesdays, King's Day moved to Wednesday
    tuesday = "Tue" if lang == "en" else "di"
    assert text.count(f"• {tuesday} ") == 51
    assert ("Tue 5 Jan, 09:00" if lang == "en" else "di 5 jan, 09:00") in text
    rule = "every week on Tuesday" if lang == "en" else "elke week op dinsdag"
    assert rule in text


@pytest.mark.parametrize(
    "lang, marker",
    [
        ("en", "Wed 28 Apr, 09:00 · _moved from Tue 27 Apr (King's Day)_"),
        ("nl", "wo 28 apr, 09:00 · _verplaatst van di 27 apr (Koningsdag)_"),
    ],
)
def test_preview_marks_a_meeting_moved_for_a_holiday(lang, marker):
    assert marker in texts_of(preview(lang))


@pytest.mark.parametrize(
    "lang, heading, day",
    [
        ("en", "Skipped because of a public holiday", "Tue 27 Apr (King's Day)"),
        ("nl", "Vervalt door een feestdag", "di 27 apr (Koningsdag)"),
    ],
)
def test_preview_lists_skipped_holidays(lang, heading, day):
    message = preview(lang, "skip")
    text = texts_of(message)
    assert heading in text and day in text
    assert "28 Apr" not in text and "28 apr" not in text  # not moved


def test_preview_buttons_carry_the_plan_id():
    message = preview("en")
    found = button_elements(message)
    assert [b["action_id"] for b in found] == [
        CONFIRM_PLAN_ACTION,
        SWITCH_POLICY_ACTION,
        CANCEL_PLAN_ACTION,
    ]
    assert {b["value"] for b in found} == {"42"}
    assert found[0]["style"] == "primary"
    assert found[1]["text"]["text"] == "Skip holidays instead"


def test_the_switch_button_offers_the_other_policy():
    skip = button_elements(preview("en", "skip"))
    assert skip[1]["text"]["text"] == "Move holidays to the next working day instead"
    assert button_elements(preview("nl", "skip"))[1]["text"]["text"].startswith(
        "Feestdagen liever naar"
    )


def test_no_switch_button_when_no_holiday_matters():
    # Thursdays at 14:00 in 2027 hit Ascension Day (6 May); Wednesdays hit no NL holiday.
    message = preview("en", year_rule="2027 every week on wednesday at 14:00")
    assert [b["action_id"] for b in button_elements(message)] == [
        CONFIRM_PLAN_ACTION,
        CANCEL_PLAN_ACTION,
    ]
    assert "moved from" not in texts_of(message) and "Skipped" not in texts_of(message)


def test_preview_mentions_dates_already_past():
    rule = parse_plan_rule("2027 every 2 weeks on monday at 9", today=TODAY)
    calendar = generate_calendar(rule, tz=TZ, not_before=at(7, 1))
    for lang, words in (("en", "already passed"), ("nl", "al voorbij")):
        message = plan_preview_message(
            lang,
            plan_id=1,
            year=2027,
            rule_text=rule.describe(lang),
            dates=calendar.dates,
            skipped=calendar.skipped,
            dropped_past=calendar.dropped_past,
            holiday_policy="move",
            channel_id="C1",
        )
        contexts = [b for b in message["blocks"] if b["type"] == "context"]
        assert len(contexts) == 1
        assert str(calendar.dropped_past) in contexts[0]["elements"][0]["text"]
        assert words in contexts[0]["elements"][0]["text"]


def test_preview_without_dates_offers_no_confirm():
    message = plan_preview_message(
        "en",
        plan_id=5,
        year=2027,
        rule_text="every month on the last Friday at 16:00 (60 minutes)",
        dates=[],
        skipped=[],
        dropped_past=12,
        holiday_policy="move",
        channel_id="C1",
    )
    check_message_limits(message)
    assert [b["action_id"] for b in button_elements(message)] == [CANCEL_PLAN_ACTION]
    assert "no meetings" in texts_of(message)


def test_preview_escapes_holiday_names_and_rule_text():
    planned = PlannedDate(at(4, 28), at(4, 28, 10), date(2027, 4, 27), "Day <x>")
    message = plan_preview_message(
        "en",
        plan_id=5,
        year=2027,
        rule_text=f"rule {EVIL}",
        dates=[planned],
        skipped=[(date(2027, 5, 5), "Fest <y>")],
        dropped_past=0,
        holiday_policy="move",
        channel_id="C1",
    )
    text = texts_of(message)
    assert "Day &lt;x&gt;" in text and "Fest &lt;y&gt;" in text and EVIL_ESCAPED in text
    assert "*1 meeting*" in text


# --------------------------------------------------------------------------- limits


def fridays_2027(reason: str) -> list[MeetingLine]:
    first = at(1, 1)  # 2027 has 53 Fridays
    meetings = []
    for week in range(53):
        starts_at = first + timedelta(weeks=week)
        status = ("planned", "moved", "cancelled")[week % 3]
        meetings.append(
            MeetingLine(
                id=week + 1,
                starts_at=starts_at,
                duration_minutes=60,
                status=status,
                original_starts_at=starts_at - timedelta(days=1) if status == "moved" else None,
                reason=reason if status != "planned" else None,
                rating=1 + (week % 10) if week < 30 else None,
                votes=3 if week < 30 else 0,
            )
        )
    assert len({m.starts_at.year for m in meetings}) == 1
    return meetings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_53_weekly_meetings_with_long_reasons_fit_one_message(lang):
    meetings = fridays_2027(EVIL * 200)
    for message in (
        calendar_view(lang, year=2027, meetings=meetings, next_meeting_id=31, now=at(7, 30)),
        year_calendar_message(
            lang, year=2027, meetings=meetings, rule_text="every week", channel_intro=True
        ),
    ):
        check_message_limits(message)
        text = texts_of(message)
        assert text.count("✓ ") + text.count("• ") + text.count("✗ ") + text.count("👉 ") == 53
        assert "<!channel>" not in text


def test_53_preview_dates_fit_one_message():
    rule = parse_plan_rule("2027 every week on friday at 9", today=TODAY)
    calendar = generate_calendar(rule, tz=TZ)
    assert len(calendar.dates) == 53
    message = plan_preview_message(
        "nl",
        plan_id=9,
        year=2027,
        rule_text=rule.describe("nl"),
        dates=calendar.dates,
        skipped=calendar.skipped,
        dropped_past=0,
        holiday_policy="move",
        channel_id="C1",
    )
    check_message_limits(message)
    assert texts_of(message).count("• ") == 53


def test_an_absurdly_long_list_is_cut_with_a_count():
    meetings = [
        MeetingLine(i, at(1, 1) + timedelta(hours=10 * i), 60, "cancelled", reason="x" * 300)
        for i in range(800)
    ]
    message = calendar_view("en", year=2027, meetings=meetings, next_meeting_id=None, now=NOW)
    check_message_limits(message)
    more = [
        b
        for b in message["blocks"]
        if b["type"] == "context" and "more" in texts_of({"blocks": [b]})
    ]
    assert len(more) == 1
    shown = texts_of(message).count("✗ ")
    assert shown < 800
    assert f"and {800 - shown} more" in more[0]["elements"][0]["text"]


# --------------------------------------------------------------------------- the calendar view


@pytest.mark.parametrize(
    "lang, next_line, held_line, not_rated",
    [
        (
            "en",
            "👉 *Mon 1 Mar, 09:00* · *next meeting*",
            "✓ Mon 4 Jan, 09:00 · ⭐ 6.0 (5 votes)",
            "✓ Mon 15 Feb, 09:00 · not rated",
        ),
        (
            "nl",
            "👉 *ma 1 mrt, 09:00* · *volgende meeting*",
            "✓ ma 4 jan, 09:00 · ⭐ 6,0 (5 stemmen)",
            "✓ ma 15 feb, 09:00 · geen beoordeling",
        ),
    ],
)
def test_view_highlights_the_next_meeting_and_marks_held_ones(
    lang, next_line, held_line, not_rated
):
    text = texts_of(all_messages(lang)["view"])
    assert next_line in text
    assert held_line in text
    assert not_rated in text
    assert text.count("👉") == 1
    assert ("• Mon 15 Mar, 09:00" if lang == "en" else "• ma 15 mrt, 09:00") in text


def test_view_shows_moved_and_cancelled_meetings_with_their_reason():
    text = texts_of(all_messages("en")["view"])
    assert f"moved from Mon 18 Jan, 09:00: Trade fair {EVIL_ESCAPED}" in text
    assert f"✗ ~Mon 1 Feb, 09:00~ · cancelled: Flu {EVIL_ESCAPED}" in text
    nl = texts_of(all_messages("nl")["view"])
    assert "verplaatst van ma 18 jan, 09:00" in nl and "~ma 1 feb, 09:00~ · afgelast" in nl


@pytest.mark.parametrize(
    "lang, record",
    [
        ("en", "As planned 4 · moved 1 · cancelled 1"),
        ("nl", "Zoals gepland 4 · verplaatst 1 · afgelast 1"),
    ],
)
def test_view_shows_the_record_of_the_year(lang, record):
    assert record in texts_of(all_messages(lang)["view"])


def test_view_shows_the_rating_trend():
    en = texts_of(all_messages("en")["view"])
    assert "▅▆" in en and "average 7.0" in en and "from 6.0 to 8.0" in en
    nl = texts_of(all_messages("nl")["view"])
    assert "gemiddeld 7,0" in nl and "van 6,0 naar 8,0" in nl


def test_view_without_ratings_says_so():
    meetings = [MeetingLine(1, at(1, 4), 60, "planned"), MeetingLine(2, at(1, 18), 60, "planned")]
    en = calendar_view("en", year=2027, meetings=meetings, next_meeting_id=2, now=at(1, 10))
    nl = calendar_view("nl", year=2027, meetings=meetings, next_meeting_id=2, now=at(1, 10))
    assert "No ratings yet" in texts_of(en) and "Nog geen beoordelingen" in texts_of(nl)


def test_view_of_a_year_without_calendar_tells_how_to_plan_it():
    en = texts_of(all_messages("en")["view_empty"])
    assert "no sales-meeting calendar for 2028" in en
    assert "`/meetings plan 2028 every 2 weeks on monday at 09:00`" in en
    nl = texts_of(all_messages("nl")["view_empty"])
    assert "`/meetings plan 2028 om de 2 weken op maandag om 09:00`" in nl


def test_ratings_round_half_up():
    meetings = [MeetingLine(1, at(1, 4), 60, "planned", rating=7.25, votes=4)]
    text = texts_of(
        calendar_view("en", year=2027, meetings=meetings, next_meeting_id=None, now=NOW)
    )
    assert "⭐ 7.3 (4 votes)" in text


# --------------------------------------------------------------------------- sparkline


def test_sparkline_scales_from_one_to_ten():
    assert sparkline([1, 10]) == "▁█"
    assert sparkline([1, 2.3, 3.6, 4.9, 6.1, 7.4, 8.7, 10]) == "▁▂▃▄▅▆▇█"
    assert sparkline([]) == ""


def test_sparkline_clamps_and_survives_a_flat_range():
    assert sparkline([-5, 0, 11, 99]) == "▁▁██"
    assert sparkline([3, 3], low=3, high=3) == "▁▁"
    assert sparkline([50], low=0, high=100) in ("▄", "▅")


# --------------------------------------------------------------------------- the channel posts


def test_year_calendar_intro_explains_fixed_dates_and_the_ics_file():
    en = texts_of(all_messages("en")["year_intro"])
    assert "are fixed" in en and "anchor" in en and "come prepared" in en
    assert ".ics" in en and "We meet every 2 weeks." in en
    assert "~Mon 1 Feb, 09:00~" in en
    assert "*5 meetings*" in en  # the cancelled one does not count
    assert "Flu" not in en  # reasons stay out of the yearly overview
    nl = texts_of(all_messages("nl")["year_intro"])
    assert "liggen vast" in nl and ".ics" in nl and "anker" in nl


def test_year_calendar_on_new_year():
    en = all_messages("en")["year_new"]
    assert "Happy new year" in en["text"]
    assert "anchor" not in texts_of(en) and ".ics" in texts_of(en)
    assert "Gelukkig nieuwjaar" in all_messages("nl")["year_new"]["text"]


def test_moved_notice_says_from_when_to_when():
    en = all_messages("en")["moved"]
    assert "Mon 1 Mar 2027, 09:00" in en["text"] and "Tue 2 Mar 2027, 09:00" in en["text"]
    assert "Fair" in texts_of(en)
    nl = all_messages("nl")["moved"]
    assert "ma 1 mrt 2027, 09:00" in nl["text"] and "verschuift naar" in nl["text"]


@pytest.mark.parametrize(
    "items, next_at, expected",
    [
        (3, at(3, 15), "3 agenda items move to the next sales meeting, on Mon 15 Mar 2027, 09:00"),
        (1, at(3, 15), "1 agenda item moves to the next sales meeting"),
        (2, None, "2 agenda items wait for the next sales meeting; none is planned yet"),
        (0, at(3, 15), "The next sales meeting is on Mon 15 Mar 2027, 09:00"),
    ],
)
def test_cancelled_notice_says_where_the_agenda_items_go(items, next_at, expected):
    message = meeting_cancelled_notice(
        "en",
        starts_at=at(3, 1),
        reason="Flu",
        by_user_id="U1",
        items_moved=items,
        next_starts_at=next_at,
    )
    check_message_limits(message)
    assert "cancelled" in message["text"]
    assert expected in texts_of(message)


def test_cancelled_notice_in_dutch():
    text = texts_of(all_messages("nl")["cancelled"])
    assert "is afgelast" in text and "3 agendapunten schuiven door" in text


def test_change_done_replies():
    assert "Moved" in all_messages("en")["done_moved"]["text"]
    assert "Tue 2 Mar 2027" in all_messages("en")["done_moved"]["text"]
    assert "Cancelled" in all_messages("en")["done_cancelled"]["text"]
    assert "channel has been told" in all_messages("en")["done_cancelled"]["text"]
    assert "afgelast" in all_messages("nl")["done_cancelled"]["text"]
    assert "verplaatst" in all_messages("nl")["done_moved"]["text"]


# --------------------------------------------------------------------------- ratings


def test_rating_request_has_ten_buttons_with_meeting_and_score():
    message = all_messages("en")["rate"]
    found = button_elements(message)
    assert [b["action_id"] for b in found] == [f"{RATE_ACTION_PREFIX}{s}" for s in range(1, 11)]
    assert [b["value"] for b in found] == [f"7:{s}" for s in range(1, 11)]
    assert [b["text"]["text"] for b in found] == [str(s) for s in range(1, 11)]
    assert "Mon 1 Mar 2027, 09:00" in message["text"]
    assert "change your vote" in texts_of(message)
    assert "wijzigen" in texts_of(all_messages("nl")["rate"])


def test_rating_thanks():
    assert "8" in all_messages("en")["thanks"]["text"]
    assert "changed to 9" in all_messages("en")["thanks_changed"]["text"]
    assert "gewijzigd naar 9" in all_messages("nl")["thanks_changed"]["text"]


# --------------------------------------------------------------------------- the modal


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plan_modal(lang):
    view = plan_modal(lang, channel_id="CSALES", year=2027)
    assert view["callback_id"] == PLAN_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {"channel_id": "CSALES", "lang": lang}
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [BLOCK_YEAR, BLOCK_RULE, BLOCK_POLICY]
    assert inputs[BLOCK_YEAR]["element"]["action_id"] == ACTION_YEAR
    assert inputs[BLOCK_YEAR]["element"]["initial_value"] == "2027"
    rule = inputs[BLOCK_RULE]["element"]
    assert rule["action_id"] == ACTION_RULE
    placeholder = rule["placeholder"]["text"]
    assert len(placeholder) <= 150
    # The example in the placeholder parses as a rule (with the year in front).
    parsed = parse_plan_rule(f"2027 {placeholder}", today=TODAY)
    assert (parsed.interval, parsed.weekday, parsed.duration_minutes) == (2, 0, 60)
    policy = inputs[BLOCK_POLICY]["element"]
    assert policy["action_id"] == ACTION_POLICY
    assert [o["value"] for o in policy["options"]] == ["move", "skip"]
    assert policy["initial_option"]["value"] == "move"
    assert "<#CSALES>" in texts_of(view)


def test_plan_modal_values():
    state = {
        BLOCK_YEAR: {ACTION_YEAR: {"type": "plain_text_input", "value": " 2027 "}},
        BLOCK_RULE: {ACTION_RULE: {"type": "plain_text_input", "value": "every monday at 9"}},
        BLOCK_POLICY: {
            ACTION_POLICY: {"type": "radio_buttons", "selected_option": {"value": "skip"}}
        },
    }
    assert plan_modal_values(state) == {
        "year": "2027",
        "rule": "every monday at 9",
        "policy": "skip",
    }


def test_plan_modal_values_missing_or_odd():
    state = {
        BLOCK_YEAR: {ACTION_YEAR: {"type": "plain_text_input", "value": None}},
        BLOCK_RULE: {ACTION_RULE: {"type": "plain_text_input", "value": "   "}},
        BLOCK_POLICY: {ACTION_POLICY: {"type": "radio_buttons", "selected_option": None}},
    }
    assert plan_modal_values(state) == {"year": None, "rule": None, "policy": None}
    assert plan_modal_values({}) == {"year": None, "rule": None, "policy": None}
    odd = {BLOCK_POLICY: {ACTION_POLICY: {"selected_option": {"value": "drop"}}}}
    assert plan_modal_values(odd)["policy"] is None


# --------------------------------------------------------------------------- errors and help


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code, params", PLAN_CODES)
def test_plan_errors_show_the_plan_form(lang, code, params):
    text = error_text(lang, code, params)
    assert "/meetings plan 2027" in text
    assert MESSAGES[f"meetings.error.{code}"][lang].split("{")[0].strip() in text
    for value in params.values():
        assert str(value) in text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code, params", MOVE_CANCEL_CODES)
def test_move_and_cancel_errors_show_the_right_form(lang, code, params):
    text = error_text(lang, code, params)
    assert f"meetings.error.{code}" in MESSAGES
    forms = {
        "move_usage": ["move"],
        "move_target_taken": ["move"],
        "move_to_other_year": ["move"],
        "cancel_usage": ["cancel"],
        "already_cancelled": ["cancel"],
    }.get(code, ["move", "cancel"])
    for form in ("move", "cancel"):
        assert (f"`/meetings {form} " in text) == (form in forms)
    for value in params.values():
        if isinstance(value, date):
            assert format_day(value, lang) in text
        else:
            assert value in text
    check_message_limits(error_reply(text))


def test_error_dates_are_formatted_per_language():
    params = {"date": date(2027, 3, 9)}
    assert "9 Mar 2027" in error_text("en", "no_meeting_on", params)
    assert "9 mrt 2027" in error_text("nl", "no_meeting_on", params)
    assert "9 mrt" in error_text("nl", "no_meeting_on", {"date": "9 mrt"})


@pytest.mark.parametrize("code", ["unknown_words", "bad_time", "bad_date", "bad_country"])
def test_user_text_in_errors_is_escaped(code):
    key = {"unknown_words": "words", "bad_country": "country"}.get(code, "text")
    for lang in LANGUAGES:
        text = error_text(lang, code, {key: EVIL})
        assert EVIL_ESCAPED in text
        assert "<!channel>" not in text


def test_errors_never_raise_on_missing_params_or_unknown_codes():
    for code, _ in PLAN_CODES + MOVE_CANCEL_CODES:
        for lang in LANGUAGES:
            assert error_text(lang, code, {})
    assert "/meetings help" in error_text("en", "something_new", {"x": 1})


def test_help_for_admins_shows_plan_move_cancel_with_examples_in_both_languages():
    en = texts_of(help_reply("en", is_admin=True))
    assert "`/meetings plan`" in en and "`/meetings move " in en and "`/meetings cancel " in en
    assert "every 2 weeks on monday" in en and "om de 2 weken op maandag" in en
    nl = texts_of(help_reply("nl", is_admin=True))
    assert "om de 2 weken op maandag" in nl and "every 2 weeks on monday" in nl


def test_help_for_others_only_shows_how_to_view():
    for lang in LANGUAGES:
        text = texts_of(help_reply(lang, is_admin=False))
        assert "`/meetings`" in text
        assert "/meetings move" not in text and "/meetings plan" not in text


def test_not_admin_reply_is_polite_and_points_to_viewing():
    en = not_admin_reply("en")["text"]
    assert "Only admins" in en and "`/meetings`" in en and "workspace admins" in en
    assert "Alleen admins" in not_admin_reply("nl")["text"]


def test_plan_replies_name_year_count_and_channel():
    en = all_messages("en")
    assert "52 sales meetings of 2027" in en["confirmed"]["text"]
    assert "<#CSALES>" in en["confirmed"]["text"]
    assert "The sales meeting of 2027 is planned" in en["confirmed_one"]["text"]
    assert "2027 is already planned" in en["year_planned"]["text"]
    assert "/meetings move" in en["year_planned"]["text"]
    assert "already planned" in en["already"]["text"] and "2027" in en["already"]["text"]
    assert "niets gepland" in all_messages("nl")["discarded"]["text"]


def test_every_rule_example_in_the_texts_really_parses():
    examples = []
    for key, entry in MESSAGES.items():
        if not key.startswith("meetings."):
            continue
        for template in entry.values():
            for span in re.findall(r"`([^`]+)`", template):
                if span.startswith("/meetings plan "):
                    examples.append(span.removeprefix("/meetings plan ").replace("{year}", "2027"))
                elif key == "meetings.help.admin" and not span.startswith("/"):
                    examples.append(f"2027 {span}")
    assert len(examples) >= 8
    for example in examples:
        assert parse_plan_rule(example, today=TODAY).year == 2027, example
