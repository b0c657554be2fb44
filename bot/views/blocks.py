"""Block Kit primitives shared by the view builders."""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import t
from bot.views.text import truncate

SECTION_MAX = 3000  # Slack's limit for a section's text
MAX_MODAL_BLOCKS = 100


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_MAX)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def reply(text: str, *more: dict) -> dict:
    """A message of `text` as one section, then the `more` blocks."""
    return {"text": text, "blocks": [section(text), *more]}


MODAL_TITLE_MAX = 24  # Slack's limit for a modal's title, submit and close labels


def modal(
    *,
    title: str,
    blocks: list[dict],
    callback_id: str | None = None,
    submit: str | None = None,
    close: str | None = None,
    private_metadata: str | None = None,
    notify_on_close: bool = False,
) -> dict:
    """The one modal envelope: labels cut to Slack's limits, at most 100 blocks."""
    view: dict = {"type": "modal"}
    if callback_id is not None:
        view["callback_id"] = callback_id
    view["title"] = plain(truncate(title, MODAL_TITLE_MAX))
    if submit is not None:
        view["submit"] = plain(truncate(submit, MODAL_TITLE_MAX))
    if close is not None:
        view["close"] = plain(truncate(close, MODAL_TITLE_MAX))
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    if notify_on_close:
        view["notify_on_close"] = True
    view["blocks"] = blocks[:MAX_MODAL_BLOCKS]
    return view


def error_reply(text: str) -> dict:
    """The one shape of an answer to a user's mistake (from the feature's `error_text`)."""
    return reply(text)


def result_modal(lang: str, *, title: str, message: dict) -> dict:
    """A modal showing a reply in place of the submitted form (response_action "update")."""
    return modal(title=title, close=t("dash.modal.close", lang), blocks=message["blocks"])


def button(
    text: str,
    action_id: str,
    value: str | None,
    *,
    style: str | None = None,
    confirm: dict | None = None,
) -> dict:
    """A button; `value` None leaves the value out."""
    out: dict = {"type": "button", "action_id": action_id, "text": plain(text)}
    if value is not None:
        out["value"] = value
    if style:
        out["style"] = style
    if confirm:
        out["confirm"] = confirm
    return out


def text_input(
    *,
    block_id: str,
    action_id: str,
    label: str,
    max_length: int,
    optional: bool | None = None,
    multiline: bool = False,
    initial: str | None = None,
    hint: str | None = None,
    placeholder: str | None = None,
) -> dict:
    """An input block with a plain_text_input; `optional` None leaves the key out (required)."""
    element: dict = {"type": "plain_text_input", "action_id": action_id, "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder)
    block: dict = {"type": "input", "block_id": block_id}
    if optional is not None:
        block["optional"] = optional
    block["label"] = plain(label)
    block["element"] = element
    if hint:
        block["hint"] = plain(hint)
    return block


def joined_sections(lines: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(line, weight) pairs joined with line breaks into texts within SECTION_MAX, as
    (text, summed weight)."""
    out: list[tuple[str, int]] = []
    text, count = "", 0
    for line, weight in lines:
        if text and len(text) + 1 + len(line) > SECTION_MAX:
            out.append((text, count))
            text, count = "", 0
        text = f"{text}\n{line}" if text else line
        count += weight
    if text:
        out.append((text, count))
    return out


def capped_sections(
    texts: list[tuple[str, int]], *, total: int, budget: int, lang: str, more_key: str
) -> list[dict]:
    """A section per (text, weight), at most `budget` blocks; when they don't fit, the last
    ones are left out and a context line, `more_key` with count = total - weight shown, says so."""
    if len(texts) <= budget:
        return [section(text) for text, _ in texts]
    kept = texts[: max(budget - 1, 0)]
    left = total - sum(count for _, count in kept)
    return [section(text) for text, _ in kept] + [context(t(more_key, lang, count=left))]


def pack_lines(lang: str, lines: list[str], *, budget: int, more_key: str) -> list[dict]:
    """`lines` joined into sections (see joined_sections), capped (see capped_sections)."""
    texts = joined_sections((line, 1) for line in lines)
    return capped_sections(texts, total=len(lines), budget=budget, lang=lang, more_key=more_key)


def state_element(state_values: dict | None, block_id: str, action_id: str) -> dict:
    """The submitted element of a modal's view["state"]["values"], or {}."""
    return ((state_values or {}).get(block_id) or {}).get(action_id) or {}


def state_text(state_values: dict | None, block_id: str, action_id: str) -> str | None:
    """A submitted text input, stripped; None when empty or missing."""
    value = (state_element(state_values, block_id, action_id).get("value") or "").strip()
    return value or None
