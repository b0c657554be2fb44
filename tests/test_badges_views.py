"""Streaks and badges as shown: the Home tab's section and the recap's line, in English and
Dutch, encouraging where there is nothing yet; and the rules for a week off."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.badges import Badge, excused, month_streak, streak_reached
from bot.views.badges import home_blocks, recap_line

Q4 = Badge("storyteller", 2, 2026, 4)


def home_text(lang: str, badges: list[Badge]) -> str:
    (block,) = home_blocks(lang, badges)
    return block["text"]["text"]


def test_home_shows_each_badge_and_progress():
    badges = [
        Badge("first_of_year", 1, 2027),
        Badge("streak", 4, 2027),
        Badge("every_checkin", 7, 2027, 1, 8, earned=False),
        Badge("every_checkin", 12, 2026, 4, 12),
        Q4,
    ]
    assert home_text("en", badges).splitlines() == [
        "*🏅 Your badges*",
        "🥇 Your first new client of 2027, in January",
        "🔥 Streak: 4 months in a row with a new client",
        "✅ Check-ins in Q1 2027 so far: 7 of 8 weeks",
        "✅ Every weekly check-in of Q4 2026",
        "📖 Most success stories at the sales meetings in Q4 2026 (2 stories)",
    ]
    dutch = home_text("nl", badges)
    assert "🥇 Je eerste nieuwe klant van 2027, in januari" in dutch
    assert "7 van 8 weken" in dutch


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_rep_without_badges_is_encouraged_not_shown_a_zero(lang):
    text = home_text(lang, [])
    assert "💪" in text and "0" not in text


def test_a_streak_on_its_way_says_what_earns_the_badge():
    assert home_text("en", [Badge("streak", 1, 2027, earned=False)]).endswith(
        "🔥 A new client this month or last: 3 months in a row earn the streak badge"
    )
    assert "🔥 2 maanden op rij een nieuwe klant: 3 op rij" in home_text(
        "nl", [Badge("streak", 2, 2027, earned=False)]
    )


def test_the_recap_line_names_reps_per_badge():
    earned = [
        ("UANNA", Badge("first_of_year", 1, 2027)),
        ("UBEN", Badge("first_of_year", 1, 2027)),
        ("UCARL", Badge("streak", 3, 2027)),
        ("UANNA", Q4),
        ("UCARL", Q4),
    ]
    assert recap_line("en", earned) == "\n".join(
        [
            "🏅 *New badges*",
            "🥇 First new client of 2027: <@UANNA> and <@UBEN>",
            "🔥 3 months in a row with a new client: <@UCARL>",
            "📖 Most success stories at the sales meetings in Q4 2026 (2 stories): "
            "<@UANNA> and <@UCARL>",
        ]
    )
    assert "<@UANNA> en <@UBEN>" in (recap_line("nl", earned) or "")
    assert recap_line("en", []) is None


def test_streaks_count_months_in_a_row():
    months = [date(2026, 10, 3), date(2026, 11, 30), date(2026, 12, 1), date(2027, 2, 1)]
    assert month_streak(months, this_month=date(2026, 12, 15)) == 3
    assert month_streak(months, this_month=date(2027, 1, 15)) == 3  # January is not over
    assert month_streak(months, this_month=date(2027, 3, 1)) == 1
    assert streak_reached(months, month=date(2026, 12, 1)) == 3
    assert streak_reached(months, month=date(2026, 11, 1)) is None


def test_a_week_is_excused_when_its_prompt_was_skipped_or_all_its_working_days_are_off():
    assert excused(date(2026, 2, 16), skipped=(), holidays_country="CN")
    assert not excused(date(2026, 3, 30), skipped=(), holidays_country="NL")  # Good Friday
    assert excused(date(2026, 3, 30), skipped={date(2026, 3, 30)}, holidays_country="NL")
    assert not excused(date(2026, 3, 30), skipped={date(2026, 3, 23)}, holidays_country="NL")
