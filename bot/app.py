"""The app factory: builds exactly the Bolt app that runs in production, for tests too."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from bot.config import Settings
from bot.deps import Deps
from bot.failures import failure_message, failure_modal, log_failure, responder, tell
from bot.handlers import (
    agenda,
    checkins,
    culture,
    erasure,
    export,
    home,
    install,
    leaderboard,
    managers,
    meetings,
    oneonones,
    plans,
    wins,
    workspaces,
)
from bot.handlers.users import asker
from bot.jobs import agenda as agenda_jobs
from bot.jobs import checkins as checkin_jobs
from bot.jobs import culture as culture_jobs
from bot.jobs import install as install_jobs
from bot.jobs import meetings as meeting_jobs
from bot.jobs import oneonones as oneonone_jobs
from bot.jobs import recaps as recap_jobs
from bot.jobs import wins as win_jobs
from bot.jobs.outbox import DeliveryRateLimitRetryHandler, MessageKind, kinds_by_name
from bot.jobs.schedule import DueSubjects, DueWork
from bot.payloads import strip_nul
from storage import users as user_store

log = logging.getLogger(__name__)

# Every feature, once: the Slack listeners it wires, the message kinds it hands the outbox and
# the due work it hands the clock. Nothing else knows the list.
LISTENERS = (
    wins.register,
    home.register,
    meetings.register,
    agenda.register,
    plans.register,
    oneonones.register,
    managers.register,
    checkins.register,
    # Before export's: it answers `/salesbot delete-data`, export every other `/salesbot`.
    erasure.register,
    export.register,
    leaderboard.register,
    culture.register,
    workspaces.register,
    install.register,
)
MESSAGE_KINDS: dict[str, MessageKind] = kinds_by_name(
    win_jobs.MESSAGE_KINDS,
    meeting_jobs.MESSAGE_KINDS,
    agenda_jobs.MESSAGE_KINDS,
    oneonone_jobs.MESSAGE_KINDS,
    checkin_jobs.MESSAGE_KINDS,
    recap_jobs.MESSAGE_KINDS,
    culture_jobs.MESSAGE_KINDS,
    install_jobs.MESSAGE_KINDS,
)
# Per team or meeting (cheap), and per series or person (DueSubjects: only those due are looked at).
DUE_WORK: tuple[DueWork | DueSubjects, ...] = (
    meeting_jobs.due_messages,
    agenda_jobs.due_messages,
    oneonone_jobs.DUE,
    checkin_jobs.DUE,
    recap_jobs.due_messages,
    culture_jobs.due_messages,
)


def build_web_client(
    settings: Settings, *, for_delivery: bool = False, token: str | None = None
) -> WebClient:
    """A Web API client on SLACK_API_URL with slack_sdk's retry handlers.

    The delivery client (the outbox) retries only 429s inline: after a 5xx or a timeout a
    message may already be in the channel, so the outbox checks before it posts again. And
    only a Retry-After of a second: the retry sleeps in the sending thread, and a longer wait
    would hold every workspace's messages; the outbox holds only that workspace's method.
    """
    handlers: list[RetryHandler]
    if for_delivery:
        handlers = [DeliveryRateLimitRetryHandler(max_retry_count=1)]
    else:
        handlers = [
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=token or settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=int(max(1, settings.slack_timeout)),
        retry_handlers=handlers,
    )


def create_app(deps: Deps, *, client: WebClient | None = None, verify_token: bool = False) -> App:
    """Wire every handler onto a new Bolt app."""
    client = client or build_web_client(deps.settings)
    many: dict = {}
    if deps.settings.many_workspaces:
        # "Add to Slack": each request is answered with its workspace's token, found in the
        # installation store (auth.test once per token, then cached), refreshed when expiring.
        flow = install.oauth_flow(deps, client)
        store = flow.settings.installation_store
        many = {
            "oauth_flow": flow,
            "installation_store": store,
            "authorize": InstallationStoreAuthorize(
                installation_store=store,
                client_id=deps.settings.slack_client_id,
                client_secret=deps.settings.slack_client_secret,
                logger=logging.getLogger("slack_bolt"),
                cache_enabled=True,
                client=client,
                token_rotation_expiration_minutes=install_jobs.ROTATE_MINUTES,
            ),
        }
    app = App(
        signing_secret=deps.settings.slack_signing_secret,
        client=client,
        # Acks are answered after the listener returns; listeners keep Slack I/O out of that path.
        process_before_response=True,
        token_verification_enabled=verify_token,
        logger=logging.getLogger("slack_bolt"),
        **many,
    )

    def strip_nul_bytes(req: BoltRequest) -> None:
        """PostgreSQL text cannot hold NUL bytes: drop them from everything Slack sent, after
        the signature was checked (Bolt's own middleware runs first), on both databases."""
        strip_nul(req.body)
        for key, value in list(req.context.items()):
            if isinstance(value, str) and "\x00" in value:
                req.context[key] = strip_nul(value)

    def first_delivery(req: BoltRequest) -> bool:
        """Slack re-delivers an event it thinks we missed; handle each event_id once."""
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return True
        team_id = req.context.team_id or body.get("team_id") or ""
        with deps.session_factory.write() as session:
            return user_store.claim_event(session=session, team_id=team_id, event_id=event_id)

    class Prepare(Middleware):
        """Before every listener. One middleware, not three, and a class, not a function:
        Bolt builds a function middleware's thirty-odd arguments on every request (a class's
        `process` it calls as is), and /newclient's ack is timed in tenths of a millisecond."""

        def process(
            self,
            *,
            req: BoltRequest,
            resp: BoltResponse,
            next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
        ) -> BoltResponse | None:
            strip_nul_bytes(req)
            # Listeners are module-level functions: they find the app's dependencies here.
            req.context["deps"] = deps
            if not first_delivery(req):
                return BoltResponse(status=200, body="")
            return next()

    app.use(Prepare())

    def lang_of(body: dict, context) -> str:
        """The person's language for a failure note; the team's when even that fails."""
        try:
            user = body.get("user")
            user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
            team_id = context.team_id or ""
            if isinstance(user_id, str) and user_id:
                return asker(deps, team_id, user_id).lang
        except Exception:  # noqa: BLE001 - the note goes out in the team's language instead
            log.warning("no language for a failure note", exc_info=True)
        return deps.settings.bot_locale

    @app.error
    def handle_error(error: Exception, body: dict, context, respond) -> BoltResponse:
        """Every request gets an answer (200), never Slack's generic error."""
        kind = body.get("type") or ("slash_command" if body.get("command") else "request")
        what = body.get("command") or _listener_key(body) or kind
        log_failure(error, f"{kind} {what}")
        lang = lang_of(body, context)
        if body.get("command"):
            return _json_response({"response_type": "ephemeral", **failure_message(error, lang)})
        if kind == "view_submission":
            return _json_response({"response_action": "update", "view": failure_modal(error, lang)})
        # Buttons and the rest: the ack is an empty 200; the note goes to the response_url,
        # if there is one (the Home tab and global shortcuts have none).
        note_to = responder(respond, body)
        if note_to is not None:
            deps.background.submit(tell, note_to, error, lang)
        return BoltResponse(status=200, body="")

    for register in LISTENERS:
        register(app)
    return app


def _json_response(body: dict) -> BoltResponse:
    return BoltResponse(
        status=200, body=json.dumps(body), headers={"content-type": "application/json"}
    )


def _listener_key(body: dict) -> str:
    """The action_id or callback_id a payload was for (for the log line)."""
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return str(actions[0].get("action_id") or "")[:80]
    view = body.get("view")
    if isinstance(view, dict):
        return str(view.get("callback_id") or "")[:80]
    return str(body.get("callback_id") or "")[:80]
