"""The Home tab's data (wins, plan and pace, next 1:1 and sales meeting, a row per rep one
manages, whether a rep's first meetings booked show on /leaderboard, an admin's check-in list)
and a rep's choice made there; bot.views.home shows it. An admin's changes to the check-in list
are bot.jobs.checkins.change_list, the same as `/checkin add`."""

from __future__ import annotations

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import UserError
from bot.domain.formatting import format_money
from bot.domain.plans import COMING_YEAR_MONTH, pace
from bot.jobs.badges import badges_of
from bot.jobs.checkins import set_sharing
from bot.jobs.meetings import reader_zones, times_of
from bot.jobs.oneonones import action_views, next_oneonone, prepared_for_next, zones_for
from bot.jobs.plans import progress_of, working_plan
from bot.views.checkins import stored_checkin_line
from bot.views.home import HomeMeeting, HomeOneOnOne, HomePlan, HomeRepRow, HomeTab, HomeWin
from bot.views.plans import progress_text
from storage import agenda as agenda_store
from storage import checkins as checkin_store
from storage import managers as manager_store
from storage import meetings as meeting_store
from storage import oneonones as oneonone_store
from storage import plans as plan_store
from storage import wins as win_store
from storage.models import AccountPlan, CheckinMember, Win

RECENT = 5


class HomeRefusal(UserError):
    """A change on the Home tab that is not the person's to make (code: not_listed, a rep's
    sharing toggle clicked by someone not on the check-in list, e.g. from an older Home tab)."""


def home_tab(deps: Deps, *, team_id: str, user_id: str, lang: str, admin: bool) -> HomeTab:
    """Everything the viewer's Home tab shows, in the team's settings, read in one session."""
    settings = deps.settings_for(team_id)
    year = deps.clock().astimezone(settings.tz).year
    badges = badges_of(deps, team_id=team_id, user_id=user_id)
    with deps.session_factory() as session:
        people = checkin_store.checkin_people(session=session)
        mine = win_store.wins_of_year(
            session=session, team_id=team_id, year=year, user_id=user_id, limit=RECENT
        )
        team = win_store.wins_of_year(session=session, team_id=team_id, year=year, limit=RECENT)
        return HomeTab(
            year=year,
            rep_count=win_store.count_wins(
                session=session, team_id=team_id, year=year, user_id=user_id
            ),
            team_count=win_store.count_wins(session=session, team_id=team_id, year=year),
            mine=_shown(settings, mine, lang),
            team=_shown(settings, team, lang),
            plan=_home_plan(deps, session, team_id=team_id, user_id=user_id, lang=lang),
            oneonone=_my_oneonone(deps, session, team_id=team_id, user_id=user_id),
            my_manager=manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id),
            meeting=_next_meeting(deps, session, team_id=team_id, user_id=user_id, lang=lang),
            team_rows=[
                _rep_row(deps, session, team_id=team_id, manager_id=user_id, rep_id=rep, lang=lang)
                for rep in manager_store.reps_of(
                    session=session, team_id=team_id, manager_id=user_id
                )
            ],
            outreach_shared=_outreach_shared(people, team_id, user_id),
            # Reps (on the check-in list or with a manager) see their badges, others only
            # once they have earned one.
            badges=badges if badges or (team_id, user_id) in people else None,
            admin_checkin_people=_listed(people, team_id) if admin else None,
            # The team's own admins too: they may have been chosen in its settings.
            workspace_admin=admin or user_id in settings.admin_user_ids,
            needs_setup=not settings.wins_channel,
        )


def share_outreach(deps: Deps, *, team_id: str, user_id: str, shares: bool) -> None:
    """The rep's toggle on their Home tab: their first meetings booked on /leaderboard, or
    private again (as `/checkin share|private`). Only for someone on the check-in list; raises
    HomeRefusal("not_listed") otherwise."""
    with deps.session_factory() as session:
        people = checkin_store.checkin_people(session=session)
    if _outreach_shared(people, team_id, user_id) is None:
        raise HomeRefusal("not_listed")
    set_sharing(deps, team_id=team_id, user_id=user_id, shares=shares)


def _shown(settings: Settings, wins: list[Win], lang: str) -> list[HomeWin]:
    return [
        HomeWin(
            client=w.client_name,
            rep_id=w.user_id,
            value=format_money(w.amount_cents, w.currency or settings.default_currency, lang)
            if w.amount_cents is not None
            else None,
            day=w.created_at.astimezone(settings.tz).date(),
        )
        for w in wins
    ]


def _listed(people: dict[tuple[str, str], CheckinMember | None], team_id: str) -> list[str]:
    return sorted(user for team, user in people if team == team_id)


