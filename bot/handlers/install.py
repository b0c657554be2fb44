""" "Add to Slack" (OAuth v2, Bolt's flow): the install page, Slack's redirect, and a workspace
uninstalling the bot (app_uninstalled, tokens_revoked), after which nothing more runs for it."""

from __future__ import annotations

import logging
from http.client import HTTPException

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.oauth.installation_store import Installation

from bot.deps import Deps
from bot.handlers.router import deps_of
from bot.jobs import install as jobs
from bot.jobs.people import fetch_profile
from bot.views import install as views
from storage import install as install_store
from storage import outbox as outbox_store
from storage import workspaces as workspace_store

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# The bot scopes of manifest.yml (tests/test_install.py checks they are the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "channels:history",
    "groups:history",
    "users:read",
    "im:write",
    "im:history",
    "files:write",
)
STOPPED_REASON = "the workspace uninstalled the bot"
_REASONS = {"invalid_state": "state", "invalid_browser": "state", "access_denied": "cancelled"}


class EnterpriseInstall(BoltError):
    """An org-wide install: each workspace has its own settings, so it is refused."""


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow with our pages (in the bot's language) and no org-wide installs."""

    def __init__(self, deps: Deps, client: WebClient, settings: OAuthSettings) -> None:
        super().__init__(client=client, settings=settings)
        self.deps = deps

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return views.install_page(self.deps.settings.bot_locale, url)

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        if installation.is_enterprise_install:
            # Slack granted the org-wide token with the code: it must not outlive the refusal.
            self._revoke(installation.bot_token, installation.user_token)
            raise EnterpriseInstall("an org-wide (Enterprise Grid) install")
        super().store_installation(request, installation)

    def _revoke(self, *tokens: str | None) -> None:
        for token in tokens:
            if not token:
                continue
            client = WebClient(
                token=token, base_url=self.client.base_url, timeout=self.client.timeout
            )
            try:
                client.auth_revoke()
            except (SlackClientError, HTTPException, OSError) as error:
                log.warning("the refused org-wide install's token was not revoked: %r", error)


def oauth_flow(deps: Deps, client: WebClient) -> InstallFlow:
    """The "Add to Slack" flow on the bot's own database (migration 0011's tables)."""
    settings = deps.settings
    engine = deps.session_factory.engine
    return InstallFlow(
        deps,
        client,
        OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=install_store.installation_store(engine, settings.slack_client_id),
            state_store=install_store.state_store(engine, settings.slack_state_secret),
            callback_options=CallbackOptions(
                success=lambda args: installed(deps, client, args),
                failure=lambda args: not_installed(deps, args),
            ),
        ),
    )


def installed(deps: Deps, client: WebClient, args: SuccessArgs) -> BoltResponse:
    """The installation is stored: work starts (again); a first install greets the installer."""
    installation = args.installation
    team_id, user_id = installation.team_id or "", installation.user_id
    now = deps.clock()
    # The installer's language, for the welcome DM (their profile, with the new token).
    team_client = WebClient(
        token=installation.bot_token, base_url=client.base_url, timeout=client.timeout
    )
    fetch_profile(deps.session_factory, team_client, team_id, user_id, now=now)
    with deps.session_factory.write() as session:
        first = workspace_store.mark_installed(
            session=session, team_id=team_id, by=user_id, now=now
        )
        if first:
            jobs.queue_welcome(session, team_id=team_id, user_id=user_id, now=now)
    if first:
        deps.notify_outbox()
    log.info("installed in workspace %s (%s)", team_id, "first" if first else "again")
    return _html(200, views.installed_page(deps.settings.bot_locale, installation.team_name or ""))


def not_installed(deps: Deps, args: FailureArgs) -> BoltResponse:
    """A clear page for what went wrong; nothing is stored."""
    if isinstance(args.error, EnterpriseInstall):
        reason, status = "enterprise", 400
    else:
        reason, status = _REASONS.get(args.reason, "other"), args.suggested_status_code
    log.warning("an install was not completed: %r", args.reason)
    return _html(status, views.failed_page(deps.settings.bot_locale, reason, INSTALL_PATH))


def _html(status: int, body: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=body, headers={"content-type": "text/html; charset=utf-8"}
    )


def stop_team(deps: Deps, team_id: str) -> None:
    """Nothing more runs for the team: its waiting messages end, its installation goes."""
    now = deps.clock()
    skipped = 0
    with deps.session_factory.write() as session:
        erased = workspace_store.install_marks(session=session, team_id=team_id) == (None, None)
        # Many workspaces: every install leaves a workspace row, so none means the team's data
        # was deleted (/salesbot delete-data uninstalls the bot): nothing is written back.
        if not (erased and deps.settings.many_workspaces):
            workspace_store.mark_uninstalled(session=session, team_id=team_id, now=now)
            skipped = outbox_store.skip_team(
                session=session, team_id=team_id, reason=STOPPED_REASON, now=now
            )
    if deps.settings.many_workspaces:
        store = install_store.installation_store(
            deps.session_factory.engine, deps.settings.slack_client_id
        )
        store.delete_team(team_id)
    log.info("workspace %s uninstalled the bot; %d waiting message(s) not sent", team_id, skipped)


def handle_app_uninstalled(body: dict, context: BoltContext) -> None:
    team_id = context.team_id or body.get("team_id")
    if team_id:
        stop_team(deps_of(context), str(team_id))


def handle_tokens_revoked(body: dict, context: BoltContext) -> None:
    tokens = (body.get("event") or {}).get("tokens") or {}
    team_id = context.team_id or body.get("team_id")
    # The bot asks for no user tokens: only a revoked bot token stops the work.
    if team_id and isinstance(tokens, dict) and tokens.get("bot"):
        stop_team(deps_of(context), str(team_id))


def register(app: App) -> None:
    app.event("app_uninstalled")(handle_app_uninstalled)
    app.event("tokens_revoked")(handle_tokens_revoked)
