"""Streaks and badges as the rep sees them on the Home tab, and as one recap line in the wins
channel (mrkdwn with mentions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from babel.dates import format_date
from babel.lists import format_list

from bot.domain.badges import STREAK_BADGE, Badge
from bot.domain.formatting import babel_locale
from bot.i18n import t
from bot.views.blocks import section
from bot.views.text import mention, plural


def _period(badge: Badge) -> dict[str, int]:
    return {"year": badge.year, "quarter": badge.quarter}


def badge_line(lang: str, badge: Badge) -> str:
    """One badge, or the progress towards it, in the rep's own words."""
    if badge.code == "first_of_year":
        month = format_date(date(badge.year, badge.figure, 1), "LLLL", locale=babel_locale(lang))
        return t("badges.first_of_year", lang, year=badge.year, month=month)
    if badge.code == "streak":
        if badge.earned:
            return t("badges.streak_earned", lang, count=badge.figure)
        return plural("badges.streak", lang, badge.figure, goal=STREAK_BADGE)
    if badge.code == "every_checkin":
        if badge.earned:
            return t("badges.checkins_earned", lang, **_period(badge))
        weeks = plural("badges.weeks", lang, badge.figure, of=badge.of)
        return t("badges.checkins_so_far", lang, weeks=weeks, **_period(badge))
    stories = plural("badges.stories", lang, badge.figure)
    return t("badges.storyteller", lang, stories=stories, **_period(badge))


def home_blocks(lang: str, badges: list[Badge]) -> list[dict]:
    """The Home tab's badge section: each badge and progress line, or an encouraging line."""
    lines = [badge_line(lang, badge) for badge in badges]
    if not lines:
        lines = [t("badges.none", lang)]
    return [section("\n".join([t("badges.title", lang), *lines]))]


def _names(lang: str, reps: Iterable[str]) -> str:
    return format_list([mention(rep) for rep in reps], locale=babel_locale(lang))


def recap_line(lang: str, earned: list[tuple[str, Badge]]) -> str | None:
    """The badges a month brought, one line per badge with its reps; None when there are none."""
    groups: dict[Badge, list[str]] = {}
    for rep, badge in earned:
        groups.setdefault(badge, []).append(rep)
    lines = [t("badges.recap.title", lang)]
    for badge, reps in groups.items():
        names = _names(lang, reps)
        params = {"names": names, "count": badge.figure, **_period(badge)}
        if badge.code == "storyteller":
            params["stories"] = plural("badges.stories", lang, badge.figure)
        lines.append(t(f"badges.recap.{badge.code}", lang, **params))
    return "\n".join(lines) if groups else None
