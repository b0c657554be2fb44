"""Delivers the outbox: each queued Slack message goes out exactly once.

A message is written to the database in the same transaction as what caused it (a win, a
congratulation). This module claims due messages (a conditional UPDATE, so two processes
never send the same one), sends them, and records the result. Slack failures are retried
later: a 429 after its Retry-After, a 5xx or timeout with back-off; an error no retry heals
(the person is deactivated, the channel archived, the blocks invalid) ends the message at
once as `failed`. A 5xx or a timeout may hide a message that did reach the channel, perhaps
only later: such a message waits a few client timeouts for a late post to land, and the
channel history is searched for it before and right before it is posted again (each post
carries its outbox key in message metadata).

Pacing: the deliverer keeps to Slack's rate limits (`RATE_LIMITS`, per workspace per method;
chat.postMessage also per channel) with token buckets shared by its threads (`Pacer`). A
message is claimed only when its workspace and channel have budget; when none has, the pass
waits for the first budget (or ends, if that is far off). A 429 holds that workspace's method
for Retry-After; other workspaces keep flowing. The buckets live in one process: replicas each
keep their own, so several replicas may together meet a 429, which is honoured the same way.

Leases: messages are claimed one at a time, each for `OutboxDeliverer.lease` (the time a call
may take plus the time Slack may still post after it), extended right before each Slack call
that would outlast it. A sender killed mid-send strands only the message it was sending, and
only until that lease ends.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlmodel import Session

from bot.background import GivesWay
from bot.config import Settings
from bot.jobs.people import GONE_USER_ERRORS, language_of_user
from storage import outbox as outbox_store
from storage import users as user_store
from storage.db import SessionFactory
from storage.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "salesbot_outbox"
MAX_BACKOFF = timedelta(minutes=15)
# A re-render or a file waits this long for the message it belongs to to be posted.
WAIT_FOR_PARENT = timedelta(seconds=5)
# ... unless another deliverer is sending that message right now (messages are claimed one at a
# time, so two replicas may hold a message and the one it follows at once): handed back untried
# and tried again within the pass, like a message waiting for Slack budget.
PARENT_IN_FLIGHT_WAIT = 0.5
UPDATE_KIND = "update"  # payload {"target_key"}: re-render that posted message in place
MESSAGE_KIND = "message"  # rendered when queued (a DM whose content is fixed), sent as is
# After an answer that may hide a post (a timeout, a dropped connection, a 5xx), Slack may
# still be posting it: the next try, which first looks in the channel's history, waits this
# many client timeouts. Looking at once found nothing and posted a second copy whenever
# Slack answered more than 5 s after the timeout.
LATE_POST_TIMEOUTS = 5
# A history look-up older than this (Slack was slow to answer users.info, say) is repeated
# right before posting: the late post may have landed meanwhile.
RECHECK_AFTER_SECONDS = 1.0

# Slack's answers that no retry heals: the person or conversation is gone or closed to the
# bot, or the message itself is malformed. The message ends at once as `failed`.
PERMANENT_ERRORS = GONE_USER_ERRORS | frozenset(
    {
        # the conversation
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_not_visible",
        "messages_tab_disabled",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "restricted_action_thread_locked",
        "team_access_not_granted",
        "thread_not_found",
        # what is updated in place
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        # the message itself
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "invalid_arguments",
        "invalid_arg_name",
        "invalid_array_arg",
        "invalid_charset",
        "invalid_form_data",
        "invalid_post_type",
        "missing_post_type",
    }
)
# Deliberately not permanent: the app's own credentials. They refuse every message alike and
# heal when an admin fixes the token or the app's scopes; failing the whole queue would lose
# it. These messages wait, with the longest back-off.
AUTH_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
        "not_allowed_token_type",
        "access_denied",
        "accesslimited",
        "org_login_required",
        "two_factor_setup_required",
        "team_added_to_org",
        "enterprise_is_restricted",
        "ekm_access_denied",
    }
)
# ok=false answers after which the message may have been posted all the same.
MAYBE_POSTED_ERRORS = frozenset({"fatal_error", "internal_error", "request_timeout"})
RATE_LIMIT_ERRORS = frozenset({"ratelimited", "rate_limited"})

# Slack's rate limits: calls a minute per workspace per Web API method (Tier 2: 20, Tier 3: 50,
# Tier 4: 100). chat.postMessage is special: about 1 a second per channel with short bursts,
# and a workspace-wide limit Slack does not publish ("several hundred a minute"); we keep to
# POST_MESSAGE_PER_MINUTE. Overridable per deliverer (`Pacer(limits=..., scale=...)`).
TIER_2, TIER_3, TIER_4 = 20.0, 50.0, 100.0
POST_MESSAGE_PER_MINUTE = 300.0
RATE_LIMITS: dict[str, float] = {
    "chat.postMessage": POST_MESSAGE_PER_MINUTE,
    "chat.update": TIER_3,
    "conversations.open": TIER_3,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "users.info": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
}
POST_METHOD = "chat.postMessage"
SLACK_HOSTS = frozenset({"slack.com", "www.slack.com"})
PER_CHANNEL_PER_SECOND = 1.0  # chat.postMessage to one channel
CHANNEL_BURST = 3  # posts one channel may take at once before the pace applies
BURST_SECONDS = 5.0  # this many seconds of a method's budget may go at once
# A wait for budget this short is slept before the call; a longer one lets another
# workspace's message go first.
INLINE_WAIT = 0.05
# A pass waits at most this long for budget; beyond it the pass ends (the worker comes back).
MAX_PASS_WAIT = 1.5
# How often a delivery pass asks whether the database's statistics of the outbox are stale.
STATISTICS_LOOK = 1.0
# Slack may answer "Retry-After: 1" to a burst on one channel; that short a wait is taken
# inside the client (slack_sdk's RateLimitErrorRetryHandler, once). A longer one would hold
# every workspace's messages: it comes back to the outbox, which holds only that workspace's
# method.
INLINE_RETRY_AFTER = 1
# The lease of a claim outlasts a call by this much (the database round trips around it).
LEASE_MARGIN = timedelta(seconds=10)


class _Bucket:
    """A token bucket: `rate` tokens a second, at most `capacity` saved up."""

    __slots__ = ("rate", "capacity", "tokens", "at")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate, self.capacity, self.tokens, self.at = rate, capacity, capacity, now

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0: now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class Pacer:
    """Slack's rate limits as token buckets, per (team, method) and for chat.postMessage per
    (team, channel), plus the holds of Retry-After answers; thread-safe.

    `limits` are calls a minute per method (methods not listed are not paced); `scale`
    multiplies every rate (a benchmark's faster stand-in)."""

    def __init__(
        self,
        limits: dict[str, float] | None = None,
        *,
        per_channel_per_second: float = PER_CHANNEL_PER_SECOND,
        channel_burst: int = CHANNEL_BURST,
        burst_seconds: float = BURST_SECONDS,
        scale: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {
            m: n * scale / 60 for m, n in (RATE_LIMITS if limits is None else limits).items()
        }
        self.per_channel = per_channel_per_second * scale
        self.channel_burst = channel_burst
        self.burst_seconds = burst_seconds
        self.clock = clock
        self._methods: dict[tuple[str, str], _Bucket] = {}
        self._channels: dict[tuple[str, str], _Bucket] = {}
        self._held: dict[tuple[str, str], float] = {}  # (team, method) -> monotonic end
        self._lock = threading.Lock()

    @classmethod
    def for_api(cls, base_url: str) -> Pacer:
        """Slack's limits for Slack itself; none for a stand-in (the tests' and the demo's keeps
        no limits unless told to: pass the deliverer a Pacer to pace one). Retry-After holds
        apply either way."""
        if urlsplit(base_url).hostname in SLACK_HOSTS:
            return cls()
        return cls({}, per_channel_per_second=0)

    def _wait(self, team: str, method: str, channel: str | None, now: float) -> float:
        waits = [self._held.get((team, method), now) - now]
        rate = self.limits.get(method)
        if rate:
            bucket = self._methods.get((team, method))
            if bucket is None:
                capacity = max(1.0, rate * self.burst_seconds)
                bucket = self._methods[(team, method)] = _Bucket(rate, capacity, now)
            waits.append(bucket.wait(now))
        if channel and method == POST_METHOD and self.per_channel:
            bucket = self._channels.get((team, channel))
            if bucket is None:
                bucket = _Bucket(self.per_channel, self.channel_burst, now)
                self._channels[(team, channel)] = bucket
            waits.append(bucket.wait(now))
        return max(0.0, *waits)

    def take(self, team: str, method: str, channel: str | None = None) -> float:
        """Spend a call of `method` (to `channel`) for `team` if it has budget now and return
        0; otherwise spend nothing and return the seconds until it has."""
        with self._lock:
            now = self.clock()
            wait = self._wait(team, method, channel, now)
            if wait == 0:
                for bucket in (
                    self._methods.get((team, method)),
                    self._channels.get((team, channel or "")) if method == POST_METHOD else None,
                ):
                    if bucket is not None:
                        bucket.tokens -= 1
            return wait

    def hold(self, team: str, method: str, seconds: float) -> None:
        """Slack answered 429 with Retry-After `seconds`: no call of `method` for `team` till then."""
        with self._lock:
            until = self.clock() + seconds
            self._held[(team, method)] = max(until, self._held.get((team, method), 0.0))

    def blocked(
        self, longer_than: float = INLINE_WAIT
    ) -> tuple[set[str], set[tuple[str, str]], float]:
        """The teams whose posts, and the (team, channel) pairs whose posts, must wait more than
        `longer_than` s; and the seconds until the first of them may go (0 if none waits)."""
        with self._lock:
            now = self.clock()
            teams: set[str] = set()
            channels: set[tuple[str, str]] = set()
            waits: list[float] = []
            for (team, method), until in list(self._held.items()):
                if until <= now:
                    del self._held[(team, method)]
            for team in {t for t, _ in self._methods} | {t for t, _ in self._held}:
                wait = self._wait(team, POST_METHOD, None, now)
                if wait > longer_than:
                    teams.add(team)
                    waits.append(wait)
            for key, bucket in list(self._channels.items()):
                wait = bucket.wait(now)
                if wait > longer_than:
                    channels.add(key)
                    waits.append(wait)
                elif bucket.tokens >= bucket.capacity:
                    del self._channels[key]  # full again: forget it (a fan-out meets thousands)
            return teams, channels, min(waits, default=0.0)


class DeliveryRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 retry, inside the client, only for a Retry-After of at most
    INLINE_RETRY_AFTER s (it sleeps in the sending thread); a longer one is the outbox's."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        value = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        if isinstance(value, list):
            value = value[0] if value else None
        try:
            return int(value) <= INLINE_RETRY_AFTER  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False


@dataclass(frozen=True)
class Outgoing:
    """A message to post: `channel` may be a user id (the app's DM with them)."""

    channel: str
    text: str
    blocks: list[dict]


class Skip(Exception):
    """The message is no longer worth sending (meeting cancelled, story already on the agenda)."""


# What a message of a kind says now, read from the database; raises Skip when it is pointless.
Renderer = Callable[[OutboxMessage, Session, Settings], Outgoing]


@dataclass(frozen=True)
class Upload:
    """A file to upload; `alt_text` describes an image to whoever cannot see it (Slack's
    alt_txt, read out by screen readers)."""

    content: bytes
    filename: str
    title: str
    alt_text: str | None = None


# The file a message of a kind uploads.
Attachment = Callable[[OutboxMessage, Session, Settings], Upload]


@dataclass(frozen=True)
class MessageKind:
    """How the outbox sends one kind of message; each feature hands the outbox its kinds.

    Exactly one of: `render` (post the message), `attachment` (upload a file into the thread
    of the message queued under the payload's `after_key`), `updates` (re-render in place,
    chat.update, the message posted under the key it returns).
    """

    name: str
    render: Renderer | None = None
    attachment: Attachment | None = None
    updates: Callable[[OutboxMessage], str] | None = None
    # Not sent when the recipient's Slack status (text, emoji) says they are away.
    unless_away: Callable[[str | None, str | None], bool] | None = None


def _render_fixed(message: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    payload = json.loads(message.payload or "{}")
    return Outgoing(payload["channel"], payload["text"], payload["blocks"])


def _update_target(message: OutboxMessage) -> str:
    return str(json.loads(message.payload or "{}").get("target_key") or "")


# The outbox's own kinds, which every feature may queue.
BUILT_IN_KINDS = (
    MessageKind(MESSAGE_KIND, render=_render_fixed),
    MessageKind(UPDATE_KIND, updates=_update_target),
)


def kinds_by_name(*groups: tuple[MessageKind, ...]) -> dict[str, MessageKind]:
    """The outbox's kinds and the features' `groups`, by name; a name given twice is an error."""
    out: dict[str, MessageKind] = {}
    for kind in (k for group in (BUILT_IN_KINDS, *groups) for k in group):
        if kind.name in out:
            raise ValueError(f"outbox message kind {kind.name!r} is registered twice")
        out[kind.name] = kind
    return out


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, ... up to 15 minutes."""
    # The exponent is capped first: 2 ** attempts after a day of failures overflows timedelta.
    return min(timedelta(seconds=5 * 2 ** min(max(attempts - 1, 0), 12)), MAX_BACKOFF)


class _Retry(Exception):
    def __init__(self, after: timedelta, error: str, maybe_sent: bool) -> None:
        super().__init__(error)
        self.after, self.error, self.maybe_sent = after, error, maybe_sent


class _Deferred(Exception):
    """No Slack budget for this message's next call for `seconds`: handed back untried."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limit budget in {seconds:.2f} s")
        self.seconds = seconds


class _LostLease(Exception):
    """The claim ran out and another process took the message over: leave it to that one."""


class _Failed(Exception):
    """Slack refused the message for good; `error` is Slack's reason (e.g. user_disabled)."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _retry_after(exc: SlackApiError) -> timedelta:
    value = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
    if isinstance(value, list):
        value = value[0]
    try:
        return timedelta(seconds=max(1, int(value)))
    except (TypeError, ValueError):
        return timedelta(seconds=30)


def _classify(exc: Exception, attempts: int, late_post_wait: timedelta) -> _Retry | _Failed:
    """What a failed Slack call means for the message: try again (when, and whether the
    post may be out already) or give up."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if status == 429 or error in RATE_LIMIT_ERRORS:
            return _Retry(_retry_after(exc), "rate limited (429)", maybe_sent=False)
        if status >= 500:
            # A gateway's 5xx may hide a request Slack is still working on, like a timeout.
            return _Retry(
                max(backoff(attempts), late_post_wait),
                f"Slack server error {status}",
                maybe_sent=True,
            )
        if error in PERMANENT_ERRORS:
            return _Failed(error)
        if error in AUTH_ERRORS:
            return _Retry(MAX_BACKOFF, f"Slack refused the app: {error}", maybe_sent=False)
        if error in MAYBE_POSTED_ERRORS:
            return _Retry(
                max(backoff(attempts), late_post_wait), f"Slack failed: {error}", maybe_sent=True
            )
        # Another refusal (nothing was posted): perhaps passing; retry slowly.
        return _Retry(
            max(backoff(attempts), timedelta(minutes=1)),
            f"Slack refused: {error}",
            maybe_sent=False,
        )
    # Timeouts and dropped connections: the request may have reached Slack, and its post may
    # land only later.
    return _Retry(
        max(backoff(attempts), late_post_wait), f"{type(exc).__name__}: {exc}", maybe_sent=True
    )


class OutboxDeliverer:
    """Sends due outbox messages; safe to run in several threads or processes at once."""

    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        client: WebClient,
        settings: Settings,
        kinds: dict[str, MessageKind],
        clock: Callable[[], datetime] = utcnow,
        settings_for: Callable[[str], Settings] | None = None,
        client_for: Callable[[str], WebClient] | None = None,
        stopped: Callable[[str], bool] | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.default_client = client
        self.pacer = pacer or Pacer.for_api(client.base_url)
        # A claim covers a call that may take the client's timeout and a post Slack may still
        # make LATE_POST_TIMEOUTS timeouts after it; a dead sender's message waits that long.
        self.lease = (
            timedelta(seconds=(LATE_POST_TIMEOUTS + 1) * (client.timeout or 30)) + LEASE_MARGIN
        )
        # Each workspace's own client (its bot token) when the bot serves many; its failure
        # (no installation any more) ends the message as skipped.
        self.client_for = client_for
        # A workspace that uninstalled the bot gets nothing more.
        self.stopped = stopped or (lambda _team_id: False)
        self._local = threading.local()
        self.settings = settings
        # A message renders in its workspace's settings (language, zone, channels).
        self.settings_for = settings_for or (lambda _team_id: settings)
        self.kinds = kinds
        self.clock = clock
        # (team, user id) -> their DM's id (stable; shared by threads)
        self._dm_ids: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self.in_flight = 0  # messages being sent right now, by any thread
        self._statistics_looked = -STATISTICS_LOOK

    @property
    def client(self) -> WebClient:
        """The client of the message being sent by this thread (its workspace's token)."""
        return getattr(self._local, "client", None) or self.default_client

    def deliver_due(
        self,
        *,
        now: datetime | None = None,
        limit: int | None = None,
        pause: Callable[[], None] | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Send the messages due (as of `now`, default the clock); returns how many went out.

        A pass tries each message at most once and a failed one waits for its back-off on
        the real clock (`self.clock`), also under `tick --at`: a message Slack keeps refusing
        cannot crowd out the others. Messages are claimed one at a time, the oldest whose
        workspace and channel have Slack budget; when none has, the pass waits for budget up
        to MAX_PASS_WAIT s. `limit` caps the tries of a pass; `pause` runs before each
        message (the worker uses it to give way to acks). Once `stop` is set no further
        message is started: the one being sent finishes.
        """
        sent = tried = 0
        self._fresh_statistics()
        tried_ids: set[int] = set()  # tried in this pass: not again in it
        waiting: dict[int, float] = {}  # handed back for want of budget -> monotonic end
        while limit is None or tried < limit:
            if pause is not None:
                pause()
            with self._lock:  # with OutboxWorker.stop: counted in flight, or not started
                if stop is not None and stop.is_set():
                    return sent
                self.in_flight += 1
            try:
                mono = time.monotonic()
                for key in [k for k, end in waiting.items() if end <= mono]:
                    del waiting[key]
                teams, channels, ready_in = self.pacer.blocked()
                real_now = self.clock()
                claimed = outbox_store.claim_due(
                    self.session_factory,
                    now=now or real_now,
                    limit=1,
                    real_now=real_now,
                    lease=self.lease,
                    skip_teams=teams,
                    skip_channels=channels,
                    skip_ids=tried_ids | set(waiting),
                )
                if claimed:
                    [message] = claimed
                    assert message.id is not None
                    self._local.deferred = None
                    went = self._deliver(message, now or self.clock())
                    sent += went
                    if self._local.deferred is None:
                        tried += 1
                        if not went:  # retried later (or ended): not again in this pass
                            tried_ids.add(message.id)
                    else:
                        waiting[message.id] = time.monotonic() + self._local.deferred
            finally:
                with self._lock:
                    self.in_flight -= 1
            if claimed:
                self._fresh_statistics()
                continue
            # Nothing claimable: done, unless what is due waits for Slack budget soon.
            waits = [ready_in] if teams or channels else []
            waits += [end - mono for end in waiting.values()]
            wait = min(waits, default=0.0)
            if not waits or wait > MAX_PASS_WAIT or not self._any_due(now, tried_ids):
                break
            if stop is not None:
                stop.wait(wait)
            else:
                time.sleep(wait)
        return sent

    def _fresh_statistics(self) -> None:
        """Every STATISTICS_LOOK seconds: the database's view of the outbox kept fresh."""
        mono = time.monotonic()
        if mono < self._statistics_looked + STATISTICS_LOOK:
            return
        self._statistics_looked = mono
        try:
            if outbox_store.keep_statistics_fresh(self.session_factory):
                log.info("outbox: the database's statistics of the outbox were refreshed")
        except Exception as error:  # noqa: BLE001 - a courtesy to the planner, never a failure
            log.warning("outbox: could not refresh the outbox's statistics: %s", error)

    def _any_due(self, now: datetime | None, tried: set[int]) -> bool:
        real_now = self.clock()
        with self.session_factory() as session:
            return outbox_store.any_due(
                session=session, now=now or real_now, real_now=real_now, skip_ids=tried
            )

    def _deliver(self, message: OutboxMessage, now: datetime) -> int:
        assert message.id is not None
        self._local.message = message
        try:
            stale_at = json.loads(message.payload or "{}").get("stale_at")
            if stale_at and now >= datetime.fromisoformat(stale_at):
                # Held up by Slack until it no longer makes sense (an agenda call after the cut-off).
                raise Skip(f"stale since {stale_at}")
            if self.stopped(message.team_id):
                raise Skip("the workspace uninstalled the bot (or revoked its tokens)")
            self._use_team(message.team_id)
            if _is_user(message.channel) and self._inactive(message.team_id, message.channel):
                raise Skip("the recipient is deleted, deactivated or a bot")
            kind = self.kinds.get(message.kind)
            if kind is None:
                # No release of this bot knows it (a row from a newer version, or a typo):
                # retrying cannot help.
                self._fail(message, f"unknown_kind:{message.kind}"[:200])
                return 0
            if kind.updates is not None:
                ts = self._update(message, kind.updates(message))
            elif kind.attachment is not None:
                ts = self._upload(message, kind.attachment)
            else:
                ts = self._post(message, kind)
        except _Retry as retry:
            self._reschedule(message, retry)
            return 0
        except _Deferred as deferred:
            self._hand_back(message, deferred.seconds)
            return 0
        except _LostLease:
            log.warning("outbox %s: its claim ran out; another process has it", message.key)
            return 0
        except Skip as skip:
            log.info("outbox %s (%s) not sent: %s", message.key, message.kind, skip)
            with self.session_factory.write() as session:
                outbox_store.mark_skipped(
                    session=session, message_id=message.id, reason=str(skip), now=self.clock()
                )
            return 0
        except (SlackApiError, OSError, TimeoutError) as exc:
            if isinstance(exc, SlackApiError) and exc.response.status_code == 429:
                # This workspace's method waits out Retry-After; the others go on.
                method = str(exc.response.api_url or "").rstrip("/").rsplit("/", 1)[-1]
                seconds = _retry_after(exc).total_seconds()
                self.pacer.hold(message.team_id, method, seconds)
            outcome = _classify(exc, message.attempts, self._late_post_wait())
            if isinstance(outcome, _Failed):
                self._fail(message, outcome.error)
            else:
                self._reschedule(message, outcome)
            return 0
        except Exception as exc:  # a bug or a database hiccup must not stall the whole queue
            log.exception("outbox %s (%s) failed", message.key, message.kind)
            self._reschedule(
                message,
                _Retry(
                    max(backoff(message.attempts), timedelta(minutes=1)),
                    f"{type(exc).__name__}: {exc}",
                    maybe_sent=False,
                ),
            )
            return 0
        now = self.clock()
        with self.session_factory.write() as session:
            outbox_store.mark_sent(session=session, message_id=message.id, ts=ts, now=now)
            if kind.updates is not None and message.win_id is not None:
                # This re-render showed the current state: older pending ones are pointless.
                outbox_store.supersede_updates(
                    session=session,
                    kind=message.kind,
                    win_id=message.win_id,
                    up_to_id=message.id,
                    now=now,
                )
        return 1

    def _hand_back(self, message: OutboxMessage, seconds: float) -> None:
        """No Slack budget for it now: back in the queue untried, tried again once there is."""
        assert message.id is not None and message.lease_until is not None
        self._local.deferred = seconds
        with self.session_factory.write() as session:
            outbox_store.release(
                session=session, message_id=message.id, held_until=message.lease_until
            )

    def _paced(
        self, method: str, *, channel: str | None = None, also: tuple[str, ...] = ()
    ) -> None:
        """Right before a Slack call of the message being sent: wait for `method`'s budget (and
        `also`'s, for a call that makes several), briefly, or hand the message back; then make
        sure its claim outlasts the call."""
        team = getattr(self._local, "team_id", "")
        for name in (method, *also):
            while wait := self.pacer.take(team, name, channel if name == method else None):
                if wait > INLINE_WAIT:
                    raise _Deferred(wait)
                time.sleep(wait)
        self._hold_lease()

    def _hold_lease(self) -> None:
        """A claim must outlast the call about to be made and a post Slack may make late after
        it: extended when it would not (the message took long), given up when lost."""
        message: OutboxMessage | None = getattr(self._local, "message", None)
        if message is None or message.id is None or message.lease_until is None:
            return
        now = self.clock()
        if message.lease_until - now >= self.lease - LEASE_MARGIN:
            return
        until = now + self.lease
        with self.session_factory.write() as session:
            held = outbox_store.extend_lease(
                session=session,
                message_id=message.id,
                held_until=message.lease_until,
                until=until,
            )
        if not held:
            raise _LostLease(message.key)
        message.lease_until = until

    def _use_team(self, team_id: str) -> None:
        """This thread sends for `team_id` now: with its client, if each team has its own."""
        self._local.team_id = team_id
        if self.client_for is None:
            return
        self._local.client = None
        try:
            self._local.client = self.client_for(team_id)
        except LookupError:
            raise Skip("the workspace has no installation of the bot") from None

    def _late_post_wait(self) -> timedelta:
        return timedelta(seconds=LATE_POST_TIMEOUTS * (self.client.timeout or 30))

    def _inactive(self, team_id: str, user_id: str) -> bool:
        with self.session_factory() as session:
            return user_store.is_inactive(session=session, team_id=team_id, user_id=user_id)

    def _fail(self, message: OutboxMessage, error: str) -> None:
        """End a message Slack refuses for good: one log line, never tried again."""
        assert message.id is not None
        log.warning(
            "outbox %s (%s) to %s failed for good: %s; not retried",
            message.key,
            message.kind,
            message.channel,
            error,
        )
        now = self.clock()
        with self.session_factory.write() as session:
            outbox_store.mark_failed(session=session, message_id=message.id, reason=error, now=now)
            if error in GONE_USER_ERRORS and _is_user(message.channel):
                # Nothing more is scheduled for them (until their profile says otherwise).
                user_store.mark_inactive(
                    session=session, team_id=message.team_id, user_id=message.channel, now=now
                )

    def _reschedule(self, message: OutboxMessage, retry: _Retry) -> None:
        assert message.id is not None
        at = self.clock() + retry.after
        log.warning(
            "outbox %s (%s): %s; retrying at %s",
            message.key,
            message.kind,
            retry.error,
            at.isoformat(),
        )
        with self.session_factory.write() as session:
            outbox_store.reschedule(
                session=session,
                message_id=message.id,
                at=at,
                error=retry.error,
                maybe_sent=retry.maybe_sent,
            )

    def _already_posted(self, message: OutboxMessage, channel: str | None = None) -> str | None:
        """After a try that may have posted: the ts of that post, if the channel shows it."""
        if not message.maybe_sent:
            return None
        found = self._find_posted(message, channel=channel)
        if found:
            log.info("outbox %s was already posted (ts %s); not posting again", message.key, found)
        return found

    def _post_once(
        self, message: OutboxMessage, *, channel: str, text: str, blocks, checked_at: float
    ) -> str:
        """Post, unless an earlier try's post has landed since the look-up at `checked_at`
        (`time.monotonic()`): then it is looked up again right before posting."""
        if time.monotonic() - checked_at > RECHECK_AFTER_SECONDS:
            found = self._already_posted(message, channel)
            if found:
                return found
        self._paced(POST_METHOD, channel=channel)
        response = self.client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {"outbox_key": message.key},
            },
        )
        return response["ts"]

    def _update(self, message: OutboxMessage, target_key: str) -> str:
        """Re-render the message posted under `target_key` in place (chat.update)."""
        with self.session_factory() as session:
            target = outbox_store.find_by_key(
                session=session, team_id=message.team_id, key=target_key
            )
            if target is None:
                raise Skip(f"nothing posted under {target_key}")
            if target.status in ("skipped", "failed"):
                raise Skip(f"the message was not posted ({target.status})")
            if target.status != "sent" or not target.message_ts:
                raise _Retry(WAIT_FOR_PARENT, "message not posted yet", maybe_sent=False)
            kind = self.kinds.get(target.kind)
            if kind is None or kind.render is None or kind.name == MESSAGE_KIND:
                raise Skip(f"a {target.kind} message is not updated in place")
            out = kind.render(target, session, self.settings_for(target.team_id))
        # chat.update is idempotent: repeating it after a timeout does no harm.
        self._paced("chat.update")
        self.client.chat_update(
            channel=self._conversation(out.channel),
            ts=target.message_ts,
            text=out.text,
            blocks=out.blocks,
        )
        return target.message_ts

    def _post(self, message: OutboxMessage, kind: MessageKind) -> str:
        assert kind.render is not None
        # A message of a series (the month's recap, then the quarter's) waits for the one it
        # `follows` to be settled: the order holds with several deliverers too.
        follows = json.loads(message.payload or "{}").get("follows")
        if follows:
            with self.session_factory() as session:
                before = outbox_store.find_by_key(
                    session=session, team_id=message.team_id, key=follows
                )
            if before is not None and before.status == "sending":
                raise _Deferred(PARENT_IN_FLIGHT_WAIT)  # another deliverer is sending it now
            if before is not None and before.status == "pending":
                raise _Retry(
                    max(WAIT_FOR_PARENT, backoff(message.attempts)),
                    f"waits for {follows}",
                    maybe_sent=False,
                )
        found = self._already_posted(message)
        if found:
            return found
        checked_at = time.monotonic()
        if kind.unless_away is not None and self._away_in_slack(message.channel, kind.unless_away):
            raise Skip("the recipient's Slack status says they are away")
        with self.session_factory() as session:
            out = kind.render(message, session, self.settings_for(message.team_id))
        if out.channel != message.channel:
            checked_at = float("-inf")  # looked in another channel: look in this one too
        return self._post_once(
            message, channel=out.channel, text=out.text, blocks=out.blocks, checked_at=checked_at
        )

    def _upload(self, message: OutboxMessage, attachment: Attachment) -> str:
        """Upload a file into the thread of the message it belongs to (`after_key`), once."""
        parent_key = json.loads(message.payload or "{}")["after_key"]
        with self.session_factory() as session:
            parent = outbox_store.find_by_key(
                session=session, team_id=message.team_id, key=parent_key
            )
            if parent is None or parent.status in ("skipped", "failed"):
                raise Skip("the message it belongs to was not sent")
            if parent.status == "sending":
                raise _Deferred(PARENT_IN_FLIGHT_WAIT)  # another deliverer is sending it now
            if parent.status != "sent" or not parent.message_ts:
                raise _Retry(
                    max(WAIT_FOR_PARENT, backoff(message.attempts)),
                    "the message it belongs to is not sent yet",
                    maybe_sent=False,
                )
            upload = attachment(message, session, self.settings_for(message.team_id))
        # Files go to a conversation id: the DM's, not the user's.
        channel = self._conversation(parent.channel)
        if message.maybe_sent:
            found = self._find_file_in_thread(channel, parent.message_ts, upload.filename)
            if found:
                return found
        self._paced("files.getUploadURLExternal", also=("files.completeUploadExternal",))
        self.client.files_upload_v2(
            channel=channel,
            thread_ts=parent.message_ts,
            content=upload.content,
            filename=upload.filename,
            title=upload.title,
            alt_txt=upload.alt_text,
        )
        return parent.message_ts

    def _away_in_slack(
        self, user_id: str, looks_away: Callable[[str | None, str | None], bool]
    ) -> bool:
        """A Slack status such as "On vacation" or :palm_tree: means: do not ask now."""
        self._paced("users.info")
        try:
            profile = self.client.users_info(user=user_id)["user"].get("profile") or {}
        except SlackApiError as exc:
            if exc.response.get("error") in GONE_USER_ERRORS:
                raise  # the person is gone: the message ends here
            return False  # without the status, ask anyway
        except Exception:  # noqa: BLE001 - without the status, ask anyway
            return False
        return looks_away(profile.get("status_text"), profile.get("status_emoji"))

    def _conversation(self, channel: str) -> str:
        """The conversation id of `channel`: a user id means the app's DM with them."""
        if not _is_user(channel):
            return channel
        key = (getattr(self._local, "team_id", ""), channel)
        dm = self._dm_ids.get(key)
        if dm is None:
            self._paced("conversations.open")
            dm = self.client.conversations_open(users=channel)["channel"]["id"]
            self._dm_ids[key] = dm
        return dm

    def _find_file_in_thread(self, channel: str, thread_ts: str, filename: str) -> str | None:
        self._paced("conversations.replies")
        response = self.client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
        found: list[dict] = response.get("messages") or []
        for item in found:
            if any(f.get("name") == filename for f in item.get("files") or []):
                return item.get("ts")
        return None

    def _find_posted(self, message: OutboxMessage, channel: str | None = None) -> str | None:
        """The ts of a message we posted for this outbox key, if the channel has one."""
        # A DM is addressed by user id; its history lives under the DM channel's id.
        channel = self._conversation(channel or message.channel)
        oldest = (message.created_at - timedelta(minutes=5)).timestamp()
        cursor = None
        for _ in range(20):
            self._paced("conversations.history")
            response = self.client.conversations_history(
                channel=channel,
                oldest=f"{oldest:.6f}",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            posted: list[dict] = response.get("messages") or []
            for item in posted:
                payload = (item.get("metadata") or {}).get("event_payload") or {}
                if payload.get("outbox_key") == message.key:
                    return item.get("ts")
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("has_more") or not cursor:
                return None
        return None


def queue_update(session, *, team_id: str, target_key: str, now: datetime) -> bool:
    """Queue a re-render in place (chat.update) of the message posted under `target_key`."""
    return outbox_store.claim_send(
        session=session,
        team_id=team_id,
        # Every change asks for its own re-render (two saves in one millisecond included).
        key=f"update:{target_key}:{uuid.uuid4().hex[:12]}",
        kind=UPDATE_KIND,
        channel="",
        payload=json.dumps({"target_key": target_key}),
        now=now,
    )


def queue_message(
    session: Session,
    *,
    team_id: str,
    key: str,
    channel: str,
    message: dict,
    now: datetime,
    stale_at: datetime | None = None,
) -> bool:
    """Queue a message rendered now (e.g. a DM) in the ledger under `key`; False if queued before."""
    payload = {"channel": channel, "text": message["text"], "blocks": message.get("blocks", [])}
    if stale_at is not None:
        payload["stale_at"] = stale_at.isoformat()
    return outbox_store.claim_send(
        session=session,
        team_id=team_id,
        key=key,
        kind=MESSAGE_KIND,
        channel=channel,
        payload=json.dumps(payload),
        now=now,
    )


def queue_dm(
    session: Session,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    key: str,
    message: Callable[[str], dict],
    now: datetime,
) -> bool:
    """Queue a DM to `user_id`, rendered by `message(lang)` in their language, under `key`."""
    lang = language_of_user(session, settings, team_id, user_id)
    return queue_message(
        session, team_id=team_id, key=key, channel=user_id, message=message(lang), now=now
    )


def _is_user(channel: str) -> bool:
    return channel[:1] in ("U", "W")


class OutboxWorker:
    """A background thread that delivers the outbox as soon as it is told, and every few seconds."""

    def __init__(
        self,
        deliverer: OutboxDeliverer,
        *,
        poll_seconds: float = 2.0,
        activity: GivesWay | None = None,
        max_yield_seconds: float = 1.0,
    ) -> None:
        self.deliverer = deliverer
        self.poll_seconds = poll_seconds
        self.activity = activity
        # Under a stream of requests a message still goes out at least this often
        # (about Slack's own pace for one channel).
        self.max_yield_seconds = max_yield_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> OutboxWorker:
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        self._thread.start()
        return self

    def notify(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> int:
        """Start no further message; wait up to `timeout` s for the one being sent. Returns how
        many sends that were in flight finished."""
        with self.deliverer._lock:
            self._stop.set()
            in_flight = self.deliverer.in_flight
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        return max(0, in_flight - self.deliverer.in_flight)

    def _give_way(self) -> None:
        if self.activity is not None:
            self.activity.wait_quiet(self.max_yield_seconds, stop=self._stop)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.deliverer.deliver_due(pause=self._give_way, stop=self._stop)
            except Exception:  # the worker must outlive a database hiccup
                log.exception("outbox delivery pass failed; trying again shortly")
            self._wake.wait(self.poll_seconds)