def _outreach_shared(
    people: dict[tuple[str, str], CheckinMember | None], team_id: str, user_id: str
) -> bool | None:
    """Whether a person on the check-in list shares their first meetings booked; None when
    they are not on it (the toggle is not theirs)."""
    if (team_id, user_id) not in people:
        return None
    row = people[(team_id, user_id)]
    return bool(row and row.shares_outreach)


def _last_checkin(session: Session, team_id: str, rep_id: str, lang: str) -> str | None:
    latest = checkin_store.checkins_of(session=session, team_id=team_id, user_id=rep_id, limit=1)
    if not latest:
        return None
    return stored_checkin_line(lang, latest[0])


def _home_plan(deps: Deps, session: Session, *, team_id: str, user_id: str, lang: str) -> HomePlan:
    """The plan the rep is working on, with the next (or new) year's offered when it is due."""
    plan, choice = working_plan(deps, session, team_id=team_id, rep_id=user_id, year=None)
    if plan is None:
        return HomePlan(
            year=choice.offer or deps.clock().astimezone(deps.settings_for(team_id).tz).year,
            status=None,
        )
    return HomePlan(
        year=plan.year,
        status=plan.status,
        progress_line=progress_text(lang, progress_of(deps, session, plan, lang)),
        offer_year=choice.offer,
    )


def _my_oneonone(
    deps: Deps, session: Session, *, team_id: str, user_id: str
) -> HomeOneOnOne | None:
    """The viewer's next 1:1 as a rep, with its open action points."""
    series = oneonone_store.series_for_rep(session=session, team_id=team_id, rep_id=user_id)
    if series is None or (upcoming := next_oneonone(session, series, deps.clock())) is None:
        return None
    prep = oneonone_store.get_prep(
        session=session, series_id=series.id or 0, day=upcoming.day, user_id=user_id
    )
    return HomeOneOnOne(
        series_id=series.id or 0,
        other_id=series.manager_id,
        starts_at=upcoming.starts_at,
        day=upcoming.day,
        actions=action_views(session, series.id or 0),
        prepared=prep is not None,
        zones=zones_for(session, deps.settings_for(team_id), series, user_id),
    )


def _next_meeting(
    deps: Deps, session: Session, *, team_id: str, user_id: str, lang: str
) -> HomeMeeting | None:
    """The next sales meeting with the viewer's own agenda items."""
    now = deps.clock()
    coming = meeting_store.next_meeting(session=session, team_id=team_id, after=now)
    if coming is None:
        return None
    settings = deps.settings_for(team_id)
    times = times_of(coming, settings)
    items = agenda_store.active_items(session=session, meeting_id=coming.id or 0)
    return HomeMeeting(
        meeting_id=coming.id or 0,
        starts_at=times.starts_at,
        my_items=[item.title for item in items if item.user_id == user_id],
        locked=now >= times.cutoff,
        zones=reader_zones(session, settings, team_id, user_id, lang),
    )


def _rep_row(
    deps: Deps, session: Session, *, team_id: str, manager_id: str, rep_id: str, lang: str
) -> HomeRepRow:
    """One rep in the manager's table: this year's plan and pace, the next 1:1 and open action
    points (of 1:1s with this manager), the latest check-in; from December next year's plan."""
    now = deps.clock()
    today = now.astimezone(deps.settings_for(team_id).tz).date()

    def plan_of(year: int) -> AccountPlan | None:
        return plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)

    rep_plan = plan_of(today.year)
    won, value = plan_store.wins_of(
        session=session, team_id=team_id, user_id=rep_id, year=today.year
    )
    result = rep_plan and pace(
        target=rep_plan.target_clients, won=won, value_won_cents=value, year=today.year, today=today
    )
    next_year = next_plan = None
    if today.month == COMING_YEAR_MONTH:
        next_year = today.year + 1
        next_plan = plan_of(next_year)
    upcoming, actions, prepared, zones = None, 0, False, None
    series = oneonone_store.series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
    if series is not None and series.manager_id == manager_id:
        upcoming = next_oneonone(session, series, now)
        actions = len(oneonone_store.open_action_points(session=session, series_id=series.id or 0))
        prepared = prepared_for_next(session, series, now)
        zones = zones_for(session, deps.settings_for(team_id), series, manager_id)
    return HomeRepRow(
        rep_id=rep_id,
        plan_status=rep_plan.status if rep_plan else None,
        won=won,
        target=rep_plan.target_clients if rep_plan else None,
        expected=result.expected if result else None,
        pace=result.status if result else None,
        next_oneonone=upcoming.starts_at if upcoming else None,
        open_actions=actions,
        last_checkin=_last_checkin(session, team_id, rep_id, lang),
        next_year=next_year,
        next_plan_status=next_plan.status if next_plan else None,
        prepared=prepared,
        zones=zones,
    )
