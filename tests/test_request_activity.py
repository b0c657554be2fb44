"""The outbox worker gives way to acks: it waits while requests are in flight, and no longer."""

from __future__ import annotations

import threading
import time

from bot.background import RequestActivity


def _waited(activity: RequestActivity, max_wait: float, stop: threading.Event | None = None):
    started = time.monotonic()
    activity.wait_quiet(max_wait, stop=stop)
    return time.monotonic() - started


def test_a_quiet_server_is_not_waited_for():
    assert _waited(RequestActivity(quiet_seconds=0.02), 5.0) < 0.5


def test_the_wait_ends_a_moment_after_the_last_request():
    activity = RequestActivity(quiet_seconds=0.05)
    request = activity.__enter__()
    threading.Timer(0.3, request.__exit__).start()
    waited = _waited(activity, 5.0)
    assert 0.3 <= waited < 2.0
    assert not activity.busy()


def test_a_stream_of_requests_is_waited_out_for_at_most_max_wait():
    activity = RequestActivity(quiet_seconds=0.05)
    done = threading.Event()

    def stream():  # a new request starts before the last one ends, for 3 seconds
        held = activity.__enter__()
        while not done.is_set():
            nxt = activity.__enter__()
            held.__exit__()
            held = nxt
            time.sleep(0.002)
        held.__exit__()

    thread = threading.Thread(target=stream)
    thread.start()
    try:
        waited = _waited(activity, 0.5)
        assert 0.5 <= waited < 2.0
    finally:
        done.set()
        thread.join()


def test_stopping_the_worker_ends_the_wait():
    activity = RequestActivity()
    activity.__enter__()
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    assert _waited(activity, 30.0, stop) < 2.0
