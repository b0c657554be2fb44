"""The scheduling engine: every minute, find the timed messages that fell due and queue each once.

Everything is derived from the database: each feature hands the clock a due-work source (see
`bot.app.DUE_WORK`) that lists the messages due by a moment. A send is claimed in the
ledger (the outbox table, unique per team and key, e.g. "agenda_open:42") before anything
goes to Slack, so a restart, a late clock or a second bot process never sends one twice.
What fell due while the bot was down is queued if still useful, or recorded as skipped
with a log line if stale. The outbox worker then delivers, retrying Slack failures.

A source is either a plain function of the moment (cheap: per team or meeting) or a
`DueSubjects` (per rep or 1:1 series): those keep, per subject, the next moment something of it
may fall due (`storage.schedule`), and a pass looks only at the subjects whose moment has come,
so it grows with the work due, not with the people. A write that changes a subject's schedule
marks it to be looked at again; each subject is looked at again within the hour anyway, at
its own minute of the hour (a missed mark costs at most that), and a sweep keeps the
subjects in step with who has any.

The clock is APScheduler; it only wakes the pass. Any number of processes may run it: on
PostgreSQL one replica at a time runs a pass (an advisory lock, `storage.coordination`) and the
others skip that minute; should two ever run at once, the claims in the database still decide.
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session

from bot.config import Settings
from storage import outbox as outbox_store
from storage import schedule as schedule_store
from storage import users as user_store
from storage import workspaces as workspace_store
from storage.coordination import clock_turn
from storage.db import SessionFactory

log = logging.getLogger(__name__)


@dataclass
class PassResult:
    queued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # skipped key -> why


@dataclass(frozen=True)
class DueMessage:
    """A timed message due by the pass's moment, claimed under `key` at most once."""

    team_id: str
    key: str
    kind: str
    channel: str
    payload: dict
    due_at: datetime
    stale_at: datetime  # pointless after this: recorded as skipped instead of sent
    skip_reason: str | None = None  # recorded as skipped (away, a holiday) instead of sent

    @classmethod
    def of(
        cls,
        team_id: str,
        send: TimedSend,
        channel: str,
        payload: dict,
        skip_reason: str | None = None,
    ) -> DueMessage:
        return cls(
            team_id, send.key, send.kind, channel, payload, send.due_at, send.stale_at, skip_reason
        )


