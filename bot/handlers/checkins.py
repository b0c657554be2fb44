"""`/checkin`: the weekly accountability check-in on new-client outreach, away periods, the list.

The check-in is a modal (from the weekly DM or the command); a second one in the same week
updates the first. Check-ins are private: only the rep, their manager and admins see them;
a rep may opt in (`/checkin share`) to show their first meetings booked on the leaderboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.checkins import week_start
from bot.domain.errors import UserError
from bot.handlers.router import HELP_WORDS, Subcommands, deps_of
from bot.handlers.users import Asked, answer_command_later, asker, read_asked, submitted
from bot.jobs.checkins import (
    change_list,
    checkin_form,
    local_today,
    set_away,
    set_sharing,
    submit_checkin,
)
from bot.payloads import read_click, read_date
from bot.views import checkins as views
from bot.views.blocks import error_reply

AWAY_WORDS = {"away", "afwezig", "vakantie"}
BACK_WORDS = {"back", "terug"}
ADD_WORDS = {"add", "toevoegen"}
REMOVE_WORDS = {"remove", "verwijder", "verwijderen"}
SHARE_WORDS = {"share", "delen"}
PRIVATE_WORDS = {"private", "privé", "prive"}

Respond = Callable[..., object]


def open_modal(
    deps: Deps, client: WebClient, trigger_id: str, team_id: str, user_id: str, monday: date
) -> None:
    """Open the check-in modal for `monday`'s week (after the ack)."""
    lang = asker(deps, team_id, user_id).lang
    values, target = checkin_form(deps, team_id=team_id, user_id=user_id, monday=monday)
    view = views.checkin_modal(lang, monday=monday, values=values, target=target)
    client.views_open(trigger_id=trigger_id, view=view)


# ------------------------------------------------------------------------------ /checkin


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/checkin [away <day> | back | share | private | add @someone | remove @someone | help]`."""
    asked = read_asked(ack, command, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang))


def _open(asked: Asked) -> None:
    deps, cmd = asked.deps, asked.cmd
    asked.ack()
    asked.learn_later()
    monday = week_start(local_today(deps, cmd.team_id, cmd.user_id, deps.clock()))
    deps.background.submit(
        open_modal, deps, asked.client, cmd.trigger_id, cmd.team_id, cmd.user_id, monday
    )


def _away(asked: Asked) -> None:
    cmd, lang = asked.cmd, asked.lang
    try:
        until = set_away(asked.deps, team_id=cmd.team_id, user_id=cmd.user_id, text=cmd.rest)
    except UserError as error:
        asked.ack(**error_reply(views.error_text(lang, error.code, error.params)))
        return
    assert until is not None  # a day was named
    asked.ack(**views.away_reply(lang, until=until))


def _back(asked: Asked) -> None:
    set_away(asked.deps, team_id=asked.cmd.team_id, user_id=asked.cmd.user_id, text=None)
    asked.ack(**views.back_reply(asked.lang))


def _sharing(asked: Asked, *, shares: bool) -> None:
    """The rep's own opt-in to show their first meetings booked on the leaderboard."""
    set_sharing(asked.deps, team_id=asked.cmd.team_id, user_id=asked.cmd.user_id, shares=shares)
    asked.ack(**views.sharing_reply(asked.lang, shares=shares))


def _change_list(asked: Asked, *, added: bool) -> None:
    """An admin adds someone to the check-in list or takes them off (after the ack: whether
    the asker is an admin may need Slack)."""
    answer_command_later(asked, partial(_list_changed, asked, added), what="/checkin")


def _list_changed(asked: Asked, added: bool, admin: bool, _lang: str) -> dict:
    """The change, answered in the language known at the ack."""
    deps, cmd, lang = asked.deps, asked.cmd, asked.lang
    try:
        user_id = change_list(
            deps, team_id=cmd.team_id, by=cmd.user_id, admin=admin, text=cmd.rest, added=added
        )
    except UserError as error:
        return error_reply(views.error_text(lang, error.code, error.params))
    return views.member_reply(lang, user_id=user_id, added=added)


SUBCOMMANDS: Subcommands[Callable[[Asked], None]] = Subcommands(
    [
        (HELP_WORDS, _help),
        ([""], _open),
        (AWAY_WORDS, _away),
        (BACK_WORDS, _back),
        (ADD_WORDS, partial(_change_list, added=True)),
        (REMOVE_WORDS, partial(_change_list, added=False)),
        (SHARE_WORDS, partial(_sharing, shares=True)),
        (PRIVATE_WORDS, partial(_sharing, shares=False)),
    ],
    otherwise=_help,
)


# ------------------------------------------------------------------------------ the modal


def handle_open(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
    """The button in the weekly DM: the modal for the week it is about."""
    ack()
    deps = deps_of(context)
    click = read_click(body, action, context)
    monday = week_start(read_date(click.value, field="week"))
    deps.background.submit(
        open_modal, deps, client, click.trigger_id, click.team_id, click.user_id, monday
    )


def handle_submission(ack: Ack, body: dict, view: dict, context) -> None:
    """The check-in saved: thanks in place of the form; or the fields' errors."""
    deps, sub, lang = submitted(body, view, context, required={"week": str})
    monday = week_start(read_date(sub.meta["week"], field="week"))
    answers = views.checkin_modal_values(sub.values)
    try:
        saved = submit_checkin(
            deps, team_id=sub.team_id, user_id=sub.user_id, monday=monday, **answers
        )
    except UserError as error:
        ack(response_action="errors", errors=views.submission_errors(lang, error))
        return
    ack(response_action="update", view=views.thanks_view(lang, **asdict(saved)))


def register(app: App) -> None:
    """Wire /checkin, its modal and the button in the weekly DM."""
    app.command("/checkin")(handle_command)
    app.view(views.MODAL_CALLBACK)(handle_submission)
    app.action(views.OPEN_ACTION)(handle_open)
