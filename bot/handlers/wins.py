"""Wins: `/newclient` logs a new client (quick command or form, asking first when the client
was logged lately or the amount cannot be read); the celebration's buttons congratulate,
correct and remove it. The public post follows via the outbox (bot.jobs.wins)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import partial

from babel.numbers import list_currencies
from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import FieldErrors, UserError
from bot.domain.formatting import cents_to_decimal
from bot.domain.wins import MAX_AMOUNT, MAX_NAME_LENGTH, Money, QuickLogError, UnreadableAmount
from bot.handlers.router import HELP_WORDS, deps_of
from bot.handlers.users import (
    Asked,
    Asker,
    admin_in_ack,
    after_ack,
    asker,
    clicked,
    is_admin,
    read_asked,
    submitted,
)
from bot.i18n import LANGUAGES, t
from bot.jobs import wins as win_jobs
from bot.jobs.wins import (
    Logged,
    LoggedBefore,
    NoWinsChannel,
    WinForm,
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
from bot.views.blocks import error_reply, reply, result_modal
from bot.views.text import escape, strip_invisible
from bot.views.wins import TypedWin

# An unreadable amount longer than this is not asked about (it would not fit a button).
ASK_AMOUNT_MAX = 100
BUTTON_VALUE_MAX = 2000  # Slack's limit
# Which request a "Log it again" belongs to: a quick log, or an amount question's answer.
AGAIN_KINDS = ("command", "ask")
_CURRENCY_CODES = frozenset(list_currencies())


# ------------------------------------------------------------------------ what buttons carry


def _packed(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _unpacked(value: object, required: dict, optional: dict | None = None) -> tuple[dict, str, str]:
    """A question's button value read back: its data, trigger_id and client name; StalePayload
    when it is not one we wrote (a JSON button value reads like private_metadata)."""
    meta = {"private_metadata": value}
    data = read_metadata(meta, required={"t": str, "n": str, **required}, optional=optional)
    name = " ".join(strip_invisible(data["n"]).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise StalePayload("a question's client name is out of bounds")
    return data, read_slack_id(data["t"], field="trigger_id"), name


@dataclass(frozen=True)
class AmountQuestion:
    """What "Log without a value" and "Fix it" carry: the command's trigger_id (so that at most
    one win comes of it, whichever answer and however often), the name and amount as typed."""

    trigger_id: str
    client_name: str
    amount_text: str

    def value(self) -> str:
        return _packed({"t": self.trigger_id, "n": self.client_name, "a": self.amount_text})

    @classmethod
    def read(cls, value: object) -> AmountQuestion:
        data, trigger_id, name = _unpacked(value, {"a": str})
        if len(data["a"]) > ASK_AMOUNT_MAX:
            raise StalePayload("amount question: the amount is out of bounds")
        return cls(trigger_id, name, data["a"])


@dataclass(frozen=True)
class AgainQuestion:
    """What "Log it again" and "Cancel" carry: the win as typed and the request it came from (a
    quick log's or an amount question's trigger_id), whose source_key the win gets: a double
    click logs it once, and so does a redelivered command."""

    kind: str  # one of AGAIN_KINDS
    trigger_id: str
    form: WinForm

    def source_key(self, user_id: str) -> str:
        if self.kind == "ask":
            return question_key(user_id, self.trigger_id)
        return command_key(self.trigger_id)

    def payload(self) -> str:
        data: dict = {"k": self.kind, "t": self.trigger_id, "n": self.form.client_name}
        if (value := self.form.value) is not None:
            data |= {"c": int(value.amount * 100), "u": value.currency}
        return _packed(data)

    @classmethod
    def read(cls, value: object) -> AgainQuestion:
        data, trigger_id, name = _unpacked(value, {"k": str}, {"c": int, "u": str})
        kind = read_choice(data["k"], AGAIN_KINDS, field="kind")
        if ("c" in data) != ("u" in data):
            raise StalePayload("log again: an amount without a currency, or the reverse")
        money = None
        if "c" in data:
            cents = read_int(data["c"], field="amount", high=int(MAX_AMOUNT * 100))
            currency = read_choice(data["u"], _CURRENCY_CODES, field="currency")
            money = Money(amount=cents_to_decimal(cents), currency=currency)
        return cls(kind, trigger_id, WinForm(name, money))


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


def _problem(settings: Settings, error: UserError, lang: str) -> str:
    return views.error_text(lang, error.code, error.params, currency=settings.default_currency)


def _field_errors(settings: Settings, errors: FieldErrors, lang: str) -> dict[str, str]:
    return views.field_errors(lang, errors.errors, currency=settings.default_currency)


def _no_channel_text(lang: str) -> str:
    """Nothing can be celebrated before the workspace's admins choose the wins channel."""
    return t("error.no_wins_channel", lang)


