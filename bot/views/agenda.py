"""Block Kit for the sales-meeting agenda: channel posts, the item modal, replies, carry-over.
An AgendaLine's texts are raw user text, escaped here before they enter mrkdwn."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.domain.agenda import (
    DETAILS_MAX,
    FIELDS,
    KINDS,
    QUESTION_MAX,
    TITLE_MAX,
    TRIED_MAX,
    AgendaItemError,
)
from bot.domain.formatting import ReaderZones, format_weekday_date, format_when, format_when_in
from bot.i18n import MESSAGES, t
from bot.views.blocks import button, error_reply, modal, reply, result_modal, text_input
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.text import clock, escaped, mention, plural, truncate

ADD_ITEM_ACTION = "agenda_add_item"  # button value: str(meeting_id)
ITEM_MODAL_CALLBACK = "agenda_item_modal"  # private_metadata: {"meeting_id", "item_id", "lang"}
EDIT_ITEM_ACTION = "agenda_edit_item"  # value: str(item_id)
WITHDRAW_ITEM_ACTION = "agenda_withdraw_item"  # value: str(item_id)
PROPOSE_STORY_ACTION = "agenda_propose_story"  # value: f"{meeting_id}:{win_id}"
CARRY_OVER_ACTION = "agenda_carry_over"  # value: str(meeting_id); opens the carry-over modal
CARRY_OVER_CALLBACK = "agenda_carry_over_modal"  # private_metadata: {"meeting_id", "lang"}

BLOCK_KIND, ACTION_KIND = "kind", "kind_input"
BLOCK_TITLE, ACTION_TITLE = "title", "title_input"
BLOCK_DETAILS, ACTION_DETAILS = "details", "details_input"
BLOCK_QUESTION, ACTION_QUESTION = "question", "question_input"
BLOCK_TRIED, ACTION_TRIED = "tried", "tried_input"
# Checkboxes of the carry-over modal: the first block is BLOCK_CARRY, further ones (10 options
# each) BLOCK_CARRY_1, BLOCK_CARRY_2, ...; every one uses ACTION_CARRY. See carried_item_ids().
BLOCK_CARRY, ACTION_CARRY = "carry", "carry_input"

FIELD_IDS = {  # field -> (block_id, action_id) in the item form
    "kind": (BLOCK_KIND, ACTION_KIND),
    "title": (BLOCK_TITLE, ACTION_TITLE),
    "details": (BLOCK_DETAILS, ACTION_DETAILS),
    "question": (BLOCK_QUESTION, ACTION_QUESTION),
    "tried": (BLOCK_TRIED, ACTION_TRIED),
}
# The form's text inputs: field, max length, multiline, and the label, hint and placeholder
# texts (keys after "agenda.modal.").
TEXT_INPUTS = (
    ("title", TITLE_MAX, False, "item_title", None, "item_title_placeholder"),
    ("details", DETAILS_MAX, True, "details", "details_hint", None),
    ("question", QUESTION_MAX, False, "question", "question_hint", "question_placeholder"),
    ("tried", TRIED_MAX, True, "tried", "tried_hint", None),
)

MAX_MESSAGE_BLOCKS = 50
OPTION_TEXT_MAX = 75
CHECKBOX_OPTIONS_MAX = 10  # Slack's limit per checkboxes element
MAX_CARRY_OPTIONS = 90  # nine checkbox blocks
SHOWN_DETAILS = 300  # characters of details/tried shown on an agenda line


@dataclass(frozen=True)
class AgendaLine:
    """One item as shown. title/details/question/tried/client are raw user text."""

    id: int
    kind: str
    title: str
    user_id: str
    details: str = ""
    question: str = ""
    tried: str = ""
    minutes: int | None = None  # set on a locked agenda (0 = if time allows)
    carried: bool = False  # carried over from the previous meeting
    client: str | None = None  # for a success story proposed from a logged win


def _actions(block_id: str, *elements: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def _add_button_block(lang: str, meeting_id: int) -> dict:
    add = button(t("agenda.add_button", lang), ADD_ITEM_ACTION, str(meeting_id), style="primary")
    return _actions(f"agenda_add:{meeting_id}", add)


def _minutes_text(minutes: int, lang: str) -> str:
    if minutes > 0:
        return t("agenda.minutes", lang, minutes=minutes)
    return t("agenda.if_time_allows", lang)


def item_text(item: AgendaLine, lang: str, *, full: bool = True) -> str:
    """The mrkdwn of one agenda line: "• *title* — <@user> · 10 min", the question, and so on."""
    line = t("agenda.line", lang, title=escaped(item.title, 1000), user=mention(item.user_id))
    tags = []
    if item.carried:
        tags.append(t("agenda.carried", lang))
    if item.minutes is not None:
        tags.append(_minutes_text(item.minutes, lang))
    parts = [" · ".join([line, *tags])]
    if item.question:
        parts.append(t("agenda.question", lang, question=escaped(item.question, 1200)))
    if full and item.tried:
        parts.append(
            t("agenda.tried", lang, tried=escaped(truncate(item.tried, SHOWN_DETAILS), 800))
        )
    if full and item.details:
        parts.append(escaped(truncate(item.details, SHOWN_DETAILS), 800))
    return "\n      ".join(parts)


def _grouped_blocks(
    lang: str,
    items: list[AgendaLine],
    *,
    budget: int,
    full: bool = False,
    minutes_in_headings: bool = False,
    item_extra: Callable[[AgendaLine], list[dict]] | None = None,
) -> list[dict]:
    """Per kind (in agenda order) a heading and each item with its `item_extra` blocks (its
    buttons), within `budget` blocks: the last items left out for "…and N more" if need be."""
    entries: list[tuple[list[dict], int]] = []  # (blocks, number of items in them)
    for kind in KINDS:
        group = [item for item in items if item.kind == kind]
        if not group:
            continue
        heading = t(f"agenda.heading.{kind}", lang)
        if minutes_in_headings:
            total = sum(item.minutes or 0 for item in group)
            if total:
                heading = t("agenda.heading_minutes", lang, heading=heading, minutes=total)
        entries.append(([_section(heading)], 0))
        for item in group:
            blocks = [_section(item_text(item, lang, full=full))]
            if item_extra is not None:
                blocks.extend(item_extra(item))
            entries.append((blocks, 1))

    if sum(len(blocks) for blocks, _ in entries) <= budget:
        return [block for blocks, _ in entries for block in blocks]

    total_items = sum(count for _, count in entries)
    kept: list[tuple[list[dict], int]] = []
    used = 0
    for blocks, count in entries:
        if used + len(blocks) > budget - 1:  # keep one block for "…and N more"
            break
        kept.append((blocks, count))
        used += len(blocks)
    while kept and kept[-1][1] == 0:  # no heading without items under it
        kept.pop()
    shown = sum(count for _, count in kept)
    out = [block for blocks, _ in kept for block in blocks]
    out.append(_context(t("agenda.more", lang, count=total_items - shown)))
    return out


# --------------------------------------------------------------------------- channel posts


def _open_agenda(
    lang: str,
    head: list[dict],
    fallback: str,
    *,
    meeting_id: int,
    cutoff: datetime,
    items: list[AgendaLine],
    zones: ReaderZones | None = None,
) -> dict:
    """`head`, the items so far, the cut-off and the Add item button: an agenda still open."""
    cutoff_text = t("agenda.cutoff", lang, cutoff=format_when_in(cutoff, lang, zones))
    tail = [_context(cutoff_text), _add_button_block(lang, meeting_id)]
    return {"text": fallback, "blocks": _agenda_blocks(lang, head, items, tail, so_far=True)}


def _agenda_blocks(
    lang: str,
    head: list[dict],
    items: list[AgendaLine],
    tail: list[dict],
    *,
    empty: str = "agenda.empty",
    so_far: bool = False,
    **grouping: Any,
) -> list[dict]:
    """`head`, the items grouped by kind (or the `empty` line) within a message, `tail`."""
    if not items:
        return [*head, _section(t(empty, lang)), *tail]
    if so_far:
        head = [*head, _section(t("agenda.so_far", lang))]
    budget = MAX_MESSAGE_BLOCKS - len(head) - len(tail)
    return [*head, *_grouped_blocks(lang, items, budget=budget, **grouping), *tail]


def agenda_open_message(
    lang: str,
    *,
    meeting_id: int,
    when: datetime,
    cutoff: datetime,
    items: list[AgendaLine],
    zones: ReaderZones | None = None,
) -> dict:
    """The channel post opening the agenda: what belongs on it, the items so far, Add item.
    As `/agenda`'s reply to one person, times are on their clock (`zones`)."""
    when_text = format_when_in(when, lang, zones)
    head = [
        _section(t("agenda.open.title", lang, when=when_text)),
        _section(t("agenda.open.what", lang)),
    ]
    fallback = t("agenda.open.fallback", lang, when=when_text)
    return _open_agenda(
        lang, head, fallback, meeting_id=meeting_id, cutoff=cutoff, items=items, zones=zones
    )


