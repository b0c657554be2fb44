"""When each timed message of a sales meeting is due, and until when it is still worth sending.

Pure: times are computed from the meeting's start in the team's time zone, as wall-clock
times on local days, so "the evening before at 18:00" stays 18:00 across a DST change.
Nothing is posted on a weekend or public holiday: a post that would fall on one moves to the
previous working day (the agenda of a Monday meeting opens, is reminded and locks on Friday).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.workdays import next_working_day, previous_working_day

RATING_DELAY = timedelta(minutes=5)  # after the meeting's end
RATING_STALE = timedelta(days=2)
YEAR_CALENDAR_STALE = timedelta(days=14)


@dataclass(frozen=True)
class AgendaTimes:
    """The agenda's life around one meeting (all aware, in the team's time zone)."""

    opens_at: datetime
    reminder_at: datetime
    cutoff: datetime  # the agenda is locked: later items go to the next meeting
    starts_at: datetime
    ends_at: datetime
    rating_at: datetime


@dataclass(frozen=True)
class DueSend:
    """A timed message: due at `due_at`, pointless from `stale_at` on."""

    key: str
    kind: str
    due_at: datetime
    stale_at: datetime


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`day` at wall-clock `at` in `tz`; a time in the spring-forward gap becomes the real instant."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC).astimezone(tz)


def working_moment(
    day: date, at: time, tz: ZoneInfo, *, holidays_country: str | None, later: bool = False
) -> datetime:
    """`day` at wall-clock `at` in `tz`, on the previous working day (the next with `later`)
    when `day` is a weekend or public holiday of `holidays_country`; None moves nothing."""
    if holidays_country:
        move = next_working_day if later else previous_working_day
        day = move(day, holidays_country=holidays_country)
    return local_moment(day, at, tz)


def before_on_a_working_day(
    starts_at: datetime, lead: timedelta, tz: ZoneInfo, *, holidays_country: str | None
) -> datetime:
    """`lead` before `starts_at`, moved to the previous working day (same wall-clock time in
    `tz`) when that falls on a weekend or public holiday."""
    # Wall-clock arithmetic in `tz`: "48 hours before" a Monday 10:00 is Saturday 10:00, also
    # across a daylight-saving change.
    moment = starts_at.astimezone(tz) - lead
    return working_moment(
        moment.date(), moment.time().replace(tzinfo=None), tz, holidays_country=holidays_country
    )


def prep_and_nudge_moments(
    starts_at: datetime,
    *,
    prep_lead: timedelta,
    nudge_lead: timedelta,
    tz: ZoneInfo,
    holidays_country: str | None,
) -> tuple[datetime, datetime]:
    """When the rep is asked to prepare a 1:1 and when the manager's nudge goes out: both on
    working days, and the prompt always a working day before the nudge when moving them
    would make them meet (a Monday 1:1: nudge on Friday, prompt on Thursday)."""
    nudge = before_on_a_working_day(starts_at, nudge_lead, tz, holidays_country=holidays_country)
    prep = before_on_a_working_day(starts_at, prep_lead, tz, holidays_country=holidays_country)
    if prep >= nudge:
        local = prep.astimezone(tz)
        prep = working_moment(
            nudge.astimezone(tz).date() - timedelta(days=1),
            local.time().replace(tzinfo=None),
            tz,
            holidays_country=holidays_country,
        )
    return prep, nudge


def agenda_times(
    starts_at: datetime,
    duration_minutes: int,
    *,
    tz: ZoneInfo,
    open_days: int,
    open_time: time,
    reminder_time: time,
    cutoff_time: time,
    holidays_country: str | None = None,
) -> AgendaTimes:
    """The agenda's moments; with `holidays_country` none falls on a weekend or holiday."""
    start = starts_at.astimezone(tz)
    day_before = start.date() - timedelta(days=1)
    opening_day = start.date() - timedelta(days=open_days)

    def moment(day: date, at: time) -> datetime:
        return working_moment(day, at, tz, holidays_country=holidays_country)

    cutoff = min(moment(day_before, cutoff_time), start)
    opens_at = min(moment(opening_day, open_time), cutoff)
    reminder_at = min(moment(day_before, reminder_time), start)
    ends_at = (start.astimezone(UTC) + timedelta(minutes=duration_minutes)).astimezone(tz)
    return AgendaTimes(
        opens_at=opens_at,
        reminder_at=reminder_at,
        cutoff=cutoff,
        starts_at=start,
        ends_at=ends_at,
        rating_at=ends_at + RATING_DELAY,
    )


def meeting_sends(meeting_id: int, times: AgendaTimes) -> list[DueSend]:
    """The channel posts of one meeting. Keys carry the start where a move should repeat them."""
    stamp = int(times.starts_at.timestamp())
    return [
        DueSend(f"agenda_open:{meeting_id}", "agenda_open", times.opens_at, times.cutoff),
        DueSend(
            f"agenda_reminder:{meeting_id}:{stamp}",
            "agenda_reminder",
            times.reminder_at,
            times.starts_at,
        ),
        DueSend(f"agenda_lock:{meeting_id}:{stamp}", "agenda_lock", times.cutoff, times.ends_at),
        DueSend(
            f"rating_ask:{meeting_id}", "rating_ask", times.rating_at, times.ends_at + RATING_STALE
        ),
    ]
