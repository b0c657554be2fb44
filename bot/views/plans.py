"""Block Kit for the yearly account plan: the modal, the plan as shown, the manager's review.

Pure functions returning dicts. Segment and approach are raw user text, escaped here; money
arrives formatted. The texts call the plan a coaching tool, not micro-management.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from bot.domain.formatting import babel_locale, format_day, format_when
from bot.domain.plans import FIELDS, PACE_STATUSES, QUARTERS
from bot.i18n import MESSAGES, placeholders, t
from bot.views.blocks import (
    button,
    error_reply,
    modal,
    reply,
    result_modal,
    state_element,
    state_text,
    text_input,
)
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.text import day_text, escape, escaped, escaped_lines, mention

PLAN_MODAL_CALLBACK = "accountplan_modal"  # private_metadata: {"year", "lang", "channel_id"}
AGREE_ACTION = "accountplan_agree"  # value: f"{plan_id}:{version}"; in the manager's DM
DISCUSS_ACTION = "accountplan_discuss"  # value: f"{plan_id}:{version}"
EDIT_ACTION = "accountplan_edit"  # value: str(year); opens the modal
SHARE_ACTION = "accountplan_share"  # value: f"{plan_id}:on" or f"{plan_id}:off"

# A field's block_id is its name; every input's action_id is its block_id + "_input".
BLOCK_TARGET, ACTION_TARGET = "target", "target_input"
BLOCK_SEGMENT, ACTION_SEGMENT = "segment", "segment_input"
BLOCK_VALUE, ACTION_VALUE = "value", "value_input"
BLOCK_BASIS, ACTION_BASIS = "basis", "basis_input"  # radio buttons "total" / "per_client"
BLOCK_APPROACH, ACTION_APPROACH = "approach", "approach_input"
BLOCK_Q1, ACTION_Q1 = "q1", "q1_input"
BLOCK_Q2, ACTION_Q2 = "q2", "q2_input"
BLOCK_Q3, ACTION_Q3 = "q3", "q3_input"
BLOCK_Q4, ACTION_Q4 = "q4", "q4_input"
BLOCK_OUTREACH, ACTION_OUTREACH = "outreach", "outreach_input"  # new prospects a week
BLOCK_SHARED, ACTION_SHARED = "shared", "shared_input"  # checkboxes, one option "shared"
SHARED_OPTION = "shared"

QUARTER_BLOCKS = (
    (BLOCK_Q1, ACTION_Q1),
    (BLOCK_Q2, ACTION_Q2),
    (BLOCK_Q3, ACTION_Q3),
    (BLOCK_Q4, ACTION_Q4),
)

FIELD_BLOCKS = {name: name for name in (*FIELDS, BLOCK_BASIS)}

BASES = ("total", "per_client")
MAX_MESSAGE_BLOCKS = 50
TARGET_INPUT_MAX = 6  # characters of the target / milestone inputs
SEGMENT_INPUT_MAX = 300
VALUE_INPUT_MAX = 50
APPROACH_INPUT_MAX = 3000
APPROACH_SHOWN = 2500  # escaped characters of the approach shown in a message
SEGMENT_SHOWN = 500
ERROR_PARAM_MAX = 200


@dataclass(frozen=True)
class PlanView:
    """One account plan as shown. `segment` and `approach` are raw user text."""

    plan_id: int
    year: int
    rep_id: str
    status: str  # "draft" | "agreed"
    shared: bool
    target_clients: int
    segment: str
    value: str | None  # formatted money, e.g. "€ 250.000"
    value_basis: str | None  # "per_client" | "total"
    approach: str
    milestones: tuple[int | None, int | None, int | None, int | None]
    version: int
    changed_by: str
    changed_at: datetime  # aware
    manager_id: str | None
    agreed_by: str | None = None
    agreed_at: datetime | None = None
    weekly_outreach: int | None = None  # the check-in target; None: derived from the target


@dataclass(frozen=True)
class ProgressView:
    won: int
    target: int
    expected: float  # where the rep should be by today
    status: str  # "ahead" | "on_track" | "behind" | "done"
    value_won: str | None  # formatted money or None
    phase: str = "running"  # "upcoming" | "running" | "ended" (domain.plan_phase)
    year: int = 0  # the plan's year (named in the upcoming and ended lines)


@dataclass(frozen=True)
class SavedPlan:
    """A plan saved from the form: its status now, who was asked to agree."""

    year: int
    status: str  # "draft" | "agreed"
    manager_id: str | None
    changed_agreed: bool  # an agreed plan was changed: a draft again


@dataclass(frozen=True)
class ShownPlan:
    """What `/accountplan` shows: a plan with its progress, or (plan None) that `rep_id` has
    no plan for `year` yet. `offer_year` and `also_year` only for the rep's own plan."""

    rep_id: str
    year: int
    plan: PlanView | None
    progress: ProgressView | None
    offer_year: int | None = None
    also_year: int | None = None


