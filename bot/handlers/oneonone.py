"""`/oneonone`: recurring 1:1s between a manager and a rep, their preparation and action points.

Setting up a 1:1 makes the caller the rep's manager. The rule's times are in the manager's
Slack time zone; every time shown is on the reader's clock, with the other person's named when
theirs differs. Nudges before and after each 1:1 come from the scheduling engine
(jobs/oneonone_posts), which also makes preparation saved late reach the manager.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.calendar import CalendarError, parse_day
from bot.domain.meeting_changes import parse_reschedule
from bot.domain.oneonone import OneOnOneError, next_occurrence, parse_mention, parse_oneonone
from bot.domain.schedule import local_moment
from bot.handlers import managers
from bot.handlers.users import after_ack, asker, is_admin, refresh_profile, submit_answering
from bot.i18n import LANGUAGES, t
from bot.jobs.meeting_posts import queue_message
from bot.jobs.oneonone_posts import (
    occurrence_on,
    prep_saved,
    rule_of,
    zones_for,
)
from bot.jobs.people import language_of_user, zone_of
from bot.payloads import (
    read_date,
    read_int,
    read_lang,
    read_metadata,
    read_slack_id,
    reading,
)
from bot.views import oneonone as views
from bot.views.blocks import result_modal
from storage import managers as manager_store
from storage import oneonones as store
from storage import users as user_store
from storage.models import OneOnOneSeries

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
NEW_WORDS = {"new", "nieuw", "setup", "plan"}
CANCEL_WORDS = {"cancel", "stop", "end", "annuleer", "beëindig"}
SKIP_WORDS = {"skip", "sla", "overslaan"}
MOVE_WORDS = {"move", "verplaats", "verzet"}
MANAGER_WORDS = {"manager", "leidinggevende"}
ACTION_TEXT_MAX = 300


class Refusal(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _user_exists(deps: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    """Whether Slack knows the person (not deleted, not a bot); their language and time zone
    are learned on the way, for what they are told."""
    refresh_profile(deps, client, team_id, user_id)
    with deps.session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    if user is not None and user_store.profile_is_fresh(user, deps.clock()):
        return not user.inactive
    try:
        info = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "users_not_found"):
            return False
        raise
    return not info.get("deleted") and not info.get("is_bot")


def _manager_tz(deps: Deps, team_id: str, manager_id: str) -> str:
    with deps.session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=manager_id)
    name = user.tz if user and user.tz else deps.settings.team_timezone
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - an odd zone from Slack: the team's zone is a safe default
        return deps.settings.team_timezone
    return name


def _takes_part(series: OneOnOneSeries | None, user_id: str) -> bool:
    """The rep, or the manager while the series runs: someone whose link ended (a handover,
    "not my manager") no longer reads or changes the 1:1's notes and action points."""
    if series is None:
        return False
    return user_id == series.rep_id or (user_id == series.manager_id and series.status == "active")


def _next_at(session, series: OneOnOneSeries, after: datetime) -> datetime | None:
    skipped, moved = store.changes(session=session, series_id=series.id or 0)
    found = next_occurrence(
        rule_of(series),
        tz=ZoneInfo(series.tz),
        first_day=series.first_day,
        after=after,
        skipped=skipped,
        moved=moved,
    )
    return found.starts_at if found else None


