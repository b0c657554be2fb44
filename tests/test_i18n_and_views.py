"""The translation catalogue and the pure Block Kit builders."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.domain.formatting import format_money
from bot.domain.wins import Milestone, is_team_milestone, milestone_for
from bot.i18n import LANGUAGES, MESSAGES, language_of, placeholders, t
from bot.views.home import HomeWin, home_view
from bot.views.text import escape
from bot.views.wins import (
    WON_VIA,
    CelebrationInput,
    celebration_message,
    error_message,
    help_message,
    newclient_modal,
)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_text_exists_in_english_and_dutch_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES)
    assert placeholders(entry["en"]) == placeholders(entry["nl"])
    assert entry["en"].strip() and entry["nl"].strip()


@pytest.mark.parametrize(
    "locale, expected",
    [
        ("nl-NL", "nl"),
        ("nl-BE", "nl"),
        ("nl_BE", "nl"),
        ("en-US", "en"),
        ("fr-FR", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_of_slack_locales(locale, expected):
    assert language_of(locale, "en") == expected


def test_unknown_locale_falls_back_to_the_team_language():
    assert language_of("de-DE", "nl") == "nl"


def test_escape_only_the_three_characters():
    assert (
        escape("<!channel> & <@U1> *bold* _it_") == "&lt;!channel&gt; &amp; &lt;@U1&gt; *bold* _it_"
    )


@pytest.mark.parametrize(
    "cents, currency, lang, expected",
    [
        (2_500_000, "EUR", "en", "€25,000"),
        (2_500_000, "EUR", "nl", "€\xa025.000"),
        (125_050, "EUR", "nl", "€\xa01.250,50"),
        (125_050, "USD", "en", "US$1,250.50"),
        (100, "GBP", "en", "£1"),
    ],
)
def test_money_is_formatted_for_the_locale(cents, currency, lang, expected):
    assert format_money(cents, currency, lang) == expected


@pytest.mark.parametrize(
    "n, expected",
    [
        (9, False),
        (10, True),
        (25, True),
        (26, False),
        (50, True),
        (100, True),
        (1500, True),
        (1501, False),
    ],
)
def test_team_milestones(n, expected):
    assert is_team_milestone(n) is expected


def test_the_rarest_milestone_wins():
    assert (
        milestone_for(rep_count_year=1, team_count_year=10, biggest_deal_so_far=True).kind == "team"
    )
    assert (
        milestone_for(rep_count_year=1, team_count_year=3, biggest_deal_so_far=True).kind
        == "biggest"
    )
    assert (
        milestone_for(rep_count_year=1, team_count_year=3, biggest_deal_so_far=False).kind
        == "first"
    )
    assert not milestone_for(rep_count_year=2, team_count_year=3, biggest_deal_so_far=False).big


def celebration(**overrides) -> CelebrationInput:
    base = dict(
        win_id=7,
        rep_id="UANNA",
        client="Acme",
        year=2027,
        rep_count_year=2,
        team_count_year=3,
        milestone=Milestone("none", 3),
    )
    base.update(overrides)
    return CelebrationInput(**base)


def test_celebration_limits_and_stability():
    data = celebration(
        story="x" * 5000,
        congratulators=[f"U{i}" for i in range(60)],
        value="€25,000",
        segment="<retail>",
        won_via="referral",
    )
    message = celebration_message(data, "en")
    assert len(message["blocks"]) <= 50
    for block in message["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
    assert "+20" in json.dumps(message["blocks"])
    assert "&lt;retail&gt;" in json.dumps(message["blocks"])
    # Re-rendering (after a congratulation) keeps the same wording.
    assert celebration_message(data, "en")["blocks"][1] == message["blocks"][1]


def test_cheer_lines_vary_between_wins():
    lines = {
        celebration_message(celebration(win_id=i), "en")["blocks"][1]["text"]["text"]
        for i in range(12)
    }
    assert len(lines) == 6


def test_modal_lists_every_way_of_winning_in_both_languages():
    for lang in LANGUAGES:
        view = newclient_modal(lang, channel="C1")
        options = next(b for b in view["blocks"] if b.get("block_id") == "won_via")["element"][
            "options"
        ]
        assert [o["value"] for o in options] == list(WON_VIA)
        assert len(view["blocks"]) <= 100
        assert len(view["title"]["text"]) <= 24


def test_help_and_error_show_the_right_form():
    assert "/newclient Acme Corp 25k" in json.dumps(help_message("en", "C1"))
    assert "/newclient Acme BV 25k" in json.dumps(error_message("nl", t("error.empty", "nl")))


def test_home_view_without_wins():
    view = home_view("nl", year=2027, rep_count=0, team_count=0, mine=[], team=[])
    assert "Dit jaar nog geen" in json.dumps(view, ensure_ascii=False)
    view = home_view(
        "en",
        year=2027,
        rep_count=1,
        team_count=1,
        mine=[HomeWin("A&B", "U1", None, date(2027, 3, 8))],
        team=[],
    )
    assert "A&amp;B" in json.dumps(view) and "8 Mar 2027" in json.dumps(view)


# Every counted text comes in the forms Babel's plural rules ask for (en and nl: one, other).
PLURAL_KEYS = sorted(
    key.rsplit(".", 1)[0]
    for key in MESSAGES
    if key.endswith(".one") and key.removesuffix(".one") + ".other" in MESSAGES
)


@pytest.mark.parametrize("base", PLURAL_KEYS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_plural_texts_follow_babels_rules_for_0_1_and_2(base, lang):
    from bot.views.text import plural

    assert f"{base}.one" in MESSAGES and f"{base}.other" in MESSAGES, base
    params = {name: "X" for name in placeholders(MESSAGES[f"{base}.other"]["en"])} | {
        name: "X" for name in placeholders(MESSAGES[f"{base}.one"]["en"])
    }
    params.pop("count", None)
    one = t(f"{base}.one", lang, count=1, **params)
    assert plural(base, lang, 1, **params) == one
    for count in (0, 2):
        shown = plural(base, lang, count, **params)
        assert shown == t(f"{base}.other", lang, count=count, **params)
        assert shown != one


def test_no_count_form_outside_babels_names():
    assert not [key for key in MESSAGES if key.endswith(".many")]
