"""The pure agenda domain: validating items, spotting operational topics, time-boxing."""

from __future__ import annotations

import pytest

from bot.domain.agenda import (
    DETAILS_MAX,
    KINDS,
    QUESTION_MAX,
    TITLE_MAX,
    TRIED_MAX,
    AgendaItemError,
    ItemInput,
    TimedItem,
    looks_operational,
    timebox,
)
from bot.domain.agenda import validate_item as _validate


def validate(**overrides) -> ItemInput:
    fields = dict(kind="success", title="Won Acme", details="", question="", tried="")
    fields.update(overrides)
    return _validate(**fields)


def errors_of(**overrides) -> dict:
    with pytest.raises(AgendaItemError) as info:
        validate(**overrides)
    return info.value.errors


# --------------------------------------------------------------------------- validation


def test_a_valid_item_is_stripped():
    item = validate(
        kind=" challenge ",
        title="  Gatekeeper at Acme \n",
        details="  ",
        question=" How do I get past her? ",
        tried=None,
    )
    assert item == ItemInput(
        kind="challenge",
        title="Gatekeeper at Acme",
        details="",
        question="How do I get past her?",
        tried="",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_accepted(kind):
    assert validate(kind=kind, question="Any tips?").kind == kind


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"kind": None}, "kind", "required"),
        ({"kind": "  "}, "kind", "required"),
        ({"kind": "complaint"}, "kind", "bad_kind"),
        ({"kind": "Success"}, "kind", "bad_kind"),
        ({"title": None}, "title", "required"),
        ({"title": " \n "}, "title", "required"),
        ({"kind": "challenge", "question": None}, "question", "question_required"),
        ({"kind": "challenge", "question": "   "}, "question", "question_required"),
    ],
)
def test_field_errors(overrides, field, code):
    errors = errors_of(**overrides)
    assert errors == {field: (code, {})}


@pytest.mark.parametrize(
    "field, limit",
    [
        ("title", TITLE_MAX),
        ("details", DETAILS_MAX),
        ("question", QUESTION_MAX),
        ("tried", TRIED_MAX),
    ],
)
def test_over_long_fields(field, limit):
    assert validate(**{field: "x" * limit}) is not None  # the limit itself is fine
    assert validate(**{field: "  " + "x" * limit + "  "}) is not None  # measured after stripping
    errors = errors_of(**{field: "x" * (limit + 1)})
    assert errors == {field: ("too_long", {"length": limit + 1, "max": limit})}


def test_a_question_is_optional_for_other_kinds():
    assert validate(kind="success", question="").question == ""
    assert validate(kind="pipeline", question="").question == ""


def test_a_challenge_with_a_question_and_nothing_tried_is_fine():
    assert validate(kind="challenge", question="Tips?", tried="").tried == ""


def test_all_errors_are_collected_at_once():
    errors = errors_of(
        kind="rant",
        title="",
        details="d" * (DETAILS_MAX + 5),
        question="q" * (QUESTION_MAX + 1),
        tried="t" * (TRIED_MAX + 2),
    )
    assert errors == {
        "kind": ("bad_kind", {}),
        "title": ("required", {}),
        "details": ("too_long", {"length": DETAILS_MAX + 5, "max": DETAILS_MAX}),
        "question": ("too_long", {"length": QUESTION_MAX + 1, "max": QUESTION_MAX}),
        "tried": ("too_long", {"length": TRIED_MAX + 2, "max": TRIED_MAX}),
    }


def test_a_challenge_without_title_or_question_reports_both():
    errors = errors_of(kind="challenge", title="", question="")
    assert errors == {"title": ("required", {}), "question": ("question_required", {})}


def test_an_over_long_question_on_a_challenge_is_too_long_not_missing():
    errors = errors_of(kind="challenge", question="q" * (QUESTION_MAX + 1))
    assert errors["question"][0] == "too_long"


def test_the_error_is_a_value_error_with_a_readable_message():
    with pytest.raises(ValueError, match="title: required"):
        validate(title="")


# --------------------------------------------------------------------------- operational topics


@pytest.mark.parametrize(
    "text",
    [
        # English
        "Late deliveries at Acme",
        "The delivery to Globex was two weeks late",
        "Implementation at Initech keeps slipping",
        "Support doesn't answer my clients",
        "Open ticket for Acme since March",
        "Bug in the configurator",
        "Invoice sent to the wrong address",
        "Invoicing errors again",
        "Billing mix-up with Globex",
        "Planning moved the installation",
        "Logistics can't handle the volume",
        "Complaint from Acme about the service",
        "Clients complaining about response times",
        "Our internal process for quotes is too slow",
        "IT blocks my CRM access",
        "The ERP is down again",
        "Backorders on the X200",
        # Dutch
        "Leveringsproblemen bij Acme",
        "Levering te laat bij Jansen BV",
        "De leverancier levert niet op tijd",
        "Implementatie loopt vertraging op",
        "Storing bij klant De Vries",
        "Supportticket blijft openstaan",
        "Factuur klopt niet",
        "Facturatie loopt achter",
        "De eindfactuur is fout",
        "Logistiek krijgt het niet rond",
        "Klacht van Acme over de service",
        "Klantklachten over de levertijden",
        "Ons interne proces voor offertes",
        "De IT-afdeling reageert niet",
    ],
)
def test_operational_topics_are_spotted(text):
    assert looks_operational(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "won Acme through a referral",
        "how do I get past the gatekeeper?",
        "Three new prospects in retail",
        "How do I get a meeting with the CFO?",
        "First deal in healthcare: what worked",
        "It took six months, but we won it",
        "WE WON IT",
        "Won an IT company through LinkedIn",
        "Supportive colleagues helped me close",
        "My account planning for Q3",
        "Acme binnengehaald via een referentie",
        "Hoe kom ik langs de gatekeeper?",
        "Nieuwe klant in de bouwsector",
        "Drie nieuwe prospects in de zorg",
        "Hoe krijg ik een afspraak met de directeur?",
        "Eerste IT-bedrijf als klant binnengehaald",
    ],
)
def test_typical_sales_items_are_not_operational(text):
    assert not looks_operational(text)


