"""The 1:1s' use cases (set up, list, skip, move, cancel, prepare, action points), which nudges
are due and what they say.

The rep is nudged to prepare ONEONONE_PREP_HOURS before each 1:1, the manager ONEONONE_NUDGE_HOURS
before it (with the rep's plan, wins, check-ins, preparation and open action points); both are
nudged after it to log action points. Nudge keys carry the occurrence's date and start, so a moved
1:1 is nudged for its new time and a skipped one not at all. Use cases own their transaction and
refuse with a UserError: OneOnOneRefusal, OneOnOneError or a date's CalendarError (worded by
`views.oneonones.error_text`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.days import parse_day, parse_reschedule
from bot.domain.errors import FieldErrors, UserError
from bot.domain.formatting import ReaderZones, format_money, format_number
from bot.domain.mentions import mentioned_users
from bot.domain.oneonones import (
    Occurrence,
    OneOnOneError,
    OneOnOneRule,
    next_occurrence,
    occurrences,
    parse_mention,
    parse_oneonone,
)
from bot.domain.plans import candidate_years, pace, plan_choice, plan_phase
from bot.domain.schedule import DueSend, local_moment, prep_and_nudge_moments
from bot.i18n import t
from bot.jobs.outbox import MessageKind, Outgoing, Skip, queue_dm, queue_message, queue_update
from bot.jobs.people import language_of_user, zone_of
from bot.jobs.schedule import DueMessage, DueSubjects
from bot.views import oneonones as views
from bot.views.checkins import stored_checkin_line
from bot.views.text import short_day
from storage import checkins as checkin_store
from storage import managers as manager_store
from storage import oneonones as store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import schedule as schedule_store
from storage import users as user_store
from storage.models import OneOnOnePrep, OneOnOneSeries, OutboxMessage

AFTER_STALE = timedelta(days=2)
# What the rep who saved their preparation can truthfully be told (see prep_saved).
PREP_BEFORE = "before"  # the manager's nudge, still to come, will show it
PREP_UPDATED = "updated"  # the nudge was sent: it is updated and the manager told
PREP_UNSEEN = "unseen"  # no nudge carries it (not sent, or the 1:1 is off)
PREP_OWN = "own"  # the manager's own note: no nudge carries it
# The message kinds of the nudges (each one's outbox key starts with its kind).
MANAGER_NUDGE = "oneonone_manager"
REP_NUDGE = "oneonone_rep"
AFTER_NUDGE = "oneonone_after"


class OneOnOneRefusal(UserError):
    """A 1:1 use case refuses: no_user, self, usage, unknown_user, no_series (rep),
    not_manager (not theirs to see or change), no_occurrence (date), date_in_past (date)."""


# ------------------------------------------------------------------------ outbox keys


def created_key(series_id: int) -> str:
    """To the rep: their manager set up the 1:1s."""
    return f"oneonone_created:{series_id}"


def ended_key(series_id: int) -> str:
    """To the rep: their manager ended the 1:1s."""
    return f"oneonone_ended:{series_id}"


def skipped_key(series_id: int, day: date) -> str:
    """To the rep: the 1:1 of rule date `day` is skipped."""
    return f"oneonone_skipped:{series_id}:{day.isoformat()}"


def moved_key(series_id: int, day: date, new_at: datetime) -> str:
    """To the rep: the 1:1 of rule date `day` moved to `new_at` (each move is told)."""
    return f"oneonone_moved:{series_id}:{day.isoformat()}:{int(new_at.timestamp())}"


def prep_added_key(series_id: int, day: date) -> str:
    """To the manager, once per 1:1: the rep prepared after the nudge went out."""
    return f"oneonone_prep_added:{series_id}:{day.isoformat()}"


def series_occurrences(
    session: Session,
    series: OneOnOneSeries,
    *,
    start: datetime,
    end: datetime,
    changes: store.Changes | None = None,
) -> list[Occurrence]:
    """The series' 1:1s starting in [start, end), skips and moves applied (`changes`, when
    the caller fetched them for many series at once)."""
    skipped, moved = changes or store.changes(session=session, series_id=series.id or 0)
    # Nothing before the series existed: set up on a Tuesday at 11:00, "tuesdays at 10:00"
    # starts next week.
    return [
        occurrence
        for occurrence in occurrences(
            OneOnOneRule.of_row(series),
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
    """The outbox key of the manager's (MANAGER_NUDGE) or the rep's (REP_NUDGE) nudge before
    `occurrence`."""
    return f"{kind}:{_ident(series, occurrence)}"


def after_key(series: OneOnOneSeries, occurrence: Occurrence, user_id: str) -> str:
    """The outbox key of the nudge to `user_id` after `occurrence` (AFTER_NUDGE)."""
    return f"{AFTER_NUDGE}:{_ident(series, occurrence)}:{user_id}"


def due_subjects(session: Session) -> set[tuple[str, str]]:
    """(team, series id) of every running series: whose nudges may fall due."""
    return {
        (team_id, str(series_id)) for team_id, series_id in store.active_series_ids(session=session)
    }


def look(
    session: Session,
    settings_for: Callable[[str], Settings],
    now: datetime,
    subjects: set[tuple[str, str]],
) -> tuple[list[DueMessage], dict[tuple[str, str], datetime]]:
    """The nudges of the (team, series id) `subjects` due by `now` (claimed or not), in each
    team's settings, and each series' next nudge moment after `now` within the window."""
    found: list[DueMessage] = []
    upcoming: dict[tuple[str, str], datetime] = {}
    ids = {int(series_id) for _, series_id in subjects if series_id.isdigit()}
    every_change = store.all_changes(session=session, series_ids=ids)
    running = store.active_series(session=session, ids=ids)
    pairs = {(s.team_id, user) for s in running for user in (s.manager_id, s.rep_id)}
    inactive = user_store.inactive_users(session=session, among=pairs)
    for series in running:
        subject = (series.team_id, str(series.id))
        if subject not in subjects:
            continue
        settings = settings_for(series.team_id)
        prep_lead = timedelta(hours=settings.oneonone_prep_hours)
        nudge_lead = timedelta(hours=settings.oneonone_nudge_hours)
        # A 1:1 later than this window has no moment before tomorrow: the stored moment (an
        # hour at most: see `bot.jobs.schedule`) comes first.
        window = series_occurrences(
            session,
            series,
            start=now - timedelta(days=3),
            # A lead moved off a weekend or holiday reaches up to a long weekend further.
            end=now + max(prep_lead, nudge_lead) + timedelta(days=6, minutes=1),
            changes=every_change.get(series.id or 0, (set(), {})),
        )
        gone = {(series.team_id, series.manager_id), (series.team_id, series.rep_id)} & inactive
        for occurrence in window:
            starts_at, ends_at = occurrence.starts_at, occurrence.ends_at
            payload = {
                "series_id": series.id,
                "day": occurrence.day.isoformat(),
                "starts_at": starts_at.isoformat(),
            }
            # Neither lands on a weekend or public holiday (in the manager's zone, the 1:1's).
            prep_at, nudge_at = prep_and_nudge_moments(
                starts_at,
                prep_lead=prep_lead,
                nudge_lead=nudge_lead,
                tz=ZoneInfo(series.tz),
                holidays_country=settings.holidays_country,
            )
            for at in (prep_at, nudge_at, ends_at):
                if at > now and (subject not in upcoming or at < upcoming[subject]):
                    upcoming[subject] = at
            if gone:
                continue  # one of the two is deleted, deactivated or a bot: no 1:1 to prepare
            for kind, user, at in (
                (REP_NUDGE, series.rep_id, prep_at),
                (MANAGER_NUDGE, series.manager_id, nudge_at),
            ):
                if at <= now and occurrence.starts_at < window_end(now, prep_lead, nudge_lead):
                    send = DueSend(nudge_key(kind, series, occurrence), kind, at, starts_at)
                    found.append(DueMessage.of(series.team_id, send, user, payload))
            for user in (series.manager_id, series.rep_id) if ends_at <= now else ():
                key = after_key(series, occurrence, user)
                send = DueSend(key, AFTER_NUDGE, ends_at, ends_at + AFTER_STALE)
                found.append(DueMessage.of(series.team_id, send, user, {**payload, "user": user}))
    return found, upcoming


def window_end(now: datetime, prep_lead: timedelta, nudge_lead: timedelta) -> datetime:
    """The end of the window whose 1:1s' nudges may be due by `now`."""
    return now + max(prep_lead, nudge_lead) + timedelta(days=5, minutes=1)


