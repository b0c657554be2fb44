"""App Home: published when a person opens it; a rep shows their first meetings booked on
/leaderboard (or keeps them private) there, and an admin changes the check-in list."""

from __future__ import annotations

from functools import partial

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import UserError
from bot.handlers.router import deps_of
from bot.handlers.users import after_ack, answer_on_home, clicked, publish_home
from bot.jobs import checkins as checkin_jobs
from bot.jobs import home as jobs
from bot.payloads import Click, read_choice, read_click, read_user_id
from bot.views import home as views
from bot.views.checkins import member_reply, sharing_reply


def handle_home_opened(event: dict, context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    deps.background.submit(publish_home, deps, client, context.team_id, event["user"])


@after_ack
def handle_sharing(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """A rep's toggle: their first meetings booked on /leaderboard, or private again; answered
    on their Home tab, republished with the new state."""
    deps, click, lang = clicked(body, action, context)
    shares = read_choice(click.value, views.SHARING_VALUES, field="sharing") == views.SHARE_ON
    try:
        jobs.share_outreach(deps, team_id=click.team_id, user_id=click.user_id, shares=shares)
    except UserError as error:
        notice = views.error_text(lang, error.code, error.params)
    else:
        notice = sharing_reply(lang, shares=shares)["text"]
    publish_home(deps, client, click.team_id, click.user_id, notice=notice)


def handle_checkin_list(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """An admin adds or removes someone from the weekly check-ins in the Home tab."""
    deps = deps_of(context)
    selected = read_user_id(action.get("selected_user"), field="selected_user")
    click = read_click(body, action, context)
    ack()
    added = action["action_id"] == views.CHECKIN_ADD_ACTION
    notice = partial(_change_checkin_list, deps, click, selected, added)
    answer_on_home(deps, client, click, notice, what="the check-in list")


def _change_checkin_list(
    deps: Deps, click: Click, user_id: str, added: bool, admin: bool, lang: str
) -> str:
    """The change, as `/checkin add|remove` makes it; what happened, for the admin's Home tab."""
    try:
        checkin_jobs.change_list(
            deps, team_id=click.team_id, by=click.user_id, admin=admin, added=added, user_id=user_id
        )
    except UserError as error:
        return views.error_text(lang, error.code, error.params)
    return member_reply(lang, user_id=user_id, added=added)["text"]


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
    app.action(views.SHARING_ACTION)(handle_sharing)
    app.action(views.CHECKIN_ADD_ACTION)(handle_checkin_list)
    app.action(views.CHECKIN_REMOVE_ACTION)(handle_checkin_list)
