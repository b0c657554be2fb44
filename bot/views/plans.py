"""Block Kit for the yearly account plan: the modal, the plan as shown, the manager's review.

Pure functions returning dicts (no Slack or database I/O). The view inputs below are plain
values filled in by the handlers; segment and approach are raw user text and are escaped
here (plain-text input values stay raw). Money arrives formatted; dates are formatted with
Babel in the language asked for.

The plan is a one-page agreement between a rep and their manager: how many new clients this
year, of which kind, with what value, and how. It is a coaching tool, not micro-management;
the texts say so where the plan is written and agreed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal

from bot.domain.formatting import babel_locale, format_day, format_when
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

FIELD_BLOCKS = {
    "target": BLOCK_TARGET,
    "segment": BLOCK_SEGMENT,
    "value": BLOCK_VALUE,
    "basis": BLOCK_BASIS,
    "approach": BLOCK_APPROACH,
    "q1": BLOCK_Q1,
    "q2": BLOCK_Q2,
    "q3": BLOCK_Q3,
    "q4": BLOCK_Q4,
    "outreach": BLOCK_OUTREACH,
}

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
    """The modal to write or edit the account plan of `year`.

    `values` prefill the fields when editing (keys target, segment, value, basis, approach,
    q1..q4; raw text). `number_locale_hint` is added to the value's hint (e.g. how numbers
    are read for this user).
    """
    values = values or {}
    basis_options = [
        {"text": _plain(t(f"accountplan.modal.basis_{basis}", lang)), "value": basis}
        for basis in BASES
    ]
    basis_element: dict = {
        "type": "radio_buttons",
        "action_id": ACTION_BASIS,
        "options": basis_options,
    }
    basis = values.get("basis")
    basis_element["initial_option"] = basis_options[BASES.index(basis) if basis in BASES else 0]

    shared_option = {
        "text": _plain(t("accountplan.modal.shared_option", lang)),
        "description": _plain(t("accountplan.modal.shared_description", lang)),
        "value": SHARED_OPTION,
    }
    shared_element: dict = {
        "type": "checkboxes",
        "action_id": ACTION_SHARED,
        "options": [shared_option],
    }
    if shared:
        shared_element["initial_options"] = [shared_option]

    value_hint = t("accountplan.modal.value_hint", lang)
    if number_locale_hint:
        value_hint = f"{value_hint} {number_locale_hint}"

    quarters = [
        text_input(
            block_id=block_id,
            action_id=action_id,
            label=t("accountplan.modal.quarter", lang, quarter=index, year=year),
            max_length=TARGET_INPUT_MAX,
            optional=True,
            initial=values.get(f"q{index}"),
        )
        for index, (block_id, action_id) in enumerate(QUARTER_BLOCKS, start=1)
    ]
    return modal(
        callback_id=PLAN_MODAL_CALLBACK,
        title=t("accountplan.modal.title", lang, year=year),
        submit=t("accountplan.modal.submit", lang),
        close=t("accountplan.modal.close", lang),
        private_metadata=json.dumps({"year": year, "lang": lang, "channel_id": channel_id}),
        blocks=[
            _section(t("accountplan.modal.intro", lang, year=year)),
            _context(t("accountplan.modal.help", lang)),
            text_input(
                block_id=BLOCK_TARGET,
                action_id=ACTION_TARGET,
                label=t("accountplan.modal.target", lang, year=year),
                max_length=TARGET_INPUT_MAX,
                optional=False,
                initial=values.get("target"),
                placeholder=t("accountplan.modal.target_placeholder", lang),
            ),
            text_input(
                block_id=BLOCK_SEGMENT,
                action_id=ACTION_SEGMENT,
                label=t("accountplan.modal.segment", lang),
                max_length=SEGMENT_INPUT_MAX,
                optional=False,
                initial=values.get("segment"),
                placeholder=t("accountplan.modal.segment_placeholder", lang),
            ),
            text_input(
                block_id=BLOCK_VALUE,
                action_id=ACTION_VALUE,
                label=t("accountplan.modal.value", lang),
                max_length=VALUE_INPUT_MAX,
                optional=True,
                initial=values.get("value"),
                hint=value_hint,
            ),
            {
                "type": "input",
                "block_id": BLOCK_BASIS,
                "optional": True,
                "label": _plain(t("accountplan.modal.basis", lang)),
                "element": basis_element,
            },
            text_input(
                block_id=BLOCK_APPROACH,
                action_id=ACTION_APPROACH,
                label=t("accountplan.modal.approach", lang),
                max_length=APPROACH_INPUT_MAX,
                optional=False,
                multiline=True,
                initial=values.get("approach"),
                hint=t("accountplan.modal.approach_hint", lang),
            ),
            _section(t("accountplan.modal.milestones", lang)),
            *quarters,
            text_input(
                block_id=BLOCK_OUTREACH,
                action_id=ACTION_OUTREACH,
                label=t("accountplan.modal.outreach", lang),
                max_length=TARGET_INPUT_MAX,
                optional=True,
                initial=values.get("outreach"),
                hint=t("accountplan.modal.outreach_hint", lang),
            ),
            {
                "type": "input",
                "block_id": BLOCK_SHARED,
                "optional": True,
                "label": _plain(t("accountplan.modal.shared", lang)),
                "element": shared_element,
            },
        ],
    )


def plan_modal_values(state_values: dict) -> dict[str, str | None]:
    """The submitted fields (view["state"]["values"]): texts stripped (None when empty),
    basis "total" / "per_client" (None otherwise), shared "yes" when ticked (else None)."""

    selected = state_element(state_values, BLOCK_BASIS, ACTION_BASIS).get("selected_option") or {}
    basis = selected.get("value")
    ticked = state_element(state_values, BLOCK_SHARED, ACTION_SHARED).get("selected_options") or []
    shared = any(option.get("value") == SHARED_OPTION for option in ticked)
    out: dict[str, str | None] = {
        "target": state_text(state_values, BLOCK_TARGET, ACTION_TARGET),
        "segment": state_text(state_values, BLOCK_SEGMENT, ACTION_SEGMENT),
        "value": state_text(state_values, BLOCK_VALUE, ACTION_VALUE),
        "basis": basis if basis in BASES else None,
        "approach": state_text(state_values, BLOCK_APPROACH, ACTION_APPROACH),
    }
    for index, (block_id, action_id) in enumerate(QUARTER_BLOCKS, start=1):
        out[f"q{index}"] = state_text(state_values, block_id, action_id)
    out["outreach"] = state_text(state_values, BLOCK_OUTREACH, ACTION_OUTREACH)
    out["shared"] = "yes" if shared else None
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
    if name == "year" and isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return format_when(value, lang)
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return _number(value, lang)
    return escaped(str(value), ERROR_PARAM_MAX)


def plan_errors(lang: str, errors: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """block_id -> message, for ack(response_action="errors", errors=...).

    `errors` maps a field (target, segment, value, basis, approach, q1..q4) to (code,
    params), as PlanError.errors. A field-specific text is used when there is one; unknown
    codes get a generic message; text params are escaped, numbers formatted, and missing
    params left blank.
    """
    messages = {}
    for field, (code, params) in errors.items():
        key = f"accountplan.error.{field}.{code}"
        if key not in MESSAGES:
            key = f"accountplan.error.{code}"
        if key not in MESSAGES:
            key = "accountplan.error.unknown"
        messages[FIELD_BLOCKS.get(field, field)] = _filled(key, lang, params)
    return messages


def error_text(lang: str, code: str, params: dict | None) -> str:
    """The message for an error code: a refusal ("not_allowed"; "changed_since" with rep and
    year) or a field's code (as in plan_errors, without the field); unknown codes get a
    generic message."""
    key = REFUSAL_KEYS.get(code) or f"accountplan.error.{code}"
    if key not in MESSAGES:
        key = "accountplan.error.unknown"
    return _filled(key, lang, params)


def _filled(key: str, lang: str, params: dict | None) -> str:
    """The text of `key` with its params: text escaped, numbers and dates formatted, users
    mentioned, missing params left blank."""
    values = {name: "" for name in placeholders(MESSAGES[key]["en"])}
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
    if progress.phase == "ended":
        parts = [
            t(
                "accountplan.progress.ended",
                lang,
                year=progress.year,
                won=progress.won,
                target=progress.target,
            )
        ]
        if progress.status == "done":
            parts.append(t("accountplan.result.done", lang))
        if progress.value_won:
            parts.append(t("accountplan.progress.value", lang, value=escape(progress.value_won)))
        return " · ".join(parts)
    parts = [t("accountplan.progress", lang, won=progress.won, target=progress.target)]
    if progress.status in ("ahead", "on_track", "behind", "done"):
        parts.append(
            t(
                f"accountplan.pace.{progress.status}",
                lang,
                expected=_number(round(progress.expected, 1), lang),
            )
        )
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
    visibility = (
        "accountplan.visibility.shared" if plan.shared else "accountplan.visibility.private"
    )
    return f"{line} · {t(visibility, lang)}"


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
        if plan.shared:
            buttons.append(
                button(t("accountplan.button.unshare", lang), SHARE_ACTION, f"{plan.plan_id}:off")
            )
        else:
            buttons.append(
                button(t("accountplan.button.share", lang), SHARE_ACTION, f"{plan.plan_id}:on")
            )
    if buttons:
        blocks.append(
            {"type": "actions", "block_id": f"accountplan:{plan.plan_id}", "elements": buttons}
        )
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
    """The DM asking the manager to agree a saved plan, or to discuss it in the 1:1.

    `previous_status` is the status before this save: None for a new plan, "agreed" when an
    agreed plan was changed (it is a draft again), "draft" for an updated draft."""
    if previous_status == "agreed":
        key = "accountplan.review.changed_agreed"
    elif previous_status is None:
        key = "accountplan.review.new"
    else:
        key = "accountplan.review.updated"
    rep = mention(plan.rep_id)
    head = [_section(t(key, lang, rep=rep, year=plan.year))]
    body = _plan_blocks(lang, plan, None, viewer_id=None)
    tail = [
        _context(t("accountplan.review.tip", lang)),
        {
            "type": "actions",
            "block_id": f"accountplan_review:{plan.plan_id}",
            "elements": [
                # The version: agreeing to what this DM shows, not to a later change.
                button(
                    t("accountplan.button.agree", lang),
                    AGREE_ACTION,
                    f"{plan.plan_id}:{plan.version}",
                    style="primary",
                ),
                button(
                    t("accountplan.button.discuss", lang),
                    DISCUSS_ACTION,
                    f"{plan.plan_id}:{plan.version}",
                ),
            ],
        },
    ]
    return {
        "text": t("accountplan.review.fallback", lang, rep=rep, year=plan.year),
        "blocks": head + body + tail,
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
    """The ephemeral confirmation after the modal."""
    if changed_agreed:
        first = t("accountplan.saved.draft_again", lang, year=year)
    elif status == "agreed":
        first = t("accountplan.saved.agreed", lang, year=year)
    else:
        first = t("accountplan.saved.draft", lang, year=year)
    parts = [first]
    if status != "agreed":
        if manager_id:
            parts.append(t("accountplan.saved.asked", lang, manager=mention(manager_id)))
        else:
            parts.append(t("accountplan.saved.no_manager", lang))
    text = "\n".join(parts)
    return reply(text, _context(t("accountplan.saved.tip", lang)))


def saved_modal(
    lang: str, *, year: int, status: str, manager_id: str | None, changed_agreed: bool
) -> dict:
    """The modal's place taken by the confirmation (see saved_reply)."""
    message = saved_reply(
        lang, year=year, status=status, manager_id=manager_id, changed_agreed=changed_agreed
    )
    return result_modal(lang, title=t("accountplan.modal.title", lang, year=year), message=message)


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
    return {
        "type": "actions",
        "block_id": f"accountplan_create:{year}",
        "elements": [
            button(
                t("accountplan.button.create", lang, year=year),
                EDIT_ACTION,
                str(year),
                style="primary",
            )
        ],
    }


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
