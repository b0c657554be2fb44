"""Who manages whom, at the Slack edge: Accept / Decline on a manager request, "not my
manager", and the admin's form on the Home tab. The rules are in bot.jobs.managers."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import FieldErrors
from bot.handlers.router import deps_of
from bot.handlers.users import (
    after_ack,
    asker,
    is_admin,
    publish_home,
    refresh_profile,
    submit_answering,
    user_exists,
)
from bot.jobs import managers as jobs
from bot.payloads import Click, read_click, read_int, read_submission
from bot.views import managers as views
from bot.views import oneonones as oneonone_views


def _answer(
    deps: Deps, click: Click, body: dict, client: WebClient, respond: Callable, reply: dict
) -> None:
    """Replace the clicked message; the Home tab has no response_url: re-publish it with a
    notice instead."""
    if body.get("response_url"):
        respond(replace_original=True, **reply)
        return
    publish_home(deps, client, click.team_id, click.user_id, notice=reply["text"])


def _decide(
    body: dict,
    action: dict,
    context: BoltContext,
    client: WebClient,
    respond: Respond,
    *,
    accept: bool,
) -> None:
    """Accept or Decline, answered in place of the request DM."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    request_id = read_int(click.value, field="request_id")
    lang = asker(deps, click.team_id, click.user_id).lang
    answered = jobs.answer_request(
        deps, team_id=click.team_id, rep_id=click.user_id, request_id=request_id, accept=accept
    )
    _answer(deps, click, body, client, respond, views.answered_reply(lang, answered))


@after_ack
def handle_accept(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    _decide(body, action, context, client, respond, accept=True)


@after_ack
def handle_decline(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    _decide(body, action, context, client, respond, accept=False)


def _named(value: str) -> str | int:
    """The manager a "not my manager" button names: a user id, or (older DMs) a series id."""
    text = value.strip()
    if text[:1] in ("U", "W") and text.isalnum() and len(text) <= 32:
        return text
    return read_int(text, field="series_id")


@after_ack
def handle_not_my_manager(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    deps = deps_of(context)
    click = read_click(body, action, context)
    named = _named(click.value)
    lang = asker(deps, click.team_id, click.user_id).lang
    disowned = jobs.disown_manager(deps, team_id=click.team_id, rep_id=click.user_id, named=named)
    _answer(deps, click, body, client, respond, views.disowned_reply(lang, disowned))


@after_ack
def handle_open_set_manager(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """An admin's Home-tab button: the form to say who manages whom."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    admin = is_admin(deps, client, click.team_id, click.user_id)
    lang = asker(deps, click.team_id, click.user_id).lang
    if not admin:
        notice = views.error_text(lang, "not_admin", {})
        publish_home(deps, client, click.team_id, click.user_id, notice=notice)
        return
    client.views_open(trigger_id=click.trigger_id, view=views.set_manager_modal(lang))


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
    submit_answering(
        deps,
        lambda: set_manager_from_form(
            deps,
            client,
            team_id=form.team_id,
            admin_id=form.user_id,
            rep_id=rep_id,
            manager_id=manager_id,
        ),
        what="the manager form",
        team_id=form.team_id,
        user_id=form.user_id,
        client=client,
    )


def set_manager_from_form(
    deps: Deps, client: WebClient, *, team_id: str, admin_id: str, rep_id: str, manager_id: str
) -> None:
    """Save the admin's form if they are an admin and Slack knows both people; the admin's
    Home tab says what happened."""
    admin = is_admin(deps, client, team_id, admin_id)
    # is_admin just learned the person's language, if it was not known at the ack.
    lang = asker(deps, team_id, admin_id).lang
    if not admin:
        notice = views.error_text(lang, "not_admin", {})
    elif not (
        user_exists(deps, client, team_id, rep_id)
        and user_exists(deps, client, team_id, manager_id)
    ):
        notice = oneonone_views.error_text(lang, "unknown_user", {})
    else:
        refresh_profile(deps, client, team_id, manager_id)
        jobs.set_by_admin(
            deps, team_id=team_id, admin_id=admin_id, rep_id=rep_id, manager_id=manager_id
        )
        reply = oneonone_views.manager_set_reply(lang, rep_id=rep_id, manager_id=manager_id)
        notice = reply["text"]
    publish_home(deps, client, team_id, admin_id, notice=notice)


def register(app: App) -> None:
    """Wire Accept / Decline on a request, "not my manager" and the admin's form."""
    app.action(views.SET_MANAGER_ACTION)(handle_open_set_manager)
    app.view(views.SET_MANAGER_MODAL)(handle_set_manager_modal)
    app.action(views.ACCEPT_ACTION)(handle_accept)
    app.action(views.DECLINE_ACTION)(handle_decline)
    app.action(views.NOT_MY_MANAGER_ACTION)(handle_not_my_manager)
