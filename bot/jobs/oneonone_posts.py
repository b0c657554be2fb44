"""The 1:1 nudges: which are due (for the scheduling pass) and what they say (for the outbox).

Before each 1:1 the manager gets the rep's plan and pace, wins since the last 1:1, the rep's
preparation and open action points, and the two questions; the rep gets a prompt to prepare.
After it both get a button to log action points. Keys carry the occurrence's date and start,
so a moved 1:1 is nudged for its new time and a skipped one not at all.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.domain.accountplan import pace
from bot.domain.checkin import week_label
from bot.domain.oneonone import Occurrence, OneOnOneRule, occurrences
from bot.domain.schedule import DueSend
from bot.jobs.meeting_posts import Outgoing, Skip
from bot.jobs.people import language_of_user
from bot.views import oneonone as views
from bot.views.checkin import checkin_line
from storage import checkins as checkin_store
from storage import oneonones as store
from storage import plans as plan_store
from storage import users as user_store
from storage.models import OneOnOneSeries

NUDGE_KINDS = frozenset({"oneonone_manager", "oneonone_rep", "oneonone_after"})
AFTER_STALE = timedelta(days=2)


def rule_of(series: OneOnOneSeries) -> OneOnOneRule:
    return OneOnOneRule(
        freq=series.freq,
        interval=series.interval,
        weekday=series.weekday,
        nth=series.nth,
        at=time(series.at_minutes // 60, series.at_minutes % 60),
        duration_minutes=series.duration_minutes,
    )


def series_occurrences(
    session: Session,
    series: OneOnOneSeries,
    *,
    start: datetime,
    end: datetime,
    changes: tuple[set[date], dict[date, datetime]] | None = None,
) -> list[Occurrence]:
    """The series' 1:1s starting in [start, end), skips and moves applied (`changes`, when
    the caller fetched them for many series at once)."""
    skipped, moved = changes or store.changes(session=session, series_id=series.id or 0)
    # Nothing before the series existed: set up on a Tuesday at 11:00, "tuesdays at 10:00"
    # starts next week.
    return [
        occurrence
        for occurrence in occurrences(
            rule_of(series),
            tz=ZoneInfo(series.tz),
            first_day=series.first_day,
            start=max(start, series.created_at),
            end=end,
            skipped=skipped,
            moved=moved,
        )
        if occurrence.starts_at >= series.created_at
    ]


def nudge_candidates(
    session: Session, settings: Settings, now: datetime
) -> list[tuple[str, DueSend, str, dict]]:
    """(team, send, channel, payload) for every 1:1 nudge due by `now` (claimed or not)."""
    lead = timedelta(hours=settings.oneonone_nudge_hours)
    found = []
    every_change = store.all_changes(session=session)  # one query, not one per series
    inactive = user_store.inactive_users(session=session)
    for series in store.active_series(session=session):
        if {(series.team_id, series.manager_id), (series.team_id, series.rep_id)} & inactive:
            continue  # one of the two is deleted, deactivated or a bot: no 1:1 to prepare
        window = series_occurrences(
            session,
            series,
            start=now - timedelta(days=3),
            end=now + lead + timedelta(minutes=1),
            changes=every_change.get(series.id or 0, (set(), {})),
        )
        for occurrence in window:
            stamp = int(occurrence.starts_at.timestamp())
            # The pair and the moment, not the series: setting the same 1:1s up again (a new
            # series) must not nudge twice for the same meeting.
            ident = f"{series.manager_id}:{series.rep_id}:{occurrence.day.isoformat()}:{stamp}"
            payload = {
                "series_id": series.id,
                "day": occurrence.day.isoformat(),
                "starts_at": occurrence.starts_at.isoformat(),
            }
            before = occurrence.starts_at - lead
            if before <= now:
                for kind, user in (
                    ("oneonone_manager", series.manager_id),
                    ("oneonone_rep", series.rep_id),
                ):
                    send = DueSend(f"{kind}:{ident}", kind, before, occurrence.starts_at)
                    found.append((series.team_id, send, user, payload))
            if occurrence.ends_at <= now:
                for user in (series.manager_id, series.rep_id):
                    send = DueSend(
                        f"oneonone_after:{ident}:{user}",
                        "oneonone_after",
                        occurrence.ends_at,
                        occurrence.ends_at + AFTER_STALE,
                    )
                    found.append((series.team_id, send, user, {**payload, "user": user}))
    return found


def action_views(session: Session, series_id: int) -> list[views.ActionPointView]:
    return [
        views.ActionPointView(
            id=point.id or 0, text=point.text, owner_id=point.owner_id, due=point.due, done=False
        )
        for point in store.open_action_points(session=session, series_id=series_id)
    ]


def recent_checkins(
    session: Session, *, team_id: str, rep_id: str, lang: str, limit: int = 3
) -> list[views.CheckinView]:
    """The rep's latest check-ins for the manager's nudge (the view escapes the text)."""
    out = []
    for checkin in checkin_store.checkins_of(
        session=session, team_id=team_id, user_id=rep_id, limit=limit
    ):
        # Only the note is user text: the line is built without it, and the raw note added.
        line = checkin_line(
            lang,
            monday=checkin.week,
            prospects=checkin.prospects,
            meetings=checkin.meetings,
            reasons=tuple(r for r in checkin.reasons.split(",") if r),
            note="",
        )
        if checkin.note:
            line += f" — {checkin.note}"
        out.append(views.CheckinView(week=week_label(checkin.week), text=line))
    return out


def plan_line(
    session: Session, *, team_id: str, rep_id: str, today: date, lang: str, settings: Settings
) -> str | None:
    """The rep's plan and pace in one line, or None without a plan."""
    from bot.domain.formatting import format_money
    from bot.i18n import t

    plan = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=today.year)
    if plan is None:
        return None
    won, value = plan_store.wins_of(
        session=session, team_id=team_id, user_id=rep_id, year=today.year
    )
    result = pace(
        target=plan.target_clients, won=won, value_won_cents=value, year=today.year, today=today
    )
    return t(
        "nudge.plan_line",
        lang,
        won=won,
        target=plan.target_clients,
        expected=f"{result.expected:.1f}",
        status=t(f"nudge.pace.{result.status}", lang),
        plan_status=t(f"nudge.plan_status.{plan.status}", lang),
        value=format_money(value, plan.currency or settings.default_currency, lang)
        if value
        else "–",
    )


