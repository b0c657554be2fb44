"""The sales-culture mirror's use case called directly, on SQLite and PostgreSQL: every figure
against the hand-computed expectations of tests/support/culture.py (Amsterdam month edges,
removed wins, a rep taken off the check-in list, a pending manager request), who may see it,
and its words in English and Dutch without any check-in note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.culture import REPS, TEAM, Prompt, asked_weeks
from bot.domain.months import quarter_start
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
    now = shown.current
    assert shown.scope == REPS and shown.today == date(2026, 12, 17)
    assert [f.month.month for f in shown.months] == [7, 8, 9, 10, 11, 12]
    assert (now.reps, now.hunters, now.new_clients, now.agreed_plans) == (3, 3, 3, 1)
    assert now.year_clients == 5 and now.expected_clients == pytest.approx(4 * 350.41667 / 365)
    assert (now.weeks, now.listed, now.checkins) == (2, 2, 3)
    assert (now.outreach_done, now.outreach_target) == (13, 12)
    assert now.top_obstacles == (("deliveries", 3), ("internal", 1), ("no_leads", 1))
    assert (now.solved_after, now.still_reported) == ((14,), 3)
    assert now.overdue_actions == 1
    assert now.congratulations == 3
    assert (now.first_congrats_hours, now.uncongratulated) == ((1.0, 5.0), 1)


def test_an_admin_sees_the_whole_team_and_each_managers_team(deps):
    shown = mirror(deps, team_id=TEAM_ID, user_id=ADMIN, admin=True)
    now = shown.current
    assert shown.scope == TEAM
    assert (now.reps, now.hunters, now.new_clients, now.agreed_plans) == (5, 4, 4, 2)
    assert now.year_clients == 6 and now.expected_clients == pytest.approx(8 * 350.41667 / 365)
    assert (now.weeks, now.listed, now.checkins) == (2, 4, 5)
    assert (now.outreach_done, now.outreach_target) == (16, 18)
    assert now.top_obstacles == (("deliveries", 3), ("internal", 2), ("implementation", 1))
    assert (now.solved_after, now.still_reported, now.overdue_actions) == ((14,), 5, 2)
    assert (now.congratulations, now.first_congrats_hours) == (6, (1.0, 2.0, 5.0))
    teams = {team.manager_id: team.figures for team in shown.teams}
    assert set(teams) == {MANAGER, MANAGER2}
    assert (teams[MANAGER].reps, teams[MANAGER].checkins, teams[MANAGER].overdue_actions) == (
        3,
        3,
        1,
    )
    mine = teams[MANAGER2]
    assert (mine.reps, mine.hunters, mine.year_clients, mine.checkins, mine.weeks) == (
        1,
        1,
        1,
        1,
        2,
    )
    assert mine.overdue_actions == 1


@pytest.mark.parametrize("user_id,admin", [(MANAGER, False), (ADMIN, True)])
def test_the_meetings_are_the_teams_held_moved_cancelled_rated_and_their_agendas(
    deps, user_id, admin
):
    now = mirror(deps, team_id=TEAM_ID, user_id=user_id, admin=admin).current
    assert (now.held, now.moved, now.cancelled) == (3, 1, 1)
    assert now.reasons == ("Client visit <Hoogvliet> & co", "Christmas lunch")
    assert now.ratings == (6, 7, 8, 9)
    assert now.items == (3, 2, 1)
    assert (now.carried, now.operational) == (1, 1)


def test_november_is_counted_whole_for_the_trend(deps):
    november = mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=False).months[-2]
    assert november.complete and november.month == date(2026, 11, 1)
    assert (november.hunters, november.new_clients, november.year_clients) == (2, 1, 2)
    assert (november.held, november.moved, november.cancelled, november.reasons) == (
        1,
        1,
        0,
        ("Trade fair",),
    )
    assert (november.ratings, november.items, november.operational) == ((6,), (0, 2, 0), 1)
    assert (november.weeks, november.checkins) == (4, 3)
    assert (november.outreach_done, november.outreach_target) == (4, 24)
    assert (november.solved_after, november.still_reported) == ((21,), 1)
    assert (november.overdue_actions, november.congratulations) == (1, 2)
    assert november.first_congrats_hours == (3.0,)


def test_the_verdict_names_the_two_measures_that_moved_most(deps):
    for user_id, admin in ((MANAGER, False), (ADMIN, True)):
        moves = mirror(deps, team_id=TEAM_ID, user_id=user_id, admin=admin).moves
        assert [(m.key, m.better) for m in moves] == [("outreach", True), ("per_rep", True)]
    manager = mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=False)
    outreach, per_rep = manager.moves
    assert (outreach.before, outreach.now) == (pytest.approx(4 / 24), pytest.approx(13 / 12))
    # 16 days and 10 hours of December's 31 so far: November's 1 new client per 3 reps,
    # prorated, against December's 1 per rep.
    assert per_rep.before == pytest.approx(1 / 3 * (16 + 10 / 24) / 31)
    assert per_rep.now == 1.0


@pytest.mark.parametrize("user_id", ["UR1", "UR5", "UOUT"])
def test_anyone_else_is_refused(deps, user_id):
    """A rep, someone whose manager request is still pending (UMGR asked for UR5: UR5 is not
    UMGR's rep), someone unknown."""
    with pytest.raises(CultureRefusal) as refused:
        mirror(deps, team_id=TEAM_ID, user_id=user_id, admin=False)
    assert refused.value.code == "not_manager"


def test_a_manager_who_is_also_an_admin_sees_the_whole_team(deps):
    assert mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=True).current.reps == 5


