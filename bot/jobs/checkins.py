"""Weekly check-ins: the prompts, the one reminder and the manager's Monday digest with its chart.

Prompts and reminders are timed in each rep's own Slack time zone, digests in the manager's.
A prompt on a public holiday or while the rep is away is recorded as skipped; the reminder (the
next working morning) only goes out when the week's check-in is still missing, and is then the
first time the rep is asked. A rep who comes on the list after the week's prompt was due is first
asked on the next prompt day. A digest due on a holiday Monday comes the next working morning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.config import Settings
from bot.domain.checkins import (
    CheckinInput,
    looks_away,
    parse_away,
    prompt_moment,
    reminder_moment,
    streak,
    top_obstacles,
    validate_checkin,
    week_start,
    weekly_target,
)
from bot.domain.errors import UserError
from bot.domain.mentions import mentioned_users
from bot.domain.schedule import DueSend, local_moment, working_moment
from bot.domain.workdays import is_working_day
from bot.i18n import t
from bot.jobs.outbox import MessageKind, Outgoing, Skip
from bot.jobs.people import language_of_user, zone_of, zones_of
from bot.jobs.schedule import DueMessage
from bot.views import chart as chart_views
from bot.views import checkins as views
from bot.views.text import short_day
from storage import checkins as store
from storage import managers as manager_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import users as user_store
from storage.db import SessionFactory
from storage.models import CheckinMember, OutboxMessage

PROMPT_KIND = "checkin_prompt"
REMINDER_KIND = "checkin_reminder"
DIGEST_KIND = "checkin_digest"
CHART_KIND = "checkin_chart"
DIGEST_STALE = timedelta(days=1)
TREND_WEEKS = 4
CHART_WEEKS = 8
# A check-in for an older week than this is refused: memory fades, and the digest has gone.
MAX_WEEKS_BACK = 2


class CheckinRefusal(UserError):
    """A check-in request refused. Codes: "not_admin", "no_user" (not exactly one person
    mentioned), "too_far_back" (a week before MAX_WEEKS_BACK, or one still to come)."""


# ------------------------------------------------------------------------------ outbox keys


def prompt_key(user_id: str, monday: date) -> str:
    """The outbox key of the week's prompt to a rep."""
    return f"{PROMPT_KIND}:{user_id}:{monday.isoformat()}"


def reminder_key(user_id: str, monday: date) -> str:
    """The outbox key of the week's reminder to a rep."""
    return f"{REMINDER_KIND}:{user_id}:{monday.isoformat()}"


def digest_key(manager_id: str, monday: date) -> str:
    """The outbox key of a manager's digest about `monday`'s week."""
    return f"{DIGEST_KIND}:{manager_id}:{monday.isoformat()}"


def chart_key(manager_id: str, monday: date) -> str:
    """The outbox key of the chart that follows the digest."""
    return f"{digest_key(manager_id, monday)}:chart"


# ------------------------------------------------------------------------------ use cases


@dataclass(frozen=True)
class CheckinForm:
    """What the check-in modal for a week shows: the earlier check-in of that week, if any."""

    monday: date
    previous: CheckinInput | None
    target: int | None


@dataclass(frozen=True)
class CheckinSaved:
    """A check-in stored: its numbers, the weekly target, the streak, and whether it replaced
    an earlier one of the same week."""

    monday: date
    prospects: int
    meetings: int
    target: int | None
    streak: int
    updated: bool


