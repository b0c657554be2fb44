"""The scheduling engine: every minute, find the timed messages that fell due and queue each once.

Everything is derived from the database (meetings, wins, plans). A send is claimed in the
ledger (the outbox table, unique per team and key, e.g. "agenda_open:42") before anything
goes to Slack, so a restart, a late clock or a second bot process never sends one twice.
What fell due while the bot was down is queued if still useful, or recorded as skipped
with a log line if stale. The outbox worker then delivers, retrying Slack failures.

The clock is APScheduler; it only wakes the pass. Any number of processes may run it: the
claims in the database decide.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.domain.calendar import first_working_day, is_working_day
from bot.domain.schedule import YEAR_CALENDAR_STALE, DueSend, local_moment, meeting_sends
from bot.jobs.checkin_posts import checkin_candidates
from bot.jobs.meeting_posts import ICS_KIND, STORY_KIND, story_since, times_of
from bot.jobs.oneonone_posts import nudge_candidates
from bot.jobs.outbox import UPDATE_KIND
from storage import meetings as store
from storage import outbox as outbox_store
from storage import users as user_store
from storage.db import SessionFactory
from storage.models import Meeting, MeetingPlan, Win

log = logging.getLogger(__name__)


@dataclass
class PassResult:
    queued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # skipped key -> why


@dataclass(frozen=True)
class _Candidate:
    team_id: str
    send: DueSend
    channel: str
    payload: dict
    skip_reason: str | None = None  # recorded as skipped (away, a holiday) instead of sent


def _meeting_candidates(meeting: Meeting, settings: Settings, now: datetime) -> list[_Candidate]:
    times = times_of(meeting, settings)
    return [
        _Candidate(meeting.team_id, send, meeting.channel, {"meeting_id": meeting.id})
        for send in meeting_sends(meeting.id or 0, times)
        if send.due_at <= now
    ]


def _story_candidates(
    session, meeting: Meeting, settings: Settings, now: datetime
) -> list[_Candidate]:
    """One DM per winner while the agenda is open, proposing all their wins since the previous
    meeting; a win logged after that DM was queued updates it in place (no second DM)."""
    times = times_of(meeting, settings)
    if not times.opens_at <= now < times.cutoff:
        return []
    # A win logged on Saturday (the agenda of a Wednesday meeting opens on Friday) is proposed
    # on Monday morning: no DM on a weekend, a holiday or at night.
    today = now.astimezone(settings.tz).date()
    if not is_working_day(today, holidays_country=settings.holidays_country) or now < local_moment(
        today, settings.agenda_open_time, settings.tz
    ):
        return []
    wins = store.wins_between(
        session=session,
        team_id=meeting.team_id,
        start=story_since(session, meeting, settings),
        end=now,
    )
    on_agenda = store.agenda_places_of_wins(session=session, win_ids=[w.id or 0 for w in wins])
    by_winner: dict[str, list[Win]] = {}
    for win in wins:
        if win.id not in on_agenda:
            by_winner.setdefault(win.user_id, []).append(win)
    candidates = []
    for user_id, own in by_winner.items():
        key = f"{STORY_KIND}:{meeting.id}:{user_id}"
        payload = {"meeting_id": meeting.id, "user": user_id}
        candidates.append(
            _Candidate(
                meeting.team_id, DueSend(key, STORY_KIND, now, times.cutoff), user_id, payload
            )
        )
        queued = outbox_store.find_by_key(session=session, team_id=meeting.team_id, key=key)
        if queued is None:
            continue
        for win in own:
            if win.created_at > queued.created_at:
                send = DueSend(f"{UPDATE_KIND}:{key}:{win.id}", UPDATE_KIND, now, times.cutoff)
                candidates.append(_Candidate(meeting.team_id, send, user_id, {"target_key": key}))
    return candidates


def year_calendar_due(year: int, settings: Settings) -> datetime:
    """When the year's calendar is posted again: the first working day at the agenda time."""
    day = first_working_day(year, holidays_country=settings.holidays_country)
    return local_moment(day, settings.agenda_open_time, settings.tz)


def _year_candidates(session, settings: Settings, now: datetime) -> list[_Candidate]:
    from sqlmodel import select

    year = now.astimezone(settings.tz).year
    plans = session.exec(select(MeetingPlan).where(MeetingPlan.confirmed_year == year)).all()
    due_at = year_calendar_due(year, settings)
    if now < due_at:
        return []
    stale_at = due_at + YEAR_CALENDAR_STALE
    key = f"year_calendar:{year}"
    candidates = []
    for plan in plans:
        candidates.append(
            _Candidate(
                plan.team_id,
                DueSend(key, "year_calendar", due_at, stale_at),
                plan.channel,
                {"year": year, "intro": False},
            )
        )
        candidates.append(
            _Candidate(
                plan.team_id,
                DueSend(f"{key}:ics", ICS_KIND, due_at, stale_at),
                plan.channel,
                {"year": year, "after_key": key},
            )
        )
    return candidates


