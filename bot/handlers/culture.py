"""`/culture`: the sales-culture mirror for the month so far, to a manager (their own reps) or
an admin (the whole team), always ephemeral. Acked at once: whether the asker is an admin may
need Slack; the answer follows through the command's response_url (bot.jobs.culture)."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.handlers.router import HELP_WORDS, Subcommands
from bot.handlers.users import Asked, answer_command_later, read_asked
from bot.jobs import culture as usecases
from bot.views import culture as views
from bot.views.blocks import error_reply


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/culture` (or `/culture help`)."""
    asked = read_asked(ack, command, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang))
    asked.learn_later()


def _usage(asked: Asked) -> None:
    asked.ack(**error_reply(views.error_text(asked.lang, "usage", {})))
    asked.learn_later()


def _mirror(asked: Asked) -> None:
    cmd, deps = asked.cmd, asked.deps

    def reply(admin: bool, lang: str) -> dict:
        shown = usecases.mirror(deps, team_id=cmd.team_id, user_id=cmd.user_id, admin=admin)
        return views.mirror_reply(lang, shown, zone=deps.settings_for(cmd.team_id).tz)

    answer_command_later(asked, reply, what="/culture", error_text=views.error_text)


SUBCOMMANDS: Subcommands[Callable[[Asked], None]] = Subcommands(
    [(HELP_WORDS, _help), ([""], _mirror)], otherwise=_usage
)


def register(app: App) -> None:
    """Wire /culture."""
    app.command("/culture")(handle_command)
