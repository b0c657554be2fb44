"""`/newclient`: log a new client by quick command or modal; the celebration goes via the outbox."""

from __future__ import annotations

import logging
from decimal import Decimal

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.formatting import format_money
from bot.domain.quicklog import MAX_NAME_LENGTH, Money, QuickLogError, parse_amount, parse_quicklog
from bot.handlers.users import asker, refresh_profile, user_locale
from bot.i18n import LANGUAGES, t
from bot.payloads import read_choice, read_lang, read_metadata, read_slack_id
from bot.views import newclient as views
from bot.views.text import escape, strip_invisible
from storage import wins as win_store
from storage.wins import WinRecord

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}


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
        format_money(win.amount_cents, win.currency or "EUR", lang)
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


def open_modal(
    deps: Deps, client: WebClient, *, trigger_id: str, team_id: str, user_id: str
) -> None:
    lang, _ = user_locale(deps, team_id, user_id)
    client.views_open(
        trigger_id=trigger_id, view=views.newclient_modal(lang, channel=deps.settings.wins_channel)
    )


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
        except QuickLogError as error:
            ack(**views.error_message(lang, problem_text(error, lang)))
            return
        # A command delivered twice carries the same trigger_id.
        trigger_id = read_slack_id(command.get("trigger_id"), field="trigger_id")
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=parsed.client_name,
            value=parsed.value,
            source_key=f"command:{trigger_id}",
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
        meta = read_metadata(view, optional={"lang": str})
        lang = read_lang(meta, LANGUAGES) or who.lang
        number_locale = who.number_locale
        view_id = read_slack_id(view.get("id"), field="view id")

        def field(block: str, action: str) -> str:
            return ((values.get(block) or {}).get(action) or {}).get("value") or ""

        def selected(block: str, action: str, allowed: tuple[str, ...]) -> str | None:
            option = ((values.get(block) or {}).get(action) or {}).get("selected_option")
            return read_choice(option.get("value"), allowed, field=block) if option else None

        errors: dict[str, str] = {}
        client_name = " ".join(
            strip_invisible(field(views.BLOCK_CLIENT, views.ACTION_CLIENT)).split()
        )
        if not client_name:
            errors[views.BLOCK_CLIENT] = t("error.empty", lang)
        elif len(client_name) > MAX_NAME_LENGTH:
            errors[views.BLOCK_CLIENT] = t(
                "error.name_too_long", lang, length=len(client_name), max=MAX_NAME_LENGTH
            )
        currency = (
            selected(views.BLOCK_CURRENCY, views.ACTION_CURRENCY, views.CURRENCIES)
            or deps.settings.default_currency
        )
        value_text = field(views.BLOCK_VALUE, views.ACTION_VALUE).strip()
        value: Money | None = None
        if value_text:
            try:
                value = parse_amount(value_text, number_locale, default_currency=currency)
            except QuickLogError as error:
                errors[views.BLOCK_VALUE] = problem_text(error, lang)
        segment = " ".join(field(views.BLOCK_SEGMENT, views.ACTION_SEGMENT).split())
        if len(segment) > views.SEGMENT_MAX:
            errors[views.BLOCK_SEGMENT] = t("error.segment_too_long", lang, max=views.SEGMENT_MAX)
        won_via = selected(views.BLOCK_WON_VIA, views.ACTION_WON_VIA, views.WON_VIA)
        story = field(views.BLOCK_STORY, views.ACTION_STORY).strip()
        if len(story) > views.STORY_MAX:
            errors[views.BLOCK_STORY] = t(
                "error.story_too_long", lang, max=views.STORY_MAX, length=len(story)
            )
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # A submission delivered twice carries the same view id.
        win, created = log_win(
            deps,
            team_id=team_id,
            user_id=user_id,
            client_name=client_name,
            value=value,
            source_key=f"view:{view_id}",
            segment=segment,
            won_via=won_via,
            story=story,
        )
        ack(
            response_action="update",
            view=views.logged_modal(lang, confirmation(deps, win, created, lang)),
        )

    app.command("/newclient")(handle_command)
    app.view(views.MODAL_CALLBACK_ID)(handle_submission)
    app.action(views.OPEN_MODAL_ACTION_ID)(handle_open_modal)
    app.shortcut(views.SHORTCUT_CALLBACK_ID)(handle_open_modal)
