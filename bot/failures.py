"""Every request gets an answer: what a person sees when a listener could not finish.

A payload the app cannot read (StalePayload) is expected now and then: one warning line, and
"this is out of date, open it again". Anything else is a bug: logged with its traceback, and
the person still gets a short apology instead of Slack's generic error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.context.respond import Respond

from bot.i18n import t
from bot.payloads import StalePayload
from bot.views.blocks import reply, result_modal

log = logging.getLogger(__name__)


def log_failure(error: BaseException, what: str) -> None:
    if isinstance(error, StalePayload):
        log.warning("out-of-date payload for %s: %s", what, error)
    else:
        log.error("unhandled error for %s", what, exc_info=error)


def _kind(error: BaseException) -> str:
    return "out_of_date" if isinstance(error, StalePayload) else "unexpected"


def failure_message(error: BaseException, lang: str) -> dict:
    """The reply (text and blocks) for a failed request."""
    return reply(t(f"failure.{_kind(error)}", lang))


def failure_modal(error: BaseException, lang: str) -> dict:
    """A small modal in place of a submitted form (response_action "update")."""
    title = t(f"failure.title.{_kind(error)}", lang)
    return result_modal(lang, title=title, message=failure_message(error, lang))


def responder(respond: Callable | None, body: dict) -> Callable | None:
    """Bolt's `respond`, else one for the body's response_url; None when there is none
    (the Home tab, a global shortcut, a modal)."""
    if respond is not None and getattr(respond, "response_url", "") is not None:
        return respond
    url = body.get("response_url") if isinstance(body, dict) else None
    return Respond(response_url=url) if isinstance(url, str) and url else None


def tell(respond: Callable | None, error: BaseException, lang: str) -> None:
    """Post the failure note to a response_url (run it after the ack); never raises."""
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, **failure_message(error, lang))
    except Exception as exc:  # noqa: BLE001 - the note is a courtesy; its failure is logged
        log.warning("could not post the failure note: %s", exc)