def agenda_reminder_message(
    lang: str,
    *,
    meeting_id: int,
    when: datetime,
    cutoff: datetime,
    items: list[AgendaLine],
    reminded_on: date | None = None,
) -> dict:
    """The reminder on the last working day before the meeting (`reminded_on`; the day before
    when None): the agenda so far and the Add item button (until the cut-off)."""
    time_text = clock(when, lang)
    if reminded_on is None or reminded_on + timedelta(days=1) == when.date():
        title = t("agenda.reminder.title", lang, time=time_text)
        fallback = t("agenda.reminder.fallback", lang, time=time_text)
    else:  # on Friday for a Monday meeting: "tomorrow" would be wrong
        day = format_weekday_date(when.date(), lang)
        title = t("agenda.reminder.title_day", lang, day=day, time=time_text)
        fallback = t("agenda.reminder.fallback_day", lang, day=day, time=time_text)
    head = [_section(title)]
    if not any(item.kind == "success" for item in items):
        head.append(_section(t("agenda.reminder.no_success", lang)))
    return _open_agenda(lang, head, fallback, meeting_id=meeting_id, cutoff=cutoff, items=items)


def locked_agenda_message(
    lang: str, *, meeting_id: int, when: datetime, duration_minutes: int, items: list[AgendaLine]
) -> dict:
    """The locked agenda as posted at the cut-off; `items` come in time-box order with minutes."""
    when_text = format_when(when, lang)
    head = [_section(t("agenda.title", lang, when=when_text))]
    if not any(item.kind == "success" for item in items):
        head.append(_section(t("agenda.locked.no_success", lang)))
    total = sum(item.minutes or 0 for item in items)
    summary = t("agenda.locked.total", lang, total=total, duration=duration_minutes)
    spare = sum(1 for item in items if item.minutes == 0)
    if spare:
        summary += " · " + t("agenda.locked.spare", lang, count=spare)
    tail = [_context(summary)]
    if items:
        carry = button(t("agenda.carry_button", lang), CARRY_OVER_ACTION, str(meeting_id))
        tail.append(_actions(f"agenda_carry:{meeting_id}", carry))
    grouping = {"full": True, "minutes_in_headings": True}
    blocks = _agenda_blocks(lang, head, items, tail, empty="agenda.locked.empty", **grouping)
    return {"text": t("agenda.title_plain", lang, when=when_text), "blocks": blocks}


