"""`/newclient`: log a new client by quick command or modal; the celebration goes via the outbox."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from babel.numbers import list_currencies
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.formatting import cents_to_decimal, format_money
from bot.domain.quicklog import (
    MAX_AMOUNT,
    MAX_NAME_LENGTH,
    Money,
    QuickLogError,
    UnreadableAmount,
    parse_amount,
    parse_quicklog,
)
from bot.handlers.users import after_ack, asker, refresh_profile, user_locale
from bot.i18n import LANGUAGES, t
from bot.jobs.people import zone_of
from bot.payloads import (
    StalePayload,
    read_choice,
    read_int,
    read_lang,
    read_metadata,
    read_slack_id,
    reading,
)
from bot.views import newclient as views
from bot.views.text import escape, mention, short_day, strip_invisible
from storage import wins as win_store
from storage.wins import WinRecord

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
# An unreadable amount longer than this is not asked about (it would not fit a button).
ASK_AMOUNT_MAX = 100
BUTTON_VALUE_MAX = 2000  # Slack's limit
# The same client logged again within this many days is asked about first: typing a win
# twice should not celebrate it twice.
DUPLICATE_DAYS = 30
# Which request a "Log it again" belongs to: a quick log, or an amount question's answer.
AGAIN_KINDS = ("command", "ask")
_CURRENCY_CODES = frozenset(list_currencies())


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


def question_key(user_id: str, trigger_id: str) -> str:
    """The source_key of the win an amount question leads to (by button or by form)."""
    return f"ask:{user_id}:{trigger_id}"


def command_key(trigger_id: str) -> str:
    """The source_key of a quick log's win (a command delivered twice has one trigger_id)."""
    return f"command:{trigger_id}"


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


def logged_before(
    deps: Deps, *, team_id: str, user_id: str, client_name: str, source_key: str, lang: str
) -> str | None:
    """The question "Acme Corp was logged by you on 3 Dec. Log it again?" (mrkdwn, the day
    on the reader's clock) when the workspace logged this client (any case or spacing) in the last
    DUPLICATE_DAYS, by anyone, and the win was not removed; else None. None as well when
    this very request was stored already: logging it again then says "already logged"."""
    since = deps.clock() - timedelta(days=DUPLICATE_DAYS)
    with deps.session_factory() as session:
        if win_store.find_win_by_source(session=session, team_id=team_id, source_key=source_key):
            return None
        earlier = win_store.latest_win_of_client(
            session=session, team_id=team_id, client_name=client_name, since=since
        )
        if earlier is None:
            return None
        tz = zone_of(session, deps.settings, team_id, user_id)
    day = short_day(earlier.created_at.astimezone(tz).date(), lang)
    client = escape(earlier.client_name)
    if earlier.user_id == user_id:
        return t("again.by_you", lang, client=client, date=day)
    return t("again.by_other", lang, client=client, rep=mention(earlier.user_id), date=day)


def problem_text(error: QuickLogError, lang: str) -> str:
    """The user-facing sentence for a parse error."""
    # What the user typed (e.g. a bad amount) is echoed back: escape it like any user text.
    params = {k: escape(v) if isinstance(v, str) else v for k, v in error.params.items()}
    if "max" in params and isinstance(params["max"], Decimal):
        params["max"] = format_money(int(params["max"] * 100), "EUR", lang)
    return t(f"error.{error.code}", lang, **params)


def log_win(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    client_name: str,
    value: Money | None,
    source_key: str,
    segment: str | None = None,
    won_via: str | None = None,
    story: str | None = None,
) -> tuple[WinRecord, bool]:
    """Store the win and its queued celebration in one transaction; wake the outbox."""
    now = deps.clock()
    win = WinRecord(
        team_id=team_id,
        user_id=user_id,
        client_name=client_name,
        amount_cents=int(value.amount * 100) if value else None,
        currency=value.currency if value else None,
        segment=segment or None,
        won_via=won_via or None,
        story=story or None,
        year=now.astimezone(deps.settings.tz).year,
        source_key=source_key,
        created_at=now,
    )
    with deps.session_factory.write() as session:
        stored, created = win_store.record_win(
            session=session, win=win, celebration_channel=deps.settings.wins_channel
        )
    if created:
        deps.notify_outbox()
    return stored, created


