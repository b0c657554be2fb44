"""Block Kit for the weekly check-in: the prompt, the modal, thanks, commands and the digest.

Pure functions returning dicts; user text (notes) is escaped here, plain-text input values stay raw.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from bot.domain.checkins import (
    COUNT_MAX,
    NOTE_MAX,
    REASONS,
    CheckinError,
    ObstacleCount,
    week_start,
)
from bot.domain.errors import UserError
from bot.domain.formatting import format_day
from bot.i18n import MESSAGES, placeholders, t
from bot.views.blocks import button, modal, pack_lines, reply, state_element, state_text, text_input
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.text import escaped, mention, param_text, plural, short_day

OPEN_ACTION = "checkin_open"  # value: the week's Monday (ISO); button in the prompt/reminder DM
MODAL_CALLBACK = "checkin_modal"  # private_metadata: {"week": ISO Monday, "lang"}

BLOCK_PROSPECTS, ACTION_PROSPECTS = "prospects", "prospects_input"
BLOCK_MEETINGS, ACTION_MEETINGS = "meetings", "meetings_input"
BLOCK_REASONS, ACTION_REASONS = "reasons", "reasons_input"  # checkboxes, values in REASONS
BLOCK_NOTE, ACTION_NOTE = "note", "note_input"

FIELD_BLOCKS = {
    "prospects": BLOCK_PROSPECTS,
    "meetings": BLOCK_MEETINGS,
    "reasons": BLOCK_REASONS,
    "note": BLOCK_NOTE,
}

MAX_MESSAGE_BLOCKS = 50
COUNT_INPUT_MAX = 5  # characters of a number input
NOTE_SHOWN = 300  # escaped characters of a note in the digest and in checkin_line
ERROR_PARAM_MAX = 200

# /checkin's error codes -> the command forms shown with them (None: the help's commands)
ERROR_FORMS: dict[str, tuple[str, ...] | None] = {
    "bad_date": ("away",),
    "date_in_past": ("away",),
    "usage": None,
    "not_admin": (),
    "no_user": ("add", "remove"),
    "unknown_user": ("add", "remove"),
    "too_far_back": ("checkin",),
}


@dataclass(frozen=True)
class ObstacleView:
    """A reason with how often it was named (an ObstacleCount without its notes)."""

    reason: str
    count: int


@dataclass(frozen=True)
class RepWeek:
    """One rep in the manager's digest. `trend`: prospects of the last 4 weeks, oldest first
    (None = no check-in)."""

    rep_id: str
    checked_in: bool
    prospects: int | None
    meetings: int | None
    target: int | None
    trend: list[int | None]
    away: bool
    note: str = ""  # raw: the week's check-in note


# --------------------------------------------------------------------------- small builders


def _week_text(monday: date, lang: str) -> str:
    """'week 9 (1 Mar – 7 Mar)'."""
    start = week_start(monday)
    return t(
        "checkin.week",
        lang,
        week=start.isocalendar().week,
        start=short_day(start, lang),
        end=short_day(start + timedelta(days=6), lang),
    )


def _reason_label(reason: str, lang: str) -> str:
    key = f"checkin.reason.{reason}"
    return t(key, lang) if key in MESSAGES else escaped(reason, 50)


def _counts(lang: str, prospects: int, meetings: int) -> dict[str, str]:
    return {
        "prospects": plural("checkin.prospects", lang, prospects),
        "meetings": plural("checkin.meetings", lang, meetings),
    }


def _filled(key: str, lang: str, params: dict | None) -> str:
    """The text for `key` with escaped/formatted params; missing params are left blank."""
    values = {name: "" for name in placeholders(MESSAGES[key]["en"])}
    for name, value in (params or {}).items():
        values[name] = param_text(value, lang, ERROR_PARAM_MAX, day_only=True)
    return t(key, lang, **values)


# --------------------------------------------------------------------------- prompt


def prompt_dm(lang: str, *, monday: date, target: int | None, reminder: bool) -> dict:
    """The weekly DM to a rep with a button that opens the check-in modal; `reminder` is the
    gentle nudge the next working morning when the rep hasn't checked in yet."""
    week = _week_text(monday, lang)
    text = t("checkin.reminder" if reminder else "checkin.prompt", lang, week=week)
    blocks = [_section(text)]
    if not reminder:
        blocks.append(_context(t("checkin.prompt.why", lang)))
    if target is not None:
        blocks.append(_context(t("checkin.target", lang, target=target)))
    value = week_start(monday).isoformat()
    button_ = button(t("checkin.open_button", lang), OPEN_ACTION, value, style="primary")
    blocks.append({"type": "actions", "block_id": f"checkin_open:{value}", "elements": [button_]})
    return {"text": text, "blocks": blocks}