# --------------------------------------------------------------------------- the item modal


def item_modal(
    lang: str,
    *,
    meeting_id: int,
    when: datetime,
    item: AgendaLine | None = None,
    kind: str | None = None,
    zones: ReaderZones | None = None,
) -> dict:
    """The modal to add or edit (`item` with id > 0) an agenda item; a new item may be
    prefilled (`item` with id 0, `kind`). The meeting's time is on the reader's clock."""
    item_id = item.id if item is not None and item.id > 0 else None
    editing = item_id is not None
    initial_kind = kind or (item.kind if item is not None else None)
    options = [
        {
            "text": _plain(t(f"agenda.kind.{kind}", lang)),
            "description": _plain(t(f"agenda.kind_desc.{kind}", lang)),
            "value": kind,
        }
        for kind in KINDS
    ]
    kind_element: dict = {"type": "radio_buttons", "action_id": ACTION_KIND, "options": options}
    if initial_kind in KINDS:
        kind_element["initial_option"] = options[KINDS.index(initial_kind)]
    initial = {}
    if item is not None:
        initial = {field: getattr(item, field) for field in FIELDS}
        initial["title"] = item.title or (item.client or "")
    return modal(
        callback_id=ITEM_MODAL_CALLBACK,
        title=t("agenda.modal.title_edit" if editing else "agenda.modal.title", lang),
        submit=t("agenda.modal.save" if editing else "agenda.modal.submit", lang),
        close=t("agenda.modal.close", lang),
        private_metadata=json.dumps({"meeting_id": meeting_id, "item_id": item_id, "lang": lang}),
        blocks=[
            _section(t("agenda.modal.meeting", lang, when=format_when_in(when, lang, zones))),
            _context(t("agenda.modal.help", lang)),
            {
                "type": "input",
                "block_id": BLOCK_KIND,
                "label": _plain(t("agenda.modal.kind", lang)),
                "element": kind_element,
            },
            *(
                text_input(
                    block_id=FIELD_IDS[field][0],
                    action_id=FIELD_IDS[field][1],
                    label=t(f"agenda.modal.{label}", lang),
                    max_length=max_length,
                    optional=field != "title",
                    multiline=multiline,
                    initial=initial.get(field),
                    hint=t(f"agenda.modal.{hint}", lang) if hint else None,
                    placeholder=t(f"agenda.modal.{placeholder}", lang) if placeholder else None,
                )
                for field, max_length, multiline, label, hint, placeholder in TEXT_INPUTS
            ),
        ],
    )


