"""The sales meetings' work: what their messages say, when they are due, and the /meetings use
cases (plan, confirm, move, cancel, rate).

The renderers read the database and hand plain values to the view builders; they are used by
the outbox (channel posts, DMs, the .ics file) and by the /meetings and /agenda handlers, so a
reply and a post always show the same thing. A use case owns its transaction and returns plain
values, or raises a UserError (CalendarError, MeetingsRefusal) for the handler to answer.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.days import CalendarError
from bot.domain.errors import UserError
from bot.domain.formatting import ReaderZones
from bot.domain.ics import IcsEvent, build_ics
from bot.domain.meetings import (
    CalendarPreview,
    PlanRule,
    generate_calendar,
    parse_cancel,
    parse_move,
    parse_plan_rule,
)
from bot.domain.schedule import (
    YEAR_CALENDAR_STALE,
    AgendaTimes,
    DueSend,
    agenda_times,
    local_moment,
    meeting_sends,
)
from bot.domain.workdays import first_working_day
from bot.i18n import t
from bot.jobs.outbox import MessageKind, Outgoing, Skip
from bot.jobs.people import zone_of
from bot.jobs.schedule import DueMessage
from bot.payloads import StalePayload
from bot.views import meetings as meeting_views
from storage import agenda as agenda_store
from storage import meetings as store
from storage import outbox as outbox_store
from storage.models import Meeting, MeetingPlan, OutboxMessage

ICS_KIND = "calendar_ics"
# A calendar post or change notice that Slack kept refusing this long is not sent any more.
NOTICE_STALE = timedelta(days=2)


# ------------------------------------------------------------------------- outbox keys


def confirmed_key(plan_id: int) -> str:
    """The calendar posted when plan `plan_id` is confirmed."""
    return f"calendar_confirmed:{plan_id}"


def year_calendar_key(year: int) -> str:
    """The calendar posted again on the first working day of `year`."""
    return f"year_calendar:{year}"


def moved_key(meeting_id: int, sequence: int) -> str:
    """The notice of a meeting's move to its `sequence`th version."""
    return f"meeting_moved:{meeting_id}:{sequence}"


def cancelled_key(meeting_id: int) -> str:
    return f"meeting_cancelled:{meeting_id}"


def ics_key(post_key: str) -> str:
    """The .ics posted in the thread of the post queued under `post_key`."""
    return f"{post_key}:ics"


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


def live_meeting(session: Session, team_id: str, payload: dict) -> Meeting:
    meeting = _meeting(session, team_id, payload)
    if meeting.status == "cancelled":
        raise Skip("the meeting was cancelled")
    return meeting


