"""What a use-case test needs: the app's dependencies on a migrated database, a clock the
test sets, and a count of the outbox wake-ups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlmodel import Session

from bot.background import BackgroundTasks
from bot.config import load_settings
from bot.deps import Deps
from storage import users as user_store
from storage.db import SessionFactory, make_engine, migrate
from storage.models import MeetingPlan
from storage.users import ProfileCache


class SetClock:
    """The use cases' clock: `now` until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Wakeups:
    """Counts how often a use case woke the outbox."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@contextmanager
def use_case_deps(
    database_url: str,
    *,
    now: datetime,
    notify: Callable[[], None] | None = None,
    **env: str,
) -> Iterator[Deps]:
    """Deps on `database_url` (migrated), with settings from `env` over a minimal set."""
    engine = make_engine(database_url)
    migrate(engine)
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "secret",
            "WINS_CHANNEL": "CWINS0001",
            "DATABASE_URL": database_url,
            "TEAM_TIMEZONE": "Europe/Amsterdam",
            **env,
        }
    )
    background = BackgroundTasks(max_workers=1)
    try:
        yield Deps(
            settings=settings,
            session_factory=SessionFactory(engine),
            notify_outbox=notify or Wakeups(),
            background=background,
            clock=SetClock(now),
            profiles=ProfileCache(),
        )
    finally:
        background.shutdown()
        engine.dispose()


def save_person(
    sessions: SessionFactory, team_id: str, user_id: str, *, tz: str, locale: str, now: datetime
) -> None:
    """Someone whose Slack profile (zone, language) the bot knows, not an admin."""
    with sessions.write() as session:
        user_store.save_user(
            session=session,
            team_id=team_id,
            user_id=user_id,
            locale=locale,
            tz=tz,
            real_name=None,
            is_admin=False,
            now=now,
        )


def save_meeting_plan(session: Session, team_id: str, *, year: int, created_by: str) -> int:
    """A weekly sales-meeting plan (Wednesdays 10:00, an hour, in CSALES0001) to hang
    meetings on; its id."""
    plan = MeetingPlan(
        team_id=team_id,
        year=year,
        freq="weekly",
        interval=1,
        weekday=2,
        at_minutes=600,
        duration_minutes=60,
        channel="CSALES0001",
        created_by=created_by,
    )
    session.add(plan)
    session.flush()
    return plan.id or 0
