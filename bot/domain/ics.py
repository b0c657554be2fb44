"""An iCalendar (.ics) file with the team's sales meetings, to import or subscribe to.

Pure Python (plus icalendar): no Slack and no database code lives here.

Every event carries its start and end as wall-clock times with ``TZID=<tz_name>`` and the
file includes the matching VTIMEZONE, so a colleague abroad sees the meeting at the right
hour in their own calendar. A meeting keeps its UID for life; when it is moved the caller
bumps ``sequence`` and when it is cancelled it stays in the file with STATUS:CANCELLED, so
calendar apps update or remove their copy instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PRODID = "-//Salesbot//Sales meetings//EN"


@dataclass(frozen=True)
class IcsEvent:
    uid: str  # stable for the life of the meeting, e.g. "meeting-42@salesbot"
    starts_at: datetime  # aware
    ends_at: datetime  # aware, after starts_at
    summary: str
    description: str | None = None
    cancelled: bool = False  # STATUS:CANCELLED instead of STATUS:CONFIRMED
    sequence: int = 0  # bumped every time the meeting is moved


def _check(event: IcsEvent) -> None:
    if not event.uid.strip():
        raise ValueError("an event needs a uid")
    for moment in (event.starts_at, event.ends_at):
        if moment.utcoffset() is None:
            raise ValueError(f"event {event.uid!r}: datetimes must be aware, not {moment!r}")
    if event.ends_at <= event.starts_at:
        raise ValueError(f"event {event.uid!r} ends before it starts")
    if event.sequence < 0:
        raise ValueError(f"event {event.uid!r}: sequence must not be negative")


def build_ics(
    events: list[IcsEvent],
    *,
    calendar_name: str,
    tz_name: str,
    stamp: datetime | None = None,
) -> bytes:
    """The events as an iCalendar file (bytes, CRLF line endings, UTF-8).

    ``tz_name`` is the team's IANA time zone ("Europe/Amsterdam"): every DTSTART/DTEND is
    written as wall-clock time in that zone with its TZID, and its VTIMEZONE is included.
    ``stamp`` is the DTSTAMP of every event (default: now), in UTC. Raises ValueError for
    an unknown time zone or an invalid event.
    """
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz_name!r}") from None
    if stamp is None:
        stamp = datetime.now(UTC)
    elif stamp.utcoffset() is None:
        raise ValueError("stamp must be an aware datetime")
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    # Only here: icalendar is 80 modules and 2 MiB that a bot which never exports would keep
    # (issue 14: at most 120 MiB a process).
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", tz_name)

    for event in events:
        _check(event)
        component = Event()
        component.add("uid", event.uid)
        component.add("dtstamp", stamp)
        component.add("dtstart", event.starts_at.astimezone(tz).replace(microsecond=0))
        component.add("dtend", event.ends_at.astimezone(tz).replace(microsecond=0))
        component.add("summary", event.summary)
        if event.description:
            component.add("description", event.description)
        component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        component.add("sequence", event.sequence)
        calendar.add_component(component)

    if events:
        # Only the transitions around the events (a year either side), not 1970-2038.
        first = min(event.starts_at.astimezone(tz).date() for event in events)
        last = max(event.ends_at.astimezone(tz).date() for event in events)
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
        )
    else:
        calendar.add_missing_timezones()  # nothing uses a TZID: adds nothing
    return calendar.to_ical()
