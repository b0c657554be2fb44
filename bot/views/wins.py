"""Block Kit for wins: /newclient's help, replies, questions and form, and the public
celebration of a new client with its congratulations, corrections and removal."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from bot.domain.formatting import babel_locale, cents_to_decimal, format_money
from bot.domain.wins import Milestone
from bot.i18n import t
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import error_reply, modal, reply, result_modal, text_input
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.text import escape, mention, short_day, truncate

# ------------------------------------------------------------------------ ids

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

CONGRATULATE_ACTION_ID = "celebration_congratulate"
# The "…" menu for the winner and admins: its option values are "edit:<win id>", "remove:<id>".
MENU_ACTION_ID = "celebration_menu"
MENU_CHOICES = ("edit", "remove")
EDIT_CALLBACK_ID = "celebration_edit"
REMOVE_CALLBACK_ID = "celebration_remove"

BLOCK_CLIENT, ACTION_CLIENT = "client", "client_input"
BLOCK_VALUE, ACTION_VALUE = "value", "value_input"
BLOCK_CURRENCY, ACTION_CURRENCY = "currency", "currency_select"
BLOCK_SEGMENT, ACTION_SEGMENT = "segment", "segment_input"
BLOCK_WON_VIA, ACTION_WON_VIA = "won_via", "won_via_select"
BLOCK_STORY, ACTION_STORY = "story", "story_input"
# The win form's fields (FieldErrors of bot.jobs.wins) and the blocks that show them.
FIELD_BLOCKS = dict(
    client=BLOCK_CLIENT, value=BLOCK_VALUE, segment=BLOCK_SEGMENT, story=BLOCK_STORY
)

VALUE_MAX = 40
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN")
WON_VIA = ("cold_outreach", "referral", "event", "inbound", "network", "partner", "other")
SEGMENT_MAX = 100
STORY_MAX = 2000

CHEER_VARIANTS = 6
MAX_LISTED_CONGRATULATORS = 40
STORY_LIMIT = 2900  # a section's text holds 3,000 characters

# What a refused correction or removal says (bot.jobs.wins.WinRefusal codes).
_REFUSAL_KEYS = {code: f"celebration.{code}" for code in ("already_removed", "not_allowed")}
# What a refused congratulation says (bot.jobs.wins.congratulate's outcomes).
_CONGRATULATE_KEYS = {
    "removed": "celebration.congratulate_removed",
    "own": "congratulate.own",
    "again": "congratulate.again",
}


# ------------------------------------------------------------------------ mistakes


def error_text(
    lang: str, code: str, params: Mapping[str, object], *, currency: str | None = None
) -> str:
    """The sentence for a user's mistake: a quick log or form that cannot be read, or a
    correction refused. User text in `params` is escaped here; a Decimal `max` is shown as
    an amount in `currency` (as a number when there is none)."""
    if code in _REFUSAL_KEYS:
        rep = str(params.get("rep") or "")
        return t(_REFUSAL_KEYS[code], lang, rep=mention(rep))
    shown = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
    limit = shown.get("max")
    if isinstance(limit, Decimal):
        shown["max"] = (
            format_money(int(limit * 100), currency, lang)
            if currency
            else format_decimal(limit, locale=babel_locale(lang))
        )
    return t(f"error.{code}", lang, **shown)


def field_errors(
    lang: str, errors: Mapping[str, tuple[str, Mapping[str, object]]], *, currency: str
) -> dict[str, str]:
    """A win form's errors (field -> (code, params)) as Slack shows them, by block id: each
    a sentence of its own under its field (the texts continue "Nothing was logged: …")."""
    shown = {
        FIELD_BLOCKS[name]: error_text(lang, code, params, currency=currency)
        for name, (code, params) in errors.items()
    }
    return {block: text[:1].upper() + text[1:] for block, text in shown.items()}


def error_message(lang: str, problem: str) -> dict:
    """An ephemeral 'nothing was logged' reply with the right form."""
    message = error_reply(t("error.prefix", lang, problem=problem))
    message["blocks"].append(_context(t("help.example", lang)))
    return message


# ------------------------------------------------------------------------ /newclient


def help_message(lang: str, channel: str) -> dict:
    """The reply to `/newclient help`."""
    blocks = [_section(t("help.title", lang)), _section(t("help.body", lang, channel=channel))]
    return {"text": t("help.title", lang).replace("*", ""), "blocks": blocks}


def money_text(
    cents: int | None, currency: str | None, *, default_currency: str, lang: str
) -> str | None:
    """A stored amount as the reader writes it; None for a win without a value."""
    if cents is None:
        return None
    return format_money(cents, currency or default_currency, lang)


def logged_message(
    lang: str, *, client: str, value: str | None, channel: str, created: bool
) -> dict:
    """The ephemeral confirmation of a quick log (client must be escaped already)."""
    value_part = t("quicklog.value", lang, value=value) if value else ""
    key = "quicklog.logged" if created else "quicklog.already"
    text = t(key, lang, client=client, value=value_part, channel=channel)
    return reply(text, _context(t("quicklog.tip", lang)))


def _question(
    lang: str, text: str, note: str, block_id: str, value: str, *buttons: tuple[str, str]
) -> dict:
    """`text` and a `note` above buttons ((text key, action id), the first one primary) that
    all carry `value` back."""
    elements = [
        _button(t(key, lang), action_id, value, style=None if i else "primary")
        for i, (key, action_id) in enumerate(buttons)
    ]
    actions = {"type": "actions", "block_id": block_id, "elements": elements}
    return reply(text, _context(note), actions)


def unreadable_amount_message(
    lang: str, *, client: str, amount: str, problem: str | None, value: str
) -> dict:
    """ "I couldn't read '…' as an amount": "Log without a value" or "Fix it", under the
    `problem` (None: which amounts the bot reads). `client` and `amount` escaped already."""
    # The amount is shown as code: a backtick in it would end the code early.
    text = t("quicklog.ask", lang, amount=amount.replace("`", "'"), client=client)
    note = problem or t("quicklog.ask_hint", lang)
    log, fix = ("quicklog.ask_log", ASK_LOG_ACTION_ID), ("quicklog.ask_fix", ASK_FIX_ACTION_ID)
    return _question(lang, text, note, ASK_BLOCK_ID, value, log, fix)


def again_question(lang: str, *, client: str, logged_by: str, day: date, asker_id: str) -> str:
    """The question "Acme Corp was logged by you on 3 Dec. Log it again?" (mrkdwn; `client`
    raw, `day` on the reader's clock)."""
    shown_day, shown_client = short_day(day, lang), escape(client)
    if logged_by == asker_id:
        return t("again.by_you", lang, client=shown_client, date=shown_day)
    return t("again.by_other", lang, client=shown_client, rep=mention(logged_by), date=shown_day)


def again_message(lang: str, *, question: str, value: str) -> dict:
    """The ready mrkdwn `question` "… Log it again?" with "Log it again" and "Cancel"."""
    note = t("again.nothing_yet", lang)
    log, cancel = ("again.log", AGAIN_LOG_ACTION_ID), ("again.cancel", AGAIN_CANCEL_ACTION_ID)
    return _question(lang, question, note, AGAIN_BLOCK_ID, value, log, cancel)


def again_cancelled_message(lang: str, *, client: str) -> dict:
    """What the question turns into after "Cancel" (`client` escaped already)."""
    return reply(t("again.cancelled", lang, client=client))


@dataclass(frozen=True)
class TypedWin:
    """The win form's fields, as typed or as it is filled in: text as typed (plain text inputs
    show text, not mrkdwn), choices as offered (None when none is chosen)."""

    client: str = ""
    value: str = ""
    currency: str | None = None
    segment: str = ""
    won_via: str | None = None
    story: str = ""


def _win_inputs(lang: str, shown: TypedWin) -> list[dict]:
    """The win form's inputs, filled in with `shown`."""
    # The team's DEFAULT_CURRENCY is offered (and chosen) even when it is not a common one.
    currency = shown.currency
    codes = CURRENCIES if currency in (None, *CURRENCIES) else (currency, *CURRENCIES)
    currency_options = [{"text": _plain(code), "value": code} for code in codes]
    won_via_options = [{"text": _plain(t(f"won_via.{key}", lang)), "value": key} for key in WON_VIA]
    won_via_select: dict = {
        "type": "static_select",
        "action_id": ACTION_WON_VIA,
        "placeholder": _plain(t("modal.won_via_placeholder", lang)),
        "options": won_via_options,
    }
    if shown.won_via in WON_VIA:
        won_via_select["initial_option"] = won_via_options[WON_VIA.index(shown.won_via)]

    def typed(block: str, action: str, max_length: int, initial: str, **more: Any) -> dict:
        label, placeholder = t(f"modal.{block}", lang), t(f"modal.{block}_placeholder", lang)
        return text_input(
            block_id=block,
            action_id=action,
            label=label,
            max_length=max_length,
            initial=initial,
            placeholder=placeholder,
            **more,
        )

    value_hint = t("modal.value_hint", lang)
    return [
        typed(BLOCK_CLIENT, ACTION_CLIENT, 200, shown.client),
        typed(BLOCK_VALUE, ACTION_VALUE, VALUE_MAX, shown.value, optional=True, hint=value_hint),
        {
            "type": "input",
            "block_id": BLOCK_CURRENCY,
            "label": _plain(t("modal.currency", lang)),
            "element": {
                "type": "static_select",
                "action_id": ACTION_CURRENCY,
                "options": currency_options,
                "initial_option": currency_options[codes.index(currency) if currency else 0],
            },
        },
        typed(BLOCK_SEGMENT, ACTION_SEGMENT, SEGMENT_MAX, shown.segment, optional=True),
        {
            "type": "input",
            "block_id": BLOCK_WON_VIA,
            "optional": True,
            "label": _plain(t("modal.won_via", lang)),
            "element": won_via_select,
        },
        typed(BLOCK_STORY, ACTION_STORY, STORY_MAX, shown.story, optional=True, multiline=True),
    ]


def newclient_modal(
    lang: str,
    *,
    channel: str,
    private_metadata: dict | None = None,
    shown: TypedWin | None = None,
    again: str | None = None,
) -> dict:
    """The modal for logging a win, filled in with `shown`. With `again` (the ready mrkdwn
    question "… Log it again?") it asks that on top and submits as "Log it again"."""
    top = (
        [_section(again), _context(t("again.modal_hint", lang))]
        if again
        else [_context(t("modal.intro", lang, channel=channel))]
    )
    return modal(
        callback_id=MODAL_CALLBACK_ID,
        title=t("again.modal_title" if again else "modal.title", lang),
        submit=t("again.log" if again else "modal.submit", lang),
        close=t("modal.close", lang),
        private_metadata=json.dumps(private_metadata or {"lang": lang}),
        blocks=[*top, *_win_inputs(lang, shown or TypedWin())],
    )


def logged_modal(lang: str, confirmation: dict) -> dict:
    """What the modal turns into after a successful submission."""
    return modal(
        title=t("modal.done_title", lang),
        close=t("modal.done_close", lang),
        blocks=confirmation["blocks"][:1],
    )


# ------------------------------------------------------------------------ the celebration


@dataclass(frozen=True)
class CelebrationInput:
    """Everything the celebration shows. Text fields are raw user text; the builder escapes them."""

    win_id: int
    rep_id: str
    client: str
    year: int
    rep_count_year: int
    team_count_year: int
    milestone: Milestone
    value: str | None = None  # already formatted for the locale
    segment: str | None = None
    won_via: str | None = None  # a key of WON_VIA
    story: str | None = None
    congratulators: list[str] = field(default_factory=list)
    # "3 of 10 new clients on Anna's 2027 plan": mrkdwn, only when the rep shares the plan.
    plan_progress: str | None = None


def celebration_message(data: CelebrationInput, lang: str) -> dict:
    """The message (text + blocks) announcing a win; re-rendered when someone congratulates."""
    client, rep, milestone = escape(data.client), mention(data.rep_id), data.milestone
    said = {"client": client, "rep": rep, "n": milestone.team_count}  # each text takes its own
    kind = "" if milestone.kind == "none" else f"_{milestone.kind}"
    # The same win always gets the same line, so a refresh does not change the wording.
    cheer = t(f"celebrate.cheer.{data.win_id % CHEER_VARIANTS}", lang, **said)
    headline = t(f"celebrate.headline{kind}", lang, **said)
    blocks: list[dict] = [_section(f"*{headline}*"), _section(cheer)]
    if milestone.big:
        blocks.append(_section(t(f"celebrate.big{kind}", lang, **said)))
    fields = [t("celebrate.won_by", lang, rep=rep)]
    if data.value:
        fields.append(t("celebrate.value", lang, value=data.value))
    if data.segment:
        fields.append(t("celebrate.segment", lang, segment=escape(data.segment)))
    if data.won_via:
        fields.append(t("celebrate.won_via", lang, won_via=t(f"won_via.{data.won_via}", lang)))
    blocks.append({"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]})
    if data.story:
        story = "\n".join("> " + line for line in escape(data.story).splitlines())
        blocks.append(_section(truncate(t("celebrate.story", lang, story=story), STORY_LIMIT)))
    counts = {"rep_count": data.rep_count_year, "team_count": data.team_count_year}
    blocks.append(_context(t("celebrate.counts", lang, year=data.year, rep=rep, **counts)))
    if data.plan_progress:
        blocks.append(_context(data.plan_progress))
    win_id = str(data.win_id)
    congratulate = _button(
        t("celebrate.button", lang), CONGRATULATE_ACTION_ID, win_id, style="primary"
    )
    menu = _menu(data.win_id, lang)
    blocks.append(
        {"type": "actions", "block_id": f"celebration:{win_id}", "elements": [congratulate, menu]}
    )
    if data.congratulators:
        shown = data.congratulators[:MAX_LISTED_CONGRATULATORS]
        users = ", ".join(mention(u) for u in shown)
        if len(data.congratulators) > len(shown):
            users += f" +{len(data.congratulators) - len(shown)}"
        blocks.append(_context(t("celebrate.congratulated_by", lang, users=users)))
    return {"text": t("celebrate.fallback", lang, client=client, rep=rep), "blocks": blocks}


def _menu(win_id: int, lang: str) -> dict:
    # Slack's `confirm` belongs to the whole overflow (it would ask before Edit too): Remove
    # asks in its own small modal instead.
    return {
        "type": "overflow",
        "action_id": MENU_ACTION_ID,
        "options": [
            {"text": _plain(t(f"celebration.menu.{choice}", lang)), "value": f"{choice}:{win_id}"}
            for choice in MENU_CHOICES
        ],
    }


def removed_message(*, removed_by: str, lang: str) -> dict:
    """What a removed win's celebration turns into: one line, no buttons, no client name
    (a mistyped or wrong name should not stay up)."""
    text = t("celebration.removed_line", lang, by=mention(removed_by))
    return {"text": text, "blocks": [_context(text)]}


def congratulate_note(lang: str, outcome: str) -> str:
    """Why a congratulation was not added (an outcome of bot.jobs.wins.congratulate)."""
    return t(_CONGRATULATE_KEYS[outcome], lang)


# ------------------------------------------------------------------------ corrections


def amount_text(cents: int, number_locale: str) -> str:
    """A stored amount in the person's number format ("25000,50" in Dutch, "25000.50" in
    English), ungrouped (some locales group with spaces the parser does not take), so that
    saving the modal unchanged reads back the same value."""
    amount = cents_to_decimal(cents)
    whole = amount == amount.to_integral_value()
    return format_decimal(amount, format="0" if whole else "0.00", locale=number_locale)


def _change_modal(lang: str, choice: str, win_id: int, blocks: list[dict]) -> dict:
    """The Edit or the Remove modal of a win (`choice` one of MENU_CHOICES)."""
    return modal(
        callback_id=EDIT_CALLBACK_ID if choice == "edit" else REMOVE_CALLBACK_ID,
        title=t(f"celebration.{choice}.title", lang),
        submit=t(f"celebration.{choice}.submit", lang),
        close=t(f"celebration.{choice}.close", lang),
        private_metadata=json.dumps({"lang": lang, "win_id": win_id}),
        blocks=blocks,
    )


def edit_modal(lang: str, *, channel: str, win_id: int, shown: TypedWin) -> dict:
    """The /newclient form, filled in with the win, saving into the win instead of logging one."""
    intro = _context(t("celebration.edit.intro", lang, channel=channel))
    return _change_modal(lang, "edit", win_id, [intro, *_win_inputs(lang, shown)])


def remove_modal(lang: str, *, channel: str, win_id: int, client: str, rep_id: str) -> dict:
    """The confirmation before a win is removed."""
    client, rep = escape(client), mention(rep_id)
    text = t("celebration.remove.confirm", lang, client=client, rep=rep, channel=channel)
    return _change_modal(lang, "remove", win_id, [_section(text)])


def refused_modal(lang: str, code: str, params: Mapping[str, object]) -> dict:
    """A submitted edit or removal that nobody may make now (a WinRefusal): nothing changed."""
    text = error_text(lang, code, params)
    return result_modal(lang, title=t("celebration.unchanged_title", lang), message=reply(text))


def changed_modal(lang: str, *, removed: bool, client: str, channel: str) -> dict:
    """What a saved correction or a removal turns into (`client` raw)."""
    key = "celebration.remove.done" if removed else "celebration.edit.saved"
    text = t(key, lang, client=escape(client), channel=channel)
    return result_modal(lang, title=t(f"{key}_title", lang), message=reply(text))
