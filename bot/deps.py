"""Long-lived, thread-safe things the handlers need, passed in explicitly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.background import BackgroundTasks
from bot.config import Settings
from storage.db import SessionFactory
from storage.users import ProfileCache


@dataclass(frozen=True)
class Deps:
    settings: Settings
    session_factory: SessionFactory
    # Wakes the outbox worker after a transaction queued a message.
    notify_outbox: Callable[[], None]
    # Runs Slack calls after the ack (modal opening, ephemeral replies), off the request thread.
    background: BackgroundTasks
    clock: Callable[[], datetime]
    profiles: ProfileCache
