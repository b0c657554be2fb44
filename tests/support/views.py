"""Reading the Block Kit messages that view functions build, without HTTP."""

from __future__ import annotations


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def texts_of(message: dict) -> str:
    """Every string in the blocks (texts, labels, values), one per line."""
    return "\n".join(_strings(message["blocks"]))


def button_elements(message: dict) -> list[dict]:
    """Every button element: in actions blocks and beside section text."""
    found = []
    for block in message["blocks"]:
        if block["type"] == "actions":
            found.extend(block["elements"])
        elif (block.get("accessory") or {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def check_message_limits(message: dict) -> None:
    """Slack's limits on a message: text, block count, unique block ids, section and button sizes."""
    assert set(message) == {"text", "blocks"}
    assert message["text"] and len(message["text"]) < 4000
    assert 0 < len(message["blocks"]) <= 50
    block_ids = [b["block_id"] for b in message["blocks"] if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in message["blocks"]:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
        if block["type"] == "actions":
            assert 0 < len(block["elements"]) <= 25
    for button in button_elements(message):
        assert len(button["text"]["text"]) <= 75
        assert len(button["value"]) <= 2000
