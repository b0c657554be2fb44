"""Parsing `/meetings move ... because ...` and `/meetings cancel ... because ...` (English and Dutch).

Pure: dates are read with calendar.parse_day; errors are CalendarError codes the views explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from bot.domain.calendar import CalendarError, parse_day

REASON_MAX = 500
_REASON_SPLIT = re.compile(
    r"\s+(?:because|omdat|want|reason:?|reden:?|wegens|vanwege)\s+|\s+[-–—]\s+|\s*:\s+",
    re.IGNORECASE,
)
_TO_SPLIT = re.compile(r"\s+(?:to|naar|->|→)\s+", re.IGNORECASE)
_AT_TIME = re.compile(
    r"^(?P<day>.+?)\s+(?:at|om|@)\s+(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:u|uur|h)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MoveRequest:
    day: date
    to_day: date
    to_time: time | None  # None: keep the meeting's time
    reason: str


@dataclass(frozen=True)
class CancelRequest:
    day: date
    reason: str


def _split_reason(text: str, usage: str) -> tuple[str, str]:
    parts = _REASON_SPLIT.split(text.strip(), maxsplit=1)
    if not parts[0].strip():
        raise CalendarError(usage)
    if len(parts) < 2:
        raise CalendarError("no_reason")
    reason = " ".join(parts[1].split())
    if not reason:
        raise CalendarError("no_reason")
    if len(reason) > REASON_MAX:
        raise CalendarError("reason_too_long", max=REASON_MAX, length=len(reason))
    return parts[0].strip(), reason


def parse_reschedule(text: str, *, today: date, usage: str) -> tuple[date, date, time | None]:
    """`<day> to <day> [at hh:mm]` (or `naar ... om ...`): (day, new day, new time or None).

    The first day may be past (it names an existing date); the new one may not.
    """
    days = _TO_SPLIT.split(text.strip(), maxsplit=1)
    if len(days) != 2:
        raise CalendarError(usage)
    from_text, to_text = days[0].strip(), days[1].strip()
    to_time = None
    match = _AT_TIME.match(to_text)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if hour > 23 or minute > 59:
            raise CalendarError("bad_time", text=to_text)
        to_text, to_time = match["day"], time(hour, minute)
    day = parse_day(from_text, today=today, allow_past=True)
    return day, parse_day(to_text, today=today), to_time


def parse_move(text: str, *, today: date) -> MoveRequest:
    """`2027-03-08 to 2027-03-10 [at 14:00] because ...` (or `... naar ... omdat ...`)."""
    if not text.strip() or not _TO_SPLIT.search(text):
        raise CalendarError("move_usage")
    head, reason = _split_reason(text, "move_usage")
    day, to_day, to_time = parse_reschedule(head, today=today, usage="move_usage")
    return MoveRequest(day=day, to_day=to_day, to_time=to_time, reason=reason)


def parse_cancel(text: str, *, today: date) -> CancelRequest:
    """`2027-03-08 because ...` (or `8 maart omdat ...`)."""
    if not text.strip():
        raise CalendarError("cancel_usage")
    head, reason = _split_reason(text, "cancel_usage")
    return CancelRequest(day=parse_day(head, today=today, allow_past=True), reason=reason)
