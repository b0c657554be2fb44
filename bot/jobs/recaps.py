"""The recaps in the wins channel: on the first working day after a month (and a quarter, and
a year) the period that just ended in new clients (against the period before and the shared
account plans' pace prorated to it), its hunters, its best story, and in the thread a chart of
the year so far.

Exactly once per team and period through the outbox (keyed by the period: "recap:2027-03",
"recap:2027-Q1", "recap:2027"); on a day that ends several periods the month's recap comes
first, then the quarter's, then the year's. A recap the bot was down for is still posted
within RECAP_STALE_WORKING_DAYS working days of its moment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time

from sqlmodel import Session

from bot.config import Settings
from bot.domain.recaps import (
    Period,
    Recap,
    StoryCandidate,
    best_story,
    hunters,
    monthly_pace,
    periods_ended,
    recap_moment,
    recap_stale_at,
)
from bot.domain.schedule import local_moment
from bot.domain.workdays import is_working_day
from bot.jobs.badges import earned_in
from bot.jobs.outbox import MessageKind, Outgoing, Upload
from bot.jobs.schedule import DueMessage
from bot.views import badges as badge_views
from bot.views import recaps as views
from storage import recaps as store
from storage.models import OutboxMessage

RECAP_KIND = "recap"
CHART_KIND = "recap_chart"


def recap_key(period: Period) -> str:
    """The outbox key of the recap of `period`: "recap:2027-03", "recap:2027-Q1", "recap:2027"."""
    return f"{RECAP_KIND}:{period.label}"


def chart_key(period: Period) -> str:
    """The chart's key: posted in the thread of the recap's."""
    return f"{recap_key(period)}:chart"


def period_recap(session: Session, settings: Settings, *, team_id: str, period: Period) -> Recap:
    """The figures of `period` for `team_id`; periods are the team's calendar months,
    quarters and years (TEAM_TIMEZONE)."""
    tz = settings.tz

    def moment(day: date) -> datetime:
        return local_moment(day, time(0), tz)

    year = period.start.year
    end = moment(period.end)
    wins = store.wins_between(session=session, team_id=team_id, start=moment(period.start), end=end)
    before = period.previous()
    per_month = [0] * 12
    previous = 0
    start = moment(min(date(year, 1, 1), before.start))
    for logged in store.win_moments(session=session, team_id=team_id, start=start, end=end):
        local = logged.astimezone(tz).date()
        if local.year == year:
            per_month[local.month - 1] += 1
        if before.start <= local < before.end:
            previous += 1
    named, most = hunters(win.user_id for win in wins)
    story = best_story(
        StoryCandidate(w.id, w.congratulations, w.created_at, w.story, w.user_id, w.client_name)
        for w in wins
    )
    return Recap(
        period=period,
        new_clients=len(wins),
        previous=previous,
        pace=monthly_pace(store.shared_targets(session=session, team_id=team_id, year=year)),
        hunters=named,
        hunter_wins=most,
        story=story,
        per_month=per_month[: period.last_month.month],
    )


# ------------------------------------------------------------------------------ due work and renderers


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """Each team's recaps of the periods that just ended (each with its chart) once their
    moment has come in the team's settings: the month's for every team that has logged a win
    before it ended, the quarter's and the year's only for a team with a new client in them.
    A team without a wins channel gets none (its admins choose one first)."""
    # Teams sharing a zone, holidays, time and channel share the work: one query per period.
    groups: dict[tuple[str, str, time, str], list[str]] = {}
    for team_id in store.recap_teams(session=session, before=now):
        settings = settings_for(team_id)
        if not settings.wins_channel:
            continue
        key = (
            settings.team_timezone,
            settings.holidays_country,
            settings.agenda_open_time,
            settings.wins_channel,
        )
        groups.setdefault(key, []).append(team_id)
    found: list[DueMessage] = []
    for team_ids in groups.values():
        found += _due_for(session, settings_for(team_ids[0]), set(team_ids), now)
    return found


def _due_for(
    session: Session, settings: Settings, team_ids: set[str], now: datetime
) -> list[DueMessage]:
    tz, country = settings.tz, settings.holidays_country
    today = now.astimezone(tz).date()
    if not is_working_day(today, holidays_country=country):
        return []  # caught up after downtime: not on a weekend or holiday either
    by_team: dict[str, list[DueMessage]] = {}
    for period in periods_ended(today):
        due = recap_moment(period, at=settings.agenda_open_time, tz=tz, holidays_country=country)
        if due > now:
            continue
        stale = recap_stale_at(due, tz=tz, holidays_country=country)
        end = local_moment(period.end, time(0), tz)
        if period.kind == "month":
            teams = store.recap_teams(session=session, before=end)
        else:
            start = local_moment(period.start, time(0), tz)
            teams = store.teams_with_wins(session=session, start=start, end=end)
        post, chart = recap_key(period), chart_key(period)
        payload = {"period": period.label}
        channel = settings.wins_channel
        for team_id in teams:
            if team_id not in team_ids:
                continue
            queued = by_team.setdefault(team_id, [])
            # The quarter's recap follows the month's, the year's the one before it.
            follows = {"follows": queued[-2].key} if queued else {}
            queued += [
                DueMessage(team_id, post, RECAP_KIND, channel, payload | follows, due, stale),
                DueMessage(
                    team_id, chart, CHART_KIND, channel, payload | {"after_key": post}, due, stale
                ),
            ]
    return [message for queued in by_team.values() for message in queued]


def _period_of(row: OutboxMessage) -> Period:
    payload = json.loads(row.payload or "{}")
    # Rows queued before quarters and years were recapped name their month.
    return Period.parse(payload.get("period") or payload["month"])


def render_recap(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The recap post, from the figures as they are now."""
    period = _period_of(row)
    recap = period_recap(session, settings, team_id=row.team_id, period=period)
    lang = settings.bot_locale
    badges = None
    if period.kind == "month":  # a quarter's badges are earned in its last month
        start = period.start
        earned = earned_in(
            session, settings, team_id=row.team_id, year=start.year, month=start.month
        )
        badges = badge_views.recap_line(lang, earned)
    message = views.recap_message(lang, recap, badges=badges)
    return Outgoing(row.channel, message["text"], message["blocks"])


def recap_chart(row: OutboxMessage, session: Session, settings: Settings) -> Upload:
    """The PNG of new clients per month this year against the pace, with the figures in
    words as its alt text."""
    recap = period_recap(session, settings, team_id=row.team_id, period=_period_of(row))
    lang = settings.bot_locale
    title = views.chart_title(lang, recap)
    png = views.recap_chart(lang, recap, title=title)
    filename = f"new-clients-{recap.period.label}.png"
    return Upload(png, filename, title, alt_text=views.chart_alt_text(lang, recap))


MESSAGE_KINDS = (
    MessageKind(RECAP_KIND, render=render_recap),
    MessageKind(CHART_KIND, attachment=recap_chart),
)
