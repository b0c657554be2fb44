"""`/checkin`: the weekly accountability check-in on new-client outreach, away periods, the list.

The check-in is a modal (from the weekly DM or the command); a second one in the same week
updates the first. Check-ins are private: only the rep, their manager and admins see them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.checkins import week_start
from bot.domain.errors import UserError
from bot.handlers.router import HELP_WORDS, Command, Subcommands, deps_of, read_command
from bot.handlers.users import Asker, asker, is_admin, refresh_profile, submit_answering
from bot.i18n import LANGUAGES
from bot.jobs.checkins import (
    change_list,
    checkin_form,
    come_back,
    go_away,
    submit_checkin,
    this_week,
)
from bot.payloads import read_click, read_date, read_lang, read_submission
from bot.views import checkins as views
from bot.views.blocks import error_reply

AWAY_WORDS = {"away", "afwezig", "vakantie"}
BACK_WORDS = {"back", "terug"}
ADD_WORDS = {"add", "toevoegen"}
REMOVE_WORDS = {"remove", "verwijder", "verwijderen"}

Respond = Callable[..., object]


@dataclass(frozen=True)
class Request:
    """A /checkin command as its subcommand functions need it."""

    ack: Ack
    respond: Respond
    client: WebClient
    deps: Deps
    cmd: Command
    who: Asker


def open_modal(
    deps: Deps, client: WebClient, *, trigger_id: str, team_id: str, user_id: str, monday: date
) -> None:
    """Open the check-in modal for `monday`'s week (after the ack)."""
    lang = asker(deps, team_id, user_id).lang
    form = checkin_form(deps.session_factory, team_id=team_id, user_id=user_id, monday=monday)
    client.views_open(
        trigger_id=trigger_id,
        view=views.checkin_modal(
            lang, monday=form.monday, values=views.form_values(form.previous), target=form.target
        ),
    )


# ------------------------------------------------------------------------------ /checkin


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/checkin [away <day> | back | add @someone | remove @someone | help]`."""
    deps = deps_of(context)
    cmd = read_command(command, context)
    who = asker(deps, cmd.team_id, cmd.user_id)
    SUBCOMMANDS.pick(cmd.word)(Request(ack, respond, client, deps, cmd, who))


def _help(req: Request) -> None:
    req.ack(**views.help_reply(req.who.lang))


def _open(req: Request) -> None:
    deps, cmd = req.deps, req.cmd
    req.ack()
    if not req.who.known:
        deps.background.submit(refresh_profile, deps, req.client, cmd.team_id, cmd.user_id)
    monday = this_week(
        deps.session_factory,
        deps.settings,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        now=deps.clock(),
    )
    deps.background.submit(
        open_modal,
        deps,
        req.client,
        trigger_id=cmd.trigger_id,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        monday=monday,
    )


def _away(req: Request) -> None:
    deps, cmd, lang = req.deps, req.cmd, req.who.lang
    try:
        until = go_away(
            deps.session_factory,
            deps.settings,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            text=cmd.rest,
            now=deps.clock(),
        )
    except UserError as error:
        req.ack(**error_reply(views.error_text(lang, error.code, error.params)))
        return
    req.ack(**views.away_reply(lang, until=until))


def _back(req: Request) -> None:
    deps, cmd = req.deps, req.cmd
    come_back(deps.session_factory, team_id=cmd.team_id, user_id=cmd.user_id, now=deps.clock())
    req.ack(**views.back_reply(req.who.lang))


def _add(req: Request) -> None:
    _change_list(req, added=True)


def _remove(req: Request) -> None:
    _change_list(req, added=False)


def _change_list(req: Request, *, added: bool) -> None:
    """An admin adds someone to the check-in list or takes them off (after the ack: whether
    the asker is an admin may need Slack)."""
    deps, cmd, lang, respond = req.deps, req.cmd, req.who.lang, req.respond
    req.ack()

    def work() -> None:
        try:
            user_id = change_list(
                deps.session_factory,
                team_id=cmd.team_id,
                by=cmd.user_id,
                admin=is_admin(deps, req.client, cmd.team_id, cmd.user_id),
                text=cmd.rest,
                added=added,
                now=deps.clock(),
            )
        except UserError as error:
            text = views.error_text(lang, error.code, error.params)
            respond(response_type="ephemeral", **error_reply(text))
            return
        reply = views.member_reply(lang, user_id=user_id, added=added)
        respond(response_type="ephemeral", **reply)

    submit_answering(
        deps, work, what="/checkin", team_id=cmd.team_id, user_id=cmd.user_id, respond=respond
    )


SUBCOMMANDS = Subcommands(
    [
        (HELP_WORDS, _help),
        ([""], _open),
        (AWAY_WORDS, _away),
        (BACK_WORDS, _back),
        (ADD_WORDS, _add),
        (REMOVE_WORDS, _remove),
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
        open_modal,
        deps,
        client,
        trigger_id=click.trigger_id,
        team_id=click.team_id,
        user_id=click.user_id,
        monday=monday,
    )


def handle_submission(ack: Ack, body: dict, view: dict, context) -> None:
    """The check-in saved: thanks in place of the form; or the fields' errors."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, required={"week": str}, optional={"lang": str})
    lang = read_lang(sub.meta, LANGUAGES) or asker(deps, sub.team_id, sub.user_id).lang
    monday = week_start(read_date(sub.meta["week"], field="week"))
    answers = views.checkin_modal_values(sub.values)
    try:
        saved = submit_checkin(
            deps.session_factory,
            deps.settings,
            team_id=sub.team_id,
            user_id=sub.user_id,
            monday=monday,
            prospects=answers["prospects"],
            meetings=answers["meetings"],
            reasons=answers["reasons"],
            note=answers["note"],
            now=deps.clock(),
        )
    except UserError as error:
        ack(response_action="errors", errors=views.submission_errors(lang, error))
        return
    thanks = views.thanks_view(
        lang,
        monday=saved.monday,
        prospects=saved.prospects,
        meetings=saved.meetings,
        target=saved.target,
        streak=saved.streak,
        updated=saved.updated,
    )
    ack(response_action="update", view=thanks)


def register(app: App) -> None:
    """Wire /checkin, its modal and the button in the weekly DM."""
    app.command("/checkin")(handle_command)
    app.view(views.MODAL_CALLBACK)(handle_submission)
    app.action(views.OPEN_ACTION)(handle_open)
