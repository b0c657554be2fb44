"""The Slack edge every feature shares: who is asking (the language to answer in, learned
from Slack at first contact and daily), whether they are an admin, work after the ack that
still answers its failures, and publishing a person's Home tab."""

from __future__ import annotations

import functools
import inspect
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPException

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.deps import Deps
from bot.domain.wins import normalize_locale
from bot.failures import failure_message, log_failure, responder, tell
from bot.handlers.router import deps_of
from bot.i18n import language_of
from bot.jobs import home as home_jobs
from bot.jobs.people import fetch_profile
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
# What Slack's user ids look like (U…, W… for Enterprise Grid); anything else is not asked.
_USER_ID_RE = re.compile(r"[UW][A-Z0-9]{1,30}")


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
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def learn(self, deps: Deps, team_id: str, user_id: str, now: datetime) -> bool:
        """Ask Slack for the user's profile now (stored by jobs.people.fetch_profile);
        True when the database holds a fresh one afterwards."""
        with self._lock:
            if time.monotonic() < self._paused_until:
                return False
        try:
            learned = fetch_profile(deps.session_factory, self.client, team_id, user_id, now=now)
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


def asker(deps: Deps, team_id: str, user_id: str) -> Asker:
    """Who is asking: their language and number format, right from the first contact.

    Known and less than a day old: from the database (through the profile cache), no Slack
    call. Otherwise Slack's users.info is asked here, within the ack (short timeout, no
    retries) and stored, so a Dutch user's first command is answered in Dutch and their
    "25.000" is read as twenty-five thousand; if Slack is slow, the answer is in the
    team's language (or the stale profile's) and `known` is False.
    """
    now = deps.clock()
    user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
    known = user_store.profile_is_fresh(user, now)
    if (
        not known
        and _USER_ID_RE.fullmatch(user_id)
        and _first_contact(deps).learn(deps, team_id, user_id, now)
    ):
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)
        user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
        known = user_store.profile_is_fresh(user, now)
    locale = user.locale if user else None
    # Without a known Slack locale, numbers are read the way the team's language writes them.
    return Asker(
        lang=language_of(locale, deps.settings.bot_locale),
        number_locale=normalize_locale(locale or deps.settings.bot_locale),
        known=known,
    )


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


def user_locale(deps: Deps, team_id: str, user_id: str) -> tuple[str, str]:
    """(bot language, Babel locale for parsing numbers) for this user."""
    who = asker(deps, team_id, user_id)
    return who.lang, who.number_locale


def refresh_profile(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Ask Slack for the user's locale and time zone unless we learned them recently."""
    if fetch_profile(deps.session_factory, client, team_id, user_id, now=deps.clock()) is True:
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)


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
    if user_id in deps.settings.admin_user_ids:
        return True
    refresh_profile(deps, client, team_id, user_id)
    with deps.session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    return bool(user and user.is_admin)


def admin_if_known(deps: Deps, team_id: str, user_id: str) -> bool | None:
    """Whether the user is an admin, when that is known without asking Slack; else None."""
    if user_id in deps.settings.admin_user_ids:
        return True
    now = deps.clock()
    user = deps.profiles.get(deps.session_factory, team_id=team_id, user_id=user_id, now=now)
    if user_store.profile_is_fresh(user, now):
        return bool(user and user.is_admin)
    return None


def admin_in_ack(deps: Deps, team_id: str, user_id: str) -> bool:
    """Whether the user is an admin, decided inside an ack: known today, or asked with the
    first-contact lookup (1 s, no retries). When Slack is slow: not an admin this time (the
    person is refused politely and can try again), never a missed 3-second deadline."""
    known = admin_if_known(deps, team_id, user_id)
    if known is not None:
        return known
    if _USER_ID_RE.fullmatch(user_id) and _first_contact(deps).learn(
        deps, team_id, user_id, deps.clock()
    ):
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)
        return bool(admin_if_known(deps, team_id, user_id))
    return False


