"""Block Kit for the App Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.formatting import format_day
from bot.i18n import t
from bot.views.blocks import section as _section
from bot.views.newclient import OPEN_MODAL_ACTION_ID
from bot.views.text import escape, mention

MAX_HOME_BLOCKS = 100


@dataclass(frozen=True)
class HomeWin:
    client: str  # raw user text
    rep_id: str
    value: str | None
    day: date


def _lines(wins: list[HomeWin], lang: str, *, with_rep: bool) -> str:
    if not wins:
        return t("home.none_yet", lang)
    lines = []
    for win in wins:
        value = f" · {win.value}" if win.value else ""
        key = "home.team_win_line" if with_rep else "home.win_line"
        lines.append(
            t(
                key,
                lang,
                client=escape(win.client),
                value=value,
                rep=mention(win.rep_id),
                date=format_day(win.day, lang),
            )
        )
    return "\n".join(lines)


def home_view(
    lang: str,
    *,
    year: int,
    rep_count: int,
    team_count: int,
    mine: list[HomeWin],
    team: list[HomeWin],
) -> dict:
    """The Home tab: log button, this year's counts, my latest and the team's latest new clients."""
    blocks = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t("home.title", lang), "emoji": True},
        },
        _section(t("home.intro", lang)),
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": OPEN_MODAL_ACTION_ID,
                    "style": "primary",
                    "text": {
                        "type": "plain_text",
                        "text": t("home.log_button", lang),
                        "emoji": True,
                    },
                }
            ],
        },
        _section(t("home.counts", lang, year=year, rep_count=rep_count, team_count=team_count)),
        {"type": "divider"},
        _section(t("home.recent_mine", lang) + "\n" + _lines(mine, lang, with_rep=False)),
        _section(t("home.recent_team", lang) + "\n" + _lines(team, lang, with_rep=True)),
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
