"""The sales meetings' work: their channel posts and .ics (rendered for the outbox), when those
are due, and the /meetings use cases (plan, confirm, move, cancel, rate), each in its own
transaction, refusing with a UserError (CalendarError, MeetingsRefusal)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
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
from bot.jobs.outbox import MessageKind, Outgoing, Skip, Upload
from bot.jobs.people import zone_of
from bot.jobs.schedule import DueMessage
from bot.payloads import StalePayload
from bot.views import meetings as meeting_views
from storage import agenda as agenda_store
from storage import meetings as store
from storage import outbox as outbox_store
from storage.models import Meeting, MeetingPlan, OutboxMessage

ICS_KIND = "calendar_ics"
# The most AGENDA_OPEN_DAYS a workspace may choose (bot.config).
MAX_AGENDA_OPEN_DAYS = 14
# A calendar post or change notice that Slack kept refusing this long is not sent any more.
NOTICE_STALE = timedelta(days=2)
Post = tuple[str, str, dict]  # an outbox message's key, kind and payload


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
    return [
        meeting_views.MeetingLine(
            id=meeting.id or 0,
            starts_at=meeting.starts_at.astimezone(tz),
            duration_minutes=meeting.duration_minutes,
            status=meeting.status,
            original_starts_at=meeting.original_starts_at.astimezone(tz)
            if meeting.original_starts_at and meeting.status == "moved"
            else None,
            reason=meeting.reason,
            rating=ratings.get(meeting.id or 0, (None, 0))[0],
            votes=ratings.get(meeting.id or 0, (None, 0))[1],
        )
        for meeting in meetings
    ]


def calendar_ics(
    *, session: Session, team_id: str, year: int, settings: Settings, lang: str
) -> bytes:
    """The year's meetings as an .ics file; cancelled ones stay in it as CANCELLED."""
    tz = settings.tz
    events = [
        IcsEvent(
            uid=f"salesbot-meeting-{meeting.id}-{team_id}@salesbot",
            starts_at=meeting.starts_at.astimezone(tz),
            ends_at=(meeting.starts_at + timedelta(minutes=meeting.duration_minutes)).astimezone(
                tz
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


def live_meeting(
    session: Session, team_id: str, payload: dict, *, cancelled: bool = False
) -> Meeting:
    """The payload's meeting; Skip when it is gone, or cancelled (unless `cancelled`)."""
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=payload["meeting_id"])
    if meeting is None:
        raise Skip("the meeting is gone")
    if meeting.status == "cancelled" and not cancelled:
        raise Skip("the meeting was cancelled")
    return meeting


def render_scheduled(row: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The message for an outbox row of a meeting kind, as it should look now; raises Skip."""
    kind, team_id, payload = row.kind, row.team_id, json.loads(row.payload or "{}")
    lang, tz = settings.bot_locale, settings.tz

    def moment(name: str) -> datetime:
        return datetime.fromisoformat(payload[name]).astimezone(tz)

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
        return Outgoing(plan.channel or row.channel, rendered["text"], rendered["blocks"])
    # A change notice is about a meeting that may be cancelled; a rating request is not.
    meeting = live_meeting(session, team_id, payload, cancelled=kind != "rating_ask")
    if kind == "rating_ask":
        rendered = meeting_views.rating_request_message(
            lang, meeting_id=meeting.id or 0, starts_at=meeting.starts_at.astimezone(tz)
        )
    elif kind == "meeting_moved":
        rendered = meeting_views.meeting_moved_notice(
            lang,
            old_starts_at=moment("old_starts_at"),
            new_starts_at=moment("new_starts_at"),
            reason=payload["reason"],
            by_user_id=payload["by"],
        )
    else:  # meeting_cancelled
        rendered = meeting_views.meeting_cancelled_notice(
            lang,
            starts_at=moment("starts_at"),
            reason=payload["reason"],
            by_user_id=payload["by"],
            items_moved=payload.get("items_moved", 0),
            next_starts_at=moment("next_starts_at") if payload.get("next_starts_at") else None,
        )
    return Outgoing(meeting.channel or row.channel, rendered["text"], rendered["blocks"])


def ics_attachment(message: OutboxMessage, session: Session, settings: Settings) -> Upload:
    """The year's .ics, posted in the thread of the year's calendar."""
    year = json.loads(message.payload or "{}")["year"]
    lang = settings.bot_locale
    ics = calendar_ics(
        session=session, team_id=message.team_id, year=year, settings=settings, lang=lang
    )
    title = t("meetings.ics.calendar_name", lang, year=year)
    return Upload(ics, f"sales-meetings-{year}.ics", title)


RENDERED_KINDS = ("rating_ask", "year_calendar", "meeting_moved", "meeting_cancelled")
MESSAGE_KINDS = (
    *(MessageKind(name, render=render_scheduled) for name in RENDERED_KINDS),
    MessageKind(ICS_KIND, attachment=ics_attachment),
)


def meetings_near(session: Session, now: datetime) -> list[Meeting]:
    """The meetings (not cancelled) whose timed messages may fall due around `now`."""
    # Each team opens its agenda up to AGENDA_OPEN_DAYS (at most 14) before; an opening that
    # falls on a weekend or holidays moves earlier: Easter can add four days.
    end = now + timedelta(days=MAX_AGENDA_OPEN_DAYS + 7)
    found = store.meetings_between(session=session, start=now - timedelta(days=3), end=end)
    return [meeting for meeting in found if meeting.status != "cancelled"]


def sends_due(
    meeting: Meeting, settings: Settings, now: datetime, kinds: Collection[str]
) -> list[DueMessage]:
    """The meeting's timed channel posts of `kinds` due by `now`; none while neither the
    meeting nor its team has a channel (they wait for the team's admins to choose one)."""
    channel = meeting.channel or settings.sales_channel
    if not channel:
        return []
    times = times_of(meeting, settings)
    return [
        DueMessage.of(meeting.team_id, send, channel, {"meeting_id": meeting.id})
        for send in meeting_sends(meeting.id or 0, times)
        if send.kind in kinds and send.due_at <= now
    ]


def due_messages(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    """The rating requests and the year's calendar due by `now`, in each team's settings."""
    due: list[DueMessage] = []
    for meeting in meetings_near(session, now):
        due += sends_due(meeting, settings_for(meeting.team_id), now, ("rating_ask",))
    return due + _year_due(session, settings_for, now)


def year_calendar_due(year: int, settings: Settings) -> datetime:
    """When the year's calendar is posted again: the first working day at the agenda time."""
    day = first_working_day(year, holidays_country=settings.holidays_country)
    return local_moment(day, settings.agenda_open_time, settings.tz)


def _year_due(
    session: Session, settings_for: Callable[[str], Settings], now: datetime
) -> list[DueMessage]:
    due: list[DueMessage] = []
    # Around New Year the teams' zones disagree on the year: each plan of either year is looked
    # at in its own team's zone.
    for year in sorted({(now - timedelta(days=1)).year, (now + timedelta(days=1)).year}):
        for plan in store.confirmed_plans_of_year(session=session, year=year):
            settings = settings_for(plan.team_id)
            channel = plan.channel or settings.sales_channel
            if not channel or now.astimezone(settings.tz).year != year:
                continue
            due_at = year_calendar_due(year, settings)
            if now < due_at:
                continue
            post_key, stale_at = year_calendar_key(year), due_at + YEAR_CALENDAR_STALE
            sends = _with_ics(post_key, "year_calendar", {"year": year, "intro": False}, year)
            due += [
                DueMessage.of(plan.team_id, DueSend(key, kind, due_at, stale_at), channel, payload)
                for key, kind, payload in sends
            ]
    return due


def _with_ics(key: str, kind: str, payload: dict, year: int) -> list[Post]:
    """A post and, in its thread, the year's .ics (calendar apps update their copy)."""
    return [(key, kind, payload), (ics_key(key), ICS_KIND, {"year": year, "after_key": key})]


def _queue(
    session: Session,
    to: Meeting | MeetingPlan,
    post: Post,
    now: datetime,
    skipped: str | None = None,
) -> None:
    """Claim a post in `to`'s channel and its .ics in the outbox (`skipped`: as done already)."""
    for key, kind, payload in _with_ics(*post, to.year):
        outbox_store.claim_send(
            session=session,
            team_id=to.team_id,
            key=key,
            kind=kind,
            channel=to.channel,
            payload=json.dumps(payload),
            now=now,
            skipped_reason=skipped,
        )


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


def today(deps: Deps, team_id: str) -> date:
    """Today on the team's calendar."""
    return deps.clock().astimezone(deps.settings_for(team_id).tz).date()


def default_plan_year(deps: Deps, team_id: str) -> int:
    """The year the plan modal proposes: this year, or the next one from October on."""
    day = today(deps, team_id)
    return day.year + 1 if day.month >= 10 else day.year


def show_calendar(
    deps: Deps, *, team_id: str, user_id: str | None = None, year: int | None = None
) -> meeting_views.CalendarPage:
    """The year's meetings (default: the year of the next meeting) for `user_id` to read."""
    now = deps.clock()
    tz = deps.settings_for(team_id).tz
    with deps.session_factory() as session:
        upcoming = store.next_meeting(session=session, team_id=team_id, after=now)
        if year is None:
            year = upcoming.year if upcoming else now.astimezone(tz).year
        lines = meeting_lines(
            session=session, team_id=team_id, year=year, settings=deps.settings_for(team_id)
        )
        reader = zone_of(session, deps.settings_for(team_id), team_id, user_id) if user_id else tz
    return meeting_views.CalendarPage(
        year=year,
        meetings=lines,
        next_meeting_id=upcoming.id if upcoming and upcoming.year == year else None,
        next_starts_at=upcoming.starts_at if upcoming else None,
        now=now.astimezone(tz),
        team_zone=tz,
        reader_zone=reader,
    )


def read_plan_rule(deps: Deps, text: str, *, team_id: str) -> PlanRule:
    """The rule typed after `/meetings plan` (or in the modal); raises CalendarError."""
    return parse_plan_rule(text, today=today(deps, team_id))


def _generate(
    deps: Deps, team_id: str, rule: PlanRule, policy: str, lang: str | None
) -> CalendarPreview:
    settings = deps.settings_for(team_id)
    return generate_calendar(
        rule,
        tz=settings.tz,
        holidays_country=settings.holidays_country,
        holiday_policy=policy,
        not_before=deps.clock(),
        holidays_language=lang,
    )


def _preview(
    deps: Deps, plan: MeetingPlan, lang: str, policy: str | None = None
) -> meeting_views.PlanPreview:
    """The preview of a draft, under `policy` (default: the draft's)."""
    rule, policy = PlanRule.of_row(plan, year=plan.year), policy or plan.holiday_policy
    preview = _generate(deps, plan.team_id, rule, policy, lang)
    return meeting_views.PlanPreview(
        plan_id=plan.id or 0,
        year=plan.year,
        rule_text=rule.describe(lang),
        dates=preview.dates,
        skipped=preview.skipped,
        dropped_past=preview.dropped_past,
        holiday_policy=policy,
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
    if not _generate(deps, team_id, rule, policy, lang).dates:
        raise CalendarError("no_dates", year=rule.year)
    with deps.session_factory.write() as session:
        plan = store.add_plan(
            session=session,
            plan=MeetingPlan(
                team_id=team_id,
                year=rule.year,
                **rule.to_stored(),
                holiday_policy=policy,
                channel=deps.settings_for(team_id).sales_channel,
                created_by=user_id,
                created_at=deps.clock(),
            ),
        )
    return _preview(deps, plan, lang)


def plan_from_text(
    deps: Deps, *, team_id: str, user_id: str, text: str, lang: str
) -> meeting_views.PlanPreview:
    """`/meetings plan <rule>`: a draft that moves meetings off holidays, and its preview."""
    rule = read_plan_rule(deps, text, team_id=team_id)
    return draft_plan(deps, team_id=team_id, user_id=user_id, rule=rule, policy="move", lang=lang)


def confirm_plan(deps: Deps, *, team_id: str, user_id: str, plan_id: int) -> ConfirmedPlan:
    """Store the year's meetings and queue the calendar post with its .ics, all in one go.
    Raises MeetingsRefusal (already_confirmed, year_planned) or CalendarError (no_dates)."""
    now = deps.clock()
    with deps.session_factory() as session:
        plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
    if plan is None or plan.status != "draft":
        raise MeetingsRefusal("already_confirmed", year=plan.year if plan else now.year)
    rule = PlanRule.of_row(plan, year=plan.year)
    # Only the dates are stored: no holiday is named.
    preview = _generate(deps, plan.team_id, rule, plan.holiday_policy, None)
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
            _queue_calendar(session, deps.settings_for(team_id), plan, rule, now)
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
    year, rule_text = plan.year, rule.describe(settings.bot_locale)
    intro = {"year": year, "intro": True, "stale_at": _stale(now), "rule_text": rule_text}
    _queue(session, plan, (confirmed_key(plan.id or 0), "year_calendar", intro), now)
    if now >= year_calendar_due(year, settings):
        new_year = (year_calendar_key(year), "year_calendar", {"year": year})
        _queue(session, plan, new_year, now, skipped="posted when the calendar was confirmed")


def _stale(now: datetime) -> str:
    """When a calendar post or change notice that Slack kept refusing is not sent any more."""
    return (now + NOTICE_STALE).isoformat()


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
        policy = "skip" if plan is not None and plan.holiday_policy == "move" else "move"
        switched = plan is not None and store.set_policy(
            session=session, plan_id=plan_id, policy=policy
        )
    if plan is None or not switched:
        raise _stale_plan(deps, team_id, plan_id)
    return _preview(deps, plan, lang, policy)


def _meeting_on(deps: Deps, session: Session, team_id: str, day: date) -> Meeting | None:
    tz = deps.settings_for(team_id).tz
    start, end = local_moment(day, time(0), tz), local_moment(day + timedelta(days=1), time(0), tz)
    found = store.meetings_on(session=session, team_id=team_id, start=start, end=end)
    return found[0] if found else None


def _to_change(deps: Deps, team_id: str, day: date) -> Meeting:
    """The meeting on `day` that is moved or cancelled; CalendarError when there is none."""
    with deps.session_factory() as session:
        meeting = _meeting_on(deps, session, team_id, day)
    if meeting is None:
        raise CalendarError("no_meeting_on", date=day.isoformat())
    return meeting


def move_meeting(deps: Deps, *, team_id: str, user_id: str, text: str) -> MeetingChange:
    """`/meetings move <day> to <day> [at <time>] because <reason>`: move it and tell the
    channel (with the updated .ics). Raises CalendarError."""
    day, to_day, to_time, reason = parse_move(text, today=today(deps, team_id))
    tz, now = deps.settings_for(team_id).tz, deps.clock()
    meeting = _to_change(deps, team_id, day)
    new_start = local_moment(to_day, to_time or meeting.starts_at.astimezone(tz).time(), tz)
    if new_start.year != meeting.year:
        raise CalendarError("move_to_other_year")
    if new_start <= now:
        raise CalendarError("date_in_past", date=to_day.isoformat())
    with deps.session_factory() as session:
        other = _meeting_on(deps, session, team_id, to_day)
    if other is not None and other.id != meeting.id:
        raise CalendarError("move_target_taken", date=to_day.isoformat())
    old_start = meeting.starts_at
    payload = {
        "meeting_id": meeting.id,
        "old_starts_at": old_start.isoformat(),
        "new_starts_at": new_start.isoformat(),
        "reason": reason,
        "by": user_id,
        "stale_at": _stale(now),
    }
    key = moved_key(meeting.id or 0, meeting.sequence + 1)
    with deps.session_factory.write() as session:
        if not store.change_meeting(
            session=session,
            meeting=meeting,
            status="moved",
            reason=reason,
            by=user_id,
            now=now,
            new_starts_at=new_start,
        ):
            raise CalendarError("no_meeting_on", date=day.isoformat())
        _queue(session, meeting, (key, "meeting_moved", payload), now)
    deps.notify_outbox()
    return MeetingChange("moved", old_start.astimezone(tz), new_start.astimezone(tz))


def cancel_meeting(deps: Deps, *, team_id: str, user_id: str, text: str) -> MeetingChange:
    """`/meetings cancel <day> because <reason>`: cancel it, move its agenda items to the next
    meeting and tell the channel (with the updated .ics). Raises CalendarError."""
    day, reason = parse_cancel(text, today=today(deps, team_id))
    now = deps.clock()
    meeting = _to_change(deps, team_id, day)
    with deps.session_factory.write() as session:
        # The UPDATE locks the row: an item being added waits for it (see get_meeting).
        if not store.change_meeting(
            session=session, meeting=meeting, status="cancelled", reason=reason, by=user_id, now=now
        ):
            raise CalendarError("already_cancelled", date=day.isoformat())
        following = store.next_meeting(
            session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
        )
        moved = 0
        if following is not None:
            moved = agenda_store.move_items(
                session=session, from_meeting_id=meeting.id or 0, to_meeting_id=following.id or 0
            )
        payload = {
            "meeting_id": meeting.id,
            "starts_at": meeting.starts_at.isoformat(),
            "reason": reason,
            "by": user_id,
            "items_moved": moved,
            "next_starts_at": following.starts_at.isoformat() if following else None,
            "stale_at": _stale(now),
        }
        _queue(
            session, meeting, (cancelled_key(meeting.id or 0), "meeting_cancelled", payload), now
        )
    deps.notify_outbox()
    return MeetingChange(
        "cancelled", meeting.starts_at.astimezone(deps.settings_for(team_id).tz), None
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
    when = meeting.starts_at.astimezone(deps.settings_for(team_id).tz)
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