# --------------------------------------------------------------------------- time-boxing


def ids(timed: list[TimedItem]) -> list[int]:
    return [item.item_id for item in timed]


def test_no_items_no_agenda():
    assert timebox([], duration_minutes=60) == []


def test_order_is_success_challenge_pipeline_and_stable_within_a_kind():
    items = [
        (1, "pipeline"),
        (2, "challenge"),
        (3, "success"),
        (4, "pipeline"),
        (5, "success"),
        (6, "challenge"),
    ]
    timed = timebox(items, duration_minutes=90)
    assert ids(timed) == [3, 5, 2, 6, 1, 4]
    assert [item.kind for item in timed] == [
        "success",
        "success",
        "challenge",
        "challenge",
        "pipeline",
        "pipeline",
    ]


@pytest.mark.parametrize(
    "kinds, duration, expected",
    [
        # 55 available; weights 2, 3, 1 of 6: 18.33, 27.5, 9.17 -> the .5 gets the extra minute
        (["success", "challenge", "pipeline"], 60, [18, 28, 9]),
        # 25 available, equal weights: 12.5 each -> the earlier item gets the extra minute
        (["success", "success"], 30, [13, 12]),
        # 40 available; 2, 3, 3 of 8: 10, 15, 15
        (["success", "challenge", "challenge"], 45, [10, 15, 15]),
        # 10 available; 3, 1, 1 of 5: 6, 2, 2 -> the pipeline items are lifted to 3 minutes
        (["challenge", "pipeline", "pipeline"], 15, [4, 3, 3]),
        # a single item gets all of the available time
        (["pipeline"], 60, [55]),
        (["challenge"], 8, [3]),
    ],
)
def test_minutes(kinds, duration, expected):
    timed = timebox(list(enumerate(kinds)), duration_minutes=duration)
    assert [item.minutes for item in timed] == expected


@pytest.mark.parametrize("duration", [0, 4, 5, 7, 8, 20, 33, 45, 60, 61, 90, 120, 240])
@pytest.mark.parametrize("count", [1, 2, 3, 7, 12, 25])
def test_sums_and_minimums(duration, count):
    items = [(i, KINDS[(i * 7) % 3]) for i in range(count)]
    timed = timebox(items, duration_minutes=duration)
    available = max(0, duration - 5)
    assert sorted(ids(timed)) == list(range(count))
    total = sum(item.minutes for item in timed)
    assert total <= available
    given = [item.minutes for item in timed if item.minutes]
    assert all(m >= 3 for m in given)
    if count * 3 <= available:
        assert total == available
        assert len(given) == count
    else:
        assert len(given) == available // 3
        assert total == (available if given else 0)
    # The items without time are the last ones in agenda order.
    minutes = [item.minutes for item in timed]
    assert minutes == sorted(minutes, key=lambda m: m == 0)


def test_overflow_items_get_zero_from_the_end():
    items = [(i, "pipeline") for i in range(10)] + [(100, "success")]
    timed = timebox(items, duration_minutes=20)  # 15 available: room for 5 items at 3 minutes
    assert ids(timed)[0] == 100
    assert [item.minutes for item in timed] == [3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0]


def test_overflow_with_leftover_minutes_keeps_the_weights():
    items = [(1, "challenge"), (2, "pipeline"), (3, "pipeline")]
    timed = timebox(items, duration_minutes=12)  # 7 available: two items fit
    assert [item.minutes for item in timed] == [4, 3, 0]


@pytest.mark.parametrize("duration", [0, 3, 5, -10])
def test_no_time_at_all(duration):
    timed = timebox([(1, "success"), (2, "challenge")], duration_minutes=duration)
    assert [item.minutes for item in timed] == [0, 0]


def test_opening_and_minimum_are_configurable():
    timed = timebox(
        [(1, "success"), (2, "pipeline")], duration_minutes=30, opening_minutes=0, min_minutes=12
    )
    assert [item.minutes for item in timed] == [18, 12]
    timed = timebox([(1, "success")], duration_minutes=30, opening_minutes=40)
    assert timed == [TimedItem(1, "success", 0)]


def test_min_minutes_zero_shares_everything():
    timed = timebox([(1, "challenge"), (2, "pipeline")], duration_minutes=9, min_minutes=0)
    assert sum(item.minutes for item in timed) == 4
