"""Work beside the acks: a thread pool for the Slack calls that follow an ack (opening modals,
ephemeral notes, Home tab), and what tells the outbox worker to give way to acks, in this
process (RequestActivity) or in others (RequestsElsewhere)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Protocol

from storage.coordination import serving_elsewhere
from storage.db import SessionFactory

log = logging.getLogger(__name__)


class BackgroundTasks:
    """Runs tasks off the request thread, logs their failures, and can wait until all are done."""

    def __init__(self, max_workers: int = 8) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="after-ack")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        future = self._executor.submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.error("background task failed", exc_info=future.exception())

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no task is pending, including tasks that tasks submitted; False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            wait(pending, timeout=left)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


# How often a wait for quiet looks whether the worker is being stopped.
STOP_LOOK = 0.1


class RequestActivity:
    """Counts Slack requests in flight, so background delivery can give way to acks.

    Slack's 3-second ack deadline is hard; a celebration a second later is fine. Under a burst
    of requests the outbox worker therefore waits (a bounded time) until the server is quiet.
    """

    def __init__(self, quiet_seconds: float = 0.02) -> None:
        self.quiet_seconds = quiet_seconds
        self._in_flight = 0
        self._last_end = 0.0
        self._changed = threading.Condition(threading.Lock())

    def __enter__(self) -> RequestActivity:
        with self._changed:
            self._in_flight += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._in_flight -= 1
            self._last_end = time.monotonic()
            if self._in_flight == 0:
                self._changed.notify_all()

    def busy(self) -> bool:
        with self._changed:
            return self._busy(time.monotonic())

    def _busy(self, now: float) -> bool:
        return self._in_flight > 0 or now - self._last_end < self.quiet_seconds

    def wait_quiet(self, max_wait: float, stop: threading.Event | None = None) -> None:
        """Return once no request has been in flight for a moment, or after max_wait seconds.

        Sleeps until the last request in flight ends (not polling: under a stream of requests
        a poller woke 200 times a second, each time taking the GIL from a request), looking at
        `stop` every STOP_LOOK seconds."""
        deadline = time.monotonic() + max_wait
        with self._changed:
            while True:
                now = time.monotonic()
                if not self._busy(now) or now >= deadline:
                    return
                if stop is not None and stop.is_set():
                    return
                if self._in_flight > 0:
                    wait = STOP_LOOK
                else:  # the last one just ended: quiet once quiet_seconds have passed
                    wait = self._last_end + self.quiet_seconds - now
                self._changed.wait(max(0.0, min(wait, deadline - now)))


class GivesWay(Protocol):
    """What the outbox worker waits on before each message (see OutboxWorker)."""

    def wait_quiet(self, max_wait: float, stop: threading.Event | None = None) -> None: ...


class RequestsElsewhere:
    """Slack requests served by other processes on the same PostgreSQL database and schema
    (`--role web`, or `all`), for a worker replica to give way to as RequestActivity lets the
    worker of one process do: on one machine, or one database server, a message can wait a
    moment and an ack cannot.

    The worker asks the database (`storage.coordination.serving_elsewhere`, one round trip)
    at most once every `look_seconds`; the web replicas pay nothing for it."""

    def __init__(
        self, sessions: SessionFactory, quiet_seconds: float = 0.02, look_seconds: float = 0.05
    ) -> None:
        self.sessions = sessions
        self.quiet_seconds = quiet_seconds
        self.look_seconds = look_seconds
        self._quiet_until = 0.0  # monotonic: quiet when last asked, and not asked again before
        self._warned = False

    def busy(self) -> bool:
        """Whether a serving process is at work now (False when the database cannot say)."""
        try:
            seen = serving_elsewhere(self.sessions, self.quiet_seconds)
        except Exception:  # noqa: BLE001 - delivery reports the database's trouble itself
            log.debug("could not tell whether requests are being served", exc_info=True)
            return False
        if seen.hidden and not self._warned:
            self._warned = True
            log.warning(
                "the worker cannot see whether the web role is answering Slack (%d of its "
                "database sessions hide their state), so it does not give way to acks: give "
                "both roles the same database user, or grant this one pg_read_all_stats",
                seen.hidden,
            )
        return seen.at_work > 0

    def wait_quiet(self, max_wait: float, stop: threading.Event | None = None) -> None:
        """Return once no serving process has been at work for a moment, or after max_wait
        seconds, or once `stop` is set."""
        now = time.monotonic()
        if now < self._quiet_until:
            return
        deadline = now + max_wait
        while not (stop is not None and stop.is_set()) and self.busy():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if stop is not None:
                stop.wait(min(self.look_seconds, left))
            else:
                time.sleep(min(self.look_seconds, left))
        self._quiet_until = time.monotonic() + self.look_seconds
