"""Who manages whom: a manager sees a rep's private data, so only a confirmed manager is one
(set by an admin, or accepted by the rep when asked); the 1:1s start with the link. A rep who
declines or says "not my manager" is not asked again by that person for 30 days.
`confirm_manager` and `ask_to_manage` work in the caller's transaction, the use cases own theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.deps import Deps
from bot.domain.errors import FieldErrors
from bot.domain.formatting import ReaderZones
from bot.domain.oneonones import OneOnOneRule, next_occurrence
from bot.jobs.oneonones import OneOnOneRefusal, created_key, next_start, zones_for
from bot.jobs.outbox import queue_dm
from bot.jobs.people import zone_of
from bot.jobs.plans import review_draft_with_new_manager
from bot.payloads import StalePayload
from bot.views import managers as views
from bot.views import oneonones as oneonone_views
from bot.views.managers import Disowned, RequestAnswered, RequestAsked
from storage import managers as store
from storage import oneonones as oneonone_store
from storage import plans as plan_store
from storage.models import ManagerRequest, OneOnOneSeries


def request_key(request_id: int) -> str:
    """The request DM to the rep."""
    return f"manager_request:{request_id}"


def lapsed_key(request_id: int) -> str:
    """To a requester: the rep got another manager before answering."""
    return f"manager_request_lapsed:{request_id}"


def answered_key(request_id: int, *, accepted: bool) -> str:
    """To the requester: the rep accepted or declined."""
    return f"manager_request_{'accepted' if accepted else 'declined'}:{request_id}"


def admin_set_key(rep_id: str, manager_id: str, now: datetime) -> str:
    """To the rep: an admin set their manager (each time it happens)."""
    return f"manager_admin_set:{rep_id}:{manager_id}:{int(now.timestamp())}"


def disowned_key(rep_id: str, manager_id: str, now: datetime) -> str:
    """To the former manager: the rep said "not my manager" (each time it happens)."""
    return f"manager_disowned:{rep_id}:{manager_id}:{int(now.timestamp())}"


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
) -> OneOnOneSeries | None:
    """Make `manager_id` the rep's manager in `session`; with a rule their 1:1s start (the rep's
    earlier ones end). Others' pending requests lapse (they are told); a draft plan waiting for
    agreement goes to the new manager."""
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
    for lapsed in store.withdraw_pending(session=session, team_id=team_id, rep_id=rep_id, now=now):
        if lapsed.requester_id != manager_id:
            queue_dm(
                session,
                deps.settings_for(team_id),
                team_id=team_id,
                user_id=lapsed.requester_id,
                key=lapsed_key(lapsed.id or 0),
                message=lambda lang: views.lapsed_dm(lang, rep_id=rep_id),
                now=now,
            )
    review_draft_with_new_manager(
        deps, session, team_id=team_id, rep_id=rep_id, manager=manager_id, now=now
    )
    return series


def ask_to_manage(
    deps: Deps,
    session: Session,
    *,
    team_id: str,
    requester_id: str,
    rep_id: str,
    rule: OneOnOneRule,
    tz: str,
    now: datetime,
) -> RequestAsked:
    """Ask the rep to accept `requester_id` as their manager, in `session`: the request DM is
    queued; nothing is made that would show the requester anything private about the rep."""
    until = store.refused_until(
        session=session, team_id=team_id, rep_id=rep_id, requester_id=requester_id, now=now
    )
    if until is not None:
        # The day on the requester's own calendar.
        local = until.astimezone(
            zone_of(session, deps.settings_for(team_id), team_id, requester_id)
        )
        return RequestAsked("refused", rep_id, until=local.date())
    if store.pending_request(
        session=session, team_id=team_id, rep_id=rep_id, requester_id=requester_id
    ):
        return RequestAsked("waiting", rep_id)
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
    # The first 1:1 if the rep accepted now, on the rep's clock with the requester's named.
    rule_tz = ZoneInfo(tz)
    first = next_occurrence(rule, tz=rule_tz, first_day=now.astimezone(rule_tz).date(), after=now)
    zones = ReaderZones(
        reader=zone_of(session, deps.settings_for(team_id), team_id, rep_id),
        other=zone_of(session, deps.settings_for(team_id), team_id, requester_id),
        other_name=f"<@{requester_id}>",
        team=deps.settings_for(team_id).tz,
    )
    queue_dm(
        session,
        deps.settings_for(team_id),
        team_id=team_id,
        user_id=rep_id,
        key=request_key(request.id or 0),
        message=lambda lang: views.request_dm(
            lang,
            requester_id=requester_id,
            rule_text=rule.describe(lang),
            request_id=request.id or 0,
            first_at=first.starts_at if first else None,
            rule_tz=rule_tz,
            zones=zones,
        ),
        now=now,
    )
    return RequestAsked("sent", rep_id)


def check_admin_form(rep_id: str | None, manager_id: str | None) -> tuple[str, str]:
    """The admin form's rep and manager, or FieldErrors (fields rep, manager; codes required,
    same)."""
    errors: dict[str, tuple[str, dict]] = {}
    if rep_id is None:
        errors["rep"] = ("required", {})
    if manager_id is None or manager_id == rep_id:
        errors["manager"] = ("required" if manager_id is None else "same", {})
    if errors or rep_id is None or manager_id is None:
        raise FieldErrors(errors)
    return rep_id, manager_id


def set_by_admin(deps: Deps, *, team_id: str, admin_id: str, rep_id: str, manager_id: str) -> None:
    """An admin says who manages the rep (the caller checked that they are one and that Slack
    knows both people): the rep's 1:1s move to the manager's clock, the rep hears of a change."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        before = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        confirm_manager(
            deps,
            session,
            team_id=team_id,
            rep_id=rep_id,
            manager_id=manager_id,
            rule=None,
            tz=zone_of(session, deps.settings_for(team_id), team_id, manager_id).key,
            by=admin_id,
            now=now,
        )
        if before != manager_id:
            queue_dm(
                session,
                deps.settings_for(team_id),
                team_id=team_id,
                user_id=rep_id,
                key=admin_set_key(rep_id, manager_id, now),
                message=lambda lang: views.admin_set_dm(
                    lang, admin_id=admin_id, manager_id=manager_id
                ),
                now=now,
            )
    deps.notify_outbox()


