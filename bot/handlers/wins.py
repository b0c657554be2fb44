"""Wins: `/newclient` logs a new client (quick command or form, asking first when the client
was logged lately or the amount cannot be read); the celebration's buttons congratulate,
correct and remove it. The public post follows via the outbox (bot.jobs.wins)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from babel.numbers import list_currencies
from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import FieldErrors, UserError
from bot.domain.formatting import cents_to_decimal
from bot.domain.wins import (
    MAX_AMOUNT,
    MAX_NAME_LENGTH,
    Money,
    QuickLogError,
    UnreadableAmount,
)
from bot.handlers.router import HELP_WORDS, Command, deps_of, read_command
from bot.handlers.users import Asker, admin_in_ack, after_ack, asker, is_admin, refresh_profile
from bot.i18n import LANGUAGES
from bot.jobs import wins as win_jobs
from bot.jobs.wins import (
    Logged,
    LoggedBefore,
    TypedWin,
    WinRecord,
    WinRefusal,
    command_key,
    question_key,
)
from bot.payloads import (
    StalePayload,
    read_choice,
    read_click,
    read_int,
    read_lang,
    read_metadata,
    read_slack_id,
    read_submission,
    reading,
)
from bot.views import wins as views
from bot.views.blocks import error_reply
from bot.views.text import escape, strip_invisible

# An unreadable amount longer than this is not asked about (it would not fit a button).
ASK_AMOUNT_MAX = 100
BUTTON_VALUE_MAX = 2000  # Slack's limit
# Which request a "Log it again" belongs to: a quick log, or an amount question's answer.
AGAIN_KINDS = ("command", "ask")
_CURRENCY_CODES = frozenset(list_currencies())


# ------------------------------------------------------------------------ what buttons carry


@dataclass(frozen=True)
class AmountQuestion:
    """What "Log without a value" and "Fix it" carry: the command's trigger_id, so that at
    most one win comes of it whichever answer is given (and however often), the client's
    name and the amount as typed."""

    trigger_id: str
    client_name: str
    amount_text: str

    def value(self) -> str:
        data = {"t": self.trigger_id, "n": self.client_name, "a": self.amount_text}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def read(cls, value: object) -> AmountQuestion:
        """The question a button carries back; StalePayload when it is not one we wrote."""
        # A JSON button value reads like private_metadata.
        data = read_metadata({"private_metadata": value}, required={"t": str, "n": str, "a": str})
        trigger_id = read_slack_id(data["t"], field="trigger_id")
        name = " ".join(strip_invisible(data["n"]).split())
        if not name or len(name) > MAX_NAME_LENGTH or len(data["a"]) > ASK_AMOUNT_MAX:
            raise StalePayload("amount question: name or amount out of bounds")
        return cls(trigger_id=trigger_id, client_name=name, amount_text=data["a"])


@dataclass(frozen=True)
class AgainQuestion:
    """What "Log it again" and "Cancel" carry: the win as typed and the request it came
    from (a quick log's or an amount question's trigger_id), so that the win gets that
    request's source_key: a double click logs it once, and so does a redelivered command."""

    kind: str  # one of AGAIN_KINDS
    trigger_id: str
    client_name: str
    value: Money | None

    def source_key(self, user_id: str) -> str:
        if self.kind == "ask":
            return question_key(user_id, self.trigger_id)
        return command_key(self.trigger_id)

    def payload(self) -> str:
        data: dict = {"k": self.kind, "t": self.trigger_id, "n": self.client_name}
        if self.value is not None:
            data |= {"c": int(self.value.amount * 100), "u": self.value.currency}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def read(cls, value: object) -> AgainQuestion:
        """The question a button carries back; StalePayload when it is not one we wrote."""
        data = read_metadata(
            {"private_metadata": value},
            required={"k": str, "t": str, "n": str},
            optional={"c": int, "u": str},
        )
        kind = read_choice(data["k"], AGAIN_KINDS, field="kind")
        trigger_id = read_slack_id(data["t"], field="trigger_id")
        name = " ".join(strip_invisible(data["n"]).split())
        if not name or len(name) > MAX_NAME_LENGTH:
            raise StalePayload("log again: name out of bounds")
        money = None
        if "c" in data or "u" in data:
            if not ("c" in data and "u" in data):
                raise StalePayload("log again: an amount without a currency, or the reverse")
            cents = read_int(data["c"], field="amount", high=int(MAX_AMOUNT * 100))
            currency = read_choice(data["u"], _CURRENCY_CODES, field="currency")
            money = Money(amount=cents_to_decimal(cents), currency=currency)
        return cls(kind=kind, trigger_id=trigger_id, client_name=name, value=money)


