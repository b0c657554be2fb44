"""The 1:1 nudges: which are due (for the scheduling pass) and what they say (for the outbox).

ONEONONE_PREP_HOURS before each 1:1 the rep gets a prompt to prepare; ONEONONE_NUDGE_HOURS
before it (later) the manager gets the rep's plan and pace, wins since the last 1:1, the rep's
preparation and open action points, and the two questions. Preparation saved after the
manager's nudge went out updates that nudge in place and tells the manager once (`prep_saved`).
After the 1:1 both get a button to log action points. Keys carry the occurrence's date and
start, so a moved 1:1 is nudged for its new time and a skipped one not at all. Every time is
shown on the reader's clock, with the other person's named when theirs differs.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.domain.accountplan import candidate_years, pace, plan_choice, plan_phase
from bot.domain.formatting import ReaderZones, format_money, format_number
from bot.domain.oneonone import Occurrence, OneOnOneRule, occurrences
from bot.domain.schedule import DueSend, local_moment, prep_and_nudge_moments
from bot.jobs.meeting_posts import Outgoing, Skip, queue_dm
from bot.jobs.people import language_of_user, zone_of
from bot.views import oneonone as views
from bot.views.checkin import checkin_line
from bot.views.text import short_day
from storage import checkins as checkin_store
from storage import oneonones as store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import users as user_store
from storage.models import OneOnOneSeries

NUDGE_KINDS = frozenset({"oneonone_manager", "oneonone_rep", "oneonone_after"})
AFTER_STALE = timedelta(days=2)
# What the rep who saved their preparation can truthfully be told (see prep_saved).
PREP_BEFORE = "before"  # the manager's nudge, still to come, will show it
PREP_UPDATED = "updated"  # the nudge was sent: it is updated and the manager told
PREP_UNSEEN = "unseen"  # no nudge carries it (not sent, or the 1:1 is off)


def rule_of(series: OneOnOneSeries) -> OneOnOneRule:
    return OneOnOneRule.stored(
        freq=series.freq,
        interval=series.interval,
        weekday=series.weekday,
        nth=series.nth,
        at_minutes=series.at_minutes,
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


def _ident(series: OneOnOneSeries, occurrence: Occurrence) -> str:
    # The pair and the moment, not the series: setting the same 1:1s up again (a new series)
    # must not nudge twice for the same meeting.
    stamp = int(occurrence.starts_at.timestamp())
    return f"{series.manager_id}:{series.rep_id}:{occurrence.day.isoformat()}:{stamp}"


def nudge_key(kind: str, series: OneOnOneSeries, occurrence: Occurrence) -> str:
    """The outbox key of the manager's ("oneonone_manager") or the rep's ("oneonone_rep")
    nudge before `occurrence`."""
    return f"{kind}:{_ident(series, occurrence)}"


def nudge_candidates(
    session: Session, settings: Settings, now: datetime
) -> list[tuple[str, DueSend, str, dict]]:
    """(team, send, channel, payload) for every 1:1 nudge due by `now` (claimed or not)."""
    leads = {
        "oneonone_rep": timedelta(hours=settings.oneonone_prep_hours),
        "oneonone_manager": timedelta(hours=settings.oneonone_nudge_hours),
    }
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
            # A lead moved off a weekend or holiday reaches up to a long weekend further.
            end=now + max(leads.values()) + timedelta(days=5, minutes=1),
            changes=every_change.get(series.id or 0, (set(), {})),
        )
        for occurrence in window:
            ident = _ident(series, occurrence)
            payload = {
                "series_id": series.id,
                "day": occurrence.day.isoformat(),
                "starts_at": occurrence.starts_at.isoformat(),
            }
            # Neither lands on a weekend or public holiday (in the manager's zone, the 1:1's).
            moments = dict(
                zip(
                    ("oneonone_rep", "oneonone_manager"),
                    prep_and_nudge_moments(
                        occurrence.starts_at,
                        prep_lead=leads["oneonone_rep"],
                        nudge_lead=leads["oneonone_manager"],
                        tz=ZoneInfo(series.tz),
                        holidays_country=settings.holidays_country,
                    ),
                    strict=True,
                )
            )
            for kind, user in (
                ("oneonone_rep", series.rep_id),
                ("oneonone_manager", series.manager_id),
            ):
                before = moments[kind]
                if before <= now:
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


def occurrence_on(session: Session, series: OneOnOneSeries, day: date) -> Occurrence | None:
    """The series' 1:1 of rule date `day` as it stands (moved or not), None when skipped."""
    tz = ZoneInfo(series.tz)
    start = local_moment(day, time(0), tz) - timedelta(days=31)
    end = local_moment(day, time(0), tz) + timedelta(days=32)
    for occurrence in series_occurrences(session, series, start=start, end=end):
        if occurrence.day == day:
            return occurrence
    return None


def zones_for(
    session: Session, settings: Settings, series: OneOnOneSeries, reader_id: str
) -> ReaderZones:
    """The reader's clock and the other one's of the pair (named by mention), and the team's."""
    other_id = series.rep_id if reader_id == series.manager_id else series.manager_id
    return ReaderZones(
        reader=zone_of(session, settings, series.team_id, reader_id),
        other=zone_of(session, settings, series.team_id, other_id),
        other_name=f"<@{other_id}>",
        team=settings.tz,
    )


