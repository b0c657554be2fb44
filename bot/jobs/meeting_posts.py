"""What the sales-meeting messages say: read the database, hand plain values to the view builders.

Used by the outbox (channel posts, DMs, the .ics file) and by the /meetings and /agenda
handlers, so a reply and a post always show the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.config import Settings
from bot.domain.agenda import timebox
from bot.domain.formatting import ReaderZones
from bot.domain.ics import IcsEvent, build_ics
from bot.domain.schedule import AgendaTimes, agenda_times
from bot.i18n import t
from bot.jobs.people import language_of_user, zone_of
from bot.views import agenda as agenda_views
from bot.views import meetings as meeting_views
from storage import meetings as store
from storage import outbox as outbox_store
from storage.models import AgendaItem, Meeting, Win

ICS_KIND = "calendar_ics"
MESSAGE_KIND = "message"  # rendered when queued (a DM whose content is fixed), sent as is
STORY_KIND = "story_proposal"
# A team's very first meeting proposes the wins of at least this long before it.
FIRST_MEETING_LOOKBACK = timedelta(days=90)


@dataclass(frozen=True)
class Outgoing:
    """A message to post: `channel` may be a user id (the app's DM with them)."""

    channel: str
    text: str
    blocks: list[dict]


class Skip(Exception):
    """The message is no longer worth sending (meeting cancelled, story already on the agenda)."""


def times_of(meeting: Meeting, settings: Settings) -> AgendaTimes:
    return agenda_times(
        meeting.starts_at,
        meeting.duration_minutes,
        tz=settings.tz,
        open_days=settings.agenda_open_days,
        open_time=settings.agenda_open_time,
        reminder_time=settings.reminder_time,
        cutoff_time=settings.agenda_cutoff_time,
        holidays_country=settings.holidays_country,
    )


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
    return store.wins_between(
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
    places = store.agenda_places_of_wins(session=session, win_ids=[w.id or 0 for w in wins])
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


def reader_zones(
    session: Session, settings: Settings, team_id: str, user_id: str, lang: str
) -> ReaderZones:
    """A meeting time for one reader: on their clock, the team's named when it differs (a rep
    in New York reads 03:00 for a 09:00 Amsterdam meeting)."""
    return ReaderZones(
        reader=zone_of(session, settings, team_id, user_id),
        other=settings.tz,
        other_name=t("time.the_team", lang),
    )


def agenda_lines(
    *, session: Session, meeting: Meeting, timed: bool = False
) -> list[agenda_views.AgendaLine]:
    """The meeting's active items as shown; `timed` orders and time-boxes them (locked agenda)."""
    items = store.active_items(session=session, meeting_id=meeting.id or 0)
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


def meeting_lines(
    *, session: Session, team_id: str, year: int, settings: Settings
) -> list[meeting_views.MeetingLine]:
    meetings = store.meetings_of_year(session=session, team_id=team_id, year=year)
    ratings = store.ratings_by_meeting(session=session, meeting_ids=[m.id or 0 for m in meetings])
    tz = settings.tz
    lines = []
    for meeting in meetings:
        rating = ratings.get(meeting.id or 0)
        lines.append(
            meeting_views.MeetingLine(
                id=meeting.id or 0,
                starts_at=meeting.starts_at.astimezone(tz),
                duration_minutes=meeting.duration_minutes,
                status=meeting.status,
                original_starts_at=meeting.original_starts_at.astimezone(tz)
                if meeting.original_starts_at and meeting.status == "moved"
                else None,
                reason=meeting.reason,
                rating=rating[0] if rating else None,
                votes=rating[1] if rating else 0,
            )
        )
    return lines


def calendar_ics(
    *, session: Session, team_id: str, year: int, settings: Settings, lang: str
) -> bytes:
    """The year's meetings as an .ics file; cancelled ones stay in it as CANCELLED."""
    events = [
        IcsEvent(
            uid=f"salesbot-meeting-{meeting.id}-{team_id}@salesbot",
            starts_at=meeting.starts_at.astimezone(settings.tz),
            ends_at=(meeting.starts_at + timedelta(minutes=meeting.duration_minutes)).astimezone(
                settings.tz
            ),
            summary=t("meetings.ics.summary", lang),
            description=t("meetings.ics.description", lang),
            cancelled=meeting.status == "cancelled",
            sequence=meeting.sequence,
        )
        for meeting in store.meetings_of_year(session=session, team_id=team_id, year=year)
    ]
    return build_ics(
        events,
        calendar_name=t("meetings.ics.calendar_name", lang, year=year),
        tz_name=settings.team_timezone,
    )


def ics_filename(year: int) -> str:
    return f"sales-meetings-{year}.ics"


def _meeting(session: Session, team_id: str, payload: dict) -> Meeting:
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=payload["meeting_id"])
    if meeting is None:
        raise Skip("the meeting is gone")
    return meeting


def _live_meeting(session: Session, team_id: str, payload: dict) -> Meeting:
    meeting = _meeting(session, team_id, payload)
    if meeting.status == "cancelled":
        raise Skip("the meeting was cancelled")
    return meeting


def render_scheduled(
    kind: str, payload_text: str | None, *, session: Session, team_id: str, settings: Settings
) -> Outgoing:
    """The message for an outbox row of a meeting kind, as it should look now; raises Skip."""
    payload = json.loads(payload_text or "{}")
    if kind == MESSAGE_KIND:
        return Outgoing(payload["channel"], payload["text"], payload["blocks"])
    lang = settings.bot_locale
    tz = settings.tz
    if kind in ("agenda_open", "agenda_reminder", "agenda_lock"):
        meeting = _live_meeting(session, team_id, payload)
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
    if kind == "rating_ask":
        meeting = _live_meeting(session, team_id, payload)
        rendered = meeting_views.rating_request_message(
            lang, meeting_id=meeting.id or 0, starts_at=meeting.starts_at.astimezone(tz)
        )
        return Outgoing(meeting.channel, rendered["text"], rendered["blocks"])
    if kind == STORY_KIND:
        meeting = _live_meeting(session, team_id, payload)
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
    if kind == "year_calendar":
        year = payload["year"]
        plan = store.confirmed_plan(session=session, team_id=team_id, year=year)
        lines = meeting_lines(session=session, team_id=team_id, year=year, settings=settings)
        if plan is None or not lines:
            raise Skip(f"no calendar for {year}")
        rendered = meeting_views.year_calendar_message(
            lang,
            year=year,
            meetings=lines,
            rule_text=payload.get("rule_text"),
            channel_intro=bool(payload.get("intro")),
        )
        return Outgoing(plan.channel, rendered["text"], rendered["blocks"])
    if kind in ("meeting_moved", "meeting_cancelled"):
        meeting = _meeting(session, team_id, payload)
        if kind == "meeting_moved":
            rendered = meeting_views.meeting_moved_notice(
                lang,
                old_starts_at=datetime.fromisoformat(payload["old_starts_at"]).astimezone(tz),
                new_starts_at=datetime.fromisoformat(payload["new_starts_at"]).astimezone(tz),
                reason=payload["reason"],
                by_user_id=payload["by"],
            )
        else:
            next_start = payload.get("next_starts_at")
            rendered = meeting_views.meeting_cancelled_notice(
                lang,
                starts_at=datetime.fromisoformat(payload["starts_at"]).astimezone(tz),
                reason=payload["reason"],
                by_user_id=payload["by"],
                items_moved=payload.get("items_moved", 0),
                next_starts_at=datetime.fromisoformat(next_start).astimezone(tz)
                if next_start
                else None,
            )
        return Outgoing(meeting.channel, rendered["text"], rendered["blocks"])
    raise ValueError(f"unknown scheduled kind {kind}")


SCHEDULED_KINDS = frozenset(
    {
        MESSAGE_KIND,
        "agenda_open",
        "agenda_reminder",
        "agenda_lock",
        "rating_ask",
        STORY_KIND,
        "year_calendar",
        "meeting_moved",
        "meeting_cancelled",
    }
)


def queue_message(
    session: Session,
    *,
    team_id: str,
    key: str,
    channel: str,
    message: dict,
    now: datetime,
    stale_at: datetime | None = None,
) -> bool:
    """Queue a message rendered now (e.g. a DM) in the ledger under `key`; False if queued before."""
    payload = {"channel": channel, "text": message["text"], "blocks": message.get("blocks", [])}
    if stale_at is not None:
        payload["stale_at"] = stale_at.isoformat()
    return outbox_store.claim_send(
        session=session,
        team_id=team_id,
        key=key,
        kind=MESSAGE_KIND,
        channel=channel,
        payload=json.dumps(payload),
        now=now,
    )


def queue_dm(
    session: Session,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    key: str,
    message: Callable[[str], dict],
    now: datetime,
) -> bool:
    """Queue a DM to `user_id`, rendered by `message(lang)` in their language, under `key`."""
    lang = language_of_user(session, settings, team_id, user_id)
    return queue_message(
        session, team_id=team_id, key=key, channel=user_id, message=message(lang), now=now
    )
