"""Block Kit for the sales-culture mirror: the verdict (what moved most), then one line per
measure with its value, a six-month sparkline and what it means, grouped by the article's four
themes; for an admin each manager's team in a few figures. Counts only: no check-in note, no
1:1 text. The monthly DM's chart of the trends is drawn here too."""

from __future__ import annotations

import io
import math
from datetime import timedelta, tzinfo

from babel.dates import format_date, format_timedelta
from babel.numbers import format_percent

from bot.domain.culture import AREAS, TEAM, Figures, Mirror, measure, named_before
from bot.domain.formatting import babel_locale, format_day, format_number, zone_city
from bot.i18n import MESSAGES, t
from bot.views.blocks import context, section
from bot.views.text import escaped, mention, plural

SPARKS = "▁▂▃▄▅▆▇█"
REASONS_SHOWN, REASON_MAX = 3, 80
# The chart's measures: the ones a manager reads first, readable on a phone (2 x 3 panels).
CHARTED = ("hunters", "per_rep", "meetings", "rating", "checkins", "congrats")
# What an admin sees of each manager's team.
TEAM_FIGURES = ("hunters", "pace", "checkins", "overdue")


def _percent(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, locale=babel_locale(lang))


def _number(value: float, lang: str) -> str:
    return format_number(round(value, 1), lang)


def figure_text(key: str, value: float | None, lang: str) -> str:
    """A measure's bare value as people read it: a share in %, days and hours in words."""
    if value is None:
        return "–"
    m = measure(key)
    if m.is_share or key in ("pace", "outreach"):
        return _percent(value, lang)
    if key == "obstacles":
        return format_timedelta(timedelta(days=value), locale=babel_locale(lang))
    if key == "first_congrats":
        return format_timedelta(timedelta(hours=value), locale=babel_locale(lang))
    return _number(value, lang)


