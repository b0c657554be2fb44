"""Making user text safe for Slack mrkdwn."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape &, < and > (and nothing else), so `<!channel>` or `<@U1>` in user text pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
