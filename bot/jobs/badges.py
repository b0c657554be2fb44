"""Streaks and badges: a rep's badges for the Home tab, and the badges a month brought for the
monthly recap. Months and years are the team's calendar (TEAM_TIMEZONE); check-in weeks are the
Mondays the rep was asked for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.badges import (
    CODES,
    STREAK_BADGE,
    Badge,
    asked_weeks,
    checkin_score,
    last_quarter,
    month_streak,
    quarter_bounds,
    quarter_of,
    streak_reached,
)
from bot.domain.months import add_months, next_month
from bot.domain.recaps import hunters
from bot.domain.schedule import local_moment
from bot.jobs.checkins import PROMPT_KIND
from bot.jobs.people import zone_of
from storage import badges as store
from storage import checkins as checkin_store
from storage import users as user_store

MESSAGE_KINDS = ()
_MONTHS_BACK = 12  # a streak of 12 is told apart from one of 13 by the month before it


def _moment(settings: Settings, day: date) -> datetime:
    return local_moment(day, time(0), settings.tz)


def _checkin_badges(
    session: Session,
    settings: Settings,
    *,
    team_id: str,
    quarter: tuple[int, int],
    today: date | None = None,
) -> dict[str, Badge]:
    """Rep -> every_checkin of the (year, quarter) for everyone on the check-in list: earned
    when every week asked up to `today` (a finished quarter: its end, so a week running into
    the next quarter counts once checked in) has its check-in."""
    year, number = quarter
    start, end = quarter_bounds(year, number)
    listed = checkin_store.listed_since(session=session)
    checked = store.checked_weeks(session=session, team_id=team_id, start=start, end=end)
    # The prompts the bot skipped are the record of who was away when: the list's away date
    # is only the latest one.
    skipped = store.skipped_prompts(
        session=session, team_id=team_id, kind=PROMPT_KIND, start=start, end=end
    )
    found = {}
    for team, rep in checkin_store.checkin_people(session=session):
        if team != team_id:
            continue
        joined = listed.get((team, rep))
        asked = asked_weeks(
            start,
            end,
            listed=joined.astimezone(settings.tz).date() if joined else None,
            skipped=skipped.get(rep, set()),
            holidays_country=settings.holidays_country,
            prompt_weekday=settings.checkin_weekday,
        )
        done, of = checkin_score(asked, checked.get(rep, set()), today=today or end)
        found[rep] = Badge("every_checkin", done, year, number, of, earned=0 < done == of)
    return found


def _storytellers(
    session: Session, settings: Settings, *, team_id: str, quarter: tuple[int, int]
) -> list[tuple[str, Badge]]:
    """The reps who brought most success stories to the (year, quarter)'s meetings (ties
    share the badge)."""
    year, number = quarter
    start, end = quarter_bounds(year, number)
    told = store.stories_told(
        session=session,
        team_id=team_id,
        start=_moment(settings, start),
        end=_moment(settings, end),
    )
    reps, most = hunters(rep for rep, n in told.items() for _ in range(n))
    return [(rep, Badge("storyteller", most, year, number)) for rep in reps]


def badges_of(deps: Deps, *, team_id: str, user_id: str) -> list[Badge]:
    """The rep's badges now, and their progress: the year's first new client, their streak of
    months, this quarter's check-ins so far, and last quarter's check-in and story badges."""
    settings, now = deps.settings_for(team_id), deps.clock()
    today = now.astimezone(settings.tz).date()
    year_start = date(today.year, 1, 1)
    found: list[Badge] = []
    with deps.session_factory() as session:
        first = store.first_wins(
            session=session,
            team_id=team_id,
            user_id=user_id,
            start=_moment(settings, year_start),
            end=_moment(settings, date(today.year + 1, 1, 1)),
        ).get(user_id)
        if first is not None:
            found.append(Badge("first_of_year", first.astimezone(settings.tz).month, today.year))
        wins = store.win_moments(
            session=session,
            team_id=team_id,
            user_id=user_id,
            start=_moment(settings, date(1970, 1, 1)),
            end=now,
        )
        months = month_streak((w.astimezone(settings.tz).date() for _, w in wins), this_month=today)
        if months:
            found.append(Badge("streak", months, today.year, earned=months >= STREAK_BADGE))
        this, last = quarter_of(today), last_quarter(today)
        rep_today = now.astimezone(zone_of(session, settings, team_id, user_id)).date()
        progress = _checkin_badges(
            session, settings, team_id=team_id, quarter=this, today=rep_today
        )
        done = _checkin_badges(session, settings, team_id=team_id, quarter=last)
        if user_id in progress and progress[user_id].of:
            found.append(replace(progress[user_id], earned=False))  # the quarter is not over
        if user_id in done and done[user_id].earned:
            found.append(done[user_id])
        tellers = _storytellers(session, settings, team_id=team_id, quarter=last)
        found += [badge for rep, badge in tellers if rep == user_id]
    return found


def earned_in(
    session: Session, settings: Settings, *, team_id: str, year: int, month: int
) -> list[tuple[str, Badge]]:
    """(rep, badge) newly earned in the month: the year's first new client, a streak reaching
    3, 6 or 12 months, and in a quarter's last month that quarter's check-in and story badges.
    The recap is public and check-ins are private: the check-in badge is only named for reps
    who share their check-ins with the team (`/checkin share`). Reps deleted or deactivated
    in Slack are left out."""
    first = date(year, month, 1)
    start, end = _moment(settings, first), _moment(settings, next_month(first))
    found: list[tuple[str, Badge]] = [
        (rep, Badge("first_of_year", month, year))
        for rep, won in store.first_wins(
            session=session, team_id=team_id, start=_moment(settings, date(year, 1, 1)), end=end
        ).items()
        if won >= start
    ]
    months: dict[str, list[date]] = {}
    since = _moment(settings, add_months(first, -_MONTHS_BACK))
    for rep, won in store.win_moments(session=session, team_id=team_id, start=since, end=end):
        months.setdefault(rep, []).append(won.astimezone(settings.tz).date())
    for rep, days in months.items():
        reached = streak_reached(days, month=first)
        if reached:
            found.append((rep, Badge("streak", reached, year)))
    if month % 3 == 0:
        quarter = (year, month // 3)
        checkins = _checkin_badges(session, settings, team_id=team_id, quarter=quarter)
        sharing = {
            rep
            for (team, rep), row in checkin_store.checkin_people(session=session).items()
            if team == team_id and row is not None and row.shares_outreach
        }
        found += [
            (rep, badge) for rep, badge in checkins.items() if badge.earned and rep in sharing
        ]
        found += _storytellers(session, settings, team_id=team_id, quarter=quarter)
    inactive = user_store.inactive_users(session=session)
    found = [(rep, badge) for rep, badge in found if (team_id, rep) not in inactive]
    return sorted(found, key=lambda pair: (CODES.index(pair[1].code), pair[0]))
