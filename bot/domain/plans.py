"""The yearly account plan of a rep (agreed with their manager) and the pace against it.

Pure Python. Decisions on ambiguous input (pinned by tests/test_plans_domain.py): counts are
plain digits ("1.000", "10k", "ten" are not_a_number; "-3" is too_small; 0 is a valid
milestone); the value is read like a deal value (parse_amount, its error code kept) and its
basis defaults to "total"; milestones are cumulative totals (milestones_decrease) up to the
target (milestone_over_target), empty quarters skipped.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import FieldErrors
from bot.domain.wins import DEFAULT_CURRENCY, QuickLogError, parse_amount

TARGET_MAX = 500  # new clients a year
SEGMENT_MAX = 300  # characters: the kind of client sought
APPROACH_MAX = 3000  # "about one page"
VALUE_BASES = ("per_client", "total")
DEFAULT_VALUE_BASIS = "total"

FIELDS = ("target", "segment", "value", "approach", "q1", "q2", "q3", "q4", "outreach")
OUTREACH_MAX = 500  # new prospects to contact in one week
QUARTERS = ("q1", "q2", "q3", "q4")

PACE_STATUSES = ("ahead", "on_track", "behind", "done")

_DIGITS_RE = re.compile(r"[0-9]+")
_NEGATIVE_RE = re.compile(r"[-\u2212][0-9]+")  # hyphen-minus or the minus sign
_MAX_DIGITS = 6  # more digits than this is far beyond TARGET_MAX; keeps int() cheap


@dataclass(frozen=True)
class PlanInput:
    """A validated account plan; texts are stripped."""

    target_clients: int  # 1..TARGET_MAX new clients this year
    segment: str  # the kind of client sought, 1..SEGMENT_MAX characters
    value_cents: int | None  # the target value, None when not given
    currency: str | None  # ISO 4217, set exactly when value_cents is
    value_basis: str | None  # "per_client" | "total", set exactly when value_cents is
    approach: str  # how: 1..APPROACH_MAX characters
    # Cumulative new clients by the end of Q1..Q4, each optional.
    milestones: tuple[int | None, int | None, int | None, int | None]
    # New prospects to contact each week (the check-in target); None: derived from the target.
    weekly_outreach: int | None = None


class PlanError(FieldErrors):
    """Invalid fields of a plan: ``errors`` maps a field (target, segment, value, approach,
    q1..q4, outreach) to (code, params), each code an accountplan.error.* text."""

    what = "invalid account plan"


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _count(text: str, *, low: int, high: int | None) -> tuple[int | None, tuple[str, dict] | None]:
    """(number, None) for plain digits from `low` to `high` (None: unbounded), (None, None) for
    no text, else (None, error)."""
    if not text:
        return None, None
    if _NEGATIVE_RE.fullmatch(text):
        return None, ("too_small", {"min": low})
    if not _DIGITS_RE.fullmatch(text):
        return None, ("not_a_number", {"text": text})
    digits = text.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return None, ("too_large", {"max": TARGET_MAX})
    number = int(digits)
    if number < low:
        return None, ("too_small", {"min": low})
    if high is not None and number > high:
        return None, ("too_large", {"max": high})
    return number, None


def validate_plan(
    *,
    target: str | None,
    segment: str | None,
    value: str | None,
    value_basis: str | None,
    approach: str | None,
    milestones: list[str | None],
    number_locale: str,
    default_currency: str = DEFAULT_CURRENCY,
    weekly_outreach: str | None = None,
) -> PlanInput:
    """The plan as entered; raises PlanError listing every invalid field. ``milestones`` are
    Q1..Q4; ``number_locale`` reads the value, in ``default_currency`` unless it names one."""
    if len(milestones) != len(QUARTERS):
        raise ValueError(f"milestones must have {len(QUARTERS)} entries, not {len(milestones)}")
    basis = _clean(value_basis) or None
    if basis is not None and basis not in VALUE_BASES:
        raise ValueError(f"value_basis must be one of {VALUE_BASES}, not {value_basis!r}")

    errors: dict[str, tuple[str, dict]] = {}

    target_clients, error = _count(_clean(target), low=1, high=TARGET_MAX)
    if target_clients is None:
        errors["target"] = error or ("required", {})

    texts = {"segment": _clean(segment), "approach": _clean(approach)}
    for name, limit in (("segment", SEGMENT_MAX), ("approach", APPROACH_MAX)):
        length = len(texts[name])
        if not length:
            errors[name] = ("required", {})
        elif length > limit:
            errors[name] = ("too_long", {"length": length, "max": limit})

    value_text = _clean(value)
    value_cents: int | None = None
    currency: str | None = None
    if value_text:
        try:
            money = parse_amount(value_text, number_locale, default_currency=default_currency)
        except QuickLogError as wrong:
            errors["value"] = (wrong.code, dict(wrong.params))
        else:
            value_cents = int(money.amount * 100)
            currency = money.currency

    counts: list[int | None] = []
    # Over a valid target is an error of its own; without one, the target's bound holds.
    bound = TARGET_MAX if target_clients is None else None
    for name, raw in zip(QUARTERS, milestones, strict=True):
        number, error = _count(_clean(raw), low=0, high=bound)
        if number is not None and target_clients is not None and number > target_clients:
            number, error = None, ("milestone_over_target", {"target": target_clients})
        if error is not None:
            errors[name] = error
        counts.append(number)
    highest: tuple[int, int] | None = None  # (quarter number, milestone)
    for quarter, (name, number) in enumerate(zip(QUARTERS, counts, strict=True), start=1):
        if number is None:
            continue
        if highest is not None and number < highest[1]:
            errors[name] = ("milestones_decrease", {"quarter": highest[0], "value": highest[1]})
        elif highest is None or number > highest[1]:
            highest = (quarter, number)

    outreach, error = _count(_clean(weekly_outreach), low=1, high=OUTREACH_MAX)
    if error is not None:
        errors["outreach"] = error

    if errors:
        raise PlanError({name: errors[name] for name in FIELDS if name in errors})
    assert target_clients is not None
    return PlanInput(
        weekly_outreach=outreach,
        target_clients=target_clients,
        segment=texts["segment"],
        value_cents=value_cents,
        currency=currency,
        value_basis=(basis or DEFAULT_VALUE_BASIS) if value_text else None,
        approach=texts["approach"],
        milestones=(counts[0], counts[1], counts[2], counts[3]),
    )


def plan_changed(old: PlanInput, new: PlanInput) -> bool:
    """Whether any field of the plan differs."""
    return old != new


# ---------------------------------------------------------------------------------- pace


@dataclass(frozen=True)
class Pace:
    won: int
    target: int
    expected: float  # where the rep should be by `today` with the target spread evenly
    value_won_cents: int
    status: str  # "ahead" | "on_track" | "behind" | "done"
    fraction_of_year: float  # 0..1


def pace(*, target: int, won: int, value_won_cents: int, year: int, today: date) -> Pace:
    """How a rep with a yearly ``target`` of new clients is doing on ``today``: the target
    spread evenly over the days of ``year`` (today counted; 0 before the year, all after it).
    "done" at the target, else "ahead" / "behind" a whole client or more from where the rep
    should be, "on_track" in between (compared exactly, in integers)."""
    if target < 1:
        raise ValueError(f"target must be at least 1, not {target!r}")
    if won < 0:
        raise ValueError(f"won must not be negative, not {won!r}")
    days = 366 if _stdlib_calendar.isleap(year) else 365
    elapsed = min(max((today - date(year, 1, 1)).days + 1, 0), days)  # days done, today too
    # expected = target * elapsed / days; compare won * days with target * elapsed.
    won_scaled, expected_scaled = won * days, target * elapsed
    if won >= target:
        status = "done"
    elif won_scaled >= expected_scaled + days:
        status = "ahead"
    elif won_scaled <= expected_scaled - days:
        status = "behind"
    else:
        status = "on_track"
    return Pace(
        won=won,
        target=target,
        expected=expected_scaled / days,
        value_won_cents=value_won_cents,
        status=status,
        fraction_of_year=elapsed / days,
    )


# ------------------------------------------------------------------ which year's plan


@dataclass(frozen=True)
class PlanChoice:
    """Which year's plan to ``show`` (None: open the form for ``offer``), a year without a plan
    to ``offer``, and ``also`` another year's plan worth pointing to."""

    show: int | None
    offer: int | None
    also: int | None = None


