"""The agenda's work: what `/agenda`, the item form and the agenda buttons do, the agenda's
posts (opening, reminder, lock) and the story proposals to winners, and when they are due.

Items go on the next meeting whose agenda is still open; after the cut-off they go to the
meeting after it and the submitter is told. Each person changes their own items until the
cut-off; admins change any. Every function here owns its transaction, calls no Slack and
returns plain values or raises AgendaRefusal (its code selects the text in the views).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.config import Settings
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
from bot.views.agenda import AgendaLine
from storage import agenda as agenda_store
from storage import meetings as store
from storage import outbox as outbox_store
from storage import wins as win_store
from storage.db import SessionFactory
from storage.models import AgendaItem, Meeting, OutboxMessage, Win


class AgendaRefusal(UserError):
    """Why nothing was done. Codes: "no_meeting" (none takes items), "gone" (the item was
    withdrawn or is not this team's), "not_allowed", "locked" (params: when, zones: the
    meeting's start and the reader's clock), "story_removed" (the win was removed)."""


# ------------------------------------------------------------------ idempotency keys


def submitted_key(view_id: str) -> str:
    """An item added through the form: a submission Slack delivers twice has one view id."""
    return f"view:{view_id}"


def story_key(win_id: int) -> str:
    """A win's success story: one per win, however often Add is clicked."""
    return f"story:{win_id}"


def carry_key(item_id: int, to_meeting_id: int) -> str:
    """An item carried to a meeting: carrying it twice adds it once."""
    return f"carry:{item_id}:{to_meeting_id}"


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class ComingAgenda:
    """The coming meeting's agenda as one reader sees it."""

    meeting_id: int
    when: datetime  # the meeting's start, in the team's zone
    cutoff: datetime
    locked: bool  # past the cut-off: items time-boxed, in agenda order
    items: list[AgendaLine]
    zones: ReaderZones


@dataclass(frozen=True)
class ItemForm:
    """What the item form shows: the meeting the item goes on and, when editing, the item."""

    meeting_id: int
    when: datetime
    item: AgendaLine | None
    zones: ReaderZones


@dataclass(frozen=True)
class SavedItem:
    """An item added or edited (or a win added as a story), for the confirmation."""

    title: str
    when: datetime  # the meeting it is on
    later: bool  # on the meeting after the coming one, whose agenda is locked
    edited: bool
    operational: bool  # reads like a topic for the 1:1 with the manager
    zones: ReaderZones


@dataclass(frozen=True)
class StoryAdded:
    """A win put on the agenda from the proposal DM."""

    saved: SavedItem
    redrawn: dict | None  # the proposal DM with this win ticked, if it still lists it


@dataclass(frozen=True)
class CarryForm:
    """The carry-over form: the meeting's items, time-boxed, and when the next meeting is."""

    meeting_id: int
    next_when: datetime | None
    items: list[AgendaLine]


@dataclass(frozen=True)
class CarriedOver:
    count: int  # items added to the next meeting (not those carried before)
    next_when: datetime


# ------------------------------------------------------------------ which meeting


def meeting_for_new_items(
    session: Session, settings: Settings, team_id: str, now: datetime
) -> tuple[Meeting | None, bool]:
    """The meeting new items go on, and whether that is later than the coming one (locked)."""
    coming = store.next_meeting(session=session, team_id=team_id, after=now)
    if coming is None or now < times_of(coming, settings).cutoff:
        return coming, False
    return store.next_meeting(session=session, team_id=team_id, after=coming.starts_at), True


def meeting_taking_items(
    session: Session, settings: Settings, meeting: Meeting | None, team_id: str, now: datetime
) -> tuple[Meeting | None, bool]:
    """`meeting` if it still takes items; else the meeting that does, and True (told "later")."""
    if (
        meeting is not None
        and meeting.status != "cancelled"
        and now < times_of(meeting, settings).cutoff
    ):
        return meeting, False
    following, _ = meeting_for_new_items(session, settings, team_id, now)
    return following, following is not None


def _when(meeting: Meeting, settings: Settings) -> datetime:
    return meeting.starts_at.astimezone(settings.tz)


def _refusal_code(
    settings: Settings,
    item: AgendaItem | None,
    meeting: Meeting | None,
    user_id: str,
    admin: bool,
    now: datetime,
) -> str | None:
    """Why the user may not change this item now, or None."""
    if item is None or meeting is None or item.status != "active":
        return "gone"
    if now >= times_of(meeting, settings).cutoff:
        return "locked"
    if item.user_id != user_id and not admin:
        return "not_allowed"
    return None


