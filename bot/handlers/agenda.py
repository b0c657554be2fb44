"""`/agenda` and the agenda buttons: add, edit and withdraw items, success-story proposals, carry-over.

Each listener reads its payload, calls one use case in bot.jobs.agenda, renders with
bot.views.agenda and answers; Slack calls that may be slow run after the ack.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.agenda import AgendaItemError, validate_item
from bot.handlers.router import Command, Subcommands, deps_of, read_command
from bot.handlers.users import (
    admin_in_ack,
    after_ack,
    answer_as_admin_or_not,
    asker,
    is_admin,
    refresh_profile,
)
from bot.i18n import LANGUAGES
from bot.jobs import agenda as usecases
from bot.jobs.agenda import AgendaRefusal, ItemForm
from bot.payloads import (
    Submission,
    TypeSpec,
    read_click,
    read_int,
    read_ints,
    read_lang,
    read_slack_id,
    read_submission,
    reading,
)
from bot.views import agenda as views
from bot.views.blocks import error_reply
from bot.views.text import strip_invisible

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ answers


def _refused(lang: str, refusal: AgendaRefusal) -> dict:
    return error_reply(views.error_text(lang, refusal.code, refusal.params))


def _reply_somewhere(client: WebClient, *, channel: str | None, user: str, reply: dict) -> None:
    """Ephemeral where the user acted; a DM when that is not possible (a DM, or a modal)."""
    if channel and channel[:1] in ("C", "G"):
        try:
            client.chat_postEphemeral(channel=channel, user=user, **reply)
            return
        except SlackApiError as exc:
            log.info(
                "ephemeral in %s failed (%s); sending a DM", channel, exc.response.get("error")
            )
    client.chat_postMessage(channel=user, **reply)


def _saved(saved: usecases.SavedItem) -> dict:
    """item_saved_reply's keyword arguments for a saved item."""
    return {
        "title": saved.title,
        "when": saved.when,
        "next_meeting": saved.later,
        "edited": saved.edited,
        "operational": saved.operational,
        "zones": saved.zones,
    }


def _form_view(lang: str, form: ItemForm, channel: str | None) -> dict:
    view = views.item_modal(
        lang, meeting_id=form.meeting_id, when=form.when, item=form.item, zones=form.zones
    )
    return views.with_channel(view, channel)


def _open_new_item_form(
    deps: Deps,
    client: WebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    channel: str | None,
    lang: str,
    meeting_id: int | None = None,
) -> None:
    """The item form (after the ack), or "no meeting" where the user acted."""
    try:
        form = usecases.new_item_form(
            deps.session_factory,
            deps.settings,
            team_id=team_id,
            user_id=user_id,
            lang=lang,
            now=deps.clock(),
            meeting_id=meeting_id,
        )
    except AgendaRefusal as refusal:
        _reply_somewhere(client, channel=channel, user=user_id, reply=_refused(lang, refusal))
        return
    client.views_open(trigger_id=trigger_id, view=_form_view(lang, form, channel))


def _agenda_answer(deps: Deps, cmd: Command, lang: str, *, listing: bool, admin: bool) -> dict:
    """`/agenda` (the open agenda with its Add button) or `/agenda list` (with Edit/Withdraw)."""
    try:
        agenda = usecases.coming_agenda(
            deps.session_factory,
            deps.settings,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            lang=lang,
            now=deps.clock(),
        )
    except AgendaRefusal as refusal:
        return _refused(lang, refusal)
    return views.agenda_reply(
        lang,
        listing=listing,
        meeting_id=agenda.meeting_id,
        when=agenda.when,
        cutoff=agenda.cutoff,
        locked=agenda.locked,
        items=agenda.items,
        zones=agenda.zones,
        viewer_id=cmd.user_id,
        viewer_is_admin=admin,
    )


# ------------------------------------------------------------------ /agenda


