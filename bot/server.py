"""The HTTP face of the bot: POST /slack/events for Slack, GET /healthz and /metrics for operators,
and, for many workspaces, GET /slack/install and /slack/oauth_redirect ("Add to Slack").

Every request to /slack/events passes a cheap edge before Bolt sees it: its size (413 before
the body is read), its signature (401; an unsigned body is never parsed or logged), and the
shape of what Bolt reads while routing it (400). Bolt itself would answer such requests with
a 500 and a traceback, and log an unsigned body in full.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import resource
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request.internals import extract_team_id
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

from bot.background import RequestActivity
from bot.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from bot.metrics import Metrics, Timed, request_kind

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"

# Slack's own payloads are a few kB (a large modal submission perhaps 100 kB).
MAX_BODY_BYTES = 1024 * 1024
# Slack's rule: a request signed longer ago than this is a replay.
SIGNATURE_MAX_AGE_SECONDS = 5 * 60
# Slack sends a whole request in milliseconds. A connection whose request has not fully arrived
# this long after it began (a slow or half-open client) is closed, so slow clients cannot pile up.
REQUEST_READ_SECONDS = 10
# waitress parses requests in its event loop and hands only complete ones to worker threads,
# so a slow client costs a connection slot, not a thread. Its default of 100 slots let 100 idle
# sockets stop every ack. With 1,000, each freed within REQUEST_READ_SECONDS, a client must
# open about 100 connections a second, all the time, to fill them.
CONNECTION_LIMIT = 1000
# An idle keep-alive connection between requests is closed after this long.
IDLE_SECONDS = 30
# How often waitress looks for idle connections.
CLEANUP_SECONDS = 5
# While a request is being answered, the thread answering it sends what it writes (waitress's
# send_bytes is 1). The event loop steps in only when that much is waiting (a big answer to a
# slow client); see _DeadlineChannel.writable.
LOOP_FLUSH_BYTES = 256 * 1024
# Headers Slack sends are well under 8 kB; bodies past this spill from memory to a temporary
# file, so a thousand connections mid-body cannot hold a thousand megabytes.
MAX_HEADER_BYTES = 16 * 1024
BODY_IN_MEMORY_BYTES = 64 * 1024

# Bolt builds its routing context from these fields and falls over on any other shape; the
# listeners read the acting user from them. Slack itself sends null for some ID fields.
_TEXT_FIELDS = (
    "type",
    "command",
    "callback_id",
    "action_id",
    "trigger_id",
    "response_url",
    "team_id",
    "user_id",
    "channel_id",
    "enterprise_id",
    "api_app_id",
    "event_id",
)
_ID_FIELDS = ("team", "user", "channel", "enterprise")  # null, text, or an object with a text id
_OBJECT_FIELDS = ("event", "view", "container", "state")  # absent or an object
_NULLABLE_OBJECT_FIELDS = (
    "message",
    "previous_message",
    "item",
    "assistant_thread",
    "function_data",
)
_LIST_FIELDS = ("authorizations", "response_urls", "actions")  # absent or a list of objects
_NESTED = ("event", "message", "previous_message", "item", "assistant_thread")
_VIEW_TEXT_FIELDS = (
    "id",
    "type",
    "callback_id",
    "private_metadata",
    "team_id",
    "app_installed_team_id",
)
# Interactive payloads always name the person who acted.
_INTERACTIVE = frozenset(
    {
        "block_actions",
        "block_suggestion",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
    }
)
# Events whose listeners read the acting user's ID from `event.user`.
_EVENTS_WITH_USER = frozenset(
    {
        "app_home_opened",
        "app_mention",
        "member_joined_channel",
        "member_left_channel",
        "reaction_added",
        "reaction_removed",
    }
)


class _Refused(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _bad(reason: str) -> _Refused:
    return _Refused("400 Bad Request", reason)


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _text_or_none(obj: dict, key: str, where: str) -> None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(f"{where}{key} is a {_kind(value)}, not text")


def _check_envelope(obj: dict, where: str = "", depth: int = 0) -> None:
    """What Bolt reads while routing, in `obj` and the objects it looks into."""
    for key in _TEXT_FIELDS:
        _text_or_none(obj, key, where)
    for key in _ID_FIELDS:
        value = obj.get(key)
        if isinstance(value, dict):
            _text_or_none(value, "id", f"{where}{key}.")
            _text_or_none(value, "team_id", f"{where}{key}.")
        elif value is not None and not isinstance(value, str):
            raise _bad(f"{where}{key} is a {_kind(value)}")
    for key in _OBJECT_FIELDS:
        if key in obj and not isinstance(obj[key], dict):
            raise _bad(f"{where}{key} is a {_kind(obj[key])}, not an object")
    for key in _NULLABLE_OBJECT_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, dict):
            raise _bad(f"{where}{key} is a {_kind(value)}, not an object")
    for key in _LIST_FIELDS:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise _bad(f"{where}{key} is not a list of objects")
    for action in obj.get("actions", ()):
        if not isinstance(action.get("action_id"), str):
            raise _bad(f"{where}actions[].action_id is not text")
    view = obj.get("view")
    if view is not None:
        for key in _VIEW_TEXT_FIELDS:
            _text_or_none(view, key, f"{where}view.")
        state = view.get("state", {})
        if not (isinstance(state, dict) and isinstance(state.get("values", {}), dict)):
            raise _bad(f"{where}view.state is not an object of values")
    if depth < 3:
        for key in _NESTED:
            if isinstance(obj.get(key), dict):
                _check_envelope(obj[key], f"{where}{key}.", depth + 1)
        if obj.get("authorizations"):
            _check_envelope(obj["authorizations"][0], f"{where}authorizations[0].", depth + 1)


def check_payload(body: dict) -> None:
    """Raise _Refused when a signed payload has a shape Bolt cannot route."""
    _check_envelope(body)
    kind = body.get("type")
    if kind in _INTERACTIVE:
        user = body.get("user")
        if not (isinstance(user, dict) and isinstance(user.get("id"), str)):
            raise _bad(f"{kind} without a user")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise _bad("an event_callback without an event")
        if event["type"] in _EVENTS_WITH_USER and not isinstance(event.get("user"), str):
            raise _bad(f"a {event['type']} event without a user")
    elif kind == "block_actions" and not body.get("actions"):
        raise _bad("block_actions without actions")
    elif kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not (
            isinstance(view, dict)
            and isinstance(view.get("callback_id"), str)
            and isinstance(view.get("type"), str)
        ):
            raise _bad(f"{kind} without a view")
    elif kind == "url_verification" and not isinstance(body.get("challenge"), str):
        raise _bad("url_verification without a challenge")
    elif "command" in body and not isinstance(body.get("user_id"), str):
        raise _bad("a slash command without a user")
    if kind not in ("url_verification", None) or "command" in body:
        team_id = extract_team_id(body)
        if not (isinstance(team_id, str) and team_id):
            raise _bad("no workspace")


def parse_like_bolt(text: str, content_type: str) -> dict:
    """The body as Bolt would parse it (slack_bolt.request.internals.parse_body), but for one
    case below; _Refused when it is not what its content type says or not a JSON object.

    Bolt takes any form body with the word "payload" in it for an interactive payload, and a
    slash command whose text has that word for an empty body (Slack then shows the person
    "dispatch_failed"). Here only a form field named payload is one, and Bolt is handed this
    parse (see bolt_request), never its own.
    """
    if not text:
        return {}
    try:
        if content_type == "application/json" or text.startswith("{"):
            parsed: Any = json.loads(text)
            what = "the JSON body"
        else:
            form = dict(parse_qsl(text, keep_blank_values=True))
            if "payload" not in form:
                return form
            parsed = json.loads(form["payload"])
            what = "the form's payload"
    except (ValueError, RecursionError):
        raise _bad(f"the body is not what its content type ({content_type}) says") from None
    if not isinstance(parsed, dict):
        raise _bad(f"{what} is a JSON {type(parsed).__name__}, not an object")
    return parsed


def bolt_request(environ: dict, text: str, body: dict) -> BoltRequest:
    """Bolt's request for a body the edge has checked and parsed. Bolt's own WSGI adapter
    would read and parse it a second time, about 3 % of an ack. Bolt takes a parsed body only
    in Socket Mode, so the request is built as one and then made the HTTP request it is, with
    the signed text, which Bolt's own signature check verifies again (see
    test_bolt_still_checks_the_signature_over_the_text_it_is_handed). A lazy listener (the bot
    has none) would get a copy Bolt parses again from the text, without this parse."""
    headers = WsgiHttpRequest(environ).get_headers()
    query = environ.get("QUERY_STRING", "")
    request = BoltRequest(body=body, query=query, headers=headers, mode="socket_mode")
    request.mode, request.raw_body = "http", text
    return request


def _answer(start_response: Callable, response: BoltResponse) -> Iterable[bytes]:
    """Bolt's answer as its WSGI adapter writes it."""
    out = WsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)
    start_response(out.status, out.get_headers())
    return out.get_body()