# --------------------------------------------------------------------------- small builders


def _number(value: float | int | Decimal, lang: str) -> str:
    return format_decimal(value, format="#,##0.#", locale=babel_locale(lang))


# --------------------------------------------------------------------------- the modal


def plan_modal(
    lang: str,
    *,
    year: int,
    values: dict[str, str] | None = None,
    shared: bool = False,
    number_locale_hint: str = "",
    channel_id: str | None = None,
) -> dict:
    """The modal to write or edit the plan of `year`, prefilled with `values` (raw text by
    field); `number_locale_hint` is added to the value's hint."""
    values = values or {}

    def modal_text(name: str) -> str:
        return t(f"accountplan.modal.{name}", lang)

    def text(block_id: str, max_length: int, *, optional=False, label="", **more: Any) -> dict:
        """A text input labelled accountplan.modal.<block_id> unless `label` is given."""
        return text_input(
            block_id=block_id,
            action_id=f"{block_id}_input",
            label=label or t(f"accountplan.modal.{block_id}", lang, year=year),
            max_length=max_length,
            optional=optional,
            initial=values.get(block_id),
            **more,
        )

    def quarter(index: int, block_id: str) -> dict:
        label = t("accountplan.modal.quarter", lang, quarter=index, year=year)
        return text(block_id, TARGET_INPUT_MAX, optional=True, label=label)

    options = [{"text": _plain(modal_text(f"basis_{basis}")), "value": basis} for basis in BASES]
    chosen = values.get("basis")
    basis: dict = {"type": "radio_buttons", "action_id": ACTION_BASIS, "options": options}
    basis["initial_option"] = options[BASES.index(chosen) if chosen in BASES else 0]
    option = {
        "text": _plain(modal_text("shared_option")),
        "description": _plain(modal_text("shared_description")),
        "value": SHARED_OPTION,
    }
    ticks: dict = {"type": "checkboxes", "action_id": ACTION_SHARED, "options": [option]}
    if shared:
        ticks["initial_options"] = [option]
    value_hint = f"{modal_text('value_hint')} {number_locale_hint}".rstrip()
    blocks = [
        _section(t("accountplan.modal.intro", lang, year=year)),
        _context(modal_text("help")),
        text(BLOCK_TARGET, TARGET_INPUT_MAX, placeholder=modal_text("target_placeholder")),
        text(BLOCK_SEGMENT, SEGMENT_INPUT_MAX, placeholder=modal_text("segment_placeholder")),
        text(BLOCK_VALUE, VALUE_INPUT_MAX, optional=True, hint=value_hint),
        _choice(BLOCK_BASIS, modal_text("basis"), basis),
        text(BLOCK_APPROACH, APPROACH_INPUT_MAX, multiline=True, hint=modal_text("approach_hint")),
        _section(modal_text("milestones")),
        *(quarter(index, block_id) for index, block_id in enumerate(QUARTERS, start=1)),
        text(BLOCK_OUTREACH, TARGET_INPUT_MAX, optional=True, hint=modal_text("outreach_hint")),
        _choice(BLOCK_SHARED, modal_text("shared"), ticks),
    ]
    return modal(
        callback_id=PLAN_MODAL_CALLBACK,
        title=t("accountplan.modal.title", lang, year=year),
        submit=modal_text("submit"),
        close=modal_text("close"),
        private_metadata=json.dumps({"year": year, "lang": lang, "channel_id": channel_id}),
        blocks=blocks,
    )


def _choice(block_id: str, label: str, element: dict) -> dict:
    """An optional input block of radio buttons or checkboxes."""
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": _plain(label),
        "element": element,
    }


