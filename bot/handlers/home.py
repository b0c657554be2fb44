"""App Home: the rep's own new clients and the team's latest, with a button to log one."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.formatting import format_money
from bot.handlers.users import refresh_profile, user_locale
from bot.views.home import HomeWin, home_view
from storage import wins as win_store

RECENT = 5


def publish_home(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    refresh_profile(deps, client, team_id, user_id)
    lang, _ = user_locale(deps, team_id, user_id)
    tz = deps.settings.tz
    year = deps.clock().astimezone(tz).year
    with deps.session_factory() as session:
        mine = win_store.wins_of_year(
            session=session, team_id=team_id, year=year, user_id=user_id, limit=RECENT
        )
        team = win_store.wins_of_year(session=session, team_id=team_id, year=year, limit=RECENT)
        rep_count = win_store.count_wins(
            session=session, team_id=team_id, year=year, user_id=user_id
        )
        team_count = win_store.count_wins(session=session, team_id=team_id, year=year)

    def shown(wins):
        return [
            HomeWin(
                client=w.client_name,
                rep_id=w.user_id,
                value=format_money(w.amount_cents, w.currency or "EUR", lang)
                if w.amount_cents is not None
                else None,
                day=w.created_at.astimezone(tz).date(),
            )
            for w in wins
        ]

    view = home_view(
        lang,
        year=year,
        rep_count=rep_count,
        team_count=team_count,
        mine=shown(mine),
        team=shown(team),
    )
    client.views_publish(user_id=user_id, view=view)


def register(app: App, deps: Deps) -> None:
    def handle_home_opened(event: dict, context, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        deps.background.submit(publish_home, deps, client, context.team_id, event["user"])

    app.event("app_home_opened")(handle_home_opened)