def with_channel(view: dict, channel_id: str | None) -> dict:
    """`view` remembering the channel the form was opened from (the reply goes there)."""
    meta = json.loads(view.get("private_metadata") or "{}")
    meta["channel_id"] = channel_id
    return {**view, "private_metadata": json.dumps(meta)}


def item_values(state_values: dict) -> dict[str, str | None]:
    """The submitted fields (view["state"]["values"]) as keyword arguments for validate_item."""

    def value(block_id: str, action_id: str) -> str | None:
        element = state_values.get(block_id, {}).get(action_id) or {}
        if element.get("type") == "radio_buttons" or "selected_option" in element:
            selected = element.get("selected_option")
            return selected.get("value") if selected else None
        return element.get("value")

    return {field: value(block_id, action_id) for field, (block_id, action_id) in FIELD_IDS.items()}


def item_errors(lang: str, error: AgendaItemError) -> dict[str, str]:
    """block_id -> message, for ack(response_action="errors", errors=...)."""
    messages = {}
    for field, (code, params) in error.errors.items():
        key = f"agenda.error.{field}.{code}"
        if key not in MESSAGES:
            key = f"agenda.error.{code}"
        messages[FIELD_IDS[field][0] if field in FIELD_IDS else field] = t(key, lang, **params)
    return messages


# --------------------------------------------------------------------------- replies


def item_saved_reply(
    lang: str,
    *,
    title: str,
    when: datetime,
    next_meeting: bool,
    edited: bool,
    operational: bool,
    zones: ReaderZones | None = None,
) -> dict:
    """The confirmation after the modal; `next_meeting`: `when` is the meeting after the
    coming one, whose agenda is locked."""
    key = "next_meeting" if next_meeting else "edited" if edited else "added"
    text = t(
        f"agenda.saved.{key}",
        lang,
        title=escaped(title, 1000),
        when=format_when_in(when, lang, zones),
    )
    blocks = [_section(text)]
    if operational:
        blocks.append(_section(t("agenda.saved.operational", lang)))
    blocks.append(_context(t("agenda.saved.tip", lang)))
    return {"text": text, "blocks": blocks}


def agenda_list_message(
    lang: str,
    *,
    when: datetime | None,
    items: list[AgendaLine],
    viewer_id: str,
    viewer_is_admin: bool,
    locked: bool,
    meeting_id: int | None,
    zones: ReaderZones | None = None,
) -> dict:
    """The ephemeral reply to `/agenda list`, with Edit/Withdraw on the items the viewer may
    change; the meeting's time on the viewer's clock (`zones`)."""
    if when is None:
        return reply(t("agenda.list.no_meeting", lang))
    when_text = format_when_in(when, lang, zones)
    head = [_section(t("agenda.title", lang, when=when_text))]
    if locked:
        head.append(_context(t("agenda.list.locked", lang)))
    tail = [] if locked or meeting_id is None else [_add_button_block(lang, meeting_id)]

    def buttons(item: AgendaLine) -> list[dict]:
        if locked or not (viewer_is_admin or item.user_id == viewer_id):
            return []
        confirm = {
            "title": _plain(t("agenda.withdraw.confirm_title", lang)),
            "text": _plain(t("agenda.withdraw.confirm_text", lang)),
            "confirm": _plain(t("agenda.withdraw.confirm_yes", lang)),
            "deny": _plain(t("agenda.withdraw.confirm_no", lang)),
            "style": "danger",
        }
        edit = button(t("agenda.edit_button", lang), EDIT_ITEM_ACTION, str(item.id))
        withdraw = button(
            t("agenda.withdraw_button", lang),
            WITHDRAW_ITEM_ACTION,
            str(item.id),
            style="danger",
            confirm=confirm,
        )
        return [_actions(f"agenda_item:{item.id}", edit, withdraw)]

    blocks = _agenda_blocks(lang, head, items, tail, full=True, item_extra=buttons)
    return {"text": t("agenda.title_plain", lang, when=when_text), "blocks": blocks}


