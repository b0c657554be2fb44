"""Delivers the outbox: each queued Slack message goes out exactly once.

A message is written to the database in the same transaction as what caused it (a win, a
congratulation). This module claims due messages (a conditional UPDATE, so two processes
never send the same one), sends them, and records the result. Slack failures are retried
later: a 429 after its Retry-After, a 5xx or timeout with back-off. A 5xx or a timeout may
hide a message that did reach the channel, so before such a message is posted again the
channel history is searched for it (each post carries its outbox key in message metadata).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.background import RequestActivity
from bot.config import Settings
from bot.domain.checkin import looks_away
from bot.domain.formatting import format_money
from bot.domain.milestones import milestone_for
from bot.i18n import t
from bot.jobs.checkin_posts import CHART_KIND, CHECKIN_KINDS, digest_chart, render_checkin
from bot.jobs.meeting_posts import (
    ICS_KIND,
    SCHEDULED_KINDS,
    Skip,
    calendar_ics,
    ics_filename,
    render_scheduled,
)
from bot.jobs.oneonone_posts import NUDGE_KINDS, render_nudge
from bot.views.accountplan import progress_line
from bot.views.celebration import CelebrationInput, celebration_message
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import wins as win_store
from storage.db import SessionFactory
from storage.models import OutboxMessage, Win, utcnow

log = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "salesbot_outbox"
MAX_BACKOFF = timedelta(minutes=15)
# Not-yet-posted celebration: a congratulation refresh waits for it.
WAIT_FOR_CELEBRATION = timedelta(seconds=5)


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, ... up to 15 minutes."""
    # The exponent is capped first: 2 ** attempts after a day of failures overflows timedelta.
    return min(timedelta(seconds=5 * 2 ** min(max(attempts - 1, 0), 12)), MAX_BACKOFF)


def render_celebration(*, session, win: Win, lang: str) -> dict:
    """The celebration message of a win as it should look now."""
    stats = win_store.win_stats(session=session, win=win)
    data = CelebrationInput(
        win_id=win.id or 0,
        rep_id=win.user_id,
        client=win.client_name,
        year=win.year,
        rep_count_year=stats.rep_count_year,
        team_count_year=stats.team_count_year,
        milestone=milestone_for(
            rep_count_year=stats.rep_count_year,
            team_count_year=stats.team_count_year,
            biggest_deal_so_far=stats.biggest_deal_so_far,
        ),
        value=format_money(win.amount_cents, win.currency or "EUR", lang)
        if win.amount_cents is not None
        else None,
        segment=win.segment,
        won_via=win.won_via,
        story=win.story,
        congratulators=win_store.congratulators(session=session, win_id=win.id or 0),
        plan_progress=_plan_progress(session, win, stats.rep_count_year, lang),
    )
    return celebration_message(data, lang)


def _plan_progress(session, win: Win, won: int, lang: str) -> str | None:
    """Progress on the rep's account plan, for a public message: only a plan the rep shares."""
    plan = plan_store.get_plan(
        session=session, team_id=win.team_id, user_id=win.user_id, year=win.year
    )
    if plan is None or not plan.shared:
        return None
    return progress_line(
        lang, rep_id=win.user_id, year=win.year, won=won, target=plan.target_clients
    )


class _Retry(Exception):
    def __init__(self, after: timedelta, error: str, maybe_sent: bool) -> None:
        super().__init__(error)
        self.after, self.error, self.maybe_sent = after, error, maybe_sent


def _classify(exc: Exception, attempts: int) -> _Retry:
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if status == 429:
            retry_after = (
                exc.response.headers.get("Retry-After")
                or exc.response.headers.get("retry-after")
                or "30"
            )
            if isinstance(retry_after, list):
                retry_after = retry_after[0]
            return _Retry(
                timedelta(seconds=int(retry_after)), "rate limited (429)", maybe_sent=False
            )
        if status >= 500:
            return _Retry(backoff(attempts), f"Slack server error {status}", maybe_sent=True)
        # ok=false: Slack refused it (e.g. not_in_channel); nothing was posted. Keep it, retry slowly.
        return _Retry(
            max(backoff(attempts), timedelta(minutes=1)),
            f"Slack refused: {error}",
            maybe_sent=False,
        )
    # Timeouts and connection errors: the request may have reached Slack.
    return _Retry(backoff(attempts), f"{type(exc).__name__}: {exc}", maybe_sent=True)


