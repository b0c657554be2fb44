"""The weekly check-in's pure logic: validation, weeks, targets, streaks, timing, away, obstacles."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.checkins import (
    COUNT_MAX,
    NOTE_MAX,
    REASONS,
    AwayError,
    CheckinError,
    CheckinInput,
    ObstacleCount,
    looks_away,
    parse_away,
    prompt_moment,
    reminder_moment,
    streak,
    top_obstacles,
    validate_checkin,
    week_label,
    week_start,
    weekly_target,
)

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
FRIDAY, MONDAY = 4, 0


def check(**overrides) -> CheckinInput:
    values = dict(prospects="12", meetings="2", reasons=[], note=None)
    values.update(overrides)
    return validate_checkin(**values)


def errors_of(**overrides) -> dict:
    with pytest.raises(CheckinError) as caught:
        check(**overrides)
    return caught.value.errors


# --------------------------------------------------------------------------- validation


def test_a_valid_checkin_is_stripped_and_reasons_ordered():
    result = check(
        prospects=" 12 ", meetings="0", reasons=["other", "deliveries", "other"], note="  hi \n"
    )
    assert result == CheckinInput(
        prospects=12, meetings=0, reasons=("deliveries", "other"), note="hi"
    )


def test_other_without_a_note_and_no_reasons_are_fine():
    assert check(reasons=["other"]).reasons == ("other",)
    assert check(reasons=None, note=None) == CheckinInput(12, 2, (), "")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_counts_are_required(value):
    assert errors_of(prospects=value, meetings=value) == {
        "prospects": ("required", {}),
        "meetings": ("required", {}),
    }


@pytest.mark.parametrize("value", ["twelve", "12.5", "1.000", "1 000", "+3", "3x", "²", "١٢"])
def test_only_digits_are_a_number(value):
    assert errors_of(prospects=value) == {"prospects": ("not_a_number", {"text": value.strip()})}


@pytest.mark.parametrize("value", ["-3", "- 3", " -0 "])
def test_negative_numbers(value):
    assert errors_of(meetings=value) == {"meetings": ("negative", {})}


def test_too_large_and_the_limit_itself():
    assert check(prospects=str(COUNT_MAX)).prospects == COUNT_MAX
    assert errors_of(prospects=str(COUNT_MAX + 1)) == {
        "prospects": ("too_large", {"max": COUNT_MAX})
    }


def test_note_too_long():
    assert check(note="x" * NOTE_MAX).note == "x" * NOTE_MAX
    assert errors_of(note="x" * (NOTE_MAX + 1)) == {
        "note": ("too_long", {"length": NOTE_MAX + 1, "max": NOTE_MAX})
    }


def test_unknown_reason():
    assert errors_of(reasons=["no_leads", "weather"]) == {
        "reasons": ("unknown_reason", {"reason": "weather"})
    }


def test_every_invalid_field_is_reported_in_field_order():
    errors = errors_of(prospects="x", meetings="", reasons=["nope"], note="y" * 2000)
    assert list(errors) == ["prospects", "meetings", "reasons", "note"]
    assert "prospects: not_a_number" in str(CheckinError(errors))


# --------------------------------------------------------------------------- weeks


@pytest.mark.parametrize(
    "day, monday, label",
    [
        (date(2027, 3, 3), date(2027, 3, 1), "2027-W09"),
        (date(2027, 3, 1), date(2027, 3, 1), "2027-W09"),
        (date(2027, 3, 7), date(2027, 3, 1), "2027-W09"),
        # New Year: 2026 has 53 ISO weeks; 1-3 January 2027 still belong to 2026-W53.
        (date(2026, 12, 31), date(2026, 12, 28), "2026-W53"),
        (date(2027, 1, 3), date(2026, 12, 28), "2026-W53"),
        (date(2027, 1, 4), date(2027, 1, 4), "2027-W01"),
        # 29 December 2025 (Monday) starts 2026-W01.
        (date(2025, 12, 31), date(2025, 12, 29), "2026-W01"),
    ],
)
def test_week_start_and_label(day, monday, label):
    assert week_start(day) == monday
    assert monday.weekday() == 0
    assert week_label(week_start(day)) == label


def test_weekly_target():
    assert weekly_target(yearly_clients=None) is None
    assert weekly_target(yearly_clients=0) is None
    assert weekly_target(yearly_clients=12) == 3  # 120 / 46 = 2.6 -> 3
    assert weekly_target(yearly_clients=23) == 5  # exactly 230 / 46
    assert weekly_target(yearly_clients=1) == 1
    assert weekly_target(yearly_clients=12, override=8) == 8
    assert weekly_target(yearly_clients=None, override=0) == 0


# --------------------------------------------------------------------------- streak

W = date(2027, 3, 1)  # a Monday


def weeks_back(*offsets: int) -> set[date]:
    return {W - timedelta(weeks=offset) for offset in offsets}


def test_streak_counts_back_from_the_current_week():
    assert streak(weeks_back(0, 1, 2), current_monday=W) == 3


def test_streak_while_the_current_week_has_no_checkin_yet():
    assert streak(weeks_back(1, 2), current_monday=W) == 2


def test_streak_stops_at_a_gap():
    assert streak(weeks_back(0, 1, 3, 4, 5), current_monday=W) == 2
    assert streak(weeks_back(2, 3), current_monday=W) == 0
    assert streak(set(), current_monday=W) == 0


def test_streak_any_day_of_a_week_counts_and_crosses_new_year():
    days = {date(2027, 1, 6), date(2026, 12, 30), date(2026, 12, 25)}
    assert streak(days, current_monday=date(2027, 1, 4)) == 3


# --------------------------------------------------------------------------- timing


def test_prompt_friday_afternoon_across_dst_in_amsterdam():
    before = prompt_moment(date(2027, 3, 22), tz=AMS, weekday=FRIDAY, at=time(15))
    after = prompt_moment(date(2027, 3, 29), tz=AMS, weekday=FRIDAY, at=time(15))
    assert before == datetime(2027, 3, 26, 15, tzinfo=AMS)
    assert after == datetime(2027, 4, 2, 15, tzinfo=AMS)
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    october = prompt_moment(date(2027, 11, 1), tz=AMS, weekday=FRIDAY, at=time(15))
    assert (october.day, october.hour, october.utcoffset()) == (5, 15, timedelta(hours=1))


def test_prompt_in_new_york_and_any_day_of_the_week():
    # The US switches on 14 March 2027, two weeks before Europe.
    moment = prompt_moment(date(2027, 3, 17), tz=NYC, weekday=FRIDAY, at=time(15))
    assert moment == datetime(2027, 3, 19, 15, tzinfo=NYC)
    assert moment.utcoffset() == timedelta(hours=-4)
    with pytest.raises(ValueError):
        prompt_moment(W, tz=AMS, weekday=7, at=time(15))


def test_reminder_skips_the_weekend():
    moment = reminder_moment(date(2027, 3, 5), tz=AMS, at=time(9), holidays_country="NL")
    assert moment == datetime(2027, 3, 8, 9, tzinfo=AMS)


def test_reminder_skips_easter_monday():
    moment = reminder_moment(date(2027, 3, 26), tz=AMS, at=time(9), holidays_country="NL")
    assert moment == datetime(2027, 3, 30, 9, tzinfo=AMS)  # Tuesday, in summer time
    assert moment.utcoffset() == timedelta(hours=2)


def test_reminder_skips_kings_day():
    # A Monday prompt (26 April 2027): the next day is King's Day in NL, not in Belgium.
    nl = reminder_moment(date(2027, 4, 26), tz=AMS, at=time(9), holidays_country="NL")
    be = reminder_moment(date(2027, 4, 26), tz=AMS, at=time(9), holidays_country="BE")
    assert nl.date() == date(2027, 4, 28)
    assert be.date() == date(2027, 4, 27)


# --------------------------------------------------------------------------- away

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "until 2027-08-15",
        "Until 2027-08-15",
        "2027-08-15",
        "tot 15 augustus 2027",
        "t/m 15-8-2027",
        "tot en met 15 aug",
        "away until 15 August 2027",
        "  till   august 15  ",
    ],
)
def test_parse_away_forms(text):
    assert parse_away(text, today=TODAY) == date(2027, 8, 15)


def test_parse_away_today_is_fine():
    assert parse_away("until today", today=TODAY) == TODAY


@pytest.mark.parametrize("text", ["", "   ", "until", "tot", "away"])
def test_parse_away_usage(text):
    with pytest.raises(AwayError) as caught:
        parse_away(text, today=TODAY)
    assert caught.value.code == "usage"


def test_parse_away_bad_date_and_past():
    with pytest.raises(AwayError) as caught:
        parse_away("until next summer", today=TODAY)
    assert (caught.value.code, caught.value.params) == ("bad_date", {"text": "next summer"})
    with pytest.raises(AwayError) as caught:
        parse_away("until 2027-02-15", today=TODAY)
    assert (caught.value.code, caught.value.params) == ("date_in_past", {"date": date(2027, 2, 15)})
    with pytest.raises(AwayError) as caught:
        parse_away("until 31 feb 2027", today=TODAY)
    assert caught.value.code == "bad_date"


@pytest.mark.parametrize(
    "text, emoji",
    [
        ("", ":palm_tree:"),
        (None, ":airplane:"),
        ("", ":desert_island:"),
        ("", ":beach_with_umbrella:"),
        ("", ":face_with_thermometer:"),
        ("Vacation!", ""),
        ("On holiday until Monday", None),
        ("Holidays", None),
        ("out of office", None),
        ("Out-of-office", None),
        ("OOO till 15/8", None),
        ("annual leave", None),
        ("Met vakantie", None),
        ("zomervakantie tot 15 aug", None),
        ("ouderschapsverlof", None),
        ("Verlof", None),
        ("afwezig", None),
        ("op reis naar Japan", None),
        ("Ziek", None),
        ("Off sick", None),
        ("🌴 back on the 15th", None),
        (":palm_tree: sunny", ""),
    ],
)
def test_looks_away(text, emoji):
    assert looks_away(text, emoji) is True


@pytest.mark.parametrize(
    "text, emoji",
    [
        (None, None),
        ("", ""),
        ("In a meeting", ":calendar:"),
        ("Commuting", ":bus:"),
        ("holiday party planning", None),  # documented: not an absence
        ("Holiday season promo", None),
        ("Back from vacation!", None),
        ("terug van vakantie", None),
        ("After the holidays: full speed", None),
        ("na de vakantie", None),
        ("Goofing around", None),  # "ooo" only as a whole word
        ("ziekenhuis bezoek bij klant", None),  # "ziek" only as a whole word
        ("vakantiegeld", None),
        ("Zoom call", ":zoom:"),
    ],
)
def test_does_not_look_away(text, emoji):
    assert looks_away(text, emoji) is False


# --------------------------------------------------------------------------- obstacles


def test_top_obstacles_ordering_and_notes():
    result = top_obstacles(
        [
            (("deliveries", "no_leads"), "Truck late again"),
            (("no_leads",), ""),
            (("internal", "deliveries"), "  truck   LATE again "),
            (("no_leads", "no_leads"), "Need a list"),
            ((), "just a comment"),
            (("implementation",), "Acme go-live"),
        ]
    )
    assert result == [
        ObstacleCount("no_leads", 3, ("Truck late again", "Need a list")),
        ObstacleCount("deliveries", 2, ("Truck late again",)),
        ObstacleCount("implementation", 1, ("Acme go-live",)),
        ObstacleCount("internal", 1, ("truck   LATE again",)),
    ]


def test_top_obstacles_ties_follow_the_reasons_order():
    result = top_obstacles([((reason,), "") for reason in reversed(REASONS)])
    assert [obstacle.reason for obstacle in result] == list(REASONS)
    assert top_obstacles([]) == []
