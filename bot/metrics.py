"""What GET /metrics shows a Prometheus server: Slack requests by kind with the time until each was
answered, the outbox as stored, and how long ago the scheduling clock last ran a pass.

Each app has its own registry (never prometheus_client's global one), so two bots in one process,
as in the tests, count apart. The outbox figures are read from the database when scraped (three
queries on the outbox's status index), so they hold across processes and need nothing from the
code that sends.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from storage.db import SessionFactory
from storage.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
STATUSES = ("pending", "sending", "sent", "skipped", "failed")
# Slack's reasons are short codes (channel_not_found); a label past this is cut.
REASON_LABEL_CHARS = 64
# The most frequent reasons get a series each; the rest are summed under "other".
TOP_REASONS = 10
# Slack sends only the names the app defines (its commands, buttons, forms and events), so this
# many is plenty; past it, and for anything not shaped like a name, the name is "other": a
# label's values must stay few whatever arrives.
MAX_NAMES = 64
OTHER = "other"
# An ack is due within 3 s; most take a few milliseconds.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

_NAME = re.compile(r"^[A-Za-z0-9_/.:-]{1,64}$")


def _action_prefix(action_id: object) -> str:
    # A feature's buttons share a prefix (agenda_add_item, agenda_withdraw_item, meeting_rate_4).
    return action_id.split("_", 1)[0] if isinstance(action_id, str) else ""


def request_kind(body: dict) -> tuple[str, str]:
    """What a Slack request is, as (type, name): ("command", "/newclient"), ("block_actions",
    "agenda"), ("view_submission", "newclient_modal"), ("event", "app_home_opened"), …"""
    if "command" in body:
        return "command", str(body.get("command") or "")
    kind = body.get("type")
    if kind in ("block_actions", "block_suggestion"):
        actions = body.get("actions") or [body]
        return kind, _action_prefix(actions[0].get("action_id"))
    if kind in ("view_submission", "view_closed"):
        return kind, str((body.get("view") or {}).get("callback_id") or "")
    if kind in ("shortcut", "message_action"):
        return kind, str(body.get("callback_id") or "")
    if kind == "event_callback":
        return "event", str((body.get("event") or {}).get("type") or "")
    if kind == "url_verification":
        return kind, ""
    return OTHER, ""


class _OutboxCollector(Collector):
    """The outbox's figures, read from the database at each scrape."""

    def __init__(self, session_factory: SessionFactory, clock: Callable[[], datetime]) -> None:
        self.session_factory = session_factory
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "salesbot_database_up", "1 when the outbox figures could be read from the database."
        )
        try:
            families = self._read()
        except SQLAlchemyError as error:
            log.warning("metrics: cannot read the outbox (%s)", str(error).splitlines()[0])
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _read(self) -> list[GaugeMetricFamily]:
        now = self.clock()
        with self.session_factory() as session:
            # Both columns are in the index ix_outbox_due: the table itself is not read.
            rows = session.execute(
                select(
                    OutboxMessage.status,
                    func.count(),
                    func.count().filter(col(OutboxMessage.next_attempt_at) <= now),
                ).group_by(OutboxMessage.status)
            ).all()
            oldest = session.execute(
                select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == "pending")
            ).scalar()
            reasons = session.execute(
                select(OutboxMessage.last_error, func.count())
                .where(OutboxMessage.status == "failed")
                .group_by(OutboxMessage.last_error)
                .order_by(func.count().desc(), col(OutboxMessage.last_error))
                .limit(TOP_REASONS)
            ).all()
        counts = dict.fromkeys(STATUSES, 0)
        due = 0
        for status, count, due_count in rows:
            counts[status] = counts.get(status, 0) + count
            if status == "pending":
                due = due_count or 0

        by_status = GaugeMetricFamily(
            "salesbot_outbox_messages", "Messages in the outbox by status.", labels=["status"]
        )
        for status, count in counts.items():
            by_status.add_metric([status], count)
        depth = GaugeMetricFamily(
            "salesbot_outbox_depth", "Pending messages due now (waiting for the outbox worker)."
        )
        depth.add_metric([], due)
        age = GaugeMetricFamily(
            "salesbot_outbox_oldest_pending_age_seconds",
            "Seconds since the oldest pending message was queued (0 when none is pending).",
        )
        age.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        failed = GaugeMetricFamily(
            "salesbot_outbox_failed_messages",
            f"Messages Slack refused for good, by reason (the {TOP_REASONS} most frequent; "
            'the rest under "other").',
            labels=["reason"],
        )
        shown: dict[str, int] = {}
        for reason, count in reasons:
            label = (reason or "unknown")[:REASON_LABEL_CHARS]
            shown[label] = shown.get(label, 0) + count
        rest = counts["failed"] - sum(shown.values())
        if rest > 0:
            shown[OTHER] = shown.get(OTHER, 0) + rest
        for label, count in shown.items():
            failed.add_metric([label], count)
        return [by_status, depth, age, failed]


class _ClockCollector(Collector):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[GaugeMetricFamily]:
        last = self.metrics.last_pass
        if last is None:
            return  # this process runs no clock, or its first pass has not ended yet
        lag = GaugeMetricFamily(
            "salesbot_clock_lag_seconds",
            "Seconds since this process's scheduling clock last finished a pass (about 60 "
            "when it runs on time).",
        )
        lag.add_metric([], max(0.0, time.monotonic() - last))
        yield lag


class Metrics:
    """The bot's metrics, in a registry of their own.

    Without a `session_factory` only the request figures are shown (a bare web app in a benchmark).
    """

    def __init__(
        self,
        session_factory: SessionFactory | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "salesbot_slack_requests",
            "Requests to /slack/events by kind, and the HTTP status of the answer.",
            ["type", "name", "status"],
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "salesbot_slack_ack_seconds",
            "Seconds from a request to /slack/events arriving to its answer (the ack) being "
            "written.",
            ["type", "name"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        self.last_pass: float | None = None  # time.monotonic() when a pass last ended
        self._names: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        if session_factory is not None:
            self.registry.register(_OutboxCollector(session_factory, clock or utcnow))
        self.registry.register(_ClockCollector(self))

    def pass_ended(self) -> None:
        """The scheduling clock finished a pass (the clock lag starts again from 0)."""
        self.last_pass = time.monotonic()

    def _bounded(self, kind: str, name: str) -> str:
        if not _NAME.match(name):
            return OTHER if name else ""
        with self._lock:
            if (kind, name) in self._names:
                return name
            if len(self._names) >= MAX_NAMES:
                return OTHER
            self._names.add((kind, name))
        return name

    def observe(self, kind: str, name: str, status: str, seconds: float) -> None:
        """One answered request to /slack/events."""
        name = self._bounded(kind, name)
        self.requests.labels(kind, name, status).inc()
        self.ack_seconds.labels(kind, name).observe(seconds)

    def render(self) -> bytes:
        """The text format a Prometheus server scrapes."""
        return generate_latest(self.registry)


class Timed:
    """A WSGI response that records how long it took once the server has written all of it
    (servers call close() after the last byte is handed to the connection)."""

    def __init__(self, body: Iterable[bytes], done: Callable[[], None]) -> None:
        self._body = body
        self._done = done

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._done()