def run_pass(
    *,
    session_factory: SessionFactory,
    settings: Settings,
    now: datetime,
    dry_run: bool = False,
    recorded_at: datetime | None = None,
) -> PassResult:
    """Queue (or skip, when stale) every timed message due at `now` that is not claimed yet.

    With `dry_run` nothing is written: the result lists what a real pass would queue or skip.
    `recorded_at` (the real clock; default `now`) stamps the claims: a post's history search
    after a timeout starts from it.
    """
    result = PassResult()
    window_start = now - timedelta(days=3)
    # An opening that falls on a weekend or holidays moves earlier: Easter can add four days.
    window_end = now + timedelta(days=settings.agenda_open_days + 7)
    with session_factory() as session:
        candidates: list[_Candidate] = []
        for meeting in store.meetings_between(session=session, start=window_start, end=window_end):
            if meeting.status == "cancelled":
                continue
            candidates += _meeting_candidates(meeting, settings, now)
            candidates += _story_candidates(session, meeting, settings, now)
        candidates += _year_candidates(session, settings, now)
        candidates += [
            _Candidate(team_id, send, channel, payload)
            for team_id, send, channel, payload in nudge_candidates(session, settings, now)
        ]
        candidates += [
            _Candidate(team_id, send, channel, payload, skip)
            for team_id, send, channel, payload, skip in checkin_candidates(session, settings, now)
        ]
        # Deleted, deactivated and bot users get nothing: Slack would refuse every DM for good.
        inactive = user_store.inactive_users(session=session)
        by_team: dict[str, list[_Candidate]] = {}
        for candidate in candidates:
            if (candidate.team_id, candidate.channel) in inactive:
                continue
            by_team.setdefault(candidate.team_id, []).append(candidate)
        fresh: list[_Candidate] = []
        for team_id, team_candidates in by_team.items():
            known = outbox_store.existing_keys(
                session=session, team_id=team_id, keys=[c.send.key for c in team_candidates]
            )
            fresh += [c for c in team_candidates if c.send.key not in known]
    if dry_run:
        for candidate in fresh:
            skip = _skip_reason(candidate, now)
            (result.skipped if skip else result.queued).append(candidate.send.key)
            if skip:
                result.reasons[candidate.send.key] = skip
        return result
    if not fresh:
        return result
    with session_factory.write() as session:
        for candidate in fresh:
            skip = _skip_reason(candidate, now)
            claimed = outbox_store.claim_send(
                session=session,
                team_id=candidate.team_id,
                key=candidate.send.key,
                kind=candidate.send.kind,
                channel=candidate.channel,
                payload=json.dumps(
                    {**candidate.payload, "stale_at": candidate.send.stale_at.isoformat()}
                ),
                now=now,
                recorded_at=recorded_at,
                skipped_reason=skip,
            )
            if not claimed:
                continue  # another process was quicker
            if skip:
                log.info(
                    "skipped %s (due %s): %s",
                    candidate.send.key,
                    candidate.send.due_at.isoformat(),
                    skip,
                )
                result.skipped.append(candidate.send.key)
                result.reasons[candidate.send.key] = skip
            else:
                result.queued.append(candidate.send.key)
    return result


def _skip_reason(candidate: _Candidate, now: datetime) -> str | None:
    if now >= candidate.send.stale_at:
        return (
            f"stale: due {candidate.send.due_at.isoformat()}, "
            f"pointless after {candidate.send.stale_at.isoformat()}"
        )
    return candidate.skip_reason


class Clock:
    """APScheduler running the pass every minute (and once at start: catch up after downtime)."""

    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        settings: Settings,
        clock: Callable[[], datetime],
        on_queued: Callable[[], None],
        interval_seconds: float = 60.0,
        before_pass: Callable[[], None] | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.clock = clock
        self.on_queued = on_queued
        self.before_pass = before_pass
        self.scheduler = BackgroundScheduler(
            timezone=settings.tz,
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=interval_seconds, timezone=settings.tz),
            id="schedule_pass",
            next_run_time=datetime.now(UTC),
        )

    def tick(self) -> PassResult | None:
        try:
            if self.before_pass is not None:
                self.before_pass()
            result = run_pass(
                session_factory=self.session_factory, settings=self.settings, now=self.clock()
            )
        except Exception:  # the clock must outlive a database hiccup
            log.exception("scheduling pass failed; trying again next minute")
            return None
        if result.queued:
            self.on_queued()
        return result

    def start(self) -> Clock:
        self.scheduler.start()
        return self

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