def _refused(
    code: str, meeting: Meeting | None, settings: Settings, zones: ReaderZones
) -> AgendaRefusal:
    if code == "locked" and meeting is not None:
        return AgendaRefusal(code, when=_when(meeting, settings), zones=zones)
    return AgendaRefusal(code)


def _refusal(
    session_factory: SessionFactory,
    settings: Settings,
    code: str,
    meeting: Meeting | None,
    *,
    team_id: str,
    user_id: str,
    lang: str,
) -> AgendaRefusal:
    """The refusal for `code`; "locked" names the meeting's time on the reader's clock."""
    if code == "locked" and meeting is not None:
        return _refused(
            code, meeting, settings, _zones(session_factory, settings, team_id, user_id, lang)
        )
    return AgendaRefusal(code)


def _zones(
    session_factory: SessionFactory, settings: Settings, team_id: str, user_id: str, lang: str
) -> ReaderZones:
    with session_factory() as session:
        return reader_zones(session, settings, team_id, user_id, lang)


def _line(item: AgendaItem) -> AgendaLine:
    return AgendaLine(
        id=item.id or 0,
        kind=item.kind,
        title=item.title,
        user_id=item.user_id,
        details=item.details,
        question=item.question,
        tried=item.tried,
        carried=item.carried_from_id is not None,
    )


# ------------------------------------------------------------------ use cases


def coming_agenda(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    now: datetime,
) -> ComingAgenda:
    """The coming meeting's agenda (time-boxed once locked); raises AgendaRefusal
    "no_meeting" when none is planned."""
    with session_factory() as session:
        coming = store.next_meeting(session=session, team_id=team_id, after=now)
        if coming is None:
            raise AgendaRefusal("no_meeting")
        times = times_of(coming, settings)
        locked = now >= times.cutoff
        return ComingAgenda(
            meeting_id=coming.id or 0,
            when=times.starts_at,
            cutoff=times.cutoff,
            locked=locked,
            items=agenda_lines(session=session, meeting=coming, timed=locked),
            zones=reader_zones(session, settings, team_id, user_id, lang),
        )


def new_item_form(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    now: datetime,
    meeting_id: int | None = None,
) -> ItemForm:
    """The form for a new item on `meeting_id` if it still takes items, else on the meeting
    that does (without `meeting_id`: the next open one); raises AgendaRefusal "no_meeting"."""
    with session_factory() as session:
        if meeting_id is None:
            meeting, _ = meeting_for_new_items(session, settings, team_id, now)
        else:
            meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
            if meeting is not None:
                meeting, _ = meeting_taking_items(session, settings, meeting, team_id, now)
        zones = reader_zones(session, settings, team_id, user_id, lang)
    if meeting is None:
        raise AgendaRefusal("no_meeting")
    return ItemForm(
        meeting_id=meeting.id or 0, when=_when(meeting, settings), item=None, zones=zones
    )


def edit_item_form(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    item_id: int,
    admin: bool,
    now: datetime,
) -> ItemForm:
    """The form to edit an item; raises AgendaRefusal "gone", "locked" or "not_allowed"."""
    with session_factory() as session:
        item, meeting = agenda_store.item_and_meeting(
            session=session, team_id=team_id, item_id=item_id
        )
        code = _refusal_code(settings, item, meeting, user_id, admin, now)
        zones = reader_zones(session, settings, team_id, user_id, lang)
    if code is not None:
        raise _refused(code, meeting, settings, zones)
    assert item is not None and meeting is not None  # _refusal_code refuses them otherwise
    return ItemForm(
        meeting_id=meeting.id or 0, when=_when(meeting, settings), item=_line(item), zones=zones
    )


