"""Block Kit for who manages whom: the request a rep accepts or declines, the admin's form,
and "not my manager" (one confirmed click wherever the rep's manager is shown)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal

from bot.domain.formatting import ReaderZones, format_day, format_when_in, same_clock, zone_city
from bot.domain.oneonones import OneOnOneRule
from bot.i18n import t
from bot.payloads import StalePayload
from bot.views.blocks import button, context, modal, plain, reply, section, state_element
from bot.views.text import escaped, mention

ACCEPT_ACTION = "manager_request_accept"  # value: str(request_id)
DECLINE_ACTION = "manager_request_decline"  # value: str(request_id)
# value: the manager's user id (older DMs carry a 1:1 series id); asks for confirmation first.
NOT_MY_MANAGER_ACTION = "oneonone_not_my_manager"
# Admins on the Home tab: a button opens a form to say who manages whom.
SET_MANAGER_ACTION = "manager_set_open"
SET_MANAGER_MODAL = "manager_set_modal"
BLOCK_REP, ACTION_REP = "manager_set_rep", "rep"
BLOCK_MANAGER, ACTION_MANAGER = "manager_set_manager", "manager"
RULE_SHOWN = 200
USER_ID = re.compile(r"[UW][A-Z0-9]{1,30}")
# The admin form's fields (as the use case names them) and the blocks they are shown at.
FIELD_BLOCKS = {"rep": BLOCK_REP, "manager": BLOCK_MANAGER}
# Answers to a mistake, by error code: the admin form's and "not an admin".
ERROR_KEYS = {
    "required": "managers.admin.required",
    "same": "managers.admin.same",
    "not_admin": "oneonone.error.not_admin",
}


@dataclass(frozen=True)
class RequestAsked:
    """What became of asking a rep: `sent`, already `waiting`, or `refused` until a day."""

    outcome: Literal["sent", "waiting", "refused"]
    rep_id: str
    until: date | None = None  # refused: the first day to ask again, on the requester's calendar


@dataclass(frozen=True)
class RequestAnswered:
    """The rep's Accept or Decline: `closed` (no longer pending), `declined`, `has_manager`
    (someone else manages them now) or `accepted`. `other_id` is the requester, or for
    has_manager the current manager."""

    outcome: Literal["closed", "declined", "has_manager", "accepted"]
    other_id: str = ""
    rule: OneOnOneRule | None = None  # accepted: the 1:1s, with when the first is
    first_at: datetime | None = None
    rule_tz: tzinfo | None = None
    zones: ReaderZones | None = None  # on the rep's clock


@dataclass(frozen=True)
class Disowned:
    """The rep's "not my manager": `ended` False when that person was not their manager (and
    had no 1:1s with them); `withdrawn` when an agreement on the rep's plan was taken back."""

    manager_id: str
    ended: bool
    withdrawn: bool = False


def error_text(lang: str, code: str, params: dict | None) -> str:
    return t(ERROR_KEYS.get(code, "failure.unexpected"), lang, **(params or {}))


