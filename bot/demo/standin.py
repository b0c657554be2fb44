"""A stand-in for the Slack Web API: the tests' fake Slack and the Slack of `salesbot demo`.

Standard library only. ``FakeSlack`` is a real HTTP server (``http.server.ThreadingHTTPServer``)
bound to ``127.0.0.1`` on a free port.  Point a ``slack_sdk.WebClient`` at it with
``WebClient(token="xoxb-test", base_url=fake.url)`` and it answers the Web API methods
the bot uses with responses shaped like Slack's, while recording every call so tests can
inspect what the bot sent.

Requests are accepted in every form slack_sdk (sync or async) uses: JSON bodies,
``application/x-www-form-urlencoded`` bodies, ``multipart/form-data`` bodies and query
strings (GET or POST).  String values that hold JSON lists/objects (``blocks``,
``metadata``, ``view``, ``files`` ...) are decoded, so ``calls_to(...)`` always shows
Python objects.

Besides the API under ``/api/<method>`` the server offers:

* ``/response/<name>``: a stand-in for an interaction's ``response_url``
  (see :meth:`FakeSlack.response_url` / :meth:`FakeSlack.responses`);
* ``/upload/<file_id>``: the upload URL handed out by ``files.getUploadURLExternal``
  (used by ``WebClient.files_upload_v2``; see :meth:`FakeSlack.uploaded_files`);
* ``GET /files/<file_id>``: an uploaded file's content with its content type, so a page can
  show a chart or offer an .ics (see :meth:`FakeSlack.file_url`).

Each user's open modals are kept as a stack (:meth:`FakeSlack.open_modal`) when the trigger_id
of views.open/views.push was noted with :meth:`FakeSlack.note_trigger`, as Slack knows whose
click a trigger_id came from.

Failure injection, per Web API method:

* :meth:`FakeSlack.fail_next`: 429 / 5xx / ``ok: false``, without effect or (``processed``)
  after the call took effect, as when Slack posts and then answers 5xx;
* :meth:`FakeSlack.slow_next`: processed at once, but the answer comes late;
* :meth:`FakeSlack.late_next`: Slack is slow: the call takes effect (a post shows in
  ``conversations.history``) only when the late answer goes out;
* :meth:`FakeSlack.drop_next`: the connection is closed without an answer, with or without
  the call having taken effect;
* :meth:`FakeSlack.inject_faults`: any of these at random (seeded) on a share of the calls;
  :attr:`FakeSlack.fault_log` lists what was injected.

Rate limits (off unless :meth:`FakeSlack.rate_limits` is called), as Slack keeps them: per
workspace (the token's team) per method, calls a minute with a burst, and chat.postMessage
also per channel (about 1 a second, short bursts). A call over a limit is answered 429
``ratelimited`` with a ``Retry-After`` header (whole seconds until it would go), has no
effect, and is counted in :attr:`FakeSlack.rate_limited`. Each call's arrival time is in
``Call.at`` (``time.monotonic()``).

Users set with ``deleted=True`` or ``is_bot=True`` cannot be written to, as on Slack
(``user_disabled`` / ``cannot_dm_bot``).
"""

from __future__ import annotations

import copy
import itertools
import json
import mimetypes
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo

__all__ = ["Call", "FakeSlack"]

BOT_ID = "BBOT"
APP_ID = "AFAKEAPP"

# Keys whose string values are free text and must never be JSON-decoded.
_TEXT_KEYS = frozenset(
    {"text", "initial_comment", "title", "filename", "alt_txt", "content", "name", "query"}
)
# The keys of a stored message, as returned by FakeSlack.messages().
_MESSAGE_KEYS = ("ts", "channel", "text", "blocks", "metadata", "user", "thread_ts", "files")


