"""Block Kit primitives shared by the view builders."""

from __future__ import annotations

from bot.views.text import truncate

SECTION_MAX = 3000  # Slack's limit for a section's text


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_MAX)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}
