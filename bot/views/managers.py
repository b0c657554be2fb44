"""Block Kit for who manages whom: the request a rep accepts or declines, "not my manager".

Pure functions returning dicts. A manager sees a rep's private data (unshared plan, check-ins,
1:1 preparation), so a link is made only by an admin or by the rep's own Accept, and the rep
can end it with one confirmed click wherever their manager is shown.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from bot.domain.formatting import (
    ReaderZones,
    format_day,
    format_when_in,
    same_clock,
    zone_city,
)
from bot.i18n import t
from bot.views.blocks import button, context, plain, reply, section
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


def not_my_manager_button(lang: str, *, manager_id: str) -> dict:
    """ "Not my manager", behind Slack's confirm dialog (the click cannot be undone by the rep)."""
    manager = mention(manager_id)
    return button(
        t("oneonone.not_my_manager.button", lang),
        NOT_MY_MANAGER_ACTION,
        manager_id,
        style="danger",
        confirm={
            "title": plain(t("managers.confirm.title", lang)),
            "text": {"type": "mrkdwn", "text": t("managers.confirm.text", lang, manager=manager)},
            "confirm": plain(t("managers.confirm.yes", lang)),
            "deny": plain(t("managers.confirm.no", lang)),
            "style": "danger",
        },
    )


def not_my_manager_actions(lang: str, *, manager_id: str, block_id: str) -> dict:
    return {
        "type": "actions",
        "block_id": block_id,
        "elements": [not_my_manager_button(lang, manager_id=manager_id)],
    }


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
    """The rhythm in words, escaped and cut to `limit`; ", Amsterdam time" added when its times (in `rule_tz`)
    are not what the reader's clock shows at `at`."""
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
    return {
        "text": text,
        "blocks": [
            section(text),
            context(t("managers.request.why", lang)),
            {
                "type": "actions",
                "block_id": f"manager_request:{request_id}",
                "elements": [
                    button(
                        t("managers.request.accept", lang),
                        ACCEPT_ACTION,
                        str(request_id),
                        style="primary",
                    ),
                    button(t("managers.request.decline", lang), DECLINE_ACTION, str(request_id)),
                ],
            },
        ],
    }


def request_sent_reply(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.request.sent", lang, rep=mention(rep_id)))


def request_waiting_reply(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.request.waiting", lang, rep=mention(rep_id)))


def request_refused_reply(lang: str, *, rep_id: str, until: date) -> dict:
    return reply(
        t("managers.request.refused", lang, rep=mention(rep_id), day=format_day(until, lang))
    )


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


def accepted_reply(
    lang: str,
    *,
    manager_id: str,
    rule_text: str,
    first_at: datetime | None = None,
    rule_tz: tzinfo | None = None,
    zones: ReaderZones | None = None,
) -> dict:
    """Replaces the request DM after Accept; the rep can still say "not my manager" later.
    The first 1:1 is on the rep's clock, the manager's time named when it differs."""
    text = t(
        "managers.accepted.reply",
        lang,
        manager=mention(manager_id),
        rule=rule_for_reader(lang, rule_text, rule_tz=rule_tz, zones=zones, at=first_at),
    ) + _first(lang, first_at, zones, "managers.first")
    return reply(
        text,
        context(t("oneonone.told.created_tip", lang)),
        not_my_manager_actions(lang, manager_id=manager_id, block_id="manager_accepted"),
    )


def declined_reply(lang: str, *, requester_id: str) -> dict:
    return reply(t("managers.declined.reply", lang, requester=mention(requester_id)))


def declined_dm(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.declined.dm", lang, rep=mention(rep_id)))


def lapsed_dm(lang: str, *, rep_id: str) -> dict:
    return reply(t("managers.lapsed.dm", lang, rep=mention(rep_id)))


def request_closed_reply(lang: str) -> dict:
    return reply(t("managers.request.closed", lang))


def has_manager_reply(lang: str, *, manager_id: str) -> dict:
    return reply(t("managers.request.has_manager", lang, manager=mention(manager_id)))


def admin_set_dm(lang: str, *, admin_id: str, manager_id: str) -> dict:
    """To the rep when an admin sets or changes their manager."""
    text = t("managers.admin_set.dm", lang, admin=mention(admin_id), manager=mention(manager_id))
    return reply(
        text, not_my_manager_actions(lang, manager_id=manager_id, block_id="manager_admin_set")
    )


def not_mine_reply(lang: str, *, manager_id: str, withdrawn: bool) -> dict:
    """To the rep after a confirmed "not my manager"."""
    text = t("oneonone.not_my_manager.done", lang, manager=mention(manager_id))
    if withdrawn:
        text += "\n" + t("managers.not_mine.withdrawn", lang)
    return reply(text)


def not_mine_none_reply(lang: str, *, manager_id: str) -> dict:
    return reply(t("managers.not_mine.none", lang, manager=mention(manager_id)))


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

    return {
        "type": "modal",
        "callback_id": SET_MANAGER_MODAL,
        "title": plain(t("managers.admin.title", lang)),
        "submit": plain(t("managers.admin.submit", lang)),
        "close": plain(t("dash.modal.close", lang)),
        "blocks": [
            section(t("managers.admin.intro", lang)),
            picker(BLOCK_REP, ACTION_REP, "managers.admin.rep"),
            picker(BLOCK_MANAGER, ACTION_MANAGER, "managers.admin.manager"),
        ],
    }


def set_manager_values(state_values: dict) -> tuple[str | None, str | None]:
    """(rep, manager) picked in the form; None for one left empty."""

    def picked(block_id: str, action_id: str) -> str | None:
        element = ((state_values or {}).get(block_id) or {}).get(action_id) or {}
        value = element.get("selected_user")
        return value if isinstance(value, str) and value else None

    return picked(BLOCK_REP, ACTION_REP), picked(BLOCK_MANAGER, ACTION_MANAGER)
