"""The agenda's use cases (`/agenda`, the item form, the agenda buttons), its posts (opening,
reminder, lock) and the story proposals to winners, and when they are due.

Items go on the next meeting whose agenda is still open; each person changes their own items
until the cut-off, admins any. Every use case owns its transaction, calls no Slack and returns
plain values or raises AgendaRefusal (its code selects the text in the views).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.agenda import ItemInput, looks_operational, timebox
from bot.domain.errors import UserError
from bot.domain.formatting import ReaderZones
from bot.domain.schedule import DueSend, local_moment
from bot.domain.workdays import is_working_day
from bot.jobs.meetings import live_meeting, meetings_near, reader_zones, sends_due, times_of
from bot.jobs.outbox import UPDATE_KIND, MessageKind, Outgoing, Skip
from bot.jobs.people import language_of_user
from bot.jobs.schedule import DueMessage
from bot.payloads import StalePayload
from bot.views import agenda as agenda_views
from bot.views.agenda import AgendaLine, ComingAgenda, StoryWin
from storage import agenda as agenda_store
from storage import meetings as store
from storage import outbox as outbox_store
from storage import wins as win_store
from storage.models import AgendaItem, Meeting, OutboxMessage, Win

STORY_KIND = "story_proposal"
AGENDA_POSTS = ("agenda_open", "agenda_reminder", "agenda_lock")
# A team's very first meeting proposes the wins of at least this long before it.
FIRST_MEETING_LOOKBACK = timedelta(days=90)


class AgendaRefusal(UserError):
    """Why nothing was done: "no_meeting" (none takes items), "gone" (withdrawn or not this
    team's), "not_allowed", "locked" (params when, zones) or "story_removed"."""


def submitted_key(view_id: str) -> str:
    """An item added through the form: a submission Slack delivers twice has one view id."""
    return f"view:{view_id}"


def story_key(win_id: int) -> str:
    """A win's success story: one per win, however often Add is clicked."""
    return f"story:{win_id}"


def carry_key(item_id: int, to_meeting_id: int) -> str:
    """An item carried to a meeting: carrying it twice adds it once."""
    return f"carry:{item_id}:{to_meeting_id}"


@dataclass(frozen=True)
class ItemForm:
    """The item form's meeting and, when editing, the item (item_modal's arguments)."""

    meeting_id: int
    when: datetime
    item: AgendaLine | None
    zones: ReaderZones


@dataclass(frozen=True)
class SavedItem:
    """An item added or edited, or a win added as a story (item_saved_reply's arguments)."""

    title: str
    when: datetime  # the meeting it is on
    next_meeting: bool  # on the meeting after the coming one, whose agenda is locked
    zones: ReaderZones
    edited: bool = False
    operational: bool = False  # reads like a topic for the 1:1 with the manager


def _taking_items(
    session: Session, settings: Settings, meeting: Meeting | None, team_id: str, now: datetime
) -> tuple[Meeting | None, bool]:
    """`meeting` if it still takes items; else the next meeting whose agenda is open, and True
    (the user is told it goes on a later meeting); None when none takes items."""
    if meeting and meeting.status != "cancelled" and now < times_of(meeting, settings).cutoff:
        return meeting, False
    following = store.next_meeting(session=session, team_id=team_id, after=now)
    if following is not None and now >= times_of(following, settings).cutoff:
        following = store.next_meeting(session=session, team_id=team_id, after=following.starts_at)
    return following, following is not None


def _following(session: Session, meeting: Meeting) -> Meeting | None:
    return store.next_meeting(
        session=session, team_id=meeting.team_id, after=meeting.starts_at, exclude_id=meeting.id
    )


def _when(meeting: Meeting, settings: Settings) -> datetime:
    return meeting.starts_at.astimezone(settings.tz)


def _changeable(
    deps: Deps, session: Session, team_id: str, user_id: str, lang: str, item_id: int, admin: bool
) -> tuple[AgendaItem, Meeting]:
    """The item and its meeting if the user may change it now; raises AgendaRefusal "gone",
    "locked" (naming the meeting's time on the reader's clock) or "not_allowed"."""
    item, meeting = agenda_store.item_and_meeting(session=session, team_id=team_id, item_id=item_id)
    if item is None or meeting is None or item.status != "active":
        raise AgendaRefusal("gone")
    if deps.clock() >= times_of(meeting, deps.settings_for(team_id)).cutoff:
        zones = reader_zones(session, deps.settings_for(team_id), team_id, user_id, lang)
        raise AgendaRefusal("locked", when=_when(meeting, deps.settings_for(team_id)), zones=zones)
    if item.user_id != user_id and not admin:
        raise AgendaRefusal("not_allowed")
    return item, meeting


_SHOWN = {"id", "kind", "title", "user_id", "details", "question", "tried"}  # as AgendaLine's


def _line(item: AgendaItem, clients: dict, minutes: int | None = None) -> AgendaLine:
    """`item` as shown; `clients`: win id -> client name, for a story told from a logged win."""
    carried, client = item.carried_from_id is not None, clients.get(item.win_id)
    return AgendaLine(
        **item.model_dump(include=_SHOWN), minutes=minutes, carried=carried, client=client
    )


def agenda_lines(session: Session, meeting: Meeting, *, timed: bool = False) -> list[AgendaLine]:
    """The meeting's active items as shown; `timed` orders and time-boxes them (locked agenda)."""
    items = agenda_store.active_items(session=session, meeting_id=meeting.id or 0)
    wins = (session.get(Win, item.win_id) for item in items if item.win_id)
    clients = {win.id: win.client_name for win in wins if win is not None}
    if not timed:
        return [_line(item, clients) for item in items]
    by_id = {item.id: item for item in items}
    boxed = timebox(
        [(item.id or 0, item.kind) for item in items], duration_minutes=meeting.duration_minutes
    )
    return [_line(by_id[entry.item_id], clients, entry.minutes) for entry in boxed]


def coming_agenda(deps: Deps, *, team_id: str, user_id: str, lang: str) -> ComingAgenda:
    """The coming meeting's agenda (time-boxed once locked); raises AgendaRefusal "no_meeting"."""
    now = deps.clock()
    with deps.session_factory() as session:
        coming = store.next_meeting(session=session, team_id=team_id, after=now)
        if coming is None:
            raise AgendaRefusal("no_meeting")
        times = times_of(coming, deps.settings_for(team_id))
        locked = now >= times.cutoff
        return ComingAgenda(
            meeting_id=coming.id or 0,
            when=times.starts_at,
            cutoff=times.cutoff,
            locked=locked,
            items=agenda_lines(session, coming, timed=locked),
            zones=reader_zones(session, deps.settings_for(team_id), team_id, user_id, lang),
        )


def new_item_form(
    deps: Deps, *, team_id: str, user_id: str, lang: str, meeting_id: int | None = None
) -> ItemForm:
    """The form for a new item on `meeting_id` if it still takes items, else on the meeting
    that does (without `meeting_id`: the next open one); raises AgendaRefusal "no_meeting"."""
    settings = deps.settings_for(team_id)
    with deps.session_factory() as session:
        meeting = None
        if meeting_id is not None:
            meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        if meeting_id is None or meeting is not None:
            meeting, _ = _taking_items(session, settings, meeting, team_id, deps.clock())
        zones = reader_zones(session, settings, team_id, user_id, lang)
    if meeting is None:
        raise AgendaRefusal("no_meeting")
    return ItemForm(meeting.id or 0, _when(meeting, settings), None, zones)


def edit_item_form(
    deps: Deps, *, team_id: str, user_id: str, lang: str, item_id: int, admin: bool
) -> ItemForm:
    """The form to edit an item; raises AgendaRefusal "gone", "locked" or "not_allowed"."""
    with deps.session_factory() as session:
        item, meeting = _changeable(deps, session, team_id, user_id, lang, item_id, admin)
        zones = reader_zones(session, deps.settings_for(team_id), team_id, user_id, lang)
    return ItemForm(
        meeting.id or 0, _when(meeting, deps.settings_for(team_id)), _line(item, {}), zones
    )


def save_item(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    entered: ItemInput,
    meeting_id: int,
    item_id: int | None,
    view_id: str,
    admin: bool,
) -> SavedItem:
    """Store the form: edit `item_id`, or add a new item on `meeting_id` (or the meeting after
    it, once it is locked). Raises AgendaRefusal "gone", "locked", "not_allowed" (editing) or
    "no_meeting" (adding)."""
    settings, now, fields = deps.settings_for(team_id), deps.clock(), asdict(entered)
    later = False
    with deps.session_factory.write() as session:
        if item_id is not None:
            _, meeting = _changeable(deps, session, team_id, user_id, lang, item_id, admin)
            agenda_store.update_item(session=session, item_id=item_id, now=now, **fields)
        else:
            found = store.get_meeting(
                session=session, team_id=team_id, meeting_id=meeting_id, for_update=True
            )
            taking, later = _taking_items(session, settings, found, team_id, now)
            if taking is None:
                raise AgendaRefusal("no_meeting")
            meeting = taking
            agenda_store.add_item(
                session=session,
                team_id=team_id,
                meeting_id=meeting.id or 0,
                user_id=user_id,
                source_key=submitted_key(view_id),
                now=now,
                **fields,
            )
        zones = reader_zones(session, settings, team_id, user_id, lang)
    return SavedItem(
        title=entered.title,
        when=_when(meeting, settings),
        next_meeting=later,
        zones=zones,
        edited=item_id is not None,
        operational=looks_operational(f"{entered.title} {entered.details} {entered.question}"),
    )


def withdraw_item(
    deps: Deps, *, team_id: str, user_id: str, lang: str, item_id: int, admin: bool
) -> str:
    """Take an item off its agenda; returns its title. Raises AgendaRefusal "gone", "locked"
    or "not_allowed"."""
    with deps.session_factory.write() as session:
        item, _ = _changeable(deps, session, team_id, user_id, lang, item_id, admin)
        agenda_store.update_item(
            session=session, item_id=item_id, now=deps.clock(), status="withdrawn"
        )
        return item.title


def add_story(
    deps: Deps, *, team_id: str, user_id: str, lang: str, meeting_id: int, win_id: int
) -> tuple[SavedItem, dict | None]:
    """Put the user's win on `meeting_id`'s agenda as a success story (or on the meeting that
    takes items now); returns it saved and the proposal DM redrawn with it ticked (None when
    the DM no longer lists it). Raises AgendaRefusal "not_allowed" (not their win),
    "story_removed" (removed since the DM) or "no_meeting"."""
    settings, now = deps.settings_for(team_id), deps.clock()
    with deps.session_factory.write() as session:
        win = win_store.get_win(session=session, win_id=win_id)
        if win is None or win.team_id != team_id or win.user_id != user_id:
            raise AgendaRefusal("not_allowed")
        if win.removed_at is not None:
            raise AgendaRefusal("story_removed")
        proposed = store.get_meeting(
            session=session, team_id=team_id, meeting_id=meeting_id, for_update=True
        )
        meeting, later = _taking_items(session, settings, proposed, team_id, now)
        if meeting is None:
            raise AgendaRefusal("no_meeting")
        agenda_store.add_item(
            session=session,
            team_id=team_id,
            meeting_id=meeting.id or 0,
            user_id=user_id,
            kind="success",
            title=win.client_name,
            details=win.story or "",
            win_id=win.id,
            source_key=story_key(win_id),
            now=now,
        )
        zones = reader_zones(session, settings, team_id, user_id, lang)
    saved = SavedItem(win.client_name, _when(meeting, settings), next_meeting=later, zones=zones)
    with deps.session_factory() as session:
        # The DM lists all the rep's wins: redrawn with this one ticked, the others as they were.
        redrawn = (
            story_proposal(session, proposed, user_id, settings, win_id=win_id)
            if proposed
            else None
        )
    return saved, redrawn


def carry_over_form(
    deps: Deps, *, team_id: str, meeting_id: int
) -> tuple[datetime | None, list[AgendaLine]]:
    """When the next meeting is, and the locked meeting's items (time-boxed) to pick from;
    raises StalePayload when the meeting is gone."""
    with deps.session_factory() as session:
        meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        if meeting is None:
            raise StalePayload(f"no meeting {meeting_id}")
        following = _following(session, meeting)
        items = agenda_lines(session, meeting, timed=True)
    return (_when(following, deps.settings_for(team_id)) if following else None), items


def carry_over(
    deps: Deps, *, team_id: str, meeting_id: int, item_ids: list[int]
) -> tuple[int, datetime]:
    """Add the ticked items, still active on the meeting, to the meeting after it; returns how
    many were added (not those carried before) and when that meeting is. Raises StalePayload
    when either meeting is gone."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        following = meeting and _following(session, meeting)
        if meeting is None or following is None:
            raise StalePayload(f"no meeting {meeting_id} or none after it")
        to_id = following.id or 0
        to_carry = agenda_store.items_to_carry(
            session=session, team_id=team_id, meeting_id=meeting_id, item_ids=item_ids
        )
        copied = [
            agenda_store.copy_item(
                session=session,
                item=item,
                to_meeting_id=to_id,
                source_key=carry_key(item.id or 0, to_id),
                now=now,
            )
            for item in to_carry
        ]
    return sum(new_id is not None for new_id in copied), _when(
        following, deps.settings_for(team_id)
    )


def _story_wins(
    session: Session,
    meeting: Meeting,
    settings: Settings,
    end: datetime,
    user_id: str | None = None,
) -> tuple[list[Win], dict[int, tuple[str, datetime]]]:
    """The wins to propose for `meeting` logged until `end` (only `user_id`'s if given), and
    where each is on an agenda. They start after the previous meeting's cut-off (in any
    calendar); before a team's first meeting, at its planning or 90 days before, if earlier."""
    team_id = meeting.team_id
    previous = store.previous_meeting(session=session, team_id=team_id, before=meeting.starts_at)
    if previous is not None:
        start = times_of(previous, settings).cutoff
    else:
        start = meeting.starts_at - FIRST_MEETING_LOOKBACK
        plan = store.get_plan(session=session, team_id=team_id, plan_id=meeting.plan_id)
        planned = (plan.confirmed_at or plan.created_at) if plan else None
        start = min(start, planned) if planned else start
    wins = agenda_store.wins_between(
        session=session, team_id=team_id, start=start, end=end, user_id=user_id
    )
    win_ids = [win.id or 0 for win in wins]
    return wins, agenda_store.agenda_places_of_wins(session=session, win_ids=win_ids)


def story_proposal(
    session: Session,
    meeting: Meeting,
    user_id: str,
    settings: Settings,
    *,
    win_id: int | None = None,
) -> dict | None:
    """The one DM proposing `user_id`'s wins (logged before the cut-off) as success stories for
    `meeting`, each with its Add button or where it is on an agenda. None when no win is left
    to add; with `win_id` (redrawn after a click on it), None only when that win is not in it."""
    wins, places = _story_wins(
        session, meeting, settings, times_of(meeting, settings).cutoff, user_id
    )
    lines = []
    for win in wins:
        status, starts_at = places.get(win.id or 0, (None, None))
        on_agenda = starts_at.astimezone(settings.tz) if status == "active" and starts_at else None
        withdrawn = status is not None and status != "active"
        lines.append(StoryWin(win.id or 0, win.client_name, on_agenda, withdrawn))
    if win_id is not None:
        if all(line.win_id != win_id for line in lines):
            return None
    elif not any(line.proposable for line in lines):
        return None
    lang = language_of_user(session, settings, meeting.team_id, user_id)
    return agenda_views.story_proposal_dm(
        lang,
        meeting_id=meeting.id or 0,
        when=_when(meeting, settings),
        wins=lines,
        zones=reader_zones(session, settings, meeting.team_id, user_id, lang),
    )


def _story_due(
    session: Session, meeting: Meeting, settings: Settings, now: datetime
) -> list[DueMessage]:
    """One DM per winner while the agenda is open, proposing all their wins since the previous
    meeting; a win logged after that DM was queued updates it in place (no second DM)."""
    times = times_of(meeting, settings)
    if not times.opens_at <= now < times.cutoff:
        return []
    # A win logged on Saturday (the agenda of a Wednesday meeting opens on Friday) is proposed
    # on Monday morning: no DM on a weekend, a holiday or at night.
    today = now.astimezone(settings.tz).date()
    opens_today = local_moment(today, settings.agenda_open_time, settings.tz)
    if not is_working_day(today, holidays_country=settings.holidays_country) or now < opens_today:
        return []
    team_id = meeting.team_id
    wins, on_agenda = _story_wins(session, meeting, settings, now)
    by_winner: dict[str, list[Win]] = {}
    for win in wins:
        if win.id not in on_agenda:
            by_winner.setdefault(win.user_id, []).append(win)
    due = []
    for user_id, own in by_winner.items():
        key = f"{STORY_KIND}:{meeting.id}:{user_id}"
        payload = {"meeting_id": meeting.id, "user": user_id}
        due.append(
            DueMessage.of(team_id, DueSend(key, STORY_KIND, now, times.cutoff), user_id, payload)
        )
        queued = outbox_store.find_by_key(session=session, team_id=team_id, key=key)
        for win in own:
            if queued is not None and win.created_at > queued.created_at:
                send = DueSend(f"{UPDATE_KIND}:{key}:{win.id}", UPDATE_KIND, now, times.cutoff)
                due.append(DueMessage.of(team_id, send, user_id, {"target_key": key}))
    return due


def render_agenda(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """An agenda post or a story proposal as it should look now; raises Skip."""
    payload = json.loads(row.payload or "{}")
    meeting = live_meeting(session, row.team_id, payload)
    if row.kind == STORY_KIND:
        user_id = payload.get("user")
        if user_id is None:  # queued before proposals were one DM per rep: one win's
            win = session.get(Win, payload.get("win_id") or 0)
            if win is None:
                raise Skip("the win is gone")
            user_id = win.user_id
        message = story_proposal(session, meeting, user_id, settings)
        if message is None:
            raise Skip("no win left to propose: on an agenda already, or removed")
        return Outgoing(user_id, message["text"], message["blocks"])
    lang, times = settings.bot_locale, times_of(meeting, settings)
    locked = row.kind == "agenda_lock"
    post: dict[str, Any] = {"meeting_id": meeting.id or 0, "when": times.starts_at}
    post["items"] = agenda_lines(session, meeting, timed=locked)
    if locked:
        duration = meeting.duration_minutes
        rendered = agenda_views.locked_agenda_message(lang, duration_minutes=duration, **post)
    elif row.kind == "agenda_open":
        rendered = agenda_views.agenda_open_message(lang, cutoff=times.cutoff, **post)
    else:
        reminded_on = times.reminder_at.date()
        rendered = agenda_views.agenda_reminder_message(
            lang, cutoff=times.cutoff, reminded_on=reminded_on, **post
        )
    return Outgoing(meeting.channel or row.channel, rendered["text"], rendered["blocks"])


MESSAGE_KINDS = tuple(
    MessageKind(name, render=render_agenda) for name in (*AGENDA_POSTS, STORY_KIND)
)


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """The agenda's opening, reminder and lock posts and the story proposals due by `now`,
    in each team's settings."""
    due: list[DueMessage] = []
    for meeting in meetings_near(session, now):
        settings = settings_for(meeting.team_id)
        due += sends_due(meeting, settings, now, AGENDA_POSTS)
        due += _story_due(session, meeting, settings, now)
    return due