def plan_modal_values(state_values: dict) -> dict[str, str | None]:
    """The submitted fields: texts stripped (None when empty), basis "total" / "per_client"
    (None otherwise), shared "yes" when ticked (else None)."""
    out = {name: state_text(state_values, name, f"{name}_input") for name in FIELDS}
    selected = state_element(state_values, BLOCK_BASIS, ACTION_BASIS).get("selected_option") or {}
    ticked = state_element(state_values, BLOCK_SHARED, ACTION_SHARED).get("selected_options") or []
    out["basis"] = selected.get("value") if selected.get("value") in BASES else None
    out["shared"] = "yes" if any(tick.get("value") == SHARED_OPTION for tick in ticked) else None
    return out


USER_PARAMS = frozenset({"rep", "manager", "user"})
# Refusals of the commands and buttons (PlanRefusal's codes); other codes are a field's.
REFUSAL_KEYS = {
    "not_allowed": "accountplan.not_allowed",
    "changed_since": "accountplan.changed_since",
}


def _error_param(value: object, lang: str, *, name: str = "") -> str:
    if name in USER_PARAMS and isinstance(value, str):
        return mention(value)
    if isinstance(value, bool) or (name == "year" and isinstance(value, int)):
        return str(value)
    if isinstance(value, datetime):
        return format_when(value, lang)
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, int | float | Decimal):
        return _number(value, lang)
    return escaped(str(value), ERROR_PARAM_MAX)