def _no_channel_modal(lang: str) -> dict:
    return result_modal(
        lang, title=t("celebration.unchanged_title", lang), message=reply(_no_channel_text(lang))
    )


def _confirmation(settings: Settings, logged: Logged, lang: str) -> dict:
    win = logged.win
    value = views.money_text(
        win.amount_cents, win.currency, default_currency=settings.default_currency, lang=lang
    )
    client, channel = escape(win.client_name), settings.wins_channel
    return views.logged_message(
        lang, client=client, value=value, channel=channel, created=logged.created
    )


def _again_text(asked: LoggedBefore, user_id: str, lang: str) -> str:
    was = asked.earlier
    return views.again_question(
        lang, client=was.client_name, logged_by=was.user_id, day=was.day, asker_id=user_id
    )


def _logged_or_asked(
    settings: Settings,
    outcome: Logged | LoggedBefore,
    kind: str,
    trigger_id: str,
    user_id: str,
    lang: str,
) -> dict:
    """The confirmation, or "Log it again?" with buttons that carry the win as typed."""
    if isinstance(outcome, Logged):
        return _confirmation(settings, outcome, lang)
    value = AgainQuestion(kind, trigger_id, outcome.form).payload()
    return views.again_message(lang, question=_again_text(outcome, user_id, lang), value=value)


def _form_asking_again(
    settings: Settings, meta: dict, asked: LoggedBefore, user_id: str, lang: str
) -> dict:
    """The same form, filled in as submitted, with the question on top: the view id (and so
    the win's source_key) stays, and Cancel closes it with nothing stored."""
    form = asked.form
    again_meta = {k: meta[k] for k in ("ask",) if k in meta}
    again_meta |= {"lang": lang, "again": form.client_name}
    channel, question = settings.wins_channel, _again_text(asked, user_id, lang)
    return views.newclient_modal(
        lang, channel=channel, private_metadata=again_meta, shown=form.shown, again=question
    )


def _ask_about_amount(
    settings: Settings, unreadable: UnreadableAmount, lang: str, trigger_id: str
) -> dict:
    """Ask instead of guessing: "I couldn't read '…' as an amount", with "Log without a
    value" and "Fix it". Nothing is stored until one is clicked."""
    amount = unreadable.amount_text
    value = AmountQuestion(trigger_id, unreadable.client_name, amount).value()
    if len(amount) > ASK_AMOUNT_MAX or len(value) > BUTTON_VALUE_MAX:
        return views.error_message(lang, _problem(settings, unreadable, lang))
    problem = None if unreadable.code == "bad_amount" else _problem(settings, unreadable, lang)
    client, amount = escape(unreadable.client_name), escape(amount)
    return views.unreadable_amount_message(
        lang, client=client, amount=amount, problem=problem, value=value
    )


def _quick_log(asked: Asked, text: str) -> dict:
    """The answer to `/newclient Acme Corp 25k`: logged, a question, or what is wrong."""
    deps, cmd, who, settings = asked.deps, asked.cmd, asked.who, asked.settings
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
        return _ask_about_amount(settings, unreadable, who.lang, trigger_id)
    except QuickLogError as error:
        return views.error_message(who.lang, _problem(settings, error, who.lang))
    except NoWinsChannel:
        return error_reply(_no_channel_text(who.lang))
    return _logged_or_asked(settings, outcome, "command", trigger_id, cmd.user_id, who.lang)


def _change_modal(settings: Settings, choice: str, win: WinRecord, who: Asker) -> dict:
    """The Edit form filled in with the win, or the question before removing it."""
    channel, win_id = settings.wins_channel, win.id or 0
    if choice == "remove":
        return views.remove_modal(
            who.lang, channel=channel, win_id=win_id, client=win.client_name, rep_id=win.user_id
        )
    cents = win.amount_cents
    value = "" if cents is None else views.amount_text(cents, who.number_locale)
    shown = TypedWin(
        win.client_name, value, win.currency, win.segment or "", win.won_via, win.story or ""
    )
    return views.edit_modal(who.lang, channel=channel, win_id=win_id, shown=shown)


