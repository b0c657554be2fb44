"""Per-workspace tokens for work done outside a request (the outbox, the clock's profile look-ups),
the installer's welcome DM, and whether a workspace stopped the bot."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlmodel import Session

from bot.config import Settings
from bot.jobs.outbox import MessageKind, Outgoing
from bot.jobs.people import language_of_user
from bot.views.install import welcome_message
from storage import install as install_store
from storage import outbox as outbox_store
from storage import workspaces as workspace_store
from storage.db import SessionFactory
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

WELCOME_KIND = "install_welcome"
# A token that expires within this many minutes is refreshed before it is used (Bolt's default).
ROTATE_MINUTES = 120


class NotInstalled(LookupError):
    """The workspace has no installation (it uninstalled the bot, or never installed it)."""


class TeamClients:
    """The Web API client of each workspace, with its own bot token, looked up in the
    installation store and kept for `ttl` seconds; an expiring token is refreshed (and the
    installation saved) first."""

    def __init__(
        self,
        store: install_store.TeamInstallationStore,
        make_client: Callable[[str | None], WebClient],
        rotator: TokenRotator | None,
        marks: StoppedTeams | None = None,
        *,
        ttl: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.make_client = make_client
        self.rotator = rotator
        self.marks = marks
        self.ttl = ttl
        self.monotonic = monotonic
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, object, WebClient]] = {}

    def __call__(self, team_id: str) -> WebClient:
        """The team's client; NotInstalled when the team has no installation."""
        now = self.monotonic()
        # A re-install (seen by `marks` on this send) brings a new token: look it up again.
        installed = self.marks.installed_at.get(team_id) if self.marks is not None else None
        with self._lock:
            hit = self._cache.get(team_id)
        if hit is not None and now < hit[0] and hit[1] == installed:
            return hit[2]
        installation = self.store.find_installation(
            enterprise_id=self.store.enterprise_of(team_id), team_id=team_id
        )
        if installation is None or not installation.bot_token:
            raise NotInstalled(team_id)
        if installation.bot_refresh_token and self.rotator is not None:
            refreshed = self.rotator.perform_token_rotation(
                installation=installation, minutes_before_expiration=ROTATE_MINUTES
            )
            if refreshed is not None:
                self.store.save(refreshed)
                installation = refreshed
        until = now + self.ttl
        expires_at = installation.bot_token_expires_at
        if expires_at is not None:
            # Kept no longer than the token is fresh: the next use refreshes it.
            left = datetime.fromtimestamp(expires_at, UTC) - datetime.now(UTC)
            until = min(
                until,
                now + max(0.0, (left - timedelta(minutes=ROTATE_MINUTES)) / timedelta(seconds=1)),
            )
        client = self.make_client(installation.bot_token)
        with self._lock:
            self._cache[team_id] = (until, installed, client)
        return client

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._cache.pop(team_id, None)


class StoppedTeams:
    """Whether a workspace uninstalled the bot (or revoked its tokens): nothing goes out for it.

    Asked before every send (one indexed read), so an uninstall stops work at once on every
    replica; it also notes when each team last installed, so a re-install's new token is used."""

    def __init__(self, session_factory: SessionFactory) -> None:
        self.session_factory = session_factory
        self.installed_at: dict[str, datetime | None] = {}

    def __call__(self, team_id: str) -> bool:
        with self.session_factory() as session:
            installed, uninstalled = workspace_store.install_marks(session=session, team_id=team_id)
        self.installed_at[team_id] = installed
        return uninstalled is not None


def queue_welcome(session: Session, *, team_id: str, user_id: str, now: datetime) -> bool:
    """Queue the installer's welcome DM (once per team: the key is the team's)."""
    return outbox_store.claim_send(
        session=session,
        team_id=team_id,
        key=f"install:welcome:{team_id}",
        kind=WELCOME_KIND,
        channel=user_id,
        payload=json.dumps({"user_id": user_id}),
        now=now,
    )


def _render_welcome(message: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """In the installer's Slack language (learnt at install), else the workspace's."""
    lang = language_of_user(session, settings, message.team_id, message.channel)
    out = welcome_message(lang)
    return Outgoing(message.channel, out["text"], out["blocks"])


MESSAGE_KINDS = (MessageKind(WELCOME_KIND, render=_render_welcome),)
