"""The sales-culture mirror: six months of figures (the team's calendar months) for an admin
(the whole team, and each manager's team) or a manager (their own confirmed reps); anyone else
is refused. `/culture` shows the month so far; on the first working day of a month each
manager and each admin listed in ADMIN_USER_IDS gets the month that ended as a DM, with a
chart of the trends in its thread.

Only counts leave this module: no check-in note, no 1:1 text, no rep's name. The mirror is
answered to the one who asked or sent to their DM, never posted in a channel.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.agenda import looks_operational
from bot.domain.culture import (
    REPS,
    TEAM,
    ActionFact,
    CheckinFact,
    History,
    MeetingFact,
    Mirror,
    PlanFact,
    Prompt,
    TeamFigures,
    WinFact,
    figures,
    trend_months,
)
from bot.domain.errors import UserError
from bot.domain.months import month_start, next_month, previous_month, quarter_start
from bot.domain.schedule import local_moment, working_moment
from bot.jobs.outbox import MessageKind, Outgoing, Skip, Upload
from bot.jobs.people import language_of_user, zones_of
from bot.jobs.schedule import DueMessage
from bot.views import culture as views
from storage import culture as store
from storage import users as user_store
from storage.models import OutboxMessage

MIRROR_KIND = "culture"
CHART_KIND = "culture_chart"
MIRROR_STALE = timedelta(days=3)
# Obstacles solved in the window may have been raised this long before it.
OBSTACLE_LOOKBACK = timedelta(weeks=26)


class CultureRefusal(UserError):
    """A /culture for someone who is neither an admin nor anyone's confirmed manager."""


def _midnight(day: date, settings: Settings) -> datetime:
    return local_moment(day, time(0), settings.tz).astimezone(UTC)


def read_history(
    session: Session,
    settings: Settings,
    *,
    team_id: str,
    reps: set[str],
    listed: set[str],
    months: tuple[date, ...],
    now: datetime,
) -> History:
    """Everything the mirror counts for `reps` over `months`, one query per kind."""
    first, end = months[0], min(_midnight(next_month(months[-1]), settings), now)
    start = _midnight(first, settings)
    since = _midnight(min(date(first.year, 1, 1), quarter_start(first)), settings)
    wins = store.wins_with_congratulations(
        session=session, team_id=team_id, users=reps, start=since, end=end
    )
    meetings = store.meetings_around(session=session, team_id=team_id, start=start, end=end)
    ids = [row[0] for row in meetings]
    scores: dict[int, list[int]] = {}
    for meeting_id, score in store.scores_of(session=session, team_id=team_id, meeting_ids=ids):
        scores.setdefault(meeting_id, []).append(score)
    items: dict[int, list[tuple[str, bool, bool]]] = {}
    for meeting_id, kind, carried, text in store.items_of(
        session=session, team_id=team_id, meeting_ids=ids
    ):
        items.setdefault(meeting_id, []).append((kind, carried, looks_operational(text)))
    years = {month.year for month in months}
    plans = store.plans_of(session=session, team_id=team_id, users=reps, years=years)
    checkins = store.checkins_between(
        session=session,
        team_id=team_id,
        users=listed,
        first=first - OBSTACLE_LOOKBACK,
        last=end.astimezone(settings.tz).date(),
    )
    actions = store.actions_open_between(
        session=session, team_id=team_id, users=reps, start=start, end=end
    )
    return History(
        reps=frozenset(reps),
        listed=frozenset(listed),
        wins=tuple(WinFact(*row) for row in wins),
        meetings=tuple(
            MeetingFact(
                status,
                at,
                first_at or at,
                why or "",
                tuple(scores.get(mid, ())),
                tuple(items.get(mid, ())),
            )
            for mid, status, at, first_at, why in meetings
        ),
        plans=tuple(
            PlanFact(
                p.user_id,
                p.year,
                (p.agreed_at or p.changed_at) if p.status == "agreed" else None,
                p.target_clients,
                p.weekly_outreach,
            )
            for p in plans
        ),
        checkins=tuple(
            CheckinFact(user, week, prospects, tuple(filter(None, codes.split(","))))
            for user, week, prospects, codes in checkins
        ),
        actions=tuple(ActionFact(*row) for row in actions),
        prompt=Prompt(settings.checkin_weekday, settings.checkin_time),
    )


def mirror_of(
    session: Session,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    admin: bool,
    month: date,
    now: datetime,
) -> Mirror:
    """Six months of figures ending with `month` (counted up to `now` while it runs) for the
    user's people. Raises CultureRefusal("not_manager") for a user who is neither."""
    team, listed = store.team_people(session=session, team_id=team_id)
    managers = store.managers_and_reps(session=session, team_id=team_id)
    if admin:
        scope, reps = TEAM, team
    else:
        scope, reps = REPS, set(managers.get(user_id, ()))
        if not reps:
            raise CultureRefusal("not_manager")
    months = trend_months(month)
    history = read_history(
        session,
        settings,
        team_id=team_id,
        reps=reps,
        listed=reps & listed,
        months=months,
        now=now,
    )
    tz = settings.tz
    teams: tuple[TeamFigures, ...] = ()
    if admin and len(managers) > 1:
        teams = tuple(
            TeamFigures(manager, figures(history.of(own), months[-1], now=now, tz=tz))
            for manager, own in managers.items()
        )
    return Mirror(
        scope=scope,
        today=min(now, _midnight(next_month(month), settings) - timedelta(seconds=1))
        .astimezone(tz)
        .date(),
        months=tuple(figures(history, first, now=now, tz=tz) for first in months),
        teams=teams,
    )


