"""The monthly recap in the wins channel: on the first working day of a month, the month that
just ended in new clients (against the month before and the shared account plans' pace), its
hunters, its best story, and in the thread a chart of the year so far.

Exactly once per team and month through the outbox (keyed by the month); a recap the bot was
down for is still posted within RECAP_STALE of its moment.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlmodel import Session

from bot.config import Settings
from bot.domain.recaps import (
    RECAP_STALE,
    MonthRecap,
    StoryCandidate,
    best_story,
    hunters,
    month_label,
    month_start,
    monthly_pace,
    next_month,
    previous_month,
    recap_moment,
)
from bot.domain.schedule import local_moment
from bot.domain.workdays import is_working_day
from bot.jobs.outbox import MessageKind, Outgoing
from bot.jobs.schedule import DueMessage
from bot.views import recaps as views
from storage import recaps as store
from storage.models import OutboxMessage

RECAP_KIND = "recap"
CHART_KIND = "recap_chart"


def recap_key(month: date) -> str:
    """The outbox key of the recap of `month` (any day of it): "recap:2027-03"."""
    return f"{RECAP_KIND}:{month_label(month_start(month))}"


def chart_key(month: date) -> str:
    """The chart's key: posted in the thread of the recap's."""
    return f"{recap_key(month)}:chart"


def month_recap(session: Session, settings: Settings, *, team_id: str, month: date) -> MonthRecap:
    """The figures of `month` (any day of it) for `team_id`; months are the team's calendar
    months (TEAM_TIMEZONE)."""
    tz, first = settings.tz, month_start(month)

    def moment(day: date) -> datetime:
        return local_moment(day, time(0), tz)

    start, end = moment(first), moment(next_month(first))
    wins = store.wins_between(session=session, team_id=team_id, start=start, end=end)
    before = previous_month(first)
    year_from = moment(min(date(first.year, 1, 1), before))
    per_month = [0] * 12
    last_month = 0
    for logged in store.win_moments(session=session, team_id=team_id, start=year_from, end=end):
        local = logged.astimezone(tz).date()
        if local.year == first.year:
            per_month[local.month - 1] += 1
        if month_start(local) == before:
            last_month += 1
    named, most = hunters(win.user_id for win in wins)
    story = best_story(
        StoryCandidate(w.id, w.congratulations, w.created_at, w.story, w.user_id, w.client_name)
        for w in wins
    )
    return MonthRecap(
        month=first,
        new_clients=len(wins),
        last_month=last_month,
        pace=monthly_pace(store.shared_targets(session=session, team_id=team_id, year=first.year)),
        hunters=named,
        hunter_wins=most,
        story=story,
        per_month=per_month[: first.month],
    )


# ------------------------------------------------------------------------------ due work and renderers


def due_messages(session: Session, settings: Settings, now: datetime) -> list[DueMessage]:
    """Each team's recap of last month (and its chart) once its moment has come."""
    tz = settings.tz
    this_month = month_start(now.astimezone(tz).date())
    month = previous_month(this_month)
    due = recap_moment(
        month, at=settings.agenda_open_time, tz=tz, holidays_country=settings.holidays_country
    )
    if due > now:
        return []
    if not is_working_day(now.astimezone(tz).date(), holidays_country=settings.holidays_country):
        return []  # caught up after downtime: not on a weekend or holiday either
    month_end = local_moment(this_month, time(0), tz)
    post, chart = recap_key(month), chart_key(month)
    payload = {"month": month_label(month)}
    found: list[DueMessage] = []
    for team_id in store.recap_teams(session=session, before=month_end):
        channel, stale = settings.wins_channel, due + RECAP_STALE
        found += [
            DueMessage(team_id, post, RECAP_KIND, channel, payload, due, stale),
            DueMessage(
                team_id, chart, CHART_KIND, channel, payload | {"after_key": post}, due, stale
            ),
        ]
    return found


def _month_of(row: OutboxMessage) -> date:
    return date.fromisoformat(json.loads(row.payload or "{}")["month"] + "-01")


def render_recap(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The recap post, from the figures as they are now."""
    recap = month_recap(session, settings, team_id=row.team_id, month=_month_of(row))
    message = views.recap_message(settings.bot_locale, recap)
    return Outgoing(row.channel, message["text"], message["blocks"])


def recap_chart(row: OutboxMessage, session: Session, settings: Settings) -> tuple[bytes, str, str]:
    """(PNG, file name, title) of new clients per month this year against the pace."""
    recap = month_recap(session, settings, team_id=row.team_id, month=_month_of(row))
    lang = settings.bot_locale
    title = views.chart_title(lang, recap)
    png = views.recap_chart(lang, recap, title=title)
    return png, f"new-clients-{month_label(recap.month)}.png", title


MESSAGE_KINDS = (
    MessageKind(RECAP_KIND, render=render_recap),
    MessageKind(CHART_KIND, attachment=recap_chart),
)
