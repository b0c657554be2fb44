"""The account plan's use cases: show, write, agree or discuss, share; and the manager's review DM.

Each opens its own transaction and returns the views' inputs, or raises PlanError, PlanRefusal
or StalePayload (a button about a plan that is gone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from babel.numbers import format_decimal
from sqlmodel import Session

from bot.deps import Deps
from bot.domain.errors import UserError
from bot.domain.formatting import babel_locale, cents_to_decimal, format_money
from bot.domain.plans import (
    COMING_YEAR_MONTH,
    QUARTERS,
    PlanChoice,
    candidate_years,
    pace,
    plan_choice,
    plan_phase,
    validate_plan,
)
from bot.jobs.outbox import queue_message
from bot.jobs.people import language_of_user
from bot.payloads import StalePayload
from bot.views import plans as views
from bot.views.plans import SavedPlan
from storage import managers as manager_store
from storage import plans as plan_store
from storage.models import AccountPlan


class PlanRefusal(UserError):
    """The person may not do this with the plan. Codes: "not_allowed" (not the rep, their
    manager or an admin; or not the rep's own to share); "changed_since" (rep, year): the
    manager's buttons speak for an older version."""


# ------------------------------------------------------------------------ outbox keys


def review_key(plan_id: int, version: int, manager_id: str) -> str:
    """The manager's DM asking to agree this version of the plan (once per manager)."""
    return f"plan_review:{plan_id}:{version}:{manager_id}"


def decided_key(plan_id: int, version: int, manager_id: str, *, agree: bool) -> str:
    """The rep's DM that the manager agreed this version, or wants to discuss it."""
    return f"plan_{'agreed' if agree else 'discuss'}:{plan_id}:{version}:{manager_id}"


# ------------------------------------------------------------------------ reading plans


def today_of(deps: Deps, team_id: str) -> date:
    """Today in the team's zone (which decides the year a win counts for)."""
    return deps.clock().astimezone(deps.settings_for(team_id).tz).date()


def plan_view(deps: Deps, plan: AccountPlan, manager_id: str | None, lang: str) -> views.PlanView:
    """The plan as the views show it (money formatted in `lang`)."""
    return views.PlanView(
        plan_id=plan.id or 0,
        year=plan.year,
        rep_id=plan.user_id,
        status=plan.status,
        shared=plan.shared,
        target_clients=plan.target_clients,
        segment=plan.segment,
        value=_money(deps, plan, plan.value_cents, lang),
        value_basis=plan.value_basis,
        approach=plan.approach,
        milestones=(plan.q1, plan.q2, plan.q3, plan.q4),
        version=plan.version,
        changed_by=plan.changed_by,
        changed_at=plan.changed_at,
        manager_id=manager_id,
        agreed_by=plan.agreed_by,
        agreed_at=plan.agreed_at,
        weekly_outreach=plan.weekly_outreach,
    )


def _money(deps: Deps, plan: AccountPlan, cents: int | None, lang: str) -> str | None:
    """`cents` in the plan's currency (the team's default for a plan stored without one)."""
    currency = plan.currency or deps.settings_for(plan.team_id).default_currency
    return None if cents is None else format_money(cents, currency, lang)


def progress_of(deps: Deps, session: Session, plan: AccountPlan, lang: str) -> views.ProgressView:
    """The rep's wins in the plan's year against its target, with the pace as of today."""
    won, value = plan_store.wins_of(
        session=session, team_id=plan.team_id, user_id=plan.user_id, year=plan.year
    )
    today = today_of(deps, plan.team_id)
    result = pace(
        target=plan.target_clients, won=won, value_won_cents=value, year=plan.year, today=today
    )
    return views.ProgressView(
        won=result.won,
        target=result.target,
        expected=result.expected,
        status=result.status,
        value_won=_money(deps, plan, value or None, lang),
        phase=plan_phase(plan.year, today),
        year=plan.year,
    )


def working_plan(
    deps: Deps, session: Session, *, team_id: str, rep_id: str, year: int | None
) -> tuple[AccountPlan | None, PlanChoice]:
    """The plan of `year` (None: the one the rep works on, see plan_choice), or None when there
    is none yet, and what else to offer."""
    if year is not None:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        return plan, PlanChoice(show=year if plan else None, offer=None if plan else year)
    today = today_of(deps, team_id)
    plans = {}
    for candidate in candidate_years(today):
        found = plan_store.get_plan(
            session=session, team_id=team_id, user_id=rep_id, year=candidate
        )
        if found is not None:
            plans[candidate] = found
    choice = plan_choice(today, plans)
    return (plans[choice.show] if choice.show is not None else None), choice


def _may_see(session: Session, plan: AccountPlan, viewer: str, admin: bool) -> bool:
    """The rep, their manager and admins; everyone when the rep shared the plan."""
    if plan.shared or viewer == plan.user_id or admin:
        return True
    return (
        manager_store.manager_of(session=session, team_id=plan.team_id, rep_id=plan.user_id)
        == viewer
    )


def show_plan(
    deps: Deps,
    *,
    team_id: str,
    viewer: str,
    rep_id: str,
    year: int | None,
    admin: bool,
    lang: str,
) -> views.ShownPlan:
    """The plan of `year` (None: the one the rep works on) with its progress, and for the rep
    the year to offer; PlanRefusal("not_allowed") when `viewer` may not see it."""
    own = viewer == rep_id
    with deps.session_factory() as session:
        plan, choice = working_plan(deps, session, team_id=team_id, rep_id=rep_id, year=year)
        if plan is None:
            missing = (choice.offer if own else year) or today_of(deps, team_id).year
            return views.ShownPlan(rep_id=rep_id, year=missing, plan=None, progress=None)
        if not _may_see(session, plan, viewer, admin):
            raise PlanRefusal("not_allowed")
        manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        progress = progress_of(deps, session, plan, lang)
    return views.ShownPlan(
        rep_id=rep_id,
        year=plan.year,
        plan=plan_view(deps, plan, manager, lang),
        progress=progress,
        offer_year=choice.offer if own else None,
        also_year=choice.also if own else None,
    )


def form_year(
    deps: Deps, *, team_id: str, user_id: str, year: int | None, edit: bool
) -> int | None:
    """The year whose form `/accountplan` opens (to `edit`: the plan shown, else the year
    offered; otherwise the year offered when there is no plan), or None: show the plan."""
    with deps.session_factory() as session:
        plan, choice = working_plan(deps, session, team_id=team_id, rep_id=user_id, year=year)
    if edit:
        return choice.show or choice.offer
    return choice.offer if plan is None else None


@dataclass(frozen=True)
class PlanForm:
    """The plan's fields as the rep would type them (None: a new plan), and whether shared."""

    values: dict[str, str] | None
    shared: bool


def plan_form(deps: Deps, *, team_id: str, user_id: str, year: int, number_locale: str) -> PlanForm:
    """The form for the rep's plan of `year`, prefilled when it exists."""
    with deps.session_factory() as session:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=user_id, year=year)
    if plan is None:
        return PlanForm(values=None, shared=False)
    return PlanForm(values=_prefill(plan, number_locale), shared=plan.shared)