# --------------------------------------------------------------------------- modal


def checkin_modal(lang: str, *, monday: date, values: dict | None, target: int | None) -> dict:
    """The check-in modal for `monday`'s week, prefilled with `values` (checkin_modal_values's
    fields, numbers as int or str) when the rep updates a check-in."""
    values = values or {}
    start = week_start(monday)
    notes = [t("checkin.modal.update", lang)] if values else []
    if target is not None:
        notes.append(t("checkin.target", lang, target=target))
    blocks = [_section(t("checkin.modal.intro", lang, week=_week_text(start, lang)))]
    blocks += [_context("\n".join(notes))] if notes else []
    for field, action in (("prospects", ACTION_PROSPECTS), ("meetings", ACTION_MEETINGS)):
        count = values.get(field)
        blocks.append(
            text_input(
                block_id=FIELD_BLOCKS[field],
                action_id=action,
                label=t(f"checkin.modal.{field}", lang),
                max_length=COUNT_INPUT_MAX,
                optional=False,
                initial=None if count is None or count == "" else str(count),
                hint=t(f"checkin.modal.{field}_hint", lang),
                placeholder=t("checkin.modal.number_placeholder", lang),
            )
        )
    options = [{"text": _plain(_reason_label(reason, lang)), "value": reason} for reason in REASONS]
    checkboxes: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": ACTION_REASONS,
        "options": options,
    }
    chosen = set(values.get("reasons") or ())
    if initial := [option for option in options if option["value"] in chosen]:
        checkboxes["initial_options"] = initial  # Slack rejects an empty one
    blocks.append(
        {
            "type": "input",
            "block_id": BLOCK_REASONS,
            "optional": True,
            "label": _plain(t("checkin.modal.reasons", lang)),
            "element": checkboxes,
            "hint": _plain(t("checkin.modal.reasons_hint", lang)),
        }
    )
    blocks.append(
        text_input(
            block_id=BLOCK_NOTE,
            action_id=ACTION_NOTE,
            label=t("checkin.modal.note", lang),
            max_length=NOTE_MAX,
            optional=True,
            multiline=True,
            initial=values.get("note") or None,
        )
    )
    return modal(
        callback_id=MODAL_CALLBACK,
        title=t("checkin.modal.title", lang),
        submit=t("checkin.modal.submit", lang),
        close=t("checkin.modal.close", lang),
        private_metadata=json.dumps({"week": start.isoformat(), "lang": lang}),
        blocks=blocks,
    )


def checkin_modal_values(state_values: dict) -> dict:
    """{"prospects": str | None, "meetings": str | None, "reasons": list[str],
    "note": str | None}: texts stripped, None when empty; reasons as ticked."""
    selected = (
        state_element(state_values, BLOCK_REASONS, ACTION_REASONS).get("selected_options") or []
    )
    return {
        "prospects": state_text(state_values, BLOCK_PROSPECTS, ACTION_PROSPECTS),
        "meetings": state_text(state_values, BLOCK_MEETINGS, ACTION_MEETINGS),
        "reasons": [option["value"] for option in selected if option.get("value")],
        "note": state_text(state_values, BLOCK_NOTE, ACTION_NOTE),
    }


def checkin_errors(lang: str, errors: Any) -> dict[str, str]:
    """block_id -> message for ack(response_action="errors"), from a CheckinError or its
    `errors` dict; unknown codes get a generic message."""
    errors = getattr(errors, "errors", errors) or {}
    messages = {}
    for field, (code, params) in errors.items():
        key = f"checkin.error.{code}"
        if key not in MESSAGES or code in ERROR_FORMS:
            key = "checkin.error.invalid"
        values = dict(params or {})
        if code == "too_large":
            values.setdefault("max", COUNT_MAX)
        messages[FIELD_BLOCKS.get(field, field)] = _filled(key, lang, values)
    return messages


def submission_errors(lang: str, error: UserError) -> dict[str, str]:
    """block_id -> message for a check-in the modal could not save: each invalid field, or
    any other refusal (a week too far back) next to the first field."""
    if isinstance(error, CheckinError):
        return checkin_errors(lang, error.errors)
    return {BLOCK_PROSPECTS: error_text(lang, error.code, error.params)}


