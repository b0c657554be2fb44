"""`/meetings`: the fixed yearly calendar. Anyone views it; admins plan, move and cancel.

Planning shows a preview first (Confirm / switch holiday handling / Cancel); confirming stores
the year's meetings and queues the calendar post and its .ics in the same transaction.
Moves and cancels need a reason, and the channel is told.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime, time, timedelta

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.domain.calendar import (
    CalendarError,
    CalendarPreview,
    PlanRule,
    generate_calendar,
    parse_plan_rule,
)
from bot.domain.formatting import format_when, format_when_for, same_clock, zone_city
from bot.domain.meeting_changes import parse_cancel, parse_move
from bot.domain.schedule import local_moment
from bot.handlers.users import (
    admin_in_ack,
    after_ack,
    answer_as_admin_or_not,
    asker,
    is_admin,
    refresh_profile,
)
from bot.i18n import LANGUAGES, t
from bot.jobs.meeting_posts import ICS_KIND, meeting_lines
from bot.jobs.people import zone_of
from bot.jobs.schedule import year_calendar_due
from bot.payloads import StalePayload, read_int, read_lang, read_metadata
from bot.views import meetings as views
from bot.views.text import strip_invisible
from storage import meetings as store
from storage import outbox as outbox_store
from storage.models import Meeting, MeetingPlan

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
# A calendar post or change notice that Slack kept refusing this long is not sent any more.
NOTICE_STALE = timedelta(days=2)
SHOW_WORDS = {"", "show", "toon", "calendar", "kalender", "list", "lijst"}
PLAN_WORDS = {"plan", "plannen", "inplannen"}
MOVE_WORDS = {"move", "verplaats", "verplaatsen", "verzet", "verzetten"}
CANCEL_WORDS = {"cancel", "annuleer", "annuleren", "schrap", "schrappen"}


def _today(deps: Deps) -> date:
    return deps.clock().astimezone(deps.settings.tz).date()


def _error(lang: str, error: CalendarError) -> dict:
    return views.error_reply(lang, views.calendar_error_text(lang, error.code, error.params))


# ------------------------------------------------------------------------------ reading


def calendar_reply(
    deps: Deps, *, team_id: str, lang: str, year: int | None = None, user_id: str | None = None
) -> dict:
    """The year's calendar (default: the year of the next meeting), next meeting highlighted.
    For a reader whose clock differs from the team's, the zone is named and the next meeting
    given on their own clock."""
    now = deps.clock()
    with deps.session_factory() as session:
        upcoming = store.next_meeting(session=session, team_id=team_id, after=now)
        if year is None:
            year = upcoming.year if upcoming else now.astimezone(deps.settings.tz).year
        lines = meeting_lines(session=session, team_id=team_id, year=year, settings=deps.settings)
        reader = zone_of(session, deps.settings, team_id, user_id) if user_id else deps.settings.tz
    zone_note = None
    if not same_clock(now, reader, deps.settings.tz):
        city = zone_city(deps.settings.tz, lang)
        zone_note = (
            t(
                "meetings.view.zone_next",
                lang,
                city=city,
                when=format_when_for(
                    upcoming.starts_at, reader, deps.settings.tz, t("time.the_team", lang), lang
                ),
            )
            if upcoming is not None
            else t("meetings.view.zone", lang, city=city)
        )
    return views.calendar_view(
        lang,
        year=year,
        meetings=lines,
        next_meeting_id=upcoming.id if upcoming and upcoming.year == year else None,
        now=now.astimezone(deps.settings.tz),
        zone_note=zone_note,
    )


# ------------------------------------------------------------------------------ planning


def _rule_of(plan: MeetingPlan) -> PlanRule:
    return PlanRule(
        year=plan.year,
        freq=plan.freq,
        interval=plan.interval,
        weekday=plan.weekday,
        nth=plan.nth,
        at=time(plan.at_minutes // 60, plan.at_minutes % 60),
        duration_minutes=plan.duration_minutes,
    )


def _generate(deps: Deps, rule: PlanRule, policy: str, lang: str) -> CalendarPreview:
    return generate_calendar(
        rule,
        tz=deps.settings.tz,
        holidays_country=deps.settings.holidays_country,
        holiday_policy=policy,
        not_before=deps.clock(),
        holidays_language=lang,
    )


def _preview_reply(deps: Deps, plan: MeetingPlan, lang: str) -> dict:
    rule = _rule_of(plan)
    preview = _generate(deps, rule, plan.holiday_policy, lang)
    return views.plan_preview_message(
        lang,
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
) -> dict:
    """Store a draft for `rule` and return its preview (or why it cannot be planned)."""
    with deps.session_factory() as session:
        if store.confirmed_plan(session=session, team_id=team_id, year=rule.year):
            return views.year_already_planned_reply(lang, year=rule.year)
    if not _generate(deps, rule, policy, lang).dates:
        return _error(lang, CalendarError("no_dates", year=rule.year))
    with deps.session_factory.write() as session:
        plan = store.add_plan(
            session=session,
            plan=MeetingPlan(
                team_id=team_id,
                year=rule.year,
                freq=rule.freq,
                interval=rule.interval,
                weekday=rule.weekday,
                nth=rule.nth,
                at_minutes=rule.at.hour * 60 + rule.at.minute,
                duration_minutes=rule.duration_minutes,
                holiday_policy=policy,
                channel=deps.settings.sales_channel,
                created_by=user_id,
                created_at=deps.clock(),
            ),
        )
    return _preview_reply(deps, plan, lang)


def confirm_plan(deps: Deps, *, team_id: str, user_id: str, plan_id: int, lang: str) -> dict:
    """Store the year's meetings and queue the calendar post with its .ics, all in one go."""
    now = deps.clock()
    with deps.session_factory() as session:
        plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
    if plan is None or plan.status != "draft":
        return views.plan_already_confirmed_reply(lang, year=plan.year if plan else now.year)
    rule = _rule_of(plan)
    preview = _generate(deps, rule, plan.holiday_policy, lang)
    if not preview.dates:
        # The preview was made earlier; by now every date has passed.
        return _error(lang, CalendarError("no_dates", year=plan.year))
    post_key = f"calendar_confirmed:{plan.id}"
    stale_at = (now + NOTICE_STALE).isoformat()
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
                return views.plan_already_confirmed_reply(lang, year=plan.year)
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
            sends: list[tuple[str, str, dict[str, object], str | None]] = [
                (
                    post_key,
                    "year_calendar",
                    {
                        "year": plan.year,
                        "intro": True,
                        "stale_at": stale_at,
                        "rule_text": rule.describe(deps.settings.bot_locale),
                    },
                    None,
                ),
                (f"{post_key}:ics", ICS_KIND, {"year": plan.year, "after_key": post_key}, None),
            ]
            if now >= year_calendar_due(plan.year, deps.settings):
                # The new-year post would repeat what the channel sees today.
                reason = "posted when the calendar was confirmed"
                key = f"year_calendar:{plan.year}"
                sends += [
                    (key, "year_calendar", {"year": plan.year}, reason),
                    (f"{key}:ics", ICS_KIND, {"year": plan.year, "after_key": key}, reason),
                ]
            for key, kind, payload, skipped in sends:
                outbox_store.claim_send(
                    session=session,
                    team_id=team_id,
                    key=key,
                    kind=kind,
                    channel=plan.channel,
                    payload=json.dumps(payload),
                    now=now,
                    skipped_reason=skipped,
                )
    except IntegrityError:
        # Another plan for this year was confirmed first (unique per team and year).
        return views.year_already_planned_reply(lang, year=plan.year)
    deps.notify_outbox()
    return views.plan_confirmed_reply(
        lang, year=plan.year, count=len(preview.dates), channel_id=plan.channel
    )