def _prefill(plan: AccountPlan, number_locale: str) -> dict[str, str]:
    value = ""
    if plan.value_cents is not None:
        # Written the way the modal will read it back: in the user's number locale.
        amount = format_decimal(
            cents_to_decimal(plan.value_cents), locale=babel_locale(number_locale)
        )
        value = f"{amount} {plan.currency or ''}".strip()
    return {
        "target": str(plan.target_clients),
        "segment": plan.segment,
        "value": value,
        "basis": plan.value_basis or "total",
        "approach": plan.approach,
        **{name: str(getattr(plan, name)) for name in QUARTERS if getattr(plan, name)},
        **({"outreach": str(plan.weekly_outreach)} if plan.weekly_outreach else {}),
    }


# ------------------------------------------------------------------------ writing plans


def save_plan(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    year: int | None,
    values: Mapping[str, str | None],
    number_locale: str,
) -> SavedPlan:
    """Store the form's `values` (views.plan_modal_values) as the plan of `year` (None: this
    year), asking the manager to agree when the content changed. Raises PlanError."""
    entered = validate_plan(
        target=values.get("target"),
        segment=values.get("segment"),
        value=values.get("value"),
        value_basis=values.get("basis"),
        approach=values.get("approach"),
        milestones=[values.get(name) for name in QUARTERS],
        weekly_outreach=values.get("outreach"),
        number_locale=number_locale,
        default_currency=deps.settings_for(team_id).default_currency,
    )
    fields = asdict(entered)  # the stored columns, with the milestones as q1..q4
    fields.update(zip(QUARTERS, fields.pop("milestones"), strict=True))
    if year is None:
        year = today_of(deps, team_id).year
    now = deps.clock()
    with deps.session_factory.write() as session:
        plan, before, changed = plan_store.save_plan(
            session=session,
            team_id=team_id,
            user_id=user_id,
            year=year,
            fields=fields,
            shared=values.get("shared") == "yes",
            by=user_id,
            now=now,
        )
        manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id)
        if manager and changed:
            ask_for_review(deps, session, plan, manager=manager, previous_status=before, now=now)
        status = plan.status
    deps.notify_outbox()
    return SavedPlan(
        year=year,
        status=status,
        manager_id=manager,
        changed_agreed=before == "agreed" and changed,
    )


