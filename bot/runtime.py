"""Everything a running bot owns (database, outbox worker, thread pool, Bolt app), started and stopped together."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.app import DUE_WORK, MESSAGE_KINDS, build_web_client, create_app
from bot.background import BackgroundTasks, GivesWay, RequestActivity, RequestsElsewhere
from bot.config import Settings
from bot.deps import Deps, WorkspaceSettings
from bot.jobs.install import NotInstalled, StoppedTeams, TeamClients
from bot.jobs.outbox import OutboxDeliverer, OutboxWorker
from bot.jobs.people import learn_people, people_with_a_schedule
from bot.jobs.schedule import Clock, PassResult, run_pass
from bot.metrics import Metrics
from storage.coordination import name_connections
from storage.db import SessionFactory, make_engine, migrate
from storage.install import installation_store
from storage.models import utcnow
from storage.users import ProfileCache

log = logging.getLogger(__name__)

# Profiles asked from Slack per clock pass, as learn_people does (users.info allows 100+ a minute).
LEARN_LIMIT = 50


class Runtime:
    """Builds the bot from settings; `start()` migrates the database and starts the outbox worker."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        outbox_poll_seconds: float = 2.0,
        role: str = "all",
    ) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        name_connections(self.engine, role)
        self.session_factory = SessionFactory(self.engine)
        # Each workspace's settings: the environment's plus what its admins chose.
        self.workspaces = WorkspaceSettings(settings, self.session_factory)
        self.stopped = StoppedTeams(self.session_factory)
        # Many workspaces: each has its own token, from the installation store.
        self.team_clients: TeamClients | None = None
        if settings.many_workspaces:
            self.team_clients = TeamClients(
                installation_store(self.engine, settings.slack_client_id),
                lambda token: build_web_client(settings, for_delivery=True, token=token),
                TokenRotator(
                    client_id=settings.slack_client_id,
                    client_secret=settings.slack_client_secret,
                    client=build_web_client(settings),
                ),
                self.stopped,
            )
        self.deliverer = OutboxDeliverer(
            session_factory=self.session_factory,
            client=build_web_client(settings, for_delivery=True),
            settings=settings,
            kinds=MESSAGE_KINDS,
            clock=clock,
            settings_for=self.workspaces,
            client_for=self.team_clients,
            stopped=self.stopped,
        )
        self.activity = RequestActivity()
        # A worker replica gives way to the replicas that answer Slack, as one process's
        # worker gives way to its own requests.
        gives_way: GivesWay = (
            RequestsElsewhere(self.session_factory) if role == "worker" else self.activity
        )
        self.worker = OutboxWorker(
            self.deliverer, poll_seconds=outbox_poll_seconds, activity=gives_way
        )
        self.background = BackgroundTasks()
        self.deps = Deps(
            settings=settings,
            session_factory=self.session_factory,
            notify_outbox=self.worker.notify,
            background=self.background,
            clock=clock,
            profiles=ProfileCache(),
            workspaces=self.workspaces,
        )
        self.app: App = create_app(self.deps)
        self.clock = Clock(
            session_factory=self.session_factory,
            settings=settings,
            due_work=DUE_WORK,
            clock=clock,
            on_queued=self.worker.notify,
            before_pass=self.learn_people,
            settings_for=self.workspaces,
        )
        self.metrics = Metrics(self.session_factory, clock)
        self.clock.scheduler.add_listener(self._clock_ran, EVENT_JOB_EXECUTED)
        self._started = False
        # What this process runs in the background: /healthz fails when one of them died.
        self._runs_worker = self._runs_clock = False

    def start(
        self, *, worker: bool = True, clock: bool | None = None, migrated: bool = False
    ) -> Runtime:
        """Migrate (unless `migrated`); start the outbox worker and (unless told otherwise)
        the scheduling clock."""
        if not migrated:
            migrate(self.engine)
        if worker:
            # Whatever was queued before a restart goes out now.
            self.worker.start()
            self._runs_worker = True
        if worker if clock is None else clock:
            # Its first pass runs at once: what fell due while the bot was down.
            self.clock.start()
            self._runs_clock = True
        self._started = True
        return self

    def _clock_ran(self, event: JobExecutionEvent) -> None:
        # tick() returns None when its pass failed or another replica ran this minute's.
        if event.retval is not None:
            self.metrics.pass_ended()

    def learn_people(self) -> None:
        """Time zones of the people the clock times messages for (asks Slack for new ones)."""
        with self.session_factory() as session:
            people = people_with_a_schedule(session)
        client_for = (
            (lambda _team_id: self.deliverer.client)
            if self.team_clients is None
            else self._team_client
        )
        learn_people(
            self.session_factory, client_for, people, now=self.deps.clock(), limit=LEARN_LIMIT
        )

    def _team_client(self, team_id: str) -> WebClient | None:
        """The team's client, unless it stopped the bot or has no installation."""
        assert self.team_clients is not None
        if self.stopped(team_id):
            return None
        try:
            return self.team_clients(team_id)
        except NotInstalled:
            return None

    def run_pass(self, now: datetime, *, dry_run: bool = False) -> PassResult:
        """One scheduling pass as of `now` (queues what is due; sends nothing itself)."""
        if not dry_run:
            self.learn_people()
        result = run_pass(
            session_factory=self.session_factory,
            settings=self.settings,
            due_work=DUE_WORK,
            now=now,
            dry_run=dry_run,
            recorded_at=self.deps.clock(),
            settings_for=self.workspaces,
        )
        if not dry_run:
            self.metrics.pass_ended()
        return result

    def alive(self) -> str | None:
        """None while the outbox worker and the clock this process started still run; else
        which one has stopped (its thread ended: nothing would be sent or scheduled)."""
        thread = getattr(self.worker, "_thread", None)
        if self._runs_worker and not (thread is not None and thread.is_alive()):
            return "the outbox worker has stopped"
        scheduler = self.clock.scheduler
        loop = getattr(scheduler, "_thread", None)
        if self._runs_clock and not (scheduler.running and loop is not None and loop.is_alive()):
            return "the clock's scheduler has stopped"
        return None

    def healthy(self) -> bool | str:
        """True, or why not in one line (for /healthz): the database, the outbox worker or
        the clock."""
        if not self.session_factory.ping():
            return "database unavailable"
        return self.alive() or True

    def close(self, *, send_wait_seconds: float = 10.0) -> int:
        """Stop: no new pass or send starts; the sends in flight get `send_wait_seconds` to
        finish. Returns how many of them finished."""
        self._runs_worker = self._runs_clock = False  # stopping them is no failure
        self.clock.stop()
        finished = self.worker.stop(send_wait_seconds)
        self.background.shutdown()
        self.engine.dispose()
        return finished