def _read_body(environ: dict) -> bytes:
    """At most MAX_BODY_BYTES of the body; _Refused (413) for more, before reading it if it says so."""
    stream = environ.get("wsgi.input")
    length_text = (environ.get("CONTENT_LENGTH") or "").strip()
    if length_text:
        if not length_text.isdigit():
            raise _bad("Content-Length is not a number")
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            raise _Refused("413 Content Too Large", f"a body of {length} bytes")
        return stream.read(length) if stream is not None and length else b""
    body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
    if len(body) > MAX_BODY_BYTES:
        raise _Refused("413 Content Too Large", "a body of more than 1 MiB")
    return body


def wsgi_app(
    app: App,
    healthy: Callable[[], bool | str],
    activity: RequestActivity | None = None,
    *,
    signing_secret: str | None = None,
    metrics: Metrics | None = None,
) -> Callable:
    """A WSGI application serving Slack's requests, a health check and metrics.

    `healthy` returns True, or why the process is not (a one-line reason; False: the
    database). `signing_secret` defaults to the one the Bolt app verifies with; without
    `metrics` only the requests this application answers are counted.
    """
    metrics = metrics if metrics is not None else Metrics()
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    # Bolt keeps the secret it was built with; the edge must check the very same one.
    secret = (signing_secret if signing_secret is not None else app._signing_secret).encode()

    def signature_of(timestamp: str, body: bytes) -> str:
        # Slack's scheme, over the raw bytes (slack_sdk's verifier fails on a body not UTF-8).
        base = b"v0:" + timestamp.encode() + b":" + body
        return "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()

    def refuse(start_response: Callable, status: str) -> Iterable[bytes]:
        start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
        return [status.split(" ", 1)[1].encode()]

    def edge(environ: dict) -> tuple[str, dict]:
        """Check size, signature and shape. Returns the signed text and what it says."""
        body = _read_body(environ)
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (timestamp.isascii() and timestamp.isdigit()) or not signature:
            raise _Refused("401 Unauthorized", "no Slack signature or timestamp")
        fresh = abs(time.time() - int(timestamp)) <= SIGNATURE_MAX_AGE_SECONDS
        expected = signature_of(timestamp, body).encode()
        if not (fresh and hmac.compare_digest(expected, signature.encode("utf-8", "replace"))):
            raise _Refused("401 Unauthorized", "an invalid or expired Slack signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _bad("the body is not UTF-8") from None
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip()
        parsed = parse_like_bolt(text, content_type)
        check_payload(parsed)
        return text, parsed

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            verdict = healthy()
            ok = verdict is True
            reason = verdict if isinstance(verdict, str) else "database unavailable"
            body = b'{"ok": true}' if ok else json.dumps({"ok": False, "error": reason}).encode()
            start_response(
                "200 OK" if ok else "503 Service Unavailable",
                [("Content-Type", "application/json")],
            )
            return [body]
        if path == "/metrics" and environ.get("REQUEST_METHOD") == "GET":
            start_response("200 OK", [("Content-Type", METRICS_CONTENT_TYPE)])
            return [metrics.render()]
        flow = app.oauth_flow
        if (
            flow is not None
            and path in (flow.install_path, flow.redirect_uri_path)
            and environ.get("REQUEST_METHOD") == "GET"
        ):
            # "Add to Slack": a person's browser, not Slack; Bolt's OAuth flow answers.
            return slack(environ, start_response)
        if path != SLACK_PATH or environ.get("REQUEST_METHOD") != "POST":
            return refuse(start_response, "404 Not Found")
        began = time.perf_counter()
        answered = ["500"]

        def start_timed(status: str, headers: list, exc_info: Any = None) -> Callable:
            answered[0] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        def timed(kind: str, name: str, body: Iterable[bytes]) -> Timed:
            return Timed(
                body,
                lambda: metrics.observe(kind, name, answered[0], time.perf_counter() - began),
            )

        try:
            text, parsed = edge(environ)
        except _Refused as refused:
            # One line and never the body: it may be large, private, or an attacker's text.
            log.warning(
                "refused a request to %s (%s): %s", SLACK_PATH, refused.status, refused.reason
            )
            return timed("refused", "", refuse(start_timed, refused.status))
        kind, name = request_kind(parsed)
        request = bolt_request(environ, text, parsed)
        if activity is None:
            return timed(kind, name, _answer(start_timed, app.dispatch(request)))
        with activity:
            return timed(kind, name, _answer(start_timed, app.dispatch(request)))

    return application


class _DeadlineChannel(HTTPChannel):
    """A connection that is closed when a request takes longer than REQUEST_READ_SECONDS to arrive,
    and that the event loop leaves alone while its answer is being written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new connection must start its first request in time too.
        self._request_began: float | None = time.monotonic()
        self._timed_request: object = None

    def received(self, data: bytes) -> bool:
        result = super().received(data)
        if self.request is None:
            self._request_began = None  # nothing half-read: idle time is waitress's channel_timeout
        elif self.request is not self._timed_request:
            self._timed_request, self._request_began = self.request, time.monotonic()
        return result

    def readable(self) -> bool:
        # waitress asks every connection this at least once a second, in its event loop.
        began = self._request_began
        if (
            began is not None
            and not self.requests
            and not self.will_close
            and time.monotonic() - began > REQUEST_READ_SECONDS
        ):
            self.will_close = True  # writable() now says so, and handle_write() closes it
        return super().readable()

    def writable(self) -> bool:
        # waitress says "writable" as soon as an answer is in the buffer, also while the thread
        # answering the request holds the buffer's lock to send it itself. The loop then found
        # the socket writable, could not take the lock, and polled again: tens of thousands of
        # times a second, holding the GIL the answering threads (and every SQLite call) waited
        # for. Under 64 concurrent /newclient that cut throughput by two thirds. The thread
        # sends its own answer; when it is done it wakes the loop, which sends any rest.
        if (
            self.requests
            and not (self.will_close or self.close_when_flushed)
            and self.total_outbufs_len < LOOP_FLUSH_BYTES
        ):
            return False
        return bool(super().writable())


def _allow_connections(needed: int) -> None:
    """Raise the soft open-file limit so CONNECTION_LIMIT sockets fit (1,024 is a common default)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def make_server(
    application: Callable, *, host: str = "0.0.0.0", port: int = 3000, threads: int = 8
):
    """A production WSGI server (waitress); port 0 picks a free port (tests)."""
    _allow_connections(CONNECTION_LIMIT + 200)  # plus the database, log files, Slack clients
    server = create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="salesbot",
        clear_untrusted_proxy_headers=True,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=IDLE_SECONDS,
        cleanup_interval=CLEANUP_SECONDS,
        max_request_header_size=MAX_HEADER_BYTES,
        # waitress refuses (413) a Content-Length at or over this before reading the body,
        # and a chunked body as soon as it grows past it.
        max_request_body_size=MAX_BODY_BYTES + 1,
        inbuf_overflow=BODY_IN_MEMORY_BYTES,
        # select() cannot watch file descriptors past 1,023; poll() can.
        asyncore_use_poll=True,
    )
    listeners = getattr(server, "_map", None) or getattr(server, "map", {})
    for listener in list(listeners.values()):
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _DeadlineChannel
    return server