DUE = DueSubjects(schedule_store.ONEONONES, due_subjects, look)


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """Every 1:1 nudge due by `now` (claimed or not): the whole computation (see `DUE`)."""
    return DUE(session, settings_for, now)


def occurrence_on(session: Session, series: OneOnOneSeries, day: date) -> Occurrence | None:
    """The series' 1:1 of rule date `day` as it stands (moved or not), None when skipped."""
    midnight = local_moment(day, time(0), ZoneInfo(series.tz))
    window = series_occurrences(
        session, series, start=midnight - timedelta(days=31), end=midnight + timedelta(days=32)
    )
    return next((occurrence for occurrence in window if occurrence.day == day), None)


def _other(series: OneOnOneSeries, user_id: str) -> str:
    """The other one of the pair."""
    return series.rep_id if user_id == series.manager_id else series.manager_id


def zones_for(
    session: Session, settings: Settings, series: OneOnOneSeries, reader_id: str
) -> ReaderZones:
    """The reader's clock and the other one's of the pair (named by mention), and the team's."""
    other_id = _other(series, reader_id)
    return ReaderZones(
        reader=zone_of(session, settings, series.team_id, reader_id),
        other=zone_of(session, settings, series.team_id, other_id),
        other_name=f"<@{other_id}>",
        team=settings.tz,
    )