def save_item(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    entered: ItemInput,
    meeting_id: int,
    item_id: int | None,
    view_id: str,
    admin: bool,
    now: datetime,
) -> SavedItem:
    """Store the form: edit `item_id`, or add a new item on `meeting_id` (or the meeting after
    it, once it is locked). Raises AgendaRefusal "gone", "locked", "not_allowed" (editing) or
    "no_meeting" (adding)."""
    later = False
    with session_factory.write() as session:
        if item_id is not None:
            item, meeting = agenda_store.item_and_meeting(
                session=session, team_id=team_id, item_id=item_id
            )
            code = _refusal_code(settings, item, meeting, user_id, admin, now)
            if code is None:
                agenda_store.update_item(
                    session=session,
                    item_id=item_id,
                    now=now,
                    kind=entered.kind,
                    title=entered.title,
                    details=entered.details,
                    question=entered.question,
                    tried=entered.tried,
                )
        else:
            found = store.get_meeting(
                session=session, team_id=team_id, meeting_id=meeting_id, for_update=True
            )
            meeting, later = meeting_taking_items(session, settings, found, team_id, now)
            code = "no_meeting" if meeting is None else None
            if meeting is not None:
                agenda_store.add_item(
                    session=session,
                    team_id=team_id,
                    meeting_id=meeting.id or 0,
                    user_id=user_id,
                    kind=entered.kind,
                    title=entered.title,
                    details=entered.details,
                    question=entered.question,
                    tried=entered.tried,
                    source_key=submitted_key(view_id),
                    now=now,
                )
    if code is not None or meeting is None:
        raise _refusal(
            session_factory,
            settings,
            code or "gone",
            meeting,
            team_id=team_id,
            user_id=user_id,
            lang=lang,
        )
    return SavedItem(
        title=entered.title,
        when=_when(meeting, settings),
        later=later,
        edited=item_id is not None,
        operational=looks_operational(f"{entered.title} {entered.details} {entered.question}"),
        zones=_zones(session_factory, settings, team_id, user_id, lang),
    )


def withdraw_item(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    item_id: int,
    admin: bool,
    now: datetime,
) -> str:
    """Take an item off its agenda; returns its title. Raises AgendaRefusal "gone",
    "locked" or "not_allowed"."""
    with session_factory.write() as session:
        item, meeting = agenda_store.item_and_meeting(
            session=session, team_id=team_id, item_id=item_id
        )
        code = _refusal_code(settings, item, meeting, user_id, admin, now)
        if code is None:
            agenda_store.update_item(session=session, item_id=item_id, now=now, status="withdrawn")
    if code is not None:
        raise _refusal(
            session_factory, settings, code, meeting, team_id=team_id, user_id=user_id, lang=lang
        )
    return item.title if item else ""


def add_story(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    meeting_id: int,
    win_id: int,
    now: datetime,
) -> StoryAdded:
    """Put the user's win on `meeting_id`'s agenda as a success story (or on the meeting that
    takes items now). Raises AgendaRefusal "not_allowed" (not their win), "story_removed"
    (removed since the DM) or "no_meeting"."""
    meeting: Meeting | None = None
    later = False
    with session_factory.write() as session:
        win = win_store.get_win(session=session, win_id=win_id)
        mine = win is not None and win.team_id == team_id and win.user_id == user_id
        removed = win is not None and mine and win.removed_at is not None
        if mine and not removed:
            found = store.get_meeting(
                session=session, team_id=team_id, meeting_id=meeting_id, for_update=True
            )
            meeting, later = meeting_taking_items(session, settings, found, team_id, now)
        if meeting is not None and win is not None:
            agenda_store.add_item(
                session=session,
                team_id=team_id,
                meeting_id=meeting.id or 0,
                user_id=user_id,
                kind="success",
                title=win.client_name,
                details=win.story or "",
                win_id=win.id,
                source_key=story_key(win.id or 0),
                now=now,
            )
    if not mine or win is None:
        raise AgendaRefusal("not_allowed")
    if removed:
        raise AgendaRefusal("story_removed")
    if meeting is None:
        raise AgendaRefusal("no_meeting")
    with session_factory() as session:
        # The DM lists all the rep's wins: redrawn with this one ticked, the others as they were.
        proposed = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        redrawn = (
            story_proposal(session, proposed, user_id, settings, win_id=win_id)
            if proposed is not None
            else None
        )
        zones = reader_zones(session, settings, team_id, user_id, lang)
    saved = SavedItem(
        title=win.client_name,
        when=_when(meeting, settings),
        later=later,
        edited=False,
        operational=False,
        zones=zones,
    )
    return StoryAdded(saved=saved, redrawn=redrawn)


def carry_over_form(
    session_factory: SessionFactory, settings: Settings, *, team_id: str, meeting_id: int
) -> CarryForm:
    """The locked meeting's items to pick from; raises StalePayload when the meeting is gone."""
    with session_factory() as session:
        meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        if meeting is None:
            raise StalePayload(f"no meeting {meeting_id}")
        following = store.next_meeting(
            session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
        )
        items = agenda_lines(session=session, meeting=meeting, timed=True)
    return CarryForm(
        meeting_id=meeting_id,
        next_when=_when(following, settings) if following else None,
        items=items,
    )


