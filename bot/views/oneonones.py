"""Block Kit for recurring 1:1s between a manager and a rep: set-up, nudges, prep, action points.

Pure functions returning dicts (no Slack or database I/O). The view inputs below are plain
values filled in by the handlers; rule texts, client names, check-ins, prepared notes and
action points are raw user text and are escaped here (plain-text input values stay raw).
Dates and times are formatted with Babel in the language asked for; given the reader's
`zones`, a time is shown on the reader's clock with the other person's named when theirs
differs ("10:00 your time (16:00 for @maria)"), else in the zone of the moment given.

A 1:1 is where a sales culture changes: the manager asks what stops the rep from contacting
new clients today and tomorrow and what they need, removes obstacles and agrees action
points. The manager's nudge always carries those two questions.
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
from bot.views.managers import NOT_MY_MANAGER_ACTION as NOT_MY_MANAGER
from bot.views.managers import my_manager_blocks, not_my_manager_actions, rule_for_reader
from bot.views.text import escaped, escaped_lines, mention, param_text, plural, short_day

SETUP_MODAL_CALLBACK = "oneonone_setup_modal"  # private_metadata: {"lang", "channel_id"}
PREP_ACTION = "oneonone_prep"  # value: f"{series_id}:{day_iso}"; opens the prep modal
PREP_MODAL_CALLBACK = "oneonone_prep_modal"  # private_metadata: {"series_id", "day", "lang"}
ACTIONS_ACTION = "oneonone_log_actions"  # value: f"{series_id}:{day_iso}"; opens actions modal
ACTIONS_MODAL_CALLBACK = "oneonone_actions_modal"  # private_metadata: {"series_id", "day", "lang"}
DONE_ACTION = "oneonone_action_done"  # value: str(action_point_id)
# In the rep's DM when their manager sets up 1:1s, in /oneonone and on the Home tab: the rep can
# say at any time that this person is not their manager (see bot/views/managers.py).
NOT_MY_MANAGER_ACTION = NOT_MY_MANAGER

BLOCK_REP, ACTION_REP = "rep", "rep_input"  # users_select
BLOCK_RULE, ACTION_RULE = "rule", "rule_input"
BLOCK_OBSTACLES, ACTION_OBSTACLES = "obstacles", "obstacles_input"
BLOCK_TOPICS, ACTION_TOPICS = "topics", "topics_input"

# The action-points modal has ACTION_ROWS rows of three blocks each; row i (1..5) uses the
# block ids BLOCK_ACTION_TEXT_{i}, BLOCK_ACTION_OWNER_{i} and BLOCK_ACTION_DUE_{i}.
ACTION_ROWS = 5
BLOCK_ACTION_TEXT = "action_text"  # prefixes: row i uses f"{BLOCK_ACTION_TEXT}_{i}", ...
BLOCK_ACTION_OWNER = "action_owner"
BLOCK_ACTION_DUE = "action_due"
ACTION_ACTION_TEXT = "action_text_input"
ACTION_ACTION_OWNER = "action_owner_input"  # static_select: "rep" / "manager"
ACTION_ACTION_DUE = "action_due_input"  # datepicker, optional
BLOCK_ACTION_TEXT_1, BLOCK_ACTION_OWNER_1, BLOCK_ACTION_DUE_1 = (
    "action_text_1",
    "action_owner_1",
    "action_due_1",
)
BLOCK_ACTION_TEXT_2, BLOCK_ACTION_OWNER_2, BLOCK_ACTION_DUE_2 = (
    "action_text_2",
    "action_owner_2",
    "action_due_2",
)
BLOCK_ACTION_TEXT_3, BLOCK_ACTION_OWNER_3, BLOCK_ACTION_DUE_3 = (
    "action_text_3",
    "action_owner_3",
    "action_due_3",
)
BLOCK_ACTION_TEXT_4, BLOCK_ACTION_OWNER_4, BLOCK_ACTION_DUE_4 = (
    "action_text_4",
    "action_owner_4",
    "action_due_4",
)
BLOCK_ACTION_TEXT_5, BLOCK_ACTION_OWNER_5, BLOCK_ACTION_DUE_5 = (
    "action_text_5",
    "action_owner_5",
    "action_due_5",
)
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


def action_block_ids(row: int) -> tuple[str, str, str]:
    """The (text, owner, due) block ids of row 1..ACTION_ROWS of the action-points modal."""
    return f"{BLOCK_ACTION_TEXT}_{row}", f"{BLOCK_ACTION_OWNER}_{row}", f"{BLOCK_ACTION_DUE}_{row}"


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


def _in_zone(moment: datetime, tz_name: str) -> datetime:
    tz = _zone(tz_name)
    return moment.astimezone(tz) if tz is not None else moment  # unknown: show it as given


def _rule(
    lang: str,
    rule_text: str,
    *,
    rule_tz: tzinfo | None,
    zones: ReaderZones | None,
    at: datetime | None,
) -> str:
    return rule_for_reader(lang, rule_text, rule_tz=rule_tz, zones=zones, at=at, limit=RULE_SHOWN)


def _day_value(series_id: int, day: date) -> str:
    return f"{series_id}:{day.isoformat()}"


# --------------------------------------------------------------------------- setting up


def setup_modal(lang: str, *, channel_id: str) -> dict:
    """The manager's modal for `/oneonone` set-up: which rep, and when (a rule)."""
    return modal(
        callback_id=SETUP_MODAL_CALLBACK,
        title=t("oneonone.setup.title", lang),
        submit=t("oneonone.setup.submit", lang),
        close=t("oneonone.setup.close", lang),
        private_metadata=json.dumps({"lang": lang, "channel_id": channel_id}),
        blocks=[
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
        ],
    )


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
    rule = escaped(rule_text, RULE_SHOWN)
    if next_at is not None:
        text = t(
            "oneonone.created",
            lang,
            rep=mention(rep_id),
            rule=rule,
            when=format_when_in(next_at, lang, zones),
        )
    else:
        text = t("oneonone.created_no_date", lang, rep=mention(rep_id), rule=rule)
    return reply(text, _context(t("oneonone.created.tip", lang)))


