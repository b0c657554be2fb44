"""`/meetings`: the fixed yearly calendar. Anyone views it; admins plan it (a preview first:
Confirm / switch holiday handling / Cancel), move and cancel meetings (with a reason)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import TypeVar

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.days import CalendarError
from bot.domain.errors import UserError
from bot.handlers.router import Subcommands
from bot.handlers.users import (
    Asked,
    admin_in_ack,
    after_ack,
    answer_as_admin_or_not,
    clicked,
    is_admin,
    read_asked,
    submitted,
)
from bot.jobs import meetings as jobs
from bot.payloads import Click, read_int
from bot.views import meetings as views
from bot.views.blocks import error_reply
from bot.views.text import strip_invisible

log = logging.getLogger(__name__)

SHOW_WORDS = {"", "show", "toon", "calendar", "kalender", "list", "lijst"}
PLAN_WORDS = {"plan", "plannen", "inplannen"}
MOVE_WORDS = {"move", "verplaats", "verplaatsen", "verzet", "verzetten"}
CANCEL_WORDS = {"cancel", "annuleer", "annuleren", "schrap", "schrappen"}
_YEAR = re.compile(r"\d{4}")
R = TypeVar("R")


def _replied(lang: str, work: Callable[[], R]) -> R | dict:
    """`work()`'s reply, or the answer to the user's mistake it raised."""
    try:
        return work()
    except UserError as error:
        return error_reply(views.error_text(lang, error.code, error.params))


# ------------------------------------------------------------------------------ /meetings


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
    # A reason is posted in the channel: no invisible direction or zero-width marks.
    text = strip_invisible(command.get("text") or "")
    asked = read_asked(ack, {**command, "text": text}, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _show(asked: Asked) -> None:
    """The year's calendar, for anyone (`/meetings`, `/meetings 2027`)."""
    deps, cmd = asked.deps, asked.cmd
    asked.learn_later()
    year = int(cmd.word) if cmd.word.isdigit() else None
    page = jobs.show_calendar(deps, team_id=cmd.team_id, user_id=cmd.user_id, year=year)
    asked.ack(**views.calendar_reply(asked.lang, page))


def _for_admins(work: Callable[[Asked], dict | None]) -> Callable[[Asked], None]:
    """A subcommand only admins may use; `work` returns the reply (None: it answered)."""

    def subcommand(asked: Asked) -> None:
        def answer(admin: bool) -> dict | None:
            if not admin:
                return views.not_admin_reply(asked.lang)
            return _replied(asked.lang, lambda: work(asked))

        answer_as_admin_or_not(asked, answer)

    return subcommand


def _help_or_year(asked: Asked) -> None:
    if _YEAR.fullmatch(asked.cmd.word):
        _show(asked)
        return
    answer_as_admin_or_not(asked, lambda admin: views.help_reply(asked.lang, is_admin=admin))


def _plan(asked: Asked) -> dict | None:
    deps, cmd = asked.deps, asked.cmd
    if not cmd.rest:
        modal = views.plan_modal(
            asked.lang, channel_id=cmd.channel_id, year=jobs.default_plan_year(deps, cmd.team_id)
        )
        # The trigger_id lives 3 seconds: open the modal right away.
        deps.background.submit(asked.client.views_open, trigger_id=cmd.trigger_id, view=modal)
        return None
    preview = jobs.plan_from_text(
        deps, team_id=cmd.team_id, user_id=cmd.user_id, text=cmd.rest, lang=asked.lang
    )
    return views.preview_reply(asked.lang, preview)


def _change(change_meeting: Callable[..., jobs.MeetingChange]) -> Callable[[Asked], dict]:
    """`/meetings move|cancel <text>` through the use case `change_meeting`."""

    def subcommand(asked: Asked) -> dict:
        cmd = asked.cmd
        change = change_meeting(asked.deps, team_id=cmd.team_id, user_id=cmd.user_id, text=cmd.rest)
        return views.change_done_reply(asked.lang, **asdict(change))

    return subcommand


SUBCOMMANDS: Subcommands[Callable[[Asked], None]] = Subcommands(
    [
        (SHOW_WORDS, _show),
        (PLAN_WORDS, _for_admins(_plan)),
        (MOVE_WORDS, _for_admins(_change(jobs.move_meeting))),
        (CANCEL_WORDS, _for_admins(_change(jobs.cancel_meeting))),
    ],
    otherwise=_help_or_year,
)


# ------------------------------------------------------------------------------ the plan modal