def create_series(
    deps: Deps, client: WebClient, *, team_id: str, manager_id: str, text: str, admin: bool
) -> dict:
    """Parse `@rep every ...`, check the people, store the series; the reply says what happened."""
    lang = asker(deps, team_id, manager_id).lang
    now = deps.clock()
    try:
        rep_id, rule = parse_oneonone(text, today=now.astimezone(deps.settings.tz).date())
    except OneOnOneError as error:
        return views.error_reply(lang, error.code, error.params)
    if rep_id == manager_id:
        return views.error_reply(lang, "self", {})
    if not _user_exists(deps, client, team_id, rep_id):
        return views.error_reply(lang, "unknown_user", {})
    refresh_profile(deps, client, team_id, manager_id)
    tz_name = _manager_tz(deps, team_id, manager_id)
    with deps.session_factory.write() as session:
        current = manager_store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        if current and current != manager_id and not admin:
            return views.error_reply(lang, "not_manager", {})
        if current != manager_id and not admin:
            # Not (yet) confirmed as the rep's manager: the rep is asked first; nothing private
            # about them reaches the requester before they accept.
            reply = managers.request_to_manage(
                deps,
                session,
                team_id=team_id,
                requester_id=manager_id,
                rep_id=rep_id,
                rule=rule,
                tz=tz_name,
                lang=lang,
                now=now,
            )
            deps.notify_outbox()
            return reply
        series = managers.confirm_manager(
            deps,
            session,
            team_id=team_id,
            rep_id=rep_id,
            manager_id=manager_id,
            rule=rule,
            tz=tz_name,
            by=manager_id,
            now=now,
        )
        assert series is not None  # a rule was given
        next_at = _next_at(session, series, now)
        rep_lang = language_of_user(session, deps.settings, team_id, rep_id)
        queue_message(
            session,
            team_id=team_id,
            key=f"oneonone_created:{series.id}",
            channel=rep_id,
            message=views.rep_told_dm(
                rep_lang,
                manager_id=manager_id,
                kind="created",
                rule_text=rule.describe(rep_lang),
                with_not_my_manager=True,
                first_at=next_at,
                rule_tz=ZoneInfo(series.tz),
                zones=zones_for(session, deps.settings, series, rep_id),
            ),
            now=now,
        )
        zones = zones_for(session, deps.settings, series, manager_id)
    deps.notify_outbox()
    return views.series_created_reply(
        lang, rep_id=rep_id, rule_text=rule.describe(lang), next_at=next_at, zones=zones
    )


def _series_to_change(
    deps: Deps, session, *, team_id: str, caller: str, rep_id: str | None, admin: bool
) -> OneOnOneSeries:
    if rep_id is None:
        raise Refusal("no_user")
    series = store.series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
    if series is None:
        raise Refusal("no_series", rep=rep_id)
    if caller != series.manager_id and not admin:
        raise Refusal("not_manager")
    return series


def change_series(
    deps: Deps, *, team_id: str, caller: str, word: str, rest: str, admin: bool
) -> dict:
    """`cancel @rep`, `skip @rep <date>`, `move @rep <date> to <date> [at hh:mm]`."""
    lang = asker(deps, team_id, caller).lang
    now = deps.clock()
    try:
        rep_id, rest = parse_mention(rest)
    except OneOnOneError as error:
        return views.error_reply(lang, error.code, error.params)
    try:
        with deps.session_factory.write() as session:
            series = _series_to_change(
                deps, session, team_id=team_id, caller=caller, rep_id=rep_id, admin=admin
            )
            rep_lang = language_of_user(session, deps.settings, team_id, series.rep_id)
            if word in CANCEL_WORDS:
                store.end_series(session=session, series_id=series.id or 0, now=now)
                queue_message(
                    session,
                    team_id=team_id,
                    key=f"oneonone_ended:{series.id}",
                    channel=series.rep_id,
                    message=views.rep_told_dm(rep_lang, manager_id=series.manager_id, kind="ended"),
                    now=now,
                )
                reply = views.series_ended_reply(lang, rep_id=series.rep_id)
            else:
                reply = _skip_or_move(
                    deps,
                    session,
                    series,
                    word=word,
                    rest=rest,
                    caller=caller,
                    lang=lang,
                    rep_lang=rep_lang,
                    now=now,
                )
    except Refusal as refusal:
        return views.error_reply(lang, refusal.code, refusal.params)
    deps.notify_outbox()
    return reply