class OutboxDeliverer:
    """Sends due outbox messages; safe to run in several threads or processes at once."""

    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        client: WebClient,
        settings: Settings,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.client = client
        self.settings = settings
        self.clock = clock

    def deliver_due(
        self,
        *,
        now: datetime | None = None,
        limit: int = 200,
        pause: Callable[[], None] | None = None,
    ) -> int:
        """Send up to `limit` due messages; returns how many went out.

        `pause` runs before each message (the worker uses it to give way to acks).
        """
        sent = 0
        remaining = limit
        while remaining > 0:
            with self.session_factory.write() as session:
                batch = outbox_store.claim_batch(
                    session=session,
                    now=now or self.clock(),
                    limit=min(10, remaining),
                    real_now=self.clock(),
                )
            if not batch:
                break
            for message in batch:
                if pause is not None:
                    pause()
                sent += self._deliver(message, now or self.clock())
            remaining -= len(batch)
        return sent

    def _deliver(self, message: OutboxMessage, now: datetime) -> int:
        assert message.id is not None
        try:
            stale_at = json.loads(message.payload or "{}").get("stale_at")
            if stale_at and now >= datetime.fromisoformat(stale_at):
                # Held up by Slack until it no longer makes sense (an agenda call after the cut-off).
                raise Skip(f"stale since {stale_at}")
            if message.kind == "celebrate":
                ts = self._celebrate(message)
            elif message.kind == "refresh":
                ts = self._refresh(message)
            elif message.kind == ICS_KIND:
                ts = self._upload_ics(message)
            elif message.kind == CHART_KIND:
                ts = self._upload_chart(message)
            elif (
                message.kind in SCHEDULED_KINDS
                or message.kind in NUDGE_KINDS
                or message.kind in CHECKIN_KINDS
            ):
                ts = self._post_scheduled(message)
            else:
                raise ValueError(f"unknown outbox kind {message.kind}")
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
            self._reschedule(message, _classify(exc, message.attempts))
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
            if message.kind == "refresh" and message.win_id is not None:
                outbox_store.supersede_refreshes(
                    session=session, win_id=message.win_id, up_to_id=message.id, now=now
                )
        return 1

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

    def _lang(self) -> str:
        return self.settings.bot_locale

    def _celebrate(self, message: OutboxMessage) -> str:
        with self.session_factory() as session:
            win = win_store.get_win(session=session, win_id=message.win_id or 0)
            if win is None:
                raise ValueError(f"outbox {message.key}: win {message.win_id} is gone")
            rendered = render_celebration(session=session, win=win, lang=self._lang())
        if message.maybe_sent:
            found = self._find_posted(message)
            if found:
                log.info(
                    "outbox %s was already posted (ts %s); not posting again", message.key, found
                )
                return found
        response = self.client.chat_postMessage(
            channel=message.channel,
            text=rendered["text"],
            blocks=rendered["blocks"],
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {"outbox_key": message.key},
            },
        )
        return response["ts"]

    def _refresh(self, message: OutboxMessage) -> str:
        with self.session_factory() as session:
            celebration = outbox_store.find_by_key(
                session=session, team_id=message.team_id, key=f"celebrate:{message.win_id}"
            )
            win = win_store.get_win(session=session, win_id=message.win_id or 0)
            if win is None or celebration is None:
                raise ValueError(f"outbox {message.key}: nothing to refresh")
            if celebration.status != "sent" or not celebration.message_ts:
                raise _Retry(WAIT_FOR_CELEBRATION, "celebration not posted yet", maybe_sent=False)
            rendered = render_celebration(session=session, win=win, lang=self._lang())
        # chat.update is idempotent: repeating it after a timeout does no harm.
        self.client.chat_update(
            channel=celebration.channel,
            ts=celebration.message_ts,
            text=rendered["text"],
            blocks=rendered["blocks"],
        )
        return celebration.message_ts

    def _post_scheduled(self, message: OutboxMessage) -> str:
        if message.kind in ("checkin_prompt", "checkin_reminder") and self._away_in_slack(
            message.channel
        ):
            raise Skip("the rep's Slack status says they are away")
        render = (
            render_nudge
            if message.kind in NUDGE_KINDS
            else render_checkin
            if message.kind in CHECKIN_KINDS
            else render_scheduled
        )
        with self.session_factory() as session:
            out = render(
                message.kind,
                message.payload,
                session=session,
                team_id=message.team_id,
                settings=self.settings,
            )
        if message.maybe_sent:
            found = self._find_posted(message, channel=out.channel)
            if found:
                log.info(
                    "outbox %s was already posted (ts %s); not posting again", message.key, found
                )
                return found
        response = self.client.chat_postMessage(
            channel=out.channel,
            text=out.text,
            blocks=out.blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {"outbox_key": message.key},
            },
        )
        return response["ts"]

    def _upload_ics(self, message: OutboxMessage) -> str:
        """The year's .ics in the thread of the calendar post it belongs to."""
        payload = json.loads(message.payload or "{}")
        year = payload["year"]

        def content(session) -> tuple[bytes, str, str]:
            ics = calendar_ics(
                session=session,
                team_id=message.team_id,
                year=year,
                settings=self.settings,
                lang=self._lang(),
            )
            title = t("meetings.ics.calendar_name", self._lang(), year=year)
            return ics, ics_filename(year), title

        return self._upload_in_thread(message, payload["after_key"], content)

    def _upload_chart(self, message: OutboxMessage) -> str:
        """The digest's chart in the thread of the digest DM."""
        payload = json.loads(message.payload or "{}")

        def content(session) -> tuple[bytes, str, str]:
            return digest_chart(
                session,
                team_id=message.team_id,
                manager=payload["manager"],
                monday=date.fromisoformat(payload["week"]),
                settings=self.settings,
            )

        return self._upload_in_thread(message, payload["after_key"], content)

    def _upload_in_thread(self, message: OutboxMessage, parent_key: str, content) -> str:
        """Upload a file into the thread of the outbox message `parent_key`, once."""
        with self.session_factory() as session:
            parent = outbox_store.find_by_key(
                session=session, team_id=message.team_id, key=parent_key
            )
            if parent is None or parent.status == "skipped":
                raise Skip("the message it belongs to was not sent")
            if parent.status != "sent" or not parent.message_ts:
                raise _Retry(
                    max(WAIT_FOR_CELEBRATION, backoff(message.attempts)),
                    "the message it belongs to is not sent yet",
                    maybe_sent=False,
                )
            data, filename, title = content(session)
        channel = parent.channel
        if channel[:1] in ("U", "W"):
            # Files go to a conversation id: the DM's, not the user's.
            channel = self.client.conversations_open(users=channel)["channel"]["id"]
        if message.maybe_sent:
            found = self._find_file_in_thread(channel, parent.message_ts, filename)
            if found:
                return found
        self.client.files_upload_v2(
            channel=channel,
            thread_ts=parent.message_ts,
            content=data,
            filename=filename,
            title=title,
        )
        return parent.message_ts

    def _away_in_slack(self, user_id: str) -> bool:
        """A Slack status such as "On vacation" or :palm_tree: means: do not ask now."""
        try:
            profile = self.client.users_info(user=user_id)["user"].get("profile") or {}
        except Exception:  # noqa: BLE001 - without the status, ask anyway
            return False
        return looks_away(profile.get("status_text"), profile.get("status_emoji"))

    def _find_file_in_thread(self, channel: str, thread_ts: str, filename: str) -> str | None:
        response = self.client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
        for item in response.get("messages", []):
            if any(f.get("name") == filename for f in item.get("files") or []):
                return item.get("ts")
        return None

    def _find_posted(self, message: OutboxMessage, channel: str | None = None) -> str | None:
        """The ts of a message we posted for this outbox key, if the channel has one."""
        channel = channel or message.channel
        if channel[:1] in ("U", "W"):
            # A DM is addressed by user id; its history lives under the DM channel's id.
            channel = self.client.conversations_open(users=channel)["channel"]["id"]
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
            for item in response.get("messages", []):
                payload = (item.get("metadata") or {}).get("event_payload") or {}
                if payload.get("outbox_key") == message.key:
                    return item.get("ts")
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("has_more") or not cursor:
                return None
        return None


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

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _give_way(self) -> None:
        if self.activity is not None:
            self.activity.wait_quiet(self.max_yield_seconds, stop=self._stop)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.deliverer.deliver_due(pause=self._give_way)
            except Exception:  # the worker must outlive a database hiccup
                log.exception("outbox delivery pass failed; trying again shortly")
            self._wake.wait(self.poll_seconds)