class TimedSend(Protocol):
    """When a feature's message is due (e.g. `bot.domain.schedule.DueSend`)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def stale_at(self) -> datetime: ...


# A feature's due work: every message due by `now`, claimed already or not. Each team's
# messages follow that team's settings (the resolver: team id -> Settings).
DueWork = Callable[[Session, Callable[[str], Settings], datetime], list[DueMessage]]
Subject = tuple[str, str]  # (team_id, subject): a user id, a series id
# A subject's messages due by `now` and, when something of it may fall due later, that moment.
Look = Callable[
    [Session, Callable[[str], Settings], datetime, set[Subject]],
    tuple[list[DueMessage], dict[Subject, datetime]],
]
# Every subject is looked at again within the hour, at its own minute of the hour (a stable
# hash of it): so a missed mark costs at most an hour, and the looks spread evenly over the
# minutes. (A fixed 30..60 minute period per subject would not: the periods would meet,
# e.g. at the sixth hour everyone whose period divides 360 minutes, a sixth of all.)
LOOK_AGAIN_WITHIN = timedelta(hours=1)
SWEEP_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class DueSubjects:
    """A due-work source per subject: `subjects` lists (cheap ids only) everyone it may have
    work for; `look` gives the messages due by `now` for the given subjects only (as the whole
    computation would) and each one's next moment after `now` (too early costs only a look;
    too late would delay a message). Called like a `DueWork`, it looks at every subject."""

    name: str
    subjects: Callable[[Session], set[Subject]]
    look: Look

    def __call__(
        self, session: Session, settings_for: Callable[[str], Settings], now: datetime
    ) -> list[DueMessage]:
        return self.look(session, settings_for, now, self.subjects(session))[0]


def look_again_by(source: str, subject: Subject, now: datetime) -> datetime:
    """The latest moment a looked-at subject is looked at again: the next time after `now`
    at its own second of the hour (a stable hash of the subject)."""
    period = int(LOOK_AGAIN_WITHIN.total_seconds())
    phase = zlib.crc32(f"{source}:{subject[0]}:{subject[1]}".encode()) % period
    stamp = int(now.timestamp())
    at = stamp - stamp % period + phase
    while at <= now.timestamp():
        at += period
    return datetime.fromtimestamp(at, UTC)


def sweep(session_factory: SessionFactory, due_work: Sequence[DueWork | DueSubjects]) -> None:
    """Bring each DueSubjects source's stored subjects in step with who has any: new ones are
    looked at in the next pass, gone ones forgotten."""
    sources = [source for source in due_work if isinstance(source, DueSubjects)]
    if not sources:
        return
    with session_factory.write() as session:
        for source in sources:
            wanted = source.subjects(session)
            known = schedule_store.known_subjects(session=session, source=source.name)
            schedule_store.add_subjects(
                session=session, source=source.name, subjects=wanted - known
            )
            schedule_store.forget_subjects(
                session=session, source=source.name, subjects=known - wanted
            )


def run_pass(
    *,
    session_factory: SessionFactory,
    settings: Settings,
    due_work: Sequence[DueWork | DueSubjects],
    now: datetime,
    dry_run: bool = False,
    recorded_at: datetime | None = None,
    settings_for: Callable[[str], Settings] | None = None,
    sweep_subjects: bool = True,
    looked: dict[str, set[Subject]] | None = None,
) -> PassResult:
    """Queue (or skip, when stale) every timed message due at `now` that is not claimed yet.

    With `dry_run` nothing is written: the result lists what a real pass would queue or skip.
    `recorded_at` (the real clock; default `now`) stamps the claims: a post's history search
    after a timeout starts from it. `settings_for` gives a workspace's settings (default: the
    environment's for every team). A team that uninstalled the bot gets nothing.
    `sweep_subjects`: first bring the DueSubjects sources' subjects in step (see `sweep`);
    `looked` collects, per such source, the subjects looked at.
    """
    result = PassResult()
    resolve = settings_for or (lambda _team_id: settings)
    if sweep_subjects and not dry_run:
        sweep(session_factory, due_work)
    next_moments: dict[str, dict[Subject, datetime]] = {}
    seen: dict[str, dict[Subject, datetime]] = {}
    with session_factory() as session:
        stopped = workspace_store.stopped_teams(session=session)
        candidates: list[DueMessage] = []
        for source in due_work:
            if not isinstance(source, DueSubjects):
                candidates += source(session, resolve, now)
                continue
            due = schedule_store.due_subjects(session=session, source=source.name, now=now)
            if dry_run and sweep_subjects:
                stored = schedule_store.known_subjects(session=session, source=source.name)
                for subject in source.subjects(session) - stored:
                    due[subject] = schedule_store.LOOK_NOW
            # A stopped team's subjects wait, due, for its return (they are not looked at).
            due = {subject: at for subject, at in due.items() if subject[0] not in stopped}
            seen[source.name] = due
            if not due:
                continue
            if looked is not None:
                looked.setdefault(source.name, set()).update(due)
            messages, moments = source.look(session, resolve, now, set(due))
            candidates += messages
            next_moments[source.name] = {
                subject: min(
                    moments.get(subject) or datetime.max.replace(tzinfo=UTC),
                    look_again_by(source.name, subject, now),
                )
                for subject in due
            }
        # Deleted, deactivated and bot users get nothing: Slack would refuse every DM for good.
        inactive = user_store.inactive_users(
            session=session, among={(c.team_id, c.channel) for c in candidates}
        )
        by_team: dict[str, list[DueMessage]] = {}
        for candidate in candidates:
            if candidate.team_id in stopped or (candidate.team_id, candidate.channel) in inactive:
                continue
            by_team.setdefault(candidate.team_id, []).append(candidate)
        fresh: list[DueMessage] = []
        for team_id, team_candidates in by_team.items():
            known = outbox_store.existing_keys(
                session=session, team_id=team_id, keys=[c.key for c in team_candidates]
            )
            fresh += [c for c in team_candidates if c.key not in known]
    if dry_run:
        for candidate in fresh:
            skip = _skip_reason(candidate, now)
            (result.skipped if skip else result.queued).append(candidate.key)
            if skip:
                result.reasons[candidate.key] = skip
        return result
    if not fresh and not next_moments:
        return result
    with session_factory.write() as session:
        # In the claims' transaction: a pass that fails looks at the same subjects again.
        for name, moments in next_moments.items():
            schedule_store.set_next(session=session, source=name, moments=moments, seen=seen[name])
        for candidate in fresh:
            skip = _skip_reason(candidate, now)
            claimed = outbox_store.claim_send(
                session=session,
                team_id=candidate.team_id,
                key=candidate.key,
                kind=candidate.kind,
                channel=candidate.channel,
                payload=json.dumps(
                    {**candidate.payload, "stale_at": candidate.stale_at.isoformat()}
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
                    candidate.key,
                    candidate.due_at.isoformat(),
                    skip,
                )
                result.skipped.append(candidate.key)
                result.reasons[candidate.key] = skip
            else:
                result.queued.append(candidate.key)
    return result


def _skip_reason(candidate: DueMessage, now: datetime) -> str | None:
    if now >= candidate.stale_at:
        return (
            f"stale: due {candidate.due_at.isoformat()}, "
            f"pointless after {candidate.stale_at.isoformat()}"
        )
    return candidate.skip_reason


class Clock:
    """APScheduler running the pass every minute (and once at start: catch up after downtime)."""

    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        settings: Settings,
        due_work: Sequence[DueWork | DueSubjects],
        clock: Callable[[], datetime],
        on_queued: Callable[[], None],
        interval_seconds: float = 60.0,
        # Runs before the pass on the sweeping ones (the first, then every SWEEP_EVERY).
        before_pass: Callable[[], None] | None = None,
        settings_for: Callable[[str], Settings] | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.settings_for = settings_for
        self.due_work = due_work
        self.clock = clock
        self.on_queued = on_queued
        self.before_pass = before_pass
        self.swept_at: float | None = None  # monotonic: the first pass sweeps, then every 10 min
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
        """One pass; None when it failed or another replica is running this minute's."""
        try:
            with clock_turn(self.session_factory.engine) as ours:
                if not ours:
                    log.debug(
                        "another replica is running the scheduling pass; skipping this minute"
                    )
                    return None
                started = time.monotonic()
                sweeping = (
                    self.swept_at is None or started - self.swept_at >= SWEEP_EVERY.total_seconds()
                )
                # With the sweep, not every minute: it reads everyone (profiles go stale in a
                # day), and under the lock: N replicas asking Slack about the same people is waste.
                if self.before_pass is not None and sweeping:
                    self.before_pass()
                result = run_pass(
                    session_factory=self.session_factory,
                    settings=self.settings,
                    due_work=self.due_work,
                    now=self.clock(),
                    settings_for=self.settings_for,
                    sweep_subjects=sweeping,
                )
                if sweeping:
                    self.swept_at = started
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