def next_oneonone(session: Session, series: OneOnOneSeries, now: datetime) -> Occurrence | None:
    """The series' first 1:1 not started by `now` (any rhythm: up to every 6 months)."""
    found = series_occurrences(session, series, start=now, end=now + timedelta(days=400))
    return found[0] if found else None


def prepared_for_next(session: Session, series: OneOnOneSeries, now: datetime) -> bool:
    """Whether the rep noted obstacles or topics for their next 1:1 of `series`; for the
    manager's Home row."""
    upcoming = next_oneonone(session, series, now)
    if upcoming is None:
        return False
    prep = store.get_prep(
        session=session, series_id=series.id or 0, day=upcoming.day, user_id=series.rep_id
    )
    return prep is not None and bool(prep.obstacles.strip() or prep.topics.strip())


def prep_saved(
    session: Session, settings: Settings, *, series: OneOnOneSeries, day: date, now: datetime
) -> str:
    """The rep saved their preparation for the 1:1 of `day`: make it reach the manager (a sent
    nudge is updated in place and the manager told once per 1:1), and say what the rep can be
    told (PREP_BEFORE, PREP_UPDATED, PREP_UNSEEN)."""
    # Of an ended series (a handover, "not my manager") the former manager hears nothing.
    occurrence = occurrence_on(session, series, day) if series.status == "active" else None
    if occurrence is None:
        return PREP_UNSEEN
    key = nudge_key(MANAGER_NUDGE, series, occurrence)
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
        key=prep_added_key(series.id or 0, day),
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
        line = stored_checkin_line(lang, checkin, with_note=False)
        if checkin.note:
            line += f" — {checkin.note}"
        # The week's days as people say them ("30 nov – 6 dec"); the line names the week.
        last = checkin.week + timedelta(days=6)
        days = f"{short_day(checkin.week, lang)} – {short_day(last, lang)}"
        out.append(views.CheckinView(week=days, text=line))
    return out


def _plan_line(
    session: Session, settings: Settings, team_id: str, rep_id: str, today: date, lang: str
) -> tuple[str | None, int]:
    """The plan the rep is working on (next year's from December once it exists: see
    `plan_choice`) and its pace in one line, or None without one; and the year a missing plan
    would be for."""
    found = {
        year: plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        for year in candidate_years(today)
    }
    plans = {year: plan for year, plan in found.items() if plan is not None}
    choice = plan_choice(today, plans)
    if choice.show is None:
        return None, choice.offer or today.year
    plan = plans[choice.show]
    said = {
        "year": plan.year,
        "target": plan.target_clients,
        "plan_status": t(f"nudge.plan_status.{plan.status}", lang),
    }
    if plan_phase(plan.year, today) == "upcoming":
        # Next year's plan in December: nothing is won or expected yet.
        return t("nudge.plan_upcoming", lang, **said), plan.year
    won, value = plan_store.wins_of(
        session=session, team_id=team_id, user_id=rep_id, year=plan.year
    )
    result = pace(
        target=plan.target_clients, won=won, value_won_cents=value, year=plan.year, today=today
    )
    currency = plan.currency or settings.default_currency
    line = t(
        "nudge.plan_line",
        lang,
        won=won,
        expected=format_number(round(result.expected, 1), lang),
        status=t(f"nudge.pace.{result.status}", lang),
        value=format_money(value, currency, lang) if value else "–",
        **said,
    )
    return line, plan.year