def read_win_form(values: dict) -> TypedWin:
    """The win form (also the celebration's Edit form) as submitted; StalePayload when a
    choice is not one the form offers."""

    def typed(block: str, action: str) -> str:
        with reading(block):
            return ((values.get(block) or {}).get(action) or {}).get("value") or ""

    def selected(block: str, action: str, allowed: tuple[str, ...]) -> str | None:
        with reading(block):
            option = ((values.get(block) or {}).get(action) or {}).get("selected_option")
            return read_choice(option.get("value"), allowed, field=block) if option else None

    return TypedWin(
        client=typed(views.BLOCK_CLIENT, views.ACTION_CLIENT),
        currency=selected(views.BLOCK_CURRENCY, views.ACTION_CURRENCY, views.CURRENCIES),
        value=typed(views.BLOCK_VALUE, views.ACTION_VALUE),
        segment=typed(views.BLOCK_SEGMENT, views.ACTION_SEGMENT),
        won_via=selected(views.BLOCK_WON_VIA, views.ACTION_WON_VIA, views.WON_VIA),
        story=typed(views.BLOCK_STORY, views.ACTION_STORY),
    )


# ------------------------------------------------------------------------ answers


def _problem(deps: Deps, error: UserError, lang: str) -> str:
    return views.error_text(lang, error.code, error.params, currency=deps.settings.default_currency)


def _field_errors(deps: Deps, errors: FieldErrors, lang: str) -> dict[str, str]:
    return views.field_errors(lang, errors.errors, currency=deps.settings.default_currency)


def _confirmation(deps: Deps, logged: Logged, lang: str) -> dict:
    win = logged.win
    value = views.money_text(
        win.amount_cents, win.currency, default_currency=deps.settings.default_currency, lang=lang
    )
    return views.logged_message(
        lang,
        client=escape(win.client_name),
        value=value,
        channel=deps.settings.wins_channel,
        created=logged.created,
    )


def _again_text(asked: LoggedBefore, user_id: str, lang: str) -> str:
    earlier = asked.earlier
    return views.again_question(
        lang,
        client=earlier.client_name,
        logged_by=earlier.user_id,
        day=earlier.day,
        asker_id=user_id,
    )


def _logged_or_asked(
    deps: Deps,
    outcome: Logged | LoggedBefore,
    *,
    kind: str,
    trigger_id: str,
    user_id: str,
    lang: str,
) -> dict:
    """The confirmation, or "Log it again?" with buttons that carry the win as typed."""
    if isinstance(outcome, Logged):
        return _confirmation(deps, outcome, lang)
    again = AgainQuestion(kind, trigger_id, outcome.form.client_name, outcome.form.value)
    question = _again_text(outcome, user_id, lang)
    return views.again_message(lang, question=question, value=again.payload())


def _form_asking_again(
    deps: Deps, meta: dict, asked: LoggedBefore, user_id: str, lang: str
) -> dict:
    """The same form, filled in as submitted, with the question on top: the view id (and so
    the win's source_key) stays, and Cancel closes it with nothing stored."""
    form = asked.form
    again_meta = {k: meta[k] for k in ("ask",) if k in meta}
    again_meta |= {"lang": lang, "again": form.client_name}
    return views.newclient_modal(
        lang,
        channel=deps.settings.wins_channel,
        private_metadata=again_meta,
        client=form.client_name,
        value=form.value_text,
        currency=form.currency,
        segment=form.segment,
        won_via=form.won_via,
        story=form.story,
        again=_again_text(asked, user_id, lang),
    )


