"""`/agenda` and the agenda buttons and forms: add, edit and withdraw items, success stories,
carry-over. Each listener reads its payload, calls one use case in bot.jobs.agenda, renders
with bot.views.agenda and answers; Slack calls that may be slow run after the ack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.agenda import AgendaItemError, validate_item
from bot.handlers.router import Command, Subcommands
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
from bot.jobs import agenda as usecases
from bot.jobs.agenda import AgendaRefusal, ItemForm
from bot.payloads import Click, Submission, TypeSpec, read_int, read_ints, read_slack_id, reading
from bot.views import agenda as views
from bot.views.blocks import error_reply
from bot.views.text import strip_invisible

log = logging.getLogger(__name__)

# What the forms' private_metadata holds (see views.item_modal, views.carry_over_modal).
CHANNEL: dict[str, TypeSpec] = {"channel_id": (str, type(None))}
ITEM_META: dict[str, TypeSpec] = {"item_id": (int, type(None)), **CHANNEL}


def _refused(lang: str, refusal: AgendaRefusal) -> dict:
    return error_reply(views.error_text(lang, refusal.code, refusal.params))


def _reply_somewhere(client: WebClient, channel: str | None, user: str, reply: dict) -> None:
    """Ephemeral where the user acted; a DM when that is not possible (a DM, or a modal)."""
    if channel and channel[:1] in ("C", "G"):
        try:
            client.chat_postEphemeral(channel=channel, user=user, **reply)
            return
        except SlackApiError as exc:
            log.info("no ephemeral in %s (%s): a DM", channel, exc.response.get("error"))
    client.chat_postMessage(channel=user, **reply)


def _form_view(lang: str, form: ItemForm, channel: str | None) -> dict:
    return views.with_channel(views.item_modal(lang, **vars(form)), channel)


def _open_new_item_form(
    deps: Deps, client: WebClient, came: Command | Click, lang: str, meeting_id: int | None = None
) -> None:
    """The item form (after the ack), or "no meeting" where the user acted."""
    channel = came.channel_id or None
    try:
        form = usecases.new_item_form(
            deps, team_id=came.team_id, user_id=came.user_id, lang=lang, meeting_id=meeting_id
        )
    except AgendaRefusal as refusal:
        _reply_somewhere(client, channel, came.user_id, _refused(lang, refusal))
        return
    client.views_open(trigger_id=came.trigger_id, view=_form_view(lang, form, channel))


def _agenda_answer(asked: Asked, *, listing: bool, admin: bool) -> dict:
    """`/agenda` (the open agenda with its Add button) or `/agenda list` (with Edit/Withdraw)."""
    deps, cmd, lang = asked.deps, asked.cmd, asked.lang
    try:
        agenda = usecases.coming_agenda(deps, team_id=cmd.team_id, user_id=cmd.user_id, lang=lang)
    except AgendaRefusal as refusal:
        return _refused(lang, refusal)
    return views.agenda_reply(
        lang, agenda, listing=listing, viewer_id=cmd.user_id, viewer_is_admin=admin
    )


def _show(asked: Asked) -> None:
    # Buttons on items (which need to know who is an admin) come with `/agenda list`.
    asked.ack(**_agenda_answer(asked, listing=False, admin=False))


def _list(asked: Asked) -> None:
    answer_as_admin_or_not(asked, lambda admin: _agenda_answer(asked, listing=True, admin=admin))


def _add(asked: Asked) -> None:
    asked.ack()
    asked.deps.background.submit(
        _open_new_item_form, asked.deps, asked.client, asked.cmd, asked.lang
    )


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang))


# Chosen by the whole text: `/agenda list something` gets the help, not the list.
SUBCOMMANDS = Subcommands(
    [
        ([""], _show),
        (["list", "lijst", "toon", "show"], _list),
        (["add", "toevoegen", "nieuw", "new"], _add),
    ],
    otherwise=_help,
)


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
    asked = read_asked(ack, command, context, client, respond)
    asked.learn_later()
    SUBCOMMANDS.pick(asked.cmd.text)(asked)


def handle_add(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
    """Add agenda item, under an open agenda: the form after the ack."""
    ack()
    deps, click, lang = clicked(body, action, context)
    meeting_id = read_int(click.value, field="meeting id")
    deps.background.submit(_open_new_item_form, deps, client, click, lang, meeting_id)


def _on_item(
    use_case: Callable[..., Any], body: dict, action: dict, context, client: WebClient, respond
) -> tuple[Click, str, Any] | None:
    """Edit or Withdraw under an item of `/agenda list`: the click, the reader's language and
    the use case's result; None once its refusal is answered."""
    deps, click, lang = clicked(body, action, context)
    try:
        result = use_case(
            deps,
            team_id=click.team_id,
            user_id=click.user_id,
            lang=lang,
            item_id=read_int(click.value, field="item id"),
            # Asked before the write transaction: it may write the user's profile itself.
            admin=is_admin(deps, client, click.team_id, click.user_id),
        )
    except AgendaRefusal as refusal:
        respond(replace_original=False, response_type="ephemeral", **_refused(lang, refusal))
        return None
    return click, lang, result