def answer_request(
    deps: Deps, *, team_id: str, rep_id: str, request_id: int, accept: bool
) -> RequestAnswered:
    """The rep's Accept or Decline of a request; the requester is told."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        request = store.get_request(session=session, team_id=team_id, request_id=request_id)
        if request is None or request.rep_id != rep_id or request.status != "pending":
            return RequestAnswered("closed")
        if accept:
            answered = _accept(deps, session, request, now=now)
        else:
            store.decide(session=session, request_id=request_id, status="declined", now=now)
            queue_dm(
                session,
                deps.settings_for(team_id),
                team_id=team_id,
                user_id=request.requester_id,
                key=answered_key(request_id, accepted=False),
                message=lambda lang: views.declined_dm(lang, rep_id=rep_id),
                now=now,
            )
            answered = RequestAnswered("declined", request.requester_id)
    deps.notify_outbox()
    return answered


def _accept(
    deps: Deps, session: Session, request: ManagerRequest, *, now: datetime
) -> RequestAnswered:
    current = store.manager_of(session=session, team_id=request.team_id, rep_id=request.rep_id)
    if current and current != request.requester_id:
        store.decide(session=session, request_id=request.id or 0, status="withdrawn", now=now)
        return RequestAnswered("has_manager", current)
    store.decide(session=session, request_id=request.id or 0, status="accepted", now=now)
    rule = OneOnOneRule.of_row(request)  # a request for a rep always carries its 1:1 rule
    series = confirm_manager(
        deps,
        session,
        team_id=request.team_id,
        rep_id=request.rep_id,
        manager_id=request.requester_id,
        rule=rule,
        tz=request.tz or deps.settings_for(request.team_id).team_timezone,
        by=request.rep_id,
        now=now,
    )
    assert series is not None  # a rule was given
    first_at = next_start(session, series, now)
    queue_dm(
        session,
        deps.settings_for(request.team_id),
        team_id=request.team_id,
        user_id=request.requester_id,
        key=answered_key(request.id or 0, accepted=True),
        message=lambda lang: views.accepted_dm(
            lang,
            rep_id=request.rep_id,
            rule_text=rule.describe(lang),
            first_at=first_at,
            zones=zones_for(
                session, deps.settings_for(request.team_id), series, request.requester_id
            ),
        ),
        now=now,
    )
    return RequestAnswered(
        "accepted",
        request.requester_id,
        rule=rule,
        first_at=first_at,
        rule_tz=ZoneInfo(series.tz),
        zones=zones_for(session, deps.settings_for(request.team_id), series, request.rep_id),
    )


def disown_manager(deps: Deps, *, team_id: str, rep_id: str, named: str | int) -> Disowned:
    """The rep says the person `named` (a user id, or on older DMs a 1:1 series id) is not
    their manager: the link and their 1:1s end, their agreement on the rep's plans is
    withdrawn, they hear it, and they cannot ask again for 30 days."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        if isinstance(named, str):
            manager_id = named
        else:
            found = oneonone_store.get_series(session=session, team_id=team_id, series_id=named)
            if found is None:
                raise StalePayload("no such 1:1 series")
            manager_id = found.manager_id
        linked = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        series = [
            s
            for s in oneonone_store.series_of(session=session, team_id=team_id, user_id=rep_id)
            if s.rep_id == rep_id and s.manager_id == manager_id
        ]
        if linked != manager_id and not series:
            return Disowned(manager_id, ended=False)
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
            deps.settings_for(team_id),
            team_id=team_id,
            user_id=manager_id,
            key=disowned_key(rep_id, manager_id, now),
            message=lambda lang: views.not_your_rep_dm(lang, rep_id=rep_id),
            now=now,
        )
    deps.notify_outbox()
    return Disowned(manager_id, ended=True, withdrawn=bool(withdrawn))


