"""The Slack edge every feature shares: a command or a click as its listener reads it, who is
asking (the language to answer in, learned from Slack at first contact and daily), whether they
are an admin, work after the ack that still answers its failures, and publishing a person's Home
tab."""

from __future__ import annotations

import functools
import inspect
import logging
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import UserError
from bot.domain.wins import normalize_locale
from bot.failures import failure_message, log_failure, responder, tell
from bot.handlers.router import Command, deps_of, read_command
from bot.i18n import LANGUAGES, language_of
from bot.jobs import home as home_jobs
from bot.jobs import managers as manager_jobs
from bot.jobs.people import fetch_profile
from bot.payloads import (
    USER_ID_RE,
    Click,
    Submission,
    TypeSpec,
    read_click,
    read_lang,
    read_submission,
)
from bot.views.blocks import error_reply
from bot.views.home import home_tab_view
from storage import users as user_store
from storage.users import ProfileCache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asker:
    """How to talk to a user: the bot language and the Babel locale to read their numbers in."""

    lang: str
    number_locale: str
    # False when Slack could not tell us about this user today (slow or failing): the
    # answer is in the team's language, and the caller learns the profile after the ack.
    known: bool


# How long the ack may wait for Slack's users.info on first contact: well inside Slack's
# 3-second ack deadline, leaving room for the database and the answer.
FIRST_CONTACT_TIMEOUT = 1.0
# After users.info was slow or failed, answer without it for a while instead of making
# every first contact wait for a Slack that is struggling.
FIRST_CONTACT_PAUSE = 30.0


class _WithToken:
    """The first-contact client asking with one request's workspace token (many workspaces:
    each request's token comes from its installation)."""

    def __init__(self, client: WebClient, token: str) -> None:
        self.client = client
        self.token = token

    def users_info(self, **kwargs: object) -> object:
        return self.client.users_info(token=self.token, **kwargs)  # type: ignore[arg-type]


class _FirstContact:
    """A users.info that fits in an ack: its own client (short timeout, no retries) and a
    pause after a failure. One per running bot."""

    def __init__(self, settings: Settings) -> None:
        # No retry handlers: a retry would outlast the ack; the caller's later
        # refresh_profile (with the usual client and its retries) learns it instead.
        self.client = WebClient(
            token=settings.slack_bot_token,
            base_url=settings.slack_api_url,
            # slack_sdk's timeout is an int number of seconds.
            timeout=max(1, int(min(FIRST_CONTACT_TIMEOUT, settings.slack_timeout))),
            retry_handlers=[],
        )
        # Many workspaces: no token of its own; each request brings its workspace's.
        self.own_token = bool(settings.slack_bot_token)
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def learn(
        self, deps: Deps, team_id: str, user_id: str, now: datetime, token: str | None = None
    ) -> bool:
        """Ask Slack for the user's profile now (stored by jobs.people.fetch_profile);
        True when the database holds a fresh one afterwards. `token`: the request's
        workspace token, used when the bot has none of its own."""
        client: Any = self.client
        if not self.own_token:
            if not token:
                return False  # nothing to ask with (not a failure of Slack's: no pause)
            client = _WithToken(self.client, token)
        with self._lock:
            if time.monotonic() < self._paused_until:
                return False
        try:
            learned = fetch_profile(deps.session_factory, client, team_id, user_id, now=now)
        except (SlackClientError, HTTPException) as error:  # a garbled answer: like a slow one
            log.warning("users.info for %s failed: %r", user_id, error)
            learned = False
        if learned is False:
            with self._lock:
                self._paused_until = time.monotonic() + FIRST_CONTACT_PAUSE
            return False
        return True


# One per ProfileCache, i.e. per running bot (Deps is frozen and holds no such state).
_first_contacts: weakref.WeakKeyDictionary[ProfileCache, _FirstContact] = (
    weakref.WeakKeyDictionary()
)
_first_contacts_lock = threading.Lock()


def _first_contact(deps: Deps) -> _FirstContact:
    with _first_contacts_lock:
        found = _first_contacts.get(deps.profiles)
        if found is None:
            found = _first_contacts[deps.profiles] = _FirstContact(deps.settings)
        return found