def withdrawn_reply(lang: str, *, title: str) -> dict:
    return reply(t("agenda.withdrawn", lang, title=escaped(title, 1000)))


@dataclass(frozen=True)
class StoryWin:
    """A win proposed as a success story; `client` is raw user text."""

    win_id: int
    client: str
    on_agenda_of: datetime | None = None  # the meeting whose agenda it is on
    withdrawn: bool = False  # put on an agenda and taken off again: not proposed again

    @property
    def proposable(self) -> bool:
        return self.on_agenda_of is None and not self.withdrawn


STORY_CLIENT_SHOWN = 200


@dataclass(frozen=True)
class ComingAgenda:
    """The coming meeting's agenda as one reader sees it."""

    meeting_id: int
    when: datetime  # the meeting's start, in the team's zone
    cutoff: datetime
    locked: bool  # past the cut-off: items time-boxed, in agenda order
    items: list[AgendaLine]
    zones: ReaderZones


def agenda_reply(
    lang: str, agenda: ComingAgenda, *, listing: bool, viewer_id: str, viewer_is_admin: bool
) -> dict:
    """`/agenda`: the open agenda with its Add button; with `listing` (`/agenda list`) or once
    locked, the list with Edit/Withdraw on the items the viewer may change."""
    shown: dict[str, Any] = {"when": agenda.when, "items": agenda.items, "zones": agenda.zones}
    if listing or agenda.locked:
        return agenda_list_message(
            lang,
            viewer_id=viewer_id,
            viewer_is_admin=viewer_is_admin,
            locked=agenda.locked,
            meeting_id=agenda.meeting_id,
            **shown,
        )
    return agenda_open_message(lang, meeting_id=agenda.meeting_id, cutoff=agenda.cutoff, **shown)


def story_proposal_dm(
    lang: str,
    *,
    meeting_id: int,
    when: datetime,
    wins: list[StoryWin],
    zones: ReaderZones | None = None,
) -> dict:
    """The one DM asking a winner how they won their new clients: each win with its "Add to
    agenda" button, or where it is on an agenda; at most 50 blocks, then "…and N more"."""
    when_text = format_when_in(when, lang, zones)
    clients = [escaped(win.client, STORY_CLIENT_SHOWN) for win in wins]
    if len(wins) == 1:
        ask = t("agenda.story.ask", lang, client=clients[0], when=when_text)
        fallback = t("agenda.story.fallback", lang, client=clients[0], when=when_text)
    else:
        ask = t("agenda.story.ask_many", lang, when=when_text)
        listed = truncate(", ".join(clients), 1000)
        fallback = t("agenda.story.fallback_many", lang, clients=listed, when=when_text)
    blocks = [_section(ask)]
    shown = wins if len(wins) <= MAX_MESSAGE_BLOCKS - 1 else wins[: MAX_MESSAGE_BLOCKS - 2]
    for win, client in zip(shown, clients, strict=False):
        line = t("agenda.story.win", lang, client=client)
        if win.on_agenda_of is not None:
            on = format_when_in(win.on_agenda_of, lang, zones)
            blocks.append(_section(line + t("agenda.story.on_agenda", lang, when=on)))
        elif win.withdrawn:
            blocks.append(_section(line + t("agenda.story.withdrawn", lang)))
        else:
            value = f"{meeting_id}:{win.win_id}"
            add = button(
                t("agenda.story.button", lang), PROPOSE_STORY_ACTION, value, style="primary"
            )
            blocks.append({**_section(line), "block_id": f"agenda_story:{value}", "accessory": add})
    if len(shown) < len(wins):
        blocks.append(_context(t("agenda.story.more", lang, count=len(wins) - len(shown))))
    return {"text": fallback, "blocks": blocks}