def handle_edit(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    """Edit, under an item of `/agenda list` (runs after the ack)."""
    done = _on_item(usecases.edit_item_form, body, action, context, client, respond)
    if done is not None:
        click, lang, form = done
        view = _form_view(lang, form, click.channel_id)
        client.views_open(trigger_id=click.trigger_id, view=view)


def handle_withdraw(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond
) -> None:
    """Withdraw, under an item of `/agenda list` (runs after the ack)."""
    done = _on_item(usecases.withdraw_item, body, action, context, client, respond)
    if done is not None:
        _, lang, title = done
        reply = views.withdrawn_reply(lang, title=title)
        respond(replace_original=False, response_type="ephemeral", **reply)


def handle_story(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    """ "Add to agenda" in the DM proposing a win as a success story: one click."""
    deps, click, lang = clicked(body, action, context)
    meeting_id, win_id = read_ints(click.value, field="story", count=2)
    try:
        saved, redrawn = usecases.add_story(
            deps,
            team_id=click.team_id,
            user_id=click.user_id,
            lang=lang,
            meeting_id=meeting_id,
            win_id=win_id,
        )
    except AgendaRefusal as refusal:
        respond(replace_original=False, **_refused(lang, refusal))
        return
    reply = views.item_saved_reply(lang, **vars(saved)) if redrawn is None else redrawn
    respond(replace_original=True, **reply)


def handle_carry_open(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond
) -> None:
    """Carry over, under a locked agenda: the admins' form (runs after the ack)."""
    deps, click, lang = clicked(body, action, context)
    if not is_admin(deps, client, click.team_id, click.user_id):
        respond(replace_original=False, response_type="ephemeral", **views.not_allowed_reply(lang))
        return
    meeting_id = read_int(click.value, field="meeting id")
    next_when, items = usecases.carry_over_form(deps, team_id=click.team_id, meeting_id=meeting_id)
    view = views.carry_over_modal(lang, meeting_id=meeting_id, next_when=next_when, items=items)
    view = views.with_channel(view, click.channel_id)
    client.views_open(trigger_id=click.trigger_id, view=view)


def _submitted(
    body: dict, view: dict, context, optional: dict[str, TypeSpec]
) -> tuple[Deps, Submission, str, int]:
    """A submitted agenda form: the deps, the submission, the reader's language, the meeting."""
    deps, form, lang = submitted(
        body, view, context, required={"meeting_id": int}, optional=optional
    )
    return deps, form, lang, read_int(form.meta["meeting_id"], field="meeting id")


def _item_values(form: Submission) -> dict[str, str | None]:
    """The item form's fields, as validate_item takes them."""
    with reading("agenda item form"):
        values = views.item_values(form.values)
        # The title is posted in the channel: no invisible direction or zero-width marks.
        values["title"] = strip_invisible(values["title"] or "") or None
        if any(not isinstance(value, str | None) for value in values.values()):
            raise TypeError("a form value is not text")
    return values


def handle_item_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    deps, form, lang, meeting_id = _submitted(body, view, context, ITEM_META)
    edited = form.meta.get("item_id")
    item_id = None if edited is None else read_int(edited, field="item id")
    view_id = read_slack_id(form.view_id, field="view id")
    try:
        entered = validate_item(**_item_values(form))
    except AgendaItemError as error:
        ack(response_action="errors", errors=views.item_errors(lang, error))
        return
    # Asked before the write transaction: it may write the user's profile itself.
    admin = item_id is not None and admin_in_ack(deps, form.team_id, form.user_id, context)
    try:
        saved = usecases.save_item(
            deps,
            team_id=form.team_id,
            user_id=form.user_id,
            lang=lang,
            entered=entered,
            meeting_id=meeting_id,
            item_id=item_id,
            view_id=view_id,
            admin=admin,
        )
    except AgendaRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        ack(response_action="errors", errors={views.BLOCK_TITLE: text})
        return
    ack()
    reply = views.item_saved_reply(lang, **vars(saved))
    deps.background.submit(
        _reply_somewhere, client, form.meta.get("channel_id"), form.user_id, reply
    )


def handle_carry_submit(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    deps, form, lang, meeting_id = _submitted(body, view, context, CHANNEL)
    with reading("carry-over ticks"):
        ticked = views.carried_item_ids(form.values)
    item_ids = [read_int(item_id, field="item id") for item_id in ticked]
    if not admin_in_ack(deps, form.team_id, form.user_id, context):
        ack(response_action="update", view=views.carry_refused_modal(lang))
        return
    count, next_when = usecases.carry_over(
        deps, team_id=form.team_id, meeting_id=meeting_id, item_ids=item_ids
    )
    ack()
    reply = views.carried_over_reply(lang, count=count, next_when=next_when)
    deps.background.submit(
        _reply_somewhere, client, form.meta.get("channel_id"), form.user_id, reply
    )


def register(app: App) -> None:
    """Wire /agenda, the item and carry-over forms and every agenda button."""
    app.command("/agenda")(handle_command)
    app.view(views.ITEM_MODAL_CALLBACK)(handle_item_modal)
    app.view(views.CARRY_OVER_CALLBACK)(handle_carry_submit)
    app.action(views.ADD_ITEM_ACTION)(handle_add)
    app.action(views.EDIT_ITEM_ACTION)(after_ack(handle_edit))
    app.action(views.WITHDRAW_ITEM_ACTION)(after_ack(handle_withdraw))
    app.action(views.PROPOSE_STORY_ACTION)(after_ack(handle_story))
    app.action(views.CARRY_OVER_ACTION)(after_ack(handle_carry_open))