def thanks_view(
    lang: str,
    *,
    monday: date,
    prospects: int,
    meetings: int,
    target: int | None,
    streak: int,
    updated: bool,
) -> dict:
    """The modal that replaces the form after saving (response_action="update")."""
    week = _week_text(monday, lang)
    head = t("checkin.thanks.updated" if updated else "checkin.thanks", lang, week=week)
    lines = [t("checkin.thanks.numbers", lang, **_counts(lang, prospects, meetings))]
    if target is not None:
        if prospects >= target:
            lines.append(t("checkin.thanks.target_met", lang, target=target))
        else:
            lines.append(t("checkin.thanks.to_go", lang, left=target - prospects, target=target))
    if streak >= 2:
        lines.append(t("checkin.thanks.streak", lang, count=streak))
    elif streak == 1:
        lines.append(t("checkin.thanks.first", lang))
    return modal(
        callback_id=f"{MODAL_CALLBACK}_thanks",
        title=t("checkin.thanks.title", lang),
        close=t("checkin.thanks.close", lang),
        blocks=[
            _section(head),
            _section("\n".join(lines)),
            _context(t("checkin.thanks.tip", lang)),
        ],
    )


# --------------------------------------------------------------------------- commands


def away_reply(lang: str, *, until: date) -> dict:
    return reply(t("checkin.away", lang, day=format_day(until, lang)))


def back_reply(lang: str) -> dict:
    return reply(t("checkin.back", lang))


def sharing_reply(lang: str, *, shares: bool) -> dict:
    key = "checkin.sharing.on" if shares else "checkin.sharing.off"
    return reply(t(key, lang, **_forms(lang, "share", "private")))


def _forms(lang: str, *names: str) -> dict[str, str]:
    """The command forms `names` as the help's parameters ("away" -> "away_form")."""
    return {f"{name}_form": t(f"checkin.form.{name}", lang) for name in names}


def _help_commands(lang: str) -> str:
    return t(
        "checkin.help.commands", lang, **_forms(lang, "checkin", "away", "back", "share", "private")
    )


def help_reply(lang: str) -> dict:
    return {
        "text": t("checkin.help.fallback", lang),
        "blocks": [
            _section(t("checkin.help.title", lang)),
            _section(t("checkin.help.why", lang)),
            _section(_help_commands(lang)),
            _context(t("checkin.help.admin", lang, **_forms(lang, "add", "remove"))),
        ],
    }


def error_text(lang: str, code: str, params: dict | None) -> str:
    """A friendly mrkdwn message for a /checkin error (see ERROR_FORMS) with the command's right
    form; unknown codes get a generic message with the help."""
    key = f"checkin.error.{code}" if code in ERROR_FORMS else "checkin.error.unknown"
    parts = [_filled(key, lang, params)]
    forms = ERROR_FORMS.get(code)
    if forms is None:  # usage and unknown codes
        parts.append(_help_commands(lang))
    elif forms:
        form = " / ".join(_forms(lang, *forms).values())
        parts.append(t("checkin.error.form", lang, form=form))
    return "\n".join(parts)


def member_reply(lang: str, *, user_id: str, added: bool) -> dict:
    key = "checkin.member.added" if added else "checkin.member.removed"
    return reply(t(key, lang, user=mention(user_id)))


# --------------------------------------------------------------------------- digest


def _rep_line(lang: str, rep: RepWeek) -> str:
    who = mention(rep.rep_id)
    if rep.checked_in:
        prospects = rep.prospects or 0
        target = ""
        if rep.target is not None:
            met = "target_met" if prospects >= rep.target else "target_missed"
            target = t(f"checkin.digest.{met}", lang, target=rep.target)
        counts = _counts(lang, prospects, rep.meetings or 0)
        line = t("checkin.digest.rep_done", lang, rep=who, target=target, **counts)
    elif rep.away:
        line = t("checkin.digest.rep_away", lang, rep=who)
    else:
        line = t("checkin.digest.rep_missing", lang, rep=who)
    if any(value is not None for value in rep.trend):
        trend = " → ".join("–" if value is None else str(value) for value in rep.trend)
        line += " · " + t("checkin.digest.trend", lang, trend=trend)
    if rep.checked_in and (rep.note or "").strip():
        note = escaped(" ".join(rep.note.split()), NOTE_SHOWN)
        line += "\n" + t("checkin.digest.note", lang, note=note)
    return line


