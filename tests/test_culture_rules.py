"""The mirror's pure rules: what "moved most" means (better or worse by each measure's
direction, shares in points, the rest relative, a month so far prorated), and the sparkline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.culture import CheckinFact, History, figures, verdict
from bot.views.culture import sparkline

AMS = ZoneInfo("Europe/Amsterdam")


def month(first: date, **counts: object):
    """A month that ended, with nothing counted but `counts`."""
    empty = figures(
        History(reps=frozenset({"U1", "U2"}), listed=frozenset()),
        first,
        now=datetime(2030, 1, 1, tzinfo=AMS),
        tz=AMS,
    )
    return replace(empty, **counts)


def test_more_overdue_action_points_is_worse_and_fewer_operational_items_better():
    before = month(date(2026, 10, 1), overdue_actions=1, items=(1, 1, 2), operational=2)
    now = month(date(2026, 11, 1), overdue_actions=4, items=(1, 1, 2), operational=1)
    moves = verdict(before, now)
    assert [(m.key, m.better, round(m.size, 2)) for m in moves] == [
        ("overdue", False, 0.75),  # 1 -> 4: relative to the larger
        ("operational", True, 0.25),  # 50 % -> 25 %: 25 points
    ]


def test_small_moves_are_no_news():
    before = month(date(2026, 10, 1), items=(30, 10, 60), carried=10)
    now = month(date(2026, 11, 1), items=(30, 10, 60), carried=12)
    assert verdict(before, now) == ()


def test_a_month_so_far_is_compared_with_the_month_before_prorated():
    history = History(reps=frozenset({"U1"}), listed=frozenset())
    halfway = datetime(2026, 11, 16, tzinfo=AMS)  # 15 of November's 30 days
    now = replace(figures(history, date(2026, 11, 1), now=halfway, tz=AMS), new_clients=2)
    before = replace(month(date(2026, 10, 1), reps=1), new_clients=4)
    assert now.elapsed == 0.5
    assert verdict(before, now) == ()  # 2 by mid-month is October's pace of 4 a month
    [move] = verdict(before, replace(now, new_clients=3))
    assert (move.key, move.before, move.now, move.better) == ("per_rep", 2.0, 3.0, True)


def test_an_obstacle_counts_as_solved_when_the_rep_stops_naming_it():
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    reasons = [("no_leads",), ("no_leads", "internal"), ("internal",), ()]
    history = History(
        reps=frozenset({"U1"}),
        listed=frozenset({"U1"}),
        checkins=tuple(CheckinFact("U1", w, 1, r) for w, r in zip(weeks, reasons, strict=True)),
    )
    november = figures(history, date(2026, 11, 1), now=datetime(2027, 1, 1, tzinfo=AMS), tz=AMS)
    assert (november.solved_after, november.still_reported) == ((14, 14), 0)
    mid = figures(history, date(2026, 11, 1), now=datetime(2026, 11, 21, tzinfo=AMS), tz=AMS)
    assert (mid.solved_after, mid.still_reported) == ((14,), 1)


def test_the_sparkline_spans_lowest_to_highest_with_gaps_for_nothing_counted():
    assert sparkline((0.0, 0.5, 1.0)) == "▁▅█"
    assert sparkline((None, 2.0, 2.0)) == "·▄▄"
    assert sparkline((None, None)) == ""