def _series_line(
    lang: str,
    series: SeriesView,
    other_id: str,
    reader_tz: tzinfo | None = None,
    team_tz: tzinfo | None = None,
) -> str:
    series_tz = _zone(series.tz_name)
    zones = None
    if reader_tz is not None:
        other_tz = _zone(series.other_tz_name) or series_tz or reader_tz
        zones = ReaderZones(reader_tz, other_tz, mention(other_id), team_tz)
    rule = _rule(lang, series.rule_text, rule_tz=series_tz, zones=zones, at=series.next_at)
    if series.next_at is not None:
        next_at = _in_zone(series.next_at, series.tz_name)
        when = format_when_in(next_at, lang, zones)
        return t("oneonone.list.line", lang, user=mention(other_id), rule=rule, when=when)
    return t("oneonone.list.line_no_date", lang, user=mention(other_id), rule=rule)


def series_list_reply(
    lang: str,
    *,
    as_manager: list[SeriesView],
    as_rep: list[SeriesView],
    my_manager: str | None = None,
    reader_tz: tzinfo | None = None,
    team_tz: tzinfo | None = None,
) -> dict:
    """The answer to `/oneonone`: my 1:1s (as manager and with my own manager), with the
    next date of each, and how to set one up. `my_manager` adds "Your manager: @x" with a
    (confirmed) "not my manager" button. With `reader_tz` the next dates are on the reader's
    clock, the other person's named when theirs differs; else in each series' zone."""
    title = t("oneonone.list.title", lang)
    mine = my_manager_blocks(lang, manager_id=my_manager) if my_manager else []
    if not as_manager and not as_rep:
        return {
            "text": title,
            "blocks": [
                _section(title),
                *mine,
                _section(t("oneonone.list.none", lang, form=t("oneonone.form.setup", lang))),
                _context(t("oneonone.list.hint", lang)),
            ],
        }
    head = [_section(title), *mine]
    tail = [_context(t("oneonone.list.hint", lang))]
    groups = []
    if as_rep:
        groups.append(
            (
                t("oneonone.list.as_rep", lang),
                [
                    _series_line(lang, series, series.manager_id, reader_tz, team_tz)
                    for series in as_rep
                ],
            )
        )
    if as_manager:
        groups.append(
            (
                t("oneonone.list.as_manager", lang),
                [
                    _series_line(lang, series, series.rep_id, reader_tz, team_tz)
                    for series in as_manager
                ],
            )
        )
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
    return reply(
        t(
            "oneonone.moved",
            lang,
            rep=mention(rep_id),
            day=format_day(day, lang),
            when=format_when_in(new_at, lang, zones),
        )
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
    """The DM to the rep when their manager sets up or ends the 1:1s, or skips or moves one.
    `with_not_my_manager` adds a (confirmed) "not my manager" button to a set-up DM.

    `kind` is "created" (with rule_text, and `first_at`, the first 1:1), "ended", "skipped"
    (day) or "moved" (day, new_at); a missing detail gives a text without it. Times are on
    the rep's clock (`zones`); a rule in another zone (`rule_tz`) says which."""
    if kind not in TOLD_KINDS:
        raise ValueError(f"kind must be one of {TOLD_KINDS}, not {kind!r}")
    manager = mention(manager_id)

    def when(moment: datetime) -> str:
        return format_when_in(moment, lang, zones)

    if kind == "created" and rule_text:
        rule = _rule(lang, rule_text, rule_tz=rule_tz, zones=zones, at=first_at)
        text = t("oneonone.told.created", lang, manager=manager, rule=rule)
        if first_at is not None:
            text += " " + t("oneonone.told.first", lang, when=when(first_at))
    elif kind == "created":
        text = t("oneonone.told.created_plain", lang, manager=manager)
    elif kind == "ended":
        text = t("oneonone.told.ended", lang, manager=manager)
    elif kind == "skipped" and day is not None:
        text = t("oneonone.told.skipped", lang, manager=manager, day=format_day(day, lang))
    elif kind == "skipped":
        text = t("oneonone.told.skipped_plain", lang, manager=manager)
    elif day is not None and new_at is not None:
        text = t(
            "oneonone.told.moved",
            lang,
            manager=manager,
            day=format_day(day, lang),
            when=when(new_at),
        )
    elif new_at is not None:
        text = t("oneonone.told.moved_to", lang, manager=manager, when=when(new_at))
    else:
        text = t("oneonone.told.moved_plain", lang, manager=manager)
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


def error_text(lang: str, code: str, params: dict) -> str:
    """A friendly mrkdwn message for an error code, saying what was wrong and showing the
    right form. Text params are escaped, dates formatted, missing params left blank."""
    key = f"oneonone.error.{code}"
    if key not in MESSAGES:
        key = "oneonone.error.unknown"
    values = {name: "" for name in placeholders(MESSAGES[key]["en"])}
    values.update(
        {name: _error_param(value, lang, name=name) for name, value in (params or {}).items()}
    )
    parts = [t(key, lang, **values)]
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
    line = t(
        "oneonone.action.line",
        lang,
        text=escaped(action.text, ACTION_SHOWN),
        owner=mention(action.owner_id),
    )
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
    """The DM to the manager before a 1:1: when (on the manager's clock, `zones`) and with
    whom, the account plan and its pace, the wins since the last 1:1, the latest check-ins,
    what the rep prepared, the two questions to ask, and the open action points with Done
    buttons.

    `plan_line` is ready mrkdwn (None: no plan yet, for `plan_year` when given); `wins` are
    raw client names."""
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
    if prep is not None and (prep.obstacles.strip() or prep.topics.strip()):
        parts = [t("oneonone.nudge.prep", lang, rep=rep)]
        if prep.obstacles.strip():
            parts.append(
                t(
                    "oneonone.nudge.prep_obstacles",
                    lang,
                    text=escaped_lines(prep.obstacles, PREP_SHOWN),
                )
            )
        if prep.topics.strip():
            parts.append(
                t("oneonone.nudge.prep_topics", lang, text=escaped_lines(prep.topics, PREP_SHOWN))
            )
        head.append(_section("\n".join(parts)))
    head.append(_section(_questions_text(lang, rep_id)))
    tail = [_context(t("oneonone.nudge.manager.tip", lang))]
    body: list[dict] = []
    open_points = [action for action in open_actions if not action.done]
    if open_points:
        body.append(_section(t("oneonone.nudge.open_actions", lang)))
        budget = MAX_MESSAGE_BLOCKS - len(head) - len(tail) - len(body)
        body.extend(action_points_blocks(lang, open_points, budget=budget))
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
    head = [
        _section(t("oneonone.nudge.rep.title", lang, manager=manager, when=when)),
        _section(
            "\n".join(
                [
                    t("oneonone.nudge.rep.think", lang),
                    t("oneonone.question.rep_obstacles", lang),
                    t("oneonone.question.rep_needs", lang, manager=manager),
                ]
            )
        ),
        {
            "type": "actions",
            "block_id": f"oneonone_prep:{series_id}:{day.isoformat()}",
            "elements": [
                button(
                    t("oneonone.nudge.rep.prep_button", lang),
                    PREP_ACTION,
                    _day_value(series_id, day),
                    style="primary",
                )
            ],
        },
    ]
    body: list[dict] = []
    open_points = [action for action in open_actions if not action.done]
    if open_points:
        body.append(_section(t("oneonone.nudge.open_actions", lang)))
        budget = MAX_MESSAGE_BLOCKS - len(head) - len(body)
        body.extend(action_points_blocks(lang, open_points, budget=budget))
    return {
        "text": t("oneonone.nudge.rep.fallback", lang, manager=manager, when=when),
        "blocks": head + body,
    }


def after_nudge(lang: str, *, series_id: int, day: date, other_id: str) -> dict:
    """After the 1:1, to both: how did it go, log the action points you agreed."""
    text = t("oneonone.after", lang, other=mention(other_id))
    return {
        "text": text,
        "blocks": [
            _section(text),
            {
                "type": "actions",
                "block_id": f"oneonone_after:{series_id}:{day.isoformat()}",
                "elements": [
                    button(
                        t("oneonone.after.button", lang),
                        ACTIONS_ACTION,
                        _day_value(series_id, day),
                        style="primary",
                    )
                ],
            },
        ],
    }


# --------------------------------------------------------------------------- prep modal


def prep_modal(lang: str, *, series_id: int, day: date, prep: PrepView | None) -> dict:
    """The rep's modal to note obstacles and topics for the 1:1 (at least one)."""
    return modal(
        callback_id=PREP_MODAL_CALLBACK,
        title=t("oneonone.prep.title", lang),
        submit=t("oneonone.prep.submit", lang),
        close=t("oneonone.prep.close", lang),
        private_metadata=json.dumps({"series_id": series_id, "day": day.isoformat(), "lang": lang}),
        blocks=[
            _section(t("oneonone.prep.intro", lang, day=format_day(day, lang))),
            text_input(
                block_id=BLOCK_OBSTACLES,
                action_id=ACTION_OBSTACLES,
                label=t("oneonone.prep.obstacles", lang),
                max_length=PREP_MAX,
                optional=True,
                multiline=True,
                initial=prep.obstacles if prep is not None else None,
                hint=t("oneonone.prep.obstacles_hint", lang),
            ),
            text_input(
                block_id=BLOCK_TOPICS,
                action_id=ACTION_TOPICS,
                label=t("oneonone.prep.topics", lang),
                max_length=PREP_MAX,
                optional=True,
                multiline=True,
                initial=prep.topics if prep is not None else None,
                hint=t("oneonone.prep.topics_hint", lang),
            ),
        ],
    )


def prep_modal_values(state_values: dict) -> dict[str, str | None]:
    """{"obstacles", "topics"}: stripped text or None."""
    return {
        "obstacles": state_text(state_values, BLOCK_OBSTACLES, ACTION_OBSTACLES),
        "topics": state_text(state_values, BLOCK_TOPICS, ACTION_TOPICS),
    }


def prep_errors(lang: str, code: str = "empty", params: dict | None = None) -> dict[str, str]:
    """block_id -> message for the prep modal; "empty" (nothing noted) goes under the first
    field, "too_long" (length, max) too."""
    key = f"oneonone.error.prep.{code}"
    if key not in MESSAGES:
        key = "oneonone.error.prep.empty"
    values = {name: "" for name in placeholders(MESSAGES[key]["en"])}
    values.update({name: _error_param(value, lang) for name, value in (params or {}).items()})
    return {BLOCK_OBSTACLES: t(key, lang, **values)}


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
    return modal(
        callback_id=ACTIONS_MODAL_CALLBACK,
        title=t("oneonone.actions.title", lang),
        submit=t("oneonone.actions.submit", lang),
        close=t("oneonone.actions.close", lang),
        private_metadata=json.dumps({"series_id": series_id, "day": day.isoformat(), "lang": lang}),
        blocks=blocks,
    )


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
    messages = {}
    for key, (code, params) in errors.items():
        text_key = f"oneonone.error.action.{code}"
        if text_key not in MESSAGES:
            text_key = "oneonone.error.action.unknown"
        values = {name: "" for name in placeholders(MESSAGES[text_key]["en"])}
        values.update({name: _error_param(value, lang) for name, value in (params or {}).items()})
        if "max" in values and not values["max"]:
            values["max"] = str(ACTION_TEXT_MAX)
        messages[_action_block(key)] = t(text_key, lang, **values)
    return messages


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
    return reply(
        t(
            "oneonone.prep.added",
            lang,
            rep=mention(rep_id),
            when=format_when_in(starts_at, lang, zones),
        )
    )


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
