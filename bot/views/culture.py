"""Block Kit for the sales-culture mirror: one line per measure with its value and what it
means, grouped by the article's four themes. Counts only: no names, no check-in notes."""

from __future__ import annotations

from datetime import tzinfo

from babel.dates import format_date
from babel.numbers import format_percent

from bot.domain.culture import TEAM, Mirror
from bot.domain.formatting import babel_locale, format_day, format_number, zone_city
from bot.i18n import MESSAGES, t
from bot.views.blocks import context, section
from bot.views.text import plural


def _percent(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, locale=babel_locale(lang))


def _line(lang: str, key: str, value: str | None, **params: object) -> str:
    shown = t("culture.none", lang) if value is None else value
    return t(
        "culture.line",
        lang,
        label=t(f"culture.{key}.label", lang, **params),
        value=shown,
        means=t(f"culture.{key}.means", lang),
    )


def _of_reps(lang: str, part: int, mirror: Mirror, value: float | None) -> str | None:
    if value is None:
        return None
    return t(
        "culture.of_reps",
        lang,
        part=part,
        whole=plural("culture.reps", lang, mirror.reps),
        percent=_percent(value, lang),
    )


def _hunters(lang: str, m: Mirror) -> list[str]:
    per_rep = None
    if m.clients_per_rep is not None:
        clients = plural("culture.clients", lang, m.new_clients)
        value = format_number(round(m.clients_per_rep, 1), lang)
        per_rep = t("culture.per_rep.value", lang, value=value, clients=clients)
    return [
        t("culture.area.hunters", lang),
        _line(lang, "hunters", _of_reps(lang, m.hunters, m, m.hunter_share)),
        _line(lang, "per_rep", per_rep),
        _line(lang, "plans", _of_reps(lang, m.agreed_plans, m, m.plan_share), year=m.today.year),
    ]


def _meetings(lang: str, m: Mirror) -> list[str]:
    meetings = None
    if m.meetings:
        meetings = t(
            "culture.meetings.value",
            lang,
            held=m.held,
            moved=m.moved,
            cancelled=m.cancelled,
            percent=_percent(m.held_share, lang),
        )
    rating = None
    if m.average_rating is not None:
        value = format_number(round(m.average_rating, 1), lang)
        rating = plural("culture.rating.value", lang, len(m.ratings), value=value)
    return [
        t("culture.area.meetings", lang),
        _line(lang, "meetings", meetings),
        _line(lang, "rating", rating),
    ]


def _accountability(lang: str, m: Mirror) -> list[str]:
    checkins = None
    if m.checkin_rate is not None:
        checkins = t(
            "culture.checkins.value",
            lang,
            received=m.checkins,
            expected=m.weeks * m.listed,
            percent=_percent(m.checkin_rate, lang),
        )
    obstacles = " · ".join(
        t("culture.obstacle", lang, reason=_reason(reason, lang), count=count)
        for reason, count in m.obstacles
    )
    return [
        t("culture.area.accountability", lang),
        _line(lang, "checkins", checkins),
        _line(lang, "obstacles", obstacles or None),
    ]


def _reason(code: str, lang: str) -> str:
    """A reason's words as the check-in form shows them (an unknown code: "something else")."""
    key = f"checkin.reason.{code}"
    return t(key if key in MESSAGES else "checkin.reason.other", lang)


def _recognition(lang: str, m: Mirror) -> list[str]:
    congrats = None
    if m.congratulations_per_win is not None:
        congrats = t(
            "culture.congrats.value",
            lang,
            value=format_number(round(m.congratulations_per_win, 1), lang),
            count=m.congratulations,
            clients=plural("culture.clients", lang, m.new_clients),
        )
    return [t("culture.area.recognition", lang), _line(lang, "congrats", congrats)]


def mirror_reply(lang: str, mirror: Mirror, *, zone: tzinfo) -> dict:
    """The mirror as an ephemeral answer (the caller makes sure it is only ever that)."""
    reps = plural("culture.reps", lang, mirror.reps)
    scope = t(
        "culture.scope.team" if mirror.scope == TEAM else "culture.scope.reps", lang, reps=reps
    )
    month = format_date(mirror.today, "LLLL yyyy", locale=babel_locale(lang))
    areas = [
        _hunters(lang, mirror),
        _meetings(lang, mirror),
        _accountability(lang, mirror),
        _recognition(lang, mirror),
    ]
    blocks = [section(t("culture.title", lang, month=month, scope=scope))]
    for area in areas:
        blocks += [{"type": "divider"}, section("\n\n".join(area))]
    day = format_day(mirror.today, lang)
    blocks.append(context(t("culture.private", lang, day=day, zone=zone_city(zone, lang))))
    return {"text": t("culture.fallback", lang, month=month), "blocks": blocks}


def help_reply(lang: str) -> dict:
    return {"text": t("culture.help.fallback", lang), "blocks": [section(t("culture.help", lang))]}


def error_text(lang: str, code: str, params: dict | None) -> str:
    """A friendly mrkdwn message for a /culture mistake or refusal."""
    if code == "not_manager":
        return t("culture.error.not_manager", lang)
    return t("culture.error.usage", lang)
