"""Calendar months and quarters (pure): the arithmetic the recaps, the badges and the culture
mirror share. A month is named by its first day."""

from __future__ import annotations

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first: date, months: int) -> date:
    """The first day of the month `months` after (or before) `first`'s."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(first: date) -> date:
    """The first day of the month before `first`'s."""
    return add_months(month_start(first), -1)


def next_month(first: date) -> date:
    """The first day of the month after `first`'s."""
    return add_months(month_start(first), 1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
