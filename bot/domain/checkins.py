"""Weekly check-ins: how many prospects a rep contacted, and what held them back (pure Python).

Reps are accountable for contacting new clients; the manager's digest names the operational
obstacles to remove. The readings of ambiguous input are pinned by tests/test_checkins_domain.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.days import CalendarError, parse_day
from bot.domain.errors import FieldErrors, UserError
from bot.domain.schedule import local_moment
from bot.domain.workdays import is_working_day

REASONS = ("deliveries", "implementation", "internal", "no_leads", "other")

COUNT_MAX = 500  # prospects or meetings in one week
NOTE_MAX = 1000
OUTREACH_PER_CLIENT = 10  # prospects contacted per new client, to derive a weekly target
WORKING_WEEKS = 46

_DIGITS_RE = re.compile(r"[0-9]+")
_NEGATIVE_RE = re.compile(r"-\s*[0-9]+")


@dataclass(frozen=True)
class CheckinInput:
    """A validated check-in: counts, reasons in REASONS order, the note stripped ("" if none)."""

    prospects: int
    meetings: int
    reasons: tuple[str, ...]
    note: str


class CheckinError(FieldErrors):
    """Invalid fields of a check-in: field -> (code, params). Codes: required, not_a_number
    (text), negative, too_large (max), too_long (length, max), unknown_reason (reason)."""

    what = "invalid check-in"


def _count(value: str | None) -> tuple[int | None, tuple[str, dict] | None]:
    text = (value or "").strip()
    if not text:
        return None, ("required", {})
    if _NEGATIVE_RE.fullmatch(text):
        return None, ("negative", {})
    if not _DIGITS_RE.fullmatch(text):
        return None, ("not_a_number", {"text": text})
    number = int(text)
    if number > COUNT_MAX:
        return None, ("too_large", {"max": COUNT_MAX})
    return number, None


def validate_checkin(
    *, prospects: str | None, meetings: str | None, reasons: list[str] | None, note: str | None
) -> CheckinInput:
    """The check-in as entered; raises CheckinError listing every invalid field."""
    errors: dict[str, tuple[str, dict]] = {}
    counts: dict[str, int | None] = {}
    for name, value in (("prospects", prospects), ("meetings", meetings)):
        counts[name], error = _count(value)
        if error is not None:
            errors[name] = error

    chosen = [reason for reason in ((r or "").strip() for r in reasons or []) if reason]
    unknown = [reason for reason in chosen if reason not in REASONS]
    if unknown:
        errors["reasons"] = ("unknown_reason", {"reason": unknown[0]})

    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        errors["note"] = ("too_long", {"length": len(text), "max": NOTE_MAX})

    if errors:
        raise CheckinError(errors)  # in the order of the form's fields
    assert counts["prospects"] is not None and counts["meetings"] is not None
    ordered = tuple(reason for reason in REASONS if reason in chosen)
    return CheckinInput(counts["prospects"], counts["meetings"], ordered, text)


# --------------------------------------------------------------------------- weeks


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_label(monday: date) -> str:
    """The ISO week as "2027-W09" (ISO year: 2027-01-01 is "2026-W53")."""
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def weekly_target(*, yearly_clients: int | None, override: int | None = None) -> int | None:
    """Prospects to contact per week: `override` (set by the manager) wins; else derived from
    the account plan's new clients for the year, ceil(clients * 10 / 46). None without a plan
    (or a plan of 0 clients) and no override."""
    if override is not None:
        return max(0, override)
    if yearly_clients is None or yearly_clients <= 0:
        return None
    return math.ceil(yearly_clients * OUTREACH_PER_CLIENT / WORKING_WEEKS)


def streak(weeks_checked_in: set[date], *, current_monday: date) -> int:
    """Consecutive weeks with a check-in, ending at the current week, or at the week before
    when the current week has no check-in yet (the week is not over). Any day of a week
    counts for its week."""
    weeks = {week_start(day) for day in weeks_checked_in}
    week = week_start(current_monday)
    if week not in weeks:
        week -= timedelta(weeks=1)
    count = 0
    while week in weeks:
        count += 1
        week -= timedelta(weeks=1)
    return count


def prompt_moment(monday: date, *, tz: ZoneInfo, weekday: int, at: time) -> datetime:
    """The week's prompt: weekday (0=Monday .. 6=Sunday) of `monday`'s week at wall-clock
    `at` in the rep's zone (aware, DST-safe)."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0..6, not {weekday!r}")
    return local_moment(week_start(monday) + timedelta(days=weekday), at, tz)


