"""App Home: the rep's own new clients and the team's latest, with a button to log one."""

from __future__ import annotations

import re

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.formatting import format_money
from bot.handlers.users import is_admin, refresh_profile, submit_answering, user_locale
from bot.i18n import t
from bot.payloads import StalePayload
from bot.views.home import CHECKIN_ADD_ACTION, CHECKIN_REMOVE_ACTION, HomeWin, home_view
from storage import wins as win_store

RECENT = 5
USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def publish_home(
    deps: Deps, client: WebClient, team_id: str, user_id: str, *, notice: str | None = None
) -> None:
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
                value=format_money(
                    w.amount_cents, w.currency or deps.settings.default_currency, lang
                )
                if w.amount_cents is not None
                else None,
                day=w.created_at.astimezone(tz).date(),
            )
            for w in wins
        ]

    with deps.session_factory() as session:
        dashboard = dashboard_parts(deps, session, team_id=team_id, user_id=user_id, lang=lang)
    view = home_view(
        lang,
        year=year,
        rep_count=rep_count,
        team_count=team_count,
        mine=shown(mine),
        team=shown(team),
        **dashboard,
        admin_checkin_people=_checkin_people(deps, team_id)
        if is_admin(deps, client, team_id, user_id)
        else None,
        notice=notice,
    )
    client.views_publish(user_id=user_id, view=view)


def _checkin_people(deps: Deps, team_id: str) -> list[str]:
    from storage import checkins as checkin_store

    with deps.session_factory() as session:
        people = checkin_store.checkin_people(session=session)
    return sorted(user for team, user in people if team == team_id)


def _next_oneonone(session, series, now):
    from datetime import timedelta

    from bot.jobs.oneonone_posts import series_occurrences

    found = series_occurrences(session, series, start=now, end=now + timedelta(days=400))
    return found[0] if found else None


def _last_checkin(session, team_id: str, rep_id: str, lang: str) -> str | None:
    from bot.views.checkin import checkin_line
    from storage import checkins as checkin_store

    latest = checkin_store.checkins_of(session=session, team_id=team_id, user_id=rep_id, limit=1)
    if not latest:
        return None
    checkin = latest[0]
    return checkin_line(
        lang,
        monday=checkin.week,
        prospects=checkin.prospects,
        meetings=checkin.meetings,
        reasons=tuple(r for r in checkin.reasons.split(",") if r),
        note=checkin.note,
    )


def _home_plan(deps: Deps, session, *, team_id: str, user_id: str, lang: str):
    """The plan the rep is working on, with the next (or new) year's offered when it is due."""
    from bot.handlers.accountplan import progress_of, working_plan
    from bot.views.accountplan import progress_text
    from bot.views.home import HomePlan

    plan, choice = working_plan(deps, session, team_id=team_id, rep_id=user_id, year=None)
    if plan is None:
        return HomePlan(
            year=choice.offer or deps.clock().astimezone(deps.settings.tz).year, status=None
        )
    return HomePlan(
        year=plan.year,
        status=plan.status,
        progress_line=progress_text(lang, progress_of(deps, session, plan, lang)),
        offer_year=choice.offer,
    )


def _rep_row(deps: Deps, session, *, team_id: str, manager_id: str, rep_id: str, lang: str):
    """One rep in the manager's table: this year's plan and pace, the next 1:1 and open action
    points (when they have 1:1s with this manager), the latest check-in; from December also
    the status of next year's plan."""
    from bot.domain.accountplan import COMING_YEAR_MONTH, pace
    from bot.jobs.oneonone_posts import prepared_for_next, zones_for
    from bot.views.home import HomeRepRow
    from storage import oneonones as oneonone_store
    from storage import plans as plan_store

    now = deps.clock()
    today = now.astimezone(deps.settings.tz).date()
    rep_plan = plan_store.get_plan(
        session=session, team_id=team_id, user_id=rep_id, year=today.year
    )
    won, value = plan_store.wins_of(
        session=session, team_id=team_id, user_id=rep_id, year=today.year
    )
    result = (
        pace(
            target=rep_plan.target_clients,
            won=won,
            value_won_cents=value,
            year=today.year,
            today=today,
        )
        if rep_plan
        else None
    )
    series = oneonone_store.series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
    if series is not None and series.manager_id != manager_id:
        series = None
    upcoming = _next_oneonone(session, series, now) if series is not None else None
    next_year = next_status = None
    if today.month == COMING_YEAR_MONTH:
        next_year = today.year + 1
        coming = plan_store.get_plan(
            session=session, team_id=team_id, user_id=rep_id, year=next_year
        )
        next_status = coming.status if coming else None
    return HomeRepRow(
        rep_id=rep_id,
        plan_status=rep_plan.status if rep_plan else None,
        won=won,
        target=rep_plan.target_clients if rep_plan else None,
        expected=result.expected if result else None,
        pace=result.status if result else None,
        next_oneonone=upcoming.starts_at if upcoming else None,
        open_actions=len(
            oneonone_store.open_action_points(session=session, series_id=series.id or 0)
        )
        if series is not None
        else 0,
        last_checkin=_last_checkin(session, team_id, rep_id, lang),
        next_year=next_year,
        next_plan_status=next_status,
        prepared=series is not None and prepared_for_next(session, series, now),
        zones=zones_for(session, deps.settings, series, manager_id) if series is not None else None,
    )


