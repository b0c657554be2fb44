"""The celebration's buttons: "Congratulate" (each person once) and the winner's and admins'
menu to correct (Edit) or remove (Remove) the win. The public post follows via the outbox."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers.newclient import read_win_form
from bot.handlers.users import admin_in_ack, after_ack, asker, is_admin, user_locale
from bot.i18n import LANGUAGES, t
from bot.jobs.meeting_posts import STORY_KIND
from bot.jobs.outbox import queue_update
from bot.payloads import (
    StalePayload,
    read_choice,
    read_int,
    read_lang,
    read_metadata,
    read_slack_id,
    reading,
)
from bot.views import celebration as views
from bot.views.text import escape, mention
from storage import outbox as outbox_store
from storage import wins as win_store
from storage.models import Win
from storage.wins import WinEdit


def may_change(deps: Deps, client: WebClient, team_id: str, user_id: str, win: Win) -> bool:
    """The winner and admins may correct or remove a win."""
    return user_id == win.user_id or is_admin(deps, client, team_id, user_id)


def _win(deps: Deps, team_id: str, win_id: int) -> Win:
    with deps.session_factory() as session:
        win = win_store.get_win(session=session, win_id=win_id)
    if win is None or win.team_id != team_id:
        raise StalePayload(f"no win {win_id}")
    return win


def read_form(values: dict, *, number_locale: str, default_currency: str, lang: str):
    """(the correction, errors by block id) from the edit modal, checked like /newclient's."""
    entered, errors = read_win_form(
        values, number_locale=number_locale, default_currency=default_currency, lang=lang
    )
    edit = WinEdit(
        client_name=entered.client_name,
        amount_cents=int(entered.value.amount * 100) if entered.value else None,
        currency=entered.value.currency if entered.value else None,
        segment=entered.segment or None,
        won_via=entered.won_via,
        story=entered.story or None,
    )
    return edit, errors