def _show(ack: Ack, respond, client: WebClient, deps: Deps, cmd: Command, lang: str) -> None:
    # Buttons on items (which need to know who is an admin) come with `/agenda list`.
    ack(**_agenda_answer(deps, cmd, lang, listing=False, admin=False))


def _list(ack: Ack, respond, client: WebClient, deps: Deps, cmd: Command, lang: str) -> None:
    answer_as_admin_or_not(
        deps,
        ack=ack,
        respond=respond,
        client=client,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        answer=lambda admin: _agenda_answer(deps, cmd, lang, listing=True, admin=admin),
    )


def _add(ack: Ack, respond, client: WebClient, deps: Deps, cmd: Command, lang: str) -> None:
    ack()
    deps.background.submit(
        _open_new_item_form,
        deps,
        client,
        trigger_id=cmd.trigger_id,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        channel=cmd.channel_id or None,
        lang=lang,
    )


def _help(ack: Ack, respond, client: WebClient, deps: Deps, cmd: Command, lang: str) -> None:
    ack(**views.help_reply(lang))


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
    deps = deps_of(context)
    cmd = read_command(command, context)
    who = asker(deps, cmd.team_id, cmd.user_id)
    if not who.known:
        deps.background.submit(refresh_profile, deps, client, cmd.team_id, cmd.user_id)
    SUBCOMMANDS.pick(cmd.text)(ack, respond, client, deps, cmd, who.lang)


# ------------------------------------------------------------------ buttons


