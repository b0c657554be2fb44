"""The yearly account plan of a rep, and how the rep is doing against it.

Pure Python (plus Babel, through ``quicklog.parse_amount``): no Slack and no database code.

An account plan says what a rep will do this year, agreed with their manager: "this year I
will win X new clients, of this kind, with this value, this way" - one page at most - with
optional milestones (the cumulative number of new clients by the end of each quarter).

Decisions on ambiguous input (pinned by tests/test_plans_domain.py):

* Counts (the target and the milestones) are plain digits after stripping the outer
  whitespace: ``"10"`` and ``" 10 "`` are 10; ``"1.000"``, ``"10k"``, ``"ten"`` and ``"1 0"``
  are ``not_a_number``. A leading minus (``"-3"``) is a negative number and reported as
  ``too_small``; ``0`` is too small for the target but a valid milestone (no new clients
  expected in Q1 yet).
* The target value is read like a deal value (``parse_amount``: "250k", "€ 250.000",
  "1,5m"); its errors carry the QuickLogError code and params unchanged. Without a value the
  value basis is ignored (None); with one it defaults to "total".
* Milestones are cumulative, so a later quarter may not be lower than an earlier one
  (``milestones_decrease`` on the later quarter), and none may exceed the target
  (``milestone_over_target``). Empty quarters are skipped in both checks.
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
    """One or more invalid fields of an account plan.

    ``errors`` maps a field name ("target", "segment", "value", "approach", "q1".."q4") to
    ``(code, params)``. Codes:

    * "required": target, segment, approach;
    * "not_a_number" (text): target, q1..q4;
    * "too_small" (min): target below 1 (also negative), a negative milestone (min 0);
    * "too_large" (max): target above TARGET_MAX; a milestone above TARGET_MAX when the
      target itself is invalid (otherwise "milestone_over_target");
    * "too_long" (length, max): segment, approach;
    * the QuickLogError code of ``parse_amount`` with its params for value ("bad_amount"
      (text), "negative_amount", "zero_amount", "absurd_amount" (max), "unknown_currency"
      (currency));
    * "milestone_over_target" (target): q1..q4;
    * "milestones_decrease" (quarter, value): a quarter lower than an earlier one;
      ``quarter`` is the earlier quarter's number (1..3) and ``value`` its milestone.
    """

    what = "invalid account plan"


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _count(text: str, *, minimum: int) -> tuple[int | None, tuple[str, dict] | None]:
    """(number, None) for plain digits; (None, error) otherwise. ``text`` is stripped and
    not empty."""
    if _NEGATIVE_RE.fullmatch(text):
        return None, ("too_small", {"min": minimum})
    if not _DIGITS_RE.fullmatch(text):
        return None, ("not_a_number", {"text": text})
    digits = text.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return None, ("too_large", {"max": TARGET_MAX})
    return int(digits), None


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
    """The plan as entered; raises PlanError listing every invalid field.

    ``milestones`` are the four quarter fields (Q1..Q4), each may be None or empty.
    ``number_locale`` ("nl-BE", "en_GB", ...) reads the value; a value without a currency is
    in ``default_currency``. ``value_basis`` comes from a fixed choice: anything but None,
    "" or one of VALUE_BASES is a programming error (ValueError), as is a list of milestones
    that is not four long.
    """
    if len(milestones) != len(QUARTERS):
        raise ValueError(f"milestones must have {len(QUARTERS)} entries, not {len(milestones)}")
    basis = _clean(value_basis) or None
    if basis is not None and basis not in VALUE_BASES:
        raise ValueError(f"value_basis must be one of {VALUE_BASES}, not {value_basis!r}")

    errors: dict[str, tuple[str, dict]] = {}

    # -- target
    target_text = _clean(target)
    target_clients: int | None = None
    if not target_text:
        errors["target"] = ("required", {})
    else:
        number, error = _count(target_text, minimum=1)
        if error is not None:
            errors["target"] = error
        elif number is not None and number < 1:
            errors["target"] = ("too_small", {"min": 1})
        elif number is not None and number > TARGET_MAX:
            errors["target"] = ("too_large", {"max": TARGET_MAX})
        else:
            target_clients = number

    # -- texts
    texts = {"segment": _clean(segment), "approach": _clean(approach)}
    for name, limit in (("segment", SEGMENT_MAX), ("approach", APPROACH_MAX)):
        length = len(texts[name])
        if not length:
            errors[name] = ("required", {})
        elif length > limit:
            errors[name] = ("too_long", {"length": length, "max": limit})

    # -- value
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
    value_given = bool(value_text)

    # -- milestones
    counts: list[int | None] = []
    for name, raw in zip(QUARTERS, milestones, strict=True):
        text = _clean(raw)
        if not text:
            counts.append(None)
            continue
        number, error = _count(text, minimum=0)
        if error is None and number is not None:
            if target_clients is not None and number > target_clients:
                error = ("milestone_over_target", {"target": target_clients})
            elif target_clients is None and number > TARGET_MAX:
                error = ("too_large", {"max": TARGET_MAX})
        if error is not None:
            errors[name] = error
            counts.append(None)
        else:
            counts.append(number)
    highest: tuple[int, int] | None = None  # (quarter number, milestone)
    for quarter, (name, number) in enumerate(zip(QUARTERS, counts, strict=True), start=1):
        if number is None:
            continue
        if highest is not None and number < highest[1]:
            errors[name] = ("milestones_decrease", {"quarter": highest[0], "value": highest[1]})
        elif highest is None or number > highest[1]:
            highest = (quarter, number)

    # -- weekly outreach target (optional)
    outreach: int | None = None
    outreach_text = _clean(weekly_outreach)
    if outreach_text:
        number, error = _count(outreach_text, minimum=1)
        if error is None and number is not None and number < 1:
            error = ("too_small", {"min": 1})
        elif error is None and number is not None and number > OUTREACH_MAX:
            error = ("too_large", {"max": OUTREACH_MAX})
        if error is not None:
            errors["outreach"] = error
        else:
            outreach = number

    if errors:
        raise PlanError({name: errors[name] for name in FIELDS if name in errors})
    assert target_clients is not None
    return PlanInput(
        weekly_outreach=outreach,
        target_clients=target_clients,
        segment=texts["segment"],
        value_cents=value_cents,
        currency=currency,
        value_basis=(basis or DEFAULT_VALUE_BASIS) if value_given else None,
        approach=texts["approach"],
        milestones=(counts[0], counts[1], counts[2], counts[3]),
    )


def plan_changed(old: PlanInput, new: PlanInput) -> bool:
    """Whether any field of the plan differs (e.g. to tell the manager about a new version)."""
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


def days_in_year(year: int) -> int:
    return 366 if _stdlib_calendar.isleap(year) else 365


def pace(*, target: int, won: int, value_won_cents: int, year: int, today: date) -> Pace:
    """How a rep with a yearly ``target`` of new clients is doing on ``today``.

    The target is spread evenly over the days of ``year`` (366 in a leap year), counting
    ``today`` as done: on 1 January 1/365 of the target is expected, on 31 December all of
    it. A ``today`` before the year expects 0 (fraction 0.0), one after it the whole target
    (fraction 1.0).

    Status, with one client of slack either way:

    * "done" when ``won >= target``;
    * otherwise "ahead" when ``won >= expected + 1`` (a whole client or more ahead);
    * "behind" when ``won <= expected - 1`` (a whole client or more behind);
    * "on_track" in between.

    The comparisons are exact (integer arithmetic), so the boundaries do not depend on
    floating point rounding. With target 1 a rep who has not won the client yet is
    "on_track" all year and "behind" only from 31 December (expected 1.0).
    """
    if target < 1:
        raise ValueError(f"target must be at least 1, not {target!r}")
    if won < 0:
        raise ValueError(f"won must not be negative, not {won!r}")
    days = days_in_year(year)
    if today.year < year:
        elapsed = 0
    elif today.year > year:
        elapsed = days
    else:
        elapsed = (today - date(year, 1, 1)).days + 1
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
    """Which plan a rep is working on, and which year to offer a new plan for.

    ``show``: the year whose plan to show (the rep has one), or None: open the form for
    ``offer``. ``offer``: a year without a plan yet to offer next to the plan shown (or to
    write at once when ``show`` is None). ``also``: another year with a plan worth pointing
    to (this year's plan while next year's is shown in December; last year's in January).
    """

    show: int | None
    offer: int | None
    also: int | None = None


COMING_YEAR_MONTH = 12  # from 1 December the coming year's plan is offered
NEW_YEAR_MONTH = 1  # in January last year's plan is still shown until the new one is made


def plan_choice(today: date, years: Collection[int]) -> PlanChoice:
    """What `/accountplan` and the Home tab show on ``today`` for a rep with plans for
    ``years``.

    * From 1 December: next year's plan once it exists (pointing to this year's); until then
      this year's plan with an offer to write next year's.
    * In January: this year's plan once it exists (pointing to last year's); until then last
      year's plan with an offer to write this year's.
    * Otherwise, and whenever the plan shown would not exist: this year's plan, or the form
      for the year offered.
    """
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
