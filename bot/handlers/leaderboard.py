"""`/leaderboard [week|month|quarter|year]`: who won new clients in the period, shown only to
the one who asked, with a button that shares the board (without their own line) in the
channel; the post goes through the outbox (bot.jobs.leaderboard)."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.errors import UserError
from bot.domain.leaderboard import PERIODS
from bot.handlers.router import HELP_WORDS, Subcommands
from bot.handlers.users import Asked, after_ack, clicked, read_asked
from bot.i18n import t
from bot.jobs import leaderboard as usecases
from bot.payloads import read_choice, read_date, read_metadata, read_slack_id
from bot.views import leaderboard as views
from bot.views.blocks import error_reply


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/leaderboard [week|month|quarter|year|help]` (Dutch words too), answered in the ack."""
    asked = read_asked(ack, command, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang, zone=asked.settings.team_timezone))
    asked.learn_later()


def _board(asked: Asked) -> None:
    cmd, lang = asked.cmd, asked.lang
    try:
        if cmd.rest:
            raise usecases.LeaderboardRefusal("period", text=cmd.text)
        period = usecases.read_period(cmd.word)
    except UserError as error:
        asked.ack(**error_reply(views.error_text(lang, error.code, error.params)))
        return
    shown = usecases.board(asked.deps, team_id=cmd.team_id, period=period)
    reply = views.board_reply(lang, shown, viewer=cmd.user_id, asked_with=cmd.trigger_id)
    asked.ack(response_type="ephemeral", **reply)
    asked.learn_later()


SUBCOMMANDS: Subcommands[Callable[[Asked], None]] = Subcommands(
    [(HELP_WORDS, _help)], otherwise=_board
)


@after_ack
def handle_share(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """ "Share in channel" (after the ack): the board goes to the channel once; the ephemeral
    says where."""
    deps, click, lang = clicked(body, action, context)
    data = read_metadata({"private_metadata": click.value}, required={"p": str, "d": str, "t": str})
    try:
        shared = usecases.share(
            deps,
            team_id=click.team_id,
            user_id=click.user_id,
            period=read_choice(data["p"], PERIODS, field="period"),
            start=read_date(data["d"], field="start"),
            channel_id=click.channel_id,
            asked_with=read_slack_id(data["t"], field="trigger_id"),
        )
    except usecases.LeaderboardRefusal as refusal:
        if refusal.code != "no_wins_channel":
            raise
        # As the wins flow says it: the workspace's admins have not chosen the channel yet.
        text = t("leaderboard.error.no_wins_channel", lang)
        respond(response_type="ephemeral", replace_original=False, **error_reply(text))
        return
    if not shared.queued:
        respond(
            response_type="ephemeral",
            replace_original=False,
            **views.already_shared(lang, shared.channel),
        )
        return
    reply = views.board_reply(
        lang, shared.board, viewer=click.user_id, asked_with="", shared_in=shared.channel
    )
    respond(replace_original=True, **reply)


def register(app: App) -> None:
    """Wire /leaderboard and its share button."""
    app.command("/leaderboard")(handle_command)
    app.action(views.SHARE_ACTION)(after_ack(handle_share))
