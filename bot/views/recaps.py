"""The recaps' post (Block Kit) and its chart (a PNG drawn with matplotlib's object API,
no pyplot: safe from worker threads)."""

from __future__ import annotations

import io
from datetime import date

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from bot.domain.formatting import babel_locale
from bot.domain.recaps import Period, Recap
from bot.i18n import t
from bot.views.blocks import context, section
from bot.views.text import escaped, escaped_lines, mention, plural

STORY_MAX = 600
# Wide enough for twelve labelled bars, large type: it is mostly looked at on a phone.
WIDTH_PX, HEIGHT_PX, DPI = 900, 560, 100
_BAR, _HIGHLIGHT, _PACE = "#9ecae1", "#2171b5", "#d94801"


def month_name(first: date, lang: str, *, year: bool = True) -> str:
    """ "December 2026" / "december 2026" (or without the year)."""
    return format_date(first, "LLLL yyyy" if year else "LLLL", locale=babel_locale(lang))


def period_name(period: Period, lang: str, *, year: bool = True) -> str:
    """ "December 2026", "Q4 2026", "2026" (a month or quarter without the year)."""
    if period.kind == "month":
        return month_name(period.start, lang, year=year)
    if period.kind == "quarter":
        name = t("recaps.quarter", lang, n=period.quarter)
        return f"{name} {period.start.year}" if year else name
    return str(period.start.year)


def number(value: float, lang: str) -> str:
    """A count or a pace as people read it: "2.5" / "2,5", "3"."""
    return format_decimal(round(value, 1), "#,##0.#", locale=babel_locale(lang))


def _compare(lang: str, recap: Recap) -> str:
    before = recap.period.previous()
    name = period_name(before, lang, year=before.start.year != recap.period.start.year)
    diff = recap.new_clients - recap.previous
    if diff > 0:
        return plural("recaps.compare.more", lang, diff, period=name, before=recap.previous)
    if diff == 0:
        return t("recaps.compare.same", lang, period=name)
    return t("recaps.compare.fewer", lang, period=name, count=recap.previous)


def _pace(lang: str, recap: Recap) -> str:
    kind = recap.period.kind
    if recap.target is None:
        return t("recaps.pace.none", lang, year=recap.period.start.year)
    diff = round(recap.new_clients - recap.target, 1)
    which = "ahead" if diff > 0 else "on" if diff == 0 else "behind"
    basis = t(
        f"recaps.basis.{kind}", lang, pace=number(recap.target, lang), year=recap.period.start.year
    )
    fresh = t(f"recaps.fresh.{kind}", lang)
    return t(f"recaps.pace.{which}", lang, basis=basis, diff=number(abs(diff), lang), fresh=fresh)


def recap_message(lang: str, recap: Recap, *, badges: str | None = None) -> dict:
    """The recap post: the period's count against the period before and the pace, its
    hunters, the badges earned (mrkdwn, `bot.views.badges.recap_line`), its best story
    (escaped) and a pointer to the chart in the thread."""
    kind = recap.period.kind
    name = period_name(recap.period, lang)
    lines: list[str] = []
    if recap.new_clients:
        lines.append(
            plural("recaps.count", lang, recap.new_clients, period=name)
            + " "
            + _compare(lang, recap)
        )
    else:
        after = period_name(recap.period.next(), lang, year=False)
        lines.append(t("recaps.empty", lang, period=name, next=after))
    lines.append(_pace(lang, recap))
    if recap.hunters:
        names = format_list([mention(rep) for rep in recap.hunters], locale=babel_locale(lang))
        wins = plural("recaps.clients", lang, recap.hunter_wins)
        lines.append(
            plural(f"recaps.hunters.{kind}", lang, len(recap.hunters), names=names, wins=wins)
        )
    blocks: list[dict] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("recaps.header", lang, period=name)},
        },
        *(section(line) for line in lines),
    ]
    if badges:
        blocks.append(section(badges))
    if recap.story is not None:
        story = recap.story
        heading = t(
            f"recaps.story.{kind}",
            lang,
            client=escaped(story.client_name, 200),
            rep=mention(story.user_id),
            congrats=plural("recaps.congrats", lang, story.congratulations),
        )
        quoted = "\n".join(
            f"> {line}" for line in escaped_lines(story.story, STORY_MAX).split("\n")
        )
        blocks.append(section(f"{heading}\n{quoted}"))
    blocks.append(context(t("recaps.chart_note", lang, year=recap.period.start.year)))
    text = t("recaps.text", lang, period=name, count=recap.new_clients)
    return {"text": text, "blocks": blocks}


def chart_title(lang: str, recap: Recap) -> str:
    """The chart's title."""
    year = recap.period.start.year
    if recap.pace is None:
        return t("recaps.chart.title", lang, year=year)
    return t("recaps.chart.title_pace", lang, year=year, pace=number(recap.pace, lang))


def chart_alt_text(lang: str, recap: Recap) -> str:
    """The chart in words, for whoever cannot see it: every month's count and the pace."""
    year = recap.period.start.year
    months = ", ".join(
        f"{month_name(date(year, n + 1, 1), lang, year=False)} {count}"
        for n, count in enumerate(recap.per_month)
    )
    if recap.pace is None:
        return t("recaps.chart.alt", lang, year=year, months=months)
    return t("recaps.chart.alt_pace", lang, year=year, months=months, pace=number(recap.pace, lang))


def recap_chart(lang: str, recap: Recap, *, title: str) -> bytes:
    """A PNG of new clients in each month of the year up to the period's end (the period's
    months in a darker blue, each bar labelled with its count) and the pace as a dashed line."""
    # matplotlib (with numpy) costs ~40 MiB: loaded by the first chart, not by every process.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    counts = recap.per_month
    positions = list(range(len(counts)))
    first = recap.period.start.month - 1
    colours = [_HIGHLIGHT if n >= first else _BAR for n in positions]
    bars = axes.bar(positions, counts, color=colours, width=0.7)
    axes.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=13, padding=2)
    labels = [
        format_date(date(recap.period.start.year, n + 1, 1), "LLL", locale=babel_locale(lang))
        for n in positions
    ]
    axes.set_xticks(positions)
    axes.set_xticklabels(labels, fontsize=13)
    axes.set_xlim(-0.6, max(len(counts), 3) - 0.4)
    top = max([*counts, recap.pace or 0, 1])
    axes.set_ylim(0, top * 1.2 + 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="y", labelsize=12)
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if recap.pace is not None:
        axes.axhline(
            recap.pace,
            color=_PACE,
            linestyle="--",
            linewidth=2.5,
            label=_plain(t("recaps.chart.pace", lang)),
        )
        axes.legend(loc="upper left", fontsize=12, frameon=False)
    axes.set_title(_plain(title), fontsize=16)
    figure.tight_layout()
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    figure.clear()
    return buffer.getvalue()


def _plain(text: str) -> str:
    """A literal matplotlib label: no mathtext ($)."""
    return text.replace("\\", "\\\\").replace("$", r"\$")