def render_nudge(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The DM for a nudge row, as it should read now; raises Skip when the 1:1 is off."""
    kind, team_id = row.kind, row.team_id
    payload = json.loads(row.payload or "{}")
    series = store.get_series(session=session, team_id=team_id, series_id=payload["series_id"])
    if series is None or series.status != "active":
        raise Skip("the 1:1 series ended")
    day = date.fromisoformat(payload["day"])
    starts_at = datetime.fromisoformat(payload["starts_at"])
    second = timedelta(seconds=1)
    near = series_occurrences(session, series, start=starts_at - second, end=starts_at + second)
    if not any(o.day == day and o.starts_at == starts_at for o in near):
        raise Skip("the 1:1 was skipped or moved")
    local_start = starts_at.astimezone(ZoneInfo(series.tz))
    series_id, rep_id, manager_id = series.id or 0, series.rep_id, series.manager_id
    user = {MANAGER_NUDGE: manager_id, REP_NUDGE: rep_id}.get(kind) or payload["user"]
    lang = language_of_user(session, settings, team_id, user)
    if kind == AFTER_NUDGE:
        other = _other(series, user)
        message = views.after_nudge(lang, series_id=series_id, day=day, other_id=other)
        return Outgoing(user, message["text"], message["blocks"])
    # What both nudges before the 1:1 show, on the reader's clock.
    before: dict[str, Any] = {
        "series_id": series_id,
        "day": day,
        "starts_at": local_start,
        "zones": zones_for(session, settings, series, user),
        "open_actions": action_views(session, series_id),
    }
    if kind == REP_NUDGE:
        message = views.rep_nudge(lang, manager_id=manager_id, **before)
    else:
        # Any rhythm (up to every 6 months, with moves): look back far enough.
        previous = series_occurrences(
            session, series, start=starts_at - timedelta(days=400), end=starts_at
        )
        since = previous[-1].starts_at if previous else starts_at - timedelta(days=14)
        wins = plan_store.recent_wins(session=session, team_id=team_id, user_id=rep_id, since=since)
        prep = store.get_prep(session=session, series_id=series_id, day=day, user_id=rep_id)
        line, plan_year = _plan_line(session, settings, team_id, rep_id, local_start.date(), lang)
        message = views.manager_nudge(
            lang,
            rep_id=rep_id,
            plan_line=line,
            plan_year=plan_year,
            wins=[win.client_name for win in wins],
            checkins=recent_checkins(session, team_id=team_id, rep_id=rep_id, lang=lang),
            prep=_prep_view(prep),
            **before,
        )
    return Outgoing(user, message["text"], message["blocks"])


def _prep_view(prep: OneOnOnePrep | None) -> views.PrepView | None:
    return views.PrepView(obstacles=prep.obstacles, topics=prep.topics) if prep else None


# ------------------------------------------------------------------------ use cases


def takes_part(series: OneOnOneSeries, user_id: str) -> bool:
    """The rep, or the manager while the series runs: someone whose link ended (a handover,
    "not my manager") no longer reads or changes the 1:1's notes and action points."""
    return user_id == series.rep_id or (user_id == series.manager_id and series.status == "active")


def next_start(session: Session, series: OneOnOneSeries, after: datetime) -> datetime | None:
    """When the series' next 1:1 starts after `after`, skips and moves applied."""
    skipped, moved = store.changes(session=session, series_id=series.id or 0)
    found = next_occurrence(
        OneOnOneRule.of_row(series),
        tz=ZoneInfo(series.tz),
        first_day=series.first_day,
        after=after,
        skipped=skipped,
        moved=moved,
    )
    return found.starts_at if found else None


def read_setup(
    settings: Settings, *, manager_id: str, text: str, now: datetime
) -> tuple[str, OneOnOneRule]:
    """(rep, rule) of `@rep every ...` typed by `manager_id`; OneOnOneError for a bad rule,
    OneOnOneRefusal self for a 1:1 with oneself."""
    rep_id, rule = parse_oneonone(text, today=now.astimezone(settings.tz).date())
    if rep_id == manager_id:
        raise OneOnOneRefusal("self")
    return rep_id, rule


def check_setup_form(
    settings: Settings, *, rep: str | None, rule: str | None, now: datetime
) -> str:
    """The set-up modal's answers as the text of `/oneonone @rep <rule>`; FieldErrors ("rep"
    or "rule": empty, or the rule's OneOnOneError code) when they cannot be read."""
    if not rep or not rule:
        raise FieldErrors({"rep" if not rep else "rule": ("empty", {})})
    text = f"<@{rep}> {rule}"
    try:
        parse_oneonone(text, today=now.astimezone(settings.tz).date())
    except OneOnOneError as error:
        raise FieldErrors({"rule": (error.code, error.params)}) from None
    return text


def read_manager_pair(text: str) -> tuple[str, str]:
    """(rep, manager) of `manager @rep @manager`; OneOnOneRefusal usage or self."""
    ids = mentioned_users(text)
    if len(ids) != 2:
        raise OneOnOneRefusal("usage")
    rep_id, manager_id = ids
    if rep_id == manager_id:
        raise OneOnOneRefusal("self")
    return rep_id, manager_id


@dataclass(frozen=True)
class SeriesList:
    """What `/oneonone` shows someone: their 1:1s as manager and as rep, their manager."""

    as_manager: list[views.SeriesView]
    as_rep: list[views.SeriesView]
    my_manager: str | None
    reader_tz: ZoneInfo


def series_list(deps: Deps, *, team_id: str, user_id: str, lang: str) -> SeriesList:
    """The running 1:1s of `user_id` with the next date of each (rules worded in `lang`)."""
    now = deps.clock()
    with deps.session_factory() as session:
        mine = store.series_of(session=session, team_id=team_id, user_id=user_id)
        my_manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id)
        shown = [
            views.SeriesView(
                id=s.id or 0,
                manager_id=s.manager_id,
                rep_id=s.rep_id,
                rule_text=OneOnOneRule.of_row(s).describe(lang),
                next_at=next_start(session, s, now),
                tz_name=s.tz,
                other_tz_name=zone_of(
                    session, deps.settings_for(team_id), team_id, _other(s, user_id)
                ).key,
            )
            for s in mine
        ]
        reader_tz = zone_of(session, deps.settings_for(team_id), team_id, user_id)
    return SeriesList(
        as_manager=[s for s in shown if s.manager_id == user_id],
        as_rep=[s for s in shown if s.rep_id == user_id],
        my_manager=my_manager,
        reader_tz=reader_tz,
    )


