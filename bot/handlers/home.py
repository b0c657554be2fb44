"""App Home: published when a person opens it; an admin's check-in list is changed there."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import UserError
from bot.handlers.router import deps_of
from bot.handlers.users import asker, is_admin, publish_home, submit_answering
from bot.jobs import home as jobs
from bot.payloads import StalePayload, read_click
from bot.views import home as views
from bot.views.checkins import member_reply

USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def handle_home_opened(event: dict, context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    deps.background.submit(publish_home, deps, client, context.team_id, event["user"])


def handle_checkin_list(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """An admin adds or removes someone from the weekly check-ins in the Home tab."""
    deps = deps_of(context)
    selected = action.get("selected_user")
    if not (isinstance(selected, str) and USER_ID.fullmatch(selected)):
        raise StalePayload("selected_user is not a user id")
    click = read_click(body, action, context)
    ack()
    added = action["action_id"] == views.CHECKIN_ADD_ACTION
    submit_answering(
        deps,
        lambda: change_checkin_list(
            deps,
            client,
            team_id=click.team_id,
            admin_id=click.user_id,
            user_id=selected,
            added=added,
        ),
        what="the check-in list",
        team_id=click.team_id,
        user_id=click.user_id,
        client=client,
    )


def change_checkin_list(
    deps: Deps, client: WebClient, *, team_id: str, admin_id: str, user_id: str, added: bool
) -> None:
    """The change, answered by re-publishing the admin's Home tab with what happened."""
    admin = is_admin(deps, client, team_id, admin_id)
    try:
        jobs.set_checkin_member(
            deps, team_id=team_id, admin_id=admin_id, user_id=user_id, added=added, admin=admin
        )
    except UserError as error:
        notice = views.error_text(asker(deps, team_id, admin_id).lang, error.code, error.params)
    else:
        notice = member_reply(asker(deps, team_id, admin_id).lang, user_id=user_id, added=added)[
            "text"
        ]
    publish_home(deps, client, team_id, admin_id, notice=notice)


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
    app.action(views.CHECKIN_ADD_ACTION)(handle_checkin_list)
    app.action(views.CHECKIN_REMOVE_ACTION)(handle_checkin_list)