def carry_over(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    meeting_id: int,
    item_ids: list[int],
    now: datetime,
) -> CarriedOver:
    """Add the ticked items, still active on the meeting, to the meeting after it; raises
    StalePayload when either meeting is gone."""
    count = 0
    with session_factory.write() as session:
        meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        following = (
            store.next_meeting(
                session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
            )
            if meeting
            else None
        )
        if meeting is None or following is None:
            raise StalePayload(f"no meeting {meeting_id} or none after it")
        to_carry = agenda_store.items_to_carry(
            session=session, team_id=team_id, meeting_id=meeting.id or 0, item_ids=item_ids
        )
        for item in to_carry:
            new_id = agenda_store.copy_item(
                session=session,
                item=item,
                to_meeting_id=following.id or 0,
                source_key=carry_key(item.id or 0, following.id or 0),
                now=now,
            )
            count += new_id is not None
    return CarriedOver(count=count, next_when=_when(following, settings))


STORY_KIND = "story_proposal"


# A team's very first meeting proposes the wins of at least this long before it.
FIRST_MEETING_LOOKBACK = timedelta(days=90)


def story_since(session: Session, meeting: Meeting, settings: Settings) -> datetime:
    """Wins logged after this moment are proposed as stories for `meeting`.

    After the previous meeting's cut-off, whichever calendar it was in (a win logged after it
    was too late for that agenda). Before a team's very first meeting: since its calendar was
    planned or the last 90 days, whichever reaches further back.
    """
    previous = store.previous_meeting(
        session=session, team_id=meeting.team_id, before=meeting.starts_at
    )
    if previous is not None:
        return times_of(previous, settings).cutoff
    since = meeting.starts_at - FIRST_MEETING_LOOKBACK
    plan = store.get_plan(session=session, team_id=meeting.team_id, plan_id=meeting.plan_id)
    planned = (plan.confirmed_at or plan.created_at) if plan else None
    return min(since, planned) if planned else since


def story_wins(
    session: Session, meeting: Meeting, settings: Settings, *, user_id: str | None = None
) -> list[Win]:
    """The wins proposed as stories for `meeting` (logged before its cut-off), oldest first."""
    return agenda_store.wins_between(
        session=session,
        team_id=meeting.team_id,
        start=story_since(session, meeting, settings),
        end=times_of(meeting, settings).cutoff,
        user_id=user_id,
    )


def story_lines(
    session: Session, meeting: Meeting, user_id: str, settings: Settings
) -> list[agenda_views.StoryWin]:
    """`user_id`'s wins to propose for `meeting`, each with where it is on an agenda, if it is."""
    wins = story_wins(session, meeting, settings, user_id=user_id)
    places = agenda_store.agenda_places_of_wins(session=session, win_ids=[w.id or 0 for w in wins])
    lines = []
    for win in wins:
        status, starts_at = places.get(win.id or 0, (None, None))
        lines.append(
            agenda_views.StoryWin(
                win_id=win.id or 0,
                client=win.client_name,
                on_agenda_of=starts_at.astimezone(settings.tz)
                if status == "active" and starts_at
                else None,
                withdrawn=status is not None and status != "active",
            )
        )
    return lines


def story_proposal(
    session: Session,
    meeting: Meeting,
    user_id: str,
    settings: Settings,
    *,
    win_id: int | None = None,
) -> dict | None:
    """The one DM proposing `user_id`'s wins as success stories for `meeting`: each win with
    its own Add button, or where it is on an agenda already. None when no win is left to add;
    with `win_id` (re-drawn after a click on it), None only when that win is not in it."""
    lines = story_lines(session, meeting, user_id, settings)
    if win_id is not None:
        if all(line.win_id != win_id for line in lines):
            return None
    elif not any(line.proposable for line in lines):
        return None
    lang = language_of_user(session, settings, meeting.team_id, user_id)
    return agenda_views.story_proposal_dm(
        lang,
        meeting_id=meeting.id or 0,
        when=meeting.starts_at.astimezone(settings.tz),
        wins=lines,
        zones=reader_zones(session, settings, meeting.team_id, user_id, lang),
    )