def asker(deps: Deps, team_id: str, user_id: str, token: str | None = None) -> Asker:
    """Who is asking: their language and number format, right from the first contact.

    Known and less than a day old: from the database (through the profile cache), no Slack
    call. Otherwise Slack's users.info is asked here, within the ack (short timeout, no
    retries) and stored, so a Dutch user's first command is answered in Dutch and their
    "25.000" is read as twenty-five thousand; if Slack is slow, the answer is in the
    team's language (or the stale profile's) and `known` is False. `token`: the request's
    workspace token (Bolt's context), needed when the bot serves many workspaces.
    """
    now = deps.clock()
    user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
    known = user_store.profile_is_fresh(user, now)
    if (
        not known
        and USER_ID_RE.fullmatch(user_id)
        and _first_contact(deps).learn(deps, team_id, user_id, now, token)
    ):
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)
        user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
        known = user_store.profile_is_fresh(user, now)
    locale = user.locale if user else None
    team_locale = deps.settings_for(team_id).bot_locale
    # Without a known Slack locale, numbers are read the way the team's language writes them.
    return Asker(
        lang=language_of(locale, team_locale),
        number_locale=normalize_locale(locale or team_locale),
        known=known,
    )


@dataclass(frozen=True)
class Asked:
    """A slash command being answered: what was typed, who asked (as known at the ack) and
    Bolt's ways to answer."""

    deps: Deps
    cmd: Command
    who: Asker
    ack: Callable
    respond: Callable
    client: WebClient

    @property
    def lang(self) -> str:
        return self.who.lang

    @property
    def settings(self) -> Settings:
        """The settings of the asker's workspace."""
        return self.deps.settings_for(self.cmd.team_id)

    def learn_later(self) -> None:
        """Slack could not say who asked within the ack: learn their profile after it."""
        if not self.who.known:
            cmd = self.cmd
            self.deps.background.submit(
                refresh_profile, self.deps, self.client, cmd.team_id, cmd.user_id
            )


def read_asked(
    ack: Callable, command: dict, context: dict, client: WebClient, respond: Callable
) -> Asked:
    """A slash command listener's arguments, read once."""
    deps = deps_of(context)
    cmd = read_command(command, context)
    who = asker(deps, cmd.team_id, cmd.user_id, _token(context))
    return Asked(deps, cmd, who, ack, respond, client)


def _token(context: Mapping) -> str | None:
    """The request's workspace token (Bolt's context holds it per request)."""
    token = context.get("bot_token")
    return token if isinstance(token, str) and token else None