def render_nudge(
    kind: str, payload_text: str | None, *, session: Session, team_id: str, settings: Settings
) -> Outgoing:
    """The DM for a nudge row, as it should read now; raises Skip when the 1:1 is off."""
    payload = json.loads(payload_text or "{}")
    series = store.get_series(session=session, team_id=team_id, series_id=payload["series_id"])
    if series is None or series.status != "active":
        raise Skip("the 1:1 series ended")
    day = date.fromisoformat(payload["day"])
    starts_at = datetime.fromisoformat(payload["starts_at"])
    current = series_occurrences(
        session,
        series,
        start=starts_at - timedelta(seconds=1),
        end=starts_at + timedelta(seconds=1),
    )
    if not any(o.day == day and o.starts_at == starts_at for o in current):
        raise Skip("the 1:1 was skipped or moved")
    tz = ZoneInfo(series.tz)
    local_start = starts_at.astimezone(tz)
    if kind == "oneonone_manager":
        lang = language_of_user(session, settings, team_id, series.manager_id)
        # Any rhythm (up to every 6 months, with moves): look back far enough.
        previous = series_occurrences(
            session, series, start=starts_at - timedelta(days=400), end=starts_at
        )
        since = previous[-1].starts_at if previous else starts_at - timedelta(days=14)
        wins = plan_store.recent_wins(
            session=session, team_id=team_id, user_id=series.rep_id, since=since
        )
        prep = store.get_prep(
            session=session, series_id=series.id or 0, day=day, user_id=series.rep_id
        )
        message = views.manager_nudge(
            lang,
            series_id=series.id or 0,
            day=day,
            starts_at=local_start,
            rep_id=series.rep_id,
            plan_line=plan_line(
                session,
                team_id=team_id,
                rep_id=series.rep_id,
                today=local_start.date(),
                lang=lang,
                settings=settings,
            ),
            wins=[win.client_name for win in wins],
            checkins=recent_checkins(session, team_id=team_id, rep_id=series.rep_id, lang=lang),
            prep=views.PrepView(obstacles=prep.obstacles, topics=prep.topics) if prep else None,
            open_actions=action_views(session, series.id or 0),
        )
        return Outgoing(series.manager_id, message["text"], message["blocks"])
    if kind == "oneonone_rep":
        lang = language_of_user(session, settings, team_id, series.rep_id)
        message = views.rep_nudge(
            lang,
            series_id=series.id or 0,
            day=day,
            starts_at=local_start,
            manager_id=series.manager_id,
            open_actions=action_views(session, series.id or 0),
        )
        return Outgoing(series.rep_id, message["text"], message["blocks"])
    user = payload["user"]
    lang = language_of_user(session, settings, team_id, user)
    other = series.rep_id if user == series.manager_id else series.manager_id
    message = views.after_nudge(lang, series_id=series.id or 0, day=day, other_id=other)
    return Outgoing(user, message["text"], message["blocks"])