def _carry_option(item: AgendaLine, lang: str) -> dict:
    details = [t(f"agenda.kind.{item.kind}", lang), mention(item.user_id)]
    if item.minutes is not None:
        details.append(_minutes_text(item.minutes, lang))
    return {
        "text": {"type": "mrkdwn", "text": f"*{escaped(item.title, OPTION_TEXT_MAX - 2)}*"},
        "description": {"type": "mrkdwn", "text": truncate(" · ".join(details), OPTION_TEXT_MAX)},
        "value": str(item.id),
    }


def carry_over_modal(
    lang: str, *, meeting_id: int, next_when: datetime | None, items: list[AgendaLine]
) -> dict:
    """The admins' modal to move unreached items to the next meeting; those "if time allows"
    ticked already, 10 per checkboxes block (see carry_block_id), the rest past 90 mentioned."""
    shown = items[:MAX_CARRY_OPTIONS] if next_when else []  # nothing to tick without a next
    size = CHECKBOX_OPTIONS_MAX
    chunks = [shown[start : start + size] for start in range(0, len(shown), size)]
    if next_when is None:
        blocks = [_section(t("agenda.carry.no_next", lang))]
    elif not items:
        blocks = [_section(t("agenda.carry.nothing", lang))]
    else:
        blocks = [_section(t("agenda.carry.intro", lang, when=format_when(next_when, lang)))]
    label = t("agenda.carry.label", lang)
    for index, chunk in enumerate(chunks):
        options = [_carry_option(item, lang) for item in chunk]
        element: dict = {"type": "checkboxes", "action_id": ACTION_CARRY, "options": options}
        preset = [option for option, item in zip(options, chunk, strict=True) if item.minutes == 0]
        if preset:
            element["initial_options"] = preset
        numbered = label if len(chunks) == 1 else f"{label} ({index + 1}/{len(chunks)})"
        blocks.append(
            {
                "type": "input",
                "block_id": carry_block_id(index),
                "optional": True,
                "label": _plain(numbered),
                "element": element,
            }
        )
    if shown and len(items) > len(shown):
        blocks.append(_context(t("agenda.carry.capped", lang, count=len(items) - len(shown))))
    return modal(
        callback_id=CARRY_OVER_CALLBACK,
        title=t("agenda.carry.title", lang),
        close=t("agenda.carry.close", lang),
        submit=t("agenda.carry.submit", lang) if shown else None,
        private_metadata=json.dumps({"meeting_id": meeting_id, "lang": lang}),
        blocks=blocks,
    )


def carry_refused_modal(lang: str) -> dict:
    """The carry-over form replaced by "only admins" (someone no longer an admin submitted it)."""
    return result_modal(lang, title=t("agenda.carry.title", lang), message=not_allowed_reply(lang))


def carry_block_id(index: int) -> str:
    return BLOCK_CARRY if index == 0 else f"{BLOCK_CARRY}_{index}"


def carried_item_ids(state_values: dict) -> list[int]:
    """The item ids ticked in the carry-over modal (view["state"]["values"]), in order."""
    ids: list[int] = []
    index = 0
    while carry_block_id(index) in state_values:
        element = state_values[carry_block_id(index)].get(ACTION_CARRY) or {}
        for option in element.get("selected_options") or []:
            ids.append(int(option["value"]))
        index += 1
    return ids


def carried_over_reply(lang: str, *, count: int, next_when: datetime) -> dict:
    if count <= 0:
        return reply(t("agenda.carried.none", lang))
    return reply(plural("agenda.carried", lang, count, when=format_when(next_when, lang)))


# The texts of the refusals' codes (bot.jobs.agenda.AgendaRefusal) other than "not allowed".
ERROR_KEYS = {"no_meeting": "agenda.list.no_meeting", "story_removed": "agenda.story.removed"}


def error_text(lang: str, code: str, params: dict) -> str:
    """What a refusal says; "locked" names the meeting's time (`when`) on the reader's clock
    (`zones`). An unknown code reads as "not allowed"."""
    when = (params or {}).get("when")
    if code == "locked" and isinstance(when, datetime):
        return t("agenda.locked", lang, when=format_when_in(when, lang, params.get("zones")))
    return t(ERROR_KEYS.get(code, "agenda.not_allowed"), lang)


def not_allowed_reply(lang: str) -> dict:
    return error_reply(error_text(lang, "not_allowed", {}))


def locked_reply(lang: str, *, when: datetime, zones: ReaderZones | None = None) -> dict:
    return error_reply(error_text(lang, "locked", {"when": when, "zones": zones}))


def help_reply(lang: str) -> dict:
    return reply(t("agenda.help", lang))
