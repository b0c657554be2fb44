"""The workspace settings at the Slack edge: the admins' button (App Home, the installer's welcome
DM) opens the settings modal; its submission is checked within the ack (errors inline) and saved
for the team (the rules are in bot.jobs.workspaces)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers.users import (
    admin_if_known,
    after_ack,
    asker,
    clicked,
    is_admin,
    publish_home,
    submitted,
)
from bot.jobs import workspaces as jobs
from bot.payloads import Submission
from bot.views import workspaces as views


@after_ack
def handle_open(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """The settings button: the form, pre-filled, for an admin; a refusal for anyone else."""
    deps, click, lang = clicked(body, action, context)
    if is_admin(deps, client, click.team_id, click.user_id):
        view = views.settings_modal(lang, jobs.form_of(deps, click.team_id))
    else:
        view = views.answer_modal(lang, views.refusal_text(lang))
    client.views_open(trigger_id=click.trigger_id, view=view)


def handle_submit(
    ack: Ack, body: dict, view: dict, context: BoltContext, client: WebClient
) -> None:
    """The form: checked within the ack (errors shown on their fields), then saved for an admin
    and answered in place of the form; the admin's Home tab shows the new settings."""
    deps, sub, lang = submitted(body, view, context)
    chosen = views.form_choices(sub.values)
    try:
        jobs.check(deps, sub.team_id, chosen)
    except jobs.SettingsRefused as refused:
        ack(response_action="errors", errors=views.form_errors(lang, refused.problems))
        return
    admin = admin_if_known(deps, sub.team_id, sub.user_id)
    if admin is None:
        # Slack must be asked who they are: after the ack, answered on their Home tab.
        ack()
        deps.background.submit(_save_later, deps, client, sub, chosen)
        return
    saved = _save(deps, sub, chosen, admin=admin)
    text = views.saved_text(lang) if saved else views.refusal_text(lang)
    ack(response_action="update", view=views.answer_modal(lang, text))
    if saved:
        deps.background.submit(publish_home, deps, client, sub.team_id, sub.user_id, notice=text)


def _save(deps: Deps, sub: Submission, chosen: dict[str, str], *, admin: bool) -> bool:
    """Stored for an admin (True); nothing for anyone else (False)."""
    try:
        jobs.save(deps, team_id=sub.team_id, user_id=sub.user_id, admin=admin, chosen=chosen)
    except jobs.NotAdmin:
        return False
    return True


def _save_later(deps: Deps, client: WebClient, sub: Submission, chosen: dict[str, str]) -> None:
    admin = is_admin(deps, client, sub.team_id, sub.user_id)
    saved = _save(deps, sub, chosen, admin=admin)
    lang = asker(deps, sub.team_id, sub.user_id).lang
    notice = views.saved_text(lang) if saved else views.refusal_text(lang)
    publish_home(deps, client, sub.team_id, sub.user_id, notice=notice)


def register(app: App) -> None:
    """Wire the settings button and the settings form."""
    app.action(views.OPEN_ACTION)(handle_open)
    app.view(views.MODAL)(handle_submit)
