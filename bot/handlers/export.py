"""`/salesbot export [me]`: the data as CSV files in one zip, sent to the asker's DM.

Acked at once (whether the asker is an admin may need Slack); the zip is made and uploaded
after the ack and never goes to a channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from http.client import HTTPException

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.domain.errors import UserError
from bot.handlers.router import HELP_WORDS, Subcommands
from bot.handlers.users import Asked, answer_later, read_asked
from bot.jobs import export as jobs
from bot.views import export as views
from bot.views.blocks import error_reply

log = logging.getLogger(__name__)

EXPORT_WORDS = ("export", "exporteer", "exporteren")
ME_WORDS = frozenset({"me", "mine", "my", "myself", "mij", "ik", "mijn", "mezelf"})

Respond = Callable[..., object]


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/salesbot export` (admins: the whole team), `/salesbot export me`, `/salesbot help`."""
    asked = read_asked(ack, command, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang))


def _unknown(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang, unknown=asked.cmd.word))


def _export(asked: Asked) -> None:
    """Whose data: nothing after the word is the team's, "me" (or "mij", "ik") one's own."""
    words = asked.cmd.rest.lower().split()
    if len(words) > 1 or (words and words[0] not in ME_WORDS):
        asked.ack(**error_reply(views.error_text(asked.lang, "usage", {})))
        return
    scope = jobs.ME if words else jobs.TEAM
    asked.ack()
    send = partial(_send, asked, scope)
    answer_later(
        asked.deps, asked.client, asked.cmd, send, what="/salesbot export", respond=asked.respond
    )


def _send(asked: Asked, scope: str, admin: bool, lang: str) -> None:
    """After the ack: made (or refused), "on its way", then uploaded to the asker's DM."""
    cmd = asked.cmd
    try:
        made = jobs.build_export(
            asked.deps,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            scope=scope,
            admin=admin,
            lang=lang,
        )
    except UserError as error:
        _tell(asked, error_reply(views.error_text(lang, error.code, error.params)))
        return
    _tell(asked, views.coming_reply(lang, scope))
    try:
        _upload(asked.client, cmd.user_id, made, lang)
    except (SlackClientError, HTTPException, OSError) as error:
        log.warning("the export for %s did not reach their DM: %r", cmd.user_id, error)
        _tell(asked, error_reply(views.error_text(lang, "slack", {})))


def _tell(asked: Asked, reply: dict) -> None:
    asked.respond(response_type="ephemeral", **reply)


def _upload(client: WebClient, user_id: str, made: jobs.ExportFile, lang: str) -> None:
    """The zip into the app's DM with the person (a conversation id, never a channel)."""
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        file=made.data,
        filename=made.filename,
        title=views.file_title(lang, made.scope),
        initial_comment=views.file_comment(lang, scope=made.scope, rows=made.rows, day=made.day),
    )


SUBCOMMANDS: Subcommands[Callable[[Asked], None]] = Subcommands(
    [(HELP_WORDS, _help), ([""], _help), (EXPORT_WORDS, _export)],
    otherwise=_unknown,
)


def register(app: App) -> None:
    """Wire /salesbot."""
    app.command("/salesbot")(handle_command)
