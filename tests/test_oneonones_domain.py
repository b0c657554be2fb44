"""The pure 1:1 domain: parsing ``/oneonone @rep <rule>`` and the series' occurrences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekday as rrule_weekday

from bot.domain.oneonones import (
    DEFAULT_DURATION,
    Occurrence,
    OneOnOneError,
    OneOnOneRule,
    next_occurrence,
    occurrences,
    parse_mention,
    parse_oneonone,
)

TODAY = date(2026, 3, 2)
AMS = ZoneInfo("Europe/Amsterdam")


def parse(text: str) -> tuple[str, OneOnOneRule]:
    return parse_oneonone(text, today=TODAY)


def error_of(text: str) -> OneOnOneError:
    with pytest.raises(OneOnOneError) as info:
        parse(text)
    return info.value


def local(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def weekly(weekday=1, interval=1, at=time(10), duration=30) -> OneOnOneRule:
    return OneOnOneRule("weekly", interval, weekday, None, at, duration)


def monthly(weekday, nth, interval=1, at=time(10)) -> OneOnOneRule:
    return OneOnOneRule("monthly", interval, weekday, nth, at)


# ---------------------------------------------------------------------------- mentions


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<@U123ABC|anna> every monday", ("U123ABC", "every monday")),
        ("<@U123ABC> every monday", ("U123ABC", "every monday")),
        ("every monday with <@W42|bob>  at 9", ("W42", "every monday with at 9")),
        ("<@U1|anna><@U1> weekly", ("U1", "weekly")),  # the same user twice is one user
        ("  every monday  at 9 ", (None, "every monday at 9")),
        ("@anna every monday", (None, "@anna every monday")),
        ("<!here> every monday", (None, "<!here> every monday")),
        ("", (None, "")),
    ],
)
def test_parse_mention(text, expected):
    assert parse_mention(text) == expected


def test_two_users_are_refused():
    with pytest.raises(OneOnOneError) as info:
        parse_mention("<@U1|anna> <@U2|bob> every monday at 9")
    assert (info.value.code, info.value.params) == ("several_users", {})


# ----------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text, rule",
    [
        (
            "<@U123|anna> every 2 weeks on tuesday at 10:00",
            OneOnOneRule("weekly", 2, 1, None, time(10), 30),
        ),
        (
            "<@U123|anna> every 2 weeks on tuesday at 10:00 for 45 minutes",
            OneOnOneRule("weekly", 2, 1, None, time(10), 45),
        ),
        (
            "<@U123> om de 2 weken op dinsdag om 10:00",
            OneOnOneRule("weekly", 2, 1, None, time(10), 30),
        ),
        (
            "<@U123> om de 2 weken op dinsdag om 9u30 gedurende 1 uur",
            OneOnOneRule("weekly", 2, 1, None, time(9, 30), 60),
        ),
        ("<@U123> fortnightly on friday at 4pm", OneOnOneRule("weekly", 2, 4, None, time(16), 30)),
        (
            "every monday at 9 <@U123|anna>",
            OneOnOneRule("weekly", 1, 0, None, time(9), 30),
        ),
        (
            "<@U123> every first tuesday of the month at 14:00",
            OneOnOneRule("monthly", 1, 1, 1, time(14), 30),
        ),
        (
            "<@U123> elke laatste vrijdag van de maand om 16u voor 1,5 uur",
            OneOnOneRule("monthly", 1, 4, -1, time(16), 90),
        ),
    ],
)
def test_parse_oneonone(text, rule):
    assert parse(text) == ("U123", rule)


@pytest.mark.parametrize(
    "rest, minutes",
    [
        ("every monday at 9", DEFAULT_DURATION),
        ("every monday at 9.", DEFAULT_DURATION),
        ("every monday at 9 (60 minutes).", 60),
        ("for 45 minutes every monday at 9", 45),
        ("om de 2 weken op dinsdag om 10u", DEFAULT_DURATION),
        ("every monday at 9 for 60 minutes", 60),  # the parser's default, said explicitly
        ("every monday at 9 for an hour", 60),
        ("every monday at 9:00-10:00", 60),
        ("elke maandag van 9u tot 10u", 60),
        ("every monday at 9 for 15 minutes", 15),
        ("every monday at 9 for 30", 30),
        ("elke maandag om 9u een half uur", 30),
    ],
)
def test_the_duration_defaults_to_30_minutes_only_when_none_is_given(rest, minutes):
    assert parse(f"<@U1> {rest}")[1].duration_minutes == minutes


@pytest.mark.parametrize(
    "text, code, params",
    [
        ("every monday at 9", "no_user", {}),
        ("@anna every monday at 9", "no_user", {}),
        ("<@U1> <@U2> every monday at 9", "several_users", {}),
        ("<@U1>", "empty", {}),
        ("<@U1>   ", "empty", {}),
        ("<@U1> on monday at 9", "no_frequency", {}),
        ("<@U1> every 9 weeks on monday at 9", "bad_interval", {"interval": 9, "max": 8}),
        (
            "<@U1> every 7 months on the first monday at 9",
            "bad_interval",
            {"interval": 7, "max": 6},
        ),
        ("<@U1> every week at 9", "no_weekday", {}),
        ("<@U1> every month on tuesday at 9", "no_nth", {}),
        ("<@U1> every monday", "no_time", {}),
        ("<@U1> every monday at 25:00", "bad_time", {"text": "25:00"}),
        (
            "<@U1> every monday at 9 for 5 minutes",
            "bad_duration",
            {"minutes": 5, "min": 15, "max": 480},
        ),
        (
            "<@U1> every monday at 9 for 9 hours",
            "bad_duration",
            {"minutes": 540, "min": 15, "max": 480},
        ),
        (
            "<@U1> every monday at 10:00-9:00",
            "bad_duration",
            {"minutes": -60, "min": 15, "max": 480},
        ),
        ("<@U1> every monday at 9 please", "unknown_words", {"words": "please"}),
        ("<@U1> every monday at noon", "unknown_words", {"words": "at, noon"}),
        ("<@U1> every monday at 9 in 2027", "unknown_words", {"words": "in, 2027"}),
        ("<@U1> 2027 every monday at 9", "unknown_words", {"words": "2027"}),
        ("<@U1> every monday on thursday at 9", "unknown_words", {"words": "on, thursday"}),
        ("<@U1> every week on the first monday at 9", "unknown_words", {"words": "first"}),
    ],
)
def test_parse_errors(text, code, params):
    error = error_of(text)
    assert (error.code, error.params) == (code, params)


def test_the_mention_is_checked_before_the_rule():
    assert error_of("every blursday").code == "no_user"
    assert error_of("<@U1> <@U2> every blursday").code == "several_users"


# ---------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    "rule, english, dutch",
    [
        (
            OneOnOneRule("weekly", 2, 1, None, time(10), 30),
            "every 2 weeks on Tuesday at 10:00 (30 minutes)",
            "om de 2 weken op dinsdag om 10:00 (30 minuten)",
        ),
        (
            OneOnOneRule("weekly", 1, 0, None, time(9, 5), 45),
            "every week on Monday at 09:05 (45 minutes)",
            "elke week op maandag om 09:05 (45 minuten)",
        ),
        (
            OneOnOneRule("monthly", 1, 4, -1, time(16), 60),
            "every month on the last Friday at 16:00 (60 minutes)",
            "elke maand op de laatste vrijdag om 16:00 (60 minuten)",
        ),
        (
            OneOnOneRule("monthly", 3, 2, 2, time(8, 30), 90),
            "every 3 months on the second Wednesday at 08:30 (90 minutes)",
            "om de 3 maanden op de tweede woensdag om 08:30 (90 minuten)",
        ),
    ],
)
def test_describe_round_trips_through_parse(rule, english, dutch):
    assert rule.describe("en") == english
    assert rule.describe("nl-BE") == dutch
    assert rule.describe("en_GB") == english
    assert parse(f"<@U1> {english}") == ("U1", rule)
    assert parse(f"<@U1> {dutch}") == ("U1", rule)


def test_the_rule_checks_its_fields():
    with pytest.raises(OneOnOneError) as info:
        OneOnOneRule("weekly", 9, 0, None, time(9))
    assert (info.value.code, info.value.params) == ("bad_interval", {"interval": 9, "max": 8})
    with pytest.raises(OneOnOneError) as info:
        OneOnOneRule("weekly", 1, 0, None, time(9), 10)
    assert info.value.code == "bad_duration"
    for bad in (
        dict(freq="daily", interval=1, weekday=0, nth=None),
        dict(freq="weekly", interval=1, weekday=7, nth=None),
        dict(freq="weekly", interval=1, weekday=0, nth=1),
        dict(freq="monthly", interval=1, weekday=0, nth=None),
        dict(freq="monthly", interval=1, weekday=0, nth=5),
    ):
        with pytest.raises(ValueError):
            OneOnOneRule(at=time(9), **bad)
    assert OneOnOneRule("weekly", 1, 0, None, time(9)).duration_minutes == DEFAULT_DURATION


# ------------------------------------------------------------------------- occurrences


def starts(found: list[Occurrence]) -> list[datetime]:
    return [occurrence.starts_at for occurrence in found]


def test_weekly_occurrences_in_a_window():
    found = occurrences(
        weekly(weekday=1),
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=local(2026, 3, 1, 0),
        end=local(2026, 3, 18, 0),
    )
    assert found == [
        Occurrence(date(2026, 3, 3), local(2026, 3, 3), local(2026, 3, 3, 10, 30), False),
        Occurrence(date(2026, 3, 10), local(2026, 3, 10), local(2026, 3, 10, 10, 30), False),
        Occurrence(date(2026, 3, 17), local(2026, 3, 17), local(2026, 3, 17, 10, 30), False),
    ]
    assert all(occurrence.starts_at.tzinfo is AMS for occurrence in found)


def test_wall_clock_time_survives_dst_in_spring_and_autumn():
    rule = weekly(weekday=1)
    spring = occurrences(
        rule, tz=AMS, first_day=date(2026, 1, 1), start=local(2026, 3, 20), end=local(2026, 4, 3)
    )
    assert [o.starts_at.hour for o in spring] == [10, 10]
    assert [o.starts_at.utcoffset() for o in spring] == [timedelta(hours=1), timedelta(hours=2)]
    assert [o.starts_at.astimezone(UTC).hour for o in spring] == [9, 8]
    autumn = occurrences(
        rule, tz=AMS, first_day=date(2026, 1, 1), start=local(2026, 10, 19), end=local(2026, 11, 1)
    )
    assert [o.day for o in autumn] == [date(2026, 10, 20), date(2026, 10, 27)]
    assert [o.starts_at.hour for o in autumn] == [10, 10]
    assert [o.starts_at.astimezone(UTC).hour for o in autumn] == [8, 9]


def test_a_time_in_the_spring_gap_becomes_the_real_instant():
    rule = weekly(weekday=6, at=time(2, 30))  # Sunday 29 March 2026: 02:00 -> 03:00
    found = occurrences(
        rule, tz=AMS, first_day=date(2026, 3, 1), start=local(2026, 3, 28), end=local(2026, 3, 30)
    )
    assert len(found) == 1
    assert found[0].day == date(2026, 3, 29)
    assert found[0].starts_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (found[0].starts_at.hour, found[0].starts_at.minute) == (3, 30)
    assert found[0].ends_at - found[0].starts_at == timedelta(minutes=30)


def test_the_duration_is_real_time_across_the_autumn_change():
    rule = weekly(weekday=6, at=time(1, 30), duration=120)  # Sunday 25 October 2026
    (found,) = occurrences(
        rule,
        tz=AMS,
        first_day=date(2026, 10, 1),
        start=local(2026, 10, 25, 0),
        end=local(2026, 10, 26),
    )
    assert found.ends_at.astimezone(UTC) - found.starts_at.astimezone(UTC) == timedelta(hours=2)
    assert (found.ends_at.hour, found.ends_at.minute) == (2, 30)  # 02:30 the second time


def test_every_two_weeks_counts_from_the_first_occurrence():
    rule = weekly(weekday=1, interval=2)
    # first_day Thursday 5 March: the first Tuesday on/after it is 10 March.
    found = occurrences(
        rule, tz=AMS, first_day=date(2026, 3, 5), start=local(2026, 3, 1), end=local(2026, 4, 30)
    )
    assert [o.day for o in found] == [
        date(2026, 3, 10),
        date(2026, 3, 24),
        date(2026, 4, 7),
        date(2026, 4, 21),
    ]
    # first_day Wednesday 11 March: the series starts on 17 March instead.
    found = occurrences(
        rule, tz=AMS, first_day=date(2026, 3, 11), start=local(2026, 3, 1), end=local(2026, 4, 30)
    )
    assert [o.day for o in found] == [
        date(2026, 3, 17),
        date(2026, 3, 31),
        date(2026, 4, 14),
        date(2026, 4, 28),
    ]


def test_first_day_on_the_rule_day_is_the_first_occurrence():
    found = occurrences(
        weekly(weekday=1, interval=2),
        tz=AMS,
        first_day=date(2026, 3, 10),
        start=local(2026, 3, 1),
        end=local(2026, 3, 31),
    )
    assert [o.day for o in found] == [date(2026, 3, 10), date(2026, 3, 24)]


def test_nothing_before_the_series_starts():
    found = occurrences(
        weekly(weekday=1),
        tz=AMS,
        first_day=date(2026, 3, 20),
        start=local(2026, 3, 1),
        end=local(2026, 3, 25),
    )
    assert [o.day for o in found] == [date(2026, 3, 24)]
    assert (
        occurrences(
            weekly(),
            tz=AMS,
            first_day=date(2026, 3, 20),
            start=local(2026, 3, 1),
            end=local(2026, 3, 20),
        )
        == []
    )


def test_monthly_first_tuesday_and_last_friday():
    first_tuesday = occurrences(
        monthly(weekday=1, nth=1),
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=local(2026, 2, 1),
        end=local(2026, 6, 1),
    )
    assert [o.day for o in first_tuesday] == [
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 7),
        date(2026, 5, 5),
    ]
    last_friday = occurrences(
        monthly(weekday=4, nth=-1),
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=local(2026, 1, 1),
        end=local(2027, 1, 1),
    )
    assert [o.day for o in last_friday] == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
        date(2026, 5, 29),
        date(2026, 6, 26),
        date(2026, 7, 31),
        date(2026, 8, 28),
        date(2026, 9, 25),
        date(2026, 10, 30),
        date(2026, 11, 27),
        date(2026, 12, 25),
    ]
    assert {o.starts_at.hour for o in last_friday} == {10}


def test_monthly_series_start_at_the_first_matching_day_on_or_after_first_day():
    # The first Tuesday of March 2026 (the 3rd) is before first_day: the series starts in
    # April, and every 2 months counts from there.
    found = occurrences(
        monthly(weekday=1, nth=1, interval=2),
        tz=AMS,
        first_day=date(2026, 3, 4),
        start=local(2026, 1, 1),
        end=local(2026, 12, 31),
    )
    assert [o.day for o in found] == [
        date(2026, 4, 7),
        date(2026, 6, 2),
        date(2026, 8, 4),
        date(2026, 10, 6),
        date(2026, 12, 1),
    ]


def test_window_boundaries_include_start_and_exclude_end():
    rule = weekly(weekday=1)
    kwargs = dict(tz=AMS, first_day=date(2026, 1, 1))
    at_start = occurrences(rule, start=local(2026, 3, 10), end=local(2026, 3, 17), **kwargs)
    assert [o.day for o in at_start] == [date(2026, 3, 10)]
    just_after = occurrences(
        rule, start=local(2026, 3, 10) + timedelta(microseconds=1), end=local(2026, 3, 17), **kwargs
    )
    assert just_after == []
    up_to_end = occurrences(
        rule, start=local(2026, 3, 10, 11), end=local(2026, 3, 17) + timedelta(seconds=1), **kwargs
    )
    assert [o.day for o in up_to_end] == [date(2026, 3, 17)]
    # An occurrence that has started but not ended is not in a window starting after it.
    assert (
        occurrences(rule, start=local(2026, 3, 10, 10, 15), end=local(2026, 3, 11), **kwargs) == []
    )


def test_the_window_may_be_given_in_another_time_zone():
    found = occurrences(
        weekly(weekday=1),
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),  # 10:00 in Amsterdam
        end=datetime(2026, 3, 10, 9, 1, tzinfo=UTC),
    )
    assert [o.starts_at for o in found] == [local(2026, 3, 10)]
    assert found[0].starts_at.tzinfo is AMS


def test_skipped_days_are_left_out():
    found = occurrences(
        weekly(weekday=1),
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=local(2026, 3, 1),
        end=local(2026, 3, 25),
        skipped={date(2026, 3, 10), date(2026, 3, 12)},
    )
    assert [o.day for o in found] == [date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 24)]


def test_a_moved_occurrence_keeps_its_day_and_shows_at_its_new_time():
    rule = weekly(weekday=1)
    moved = {date(2026, 3, 10): local(2026, 3, 12, 15, 0)}  # Tuesday -> Thursday 15:00
    found = occurrences(
        rule,
        tz=AMS,
        first_day=date(2026, 1, 1),
        start=local(2026, 3, 9),
        end=local(2026, 3, 18),
        moved=moved,
    )
    assert found == [
        Occurrence(date(2026, 3, 10), local(2026, 3, 12, 15), local(2026, 3, 12, 15, 30), True),
        Occurrence(date(2026, 3, 17), local(2026, 3, 17), local(2026, 3, 17, 10, 30), False),
    ]


def test_a_moved_occurrence_is_in_the_window_by_its_new_time():
    rule = weekly(weekday=1)
    kwargs = dict(tz=AMS, first_day=date(2026, 1, 1))
    # 10 March moved to 20 March: out of a window holding 10 March, in one holding 20 March.
    moved = {date(2026, 3, 10): local(2026, 3, 20, 9)}
    early = occurrences(
        rule, start=local(2026, 3, 9), end=local(2026, 3, 12), moved=moved, **kwargs
    )
    assert early == []
    late = occurrences(
        rule, start=local(2026, 3, 18), end=local(2026, 3, 25), moved=moved, **kwargs
    )
    assert [(o.day, o.starts_at, o.moved) for o in late] == [
        (date(2026, 3, 10), local(2026, 3, 20, 9), True),
        (date(2026, 3, 24), local(2026, 3, 24), False),
    ]
    # Moved to before its rule day, and given in UTC: converted to the series' zone.
    moved = {date(2026, 3, 24): datetime(2026, 3, 16, 12, 0, tzinfo=UTC)}
    found = occurrences(
        rule, start=local(2026, 3, 16), end=local(2026, 3, 17), moved=moved, **kwargs
    )
    assert [(o.day, o.starts_at) for o in found] == [(date(2026, 3, 24), local(2026, 3, 16, 13))]
    assert found[0].starts_at.tzinfo is AMS


def test_moves_of_days_the_rule_does_not_produce_are_ignored_and_skips_win():
    rule = weekly(weekday=1, interval=2)
    kwargs = dict(
        tz=AMS, first_day=date(2026, 3, 3), start=local(2026, 3, 1), end=local(2026, 4, 1)
    )
    moved = {
        date(2026, 3, 10): local(2026, 3, 11),  # not a rule day (every other Tuesday)
        date(2026, 2, 24): local(2026, 3, 12),  # before the series started
        date(2026, 3, 17): local(2026, 3, 18),  # moved and skipped
    }
    found = occurrences(rule, moved=moved, skipped={date(2026, 3, 17)}, **kwargs)
    assert [o.day for o in found] == [date(2026, 3, 3), date(2026, 3, 31)]


def test_occurrences_need_aware_datetimes():
    rule = weekly()
    with pytest.raises(ValueError):
        occurrences(
            rule, tz=AMS, first_day=TODAY, start=datetime(2026, 3, 1), end=local(2026, 4, 1)
        )
    with pytest.raises(ValueError):
        occurrences(
            rule,
            tz=AMS,
            first_day=TODAY,
            start=local(2026, 3, 1),
            end=local(2026, 4, 1),
            moved={date(2026, 3, 3): datetime(2026, 3, 4, 10)},
        )


def test_a_series_running_for_years_is_cheap_and_correct():
    rule = weekly(weekday=1, interval=3)
    found = occurrences(
        rule, tz=AMS, first_day=date(2000, 1, 5), start=local(2026, 3, 1), end=local(2026, 4, 15)
    )
    series = rrule(WEEKLY, interval=3, byweekday=1, dtstart=datetime(2000, 1, 11))
    expected = [
        moment.date()
        for moment in series.between(datetime(2026, 3, 1), datetime(2026, 4, 15), inc=True)
    ]
    assert [o.day for o in found] == expected
    assert len(expected) == 2


@pytest.mark.parametrize("interval", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("first_day", [date(2025, 12, 31), date(2026, 2, 26), date(2026, 3, 2)])
def test_weekly_days_match_rrule(interval, first_day):
    rule = weekly(weekday=3, interval=interval)
    first = first_day + timedelta(days=(3 - first_day.weekday()) % 7)
    series = rrule(WEEKLY, interval=interval, byweekday=3, dtstart=datetime.combine(first, time()))
    for window_start in (date(2026, 1, 1), date(2026, 3, 5), date(2026, 7, 30)):
        window_end = window_start + timedelta(days=100)
        expected = [
            moment.date()
            for moment in series.between(
                datetime.combine(window_start, time()),
                datetime.combine(window_end, time()),
                inc=True,
            )
        ]
        expected = [day for day in expected if window_start <= day < window_end]
        found = occurrences(
            rule,
            tz=AMS,
            first_day=first_day,
            start=local(window_start.year, window_start.month, window_start.day, 0),
            end=local(window_end.year, window_end.month, window_end.day, 0),
        )
        assert [o.day for o in found] == expected


@pytest.mark.parametrize("interval", [1, 2, 3, 6])
@pytest.mark.parametrize("nth", [1, 2, 3, 4, -1])
def test_monthly_days_match_rrule(interval, nth):
    rule = monthly(weekday=2, nth=nth, interval=interval)
    first_day = date(2025, 11, 15)
    # The first matching day on/after first_day, then every `interval` months from there.
    (first,) = rrule(
        MONTHLY, byweekday=rrule_weekday(2, nth), dtstart=datetime(2025, 11, 15), count=1
    )
    series = rrule(MONTHLY, interval=interval, byweekday=rrule_weekday(2, nth), dtstart=first)
    expected = [
        moment.date()
        for moment in series.between(datetime(2026, 2, 1), datetime(2027, 6, 1), inc=True)
    ]
    found = occurrences(
        rule, tz=AMS, first_day=first_day, start=local(2026, 2, 1, 0), end=local(2027, 6, 1, 0)
    )
    assert [o.day for o in found] == expected


# --------------------------------------------------------------------- next occurrence


def test_next_occurrence_is_strictly_after():
    rule = weekly(weekday=1)
    kwargs = dict(tz=AMS, first_day=date(2026, 1, 1))
    assert next_occurrence(rule, after=local(2026, 3, 9), **kwargs).day == date(2026, 3, 10)
    assert next_occurrence(rule, after=local(2026, 3, 10), **kwargs).day == date(2026, 3, 17)
    after = local(2026, 3, 10) - timedelta(microseconds=1)
    assert next_occurrence(rule, after=after, **kwargs).day == date(2026, 3, 10)


def test_next_occurrence_honours_skips_and_moves():
    rule = weekly(weekday=1)
    kwargs = dict(tz=AMS, first_day=date(2026, 1, 1), after=local(2026, 3, 9))
    skipped = next_occurrence(rule, skipped={date(2026, 3, 10)}, **kwargs)
    assert skipped.day == date(2026, 3, 17)
    moved = next_occurrence(rule, moved={date(2026, 3, 17): local(2026, 3, 9, 16)}, **kwargs)
    assert (moved.day, moved.starts_at, moved.moved) == (
        date(2026, 3, 17),
        local(2026, 3, 9, 16),
        True,
    )


def test_next_occurrence_before_the_series_starts_and_across_dst():
    rule = weekly(weekday=6, at=time(2, 30))
    found = next_occurrence(rule, tz=AMS, first_day=date(2026, 3, 25), after=local(2026, 1, 1))
    assert found.day == date(2026, 3, 29)
    assert found.starts_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_next_occurrence_after_an_ambiguous_autumn_moment():
    # 02:30 on 25 October 2026 happens twice; after the second one (fold=1, CET) the 02:45
    # meeting of that day (the first 02:45, CEST) is over.
    rule = weekly(weekday=6, at=time(2, 45))
    after = datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=1)
    found = next_occurrence(rule, tz=AMS, first_day=date(2026, 10, 1), after=after)
    assert found.day == date(2026, 11, 1)


def test_next_occurrence_gives_up_after_about_two_years():
    rule = monthly(weekday=1, nth=1, interval=6)
    every_day = {date(2026, 1, 1) + timedelta(days=n) for n in range(3 * 366)}
    found = next_occurrence(
        rule, tz=AMS, first_day=date(2026, 1, 1), after=local(2026, 1, 1), skipped=every_day
    )
    assert found is None
