"""Who manages whom: a manager sees a rep's private data, so only a confirmed manager is one.

A link is confirmed when an admin sets it or when the rep accepts a request (made by
`/oneonone @rep every ...` from someone who is not yet their manager). Nothing private about
the rep reaches the requester before Accept: the link and the 1:1 series are made only then.
A rep who declines, or later says "not my manager", is not asked again by that person for
30 days; ending a link withdraws the agreement that person gave on the rep's plan.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_bolt import App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.deps import Deps
from bot.domain.formatting import ReaderZones
from bot.domain.oneonone import OneOnOneRule, next_occurrence
from bot.handlers.accountplan import review_draft_with_new_manager
from bot.handlers.users import after_ack, asker, is_admin, submit_answering
from bot.i18n import t
from bot.jobs.meeting_posts import queue_dm, queue_message
from bot.jobs.oneonone_posts import series_occurrences, zones_for
from bot.jobs.people import language_of_user, zone_of
from bot.payloads import StalePayload, read_int
from bot.views import managers as views
from storage import managers as store
from storage import oneonones as oneonone_store
from storage import plans as plan_store
from storage.models import ManagerRequest, OneOnOneSeries

log = logging.getLogger(__name__)


def _rule_of_request(request: ManagerRequest) -> OneOnOneRule:
    """The 1:1 rule a request asked for (every request is stored with one)."""
    if (
        request.freq is None
        or request.interval is None
        or request.weekday is None
        or request.at_minutes is None
        or request.duration_minutes is None
    ):
        raise StalePayload(f"manager request {request.id} has no 1:1 rule")
    return OneOnOneRule.stored(
        freq=request.freq,
        interval=request.interval,
        weekday=request.weekday,
        nth=request.nth,
        at_minutes=request.at_minutes,
        duration_minutes=request.duration_minutes,
    )


def confirm_manager(
    deps: Deps,
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    manager_id: str,
    rule: OneOnOneRule | None,
    tz: str,
    by: str,
    now: datetime,
    except_request: int | None = None,
) -> OneOnOneSeries | None:
    """Make `manager_id` the rep's manager (and, with a rule, start their 1:1s), in `session`.

    Earlier 1:1s of the rep end; other people's pending requests for the rep lapse (they are
    told); a draft plan waiting for agreement goes to the new manager.
    """
    series = None
    if rule is not None:
        previous = oneonone_store.series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
        if previous is not None:
            oneonone_store.end_series(session=session, series_id=previous.id or 0, now=now)
        series = OneOnOneSeries(
            team_id=team_id,
            manager_id=manager_id,
            rep_id=rep_id,
            tz=tz,
            first_day=now.astimezone(ZoneInfo(tz)).date(),
            created_by=by,
            created_at=now,
            **rule.to_stored(),
        )
        session.add(series)
        session.flush()
    else:
        oneonone_store.set_series_zone(session=session, team_id=team_id, rep_id=rep_id, tz=tz)
    store.set_manager(
        session=session, team_id=team_id, rep_id=rep_id, manager_id=manager_id, by=by, now=now
    )
    for lapsed in store.withdraw_pending(
        session=session, team_id=team_id, rep_id=rep_id, now=now, except_id=except_request
    ):
        if lapsed.requester_id == manager_id:
            continue
        queue_dm(
            session,
            deps.settings,
            team_id=team_id,
            user_id=lapsed.requester_id,
            key=f"manager_request_lapsed:{lapsed.id}",
            message=lambda lang: views.lapsed_dm(lang, rep_id=rep_id),
            now=now,
        )
    review_draft_with_new_manager(
        deps, session, team_id=team_id, rep_id=rep_id, manager=manager_id, now=now
    )
    return series


def request_to_manage(
    deps: Deps,
    session: Session,
    *,
    team_id: str,
    requester_id: str,
    rep_id: str,
    rule: OneOnOneRule,
    tz: str,
    lang: str,
    now: datetime,
) -> dict:
    """Ask the rep to accept `requester_id` as their manager; the reply says it is waiting.

    The request DM is queued in `session`; nothing is made that would show the requester
    anything private about the rep.
    """
    until = store.refused_until(
        session=session, team_id=team_id, rep_id=rep_id, requester_id=requester_id, now=now
    )
    if until is not None:
        # The day on the requester's own calendar.
        local = until.astimezone(zone_of(session, deps.settings, team_id, requester_id))
        return views.request_refused_reply(lang, rep_id=rep_id, until=local.date())
    if store.pending_request(
        session=session, team_id=team_id, rep_id=rep_id, requester_id=requester_id
    ):
        return views.request_waiting_reply(lang, rep_id=rep_id)
    request = store.add_request(
        session=session,
        values={
            "team_id": team_id,
            "rep_id": rep_id,
            "requester_id": requester_id,
            "tz": tz,
            "created_at": now,
            **rule.to_stored(),
        },
    )
    rep_lang = language_of_user(session, deps.settings, team_id, rep_id)
    # The first 1:1 if the rep accepted now, on the rep's clock with the requester's named.
    rule_tz = ZoneInfo(tz)
    first = next_occurrence(rule, tz=rule_tz, first_day=now.astimezone(rule_tz).date(), after=now)
    queue_message(
        session,
        team_id=team_id,
        key=f"manager_request:{request.id}",
        channel=rep_id,
        message=views.request_dm(
            rep_lang,
            requester_id=requester_id,
            rule_text=rule.describe(rep_lang),
            request_id=request.id or 0,
            first_at=first.starts_at if first else None,
            rule_tz=rule_tz,
            zones=ReaderZones(
                reader=zone_of(session, deps.settings, team_id, rep_id),
                other=zone_of(session, deps.settings, team_id, requester_id),
                other_name=f"<@{requester_id}>",
                team=deps.settings.tz,
            ),
        ),
        now=now,
    )
    return views.request_sent_reply(lang, rep_id=rep_id)


def tell_rep_admin_set(
    deps: Deps,
    session: Session,
    *,
    team_id: str,
    rep_id: str,
    manager_id: str,
    admin_id: str,
    now: datetime,
) -> None:
    """An admin set or changed the rep's manager: the rep hears it (with "not my manager")."""
    queue_dm(
        session,
        deps.settings,
        team_id=team_id,
        user_id=rep_id,
        key=f"manager_admin_set:{rep_id}:{manager_id}:{int(now.timestamp())}",
        message=lambda lang: views.admin_set_dm(lang, admin_id=admin_id, manager_id=manager_id),
        now=now,
    )