def form_errors(lang: str, errors: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """The admin form's field errors as Slack shows them: block id -> text."""
    return {
        FIELD_BLOCKS[name]: error_text(lang, code, params)
        for name, (code, params) in errors.items()
    }


def not_my_manager_actions(lang: str, *, manager_id: str, block_id: str) -> dict:
    """ "Not my manager", behind Slack's confirm dialog (the click cannot be undone by the rep)."""
    text = t("managers.confirm.text", lang, manager=mention(manager_id))
    confirm = {
        "title": plain(t("managers.confirm.title", lang)),
        "text": {"type": "mrkdwn", "text": text},
        "confirm": plain(t("managers.confirm.yes", lang)),
        "deny": plain(t("managers.confirm.no", lang)),
        "style": "danger",
    }
    label = t("oneonone.not_my_manager.button", lang)
    element = button(label, NOT_MY_MANAGER_ACTION, manager_id, style="danger", confirm=confirm)
    return {"type": "actions", "block_id": block_id, "elements": [element]}


def my_manager_blocks(lang: str, *, manager_id: str) -> list[dict]:
    """ "Your manager: @maria [Not my manager]" for /oneonone and the Home tab."""
    return [
        section(t("managers.mine", lang, manager=mention(manager_id))),
        not_my_manager_actions(lang, manager_id=manager_id, block_id="my_manager"),
    ]


def rule_for_reader(
    lang: str,
    rule_text: str,
    *,
    rule_tz: tzinfo | None,
    zones: ReaderZones | None,
    at: datetime | None,
    limit: int = RULE_SHOWN,
) -> str:
    """The rhythm in words, escaped and cut to `limit`; ", Amsterdam time" added when its times
    (in `rule_tz`) are not what the reader's clock shows at `at`."""
    rule = escaped(rule_text, limit)
    if rule_tz is None or zones is None or at is None or same_clock(at, zones.reader, rule_tz):
        return rule
    return t("time.rule_in_zone", lang, rule=rule, city=zone_city(rule_tz, lang))


def _first(lang: str, first_at: datetime | None, zones: ReaderZones | None, key: str) -> str:
    """A sentence such as "The first one is on …" (`key`) on the reader's clock, after a space;
    empty without a date."""
    if first_at is None:
        return ""
    return " " + t(key, lang, when=format_when_in(first_at, lang, zones))


def request_dm(
    lang: str,
    *,
    requester_id: str,
    rule_text: str,
    request_id: int,
    first_at: datetime | None = None,
    rule_tz: tzinfo | None = None,
    zones: ReaderZones | None = None,
) -> dict:
    """To the rep: someone would like to be their manager; Accept / Decline. The proposed
    first 1:1 (`first_at`) is on the rep's clock (`zones`), the requester's time named when
    it differs; a rule in another zone (`rule_tz`) says which."""
    text = t(
        "managers.request.dm",
        lang,
        requester=mention(requester_id),
        rule=rule_for_reader(lang, rule_text, rule_tz=rule_tz, zones=zones, at=first_at),
    ) + _first(lang, first_at, zones, "managers.request.first")
    value = str(request_id)
    answers = [
        button(t("managers.request.accept", lang), ACCEPT_ACTION, value, style="primary"),
        button(t("managers.request.decline", lang), DECLINE_ACTION, value),
    ]
    return reply(
        text,
        context(t("managers.request.why", lang)),
        {"type": "actions", "block_id": f"manager_request:{request_id}", "elements": answers},
    )


def asked_reply(lang: str, asked: RequestAsked) -> dict:
    """To the requester: the request is sent, was already waiting, or is refused for now."""
    rep = mention(asked.rep_id)
    if asked.outcome == "refused" and asked.until is not None:
        day = format_day(asked.until, lang)
        return reply(t("managers.request.refused", lang, rep=rep, day=day))
    key = "managers.request.waiting" if asked.outcome == "waiting" else "managers.request.sent"
    return reply(t(key, lang, rep=rep))


def accepted_dm(
    lang: str,
    *,
    rep_id: str,
    rule_text: str,
    first_at: datetime | None = None,
    zones: ReaderZones | None = None,
) -> dict:
    """To the requester after Accept; the first 1:1 on their clock, the rep's named."""
    text = t(
        "managers.accepted.dm", lang, rep=mention(rep_id), rule=escaped(rule_text, RULE_SHOWN)
    ) + _first(lang, first_at, zones, "managers.first")
    return reply(text)


def answered_reply(lang: str, answered: RequestAnswered) -> dict:
    """What replaces the request DM after the rep's Accept or Decline. After Accept the rep can
    still say "not my manager"; the first 1:1 is on the rep's clock, the manager's named."""
    other, first_at, zones = answered.other_id, answered.first_at, answered.zones
    if answered.outcome == "accepted" and answered.rule is not None:
        rule = answered.rule.describe(lang)
        text = t(
            "managers.accepted.reply",
            lang,
            manager=mention(other),
            rule=rule_for_reader(lang, rule, rule_tz=answered.rule_tz, zones=zones, at=first_at),
        ) + _first(lang, first_at, zones, "managers.first")
        return reply(
            text,
            context(t("oneonone.told.created_tip", lang)),
            not_my_manager_actions(lang, manager_id=other, block_id="manager_accepted"),
        )
    if answered.outcome == "declined":
        return reply(t("managers.declined.reply", lang, requester=mention(other)))
    if answered.outcome == "has_manager":
        return reply(t("managers.request.has_manager", lang, manager=mention(other)))
    return reply(t("managers.request.closed", lang))


def declined_dm(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.declined.dm", lang, rep=mention(rep_id)))


def lapsed_dm(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.lapsed.dm", lang, rep=mention(rep_id)))


def admin_set_dm(lang: str, *, admin_id: str, manager_id: str) -> dict:
    """To the rep when an admin sets or changes their manager."""
    text = t("managers.admin_set.dm", lang, admin=mention(admin_id), manager=mention(manager_id))
    return reply(
        text, not_my_manager_actions(lang, manager_id=manager_id, block_id="manager_admin_set")
    )


def disowned_reply(lang: str, disowned: Disowned) -> dict:
    """To the rep after a confirmed "not my manager"."""
    manager = mention(disowned.manager_id)
    if not disowned.ended:
        return reply(t("managers.not_mine.none", lang, manager=manager))
    text = t("oneonone.not_my_manager.done", lang, manager=manager)
    if disowned.withdrawn:
        text += "\n" + t("managers.not_mine.withdrawn", lang)
    return reply(text)


def not_your_rep_dm(lang: str, *, rep_id: str) -> dict:
    """To the former manager: the rep said they are not their manager."""
    return reply(t("oneonone.not_my_manager.told", lang, rep=mention(rep_id)))


def set_manager_button(lang: str) -> dict:
    return button(t("managers.admin.button", lang), SET_MANAGER_ACTION, "open")


def set_manager_modal(lang: str) -> dict:
    """For admins: pick a rep and their manager."""

    def picker(block_id: str, action_id: str, key: str) -> dict:
        return {
            "type": "input",
            "block_id": block_id,
            "label": plain(t(key, lang)),
            "element": {"type": "users_select", "action_id": action_id},
        }

    return modal(
        title=t("managers.admin.title", lang),
        callback_id=SET_MANAGER_MODAL,
        submit=t("managers.admin.submit", lang),
        close=t("dash.modal.close", lang),
        blocks=[
            section(t("managers.admin.intro", lang)),
            picker(BLOCK_REP, ACTION_REP, "managers.admin.rep"),
            picker(BLOCK_MANAGER, ACTION_MANAGER, "managers.admin.manager"),
        ],
    )


def set_manager_values(state_values: dict) -> tuple[str | None, str | None]:
    """(rep, manager) picked in the form; None for one left empty. A value that is not a user
    id was not picked in Slack: StalePayload."""

    def picked(block_id: str, action_id: str) -> str | None:
        value = state_element(state_values, block_id, action_id).get("selected_user")
        if value is None or value == "":
            return None
        if not (isinstance(value, str) and USER_ID.fullmatch(value)):
            raise StalePayload(f"{block_id}: not a user id")
        return value

    return picked(BLOCK_REP, ACTION_REP), picked(BLOCK_MANAGER, ACTION_MANAGER)