def render_scheduled(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The message for an outbox row of a meeting kind, as it should look now; raises Skip."""
    kind, team_id = row.kind, row.team_id
    payload = json.loads(row.payload or "{}")
    lang = settings.bot_locale
    tz = settings.tz
    if kind == "rating_ask":
        meeting = live_meeting(session, team_id, payload)
        rendered = meeting_views.rating_request_message(
            lang, meeting_id=meeting.id or 0, starts_at=meeting.starts_at.astimezone(tz)
        )
        return Outgoing(meeting.channel, rendered["text"], rendered["blocks"])
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


def ics_attachment(
    message: OutboxMessage, session: Session, settings: Settings
) -> tuple[bytes, str, str]:
    """The year's .ics, posted in the thread of the year's calendar."""
    year = json.loads(message.payload or "{}")["year"]
    lang = settings.bot_locale
    ics = calendar_ics(
        session=session, team_id=message.team_id, year=year, settings=settings, lang=lang
    )
    return ics, ics_filename(year), t("meetings.ics.calendar_name", lang, year=year)


MESSAGE_KINDS = (
    *(
        MessageKind(name, render=render_scheduled)
        for name in (
            "rating_ask",
            "year_calendar",
            "meeting_moved",
            "meeting_cancelled",
        )
    ),
    MessageKind(ICS_KIND, attachment=ics_attachment),
)


def meetings_near(session: Session, settings: Settings, now: datetime) -> list[Meeting]:
    """The meetings (not cancelled) whose timed messages may fall due around `now`."""
    window_start = now - timedelta(days=3)
    # An opening that falls on a weekend or holidays moves earlier: Easter can add four days.
    window_end = now + timedelta(days=settings.agenda_open_days + 7)
    return [
        meeting
        for meeting in store.meetings_between(session=session, start=window_start, end=window_end)
        if meeting.status != "cancelled"
    ]


def sends_due(
    meeting: Meeting, settings: Settings, now: datetime, kinds: Collection[str]
) -> list[DueMessage]:
    """The meeting's timed channel posts of `kinds` due by `now`."""
    times = times_of(meeting, settings)
    return [
        DueMessage.of(meeting.team_id, send, meeting.channel, {"meeting_id": meeting.id})
        for send in meeting_sends(meeting.id or 0, times)
        if send.kind in kinds and send.due_at <= now
    ]


def due_messages(session: Session, settings: Settings, now: datetime) -> list[DueMessage]:
    """The rating requests and the year's calendar due by `now`."""
    due: list[DueMessage] = []
    for meeting in meetings_near(session, settings, now):
        due += sends_due(meeting, settings, now, ("rating_ask",))
    return due + _year_due(session, settings, now)


def year_calendar_due(year: int, settings: Settings) -> datetime:
    """When the year's calendar is posted again: the first working day at the agenda time."""
    day = first_working_day(year, holidays_country=settings.holidays_country)
    return local_moment(day, settings.agenda_open_time, settings.tz)


def _year_due(session: Session, settings: Settings, now: datetime) -> list[DueMessage]:
    year = now.astimezone(settings.tz).year
    plans = store.confirmed_plans_of_year(session=session, year=year)
    due_at = year_calendar_due(year, settings)
    if now < due_at:
        return []
    stale_at = due_at + YEAR_CALENDAR_STALE
    key = year_calendar_key(year)
    candidates = []
    for plan in plans:
        candidates.append(
            DueMessage.of(
                plan.team_id,
                DueSend(key, "year_calendar", due_at, stale_at),
                plan.channel,
                {"year": year, "intro": False},
            )
        )
        candidates.append(
            DueMessage.of(
                plan.team_id,
                DueSend(ics_key(key), ICS_KIND, due_at, stale_at),
                plan.channel,
                {"year": year, "after_key": key},
            )
        )
    return candidates


# ------------------------------------------------------------------ the /meetings use cases


class MeetingsRefusal(UserError):
    """/meetings cannot do what was asked. Codes: year_planned (year), already_confirmed
    (year), plan_discarded, rate_cancelled (when), rate_not_yet (when)."""


@dataclass(frozen=True)
class ConfirmedPlan:
    year: int
    count: int  # meetings stored
    channel: str  # where the calendar is posted


@dataclass(frozen=True)
class MeetingChange:
    kind: str  # "moved" | "cancelled"
    starts_at: datetime  # when it was, in the team's time zone
    new_starts_at: datetime | None  # when it is now (moved), in the team's time zone


def today(deps: Deps) -> date:
    """Today on the team's calendar."""
    return deps.clock().astimezone(deps.settings.tz).date()


def default_plan_year(deps: Deps) -> int:
    """The year the plan modal proposes: this year, or the next one from October on."""
    day = today(deps)
    return day.year + 1 if day.month >= 10 else day.year


def show_calendar(
    deps: Deps, *, team_id: str, user_id: str | None = None, year: int | None = None
) -> meeting_views.CalendarPage:
    """The year's meetings (default: the year of the next meeting) for `user_id` to read."""
    now = deps.clock()
    tz = deps.settings.tz
    with deps.session_factory() as session:
        upcoming = store.next_meeting(session=session, team_id=team_id, after=now)
        if year is None:
            year = upcoming.year if upcoming else now.astimezone(tz).year
        lines = meeting_lines(session=session, team_id=team_id, year=year, settings=deps.settings)
        reader = zone_of(session, deps.settings, team_id, user_id) if user_id else tz
    return meeting_views.CalendarPage(
        year=year,
        meetings=lines,
        next_meeting_id=upcoming.id if upcoming and upcoming.year == year else None,
        next_starts_at=upcoming.starts_at if upcoming else None,
        now=now.astimezone(tz),
        team_zone=tz,
        reader_zone=reader,
    )


def read_plan_rule(deps: Deps, text: str) -> PlanRule:
    """The rule typed after `/meetings plan` (or in the modal); raises CalendarError."""
    return parse_plan_rule(text, today=today(deps))


def _generate(deps: Deps, rule: PlanRule, policy: str, lang: str | None) -> CalendarPreview:
    return generate_calendar(
        rule,
        tz=deps.settings.tz,
        holidays_country=deps.settings.holidays_country,
        holiday_policy=policy,
        not_before=deps.clock(),
        holidays_language=lang,
    )


def _rule_of(plan: MeetingPlan) -> PlanRule:
    return PlanRule.stored(
        freq=plan.freq,
        interval=plan.interval,
        weekday=plan.weekday,
        nth=plan.nth,
        at_minutes=plan.at_minutes,
        duration_minutes=plan.duration_minutes,
        year=plan.year,
    )


def _preview(deps: Deps, plan: MeetingPlan, lang: str) -> meeting_views.PlanPreview:
    rule = _rule_of(plan)
    preview = _generate(deps, rule, plan.holiday_policy, lang)
    return meeting_views.PlanPreview(
        plan_id=plan.id or 0,
        year=plan.year,
        rule_text=rule.describe(lang),
        dates=preview.dates,
        skipped=preview.skipped,
        dropped_past=preview.dropped_past,
        holiday_policy=plan.holiday_policy,
        channel_id=plan.channel,
    )


def draft_plan(
    deps: Deps, *, team_id: str, user_id: str, rule: PlanRule, policy: str, lang: str
) -> meeting_views.PlanPreview:
    """Store a draft for `rule` and return its preview (holidays named in `lang`).
    Raises MeetingsRefusal (year_planned) or CalendarError (no_dates)."""
    with deps.session_factory() as session:
        if store.confirmed_plan(session=session, team_id=team_id, year=rule.year):
            raise MeetingsRefusal("year_planned", year=rule.year)
    if not _generate(deps, rule, policy, lang).dates:
        raise CalendarError("no_dates", year=rule.year)
    with deps.session_factory.write() as session:
        plan = store.add_plan(
            session=session,
            plan=MeetingPlan(
                team_id=team_id,
                year=rule.year,
                **rule.to_stored(),
                holiday_policy=policy,
                channel=deps.settings.sales_channel,
                created_by=user_id,
                created_at=deps.clock(),
            ),
        )
    return _preview(deps, plan, lang)


def plan_from_text(
    deps: Deps, *, team_id: str, user_id: str, text: str, lang: str
) -> meeting_views.PlanPreview:
    """`/meetings plan <rule>`: a draft that moves meetings off holidays, and its preview."""
    rule = read_plan_rule(deps, text)
    return draft_plan(deps, team_id=team_id, user_id=user_id, rule=rule, policy="move", lang=lang)


def confirm_plan(deps: Deps, *, team_id: str, user_id: str, plan_id: int) -> ConfirmedPlan:
    """Store the year's meetings and queue the calendar post with its .ics, all in one go.
    Raises MeetingsRefusal (already_confirmed, year_planned) or CalendarError (no_dates)."""
    now = deps.clock()
    with deps.session_factory() as session:
        plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
    if plan is None or plan.status != "draft":
        raise MeetingsRefusal("already_confirmed", year=plan.year if plan else now.year)
    rule = _rule_of(plan)
    # Only the dates are stored: no holiday is named.
    preview = _generate(deps, rule, plan.holiday_policy, None)
    if not preview.dates:
        # The preview was made earlier; by now every date has passed.
        raise CalendarError("no_dates", year=plan.year)
    try:
        with deps.session_factory.write() as session:
            if not store.claim_plan(
                session=session,
                team_id=team_id,
                plan_id=plan_id,
                status="confirmed",
                by=user_id,
                now=now,
            ):
                raise MeetingsRefusal("already_confirmed", year=plan.year)
            store.add_meetings(
                session=session,
                meetings=[
                    Meeting(
                        team_id=team_id,
                        plan_id=plan_id,
                        year=plan.year,
                        channel=plan.channel,
                        starts_at=planned.starts_at,
                        duration_minutes=plan.duration_minutes,
                    )
                    for planned in preview.dates
                ],
            )
            _queue_calendar(session, deps.settings, plan, rule, now)
    except IntegrityError:
        # Another plan for this year was confirmed first (unique per team and year).
        raise MeetingsRefusal("year_planned", year=plan.year) from None
    deps.notify_outbox()
    return ConfirmedPlan(year=plan.year, count=len(preview.dates), channel=plan.channel)


def _queue_calendar(
    session: Session, settings: Settings, plan: MeetingPlan, rule: PlanRule, now: datetime
) -> None:
    """The calendar post of a confirmed plan and its .ics; the new-year post when it is due
    already (recorded as skipped: it would repeat what the channel sees today)."""
    post_key = confirmed_key(plan.id or 0)
    intro = {
        "year": plan.year,
        "intro": True,
        "stale_at": (now + NOTICE_STALE).isoformat(),
        "rule_text": rule.describe(settings.bot_locale),
    }
    sends: list[tuple[str, str, dict[str, object], str | None]] = [
        (post_key, "year_calendar", intro, None),
        (ics_key(post_key), ICS_KIND, {"year": plan.year, "after_key": post_key}, None),
    ]
    if now >= year_calendar_due(plan.year, settings):
        reason = "posted when the calendar was confirmed"
        key = year_calendar_key(plan.year)
        sends += [
            (key, "year_calendar", {"year": plan.year}, reason),
            (ics_key(key), ICS_KIND, {"year": plan.year, "after_key": key}, reason),
        ]
    for key, kind, payload, skipped in sends:
        outbox_store.claim_send(
            session=session,
            team_id=plan.team_id,
            key=key,
            kind=kind,
            channel=plan.channel,
            payload=json.dumps(payload),
            now=now,
            skipped_reason=skipped,
        )


def _stale_plan(deps: Deps, team_id: str, plan_id: int) -> MeetingsRefusal:
    """Why a click on a preview did nothing: the plan was discarded, or confirmed."""
    with deps.session_factory() as session:
        plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
    if plan is not None and plan.status == "discarded":
        return MeetingsRefusal("plan_discarded")
    return MeetingsRefusal("already_confirmed", year=plan.year if plan else 0)


def discard_plan(deps: Deps, *, team_id: str, user_id: str, plan_id: int) -> None:
    """Drop a draft; raises MeetingsRefusal when it is no draft any more."""
    with deps.session_factory.write() as session:
        done = store.claim_plan(
            session=session,
            team_id=team_id,
            plan_id=plan_id,
            status="discarded",
            by=user_id,
            now=deps.clock(),
        )
    if not done:
        raise _stale_plan(deps, team_id, plan_id)


def switch_policy(
    deps: Deps, *, team_id: str, plan_id: int, lang: str
) -> meeting_views.PlanPreview:
    """Toggle a draft between moving and skipping meetings on holidays; its new preview.
    Raises MeetingsRefusal when it is no draft any more."""
    with deps.session_factory.write() as session:
        plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
        switched = plan is not None and store.set_policy(
            session=session,
            plan_id=plan_id,
            policy="skip" if plan.holiday_policy == "move" else "move",
        )
    if switched:
        with deps.session_factory() as session:
            plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
        if plan is not None:
            return _preview(deps, plan, lang)
    raise _stale_plan(deps, team_id, plan_id)


def _meeting_on(deps: Deps, session: Session, team_id: str, day: date) -> Meeting | None:
    tz = deps.settings.tz
    start, end = local_moment(day, time(0), tz), local_moment(day + timedelta(days=1), time(0), tz)
    found = store.meetings_on(session=session, team_id=team_id, start=start, end=end)
    return found[0] if found else None


def move_meeting(deps: Deps, *, team_id: str, user_id: str, text: str) -> MeetingChange:
    """`/meetings move <day> to <day> [at <time>] because <reason>`: move it and tell the
    channel (with the updated .ics). Raises CalendarError."""
    request = parse_move(text, today=today(deps))
    tz = deps.settings.tz
    now = deps.clock()
    with deps.session_factory() as session:
        meeting = _meeting_on(deps, session, team_id, request.day)
        if meeting is None:
            raise CalendarError("no_meeting_on", date=request.day.isoformat())
        at = request.to_time or meeting.starts_at.astimezone(tz).time()
        new_start = local_moment(request.to_day, at, tz)
        if new_start.year != meeting.year:
            raise CalendarError("move_to_other_year")
        if new_start <= now:
            raise CalendarError("date_in_past", date=request.to_day.isoformat())
        other = _meeting_on(deps, session, team_id, request.to_day)
        if other is not None and other.id != meeting.id:
            raise CalendarError("move_target_taken", date=request.to_day.isoformat())
    old_start = meeting.starts_at
    payload = {
        "meeting_id": meeting.id,
        "old_starts_at": old_start.isoformat(),
        "new_starts_at": new_start.isoformat(),
        "reason": request.reason,
        "by": user_id,
        "stale_at": (now + NOTICE_STALE).isoformat(),
    }
    with deps.session_factory.write() as session:
        if not store.change_meeting(
            session=session,
            meeting=meeting,
            status="moved",
            reason=request.reason,
            by=user_id,
            now=now,
            new_starts_at=new_start,
        ):
            raise CalendarError("no_meeting_on", date=request.day.isoformat())
        key = moved_key(meeting.id or 0, meeting.sequence + 1)
        _queue_notice(session, meeting, key, "meeting_moved", payload, now)
    deps.notify_outbox()
    return MeetingChange("moved", old_start.astimezone(tz), new_start.astimezone(tz))


def cancel_meeting(deps: Deps, *, team_id: str, user_id: str, text: str) -> MeetingChange:
    """`/meetings cancel <day> because <reason>`: cancel it, move its agenda items to the next
    meeting and tell the channel (with the updated .ics). Raises CalendarError."""
    request = parse_cancel(text, today=today(deps))
    now = deps.clock()
    with deps.session_factory() as session:
        meeting = _meeting_on(deps, session, team_id, request.day)
        if meeting is None:
            raise CalendarError("no_meeting_on", date=request.day.isoformat())
    with deps.session_factory.write() as session:
        # The UPDATE locks the row: an item being added waits for it (see get_meeting).
        if not store.change_meeting(
            session=session,
            meeting=meeting,
            status="cancelled",
            reason=request.reason,
            by=user_id,
            now=now,
        ):
            raise CalendarError("already_cancelled", date=request.day.isoformat())
        following = store.next_meeting(
            session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
        )
        moved = (
            agenda_store.move_items(
                session=session, from_meeting_id=meeting.id or 0, to_meeting_id=following.id or 0
            )
            if following is not None
            else 0
        )
        payload = {
            "meeting_id": meeting.id,
            "starts_at": meeting.starts_at.isoformat(),
            "reason": request.reason,
            "by": user_id,
            "items_moved": moved,
            "next_starts_at": following.starts_at.isoformat() if following else None,
            "stale_at": (now + NOTICE_STALE).isoformat(),
        }
        key = cancelled_key(meeting.id or 0)
        _queue_notice(session, meeting, key, "meeting_cancelled", payload, now)
    deps.notify_outbox()
    return MeetingChange("cancelled", meeting.starts_at.astimezone(deps.settings.tz), None)


def _queue_notice(
    session: Session, meeting: Meeting, key: str, kind: str, payload: dict, now: datetime
) -> None:
    """The channel notice and, in its thread, the updated .ics (calendar apps update their copy)."""
    outbox_store.claim_send(
        session=session,
        team_id=meeting.team_id,
        key=key,
        kind=kind,
        channel=meeting.channel,
        payload=json.dumps(payload),
        now=now,
    )
    outbox_store.claim_send(
        session=session,
        team_id=meeting.team_id,
        key=ics_key(key),
        kind=ICS_KIND,
        channel=meeting.channel,
        payload=json.dumps({"year": meeting.year, "after_key": key}),
        now=now,
    )


def rate_meeting(deps: Deps, *, team_id: str, user_id: str, meeting_id: int, score: int) -> bool:
    """Record `user_id`'s 1-10 vote on a meeting that took place; True when it changed an
    earlier vote. Raises MeetingsRefusal (rate_cancelled, rate_not_yet), or StalePayload
    when there is no such meeting."""
    now = deps.clock()
    with deps.session_factory() as session:
        meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None:
        raise StalePayload(f"no meeting {meeting_id}")
    when = meeting.starts_at.astimezone(deps.settings.tz)
    if meeting.status == "cancelled":
        raise MeetingsRefusal("rate_cancelled", when=when)
    if now < meeting.starts_at:
        raise MeetingsRefusal("rate_not_yet", when=when)
    with deps.session_factory.write() as session:
        return store.rate(
            session=session,
            team_id=team_id,
            meeting_id=meeting_id,
            user_id=user_id,
            score=score,
            now=now,
        )
