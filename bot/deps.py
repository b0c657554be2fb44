"""Long-lived, thread-safe things the handlers need, passed in explicitly."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.background import BackgroundTasks
from bot.config import ConfigError, Settings, with_choices
from storage import workspaces as workspace_store
from storage.db import SessionFactory
from storage.users import ProfileCache

log = logging.getLogger(__name__)


class WorkspaceSettings:
    """Each workspace's settings: the environment's, with what its admins chose on the App Home.

    Read per request, so kept for `ttl` seconds: a change made on another replica shows there
    within that time; one made here at once (`forget`).
    """

    def __init__(
        self,
        base: Settings,
        session_factory: SessionFactory,
        *,
        ttl: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = _tenant_base(base)
        self.session_factory = session_factory
        self.ttl = ttl
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, Settings]] = {}

    def __call__(self, team_id: str) -> Settings:
        """The settings of `team_id`'s workspace."""
        now = self.monotonic()
        with self._lock:
            hit = self._cache.get(team_id)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        with self.session_factory() as session:
            chosen = workspace_store.chosen_settings(session=session, team_id=team_id)
        try:
            settings = with_choices(self.base, chosen) if chosen else self.base
        except ConfigError as error:
            # Choices are validated before they are saved; one a newer version refuses must
            # not stop the team's work: the environment's values stand in for them.
            log.warning("workspace %s: stored settings refused (%s)", team_id, error)
            settings = self.base
        with self._lock:
            self._cache[team_id] = (now, settings)
        return settings

    def forget(self, team_id: str) -> None:
        """The team's settings changed: read them again next time."""
        with self._lock:
            self._cache.pop(team_id, None)


def _tenant_base(settings: Settings) -> Settings:
    """What every workspace starts from. With "Add to Slack" the environment serves many
    companies: its admins and channels belong to none of them (a member id is not unique
    across an Enterprise Grid or Slack Connect), so each workspace chooses its own."""
    if not settings.many_workspaces:
        return settings
    return replace(settings, admin_user_ids=frozenset(), wins_channel="", sales_channel="")


@dataclass(frozen=True)
class Deps:
    # The environment's settings: the process's own, and every workspace's defaults. A
    # workspace's settings are `settings_for(team_id)`.
    settings: Settings
    session_factory: SessionFactory
    # Wakes the outbox worker after a transaction queued a message.
    notify_outbox: Callable[[], None]
    # Runs Slack calls after the ack (modal opening, ephemeral replies), off the request thread.
    background: BackgroundTasks
    clock: Callable[[], datetime]
    profiles: ProfileCache
    workspaces: WorkspaceSettings | None = None

    def __post_init__(self) -> None:
        if self.workspaces is None:
            object.__setattr__(
                self, "workspaces", WorkspaceSettings(self.settings, self.session_factory)
            )

    def settings_for(self, team_id: str) -> Settings:
        """The settings of `team_id`'s workspace (the environment's plus its admins' choices)."""
        assert self.workspaces is not None
        return self.workspaces(team_id)
