"""Block Kit for recurring 1:1s between a manager and a rep: set-up, nudges, prep, action points.

Pure functions returning dicts. User text (rules, client names, check-ins, notes, action points)
is escaped here. Given the reader's `zones`, a time is shown on the reader's clock with the other
person's named when theirs differs ("10:00 your time (16:00 for @maria)"). The manager's nudge
always asks what stops the rep from contacting new clients and what they need.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from bot.domain.formatting import ReaderZones, format_day, format_when_in
from bot.i18n import MESSAGES, placeholders, t
from bot.views.blocks import (
    button,
    modal,
    pack_lines,
    reply,
    result_modal,
    state_element,
    state_text,
    text_input,
)
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.managers import NOT_MY_MANAGER_ACTION as NOT_MY_MANAGER_ACTION
from bot.views.managers import my_manager_blocks, not_my_manager_actions, rule_for_reader
from bot.views.text import escaped, escaped_lines, mention, param_text, plural, short_day

SETUP_MODAL_CALLBACK = "oneonone_setup_modal"  # private_metadata: {"lang", "channel_id"}
PREP_ACTION = "oneonone_prep"  # value: f"{series_id}:{day_iso}"; opens the prep modal
PREP_MODAL_CALLBACK = "oneonone_prep_modal"  # private_metadata: {"series_id", "day", "lang"}
ACTIONS_ACTION = "oneonone_log_actions"  # value: f"{series_id}:{day_iso}"; opens actions modal
ACTIONS_MODAL_CALLBACK = "oneonone_actions_modal"  # private_metadata: {"series_id", "day", "lang"}
DONE_ACTION = "oneonone_action_done"  # value: str(action_point_id)

BLOCK_REP, ACTION_REP = "rep", "rep_input"  # users_select
BLOCK_RULE, ACTION_RULE = "rule", "rule_input"
BLOCK_OBSTACLES, ACTION_OBSTACLES = "obstacles", "obstacles_input"
BLOCK_TOPICS, ACTION_TOPICS = "topics", "topics_input"

# The action-points modal has ACTION_ROWS rows of three blocks: row i's block ids are
# f"{BLOCK_ACTION_TEXT}_{i}", f"{BLOCK_ACTION_OWNER}_{i}" and f"{BLOCK_ACTION_DUE}_{i}".
ACTION_ROWS = 5
BLOCK_ACTION_TEXT = "action_text"
BLOCK_ACTION_OWNER = "action_owner"
BLOCK_ACTION_DUE = "action_due"
ACTION_ACTION_TEXT = "action_text_input"
ACTION_ACTION_OWNER = "action_owner_input"  # static_select: "rep" / "manager"
ACTION_ACTION_DUE = "action_due_input"  # datepicker, optional


def action_block_ids(row: int) -> tuple[str, str, str]:
    """The (text, owner, due) block ids of row 1..ACTION_ROWS of the action-points modal."""
    return f"{BLOCK_ACTION_TEXT}_{row}", f"{BLOCK_ACTION_OWNER}_{row}", f"{BLOCK_ACTION_DUE}_{row}"


BLOCK_ACTION_TEXT_1, BLOCK_ACTION_OWNER_1, BLOCK_ACTION_DUE_1 = action_block_ids(1)
BLOCK_ACTION_TEXT_2, BLOCK_ACTION_OWNER_2, BLOCK_ACTION_DUE_2 = action_block_ids(2)
BLOCK_ACTION_TEXT_3, BLOCK_ACTION_OWNER_3, BLOCK_ACTION_DUE_3 = action_block_ids(3)
BLOCK_ACTION_TEXT_4, BLOCK_ACTION_OWNER_4, BLOCK_ACTION_DUE_4 = action_block_ids(4)
BLOCK_ACTION_TEXT_5, BLOCK_ACTION_OWNER_5, BLOCK_ACTION_DUE_5 = action_block_ids(5)
OWNERS = ("rep", "manager")

MAX_MESSAGE_BLOCKS = 50
RULE_MAX = 200  # characters of the rule input
PREP_MAX = 2000  # characters of each prep field
ACTION_TEXT_MAX = 300  # characters of an action point
RULE_SHOWN = 300
PREP_SHOWN = 1200  # escaped characters of each prep field in the nudge
CHECKIN_SHOWN = 400
CHECKINS_SHOWN = 3
WINS_SHOWN = 20
CLIENT_SHOWN = 100
ACTION_SHOWN = 600
ERROR_PARAM_MAX = 200

RULE_CODES = frozenset(
    {
        "empty",
        "no_frequency",
        "no_weekday",
        "no_nth",
        "no_time",
        "bad_time",
        "bad_duration",
        "bad_interval",
        "unknown_words",
    }
)
DATE_CODES = frozenset({"bad_date", "date_in_past", "no_occurrence"})
TOLD_KINDS = ("created", "ended", "skipped", "moved")


@dataclass(frozen=True)
class SeriesView:
    """One recurring 1:1. `rule_text` is shown escaped; its times are in `tz_name` (the
    series' zone). `next_at` is shown on the reader's clock (see series_list_reply), with
    the other person's (`other_tz_name`, default the series' zone) when theirs differs."""

    id: int
    manager_id: str
    rep_id: str
    rule_text: str
    next_at: datetime | None
    tz_name: str
    other_tz_name: str = ""


@dataclass(frozen=True)
class ActionPointView:
    """An agreed action point. `text` is raw user text."""

    id: int
    text: str
    owner_id: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class PrepView:
    """What the rep noted before the 1:1 (raw user text)."""

    obstacles: str
    topics: str


@dataclass(frozen=True)
class CheckinView:
    """A weekly check-in of the rep (raw user text)."""

    week: str
    text: str


# --------------------------------------------------------------------------- small builders


def _zone(tz_name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(tz_name)
    except (KeyError, ValueError):  # an unknown or empty zone name
        return None


def _modal(name: str, lang: str, callback_id: str, meta: dict, blocks: list[dict]) -> dict:
    """A 1:1 form titled and buttoned by the texts oneonone.<name>.title, .submit and .close."""
    return modal(
        callback_id=callback_id,
        title=t(f"oneonone.{name}.title", lang),
        submit=t(f"oneonone.{name}.submit", lang),
        close=t(f"oneonone.{name}.close", lang),
        private_metadata=json.dumps(meta),
        blocks=blocks,
    )


# --------------------------------------------------------------------------- setting up


def setup_modal(lang: str, *, channel_id: str) -> dict:
    """The manager's modal for `/oneonone` set-up: which rep, and when (a rule)."""
    blocks = [
        _section(t("oneonone.setup.intro", lang)),
        {
            "type": "input",
            "block_id": BLOCK_REP,
            "label": _plain(t("oneonone.setup.rep", lang)),
            "element": {"type": "users_select", "action_id": ACTION_REP},
        },
        text_input(
            block_id=BLOCK_RULE,
            action_id=ACTION_RULE,
            label=t("oneonone.setup.rule", lang),
            max_length=RULE_MAX,
            optional=False,
            hint=t("oneonone.setup.rule_hint", lang),
            placeholder=t("oneonone.setup.rule_placeholder", lang),
        ),
    ]
    meta = {"lang": lang, "channel_id": channel_id}
    return _modal("setup", lang, SETUP_MODAL_CALLBACK, meta, blocks)


