"""Who is asking: the language to answer in, learned from Slack once a day."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.quicklog import normalize_locale
from bot.failures import log_failure, responder, tell
from bot.i18n import language_of
from bot.jobs.people import fetch_profile
from storage import users as user_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asker:
    """How to talk to a user: the bot language and the Babel locale to read their numbers in."""

    lang: str
    number_locale: str
    # False when we have not asked Slack about this user for a day (or ever).
    known: bool


def asker(deps: Deps, team_id: str, user_id: str) -> Asker:
    """What we know of this user's language, from the database (no Slack call)."""
    user = deps.profiles.get(
        deps.session_factory, team_id=team_id, user_id=user_id, now=deps.clock()
    )
    locale = user.locale if user else None
    # Without a known Slack locale, numbers are read the way the team's language writes them.
    return Asker(
        lang=language_of(locale, deps.settings.bot_locale),
        number_locale=normalize_locale(locale or deps.settings.bot_locale),
        known=user_store.profile_is_fresh(user, deps.clock()),
    )


def user_locale(deps: Deps, team_id: str, user_id: str) -> tuple[str, str]:
    """(bot language, Babel locale for parsing numbers) for this user."""
    who = asker(deps, team_id, user_id)
    return who.lang, who.number_locale


def refresh_profile(deps: Deps, client: WebClient, team_id: str, user_id: str) -> None:
    """Ask Slack for the user's locale and time zone unless we learned them recently."""
    if fetch_profile(deps.session_factory, client, team_id, user_id, now=deps.clock()) is True:
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)


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

    deps.background.submit(later)


def after_ack(deps: Deps) -> Callable[[Callable], Callable]:
    """Decorate a button listener: ack at once, run the listener on the background pool.

    With process_before_response the HTTP answer waits for the listener to return; button
    work (database, users.info, response_url posts) belongs after it. Bolt reads the wrapped
    function's parameters (it unwraps), so injection works as usual; `ack` becomes a no-op.
    """

    def decorate(listener: Callable) -> Callable:
        @functools.wraps(listener)
        def acked(ack: Callable, **kwargs) -> None:
            ack()
            deps.background.submit(answering, ack=_noop, **kwargs)

        def answering(**kwargs) -> None:
            # Bolt's error handler never sees what fails after the ack: answer here alike.
            try:
                listener(**kwargs)
            except Exception as error:  # noqa: BLE001 - logged and answered by bot.failures
                body = kwargs.get("body") or {}
                log_failure(error, f"block_actions {_action_id(body)}")
                user_id = (body.get("user") or {}).get("id") or ""
                context = kwargs.get("context")
                team_id = getattr(context, "team_id", None) or ""
                respond = kwargs.get("respond") or getattr(context, "respond", None)
                tell(responder(respond, body), error, asker(deps, team_id, user_id).lang)

        return acked

    return decorate


def _noop(*_args, **_kwargs) -> None:
    return None


def _action_id(body: dict) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id") or "")[:80]
