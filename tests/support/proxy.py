"""A small round-robin HTTP reverse proxy: the load balancer in front of the bot's replicas.

Each request goes to the next backend in turn. A backend that does not answer makes the proxy
answer 502 Bad Gateway, as a load balancer does before its health check has taken the backend
out (an AWS ALB; nginx once the request has been sent): a POST may have been processed by a
backend that died before answering, so passing it to another backend could do it twice; the
502 leaves the retry to the caller, as Slack (and a user) would retry. The failed backend is
then out of the rotation for good, like nginx's passive check (`max_fails=1`, its default)
with a `fail_timeout` longer than the test: the requests that meet the death get a 502, the
rest go to the survivors.

With `skip_refused=True` a refused connection (nothing was sent, so nothing can have been done)
goes to the next backend instead, as nginx's `proxy_next_upstream error` does; a request that
was sent still ends in 502. The tests use the default, the harsher case: the callers see the
death and retry.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What Slack's requests carry that the bot reads; hop-by-hop headers stay behind.
FORWARDED_HEADERS = ("Content-Type", "X-Slack-Request-Timestamp", "X-Slack-Signature")
BACKEND_TIMEOUT_SECONDS = 10.0


class RoundRobinProxy:
    """`RoundRobinProxy(["http://127.0.0.1:8001", ...]).start()`; `.url` is the front door."""

    def __init__(self, backends: list[str], *, skip_refused: bool = False) -> None:
        self.backends = [b.removeprefix("http://").rstrip("/") for b in backends]
        self.skip_refused = skip_refused
        self._next = 0
        self.down: set[str] = set()  # failed once: out of the rotation
        self._lock = threading.Lock()
        # backend -> how many requests it answered / how many ended in a 502 there
        self.answered: Counter[str] = Counter()
        self.bad_gateway: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()  # backend -> requests waiting for its answer
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                proxy._forward(self)

            def do_GET(self) -> None:
                proxy._forward(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RoundRobinProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def _turn(self) -> str:
        with self._lock:
            # Every backend down: try them anyway (one may be back).
            live = [b for b in self.backends if b not in self.down] or self.backends
            backend = live[self._next % len(live)]
            self._next += 1
        return backend

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {k: v for k in FORWARDED_HEADERS if (v := handler.headers.get(k)) is not None}
        tries = len(self.backends) if self.skip_refused else 1
        for _ in range(tries):
            backend = self._turn()
            host, _, port = backend.partition(":")
            connection = http.client.HTTPConnection(
                host, int(port), timeout=BACKEND_TIMEOUT_SECONDS
            )
            with self._lock:
                self.in_flight[backend] += 1
            try:
                try:
                    connection.connect()
                except ConnectionRefusedError:
                    if self.skip_refused:
                        with self._lock:
                            self.down.add(backend)
                        continue  # nothing was sent: the next backend may take it
                    raise
                connection.request(handler.command, handler.path, body=body, headers=headers)
                answer = connection.getresponse()
                status, reply = answer.status, answer.read()
                content_type = answer.getheader("Content-Type") or "text/plain"
            except (OSError, http.client.HTTPException):
                # Refused, reset, or closed before the answer: the backend is gone (perhaps
                # after doing the work). Not retried here: a POST is not idempotent.
                with self._lock:
                    self.bad_gateway[backend] += 1
                    self.down.add(backend)
                self._answer(handler, 502, b"bad gateway", "text/plain")
                return
            finally:
                connection.close()
                with self._lock:
                    self.in_flight[backend] -= 1
            with self._lock:
                self.answered[backend] += 1
            self._answer(handler, status, reply, content_type)
            return
        self._answer(handler, 502, b"no backend answered", "text/plain")

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # the caller gave up
