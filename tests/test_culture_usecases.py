"""The sales-culture mirror's use case called directly, on SQLite and PostgreSQL: every figure
against the hand-computed expectations of tests/support/culture.py (Amsterdam month edges,
removed wins, a rep taken off the check-in list, a pending manager request), who may see it,
and its words in English and Dutch without any check-in note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.culture import REPS, TEAM, mondays_so_far, quarter_start
from bot.jobs.culture import CultureRefusal, mirror
from bot.views import culture as views
from tests.support.culture import ADMIN, MANAGER, MANAGER2, NOW, SECRET_NOTE, seed
from tests.support.usecases import use_case_deps
from tests.support.views import texts_of

TEAM_ID = "T1"
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW) as deps:
        with deps.session_factory.write() as session:
            seed(session, TEAM_ID)
        yield deps


def test_a_manager_sees_their_own_reps_figures(deps):
    shown = mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=False)
    assert shown.scope == REPS
    assert shown.today == date(2026, 12, 17)
    assert (shown.reps, shown.hunters, shown.hunter_share) == (3, 3, 1.0)
    assert (shown.new_clients, shown.clients_per_rep) == (3, 1.0)
    assert (shown.agreed_plans, shown.plan_share) == (1, 1 / 3)
    assert (shown.weeks, shown.listed, shown.checkins, shown.checkin_rate) == (2, 2, 3, 0.75)
    assert shown.obstacles == (("deliveries", 3), ("internal", 1), ("no_leads", 1))
    assert (shown.congratulations, shown.congratulations_per_win) == (3, 1.0)


def test_an_admin_sees_the_whole_team(deps):
    shown = mirror(deps, team_id=TEAM_ID, user_id=ADMIN, admin=True)
    assert shown.scope == TEAM
    assert (shown.reps, shown.hunters, shown.hunter_share) == (5, 4, 0.8)
    assert (shown.new_clients, shown.clients_per_rep) == (4, 0.8)
    assert (shown.agreed_plans, shown.plan_share) == (2, 0.4)
    assert (shown.weeks, shown.listed, shown.checkins, shown.checkin_rate) == (2, 4, 5, 0.625)
    assert shown.obstacles == (("deliveries", 3), ("internal", 2), ("implementation", 1))
    assert (shown.congratulations, shown.congratulations_per_win) == (6, 1.5)


@pytest.mark.parametrize("user_id,admin", [(MANAGER, False), (ADMIN, True)])
def test_the_meetings_are_the_teams_held_moved_cancelled_and_rated(deps, user_id, admin):
    shown = mirror(deps, team_id=TEAM_ID, user_id=user_id, admin=admin)
    assert (shown.held, shown.moved, shown.cancelled) == (3, 1, 1)
    assert shown.held_share == 0.6
    assert shown.ratings == (6, 7, 8, 9)
    assert shown.average_rating == 7.5


def test_another_manager_sees_only_their_rep(deps):
    shown = mirror(deps, team_id=TEAM_ID, user_id=MANAGER2, admin=False)
    assert (shown.reps, shown.hunters, shown.new_clients, shown.agreed_plans) == (1, 1, 1, 1)
    assert (shown.listed, shown.checkins) == (1, 1)
    assert shown.obstacles == (("implementation", 1), ("internal", 1))
    assert (shown.congratulations, shown.congratulations_per_win) == (3, 3.0)


@pytest.mark.parametrize("user_id", ["UR1", "UR5", "UOUT"])
def test_anyone_else_is_refused(deps, user_id):
    """A rep, someone whose manager request is still pending (UMGR asked for UR5: UR5 is not
    UMGR's rep), someone unknown."""
    with pytest.raises(CultureRefusal) as refused:
        mirror(deps, team_id=TEAM_ID, user_id=user_id, admin=False)
    assert refused.value.code == "not_manager"


def test_a_manager_who_is_also_an_admin_sees_the_whole_team(deps):
    assert mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=True).reps == 5


def test_an_empty_team_shows_nothing_to_count_never_zero_percent(deps):
    shown = mirror(deps, team_id="TEMPTY", user_id=ADMIN, admin=True)
    assert shown.reps == 0 and shown.meetings == 0
    assert shown.hunter_share is None and shown.checkin_rate is None
    assert shown.average_rating is None and shown.congratulations_per_win is None
    text = texts_of(views.mirror_reply("en", shown, zone=AMS))
    assert "0%" not in text and text.count("nothing to count yet") == 8


def test_the_month_is_amsterdams_month():
    """Half an hour into 1 January in Amsterdam: a new month and quarter, still 2026 in UTC."""
    assert mondays_so_far(date(2027, 1, 1)) == ()
    assert mondays_so_far(date(2026, 12, 17)) == (date(2026, 12, 7), date(2026, 12, 14))
    assert mondays_so_far(date(2026, 6, 1)) == (date(2026, 6, 1),)
    assert quarter_start(date(2026, 12, 17)) == date(2026, 10, 1)


def test_on_new_years_night_nothing_of_december_counts(deps):
    later = replace(deps, clock=lambda: datetime(2027, 1, 1, 0, 30, tzinfo=AMS))
    shown = mirror(later, team_id=TEAM_ID, user_id=ADMIN, admin=True)
    assert (shown.hunters, shown.new_clients, shown.meetings, shown.weeks) == (0, 0, 0, 0)
    assert shown.ratings == () and shown.agreed_plans == 1  # UR3's 2027 plan only


def test_the_english_mirror_says_each_figure_and_what_it_means(deps):
    reply = views.mirror_reply(
        "en", mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=False), zone=AMS
    )
    text = texts_of(reply)
    assert "Sales culture mirror · December 2026 so far* · your reps (3 reps)" in text
    assert "*Reps with a new client this quarter:* 3 of 3 reps (100%)" in text
    assert "*New clients per rep this month:* 1 (3 new clients in all)" in text
    assert "*Reps with an agreed account plan for 2026:* 1 of 3 reps (33%)" in text
    assert "*Sales meetings:* 3 as planned · 1 moved · 1 cancelled (60% as planned)" in text
    assert "*Average meeting rating:* 7.5 out of 10 (4 ratings)" in text
    assert "*Weekly check-ins:* 3 of 4 (75%)" in text
    assert (
        "*What holds them back most:* Delivery follow-up (3×) · "
        "Internal meetings and admin (1×) · No good leads (1×)"
    ) in text
    assert "*Congratulations per new client:* 1 (3 on 3 new clients)" in text
    assert "hunters" in text and "complaint session" in text
    assert text.count("\n_") == 8  # one sentence of meaning per measure
    assert SECRET_NOTE not in text and "Hoogvliet" not in text
    assert "Only you see this" in text


def test_the_dutch_mirror(deps):
    reply = views.mirror_reply(
        "nl", mirror(deps, team_id=TEAM_ID, user_id=ADMIN, admin=True), zone=AMS
    )
    text = texts_of(reply)
    assert (
        "Spiegel van de salescultuur · december 2026 tot nu toe* · het hele team (5 verkopers)"
        in text
    )
    assert "4 van 5 verkopers (80%)" in text
    assert "*Nieuwe klanten per verkoper deze maand:* 0,8 (4 nieuwe klanten in totaal)" in text
    assert "7,5 van de 10 (4 stemmen)" in text
    assert "5 van 8 (62%)" in text or "5 van 8 (63%)" in text
    assert "Follow-up van leveringen (3×)" in text
    assert "1,5 (6 op 4 nieuwe klanten)" in text
    assert "jagers" in text and "klaagsessie" in text
    assert SECRET_NOTE not in text
