"""Block Kit for the App Home tab."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.domain.badges import Badge
from bot.domain.formatting import ReaderZones, format_day, format_number, format_when_in
from bot.i18n import t
from bot.views.agenda import ADD_ITEM_ACTION
from bot.views.badges import home_blocks
from bot.views.blocks import button, plain
from bot.views.blocks import section as _section
from bot.views.managers import my_manager_blocks, set_manager_button
from bot.views.oneonones import PREP_ACTION, action_points_blocks
from bot.views.plans import EDIT_ACTION
from bot.views.text import escape, mention, plural
from bot.views.wins import OPEN_MODAL_ACTION_ID
from bot.views.workspaces import home_blocks as workspace_blocks

MAX_HOME_BLOCKS = 100


@dataclass(frozen=True)
class HomeWin:
    client: str  # raw user text
    rep_id: str
    value: str | None
    day: date


def _lines(wins: list[HomeWin], lang: str, *, with_rep: bool) -> str:
    key = "home.team_win_line" if with_rep else "home.win_line"
    lines = [
        t(
            key,
            lang,
            client=escape(win.client),
            value=f" · {win.value}" if win.value else "",
            rep=mention(win.rep_id),
            date=format_day(win.day, lang),
        )
        for win in wins
    ]
    return "\n".join(lines) or t("home.none_yet", lang)


@dataclass(frozen=True)
class HomePlan:
    """The viewer's account plan: `progress_line` is mrkdwn built by the plan views."""

    year: int  # the plan shown, or the year to write one for
    status: str | None  # None: no plan yet
    progress_line: str | None = None
    offer_year: int | None = None  # the coming (or new) year, offered next to the plan shown


@dataclass(frozen=True)
class HomeOneOnOne:
    series_id: int
    other_id: str  # the manager (for a rep)
    starts_at: datetime  # aware, local
    day: date  # the occurrence's id
    actions: list = field(default_factory=list)  # oneonone views' ActionPointView
    prepared: bool = False
    zones: ReaderZones | None = None  # read on the rep's clock, the manager's named if it differs


@dataclass(frozen=True)
class HomeMeeting:
    meeting_id: int
    starts_at: datetime
    my_items: list[str] = field(default_factory=list)  # raw titles
    locked: bool = False
    zones: ReaderZones | None = None  # the reader's clock, the team's named when it differs


@dataclass(frozen=True)
class HomeRepRow:
    rep_id: str
    plan_status: str | None  # draft | agreed | None
    won: int
    target: int | None
    expected: float | None
    pace: str | None  # ahead | on_track | behind | done
    next_oneonone: datetime | None
    open_actions: int
    last_checkin: str | None = None  # mrkdwn line (user text escaped), or None
    next_year: int | None = None  # from December: next year, with its plan's status
    next_plan_status: str | None = None  # draft | agreed | None (no plan yet)
    prepared: bool = False  # the rep noted obstacles or topics for the next 1:1
    zones: ReaderZones | None = None  # the manager's clock, the rep's named when it differs


@dataclass(frozen=True)
class HomeTab:
    """A viewer's Home tab: wins and counts, plan with pace, next 1:1 with open action points
    and their manager, next sales meeting with their items, a row per rep they manage, the
    sharing toggle for someone on the check-in list, and for an admin the check-in list."""

    year: int
    rep_count: int
    team_count: int
    mine: list[HomeWin]
    team: list[HomeWin]
    plan: HomePlan | None = None
    oneonone: HomeOneOnOne | None = None
    my_manager: str | None = None
    meeting: HomeMeeting | None = None
    team_rows: list[HomeRepRow] = field(default_factory=list)
    admin_checkin_people: list[str] | None = None  # None: the viewer is not an admin
    # On the check-in list: whether their first meetings booked show on /leaderboard; None:
    # not on it (no toggle).
    outreach_shared: bool | None = None
    badges: list[Badge] | None = None  # None: not a rep (no badges section)
    workspace_admin: bool = False  # may change the workspace settings (the button)
    needs_setup: bool = False  # the workspace has no wins channel yet: a notice on top


def _actions(block_id: str | None, *elements: dict) -> dict:
    named = {"block_id": block_id} if block_id else {}
    return {"type": "actions", **named, "elements": list(elements)}