def open_modal(
    deps: Deps,
    client: WebClient,
    trigger_id: str,
    team_id: str,
    user_id: str,
    asked: AmountQuestion | None = None,
) -> None:
    """Open the /newclient form; prefilled with the name and amount of an AmountQuestion."""
    lang, settings = asker(deps, team_id, user_id).lang, deps.settings_for(team_id)
    if not settings.wins_channel:
        client.views_open(trigger_id=trigger_id, view=_no_channel_modal(lang))
        return
    meta: dict = {"lang": lang}
    shown = TypedWin(currency=settings.default_currency)
    if asked is not None:
        meta["ask"] = asked.trigger_id
        shown = replace(shown, client=asked.client_name, value=asked.amount_text)
    channel = settings.wins_channel
    view = views.newclient_modal(lang, channel=channel, private_metadata=meta, shown=shown)
    client.views_open(trigger_id=trigger_id, view=view)


# ------------------------------------------------------------------------ /newclient


def handle_command(
    ack: Ack, command: dict, context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """`/newclient` alone opens the form; `/newclient Acme Corp 25k` logs it at once."""
    asked = read_asked(ack, command, context, client, respond)
    deps, cmd = asked.deps, asked.cmd
    # The client's name is posted publicly: no invisible direction or zero-width marks.
    text = strip_invisible(cmd.text).strip()
    asked.learn_later()
    if not asked.settings.wins_channel and text.lower() not in HELP_WORDS:
        ack(**error_reply(_no_channel_text(asked.lang)))
        return
    if not text:
        ack()
        # The trigger_id lives 3 seconds: open the modal right after the ack.
        deps.background.submit(open_modal, deps, client, cmd.trigger_id, cmd.team_id, cmd.user_id)
        return
    if text.lower() in HELP_WORDS:
        ack(**views.help_message(asked.lang, asked.settings.wins_channel))
        return
    ack(**_quick_log(asked, text))


def handle_open_modal(ack: Ack, body: dict, context: BoltContext, client: WebClient) -> None:
    """The Home tab button and the global shortcut both open the modal."""
    ack()
    deps = deps_of(context)
    trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
    user_id = body["user"]["id"]
    deps.background.submit(open_modal, deps, client, trigger_id, context.team_id, user_id)


def handle_submission(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The form submitted: the win, its errors, or the same form asking "Log it again?"."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, optional={"lang": str, "ask": str, "again": str})
    who, settings = asker(deps, sub.team_id, sub.user_id), deps.settings_for(sub.team_id)
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
        ack(response_action="errors", errors=_field_errors(settings, errors, lang))
        return
    except NoWinsChannel:
        ack(response_action="update", view=_no_channel_modal(lang))
        return
    if isinstance(outcome, LoggedBefore):
        view = _form_asking_again(settings, sub.meta, outcome, sub.user_id, lang)
    else:
        view = views.logged_modal(lang, _confirmation(settings, outcome, lang))
    ack(response_action="update", view=view)


def _clicked(body: dict, action: dict, context: BoltContext) -> tuple[Deps, str, str, str]:
    """Who clicked a question's button: the deps, the team, the user (part of the win's
    source_key) and their language."""
    deps, click, lang = clicked(body, action, context)
    return deps, click.team_id, read_slack_id(click.user_id, field="user id"), lang


def handle_log_without_value(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Log without a value" button: the win with the name alone, once however
    often it is clicked; the question is replaced by the confirmation."""
    deps, team, user, lang = _clicked(body, action, context)
    asked = AmountQuestion.read(action.get("value"))
    try:
        outcome = win_jobs.log_unvalued(
            deps,
            team_id=team,
            user_id=user,
            trigger_id=asked.trigger_id,
            client_name=asked.client_name,
        )
    except NoWinsChannel:
        respond(replace_original=True, **error_reply(_no_channel_text(lang)))
        return
    answer = _logged_or_asked(deps.settings_for(team), outcome, "ask", asked.trigger_id, user, lang)
    respond(replace_original=True, **answer)


def handle_log_again(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Log it again" button: the win as it was typed, once however often it is clicked; the
    question is replaced by the confirmation."""
    deps, team, user, lang = _clicked(body, action, context)
    again = AgainQuestion.read(action.get("value"))
    try:
        logged = win_jobs.log_win(
            deps, team_id=team, user_id=user, form=again.form, source_key=again.source_key(user)
        )
    except NoWinsChannel:
        respond(replace_original=True, **error_reply(_no_channel_text(lang)))
        return
    respond(replace_original=True, **_confirmation(deps.settings_for(team), logged, lang))


def handle_cancel_again(
    ack: Ack, body: dict, action: dict, context: BoltContext, respond: Respond
) -> None:
    """The "Cancel" button: nothing is stored; the question says so."""
    _, _, _, lang = _clicked(body, action, context)
    client = escape(AgainQuestion.read(action.get("value")).form.client_name)
    respond(replace_original=True, **views.again_cancelled_message(lang, client=client))


def handle_fix_amount(
    ack: Ack, body: dict, action: dict, context: BoltContext, client: WebClient
) -> None:
    """The "Fix it" button: the form, prefilled with the name and the amount as typed."""
    click = read_click(body, action, context)
    asked = AmountQuestion.read(action.get("value"))
    trigger_id = read_slack_id(click.trigger_id, field="trigger_id")
    user_id = read_slack_id(click.user_id, field="user id")
    open_modal(deps_of(context), client, trigger_id, click.team_id, user_id, asked)


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
    deps, click, lang = clicked(body, action, context)
    choice, _, raw_id = click.value.partition(":")
    choice = read_choice(choice, views.MENU_CHOICES, field="menu")
    win_id = read_int(raw_id, field="win id")
    admin = partial(is_admin, deps, client, click.team_id, click.user_id)
    try:
        win = win_jobs.win_to_change(
            deps, team_id=click.team_id, user_id=click.user_id, win_id=win_id, is_admin=admin
        )
    except WinRefusal as refusal:
        note = error_reply(views.error_text(lang, refusal.code, refusal.params))
        respond(response_type="ephemeral", replace_original=False, **note)
        return
    trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
    who = asker(deps, click.team_id, click.user_id)  # the number format too, for the amount
    change = _change_modal(deps.settings_for(click.team_id), choice, win, who)
    client.views_open(trigger_id=trigger_id, view=change)


def handle_edit(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The Edit form saved: the win corrected, its celebration re-rendered."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, required={"win_id": int}, optional={"lang": str})
    who = asker(deps, sub.team_id, sub.user_id)
    settings = deps.settings_for(sub.team_id)
    lang, channel = read_lang(sub.meta, LANGUAGES) or who.lang, settings.wins_channel
    try:
        saved = win_jobs.correct_win(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            win_id=read_int(sub.meta["win_id"], field="win id"),
            typed=read_win_form(sub.values),
            number_locale=who.number_locale,
            view_id=read_slack_id(sub.view_id, field="view id"),
            is_admin=partial(admin_in_ack, deps, sub.team_id, sub.user_id, context),
        )
    except FieldErrors as errors:
        ack(response_action="errors", errors=_field_errors(settings, errors, lang))
        return
    except WinRefusal as refusal:
        answer = views.refused_modal(lang, refusal.code, refusal.params)
    else:
        answer = views.changed_modal(lang, removed=False, client=saved.client_name, channel=channel)
    ack(response_action="update", view=answer)


def handle_remove(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """The removal confirmed: the win no longer counts; its celebration says it was removed."""
    deps, sub, lang = submitted(body, view, context, required={"win_id": int})
    channel = deps.settings_for(sub.team_id).wins_channel
    win_id = read_int(sub.meta["win_id"], field="win id")
    admin = partial(admin_in_ack, deps, sub.team_id, sub.user_id, context)
    try:
        win = win_jobs.remove_win(
            deps, team_id=sub.team_id, user_id=sub.user_id, win_id=win_id, is_admin=admin
        )
    except WinRefusal as refusal:
        answer = views.refused_modal(lang, refusal.code, refusal.params)
    else:
        answer = views.changed_modal(lang, removed=True, client=win.client_name, channel=channel)
    ack(response_action="update", view=answer)


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