def setup_modal_values(state_values: dict) -> dict[str, str | None]:
    """{"rep": user id or None, "rule": stripped text or None}."""
    rep = state_element(state_values, BLOCK_REP, ACTION_REP).get("selected_user") or None
    return {"rep": rep, "rule": state_text(state_values, BLOCK_RULE, ACTION_RULE)}


def setup_errors(lang: str, errors: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """block_id -> message for the set-up modal; `errors` maps "rep" or "rule" to (code,
    params), as `error_text` words them."""
    blocks = {"rep": BLOCK_REP, "rule": BLOCK_RULE}
    return {
        blocks.get(field, BLOCK_RULE): error_text(lang, code, params)
        for field, (code, params) in errors.items()
    }


def series_created_reply(
    lang: str,
    *,
    rep_id: str,
    rule_text: str,
    next_at: datetime | None,
    zones: ReaderZones | None = None,
) -> dict:
    """To the manager: the 1:1s are set; `next_at` on their clock (`zones`), the rep's named."""
    rule, rep = escaped(rule_text, RULE_SHOWN), mention(rep_id)
    if next_at is None:
        text = t("oneonone.created_no_date", lang, rep=rep, rule=rule)
    else:
        when = format_when_in(next_at, lang, zones)
        text = t("oneonone.created", lang, rep=rep, rule=rule, when=when)
    return reply(text, _context(t("oneonone.created.tip", lang)))


def _series_line(
    lang: str, series: SeriesView, side: str, reader_tz: tzinfo | None, team_tz: tzinfo | None
) -> str:
    """One 1:1 of the reader, who is its `side` ("rep" or "manager")."""
    other = mention(series.manager_id if side == "rep" else series.rep_id)
    series_tz, at = _zone(series.tz_name), series.next_at
    zones = None
    if reader_tz is not None:
        other_tz = _zone(series.other_tz_name) or series_tz or reader_tz
        zones = ReaderZones(reader_tz, other_tz, other, team_tz)
    rule = rule_for_reader(
        lang, series.rule_text, rule_tz=series_tz, zones=zones, at=at, limit=RULE_SHOWN
    )
    if at is None:
        return t("oneonone.list.line_no_date", lang, user=other, rule=rule)
    when = format_when_in(at.astimezone(series_tz) if series_tz is not None else at, lang, zones)
    return t("oneonone.list.line", lang, user=other, rule=rule, when=when)


def series_list_reply(
    lang: str,
    *,
    as_manager: list[SeriesView],
    as_rep: list[SeriesView],
    my_manager: str | None = None,
    reader_tz: tzinfo | None = None,
    team_tz: tzinfo | None = None,
) -> dict:
    """The answer to `/oneonone`: my 1:1s with the next date of each (on `reader_tz`'s clock,
    else the series'), and "Your manager: @x" with a "not my manager" button."""
    title = t("oneonone.list.title", lang)
    mine = my_manager_blocks(lang, manager_id=my_manager) if my_manager else []
    head = [_section(title), *mine]
    tail = [_context(t("oneonone.list.hint", lang))]
    if not as_manager and not as_rep:
        none = _section(t("oneonone.list.none", lang, form=t("oneonone.form.setup", lang)))
        return {"text": title, "blocks": [*head, none, *tail]}
    groups = [
        (
            t(f"oneonone.list.as_{side}", lang),
            [_series_line(lang, s, side, reader_tz, team_tz) for s in shown],
        )
        for side, shown in (("rep", as_rep), ("manager", as_manager))
        if shown
    ]
    budget = MAX_MESSAGE_BLOCKS - len(head) - len(tail)
    body: list[dict] = []
    for index, (heading, lines) in enumerate(groups):
        left_for_others = 2 * (len(groups) - index - 1)  # heading + at least one section each
        room = budget - len(body) - left_for_others
        body.append(_section(heading))
        body.extend(pack_lines(lang, lines, budget=max(room - 1, 1), more_key="oneonone.more"))
    return {"text": title, "blocks": head + body + tail}


def manager_set_reply(lang: str, *, rep_id: str, manager_id: str) -> dict:
    """An admin said who manages whom (`/oneonone manager @rep @manager`)."""
    return reply(t("oneonone.manager_set", lang, rep=mention(rep_id), manager=mention(manager_id)))


def series_ended_reply(lang: str, *, rep_id: str) -> dict:
    return reply(t("oneonone.ended", lang, rep=mention(rep_id)))


def skipped_reply(lang: str, *, rep_id: str, day: date) -> dict:
    return reply(t("oneonone.skipped", lang, rep=mention(rep_id), day=format_day(day, lang)))


def moved_reply(
    lang: str, *, rep_id: str, day: date, new_at: datetime, zones: ReaderZones | None = None
) -> dict:
    when = format_when_in(new_at, lang, zones)
    return reply(
        t("oneonone.moved", lang, rep=mention(rep_id), day=format_day(day, lang), when=when)
    )


def rep_told_dm(
    lang: str,
    *,
    manager_id: str,
    kind: str,
    rule_text: str | None = None,
    day: date | None = None,
    new_at: datetime | None = None,
    with_not_my_manager: bool = False,
    first_at: datetime | None = None,
    rule_tz: tzinfo | None = None,
    zones: ReaderZones | None = None,
) -> dict:
    """The DM to the rep when their manager sets up (`kind` "created"), ends, skips or moves
    their 1:1s; a missing detail gives a text without it. Times are on the rep's clock."""
    if kind not in TOLD_KINDS:
        raise ValueError(f"kind must be one of {TOLD_KINDS}, not {kind!r}")
    manager = mention(manager_id)
    if kind == "created" and rule_text:
        rule = rule_for_reader(
            lang, rule_text, rule_tz=rule_tz, zones=zones, at=first_at, limit=RULE_SHOWN
        )
        text = t("oneonone.told.created", lang, manager=manager, rule=rule)
        if first_at is not None:
            text += " " + t("oneonone.told.first", lang, when=format_when_in(first_at, lang, zones))
    else:
        variant = {
            "created": "created_plain",
            "ended": "ended",
            "skipped": "skipped" if day else "skipped_plain",
            "moved": ("moved" if day else "moved_to") if new_at else "moved_plain",
        }[kind]
        text = t(
            f"oneonone.told.{variant}",
            lang,
            manager=manager,
            day=format_day(day, lang) if day else "",
            when=format_when_in(new_at, lang, zones) if new_at else "",
        )
    blocks = [_section(text)]
    if kind == "created":
        blocks.append(_context(t("oneonone.told.created_tip", lang)))
        if with_not_my_manager:
            blocks.append(
                not_my_manager_actions(lang, manager_id=manager_id, block_id="oneonone_created")
            )
    return {"text": text, "blocks": blocks}


# --------------------------------------------------------------------------- errors, help


_USER_ID_RE = re.compile(r"[UW][A-Z0-9]{2,}")
USER_PARAMS = frozenset({"rep", "manager", "user"})


def _error_param(value: object, lang: str, *, name: str = "") -> str:
    if name in USER_PARAMS and isinstance(value, str) and _USER_ID_RE.fullmatch(value):
        return mention(value)
    return param_text(value, lang, ERROR_PARAM_MAX)


def _worded(lang: str, key: str, fallback: str, params: dict | None, **missing: str) -> str:
    """Text `key` (`fallback` when there is none) with `params` escaped and dates formatted;
    a missing param is blank, or as `missing` gives it."""
    key = key if key in MESSAGES else fallback
    values = {name: missing.get(name, "") for name in placeholders(MESSAGES[key]["en"])}
    values.update(
        {name: _error_param(value, lang, name=name) for name, value in (params or {}).items()}
    )
    return t(key, lang, **values)


def error_text(lang: str, code: str, params: dict) -> str:
    """A friendly mrkdwn message for an error code, saying what was wrong and showing the
    right form."""
    parts = [_worded(lang, f"oneonone.error.{code}", "oneonone.error.unknown", params)]
    setup = t("oneonone.form.setup_hint", lang, form=t("oneonone.form.setup", lang))
    skip = t("oneonone.form.skip_hint", lang, form=t("oneonone.form.skip", lang))
    move = t("oneonone.form.move_hint", lang, form=t("oneonone.form.move", lang))
    cancel = t("oneonone.form.cancel_hint", lang, form=t("oneonone.form.cancel", lang))
    if code in RULE_CODES:
        parts.append(setup)
    elif code in DATE_CODES:
        parts.extend([t("oneonone.form.list_hint", lang), skip, move])
    elif code == "no_series":
        parts.extend([setup, t("oneonone.form.list_hint", lang)])
    elif code == "not_admin":
        parts.append(t("oneonone.form.manager_hint", lang, form=t("oneonone.form.manager", lang)))
    elif code in ("not_manager", "self"):
        pass
    else:  # no_user, several_users, unknown_user, usage and unknown codes
        parts.extend([setup, skip, move, cancel])
    return "\n".join(parts)


def help_reply(lang: str) -> dict:
    return {
        "text": t("oneonone.help.fallback", lang),
        "blocks": [
            _section(t("oneonone.help.title", lang)),
            _section(t("oneonone.help.why", lang)),
            _section(
                t(
                    "oneonone.help.manager",
                    lang,
                    setup_form=t("oneonone.form.setup", lang),
                    skip_form=t("oneonone.form.skip", lang),
                    move_form=t("oneonone.form.move", lang),
                    cancel_form=t("oneonone.form.cancel", lang),
                    manager_form=t("oneonone.form.manager", lang),
                )
            ),
            _section(t("oneonone.help.rep", lang)),
        ],
    }


# --------------------------------------------------------------------------- action points


def _action_line(lang: str, action: ActionPointView) -> str:
    text, owner = escaped(action.text, ACTION_SHOWN), mention(action.owner_id)
    line = t("oneonone.action.line", lang, text=text, owner=owner)
    if action.due is not None:
        line += " · " + t("oneonone.action.due", lang, day=short_day(action.due, lang))
    return line


def action_points_blocks(lang: str, actions: list[ActionPointView], *, budget: int) -> list[dict]:
    """One section per open action point with a Done button, within `budget` blocks; when
    they don't fit, the last ones are left out and "…and N more" says so."""
    open_points = [action for action in actions if not action.done]
    if budget <= 0 or not open_points:
        return []

    def block(action: ActionPointView) -> dict:
        section = _section(_action_line(lang, action))
        section["block_id"] = f"oneonone_action:{action.id}"
        section["accessory"] = button(
            t("oneonone.action.done_button", lang), DONE_ACTION, str(action.id)
        )
        return section

    if len(open_points) <= budget:
        return [block(action) for action in open_points]
    shown = open_points[: budget - 1]
    more = _context(t("oneonone.more", lang, count=len(open_points) - len(shown)))
    return [block(action) for action in shown] + [more]


def _open_points(lang: str, actions: list[ActionPointView], *, used: int) -> list[dict]:
    """The open action points under their heading, in what `used` blocks leave of a message."""
    if all(action.done for action in actions):
        return []
    heading = _section(t("oneonone.nudge.open_actions", lang))
    return [heading, *action_points_blocks(lang, actions, budget=MAX_MESSAGE_BLOCKS - used - 1)]


def _day_button(block: str, label: str, action_id: str, series_id: int, day: date) -> dict:
    """One primary button whose value (and block id, after `block`) names the 1:1."""
    value = f"{series_id}:{day.isoformat()}"
    return {
        "type": "actions",
        "block_id": f"{block}:{value}",
        "elements": [button(label, action_id, value, style="primary")],
    }


# --------------------------------------------------------------------------- nudges


def _questions_text(lang: str, rep_id: str) -> str:
    return "\n".join(
        [
            t("oneonone.nudge.ask", lang, rep=mention(rep_id)),
            t("oneonone.question.obstacles", lang),
            t("oneonone.question.needs", lang),
        ]
    )


def manager_nudge(
    lang: str,
    *,
    series_id: int,
    day: date,
    starts_at: datetime,
    rep_id: str,
    plan_line: str | None,
    wins: list[str],
    checkins: list[CheckinView],
    prep: PrepView | None,
    open_actions: list[ActionPointView],
    zones: ReaderZones | None = None,
    plan_year: int | None = None,
) -> dict:
    """The DM to the manager before a 1:1: the plan's pace (`plan_line`, mrkdwn), the wins
    (raw client names), check-ins and preparation, the two questions and open action points."""
    when = format_when_in(starts_at, lang, zones)
    rep = mention(rep_id)
    head = [_section(t("oneonone.nudge.manager.title", lang, rep=rep, when=when))]
    if plan_line:
        head.append(_section(t("oneonone.nudge.plan", lang, plan=plan_line)))
    elif plan_year is not None:
        head.append(_section(t("oneonone.nudge.no_plan_year", lang, year=plan_year)))
    else:
        head.append(_section(t("oneonone.nudge.no_plan", lang)))
    if wins:
        names = ", ".join(escaped(name, CLIENT_SHOWN) for name in wins[:WINS_SHOWN])
        if len(wins) > WINS_SHOWN:
            names += " " + t("oneonone.more", lang, count=len(wins) - WINS_SHOWN)
        head.append(_section(plural("oneonone.nudge.wins", lang, len(wins), clients=names)))
    else:
        head.append(_section(t("oneonone.nudge.no_wins", lang)))
    if checkins:
        lines = [
            t(
                "oneonone.nudge.checkin",
                lang,
                week=escaped(checkin.week, 50),
                text=escaped(checkin.text, CHECKIN_SHOWN),
            )
            for checkin in checkins[:CHECKINS_SHOWN]
        ]
        head.append(_section("\n".join([t("oneonone.nudge.checkins", lang), *lines])))
    notes = {"obstacles": prep.obstacles, "topics": prep.topics} if prep is not None else {}
    noted = [
        t(f"oneonone.nudge.prep_{field}", lang, text=escaped_lines(text, PREP_SHOWN))
        for field, text in notes.items()
        if text.strip()
    ]
    if noted:
        head.append(_section("\n".join([t("oneonone.nudge.prep", lang, rep=rep), *noted])))
    head.append(_section(_questions_text(lang, rep_id)))
    tail = [_context(t("oneonone.nudge.manager.tip", lang))]
    body = _open_points(lang, open_actions, used=len(head) + len(tail))
    return {
        "text": t("oneonone.nudge.manager.fallback", lang, rep=rep, when=when),
        "blocks": head + body + tail,
    }


def rep_nudge(
    lang: str,
    *,
    series_id: int,
    day: date,
    starts_at: datetime,
    manager_id: str,
    open_actions: list[ActionPointView],
    zones: ReaderZones | None = None,
) -> dict:
    """The DM to the rep before a 1:1 (in time for the manager's nudge to carry the answer):
    prepare the two questions, note obstacles and topics (button), and the open action
    points with Done buttons. The time is on the rep's clock (`zones`)."""
    when = format_when_in(starts_at, lang, zones)
    manager = mention(manager_id)
    think = [
        t("oneonone.nudge.rep.think", lang),
        t("oneonone.question.rep_obstacles", lang),
        t("oneonone.question.rep_needs", lang, manager=manager),
    ]
    prepare = t("oneonone.nudge.rep.prep_button", lang)
    head = [
        _section(t("oneonone.nudge.rep.title", lang, manager=manager, when=when)),
        _section("\n".join(think)),
        _day_button("oneonone_prep", prepare, PREP_ACTION, series_id, day),
    ]
    return {
        "text": t("oneonone.nudge.rep.fallback", lang, manager=manager, when=when),
        "blocks": head + _open_points(lang, open_actions, used=len(head)),
    }


def after_nudge(lang: str, *, series_id: int, day: date, other_id: str) -> dict:
    """After the 1:1, to both: how did it go, log the action points you agreed."""
    log = t("oneonone.after.button", lang)
    text = t("oneonone.after", lang, other=mention(other_id))
    return reply(text, _day_button("oneonone_after", log, ACTIONS_ACTION, series_id, day))


# --------------------------------------------------------------------------- prep modal


def prep_modal(lang: str, *, series_id: int, day: date, prep: PrepView | None) -> dict:
    """The rep's modal to note obstacles and topics for the 1:1 (at least one)."""
    meta = {"series_id": series_id, "day": day.isoformat(), "lang": lang}
    fields = (
        ("obstacles", BLOCK_OBSTACLES, ACTION_OBSTACLES),
        ("topics", BLOCK_TOPICS, ACTION_TOPICS),
    )
    blocks = [_section(t("oneonone.prep.intro", lang, day=format_day(day, lang)))]
    for field, block_id, action_id in fields:
        blocks.append(
            text_input(
                block_id=block_id,
                action_id=action_id,
                label=t(f"oneonone.prep.{field}", lang),
                max_length=PREP_MAX,
                optional=True,
                multiline=True,
                initial=getattr(prep, field) if prep is not None else None,
                hint=t(f"oneonone.prep.{field}_hint", lang),
            )
        )
    return _modal("prep", lang, PREP_MODAL_CALLBACK, meta, blocks)


def prep_modal_values(state_values: dict) -> dict[str, str | None]:
    """{"obstacles", "topics"}: stripped text or None."""
    return {
        "obstacles": state_text(state_values, BLOCK_OBSTACLES, ACTION_OBSTACLES),
        "topics": state_text(state_values, BLOCK_TOPICS, ACTION_TOPICS),
    }


def prep_errors(lang: str, code: str = "empty", params: dict | None = None) -> dict[str, str]:
    """block_id -> message for the prep modal; "empty" (nothing noted) goes under the first
    field, "too_long" (length, max) too."""
    empty = "oneonone.error.prep.empty"
    return {BLOCK_OBSTACLES: _worded(lang, f"oneonone.error.prep.{code}", empty, params)}


# --------------------------------------------------------------------------- actions modal


def actions_modal(lang: str, *, series_id: int, day: date, rep_id: str, manager_id: str) -> dict:
    """The modal to log up to ACTION_ROWS action points agreed in a 1:1; the first is required."""
    owner_options = [
        {"text": _plain(t(f"oneonone.actions.owner_{owner}", lang)), "value": owner}
        for owner in OWNERS
    ]
    blocks = [
        _section(
            t(
                "oneonone.actions.intro",
                lang,
                day=format_day(day, lang),
                rep=mention(rep_id),
                manager=mention(manager_id),
            )
        )
    ]
    for row in range(1, ACTION_ROWS + 1):
        text_block, owner_block, due_block = action_block_ids(row)
        first = row == 1
        blocks.append(
            text_input(
                block_id=text_block,
                action_id=ACTION_ACTION_TEXT,
                label=t("oneonone.actions.text", lang, number=row),
                max_length=ACTION_TEXT_MAX,
                optional=not first,
                placeholder=t("oneonone.actions.placeholder", lang) if first else None,
            )
        )
        blocks.append(
            {
                "type": "input",
                "block_id": owner_block,
                "optional": not first,
                "label": _plain(t("oneonone.actions.owner", lang, number=row)),
                "element": {
                    "type": "static_select",
                    "action_id": ACTION_ACTION_OWNER,
                    "options": owner_options,
                    "initial_option": owner_options[0],
                },
            }
        )
        blocks.append(
            {
                "type": "input",
                "block_id": due_block,
                "optional": True,
                "label": _plain(t("oneonone.actions.due", lang, number=row)),
                "element": {"type": "datepicker", "action_id": ACTION_ACTION_DUE},
            }
        )
    meta = {"series_id": series_id, "day": day.isoformat(), "lang": lang}
    return _modal("actions", lang, ACTIONS_MODAL_CALLBACK, meta, blocks)


def actions_modal_values(state_values: dict) -> list[dict]:
    """The filled rows (a row counts when its text is not empty), in order:
    [{"text", "owner" ("rep"/"manager"; "rep" when missing), "due" (ISO date or None),
    "index" (the row 1..ACTION_ROWS, to put errors under the right field)}]."""
    rows = []
    for row in range(1, ACTION_ROWS + 1):
        text_block, owner_block, due_block = action_block_ids(row)
        text = state_text(state_values, text_block, ACTION_ACTION_TEXT)
        if text is None:
            continue
        selected = (
            state_element(state_values, owner_block, ACTION_ACTION_OWNER).get("selected_option")
            or {}
        )
        owner = selected.get("value")
        due = state_element(state_values, due_block, ACTION_ACTION_DUE).get("selected_date") or None
        rows.append(
            {"text": text, "owner": owner if owner in OWNERS else "rep", "due": due, "index": row}
        )
    return rows


def _action_block(key: str) -> str:
    """An error key as a block id: a block id stays; "text_2" / "due_2" / "owner_2" map to
    the blocks of row 2; a bare "text" / "due" / "owner" to row 1."""
    if key.startswith("action_"):
        return key
    field, _, row = key.partition("_")
    if field in ("text", "owner", "due"):
        return f"action_{field}_{row or 1}"
    return key


def action_errors(lang: str, errors: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """block_id -> message. Keys are block ids (BLOCK_ACTION_TEXT_2, ...) or "text_2",
    "due_2", "owner_2"; codes: required, too_long (length, max), bad_due (date); unknown
    codes get a generic message. Text params are escaped, dates formatted."""
    unknown = "oneonone.error.action.unknown"
    return {
        _action_block(key): _worded(
            lang, f"oneonone.error.action.{code}", unknown, params, max=str(ACTION_TEXT_MAX)
        )
        for key, (code, params) in errors.items()
    }


# --------------------------------------------------------------------------- confirmations


PREP_OUTCOMES = ("before", "updated", "unseen", "own")


def prep_saved_reply(lang: str, *, manager_id: str, outcome: str = "before") -> dict:
    """What the rep is told after saving: "before" (the manager's nudge, still to come,
    shows it), "updated" (the nudge was sent and is updated, the manager told), "unseen"
    (no nudge will carry it); "own" is the manager's own note."""
    if outcome not in PREP_OUTCOMES:
        raise ValueError(f"outcome must be one of {PREP_OUTCOMES}, not {outcome!r}")
    return reply(t(f"oneonone.prep.saved.{outcome}", lang, manager=mention(manager_id)))


def prep_added_dm(
    lang: str, *, rep_id: str, starts_at: datetime, zones: ReaderZones | None = None
) -> dict:
    """To the manager, once per 1:1: the rep prepared after the nudge went out; it is updated."""
    when = format_when_in(starts_at, lang, zones)
    return reply(t("oneonone.prep.added", lang, rep=mention(rep_id), when=when))


def prep_result_modal(lang: str, message: dict) -> dict:
    """The preparation modal replaced by `message` (saved, or refused)."""
    return result_modal(lang, title=t("oneonone.prep.title", lang), message=message)


def actions_result_modal(lang: str, message: dict) -> dict:
    """The action-points modal replaced by `message` (saved, or refused)."""
    return result_modal(lang, title=t("oneonone.actions.title", lang), message=message)


def actions_saved_reply(lang: str, *, count: int) -> dict:
    return reply(plural("oneonone.actions.saved", lang, count))


def action_done_reply(lang: str, *, text: str) -> dict:
    return reply(t("oneonone.action.done", lang, text=escaped(text, ACTION_SHOWN)))