def _series_to_change(
    session: Session, *, team_id: str, caller: str, text: str, admin: bool
) -> tuple[OneOnOneSeries, str]:
    """The running 1:1s with the rep `text` mentions, which the caller may change, and the
    rest of `text`."""
    rep_id, rest = parse_mention(text)
    if rep_id is None:
        raise OneOnOneRefusal("no_user")
    series = store.series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
    if series is None:
        raise OneOnOneRefusal("no_series", rep=rep_id)
    if caller != series.manager_id and not admin:
        raise OneOnOneRefusal("not_manager")
    return series, rest


def cancel_series(deps: Deps, *, team_id: str, caller: str, text: str, admin: bool) -> str:
    """`cancel @rep`: the 1:1s end and the rep is told; returns the rep."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        series, _ = _series_to_change(
            session, team_id=team_id, caller=caller, text=text, admin=admin
        )
        rep_lang = language_of_user(session, deps.settings_for(team_id), team_id, series.rep_id)
        store.end_series(session=session, series_id=series.id or 0, now=now)
        queue_message(
            session,
            team_id=team_id,
            key=ended_key(series.id or 0),
            channel=series.rep_id,
            message=views.rep_told_dm(rep_lang, manager_id=series.manager_id, kind="ended"),
            now=now,
        )
    deps.notify_outbox()
    return series.rep_id


@dataclass(frozen=True)
class Changed:
    """One 1:1 skipped (`new_at` None) or moved, as the caller reads it (`zones`)."""

    rep_id: str
    day: date
    new_at: datetime | None = None
    zones: ReaderZones | None = None


def skip_occurrence(deps: Deps, *, team_id: str, caller: str, text: str, admin: bool) -> Changed:
    """`skip @rep <date>`: the 1:1 of that rule date is skipped and the rep told."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        series, rest = _series_to_change(
            session, team_id=team_id, caller=caller, text=text, admin=admin
        )
        day = parse_day(rest, today=now.astimezone(ZoneInfo(series.tz)).date())
        _occurrence(session, series, day)
        _record_change(
            session, deps.settings_for(team_id), series, day, None, caller=caller, now=now
        )
    deps.notify_outbox()
    return Changed(series.rep_id, day)