def confirmation(deps: Deps, win: WinRecord, created: bool, lang: str) -> dict:
    value = (
        format_money(win.amount_cents, win.currency or deps.settings.default_currency, lang)
        if win.amount_cents is not None
        else None
    )
    return views.logged_message(
        lang,
        client=escape(win.client_name),
        value=value,
        channel=deps.settings.wins_channel,
        created=created,
    )


def ask_about_amount(unreadable: UnreadableAmount, lang: str, trigger_id: str) -> dict:
    """Ask instead of guessing: "I couldn't read '…' as an amount", with "Log without a
    value" and "Fix it". Nothing is stored until one is clicked."""
    question = AmountQuestion(
        trigger_id=trigger_id,
        client_name=unreadable.client_name,
        amount_text=unreadable.amount_text,
    )
    value = question.value()
    if len(unreadable.amount_text) > ASK_AMOUNT_MAX or len(value) > BUTTON_VALUE_MAX:
        return views.error_message(lang, problem_text(unreadable, lang))
    hint = (
        t("quicklog.ask_hint", lang)
        if unreadable.code == "bad_amount"
        else problem_text(unreadable, lang)
    )
    return views.unreadable_amount_message(
        lang,
        client=escape(unreadable.client_name),
        amount=escape(unreadable.amount_text),
        hint=hint,
        value=value,
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
    lang, _ = user_locale(deps, team_id, user_id)
    meta: dict = {"lang": lang}
    if question is not None:
        meta["ask"] = question.trigger_id
    view = views.newclient_modal(
        lang,
        channel=deps.settings.wins_channel,
        private_metadata=meta,
        client=question.client_name if question else None,
        value=question.amount_text if question else None,
    )
    client.views_open(trigger_id=trigger_id, view=view)


@dataclass(frozen=True)
class WinForm:
    """What the /newclient form (also the celebration's Edit form) says, as typed and read."""

    client_name: str
    value_text: str
    value: Money | None
    currency: str
    segment: str
    won_via: str | None
    story: str


def read_win_form(
    values: dict, *, number_locale: str, default_currency: str, lang: str
) -> tuple[WinForm, dict[str, str]]:
    """(the form, errors by block id) from a submitted win form; the amount is read in the
    user's number format, names and segments without invisible direction characters."""

    def field(block: str, action: str) -> str:
        with reading(block):
            return ((values.get(block) or {}).get(action) or {}).get("value") or ""

    def selected(block: str, action: str, allowed: tuple[str, ...]) -> str | None:
        with reading(block):
            option = ((values.get(block) or {}).get(action) or {}).get("selected_option")
            return read_choice(option.get("value"), allowed, field=block) if option else None

    errors: dict[str, str] = {}
    client_name = " ".join(strip_invisible(field(views.BLOCK_CLIENT, views.ACTION_CLIENT)).split())
    if not client_name:
        errors[views.BLOCK_CLIENT] = t("error.empty", lang)
    elif len(client_name) > MAX_NAME_LENGTH:
        errors[views.BLOCK_CLIENT] = t(
            "error.name_too_long", lang, length=len(client_name), max=MAX_NAME_LENGTH
        )
    currency = (
        selected(views.BLOCK_CURRENCY, views.ACTION_CURRENCY, views.CURRENCIES) or default_currency
    )
    value_text = strip_invisible(field(views.BLOCK_VALUE, views.ACTION_VALUE)).strip()
    value: Money | None = None
    if value_text:
        try:
            value = parse_amount(value_text, number_locale, default_currency=currency)
        except QuickLogError as error:
            errors[views.BLOCK_VALUE] = problem_text(error, lang)
    segment = " ".join(strip_invisible(field(views.BLOCK_SEGMENT, views.ACTION_SEGMENT)).split())
    if len(segment) > views.SEGMENT_MAX:
        errors[views.BLOCK_SEGMENT] = t("error.segment_too_long", lang, max=views.SEGMENT_MAX)
    won_via = selected(views.BLOCK_WON_VIA, views.ACTION_WON_VIA, views.WON_VIA)
    story = field(views.BLOCK_STORY, views.ACTION_STORY).strip()
    if len(story) > views.STORY_MAX:
        errors[views.BLOCK_STORY] = t(
            "error.story_too_long", lang, max=views.STORY_MAX, length=len(story)
        )
    form = WinForm(client_name, value_text, value, currency, segment, won_via, story)
    return form, errors


def register(app: App, deps: Deps) -> None:
    """Wire /newclient, its modal, the Home button and the global shortcut."""

    def handle_command(ack: Ack, command: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        # The client's name is posted publicly: no invisible direction or zero-width marks.
        text = strip_invisible(command.get("text") or "").strip()
        who = asker(deps, team_id, user_id)
        if not who.known:
            deps.background.submit(refresh_profile, deps, client, team_id, user_id)
        lang, number_locale = who.lang, who.number_locale
        if not text:
            ack()
            # The trigger_id lives 3 seconds: open the modal right after the ack.
            deps.background.submit(
                open_modal,
                deps,
                client,
                trigger_id=command["trigger_id"],
                team_id=team_id,
                user_id=user_id,
            )
            return
        if text.lower() in HELP_WORDS:
            ack(**views.help_message(lang, deps.settings.wins_channel))
            return
        try:
            parsed = parse_quicklog(
                text, number_locale, default_currency=deps.settings.default_currency
            )
        except UnreadableAmount as unreadable:
            trigger_id = read_slack_id(command.get("trigger_id"), field="trigger_id")
            ack(**ask_about_amount(unreadable, lang, trigger_id))
            return
        except QuickLogError as error:
            ack(**views.error_message(lang, problem_text(error, lang)))
            return
        # A command delivered twice carries the same trigger_id.
        trigger_id = read_slack_id(command.get("trigger_id"), field="trigger_id")
        source_key = command_key(trigger_id)
        question = logged_before(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=parsed.client_name,
            source_key=source_key,
            lang=lang,
        )
        if question is not None:
            again = AgainQuestion("command", trigger_id, parsed.client_name, parsed.value)
            ack(**views.again_message(lang, question=question, value=again.payload()))
            return
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=parsed.client_name,
            value=parsed.value,
            source_key=source_key,
        )
        ack(**confirmation(deps, win, created, lang))

    def handle_open_modal(ack: Ack, body: dict, context, client: WebClient) -> None:
        """The Home tab button and the global shortcut both open the modal."""
        ack()
        trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
        deps.background.submit(
            open_modal,
            deps,
            client,
            trigger_id=trigger_id,
            team_id=context.team_id,
            user_id=body["user"]["id"],
        )

    def handle_submission(ack: Ack, body: dict, view: dict, context) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        values = view["state"]["values"]
        who = asker(deps, team_id, user_id)
        meta = read_metadata(view, optional={"lang": str, "ask": str, "again": str})
        lang = read_lang(meta, LANGUAGES) or who.lang
        number_locale = who.number_locale
        view_id = read_slack_id(view.get("id"), field="view id")
        # Opened by "Fix it": the same win as that question's "Log without a value".
        source_key = (
            question_key(user_id, read_slack_id(meta["ask"], field="ask"))
            if "ask" in meta
            else f"view:{view_id}"
        )

        entered, errors = read_win_form(
            values,
            number_locale=number_locale,
            default_currency=deps.settings.default_currency,
            lang=lang,
        )
        client_name, value_text, value = entered.client_name, entered.value_text, entered.value
        currency, segment, won_via, story = (
            entered.currency,
            entered.segment,
            entered.won_via,
            entered.story,
        )
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # Asked already (the form came back asking "Log it again?") and submitted with that
        # name: confirmed. A name changed into another logged one is asked about in turn.
        confirmed = "again" in meta and win_store.client_key(meta["again"]) == (
            win_store.client_key(client_name)
        )
        question = (
            None
            if confirmed
            else logged_before(
                deps,
                team_id=team_id,
                user_id=user_id,
                client_name=client_name,
                source_key=source_key,
                lang=lang,
            )
        )
        if question is not None:
            # The same form, filled in as submitted, with the question on top: the view id
            # (and so the win's source_key) stays, and Cancel closes it with nothing stored.
            again_meta = {k: meta[k] for k in ("ask",) if k in meta}
            again_meta |= {"lang": lang, "again": client_name}
            ack(
                response_action="update",
                view=views.newclient_modal(
                    lang,
                    channel=deps.settings.wins_channel,
                    private_metadata=again_meta,
                    client=client_name,
                    value=value_text,
                    currency=currency,
                    segment=segment,
                    won_via=won_via,
                    story=story,
                    again=question,
                ),
            )
            return
        # A submission delivered twice carries the same view id (or question).
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=client_name,
            value=value,
            source_key=source_key,
            segment=segment,
            won_via=won_via,
            story=story,
        )
        ack(
            response_action="update",
            view=views.logged_modal(lang, confirmation(deps, win, created, lang)),
        )

    @after_ack(deps)
    def handle_log_without_value(ack: Ack, body: dict, action: dict, context, respond) -> None:
        """The "Log without a value" button: the win with the name alone, once however
        often it is clicked; the question is replaced by the confirmation."""
        team_id = context.team_id
        user_id = read_slack_id(body["user"]["id"], field="user id")
        question = AmountQuestion.read(action.get("value"))
        lang = asker(deps, team_id, user_id).lang
        source_key = question_key(user_id, question.trigger_id)
        asked = logged_before(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=question.client_name,
            source_key=source_key,
            lang=lang,
        )
        if asked is not None:
            again = AgainQuestion("ask", question.trigger_id, question.client_name, None)
            respond(
                replace_original=True,
                **views.again_message(lang, question=asked, value=again.payload()),
            )
            return
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=question.client_name,
            value=None,
            source_key=source_key,
        )
        respond(replace_original=True, **confirmation(deps, win, created, lang))

    @after_ack(deps)
    def handle_log_again(ack: Ack, body: dict, action: dict, context, respond) -> None:
        """The "Log it again" button: the win as it was typed, once however often it is clicked; the
        question is replaced by the confirmation."""
        team_id = context.team_id
        user_id = read_slack_id(body["user"]["id"], field="user id")
        again = AgainQuestion.read(action.get("value"))
        lang = asker(deps, team_id, user_id).lang
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=again.client_name,
            value=again.value,
            source_key=again.source_key(user_id),
        )
        respond(replace_original=True, **confirmation(deps, win, created, lang))

    @after_ack(deps)
    def handle_cancel_again(ack: Ack, body: dict, action: dict, context, respond) -> None:
        """The "Cancel" button: nothing is stored; the question says so."""
        user_id = read_slack_id(body["user"]["id"], field="user id")
        again = AgainQuestion.read(action.get("value"))
        lang = asker(deps, context.team_id, user_id).lang
        message = views.again_cancelled_message(lang, client=escape(again.client_name))
        respond(replace_original=True, **message)

    @after_ack(deps)
    def handle_fix_amount(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
        """The "Fix it" button: the form, prefilled with the name and the amount as typed."""
        question = AmountQuestion.read(action.get("value"))
        open_modal(
            deps,
            client,
            trigger_id=read_slack_id(body.get("trigger_id"), field="trigger_id"),
            team_id=context.team_id,
            user_id=read_slack_id(body["user"]["id"], field="user id"),
            question=question,
        )

    app.command("/newclient")(handle_command)
    app.view(views.MODAL_CALLBACK_ID)(handle_submission)
    app.action(views.OPEN_MODAL_ACTION_ID)(handle_open_modal)
    app.shortcut(views.SHORTCUT_CALLBACK_ID)(handle_open_modal)
    app.action(views.ASK_LOG_ACTION_ID)(handle_log_without_value)
    app.action(views.ASK_FIX_ACTION_ID)(handle_fix_amount)
    app.action(views.AGAIN_LOG_ACTION_ID)(handle_log_again)
    app.action(views.AGAIN_CANCEL_ACTION_ID)(handle_cancel_again)