def digest_dm(
    lang: str,
    *,
    monday: date,
    reps: list[RepWeek],
    obstacles: Sequence[ObstacleView | ObstacleCount],
    chart_attached: bool,
) -> dict:
    """The manager's Monday DM about `monday`'s week: each rep's numbers, trend and note, then
    the obstacles to remove (both in the order given); at most 50 blocks ("…and N more")."""
    week = _week_text(monday, lang)
    done = [rep for rep in reps if rep.checked_in]
    away = [rep for rep in reps if rep.away and not rep.checked_in]
    expected = len(reps) - len(away)
    head = [_section(t("checkin.digest.title", lang, week=week))]
    if reps:
        counts = _counts(
            lang, sum(rep.prospects or 0 for rep in done), sum(rep.meetings or 0 for rep in done)
        )
        summary = t("checkin.digest.summary", lang, done=len(done), total=expected, **counts)
        if away:
            summary += " · " + t("checkin.digest.away_count", lang, count=len(away))
        head.append(_context(summary))
    else:
        head.append(_section(t("checkin.digest.no_reps", lang, form=t("checkin.form.add", lang))))

    tail: list[dict] = []
    shown = [obstacle for obstacle in obstacles if obstacle.count > 0]
    if shown:
        tail.append(_section(t("checkin.digest.obstacles", lang)))
        lines = [
            t("checkin.digest.obstacle", lang, reason=_reason_label(o.reason, lang), count=o.count)
            for o in shown[: len(REASONS) + 3]
        ]
        tail.append(_section("\n".join(lines)))  # the notes are under the reps
        tail.append(_context(t("checkin.digest.tip", lang)))
    elif done:
        tail.append(_section(t("checkin.digest.no_obstacles", lang)))
    if chart_attached:
        tail.append(_context(t("checkin.digest.chart", lang)))

    budget = MAX_MESSAGE_BLOCKS - len(head) - len(tail)
    lines = [_rep_line(lang, rep) for rep in reps]
    # at least one block of rep lines, even when the obstacles fill the budget
    body = pack_lines(lang, lines, budget=max(budget, 1), more_key="checkin.more") if reps else []
    fallback = t("checkin.digest.fallback", lang, week=week, done=len(done), total=expected)
    return {"text": fallback, "blocks": head + body + tail}


class StoredCheckin(Protocol):
    week: date
    prospects: int
    meetings: int
    reasons: str  # comma-separated reason keys, as stored
    note: str


def stored_checkin_line(lang: str, checkin: StoredCheckin, *, with_note: bool = True) -> str:
    """`checkin_line` of a stored check-in (its note left out when `with_note` is False)."""
    return checkin_line(
        lang,
        monday=checkin.week,
        prospects=checkin.prospects,
        meetings=checkin.meetings,
        reasons=tuple(r for r in checkin.reasons.split(",") if r),
        note=checkin.note if with_note else "",
    )


def checkin_line(
    lang: str, *, monday: date, prospects: int, meetings: int, reasons: tuple[str, ...], note: str
) -> str:
    """One mrkdwn line for the manager's 1:1 nudge or the App Home: "Week 9: 12 prospects,
    2 meetings · held back by: no good leads — “note”" (the note escaped, on one line)."""
    week = week_start(monday).isocalendar().week
    line = t("checkin.line", lang, week=week, **_counts(lang, prospects, meetings))
    if reasons:
        labels = [_reason_label(reason, lang) for reason in dict.fromkeys(reasons)]
        lowered = ", ".join(label[:1].lower() + label[1:] for label in labels)
        line += t("checkin.line.reasons", lang, reasons=lowered)
    if (note or "").strip():
        line += t("checkin.line.note", lang, note=escaped(note, NOTE_SHOWN))
    return line


def chart_alt_text(
    lang: str, series: Sequence[tuple[str, list[int | None], int | None]], weeks: list[str]
) -> str:
    """The digest's chart in words: each rep's prospects per week ("–" for no check-in) and
    their weekly target."""
    reps = []
    for name, values, target in series:
        shown = ", ".join("–" if v is None else str(v) for v in values)
        if target is None:
            reps.append(t("checkin.chart.alt_rep", lang, name=name, values=shown))
        else:
            reps.append(t("checkin.chart.alt_target", lang, name=name, values=shown, target=target))
    span = f"{weeks[0]} – {weeks[-1]}" if weeks else ""
    return t("checkin.chart.alt", lang, weeks=span, reps="; ".join(reps) or "–")
