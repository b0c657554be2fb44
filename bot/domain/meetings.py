"""The team's fixed sales meetings: a year's rule (``/meetings plan <rule>``) and its calendar,
and the typed moves and cancellations (``/meetings move|cancel ... because ...``).
Pure Python (plus python-dateutil and holidays): no Slack, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.days import TO_SPLIT, CalendarError, parse_day, parse_reschedule
from bot.domain.recurrence import Recurrence, read_rule
from bot.domain.workdays import public_holidays

DEFAULT_DURATION = 60
MAX_YEARS_AHEAD = 2
HOLIDAY_POLICIES = ("move", "skip")

# -------------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class PlanRule(Recurrence):
    """The rule of one year's meetings."""

    duration_minutes: int = DEFAULT_DURATION
    year: int = field(kw_only=True)


def parse_plan_rule(text: str, *, today: date) -> PlanRule:
    """The rule of ``/meetings plan <rule>``, e.g. ``2027 every 2 weeks on monday at 09:00 for
    60 minutes`` or ``2027 maandelijks op de laatste vrijdag om 16u``; raises CalendarError."""
    words = read_rule(text)
    year = words.year
    if year is None:
        raise CalendarError("no_year")
    if year < today.year:
        raise CalendarError("year_in_past", year=year, current=today.year)
    if year > today.year + MAX_YEARS_AHEAD:
        raise CalendarError("year_too_far", year=year, max=today.year + MAX_YEARS_AHEAD)
    return words.rule(PlanRule, default_duration=DEFAULT_DURATION, year=year)


# ---------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class PlannedDate:
    starts_at: datetime  # aware, in the generator's ZoneInfo
    ends_at: datetime
    rule_date: date  # the day the rule produced
    holiday: str | None  # the holiday on rule_date when the meeting was moved away from it

    @property
    def moved(self) -> bool:
        return self.starts_at.date() != self.rule_date


@dataclass(frozen=True)
class CalendarPreview:
    rule: PlanRule
    dates: list[PlannedDate]  # the meetings to hold, sorted
    skipped: list[tuple[date, str]]  # (rule date, holiday name): not held
    dropped_past: int  # rule dates before not_before (planning the current year mid-year)


def generate_calendar(
    rule: PlanRule,
    *,
    tz: ZoneInfo,
    holidays_country: str = "NL",
    holiday_policy: str = "move",
    not_before: datetime | None = None,
    holidays_language: str | None = None,
) -> CalendarPreview:
    """The meetings of ``rule.year`` in ``tz``. One on a public holiday moves to the next working
    day (policy "move"), or is ``skipped`` (policy "skip", or that day is in the next year or
    taken); one on a weekend stays (the admin's choice). Meetings before ``not_before`` (aware), holidays
    included, are only counted in ``dropped_past``. Holidays are named in ``holidays_language``
    ("nl", "en_US"; the country's default when None or unsupported)."""
    if holiday_policy not in HOLIDAY_POLICIES:
        raise ValueError(f"holiday_policy must be one of {HOLIDAY_POLICIES}: {holiday_policy!r}")
    if not_before is not None and not_before.utcoffset() is None:
        raise ValueError("not_before must be an aware datetime")
    days_off = public_holidays(holidays_country, rule.year, language=holidays_language)
    new_year = date(rule.year, 1, 1)
    rule_days = rule.days(first_day=new_year, since=new_year, until=date(rule.year, 12, 31))
    taken = {day for day in rule_days if day not in days_off}

    dates: list[PlannedDate] = []
    skipped: list[tuple[date, str]] = []
    dropped_past = 0
    for rule_day in rule_days:
        holiday = days_off.get(rule_day)
        target: date | None = rule_day
        if holiday is not None:
            target = None
            if holiday_policy == "move":
                moved = rule_day + timedelta(days=1)
                while moved.weekday() >= 5 or moved in days_off:
                    moved += timedelta(days=1)
                if moved.year == rule.year and moved not in taken:
                    target = moved
        if target is None:
            assert holiday is not None
            if not_before is not None and rule.starts_on(rule_day, tz) < not_before:
                dropped_past += 1
            else:
                skipped.append((rule_day, holiday))
            continue
        starts_at = rule.starts_on(target, tz)
        if not_before is not None and starts_at < not_before:
            dropped_past += 1
            continue
        taken.add(target)
        dates.append(PlannedDate(starts_at, rule.ends(starts_at, tz), rule_day, holiday))

    dates.sort(key=lambda planned: planned.starts_at)
    return CalendarPreview(rule=rule, dates=dates, skipped=skipped, dropped_past=dropped_past)


# ---------------------------------------------------------------------- moves and cancels

REASON_MAX = 500
_REASON_SPLIT = re.compile(
    r"\s+(?:because|omdat|want|reason:?|reden:?|wegens|vanwege)\s+|\s+[-–—]\s+|\s*:\s+",
    re.IGNORECASE,
)


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


def parse_move(text: str, *, today: date) -> tuple[date, date, time | None, str]:
    """`2027-03-08 to 2027-03-10 [at 14:00] because ...` (or `... naar ... omdat ...`): the
    day, the new day, the new time (None: the meeting's own) and the reason."""
    if not text.strip() or not TO_SPLIT.search(text):
        raise CalendarError("move_usage")
    head, reason = _split_reason(text, "move_usage")
    return (*parse_reschedule(head, today=today, usage="move_usage"), reason)


def parse_cancel(text: str, *, today: date) -> tuple[date, str]:
    """`2027-03-08 because ...` (or `8 maart omdat ...`): the day and the reason."""
    if not text.strip():
        raise CalendarError("cancel_usage")
    head, reason = _split_reason(text, "cancel_usage")
    return parse_day(head, today=today, allow_past=True), reason