@dataclass(frozen=True)
class SeriesCreated:
    """The 1:1s are set up: the rule, the first 1:1, the manager's clock and the rep's."""

    rep_id: str
    rule: OneOnOneRule
    next_at: datetime | None
    zones: ReaderZones


def set_up_series(
    deps: Deps, *, team_id: str, manager_id: str, rep_id: str, rule: OneOnOneRule, admin: bool
) -> SeriesCreated | RequestAsked:
    """Start the 1:1s of `manager_id` with `rep_id` (Slack knows the rep: the caller checked) on
    the manager's clock, and tell the rep. Someone not yet the rep's manager asks the rep first
    (RequestAsked); another person's rep: not_manager (admins may)."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        tz = zone_of(session, deps.settings_for(team_id), team_id, manager_id).key
        current = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        if current != manager_id and not admin:
            if current:
                raise OneOnOneRefusal("not_manager")
            done: SeriesCreated | RequestAsked = ask_to_manage(
                deps,
                session,
                team_id=team_id,
                requester_id=manager_id,
                rep_id=rep_id,
                rule=rule,
                tz=tz,
                now=now,
            )
        else:
            series = confirm_manager(
                deps,
                session,
                team_id=team_id,
                rep_id=rep_id,
                manager_id=manager_id,
                rule=rule,
                tz=tz,
                by=manager_id,
                now=now,
            )
            assert series is not None  # a rule was given
            first_at = next_start(session, series, now)
            queue_dm(
                session,
                deps.settings_for(team_id),
                team_id=team_id,
                user_id=rep_id,
                key=created_key(series.id or 0),
                message=lambda lang: oneonone_views.rep_told_dm(
                    lang,
                    manager_id=manager_id,
                    kind="created",
                    rule_text=rule.describe(lang),
                    with_not_my_manager=True,
                    first_at=first_at,
                    rule_tz=ZoneInfo(tz),
                    zones=zones_for(session, deps.settings_for(team_id), series, rep_id),
                ),
                now=now,
            )
            zones = zones_for(session, deps.settings_for(team_id), series, manager_id)
            done = SeriesCreated(rep_id, rule, first_at, zones)
    deps.notify_outbox()
    return done