def handle_add(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
    """Add agenda item, under an open agenda: the form after the ack."""
    ack()
    deps = deps_of(context)
    click = read_click(body, action, context)
    meeting_id = read_int(click.value, field="meeting id")
    deps.background.submit(
        _open_new_item_form,
        deps,
        client,
        trigger_id=click.trigger_id,
        team_id=click.team_id,
        user_id=click.user_id,
        channel=click.channel_id,
        meeting_id=meeting_id,
        lang=asker(deps, click.team_id, click.user_id).lang,
    )


def handle_edit(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    """Edit, under an item of `/agenda list` (runs after the ack)."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    item_id = read_int(click.value, field="item id")
    try:
        form = usecases.edit_item_form(
            deps.session_factory,
            deps.settings,
            team_id=click.team_id,
            user_id=click.user_id,
            lang=lang,
            item_id=item_id,
            admin=is_admin(deps, client, click.team_id, click.user_id),
            now=deps.clock(),
        )
    except AgendaRefusal as refusal:
        respond(replace_original=False, response_type="ephemeral", **_refused(lang, refusal))
        return
    client.views_open(trigger_id=click.trigger_id, view=_form_view(lang, form, click.channel_id))


def handle_withdraw(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond
) -> None:
    """Withdraw, under an item of `/agenda list` (runs after the ack)."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    item_id = read_int(click.value, field="item id")
    now = deps.clock()
    try:
        title = usecases.withdraw_item(
            deps.session_factory,
            deps.settings,
            team_id=click.team_id,
            user_id=click.user_id,
            lang=lang,
            item_id=item_id,
            # Asked before the write transaction: it may write the user's profile itself.
            admin=is_admin(deps, client, click.team_id, click.user_id),
            now=now,
        )
    except AgendaRefusal as refusal:
        reply = _refused(lang, refusal)
    else:
        reply = views.withdrawn_reply(lang, title=title)
    respond(replace_original=False, response_type="ephemeral", **reply)


def handle_story(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    """ "Add to agenda" in the DM proposing a win as a success story: one click."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    meeting_id, win_id = read_ints(click.value, field="story", count=2)
    try:
        story = usecases.add_story(
            deps.session_factory,
            deps.settings,
            team_id=click.team_id,
            user_id=click.user_id,
            lang=lang,
            meeting_id=meeting_id,
            win_id=win_id,
            now=deps.clock(),
        )
    except AgendaRefusal as refusal:
        respond(replace_original=False, **_refused(lang, refusal))
        return
    if story.redrawn is not None:
        respond(replace_original=True, **story.redrawn)
        return
    respond(replace_original=True, **views.item_saved_reply(lang, **_saved(story.saved)))


def handle_carry_open(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond
) -> None:
    """Carry over, under a locked agenda: the admins' form (runs after the ack)."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    if not is_admin(deps, client, click.team_id, click.user_id):
        refusal = AgendaRefusal("not_allowed")
        respond(replace_original=False, response_type="ephemeral", **_refused(lang, refusal))
        return
    meeting_id = read_int(click.value, field="meeting id")
    form = usecases.carry_over_form(
        deps.session_factory, deps.settings, team_id=click.team_id, meeting_id=meeting_id
    )
    view = views.carry_over_modal(
        lang, meeting_id=form.meeting_id, next_when=form.next_when, items=form.items
    )
    client.views_open(trigger_id=click.trigger_id, view=views.with_channel(view, click.channel_id))


# ------------------------------------------------------------------ modals


# What the forms' private_metadata holds (see views.item_modal, views.carry_over_modal).
CHANNEL: dict[str, TypeSpec] = {"lang": str, "channel_id": (str, type(None))}
ITEM_META: dict[str, TypeSpec] = {"item_id": (int, type(None)), **CHANNEL}


def _edited_item_id(form: Submission) -> int | None:
    """The item the form edits; None for a new one."""
    found = form.meta.get("item_id")
    return None if found is None else read_int(found, field="item id")


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
    deps = deps_of(context)
    form = read_submission(body, view, context, required={"meeting_id": int}, optional=ITEM_META)
    team_id, user_id = form.team_id, form.user_id
    lang = read_lang(form.meta, LANGUAGES) or asker(deps, team_id, user_id).lang
    meeting_id = read_int(form.meta["meeting_id"], field="meeting id")
    item_id = _edited_item_id(form)
    view_id = read_slack_id(form.view_id, field="view id")
    try:
        entered = validate_item(**_item_values(form))
    except AgendaItemError as error:
        ack(response_action="errors", errors=views.item_errors(lang, error))
        return
    # Asked before the write transaction: it may write the user's profile itself.
    admin = item_id is not None and admin_in_ack(deps, team_id, user_id)
    try:
        saved = usecases.save_item(
            deps.session_factory,
            deps.settings,
            team_id=team_id,
            user_id=user_id,
            lang=lang,
            entered=entered,
            meeting_id=meeting_id,
            item_id=item_id,
            view_id=view_id,
            admin=admin,
            now=deps.clock(),
        )
    except AgendaRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        ack(response_action="errors", errors={views.BLOCK_TITLE: text})
        return
    ack()
    reply = views.item_saved_reply(lang, **_saved(saved))
    channel = form.meta.get("channel_id")
    deps.background.submit(_reply_somewhere, client, channel=channel, user=user_id, reply=reply)


def handle_carry_submit(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    deps = deps_of(context)
    form = read_submission(body, view, context, required={"meeting_id": int}, optional=CHANNEL)
    team_id, user_id = form.team_id, form.user_id
    lang = read_lang(form.meta, LANGUAGES) or asker(deps, team_id, user_id).lang
    meeting_id = read_int(form.meta["meeting_id"], field="meeting id")
    with reading("carry-over ticks"):
        ticked = views.carried_item_ids(form.values)
    item_ids = [read_int(item_id, field="item id") for item_id in ticked]
    if not admin_in_ack(deps, team_id, user_id):
        ack(response_action="update", view=views.carry_refused_modal(lang))
        return
    carried = usecases.carry_over(
        deps.session_factory,
        deps.settings,
        team_id=team_id,
        meeting_id=meeting_id,
        item_ids=item_ids,
        now=deps.clock(),
    )
    ack()
    reply = views.carried_over_reply(lang, count=carried.count, next_when=carried.next_when)
    channel = form.meta.get("channel_id")
    deps.background.submit(_reply_somewhere, client, channel=channel, user=user_id, reply=reply)


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