def answer_request(deps: Deps, *, team_id: str, rep_id: str, request_id: int, accept: bool) -> dict:
    """The rep's Accept or Decline; returns what replaces the request DM."""
    lang = asker(deps, team_id, rep_id).lang
    now = deps.clock()
    with deps.session_factory.write() as session:
        request = store.get_request(session=session, team_id=team_id, request_id=request_id)
        if request is None or request.rep_id != rep_id or request.status != "pending":
            return views.request_closed_reply(lang)
        if not accept:
            store.decide(session=session, request_id=request_id, status="declined", now=now)
            _tell_requester(deps, session, request, accepted=False, now=now)
            reply = views.declined_reply(lang, requester_id=request.requester_id)
        else:
            current = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
            if current and current != request.requester_id:
                store.decide(session=session, request_id=request_id, status="withdrawn", now=now)
                reply = views.has_manager_reply(lang, manager_id=current)
            else:
                store.decide(session=session, request_id=request_id, status="accepted", now=now)
                rule = _rule_of_request(request)
                series = confirm_manager(
                    deps,
                    session,
                    team_id=team_id,
                    rep_id=rep_id,
                    manager_id=request.requester_id,
                    rule=rule,
                    tz=request.tz or deps.settings.team_timezone,
                    by=rep_id,
                    now=now,
                    except_request=request_id,
                )
                assert series is not None  # a request carries a rule
                _tell_requester(deps, session, request, accepted=True, now=now, series=series)
                reply = views.accepted_reply(
                    lang,
                    manager_id=request.requester_id,
                    rule_text=rule.describe(lang),
                    first_at=_first_at(session, series, now),
                    rule_tz=ZoneInfo(series.tz),
                    zones=zones_for(session, deps.settings, series, rep_id),
                )
    deps.notify_outbox()
    return reply


def _first_at(session: Session, series: OneOnOneSeries, now: datetime) -> datetime | None:
    upcoming = series_occurrences(session, series, start=now, end=now + timedelta(days=400))
    return upcoming[0].starts_at if upcoming else None


def _tell_requester(
    deps: Deps,
    session: Session,
    request: ManagerRequest,
    *,
    accepted: bool,
    now: datetime,
    series: OneOnOneSeries | None = None,
) -> None:
    lang = language_of_user(session, deps.settings, request.team_id, request.requester_id)
    if accepted:
        message = views.accepted_dm(
            lang,
            rep_id=request.rep_id,
            rule_text=_rule_of_request(request).describe(lang),
            first_at=_first_at(session, series, now) if series else None,
            zones=zones_for(session, deps.settings, series, request.requester_id)
            if series
            else None,
        )
    else:
        message = views.declined_dm(lang, rep_id=request.rep_id)
    queue_message(
        session,
        team_id=request.team_id,
        key=f"manager_request_{'accepted' if accepted else 'declined'}:{request.id}",
        channel=request.requester_id,
        message=message,
        now=now,
    )