def handle_plan_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    deps, form, lang = submitted(body, view, context, optional={"channel_id": (str, type(None))})
    team_id, user_id = form.team_id, form.user_id
    values = views.plan_modal_values(form.values)
    rule_text = values.get("rule") or ""
    if not rule_text:
        ack(response_action="errors", errors=views.plan_form_errors(lang, "empty", {}))
        return
    if not admin_in_ack(deps, team_id, user_id, context):
        ack(
            response_action="errors",
            errors={views.BLOCK_RULE: views.not_admin_reply(lang)["text"]},
        )
        return
    try:
        rule = jobs.read_plan_rule(deps, f"{values.get('year') or ''} {rule_text}", team_id=team_id)
    except CalendarError as error:
        ack(response_action="errors", errors=views.plan_form_errors(lang, error.code, error.params))
        return
    ack()

    def draft() -> dict:
        policy = values.get("policy") or "move"
        preview = jobs.draft_plan(
            deps, team_id=team_id, user_id=user_id, rule=rule, policy=policy, lang=lang
        )
        return views.preview_reply(lang, preview)

    channel = form.meta.get("channel_id") or user_id
    reply = _replied(lang, draft)
    deps.background.submit(_post_ephemeral, client, channel=channel, user=user_id, reply=reply)


def _post_ephemeral(client: WebClient, *, channel: str, user: str, reply: dict) -> None:
    """An ephemeral reply where the user is; as a DM when the bot cannot post there."""
    try:
        client.chat_postEphemeral(channel=channel, user=user, **reply)
    except SlackApiError as exc:
        log.info("ephemeral in %s failed (%s); sending a DM", channel, exc.response.get("error"))
        client.chat_postMessage(channel=user, **reply)


# ------------------------------------------------------------------------------ the preview


def handle_plan_button(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond
) -> None:
    """Confirm, switch or Cancel on a plan preview: admins only; the answer replaces it."""
    deps, click, lang = clicked(body, action, context)
    plan_id = read_int(click.value, field="plan id")
    if is_admin(deps, client, click.team_id, click.user_id):
        work = PLAN_BUTTONS[action["action_id"]]
        reply = _replied(lang, lambda: work(deps, click, plan_id, lang))
    else:
        reply = views.not_admin_reply(lang)
    respond(replace_original=True, response_type="ephemeral", **reply)


def _confirm(deps: Deps, click: Click, plan_id: int, lang: str) -> dict:
    done = jobs.confirm_plan(deps, team_id=click.team_id, user_id=click.user_id, plan_id=plan_id)
    return views.plan_confirmed_reply(
        lang, year=done.year, count=done.count, channel_id=done.channel
    )


def _discard(deps: Deps, click: Click, plan_id: int, lang: str) -> dict:
    jobs.discard_plan(deps, team_id=click.team_id, user_id=click.user_id, plan_id=plan_id)
    return views.plan_discarded_reply(lang)


def _switch(deps: Deps, click: Click, plan_id: int, lang: str) -> dict:
    preview = jobs.switch_policy(deps, team_id=click.team_id, plan_id=plan_id, lang=lang)
    return views.preview_reply(lang, preview)


PLAN_BUTTONS: dict[str, Callable[[Deps, Click, int, str], dict]] = {
    views.CONFIRM_PLAN_ACTION: _confirm,
    views.CANCEL_PLAN_ACTION: _discard,
    views.SWITCH_POLICY_ACTION: _switch,
}


# ------------------------------------------------------------------------------ ratings


def handle_rate(ack: Ack, body: dict, action: dict, context, respond) -> None:
    deps, click, lang = clicked(body, action, context)
    meeting_text, _, score_text = click.value.partition(":")
    meeting_id = read_int(meeting_text, field="meeting id")
    score = read_int(score_text, field="score", low=1, high=10)

    def rate() -> dict:
        changed = jobs.rate_meeting(
            deps, team_id=click.team_id, user_id=click.user_id, meeting_id=meeting_id, score=score
        )
        return views.rating_thanks_reply(lang, score=score, changed=changed)

    respond(replace_original=False, response_type="ephemeral", **_replied(lang, rate))


def register(app: App) -> None:
    """Wire /meetings, the preview buttons, the plan modal and the rating buttons; button
    work runs after the ack."""
    app.command("/meetings")(handle_command)
    app.view(views.PLAN_MODAL_CALLBACK)(handle_plan_modal)
    for action_id in PLAN_BUTTONS:
        app.action(action_id)(after_ack(handle_plan_button))
    app.action(re.compile(rf"^{views.RATE_ACTION_PREFIX}\d+$"))(after_ack(handle_rate))