# ------------------------------------------------------------------------------ changes


def _day_bounds(deps: Deps, day: date) -> tuple[datetime, datetime]:
    tz = deps.settings.tz
    return local_moment(day, time(0), tz), local_moment(day + timedelta(days=1), time(0), tz)


def _meeting_on(deps: Deps, session, team_id: str, day: date) -> Meeting | None:
    start, end = _day_bounds(deps, day)
    found = store.meetings_on(session=session, team_id=team_id, start=start, end=end)
    return found[0] if found else None


def _day_text(day: date) -> str:
    return day.isoformat()


def move_meeting(deps: Deps, *, team_id: str, user_id: str, text: str, lang: str) -> dict:
    try:
        request = parse_move(text, today=_today(deps))
    except CalendarError as error:
        return _error(lang, error)
    tz = deps.settings.tz
    now = deps.clock()
    with deps.session_factory() as session:
        meeting = _meeting_on(deps, session, team_id, request.day)
        if meeting is None:
            return _error(lang, CalendarError("no_meeting_on", date=_day_text(request.day)))
        at = request.to_time or meeting.starts_at.astimezone(tz).time()
        new_start = local_moment(request.to_day, at, tz)
        if new_start.year != meeting.year:
            return _error(lang, CalendarError("move_to_other_year"))
        if new_start <= now:
            return _error(lang, CalendarError("date_in_past", date=_day_text(request.to_day)))
        other = _meeting_on(deps, session, team_id, request.to_day)
        if other is not None and other.id != meeting.id:
            return _error(lang, CalendarError("move_target_taken", date=_day_text(request.to_day)))
    old_start = meeting.starts_at
    key = f"meeting_moved:{meeting.id}:{meeting.sequence + 1}"
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
            return _error(lang, CalendarError("no_meeting_on", date=_day_text(request.day)))
        _queue_notice(session, meeting, key, "meeting_moved", payload, now)
    deps.notify_outbox()
    return views.change_done_reply(
        lang,
        kind="moved",
        starts_at=old_start.astimezone(tz),
        new_starts_at=new_start.astimezone(tz),
    )


