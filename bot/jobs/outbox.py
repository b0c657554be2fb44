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

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.background import RequestActivity
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
    ) -> None:
        self.session_factory = session_factory
        self.default_client = client
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

    @property
    def client(self) -> WebClient:
        """The client of the message being sent by this thread (its workspace's token)."""
        return getattr(self._local, "client", None) or self.default_client

    def _release(self, messages: list[OutboxMessage]) -> None:
        """Hand claimed, untried messages back as they were (due at the same moment), so a
        stopping process leaves them to the next one at once rather than after the lease."""
        with self.session_factory.write() as session:
            for message in messages:
                assert message.id is not None
                outbox_store.reschedule(
                    session=session,
                    message_id=message.id,
                    at=message.next_attempt_at,
                    error=message.last_error or "",
                    maybe_sent=False,
                )

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
        cannot crowd out the others. `limit` caps the tries of a pass; `pause` runs before
        each message (the worker uses it to give way to acks). Once `stop` is set no further
        message is started: the one being sent finishes, the rest of the batch is released.
        """
        sent = tried = 0
        after_id = 0
        while limit is None or tried < limit:
            real_now = self.clock()
            with self.session_factory.write() as session:
                batch = outbox_store.claim_batch(
                    session=session,
                    now=now or real_now,
                    limit=10 if limit is None else min(10, limit - tried),
                    real_now=real_now,
                    after_id=after_id,
                )
            if not batch:
                break
            for index, message in enumerate(batch):
                if pause is not None:
                    pause()
                with self._lock:  # with OutboxWorker.stop: counted in flight, or released
                    stopping = stop is not None and stop.is_set()
                    self.in_flight += 0 if stopping else 1
                if stopping:
                    self._release(batch[index:])
                    return sent
                try:
                    sent += self._deliver(message, now or self.clock())
                finally:
                    with self._lock:
                        self.in_flight -= 1
            tried += len(batch)
            after_id = max(m.id or 0 for m in batch)
        return sent

    def _deliver(self, message: OutboxMessage, now: datetime) -> int:
        assert message.id is not None
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
        except Skip as skip:
            log.info("outbox %s (%s) not sent: %s", message.key, message.kind, skip)
            with self.session_factory.write() as session:
                outbox_store.mark_skipped(
                    session=session, message_id=message.id, reason=str(skip), now=self.clock()
                )
            return 0
        except (SlackApiError, OSError, TimeoutError) as exc:
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
            if before is not None and before.status in ("pending", "sending"):
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
            dm = self.client.conversations_open(users=channel)["channel"]["id"]
            self._dm_ids[key] = dm
        return dm

    def _find_file_in_thread(self, channel: str, thread_ts: str, filename: str) -> str | None:
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
        activity: RequestActivity | None = None,
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
