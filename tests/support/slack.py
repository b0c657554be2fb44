"""Reading what the bot sent to Slack: the text a user reads, the buttons, the outbox key."""

from __future__ import annotations

from typing import Any


def all_text(reply: dict) -> str:
    """Everything a user reads in a message: fallback text and every text in its blocks."""
    parts = [reply.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    parts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(reply.get("blocks") or [])
    return "\n".join(parts)


def buttons(reply: dict) -> dict[str, str]:
    """action_id -> value of every button in a message's actions blocks."""
    found = {}
    for block in reply.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                found[element["action_id"]] = element.get("value")
    return found


def outbox_key(message: dict) -> str | None:
    """The outbox key the bot stamped into a posted message's metadata, if any."""
    return (((message.get("metadata") or {}).get("event_payload")) or {}).get("outbox_key")