def answer_as_admin_or_not(
    deps: Deps,
    *,
    ack: Callable,
    respond: Callable,
    client: WebClient,
    team_id: str,
    user_id: str,
    answer: Callable[[bool], dict | None],
) -> None:
    """Ack with `answer(is_admin)`; when that needs Slack (users.info), ack at once and answer
    through the response_url, so the 3-second ack never waits for Slack.

    `answer` returns the reply, or None when it replied otherwise (e.g. opened a modal).
    """
    known = admin_if_known(deps, team_id, user_id)
    if known is not None:
        reply = answer(known)
        ack(**reply) if reply else ack()
        return
    ack()

    def later() -> None:
        reply = answer(is_admin(deps, client, team_id, user_id))
        if reply:
            respond(response_type="ephemeral", **reply)

    submit_answering(
        deps,
        later,
        what="a reply after the ack",
        team_id=team_id,
        user_id=user_id,
        respond=respond,
        client=client,
    )


def submit_answering(
    deps: Deps,
    work: Callable[[], None],
    *,
    what: str,
    team_id: str,
    user_id: str,
    respond: Callable | None = None,
    body: dict | None = None,
    client: WebClient | None = None,
) -> None:
    """Run `work` after the ack; when it fails, log it and tell the person, through the
    response_url when there is one, else on their Home tab (a modal, the Home tab itself)."""

    def run() -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - logged and answered by bot.failures
            log_failure(error, what)
            tell_failure(
                deps,
                error,
                team_id=team_id,
                user_id=user_id,
                respond=respond,
                body=body,
                client=client,
            )

    deps.background.submit(run)


def tell_failure(
    deps: Deps,
    error: BaseException,
    *,
    team_id: str,
    user_id: str,
    respond: Callable | None,
    body: dict | None,
    client: WebClient | None,
) -> None:
    """The failure note for work done after the ack; never raises."""
    lang = asker(deps, team_id, user_id).lang
    note_to = responder(respond, body or {})
    if note_to is not None or client is None or not user_id:
        tell(note_to, error, lang)
        return
    try:
        publish_home(deps, client, team_id, user_id, notice=failure_message(error, lang)["text"])
    except Exception as exc:  # noqa: BLE001 - the note is a courtesy; its failure is logged
        log.warning("could not show the failure note on the Home tab: %s", exc)


def after_ack(listener: Callable) -> Callable:
    """Decorate a button listener: ack at once, run the listener on the background pool.

    The listener must take `context` (the app's deps are read from it). With
    process_before_response the HTTP answer waits for the listener to return; button work
    (database, users.info, response_url posts) belongs after it. Bolt reads the wrapped
    function's parameters (it unwraps), so injection works as usual; `ack` becomes a no-op.
    """
    if "context" not in inspect.signature(listener).parameters:
        raise TypeError(f"{listener.__name__} must take `context` to find the deps")
    return _acked_first(listener, lambda kwargs: deps_of(kwargs["context"]))


def _acked_first(listener: Callable, deps_in: Callable[[dict], Deps]) -> Callable:
    @functools.wraps(listener)
    def acked(ack: Callable, **kwargs) -> None:
        ack()
        deps_in(kwargs).background.submit(answering, ack=_noop, **kwargs)

    def answering(**kwargs) -> None:
        # Bolt's error handler never sees what fails after the ack: answer here alike.
        try:
            listener(**kwargs)
        except Exception as error:  # noqa: BLE001 - logged and answered by bot.failures
            body = kwargs.get("body") or {}
            log_failure(error, f"block_actions {_action_id(body)}")
            context = kwargs.get("context")
            tell_failure(
                deps_in(kwargs),
                error,
                team_id=getattr(context, "team_id", None) or "",
                user_id=str((body.get("user") or {}).get("id") or ""),
                respond=kwargs.get("respond") or getattr(context, "respond", None),
                body=body,
                client=kwargs.get("client"),
            )

    return acked


def _noop(*_args, **_kwargs) -> None:
    return None


def _action_id(body: dict) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id") or "")[:80]