def mirror(deps: Deps, *, team_id: str, user_id: str, admin: bool) -> Mirror:
    """`/culture`: the month so far and the five before it, for the asker's people."""
    now = deps.clock().astimezone(UTC)
    with deps.session_factory() as session:
        return mirror_of(
            session,
            deps.settings_for(team_id),
            team_id=team_id,
            user_id=user_id,
            admin=admin,
            month=month_start(now.astimezone(deps.settings_for(team_id).tz).date()),
            now=now,
        )


# ------------------------------------------------------------------------------ the monthly DM


def mirror_key(user_id: str, month: date) -> str:
    """The outbox key of one person's mirror of `month`: "culture:U123:2026-11"."""
    return f"{MIRROR_KIND}:{user_id}:{month:%Y-%m}"


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """Each manager's (and listed admin's) mirror of last month, on the first working day of
    the month at DIGEST_TIME in their own zone, once the team's month (in its zone) has ended."""
    zones: dict[tuple[str, str], ZoneInfo] | None = None
    inactive: set[tuple[str, str]] = set()
    found: list[DueMessage] = []
    for team_id in store.teams_with_reps(session=session):
        settings = settings_for(team_id)
        month = previous_month(month_start(now.astimezone(settings.tz).date()))
        ended = _midnight(next_month(month), settings)
        # Due on the first working day after the month (at most five days later, Easter) and
        # stale MIRROR_STALE after that: most of the month there is nothing to look at.
        if not ended <= now < ended + timedelta(days=5) + MIRROR_STALE + timedelta(days=1):
            continue
        start = _midnight(month, settings)
        if not store.anything_between(session=session, team_id=team_id, start=start, end=ended):
            continue  # a month with nothing to count: no mirror (and no ledger row)
        if zones is None:
            zones = zones_of(session)
            inactive = user_store.inactive_users(session=session)
        people = set(store.managers_and_reps(session=session, team_id=team_id))
        for user_id in sorted(
            (people | settings.admin_user_ids) - {u for t, u in inactive if t == team_id}
        ):
            tz = zones.get((team_id, user_id), settings.tz)
            due = max(
                ended,
                working_moment(
                    next_month(month),
                    settings.digest_time,
                    tz,
                    holidays_country=settings.holidays_country,
                    later=True,
                ),
            )
            if due > now:
                continue
            key, payload = mirror_key(user_id, month), {"user": user_id, "month": f"{month:%Y-%m}"}
            stale = due + MIRROR_STALE
            found += [
                DueMessage(team_id, key, MIRROR_KIND, user_id, payload, due, stale),
                DueMessage(
                    team_id,
                    f"{key}:chart",
                    CHART_KIND,
                    user_id,
                    payload | {"after_key": key},
                    due,
                    stale,
                ),
            ]
    return found


def _mirror_of_row(row: OutboxMessage, session: Session, settings: Settings) -> tuple[Mirror, str]:
    payload = json.loads(row.payload or "{}")
    user_id, month = payload["user"], date.fromisoformat(payload["month"] + "-01")
    user = user_store.get_user(session=session, team_id=row.team_id, user_id=user_id)
    admin = user_id in settings.admin_user_ids or bool(user and user.is_admin)
    try:
        shown = mirror_of(
            session,
            settings,
            team_id=row.team_id,
            user_id=user_id,
            admin=admin,
            month=month,
            now=_midnight(next_month(month), settings),
        )
    except CultureRefusal:
        raise Skip("no reps any more") from None
    if not shown.current.counted:
        raise Skip("nothing counted that month")
    return shown, language_of_user(session, settings, row.team_id, user_id)


def render_mirror(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The month that ended, to the manager's or admin's DM only."""
    shown, lang = _mirror_of_row(row, session, settings)
    message = views.mirror_reply(lang, shown, zone=settings.tz, monthly=True)
    return Outgoing(row.channel, message["text"], message["blocks"])


def mirror_chart(row: OutboxMessage, session: Session, settings: Settings) -> Upload:
    """The six months' trends as a PNG with its alt text, in the DM's thread."""
    shown, lang = _mirror_of_row(row, session, settings)
    title = views.chart_title(lang, shown)
    return Upload(
        views.trend_chart(lang, shown, title=title),
        f"culture-{shown.current.month:%Y-%m}.png",
        title,
        alt_text=views.chart_alt_text(lang, shown),
    )


MESSAGE_KINDS: tuple[MessageKind, ...] = (
    MessageKind(MIRROR_KIND, render=render_mirror),
    MessageKind(CHART_KIND, attachment=mirror_chart),
)
