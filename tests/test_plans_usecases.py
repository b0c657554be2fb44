"""The account plan's use cases (bot.jobs.plans) called directly, on SQLite and PostgreSQL:
what they store, queue in the outbox and return, and what they refuse."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.deps import Deps
from bot.domain.plans import PlanError
from bot.jobs import plans
from bot.jobs.plans import PlanRefusal, decided_key, review_key
from bot.payloads import StalePayload
from storage import managers as manager_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import wins as win_store
from storage.models import AccountPlan, AccountPlanVersion, OutboxMessage
from storage.wins import WinRecord
from tests.support.usecases import SetClock, use_case_deps

TEAM = "T1"
REP, MANAGER, OTHER = "UANNA", "UBOB", "UCHRIS"
MARCH = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class World:
    deps: Deps
    clock: SetClock
    woken: list[int] = field(default_factory=list)

    def message(self, key: str) -> OutboxMessage | None:
        with self.deps.session_factory() as session:
            return outbox_store.find_by_key(session=session, team_id=TEAM, key=key)

    def plan(self, user_id: str = REP, year: int = 2027) -> AccountPlan | None:
        with self.deps.session_factory() as session:
            return plan_store.get_plan(session=session, team_id=TEAM, user_id=user_id, year=year)

    def messages(self) -> int:
        with self.deps.session_factory() as session:
            return len(session.exec(select(OutboxMessage)).all())


@pytest.fixture
def world(database_url):
    woken: list[int] = []
    env = {"BOT_LOCALE": "en", "DEFAULT_CURRENCY": "USD"}
    with use_case_deps(database_url, now=MARCH, notify=lambda: woken.append(1), **env) as deps:
        assert isinstance(deps.clock, SetClock)
        yield World(deps=deps, clock=deps.clock, woken=woken)


def form(target: str = "12", **changes: str | None) -> dict[str, str | None]:
    values = dict.fromkeys(("value", "basis", "q1", "q2", "q3", "q4", "outreach", "shared"))
    values.update(target=target, segment="Bakeries", approach="Walk in on Mondays")
    return {**values, **changes}


def save(world: World, year: int | None = 2027, user: str = REP, **values) -> plans.SavedPlan:
    return plans.save_plan(
        world.deps,
        team_id=TEAM,
        user_id=user,
        year=year,
        values=form(**values),
        number_locale="en_US",
    )


def give_manager(world: World, rep: str = REP, manager: str = MANAGER) -> None:
    with world.deps.session_factory.write() as session:
        manager_store.set_manager(
            session=session, team_id=TEAM, rep_id=rep, manager_id=manager, by=manager, now=MARCH
        )


def decide(world: World, user: str, *, agree: bool, version: int | None = 1, admin=False):
    plan = world.plan()
    assert plan is not None
    return plans.decide_plan(
        world.deps,
        team_id=TEAM,
        user_id=user,
        plan_id=plan.id or 0,
        seen_version=version,
        agree=agree,
        admin=admin,
    )


# ------------------------------------------------------------------------ saving


def test_a_first_plan_is_a_draft_in_the_default_currency_and_nobody_is_asked(world):
    saved = save(world, value="250k")

    assert saved == plans.SavedPlan(
        year=2027, status="draft", manager_id=None, changed_agreed=False
    )
    plan = world.plan()
    assert plan is not None
    assert (plan.target_clients, plan.version, plan.status) == (12, 1, "draft")
    assert (plan.value_cents, plan.currency, plan.value_basis) == (25_000_000, "USD", "total")
    assert world.messages() == 0


def test_saving_asks_the_manager_once_per_version(world):
    give_manager(world)

    assert save(world).manager_id == MANAGER
    save(world)  # the same content again: no new version, no second question
    plan = world.plan()
    assert plan is not None and plan.version == 1
    review = world.message(review_key(plan.id or 0, 1, MANAGER))
    assert review is not None and review.channel == MANAGER
    assert "Agree" in review.payload and "Bakeries" in review.payload
    assert world.messages() == 1
    assert world.woken  # the outbox worker was woken for the review


def test_invalid_fields_are_refused_together_and_nothing_is_stored(world):
    with pytest.raises(PlanError) as refused:
        save(world, target="ten", q1="5", q2="3", approach=None)

    assert {name: code for name, (code, _) in refused.value.errors.items()} == {
        "target": "not_a_number",
        "approach": "required",
        "q2": "milestones_decrease",
    }
    assert world.plan() is None


def test_without_a_year_the_plan_is_for_this_year_in_the_teams_zone(world):
    world.clock.now = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)  # 1 January in Amsterdam

    assert save(world, year=None).year == 2028
    assert world.plan(year=2028) is not None


def test_changing_an_agreed_plan_makes_it_a_draft_and_asks_again(world):
    give_manager(world)
    save(world)
    decide(world, MANAGER, agree=True)

    saved = save(world, target="15")

    assert (saved.status, saved.changed_agreed) == ("draft", True)
    plan = world.plan()
    assert plan is not None and (plan.version, plan.agreed_by) == (2, None)
    review = world.message(review_key(plan.id or 0, 2, MANAGER))
    assert review is not None and "changed" in review.payload


# ------------------------------------------------------------------------ deciding


def test_the_manager_agrees_and_the_rep_is_told(world):
    give_manager(world)
    save(world)

    assert decide(world, MANAGER, agree=True) == plans.Decision(rep_id=REP, year=2027)

    plan = world.plan()
    assert plan is not None and (plan.status, plan.agreed_by) == ("agreed", MANAGER)
    told = world.message(decided_key(plan.id or 0, 1, MANAGER, agree=True))
    assert told is not None and told.channel == REP
    assert [v.event for v in versions(world, plan)] == ["saved", "agreed"]


def test_discuss_keeps_the_draft_and_tells_the_rep(world):
    give_manager(world)
    save(world)

    decide(world, MANAGER, agree=False)

    plan = world.plan()
    assert plan is not None and plan.status == "draft"
    told = world.message(decided_key(plan.id or 0, 1, MANAGER, agree=False))
    assert told is not None and "1:1" in json.loads(told.payload)["text"]


def test_only_the_manager_or_an_admin_decides(world):
    give_manager(world)
    save(world)
    before = world.messages()

    with pytest.raises(PlanRefusal) as refused:
        decide(world, OTHER, agree=True)

    assert refused.value.code == "not_allowed"
    plan = world.plan()
    assert plan is not None and plan.status == "draft"
    assert world.messages() == before
    decide(world, OTHER, agree=True, admin=True)
    assert status_of(world) == "agreed"


def test_a_decision_on_an_older_version_is_refused(world):
    give_manager(world)
    save(world)
    save(world, target="20")

    with pytest.raises(PlanRefusal) as refused:
        decide(world, MANAGER, agree=True, version=1)

    assert (refused.value.code, refused.value.params) == (
        "changed_since",
        {"rep": REP, "year": 2027},
    )
    assert status_of(world) == "draft"


def test_a_decision_on_a_plan_that_is_gone_is_stale(world):
    with pytest.raises(StalePayload):
        plans.decide_plan(
            world.deps,
            team_id=TEAM,
            user_id=MANAGER,
            plan_id=4242,
            seen_version=1,
            agree=True,
            admin=True,
        )


# ------------------------------------------------------------------------ sharing


def test_only_the_rep_shares_their_plan_and_it_makes_no_version(world):
    save(world)
    plan = world.plan()
    assert plan is not None

    with pytest.raises(PlanRefusal):
        share(world, OTHER)
    refused = world.plan()
    assert refused is not None and not refused.shared

    share(world, REP)
    shared = world.plan()
    assert shared is not None and (shared.shared, shared.version) == (True, 1)
    assert len(versions(world, shared)) == 1


# ------------------------------------------------------------------------ showing


def show(world: World, viewer: str, *, year: int | None = None, admin: bool = False):
    return plans.show_plan(
        world.deps, team_id=TEAM, viewer=viewer, rep_id=REP, year=year, admin=admin, lang="en"
    )


def test_a_private_plan_is_seen_by_the_rep_the_manager_and_admins_only(world):
    give_manager(world)
    save(world)

    with pytest.raises(PlanRefusal) as refused:
        show(world, OTHER)
    assert refused.value.code == "not_allowed"
    for viewer, admin in ((REP, False), (MANAGER, False), (OTHER, True)):
        shown = show(world, viewer, admin=admin)
        assert shown.plan is not None and shown.plan.manager_id == MANAGER

    share(world, REP)
    assert show(world, OTHER).plan is not None


def test_progress_counts_the_reps_wins_of_the_plans_year(world):
    save(world)
    with world.deps.session_factory.write() as session:
        for n, year in enumerate((2027, 2027, 2026)):
            win_store.record_win(
                session=session,
                win=WinRecord(
                    team_id=TEAM,
                    user_id=REP,
                    client_name=f"Client {n}",
                    year=year,
                    source_key=f"win-{n}",
                    created_at=MARCH,
                    amount_cents=100_000,
                    currency="EUR",
                ),
                celebration_channel="CWINS0001",
            )

    progress = show(world, REP).progress

    assert progress is not None
    assert (progress.won, progress.target, progress.phase) == (2, 12, "running")
    assert progress.value_won is not None and "2,000" in progress.value_won


def test_a_stored_value_without_currency_shows_in_the_default_currency(world):
    save(world, value="1000")
    with world.deps.session_factory.write() as session:
        plan = plan_store.get_plan(session=session, team_id=TEAM, user_id=REP, year=2027)
        assert plan is not None
        plan.currency = None  # written before currencies were stored
        session.add(plan)

    shown = show(world, REP)

    assert shown.plan is not None and shown.plan.value is not None
    assert "US$" in shown.plan.value and "EUR" not in shown.plan.value


def test_no_plan_yet_names_the_year_to_write(world):
    world.clock.now = datetime(2027, 12, 5, 9, 0, tzinfo=UTC)
    save(world)  # this year's plan; in December next year's is offered

    own = show(world, REP)
    assert own.plan is not None and (own.year, own.offer_year) == (2027, 2028)
    coming = show(world, REP, year=2028)
    assert (coming.plan, coming.year) == (None, 2028)
    missing = show(world, MANAGER, year=2030)
    assert (missing.plan, missing.year, missing.offer_year) == (None, 2030, None)


# ------------------------------------------------------------------------ the form


def test_the_form_opens_on_the_plan_to_edit_or_the_year_to_write(world):
    def year_of(*, edit: bool, year: int | None = None) -> int | None:
        return plans.form_year(world.deps, team_id=TEAM, user_id=REP, year=year, edit=edit)

    assert year_of(edit=False) == 2027  # no plan yet: write this year's
    assert year_of(edit=True) == 2027
    save(world)
    assert year_of(edit=False) is None  # a plan to show
    assert year_of(edit=True) == 2027
    assert year_of(edit=True, year=2029) == 2029


def test_the_form_is_prefilled_in_the_reps_number_format(world):
    save(world, value="250000", basis="per_client", q2="5", outreach="8", shared="yes")

    filled = plans.plan_form(
        world.deps, team_id=TEAM, user_id=REP, year=2027, number_locale="nl_NL"
    )

    assert filled.shared is True and filled.values is not None
    assert filled.values["value"] == "250.000 USD"
    assert (filled.values["basis"], filled.values["q2"], filled.values["outreach"]) == (
        "per_client",
        "5",
        "8",
    )
    assert "q1" not in filled.values
    empty = plans.plan_form(world.deps, team_id=TEAM, user_id=REP, year=2030, number_locale="en")
    assert empty == plans.PlanForm(values=None, shared=False)


# ------------------------------------------------------------------------ a new manager


def test_a_new_manager_gets_the_draft_but_not_an_agreed_plan(world):
    save(world)  # no manager yet: nobody was asked
    with world.deps.session_factory.write() as session:
        plans.review_draft_with_new_manager(
            world.deps, session, team_id=TEAM, rep_id=REP, manager=OTHER, now=MARCH
        )
    plan = world.plan()
    assert plan is not None and world.message(review_key(plan.id or 0, 1, OTHER)) is not None

    give_manager(world)
    decide(world, MANAGER, agree=True)
    with world.deps.session_factory.write() as session:
        plans.review_draft_with_new_manager(
            world.deps, session, team_id=TEAM, rep_id=REP, manager="UDIRK", now=MARCH
        )
    assert world.message(review_key(plan.id or 0, 1, "UDIRK")) is None


def share(world: World, user: str) -> None:
    plan = world.plan()
    assert plan is not None
    plans.share_plan(world.deps, team_id=TEAM, user_id=user, plan_id=plan.id or 0, shared=True)


def status_of(world: World) -> str:
    plan = world.plan()
    assert plan is not None
    return plan.status


def versions(world: World, plan: AccountPlan) -> list[AccountPlanVersion]:
    with world.deps.session_factory() as session:
        rows = select(AccountPlanVersion).where(AccountPlanVersion.plan_id == plan.id)
        return list(session.exec(rows.order_by(col(AccountPlanVersion.version))).all())
