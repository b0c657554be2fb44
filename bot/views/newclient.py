"""Block Kit for /newclient: help, replies, the modal and its confirmation."""

from __future__ import annotations

import json

from bot.i18n import t
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.blocks import text_input

MODAL_CALLBACK_ID = "newclient_modal"
OPEN_MODAL_ACTION_ID = "newclient_open_modal"
SHORTCUT_CALLBACK_ID = "newclient_shortcut"
# The two answers to "I couldn't read '…' as an amount".
ASK_LOG_ACTION_ID = "newclient_ask_log"
ASK_FIX_ACTION_ID = "newclient_ask_fix"
ASK_BLOCK_ID = "newclient_ask"

BLOCK_CLIENT, ACTION_CLIENT = "client", "client_input"
BLOCK_VALUE, ACTION_VALUE = "value", "value_input"
BLOCK_CURRENCY, ACTION_CURRENCY = "currency", "currency_select"
BLOCK_SEGMENT, ACTION_SEGMENT = "segment", "segment_input"
BLOCK_WON_VIA, ACTION_WON_VIA = "won_via", "won_via_select"
BLOCK_STORY, ACTION_STORY = "story", "story_input"

VALUE_MAX = 40
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN")
WON_VIA = ("cold_outreach", "referral", "event", "inbound", "network", "partner", "other")
SEGMENT_MAX = 100
STORY_MAX = 2000


def help_message(lang: str, channel: str) -> dict:
    """The reply to `/newclient help`."""
    blocks = [_section(t("help.title", lang)), _section(t("help.body", lang, channel=channel))]
    return {"text": t("help.title", lang).replace("*", ""), "blocks": blocks}


def error_message(lang: str, problem: str) -> dict:
    """An ephemeral 'nothing was logged' reply with the right form."""
    text = t("error.prefix", lang, problem=problem)
    return {"text": text, "blocks": [_section(text), _context(t("help.example", lang))]}


def logged_message(
    lang: str, *, client: str, value: str | None, channel: str, created: bool
) -> dict:
    """The ephemeral confirmation of a quick log (client must be escaped already)."""
    value_part = t("quicklog.value", lang, value=value) if value else ""
    key = "quicklog.logged" if created else "quicklog.already"
    text = t(key, lang, client=client, value=value_part, channel=channel)
    return {"text": text, "blocks": [_section(text), _context(t("quicklog.tip", lang))]}


def unreadable_amount_message(
    lang: str, *, client: str, amount: str, hint: str, value: str
) -> dict:
    """The ephemeral question when a quick log ends in an amount that cannot be read:
    "Log without a value" or "Fix it". `client` and `amount` must be escaped already;
    `value` is what both buttons carry back."""
    # The amount is shown as code: a backtick in it would end the code early.
    text = t("quicklog.ask", lang, amount=amount.replace("`", "'"), client=client)
    actions = {
        "type": "actions",
        "block_id": ASK_BLOCK_ID,
        "elements": [
            _button(t("quicklog.ask_log", lang), ASK_LOG_ACTION_ID, value, style="primary"),
            _button(t("quicklog.ask_fix", lang), ASK_FIX_ACTION_ID, value),
        ],
    }
    return {"text": text, "blocks": [_section(text), _context(hint), actions]}


def newclient_modal(
    lang: str,
    *,
    channel: str,
    private_metadata: dict | None = None,
    client: str | None = None,
    value: str | None = None,
) -> dict:
    """The modal for logging a win with all its details; `client` and `value` prefill it
    (as typed: plain text inputs show text, not mrkdwn)."""
    currency_options = [{"text": _plain(code), "value": code} for code in CURRENCIES]
    won_via_options = [{"text": _plain(t(f"won_via.{key}", lang)), "value": key} for key in WON_VIA]
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "title": _plain(t("modal.title", lang)),
        "submit": _plain(t("modal.submit", lang)),
        "close": _plain(t("modal.close", lang)),
        "private_metadata": json.dumps(private_metadata or {"lang": lang}),
        "blocks": [
            _context(t("modal.intro", lang, channel=channel)),
            text_input(
                block_id=BLOCK_CLIENT,
                action_id=ACTION_CLIENT,
                label=t("modal.client", lang),
                max_length=200,
                initial=client,
                placeholder=t("modal.client_placeholder", lang),
            ),
            text_input(
                block_id=BLOCK_VALUE,
                action_id=ACTION_VALUE,
                label=t("modal.value", lang),
                max_length=VALUE_MAX,
                optional=True,
                initial=value,
                hint=t("modal.value_hint", lang),
                placeholder=t("modal.value_placeholder", lang),
            ),
            {
                "type": "input",
                "block_id": BLOCK_CURRENCY,
                "label": _plain(t("modal.currency", lang)),
                "element": {
                    "type": "static_select",
                    "action_id": ACTION_CURRENCY,
                    "options": currency_options,
                    "initial_option": currency_options[0],
                },
            },
            text_input(
                block_id=BLOCK_SEGMENT,
                action_id=ACTION_SEGMENT,
                label=t("modal.segment", lang),
                max_length=SEGMENT_MAX,
                optional=True,
                placeholder=t("modal.segment_placeholder", lang),
            ),
            {
                "type": "input",
                "block_id": BLOCK_WON_VIA,
                "optional": True,
                "label": _plain(t("modal.won_via", lang)),
                "element": {
                    "type": "static_select",
                    "action_id": ACTION_WON_VIA,
                    "placeholder": _plain(t("modal.won_via_placeholder", lang)),
                    "options": won_via_options,
                },
            },
            text_input(
                block_id=BLOCK_STORY,
                action_id=ACTION_STORY,
                label=t("modal.story", lang),
                max_length=STORY_MAX,
                optional=True,
                multiline=True,
                placeholder=t("modal.story_placeholder", lang),
            ),
        ],
    }


def logged_modal(lang: str, confirmation: dict) -> dict:
    """What the modal turns into after a successful submission."""
    return {
        "type": "modal",
        "title": _plain(t("modal.done_title", lang)),
        "close": _plain(t("modal.done_close", lang)),
        "blocks": confirmation["blocks"][:1],
    }