def _plan_blocks(lang: str, plan: HomePlan) -> list[dict]:
    if plan.status is None:
        text = t("dash.plan.none", lang, year=plan.year)
        label, style = t("dash.plan.create", lang), "primary"
    else:
        text = t(f"dash.plan.{plan.status}", lang, year=plan.year)
        if plan.progress_line:
            text += "\n" + plan.progress_line
        label, style = t("dash.plan.edit", lang), None
    blocks = [
        _section(text),
        _actions("dash_plan", button(label, EDIT_ACTION, str(plan.year), style=style)),
    ]
    if plan.offer_year is not None:
        # Its own block: one action_id may appear once per actions block.
        offer = t("dash.plan.create_year", lang, year=plan.offer_year)
        blocks += [
            _section(t("dash.plan.offer", lang, year=plan.offer_year)),
            _actions(
                "dash_plan_next", button(offer, EDIT_ACTION, str(plan.offer_year), style="primary")
            ),
        ]
    return blocks


def _oneonone_blocks(lang: str, one: HomeOneOnOne | None) -> list[dict]:
    if one is None:
        return [_section(t("dash.oneonone.none", lang))]
    when = format_when_in(one.starts_at, lang, one.zones)
    label = t("dash.oneonone.prepared" if one.prepared else "dash.oneonone.prepare", lang)
    blocks = [
        _section(t("dash.oneonone.next", lang, who=mention(one.other_id), when=when)),
        _actions("dash_prep", button(label, PREP_ACTION, f"{one.series_id}:{one.day.isoformat()}")),
    ]
    if one.actions:
        blocks.append(_section(t("dash.oneonone.actions", lang)))
        blocks += action_points_blocks(lang, one.actions, budget=12)
    return blocks


def _meeting_blocks(lang: str, meeting: HomeMeeting | None) -> list[dict]:
    if meeting is None:
        return [_section(t("dash.meeting.none", lang))]
    text = t("dash.meeting.next", lang, when=format_when_in(meeting.starts_at, lang, meeting.zones))
    if meeting.my_items:
        text += "\n" + "\n".join(f"• {escape(title)}" for title in meeting.my_items[:10])
    else:
        text += "\n" + t("dash.meeting.no_items", lang)
    if meeting.locked:
        return [_section(text)]
    add = button(t("dash.meeting.add", lang), ADD_ITEM_ACTION, str(meeting.meeting_id))
    return [_section(text), _actions("dash_agenda", add)]


def _team_blocks(lang: str, rows: list[HomeRepRow]) -> list[dict]:
    blocks = [_section(t("dash.team.title", lang))]
    for row in rows[:20]:
        if row.target is None:
            plan = t("dash.team.no_plan", lang)
        else:
            plan = t(
                "dash.team.plan",
                lang,
                status=t(f"dash.team.status.{row.plan_status}", lang),
                won=row.won,
                target=row.target,
                expected=format_number(round(row.expected or 0, 1), lang),
                pace=t(f"dash.team.pace.{row.pace}", lang),
            )
        if row.next_year is not None and row.next_plan_status is None:
            plan += "\n" + t("dash.team.next_plan_none", lang, year=row.next_year)
        elif row.next_year is not None:
            status = t(f"dash.team.status.{row.next_plan_status}", lang)
            plan += "\n" + t("dash.team.next_plan", lang, year=row.next_year, status=status)
        when = (
            format_when_in(row.next_oneonone, lang, row.zones)
            if row.next_oneonone
            else t("dash.team.no_oneonone", lang)
        )
        checkin = (
            t("dash.team.checkin", lang, line=row.last_checkin)
            if row.last_checkin
            else t("dash.team.no_checkin", lang)
        )
        coming = t("dash.team.next", lang, when=when, actions=row.open_actions)
        if row.prepared:
            coming += "\n" + t("dash.team.prepared", lang)
        fields = [f"{mention(row.rep_id)}\n{plan}", f"{coming}\n{checkin}"]
        blocks.append(
            {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]}
        )
    if len(rows) > 20:
        blocks.append(_section(t("dash.team.more", lang, count=len(rows) - 20)))
    return blocks


SHARING_ACTION = "dash_outreach_sharing"  # value: SHARE_ON or SHARE_OFF, the state wanted
SHARE_ON, SHARE_OFF = "share", "private"
SHARING_VALUES = (SHARE_ON, SHARE_OFF)