def test_an_empty_team_shows_nothing_to_count_never_zero_percent(deps):
    shown = mirror(deps, team_id="TEMPTY", user_id=ADMIN, admin=True)
    assert shown.current.reps == 0 and shown.current.meetings == 0 and shown.moves == ()
    assert all(value is None for value in shown.trend("hunters"))
    text = texts_of(views.mirror_reply("en", shown, zone=AMS))
    assert "0%" not in text and "Nothing moved much" in text
    assert text.count("nothing to count yet") == 16  # every line


def test_a_week_counts_in_the_month_of_its_prompt_once_it_was_asked():
    """Friday 15:00 in Amsterdam: the week of 30 November is December's, asked on the 4th."""
    fridays = Prompt(weekday=4, at=time(15))
    december = date(2026, 12, 1)

    def asked(*when: int) -> tuple[date, ...]:
        return asked_weeks(december, datetime(2026, 12, *when, tzinfo=AMS), fridays, AMS)

    assert asked(4, 14, 59) == ()
    assert asked(4, 15) == (date(2026, 11, 30),)
    assert asked(17, 10) == (date(2026, 11, 30), date(2026, 12, 7))
    everything = datetime(2027, 1, 1, tzinfo=AMS)
    assert asked_weeks(december, everything, fridays, AMS)[-1] == date(2026, 12, 21)
    # Friday 1 January 2027 is January's: the week of 28 December is asked in January.
    assert asked_weeks(date(2027, 1, 1), everything, fridays, AMS) == ()
    assert quarter_start(date(2026, 12, 17)) == date(2026, 10, 1)


def test_on_new_years_night_nothing_of_december_counts_this_month(deps):
    later = replace(deps, clock=lambda: datetime(2027, 1, 1, 0, 30, tzinfo=AMS))
    shown = mirror(later, team_id=TEAM_ID, user_id=ADMIN, admin=True)
    now = shown.current
    assert (now.new_clients, now.meetings, now.weeks) == (0, 0, 0)
    assert now.hunters == 4  # the three months up to now: November and December count
    assert now.ratings == () and now.agreed_plans == 1  # UR3's 2027 plan only
    december = shown.months[-2]
    assert (december.new_clients, december.held, december.moved) == (5, 4, 1)


def test_the_english_mirror_says_each_figure_its_trend_and_what_it_means(deps):
    reply = views.mirror_reply(
        "en", mirror(deps, team_id=TEAM_ID, user_id=MANAGER, admin=False), zone=AMS
    )
    text = texts_of(reply)
    assert "Sales culture mirror · December 2026 so far* · your reps (3 reps)" in text
    assert "*What moved most since the month before:*" in text
    assert "📈 Outreach against target: 17% → 108%, better" in text
    assert "📈 New clients per rep: 0.2 → 1, better" in text
    assert "*Reps with a new client in the last three months:* 3 of 3 reps (100%)" in text
    assert "*New clients per rep this month:* 1 (3 new clients in all)" in text
    assert "*Reps with an agreed account plan for 2026:* 1 of 3 reps (33%)" in text
    assert "*Pace against the agreed plans for 2026:* 5 new clients this year, 3.8 expected" in text
    assert "*Sales meetings:* 3 as planned · 1 moved · 1 cancelled (60% as planned)" in text
    assert "Reasons given: “Client visit &lt;Hoogvliet&gt; &amp; co”, “Christmas lunch”" in text
    assert "*Average meeting rating:* 7.5 out of 10 (4 ratings)" in text
    assert "success stories : challenges : pipeline:* 3 : 2 : 1" in text
    assert "*Agenda items carried over from a meeting before:* 1 of 6 agenda items (17%)" in text
    assert "*Weekly check-ins:* 3 of 4 (75%)" in text
    assert "*New prospects contacted against the weekly targets:* 13 of 12 (108%)" in text
    assert (
        "*What holds them back most:* Delivery follow-up (3×; 0× the month before) · "
        "Internal meetings and admin (1×; 1× the month before) · "
        "No good leads (1×; 1× the month before)"
    ) in text
    assert "*Obstacles solved after:* 2 weeks (1 solved, 3 still reported)" in text
    assert "*1:1 action points past their due date:* 1 open" in text
    assert "*Congratulations per new client:* 1 (3 on 3 new clients)" in text
    assert (
        "*Time until the first congratulation:* median 3 hours (1 new client not congratulated yet"
        in text
    )
    assert "`▁▁▁▁█" in text  # new clients per rep: nothing July-October, November, December
    assert "hunters" in text and "complaint session" in text
    assert text.count("\n_") == 16  # one sentence of meaning per line
    assert SECRET_NOTE not in text and "Hoogvliet>" not in text
    assert "Only you see this" in text


def test_the_dutch_mirror_with_each_managers_team(deps):
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
    assert "Follow-up van leveringen (3×; 0× de maand ervoor)" in text
    assert "1,5 (6 op 4 nieuwe klanten)" in text
    assert "👥 *Het team van elke manager deze maand*" in text
    assert (
        "<@UMGR2> (1 verkoper): Verkopers met nieuwe klant 100% · Tempo tegenover plan 26% · "
        "Check-ins 50% · Verlopen actiepunten 1"
    ) in text
    assert "jagers" in text and "klaagsessie" in text
    assert SECRET_NOTE not in text
