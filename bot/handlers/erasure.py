"""`/salesbot delete-data`: a workspace admin has all of the workspace's data deleted.

Confirmed twice: the command's answer says what will go and carries a danger button behind
Slack's confirm dialog; the button opens a modal in which the admin types a word. The deletion
runs after that modal's ack (it may take a while) and the modal then shows what was deleted.
Nothing is posted afterwards: the data is gone. After the deletion these listeners write
nothing back (the language comes from the payload, not from a freshly learned profile), so a
stale button or modal finds nothing and says so.
"""

from __future__ import annotations

import logging
from functools import partial
from http.client import HTTPException

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.deps import Deps
from bot.failures import failure_modal, log_failure, responder
from bot.handlers.router import deps_of
from bot.handlers.users import Asked, after_ack, answer_later, is_admin, read_asked
from bot.i18n import LANGUAGES
from bot.jobs import erasure as jobs
from bot.payloads import Submission, read_click, read_lang, read_submission
from bot.views import erasure as views

log = logging.getLogger(__name__)

DELETE_WORDS = frozenset({"delete-data", "verwijder-gegevens", "gegevens-verwijderen"})


def asks_deletion(command: dict) -> bool:
    """The matcher: `/salesbot delete-data` (or its Dutch word); export answers the rest."""
    words = str(command.get("text") or "").split()
    return bool(words) and words[0].lower() in DELETE_WORDS


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """Acked at once; the admin check (it may need Slack) and the counts come after it."""
    asked = read_asked(ack, command, context, client, respond)
    asked.ack()
    answer = partial(_ask, asked)
    answer_later(
        asked.deps, client, asked.cmd, answer, what="/salesbot delete-data", respond=respond
    )


def _ask(asked: Asked, _admin: bool, lang: str) -> None:
    """Confirmation 1, or why there is none."""
    cmd = asked.cmd
    if not is_admin(asked.deps, asked.client, cmd.team_id, cmd.user_id):
        reply = views.note_reply(lang, "not_admin")
    else:
        rows = jobs.stored(asked.deps, team_id=cmd.team_id)
        reply = views.ask_reply(lang, rows) if rows else views.note_reply(lang, "nothing")
    asked.respond(**reply)


def _lang(deps: Deps, team_id: str, value: object) -> str:
    """The language the confirmation was shown in, else the team's."""
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return deps.settings_for(team_id).bot_locale


@after_ack
def handle_ask(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """The danger button: a modal opened at once (the trigger_id lasts 3 s), then filled in
    with confirmation 2, or why not, once the rows are counted."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = _lang(deps, click.team_id, click.value)
    opened = client.views_open(trigger_id=click.trigger_id, view=views.counting_modal(lang))
    rows = jobs.stored(deps, team_id=click.team_id)
    if not rows:
        view = views.note_modal(lang, "nothing")
        note_to = responder(respond, body)
        if note_to is not None:  # the stale button goes too
            note_to(replace_original=True, **views.note_reply(lang, "nothing"))
    elif not is_admin(deps, client, click.team_id, click.user_id):
        view = views.note_modal(lang, "not_admin")
    else:
        word = jobs.confirm_word(lang)
        view = views.confirm_modal(lang, rows, word, uninstalls=deps.settings.many_workspaces)
    client.views_update(view_id=opened["view"]["id"], view=view)


def handle_confirm(
    ack: Ack, body: dict, view: dict, context: BoltContext, client: WebClient
) -> None:
    """The typed word, checked within the ack; the deletion itself after it."""
    deps = deps_of(context)
    form = read_submission(body, view, context, optional={"lang": str})
    lang = read_lang(form.meta, LANGUAGES) or deps.settings_for(form.team_id).bot_locale
    if not jobs.is_confirmed(views.word_typed(form.values)):
        word = jobs.confirm_word(lang)
        ack(response_action="errors", errors=views.wrong_word_errors(lang, word))
        return
    ack(response_action="update", view=views.working_modal(lang))
    deps.background.submit(_erase, deps, client, form, lang)


def _erase(deps: Deps, client: WebClient, form: Submission, lang: str) -> None:
    """Deleted (if there is anything and the person is an admin); the modal says what happened."""
    try:
        if not jobs.stored(deps, team_id=form.team_id):
            view = views.note_modal(lang, "nothing")
        elif not is_admin(deps, client, form.team_id, form.user_id):
            view = views.note_modal(lang, "not_admin")
        elif deps.settings.many_workspaces:
            _erase_and_uninstall(deps, client, form, lang)
            return
        else:
            deleted = jobs.erase(deps, team_id=form.team_id)
            view = views.done_modal(lang, deleted, uninstalled=False)
    except Exception as error:  # noqa: BLE001 - logged, and the modal says it failed
        log_failure(error, "the data deletion")
        view = failure_modal(error, lang)
    try:
        client.views_update(view_id=form.view_id, view=view)
    except (SlackClientError, HTTPException, OSError) as error:
        log.warning("the data deletion's modal could not be updated: %r", error)


def _erase_and_uninstall(deps: Deps, client: WebClient, form: Submission, lang: str) -> None:
    """Many workspaces: the bot leaves the workspace with its data, or neither happens (an app
    left installed without its token would fail every request). Its token dies with the
    uninstall, so the modal says what was done before: a failure rolls the deletion back and
    the failure modal replaces it."""
    settings = deps.settings

    def tell_and_uninstall(deleted: dict[str, int]) -> None:
        done = views.done_modal(lang, deleted, uninstalled=True)
        client.views_update(view_id=form.view_id, view=done)
        client.apps_uninstall(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret
        )

    jobs.erase(deps, team_id=form.team_id, before_commit=tell_and_uninstall)


def register(app: App) -> None:
    """Wire `/salesbot delete-data`, its button and its modal."""
    app.command("/salesbot", matchers=[asks_deletion])(handle_command)
    app.action(views.ASK_ACTION)(handle_ask)
    app.view(views.MODAL_CALLBACK)(handle_confirm)
