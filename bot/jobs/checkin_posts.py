"""Weekly check-ins: the prompts, the one reminder and the manager's Monday digest with its chart.

Prompts and reminders are timed in each rep's own Slack time zone, digests in the manager's.
A prompt on a public holiday or while the rep is away is recorded as skipped; the reminder (the
next working morning) only goes out when the week's check-in is still missing, and is then the
first time the rep is asked. A rep who comes on the list after the week's prompt was due is first
asked on the next prompt day. A digest due on a holiday Monday comes the next working morning.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.config import Settings
from bot.domain.calendar import is_working_day
from bot.domain.checkin import (
    prompt_moment,
    reminder_moment,
    top_obstacles,
    week_start,
    weekly_target,
)
from bot.domain.schedule import DueSend, local_moment, working_moment
from bot.i18n import t
from bot.jobs.meeting_posts import Outgoing, Skip
from bot.jobs.people import language_of_user, zones_of
from bot.views import chart as chart_views
from bot.views import checkin as views
from bot.views.text import short_day
from storage import checkins as store
from storage import managers as manager_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import users as user_store

CHECKIN_KINDS = frozenset({"checkin_prompt", "checkin_reminder", "checkin_digest"})
CHART_KIND = "checkin_chart"
DIGEST_STALE = timedelta(days=1)
TREND_WEEKS = 4
CHART_WEEKS = 8


def target_of(session: Session, *, team_id: str, user_id: str, year: int) -> int | None:
    plan = plan_store.get_plan(session=session, team_id=team_id, user_id=user_id, year=year)
    return weekly_target(
        yearly_clients=plan.target_clients if plan else None,
        override=plan.weekly_outreach if plan else None,
    )


def checkin_candidates(session: Session, settings: Settings, now: datetime) -> list[tuple]:
    """(team, send, channel, payload, skip reason or None) for prompts, reminders and digests."""
    found: list[tuple] = []
    managers: set[tuple[str, str]] = set()
    # One query each, not one per rep: the pass runs every minute.
    people = store.checkin_people(session=session)
    zones = zones_of(session, settings)
    manager_by_rep = manager_store.all_managers(session=session)
    recent = store.checked_in_weeks_since(
        session=session, since=week_start(now.date()) - timedelta(days=14)
    )
    inactive = user_store.inactive_users(session=session)
    listed = store.listed_since(session=session)
    for (team_id, user_id), row in people.items():
        if (team_id, user_id) in inactive:
            continue  # deleted, deactivated or a bot: not asked, and no digest on their account
        tz = zones.get((team_id, user_id), settings.tz)
        today = now.astimezone(tz).date()
        for monday in (week_start(today), week_start(today) - timedelta(days=7)):
            prompt_at = prompt_moment(
                monday, tz=tz, weekday=settings.checkin_weekday, at=settings.checkin_time
            )
            next_monday = local_moment(monday + timedelta(days=7), time(0), tz)
            payload = {"user": user_id, "week": monday.isoformat()}
            checked_in = (team_id, user_id, monday) in recent
            prompt_key = f"checkin_prompt:{user_id}:{monday.isoformat()}"
            joined = listed.get((team_id, user_id))
            # Added on Saturday: not asked at once (nor reminded on Monday) about a week they were
            # not on the list for. A manager changed after a sent prompt changes nothing.
            too_late = joined is not None and prompt_at < joined and prompt_at <= now
            if too_late:
                asked = outbox_store.find_by_key(session=session, team_id=team_id, key=prompt_key)
                too_late = asked is None or asked.status == "skipped"
            not_listed = "not on the check-in list yet when the week's prompt was due"
            if prompt_at <= now:
                skip = (
                    (not_listed if too_late else None)
                    or _away_or_holiday(row, prompt_at.date(), settings)
                    or ("already checked in" if checked_in else None)
                )
                send = DueSend(prompt_key, "checkin_prompt", prompt_at, next_monday)
                found.append((team_id, send, user_id, payload, skip))
            remind_at = reminder_moment(
                prompt_at.date(),
                tz=tz,
                at=settings.checkin_reminder_time,
                holidays_country=settings.holidays_country,
            )
            if remind_at <= now:
                # Away on the week's prompt day (the week it is about) or on the reminder's day.
                skip = (
                    (not_listed if too_late else None)
                    or _away_or_holiday(row, prompt_at.date(), settings, holidays=False)
                    or _away_or_holiday(row, remind_at.date(), settings)
                    or ("already checked in" if checked_in else None)
                )
                send = DueSend(
                    f"checkin_reminder:{user_id}:{monday.isoformat()}",
                    "checkin_reminder",
                    remind_at,
                    local_moment(remind_at.date() + timedelta(days=1), time(0), tz),
                )
                found.append((team_id, send, user_id, payload, skip))
        manager = manager_by_rep.get((team_id, user_id))
        if manager:
            managers.add((team_id, manager))
    for team_id, manager in sorted(managers - inactive):
        tz = zones.get((team_id, manager), settings.tz)
        monday = week_start(now.astimezone(tz).date())
        # Easter Monday: the next working morning.
        due = working_moment(
            monday, settings.digest_time, tz, holidays_country=settings.holidays_country, later=True
        )
        if due > now:
            continue
        last_week = monday - timedelta(days=7)
        key = f"checkin_digest:{manager}:{last_week.isoformat()}"
        payload = {"manager": manager, "week": last_week.isoformat()}
        found.append(
            (
                team_id,
                DueSend(key, "checkin_digest", due, due + DIGEST_STALE),
                manager,
                payload,
                None,
            )
        )
        found.append(
            (
                team_id,
                DueSend(f"{key}:chart", CHART_KIND, due, due + DIGEST_STALE),
                manager,
                {**payload, "after_key": key},
                None,
            )
        )
    return found


def _away_or_holiday(row, day: date, settings: Settings, *, holidays: bool = True) -> str | None:
    if row is not None and row.away_until is not None and day <= row.away_until:
        return f"away until {row.away_until.isoformat()}"
    if holidays and not is_working_day(day, holidays_country=settings.holidays_country):
        return "public holiday"
    return None


def _digest_reps(session: Session, *, team_id: str, manager: str) -> list[str]:
    """The manager's reps shown in the digest and its chart: not taken off the check-in list,
    and not deleted, deactivated or a bot in Slack."""
    inactive = user_store.inactive_users(session=session)
    reps = []
    for rep_id in manager_store.reps_of(session=session, team_id=team_id, manager_id=manager):
        row = store.member(session=session, team_id=team_id, user_id=rep_id)
        if (row is None or row.status != "removed") and (team_id, rep_id) not in inactive:
            reps.append(rep_id)
    return reps


def rep_weeks(session: Session, *, team_id: str, manager: str, monday: date) -> list[views.RepWeek]:
    out = []
    for rep_id in _digest_reps(session, team_id=team_id, manager=manager):
        row = store.member(session=session, team_id=team_id, user_id=rep_id)
        history = {
            c.week: c
            for c in store.checkins_of(
                session=session,
                team_id=team_id,
                user_id=rep_id,
                since=monday - timedelta(weeks=TREND_WEEKS),
            )
        }
        this = history.get(monday)
        trend = [
            history[w].prospects if w in history else None
            for w in (monday - timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1))
        ]
        out.append(
            views.RepWeek(
                rep_id=rep_id,
                checked_in=this is not None,
                prospects=this.prospects if this else None,
                meetings=this.meetings if this else None,
                target=target_of(session, team_id=team_id, user_id=rep_id, year=monday.year),
                trend=trend,
                away=bool(row and row.away_until and row.away_until >= monday),
                note=this.note if this else "",
            )
        )
    return out


def render_checkin(
    kind: str, payload_text: str | None, *, session: Session, team_id: str, settings: Settings
) -> Outgoing:
    payload = json.loads(payload_text or "{}")
    monday = date.fromisoformat(payload["week"])
    if kind in ("checkin_prompt", "checkin_reminder"):
        user_id = payload["user"]
        if kind == "checkin_reminder" and store.get_checkin(
            session=session, team_id=team_id, user_id=user_id, week=monday
        ):
            raise Skip("already checked in")
        lang = language_of_user(session, settings, team_id, user_id)
        prompt = outbox_store.find_by_key(
            session=session, team_id=team_id, key=f"checkin_prompt:{user_id}:{monday.isoformat()}"
        )
        message = views.prompt_dm(
            lang,
            monday=monday,
            target=target_of(session, team_id=team_id, user_id=user_id, year=monday.year),
            # After a prompt skipped for a holiday, this is the first time they are asked.
            reminder=kind == "checkin_reminder" and prompt is not None and prompt.status == "sent",
        )
        return Outgoing(user_id, message["text"], message["blocks"])
    manager = payload["manager"]
    lang = language_of_user(session, settings, team_id, manager)
    reps = rep_weeks(session, team_id=team_id, manager=manager, monday=monday)
    if not reps:
        raise Skip("no reps any more")
    week_checkins = [
        c
        for c in store.checkins_in_week(session=session, team_id=team_id, week=monday)
        if c.user_id in {r.rep_id for r in reps}
    ]
    # Each note is shown once, under its rep, not under every reason that rep named.
    obstacles = top_obstacles(
        [(tuple(filter(None, c.reasons.split(","))), "") for c in week_checkins]
    )
    message = views.digest_dm(
        lang, monday=monday, reps=reps, obstacles=obstacles, chart_attached=True
    )
    return Outgoing(manager, message["text"], message["blocks"])


def chart_series(
    session: Session, *, team_id: str, manager: str, weeks: list[date]
) -> list[tuple[str, list[int | None], int | None]]:
    """(name, prospects per week of `weeks`, weekly target) of each rep in the digest."""
    series = []
    for rep_id in _digest_reps(session, team_id=team_id, manager=manager):
        history = {
            c.week: c.prospects
            for c in store.checkins_of(
                session=session, team_id=team_id, user_id=rep_id, since=weeks[0]
            )
        }
        user = user_store.get_user(session=session, team_id=team_id, user_id=rep_id)
        name = (user.real_name if user and user.real_name else rep_id)[:40]
        target = target_of(session, team_id=team_id, user_id=rep_id, year=weeks[-1].year)
        series.append((name, [history.get(week) for week in weeks], target))
    return series


def digest_chart(
    session: Session, *, team_id: str, manager: str, monday: date, settings: Settings
) -> tuple[bytes, str, str]:
    """(PNG, file name, title) of outreach vs target per rep over the last 8 weeks."""
    lang = language_of_user(session, settings, team_id, manager)
    weeks = [monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    title = t("checkin.chart.title", lang, day=short_day(monday, lang))
    png = chart_views.outreach_chart(
        chart_series(session, team_id=team_id, manager=manager, weeks=weeks),
        chart_views.week_axis_labels(weeks, lang),
        title=title,
        target_label=t("checkin.chart.target", lang),
    )
    return png, f"outreach-{monday.isoformat()}.png", title
