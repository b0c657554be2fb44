"""`/checkin`: the weekly accountability check-in on new-client outreach, away periods, the list.

The check-in is a modal (from the weekly DM or the command); a second one in the same week
updates the first. Check-ins are private: only the rep, their manager and admins see them.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.checkin import (
    AwayError,
    CheckinError,
    parse_away,
    streak,
    validate_checkin,
    week_start,
)
from bot.handlers.users import asker, is_admin, refresh_profile, submit_answering
from bot.i18n import LANGUAGES
from bot.jobs.checkin_posts import target_of
from bot.jobs.people import zone_of
from bot.payloads import read_date, read_lang, read_metadata
from bot.views import checkin as views
from storage import checkins as store

log = logging.getLogger(__name__)

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
AWAY_WORDS = {"away", "afwezig", "vakantie"}
BACK_WORDS = {"back", "terug"}
ADD_WORDS = {"add", "toevoegen"}
REMOVE_WORDS = {"remove", "verwijder", "verwijderen"}
# A check-in for an older week than this is refused: memory fades, and the digest has gone.
MAX_WEEKS_BACK = 2


def _today(deps: Deps, team_id: str, user_id: str) -> date:
    """Today in the user's own time zone: a week's check-in follows their calendar."""
    with deps.session_factory() as session:
        tz = zone_of(session, deps.settings, team_id, user_id)
    return deps.clock().astimezone(tz).date()


def open_modal(
    deps: Deps, client: WebClient, *, trigger_id: str, team_id: str, user_id: str, monday: date
) -> None:
    lang = asker(deps, team_id, user_id).lang
    with deps.session_factory() as session:
        existing = store.get_checkin(session=session, team_id=team_id, user_id=user_id, week=monday)
        target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
    values = (
        {
            "prospects": str(existing.prospects),
            "meetings": str(existing.meetings),
            "reasons": [r for r in existing.reasons.split(",") if r],
            "note": existing.note,
        }
        if existing
        else None
    )
    client.views_open(
        trigger_id=trigger_id,
        view=views.checkin_modal(lang, monday=monday, values=values, target=target),
    )


def register(app: App, deps: Deps) -> None:
    """Wire /checkin, its modal and the button in the weekly DM."""

    def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        who = asker(deps, team_id, user_id)
        lang = who.lang
        text = " ".join((command.get("text") or "").split())
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in HELP_WORDS:
            ack(**views.help_reply(lang))
            return
        if not word:
            ack()
            if not who.known:
                deps.background.submit(refresh_profile, deps, client, team_id, user_id)
            deps.background.submit(
                open_modal,
                deps,
                client,
                trigger_id=command["trigger_id"],
                team_id=team_id,
                user_id=user_id,
                monday=week_start(_today(deps, team_id, user_id)),
            )
            return
        if word in AWAY_WORDS:
            try:
                until = parse_away(rest, today=_today(deps, team_id, user_id))
            except AwayError as error:
                ack(**views.error_reply(lang, error.code, error.params))
                return
            with deps.session_factory.write() as session:
                store.set_member(
                    session=session,
                    team_id=team_id,
                    user_id=user_id,
                    by=user_id,
                    now=deps.clock(),
                    away_until=until,
                )
            ack(**views.away_reply(lang, until=until))
            return
        if word in BACK_WORDS:
            with deps.session_factory.write() as session:
                store.set_member(
                    session=session,
                    team_id=team_id,
                    user_id=user_id,
                    by=user_id,
                    now=deps.clock(),
                    away_until=None,
                )
            ack(**views.back_reply(lang))
            return
        if word in ADD_WORDS | REMOVE_WORDS:
            ack()

            def work() -> None:
                if not is_admin(deps, client, team_id, user_id):
                    respond(response_type="ephemeral", **views.error_reply(lang, "not_admin", {}))
                    return
                ids = re.findall(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", rest)
                if len(ids) != 1:
                    respond(response_type="ephemeral", **views.error_reply(lang, "no_user", {}))
                    return
                added = word in ADD_WORDS
                with deps.session_factory.write() as session:
                    store.set_member(
                        session=session,
                        team_id=team_id,
                        user_id=ids[0],
                        by=user_id,
                        now=deps.clock(),
                        status="added" if added else "removed",
                    )
                respond(
                    response_type="ephemeral",
                    **views.member_reply(lang, user_id=ids[0], added=added),
                )

            submit_answering(
                deps, work, what="/checkin", team_id=team_id, user_id=user_id, respond=respond
            )
            return
        ack(**views.help_reply(lang))

    def handle_open(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
        ack()
        team_id, user_id = context.team_id, body["user"]["id"]
        monday = week_start(read_date(action.get("value"), field="week"))
        deps.background.submit(
            open_modal,
            deps,
            client,
            trigger_id=body["trigger_id"],
            team_id=team_id,
            user_id=user_id,
            monday=monday,
        )

    def handle_submission(ack: Ack, body: dict, view: dict, context) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(view, required={"week": str}, optional={"lang": str})
        lang = read_lang(meta, LANGUAGES) or asker(deps, team_id, user_id).lang
        monday = week_start(read_date(meta["week"], field="week"))
        today = _today(deps, team_id, user_id)
        if monday < week_start(today) - timedelta(weeks=MAX_WEEKS_BACK) or monday > today:
            ack(
                response_action="errors",
                errors={views.BLOCK_PROSPECTS: views.error_reply(lang, "too_far_back", {})["text"]},
            )
            return
        values = views.checkin_modal_values(view["state"]["values"])
        try:
            entered = validate_checkin(
                prospects=values.get("prospects"),
                meetings=values.get("meetings"),
                reasons=values.get("reasons") or [],
                note=values.get("note"),
            )
        except CheckinError as error:
            ack(response_action="errors", errors=views.checkin_errors(lang, error.errors))
            return
        with deps.session_factory.write() as session:
            updated = store.save_checkin(
                session=session,
                team_id=team_id,
                user_id=user_id,
                week=monday,
                prospects=entered.prospects,
                meetings=entered.meetings,
                reasons=entered.reasons,
                note=entered.note,
                now=deps.clock(),
            )
            weeks = store.weeks_checked_in(session=session, team_id=team_id, user_id=user_id)
            target = target_of(session, team_id=team_id, user_id=user_id, year=monday.year)
        ack(
            response_action="update",
            view=views.thanks_view(
                lang,
                monday=monday,
                prospects=entered.prospects,
                meetings=entered.meetings,
                target=target,
                streak=streak(weeks, current_monday=week_start(today)),
                updated=updated,
            ),
        )

    app.command("/checkin")(handle_command)
    app.view(views.MODAL_CALLBACK)(handle_submission)
    app.action(views.OPEN_ACTION)(handle_open)
