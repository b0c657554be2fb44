"""The sales-culture mirror's use case: the current month so far (team time zone) for an
admin (the whole team: every rep with a manager or on the check-in list) or a manager (their
own confirmed reps); anyone else is refused.

Only counts leave this module: no check-in note, no rep's name. Nothing is queued: the
mirror is answered to the one who asked, never posted in a channel.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.config import Settings
from bot.deps import Deps
from bot.domain.checkins import top_obstacles
from bot.domain.culture import (
    REPS,
    TEAM,
    TOP_OBSTACLES,
    Mirror,
    mondays_so_far,
    month_start,
    quarter_start,
)
from bot.domain.errors import UserError
from bot.jobs.outbox import MessageKind
from storage import culture as store
from storage import managers as manager_store

# The mirror is answered to the asker only: no message of its own in the outbox.
MESSAGE_KINDS: tuple[MessageKind, ...] = ()


class CultureRefusal(UserError):
    """A /culture for someone who is neither an admin nor anyone's confirmed manager."""


def _midnight(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(0), tzinfo=settings.tz).astimezone(UTC)


def mirror(deps: Deps, *, team_id: str, user_id: str, admin: bool) -> Mirror:
    """The month so far for the asker's people: the team's check-in list for an admin, their
    own reps for a manager. Raises CultureRefusal("not_manager") for anyone else."""
    settings = deps.settings
    now = deps.clock().astimezone(UTC)
    today = now.astimezone(settings.tz).date()
    month = _midnight(month_start(today), settings)
    weeks = mondays_so_far(today)
    with deps.session_factory() as session:
        team, listed = store.team_people(session=session, team_id=team_id)
        if admin:
            scope, reps = TEAM, team
        else:
            scope = REPS
            reps = set(manager_store.reps_of(session=session, team_id=team_id, manager_id=user_id))
            if not reps:
                raise CultureRefusal("not_manager")
        wins = store.wins_between(
            session=session,
            team_id=team_id,
            users=reps,
            start=_midnight(quarter_start(today), settings),
            end=now,
        )
        month_wins = [win_id for win_id, _, at in wins if at >= month]
        planned = store.with_agreed_plan(
            session=session, team_id=team_id, users=reps, year=today.year
        )
        meetings = store.meetings_around(session=session, team_id=team_id, start=month, end=now)
        # Held or not is judged at the time a meeting was first planned; a rating belongs
        # to the month the meeting took place in.
        due = [(status, first or at) for _, status, at, first in meetings]
        due = [(status, at) for status, at in due if month <= at < now]
        took_place = [
            mid for mid, status, at, _ in meetings if status != "cancelled" and month <= at < now
        ]
        scores = store.scores_of(session=session, team_id=team_id, meeting_ids=took_place)
        on_list = reps & listed
        reasons = store.checkin_reasons(
            session=session, team_id=team_id, users=on_list, weeks=weeks
        )
        congratulations = store.congratulations_on(
            session=session, team_id=team_id, win_ids=month_wins
        )
    obstacles = top_obstacles([(tuple(filter(None, codes.split(","))), "") for _, codes in reasons])
    return Mirror(
        scope=scope,
        today=today,
        reps=len(reps),
        hunters=len({user for _, user, _ in wins}),
        new_clients=len(month_wins),
        agreed_plans=len(planned),
        held=sum(1 for status, _ in due if status == "planned"),
        moved=sum(1 for status, _ in due if status == "moved"),
        cancelled=sum(1 for status, _ in due if status == "cancelled"),
        ratings=tuple(sorted(scores)),
        weeks=len(weeks),
        listed=len(on_list),
        checkins=len(reasons),
        obstacles=tuple((o.reason, o.count) for o in obstacles[:TOP_OBSTACLES]),
        congratulations=congratulations,
    )
