"""The pure account-plan domain: validating a plan, comparing versions, pace against target."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.domain.plans import (
    APPROACH_MAX,
    SEGMENT_MAX,
    TARGET_MAX,
    VALUE_BASES,
    Pace,
    PlanError,
    PlanInput,
    pace,
    plan_changed,
)
from bot.domain.plans import validate_plan as _validate


def validate(**overrides) -> PlanInput:
    fields = dict(
        target="12",
        segment="Logistics companies in Flanders, 50-250 staff",
        value=None,
        value_basis=None,
        approach="Visit the trade fair, then call every lead within a week.",
        milestones=[None, None, None, None],
        number_locale="nl-BE",
    )
    fields.update(overrides)
    return _validate(**fields)


def errors_of(**overrides) -> dict:
    with pytest.raises(PlanError) as info:
        validate(**overrides)
    return info.value.errors


# --------------------------------------------------------------------------- validation


def test_a_valid_plan_is_stripped():
    plan = validate(
        target=" 12 ",
        segment="  Logistics companies \n",
        value=" € 250.000 ",
        value_basis="total",
        approach="\n Trade fair and calls  ",
        milestones=[" 2 ", "5", "", None],
    )
    assert plan == PlanInput(
        target_clients=12,
        segment="Logistics companies",
        value_cents=25_000_000,
        currency="EUR",
        value_basis="total",
        approach="Trade fair and calls",
        milestones=(2, 5, None, None),
    )


def test_a_plan_without_value_has_no_currency_or_basis():
    plan = validate(value="  ", value_basis="per_client")
    assert (plan.value_cents, plan.currency, plan.value_basis) == (None, None, None)


def test_the_value_basis_defaults_to_total():
    assert validate(value="250k").value_basis == "total"
    assert validate(value="250k", value_basis="").value_basis == "total"


@pytest.mark.parametrize("basis", VALUE_BASES)
def test_every_value_basis_is_kept(basis):
    assert validate(value="20k", value_basis=basis).value_basis == basis


def test_an_unknown_value_basis_is_a_programming_error():
    with pytest.raises(ValueError, match="value_basis"):
        validate(value="20k", value_basis="monthly")


def test_the_value_is_read_in_the_number_locale_with_its_currency():
    assert validate(value="1.250,50", number_locale="nl-NL").value_cents == 125_050
    assert validate(value="1,250.50", number_locale="en-US").value_cents == 125_050
    plan = validate(value="$ 40,000", number_locale="en-US")
    assert (plan.value_cents, plan.currency) == (4_000_000, "USD")
    plan = validate(value="40000", default_currency="GBP")
    assert (plan.value_cents, plan.currency) == (4_000_000, "GBP")


def test_milestones_may_be_equal_zero_or_reach_the_target():
    assert validate(milestones=["0", "0", "6", "12"]).milestones == (0, 0, 6, 12)
    assert validate(milestones=["3", "3", "3", "3"]).milestones == (3, 3, 3, 3)


def test_target_bounds_are_accepted():
    assert validate(target="1").target_clients == 1
    assert validate(target=str(TARGET_MAX)).target_clients == TARGET_MAX
    assert validate(target="007").target_clients == 7


@pytest.mark.parametrize(
    "overrides, field, error",
    [
        ({"target": None}, "target", ("required", {})),
        ({"target": "   "}, "target", ("required", {})),
        ({"target": "ten"}, "target", ("not_a_number", {"text": "ten"})),
        ({"target": " 1.000 "}, "target", ("not_a_number", {"text": "1.000"})),
        ({"target": "1,000"}, "target", ("not_a_number", {"text": "1,000"})),
        ({"target": "1 0"}, "target", ("not_a_number", {"text": "1 0"})),
        ({"target": "10k"}, "target", ("not_a_number", {"text": "10k"})),
        ({"target": "2.5"}, "target", ("not_a_number", {"text": "2.5"})),
        ({"target": "+5"}, "target", ("not_a_number", {"text": "+5"})),
        ({"target": "١٢"}, "target", ("not_a_number", {"text": "١٢"})),
        ({"target": "0"}, "target", ("too_small", {"min": 1})),
        ({"target": "000"}, "target", ("too_small", {"min": 1})),
        ({"target": "-3"}, "target", ("too_small", {"min": 1})),
        ({"target": "\u22123"}, "target", ("too_small", {"min": 1})),
        ({"target": str(TARGET_MAX + 1)}, "target", ("too_large", {"max": TARGET_MAX})),
        ({"target": "9" * 5000}, "target", ("too_large", {"max": TARGET_MAX})),
        ({"segment": None}, "segment", ("required", {})),
        ({"segment": " \n "}, "segment", ("required", {})),
        ({"approach": None}, "approach", ("required", {})),
        ({"approach": "\t"}, "approach", ("required", {})),
        ({"value": "lots"}, "value", ("bad_amount", {"text": "lots"})),
        ({"value": "-5000"}, "value", ("negative_amount", {})),
        ({"value": "0"}, "value", ("zero_amount", {})),
        ({"value": "5000 XYZ"}, "value", ("unknown_currency", {"currency": "XYZ"})),
        ({"value": "25,000", "number_locale": "nl"}, "value", ("bad_amount", {"text": "25,000"})),
        ({"milestones": ["two", None, None, None]}, "q1", ("not_a_number", {"text": "two"})),
        ({"milestones": [None, None, None, "1.5"]}, "q4", ("not_a_number", {"text": "1.5"})),
        ({"milestones": [None, "-1", None, None]}, "q2", ("too_small", {"min": 0})),
        ({"milestones": [None, None, "13", None]}, "q3", ("milestone_over_target", {"target": 12})),
        (
            {"milestones": ["5", "4", None, None]},
            "q2",
            ("milestones_decrease", {"quarter": 1, "value": 5}),
        ),
        (
            {"milestones": ["5", None, None, "4"]},
            "q4",
            ("milestones_decrease", {"quarter": 1, "value": 5}),
        ),
    ],
)
def test_field_errors(overrides, field, error):
    assert errors_of(**overrides) == {field: error}


def test_absurd_values_carry_the_quicklog_params():
    errors = errors_of(value="5000000000")
    code, params = errors["value"]
    assert code == "absurd_amount"
    assert set(params) == {"max"}


def test_a_bad_default_currency_is_reported_on_the_value():
    assert errors_of(value="5000", default_currency="XYZ") == {
        "value": ("unknown_currency", {"currency": "XYZ"})
    }


@pytest.mark.parametrize("field, limit", [("segment", SEGMENT_MAX), ("approach", APPROACH_MAX)])
def test_texts_have_a_maximum_length(field, limit):
    assert validate(**{field: "x" * limit}).__getattribute__(field) == "x" * limit
    errors = errors_of(**{field: " " + "x" * (limit + 1) + " "})
    assert errors == {field: ("too_long", {"length": limit + 1, "max": limit})}


def test_the_decrease_is_reported_against_the_highest_earlier_quarter():
    errors = errors_of(milestones=["2", "6", "4", "5"])
    assert errors == {
        "q3": ("milestones_decrease", {"quarter": 2, "value": 6}),
        "q4": ("milestones_decrease", {"quarter": 2, "value": 6}),
    }
    # Equal quarters do not move the reference to the later one.
    errors = errors_of(milestones=["6", "6", "5", None])
    assert errors == {"q3": ("milestones_decrease", {"quarter": 1, "value": 6})}


def test_invalid_milestones_are_left_out_of_the_decrease_check():
    errors = errors_of(milestones=["20", "3", "x", "2"])
    assert errors == {
        "q1": ("milestone_over_target", {"target": 12}),
        "q3": ("not_a_number", {"text": "x"}),
        "q4": ("milestones_decrease", {"quarter": 2, "value": 3}),
    }


def test_without_a_valid_target_milestones_are_only_bounded_by_the_maximum():
    errors = errors_of(target="abc", milestones=["20", str(TARGET_MAX + 1), None, None])
    assert errors == {
        "target": ("not_a_number", {"text": "abc"}),
        "q2": ("too_large", {"max": TARGET_MAX}),
    }


def test_every_invalid_field_is_reported_in_form_order():
    errors = errors_of(
        target="0",
        segment="",
        value="nope",
        approach="",
        milestones=["a", "b", "c", "d"],
    )
    assert list(errors) == ["target", "segment", "value", "approach", "q1", "q2", "q3", "q4"]


def test_four_milestones_are_required():
    with pytest.raises(ValueError, match="milestones"):
        validate(milestones=["1", "2", "3"])


def test_plan_error_message_lists_the_fields():
    with pytest.raises(PlanError, match="target: required; segment: required"):
        validate(target=None, segment=None)


# ---------------------------------------------------------------------------- changes


def test_plan_changed_compares_every_field():
    plan = validate(value="250k", milestones=["1", "2", "3", "4"])
    assert not plan_changed(plan, validate(value="250k", milestones=["1", "2", "3", "4"]))
    replacements = {
        "target_clients": 13,
        "segment": "Retail",
        "value_cents": 1,
        "currency": "USD",
        "value_basis": "per_client",
        "approach": "Other",
        "milestones": (1, 2, 3, 5),
        "weekly_outreach": 9,
    }
    assert set(replacements) == {field.name for field in dataclasses.fields(PlanInput)}
    for name, value in replacements.items():
        assert plan_changed(plan, dataclasses.replace(plan, **{name: value})), name


# ------------------------------------------------------------------------------- pace


def status(target: int, won: int, today: date, year: int = 2027) -> str:
    return pace(target=target, won=won, value_won_cents=0, year=year, today=today).status


def test_pace_on_the_first_day_counts_that_day():
    result = pace(target=365, won=1, value_won_cents=1234, year=2027, today=date(2027, 1, 1))
    assert result == Pace(
        won=1,
        target=365,
        expected=1.0,
        value_won_cents=1234,
        status="on_track",
        fraction_of_year=1 / 365,
    )


def test_pace_on_the_last_day_expects_the_whole_target():
    result = pace(target=12, won=11, value_won_cents=0, year=2027, today=date(2027, 12, 31))
    assert (result.expected, result.fraction_of_year, result.status) == (12.0, 1.0, "behind")
    assert status(12, 11, date(2027, 12, 30)) == "on_track"  # expected 11.97


def test_pace_in_a_leap_year_has_366_days():
    result = pace(target=366, won=0, value_won_cents=0, year=2028, today=date(2028, 2, 29))
    assert result.expected == 60.0  # 31 + 29 days
    assert result.fraction_of_year == 60 / 366
    assert pace(target=366, won=0, value_won_cents=0, year=2028, today=date(2028, 12, 31)) == Pace(
        won=0, target=366, expected=366.0, value_won_cents=0, status="behind", fraction_of_year=1.0
    )
    assert (
        pace(target=365, won=0, value_won_cents=0, year=2027, today=date(2027, 3, 1)).expected
        == 60.0
    )


def test_pace_before_and_after_the_year():
    before = pace(target=12, won=0, value_won_cents=0, year=2027, today=date(2026, 12, 31))
    assert (before.expected, before.fraction_of_year, before.status) == (0.0, 0.0, "on_track")
    assert status(12, 1, date(2026, 12, 31)) == "ahead"
    after = pace(target=12, won=5, value_won_cents=0, year=2027, today=date(2028, 1, 1))
    assert (after.expected, after.fraction_of_year, after.status) == (12.0, 1.0, "behind")
    assert status(12, 12, date(2030, 6, 1)) == "done"


@pytest.mark.parametrize(
    "won, expected_status",
    [
        (0, "behind"),
        (5, "behind"),  # exactly one client behind
        (6, "on_track"),  # exactly on pace
        (7, "ahead"),  # exactly one client ahead
        (29, "ahead"),
        (30, "done"),
        (31, "done"),
    ],
)
def test_pace_status_boundaries_are_exact(won, expected_status):
    # 14 March 2027 is day 73 of 365: target 30 expects exactly 30 * 73 / 365 = 6 clients.
    today = date(2027, 3, 14)
    assert (today - date(2027, 1, 1)).days + 1 == 73
    result = pace(target=30, won=won, value_won_cents=0, year=2027, today=today)
    assert result.expected == 6.0
    assert result.status == expected_status


def test_pace_just_inside_the_slack_is_on_track():
    # Day 74 with target 30: expected 30 * 74 / 365 = 6.08..., so 5 is 1.08 behind, 7 is 0.92 ahead.
    today = date(2027, 3, 15)
    assert status(30, 5, today) == "behind"
    assert status(30, 6, today) == "on_track"
    assert status(30, 7, today) == "on_track"
    assert status(30, 8, today) == "ahead"
    # Day 72: expected 5.92, so 5 is 0.92 behind.
    assert status(30, 5, date(2027, 3, 13)) == "on_track"
    assert status(30, 4, date(2027, 3, 13)) == "behind"


def test_pace_with_a_target_of_one():
    assert status(1, 0, date(2027, 1, 1)) == "on_track"
    assert status(1, 0, date(2027, 12, 30)) == "on_track"
    assert status(1, 0, date(2027, 12, 31)) == "behind"
    assert status(1, 1, date(2027, 1, 1)) == "done"
    assert status(1, 0, date(2028, 2, 29), year=2028) == "on_track"


def test_pace_rejects_impossible_input():
    with pytest.raises(ValueError):
        pace(target=0, won=0, value_won_cents=0, year=2027, today=date(2027, 1, 1))
    with pytest.raises(ValueError):
        pace(target=5, won=-1, value_won_cents=0, year=2027, today=date(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("7", 7),
        ("0", ("too_small", {"min": 1})),
        ("501", ("too_large", {"max": 500})),
        ("seven", ("not_a_number", {"text": "seven"})),
    ],
)
def test_the_weekly_outreach_target_is_optional_and_sane(text, expected):
    if isinstance(expected, tuple):
        with pytest.raises(PlanError) as error:
            validate(weekly_outreach=text)
        assert error.value.errors["outreach"] == expected
    else:
        assert validate(weekly_outreach=text).weekly_outreach == expected