def clicked(body: dict, action: dict, context: dict) -> tuple[Deps, Click, str]:
    """A button listener's opening: the deps, the click and the clicker's language."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    return deps, click, asker(deps, click.team_id, click.user_id, _token(context)).lang


def submitted(
    body: dict,
    view: dict,
    context: dict,
    *,
    required: Mapping[str, TypeSpec] | None = None,
    optional: Mapping[str, TypeSpec] | None = None,
) -> tuple[Deps, Submission, str]:
    """A modal listener's opening: the deps, the submission and the language to answer in
    (the one the form was shown in, else the submitter's)."""
    deps = deps_of(context)
    optional = {"lang": str, **(optional or {})}
    sub = read_submission(body, view, context, required=required, optional=optional)
    lang = read_lang(sub.meta, LANGUAGES)
    return deps, sub, lang or asker(deps, sub.team_id, sub.user_id, _token(context)).lang


def publish_home(
    deps: Deps, client: WebClient, team_id: str, user_id: str, *, notice: str | None = None
) -> None:
    """(Re-)publish the person's Home tab; `notice` (mrkdwn) on top answers what they did
    there, since the Home tab has no response_url."""
    refresh_profile(deps, client, team_id, user_id)
    lang = asker(deps, team_id, user_id).lang
    admin = is_admin(deps, client, team_id, user_id)
    tab = home_jobs.home_tab(deps, team_id=team_id, user_id=user_id, lang=lang, admin=admin)
    client.views_publish(user_id=user_id, view=home_tab_view(lang, tab, notice=notice))


def refresh_profile(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Ask Slack for the user's locale and time zone unless we learned them recently."""
    if fetch_profile(deps.session_factory, client, team_id, user_id, now=deps.clock()) is True:
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)


def answer_click(
    deps: Deps,
    client: WebClient,
    click: Click,
    body: dict,
    respond: Callable,
    reply: dict,
    **placement: object,
) -> None:
    """Answer a click with `respond(**placement)` under its message; on the Home tab (no
    response_url) by re-publishing it with the reply on top."""
    if body.get("response_url"):
        respond(**placement, **reply)
    else:
        publish_home(deps, client, click.team_id, click.user_id, notice=reply["text"])


def user_exists(deps: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    """Whether Slack knows the person (not deleted, not a bot); their language and time zone
    are learned on the way, for what they are told."""
    refresh_profile(deps, client, team_id, user_id)
    with deps.session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    if user is not None and user_store.profile_is_fresh(user, deps.clock()):
        return not user.inactive
    try:
        info = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "users_not_found"):
            return False
        raise
    return not info.get("deleted") and not info.get("is_bot")


def is_admin(deps: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    """Listed in ADMIN_USER_IDS, or a Slack workspace admin or owner (asked once a day)."""
    if user_id in deps.settings_for(team_id).admin_user_ids:
        return True
    refresh_profile(deps, client, team_id, user_id)
    with deps.session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    return bool(user and user.is_admin)


def admin_if_known(deps: Deps, team_id: str, user_id: str) -> bool | None:
    """Whether the user is an admin, when that is known without asking Slack; else None."""
    if user_id in deps.settings_for(team_id).admin_user_ids:
        return True
    now = deps.clock()
    user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
    if user_store.profile_is_fresh(user, now):
        return bool(user and user.is_admin)
    return None


def admin_in_ack(deps: Deps, team_id: str, user_id: str, context: Mapping) -> bool:
    """Whether the user is an admin, decided inside an ack: known today, or asked with the
    first-contact lookup (1 s, no retries; with the request's workspace token from Bolt's
    `context`). When Slack is slow: not an admin this time (the person is refused politely
    and can try again), never a missed 3-second deadline."""
    known = admin_if_known(deps, team_id, user_id)
    if known is not None:
        return known
    if USER_ID_RE.fullmatch(user_id) and _first_contact(deps).learn(
        deps, team_id, user_id, deps.clock(), _token(context)
    ):
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)
        return bool(admin_if_known(deps, team_id, user_id))
    return False


def answer_as_admin_or_not(asked: Asked, answer: Callable[[bool], dict | None]) -> None:
    """Ack with `answer(is_admin)`; when that needs Slack (users.info), ack at once and answer
    through the response_url, so the 3-second ack never waits for Slack. `answer` returns the
    reply, or None when it replied otherwise (e.g. opened a modal)."""
    cmd = asked.cmd
    known = admin_if_known(asked.deps, cmd.team_id, cmd.user_id)
    if known is None:
        answer_command_later(asked, lambda admin, _: answer(admin), what="a reply after the ack")
        return
    reply = answer(known)
    asked.ack(**reply) if reply else asked.ack()


def answer_command_later(
    asked: Asked,
    reply: Callable[[bool, str], dict | None],
    *,
    what: str,
    error_text: Callable[[str, str, dict], str] | None = None,
) -> None:
    """Ack at once; then answer the command with `reply(is_admin, lang)` through the
    response_url (with `error_text`, a UserError it raises is answered as the user's mistake)."""
    asked.ack()

    def answer(admin: bool, lang: str) -> None:
        try:
            answered = reply(admin, lang)
        except UserError as error:
            if error_text is None:
                raise
            answered = error_reply(error_text(lang, error.code, error.params))
        if answered:
            asked.respond(response_type="ephemeral", **answered)

    answer_later(asked.deps, asked.client, asked.cmd, answer, what=what, respond=asked.respond)


def answer_on_home(
    deps: Deps,
    client: WebClient,
    came: Click | Submission,
    notice: Callable[[bool, str], str],
    *,
    what: str,
) -> None:
    """After the ack: re-publish the person's Home tab with `notice(is_admin, lang)` on top
    (the Home tab and its modals have no response_url)."""

    def answer(admin: bool, lang: str) -> None:
        publish_home(deps, client, came.team_id, came.user_id, notice=notice(admin, lang))

    answer_later(deps, client, came, answer, what=what)


def answer_later(
    deps: Deps,
    client: WebClient,
    came: Command | Click | Submission,
    answer: Callable[[bool, str], None],
    *,
    what: str,
    respond: Callable | None = None,
) -> None:
    """After the ack: `answer(is_admin, lang)` (whether the person is an admin may need Slack,
    which also teaches their language). A failure is logged and told them."""
    team_id, user_id = came.team_id, came.user_id

    def run() -> None:
        try:
            admin = is_admin(deps, client, team_id, user_id)
            answer(admin, asker(deps, team_id, user_id).lang)
        except Exception as error:  # noqa: BLE001 - logged and answered by bot.failures
            log_failure(error, what)
            _tell_failure(deps, error, team_id, user_id, respond, {}, client)

    deps.background.submit(run)


def _tell_failure(
    deps: Deps,
    error: BaseException,
    team_id: str,
    user_id: str,
    respond: Callable | None,
    body: dict,
    client: WebClient | None,
) -> None:
    """The failure note for work done after the ack: through the response_url when there is
    one, else on the person's Home tab (a modal, the Home tab itself); never raises."""
    lang = asker(deps, team_id, user_id).lang
    note_to = responder(respond, body)
    if note_to is not None or client is None or not user_id:
        tell(note_to, error, lang)
        return
    try:
        publish_home(deps, client, team_id, user_id, notice=failure_message(error, lang)["text"])
    except Exception as exc:  # noqa: BLE001 - the note is a courtesy; its failure is logged
        log.warning("could not show the failure note on the Home tab: %s", exc)


def set_manager_as_admin(
    deps: Deps, client: WebClient, team_id: str, *, admin_id: str, rep_id: str, manager_id: str
) -> bool:
    """An admin says who manages whom (the caller checked they are one): saved when Slack
    knows both people; False when it does not."""
    if not all(user_exists(deps, client, team_id, user) for user in (rep_id, manager_id)):
        return False
    refresh_profile(deps, client, team_id, manager_id)  # their time zone is the 1:1s'
    manager_jobs.set_by_admin(
        deps, team_id=team_id, admin_id=admin_id, rep_id=rep_id, manager_id=manager_id
    )
    return True


def after_ack(listener: Callable) -> Callable:
    """Decorate a button listener: ack at once, run the listener on the background pool.

    The listener must take `context` (the app's deps are read from it). With
    process_before_response the HTTP answer waits for the listener to return; button work
    (database, users.info, response_url posts) belongs after it. Bolt reads the wrapped
    function's parameters (it unwraps), so injection works as usual; `ack` becomes a no-op.
    """
    if "context" not in inspect.signature(listener).parameters:
        raise TypeError(f"{listener.__name__} must take `context` to find the deps")

    @functools.wraps(listener)
    def acked(ack: Callable, **kwargs) -> None:
        ack()
        deps_of(kwargs["context"]).background.submit(answering, ack=_noop, **kwargs)

    def answering(**kwargs) -> None:
        # Bolt's error handler never sees what fails after the ack: answer here alike.
        try:
            listener(**kwargs)
        except Exception as error:  # noqa: BLE001 - logged and answered by bot.failures
            body = kwargs.get("body") or {}
            log_failure(error, f"block_actions {_action_id(body)}")
            context = kwargs["context"]
            _tell_failure(
                deps_of(context),
                error,
                getattr(context, "team_id", None) or "",
                str((body.get("user") or {}).get("id") or ""),
                kwargs.get("respond") or getattr(context, "respond", None),
                body,
                kwargs.get("client"),
            )

    return acked


def _noop(*_args, **_kwargs) -> None:
    return None


def _action_id(body: dict) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id") or "")[:80]
