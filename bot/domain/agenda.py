"""Sales-meeting agendas: validating items, spotting operational topics, time-boxing.

Free of Slack and database I/O. An agenda holds three kinds of items, discussed in this order:

- "success": a success story, a win and what others can learn from it;
- "challenge": a situation with a concrete question to colleagues (and what was already tried);
- "pipeline": a new client being worked on.

There is deliberately no "complaint" kind: operational problems (deliveries, implementation,
support, invoicing, internal processes) belong in a rep's 1:1 with their manager, so the sales
meeting does not slide back into a complaint session.
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

_MAX_LENGTHS = {
    "title": TITLE_MAX,
    "details": DETAILS_MAX,
    "question": QUESTION_MAX,
    "tried": TRIED_MAX,
}

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
    """One or more invalid fields of an agenda item.

    ``errors`` maps a field name ("kind", "title", "details", "question", "tried") to
    ``(code, params)``. Codes: "required", "too_long" (params: length, max), "bad_kind",
    "question_required" (a challenge without a question).
    """

    what = "invalid agenda item"


def _clean(value: str | None) -> str:
    return (value or "").strip()


def validate_item(
    *,
    kind: str | None,
    title: str | None,
    details: str | None,
    question: str | None,
    tried: str | None,
) -> ItemInput:
    """The item as entered, stripped; raises AgendaItemError listing every invalid field."""
    values = {
        "kind": _clean(kind),
        "title": _clean(title),
        "details": _clean(details),
        "question": _clean(question),
        "tried": _clean(tried),
    }
    errors: dict[str, tuple[str, dict]] = {}

    if not values["kind"]:
        errors["kind"] = ("required", {})
    elif values["kind"] not in KINDS:
        errors["kind"] = ("bad_kind", {})

    if not values["title"]:
        errors["title"] = ("required", {})

    for name, limit in _MAX_LENGTHS.items():
        length = len(values[name])
        if length > limit:
            errors[name] = ("too_long", {"length": length, "max": limit})

    if values["kind"] == "challenge" and not values["question"]:
        errors["question"] = ("question_required", {})

    if errors:
        raise AgendaItemError({name: errors[name] for name in FIELDS if name in errors})
    return ItemInput(**values)


# --------------------------------------------------------------------------- operational topics

# Whole words (with the listed inflections), case-insensitive, in English and Dutch.
_OPERATIONAL_WORDS = (
    # deliveries and logistics
    r"deliver(?:y|ies)",
    r"shipping",
    r"shipments?",
    r"warehouse",
    r"out\s+of\s+stock",
    r"back[- ]orders?",
    r"(?<!account\s)(?<!sales\s)planning",
    r"logistics?",
    r"logistiek\w*",
    r"levertijd(?:en)?",
    r"levertermijn(?:en)?",
    r"bezorging(?:en)?",
    r"voorraad",
    # implementation
    r"implementations?",
    r"implementaties?",
    r"installations?",
    r"installaties?",
    # support and IT
    r"support",
    r"help\s?desk",
    r"service\s?desk",
    r"customer\s+service",
    r"klantendienst",
    r"klantenservice",
    r"bugs?",
    r"outages?",
    r"downtime",
    r"storing(?:en)?",
    r"escalat(?:e|ed|es|ion|ions)",
    r"escalatie(?:s)?",
    # invoicing
    r"invoices?",
    r"invoic(?:ing|ed)",
    r"billing",
    r"credit\s+notes?",
    r"creditnota'?s?",
    r"unpaid",
    # complaints and internal processes
    r"complain\w*",
    r"internal\s+(?:process(?:es)?|procedures?|systems?|tools?)",
    r"interne?\s+(?:proces(?:sen)?|procedures?|systemen?|tools?)",
)

# Dutch compounds put these anywhere in a word ("leveringsprobleem", "klantklacht", "eindfactuur").
_OPERATIONAL_STEMS = (
    r"levering",
    r"leverancier",
    r"backorder",
    r"klacht",
    r"factu(?:ur|ren|ratie|rering)",
    r"ticket",
)

_OPERATIONAL_RE = re.compile(
    r"\b(?:" + "|".join(_OPERATIONAL_WORDS) + r")\b"
    r"|\w*(?:" + "|".join(_OPERATIONAL_STEMS) + r")\w*",
    re.IGNORECASE,
)

# "IT" and "ERP" only in capitals ("it" is a pronoun); "an IT company" is a client, not a problem.
_IT_RE = re.compile(
    r"\b(?:IT|ERP)\b(?![- ]?(?:compan(?:y|ies)|firms?|resellers?|sector|bedrij(?:f|ven)|"
    r"integrators?|consultancy|partners?|services\s+compan))"
)


def looks_operational(text: str) -> bool:
    """Whether an agenda item reads like an operational problem (for the 1:1, not the meeting).

    A keyword heuristic in English and Dutch, word-boundary aware and case-insensitive (except
    "IT" and "ERP", which must be capitals in text that is not written in capitals throughout).
    """
    if not text:
        return False
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
    """Order items success -> challenge -> pipeline and give each a share of the meeting.

    `items` are (item_id, kind) in submission order; the order within a kind is kept. The time
    available (duration minus opening, never below 0) is shared by weight (success 2,
    challenge 3, pipeline 1) with the largest remainder method, so the minutes add up to exactly
    the time available. Every item gets at least `min_minutes`; when there is no room for all of
    them, the last ones in order get 0 minutes ("if time allows").
    """
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
    """Whole shares of `total` proportional to `weights`, each >= floor, summing to `total`.

    Requires len(weights) * floor <= total. Shares that would fall below the floor are pinned to
    it and the rest is divided again among the others; then the largest remainder method.
    """
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
    free = [i for i in range(len(weights)) if i not in pinned]
    if not free:
        return result
    left = total - floor * len(pinned)
    weight_sum = sum(weights[i] for i in free)
    # Integer arithmetic: quotient and remainder of left * weight / weight_sum.
    parts = {i: divmod(left * weights[i], weight_sum) for i in free}
    for i in free:
        result[i] = parts[i][0]
    remainder = left - sum(result[i] for i in free)
    # Largest remainders first; ties go to the earlier item.
    for i in sorted(free, key=lambda i: (-parts[i][1], i))[:remainder]:
        result[i] += 1
    return result
