"""The app factory: builds exactly the Bolt app that runs in production, for tests too."""

from __future__ import annotations

import json
import logging

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.deps import Deps
from bot.handlers import (
    accountplan,
    agenda,
    celebration,
    checkin,
    home,
    meetings,
    newclient,
    oneonone,
)
from bot.i18n import t
from storage import users as user_store

log = logging.getLogger(__name__)


def build_web_client(settings: Settings, *, for_delivery: bool = False) -> WebClient:
    """A Web API client on SLACK_API_URL with slack_sdk's retry handlers.

    The delivery client (the outbox) retries only 429s inline: after a 5xx or a timeout a
    message may already be in the channel, so the outbox checks before it posts again.
    """
    if for_delivery:
        handlers = [RateLimitErrorRetryHandler(max_retry_count=1)]
    else:
        handlers = [
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=int(max(1, settings.slack_timeout)),
        retry_handlers=handlers,
    )


def create_app(deps: Deps, *, client: WebClient | None = None, verify_token: bool = False) -> App:
    """Wire every handler onto a new Bolt app."""
    app = App(
        signing_secret=deps.settings.slack_signing_secret,
        client=client or build_web_client(deps.settings),
        # Acks are answered after the listener returns; listeners keep Slack I/O out of that path.
        process_before_response=True,
        token_verification_enabled=verify_token,
        logger=logging.getLogger("slack_bolt"),
    )

    @app.middleware
    def skip_retried_events(body: dict, context, next) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        """Slack re-delivers an event it thinks we missed; handle each event_id once."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            team_id = context.team_id or body.get("team_id") or ""
            with deps.session_factory.write() as session:
                first = user_store.claim_event(session=session, team_id=team_id, event_id=event_id)
            if not first:
                return BoltResponse(status=200, body="")
        return next()

    @app.error
    def handle_error(error: Exception, body: dict) -> BoltResponse:
        log.error("unhandled error for %s", body.get("type") or body.get("command"), exc_info=error)
        if body.get("command"):
            # A slash command gets a friendly ephemeral note instead of Slack's "dispatch_failed".
            text = t("error.generic", deps.settings.bot_locale)
            return BoltResponse(
                status=200,
                body=json.dumps({"response_type": "ephemeral", "text": text}),
                headers={"content-type": "application/json"},
            )
        return BoltResponse(status=500, body="")

    newclient.register(app, deps)
    celebration.register(app, deps)
    home.register(app, deps)
    meetings.register(app, deps)
    agenda.register(app, deps)
    accountplan.register(app, deps)
    oneonone.register(app, deps)
    checkin.register(app, deps)
    return app