@dataclass
class Call:
    """One Web API request received by the fake."""

    method: str
    args: dict
    status: int
    token: str | None
    ok: bool = False  # True when answered 200 with {"ok": true}
    error: str | None = None  # the "error" field of the answer, if any
    at: float = 0.0  # when it arrived (time.monotonic())


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _ts_key(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _maybe_json(key: str, value: Any) -> Any:
    if key in _TEXT_KEYS or not isinstance(value, str):
        return value
    stripped = value.strip()
    if not stripped or stripped[0] not in "[{":
        return value
    try:
        decoded = json.loads(stripped)
    except ValueError:
        return value
    return decoded if isinstance(decoded, (list, dict)) else value


def _tz_offset(tz: str) -> int:
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except Exception:
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


def _content_type(upload: dict) -> str:
    # Python's own table lacks .ics; the system's may lack it too.
    filename = str(upload["filename"])
    if filename.lower().endswith(".ics"):
        return "text/calendar"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _dm_channel(channel: str) -> str:
    """Posting to a user id goes to the app's DM with that user, as on Slack."""
    if channel and channel[0] in "UW":
        return "D" + channel
    return channel


# What inject_faults may choose from.
FAULT_KINDS = ("429", "500", "500_processed", "drop", "drop_processed", "late")


# How long a wait for the bot's calls lasts by default. A wait ends as soon as they arrive,
# so this only matters when something is wrong; on a busy CI machine 5 s was too tight.
WAIT_SECONDS = 15.0


class _ApiError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeSlack

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out close the socket under us; stay silent.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        self.server.fake._dispatch(self, "GET")

    def do_POST(self) -> None:
        self.server.fake._dispatch(self, "POST")

    def do_PUT(self) -> None:
        self.server.fake._dispatch(self, "PUT")


class FakeSlack:
    """A fake Slack Web API server; see the module docstring."""

    def __init__(
        self,
        *,
        bot_user_id: str = "UBOT",
        team_id: str = "T123",
        token: str = "xoxb-test",
        clock: Callable[[], float] = time.time,
    ) -> None:
        # A message's ts is its moment on `clock` (the demo's, which can jump ahead).
        self.clock = clock
        self.bot_user_id = bot_user_id
        self.team_id = team_id
        self.token = token
        self.bot_id = BOT_ID
        self.tokens: set[str] = {token}
        self.token_teams: dict[str, str] = {token: team_id}  # the workspace of each bot token
        self._codes: dict[str, dict] = {}  # oauth.v2.access: code -> the install it grants
        self._refresh: dict[str, dict] = {}  # refresh token -> the install it renews
        self._current_token: str | None = None
        self.calls: list[Call] = []
        self._lock = threading.RLock()
        self._stop_event = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._ids = itertools.count(1)
        self._last_ts_us = 0
        self._users: dict[str, dict] = {}
        self._channels: dict[str, dict] = {}
        self.set_user(bot_user_id, name="salesbot")
        self._users[bot_user_id]["is_bot"] = True
        self._reset_state()

    # ------------------------------------------------------------------ lifecycle

    def _reset_state(self) -> None:
        self.calls.clear()
        self._messages: dict[str, list[dict]] = {}
        self._ephemerals: dict[str, list[dict]] = {}
        self._failures: dict[str, list[dict]] = {}
        self._slow: dict[str, list[float]] = {}
        self._chaos: dict[str, dict] = {}
        self.fault_log: list[tuple[str, str]] = []  # (method, kind) of every injected fault
        self.rate_limited = 0  # calls answered 429 by the rate limits
        self._limits: dict[str, Any] | None = None
        self._buckets: dict[tuple[str, ...], list[float]] = {}  # key -> [tokens, at]
        self._views: dict[str, dict] = {}
        self._opened_views: list[dict] = []
        self._home_views: dict[str, dict] = {}
        self._pending_uploads: dict[str, dict] = {}
        self._uploaded: list[dict] = []
        self._responses: dict[str, list[dict]] = {}
        self._triggers: dict[str, str] = {}  # trigger_id -> user id
        self._modals: dict[str, list[str]] = {}  # user id -> open view ids, top last
        self._modal_errors: dict[str, dict[str, str]] = {}

    def start(self) -> FakeSlack:
        if self._server is not None:
            return self
        self._stop_event = threading.Event()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeSlack:{server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._stop_event.set()  # wake any slow responses
        if server is None:
            return
        self._server = None
        self._thread = None
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The Web API base URL for ``WebClient(base_url=...)``."""
        return f"{self.base_url}/api/"

    def reset(self) -> None:
        """Forget calls, messages, views, uploads, responses and pending failures/delays.

        Users and channels set with set_user/set_channel are kept."""
        with self._lock:
            self._reset_state()

    def add_token(self, token: str) -> None:
        """Accept another token (e.g. a user token) besides the one given to __init__."""
        with self._lock:
            self.tokens.add(token)

    # ------------------------------------------------------------------ test set-up

    def fail_next(
        self,
        method: str,
        *,
        status: int = 500,
        times: int = 1,
        retry_after: int | None = None,
        error: str | None = None,
        processed: bool = False,
    ) -> None:
        """Make the next ``times`` calls to ``method`` fail.

        429 answers ``{"ok": false, "error": "ratelimited"}`` with a Retry-After header
        (default 1); other HTTP statuses answer that status with a small JSON body;
        status 200 answers ``{"ok": false, "error": error}`` (default "fatal_error").
        Without effect, or with ``processed`` after the call took effect (a 5xx that hides
        a post)."""
        if status == 429:
            err = error or "ratelimited"
            retry_after = 1 if retry_after is None else retry_after
        elif status == 200:
            err = error or "fatal_error"
        else:
            err = error or "internal_error"
        spec = {
            "kind": "fail",
            "status": status,
            "error": err,
            "retry_after": retry_after,
            "processed": processed,
        }
        with self._lock:
            self._failures.setdefault(method, []).extend(dict(spec) for _ in range(times))

    def slow_next(self, method: str, *, delay: float, times: int = 1) -> None:
        """Process the next ``times`` calls normally but delay the HTTP answer by ``delay`` s."""
        with self._lock:
            self._slow.setdefault(method, []).extend([float(delay)] * times)

    def late_next(self, method: str, *, delay: float, times: int = 1) -> None:
        """Answer the next ``times`` calls ``delay`` s late: each takes effect (a post lands in
        the channel's history) only then, as when Slack itself is slow."""
        spec = {"kind": "late", "delay": float(delay), "processed": True}
        with self._lock:
            self._failures.setdefault(method, []).extend(dict(spec) for _ in range(times))

    def drop_next(self, method: str, *, times: int = 1, processed: bool = False) -> None:
        """Close the connection of the next ``times`` calls without an answer; with
        ``processed`` the call took effect first."""
        spec = {"kind": "drop", "processed": processed}
        with self._lock:
            self._failures.setdefault(method, []).extend(dict(spec) for _ in range(times))

    def inject_faults(
        self,
        method: str,
        *,
        rate: float,
        seed: int = 0,
        kinds: Sequence[str] = FAULT_KINDS,
        late: tuple[float, float] = (1.0, 3.0),
        retry_after: int = 1,
        max_faults: int | None = None,
    ) -> None:
        """From now on a share ``rate`` of the calls to ``method`` meets a fault picked at
        random (seeded) from ``kinds`` (see FAULT_KINDS); "late" answers after a delay drawn
        from ``late``. After ``max_faults`` faults Slack is well again (an incident that
        ends). Calls queued with fail_next/late_next/drop_next come first."""
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        with self._lock:
            self._chaos[method] = {
                "rate": rate,
                "rng": random.Random(seed),
                "kinds": tuple(kinds),
                "late": late,
                "retry_after": retry_after,
                "left": max_faults,
            }

    def stop_faults(self, method: str | None = None) -> None:
        """No more random faults (for ``method``, or at all); queued ones stay."""
        with self._lock:
            if method is None:
                self._chaos.clear()
            else:
                self._chaos.pop(method, None)

    def rate_limits(
        self,
        per_minute: dict[str, float] | None = None,
        *,
        per_channel_per_second: float | None = 1.0,
        burst_seconds: float = 10.0,
        channel_burst: int = 4,
        scale: float = 1.0,
    ) -> None:
        """Keep Slack's rate limits from now on: ``per_minute`` calls of each method listed per
        workspace (up to ``burst_seconds`` of that budget at once), and chat.postMessage
        ``per_channel_per_second`` to one channel (``channel_burst`` at once; None: no limit).
        ``scale`` multiplies every rate (a faster Slack for a benchmark)."""
        with self._lock:
            self._limits = {
                "methods": {m: n * scale / 60 for m, n in (per_minute or {}).items()},
                "channel": (per_channel_per_second or 0) * scale,
                "burst_seconds": burst_seconds,
                "channel_burst": channel_burst,
            }
            self._buckets.clear()

    def no_rate_limits(self) -> None:
        """Answer every call again, however fast."""
        with self._lock:
            self._limits = None
            self._buckets.clear()

    def team_of(self, token: str | None) -> str:
        """The workspace a bot token belongs to (the default team for other tokens)."""
        return self.token_teams.get(token or "", self.team_id)

    def max_calls_in_window(
        self, method: str, seconds: float, *, team: str | None = None, ok_only: bool = True
    ) -> int:
        """The most calls to ``method`` (of ``team``) that arrived within any ``seconds``."""
        with self._lock:
            times = sorted(
                c.at
                for c in self.calls
                if c.method == method
                and (c.ok or not ok_only)
                and (team is None or self.team_of(c.token) == team)
            )
        most, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= seconds:
                start += 1
            most = max(most, end - start + 1)
        return most

    def _over_limit(self, method: str, token: str | None, args: dict, now: float) -> int | None:
        """Under the lock: None if the call may go (its budget is spent), else Retry-After."""
        limits = self._limits
        if limits is None:
            return None
        team = self.team_of(token)
        buckets: list[tuple[tuple[str, ...], float, float]] = []  # key, rate, capacity
        rate = limits["methods"].get(method)
        if rate:
            buckets.append(((team, method), rate, max(1.0, rate * limits["burst_seconds"])))
        if method == "chat.postMessage" and limits["channel"]:
            channel = _dm_channel(str(args.get("channel") or ""))
            buckets.append(((team, "#", channel), limits["channel"], limits["channel_burst"]))
        wait = 0.0
        for key, rate, capacity in buckets:
            tokens, at = self._buckets.get(key, [capacity, now])
            tokens = min(capacity, tokens + (now - at) * rate)
            self._buckets[key] = [tokens, now]
            if tokens < 1:
                wait = max(wait, (1 - tokens) / rate)
        if wait > 0:
            self.rate_limited += 1
            return max(1, int(wait + 0.999))
        for key, _rate, _capacity in buckets:
            self._buckets[key][0] -= 1
        return None

    def set_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        locale: str = "en-US",
        tz: str = "Europe/Amsterdam",
        is_admin: bool = False,
        is_owner: bool = False,
        status_text: str = "",
        status_emoji: str = "",
        email: str | None = None,
        real_name: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> None:
        """Describe a user for users.info; a deleted (deactivated) or bot user cannot get DMs."""
        name = name or user_id.lower()
        real_name = real_name or name
        with self._lock:
            self._users[user_id] = {
                "id": user_id,
                "team_id": self.team_id,
                "name": name,
                "deleted": deleted,
                "real_name": real_name,
                "tz": tz,
                "tz_label": tz,
                "tz_offset": _tz_offset(tz),
                "locale": locale,
                "is_admin": is_admin,
                "is_owner": is_owner,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": is_bot,
                "is_app_user": False,
                "updated": int(time.time()),
                "profile": {
                    "real_name": real_name,
                    "display_name": name,
                    "status_text": status_text,
                    "status_emoji": status_emoji,
                    "email": email or f"{name}@example.com",
                    "team": self.team_id,
                },
            }

    def set_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_member: bool = True,
        is_private: bool = False,
    ) -> None:
        """Describe a channel for conversations.info (unknown channels get a default)."""
        with self._lock:
            self._channels[channel_id] = {
                "name": name or channel_id.lower(),
                "is_member": is_member,
                "is_private": is_private,
            }

    def note_trigger(self, trigger_id: str, user_id: str) -> None:
        """Remember whose action ``trigger_id`` came from, so a modal it opens is theirs."""
        with self._lock:
            self._triggers[trigger_id] = user_id

    def add_message(
        self,
        channel: str,
        text: str = "",
        *,
        user: str = "UOTHER",
        ts: str | None = None,
        blocks: list | None = None,
        metadata: dict | None = None,
        thread_ts: str | None = None,
    ) -> dict:
        """Seed a message (e.g. one written by a human) without an API call. Returns it."""
        with self._lock:
            msg = self._store_message(
                _dm_channel(channel),
                text=text,
                blocks=blocks,
                metadata=metadata,
                thread_ts=thread_ts,
                user=user,
                ts=ts,
            )
            return self._project(msg)

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str, *, ok_only: bool = False) -> list[dict]:
        with self._lock:
            return [
                copy.deepcopy(c.args)
                for c in self.calls
                if c.method == method and (c.ok or not ok_only)
            ]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = WAIT_SECONDS, *, ok_only: bool = True
    ) -> list[dict]:
        """Poll until at least ``count`` calls to ``method`` arrived; return their args."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, ok_only=ok_only)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        with self._lock:
            summary = [
                f"{c.method} -> {c.status}" + ("" if c.ok else f" ({c.error})") for c in self.calls
            ]
        kind = "ok " if ok_only else ""
        raise AssertionError(
            f"expected at least {count} {kind}call(s) to {method} within {timeout}s, "
            f"got {len(found)}; received: {summary or 'nothing'}"
        )

    def messages(self, channel: str) -> list[dict]:
        """Messages stored in ``channel`` (a user id means the DM with them), oldest first."""
        with self._lock:
            stored = self._messages.get(_dm_channel(channel), [])
            return [self._project(m) for m in sorted(stored, key=lambda m: Decimal(m["ts"]))]

    def all_messages(self) -> list[dict]:
        """Every stored message in every conversation (replies too), oldest first."""
        with self._lock:
            stored = [m for msgs in self._messages.values() for m in msgs]
            return [self._project(m) for m in sorted(stored, key=lambda m: Decimal(m["ts"]))]

    def ephemerals(self, channel: str) -> list[dict]:
        """Ephemeral messages posted in ``channel``: dicts with user, text, blocks, ..."""
        with self._lock:
            return copy.deepcopy(self._ephemerals.get(channel, []))

    def view(self, view_id: str) -> dict | None:
        with self._lock:
            v = self._views.get(view_id)
            return copy.deepcopy(v) if v is not None else None

    def opened_views(self) -> list[dict]:
        """Views opened with views.open / views.push (current state), in order."""
        with self._lock:
            return [copy.deepcopy(self._views[v["id"]]) for v in self._opened_views]

    def open_modal(self, user_id: str) -> dict | None:
        """The view on top of ``user_id``'s open modal stack, or None when none is open."""
        with self._lock:
            stack = self._modals.get(user_id)
            return copy.deepcopy(self._views[stack[-1]]) if stack else None

    def modal_errors(self, user_id: str) -> dict[str, str]:
        """The errors (block id -> text) shown on ``user_id``'s open modal, from a submission."""
        with self._lock:
            return dict(self._modal_errors.get(user_id, {}))

    def set_modal_errors(self, user_id: str, errors: dict[str, str]) -> None:
        """Show errors on the open modal: the app answered a submission with ``errors``."""
        with self._lock:
            self._modal_errors[user_id] = dict(errors)

    def replace_modal(self, user_id: str, view: dict) -> dict | None:
        """The app answered ``update``: the top view shows ``view``, keeping its id."""
        with self._lock:
            stack = self._modals.get(user_id)
            if not stack:
                return None
            self._modal_errors.pop(user_id, None)
            old = self._views[stack[-1]]
            new = self._make_view(
                view, view_id=old["id"], previous=old["previous_view_id"], root=old["root_view_id"]
            )
            return copy.deepcopy(new)

    def push_modal(self, user_id: str, view: dict) -> dict:
        """The app answered ``push``: ``view`` goes on top of the user's stack."""
        with self._lock:
            stack = self._modals.setdefault(user_id, [])
            self._modal_errors.pop(user_id, None)
            previous = stack[-1] if stack else None
            root = self._views[previous]["root_view_id"] if previous else None
            new = self._make_view(view, previous=previous, root=root)
            stack.append(new["id"])
            return copy.deepcopy(new)

    def close_modal(self, user_id: str, *, everything: bool = False) -> None:
        """Close the top view (back to the one under it), or with ``everything`` the whole
        stack (``clear``, or the user closing the modal)."""
        with self._lock:
            stack = self._modals.get(user_id, [])
            del stack[0 if everything else -1 :]
            self._modal_errors.pop(user_id, None)

    def channels(self) -> list[dict]:
        """The channels set with set_channel, then any other channel with messages: id, name."""
        with self._lock:
            ids = list(self._channels)
            ids += sorted(c for c in self._messages if c[:1] in "CG" and c not in self._channels)
            return [
                {"id": c, "name": self._channels.get(c, {}).get("name", c.lower())} for c in ids
            ]

    def users(self) -> list[dict]:
        """The people set with set_user (not the bot itself): id, name, real_name, tz, locale."""
        keys = ("id", "name", "real_name", "tz", "locale")
        with self._lock:
            return [
                {k: u[k] for k in keys} for uid, u in self._users.items() if uid != self.bot_user_id
            ]

    def file_url(self, file_id: str) -> str:
        """Where an uploaded file's content is served (GET), with its content type."""
        return f"{self.base_url}/files/{file_id}"

    def home_view(self, user_id: str) -> dict | None:
        """The latest App Home view published for ``user_id``."""
        with self._lock:
            v = self._home_views.get(user_id)
            return copy.deepcopy(v) if v is not None else None

    def uploaded_files(self) -> list[dict]:
        """Completed uploads: dicts with id, filename, title, channel_id, initial_comment,
        thread_ts, alt_txt (given to files.getUploadURLExternal) and content (bytes)."""
        with self._lock:
            return copy.deepcopy(self._uploaded)

    def response_url(self, name: str = "r") -> str:
        return f"{self.base_url}/response/{name}"

    def responses(self, name: str = "r") -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._responses.get(name, []))

    def wait_for_response(
        self, name: str = "r", count: int = 1, timeout: float = WAIT_SECONDS
    ) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.responses(name)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"expected at least {count} POST(s) to response_url {name!r} within "
                    f"{timeout}s, got {len(found)}: {found}"
                )
            time.sleep(0.01)

    # ------------------------------------------------------------------ HTTP plumbing

    def _dispatch(self, handler: _Handler, verb: str) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length > 0 else b""
        ctype = handler.headers.get("Content-Type", "")
        try:
            if path.startswith("/api/"):
                self._handle_api(handler, path[len("/api/") :], parts.query, body, ctype)
            elif path.startswith("/response/") and verb != "GET":
                self._handle_response_url(handler, path[len("/response/") :], body, ctype)
            elif path.startswith("/upload/") and verb != "GET":
                self._handle_upload(handler, path[len("/upload/") :], body, ctype)
            elif path.startswith("/files/") and verb == "GET":
                self._handle_file(handler, path[len("/files/") :])
            else:
                self._send(handler, 404, {"ok": False, "error": "not_found"})
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass

    def _send(
        self,
        handler: _Handler,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        content_type: str = "text/plain; charset=utf-8",
    ) -> None:
        if delay > 0:
            self._stop_event.wait(delay)
        if isinstance(payload, (bytes, str)):
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
        else:
            data = json.dumps(payload).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                handler.send_header(k, v)
            handler.end_headers()
            handler.wfile.write(data)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            pass

    @staticmethod
    def _parse_multipart(body: bytes, ctype: str) -> dict[str, Any]:
        msg = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body
        )
        out: dict[str, Any] = {}
        if not msg.is_multipart():
            return out
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            if part.get_filename():
                out[str(name)] = payload
            else:
                out[str(name)] = payload.decode("utf-8", "replace")
        return out

    def _parse_args(self, query: str, body: bytes, ctype: str) -> dict[str, Any]:
        args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        ctype_l = ctype.lower()
        if body:
            if "json" in ctype_l:
                try:
                    parsed = json.loads(body.decode("utf-8"))
                except ValueError:
                    parsed = None
                if isinstance(parsed, dict):
                    args.update(parsed)
            elif "multipart/form-data" in ctype_l:
                args.update(self._parse_multipart(body, ctype))
            else:
                args.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        return {k: _maybe_json(k, v) for k, v in args.items()}

    def _take_fault(self, method: str) -> dict | None:
        """The fault for this call, if any (queued first, then random); under the lock."""
        queued = self._failures.get(method)
        if queued:
            fault = queued.pop(0)
        else:
            chaos = self._chaos.get(method)
            if chaos is None or chaos["left"] == 0 or chaos["rng"].random() >= chaos["rate"]:
                return None
            if chaos["left"] is not None:
                chaos["left"] -= 1
            kind = chaos["rng"].choice(chaos["kinds"])
            fault = {"kind": "fail", "processed": kind.endswith("_processed")}
            if kind == "429":
                fault.update(status=429, error="ratelimited", retry_after=chaos["retry_after"])
            elif kind.startswith("500"):
                fault.update(status=500, error="internal_error", retry_after=None)
            elif kind.startswith("drop"):
                fault["kind"] = "drop"
            else:
                fault = {
                    "kind": "late",
                    "processed": True,
                    "delay": chaos["rng"].uniform(*chaos["late"]),
                }
            self.fault_log.append((method, kind))
        return fault

    def _handle_api(
        self, handler: _Handler, method: str, query: str, body: bytes, ctype: str
    ) -> None:
        method = method.strip("/")
        args = self._parse_args(query, body, ctype)
        auth = handler.headers.get("Authorization", "")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None

        with self._lock:
            if method == "oauth.v2.access":
                # Called with the app's client id and secret, not a token.
                auth_error: str | None = None
            elif not token:
                auth_error = "not_authed"
            elif token not in self.tokens:
                auth_error = "invalid_auth"
            else:
                auth_error = None
            arrived = time.monotonic()
            limited = None if auth_error else self._over_limit(method, token, args, arrived)
            if limited is not None:
                self.calls.append(
                    Call(method, copy.deepcopy(args), 429, token, error="ratelimited", at=arrived)
                )
            fault = None if auth_error or limited is not None else self._take_fault(method)
        if limited is not None:
            self._send(
                handler, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limited)}
            )
            return
        if fault is not None and fault["kind"] == "late":
            # Slack is busy: nothing happens (nothing shows in history) until it answers.
            self._stop_event.wait(fault["delay"])

        delay = 0.0
        headers: dict[str, str] = {}
        payload: dict[str, Any]
        with self._lock:
            if auth_error:
                status, payload = 200, {"ok": False, "error": auth_error}
            else:
                status, payload = 200, {"ok": False, "error": "not_processed"}
                if fault is None or fault["processed"]:
                    self._current_token = token
                    impl = getattr(self, "_api_" + method.replace(".", "_"), None)
                    if impl is None:
                        payload = {"ok": False, "error": "unknown_method", "req_method": method}
                    else:
                        try:
                            payload = {"ok": True, **impl(args)}
                        except _ApiError as exc:
                            payload = {"ok": False, "error": exc.error, **exc.extra}
                if fault is not None and fault["kind"] == "fail":
                    status = fault["status"]
                    payload = {"ok": False, "error": fault["error"]}
                    if fault["retry_after"] is not None:
                        headers["Retry-After"] = str(fault["retry_after"])
                elif fault is not None and fault["kind"] == "drop":
                    status, payload = 0, {"ok": False, "error": "connection_dropped"}
                elif fault is None and self._slow.get(method):
                    delay = self._slow[method].pop(0)
            ok = status == 200 and bool(payload.get("ok"))
            self.calls.append(
                Call(
                    method=method,
                    args=copy.deepcopy(args),
                    status=status,
                    token=token,
                    ok=ok,
                    error=None if ok else payload.get("error"),
                    at=arrived,
                )
            )
        if fault is not None and fault["kind"] == "drop":
            handler.close_connection = True  # closed without a byte of answer
            return
        self._send(handler, status, payload, headers, delay)

    def _handle_response_url(self, handler: _Handler, name: str, body: bytes, ctype: str) -> None:
        text = body.decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            form = self._parse_args("", body, ctype) if "form" in ctype.lower() else {}
            parsed = (
                form.get("payload") if isinstance(form.get("payload"), dict) else {"_raw": text}
            )
        with self._lock:
            self._responses.setdefault(name, []).append(parsed)
        self._send(handler, 200, {"ok": True})

    def _handle_upload(self, handler: _Handler, file_id: str, body: bytes, ctype: str) -> None:
        content = body
        if "multipart/form-data" in ctype.lower():
            fields = self._parse_multipart(body, ctype)
            blobs = [v for v in fields.values() if isinstance(v, bytes)]
            content = blobs[0] if blobs else b""
        with self._lock:
            pending = self._pending_uploads.get(file_id)
            if pending is None:
                status, answer = 404, "file_not_found"
            else:
                pending["content"] = content
                status, answer = 200, f"OK - {len(content)}"
        self._send(handler, status, answer)

    def _handle_file(self, handler: _Handler, file_id: str) -> None:
        with self._lock:
            found = [f for f in self._uploaded if f["id"] == file_id]
        if not found:
            self._send(handler, 404, {"ok": False, "error": "file_not_found"})
            return
        self._send(handler, 200, found[-1]["content"], content_type=_content_type(found[-1]))

    # ------------------------------------------------------------------ state helpers

    def _next_ts(self) -> str:
        now_us = int(self.clock() * 1_000_000)
        us = max(now_us, self._last_ts_us + 1)
        self._last_ts_us = us
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def _store_message(
        self,
        channel: str,
        *,
        text: Any,
        blocks: Any,
        metadata: Any,
        thread_ts: Any,
        user: str,
        ts: str | None = None,
    ) -> dict:
        msg = {
            "ts": ts or self._next_ts(),
            "channel": channel,
            "text": text if text is not None else "",
            "blocks": blocks,
            "metadata": metadata,
            "user": user,
            "thread_ts": thread_ts or None,
        }
        self._messages.setdefault(channel, []).append(msg)
        return msg

    @staticmethod
    def _project(msg: dict) -> dict:
        return copy.deepcopy({k: msg.get(k) for k in _MESSAGE_KEYS})

    def _find_message(self, channel: str, ts: str) -> dict | None:
        for m in self._messages.get(channel, []):
            if m["ts"] == ts:
                return m
        return None

    def _public_message(self, msg: dict, *, include_metadata: bool = True) -> dict:
        out: dict[str, Any] = {
            "type": "message",
            "user": msg["user"],
            "text": msg["text"],
            "ts": msg["ts"],
            "team": self.team_id,
        }
        if msg["user"] == self.bot_user_id:
            out["bot_id"] = self.bot_id
            out["app_id"] = APP_ID
        if msg.get("blocks") is not None:
            out["blocks"] = copy.deepcopy(msg["blocks"])
        if self._is_reply(msg):
            out["thread_ts"] = msg["thread_ts"]
        else:
            replies = self._replies(msg["channel"], msg["ts"])
            if replies:
                out["thread_ts"] = msg["ts"]
                out["reply_count"] = len(replies)
                out["latest_reply"] = replies[-1]["ts"]
        if msg.get("edited"):
            out["edited"] = copy.deepcopy(msg["edited"])
        if msg.get("files"):
            out["files"] = copy.deepcopy(msg["files"])
        if include_metadata and msg.get("metadata"):
            out["metadata"] = copy.deepcopy(msg["metadata"])
        return out

    @staticmethod
    def _is_reply(msg: dict) -> bool:
        return bool(msg.get("thread_ts")) and msg["thread_ts"] != msg["ts"]

    def _replies(self, channel: str, parent_ts: str) -> list[dict]:
        return sorted(
            (
                m
                for m in self._messages.get(channel, [])
                if m.get("thread_ts") == parent_ts and m["ts"] != parent_ts
            ),
            key=lambda m: Decimal(m["ts"]),
        )

    @staticmethod
    def _require(args: dict, key: str, error: str) -> Any:
        value = args.get(key)
        if value in (None, "", [], {}):
            raise _ApiError(error)
        return value

    # ------------------------------------------------------------------ API methods
    # Each returns the answer without "ok" (added as True) or raises _ApiError.

    def _api_api_test(self, args: dict) -> dict:
        return {"args": {k: v for k, v in args.items() if k != "token"}}

    def grant_install(
        self,
        code: str,
        team_id: str,
        installer: str,
        *,
        team_name: str = "",
        expires_in: int | None = None,
        enterprise: bool = False,
    ) -> str:
        """Let oauth.v2.access turn `code` into an install of `team_id` by `installer` (with a
        refresh token when `expires_in` is given; org-wide when `enterprise`). Returns the token
        it will hand out."""
        with self._lock:
            token = f"xoxb-{team_id}-{next(self._ids)}"
            self._codes[code] = {
                "team_id": team_id,
                "team_name": team_name or team_id,
                "installer": installer,
                "token": token,
                "expires_in": expires_in,
                "enterprise": enterprise,
            }
            return token

    def team_of_token(self, token: str | None) -> str | None:
        with self._lock:
            return self.token_teams.get(token or "")

    def _issue(self, grant: dict) -> dict:
        token = grant["token"]
        self.tokens.add(token)
        self.token_teams[token] = grant["team_id"]
        answer: dict = {"access_token": token, "token_type": "bot"}
        if grant["expires_in"] is not None:
            refresh = f"xoxe-1-{next(self._ids)}"
            self._refresh[refresh] = dict(grant)
            answer.update(refresh_token=refresh, expires_in=grant["expires_in"])
        return answer

    def _api_oauth_v2_access(self, args: dict) -> dict:
        if args.get("grant_type") == "refresh_token":
            grant = self._refresh.pop(str(args.get("refresh_token")), None)
            if grant is None:
                raise _ApiError("invalid_refresh_token")
            grant["token"] = f"xoxb-{grant['team_id']}-{next(self._ids)}"
            return self._issue(grant)
        grant = self._codes.pop(str(args.get("code")), None)
        if grant is None:
            raise _ApiError("invalid_code")
        team = {"id": grant["team_id"], "name": grant["team_name"]}
        return {
            **self._issue(grant),
            "scope": "commands,chat:write",
            "bot_user_id": self.bot_user_id,
            "app_id": APP_ID,
            "team": None if grant["enterprise"] else team,
            "enterprise": {"id": "E1", "name": "Grid"} if grant["enterprise"] else None,
            "is_enterprise_install": grant["enterprise"],
            "authed_user": {"id": grant["installer"]},
        }

    def _api_auth_test(self, args: dict) -> dict:
        return {
            "url": "https://fake-team.slack.com/",
            "team": "Fake Team",
            "user": self._users.get(self.bot_user_id, {}).get("name", "salesbot"),
            "team_id": self.token_teams.get(self._current_token or "", self.team_id),
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _api_auth_revoke(self, args: dict) -> dict:
        """The calling token stops working."""
        self.tokens.discard(self._current_token or "")
        return {"revoked": True}

    def _api_apps_uninstall(self, args: dict) -> dict:
        """The app leaves the token's workspace: every token of that workspace stops working."""
        if not args.get("client_id") or not args.get("client_secret"):
            raise _ApiError("invalid_client_id")
        team = self.token_teams.get(self._current_token or "")
        self.tokens -= {t for t, of in self.token_teams.items() if of == team}
        return {}

    def _check_dm(self, channel: str) -> None:
        """A DM (by user id or D + user id) to a deactivated or bot user is refused."""
        user = self._users.get(channel[1:] if channel[:1] == "D" else channel)
        if user is None:
            return
        if user["deleted"]:
            raise _ApiError("user_disabled")
        if user["is_bot"]:
            raise _ApiError("cannot_dm_bot")

    def _api_chat_postMessage(self, args: dict) -> dict:
        channel = self._require(args, "channel", "channel_not_found")
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise _ApiError("no_text")
        self._check_dm(str(channel))
        channel = _dm_channel(str(channel))
        msg = self._store_message(
            channel,
            text=args.get("text"),
            blocks=copy.deepcopy(args.get("blocks")),
            metadata=copy.deepcopy(args.get("metadata")),
            thread_ts=args.get("thread_ts"),
            user=self.bot_user_id,
        )
        return {"channel": channel, "ts": msg["ts"], "message": self._public_message(msg)}

    def _api_chat_update(self, args: dict) -> dict:
        channel = _dm_channel(str(self._require(args, "channel", "channel_not_found")))
        ts = str(self._require(args, "ts", "message_not_found"))
        msg = self._find_message(channel, ts)
        if msg is None:
            raise _ApiError("message_not_found")
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise _ApiError("no_text")
        if "text" in args:
            msg["text"] = args.get("text") or ""
        if "blocks" in args:
            msg["blocks"] = copy.deepcopy(args.get("blocks")) or None
        if args.get("metadata"):
            msg["metadata"] = copy.deepcopy(args["metadata"])
        msg["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": ts,
            "text": msg["text"],
            "message": self._public_message(msg),
        }

    def _api_chat_delete(self, args: dict) -> dict:
        channel = _dm_channel(str(self._require(args, "channel", "channel_not_found")))
        ts = str(self._require(args, "ts", "message_not_found"))
        msg = self._find_message(channel, ts)
        if msg is None:
            raise _ApiError("message_not_found")
        self._messages[channel].remove(msg)
        return {"channel": channel, "ts": ts}

    def _api_chat_postEphemeral(self, args: dict) -> dict:
        channel = str(self._require(args, "channel", "channel_not_found"))
        user = self._require(args, "user", "user_not_in_channel")
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise _ApiError("no_text")
        message_ts = self._next_ts()
        self._ephemerals.setdefault(channel, []).append(
            {
                "channel": channel,
                "user": user,
                "text": args.get("text") or "",
                "blocks": copy.deepcopy(args.get("blocks")),
                "thread_ts": args.get("thread_ts"),
                "message_ts": message_ts,
            }
        )
        return {"message_ts": message_ts}

    def _api_chat_getPermalink(self, args: dict) -> dict:
        channel = str(self._require(args, "channel", "channel_not_found"))
        ts = str(self._require(args, "message_ts", "message_not_found"))
        return {
            "channel": channel,
            "permalink": f"https://fake-team.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _api_conversations_history(self, args: dict) -> dict:
        channel = _dm_channel(str(self._require(args, "channel", "channel_not_found")))
        oldest, latest = _ts_key(args.get("oldest")), _ts_key(args.get("latest"))
        inclusive = _truthy(args.get("inclusive"))
        include_metadata = _truthy(args.get("include_all_metadata"))
        try:
            limit = int(args.get("limit") or 100)
        except (TypeError, ValueError):
            limit = 100
        limit = max(1, min(limit, 1000))
        try:
            offset = int(args.get("cursor") or 0)
        except (TypeError, ValueError):
            offset = 0

        def in_range(m: dict) -> bool:
            key = Decimal(m["ts"])
            if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
                return False
            return not (latest is not None and (key > latest or (key == latest and not inclusive)))

        candidates = [
            m for m in self._messages.get(channel, []) if not self._is_reply(m) and in_range(m)
        ]
        candidates.sort(key=lambda m: Decimal(m["ts"]), reverse=True)
        page = candidates[offset : offset + limit]
        has_more = offset + limit < len(candidates)
        return {
            "messages": [self._public_message(m, include_metadata=include_metadata) for m in page],
            "has_more": has_more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(offset + limit) if has_more else ""},
        }

    def _api_conversations_replies(self, args: dict) -> dict:
        channel = _dm_channel(str(self._require(args, "channel", "channel_not_found")))
        ts = str(self._require(args, "ts", "thread_not_found"))
        parent = self._find_message(channel, ts)
        if parent is None:
            raise _ApiError("thread_not_found")
        include_metadata = _truthy(args.get("include_all_metadata"))
        msgs = [parent, *self._replies(channel, ts)]
        return {
            "messages": [self._public_message(m, include_metadata=include_metadata) for m in msgs],
            "has_more": False,
            "response_metadata": {"next_cursor": ""},
        }

    def _api_conversations_open(self, args: dict) -> dict:
        users = args.get("users")
        if isinstance(users, str):
            users = [u.strip() for u in users.split(",") if u.strip()]
        if not users:
            if args.get("channel"):
                return {"channel": {"id": str(args["channel"])}}
            raise _ApiError("users_list_not_supplied")
        self._check_dm(str(users[0]))
        channel_id = "D" + str(users[0])
        return {"no_op": True, "already_open": True, "channel": {"id": channel_id}}

    def _api_conversations_info(self, args: dict) -> dict:
        channel = str(self._require(args, "channel", "channel_not_found"))
        info = self._channels.get(channel, {})
        is_im = channel.startswith("D")
        out: dict[str, Any] = {
            "id": channel,
            "name": info.get("name", channel.lower()),
            "is_channel": channel.startswith("C"),
            "is_group": channel.startswith("G"),
            "is_im": is_im,
            "is_private": info.get("is_private", channel.startswith("G")),
            "is_archived": False,
            "is_member": info.get("is_member", True),
            "context_team_id": self.team_id,
        }
        if is_im:
            out["user"] = channel[1:]
        return {"channel": out}

    def _make_view(
        self,
        view: Any,
        *,
        view_id: str | None = None,
        previous: str | None = None,
        root: str | None = None,
    ) -> dict:
        if not isinstance(view, dict):
            raise _ApiError("invalid_arguments")
        view_id = view_id or self._next_id("V")
        stored = copy.deepcopy(view)
        stored.update(
            {
                "id": view_id,
                "team_id": self.team_id,
                "app_id": APP_ID,
                "bot_id": self.bot_id,
                "hash": f"{int(time.time())}.{next(self._ids):08d}",
                "root_view_id": root or view_id,
                "previous_view_id": previous,
                "state": {"values": {}},
            }
        )
        stored.setdefault("private_metadata", "")
        stored.setdefault("callback_id", "")
        stored.setdefault("external_id", "")
        self._views[view_id] = stored
        return stored

    def _api_views_open(self, args: dict) -> dict:
        if not args.get("trigger_id") and not args.get("interactivity_pointer"):
            raise _ApiError(
                "invalid_arguments",
                response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]},
            )
        view = self._make_view(args.get("view"))
        self._opened_views.append({"id": view["id"]})
        user = self._triggers.get(str(args.get("trigger_id")))
        if user:
            self._modals[user] = [view["id"]]
            self._modal_errors.pop(user, None)
        return {"view": copy.deepcopy(view)}

    def _api_views_push(self, args: dict) -> dict:
        if not args.get("trigger_id") and not args.get("interactivity_pointer"):
            raise _ApiError(
                "invalid_arguments",
                response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]},
            )
        user = self._triggers.get(str(args.get("trigger_id")))
        stack = self._modals.get(user) if user else None
        previous = self._opened_views[-1]["id"] if self._opened_views else None
        previous = stack[-1] if stack else previous
        root = self._views[previous]["root_view_id"] if previous else None
        view = self._make_view(args.get("view"), previous=previous, root=root)
        self._opened_views.append({"id": view["id"]})
        if user:
            self._modals.setdefault(user, []).append(view["id"])
            self._modal_errors.pop(user, None)
        return {"view": copy.deepcopy(view)}

    def _api_views_update(self, args: dict) -> dict:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            for v in self._views.values():
                if v.get("external_id") == args["external_id"]:
                    view_id = v["id"]
                    break
        if not view_id:
            raise _ApiError("invalid_arguments")
        old = self._views.get(str(view_id))
        if old is None:
            raise _ApiError("not_found")
        if args.get("hash") and args["hash"] != old["hash"]:
            raise _ApiError("hash_conflict")
        view = self._make_view(
            args.get("view"),
            view_id=old["id"],
            previous=old["previous_view_id"],
            root=old["root_view_id"],
        )
        return {"view": copy.deepcopy(view)}

    def _api_views_publish(self, args: dict) -> dict:
        user_id = str(self._require(args, "user_id", "invalid_arguments"))
        if user_id not in self._users:
            raise _ApiError("user_not_found")
        old = self._home_views.get(user_id)
        view = self._make_view(args.get("view"), view_id=old["id"] if old else None)
        self._home_views[user_id] = view
        return {"view": copy.deepcopy(view)}

    def _api_users_info(self, args: dict) -> dict:
        user_id = args.get("user")
        user = self._users.get(str(user_id)) if user_id else None
        if user is None:
            raise _ApiError("user_not_found")
        out = copy.deepcopy(user)
        if not _truthy(args.get("include_locale")):
            out.pop("locale", None)
        return {"user": out}

    def _api_files_getUploadURLExternal(self, args: dict) -> dict:
        filename = self._require(args, "filename", "invalid_arguments")
        length = args.get("length")
        try:
            length_int = int(length) if length not in (None, "") else None
        except (TypeError, ValueError):
            raise _ApiError("invalid_arguments") from None
        if length_int is None:
            raise _ApiError("invalid_arguments")
        file_id = self._next_id("F")
        self._pending_uploads[file_id] = {
            "id": file_id,
            "filename": str(filename),
            "length": length_int,
            "alt_txt": args.get("alt_txt"),
            "content": None,
        }
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _api_files_completeUploadExternal(self, args: dict) -> dict:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            raise _ApiError("invalid_arguments")
        channel_id = args.get("channel_id")
        channels = args.get("channels")
        if isinstance(channels, str):
            channels = [c for c in channels.split(",") if c]
        targets = [channel_id] if channel_id else list(channels or [])
        pending = []
        for f in files:
            fid = f.get("id") if isinstance(f, dict) else None
            p = self._pending_uploads.get(str(fid))
            if p is None or p["content"] is None:
                raise _ApiError("file_not_found")
            pending.append((f, p))
        answer = []
        for f, p in pending:
            del self._pending_uploads[p["id"]]
            title = f.get("title") or p["filename"]
            record = {
                "id": p["id"],
                "filename": p["filename"],
                "title": title,
                "channel_id": channel_id,
                "channels": targets,
                "initial_comment": args.get("initial_comment"),
                "thread_ts": args.get("thread_ts"),
                "alt_txt": p["alt_txt"],
                "content": p["content"],
            }
            self._uploaded.append(record)
            for target in targets:
                # As on Slack: sharing a file posts a message carrying it (in the thread if any).
                share = self._store_message(
                    _dm_channel(str(target)),
                    text=args.get("initial_comment") or "",
                    blocks=None,
                    metadata=None,
                    thread_ts=args.get("thread_ts"),
                    user=self.bot_user_id,
                )
                share["files"] = [{"id": p["id"], "name": p["filename"], "title": title}]
            answer.append(
                {
                    "id": p["id"],
                    "created": int(time.time()),
                    "name": p["filename"],
                    "title": title,
                    "size": len(p["content"]),
                    "user": self.bot_user_id,
                    "permalink": f"https://fake-team.slack.com/files/{self.bot_user_id}/{p['id']}",
                    "channels": [c for c in targets if c and c[0] == "C"],
                    "groups": [c for c in targets if c and c[0] == "G"],
                    "ims": [c for c in targets if c and c[0] == "D"],
                }
            )
        return {"files": answer}