def ask_about_amount(deps: Deps, unreadable: UnreadableAmount, lang: str, trigger_id: str) -> dict:
    """Ask instead of guessing: "I couldn't read '…' as an amount", with "Log without a
    value" and "Fix it". Nothing is stored until one is clicked."""
    question = AmountQuestion(
        trigger_id=trigger_id,
        client_name=unreadable.client_name,
        amount_text=unreadable.amount_text,
    )
    value = question.value()
    if len(unreadable.amount_text) > ASK_AMOUNT_MAX or len(value) > BUTTON_VALUE_MAX:
        return views.error_message(lang, _problem(deps, unreadable, lang))
    hint = (
        views.amount_hint(lang)
        if unreadable.code == "bad_amount"
        else _problem(deps, unreadable, lang)
    )
    return views.unreadable_amount_message(
        lang,
        client=escape(unreadable.client_name),
        amount=escape(unreadable.amount_text),
        hint=hint,
        value=value,
    )


def _quick_log(deps: Deps, cmd: Command, text: str, who: Asker) -> dict:
    """The answer to `/newclient Acme Corp 25k`: logged, a question, or what is wrong."""
    # A command delivered twice carries the same trigger_id.
    trigger_id = read_slack_id(cmd.trigger_id, field="trigger_id")
    try:
        outcome = win_jobs.quick_log(
            deps,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            text=text,
            number_locale=who.number_locale,
            trigger_id=trigger_id,
        )
    except UnreadableAmount as unreadable:
        return ask_about_amount(deps, unreadable, who.lang, trigger_id)
    except QuickLogError as error:
        return views.error_message(who.lang, _problem(deps, error, who.lang))
    return _logged_or_asked(
        deps, outcome, kind="command", trigger_id=trigger_id, user_id=cmd.user_id, lang=who.lang
    )


def _change_modal(deps: Deps, choice: str, win: WinRecord, who: Asker) -> dict:
    """The Edit form filled in with the win, or the question before removing it."""
    channel = deps.settings.wins_channel
    if choice == "remove":
        return views.remove_modal(
            who.lang,
            channel=channel,
            win_id=win.id or 0,
            client=win.client_name,
            rep_id=win.user_id,
        )
    editable = views.EditableWin(
        win_id=win.id or 0,
        client=win.client_name,
        amount_cents=win.amount_cents,
        currency=win.currency,
        segment=win.segment,
        won_via=win.won_via,
        story=win.story,
    )
    return views.edit_modal(
        who.lang, channel=channel, number_locale=who.number_locale, win=editable
    )


def open_modal(
    deps: Deps,
    client: WebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    question: AmountQuestion | None = None,
) -> None:
    """Open the /newclient form; prefilled with the name and amount of a `question`."""
    lang = asker(deps, team_id, user_id).lang
    meta: dict = {"lang": lang}
    if question is not None:
        meta["ask"] = question.trigger_id
    view = views.newclient_modal(
        lang,
        channel=deps.settings.wins_channel,
        private_metadata=meta,
        client=question.client_name if question else None,
        value=question.amount_text if question else None,
        currency=deps.settings.default_currency,
    )
    client.views_open(trigger_id=trigger_id, view=view)


# ------------------------------------------------------------------------ /newclient


def handle_command(ack: Ack, command: dict, context: BoltContext, client: WebClient) -> None:
    """`/newclient` alone opens the form; `/newclient Acme Corp 25k` logs it at once."""
    deps = deps_of(context)
    cmd = read_command(command, context)
    # The client's name is posted publicly: no invisible direction or zero-width marks.
    text = strip_invisible(cmd.text).strip()
    who = asker(deps, cmd.team_id, cmd.user_id)
    if not who.known:
        deps.background.submit(refresh_profile, deps, client, cmd.team_id, cmd.user_id)
    if not text:
        ack()
        # The trigger_id lives 3 seconds: open the modal right after the ack.
        deps.background.submit(
            open_modal,
            deps,
            client,
            trigger_id=cmd.trigger_id,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
        )
        return
    if text.lower() in HELP_WORDS:
        ack(**views.help_message(who.lang, deps.settings.wins_channel))
        return
    ack(**_quick_log(deps, cmd, text, who))