def cancel_meeting(deps: Deps, *, team_id: str, user_id: str, text: str, lang: str) -> dict:
    try:
        request = parse_cancel(text, today=_today(deps))
    except CalendarError as error:
        return _error(lang, error)
    tz = deps.settings.tz
    now = deps.clock()
    with deps.session_factory() as session:
        meeting = _meeting_on(deps, session, team_id, request.day)
        if meeting is None:
            return _error(lang, CalendarError("no_meeting_on", date=_day_text(request.day)))
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
            return _error(lang, CalendarError("already_cancelled", date=_day_text(request.day)))
        following = store.next_meeting(
            session=session, team_id=team_id, after=meeting.starts_at, exclude_id=meeting.id
        )
        moved = (
            store.move_items(
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
        key = f"meeting_cancelled:{meeting.id}"
        _queue_notice(session, meeting, key, "meeting_cancelled", payload, now)
    deps.notify_outbox()
    return views.change_done_reply(
        lang, kind="cancelled", starts_at=meeting.starts_at.astimezone(tz), new_starts_at=None
    )


def _queue_notice(session, meeting: Meeting, key: str, kind: str, payload: dict, now) -> None:
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
        key=f"{key}:ics",
        kind=ICS_KIND,
        channel=meeting.channel,
        payload=json.dumps({"year": meeting.year, "after_key": key}),
        now=now,
    )


# ------------------------------------------------------------------------------ Slack wiring


def _post_ephemeral(client: WebClient, *, channel: str, user: str, reply: dict) -> None:
    """An ephemeral reply where the user is; as a DM when the bot cannot post there."""
    try:
        client.chat_postEphemeral(channel=channel, user=user, **reply)
    except SlackApiError as exc:
        log.info("ephemeral in %s failed (%s); sending a DM", channel, exc.response.get("error"))
        client.chat_postMessage(channel=user, **reply)


def register(app: App, deps: Deps) -> None:
    """Wire /meetings, the preview buttons, the plan modal and the rating buttons."""

    def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        who = asker(deps, team_id, user_id)
        lang = who.lang
        # A reason is posted in the channel: no invisible direction or zero-width marks.
        text = " ".join(strip_invisible(command.get("text") or "").split())
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in SHOW_WORDS or re.fullmatch(r"\d{4}", word):
            if not who.known:
                deps.background.submit(refresh_profile, deps, client, team_id, user_id)
            year = int(word) if word.isdigit() else None
            ack(**calendar_reply(deps, team_id=team_id, lang=lang, year=year, user_id=user_id))
            return

        def answer(admin: bool) -> dict | None:
            if word not in PLAN_WORDS | MOVE_WORDS | CANCEL_WORDS:
                return views.help_reply(lang, is_admin=admin)
            if not admin:
                return views.not_admin_reply(lang)
            if word in PLAN_WORDS and not rest:
                today = _today(deps)
                year = today.year + 1 if today.month >= 10 else today.year
                # The trigger_id lives 3 seconds: open the modal right away.
                deps.background.submit(
                    client.views_open,
                    trigger_id=command["trigger_id"],
                    view=views.plan_modal(lang, channel_id=command["channel_id"], year=year),
                )
                return None
            if word in PLAN_WORDS:
                try:
                    rule = parse_plan_rule(rest, today=_today(deps))
                except CalendarError as error:
                    return _error(lang, error)
                return draft_plan(
                    deps, team_id=team_id, user_id=user_id, rule=rule, policy="move", lang=lang
                )
            change = move_meeting if word in MOVE_WORDS else cancel_meeting
            return change(deps, team_id=team_id, user_id=user_id, text=rest, lang=lang)

        answer_as_admin_or_not(
            deps,
            ack=ack,
            respond=respond,
            client=client,
            team_id=team_id,
            user_id=user_id,
            answer=answer,
        )

    def handle_plan_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, optional={"lang": str, "channel_id": (str, type(None))})
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        values = views.plan_modal_values(view["state"]["values"])
        year_text = (values.get("year") or "").strip()
        rule_text = (values.get("rule") or "").strip()
        if not rule_text:
            ack(
                response_action="errors",
                errors={views.BLOCK_RULE: views.calendar_error_text(lang, "empty", {})},
            )
            return
        if not admin_in_ack(deps, team_id, user_id):
            ack(
                response_action="errors",
                errors={views.BLOCK_RULE: views.not_admin_reply(lang)["text"]},
            )
            return
        try:
            rule = parse_plan_rule(f"{year_text} {rule_text}", today=_today(deps))
        except CalendarError as error:
            block = (
                views.BLOCK_YEAR
                if error.code.startswith("year") or error.code == "no_year"
                else views.BLOCK_RULE
            )
            ack(
                response_action="errors",
                errors={block: views.calendar_error_text(lang, error.code, error.params)},
            )
            return
        ack()
        reply = draft_plan(
            deps,
            team_id=team_id,
            user_id=user_id,
            rule=rule,
            policy=values.get("policy") or "move",
            lang=lang,
        )
        deps.background.submit(
            _post_ephemeral,
            client,
            channel=meta.get("channel_id") or user_id,
            user=user_id,
            reply=reply,
        )

    def _plan_action(body: dict, action: dict, context, client: WebClient, respond, verb: str):
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        plan_id = read_int(action.get("value"), field="plan id")
        if not is_admin(deps, client, team_id, user_id):
            reply = views.not_admin_reply(lang)
        elif verb == "confirm":
            reply = confirm_plan(deps, team_id=team_id, user_id=user_id, plan_id=plan_id, lang=lang)
        elif verb == "discard":
            with deps.session_factory.write() as session:
                done = store.claim_plan(
                    session=session,
                    team_id=team_id,
                    plan_id=plan_id,
                    status="discarded",
                    by=user_id,
                    now=deps.clock(),
                )
            reply = (
                views.plan_discarded_reply(lang)
                if done
                else _stale_plan_reply(plan_id, team_id, lang)
            )
        else:
            with deps.session_factory.write() as session:
                plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
                switched = plan is not None and store.set_policy(
                    session=session,
                    plan_id=plan_id,
                    policy="skip" if plan.holiday_policy == "move" else "move",
                )
            if not switched:
                reply = _stale_plan_reply(plan_id, team_id, lang)
            else:
                with deps.session_factory() as session:
                    plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
                reply = (
                    _preview_reply(deps, plan, lang)
                    if plan is not None
                    else _stale_plan_reply(plan_id, team_id, lang)
                )
        respond(replace_original=True, response_type="ephemeral", **reply)

    def _stale_plan_reply(plan_id: int, team_id: str, lang: str) -> dict:
        with deps.session_factory() as session:
            plan = store.get_plan(session=session, team_id=team_id, plan_id=plan_id)
        if plan is not None and plan.status == "discarded":
            return views.plan_discarded_reply(lang)
        return views.plan_already_confirmed_reply(lang, year=plan.year if plan else 0)

    @after_ack(deps)
    def handle_confirm(ack: Ack, body: dict, action: dict, context, client: WebClient, respond):
        _plan_action(body, action, context, client, respond, "confirm")

    @after_ack(deps)
    def handle_discard(ack: Ack, body: dict, action: dict, context, client: WebClient, respond):
        _plan_action(body, action, context, client, respond, "discard")

    @after_ack(deps)
    def handle_switch(ack: Ack, body: dict, action: dict, context, client: WebClient, respond):
        _plan_action(body, action, context, client, respond, "switch")

    @after_ack(deps)
    def handle_rate(ack: Ack, body: dict, action: dict, context, respond) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meeting_text, _, score_text = str(action.get("value") or "").partition(":")
        meeting_id = read_int(meeting_text, field="meeting id")
        score = read_int(score_text, field="score", low=1, high=10)
        lang = asker(deps, team_id, user_id).lang
        now = deps.clock()
        with deps.session_factory() as session:
            meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
        if meeting is None:
            raise StalePayload(f"no meeting {meeting_id}")
        # Only a meeting that has taken place can be rated.
        refusal = (
            "cancelled"
            if meeting.status == "cancelled"
            else "not_yet"
            if now < meeting.starts_at
            else None
        )
        if refusal is not None:
            when = format_when(meeting.starts_at.astimezone(deps.settings.tz), lang)
            text = t(f"meetings.rate.{refusal}", lang, when=when)
            respond(
                replace_original=False, response_type="ephemeral", **views.error_reply(lang, text)
            )
            return
        with deps.session_factory.write() as session:
            changed = store.rate(
                session=session,
                team_id=team_id,
                meeting_id=meeting_id,
                user_id=user_id,
                score=score,
                now=now,
            )
        reply = views.rating_thanks_reply(lang, score=score, changed=changed)
        respond(replace_original=False, response_type="ephemeral", **reply)

    app.command("/meetings")(handle_command)
    app.view(views.PLAN_MODAL_CALLBACK)(handle_plan_modal)
    app.action(views.CONFIRM_PLAN_ACTION)(handle_confirm)
    app.action(views.CANCEL_PLAN_ACTION)(handle_discard)
    app.action(views.SWITCH_POLICY_ACTION)(handle_switch)
    app.action(re.compile(rf"^{views.RATE_ACTION_PREFIX}\d+$"))(handle_rate)
