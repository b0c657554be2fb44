"""Who manages whom at the Slack edge: Accept / Decline on a manager request, "not my manager",
and the admin's form on the Home tab (the rules are in bot.jobs.managers)."""

from __future__ import annotations

from functools import partial

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import FieldErrors
from bot.handlers.router import deps_of
from bot.handlers.users import (
    after_ack,
    answer_click,
    answer_on_home,
    asker,
    clicked,
    is_admin,
    publish_home,
    set_manager_as_admin,
)
from bot.jobs import managers as jobs
from bot.payloads import USER_ID_RE, Submission, read_click, read_int, read_submission
from bot.views import managers as views
from bot.views import oneonones as oneonone_views


@after_ack
def handle_answer(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """Accept or Decline, answered in place of the request DM."""
    deps, click, lang = clicked(body, action, context)
    request_id = read_int(click.value, field="request_id")
    accept = action["action_id"] == views.ACCEPT_ACTION
    answered = jobs.answer_request(
        deps, team_id=click.team_id, rep_id=click.user_id, request_id=request_id, accept=accept
    )
    reply = views.answered_reply(lang, answered)
    answer_click(deps, client, click, body, respond, reply, replace_original=True)


def _named(value: str) -> str | int:
    """The manager a "not my manager" button names: a user id, or (older DMs) a series id."""
    text = value.strip()
    if USER_ID_RE.fullmatch(text):
        return text
    return read_int(text, field="series_id")


@after_ack
def handle_not_my_manager(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    deps, click, lang = clicked(body, action, context)
    named = _named(click.value)
    disowned = jobs.disown_manager(deps, team_id=click.team_id, rep_id=click.user_id, named=named)
    reply = views.disowned_reply(lang, disowned)
    answer_click(deps, client, click, body, respond, reply, replace_original=True)


@after_ack
def handle_open_set_manager(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """An admin's Home-tab button: the form to say who manages whom."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    admin = is_admin(deps, client, click.team_id, click.user_id)
    lang = asker(deps, click.team_id, click.user_id).lang
    if admin:
        client.views_open(trigger_id=click.trigger_id, view=views.set_manager_modal(lang))
    else:
        notice = views.error_text(lang, "not_admin", {})
        publish_home(deps, client, click.team_id, click.user_id, notice=notice)


def handle_set_manager_modal(
    ack: Ack, body: dict, view: dict, context: BoltContext, client: WebClient
) -> None:
    """The admin's form: checked within the ack, saved after it (Slack is asked about both
    people), answered on the admin's Home tab."""
    deps = deps_of(context)
    form = read_submission(body, view, context)
    lang = asker(deps, form.team_id, form.user_id).lang
    try:
        rep_id, manager_id = jobs.check_admin_form(*views.set_manager_values(form.values))
    except FieldErrors as error:
        ack(response_action="errors", errors=views.form_errors(lang, error.errors))
        return
    ack()
    notice = partial(_set_manager, deps, client, form, rep_id, manager_id)
    answer_on_home(deps, client, form, notice, what="the manager form")


def _set_manager(
    deps: Deps,
    client: WebClient,
    form: Submission,
    rep_id: str,
    manager_id: str,
    admin: bool,
    lang: str,
) -> str:
    """Saved if the person is an admin and Slack knows both people; what happened."""
    if not admin:
        return views.error_text(lang, "not_admin", {})
    if not set_manager_as_admin(
        deps, client, form.team_id, admin_id=form.user_id, rep_id=rep_id, manager_id=manager_id
    ):
        return oneonone_views.error_text(lang, "unknown_user", {})
    return oneonone_views.manager_set_reply(lang, rep_id=rep_id, manager_id=manager_id)["text"]


def register(app: App) -> None:
    """Wire Accept / Decline on a request, "not my manager" and the admin's form."""
    app.action(views.SET_MANAGER_ACTION)(handle_open_set_manager)
    app.view(views.SET_MANAGER_MODAL)(handle_set_manager_modal)
    app.action(views.ACCEPT_ACTION)(handle_answer)
    app.action(views.DECLINE_ACTION)(handle_answer)
    app.action(views.NOT_MY_MANAGER_ACTION)(handle_not_my_manager)