def dashboard_parts(deps: Deps, session, *, team_id: str, user_id: str, lang: str) -> dict:
    """Plan with pace, next 1:1 with open action points, next meeting with my items, my team
    (every rep whose confirmed manager the viewer is)."""
    from bot.domain.formatting import ReaderZones
    from bot.jobs.meeting_posts import times_of
    from bot.jobs.oneonone_posts import action_views
    from bot.jobs.people import zone_of
    from bot.views.home import HomeMeeting, HomeOneOnOne
    from bot.views.text import mention
    from storage import managers as manager_store
    from storage import meetings as meeting_store
    from storage import oneonones as oneonone_store

    now = deps.clock()
    home_plan = _home_plan(deps, session, team_id=team_id, user_id=user_id, lang=lang)
    oneonone = None
    series = oneonone_store.series_for_rep(session=session, team_id=team_id, rep_id=user_id)
    if series is not None:
        upcoming = _next_oneonone(session, series, now)
        if upcoming is not None:
            prep = oneonone_store.get_prep(
                session=session, series_id=series.id or 0, day=upcoming.day, user_id=user_id
            )
            oneonone = HomeOneOnOne(
                series_id=series.id or 0,
                other_id=series.manager_id,
                starts_at=upcoming.starts_at,
                day=upcoming.day,
                actions=action_views(session, series.id or 0),
                prepared=prep is not None,
                zones=ReaderZones(
                    reader=zone_of(session, deps.settings, team_id, user_id),
                    other=zone_of(session, deps.settings, team_id, series.manager_id),
                    other_name=mention(series.manager_id),
                    team=deps.settings.tz,
                ),
            )
    meeting = None
    coming = meeting_store.next_meeting(session=session, team_id=team_id, after=now)
    if coming is not None:
        times = times_of(coming, deps.settings)
        meeting = HomeMeeting(
            meeting_id=coming.id or 0,
            starts_at=times.starts_at,
            my_items=[
                item.title
                for item in meeting_store.active_items(session=session, meeting_id=coming.id or 0)
                if item.user_id == user_id
            ],
            locked=now >= times.cutoff,
            zones=ReaderZones(
                reader=zone_of(session, deps.settings, team_id, user_id),
                other=deps.settings.tz,
                other_name=t("time.the_team", lang),
            ),
        )
    rows = [
        _rep_row(deps, session, team_id=team_id, manager_id=user_id, rep_id=rep_id, lang=lang)
        for rep_id in manager_store.reps_of(session=session, team_id=team_id, manager_id=user_id)
    ]
    return {
        "plan": home_plan,
        "oneonone": oneonone,
        "my_manager": manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id),
        "meeting": meeting,
        "team_rows": rows,
    }


def register(app: App, deps: Deps) -> None:
    def handle_home_opened(event: dict, context, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        deps.background.submit(publish_home, deps, client, context.team_id, event["user"])

    def handle_checkin_list(ack, body: dict, action: dict, context, client: WebClient) -> None:
        """An admin adds or removes someone from the weekly check-ins in the Home tab."""
        selected = action.get("selected_user")
        if not (isinstance(selected, str) and USER_ID.fullmatch(selected)):
            raise StalePayload("selected_user is not a user id")
        ack()
        admin_id = body["user"]["id"]
        submit_answering(
            deps,
            lambda: change_checkin_list(
                deps,
                client,
                team_id=context.team_id,
                admin_id=admin_id,
                user_id=selected,
                added=action["action_id"] == CHECKIN_ADD_ACTION,
            ),
            what="the check-in list",
            team_id=context.team_id,
            user_id=admin_id,
            client=client,
        )

    app.event("app_home_opened")(handle_home_opened)
    app.action(CHECKIN_ADD_ACTION)(handle_checkin_list)
    app.action(CHECKIN_REMOVE_ACTION)(handle_checkin_list)


def change_checkin_list(
    deps: Deps, client: WebClient, *, team_id: str, admin_id: str, user_id: str, added: bool
) -> None:
    from bot.views.checkin import member_reply
    from storage import checkins as checkin_store

    if not is_admin(deps, client, team_id, admin_id):
        lang, _ = user_locale(deps, team_id, admin_id)
        publish_home(deps, client, team_id, admin_id, notice=t("checkin.error.not_admin", lang))
        return
    with deps.session_factory.write() as session:
        checkin_store.set_member(
            session=session,
            team_id=team_id,
            user_id=user_id,
            by=admin_id,
            now=deps.clock(),
            status="added" if added else "removed",
        )
    lang, _ = user_locale(deps, team_id, admin_id)
    notice = member_reply(lang, user_id=user_id, added=added)["text"]
    publish_home(deps, client, team_id, admin_id, notice=notice)
