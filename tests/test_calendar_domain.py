"""Tests for the meetings' rule and calendar: ``/meetings plan <rule>`` parsing (bot.domain.meetings
and .recurrence), typed days (.days), working days (.workdays) and the year's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.days import WEEKDAY_NAMES, CalendarError, parse_day
from bot.domain.meetings import (
    DEFAULT_DURATION,
    CalendarPreview,
    PlannedDate,
    PlanRule,
    generate_calendar,
    parse_plan_rule,
)
from bot.domain.recurrence import MAX_DURATION, MIN_DURATION
from bot.domain.workdays import first_working_day, is_working_day

TODAY = date(2026, 6, 1)
AMS = ZoneInfo("Europe/Amsterdam")
BRU = ZoneInfo("Europe/Brussels")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def weekly(
    weekday: int, at: time, interval: int = 1, minutes: int = 60, year: int = 2027
) -> PlanRule:
    return PlanRule("weekly", interval, weekday, None, at, minutes, year=year)


def monthly(
    nth: int, weekday: int, at: time, interval: int = 1, minutes: int = 60, year: int = 2027
) -> PlanRule:
    return PlanRule("monthly", interval, weekday, nth, at, minutes, year=year)


def days(*isos: str) -> list[date]:
    return [date.fromisoformat(iso) for iso in isos]


# ------------------------------------------------------------------------ weekday names


@pytest.mark.parametrize(
    ("name", "weekday"),
    [
        ("monday", MON),
        ("mon", MON),
        ("maandag", MON),
        ("ma", MON),
        ("tuesday", TUE),
        ("tue", TUE),
        ("tues", TUE),
        ("dinsdag", TUE),
        ("di", TUE),
        ("wednesday", WED),
        ("wed", WED),
        ("woensdag", WED),
        ("wo", WED),
        ("thursday", THU),
        ("thu", THU),
        ("thurs", THU),
        ("donderdag", THU),
        ("do", THU),
        ("friday", FRI),
        ("fri", FRI),
        ("vrijdag", FRI),
        ("vr", FRI),
        ("saturday", SAT),
        ("sat", SAT),
        ("zaterdag", SAT),
        ("za", SAT),
        ("sunday", SUN),
        ("sun", SUN),
        ("zondag", SUN),
        ("zo", SUN),
    ],
)
def test_weekday_names(name: str, weekday: int) -> None:
    assert WEEKDAY_NAMES[name] == weekday


def test_weekday_names_are_lower_case() -> None:
    assert all(name == name.lower() for name in WEEKDAY_NAMES)


# ------------------------------------------------------------------------ rule parsing

RULES_EN = [
    # the forms from the brief
    ("2027 every 2 weeks on monday at 09:00", weekly(MON, time(9), 2)),
    ("2027 every week on tuesday at 9:30", weekly(TUE, time(9, 30))),
    ("2027 every other week on friday at 8:00", weekly(FRI, time(8), 2)),
    ("2027 weekly on monday at 9:00", weekly(MON, time(9))),
    ("2027 every month on the first tuesday at 09:00", monthly(1, TUE, time(9))),
    ("2027 every month on the last friday at 16:00", monthly(-1, FRI, time(16))),
    ("2027 monthly on the second wednesday at 10:00", monthly(2, WED, time(10))),
    ("2027 every 2 months on the first monday at 9:00", monthly(1, MON, time(9), 2)),
    # durations
    ("2027 every week on monday at 9:00 for 60 minutes", weekly(MON, time(9))),
    ("2027 every week on monday at 9:00 for 90 min", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday at 9:00 for 1 hour", weekly(MON, time(9), minutes=60)),
    ("2027 every week on monday at 9:00 for 1.5 hours", weekly(MON, time(9), minutes=90)),
    ("2027 for 45 minutes every week on monday at 9:00", weekly(MON, time(9), minutes=45)),
    ("2027 every week for 2 hours on monday at 9:00", weekly(MON, time(9), minutes=120)),
    ("2027 every week on monday at 9 for 90", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday at 9 for 90min", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday at 9 for 2h", weekly(MON, time(9), minutes=120)),
    ("2027 every week on monday at 9 for 1h30", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday at 9 for an hour", weekly(MON, time(9), minutes=60)),
    ("2027 every week on monday at 9 for half an hour", weekly(MON, time(9), minutes=30)),
    ("2027 every week on monday at 9 for 1 hour 15 minutes", weekly(MON, time(9), minutes=75)),
    ("2027 every week on monday at 9 for 1 hour and 30 min", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday at 9 for 15 minutes", weekly(MON, time(9), minutes=15)),
    ("2027 every week on monday at 9 for 8 hours", weekly(MON, time(9), minutes=480)),
    # times
    ("2027 every week on monday at 9am", weekly(MON, time(9))),
    ("2027 every week on monday at 2pm", weekly(MON, time(14))),
    ("2027 every week on monday at 2:30pm", weekly(MON, time(14, 30))),
    ("2027 every week on monday at 9 am", weekly(MON, time(9))),
    ("2027 every week on monday at 9 p.m.", weekly(MON, time(21))),
    ("2027 every week on monday at 12am", weekly(MON, time(0))),
    ("2027 every week on monday at 12pm", weekly(MON, time(12))),
    ("2027 every week on monday at 14:30", weekly(MON, time(14, 30))),
    ("2027 every week on monday at 14.30", weekly(MON, time(14, 30))),
    ("2027 every week on monday at 9", weekly(MON, time(9))),
    ("2027 every week on monday at 0930", weekly(MON, time(9, 30))),
    ("2027 every week on monday at 0:00", weekly(MON, time(0))),
    ("2027 every week on monday at 23:59", weekly(MON, time(23, 59))),
    ("2027 every week on monday @ 9:00", weekly(MON, time(9))),
    ("2027 every week on monday 9:00", weekly(MON, time(9))),
    ("2027 every week on monday at 9 o'clock", weekly(MON, time(9))),
    # a time range gives the duration
    ("2027 every week on monday at 9:00-10:30", weekly(MON, time(9), minutes=90)),
    ("2027 every week on monday 9:00-10:00", weekly(MON, time(9))),
    ("2027 every week on monday from 9:00 to 9:45", weekly(MON, time(9), minutes=45)),
    ("2027 every week on monday from 9 until 11", weekly(MON, time(9), minutes=120)),
    ("2027 every week on monday at 9:00 - 10:00", weekly(MON, time(9))),
    # frequencies
    ("2027 every 3 weeks on thursday at 9", weekly(THU, time(9), 3)),
    ("2027 every three weeks on thursday at 9", weekly(THU, time(9), 3)),
    ("2027 every 1 week on thursday at 9", weekly(THU, time(9))),
    ("2027 every 8 weeks on thursday at 9", weekly(THU, time(9), 8)),
    ("2027 every second week on thursday at 9", weekly(THU, time(9), 2)),
    ("2027 each week on thursday at 9", weekly(THU, time(9))),
    ("2027 biweekly on thursday at 9", weekly(THU, time(9), 2)),
    ("2027 fortnightly on thursday at 9", weekly(THU, time(9), 2)),
    ("2027 every monday at 9", weekly(MON, time(9))),
    ("2027 every other monday at 9", weekly(MON, time(9), 2)),
    ("2027 every 2 mondays at 9", weekly(MON, time(9), 2)),
    ("2027 on mondays every week at 9", weekly(MON, time(9))),
    ("2027 every 6 months on the last friday at 16:00", monthly(-1, FRI, time(16), 6)),
    ("2027 every month on the 1st tuesday at 9", monthly(1, TUE, time(9))),
    ("2027 every month on the third thursday at 9", monthly(3, THU, time(9))),
    ("2027 every month on the 4th thursday at 9", monthly(4, THU, time(9))),
    ("2027 monthly on the first tuesday of the month at 9", monthly(1, TUE, time(9))),
    ("2027 every first tuesday of the month at 9", monthly(1, TUE, time(9))),
    ("2027 every last friday of every month at 16:00", monthly(-1, FRI, time(16))),
    ("2027 every first tuesday at 9", monthly(1, TUE, time(9))),
    ("2027 every second tuesday at 9", monthly(2, TUE, time(9))),
    ("2027 on the last friday at 16:00", monthly(-1, FRI, time(16))),  # ordinal: monthly
    # layout: order, case, commas, abbreviations, the "plan" word, the year last
    ("2027, every 2 weeks, on monday, at 09:00", weekly(MON, time(9), 2)),
    ("  2027   EVERY 2 Weeks ON Monday   AT 09:00  ", weekly(MON, time(9), 2)),
    ("2027 every 2 weeks on mon at 09:00.", weekly(MON, time(9), 2)),
    ("2027 every week on tues at 9", weekly(TUE, time(9))),
    ("plan 2027 every 2 weeks on monday at 09:00", weekly(MON, time(9), 2)),
    ("every 2 weeks on monday at 09:00 in 2027", weekly(MON, time(9), 2)),
    ("every 2 weeks on monday at 09:00 2027", weekly(MON, time(9), 2)),
    ("at 09:00 on monday every 2 weeks in 2027", weekly(MON, time(9), 2)),
    ("2026 every week on monday at 9", weekly(MON, time(9), year=2026)),  # the current year
    ("2028 every week on monday at 9", weekly(MON, time(9), year=2028)),  # two years ahead
    # describe() output parses back
    ("2027 every 2 weeks on Monday at 09:00 (60 minutes)", weekly(MON, time(9), 2)),
    (
        "2027 every month on the first Tuesday at 09:30 (45 minutes)",
        monthly(1, TUE, time(9, 30), minutes=45),
    ),
]

RULES_NL = [
    # the forms from the brief
    ("2027 elke 2 weken op maandag om 09:00", weekly(MON, time(9), 2)),
    ("2027 iedere week op dinsdag om 9:30", weekly(TUE, time(9, 30))),
    ("2027 om de week op vrijdag om 8:00", weekly(FRI, time(8), 2)),
    ("2027 wekelijks op maandag om 9u", weekly(MON, time(9))),
    ("2027 wekelijks op maandag om 9u30", weekly(MON, time(9, 30))),
    ("2027 elke maand op de eerste dinsdag om 09:00", monthly(1, TUE, time(9))),
    ("2027 maandelijks op de laatste vrijdag om 16:00", monthly(-1, FRI, time(16))),
    # durations
    ("2027 elke week op maandag om 9u voor 60 minuten", weekly(MON, time(9))),
    ("2027 elke week op maandag om 9u gedurende 90 min", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag om 9u voor 1 uur", weekly(MON, time(9), minutes=60)),
    ("2027 elke week op maandag om 9u voor 1,5 uur", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag om 9u voor een uur", weekly(MON, time(9), minutes=60)),
    ("2027 elke week op maandag om 9u voor een half uur", weekly(MON, time(9), minutes=30)),
    ("2027 elke week op maandag om 9u voor anderhalf uur", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag om 9u voor 2 uren", weekly(MON, time(9), minutes=120)),
    ("2027 elke week op maandag om 9u voor 1u30", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag om 9u voor 1 uur en 30 minuten", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag om 9u voor 45 minuten", weekly(MON, time(9), minutes=45)),
    # times
    ("2027 elke week op maandag om 9 uur", weekly(MON, time(9))),
    ("2027 elke week op maandag om 14u15", weekly(MON, time(14, 15))),
    ("2027 elke week op maandag om 9h30", weekly(MON, time(9, 30))),
    ("2027 elke week op maandag om 14.30", weekly(MON, time(14, 30))),
    ("2027 elke week op maandag om 14", weekly(MON, time(14))),
    ("2027 elke week op maandag 9u30", weekly(MON, time(9, 30))),
    ("2027 elke week op maandag van 9u tot 10u30", weekly(MON, time(9), minutes=90)),
    ("2027 elke week op maandag vanaf 9:00 tot 10:00", weekly(MON, time(9))),
    # frequencies
    ("2027 om de 2 weken op maandag om 9u", weekly(MON, time(9), 2)),
    ("2027 om de drie weken op maandag om 9u", weekly(MON, time(9), 3)),
    ("2027 om de andere week op maandag om 9u", weekly(MON, time(9), 2)),
    ("2027 om de andere maandag om 9u", weekly(MON, time(9), 2)),
    ("2027 tweewekelijks op maandag om 9u", weekly(MON, time(9), 2)),
    ("2027 elke twee weken op maandag om 9u", weekly(MON, time(9), 2)),
    ("2027 ieder week op maandag om 9u", weekly(MON, time(9))),
    ("2027 elke maandag om 9u", weekly(MON, time(9))),
    ("2027 iedere vrijdag om 16u", weekly(FRI, time(16))),
    ("2027 op maandagen elke week om 9u", weekly(MON, time(9))),
    ("2027 om de maand op de eerste maandag om 9u", monthly(1, MON, time(9), 2)),
    ("2027 om de 3 maanden op de eerste maandag om 9u", monthly(1, MON, time(9), 3)),
    ("2027 tweemaandelijks op de eerste maandag om 9u", monthly(1, MON, time(9), 2)),
    ("2027 elke maand op de 1e dinsdag om 9u", monthly(1, TUE, time(9))),
    ("2027 elke maand op de 2de dinsdag om 9u", monthly(2, TUE, time(9))),
    ("2027 elke maand op de derde dinsdag om 9u", monthly(3, TUE, time(9))),
    ("2027 elke maand op de vierde dinsdag om 9u", monthly(4, TUE, time(9))),
    ("2027 elke maand op de tweede woensdag om 10u", monthly(2, WED, time(10))),
    ("2027 elke eerste dinsdag van de maand om 9 uur", monthly(1, TUE, time(9))),
    ("2027 elke laatste vrijdag van elke maand om 16u", monthly(-1, FRI, time(16))),
    ("2027 maandelijks op de laatste vrijdag van de maand om 16u", monthly(-1, FRI, time(16))),
    # layout and abbreviations
    ("2027 elke week op ma om 9u", weekly(MON, time(9))),
    ("2027 elke week op di. om 9u", weekly(TUE, time(9))),
    ("2027 elke week op do om 9u", weekly(THU, time(9))),
    ("2027 elke week op vr om 9u", weekly(FRI, time(9))),
    ("2027, Elke 2 Weken, op Maandag, om 09:00", weekly(MON, time(9), 2)),
    ("elke 2 weken op maandag om 09:00 in 2027", weekly(MON, time(9), 2)),
    ("plan 2027 elke 2 weken op maandag om 09:00", weekly(MON, time(9), 2)),
    # describe() output parses back
    ("2027 om de 2 weken op maandag om 09:00 (60 minuten)", weekly(MON, time(9), 2)),
    (
        "2027 elke maand op de eerste dinsdag om 09:30 (90 minuten)",
        monthly(1, TUE, time(9, 30), minutes=90),
    ),
]


@pytest.mark.parametrize(("text", "expected"), RULES_EN)
def test_parse_plan_rule_english(text: str, expected: PlanRule) -> None:
    assert parse_plan_rule(text, today=TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), RULES_NL)
def test_parse_plan_rule_dutch(text: str, expected: PlanRule) -> None:
    assert parse_plan_rule(text, today=TODAY) == expected


def test_default_duration() -> None:
    rule = parse_plan_rule("2027 every week on monday at 9", today=TODAY)
    assert rule.duration_minutes == DEFAULT_DURATION == 60


PARSE_ERRORS = [
    # empty
    ("", "empty", {}),
    ("   ", "empty", {}),
    ("plan", "empty", {}),
    # year
    ("every week on monday at 9", "no_year", {}),
    ("elke week op maandag om 9u", "no_year", {}),
    ("2025 every week on monday at 9", "year_in_past", {"year": 2025, "current": 2026}),
    ("1999 elke week op maandag om 9u", "year_in_past", {"year": 1999, "current": 2026}),
    ("2029 every week on monday at 9", "year_too_far", {"year": 2029, "max": 2028}),
    ("2100 every week on monday at 9", "year_too_far", {"year": 2100, "max": 2028}),
    # frequency
    ("2027 on monday at 9", "no_frequency", {}),
    ("2027 op maandag om 9u", "no_frequency", {}),
    ("2027 every 0 weeks on monday at 9", "bad_interval", {"interval": 0, "max": 8}),
    ("2027 every 9 weeks on monday at 9", "bad_interval", {"interval": 9, "max": 8}),
    ("2027 om de 12 weken op maandag om 9u", "bad_interval", {"interval": 12, "max": 8}),
    ("2027 every 7 months on the first monday at 9", "bad_interval", {"interval": 7, "max": 6}),
    # weekday
    ("2027 every week at 9", "no_weekday", {}),
    ("2027 elke maand om 9u", "no_weekday", {}),
    ("2027 every month on monday at 9", "no_nth", {}),
    ("2027 maandelijks op dinsdag om 9u", "no_nth", {}),
    # time
    ("2027 every week on monday", "no_time", {}),
    ("2027 elke week op maandag voor 60 minuten", "no_time", {}),
    ("2027 every week on monday at 25:00", "bad_time", {"text": "25:00"}),
    ("2027 every week on monday at 24:00", "bad_time", {"text": "24:00"}),
    ("2027 every week on monday at 9:75", "bad_time", {"text": "9:75"}),
    ("2027 every week on monday at 9:5", "bad_time", {"text": "9:5"}),
    ("2027 every week on monday at 13pm", "bad_time", {"text": "13pm"}),
    ("2027 every week on monday at 0 am", "bad_time", {"text": "0 am"}),
    ("2027 every week on monday at 25", "bad_time", {"text": "25"}),
    ("2027 every week on monday 25:00", "bad_time", {"text": "25:00"}),
    ("2027 every week on monday at 9:00-25:00", "bad_time", {"text": "9:00-25:00"}),
    ("2027 elke week op maandag om 25u", "bad_time", {"text": "25u"}),
    ("2027 elke week op maandag om 9u75", "bad_time", {"text": "9u75"}),
    ("2027 elke week op maandag om 30 uur", "bad_time", {"text": "30 uur"}),
    # duration
    (
        "2027 every week on monday at 9 for 10 minutes",
        "bad_duration",
        {"minutes": 10, "min": 15, "max": 480},
    ),
    (
        "2027 every week on monday at 9 for 9 hours",
        "bad_duration",
        {"minutes": 540, "min": 15, "max": 480},
    ),
    (
        "2027 every week on monday at 9 for 0 min",
        "bad_duration",
        {"minutes": 0, "min": 15, "max": 480},
    ),
    ("2027 every week on monday at 9 for 5", "bad_duration", {"minutes": 5, "min": 15, "max": 480}),
    (
        "2027 every week on monday at 9:00-9:10",
        "bad_duration",
        {"minutes": 10, "min": 15, "max": 480},
    ),
    (
        "2027 every week on monday from 10:00 to 9:00",
        "bad_duration",
        {"minutes": -60, "min": 15, "max": 480},
    ),
    (
        "2027 elke week op maandag om 9u voor 10 uur",
        "bad_duration",
        {"minutes": 600, "min": 15, "max": 480},
    ),
    # words that are not understood are listed, in the user's spelling
    ("2027 every week on monday at 9 please", "unknown_words", {"words": "please"}),
    ("2027 every week on Mondy at 9", "unknown_words", {"words": "on, Mondy"}),
    ("2027 every 2 weks on monday at 9", "unknown_words", {"words": "every, 2, weks"}),
    ("2027 every week on monday and thursday at 9", "unknown_words", {"words": "and, thursday"}),
    ("2027 every week on monday at 9 on friday", "unknown_words", {"words": "on, friday"}),
    ("2027 every week on monday at 9 at 10", "unknown_words", {"words": "at, 10"}),
    (
        "2027 every week on monday at 9 for 1 hour for 2 hours",
        "unknown_words",
        {"words": "for, 2, hours"},
    ),
    ("2027 2028 every week on monday at 9", "unknown_words", {"words": "2028"}),
    ("2027 every week every month on monday at 9", "unknown_words", {"words": "every, month"}),
    ("2027 every week on monday at noon", "unknown_words", {"words": "at, noon"}),
    ("2027 every 2 weeks on the first monday at 9", "unknown_words", {"words": "first"}),
    ("2027 every week on the Last friday at 9", "unknown_words", {"words": "Last"}),
    ("2027 every month on the fifth monday at 9", "unknown_words", {"words": "on, the, fifth"}),
    ("2027 bimonthly on the first monday at 9", "unknown_words", {"words": "bimonthly"}),
    ("2027 every day at 9", "unknown_words", {"words": "every, day"}),
    ("2027 elke week op maandag om 9u ofzo", "unknown_words", {"words": "ofzo"}),
    ("2027 om de dag om 9u", "unknown_words", {"words": "om, de, dag"}),
    ("2027 elke week op maandag en donderdag om 9u", "unknown_words", {"words": "en, donderdag"}),
    ("2027 every week on monday at 9 for ages", "unknown_words", {"words": "for, ages"}),
    # unknown words are reported before what is missing
    ("2027 every wek on mondy", "unknown_words", {"words": "every, wek, on, mondy"}),
]


@pytest.mark.parametrize(("text", "code", "params"), PARSE_ERRORS)
def test_parse_plan_rule_errors(text: str, code: str, params: dict[str, object]) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_plan_rule(text, today=TODAY)
    assert caught.value.code == code
    assert caught.value.params == params


def test_calendar_error_is_a_value_error_with_a_readable_message() -> None:
    error = CalendarError("bad_time", text="25:00")
    assert isinstance(error, ValueError)
    assert str(error) == "bad_time (text='25:00')"
    assert str(CalendarError("empty")) == "empty"


def test_years_are_relative_to_today() -> None:
    rule = "2027 every week on monday at 9"
    assert parse_plan_rule(rule, today=date(2027, 12, 31)).year == 2027
    with pytest.raises(CalendarError) as caught:
        parse_plan_rule(rule, today=date(2028, 1, 1))
    assert (caught.value.code, caught.value.params) == (
        "year_in_past",
        {"year": 2027, "current": 2028},
    )
    with pytest.raises(CalendarError) as caught:
        parse_plan_rule(rule, today=date(2024, 12, 31))
    assert (caught.value.code, caught.value.params) == ("year_too_far", {"year": 2027, "max": 2026})


# ---------------------------------------------------------------------------- PlanRule


@pytest.mark.parametrize(
    ("rule", "en", "nl"),
    [
        (
            weekly(MON, time(9), 2),
            "every 2 weeks on Monday at 09:00 (60 minutes)",
            "om de 2 weken op maandag om 09:00 (60 minuten)",
        ),
        (
            weekly(TUE, time(9, 30)),
            "every week on Tuesday at 09:30 (60 minutes)",
            "elke week op dinsdag om 09:30 (60 minuten)",
        ),
        (
            weekly(SUN, time(0, 5), 8, minutes=15),
            "every 8 weeks on Sunday at 00:05 (15 minutes)",
            "om de 8 weken op zondag om 00:05 (15 minuten)",
        ),
        (
            monthly(1, TUE, time(9, 30)),
            "every month on the first Tuesday at 09:30 (60 minutes)",
            "elke maand op de eerste dinsdag om 09:30 (60 minuten)",
        ),
        (
            monthly(-1, FRI, time(16), minutes=90),
            "every month on the last Friday at 16:00 (90 minutes)",
            "elke maand op de laatste vrijdag om 16:00 (90 minuten)",
        ),
        (
            monthly(2, WED, time(10), 2, minutes=480),
            "every 2 months on the second Wednesday at 10:00 (480 minutes)",
            "om de 2 maanden op de tweede woensdag om 10:00 (480 minuten)",
        ),
        (
            monthly(3, THU, time(14, 45), 6),
            "every 6 months on the third Thursday at 14:45 (60 minutes)",
            "om de 6 maanden op de derde donderdag om 14:45 (60 minuten)",
        ),
        (
            monthly(4, SAT, time(23, 59)),
            "every month on the fourth Saturday at 23:59 (60 minutes)",
            "elke maand op de vierde zaterdag om 23:59 (60 minuten)",
        ),
    ],
)
def test_describe(rule: PlanRule, en: str, nl: str) -> None:
    assert rule.describe("en") == en
    assert rule.describe("nl") == nl
    # locales and unknown languages
    assert rule.describe("nl-BE") == rule.describe("nl_NL") == rule.describe("NL") == nl
    assert rule.describe("en-GB") == rule.describe("fr") == rule.describe("") == en
    # what the bot shows parses back to the same rule
    assert parse_plan_rule(f"{rule.year} {en}", today=TODAY) == rule
    assert parse_plan_rule(f"{rule.year} {nl}", today=TODAY) == rule


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"freq": "daily"}, ValueError),
        ({"interval": 0}, CalendarError),
        ({"interval": 9}, CalendarError),
        ({"weekday": 7}, ValueError),
        ({"nth": 1}, ValueError),  # weekly with an ordinal
        ({"freq": "monthly", "nth": None}, ValueError),
        ({"freq": "monthly", "nth": 5}, ValueError),
        ({"freq": "monthly", "nth": 1, "interval": 7}, CalendarError),
        ({"duration_minutes": MIN_DURATION - 1}, CalendarError),
        ({"duration_minutes": MAX_DURATION + 1}, CalendarError),
    ],
)
def test_plan_rule_validates(kwargs: dict[str, object], error: type[Exception]) -> None:
    fields: dict[str, object] = {
        "year": 2027,
        "freq": "weekly",
        "interval": 1,
        "weekday": MON,
        "nth": None,
        "at": time(9),
    }
    fields.update(kwargs)
    with pytest.raises(error):
        PlanRule(**fields)  # type: ignore[arg-type]


def test_plan_rule_is_frozen_and_hashable() -> None:
    rule = weekly(MON, time(9))
    assert {rule: 1}[weekly(MON, time(9))] == 1
    with pytest.raises(AttributeError):
        rule.year = 2028  # type: ignore[misc]


# --------------------------------------------------------------------------- parse_day

DAY_TODAY = date(2027, 1, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-08", date(2027, 3, 8)),
        ("2027-3-8", date(2027, 3, 8)),
        ("8-3-2027", date(2027, 3, 8)),
        ("08-03-2027", date(2027, 3, 8)),
        ("8/3/2027", date(2027, 3, 8)),
        ("08/03/2027", date(2027, 3, 8)),
        ("8.3.2027", date(2027, 3, 8)),
        ("8-3-27", date(2027, 3, 8)),
        ("12-1-2027", date(2027, 1, 12)),  # day first, always
        ("8 march 2027", date(2027, 3, 8)),
        ("8 March 2027", date(2027, 3, 8)),
        ("8 mar 2027", date(2027, 3, 8)),
        ("8th march 2027", date(2027, 3, 8)),
        ("March 8, 2027", date(2027, 3, 8)),
        ("march 8th 2027", date(2027, 3, 8)),
        ("8 maart 2027", date(2027, 3, 8)),
        ("8 mrt 2027", date(2027, 3, 8)),
        ("8 mrt. 2027", date(2027, 3, 8)),
        ("8e maart 2027", date(2027, 3, 8)),
        ("1 mei 2027", date(2027, 5, 1)),
        ("3 okt 2027", date(2027, 10, 3)),
        ("3 oct 2027", date(2027, 10, 3)),
        ("17 sept 2027", date(2027, 9, 17)),
        ("  8   maart   2027 ", date(2027, 3, 8)),
        ("ma 8 mrt 2027", date(2027, 3, 8)),
        ("monday 8 march 2027", date(2027, 3, 8)),
        ("Monday, March 8, 2027", date(2027, 3, 8)),
        # without a year: the next such day on or after today
        ("8 maart", date(2027, 3, 8)),
        ("8-3", date(2027, 3, 8)),
        ("8/3", date(2027, 3, 8)),
        ("10 jan", date(2027, 1, 10)),
        ("9 jan", date(2028, 1, 9)),
        ("29 feb", date(2028, 2, 29)),
        # relative
        ("today", DAY_TODAY),
        ("vandaag", DAY_TODAY),
        ("tomorrow", DAY_TODAY + timedelta(days=1)),
        ("Morgen", DAY_TODAY + timedelta(days=1)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text, today=DAY_TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "next week",
        "8 foo 2027",
        "8 2027",
        "31-2-2027",
        "29-2-2027",
        "2027-13-01",
        "32 maart 2027",
        "0-3-2027",
        "8-3-2027-1",
        "8-3/2027",
        "di 8 mrt 2027",  # 8 March 2027 is a Monday
        "friday 8 march 2027",
        "30 feb",
    ],
)
def test_parse_day_bad_date(text: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_day(text, today=DAY_TODAY)
    assert caught.value.code == "bad_date"
    assert caught.value.params == {"text": " ".join(text.split())}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-09", date(2027, 1, 9)),
        ("1-1-2027", date(2027, 1, 1)),
        ("8 maart 2026", date(2026, 3, 8)),
    ],
)
def test_parse_day_in_past(text: str, expected: date) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_day(text, today=DAY_TODAY)
    assert caught.value.code == "date_in_past"
    assert caught.value.params == {"date": expected}
    assert parse_day(text, today=DAY_TODAY, allow_past=True) == expected


# ---------------------------------------------------------------------------- calendar

BIWEEKLY_MONDAYS_2027 = days(
    "2027-01-04", "2027-01-18", "2027-02-01", "2027-02-15", "2027-03-01", "2027-03-15",
    "2027-03-29", "2027-04-12", "2027-04-26", "2027-05-10", "2027-05-24", "2027-06-07",
    "2027-06-21", "2027-07-05", "2027-07-19", "2027-08-02", "2027-08-16", "2027-08-30",
    "2027-09-13", "2027-09-27", "2027-10-11", "2027-10-25", "2027-11-08", "2027-11-22",
    "2027-12-06", "2027-12-20",
)  # fmt: skip


def starts(preview: CalendarPreview) -> list[date]:
    return [planned.starts_at.date() for planned in preview.dates]


def moved(preview: CalendarPreview) -> list[tuple[date, date, str | None]]:
    return [
        (planned.rule_date, planned.starts_at.date(), planned.holiday)
        for planned in preview.dates
        if planned.moved
    ]


def test_biweekly_monday_2027_nl_moves_easter_monday() -> None:
    rule = parse_plan_rule("2027 every 2 weeks on monday at 09:00", today=TODAY)
    preview = generate_calendar(rule, tz=AMS)

    assert preview.rule == rule
    assert [planned.rule_date for planned in preview.dates] == BIWEEKLY_MONDAYS_2027
    assert len(preview.dates) == 26
    # Easter Monday (29 March) is in the series and moves to Tuesday; Pentecost Monday
    # (17 May) is not in the series (10 and 24 May are).
    assert date(2027, 3, 29) in BIWEEKLY_MONDAYS_2027
    assert date(2027, 5, 17) not in BIWEEKLY_MONDAYS_2027
    assert moved(preview) == [(date(2027, 3, 29), date(2027, 3, 30), "Easter Monday")]
    assert starts(preview) == [
        date(2027, 3, 30) if day == date(2027, 3, 29) else day for day in BIWEEKLY_MONDAYS_2027
    ]
    assert preview.skipped == []
    assert preview.dropped_past == 0

    easter = next(planned for planned in preview.dates if planned.holiday)
    assert easter == PlannedDate(
        starts_at=datetime(2027, 3, 30, 9, tzinfo=AMS),
        ends_at=datetime(2027, 3, 30, 10, tzinfo=AMS),
        rule_date=date(2027, 3, 29),
        holiday="Easter Monday",
    )
    assert easter.moved
    assert not preview.dates[0].moved and preview.dates[0].holiday is None


def test_biweekly_monday_2027_nl_skip_policy() -> None:
    rule = weekly(MON, time(9), 2)
    preview = generate_calendar(rule, tz=AMS, holiday_policy="skip")
    assert starts(preview) == [day for day in BIWEEKLY_MONDAYS_2027 if day != date(2027, 3, 29)]
    assert len(preview.dates) == 25
    assert preview.skipped == [(date(2027, 3, 29), "Easter Monday")]
    assert not any(planned.moved or planned.holiday for planned in preview.dates)


def test_weekly_monday_2027_nl_moves_easter_and_pentecost_monday() -> None:
    preview = generate_calendar(weekly(MON, time(9)), tz=AMS)
    assert len(preview.dates) == 52
    assert moved(preview) == [
        (date(2027, 3, 29), date(2027, 3, 30), "Easter Monday"),
        (date(2027, 5, 17), date(2027, 5, 18), "Pentecost Monday"),
    ]
    skipping = generate_calendar(weekly(MON, time(9)), tz=AMS, holiday_policy="skip")
    assert len(skipping.dates) == 50
    assert skipping.skipped == [
        (date(2027, 3, 29), "Easter Monday"),
        (date(2027, 5, 17), "Pentecost Monday"),
    ]


def test_weekly_tuesday_2027_nl_moves_kings_day() -> None:
    preview = generate_calendar(weekly(TUE, time(9, 30)), tz=AMS)
    assert len(preview.dates) == 52
    assert starts(preview)[0] == date(2027, 1, 5)
    assert starts(preview)[-1] == date(2027, 12, 28)
    assert moved(preview) == [(date(2027, 4, 27), date(2027, 4, 28), "King's Day")]


def test_holiday_names_in_dutch() -> None:
    preview = generate_calendar(weekly(TUE, time(9)), tz=AMS, holidays_language="nl")
    assert moved(preview) == [(date(2027, 4, 27), date(2027, 4, 28), "Koningsdag")]


def test_monthly_first_tuesday_2027() -> None:
    preview = generate_calendar(monthly(1, TUE, time(9)), tz=AMS)
    assert starts(preview) == days(
        "2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01",
        "2027-07-06", "2027-08-03", "2027-09-07", "2027-10-05", "2027-11-02", "2027-12-07",
    )  # fmt: skip
    assert moved(preview) == [] and preview.skipped == []


def test_monthly_last_friday_2027_moves_good_friday_past_easter_monday() -> None:
    preview = generate_calendar(monthly(-1, FRI, time(16)), tz=AMS)
    assert [planned.rule_date for planned in preview.dates] == days(
        "2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25",
        "2027-07-30", "2027-08-27", "2027-09-24", "2027-10-29", "2027-11-26", "2027-12-31",
    )  # fmt: skip
    # Good Friday is a public holiday in the holidays package's NL calendar; the next
    # Monday is Easter Monday, so the meeting moves to Tuesday.
    assert moved(preview) == [(date(2027, 3, 26), date(2027, 3, 30), "Good Friday")]


def test_every_two_months_and_second_wednesday() -> None:
    preview = generate_calendar(monthly(1, MON, time(9), 2), tz=AMS)
    assert starts(preview) == days(
        "2027-01-04", "2027-03-01", "2027-05-03", "2027-07-05", "2027-09-06", "2027-11-01"
    )
    preview = generate_calendar(monthly(2, WED, time(10)), tz=AMS)
    assert [day.day for day in starts(preview)] == [13, 10, 10, 14, 12, 9, 14, 11, 8, 13, 10, 8]


@pytest.mark.parametrize(
    ("interval", "count", "first", "last"),
    [
        (1, 52, date(2027, 1, 4), date(2027, 12, 27)),
        (2, 26, date(2027, 1, 4), date(2027, 12, 20)),
        (3, 18, date(2027, 1, 4), date(2027, 12, 27)),
        (4, 13, date(2027, 1, 4), date(2027, 12, 6)),
        (8, 7, date(2027, 1, 4), date(2027, 12, 6)),
    ],
)
def test_weekly_series_start_on_the_first_weekday_of_the_year(
    interval: int, count: int, first: date, last: date
) -> None:
    rule_days = [
        p.rule_date for p in generate_calendar(weekly(MON, time(9), interval), tz=AMS).dates
    ]
    assert len(rule_days) == count
    assert (rule_days[0], rule_days[-1]) == (first, last)
    assert all((b - a).days == 7 * interval for a, b in zip(rule_days, rule_days[1:], strict=False))


def test_weekly_friday_starts_on_new_years_day_which_moves() -> None:
    # 1 January 2027 is a Friday and a holiday: the first meeting moves to Monday 4 January.
    preview = generate_calendar(weekly(FRI, time(9), 2), tz=AMS)
    assert preview.dates[0].rule_date == date(2027, 1, 1)
    assert moved(preview)[0] == (date(2027, 1, 1), date(2027, 1, 4), "New Year's Day")


def test_weekend_rule_is_allowed_and_only_holidays_move() -> None:
    preview = generate_calendar(weekly(SAT, time(10)), tz=AMS)
    assert len(preview.dates) == 52
    assert all(planned.rule_date.weekday() == SAT for planned in preview.dates)
    # Christmas Day 2027 is a Saturday; the next working day is Monday 27 December.
    assert moved(preview) == [(date(2027, 12, 25), date(2027, 12, 27), "Christmas Day")]


# DST in Europe/Amsterdam 2027: starts Sunday 28 March, ends Sunday 31 October.
@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2027, 1, 4), 8),
        (date(2027, 3, 22), 8),  # last Monday of winter time
        (date(2027, 3, 30), 7),  # first meeting in summer time (moved Easter Monday)
        (date(2027, 4, 5), 7),
        (date(2027, 7, 5), 7),
        (date(2027, 10, 25), 7),  # last Monday of summer time
        (date(2027, 11, 1), 8),  # first Monday of winter time
        (date(2027, 12, 27), 8),
    ],
)
def test_local_wall_clock_is_kept_across_dst(day: date, utc_hour: int) -> None:
    preview = generate_calendar(weekly(MON, time(9)), tz=AMS)
    planned = next(p for p in preview.dates if p.starts_at.date() == day)
    assert planned.starts_at.tzinfo is AMS
    assert (planned.starts_at.hour, planned.starts_at.minute) == (9, 0)
    assert planned.starts_at.astimezone(UTC).hour == utc_hour
    assert planned.ends_at - planned.starts_at == timedelta(minutes=60)
    assert planned.ends_at.hour == 10


def test_dst_switch_days_themselves() -> None:
    # US holidays: in NL Easter Sunday (28 March) is a holiday and would move.
    preview = generate_calendar(weekly(SUN, time(9)), tz=AMS, holidays_country="US")
    by_day = {p.starts_at.date(): p.starts_at for p in preview.dates}
    assert by_day[date(2027, 3, 21)].astimezone(UTC) == datetime(2027, 3, 21, 8, tzinfo=UTC)
    assert by_day[date(2027, 3, 28)].astimezone(UTC) == datetime(2027, 3, 28, 7, tzinfo=UTC)
    assert by_day[date(2027, 10, 31)].astimezone(UTC) == datetime(2027, 10, 31, 8, tzinfo=UTC)


def test_time_in_the_dst_gap_becomes_the_real_instant() -> None:
    preview = generate_calendar(
        weekly(SUN, time(2, 30), minutes=120), tz=AMS, holidays_country="US"
    )
    planned = next(p for p in preview.dates if p.rule_date == date(2027, 3, 28))
    assert planned.starts_at.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert (planned.starts_at.hour, planned.starts_at.minute) == (3, 30)
    assert planned.starts_at.tzinfo is AMS
    assert not planned.moved
    # The meeting lasts two real hours.
    assert planned.ends_at.astimezone(UTC) - planned.starts_at.astimezone(UTC) == timedelta(hours=2)
    assert (planned.ends_at.hour, planned.ends_at.minute) == (5, 30)


def test_meeting_over_the_dst_end_lasts_its_real_duration() -> None:
    preview = generate_calendar(
        weekly(SUN, time(1, 30), minutes=120), tz=AMS, holidays_country="US"
    )
    planned = next(p for p in preview.dates if p.rule_date == date(2027, 10, 31))
    assert planned.starts_at.astimezone(UTC) == datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
    assert planned.ends_at.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert (planned.ends_at.hour, planned.ends_at.minute) == (2, 30)  # CET, after the switch


def test_other_time_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    preview = generate_calendar(weekly(MON, time(9)), tz=new_york, holidays_country="US")
    first = preview.dates[0]
    assert first.starts_at.tzinfo is new_york
    assert first.starts_at.astimezone(UTC) == datetime(2027, 1, 4, 14, tzinfo=UTC)
    assert preview.dates[20].starts_at.astimezone(UTC).hour == 13  # May: EDT


@pytest.mark.parametrize(
    ("not_before", "dropped", "first", "first_rule_date"),
    [
        # Before Easter Monday's original time: that meeting, moved to Tuesday, is kept.
        (datetime(2027, 3, 29, 8, 0, tzinfo=AMS), 6, date(2027, 3, 30), date(2027, 3, 29)),
        # After the rule date but before the moved meeting: the moved meeting is kept.
        (datetime(2027, 3, 29, 12, 0, tzinfo=AMS), 6, date(2027, 3, 30), date(2027, 3, 29)),
        # Just after the moved meeting started: dropped.
        (datetime(2027, 3, 30, 9, 1, tzinfo=AMS), 7, date(2027, 4, 12), date(2027, 4, 12)),
        # Exactly at the start: kept.
        (datetime(2027, 4, 12, 9, 0, tzinfo=AMS), 7, date(2027, 4, 12), date(2027, 4, 12)),
        (datetime(2027, 4, 12, 7, 0, tzinfo=UTC), 7, date(2027, 4, 12), date(2027, 4, 12)),
        (datetime(2027, 4, 12, 7, 1, tzinfo=UTC), 8, date(2027, 4, 26), date(2027, 4, 26)),
        (datetime(2026, 6, 1, tzinfo=AMS), 0, date(2027, 1, 4), date(2027, 1, 4)),
    ],
)
def test_not_before(not_before: datetime, dropped: int, first: date, first_rule_date: date) -> None:
    preview = generate_calendar(weekly(MON, time(9), 2), tz=AMS, not_before=not_before)
    assert preview.dropped_past == dropped
    assert len(preview.dates) == 26 - dropped
    assert preview.dates[0].starts_at.date() == first
    assert preview.dates[0].rule_date == first_rule_date
    assert all(planned.starts_at >= not_before for planned in preview.dates)


def test_not_before_counts_past_holidays_as_past_not_skipped() -> None:
    not_before = datetime(2027, 6, 1, tzinfo=AMS)
    preview = generate_calendar(
        weekly(MON, time(9)), tz=AMS, holiday_policy="skip", not_before=not_before
    )
    assert preview.skipped == []
    assert preview.dropped_past == 22  # every Monday up to 31 May, Easter and Pentecost too
    assert starts(preview)[0] == date(2027, 6, 7)
    assert len(preview.dates) + preview.dropped_past == 52


def test_not_before_after_the_year_drops_everything() -> None:
    preview = generate_calendar(
        weekly(MON, time(9)), tz=AMS, not_before=datetime(2028, 1, 1, tzinfo=UTC)
    )
    assert preview.dates == [] and preview.skipped == [] and preview.dropped_past == 52


def test_belgian_holidays() -> None:
    mondays = generate_calendar(weekly(MON, time(9)), tz=BRU, holidays_country="BE")
    assert moved(mondays) == [
        (date(2027, 3, 29), date(2027, 3, 30), "Easter Monday"),
        (date(2027, 5, 17), date(2027, 5, 18), "Pentecost Monday"),
        (date(2027, 11, 1), date(2027, 11, 2), "All Saints' Day"),
    ]
    # King's Day is Dutch only.
    tuesdays = generate_calendar(weekly(TUE, time(9)), tz=BRU, holidays_country="be")
    assert moved(tuesdays) == []
    wednesdays = generate_calendar(weekly(WED, time(9)), tz=BRU, holidays_country="BE")
    assert moved(wednesdays) == [(date(2027, 7, 21), date(2027, 7, 22), "National Day")]
    thursdays = generate_calendar(
        weekly(THU, time(9)), tz=BRU, holidays_country="BE", holiday_policy="skip"
    )
    assert thursdays.skipped == [
        (date(2027, 5, 6), "Ascension Day"),
        (date(2027, 11, 11), "Armistice Day"),
    ]
    assert len(thursdays.dates) == 50
    dutch_names = generate_calendar(
        weekly(WED, time(9)), tz=BRU, holidays_country="BE", holidays_language="nl"
    )
    assert moved(dutch_names) == [(date(2027, 7, 21), date(2027, 7, 22), "Nationale feestdag")]


def test_moved_meeting_that_would_leave_the_year_is_skipped() -> None:
    # Latvia: New Year's Eve (Friday 31 December 2027) is a holiday; the next working
    # day is in 2028.
    preview = generate_calendar(
        weekly(FRI, time(9)), tz=ZoneInfo("Europe/Riga"), holidays_country="LV"
    )
    assert preview.skipped == [(date(2027, 12, 31), "New Year's Eve")]
    assert all(planned.starts_at.year == 2027 for planned in preview.dates)


def test_moved_meeting_that_collides_with_the_next_one_is_skipped() -> None:
    # China, Golden Week 2026: National Day (Thursday 1 October) is followed by days off
    # until Wednesday 7 October, so the next working day is Thursday 8 October - which
    # already has a meeting.
    rule = weekly(THU, time(9), year=2026)
    preview = generate_calendar(rule, tz=ZoneInfo("Asia/Shanghai"), holidays_country="CN")
    assert (date(2026, 10, 1), "National Day") in preview.skipped
    october = [p for p in preview.dates if p.starts_at.month == 10 and p.starts_at.day <= 8]
    assert [(p.rule_date, p.starts_at.date()) for p in october] == [
        (date(2026, 10, 8), date(2026, 10, 8))
    ]
    assert len({p.starts_at.date() for p in preview.dates}) == len(preview.dates)


def test_dates_are_sorted_and_unique() -> None:
    for rule in (weekly(MON, time(9)), weekly(FRI, time(9)), monthly(-1, FRI, time(9))):
        preview = generate_calendar(rule, tz=AMS)
        moments = [planned.starts_at for planned in preview.dates]
        assert moments == sorted(moments)
        assert len(set(moments)) == len(moments)


@pytest.mark.parametrize("country", ["XX", "", "Netherlands", "NLD-"])
def test_unknown_country(country: str) -> None:
    with pytest.raises(CalendarError) as caught:
        generate_calendar(weekly(MON, time(9)), tz=AMS, holidays_country=country)
    assert caught.value.code == "bad_country"
    assert caught.value.params == {"country": country.strip().upper()}
    with pytest.raises(CalendarError):
        is_working_day(date(2027, 1, 4), holidays_country=country)
    with pytest.raises(CalendarError):
        first_working_day(2027, holidays_country=country)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="holiday_policy"):
        generate_calendar(weekly(MON, time(9)), tz=AMS, holiday_policy="ignore")
    with pytest.raises(ValueError, match="aware"):
        generate_calendar(weekly(MON, time(9)), tz=AMS, not_before=datetime(2027, 6, 1))


# -------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("year", "country", "expected"),
    [
        (2027, "NL", date(2027, 1, 4)),  # 1 January is a Friday holiday -> Monday 4 January
        (2028, "NL", date(2028, 1, 3)),  # 1 January is a Saturday
        (2026, "NL", date(2026, 1, 2)),  # 1 January is a Thursday
        (2024, "NL", date(2024, 1, 2)),  # 1 January is a Monday
        (2023, "NL", date(2023, 1, 2)),  # 1 January is a Sunday
        (2027, "BE", date(2027, 1, 4)),
        (2026, "BE", date(2026, 1, 2)),
    ],
)
def test_first_working_day(year: int, country: str, expected: date) -> None:
    assert first_working_day(year, holidays_country=country) == expected


def test_first_working_day_default_country_is_nl() -> None:
    assert first_working_day(2027) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2027, 1, 4), "NL", True),
        (date(2027, 1, 1), "NL", False),  # New Year's Day
        (date(2027, 1, 2), "NL", False),  # Saturday
        (date(2027, 1, 3), "NL", False),  # Sunday
        (date(2027, 4, 27), "NL", False),  # King's Day
        (date(2027, 4, 27), "BE", True),
        (date(2027, 7, 21), "BE", False),  # Belgian National Day
        (date(2027, 7, 21), "NL", True),
        (date(2027, 11, 11), "BE", False),
        (date(2027, 12, 24), "NL", True),
        (date(2027, 12, 31), "NL", True),
    ],
)
def test_is_working_day(day: date, country: str, expected: bool) -> None:
    assert is_working_day(day, holidays_country=country) is expected