def plan_errors(lang: str, errors: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """block_id -> message for PlanError.errors: the field's own text for the code, else the
    code's, else a generic one."""
    return {
        FIELD_BLOCKS.get(field, field): _filled(
            lang, params, f"accountplan.error.{field}.{code}", f"accountplan.error.{code}"
        )
        for field, (code, params) in errors.items()
    }


def error_text(lang: str, code: str, params: dict | None) -> str:
    """The message for a PlanRefusal's code or a field's (as in plan_errors, without the field)."""
    return _filled(lang, params, REFUSAL_KEYS.get(code, ""), f"accountplan.error.{code}")


def _filled(lang: str, params: dict | None, *keys: str) -> str:
    """The text of the first of `keys` there is (else a generic one) with its params: text
    escaped, numbers and dates formatted, users mentioned, missing params left blank."""
    key = next((key for key in keys if key in MESSAGES), "accountplan.error.unknown")
    values = dict.fromkeys(placeholders(MESSAGES[key]["en"]), "")
    values.update(
        {name: _error_param(value, lang, name=name) for name, value in (params or {}).items()}
    )
    return t(key, lang, **values)


# --------------------------------------------------------------------------- the plan shown


def _status_text(lang: str, plan: PlanView) -> str:
    if plan.status == "agreed":
        if plan.agreed_by and plan.agreed_at is not None:
            return t(
                "accountplan.status.agreed",
                lang,
                user=mention(plan.agreed_by),
                date=day_text(plan.agreed_at, lang),
            )
        return t("accountplan.status.agreed_plain", lang)
    if plan.manager_id:
        return t("accountplan.status.draft", lang, manager=mention(plan.manager_id))
    return t("accountplan.status.draft_no_manager", lang)


def _fields_text(lang: str, plan: PlanView) -> str:
    lines = [
        t("accountplan.field.target", lang, count=plan.target_clients),
        t("accountplan.field.segment", lang, segment=escaped(plan.segment, SEGMENT_SHOWN)),
    ]
    if plan.value:
        basis = plan.value_basis if plan.value_basis in BASES else "plain"
        lines.append(t(f"accountplan.field.value.{basis}", lang, value=escape(plan.value)))
    milestones = [
        t("accountplan.milestone", lang, quarter=index, count=count)
        for index, count in enumerate(plan.milestones, start=1)
        if count is not None
    ]
    if milestones:
        lines.append(t("accountplan.field.milestones", lang, milestones=" · ".join(milestones)))
    if plan.weekly_outreach:
        lines.append(t("accountplan.field.outreach", lang, count=plan.weekly_outreach))
    return "\n".join(lines)


def progress_text(lang: str, progress: ProgressView) -> str:
    """One mrkdwn line: won against target with the pace; before the plan's year when counting
    starts, after it the result."""
    if progress.phase == "upcoming":
        return t("accountplan.progress.upcoming", lang, year=progress.year)
    counts = {"won": progress.won, "target": progress.target}
    if progress.phase == "ended":
        parts = [t("accountplan.progress.ended", lang, year=progress.year, **counts)]
        if progress.status == "done":
            parts.append(t("accountplan.result.done", lang))
    else:
        parts = [t("accountplan.progress", lang, **counts)]
        if progress.status in PACE_STATUSES:
            expected = _number(round(progress.expected, 1), lang)
            parts.append(t(f"accountplan.pace.{progress.status}", lang, expected=expected))
    if progress.value_won:
        parts.append(t("accountplan.progress.value", lang, value=escape(progress.value_won)))
    return " · ".join(parts)


def _version_text(lang: str, plan: PlanView) -> str:
    line = t(
        "accountplan.version",
        lang,
        version=plan.version,
        user=mention(plan.changed_by),
        date=day_text(plan.changed_at, lang),
    )
    visibility = t(f"accountplan.visibility.{'shared' if plan.shared else 'private'}", lang)
    return f"{line} · {visibility}"


def _plan_title(lang: str, plan: PlanView, viewer_id: str | None) -> str:
    if viewer_id is not None and viewer_id == plan.rep_id:
        return t("accountplan.title.own", lang, year=plan.year)
    return t("accountplan.title.other", lang, rep=mention(plan.rep_id), year=plan.year)


def _plan_blocks(
    lang: str, plan: PlanView, progress: ProgressView | None, *, viewer_id: str | None
) -> list[dict]:
    """Title, status, fields, approach, progress and the version line (no buttons)."""
    blocks = [
        _section(f"{_plan_title(lang, plan, viewer_id)}\n{_status_text(lang, plan)}"),
        _section(_fields_text(lang, plan)),
    ]
    approach = escaped_lines(plan.approach, APPROACH_SHOWN, paragraphs=True)
    if approach:
        blocks.append(_section(t("accountplan.field.approach", lang, approach=approach)))
    if progress is not None:
        blocks.append(_section(progress_text(lang, progress)))
    blocks.append(_context(_version_text(lang, plan)))
    return blocks


def plan_message(
    lang: str,
    plan: PlanView,
    progress: ProgressView | None,
    *,
    viewer_id: str,
    can_edit: bool,
    offer_year: int | None = None,
    also_year: int | None = None,
) -> dict:
    """The plan as an ephemeral reply (or blocks for the Home tab): status, fields, approach,
    milestones, progress and pace, version; Edit when `can_edit`, Share/Stop sharing for
    the rep. `offer_year`: a year without a plan yet, offered with a button to write it (the
    turn of the year); `also_year`: another year's plan, pointed to."""
    blocks = offer_blocks(lang, offer_year) if offer_year is not None else []
    blocks += _plan_blocks(lang, plan, progress, viewer_id=viewer_id)
    if also_year is not None:
        blocks.append(_context(t("accountplan.also", lang, year=also_year)))
    buttons = []
    if can_edit:
        buttons.append(button(t("accountplan.button.edit", lang), EDIT_ACTION, str(plan.year)))
    if viewer_id == plan.rep_id:
        label, flag = ("unshare", "off") if plan.shared else ("share", "on")
        share = t(f"accountplan.button.{label}", lang)
        buttons.append(button(share, SHARE_ACTION, f"{plan.plan_id}:{flag}"))
    if buttons:
        blocks.append(_actions(f"accountplan:{plan.plan_id}", *buttons))
    return {
        "text": t("accountplan.fallback", lang, rep=mention(plan.rep_id), year=plan.year),
        "blocks": blocks[:MAX_MESSAGE_BLOCKS],
    }


def shown_reply(lang: str, shown: ShownPlan, *, viewer_id: str) -> dict:
    """What `/accountplan` answers: the plan (the rep may edit their own), or that there is
    none yet (for yourself with a button to write it)."""
    own = viewer_id == shown.rep_id
    if shown.plan is None:
        return no_plan_reply(lang, rep_id=None if own else shown.rep_id, year=shown.year)
    return plan_message(
        lang,
        shown.plan,
        shown.progress,
        viewer_id=viewer_id,
        can_edit=own,
        offer_year=shown.offer_year,
        also_year=shown.also_year,
    )


# --------------------------------------------------------------------------- agreeing


def manager_review_dm(lang: str, plan: PlanView, *, previous_status: str | None) -> dict:
    """The DM asking the manager to agree a saved plan or discuss it in the 1:1; it says whether
    the plan is new (`previous_status` None), an updated draft, or changed since agreed."""
    kind = {None: "new", "agreed": "changed_agreed"}.get(previous_status, "updated")
    rep = mention(plan.rep_id)
    version = f"{plan.plan_id}:{plan.version}"  # agreeing to what this DM shows, not a later one
    agree = button(t("accountplan.button.agree", lang), AGREE_ACTION, version, style="primary")
    discuss = button(t("accountplan.button.discuss", lang), DISCUSS_ACTION, version)
    return {
        "text": t("accountplan.review.fallback", lang, rep=rep, year=plan.year),
        "blocks": [
            _section(t(f"accountplan.review.{kind}", lang, rep=rep, year=plan.year)),
            *_plan_blocks(lang, plan, None, viewer_id=None),
            _context(t("accountplan.review.tip", lang)),
            _actions(f"accountplan_review:{plan.plan_id}", agree, discuss),
        ],
    }


def agreed_reply(lang: str, *, rep_id: str, year: int) -> dict:
    """Replaces the manager's DM buttons after Agree."""
    return reply(t("accountplan.agreed", lang, rep=mention(rep_id), year=year))


def discuss_reply(lang: str, *, rep_id: str, year: int) -> dict:
    """Replaces the manager's DM buttons after Discuss in our 1:1."""
    return reply(t("accountplan.discuss", lang, rep=mention(rep_id), year=year))


def rep_notified_agreed_dm(lang: str, *, manager_id: str, year: int) -> dict:
    return reply(t("accountplan.rep_agreed", lang, manager=mention(manager_id), year=year))


def rep_notified_discuss_dm(lang: str, *, manager_id: str, year: int) -> dict:
    return reply(t("accountplan.rep_discuss", lang, manager=mention(manager_id), year=year))


def saved_reply(
    lang: str, *, year: int, status: str, manager_id: str | None, changed_agreed: bool
) -> dict:
    """The confirmation after the modal."""
    outcome = "draft_again" if changed_agreed else "agreed" if status == "agreed" else "draft"
    lines = [t(f"accountplan.saved.{outcome}", lang, year=year)]
    if status != "agreed" and manager_id:
        lines.append(t("accountplan.saved.asked", lang, manager=mention(manager_id)))
    elif status != "agreed":
        lines.append(t("accountplan.saved.no_manager", lang))
    return reply("\n".join(lines), _context(t("accountplan.saved.tip", lang)))


def saved_modal(lang: str, saved: SavedPlan) -> dict:
    """The modal's place taken by the confirmation (see saved_reply)."""
    title = t("accountplan.modal.title", lang, year=saved.year)
    return result_modal(lang, title=title, message=saved_reply(lang, **asdict(saved)))


def progress_line(lang: str, *, rep_id: str, year: int, won: int, target: int) -> str:
    """A line for the public celebration of a win (only when the plan is shared)."""
    key = (
        "accountplan.progress_line_done"
        if target > 0 and won >= target
        else "accountplan.progress_line"
    )
    return t(key, lang, won=won, target=target, rep=mention(rep_id), year=year)


# --------------------------------------------------------------------------- other replies


def not_allowed_reply(lang: str) -> dict:
    return error_reply(error_text(lang, "not_allowed", {}))


def no_plan_reply(lang: str, *, rep_id: str | None, year: int) -> dict:
    """ "No plan yet": for yourself (rep_id None) with a button to write it."""
    if rep_id is not None:
        return reply(t("accountplan.no_plan.other", lang, rep=mention(rep_id), year=year))
    return reply(t("accountplan.no_plan.own", lang, year=year), _create_actions(lang, year))


def offer_blocks(lang: str, year: int) -> list[dict]:
    """A line ("On to 2027!") and a button to write the plan for `year` (none yet)."""
    return [_section(t("accountplan.offer", lang, year=year)), _create_actions(lang, year)]


def _create_actions(lang: str, year: int) -> dict:
    """The button that opens the form for a new plan for `year`."""
    label = t("accountplan.button.create", lang, year=year)
    return _actions(
        f"accountplan_create:{year}", button(label, EDIT_ACTION, str(year), style="primary")
    )


def _actions(block_id: str, *buttons: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(buttons)}


def help_reply(lang: str) -> dict:
    return {
        "text": t("accountplan.help.fallback", lang),
        "blocks": [
            _section(t("accountplan.help.title", lang)),
            _section(t("accountplan.help.what", lang)),
            _section(t("accountplan.help.commands", lang)),
            _context(t("accountplan.help.year", lang)),
        ],
    }


def share_reply(lang: str, *, shared: bool) -> dict:
    return reply(t("accountplan.shared.on" if shared else "accountplan.shared.off", lang))