def ask_for_review(
    deps: Deps,
    session: Session,
    plan: AccountPlan,
    *,
    manager: str,
    previous_status: str | None,
    now: datetime,
) -> None:
    """Queue the manager's DM with this version of the plan and Agree / Discuss (once each)."""
    manager_lang = language_of_user(session, deps.settings_for(plan.team_id), plan.team_id, manager)
    queue_message(
        session,
        team_id=plan.team_id,
        key=review_key(plan.id or 0, plan.version, manager),
        channel=manager,
        message=views.manager_review_dm(
            manager_lang,
            plan_view(deps, plan, manager, manager_lang),
            previous_status=previous_status,
        ),
        now=now,
    )


def review_draft_with_new_manager(
    deps: Deps, session: Session, *, team_id: str, rep_id: str, manager: str, now: datetime
) -> None:
    """A rep got a (new) manager: this year's draft plan (and in December next year's) goes to
    them to agree."""
    today = now.astimezone(deps.settings_for(team_id).tz).date()
    years = [today.year] + ([today.year + 1] if today.month == COMING_YEAR_MONTH else [])
    for year in years:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        if plan is not None and plan.status == "draft":
            ask_for_review(deps, session, plan, manager=manager, previous_status="draft", now=now)


@dataclass(frozen=True)
class Decision:
    """Whose plan of which year the manager agreed to, or wants to discuss."""

    rep_id: str
    year: int


def decide_plan(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    plan_id: int,
    seen_version: int | None,
    agree: bool,
    admin: bool,
) -> Decision:
    """The manager (or an admin) agrees to the version they saw, or asks to discuss it; the rep
    is told. PlanRefusal for anyone else or an older version; StalePayload for a plan gone."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        plan = plan_store.get_plan_by_id(session=session, team_id=team_id, plan_id=plan_id)
        if plan is None:
            raise StalePayload("the plan is gone")
        manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=plan.user_id)
        if user_id != manager and not admin:
            raise PlanRefusal("not_allowed")
        if seen_version is not None and seen_version != plan.version:
            # The rep changed the plan after this DM: its buttons speak for an old version.
            raise PlanRefusal("changed_since", rep=plan.user_id, year=plan.year)
        rep_lang = language_of_user(session, deps.settings_for(team_id), team_id, plan.user_id)
        if agree:
            plan_store.agree_plan(
                session=session, plan=plan, version=plan.version, by=user_id, now=now
            )
            told = views.rep_notified_agreed_dm(rep_lang, manager_id=user_id, year=plan.year)
        else:
            told = views.rep_notified_discuss_dm(rep_lang, manager_id=user_id, year=plan.year)
        queue_message(
            session,
            team_id=team_id,
            key=decided_key(plan.id or 0, plan.version, user_id, agree=agree),
            channel=plan.user_id,
            message=told,
            now=now,
        )
        decision = Decision(rep_id=plan.user_id, year=plan.year)
    deps.notify_outbox()
    return decision


def share_plan(deps: Deps, *, team_id: str, user_id: str, plan_id: int, shared: bool) -> None:
    """The rep shares their plan with the team, or stops; PlanRefusal for another's (or gone)."""
    with deps.session_factory.write() as session:
        plan = plan_store.get_plan_by_id(session=session, team_id=team_id, plan_id=plan_id)
        if plan is None or plan.user_id != user_id:
            raise PlanRefusal("not_allowed")
        plan_store.set_shared(session=session, plan=plan, shared=shared)
