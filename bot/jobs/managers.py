"""Who manages whom: a manager sees a rep's private data, so only a confirmed manager is one.

A link is confirmed when an admin sets it or when the rep accepts a request (made by
`/oneonone @rep every ...` from someone who is not yet their manager). Nothing private about
the rep reaches the requester before Accept: the link and the 1:1 series are made only then.
A rep who declines, or later says "not my manager", is not asked again by that person for
30 days; ending a link withdraws the agreement that person gave on the rep's plan.

The use cases here own their transaction; `confirm_manager`, `ask_to_manage` and
`tell_rep_admin_set` work inside the caller's (the 1:1 feature sets up links too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import FieldErrors
from bot.domain.formatting import ReaderZones
from bot.domain.oneonones import OneOnOneRule, next_occurrence
from bot.jobs.oneonones import (
    OneOnOneRefusal,
    created_key,
    next_start,
    series_occurrences,
    zones_for,
)
from bot.jobs.outbox import queue_dm, queue_message
from bot.jobs.people import language_of_user, zone_of
from bot.jobs.plans import review_draft_with_new_manager
from bot.payloads import StalePayload
from bot.views import managers as views
from bot.views import oneonones as oneonone_views
from bot.views.managers import Disowned, RequestAnswered, RequestAsked
from storage import managers as store
from storage import oneonones as oneonone_store
from storage import plans as plan_store
from storage.models import ManagerRequest, OneOnOneSeries

# How far ahead the first 1:1 of a new series is looked for.
AHEAD = timedelta(days=400)


# ------------------------------------------------------------------------ outbox keys


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


# ------------------------------------------------------------------------ within a session


def rule_of_request(request: ManagerRequest) -> OneOnOneRule:
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
        local = until.astimezone(zone_of(session, deps.settings, team_id, requester_id))
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
    rep_lang = language_of_user(session, deps.settings, team_id, rep_id)
    # The first 1:1 if the rep accepted now, on the rep's clock with the requester's named.
    rule_tz = ZoneInfo(tz)
    first = next_occurrence(rule, tz=rule_tz, first_day=now.astimezone(rule_tz).date(), after=now)
    queue_message(
        session,
        team_id=team_id,
        key=request_key(request.id or 0),
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
    return RequestAsked("sent", rep_id)


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
        key=admin_set_key(rep_id, manager_id, now),
        message=lambda lang: views.admin_set_dm(lang, admin_id=admin_id, manager_id=manager_id),
        now=now,
    )


# ------------------------------------------------------------------------ use cases


def check_admin_form(rep_id: str | None, manager_id: str | None) -> tuple[str, str]:
    """The admin form's rep and manager, or FieldErrors (fields "rep", "manager"; codes
    required, same)."""
    errors: dict[str, tuple[str, dict]] = {}
    if rep_id is None:
        errors["rep"] = ("required", {})
    if manager_id is None:
        errors["manager"] = ("required", {})
    elif manager_id == rep_id:
        errors["manager"] = ("same", {})
    if errors or rep_id is None or manager_id is None:
        raise FieldErrors(errors)
    return rep_id, manager_id


def set_by_admin(deps: Deps, *, team_id: str, admin_id: str, rep_id: str, manager_id: str) -> None:
    """An admin says who manages the rep (the caller checked that they are an admin and that
    Slack knows both people). The rep's running 1:1s move to the manager, on the manager's
    clock; the rep is told when their manager changed."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        before = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        tz = zone_of(session, deps.settings, team_id, manager_id).key
        confirm_manager(
            deps,
            session,
            team_id=team_id,
            rep_id=rep_id,
            manager_id=manager_id,
            rule=None,
            tz=tz,
            by=admin_id,
            now=now,
        )
        if before != manager_id:
            tell_rep_admin_set(
                deps,
                session,
                team_id=team_id,
                rep_id=rep_id,
                manager_id=manager_id,
                admin_id=admin_id,
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
        if not accept:
            store.decide(session=session, request_id=request_id, status="declined", now=now)
            _tell_requester(deps, session, request, now=now)
            answered = RequestAnswered("declined", request.requester_id)
        else:
            answered = _accept(deps, session, request, now=now)
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
    rule = rule_of_request(request)
    series = confirm_manager(
        deps,
        session,
        team_id=request.team_id,
        rep_id=request.rep_id,
        manager_id=request.requester_id,
        rule=rule,
        tz=request.tz or deps.settings.team_timezone,
        by=request.rep_id,
        now=now,
        except_request=request.id,
    )
    assert series is not None  # a request carries a rule
    _tell_requester(deps, session, request, now=now, series=series)
    return RequestAnswered(
        "accepted",
        request.requester_id,
        rule=rule,
        first_at=_first_at(session, series, now),
        rule_tz=ZoneInfo(series.tz),
        zones=zones_for(session, deps.settings, series, request.rep_id),
    )


def _first_at(session: Session, series: OneOnOneSeries, now: datetime) -> datetime | None:
    upcoming = series_occurrences(session, series, start=now, end=now + AHEAD)
    return upcoming[0].starts_at if upcoming else None


def _tell_requester(
    deps: Deps,
    session: Session,
    request: ManagerRequest,
    *,
    now: datetime,
    series: OneOnOneSeries | None = None,
) -> None:
    """The requester hears the answer: accepted (with `series`, their 1:1s) or declined."""
    lang = language_of_user(session, deps.settings, request.team_id, request.requester_id)
    if series is not None:
        message = views.accepted_dm(
            lang,
            rep_id=request.rep_id,
            rule_text=rule_of_request(request).describe(lang),
            first_at=_first_at(session, series, now),
            zones=zones_for(session, deps.settings, series, request.requester_id),
        )
    else:
        message = views.declined_dm(lang, rep_id=request.rep_id)
    queue_message(
        session,
        team_id=request.team_id,
        key=answered_key(request.id or 0, accepted=series is not None),
        channel=request.requester_id,
        message=message,
        now=now,
    )


def disown_manager(deps: Deps, *, team_id: str, rep_id: str, named: str | int) -> Disowned:
    """The rep says the person `named` (a user id, or on older DMs a 1:1 series id) is not
    their manager: the link and their 1:1s end, their agreement on the rep's plans is
    withdrawn, they hear it, and they cannot ask again for 30 days."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        manager_id = _manager_named(session, team_id, named)
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
            deps.settings,
            team_id=team_id,
            user_id=manager_id,
            key=disowned_key(rep_id, manager_id, now),
            message=lambda lang: views.not_your_rep_dm(lang, rep_id=rep_id),
            now=now,
        )
    deps.notify_outbox()
    return Disowned(manager_id, ended=True, withdrawn=bool(withdrawn))


def _manager_named(session: Session, team_id: str, named: str | int) -> str:
    if isinstance(named, str):
        return named
    series = oneonone_store.get_series(session=session, team_id=team_id, series_id=named)
    if series is None:
        raise StalePayload("no such 1:1 series")
    return series.manager_id


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
    """Start the 1:1s of `manager_id` with `rep_id` (the caller checked that Slack knows the
    rep), on the manager's clock, and tell the rep. Someone not (yet) confirmed as the rep's
    manager asks the rep first (RequestAsked): nothing private about the rep reaches them
    before the rep accepts. Another person's rep: not_manager (admins may)."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        tz = zone_of(session, deps.settings, team_id, manager_id).key
        current = store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        if current and current != manager_id and not admin:
            raise OneOnOneRefusal("not_manager")
        result: SeriesCreated | RequestAsked
        if current != manager_id and not admin:
            result = ask_to_manage(
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
            result = _started(session, deps.settings, series, rule, now=now)
    deps.notify_outbox()
    return result


def _started(
    session: Session,
    settings: Settings,
    series: OneOnOneSeries,
    rule: OneOnOneRule,
    *,
    now: datetime,
) -> SeriesCreated:
    """The rep hears of the new series (with its first 1:1); the manager's view of it."""
    first_at = next_start(session, series, now)
    rep_lang = language_of_user(session, settings, series.team_id, series.rep_id)
    queue_message(
        session,
        team_id=series.team_id,
        key=created_key(series.id or 0),
        channel=series.rep_id,
        message=oneonone_views.rep_told_dm(
            rep_lang,
            manager_id=series.manager_id,
            kind="created",
            rule_text=rule.describe(rep_lang),
            with_not_my_manager=True,
            first_at=first_at,
            rule_tz=ZoneInfo(series.tz),
            zones=zones_for(session, settings, series, series.rep_id),
        ),
        now=now,
    )
    zones = zones_for(session, settings, series, series.manager_id)
    return SeriesCreated(series.rep_id, rule, first_at, zones)