def register(app: App, deps: Deps) -> None:
    channel = deps.settings.wins_channel

    def handle_congratulate(ack: Ack, body: dict, action: dict, context, respond) -> None:
        ack()
        user_id = body["user"]["id"]
        win_id = read_int(action.get("value"), field="win id")
        with deps.session_factory.write() as session:
            win = win_store.get_win(session=session, win_id=win_id)
            if win is None or win.team_id != context.team_id:
                raise StalePayload(f"no win {win_id}")
            own = win.user_id == user_id
            removed = win.removed_at is not None
            added = (
                False
                if own or removed
                else win_store.add_congratulation(
                    session=session, win=win, user_id=user_id, now=deps.clock()
                )
            )
        if added:
            deps.notify_outbox()
            return
        lang, _ = user_locale(deps, context.team_id, user_id)
        key = (
            "celebration.congratulate_removed"
            if removed
            else "congratulate.own"
            if own
            else "congratulate.again"
        )
        deps.background.submit(
            respond, text=t(key, lang), response_type="ephemeral", replace_original=False
        )

    @after_ack(deps)
    def handle_menu(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        """Edit or Remove from the celebration's menu: a modal for the winner and admins."""
        team_id, user_id = context.team_id, body["user"]["id"]
        option = action.get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        choice, _, raw_id = value.partition(":") if isinstance(value, str) else ("", "", "")
        choice = read_choice(choice, views.MENU_CHOICES, field="menu")
        win = _win(deps, team_id, read_int(raw_id, field="win id"))
        who = asker(deps, team_id, user_id)
        if win.removed_at is not None:
            note = t("celebration.already_removed", who.lang)
        elif not may_change(deps, client, team_id, user_id, win):
            note = t("celebration.not_allowed", who.lang, rep=mention(win.user_id))
        else:
            note = None
        if note is not None:
            respond(response_type="ephemeral", replace_original=False, **views.reply(note))
            return
        trigger_id = read_slack_id(body.get("trigger_id"), field="trigger_id")
        if choice == "edit":
            view = views.edit_modal(
                who.lang,
                channel=channel,
                number_locale=who.number_locale,
                win=views.EditableWin(
                    win_id=win.id or 0,
                    client=win.client_name,
                    amount_cents=win.amount_cents,
                    currency=win.currency,
                    segment=win.segment,
                    won_via=win.won_via,
                    story=win.story,
                ),
            )
        else:
            view = views.remove_modal(
                who.lang,
                channel=channel,
                win_id=win.id or 0,
                client=win.client_name,
                rep_id=win.user_id,
            )
        client.views_open(trigger_id=trigger_id, view=view)

    def submitted(body: dict, view: dict, context) -> tuple[str, str, Win, str]:
        """(user, language, win, view id) of an edit or removal modal; raises StalePayload."""
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, required={"win_id": int}, optional={"lang": str})
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        win = _win(deps, team_id, read_int(meta["win_id"], field="win id"))
        return user_id, lang, win, read_slack_id(view.get("id"), field="view id")

    def refusal(client: WebClient, team_id: str, user_id: str, win: Win, lang: str) -> dict | None:
        """The modal that answers a submission nobody may make now; None when it may be made."""
        if win.removed_at is not None:
            text = t("celebration.already_removed", lang)
        elif user_id != win.user_id and not admin_in_ack(deps, team_id, user_id):
            text = t("celebration.not_allowed", lang, rep=mention(win.user_id))
        else:
            return None
        return views.answer_modal(lang, title_key="celebration.unchanged_title", text=text)

    def handle_edit(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id = context.team_id
        user_id, lang, win, view_id = submitted(body, view, context)
        with reading("view state"):
            values = view["state"]["values"]
        edit, errors = read_form(
            values,
            number_locale=asker(deps, team_id, user_id).number_locale,
            default_currency=deps.settings.default_currency,
            lang=lang,
        )
        if errors:
            ack(response_action="errors", errors=errors)
            return
        refused = refusal(client, team_id, user_id, win, lang)
        if refused is None:
            with deps.session_factory.write() as session:
                locked = win_store.get_win(session=session, win_id=win.id or 0, for_update=True)
                assert locked is not None
                if locked.removed_at is None:
                    # The modal's view id: a submission delivered twice is stored once.
                    changed = win_store.edit_win(
                        session=session,
                        win=locked,
                        edit=edit,
                        source_key=f"view:{view_id}",
                        now=deps.clock(),
                    )
                else:  # removed while the modal was open
                    refused = views.answer_modal(
                        lang,
                        title_key="celebration.unchanged_title",
                        text=t("celebration.already_removed", lang),
                    )
                    changed = False
            if changed:
                deps.notify_outbox()
        text = t("celebration.edit.saved", lang, client=escape(edit.client_name), channel=channel)
        ack(
            response_action="update",
            view=refused
            or views.answer_modal(lang, title_key="celebration.edit.saved_title", text=text),
        )

    def handle_remove(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id = context.team_id
        user_id, lang, win, _ = submitted(body, view, context)
        text = t("celebration.remove.done", lang, client=escape(win.client_name), channel=channel)
        done = views.answer_modal(lang, title_key="celebration.remove.done_title", text=text)
        if win.removed_at is not None:  # a double submit, or removed by someone else meanwhile
            ack(response_action="update", view=done)
            return
        refused = refusal(client, team_id, user_id, win, lang)
        if refused is not None:
            ack(response_action="update", view=refused)
            return
        with deps.session_factory.write() as session:
            locked = win_store.get_win(session=session, win_id=win.id or 0, for_update=True)
            assert locked is not None
            removed = win_store.remove_win(
                session=session, win=locked, user_id=user_id, now=deps.clock()
            )
            if removed:
                # A story proposal that listed the win is redrawn without it.
                for key in outbox_store.sent_keys(
                    session=session,
                    team_id=team_id,
                    prefix=f"{STORY_KIND}:",
                    suffix=f":{locked.user_id}",
                ):
                    queue_update(session, team_id=team_id, target_key=key, now=deps.clock())
        if removed:
            deps.notify_outbox()
        ack(response_action="update", view=done)

    app.action(views.CONGRATULATE_ACTION_ID)(handle_congratulate)
    app.action(views.MENU_ACTION_ID)(handle_menu)
    app.view(views.EDIT_CALLBACK_ID)(handle_edit)
    app.view(views.REMOVE_CALLBACK_ID)(handle_remove)
