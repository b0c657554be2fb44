"""The "Congratulate" button on a celebration: each person is recorded once, the message updates."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.deps import Deps
from bot.handlers.users import user_locale
from bot.i18n import t
from bot.payloads import StalePayload, read_int
from bot.views.celebration import CONGRATULATE_ACTION_ID
from storage import wins as win_store


def register(app: App, deps: Deps) -> None:
    def handle_congratulate(ack: Ack, body: dict, action: dict, context, respond) -> None:
        ack()
        user_id = body["user"]["id"]
        win_id = read_int(action.get("value"), field="win id")
        with deps.session_factory.write() as session:
            win = win_store.get_win(session=session, win_id=win_id)
            if win is None or win.team_id != context.team_id:
                raise StalePayload(f"no win {win_id}")
            own = win.user_id == user_id
            added = (
                False
                if own
                else win_store.add_congratulation(
                    session=session, win=win, user_id=user_id, now=deps.clock()
                )
            )
        if added:
            deps.notify_outbox()
            return
        lang, _ = user_locale(deps, context.team_id, user_id)
        key = "congratulate.own" if own else "congratulate.again"
        deps.background.submit(
            respond, text=t(key, lang), response_type="ephemeral", replace_original=False
        )

    app.action(CONGRATULATE_ACTION_ID)(handle_congratulate)