def local_today(
    session: Session, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> date:
    """Today in the user's own time zone: a week's check-in follows their calendar."""
    return now.astimezone(zone_of(session, settings, team_id, user_id)).date()


def this_week(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
) -> date:
    """The Monday of the user's current week (in their time zone)."""
    with session_factory() as session:
        return week_start(local_today(session, settings, team_id=team_id, user_id=user_id, now=now))


def checkin_form(
    session_factory: SessionFactory, *, team_id: str, user_id: str, monday: date
) -> CheckinForm:
    """The form for `monday`'s week, filled in with the check-in already given for it."""
    with session_factory() as session:
        existing = store.get_checkin(session=session, team_id=team_id, user_id=user_id, week=monday)
        target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
    previous = (
        CheckinInput(
            prospects=existing.prospects,
            meetings=existing.meetings,
            reasons=tuple(reason for reason in existing.reasons.split(",") if reason),
            note=existing.note,
        )
        if existing
        else None
    )
    return CheckinForm(monday=monday, previous=previous, target=target)


def submit_checkin(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    monday: date,
    prospects: str | None,
    meetings: str | None,
    reasons: list[str],
    note: str | None,
    now: datetime,
) -> CheckinSaved:
    """Store the rep's check-in for `monday`'s week (replacing an earlier one of that week).
    Raises CheckinRefusal("too_far_back") or CheckinError (the invalid fields)."""
    with session_factory() as session:
        today = local_today(session, settings, team_id=team_id, user_id=user_id, now=now)
    if monday < week_start(today) - timedelta(weeks=MAX_WEEKS_BACK) or monday > today:
        raise CheckinRefusal("too_far_back")
    entered = validate_checkin(prospects=prospects, meetings=meetings, reasons=reasons, note=note)
    with session_factory.write() as session:
        updated = store.save_checkin(
            session=session,
            team_id=team_id,
            user_id=user_id,
            week=monday,
            prospects=entered.prospects,
            meetings=entered.meetings,
            reasons=entered.reasons,
            note=entered.note,
            now=now,
        )
        weeks = store.weeks_checked_in(session=session, team_id=team_id, user_id=user_id)
        target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
    return CheckinSaved(
        monday=monday,
        prospects=entered.prospects,
        meetings=entered.meetings,
        target=target,
        streak=streak(weeks, current_monday=week_start(today)),
        updated=updated,
    )


def go_away(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    text: str,
    now: datetime,
) -> date:
    """Mark the rep away until the day `text` names (their last away day); raises AwayError."""
    with session_factory() as session:
        today = local_today(session, settings, team_id=team_id, user_id=user_id, now=now)
    until = parse_away(text, today=today)
    with session_factory.write() as session:
        store.set_member(
            session=session, team_id=team_id, user_id=user_id, by=user_id, now=now, away_until=until
        )
    return until


def come_back(
    session_factory: SessionFactory, *, team_id: str, user_id: str, now: datetime
) -> None:
    """The rep is back: asked again from the next prompt on."""
    with session_factory.write() as session:
        store.set_member(
            session=session, team_id=team_id, user_id=user_id, by=user_id, now=now, away_until=None
        )


def change_list(
    session_factory: SessionFactory,
    *,
    team_id: str,
    by: str,
    admin: bool,
    text: str,
    added: bool,
    now: datetime,
) -> str:
    """Put the one person mentioned in `text` on the check-in list (`added`) or take them off;
    returns their user id. Only an admin may; raises CheckinRefusal otherwise."""
    if not admin:
        raise CheckinRefusal("not_admin")
    ids = mentioned_users(text)
    if len(ids) != 1:
        raise CheckinRefusal("no_user")
    with session_factory.write() as session:
        store.set_member(
            session=session,
            team_id=team_id,
            user_id=ids[0],
            by=by,
            now=now,
            status="added" if added else "removed",
        )
    return ids[0]


# ------------------------------------------------------------------------------ due work and renderers


def target_of(session: Session, *, team_id: str, user_id: str, year: int) -> int | None:
    plan = plan_store.get_plan(session=session, team_id=team_id, user_id=user_id, year=year)
    return weekly_target(
        yearly_clients=plan.target_clients if plan else None,
        override=plan.weekly_outreach if plan else None,
    )


def due_messages(session: Session, settings: Settings, now: datetime) -> list[DueMessage]:
    """The prompts, reminders and digests due by `now` (skipped ones with their reason)."""
    found: list[DueMessage] = []
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
            key = prompt_key(user_id, monday)
            joined = listed.get((team_id, user_id))
            # Added on Saturday: not asked at once (nor reminded on Monday) about a week they were
            # not on the list for. A manager changed after a sent prompt changes nothing.
            too_late = joined is not None and prompt_at < joined and prompt_at <= now
            if too_late:
                asked = outbox_store.find_by_key(session=session, team_id=team_id, key=key)
                too_late = asked is None or asked.status == "skipped"
            not_listed = "not on the check-in list yet when the week's prompt was due"
            if prompt_at <= now:
                skip = (
                    (not_listed if too_late else None)
                    or _away_or_holiday(row, prompt_at.date(), settings)
                    or ("already checked in" if checked_in else None)
                )
                send = DueSend(key, PROMPT_KIND, prompt_at, next_monday)
                found.append(DueMessage.of(team_id, send, user_id, payload, skip))
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
                    reminder_key(user_id, monday),
                    REMINDER_KIND,
                    remind_at,
                    local_moment(remind_at.date() + timedelta(days=1), time(0), tz),
                )
                found.append(DueMessage.of(team_id, send, user_id, payload, skip))
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
        key = digest_key(manager, last_week)
        payload = {"manager": manager, "week": last_week.isoformat()}
        found.append(
            DueMessage.of(
                team_id, DueSend(key, DIGEST_KIND, due, due + DIGEST_STALE), manager, payload
            )
        )
        found.append(
            DueMessage.of(
                team_id,
                DueSend(chart_key(manager, last_week), CHART_KIND, due, due + DIGEST_STALE),
                manager,
                {**payload, "after_key": key},
            )
        )
    return found


def _away_or_holiday(
    row: CheckinMember | None, day: date, settings: Settings, *, holidays: bool = True
) -> str | None:
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


def render_checkin(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """A prompt, reminder or digest as it should read now; raises Skip when pointless."""
    kind, team_id = row.kind, row.team_id
    payload = json.loads(row.payload or "{}")
    monday = date.fromisoformat(payload["week"])
    if kind in (PROMPT_KIND, REMINDER_KIND):
        user_id = payload["user"]
        if kind == REMINDER_KIND and store.get_checkin(
            session=session, team_id=team_id, user_id=user_id, week=monday
        ):
            raise Skip("already checked in")
        lang = language_of_user(session, settings, team_id, user_id)
        prompt = outbox_store.find_by_key(
            session=session, team_id=team_id, key=prompt_key(user_id, monday)
        )
        message = views.prompt_dm(
            lang,
            monday=monday,
            target=target_of(session, team_id=team_id, user_id=user_id, year=monday.year),
            # After a prompt skipped for a holiday, this is the first time they are asked.
            reminder=kind == REMINDER_KIND and prompt is not None and prompt.status == "sent",
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
    message: OutboxMessage, session: Session, settings: Settings
) -> tuple[bytes, str, str]:
    """(PNG, file name, title) of outreach vs target per rep over the last 8 weeks."""
    payload = json.loads(message.payload or "{}")
    team_id, manager = message.team_id, payload["manager"]
    monday = date.fromisoformat(payload["week"])
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


MESSAGE_KINDS = (
    # A Slack status such as "On vacation" means: do not ask now.
    MessageKind(PROMPT_KIND, render=render_checkin, unless_away=looks_away),
    MessageKind(REMINDER_KIND, render=render_checkin, unless_away=looks_away),
    MessageKind(DIGEST_KIND, render=render_checkin),
    MessageKind(CHART_KIND, attachment=digest_chart),
)
