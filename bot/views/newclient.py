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
# The two answers to "Acme Corp was logged by you on 3 Dec. Log it again?".
AGAIN_LOG_ACTION_ID = "newclient_again_log"
AGAIN_CANCEL_ACTION_ID = "newclient_again_cancel"
AGAIN_BLOCK_ID = "newclient_again"

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


def again_message(lang: str, *, question: str, value: str) -> dict:
    """The ephemeral "Acme Corp was logged by you on 3 Dec. Log it again?" with "Log it
    again" and "Cancel"; `question` is ready mrkdwn, `value` what both buttons carry back."""
    actions = {
        "type": "actions",
        "block_id": AGAIN_BLOCK_ID,
        "elements": [
            _button(t("again.log", lang), AGAIN_LOG_ACTION_ID, value, style="primary"),
            _button(t("again.cancel", lang), AGAIN_CANCEL_ACTION_ID, value),
        ],
    }
    return {
        "text": question,
        "blocks": [_section(question), _context(t("again.nothing_yet", lang)), actions],
    }


def again_cancelled_message(lang: str, *, client: str) -> dict:
    """What the question turns into after "Cancel" (`client` escaped already)."""
    text = t("again.cancelled", lang, client=client)
    return {"text": text, "blocks": [_section(text)]}


def newclient_modal(
    lang: str,
    *,
    channel: str,
    private_metadata: dict | None = None,
    client: str | None = None,
    value: str | None = None,
    currency: str | None = None,
    segment: str | None = None,
    won_via: str | None = None,
    story: str | None = None,
    again: str | None = None,
) -> dict:
    """The modal for logging a win with all its details, prefilled with what is given (as
    typed: plain text inputs show text, not mrkdwn).

    With `again` (the ready mrkdwn "Acme Corp was logged by you on 3 Dec. Log it again?")
    it is the same form asking that question on top, its submit button "Log it again": the
    whole form stays in Slack's hands, so confirming needs nothing stored or carried over.
    """
    currency_options = [{"text": _plain(code), "value": code} for code in CURRENCIES]
    won_via_options = [{"text": _plain(t(f"won_via.{key}", lang)), "value": key} for key in WON_VIA]
    currency_option = next(
        (o for o in currency_options if o["value"] == currency), currency_options[0]
    )
    won_via_select: dict = {
        "type": "static_select",
        "action_id": ACTION_WON_VIA,
        "placeholder": _plain(t("modal.won_via_placeholder", lang)),
        "options": won_via_options,
    }
    won_via_option = next((o for o in won_via_options if o["value"] == won_via), None)
    if won_via_option is not None:
        won_via_select["initial_option"] = won_via_option
    top = (
        [_section(again), _context(t("again.modal_hint", lang))]
        if again
        else [_context(t("modal.intro", lang, channel=channel))]
    )
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "title": _plain(t("again.modal_title" if again else "modal.title", lang)),
        "submit": _plain(t("again.log" if again else "modal.submit", lang)),
        "close": _plain(t("modal.close", lang)),
        "private_metadata": json.dumps(private_metadata or {"lang": lang}),
        "blocks": [
            *top,
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
                    "initial_option": currency_option,
                },
            },
            text_input(
                block_id=BLOCK_SEGMENT,
                action_id=ACTION_SEGMENT,
                label=t("modal.segment", lang),
                max_length=SEGMENT_MAX,
                optional=True,
                initial=segment,
                placeholder=t("modal.segment_placeholder", lang),
            ),
            {
                "type": "input",
                "block_id": BLOCK_WON_VIA,
                "optional": True,
                "label": _plain(t("modal.won_via", lang)),
                "element": won_via_select,
            },
            text_input(
                block_id=BLOCK_STORY,
                action_id=ACTION_STORY,
                label=t("modal.story", lang),
                max_length=STORY_MAX,
                optional=True,
                multiline=True,
                initial=story,
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