def sparkline(values: tuple[float | None, ...]) -> str:
    """Six months as eight-level bars ("·" where there was nothing to count)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    top = len(SPARKS) - 1

    def bar(value: float | None) -> str:
        if value is None:
            return "·"
        return SPARKS[round((value - low) / (high - low) * top) if high > low else top // 2]

    return "".join(bar(v) for v in values)


def _line(
    lang: str, mirror: Mirror, key: str, value: str | None, extra: str = "", **params: object
) -> str:
    """ "*Label:* value `▁▃▅`" (+ an `extra` line), then what it means."""
    shown = t("culture.none", lang) if value is None else value
    spark = sparkline(mirror.trend(key))
    return t(
        "culture.line",
        lang,
        label=t(f"culture.{key}.label", lang, **params),
        value=shown,
        trend=(f"  `{spark}`" if spark else "") + (f"\n{extra}" if extra else ""),
        means=t(f"culture.{key}.means", lang),
    )


def _of_reps(lang: str, part: int, f: Figures) -> str | None:
    if not f.reps:
        return None
    return t(
        "culture.of_reps",
        lang,
        part=part,
        whole=plural("culture.reps", lang, f.reps),
        percent=_percent(part / f.reps, lang),
    )


def _of_items(lang: str, part: int, f: Figures) -> str | None:
    if not f.agenda_items:
        return None
    items = plural("culture.items", lang, f.agenda_items)
    return t(
        "culture.of_items",
        lang,
        part=part,
        items=items,
        percent=_percent(part / f.agenda_items, lang),
    )


def _hunters(lang: str, m: Mirror) -> list[str]:
    f = m.current
    per_rep = pace = None
    if f.reps:
        clients = plural("culture.clients", lang, f.new_clients)
        per_rep = t(
            "culture.per_rep.value",
            lang,
            value=_number(f.new_clients / f.reps, lang),
            clients=clients,
        )
    if f.expected_clients:
        pace = t(
            "culture.pace.value",
            lang,
            clients=plural("culture.clients", lang, f.year_clients),
            expected=_number(f.expected_clients, lang),
            percent=_percent(f.year_clients / f.expected_clients, lang),
        )
    return [
        _line(lang, m, "hunters", _of_reps(lang, f.hunters, f)),
        _line(lang, m, "per_rep", per_rep),
        _line(lang, m, "plans", _of_reps(lang, f.agreed_plans, f), year=f.month.year),
        _line(lang, m, "pace", pace, year=f.month.year),
    ]


def _meetings(lang: str, m: Mirror) -> list[str]:
    f = m.current
    meetings = rating = mix = None
    reasons = ""
    if f.meetings:
        meetings = t(
            "culture.meetings.value",
            lang,
            held=f.held,
            moved=f.moved,
            cancelled=f.cancelled,
            percent=_percent(f.held / f.meetings, lang),
        )
        if f.reasons:
            said = ", ".join(f"“{escaped(r, REASON_MAX)}”" for r in f.reasons[:REASONS_SHOWN])
            reasons = t("culture.meetings.reasons", lang, reasons=said)
    if f.ratings:
        value = _number(sum(f.ratings) / len(f.ratings), lang)
        rating = plural("culture.rating.value", lang, len(f.ratings), value=value)
    if f.agenda_items:
        success, challenge, pipeline = f.items
        mix = t("culture.mix.value", lang, success=success, challenge=challenge, pipeline=pipeline)
    return [
        _line(lang, m, "meetings", meetings, reasons),
        _line(lang, m, "rating", rating),
        _line(lang, m, "mix", mix),
        _line(lang, m, "carried", _of_items(lang, f.carried, f)),
        _line(lang, m, "operational", _of_items(lang, f.operational, f)),
    ]


def _accountability(lang: str, m: Mirror) -> list[str]:
    f = m.current
    checkins = outreach = solved = None
    if f.weeks and f.listed:
        checkins = t(
            "culture.checkins.value",
            lang,
            received=f.checkins,
            expected=f.weeks * f.listed,
            percent=_percent(f.checkins / (f.weeks * f.listed), lang),
        )
    if f.outreach_target:
        outreach = t(
            "culture.outreach.value",
            lang,
            done=f.outreach_done,
            target=f.outreach_target,
            percent=_percent(f.outreach_done / f.outreach_target, lang),
        )
    before = named_before(m.months)
    obstacles = " · ".join(
        t(
            "culture.obstacle",
            lang,
            reason=_reason(reason, lang),
            count=count,
            before=before.get(reason, 0),
        )
        for reason, count in f.top_obstacles
    )
    if f.solved_after or f.still_reported:
        still = plural("culture.still", lang, f.still_reported)
        if f.solved_after:
            days = figure_text("obstacles", measure("obstacles").value(f), lang)
            solved = plural(
                "culture.solved.value", lang, len(f.solved_after), days=days, still=still
            )
        else:
            solved = t("culture.solved.none", lang, still=still)
    overdue = plural("culture.overdue.value", lang, f.overdue_actions) if f.reps else None
    return [
        _line(lang, m, "checkins", checkins),
        _line(lang, m, "outreach", outreach),
        t(
            "culture.line",
            lang,
            label=t("culture.top_obstacles.label", lang),
            value=obstacles or t("culture.none", lang),
            trend="",
            means=t("culture.top_obstacles.means", lang),
        ),
        _line(lang, m, "obstacles", solved),
        _line(lang, m, "overdue", overdue),
    ]


def _reason(code: str, lang: str) -> str:
    """A reason's words as the check-in form shows them (an unknown code: "something else")."""
    key = f"checkin.reason.{code}"
    return t(key if key in MESSAGES else "checkin.reason.other", lang)


def _recognition(lang: str, m: Mirror) -> list[str]:
    f = m.current
    congrats = first = None
    if f.new_clients:
        congrats = t(
            "culture.congrats.value",
            lang,
            value=_number(f.congratulations / f.new_clients, lang),
            count=f.congratulations,
            clients=plural("culture.clients", lang, f.new_clients),
        )
    if f.first_congrats_hours:
        took = figure_text("first_congrats", measure("first_congrats").value(f), lang)
        first = plural("culture.first_congrats.value", lang, f.uncongratulated, took=took)
    return [_line(lang, m, "congrats", congrats), _line(lang, m, "first_congrats", first)]


def _verdict(lang: str, mirror: Mirror) -> str:
    moves = mirror.moves
    if not moves:
        return t("culture.verdict.none", lang)
    lines = []
    for move in moves:
        line = t(
            "culture.verdict.better" if move.better else "culture.verdict.worse",
            lang,
            label=t(f"culture.{move.key}.short", lang),
            before=figure_text(move.key, move.before, lang),
            now=figure_text(move.key, move.now, lang),
        )
        if measure(move.key).per_month and not mirror.current.complete:
            line += t("culture.verdict.prorated", lang)
        lines.append(line)
    return "\n".join([t("culture.verdict.title", lang), *lines])


def _teams(lang: str, m: Mirror) -> str | None:
    if not m.teams:
        return None
    lines = [t("culture.teams.title", lang)]
    for team in m.teams:
        shown = " · ".join(
            t(
                "culture.teams.figure",
                lang,
                label=t(f"culture.{key}.short", lang),
                value=figure_text(key, measure(key).value(team.figures), lang),
            )
            for key in TEAM_FIGURES
        )
        reps = plural("culture.reps", lang, team.figures.reps)
        lines.append(
            t(
                "culture.teams.line",
                lang,
                manager=mention(team.manager_id),
                reps=reps,
                figures=shown,
            )
        )
    return "\n".join(lines)


