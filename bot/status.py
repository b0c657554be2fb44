"""`python -m bot status`: what the outbox holds, for an operator (read-only).

Pending messages and how old the oldest is, messages being sent (leased), and the messages
Slack refused for good, counted by Slack's reason.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from storage import outbox as outbox_store
from storage.db import SessionFactory, make_engine
from storage.models import utcnow

STATUSES = ("pending", "sending", "sent", "skipped", "failed")


def age(delta: timedelta) -> str:
    """A duration as an operator reads it: 45 s, 12 min, 3 h 5 min, 2 d 4 h."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def render(summary: outbox_store.OutboxSummary, now: datetime) -> list[str]:
    """The status report's lines."""
    counts = summary.counts
    lines = ["outbox: " + ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)]
    pending = counts.get("pending", 0)
    if pending:
        line = f"pending: {pending} ({summary.retrying} after a failed try)"
        if summary.oldest_pending_at is not None:
            line += f"; oldest queued {age(now - summary.oldest_pending_at)} ago"
        if summary.next_attempt_at is not None:
            wait = summary.next_attempt_at - now
            line += "; next try due now" if wait <= timedelta(0) else f"; next try in {age(wait)}"
        lines.append(line)
    else:
        lines.append("pending: none")
    lines.append(
        f"sending: {summary.leased} leased, {summary.expired_leases} with an expired lease"
        + (" (taken over at the next pass)" if summary.expired_leases else "")
    )
    if summary.failed_by_reason:
        lines.append("failed by reason:")
        width = len(str(summary.failed_by_reason[0][1]))
        lines += [f"  {count:>{width}}  {reason}" for reason, count in summary.failed_by_reason]
    else:
        lines.append("failed: none")
    return lines


def print_status(
    settings: Settings, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print the outbox's state; the exit code is 0, or 1 when the database cannot be read."""
    out = out or sys.stdout
    err = err or sys.stderr
    path = _sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        # Opening it would create an empty file: status only reads.
        print(f"salesbot status: no database at {path} (the bot has not run here)", file=err)
        return 1
    engine = make_engine(settings.database_url)
    try:
        if not inspect(engine).has_table(outbox_store.OutboxMessage.__tablename__):
            print("salesbot status: the database has no outbox yet (start the bot once)", file=err)
            return 1
        now = utcnow()
        with SessionFactory(engine)() as session:
            summary = outbox_store.summary(session=session, now=now)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"salesbot status: cannot read the database: {reason}", file=err)
        return 1
    finally:
        engine.dispose()
    for line in render(summary, now):
        print(line, file=out)
    return 0
