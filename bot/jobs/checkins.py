"""Weekly check-ins: the use cases, the prompts, the one reminder and the manager's Monday digest.

Prompts and reminders follow each rep's own clock and working days, digests the manager's; the
reminder only goes out when the week's check-in is still missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.checkins import (
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
from bot.domain.schedule import local_moment, working_moment
from bot.domain.workdays import is_working_day
from bot.i18n import t
from bot.jobs.outbox import MessageKind, Outgoing, Skip, Upload
from bot.jobs.people import language_of_user, zone_of, zones_of
from bot.jobs.schedule import DueMessage, DueSubjects
from bot.views import chart as chart_views
from bot.views import checkins as views
from bot.views.text import short_day
from storage import checkins as store
from storage import managers as manager_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import schedule as schedule_store
from storage import users as user_store
from storage.models import Checkin, CheckinMember, OutboxMessage

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
    """Codes: "not_admin", "no_user" (not exactly one person mentioned), "too_far_back" (a week
    before MAX_WEEKS_BACK, or one still to come)."""


def week_key(kind: str, who: str, monday: date) -> str:
    """The outbox key of `monday`'s week's message of `kind` to `who` (the chart's is its
    digest's with ":chart")."""
    if kind == CHART_KIND:
        return f"{week_key(DIGEST_KIND, who, monday)}:chart"
    return f"{kind}:{who}:{monday.isoformat()}"


# ------------------------------------------------------------------------------ use cases


@dataclass(frozen=True)
class CheckinSaved:
    """A check-in stored, as the thanks show it; `updated`: it replaced one of the same week."""

    monday: date
    prospects: int
    meetings: int
    target: int | None
    streak: int
    updated: bool


def local_today(deps: Deps, team_id: str, user_id: str, now: datetime) -> date:
    """Today on the user's own clock: a week's check-in follows their calendar."""
    with deps.session_factory() as session:
        return now.astimezone(zone_of(session, deps.settings_for(team_id), team_id, user_id)).date()


def checkin_form(
    deps: Deps, *, team_id: str, user_id: str, monday: date
) -> tuple[dict | None, int | None]:
    """The modal's values for `monday`'s week (the check-in already given, if any) and target."""
    with deps.session_factory() as session:
        given = store.get_checkin(session=session, team_id=team_id, user_id=user_id, week=monday)
        target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
    if given is None:
        return None, target
    reasons = [reason for reason in given.reasons.split(",") if reason]
    fields = {"prospects": given.prospects, "meetings": given.meetings, "note": given.note}
    return fields | {"reasons": reasons}, target


def submit_checkin(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    monday: date,
    prospects: str | None,
    meetings: str | None,
    reasons: list[str],
    note: str | None,
) -> CheckinSaved:
    """Store the rep's check-in for `monday`'s week (replacing an earlier one of that week).
    Raises CheckinRefusal("too_far_back") or CheckinError (the invalid fields)."""
    now = deps.clock()
    today = local_today(deps, team_id, user_id, now)
    if monday < week_start(today) - timedelta(weeks=MAX_WEEKS_BACK) or monday > today:
        raise CheckinRefusal("too_far_back")
    entered = validate_checkin(prospects=prospects, meetings=meetings, reasons=reasons, note=note)
    with deps.session_factory.write() as session:
        updated = store.save_checkin(
            session=session,
            team_id=team_id,
            user_id=user_id,
            week=monday,
            now=now,
            **asdict(entered),
        )
        weeks = store.weeks_checked_in(session=session, team_id=team_id, user_id=user_id)
        target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
    current = streak(weeks, current_monday=week_start(today))
    return CheckinSaved(monday, entered.prospects, entered.meetings, target, current, updated)


def set_away(deps: Deps, *, team_id: str, user_id: str, text: str | None) -> date | None:
    """Mark the rep away until the day `text` names (their last away day; raises AwayError), or
    back for `text` None (asked again from the next prompt on)."""
    now = deps.clock()
    until = (
        None if text is None else parse_away(text, today=local_today(deps, team_id, user_id, now))
    )
    with deps.session_factory.write() as session:
        store.set_member(
            session=session, team_id=team_id, user_id=user_id, by=user_id, now=now, away_until=until
        )
    return until


def set_sharing(deps: Deps, *, team_id: str, user_id: str, shares: bool) -> None:
    """The rep's own opt-in (or back out): their first meetings booked on the leaderboard.
    Check-ins stay private by default; nothing else of them is ever shared."""
    with deps.session_factory.write() as session:
        store.set_sharing(
            session=session, team_id=team_id, user_id=user_id, shares=shares, now=deps.clock()
        )


def change_list(
    deps: Deps,
    *,
    team_id: str,
    by: str,
    admin: bool,
    added: bool,
    text: str = "",
    user_id: str | None = None,
) -> str:
    """Put one person on the check-in list (`added`) or take them off: `user_id` (picked on the
    Home tab) or else the one person mentioned in `text` (typed after `/checkin add`); returns
    their user id. Only an admin may; raises CheckinRefusal otherwise."""
    if not admin:
        raise CheckinRefusal("not_admin")
    ids = [user_id] if user_id else mentioned_users(text)
    if len(ids) != 1:
        raise CheckinRefusal("no_user")
    status = "added" if added else "removed"
    with deps.session_factory.write() as session:
        store.set_member(
            session=session, team_id=team_id, user_id=ids[0], by=by, now=deps.clock(), status=status
        )
    return ids[0]


# ------------------------------------------------------------------------------ due work and renderers


def target_of(session: Session, *, team_id: str, user_id: str, year: int) -> int | None:
    plan = plan_store.get_plan(session=session, team_id=team_id, user_id=user_id, year=year)
    return weekly_target(
        yearly_clients=plan.target_clients if plan else None,
        override=plan.weekly_outreach if plan else None,
    )


def due_subjects(session: Session) -> set[tuple[str, str]]:
    """(team, user) of everyone the check-ins may write to on their own: the listed reps
    (prompts, reminders) and their managers (digests)."""
    people = set(store.checkin_people(session=session))
    managers = manager_store.all_managers(session=session)
    return people | {
        (team_id, managers[(team_id, user_id)])
        for team_id, user_id in people
        if (team_id, user_id) in managers
    }


def look(
    session: Session,
    settings_for: Callable[[str], Settings],
    now: datetime,
    subjects: set[tuple[str, str]],
) -> tuple[list[DueMessage], dict[tuple[str, str], datetime]]:
    """The prompts, reminders and digests of the (team, user) `subjects` due by `now` in each
    team's settings (skipped ones with their reason), and each one's next moment after `now`."""
    found: list[DueMessage] = []
    upcoming: dict[tuple[str, str], datetime] = {}

    def later(who: tuple[str, str], at: datetime) -> None:
        if at > now and (who not in upcoming or at < upcoming[who]):
            upcoming[who] = at

    # A few queries for all of them, each on the (team, user) indexes: not one per rep.
    people = store.checkin_people(session=session, among=subjects)
    # The subjects' own reps: whether a subject gets a digest.
    reps_of_subjects = manager_store.all_managers(session=session, managers=subjects)
    rep_people = store.checkin_people(session=session, among=reps_of_subjects)
    zones = zones_of(session, among=subjects)
    recent = store.checked_in_weeks_since(
        session=session, since=week_start(now.date()) - timedelta(days=14), among=people
    )
    inactive = user_store.inactive_users(session=session, among=subjects | set(reps_of_subjects))
    listed = store.listed_since(session=session, among=people)
    # Everyone in one zone of one team shares the week's moments: computed once a look.
    week_moments: dict[tuple[str, str, date], tuple[datetime, datetime]] = {}

    def moments_of(team_id: str, tz: ZoneInfo, monday: date) -> tuple[datetime, datetime]:
        key = (team_id, str(tz), monday)
        if key not in week_moments:
            settings = settings_for(team_id)
            prompt_at = prompt_moment(
                monday, tz=tz, weekday=settings.checkin_weekday, at=settings.checkin_time
            )
            remind_at = reminder_moment(
                prompt_at.date(),
                tz=tz,
                at=settings.checkin_reminder_time,
                holidays_country=settings.holidays_country,
            )
            week_moments[key] = (prompt_at, remind_at)
        return week_moments[key]

    for (team_id, user_id), row in people.items():
        settings = settings_for(team_id)
        tz = zones.get((team_id, user_id), settings.tz)
        this_monday = week_start(now.astimezone(tz).date())
        for monday in (this_monday + timedelta(days=7 * n) for n in (0, -1, 1, 2)):
            prompt_at, remind_at = moments_of(team_id, tz, monday)
            later((team_id, user_id), prompt_at)
            later((team_id, user_id), remind_at)
            if monday > this_monday or (team_id, user_id) in inactive:
                # Deleted, deactivated or a bot: not asked, and no digest on their account.
                continue
            payload = {"user": user_id, "week": monday.isoformat()}
            key = week_key(PROMPT_KIND, user_id, monday)
            joined = listed.get((team_id, user_id))
            # Added on Saturday: not asked at once (nor reminded on Monday) about a week they were
            # not on the list for. A manager changed after a sent prompt changes nothing.
            too_late = joined is not None and prompt_at < joined and prompt_at <= now
            if too_late:
                asked = outbox_store.find_by_key(session=session, team_id=team_id, key=key)
                too_late = asked is None or asked.status == "skipped"
            unlisted = "not on the check-in list yet when the week's prompt was due"
            first = unlisted if too_late else None
            done = "already checked in" if (team_id, user_id, monday) in recent else None
            if prompt_at <= now:
                skip = first or _away_or_holiday(row, prompt_at.date(), settings) or done
                stale = local_moment(monday + timedelta(days=7), time(0), tz)
                found.append(
                    DueMessage(team_id, key, PROMPT_KIND, user_id, payload, prompt_at, stale, skip)
                )
            if remind_at <= now:
                # Away on the week's prompt day (the week it is about) or on the reminder's day.
                skip = (
                    first
                    or _away_or_holiday(row, prompt_at.date(), settings, holidays=False)
                    or _away_or_holiday(row, remind_at.date(), settings)
                    or done
                )
                key = week_key(REMINDER_KIND, user_id, monday)
                stale = local_moment(remind_at.date() + timedelta(days=1), time(0), tz)
                found.append(
                    DueMessage(
                        team_id, key, REMINDER_KIND, user_id, payload, remind_at, stale, skip
                    )
                )
    managers = {
        (team_id, manager)
        for (team_id, rep_id), manager in reps_of_subjects.items()
        if (team_id, rep_id) in rep_people and (team_id, rep_id) not in inactive
    }
    for team_id, manager in sorted(managers & subjects):
        settings = settings_for(team_id)
        tz = zones.get((team_id, manager), settings.tz)
        monday = week_start(now.astimezone(tz).date())
        for next_monday in (monday + timedelta(days=7), monday + timedelta(days=14)):
            # Easter Monday: the next working morning.
            next_due = working_moment(
                next_monday,
                settings.digest_time,
                tz,
                holidays_country=settings.holidays_country,
                later=True,
            )
            later((team_id, manager), next_due)
        due = working_moment(
            monday, settings.digest_time, tz, holidays_country=settings.holidays_country, later=True
        )
        later((team_id, manager), due)
        if due > now or (team_id, manager) in inactive:
            continue
        last_week = monday - timedelta(days=7)
        digest = week_key(DIGEST_KIND, manager, last_week)
        payload = {"manager": manager, "week": last_week.isoformat()}
        for kind, extra in ((DIGEST_KIND, {}), (CHART_KIND, {"after_key": digest})):
            key = week_key(kind, manager, last_week)
            stale = due + DIGEST_STALE
            found.append(DueMessage(team_id, key, kind, manager, payload | extra, due, stale))
    return found, upcoming


DUE = DueSubjects(schedule_store.CHECKINS, due_subjects, look)


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """Every prompt, reminder and digest due by `now` (the whole computation: see `DUE`)."""
    return DUE(session, settings_for, now)


def _away_or_holiday(
    row: CheckinMember | None, day: date, settings: Settings, *, holidays: bool = True
) -> str | None:
    if row is not None and row.away_until is not None and day <= row.away_until:
        return f"away until {row.away_until.isoformat()}"
    if holidays and not is_working_day(day, holidays_country=settings.holidays_country):
        return "public holiday"
    return None


def _digest_reps(
    session: Session, *, team_id: str, manager: str, since: date, year: int
) -> list[tuple[str, CheckinMember | None, dict[date, Checkin], int | None]]:
    """The manager's reps in the digest and its chart (not taken off the check-in list, nor
    deleted, deactivated or a bot in Slack): each with their list row, their check-ins since
    `since` by week, and their weekly target in `year`."""
    inactive = user_store.inactive_users(session=session)
    reps = []
    for rep_id in manager_store.reps_of(session=session, team_id=team_id, manager_id=manager):
        row = store.member(session=session, team_id=team_id, user_id=rep_id)
        if (row is not None and row.status == "removed") or (team_id, rep_id) in inactive:
            continue
        checkins = store.checkins_of(session=session, team_id=team_id, user_id=rep_id, since=since)
        target = target_of(session, team_id=team_id, user_id=rep_id, year=year)
        reps.append((rep_id, row, {c.week: c for c in checkins}, target))
    return reps


def _payload(row: OutboxMessage) -> tuple[dict, date]:
    payload = json.loads(row.payload or "{}")
    return payload, date.fromisoformat(payload["week"])


def render_prompt(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The week's prompt or reminder to a rep; raises Skip when they have checked in."""
    team_id, (payload, monday) = row.team_id, _payload(row)
    user_id = payload["user"]
    reminder = row.kind == REMINDER_KIND
    if reminder and store.get_checkin(
        session=session, team_id=team_id, user_id=user_id, week=monday
    ):
        raise Skip("already checked in")
    prompt = outbox_store.find_by_key(
        session=session, team_id=team_id, key=week_key(PROMPT_KIND, user_id, monday)
    )
    message = views.prompt_dm(
        language_of_user(session, settings, team_id, user_id),
        monday=monday,
        target=target_of(session, team_id=team_id, user_id=user_id, year=monday.year),
        # After a prompt skipped for a holiday, this is the first time they are asked.
        reminder=reminder and prompt is not None and prompt.status == "sent",
    )
    return Outgoing(user_id, message["text"], message["blocks"])


def render_digest(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The manager's Monday digest; raises Skip when they have no reps any more."""
    team_id, (payload, monday) = row.team_id, _payload(row)
    manager = payload["manager"]
    weeks = [monday - timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]
    reps: list[views.RepWeek] = []
    week_reasons: list[tuple[tuple[str, ...], str]] = []
    for rep_id, member, history, target in _digest_reps(
        session, team_id=team_id, manager=manager, since=weeks[0], year=monday.year
    ):
        this = history.get(monday)
        if this is not None:
            week_reasons.append((tuple(filter(None, this.reasons.split(","))), ""))
        reps.append(
            views.RepWeek(
                rep_id=rep_id,
                checked_in=this is not None,
                prospects=this.prospects if this else None,
                meetings=this.meetings if this else None,
                target=target,
                trend=[history[week].prospects if week in history else None for week in weeks],
                away=bool(member and member.away_until and member.away_until >= monday),
                note=this.note if this else "",
            )
        )
    if not reps:
        raise Skip("no reps any more")
    lang = language_of_user(session, settings, team_id, manager)
    # Each note is shown once, under its rep, not under every reason that rep named.
    obstacles = top_obstacles(week_reasons)
    message = views.digest_dm(
        lang, monday=monday, reps=reps, obstacles=obstacles, chart_attached=True
    )
    return Outgoing(manager, message["text"], message["blocks"])


def chart_series(
    session: Session, *, team_id: str, manager: str, weeks: list[date]
) -> list[tuple[str, list[int | None], int | None]]:
    """(name, prospects per week of `weeks`, weekly target) of each rep in the digest."""
    series = []
    for rep_id, _, history, target in _digest_reps(
        session, team_id=team_id, manager=manager, since=weeks[0], year=weeks[-1].year
    ):
        user = user_store.get_user(session=session, team_id=team_id, user_id=rep_id)
        name = (user.real_name if user and user.real_name else rep_id)[:40]
        prospects = [history[week].prospects if week in history else None for week in weeks]
        series.append((name, prospects, target))
    return series


def digest_chart(row: OutboxMessage, session: Session, settings: Settings) -> Upload:
    """(PNG, file name, title) of outreach vs target per rep over the last 8 weeks."""
    team_id, (payload, monday) = row.team_id, _payload(row)
    manager = payload["manager"]
    lang = language_of_user(session, settings, team_id, manager)
    weeks = [monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    title = t("checkin.chart.title", lang, day=short_day(monday, lang))
    series = chart_series(session, team_id=team_id, manager=manager, weeks=weeks)
    labels = chart_views.week_axis_labels(weeks, lang)
    png = chart_views.outreach_chart(
        series, labels, title=title, target_label=t("checkin.chart.target", lang)
    )
    alt = views.chart_alt_text(lang, series, labels)
    return Upload(png, f"outreach-{monday.isoformat()}.png", title, alt_text=alt)


MESSAGE_KINDS = (
    # A Slack status such as "On vacation" means: do not ask now.
    MessageKind(PROMPT_KIND, render=render_prompt, unless_away=looks_away),
    MessageKind(REMINDER_KIND, render=render_prompt, unless_away=looks_away),
    MessageKind(DIGEST_KIND, render=render_digest),
    MessageKind(CHART_KIND, attachment=digest_chart),
)
