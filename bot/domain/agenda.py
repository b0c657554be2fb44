"""Sales-meeting agendas: validating items, spotting operational topics, time-boxing.

Items are, in agenda order, a "success" story, a "challenge" (a question to colleagues) or a
new client in the "pipeline". There is deliberately no "complaint" kind: operational problems
belong in a rep's 1:1 with their manager, so the meeting does not become a complaint session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import FieldErrors

KINDS = ("success", "challenge", "pipeline")
FIELDS = ("kind", "title", "details", "question", "tried")

TITLE_MAX = 150
DETAILS_MAX = 1500
QUESTION_MAX = 500
TRIED_MAX = 500

_MAX_LENGTHS = dict(title=TITLE_MAX, details=DETAILS_MAX, question=QUESTION_MAX, tried=TRIED_MAX)

# Time-boxing weights: a challenge needs the most time (peers discuss it), pipeline the least.
WEIGHTS = {"success": 2, "challenge": 3, "pipeline": 1}


@dataclass(frozen=True)
class ItemInput:
    """A validated agenda item; every text is stripped and "" when empty."""

    kind: str
    title: str
    details: str
    question: str
    tried: str


class AgendaItemError(FieldErrors):
    """Invalid fields of an agenda item: field -> (code, params). Codes: "required", "too_long"
    (params: length, max), "bad_kind", "question_required" (a challenge without a question)."""

    what = "invalid agenda item"


def validate_item(
    *,
    kind: str | None,
    title: str | None,
    details: str | None,
    question: str | None,
    tried: str | None,
) -> ItemInput:
    """The item as entered, stripped; raises AgendaItemError listing every invalid field."""
    entered = (kind, title, details, question, tried)
    values = {name: (value or "").strip() for name, value in zip(FIELDS, entered, strict=True)}
    errors: dict[str, tuple[str, dict]] = {}
    if not values["kind"]:
        errors["kind"] = ("required", {})
    elif values["kind"] not in KINDS:
        errors["kind"] = ("bad_kind", {})
    if not values["title"]:
        errors["title"] = ("required", {})
    for name, limit in _MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors[name] = ("too_long", {"length": len(values[name]), "max": limit})
    if values["kind"] == "challenge" and not values["question"]:
        errors["question"] = ("question_required", {})
    if errors:
        raise AgendaItemError({name: errors[name] for name in FIELDS if name in errors})
    return ItemInput(**values)


# --------------------------------------------------------------------------- operational topics

# Whole words (with the listed inflections), case-insensitive, in English and Dutch: deliveries
# and logistics, implementation, support and IT, invoicing, complaints and internal processes.
# Dutch compounds put the stems anywhere in a word ("leveringsprobleem", "klantklacht").
_OPERATIONAL_RE = re.compile(
    r"\b(?:deliver(?:y|ies)|shipping|shipments?|warehouse|out\s+of\s+stock|back[- ]orders?|"
    r"(?<!account\s)(?<!sales\s)planning|logistics?|logistiek\w*|levertijd(?:en)?|"
    r"levertermijn(?:en)?|bezorging(?:en)?|voorraad|"
    r"implementations?|implementaties?|installations?|installaties?|"
    r"support|help\s?desk|service\s?desk|customer\s+service|klantendienst|klantenservice|bugs?|"
    r"outages?|downtime|storing(?:en)?|escalat(?:e|ed|es|ion|ions)|escalatie(?:s)?|"
    r"invoices?|invoic(?:ing|ed)|billing|credit\s+notes?|creditnota'?s?|unpaid|"
    r"complain\w*|internal\s+(?:process(?:es)?|procedures?|systems?|tools?)|"
    r"interne?\s+(?:proces(?:sen)?|procedures?|systemen?|tools?))\b"
    r"|\w*(?:levering|leverancier|backorder|klacht|factu(?:ur|ren|ratie|rering)|ticket)\w*",
    re.IGNORECASE,
)

# "IT" and "ERP" only in capitals ("it" is a pronoun); "an IT company" is a client, not a problem.
_IT_RE = re.compile(
    r"\b(?:IT|ERP)\b(?![- ]?(?:compan(?:y|ies)|firms?|resellers?|sector|bedrij(?:f|ven)|"
    r"integrators?|consultancy|partners?|services\s+compan))"
)


def looks_operational(text: str) -> bool:
    """Whether an agenda item reads like an operational problem (for the 1:1, not the meeting):
    English and Dutch keywords; "IT" and "ERP" count in capitals, in text not all in capitals."""
    if _OPERATIONAL_RE.search(text):
        return True
    return text != text.upper() and bool(_IT_RE.search(text))


# --------------------------------------------------------------------------- time-boxing


@dataclass(frozen=True)
class TimedItem:
    item_id: int
    kind: str
    minutes: int  # 0 = "if time allows"


def _kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def timebox(
    items: list[tuple[int, str]],
    *,
    duration_minutes: int,
    opening_minutes: int = 5,
    min_minutes: int = 3,
) -> list[TimedItem]:
    """`items` ((item_id, kind) as submitted) in agenda order, each with its share by WEIGHTS of
    the time after the opening: whole minutes adding up to it, at least `min_minutes` each; the
    last items get 0 ("if time allows") when not all fit."""
    ordered = sorted(items, key=lambda item: _kind_rank(item[1]))  # sorted() is stable
    if not ordered:
        return []
    available = max(0, duration_minutes - max(0, opening_minutes))
    floor = max(0, min_minutes)

    # How many items get time: as many as fit at the floor, in agenda order.
    everyone = len(ordered) if available else 0
    fitting = min(len(ordered), available // floor) if floor else everyone
    minutes = [0] * len(ordered)
    if fitting:
        shares = _shares([WEIGHTS.get(kind, 1) for _, kind in ordered[:fitting]], available, floor)
        minutes[:fitting] = shares
    return [
        TimedItem(item_id=item_id, kind=kind, minutes=m)
        for (item_id, kind), m in zip(ordered, minutes, strict=True)
    ]


def _shares(weights: list[int], total: int, floor: int) -> list[int]:
    """Whole shares of `total` by `weights`, each >= floor (len(weights) * floor <= total): those
    below the floor pinned to it, the rest shared again; then the largest remainder method."""
    pinned: set[int] = set()
    while True:
        free = [i for i in range(len(weights)) if i not in pinned]
        left = total - floor * len(pinned)
        weight_sum = sum(weights[i] for i in free)
        exact = {i: left * weights[i] / weight_sum for i in free}
        low = {i for i in free if exact[i] < floor}
        if not low or len(low) == len(free):  # the latter cannot happen when the floors fit
            break
        pinned |= low
    result = [floor] * len(weights)
    # Integer arithmetic: quotient and remainder of left * weight / weight_sum.
    parts = {i: divmod(left * weights[i], weight_sum) for i in free}
    for i in free:
        result[i] = parts[i][0]
    remainder = left - sum(result[i] for i in free)
    # Largest remainders first; ties go to the earlier item.
    for i in sorted(free, key=lambda i: (-parts[i][1], i))[:remainder]:
        result[i] += 1
    return result