def agenda_lines(
    *, session: Session, meeting: Meeting, timed: bool = False
) -> list[agenda_views.AgendaLine]:
    """The meeting's active items as shown; `timed` orders and time-boxes them (locked agenda)."""
    items = agenda_store.active_items(session=session, meeting_id=meeting.id or 0)
    clients = _clients(session, items)
    minutes: dict[int, int] = {}
    if timed:
        boxed = timebox(
            [(item.id or 0, item.kind) for item in items],
            duration_minutes=meeting.duration_minutes,
        )
        minutes = {entry.item_id: entry.minutes for entry in boxed}
        order = {entry.item_id: index for index, entry in enumerate(boxed)}
        items.sort(key=lambda item: order[item.id or 0])
    return [
        agenda_views.AgendaLine(
            id=item.id or 0,
            kind=item.kind,
            title=item.title,
            user_id=item.user_id,
            details=item.details,
            question=item.question,
            tried=item.tried,
            minutes=minutes.get(item.id or 0) if timed else None,
            carried=item.carried_from_id is not None,
            client=clients.get(item.win_id) if item.win_id else None,
        )
        for item in items
    ]


def _clients(session: Session, items: list[AgendaItem]) -> dict[int, str]:
    out: dict[int, str] = {}
    for item in items:
        if item.win_id and item.win_id not in out:
            win = session.get(Win, item.win_id)
            if win is not None:
                out[item.win_id] = win.client_name
    return out


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
    if not is_working_day(today, holidays_country=settings.holidays_country) or now < local_moment(
        today, settings.agenda_open_time, settings.tz
    ):
        return []
    wins = agenda_store.wins_between(
        session=session,
        team_id=meeting.team_id,
        start=story_since(session, meeting, settings),
        end=now,
    )
    on_agenda = agenda_store.agenda_places_of_wins(
        session=session, win_ids=[w.id or 0 for w in wins]
    )
    by_winner: dict[str, list[Win]] = {}
    for win in wins:
        if win.id not in on_agenda:
            by_winner.setdefault(win.user_id, []).append(win)
    candidates = []
    for user_id, own in by_winner.items():
        key = f"{STORY_KIND}:{meeting.id}:{user_id}"
        payload = {"meeting_id": meeting.id, "user": user_id}
        candidates.append(
            DueMessage.of(
                meeting.team_id, DueSend(key, STORY_KIND, now, times.cutoff), user_id, payload
            )
        )
        queued = outbox_store.find_by_key(session=session, team_id=meeting.team_id, key=key)
        if queued is None:
            continue
        for win in own:
            if win.created_at > queued.created_at:
                send = DueSend(f"{UPDATE_KIND}:{key}:{win.id}", UPDATE_KIND, now, times.cutoff)
                candidates.append(
                    DueMessage.of(meeting.team_id, send, user_id, {"target_key": key})
                )
    return candidates


def render_agenda(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """An agenda post or a story proposal as it should look now; raises Skip."""
    kind, team_id = row.kind, row.team_id
    payload = json.loads(row.payload or "{}")
    lang = settings.bot_locale
    if kind in ("agenda_open", "agenda_reminder", "agenda_lock"):
        meeting = live_meeting(session, team_id, payload)
        times = times_of(meeting, settings)
        if kind == "agenda_lock":
            rendered = agenda_views.locked_agenda_message(
                lang,
                meeting_id=meeting.id or 0,
                when=times.starts_at,
                duration_minutes=meeting.duration_minutes,
                items=agenda_lines(session=session, meeting=meeting, timed=True),
            )
        elif kind == "agenda_open":
            rendered = agenda_views.agenda_open_message(
                lang,
                meeting_id=meeting.id or 0,
                when=times.starts_at,
                cutoff=times.cutoff,
                items=agenda_lines(session=session, meeting=meeting),
            )
        else:
            rendered = agenda_views.agenda_reminder_message(
                lang,
                meeting_id=meeting.id or 0,
                when=times.starts_at,
                cutoff=times.cutoff,
                items=agenda_lines(session=session, meeting=meeting),
                reminded_on=times.reminder_at.date(),
            )
        return Outgoing(meeting.channel, rendered["text"], rendered["blocks"])
    if kind == STORY_KIND:
        meeting = live_meeting(session, team_id, payload)
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
    raise ValueError(f"unknown agenda kind {kind}")


AGENDA_POSTS = ("agenda_open", "agenda_reminder", "agenda_lock")
MESSAGE_KINDS = tuple(
    MessageKind(name, render=render_agenda) for name in (*AGENDA_POSTS, STORY_KIND)
)


def due_messages(session: Session, settings: Settings, now: datetime) -> list[DueMessage]:
    """The agenda's opening, reminder and lock posts and the story proposals due by `now`."""
    due: list[DueMessage] = []
    for meeting in meetings_near(session, settings, now):
        due += sends_due(meeting, settings, now, AGENDA_POSTS)
        due += _story_due(session, meeting, settings, now)
    return due