def month_title(lang: str, mirror: Mirror) -> str:
    return format_date(mirror.current.month, "LLLL yyyy", locale=babel_locale(lang))


def mirror_reply(lang: str, mirror: Mirror, *, zone: tzinfo, monthly: bool = False) -> dict:
    """The mirror as an ephemeral answer or a DM (the caller makes sure it is only ever that).
    `monthly`: a month that ended, with its chart in the thread."""
    f = mirror.current
    reps = plural("culture.reps", lang, f.reps)
    scope = t(
        "culture.scope.team" if mirror.scope == TEAM else "culture.scope.reps", lang, reps=reps
    )
    month = month_title(lang, mirror)
    title = "culture.title.month" if monthly or f.complete else "culture.title"
    blocks = [
        section(t(title, lang, month=month, scope=scope)),
        section(_verdict(lang, mirror)),
    ]
    areas = {
        "hunters": _hunters,
        "meetings": _meetings,
        "accountability": _accountability,
        "recognition": _recognition,
    }
    for area in AREAS:
        lines = [t(f"culture.area.{area}", lang), *areas[area](lang, mirror)]
        blocks += [{"type": "divider"}, section("\n\n".join(lines))]
    teams = _teams(lang, mirror)
    if teams:
        blocks += [{"type": "divider"}, section(teams)]
    day, city = format_day(mirror.today, lang), zone_city(zone, lang)
    note = "culture.private.monthly" if monthly else "culture.private"
    blocks.append(context(t(note, lang, day=day, zone=city, months=len(mirror.months))))
    fallback = "culture.fallback.month" if monthly or f.complete else "culture.fallback"
    return {"text": t(fallback, lang, month=month), "blocks": blocks}


# ------------------------------------------------------------------------------ the trend chart


def _month_labels(mirror: Mirror, lang: str) -> list[str]:
    return [format_date(f.month, "LLL", locale=babel_locale(lang)) for f in mirror.months]


def chart_title(lang: str, mirror: Mirror) -> str:
    return t("culture.chart.title", lang, month=month_title(lang, mirror))


def chart_alt_text(lang: str, mirror: Mirror) -> str:
    """The chart in words: each charted measure's value per month."""
    labels = _month_labels(mirror, lang)
    parts = []
    for key in CHARTED:
        values = ", ".join(
            f"{label} {figure_text(key, value, lang)}"
            for label, value in zip(labels, mirror.trend(key), strict=True)
        )
        parts.append(f"{t(f'culture.{key}.short', lang)}: {values}")
    return "; ".join(parts)


def trend_chart(lang: str, mirror: Mirror, *, title: str) -> bytes:
    """A PNG (800 x 900) of six months of the charted measures, one small panel each."""
    # matplotlib (with numpy) costs ~40 MiB: loaded by the first chart, not by every process.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as Canvas

    figure = Canvas(figsize=(8, 9), dpi=100)
    canvas = FigureCanvasAgg(figure)
    labels = _month_labels(mirror, lang)
    positions = list(range(len(labels)))
    for n, key in enumerate(CHARTED):
        axes = figure.add_subplot(3, 2, n + 1)
        share_scale = measure(key).is_share
        values = [
            math.nan if v is None else (v * 100 if share_scale else v) for v in mirror.trend(key)
        ]
        axes.plot(positions, values, color="#1f77b4", marker="o", linewidth=2.5)
        axes.set_title(t(f"culture.{key}.short", lang).replace("$", r"\$"), fontsize=12)
        axes.set_xticks(positions)
        axes.set_xticklabels(labels, fontsize=10)
        axes.set_xlim(-0.3, len(labels) - 0.7)
        axes.set_ylim(bottom=0, top=105 if share_scale else (10.5 if key == "rating" else None))
        if share_scale:
            axes.yaxis.set_major_formatter("{x:.0f}%")
        axes.grid(axis="y", alpha=0.3)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    figure.suptitle(title.replace("$", r"\$"), fontsize=14)
    figure.tight_layout(rect=(0, 0, 1, 0.96))
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    figure.clear()
    return buffer.getvalue()


def help_reply(lang: str) -> dict:
    return {"text": t("culture.help.fallback", lang), "blocks": [section(t("culture.help", lang))]}


def error_text(lang: str, code: str, params: dict | None) -> str:
    """A friendly mrkdwn message for a /culture mistake or refusal."""
    if code == "not_manager":
        return t("culture.error.not_manager", lang)
    return t("culture.error.usage", lang)
