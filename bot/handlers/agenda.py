"""`/agenda` and the agenda buttons: add, edit and withdraw items, success-story proposals, carry-over.

Items go on the next meeting whose agenda is still open; after the cut-off they go to the
meeting after it and the submitter is told. Each person changes their own items until the
cut-off; admins change any.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.agenda import AgendaItemError, looks_operational, validate_item
from bot.handlers.users import (
    admin_in_ack,
    after_ack,
    answer_as_admin_or_not,
    asker,
    is_admin,
    refresh_profile,
)
from bot.i18n import LANGUAGES, t
from bot.jobs.meeting_posts import agenda_lines, reader_zones, story_proposal, times_of
from bot.payloads import (
    StalePayload,
    read_int,
    read_ints,
    read_lang,
    read_metadata,
    read_slack_id,
    reading,
)
from bot.views import agenda as views
from bot.views.blocks import result_modal
from bot.views.text import strip_invisible
from storage import meetings as store
from storage.models import AgendaItem, Meeting, Win

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
LIST_WORDS = {"list", "lijst", "toon", "show"}
ADD_WORDS = {"add", "toevoegen", "nieuw", "new"}


def open_meeting(deps: Deps, session, team_id: str, now: datetime) -> tuple[Meeting | None, bool]:
    """The meeting new items go on, and whether that is later than the coming one (locked)."""
    coming = store.next_meeting(session=session, team_id=team_id, after=now)
    if coming is None or now < times_of(coming, deps.settings).cutoff:
        return coming, False
    return store.next_meeting(session=session, team_id=team_id, after=coming.starts_at), True


def meeting_taking_items(
    deps: Deps, session, meeting: Meeting | None, team_id: str, now: datetime
) -> tuple[Meeting | None, bool]:
    """`meeting` if it still takes items; else the meeting that does, and True (told "later")."""
    if (
        meeting is not None
        and meeting.status != "cancelled"
        and now < times_of(meeting, deps.settings).cutoff
    ):
        return meeting, False
    following, _ = open_meeting(deps, session, team_id, now)
    return following, following is not None


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


def _no_meeting_reply(lang: str, user_id: str) -> dict:
    """No meeting is planned that takes items."""
    return views.agenda_list_message(
        lang,
        when=None,
        items=[],
        viewer_id=user_id,
        viewer_is_admin=False,
        locked=False,
        meeting_id=None,
    )


def _with_channel(view: dict, channel: str | None) -> dict:
    meta = json.loads(view.get("private_metadata") or "{}")
    meta["channel_id"] = channel
    view["private_metadata"] = json.dumps(meta)
    return view


def _line(item: AgendaItem) -> views.AgendaLine:
    return views.AgendaLine(
        id=item.id or 0,
        kind=item.kind,
        title=item.title,
        user_id=item.user_id,
        details=item.details,
        question=item.question,
        tried=item.tried,
        carried=item.carried_from_id is not None,
    )


def agenda_reply(
    deps: Deps, *, team_id: str, user_id: str, lang: str, listing: bool, viewer_is_admin: bool
) -> dict:
    """`/agenda` (the open agenda with its Add button) or `/agenda list` (with Edit/Withdraw)."""
    now = deps.clock()
    tz = deps.settings.tz
    with deps.session_factory() as session:
        coming = store.next_meeting(session=session, team_id=team_id, after=now)
        if coming is None:
            return _no_meeting_reply(lang, user_id)
        times = times_of(coming, deps.settings)
        locked = now >= times.cutoff
        items = agenda_lines(session=session, meeting=coming, timed=locked)
        zones = reader_zones(session, deps.settings, team_id, user_id, lang)
    if listing or locked:
        return views.agenda_list_message(
            lang,
            when=times.starts_at,
            items=items,
            viewer_id=user_id,
            viewer_is_admin=viewer_is_admin,
            locked=locked,
            meeting_id=coming.id,
            zones=zones,
        )
    return views.agenda_open_message(
        lang,
        meeting_id=coming.id or 0,
        when=times.starts_at.astimezone(tz),
        cutoff=times.cutoff,
        items=items,
        zones=zones,
    )


def register(app: App, deps: Deps) -> None:
    """Wire /agenda, the item modal and every agenda button."""

    def open_item_modal(
        client: WebClient,
        *,
        trigger_id: str,
        team_id: str,
        user_id: str,
        channel: str | None,
        meeting_id: int | None = None,
        item_id: int | None = None,
        lang: str,
    ) -> None:
        now = deps.clock()
        with deps.session_factory() as session:
            item = None
            if item_id is not None:
                item, meeting = store.item_and_meeting(
                    session=session, team_id=team_id, item_id=item_id
                )
            elif meeting_id is not None:
                meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
                if meeting is not None:
                    meeting, _ = meeting_taking_items(deps, session, meeting, team_id, now)
            else:
                meeting, _ = open_meeting(deps, session, team_id, now)
            zones = reader_zones(session, deps.settings, team_id, user_id, lang)
        if meeting is None:
            _reply_somewhere(
                client,
                channel=channel,
                user=user_id,
                reply=_no_meeting_reply(lang, user_id),
            )
            return
        view = views.item_modal(
            lang,
            meeting_id=meeting.id or 0,
            when=meeting.starts_at.astimezone(deps.settings.tz),
            item=_line(item) if item is not None else None,
            zones=zones,
        )
        client.views_open(trigger_id=trigger_id, view=_with_channel(view, channel))

    def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        who = asker(deps, team_id, user_id)
        if not who.known:
            deps.background.submit(refresh_profile, deps, client, team_id, user_id)
        lang = who.lang
        word = (command.get("text") or "").strip().lower()
        if word in HELP_WORDS:
            ack(**views.help_reply(lang))
            return
        if word in ADD_WORDS:
            ack()
            deps.background.submit(
                open_item_modal,
                client,
                trigger_id=command["trigger_id"],
                team_id=team_id,
                user_id=user_id,
                channel=command.get("channel_id"),
                lang=lang,
            )
            return
        if word and word not in LIST_WORDS:
            ack(**views.help_reply(lang))
            return
        if not word:
            # Buttons on items (which need to know who is an admin) come with `/agenda list`.
            reply = agenda_reply(
                deps,
                team_id=team_id,
                user_id=user_id,
                lang=lang,
                listing=False,
                viewer_is_admin=False,
            )
            ack(**reply)
            return
        answer_as_admin_or_not(
            deps,
            ack=ack,
            respond=respond,
            client=client,
            team_id=team_id,
            user_id=user_id,
            answer=lambda admin: agenda_reply(
                deps,
                team_id=team_id,
                user_id=user_id,
                lang=lang,
                listing=True,
                viewer_is_admin=admin,
            ),
        )

    def handle_add(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
        ack()
        user_id = body["user"]["id"]
        meeting_id = read_int(action.get("value"), field="meeting id")
        deps.background.submit(
            open_item_modal,
            client,
            trigger_id=body["trigger_id"],
            team_id=context.team_id,
            user_id=user_id,
            channel=(body.get("channel") or {}).get("id"),
            meeting_id=meeting_id,
            lang=asker(deps, context.team_id, user_id).lang,
        )

    def _may_change(
        item: AgendaItem | None, meeting: Meeting | None, user_id: str, admin: bool, now
    ) -> str | None:
        """Why the user may not change this item now (a reply key), or None."""
        if item is None or meeting is None or item.status != "active":
            return "gone"
        if now >= times_of(meeting, deps.settings).cutoff:
            return "locked"
        if item.user_id != user_id and not admin:
            return "not_allowed"
        return None

    @after_ack(deps)
    def handle_edit(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        item_id = read_int(action.get("value"), field="item id")
        with deps.session_factory() as session:
            item, meeting = store.item_and_meeting(
                session=session, team_id=team_id, item_id=item_id
            )
        admin = is_admin(deps, client, team_id, user_id)
        refusal = _may_change(item, meeting, user_id, admin, deps.clock())
        if refusal is not None:
            respond(
                replace_original=False,
                response_type="ephemeral",
                **_refusal(refusal, lang, meeting, team_id, user_id),
            )
            return
        open_item_modal(
            client,
            trigger_id=body["trigger_id"],
            team_id=team_id,
            user_id=user_id,
            channel=(body.get("channel") or {}).get("id"),
            item_id=item_id,
            lang=lang,
        )

    def _refusal(key: str, lang: str, meeting: Meeting | None, team_id: str, user_id: str) -> dict:
        if key == "locked" and meeting is not None:
            with deps.session_factory() as session:
                zones = reader_zones(session, deps.settings, team_id, user_id, lang)
            when = meeting.starts_at.astimezone(deps.settings.tz)
            return views.locked_reply(lang, when=when, zones=zones)
        return views.not_allowed_reply(lang)

    @after_ack(deps)
    def handle_withdraw(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        item_id = read_int(action.get("value"), field="item id")
        now = deps.clock()
        # Asked before the write transaction: it may write the user's profile itself.
        admin = is_admin(deps, client, team_id, user_id)
        with deps.session_factory.write() as session:
            item, meeting = store.item_and_meeting(
                session=session, team_id=team_id, item_id=item_id
            )
            refusal = _may_change(item, meeting, user_id, admin, now)
            if refusal is None:
                store.update_item(session=session, item_id=item_id, now=now, status="withdrawn")
        reply = (
            _refusal(refusal, lang, meeting, team_id, user_id)
            if refusal
            else views.withdrawn_reply(lang, title=item.title if item else "")
        )
        respond(replace_original=False, response_type="ephemeral", **reply)

    def handle_item_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(
            view,
            required={"meeting_id": int},
            optional={"item_id": (int, type(None)), "lang": str, "channel_id": (str, type(None))},
        )
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        meeting_id = read_int(meta["meeting_id"], field="meeting id")
        item_id = (
            None if meta.get("item_id") is None else read_int(meta["item_id"], field="item id")
        )
        view_id = read_slack_id(view.get("id"), field="view id")
        with reading("agenda item form"):
            values = views.item_values(view["state"]["values"])
            # The title is posted in the channel: no invisible direction or zero-width marks.
            values["title"] = strip_invisible(values["title"] or "") or None
            if any(not isinstance(value, str | None) for value in values.values()):
                raise TypeError("a form value is not text")
        try:
            entered = validate_item(**values)
        except AgendaItemError as error:
            ack(response_action="errors", errors=views.item_errors(lang, error))
            return
        now = deps.clock()
        # Asked before the write transaction: it may write the user's profile itself.
        admin = bool(item_id) and admin_in_ack(deps, team_id, user_id)
        with deps.session_factory.write() as session:
            if item_id:
                item, meeting = store.item_and_meeting(
                    session=session, team_id=team_id, item_id=item_id
                )
                refusal = _may_change(item, meeting, user_id, admin, now)
                if refusal is not None:
                    said = _refusal(refusal, lang, meeting, team_id, user_id)
                    ack(response_action="errors", errors={views.BLOCK_TITLE: said["text"]})
                    return
                assert meeting is not None  # _may_change refuses an item without one
                store.update_item(
                    session=session,
                    item_id=item_id,
                    now=now,
                    kind=entered.kind,
                    title=entered.title,
                    details=entered.details,
                    question=entered.question,
                    tried=entered.tried,
                )
                later = False
            else:
                meeting = store.get_meeting(
                    session=session,
                    team_id=team_id,
                    meeting_id=meeting_id,
                    for_update=True,
                )
                meeting, later = meeting_taking_items(deps, session, meeting, team_id, now)
                if meeting is None:
                    ack(
                        response_action="errors",
                        errors={views.BLOCK_TITLE: _no_meeting_reply(lang, user_id)["text"]},
                    )
                    return
                store.add_item(
                    session=session,
                    team_id=team_id,
                    meeting_id=meeting.id or 0,
                    user_id=user_id,
                    kind=entered.kind,
                    title=entered.title,
                    details=entered.details,
                    question=entered.question,
                    tried=entered.tried,
                    # A submission Slack delivers twice carries the same view id.
                    source_key=f"view:{view_id}",
                    now=now,
                )
        ack()
        with deps.session_factory() as session:
            zones = reader_zones(session, deps.settings, team_id, user_id, lang)
        reply = views.item_saved_reply(
            lang,
            title=entered.title,
            when=meeting.starts_at.astimezone(deps.settings.tz),
            next_meeting=later,
            edited=bool(item_id),
            operational=looks_operational(f"{entered.title} {entered.details} {entered.question}"),
            zones=zones,
        )
        deps.background.submit(
            _reply_somewhere, client, channel=meta.get("channel_id"), user=user_id, reply=reply
        )

    @after_ack(deps)
    def handle_story(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        """ "Add to agenda" in the DM proposing a win as a success story: one click."""
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        meeting_id, win_id = read_ints(action.get("value"), field="story", count=2)
        now = deps.clock()
        with deps.session_factory.write() as session:
            win = session.get(Win, win_id)
            mine = win is not None and win.team_id == team_id and win.user_id == user_id
            removed = win is not None and mine and win.removed_at is not None  # since the DM
            meeting = None
            if mine and not removed:
                meeting = store.get_meeting(
                    session=session, team_id=team_id, meeting_id=meeting_id, for_update=True
                )
                meeting, later = meeting_taking_items(deps, session, meeting, team_id, now)
            if meeting is not None and win is not None:
                store.add_item(
                    session=session,
                    team_id=team_id,
                    meeting_id=meeting.id or 0,
                    user_id=user_id,
                    kind="success",
                    title=win.client_name,
                    details=win.story or "",
                    win_id=win.id,
                    # One story per win: a second click (or a second DM) adds nothing.
                    source_key=f"story:{win.id}",
                    now=now,
                )
        if not mine or win is None:  # Slack is called after the write transaction, not inside
            respond(replace_original=False, **views.not_allowed_reply(lang))
            return
        if removed:
            respond(replace_original=False, **views.story_removed_reply(lang))
            return
        if meeting is None:
            respond(replace_original=False, **_no_meeting_reply(lang, user_id))
            return
        redrawn = None
        with deps.session_factory() as session:
            # The DM lists all the rep's wins: redraw it with this one ticked, the others as they were.
            proposed = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
            if proposed is not None:
                redrawn = story_proposal(session, proposed, user_id, deps.settings, win_id=win_id)
            zones = reader_zones(session, deps.settings, team_id, user_id, lang)
        if redrawn is not None:
            respond(replace_original=True, **redrawn)
            return
        reply = views.item_saved_reply(
            lang,
            title=win.client_name,
            when=meeting.starts_at.astimezone(deps.settings.tz),
            next_meeting=later,
            edited=False,
            operational=False,
            zones=zones,
        )
        respond(replace_original=True, **reply)

    @after_ack(deps)
    def handle_carry_open(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        if not is_admin(deps, client, team_id, user_id):
            respond(
                replace_original=False, response_type="ephemeral", **views.not_allowed_reply(lang)
            )
            return
        meeting_id = read_int(action.get("value"), field="meeting id")
        with deps.session_factory() as session:
            meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
            if meeting is None:
                raise StalePayload(f"no meeting {meeting_id}")
            following = store.next_meeting(
                session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
            )
            items = agenda_lines(session=session, meeting=meeting, timed=True)
        view = views.carry_over_modal(
            lang,
            meeting_id=meeting_id,
            next_when=following.starts_at.astimezone(deps.settings.tz) if following else None,
            items=items,
        )
        client.views_open(
            trigger_id=body["trigger_id"],
            view=_with_channel(view, (body.get("channel") or {}).get("id")),
        )

    def handle_carry_submit(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(
            view,
            required={"meeting_id": int},
            optional={"lang": str, "channel_id": (str, type(None))},
        )
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        meeting_id = read_int(meta["meeting_id"], field="meeting id")
        with reading("carry-over ticks"):
            ticked = views.carried_item_ids(view["state"]["values"])
        ids = [read_int(item_id, field="item id") for item_id in ticked]
        if not admin_in_ack(deps, team_id, user_id):
            ack(
                response_action="update",
                view=result_modal(
                    lang, title=t("agenda.carry.title", lang), message=views.not_allowed_reply(lang)
                ),
            )
            return
        now = deps.clock()
        count = 0
        with deps.session_factory.write() as session:
            meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
            following = (
                store.next_meeting(
                    session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
                )
                if meeting
                else None
            )
            if meeting is None or following is None:
                raise StalePayload(f"no meeting {meeting_id} or none after it")
            for item_id in ids:
                item = store.get_item(session=session, team_id=team_id, item_id=item_id)
                if item is None or item.meeting_id != meeting.id or item.status != "active":
                    continue
                new_id = store.add_item(
                    session=session,
                    team_id=team_id,
                    meeting_id=following.id or 0,
                    user_id=item.user_id,
                    kind=item.kind,
                    title=item.title,
                    details=item.details,
                    question=item.question,
                    tried=item.tried,
                    win_id=item.win_id,
                    carried_from_id=item.id,
                    # Carrying the same item twice adds it once.
                    source_key=f"carry:{item.id}:{following.id}",
                    now=now,
                )
                count += new_id is not None
        ack()
        reply = views.carried_over_reply(
            lang, count=count, next_when=following.starts_at.astimezone(deps.settings.tz)
        )
        deps.background.submit(
            _reply_somewhere, client, channel=meta.get("channel_id"), user=user_id, reply=reply
        )

    app.command("/agenda")(handle_command)
    app.view(views.ITEM_MODAL_CALLBACK)(handle_item_modal)
    app.view(views.CARRY_OVER_CALLBACK)(handle_carry_submit)
    app.action(views.ADD_ITEM_ACTION)(handle_add)
    app.action(views.EDIT_ITEM_ACTION)(handle_edit)
    app.action(views.WITHDRAW_ITEM_ACTION)(handle_withdraw)
    app.action(views.PROPOSE_STORY_ACTION)(handle_story)
    app.action(views.CARRY_OVER_ACTION)(handle_carry_open)