def _skip_or_move(deps, session, series, *, word, rest, caller, lang, rep_lang, now) -> dict:
    tz = ZoneInfo(series.tz)
    today = now.astimezone(tz).date()
    if word in SKIP_WORDS:
        try:
            day = parse_day(rest, today=today)
        except CalendarError as error:
            raise Refusal(error.code, **error.params) from None
        occurrence = occurrence_on(session, series, day)
        if occurrence is None:
            raise Refusal("no_occurrence", date=day)
        _record_change(deps, session, series, day, None, caller=caller, rep_lang=rep_lang, now=now)
        return views.skipped_reply(lang, rep_id=series.rep_id, day=day)
    try:
        day, new_day, at = parse_reschedule(rest, today=today, usage="usage")
    except CalendarError as error:
        raise Refusal(error.code, **error.params) from None
    occurrence = occurrence_on(session, series, day)
    if occurrence is None:
        raise Refusal("no_occurrence", date=day)
    new_at = local_moment(new_day, at or occurrence.starts_at.astimezone(tz).time(), tz)
    if new_at <= now:
        raise Refusal("date_in_past", date=new_day)
    _record_change(deps, session, series, day, new_at, caller=caller, rep_lang=rep_lang, now=now)
    # The caller (the manager or an admin) reads it on their own clock, the rep's named.
    zones = zones_for(session, deps.settings, series, series.manager_id)
    if caller != series.manager_id:
        zones = replace(zones, reader=zone_of(session, deps.settings, series.team_id, caller))
    return views.moved_reply(lang, rep_id=series.rep_id, day=day, new_at=new_at, zones=zones)


def _record_change(
    deps: Deps,
    session,
    series: OneOnOneSeries,
    day: date,
    new_at: datetime | None,
    *,
    caller: str,
    rep_lang: str,
    now: datetime,
) -> None:
    """Skip (`new_at` None) or move one date, and tell the rep, in the same transaction."""
    kind = "skipped" if new_at is None else "moved"
    store.change_day(
        session=session,
        team_id=series.team_id,
        series_id=series.id or 0,
        day=day,
        action="skip" if new_at is None else "move",
        new_starts_at=new_at,
        by=caller,
        now=now,
    )
    stamp = "" if new_at is None else f":{int(new_at.timestamp())}"
    queue_message(
        session,
        team_id=series.team_id,
        key=f"oneonone_{kind}:{series.id}:{day.isoformat()}{stamp}",
        channel=series.rep_id,
        message=views.rep_told_dm(
            rep_lang,
            manager_id=series.manager_id,
            kind=kind,
            day=day,
            new_at=new_at,
            zones=zones_for(session, deps.settings, series, series.rep_id),
        ),
        now=now,
    )


def list_series(deps: Deps, *, team_id: str, user_id: str) -> dict:
    lang = asker(deps, team_id, user_id).lang
    now = deps.clock()
    with deps.session_factory() as session:
        mine = store.series_of(session=session, team_id=team_id, user_id=user_id)
        my_manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id)
        reader_tz = zone_of(session, deps.settings, team_id, user_id)
        shown = [
            views.SeriesView(
                id=s.id or 0,
                manager_id=s.manager_id,
                rep_id=s.rep_id,
                rule_text=rule_of(s).describe(lang),
                next_at=_next_at(session, s, now),
                tz_name=s.tz,
                other_tz_name=zone_of(
                    session,
                    deps.settings,
                    team_id,
                    s.rep_id if s.manager_id == user_id else s.manager_id,
                ).key,
            )
            for s in mine
        ]
    return views.series_list_reply(
        lang,
        as_manager=[s for s in shown if s.manager_id == user_id],
        as_rep=[s for s in shown if s.rep_id == user_id],
        my_manager=my_manager,
        reader_tz=reader_tz,
        team_tz=deps.settings.tz,
    )