COMING_YEAR_MONTH = 12  # from 1 December the coming year's plan is offered
NEW_YEAR_MONTH = 1  # in January last year's plan is still shown until the new one is made


def plan_choice(today: date, years: Collection[int]) -> PlanChoice:
    """What `/accountplan` and the Home tab show on ``today`` for a rep with plans for ``years``:
    from 1 December next year's plan once it exists (else this year's, offering next year's);
    in January likewise this year's over last year's; otherwise this year's, or its form."""
    year = today.year
    if today.month == COMING_YEAR_MONTH:
        coming = year + 1
        if coming in years:
            return PlanChoice(show=coming, offer=None, also=year if year in years else None)
        return PlanChoice(show=year if year in years else None, offer=coming)
    if today.month == NEW_YEAR_MONTH:
        last = year - 1
        if year in years:
            return PlanChoice(show=year, offer=None, also=last if last in years else None)
        if last in years:
            return PlanChoice(show=last, offer=year)
        return PlanChoice(show=None, offer=year)
    if year in years:
        return PlanChoice(show=year, offer=None)
    return PlanChoice(show=None, offer=year)


def candidate_years(today: date) -> tuple[int, ...]:
    """The plan years `plan_choice` may pick on ``today`` (to look up only those)."""
    return (today.year - 1, today.year, today.year + 1)


def plan_phase(year: int, today: date) -> str:
    """The phase of a plan on `today`: "upcoming" before its year, "ended" after, else "running"."""
    if today.year < year:
        return "upcoming"
    if today.year > year:
        return "ended"
    return "running"