def reminder_moment(prompt_day: date, *, tz: ZoneInfo, at: time, holidays_country: str) -> datetime:
    """The next working day after `prompt_day` (skipping weekends and public holidays of
    `holidays_country`) at wall-clock `at` in `tz`."""
    day = prompt_day + timedelta(days=1)
    while not is_working_day(day, holidays_country=holidays_country):
        day += timedelta(days=1)
    return local_moment(day, at, tz)


# --------------------------------------------------------------------------- away


class AwayError(UserError):
    """A user error in ``/checkin away ...``. Codes: "usage" (no date), "bad_date" (text),
    "date_in_past" (date)."""


_AWAY_PREFIX_RE = re.compile(
    r"^(?:(?:away|afwezig|weg)(?:\s+|$))?"
    r"(?:(?:until|till|til|through|thru|to|tot\s+en\s+met|tot|t/m|tm)(?:\s+|$))?",
    re.IGNORECASE,
)


def parse_away(text: str, *, today: date) -> date:
    """The last away day of "until 2027-08-15", "tot 15 augustus 2027", "t/m 15-8",
    "2027-08-15" (a leading "away"/"afwezig" is allowed). Today is allowed; earlier days
    are "date_in_past"."""
    cleaned = " ".join((text or "").split())
    rest = _AWAY_PREFIX_RE.sub("", cleaned, count=1).strip()
    if not rest:
        raise AwayError("usage")
    try:
        return parse_day(rest, today=today)
    except CalendarError as error:
        if error.code == "date_in_past":
            raise AwayError("date_in_past", date=error.params["date"]) from None
        raise AwayError("bad_date", text=rest) from None


AWAY_EMOJI = frozenset(
    [
        ":palm_tree:",
        ":airplane:",
        ":desert_island:",
        ":beach_with_umbrella:",
        ":face_with_thermometer:",
    ]
)
_AWAY_UNICODE = ("🌴", "✈", "🏝", "🏖", "🤒")

_AWAY_WORDS = (
    r"vacation",
    r"holidays?(?!\s+(?:party|parties|season|card|cards|sale|sales|shopping|drinks|lunch|"
    r"dinner|planning|prep|campaign|promo))",
    r"out[\s-]+of[\s-]+(?:the[\s-]+)?office",
    r"ooo",
    r"annual\s+leave",
    r"on\s+leave",
    r"sick",
    r"pto",
    r"\w*vakantie",
    r"\w*verlof",
    r"afwezig",
    r"op\s+reis",
    r"ziek",
)
_AWAY_RE = re.compile(r"\b(?:" + "|".join(_AWAY_WORDS) + r")\b", re.IGNORECASE)
# "back from vacation", "terug van vakantie", "after the holidays", "na de vakantie"
_BACK_RE = re.compile(
    r"\b(?:back\s+from|after|terug\s+(?:van|uit)|na)\s+(?:(?:the|my|de|het|mijn)\s+)?$",
    re.IGNORECASE,
)


def looks_away(status_text: str | None, status_emoji: str | None) -> bool:
    """Whether a Slack status says the rep is on holiday, out of office or sick."""
    emoji = (status_emoji or "").strip().lower()
    if emoji in AWAY_EMOJI:
        return True
    text = status_text or ""
    lowered = text.lower()
    if any(code in lowered for code in AWAY_EMOJI) or any(char in text for char in _AWAY_UNICODE):
        return True
    return any(not _BACK_RE.search(text[: match.start()]) for match in _AWAY_RE.finditer(text))


# --------------------------------------------------------------------------- obstacles


@dataclass(frozen=True)
class ObstacleCount:
    reason: str
    count: int  # check-ins that named the reason
    notes: tuple[str, ...]  # the notes of those check-ins (non-empty, deduplicated, in order)


def _reason_rank(reason: str) -> int:
    return REASONS.index(reason) if reason in REASONS else len(REASONS)


def top_obstacles(checkins: list[tuple[tuple[str, ...], str]]) -> list[ObstacleCount]:
    """The reasons named in `checkins` ((reasons, note) each), most frequent first, ties in
    REASONS order (unknown reasons last, alphabetically). A check-in counts a reason once;
    its note goes with every reason it named (a note without reasons is not an obstacle).
    Notes are stripped; duplicates (ignoring case and spacing) are dropped."""
    counts: dict[str, int] = {}
    notes: dict[str, dict[str, str]] = {}  # reason -> {note as compared: the first note so}
    for reasons, note in checkins:
        text = (note or "").strip()
        for reason in dict.fromkeys(reasons or ()):
            counts[reason] = counts.get(reason, 0) + 1
            kept = notes.setdefault(reason, {})
            if text:
                kept.setdefault(" ".join(text.split()).casefold(), text)
    ordered = sorted(counts, key=lambda reason: (-counts[reason], _reason_rank(reason), reason))
    return [
        ObstacleCount(reason, counts[reason], tuple(notes[reason].values())) for reason in ordered
    ]