def set_manager(deps: Deps, client: WebClient, *, team_id: str, caller: str, rest: str) -> dict:
    """`manager @rep @manager` (admins): who manages whom."""
    lang = asker(deps, team_id, caller).lang
    ids = re.findall(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", rest)
    if len(ids) != 2:
        return views.error_reply(lang, "usage", {})
    rep_id, manager_id = ids
    if rep_id == manager_id:
        return views.error_reply(lang, "self", {})
    if not (
        _user_exists(deps, client, team_id, rep_id)
        and _user_exists(deps, client, team_id, manager_id)
    ):
        return views.error_reply(lang, "unknown_user", {})
    refresh_profile(deps, client, team_id, manager_id)
    tz_name = _manager_tz(deps, team_id, manager_id)
    now = deps.clock()
    with deps.session_factory.write() as session:
        before = manager_store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        managers.confirm_manager(
            deps,
            session,
            team_id=team_id,
            rep_id=rep_id,
            manager_id=manager_id,
            rule=None,
            tz=tz_name,
            by=caller,
            now=now,
        )
        if before != manager_id:
            managers.tell_rep_admin_set(
                deps,
                session,
                team_id=team_id,
                rep_id=rep_id,
                manager_id=manager_id,
                admin_id=caller,
                now=now,
            )
    deps.notify_outbox()
    return views.manager_set_reply(lang, rep_id=rep_id, manager_id=manager_id)


def register(app: App, deps: Deps) -> None:
    """Wire /oneonone, its modals and the nudge buttons."""

    def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        who = asker(deps, team_id, user_id)
        text = " ".join((command.get("text") or "").split())
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in HELP_WORDS:
            ack(**views.help_reply(who.lang))
            return
        if not text:
            ack(**list_series(deps, team_id=team_id, user_id=user_id))
            return
        if word in NEW_WORDS and not rest:
            ack()
            deps.background.submit(
                client.views_open,
                trigger_id=command["trigger_id"],
                view=views.setup_modal(who.lang, channel_id=command.get("channel_id") or ""),
            )
            return
        # Everything else may ask Slack (who is admin, does the user exist): answer after the ack.
        ack()

        def work() -> None:
            admin = is_admin(deps, client, team_id, user_id)
            if word in MANAGER_WORDS:
                reply = (
                    set_manager(deps, client, team_id=team_id, caller=user_id, rest=rest)
                    if admin
                    else views.error_reply(who.lang, "not_admin", {})
                )
            elif word in CANCEL_WORDS | SKIP_WORDS | MOVE_WORDS:
                reply = change_series(
                    deps, team_id=team_id, caller=user_id, word=word, rest=rest, admin=admin
                )
            else:
                reply = create_series(
                    deps, client, team_id=team_id, manager_id=user_id, text=text, admin=admin
                )
            respond(response_type="ephemeral", **reply)

        submit_answering(
            deps, work, what="/oneonone", team_id=team_id, user_id=user_id, respond=respond
        )

    def handle_setup_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, optional={"lang": str, "channel_id": str})
        with reading("state"):
            values = views.setup_modal_values(view["state"]["values"])
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        rep, rule = values.get("rep"), (values.get("rule") or "").strip()
        if not rep or not rule:
            block = views.BLOCK_REP if not rep else views.BLOCK_RULE
            ack(
                response_action="errors",
                errors={block: views.error_reply(lang, "empty", {})["text"]},
            )
            return
        try:
            parse_oneonone(
                f"<@{rep}> {rule}", today=deps.clock().astimezone(deps.settings.tz).date()
            )
        except OneOnOneError as error:
            ack(
                response_action="errors",
                errors={
                    views.BLOCK_RULE: views.error_reply(lang, error.code, error.params)["text"]
                },
            )
            return
        ack()

        def work() -> None:
            reply = create_series(
                deps,
                client,
                team_id=team_id,
                manager_id=user_id,
                text=f"<@{rep}> {rule}",
                admin=is_admin(deps, client, team_id, user_id),
            )
            client.chat_postMessage(channel=user_id, **reply)

        submit_answering(
            deps, work, what="the 1:1 set-up form", team_id=team_id, user_id=user_id, client=client
        )

    def _series_and_day(value: object, team_id: str):
        """The series and date a button or form carries ("12:2027-03-09"); StalePayload else."""
        series_text, _, day_text = (value if isinstance(value, str) else "").partition(":")
        series_id, day = read_int(series_text, field="series_id"), read_date(day_text)
        with deps.session_factory() as session:
            return store.get_series(session=session, team_id=team_id, series_id=series_id), day

    @after_ack(deps)
    def handle_prep(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        series, day = _series_and_day(action.get("value"), team_id)
        if not _takes_part(series, user_id):
            _answer_click(
                body,
                respond,
                client,
                team_id=team_id,
                user_id=user_id,
                reply=views.error_reply(lang, "not_manager", {}),
            )
            return
        with deps.session_factory() as session:
            prep = store.get_prep(
                session=session, series_id=series.id or 0, day=day, user_id=user_id
            )
        client.views_open(
            trigger_id=body["trigger_id"],
            view=views.prep_modal(
                lang,
                series_id=series.id or 0,
                day=day,
                prep=views.PrepView(obstacles=prep.obstacles, topics=prep.topics) if prep else None,
            ),
        )

    def handle_prep_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, required={"series_id": int, "day": str}, optional={"lang": str})
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        with reading("state"):
            values = views.prep_modal_values(view["state"]["values"])
        obstacles = (values.get("obstacles") or "").strip()
        topics = (values.get("topics") or "").strip()
        if not obstacles and not topics:
            ack(response_action="errors", errors=views.prep_errors(lang))
            return
        series, day = _series_and_day(f"{meta.get('series_id')}:{meta.get('day')}", team_id)
        if not _takes_part(series, user_id):
            # No longer the rep or the manager of these 1:1s (a handover, an ended series).
            ack(
                response_action="update",
                view=result_modal(
                    lang,
                    title=t("oneonone.prep.title", lang),
                    message=views.error_reply(lang, "not_manager", {}),
                ),
            )
            return
        now = deps.clock()
        with deps.session_factory.write() as session:
            store.save_prep(
                session=session,
                team_id=team_id,
                series_id=series.id or 0,
                day=day,
                user_id=user_id,
                obstacles=obstacles,
                topics=topics,
                now=now,
            )
            # Only the rep's preparation goes into the manager's nudge.
            outcome = (
                prep_saved(session, deps.settings, series=series, day=day, now=now)
                if user_id == series.rep_id
                else "own"
            )
        deps.notify_outbox()
        ack(
            response_action="update",
            view=result_modal(
                lang,
                title=t("oneonone.prep.title", lang),
                message=views.prep_saved_reply(lang, manager_id=series.manager_id, outcome=outcome),
            ),
        )

    @after_ack(deps)
    def handle_actions_open(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        series, day = _series_and_day(action.get("value"), team_id)
        if not _takes_part(series, user_id):
            respond(replace_original=False, **views.error_reply(lang, "not_manager", {}))
            return
        client.views_open(
            trigger_id=body["trigger_id"],
            view=views.actions_modal(
                lang,
                series_id=series.id or 0,
                day=day,
                rep_id=series.rep_id,
                manager_id=series.manager_id,
            ),
        )

    def handle_actions_modal(ack: Ack, body: dict, view: dict, context) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, required={"series_id": int, "day": str}, optional={"lang": str})
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        series, day = _series_and_day(f"{meta.get('series_id')}:{meta.get('day')}", team_id)
        if not _takes_part(series, user_id):
            # No longer the rep or the manager of these 1:1s (a handover, an ended series).
            ack(
                response_action="update",
                view=result_modal(
                    lang,
                    title=t("oneonone.actions.title", lang),
                    message=views.error_reply(lang, "not_manager", {}),
                ),
            )
            return
        with reading("state"):
            rows = views.actions_modal_values(view["state"]["values"])
        for row in rows:
            row["due"] = read_date(row["due"], field="due") if row.get("due") else None
        today = deps.clock().astimezone(ZoneInfo(series.tz)).date()
        errors: dict[str, tuple[str, dict]] = {}
        for row in rows:
            index = row.get("index", 1)
            text = (row.get("text") or "").strip()
            if len(text) > ACTION_TEXT_MAX:
                errors[f"{views.BLOCK_ACTION_TEXT}_{index}"] = (
                    "too_long",
                    {"max": ACTION_TEXT_MAX, "length": len(text)},
                )
            if row["due"] is not None and row["due"] < today:
                errors[f"{views.BLOCK_ACTION_DUE}_{index}"] = ("bad_due", {})
        if not rows:
            errors[f"{views.BLOCK_ACTION_TEXT}_1"] = ("required", {})
        if errors:
            ack(response_action="errors", errors=views.action_errors(lang, errors))
            return
        now = deps.clock()
        with deps.session_factory.write() as session:
            for row in rows:
                store.add_action_point(
                    session=session,
                    values={
                        "team_id": team_id,
                        "series_id": series.id,
                        "day": day,
                        "owner_id": series.manager_id
                        if row.get("owner") == "manager"
                        else series.rep_id,
                        "text": row["text"].strip(),
                        "due": row["due"],
                        "created_by": user_id,
                        "created_at": now,
                        "done_at": None,
                        "done_by": None,
                        # A submission delivered twice adds each point once.
                        "source_key": f"view:{read_slack_id(view.get('id'), field='view id')}:"
                        f"{row.get('index', 1)}",
                    },
                )
        ack(
            response_action="update",
            view=result_modal(
                lang,
                title=t("oneonone.actions.title", lang),
                message=views.actions_saved_reply(lang, count=len(rows)),
            ),
        )

    @after_ack(deps)
    def handle_done(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        point_id = read_int(action.get("value"), field="action_point_id")
        admin = is_admin(deps, client, team_id, user_id)
        with deps.session_factory.write() as session:
            point = store.get_action_point(session=session, team_id=team_id, point_id=point_id)
            series = (
                store.get_series(session=session, team_id=team_id, series_id=point.series_id)
                if point
                else None
            )
            allowed = (
                point is not None and series is not None and (admin or _takes_part(series, user_id))
            )
            if allowed:
                store.tick_off(session=session, point_id=point_id, by=user_id, now=deps.clock())
        reply = (
            views.action_done_reply(lang, text=point.text)
            if allowed and point is not None
            else views.error_reply(lang, "not_manager", {})
        )
        _answer_click(body, respond, client, team_id=team_id, user_id=user_id, reply=reply)

    def _answer_click(
        body: dict, respond, client: WebClient, *, team_id: str, user_id: str, reply: dict
    ) -> None:
        """A note after a click: ephemeral under the message, or on the Home tab (which has no
        response_url), re-published so a ticked-off point disappears."""
        if body.get("response_url"):
            respond(replace_original=False, response_type="ephemeral", **reply)
            return
        from bot.handlers.home import publish_home

        publish_home(deps, client, team_id, user_id, notice=reply["text"])

    app.command("/oneonone")(handle_command)
    app.view(views.SETUP_MODAL_CALLBACK)(handle_setup_modal)
    app.view(views.PREP_MODAL_CALLBACK)(handle_prep_modal)
    app.view(views.ACTIONS_MODAL_CALLBACK)(handle_actions_modal)
    app.action(views.PREP_ACTION)(handle_prep)
    app.action(views.ACTIONS_ACTION)(handle_actions_open)
    app.action(views.DONE_ACTION)(handle_done)