def handle_open_modal(ack: Ack, body: dict, context: BoltContext, client: WebClient) -> None:
    """The Home tab button and the global shortcut both open the modal."""
    ack()
    deps = deps_of(context)
    trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
    deps.background.submit(
        open_modal,
        deps,
        client,
        trigger_id=trigger_id,
        team_id=context.team_id,
        user_id=body["user"]["id"],
    )


def handle_submission(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The form submitted: the win, its errors, or the same form asking "Log it again?"."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, optional={"lang": str, "ask": str, "again": str})
    who = asker(deps, sub.team_id, sub.user_id)
    lang = read_lang(sub.meta, LANGUAGES) or who.lang
    view_id = read_slack_id(sub.view_id, field="view id")
    # Opened by "Fix it": the same win as that question's "Log without a value". Otherwise
    # the view id: a submission delivered twice carries the same one.
    source_key = (
        question_key(sub.user_id, read_slack_id(sub.meta["ask"], field="ask"))
        if "ask" in sub.meta
        else win_jobs.view_key(view_id)
    )
    try:
        outcome = win_jobs.submit_win_form(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            typed=read_win_form(sub.values),
            number_locale=who.number_locale,
            source_key=source_key,
            confirmed_name=sub.meta.get("again"),
        )
    except FieldErrors as errors:
        ack(response_action="errors", errors=_field_errors(deps, errors, lang))
        return
    if isinstance(outcome, LoggedBefore):
        view = _form_asking_again(deps, sub.meta, outcome, sub.user_id, lang)
    else:
        view = views.logged_modal(lang, _confirmation(deps, outcome, lang))
    ack(response_action="update", view=view)


def handle_log_without_value(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Log without a value" button: the win with the name alone, once however
    often it is clicked; the question is replaced by the confirmation."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    user_id = read_slack_id(click.user_id, field="user id")
    question = AmountQuestion.read(action.get("value"))
    lang = asker(deps, click.team_id, user_id).lang
    outcome = win_jobs.log_unvalued(
        deps,
        team_id=click.team_id,
        user_id=user_id,
        trigger_id=question.trigger_id,
        client_name=question.client_name,
    )
    answer = _logged_or_asked(
        deps, outcome, kind="ask", trigger_id=question.trigger_id, user_id=user_id, lang=lang
    )
    respond(replace_original=True, **answer)


def handle_log_again(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Log it again" button: the win as it was typed, once however often it is clicked; the
    question is replaced by the confirmation."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    user_id = read_slack_id(click.user_id, field="user id")
    again = AgainQuestion.read(action.get("value"))
    lang = asker(deps, click.team_id, user_id).lang
    logged = win_jobs.log_win(
        deps,
        team_id=click.team_id,
        user_id=user_id,
        client_name=again.client_name,
        value=again.value,
        source_key=again.source_key(user_id),
    )
    respond(replace_original=True, **_confirmation(deps, logged, lang))


def handle_cancel_again(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Cancel" button: nothing is stored; the question says so."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    user_id = read_slack_id(click.user_id, field="user id")
    again = AgainQuestion.read(action.get("value"))
    lang = asker(deps, click.team_id, user_id).lang
    respond(
        replace_original=True,
        **views.again_cancelled_message(lang, client=escape(again.client_name)),
    )


def handle_fix_amount(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """The "Fix it" button: the form, prefilled with the name and the amount as typed."""
    click = read_click(body, action, context)
    question = AmountQuestion.read(action.get("value"))
    open_modal(
        deps_of(context),
        client,
        trigger_id=read_slack_id(click.trigger_id, field="trigger_id"),
        team_id=click.team_id,
        user_id=read_slack_id(click.user_id, field="user id"),
        question=question,
    )


# ------------------------------------------------------------------------ the celebration


def handle_congratulate(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """ "Congratulate": each person once, not on their own win; the post is re-rendered."""
    ack()
    deps = deps_of(context)
    click = read_click(body, action, context)
    win_id = read_int(action.get("value"), field="win id")
    outcome = win_jobs.congratulate(
        deps, team_id=click.team_id, user_id=click.user_id, win_id=win_id
    )
    if outcome == "added":
        return
    note = views.congratulate_note(asker(deps, click.team_id, click.user_id).lang, outcome)
    deps.background.submit(respond, text=note, response_type="ephemeral", replace_original=False)


def handle_menu(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """Edit or Remove from the celebration's menu: a modal for the winner and admins."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    choice, _, raw_id = click.value.partition(":")
    choice = read_choice(choice, views.MENU_CHOICES, field="menu")
    win_id = read_int(raw_id, field="win id")
    who = asker(deps, click.team_id, click.user_id)
    try:
        win = win_jobs.win_to_change(
            deps,
            team_id=click.team_id,
            user_id=click.user_id,
            win_id=win_id,
            is_admin=lambda: is_admin(deps, client, click.team_id, click.user_id),
        )
    except WinRefusal as refusal:
        note = error_reply(views.error_text(who.lang, refusal.code, refusal.params))
        respond(response_type="ephemeral", replace_original=False, **note)
        return
    trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
    client.views_open(trigger_id=trigger_id, view=_change_modal(deps, choice, win, who))


def handle_edit(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The Edit form saved: the win corrected, its celebration re-rendered."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, required={"win_id": int}, optional={"lang": str})
    who = asker(deps, sub.team_id, sub.user_id)
    lang = read_lang(sub.meta, LANGUAGES) or who.lang
    try:
        saved = win_jobs.correct_win(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            win_id=read_int(sub.meta["win_id"], field="win id"),
            typed=read_win_form(sub.values),
            number_locale=who.number_locale,
            view_id=read_slack_id(sub.view_id, field="view id"),
            is_admin=lambda: admin_in_ack(deps, sub.team_id, sub.user_id),
        )
    except FieldErrors as errors:
        ack(response_action="errors", errors=_field_errors(deps, errors, lang))
        return
    except WinRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        ack(response_action="update", view=views.refused_modal(lang, text))
        return
    channel = deps.settings.wins_channel
    ack(
        response_action="update",
        view=views.saved_modal(lang, client=saved.client_name, channel=channel),
    )


def handle_remove(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The removal confirmed: the win no longer counts; its celebration says it was removed."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, required={"win_id": int}, optional={"lang": str})
    lang = read_lang(sub.meta, LANGUAGES) or asker(deps, sub.team_id, sub.user_id).lang
    try:
        win = win_jobs.remove_win(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            win_id=read_int(sub.meta["win_id"], field="win id"),
            is_admin=lambda: admin_in_ack(deps, sub.team_id, sub.user_id),
        )
    except WinRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        ack(response_action="update", view=views.refused_modal(lang, text))
        return
    channel = deps.settings.wins_channel
    ack(
        response_action="update",
        view=views.removed_modal(lang, client=win.client_name, channel=channel),
    )


def register(app: App) -> None:
    """Wire /newclient, its form, the Home button, the global shortcut and the celebration."""
    app.command("/newclient")(handle_command)
    app.view(views.MODAL_CALLBACK_ID)(handle_submission)
    app.action(views.OPEN_MODAL_ACTION_ID)(handle_open_modal)
    app.shortcut(views.SHORTCUT_CALLBACK_ID)(handle_open_modal)
    app.action(views.ASK_LOG_ACTION_ID)(after_ack(handle_log_without_value))
    app.action(views.ASK_FIX_ACTION_ID)(after_ack(handle_fix_amount))
    app.action(views.AGAIN_LOG_ACTION_ID)(after_ack(handle_log_again))
    app.action(views.AGAIN_CANCEL_ACTION_ID)(after_ack(handle_cancel_again))
    app.action(views.CONGRATULATE_ACTION_ID)(handle_congratulate)
    app.action(views.MENU_ACTION_ID)(after_ack(handle_menu))
    app.view(views.EDIT_CALLBACK_ID)(handle_edit)
    app.view(views.REMOVE_CALLBACK_ID)(handle_remove)
