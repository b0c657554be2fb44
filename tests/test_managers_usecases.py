"""Who manages whom, and the Home tab's data, through their use cases called directly (no
Slack, no HTTP), on SQLite and PostgreSQL: what is stored, what is queued and what is returned.

Maria asks to manage Sophie; Piet asks too; Ad is an admin.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.domain.errors import FieldErrors
from bot.domain.oneonones import parse_oneonone
from bot.jobs import home as home_jobs
from bot.jobs import managers as jobs
from bot.jobs.checkins import CheckinRefusal, change_list
from bot.jobs.plans import review_key
from bot.payloads import StalePayload
from storage import checkins as checkin_store
from storage import managers as store
from storage import plans as plan_store
from storage.models import ManagerRequest, OneOnOneSeries, OutboxMessage
from tests.support.usecases import save_person, use_case_deps

TEAM = "T1"
MARIA, SOPHIE, PIET, AD = "UMARIA", "USOPHIE", "UPIET", "UAD"
AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=AMS)  # a Monday
RULE = parse_oneonone(f"<@{SOPHIE}> every 2 weeks on tuesday at 10:00", today=NOW.date())[1]


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW, BOT_LOCALE="en") as deps:
        yield deps


@pytest.fixture
def sessions(deps):
    return deps.session_factory


def person(sessions, user: str, *, tz: str = "Europe/Amsterdam", locale: str = "en-GB") -> None:
    save_person(sessions, TEAM, user, tz=tz, locale=locale, now=NOW)


def ask(deps, requester: str = MARIA, *, now: datetime = NOW) -> jobs.RequestAsked:
    with deps.session_factory.write() as session:
        return jobs.ask_to_manage(
            deps,
            session,
            team_id=TEAM,
            requester_id=requester,
            rep_id=SOPHIE,
            rule=RULE,
            tz="Europe/Amsterdam",
            now=now,
        )


def requests(sessions) -> list[ManagerRequest]:
    with sessions() as session:
        return list(session.exec(select(ManagerRequest).order_by(ManagerRequest.id)).all())


def outbox(sessions) -> dict[str, str]:
    """Queued key -> channel."""
    with sessions() as session:
        return {m.key: m.channel for m in session.exec(select(OutboxMessage)).all()}


def manager_of(sessions, rep: str = SOPHIE) -> str | None:
    with sessions() as session:
        return store.manager_of(session=session, team_id=TEAM, rep_id=rep)


def series(sessions) -> list[OneOnOneSeries]:
    with sessions() as session:
        return list(session.exec(select(OneOnOneSeries).order_by(OneOnOneSeries.id)).all())


def answer(deps, request_id: int, *, accept: bool, rep: str = SOPHIE):
    return jobs.answer_request(deps, team_id=TEAM, rep_id=rep, request_id=request_id, accept=accept)


def write_plan(sessions, *, agreed_by: str | None = None) -> None:
    with sessions.write() as session:
        plan, _, _ = plan_store.save_plan(
            session=session,
            team_id=TEAM,
            user_id=SOPHIE,
            year=NOW.year,
            fields={"target_clients": 23, "segment": "Bakeries", "approach": "Visits"},
            shared=False,
            by=SOPHIE,
            now=NOW,
        )
        if agreed_by:
            plan_store.agree_plan(session=session, plan=plan, version=1, by=agreed_by, now=NOW)


# ------------------------------------------------------------------------------ the request


def test_asking_stores_a_pending_request_and_queues_the_rep_its_dm(deps, sessions):
    assert ask(deps) == jobs.RequestAsked("sent", SOPHIE)
    [request] = requests(sessions)
    assert (request.requester_id, request.status, request.weekday) == (MARIA, "pending", 1)
    assert outbox(sessions) == {jobs.request_key(request.id): SOPHIE}
    assert manager_of(sessions) is None and series(sessions) == []


def test_asking_again_while_the_rep_has_not_answered_is_waiting(deps, sessions):
    ask(deps)
    assert ask(deps).outcome == "waiting"
    assert len(requests(sessions)) == 1 and len(outbox(sessions)) == 1


def test_after_a_decline_the_requester_may_ask_again_from_30_days_on_their_own_calendar(
    deps, sessions
):
    # In Honolulu the refusal's moment plus 30 days is still the day before Amsterdam's.
    person(sessions, MARIA, tz="Pacific/Honolulu")
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=False)
    asked = ask(deps, now=NOW + timedelta(days=29))
    assert asked == jobs.RequestAsked("refused", SOPHIE, until=date(2027, 3, 30))
    assert ask(deps, now=NOW + timedelta(days=31)).outcome == "sent"


# ------------------------------------------------------------------------------ the answer


def test_a_decline_is_stored_and_the_requester_told(deps, sessions):
    ask(deps)
    request_id = requests(sessions)[0].id
    assert answer(deps, request_id, accept=False) == jobs.RequestAnswered("declined", MARIA)
    assert requests(sessions)[0].status == "declined"
    assert outbox(sessions)[jobs.answered_key(request_id, accepted=False)] == MARIA
    assert manager_of(sessions) is None and deps.notify_outbox.count == 1


def test_an_accept_makes_the_link_and_the_1on1s_and_tells_the_requester(deps, sessions):
    person(sessions, SOPHIE, tz="Europe/London")
    ask(deps)
    request_id = requests(sessions)[0].id
    answered = answer(deps, request_id, accept=True)
    assert (answered.outcome, answered.other_id, answered.rule) == ("accepted", MARIA, RULE)
    # The first 1:1 is next Tuesday at 10:00 in Amsterdam, read on Sophie's London clock.
    assert answered.first_at == datetime(2027, 3, 2, 10, 0, tzinfo=AMS)
    assert answered.zones.reader == ZoneInfo("Europe/London")
    assert manager_of(sessions) == MARIA
    [made] = series(sessions)
    assert (made.manager_id, made.rep_id, made.status) == (MARIA, SOPHIE, "active")
    assert outbox(sessions)[jobs.answered_key(request_id, accepted=True)] == MARIA


def test_an_accept_lets_the_other_requests_lapse_and_those_requesters_hear_it(deps, sessions):
    ask(deps, MARIA)
    ask(deps, PIET)
    maria, piet = requests(sessions)
    answer(deps, maria.id, accept=True)
    assert [r.status for r in requests(sessions)] == ["accepted", "withdrawn"]
    assert outbox(sessions)[jobs.lapsed_key(piet.id)] == PIET
    assert answer(deps, piet.id, accept=True) == jobs.RequestAnswered("closed")


def test_an_admin_link_lets_a_pending_request_lapse(deps, sessions):
    ask(deps, MARIA)
    jobs.set_by_admin(deps, team_id=TEAM, admin_id=AD, rep_id=SOPHIE, manager_id=PIET)
    request = requests(sessions)[0]
    assert request.status == "withdrawn"
    assert outbox(sessions)[jobs.lapsed_key(request.id)] == MARIA
    assert answer(deps, request.id, accept=True) == jobs.RequestAnswered("closed")
    assert manager_of(sessions) == PIET and series(sessions) == []


def test_accepting_when_someone_else_became_the_manager_meanwhile_changes_nothing(deps, sessions):
    ask(deps, MARIA)
    with sessions.write() as session:  # a link made while the request stayed pending (a race)
        store.set_manager(
            session=session, team_id=TEAM, rep_id=SOPHIE, manager_id=PIET, by=AD, now=NOW
        )
    request_id = requests(sessions)[0].id
    assert answer(deps, request_id, accept=True) == jobs.RequestAnswered("has_manager", PIET)
    assert requests(sessions)[0].status == "withdrawn"
    assert manager_of(sessions) == PIET and series(sessions) == []


def test_an_accept_with_a_pending_request_of_another_rep_is_closed(deps, sessions):
    ask(deps)
    request_id = requests(sessions)[0].id
    assert answer(deps, request_id, accept=True, rep=PIET) == jobs.RequestAnswered("closed")
    assert requests(sessions)[0].status == "pending" and manager_of(sessions) is None


def test_a_draft_plan_goes_to_the_new_manager_for_agreement(deps, sessions):
    write_plan(sessions)
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=True)
    with sessions() as session:
        plan = plan_store.get_plan(session=session, team_id=TEAM, user_id=SOPHIE, year=NOW.year)
    assert outbox(sessions)[review_key(plan.id, plan.version, MARIA)] == MARIA


# ------------------------------------------------------------------------------ admins


def test_an_admin_sets_the_manager_moves_the_1on1s_and_the_rep_is_told_once(deps, sessions):
    person(sessions, PIET, tz="America/New_York")
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=True)
    jobs.set_by_admin(deps, team_id=TEAM, admin_id=AD, rep_id=SOPHIE, manager_id=PIET)
    jobs.set_by_admin(deps, team_id=TEAM, admin_id=AD, rep_id=SOPHIE, manager_id=PIET)
    assert manager_of(sessions) == PIET
    [moved] = series(sessions)
    assert (moved.manager_id, moved.tz) == (PIET, "America/New_York")
    told = [key for key in outbox(sessions) if key.startswith("manager_admin_set:")]
    assert told == [jobs.admin_set_key(SOPHIE, PIET, NOW)]


@pytest.mark.parametrize(
    ("rep", "manager", "errors"),
    [
        (None, None, {"rep": ("required", {}), "manager": ("required", {})}),
        (SOPHIE, None, {"manager": ("required", {})}),
        (SOPHIE, SOPHIE, {"manager": ("same", {})}),
    ],
)
def test_the_admin_form_needs_two_different_people(rep, manager, errors):
    with pytest.raises(FieldErrors) as refused:
        jobs.check_admin_form(rep, manager)
    assert refused.value.errors == errors


def test_the_admin_form_with_two_people_is_taken():
    assert jobs.check_admin_form(SOPHIE, MARIA) == (SOPHIE, MARIA)


# ------------------------------------------------------------------------------ not my manager


def test_not_my_manager_ends_the_link_and_1on1s_and_withdraws_the_agreement(deps, sessions):
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=True)
    write_plan(sessions, agreed_by=MARIA)
    disowned = jobs.disown_manager(deps, team_id=TEAM, rep_id=SOPHIE, named=MARIA)
    assert disowned == jobs.Disowned(MARIA, ended=True, withdrawn=True)
    assert manager_of(sessions) is None
    assert [s.status for s in series(sessions)] == ["ended"]
    with sessions() as session:
        plan = plan_store.get_plan(session=session, team_id=TEAM, user_id=SOPHIE, year=NOW.year)
    assert (plan.status, plan.agreed_by) == ("draft", None)
    assert outbox(sessions)[jobs.disowned_key(SOPHIE, MARIA, NOW)] == MARIA
    # Maria cannot ask again for 30 days.
    assert ask(deps, now=NOW + timedelta(days=1)).outcome == "refused"


def test_not_my_manager_about_someone_else_changes_nothing(deps, sessions):
    jobs.set_by_admin(deps, team_id=TEAM, admin_id=AD, rep_id=SOPHIE, manager_id=MARIA)
    queued = outbox(sessions)
    assert jobs.disown_manager(deps, team_id=TEAM, rep_id=SOPHIE, named=PIET) == jobs.Disowned(
        PIET, ended=False
    )
    assert manager_of(sessions) == MARIA and outbox(sessions) == queued
    assert requests(sessions) == []


def test_an_older_button_names_the_manager_by_the_series(deps, sessions):
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=True)
    [made] = series(sessions)
    disowned = jobs.disown_manager(deps, team_id=TEAM, rep_id=SOPHIE, named=made.id)
    assert (disowned.manager_id, disowned.ended) == (MARIA, True)
    with pytest.raises(StalePayload):
        jobs.disown_manager(deps, team_id=TEAM, rep_id=SOPHIE, named=4242)


def test_the_outbox_keys_keep_their_stored_form():
    # Rows queued by earlier versions are looked up by these keys.
    assert jobs.request_key(7) == "manager_request:7"
    assert jobs.lapsed_key(7) == "manager_request_lapsed:7"
    assert jobs.answered_key(7, accepted=True) == "manager_request_accepted:7"
    assert jobs.answered_key(7, accepted=False) == "manager_request_declined:7"


# ------------------------------------------------------------------------------ the Home tab


def test_the_home_tab_shows_a_manager_their_reps_and_a_rep_their_manager(deps, sessions):
    ask(deps)
    answer(deps, requests(sessions)[0].id, accept=True)
    maria = home_jobs.home_tab(deps, team_id=TEAM, user_id=MARIA, lang="en", admin=False)
    sophie = home_jobs.home_tab(deps, team_id=TEAM, user_id=SOPHIE, lang="en", admin=False)
    assert [row.rep_id for row in maria.team_rows] == [SOPHIE]
    assert maria.team_rows[0].next_oneonone == datetime(2027, 3, 2, 10, 0, tzinfo=AMS)
    assert (maria.my_manager, maria.oneonone, maria.admin_checkin_people) == (None, None, None)
    assert sophie.my_manager == MARIA and sophie.oneonone.other_id == MARIA
    assert sophie.team_rows == [] and sophie.plan.status is None


def test_an_admin_changes_the_check_in_list_and_sees_it_on_home(deps, sessions):
    change_list(deps, team_id=TEAM, by=AD, user_id=PIET, added=True, admin=True)
    with sessions() as session:
        assert checkin_store.member(session=session, team_id=TEAM, user_id=PIET).status == "added"
    tab = home_jobs.home_tab(deps, team_id=TEAM, user_id=AD, lang="en", admin=True)
    assert tab.admin_checkin_people == [PIET]


def test_someone_not_an_admin_cannot_change_the_check_in_list(deps, sessions):
    with pytest.raises(CheckinRefusal) as refused:
        change_list(deps, team_id=TEAM, by=PIET, user_id=SOPHIE, added=True, admin=False)
    assert refused.value.code == "not_admin"
    with sessions() as session:
        assert checkin_store.member(session=session, team_id=TEAM, user_id=SOPHIE) is None