def move_occurrence(deps: Deps, *, team_id: str, caller: str, text: str, admin: bool) -> Changed:
    """`move @rep <date> to <date> [at hh:mm]`: the 1:1 of that rule date moves (keeping its
    time unless one is given) and the rep is told; shown on the caller's clock."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        series, rest = _series_to_change(
            session, team_id=team_id, caller=caller, text=text, admin=admin
        )
        tz = ZoneInfo(series.tz)
        day, new_day, at = parse_reschedule(rest, today=now.astimezone(tz).date(), usage="usage")
        occurrence = _occurrence(session, series, day)
        new_at = local_moment(new_day, at or occurrence.starts_at.astimezone(tz).time(), tz)
        if new_at <= now:
            raise OneOnOneRefusal("date_in_past", date=new_day)
        _record_change(
            session, deps.settings_for(team_id), series, day, new_at, caller=caller, now=now
        )
        # The caller (the manager or an admin) reads it on their own clock, the rep's named.
        zones = zones_for(session, deps.settings_for(team_id), series, series.manager_id)
        if caller != series.manager_id:
            zones = replace(
                zones, reader=zone_of(session, deps.settings_for(team_id), team_id, caller)
            )
    deps.notify_outbox()
    return Changed(series.rep_id, day, new_at, zones)


def _occurrence(session: Session, series: OneOnOneSeries, day: date) -> Occurrence:
    """The 1:1 of rule date `day`; no_occurrence when there is none."""
    occurrence = occurrence_on(session, series, day)
    if occurrence is None:
        raise OneOnOneRefusal("no_occurrence", date=day)
    return occurrence


def _record_change(
    session: Session,
    settings: Settings,
    series: OneOnOneSeries,
    day: date,
    new_at: datetime | None,
    *,
    caller: str,
    now: datetime,
) -> None:
    """Skip (`new_at` None) or move one date, and tell the rep, in the same transaction."""
    store.change_day(
        session=session,
        team_id=series.team_id,
        series_id=series.id or 0,
        day=day,
        action="skip" if new_at is None else "move",
        new_starts_at=new_at,
        by=caller,
        now=now,
    )
    rep_lang = language_of_user(session, settings, series.team_id, series.rep_id)
    queue_message(
        session,
        team_id=series.team_id,
        key=skipped_key(series.id or 0, day)
        if new_at is None
        else moved_key(series.id or 0, day, new_at),
        channel=series.rep_id,
        message=views.rep_told_dm(
            rep_lang,
            manager_id=series.manager_id,
            kind="skipped" if new_at is None else "moved",
            day=day,
            new_at=new_at,
            zones=zones_for(session, settings, series, series.rep_id),
        ),
        now=now,
    )


def _series_of_part(
    session: Session, *, team_id: str, user_id: str, series_id: int
) -> OneOnOneSeries:
    """The series, when `user_id` takes part in it; else not_manager."""
    series = store.get_series(session=session, team_id=team_id, series_id=series_id)
    if series is None or not takes_part(series, user_id):
        # Gone, or no longer theirs (a handover, an ended series).
        raise OneOnOneRefusal("not_manager")
    return series


@dataclass(frozen=True)
class PrepForm:
    """What the person noted so far for one 1:1, if anything."""

    prep: views.PrepView | None


def prep_form(deps: Deps, *, team_id: str, user_id: str, series_id: int, day: date) -> PrepForm:
    """What `user_id` noted for the 1:1 of rule date `day`; not_manager if not theirs."""
    with deps.session_factory() as session:
        _series_of_part(session, team_id=team_id, user_id=user_id, series_id=series_id)
        prep = store.get_prep(session=session, series_id=series_id, day=day, user_id=user_id)
    return PrepForm(_prep_view(prep))


@dataclass(frozen=True)
class PrepSaved:
    """The preparation is saved; `outcome` says who will see it (PREP_BEFORE, PREP_UPDATED,
    PREP_UNSEEN, or PREP_OWN for the manager's own note)."""

    manager_id: str
    outcome: str


def save_preparation(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    series_id: int,
    day: date,
    obstacles: str | None,
    topics: str | None,
) -> PrepSaved:
    """Save the obstacles and topics `user_id` noted for a 1:1 (FieldErrors "obstacles":
    empty when both are); only the rep's reach the manager's nudge (see `prep_saved`)."""
    obstacles, topics = (obstacles or "").strip(), (topics or "").strip()
    if not obstacles and not topics:
        raise FieldErrors({"obstacles": ("empty", {})})
    now = deps.clock()
    with deps.session_factory.write() as session:
        series = _series_of_part(session, team_id=team_id, user_id=user_id, series_id=series_id)
        store.save_prep(
            session=session,
            team_id=team_id,
            series_id=series_id,
            day=day,
            user_id=user_id,
            obstacles=obstacles,
            topics=topics,
            now=now,
        )
        outcome = (
            prep_saved(session, deps.settings_for(team_id), series=series, day=day, now=now)
            if user_id == series.rep_id
            else PREP_OWN
        )
    deps.notify_outbox()
    return PrepSaved(series.manager_id, outcome)


@dataclass(frozen=True)
class ActionsForm:
    """Who the action points of one 1:1 can be for."""

    rep_id: str
    manager_id: str


def actions_form(
    deps: Deps, *, team_id: str, user_id: str, series_id: int, day: date
) -> ActionsForm:
    """The action-points form of the 1:1 of rule date `day`; not_manager if not theirs."""
    with deps.session_factory() as session:
        series = _series_of_part(session, team_id=team_id, user_id=user_id, series_id=series_id)
    return ActionsForm(series.rep_id, series.manager_id)


@dataclass(frozen=True)
class ActionRow:
    """One filled row of the action-points modal (`index` 1.. names its fields)."""

    text: str
    owner: str  # "rep" or "manager"
    due: date | None
    index: int


def log_action_points(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    series_id: int,
    day: date,
    rows: list[ActionRow],
    source: str,
) -> int:
    """Store the action points agreed in a 1:1; returns how many. `source` (the submission)
    makes a submission delivered twice add each point once. Refuses not_manager, or with
    FieldErrors ("text_<i>": required, too_long (max, length); "due_<i>": bad_due)."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        series = _series_of_part(session, team_id=team_id, user_id=user_id, series_id=series_id)
        today = now.astimezone(ZoneInfo(series.tz)).date()
        errors: dict[str, tuple[str, dict]] = {}
        for row in rows:
            text = row.text.strip()
            if len(text) > views.ACTION_TEXT_MAX:
                errors[f"text_{row.index}"] = (
                    "too_long",
                    {"max": views.ACTION_TEXT_MAX, "length": len(text)},
                )
            if row.due is not None and row.due < today:
                errors[f"due_{row.index}"] = ("bad_due", {})
        if not rows:
            errors["text_1"] = ("required", {})
        if errors:
            raise FieldErrors(errors)
        for row in rows:
            store.add_action_point(
                session=session,
                values={
                    "team_id": team_id,
                    "series_id": series.id,
                    "day": day,
                    "owner_id": series.manager_id if row.owner == "manager" else series.rep_id,
                    "text": row.text.strip(),
                    "due": row.due,
                    "created_by": user_id,
                    "created_at": now,
                    "source_key": f"{source}:{row.index}",
                },
            )
    return len(rows)


def tick_off_action(deps: Deps, *, team_id: str, user_id: str, point_id: int, admin: bool) -> str:
    """Tick off an action point (someone who takes part in its 1:1s, or an admin); returns
    its text. Refuses not_manager."""
    with deps.session_factory.write() as session:
        point = store.get_action_point(session=session, team_id=team_id, point_id=point_id)
        series = (
            store.get_series(session=session, team_id=team_id, series_id=point.series_id)
            if point
            else None
        )
        if point is None or series is None or not (admin or takes_part(series, user_id)):
            raise OneOnOneRefusal("not_manager")
        store.tick_off(session=session, point_id=point_id, by=user_id, now=deps.clock())
        return point.text


MESSAGE_KINDS = tuple(
    MessageKind(name, render=render_nudge) for name in (MANAGER_NUDGE, REP_NUDGE, AFTER_NUDGE)
)
