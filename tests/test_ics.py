"""Tests for bot.domain.ics: the iCalendar file with the team's sales meetings."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.domain.ics import PRODID, IcsEvent, build_ics
from bot.domain.meetings import PlanRule, generate_calendar

AMS = ZoneInfo("Europe/Amsterdam")
TZ_NAME = "Europe/Amsterdam"
STAMP = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def meeting(number: int, start: datetime, minutes: int = 60, **changes: object) -> IcsEvent:
    event = IcsEvent(
        uid=f"meeting-{number}@salesbot",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        summary="Sales meeting",
        description="Wins, pipeline, next steps",
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def biweekly_2027() -> list[IcsEvent]:
    rule = PlanRule("weekly", 2, 0, None, time(9), 60, year=2027)
    preview = generate_calendar(rule, tz=AMS)
    return [
        IcsEvent(
            uid=f"meeting-{index}@salesbot",
            starts_at=planned.starts_at,
            ends_at=planned.ends_at,
            summary="Sales meeting",
            description=f"Moved: {planned.holiday}" if planned.holiday else None,
        )
        for index, planned in enumerate(preview.dates, start=1)
    ]


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


# ------------------------------------------------------------------------------- basics


def test_calendar_properties() -> None:
    data = build_ics(
        biweekly_2027(), calendar_name="Sales meetings 2027", tz_name=TZ_NAME, stamp=STAMP
    )
    assert isinstance(data, bytes)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.rstrip().endswith(b"END:VCALENDAR")
    calendar = parse(data)
    assert str(calendar["prodid"]) == PRODID == "-//Salesbot//Sales meetings//EN"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Sales meetings 2027"
    assert str(calendar["x-wr-timezone"]) == TZ_NAME


def test_every_planned_meeting_is_an_event_at_nine_local_time() -> None:
    events = biweekly_2027()
    calendar = parse(build_ics(events, calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP))
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(events) == 26
    for source, vevent in zip(events, vevents, strict=True):
        assert str(vevent["uid"]) == source.uid
        start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
        assert vevent["dtstart"].params["TZID"] == TZ_NAME
        assert vevent["dtend"].params["TZID"] == TZ_NAME
        assert (start.hour, start.minute) == (9, 0)  # local wall clock, summer and winter
        assert end - start == timedelta(hours=1)
        assert start == source.starts_at and end == source.ends_at
        assert str(vevent["status"]) == "CONFIRMED"
        assert int(vevent["sequence"]) == 0
        assert vevent.decoded("dtstamp") == STAMP
    utc_hours = {
        vevent.decoded("dtstart").date(): vevent.decoded("dtstart").astimezone(UTC).hour
        for vevent in vevents
    }
    assert utc_hours[date(2027, 1, 4)] == 8  # CET
    assert utc_hours[date(2027, 3, 30)] == 7  # CEST (Easter Monday, moved to Tuesday)
    assert utc_hours[date(2027, 10, 25)] == 7
    assert utc_hours[date(2027, 11, 8)] == 8


def test_the_raw_text_carries_tzid_and_wall_clock() -> None:
    data = build_ics(
        [meeting(1, datetime(2027, 7, 5, 9, tzinfo=AMS))],
        calendar_name="Sales",
        tz_name=TZ_NAME,
        stamp=STAMP,
    )
    text = data.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20270705T090000\r\n" in text
    assert "DTEND;TZID=Europe/Amsterdam:20270705T100000\r\n" in text
    assert "DTSTAMP:20261201T120000Z\r\n" in text
    assert "UID:meeting-1@salesbot\r\n" in text


def test_vtimezone_is_included_with_both_2027_transitions() -> None:
    calendar = parse(
        build_ics(biweekly_2027(), calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)
    )
    timezones = calendar.walk("VTIMEZONE")
    assert len(timezones) == 1
    assert str(timezones[0]["tzid"]) == TZ_NAME
    names = {component.name for component in timezones[0].subcomponents}
    assert names == {"STANDARD", "DAYLIGHT"}
    times, infos = timezones[0].get_transitions()
    in_2027 = {
        moment.date(): (offset, name)
        for moment, (offset, _, name) in zip(times, infos, strict=True)
        if moment.year == 2027
    }
    assert in_2027 == {
        date(2027, 3, 28): (timedelta(hours=2), "CEST"),
        date(2027, 10, 31): (timedelta(hours=1), "CET"),
    }
    # The VTIMEZONE comes before the events, as Outlook likes it.
    text = calendar.to_ical().decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_colleague_abroad_sees_the_right_hour() -> None:
    events = [
        meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS)),
        meeting(2, datetime(2027, 3, 15, 9, tzinfo=AMS)),  # US already on summer time, EU not
        meeting(3, datetime(2027, 7, 5, 9, tzinfo=AMS)),
    ]
    calendar = parse(build_ics(events, calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP))
    new_york = ZoneInfo("America/New_York")
    hours = [
        vevent.decoded("dtstart").astimezone(new_york).hour for vevent in calendar.walk("VEVENT")
    ]
    assert hours == [3, 4, 3]


def test_events_in_another_zone_are_written_in_the_teams_zone() -> None:
    start = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam
    data = build_ics([meeting(1, start)], calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)
    assert b"DTSTART;TZID=Europe/Amsterdam:20270104T090000" in data
    vevent = parse(data).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == start


@pytest.mark.parametrize(
    ("tz_name", "expected"),
    [
        ("Europe/Brussels", "DTSTART;TZID=Europe/Brussels:20270104T090000"),
        ("Europe/London", "DTSTART;TZID=Europe/London:20270104T080000"),
        ("America/New_York", "DTSTART;TZID=America/New_York:20270104T030000"),
    ],
)
def test_other_team_zones(tz_name: str, expected: str) -> None:
    data = build_ics(
        [meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS))],
        calendar_name="Sales",
        tz_name=tz_name,
        stamp=STAMP,
    )
    assert expected in data.decode()
    calendar = parse(data)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [tz_name]
    assert str(calendar["x-wr-timezone"]) == tz_name


# ------------------------------------------------------------------- cancel, move, UIDs


def test_cancelled_event() -> None:
    events = [
        meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS)),
        meeting(2, datetime(2027, 1, 18, 9, tzinfo=AMS), cancelled=True, sequence=1),
    ]
    by_uid = events_by_uid(
        parse(build_ics(events, calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP))
    )
    assert str(by_uid["meeting-1@salesbot"]["status"]) == "CONFIRMED"  # type: ignore[index]
    assert str(by_uid["meeting-2@salesbot"]["status"]) == "CANCELLED"  # type: ignore[index]
    assert int(by_uid["meeting-2@salesbot"]["sequence"]) == 1  # type: ignore[index]


def test_uids_are_stable_and_a_moved_meeting_keeps_its_uid() -> None:
    events = biweekly_2027()
    first = build_ics(events, calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)
    again = build_ics(events, calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)
    assert first == again  # same input, same bytes

    moved = list(events)
    moved[3] = dataclasses.replace(
        events[3],
        starts_at=events[3].starts_at + timedelta(days=1, hours=2),
        ends_at=events[3].ends_at + timedelta(days=1, hours=2),
        sequence=1,
    )
    later = datetime(2027, 1, 20, tzinfo=UTC)
    after = events_by_uid(
        parse(build_ics(moved, calendar_name="Sales", tz_name=TZ_NAME, stamp=later))
    )
    before = events_by_uid(parse(first))
    assert list(after) == list(before) == [event.uid for event in events]
    changed = after[events[3].uid]
    assert changed.decoded("dtstart") == datetime(2027, 2, 16, 11, tzinfo=AMS)  # type: ignore[attr-defined]
    assert int(changed["sequence"]) == 1  # type: ignore[index]
    assert changed.decoded("dtstamp") == later  # type: ignore[attr-defined]


def test_default_stamp_is_now_in_utc() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    data = build_ics(
        [meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS))], calendar_name="Sales", tz_name=TZ_NAME
    )
    stamp = parse(data).walk("VEVENT")[0].decoded("dtstamp")
    assert stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= datetime.now(UTC)


def test_stamp_in_another_zone_is_written_in_utc() -> None:
    data = build_ics(
        [meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS))],
        calendar_name="Sales",
        tz_name=TZ_NAME,
        stamp=datetime(2026, 12, 1, 13, 0, 0, 123, tzinfo=AMS),
    )
    assert b"DTSTAMP:20261201T120000Z\r\n" in data


# ------------------------------------------------------------------------------- texts


def test_texts_are_escaped_and_round_trip() -> None:
    summary = "Verkoopoverleg; één team, één doel"
    description = "Agenda:\n1. Wins, 2. Pijplijn; 3. Acties \\ vragen\n" + "Lange tekst " * 20
    event = meeting(
        1, datetime(2027, 1, 4, 9, tzinfo=AMS), summary=summary, description=description
    )
    data = build_ics([event], calendar_name="Verkoop – België", tz_name=TZ_NAME, stamp=STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines
    calendar = parse(data)
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["summary"]) == summary
    assert str(vevent["description"]) == description
    assert str(calendar["x-wr-calname"]) == "Verkoop – België"


def test_no_description_means_no_description_property() -> None:
    event = meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS), description=None)
    vevent = parse(build_ics([event], calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)).walk(
        "VEVENT"
    )[0]
    assert "DESCRIPTION" not in vevent
    empty = meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS), description="")
    vevent = parse(build_ics([empty], calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)).walk(
        "VEVENT"
    )[0]
    assert "DESCRIPTION" not in vevent


def test_empty_calendar() -> None:
    calendar = parse(build_ics([], calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["x-wr-calname"]) == "Sales"


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "event",
    [
        meeting(1, datetime(2027, 1, 4, 9)),  # naive
        IcsEvent("m@salesbot", datetime(2027, 1, 4, 9, tzinfo=AMS), datetime(2027, 1, 4, 10), "S"),
        IcsEvent(
            "m@salesbot",
            datetime(2027, 1, 4, 9, tzinfo=AMS),
            datetime(2027, 1, 4, 9, tzinfo=AMS),
            "S",
        ),
        IcsEvent(
            "m@salesbot",
            datetime(2027, 1, 4, 9, tzinfo=AMS),
            datetime(2027, 1, 4, 8, tzinfo=AMS),
            "S",
        ),
        meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS), uid=" "),
        meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS), sequence=-1),
    ],
)
def test_invalid_events(event: IcsEvent) -> None:
    with pytest.raises(ValueError):
        build_ics([event], calendar_name="Sales", tz_name=TZ_NAME, stamp=STAMP)


@pytest.mark.parametrize("tz_name", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_unknown_time_zone(tz_name: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        build_ics(
            [meeting(1, datetime(2027, 1, 4, 9, tzinfo=AMS))], calendar_name="S", tz_name=tz_name
        )


def test_naive_stamp() -> None:
    with pytest.raises(ValueError, match="stamp"):
        build_ics([], calendar_name="S", tz_name=TZ_NAME, stamp=datetime(2026, 12, 1))