def prepared_for_next(session: Session, series: OneOnOneSeries, now: datetime) -> bool:
    """Whether the rep noted obstacles or topics for their next 1:1 (the first one not
    started by `now`) of `series`; for the manager's Home row."""
    upcoming = series_occurrences(session, series, start=now, end=now + timedelta(days=400))
    if not upcoming:
        return False
    prep = store.get_prep(
        session=session, series_id=series.id or 0, day=upcoming[0].day, user_id=series.rep_id
    )
    return prep is not None and bool(prep.obstacles.strip() or prep.topics.strip())


def prep_saved(
    session: Session, settings: Settings, *, series: OneOnOneSeries, day: date, now: datetime
) -> str:
    """The rep saved their preparation for the 1:1 of `day` (in `session`): make it reach
    the manager, and say what the rep can be told (PREP_BEFORE, PREP_UPDATED, PREP_UNSEEN).

    Before the manager's nudge is sent it is rendered with the preparation. Once sent, it is
    re-rendered in place (chat.update) and the manager gets one short DM per 1:1, however
    often the rep saves. A nudge being sent right now gets the update too.
    """
    from bot.jobs.outbox import queue_update  # the outbox renders nudges with this module

    if series.status != "active":
        # Ended (a handover, "not my manager"): the former manager hears nothing of it.
        return PREP_UNSEEN

    occurrence = occurrence_on(session, series, day)
    if occurrence is None:
        return PREP_UNSEEN
    key = nudge_key("oneonone_manager", series, occurrence)
    nudge = outbox_store.find_by_key(session=session, team_id=series.team_id, key=key)
    if nudge is None:
        # Claimed later (at the latest by the first pass after its time) and rendered then.
        return PREP_BEFORE if now < occurrence.starts_at else PREP_UNSEEN
    if nudge.status in ("skipped", "failed"):
        return PREP_UNSEEN
    queue_update(session, team_id=series.team_id, target_key=key, now=now)
    if nudge.status != "sent":
        return PREP_BEFORE
    zones = zones_for(session, settings, series, series.manager_id)
    queue_dm(
        session,
        settings,
        team_id=series.team_id,
        user_id=series.manager_id,
        key=f"oneonone_prep_added:{series.id}:{day.isoformat()}",
        message=lambda lang: views.prep_added_dm(
            lang, rep_id=series.rep_id, starts_at=occurrence.starts_at, zones=zones
        ),
        now=now,
    )
    return PREP_UPDATED


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
        # The week's days as people say them ("30 nov – 6 dec"); the line names the week.
        last = checkin.week + timedelta(days=6)
        days = f"{short_day(checkin.week, lang)} – {short_day(last, lang)}"
        out.append(views.CheckinView(week=days, text=line))
    return out


def plan_line(
    session: Session, *, team_id: str, rep_id: str, today: date, lang: str, settings: Settings
) -> tuple[str | None, int]:
    """The plan the rep is working on (next year's from December once it exists: see
    `plan_choice`) and its pace in one line, or None without one; and the year a missing plan
    would be for."""
    from bot.i18n import t

    plans = {}
    for year in candidate_years(today):
        found = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        if found is not None:
            plans[year] = found
    choice = plan_choice(today, plans)
    if choice.show is None:
        return None, choice.offer or today.year
    plan = plans[choice.show]
    plan_status = t(f"nudge.plan_status.{plan.status}", lang)
    if plan_phase(plan.year, today) == "upcoming":
        # Next year's plan in December: nothing is won or expected yet.
        line = t(
            "nudge.plan_upcoming",
            lang,
            year=plan.year,
            plan_status=plan_status,
            target=plan.target_clients,
        )
        return line, plan.year
    won, value = plan_store.wins_of(
        session=session, team_id=team_id, user_id=rep_id, year=plan.year
    )
    result = pace(
        target=plan.target_clients, won=won, value_won_cents=value, year=plan.year, today=today
    )
    line = t(
        "nudge.plan_line",
        lang,
        year=plan.year,
        won=won,
        target=plan.target_clients,
        expected=format_number(round(result.expected, 1), lang),
        status=t(f"nudge.pace.{result.status}", lang),
        plan_status=plan_status,
        value=format_money(value, plan.currency or settings.default_currency, lang)
        if value
        else "–",
    )
    return line, plan.year


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
        line, plan_year = plan_line(
            session,
            team_id=team_id,
            rep_id=series.rep_id,
            today=local_start.date(),
            lang=lang,
            settings=settings,
        )
        message = views.manager_nudge(
            lang,
            series_id=series.id or 0,
            day=day,
            starts_at=local_start,
            zones=zones_for(session, settings, series, series.manager_id),
            rep_id=series.rep_id,
            plan_line=line,
            plan_year=plan_year,
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
            zones=zones_for(session, settings, series, series.rep_id),
            manager_id=series.manager_id,
            open_actions=action_views(session, series.id or 0),
        )
        return Outgoing(series.rep_id, message["text"], message["blocks"])
    user = payload["user"]
    lang = language_of_user(session, settings, team_id, user)
    other = series.rep_id if user == series.manager_id else series.manager_id
    message = views.after_nudge(lang, series_id=series.id or 0, day=day, other_id=other)
    return Outgoing(user, message["text"], message["blocks"])