def disown_manager(deps: Deps, *, team_id: str, rep_id: str, manager_id: str) -> dict:
    """The rep says `manager_id` is not their manager: the link and their 1:1s end, their
    agreement on the rep's plans is withdrawn, and they cannot ask again for 30 days."""
    lang = asker(deps, team_id, rep_id).lang
    now = deps.clock()
    with deps.session_factory.write() as session:
        linked = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        series = [
            s
            for s in oneonone_store.series_of(session=session, team_id=team_id, user_id=rep_id)
            if s.rep_id == rep_id and s.manager_id == manager_id
        ]
        if linked != manager_id and not series:
            return views.not_mine_none_reply(lang, manager_id=manager_id)
        for one in series:
            oneonone_store.end_series(session=session, series_id=one.id or 0, now=now)
        store.remove_manager(session=session, team_id=team_id, rep_id=rep_id, manager_id=manager_id)
        withdrawn = plan_store.withdraw_agreements(
            session=session,
            team_id=team_id,
            rep_id=rep_id,
            manager_id=manager_id,
            by=rep_id,
            now=now,
        )
        store.record_disowned(
            session=session, team_id=team_id, rep_id=rep_id, manager_id=manager_id, now=now
        )
        queue_dm(
            session,
            deps.settings,
            team_id=team_id,
            user_id=manager_id,
            key=f"manager_disowned:{rep_id}:{manager_id}:{int(now.timestamp())}",
            message=lambda lang: views.not_your_rep_dm(lang, rep_id=rep_id),
            now=now,
        )
    deps.notify_outbox()
    return views.not_mine_reply(lang, manager_id=manager_id, withdrawn=bool(withdrawn))


def _manager_in(value: str | None, deps: Deps, team_id: str) -> str:
    """The manager a "not my manager" button names: a user id, or (older DMs) a series id."""
    text = (value or "").strip()
    if text[:1] in ("U", "W") and text.isalnum() and len(text) <= 32:
        return text
    series_id = read_int(text, field="series_id")
    with deps.session_factory() as session:
        series = oneonone_store.get_series(session=session, team_id=team_id, series_id=series_id)
    if series is None:
        raise StalePayload("no such 1:1 series")
    return series.manager_id


def register(app: App, deps: Deps) -> None:
    """Wire Accept / Decline on a request and "not my manager"."""

    def _answer(body: dict, client: WebClient, respond, *, team_id: str, user_id: str, reply: dict):
        # The Home tab has no response_url: answer there by re-publishing it with a notice.
        if body.get("response_url"):
            respond(replace_original=True, **reply)
            return
        from bot.handlers.home import publish_home

        publish_home(deps, client, team_id, user_id, notice=reply["text"])

    def _decide(body: dict, action: dict, context, respond, client: WebClient, accept: bool):
        team_id, user_id = context.team_id, body["user"]["id"]
        request_id = read_int(action.get("value"), field="request_id")
        reply = answer_request(
            deps, team_id=team_id, rep_id=user_id, request_id=request_id, accept=accept
        )
        _answer(body, client, respond, team_id=team_id, user_id=user_id, reply=reply)

    @after_ack(deps)
    def handle_accept(ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
        _decide(body, action, context, respond, client, accept=True)

    @after_ack(deps)
    def handle_decline(ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
        _decide(body, action, context, respond, client, accept=False)

    @after_ack(deps)
    def handle_not_my_manager(
        ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        manager_id = _manager_in(action.get("value"), deps, team_id)
        reply = disown_manager(deps, team_id=team_id, rep_id=user_id, manager_id=manager_id)
        _answer(body, client, respond, team_id=team_id, user_id=user_id, reply=reply)

    @after_ack(deps)
    def handle_open_set_manager(ack, body: dict, context, client: WebClient) -> None:
        """An admin's Home-tab button: the form to say who manages whom."""
        team_id, user_id = context.team_id, body["user"]["id"]
        admin = is_admin(deps, client, team_id, user_id)
        lang = asker(deps, team_id, user_id).lang
        if not admin:
            from bot.handlers.home import publish_home

            publish_home(deps, client, team_id, user_id, notice=t("oneonone.error.not_admin", lang))
            return
        client.views_open(trigger_id=body["trigger_id"], view=views.set_manager_modal(lang))

    def handle_set_manager_modal(ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        rep, manager = views.set_manager_values((view.get("state") or {}).get("values") or {})
        errors = {}
        if rep is None:
            errors[views.BLOCK_REP] = t("managers.admin.required", lang)
        if manager is None:
            errors[views.BLOCK_MANAGER] = t("managers.admin.required", lang)
        elif manager == rep:
            errors[views.BLOCK_MANAGER] = t("managers.admin.same", lang)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()

        def work() -> None:
            from bot.handlers.home import publish_home
            from bot.handlers.oneonone import set_manager

            if is_admin(deps, client, team_id, user_id):
                reply = set_manager(
                    deps, client, team_id=team_id, caller=user_id, rest=f"<@{rep}> <@{manager}>"
                )
                notice = reply["text"]
            else:
                # is_admin just learned the person's language, if it was not known at the ack.
                notice = t("oneonone.error.not_admin", asker(deps, team_id, user_id).lang)
            publish_home(deps, client, team_id, user_id, notice=notice)

        submit_answering(
            deps, work, what="the manager form", team_id=team_id, user_id=user_id, client=client
        )

    app.action(views.SET_MANAGER_ACTION)(handle_open_set_manager)
    app.view(views.SET_MANAGER_MODAL)(handle_set_manager_modal)
    app.action(views.ACCEPT_ACTION)(handle_accept)
    app.action(views.DECLINE_ACTION)(handle_decline)
    app.action(views.NOT_MY_MANAGER_ACTION)(handle_not_my_manager)
