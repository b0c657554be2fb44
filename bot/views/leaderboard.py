"""Block Kit for the leaderboard: the ephemeral board (with the viewer's own line and the share
button), the board as posted in a channel (nothing about the viewer), help and mistakes."""

from __future__ import annotations

import json
from datetime import timedelta

from babel.dates import format_date

from bot.domain.formatting import babel_locale, format_money
from bot.domain.leaderboard import TOP_RANKS, Board, Standing, named, own_rank, totals
from bot.i18n import t
from bot.views.blocks import button, context, pack_lines, section
from bot.views.text import escaped, mention, plural, short_day

SHARE_ACTION = "leaderboard_share"
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
LINES_BUDGET = 20  # sections for the named lines; ties at the top can make many


def share_value(board: Board, asked_with: str) -> str:
    """What the share button carries: the period shown and the command that showed it (whose
    board is shared once, however often the button is clicked)."""
    data = {"p": board.period, "d": board.start.isoformat(), "t": asked_with}
    return json.dumps(data, separators=(",", ":"))


def title(lang: str, board: Board) -> str:
    start, locale = board.start, babel_locale(lang)
    if board.period == "week":
        week = start.isocalendar().week
        last = board.end - timedelta(days=1)
        return t(
            "leaderboard.title.week",
            lang,
            week=week,
            start=short_day(start, lang),
            end=short_day(last, lang),
        )
    if board.period == "month":
        return t("leaderboard.title.month", lang, month=format_date(start, "LLLL y", locale=locale))
    if board.period == "quarter":
        quarter = (start.month - 1) // 3 + 1
        return t("leaderboard.title.quarter", lang, quarter=quarter, year=start.year)
    return t("leaderboard.title.year", lang, year=start.year)


def _value(lang: str, values: tuple[tuple[str, int], ...]) -> str:
    return " + ".join(format_money(cents, currency, lang) for currency, cents in values)


def _clients(lang: str, wins: int, values: tuple[tuple[str, int], ...]) -> str:
    clients = plural("leaderboard.clients", lang, wins)
    value = _value(lang, values)
    return f"{clients} · {value}" if value else clients


def _with_outreach(lang: str, board: Board, user_id: str, clients: str) -> str:
    """The second column: first meetings booked, only for a rep who shares their check-in
    outreach (nothing at all, not zero, for anyone else)."""
    meetings = board.outreach_of(user_id)
    if meetings is None:
        return clients
    return f"{clients} · {plural('leaderboard.outreach', lang, meetings)}"


def _line(lang: str, board: Board, standing: Standing) -> str:
    place = MEDALS.get(standing.rank, f"{standing.rank}.")
    clients = _clients(lang, standing.wins, standing.values)
    return t(
        "leaderboard.line",
        lang,
        place=place,
        user=mention(standing.user_id),
        clients=_with_outreach(lang, board, standing.user_id, clients),
    )


def _own_line(lang: str, board: Board, viewer: str) -> str:
    standings = list(board.standings)
    mine = next((s for s in standings if s.user_id == viewer), None)
    if mine is None:
        none = t("leaderboard.you.none", lang, this=t(f"leaderboard.this.{board.period}", lang))
        meetings = board.outreach_of(viewer)
        if meetings is None:
            return none
        return f"{none}\n{plural('leaderboard.you.outreach', lang, meetings)}"
    rank = own_rank(standings, viewer)
    clients = _with_outreach(lang, board, viewer, _clients(lang, mine.wins, mine.values))
    if rank is None:
        return t("leaderboard.you.unranked", lang, clients=clients)
    return t("leaderboard.you.ranked", lang, rank=rank, clients=clients)


def _board_blocks(lang: str, board: Board) -> list[dict]:
    standings = list(board.standings)
    blocks = [section(f"*{title(lang, board)}*")]
    if not standings:
        this = t(f"leaderboard.this.{board.period}", lang)
        return [*blocks, section(t("leaderboard.empty", lang, this=this))]
    lines = [_line(lang, board, s) for s in named(standings, TOP_RANKS)]
    blocks += pack_lines(lang, lines, budget=LINES_BUDGET, more_key="leaderboard.more")
    wins, values = totals(standings, board.default_currency)
    blocks.append(section(t("leaderboard.team", lang, clients=_clients(lang, wins, values))))
    note = t("leaderboard.ranked_by", lang)
    if len(values) > 1:
        note = f"{note} {t('leaderboard.currencies', lang)}"
    if board.outreach:
        note = f"{note} {t('leaderboard.outreach_note', lang)}"
    blocks.append(context(note))
    return blocks


def board_reply(
    lang: str, board: Board, *, viewer: str, asked_with: str, shared_in: str | None = None
) -> dict:
    """The ephemeral board: the top, the team, the viewer's own line; a share button when
    there is something to celebrate (or, once shared, where it went)."""
    blocks = _board_blocks(lang, board)
    blocks.append(section(_own_line(lang, board, viewer)))
    if shared_in is not None:
        blocks.append(context(t("leaderboard.shared", lang, channel=f"<#{shared_in}>")))
    elif board.standings:
        share = button(
            t("leaderboard.share_button", lang),
            SHARE_ACTION,
            share_value(board, asked_with),
            style="primary",
        )
        blocks.append({"type": "actions", "elements": [share]})
    return {"text": title(lang, board), "blocks": blocks}


def shared_message(lang: str, board: Board, *, by: str) -> dict:
    """The board as posted in a channel: the top and the team only, nothing about the viewer."""
    blocks = _board_blocks(lang, board)
    blocks.append(context(t("leaderboard.shared_by", lang, user=mention(by))))
    return {"text": title(lang, board), "blocks": blocks}


def already_shared(lang: str, channel: str) -> dict:
    text = t("leaderboard.already_shared", lang, channel=f"<#{channel}>")
    return {"text": text, "blocks": [section(text)]}


def help_reply(lang: str, *, zone: str) -> dict:
    text = t("leaderboard.help", lang, top=TOP_RANKS, zone=zone)
    return {"text": t("leaderboard.help.fallback", lang), "blocks": [section(text)]}


def error_text(lang: str, code: str, params: dict | None) -> str:
    """A friendly mrkdwn message for a /leaderboard mistake, with how to do it right."""
    if code == "period":
        return t(
            "leaderboard.error.period", lang, text=escaped(str((params or {}).get("text")), 40)
        )
    return t("leaderboard.error.unknown", lang)