def sharing_blocks(lang: str, shared: bool) -> list[dict]:
    """A rep's line on whether their first meetings booked show on /leaderboard, with the
    button to switch; turning it on is confirmed first (the team sees the numbers)."""
    if shared:
        switch = button(t("home.sharing.keep_private", lang), SHARING_ACTION, SHARE_OFF)
    else:
        confirm = {
            "title": plain(t("home.sharing.confirm_title", lang)),
            "text": plain(t("home.sharing.confirm_text", lang)),
            "confirm": plain(t("home.sharing.confirm_yes", lang)),
            "deny": plain(t("home.sharing.confirm_no", lang)),
        }
        label = t("home.sharing.show", lang)
        switch = button(label, SHARING_ACTION, SHARE_ON, confirm=confirm)
    line = t("home.sharing.shared" if shared else "home.sharing.private", lang)
    return [_section(line), _actions("dash_sharing", switch)]


# An answer on the Home tab to a change that is not allowed, by error code.
ERROR_KEYS = {"not_admin": "checkin.error.not_admin", "not_listed": "home.sharing.not_listed"}


def error_text(lang: str, code: str, params: dict | None) -> str:
    return t(ERROR_KEYS.get(code, "failure.unexpected"), lang, **(params or {}))


CHECKIN_ADD_ACTION = "dash_checkin_add"  # users_select: selected_user joins the check-ins
CHECKIN_REMOVE_ACTION = "dash_checkin_remove"  # users_select: selected_user leaves them


def _admin_blocks(lang: str, people: list[str]) -> list[dict]:
    """For admins: who manages whom (a form), who is asked to check in every week, and pickers
    to add or remove someone."""
    listed = ", ".join(mention(user) for user in people[:60]) or t("dash.admin.nobody", lang)
    if len(people) > 60:
        listed += " " + t("dash.team.more", lang, count=len(people) - 60)

    def picker(action_id: str, key: str) -> dict:
        return {"type": "users_select", "action_id": action_id, "placeholder": plain(t(key, lang))}

    return [
        _actions("dash_admin_managers", set_manager_button(lang)),
        _section(t("dash.admin.checkins", lang, people=listed)),
        _actions(
            "dash_admin_checkins",
            picker(CHECKIN_ADD_ACTION, "dash.admin.add"),
            picker(CHECKIN_REMOVE_ACTION, "dash.admin.remove"),
        ),
    ]


def home_view(lang: str, *, notice: str | None = None, **parts: Any) -> dict:
    """The Home tab of HomeTab(**parts)."""
    return home_tab_view(lang, HomeTab(**parts), notice=notice)


def home_tab_view(lang: str, tab: HomeTab, *, notice: str | None = None) -> dict:
    """The Home tab within Slack's 100 blocks; `notice` is mrkdwn shown on top (the result of
    an admin's change)."""
    blocks = [
        {"type": "header", "text": plain(t("home.title", lang))},
        _section(t("home.intro", lang)),
        _actions(
            None, button(t("home.log_button", lang), OPEN_MODAL_ACTION_ID, None, style="primary")
        ),
        _section(
            plural("home.counts", lang, tab.rep_count, year=tab.year, team_count=tab.team_count)
        ),
    ]
    if tab.badges is not None:
        blocks += home_blocks(lang, tab.badges)
    if tab.plan is not None:
        blocks += [{"type": "divider"}, *_plan_blocks(lang, tab.plan)]
    blocks += [{"type": "divider"}, *_oneonone_blocks(lang, tab.oneonone)]
    if tab.my_manager:
        blocks += my_manager_blocks(lang, manager_id=tab.my_manager)
    blocks += [{"type": "divider"}, *_meeting_blocks(lang, tab.meeting)]
    if tab.outreach_shared is not None:
        blocks += [{"type": "divider"}, *sharing_blocks(lang, tab.outreach_shared)]
    if tab.team_rows:
        blocks += [{"type": "divider"}, *_team_blocks(lang, tab.team_rows)]
    if tab.admin_checkin_people is not None:
        blocks += [{"type": "divider"}, *_admin_blocks(lang, tab.admin_checkin_people)]
    workspace = workspace_blocks(lang, admin=tab.workspace_admin, needs_setup=tab.needs_setup)
    if tab.needs_setup:
        blocks[1:1] = workspace
    elif workspace:
        blocks += [{"type": "divider"}, *workspace]
    if notice:
        blocks.insert(1, _section(notice))
    blocks += [
        {"type": "divider"},
        _section(t("home.recent_mine", lang) + "\n" + _lines(tab.mine, lang, with_rep=False)),
        _section(t("home.recent_team", lang) + "\n" + _lines(tab.team, lang, with_rep=True)),
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
