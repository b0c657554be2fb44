"""The monthly recap's post (Block Kit) and its chart (a PNG drawn with matplotlib's object API,
no pyplot: safe from worker threads)."""

from __future__ import annotations

import io
from datetime import date

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.domain.formatting import babel_locale
from bot.domain.recaps import MonthRecap, next_month, previous_month
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


def number(value: float, lang: str) -> str:
    """A count or a pace as people read it: "2.5" / "2,5", "3"."""
    return format_decimal(round(value, 1), "#,##0.#", locale=babel_locale(lang))


def _compare(lang: str, recap: MonthRecap) -> str:
    before = previous_month(recap.month)
    name = month_name(before, lang, year=before.year != recap.month.year)
    diff = recap.new_clients - recap.last_month
    if diff > 0:
        return t("recaps.compare.more", lang, diff=diff, month=name, count=recap.last_month)
    if diff == 0:
        return t("recaps.compare.same", lang, month=name)
    return t("recaps.compare.fewer", lang, month=name, count=recap.last_month)


def _pace(lang: str, recap: MonthRecap) -> str:
    if recap.pace is None:
        return t("recaps.pace.none", lang, year=recap.month.year)
    diff = round(recap.new_clients - recap.pace, 1)
    which = "ahead" if diff > 0 else "on" if diff == 0 else "behind"
    return t(
        f"recaps.pace.{which}", lang, pace=number(recap.pace, lang), diff=number(abs(diff), lang)
    )


def recap_message(lang: str, recap: MonthRecap) -> dict:
    """The recap post: the month's count against the month before and the pace, its hunters,
    its best story (escaped) and a pointer to the chart in the thread."""
    month = month_name(recap.month, lang)
    lines: list[str] = []
    if recap.new_clients:
        lines.append(
            plural("recaps.count", lang, recap.new_clients, month=month)
            + " "
            + _compare(lang, recap)
        )
    else:
        after = month_name(next_month(recap.month), lang, year=False)
        lines.append(t("recaps.empty", lang, month=month, next=after))
    lines.append(_pace(lang, recap))
    if recap.hunters:
        names = format_list([mention(rep) for rep in recap.hunters], locale=babel_locale(lang))
        wins = plural("recaps.clients", lang, recap.hunter_wins)
        lines.append(plural("recaps.hunters", lang, len(recap.hunters), names=names, wins=wins))
    blocks: list[dict] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("recaps.header", lang, month=month)},
        },
        *(section(line) for line in lines),
    ]
    if recap.story is not None:
        story = recap.story
        heading = t(
            "recaps.story",
            lang,
            client=escaped(story.client_name, 200),
            rep=mention(story.user_id),
            congrats=plural("recaps.congrats", lang, story.congratulations),
        )
        quoted = "\n".join(
            f"> {line}" for line in escaped_lines(story.story, STORY_MAX).split("\n")
        )
        blocks.append(section(f"{heading}\n{quoted}"))
    blocks.append(context(t("recaps.chart_note", lang, year=recap.month.year)))
    return {"text": t("recaps.text", lang, month=month, count=recap.new_clients), "blocks": blocks}


def chart_title(lang: str, recap: MonthRecap) -> str:
    """The chart's title, which also serves as its description where the image is not seen."""
    year = recap.month.year
    if recap.pace is None:
        return t("recaps.chart.title", lang, year=year)
    return t("recaps.chart.title_pace", lang, year=year, pace=number(recap.pace, lang))


def recap_chart(lang: str, recap: MonthRecap, *, title: str) -> bytes:
    """A PNG of new clients in each month of the year up to the recap's (the recap's month in a
    darker blue, each bar labelled with its count) and the pace as a dashed line."""
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    counts = recap.per_month
    positions = list(range(len(counts)))
    colours = [_BAR] * len(counts)
    if colours:
        colours[-1] = _HIGHLIGHT
    bars = axes.bar(positions, counts, color=colours, width=0.7)
    axes.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=13, padding=2)
    labels = [
        format_date(date(recap.month.year, n + 1, 1), "LLL", locale=babel_locale(lang))
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
