"""Reading what the app wrote itself and Slack hands back: button and select values,
`private_metadata`, datepicker values.

Such a payload is normally exactly what the app wrote, but it may be stale (written by an
older version, about a row that is gone) or forged. Every reader here either returns a value
the database and the domain can take, or raises StalePayload; the app's error handler answers
that with "this is out of date, open it again" (see bot.failures), never with a 500.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

# Ids and counts are stored as 32-bit integers on PostgreSQL.
DB_INT_MAX = 2**31 - 1
# A date read here may get a day added or be turned into a moment: stay clear of date.max.
MIN_YEAR, MAX_YEAR = 1, 9998
# Anything the app writes into a value or private_metadata is far shorter.
MAX_PAYLOAD_TEXT = 3000

TypeSpec = type | tuple[type, ...]
_INT_RE = re.compile(r"-?[0-9]{1,12}")
# Slack's own ids (view id, trigger_id) that become part of a stored key.
_SLACK_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")
# What Slack's user ids look like (U…, W… for Enterprise Grid).
USER_ID_RE = re.compile(r"[UW][A-Z0-9]{1,30}")


class StalePayload(Exception):
    """A payload the app wrote itself cannot be read: out of date, or tampered with."""


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise StalePayload(f"{field}: expected text, got {type(value).__name__}")
    if len(value) > MAX_PAYLOAD_TEXT:
        raise StalePayload(f"{field}: {len(value)} characters")
    return value


def read_int(value: object, *, field: str, low: int = 1, high: int = DB_INT_MAX) -> int:
    """A whole number in [low, high] (default: a database id), from digits or a JSON int."""
    if isinstance(value, bool):
        raise StalePayload(f"{field}: a boolean is not a number")
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, field).strip()
        # int() also takes "+1", "1_000" and non-ASCII digits: the app writes none of them.
        if not _INT_RE.fullmatch(text):
            raise StalePayload(f"{field}: {text[:40]!r} is not a number")
        number = int(text)
    if not low <= number <= high:
        raise StalePayload(f"{field}: {number} is out of range")
    return number


def read_ints(value: object, *, field: str, count: int, sep: str = ":") -> tuple[int, ...]:
    """`count` ids joined by `sep`, e.g. "12:7" (each checked like read_int)."""
    parts = _text(value, field).split(sep)
    if len(parts) != count:
        raise StalePayload(f"{field}: expected {count} parts")
    return tuple(read_int(part, field=field) for part in parts)


def read_date(value: object, *, field: str = "date") -> date:
    """An ISO date (YYYY-MM-DD) in years 1..9998, so a day or a week can always be added."""
    text = _text(value, field).strip()
    if len(text) != 10:
        raise StalePayload(f"{field}: {text[:40]!r} is not an ISO date")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise StalePayload(f"{field}: {text!r} is not an ISO date") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise StalePayload(f"{field}: {text!r} is out of range")
    return day


def read_choice(value: object, allowed: Collection[str], *, field: str = "choice") -> str:
    """One of the `allowed` values (a select's or radio button's option)."""
    if not isinstance(value, str) or value not in allowed:
        shown = value[:40] if isinstance(value, str) else type(value).__name__
        raise StalePayload(f"{field}: {shown!r} is not one of the options")
    return value


def read_slack_id(value: object, *, field: str) -> str:
    """An id Slack made (a view id, a trigger_id) that goes into a stored key."""
    if not isinstance(value, str) or not _SLACK_ID_RE.fullmatch(value):
        raise StalePayload(f"{field} is not a Slack id")
    return value


def read_user_id(value: object, *, field: str) -> str:
    """A Slack user id (a users_select's choice)."""
    if not isinstance(value, str) or not USER_ID_RE.fullmatch(value):
        raise StalePayload(f"{field} is not a user id")
    return value


def read_metadata(
    view: Mapping[str, Any],
    required: Mapping[str, TypeSpec] | None = None,
    optional: Mapping[str, TypeSpec] | None = None,
) -> dict[str, Any]:
    """A view's private_metadata: a JSON object whose `required` keys are present and whose
    `required` and `optional` keys have the given types (bool never counts as int). An empty
    private_metadata counts as {}; other keys are passed through untouched."""
    raw = view.get("private_metadata") if isinstance(view, Mapping) else None
    raw = raw or "{}"
    text = _text(raw, "private_metadata")
    try:
        meta = json.loads(text)
    except ValueError:
        raise StalePayload("private_metadata is not JSON") from None
    if not isinstance(meta, dict):
        raise StalePayload(f"private_metadata is a JSON {type(meta).__name__}, not an object")
    for key in required or {}:
        if key not in meta:
            raise StalePayload(f"private_metadata lacks {key!r}")
    for key, spec in {**(optional or {}), **(required or {})}.items():
        if key in meta and not _is(meta[key], spec):
            raise StalePayload(f"private_metadata {key!r} is a {type(meta[key]).__name__}")
    return meta


def _is(value: object, spec: TypeSpec) -> bool:
    types = spec if isinstance(spec, tuple) else (spec,)
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def read_lang(meta: Mapping[str, Any], languages: Collection[str]) -> str | None:
    """The "lang" the app put in private_metadata, or None when there is none."""
    lang = meta.get("lang")
    return None if lang is None else read_choice(lang, languages, field="lang")


@contextmanager
def reading(field: str) -> Iterator[None]:
    """Turn the errors of a view helper that reads a payload (int(), a missing key, a value
    of the wrong type) into StalePayload."""
    try:
        yield
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise StalePayload(f"{field}: {type(error).__name__}: {str(error)[:80]}") from None


# ------------------------------------------------------------------ requests, read once


@dataclass(frozen=True)
class Click:
    """A button press (or select) as a listener needs it: who, where, and the value."""

    team_id: str
    user_id: str
    value: str  # the button's value ("" for none)
    trigger_id: str  # "" when Slack sent none
    channel_id: str | None  # None on the Home tab and in modals
    view_id: str | None  # the modal or Home view the button sits in, if any


def read_click(body: Mapping[str, Any], action: Mapping[str, Any], context: Mapping) -> Click:
    """The parts of a block_actions payload every button listener reads."""
    value = action.get("value") if isinstance(action, Mapping) else None
    if value is None and isinstance(action, Mapping):
        selected = action.get("selected_option")
        value = selected.get("value") if isinstance(selected, Mapping) else None
    return Click(
        team_id=_team_of(body, context),
        user_id=_user_of(body),
        value=_text(value, "value") if value is not None else "",
        trigger_id=str(body.get("trigger_id") or ""),
        channel_id=_id_in(body.get("channel")),
        view_id=_id_in(body.get("view")),
    )


@dataclass(frozen=True)
class Submission:
    """A modal submitted: who, the view's state values and its private_metadata."""

    team_id: str
    user_id: str
    view_id: str
    values: dict[str, Any]  # view.state.values
    meta: dict[str, Any]  # private_metadata, checked against `required` and `optional`


def read_submission(
    body: Mapping[str, Any],
    view: Mapping[str, Any],
    context: Mapping,
    *,
    required: Mapping[str, TypeSpec] | None = None,
    optional: Mapping[str, TypeSpec] | None = None,
) -> Submission:
    """The parts of a view_submission payload every modal listener reads."""
    state = view.get("state") if isinstance(view, Mapping) else None
    values = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(values, dict):
        raise StalePayload("the view has no state values")
    return Submission(
        team_id=_team_of(body, context),
        user_id=_user_of(body),
        view_id=str(view.get("id") or ""),
        values=values,
        meta=read_metadata(view, required, optional),
    )


def _team_of(body: Mapping[str, Any], context: Mapping) -> str:
    team = body.get("team")
    return str(
        context.get("team_id") or (team.get("id") if isinstance(team, Mapping) else "") or ""
    )


def _user_of(body: Mapping[str, Any]) -> str:
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, Mapping) else None
    if not isinstance(user_id, str) or not user_id:
        raise StalePayload("the payload names no user")
    return user_id


def _id_in(value: object) -> str | None:
    found = value.get("id") if isinstance(value, Mapping) else None
    return found if isinstance(found, str) and found else None


# ---------------------------------------------------------------------------- NUL bytes


def strip_nul(body: Any) -> Any:
    """`body` with every NUL byte removed from its text (keys too), changing dicts and lists
    in place (PostgreSQL text cannot hold NUL; SQLite would store it). Iterative: a deeply
    nested body cannot exhaust the stack."""
    if isinstance(body, str):
        return body.replace("\x00", "")
    stack: list[dict | list] = [body] if isinstance(body, (dict, list)) else []
    while stack:
        node = stack.pop()
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in items:
            if isinstance(value, str):
                if "\x00" in value:
                    node[key] = value.replace("\x00", "")
            elif isinstance(value, (dict, list)):
                stack.append(value)
            if isinstance(node, dict) and isinstance(key, str) and "\x00" in key:
                node[key.replace("\x00", "")] = node.pop(key)
    return body
