"""Slack user mentions in command text, as Slack escapes them: ``<@U123ABC>`` or
``<@U123ABC|anna>`` (user ids start with U, or W in Enterprise Grid)."""

from __future__ import annotations

import re

from bot.domain.errors import UserError

MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class MentionError(UserError):
    """Codes: "several_users" (different people mentioned where one is meant)."""


def mentioned_users(text: str) -> list[str]:
    """The user ids mentioned in `text`, in order (repeats kept)."""
    return MENTION_RE.findall(text or "")


def parse_mention(text: str) -> tuple[str | None, str]:
    """(user id, the rest of the text) for text with one mention, however often repeated;
    (None, text) without one. The rest has its whitespace collapsed. Raises MentionError
    several_users when different users are mentioned."""
    users = list(dict.fromkeys(mentioned_users(text)))
    if len(users) > 1:
        raise MentionError("several_users")
    rest = " ".join(MENTION_RE.sub(" ", text or "").split())
    return (users[0] if users else None), rest
