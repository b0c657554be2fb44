"""A small PNG chart of the team's weekly outreach, for the manager's Monday digest.

Drawn with matplotlib's object API (``Figure`` + the Agg canvas): no pyplot, so no global
figure state and safe to call from worker threads.
"""

from __future__ import annotations

import io
import math
from datetime import date
from typing import TYPE_CHECKING

from bot.views.text import short_day

if TYPE_CHECKING:
    from matplotlib.lines import Line2D

WIDTH_PX, HEIGHT_PX, DPI = 800, 400, 100
LEGEND_MAX = 12  # reps named in the legend; the rest are summed up as "+N"
LABEL_MAX = 24


def _plain_label(text: str, limit: int = LABEL_MAX) -> str:
    """User text as a literal matplotlib label: no mathtext ($), never hidden (leading _)."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("\\", "\\\\").replace("$", r"\$")
    if text.startswith("_"):
        text = " " + text
    return text


def week_axis_labels(mondays: list[date], lang: str) -> list[str]:
    """Each week on the x axis by its Monday, as people read dates: "7 dec" / "7 Dec"."""
    return [short_day(monday, lang) for monday in mondays]


def outreach_chart(
    series: list[tuple[str, list[int | None], int | None]],
    weeks: list[str],
    *,
    title: str,
    target_label: str,
) -> bytes:
    """A PNG (800x400) of prospects per week: one line per rep (label, values per week in
    `weeks` order, None = no check-in, drawn as a gap), and each rep's weekly target as a
    dashed line in the same colour. `weeks` are the axis labels (see week_axis_labels).
    Values beyond len(weeks) are ignored."""
    # matplotlib (with numpy) costs ~40 MiB: loaded by the first chart, not by every process.
    from matplotlib import color_sequences
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    # Colour-blind-friendly first (tab10), then the lighter tab20 shades.
    colours = [*color_sequences["tab10"], *color_sequences["tab20"][1::2]]
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(weeks)))
    handles: list[Line2D] = []
    any_target = False
    for index, (label, values, target) in enumerate(series):
        colour = colours[index % len(colours)]
        points = [
            math.nan if value is None else float(value)
            for value in (list(values) + [None] * len(weeks))[: len(weeks)]
        ]
        (line,) = axes.plot(
            positions,
            points,
            color=colour,
            marker="o",
            markersize=4,
            linewidth=2,
            label=_plain_label(label),
        )
        handles.append(line)
        if target is not None and positions:
            any_target = True
            ends = [positions[0], positions[-1]]
            axes.plot(ends, [target, target], color=colour, linestyle="--", linewidth=1, alpha=0.8)
    axes.set_title(_plain_label(title, 80), fontsize=12)
    axes.set_xticks(positions)
    axes.set_xticklabels([_plain_label(week, 12) for week in weeks], fontsize=8)
    if positions:
        axes.set_xlim(-0.3, positions[-1] + 0.3)
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    legend = handles[:LEGEND_MAX]
    if len(handles) > LEGEND_MAX:
        legend.append(Line2D([], [], color="none", label=f"+{len(handles) - LEGEND_MAX}"))
    if any_target:
        legend.append(
            Line2D([], [], color="#555555", linestyle="--", label=_plain_label(target_label, 30))
        )
    if legend:
        axes.legend(
            handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False
        )
    figure.subplots_adjust(left=0.07, right=0.76 if legend else 0.97, top=0.9, bottom=0.1)

    buffer = io.BytesIO()
    canvas.print_png(buffer)
    figure.clear()
    return buffer.getvalue()
