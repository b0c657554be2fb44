"""Streaks and badges called directly (no HTTP, no Slack), on SQLite and PostgreSQL: each badge
against a count made here by hand, around year and quarter boundaries in Amsterdam, with removed
wins, excused weeks, carried-over stories and ties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.badges import Badge
from bot.jobs.badges import badges_of, earned_in
from storage import checkins as checkin_store
from storage.models import AgendaItem, Checkin, Meeting, OutboxMessage, Win
from tests.support.usecases import save_meeting_plan, use_case_deps

TEAM = "T1"
ANNA, BEN, CARL, DORA, EVA, FRED = "UANNA", "UBEN", "UCARL", "UDORA", "UEVA", "UFRED"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add_win(session, user: str, at: datetime, *, removed: bool = False) -> None:
    session.add(
        Win(
            team_id=TEAM,
            user_id=user,
            client_name=f"Client {at.isoformat()}",
            year=at.year,
            source_key=f"test:{user}:{at.isoformat()}",
            created_at=at,
            removed_at=at + timedelta(hours=1) if removed else None,
        )
    )


def earned(deps, year: int, month: int) -> list[tuple[str, Badge]]:
    with deps.session_factory() as session:
        return earned_in(session, deps.settings, team_id=TEAM, year=year, month=month)


# ------------------------------------------------------------------------------ wins


@pytest.fixture
def wins_deps(database_url):
    with use_case_deps(database_url, now=utc(2027, 1, 5, 12)) as deps:
        with deps.session_factory.write() as session:
            for at in (utc(2026, 10, 15, 9), utc(2026, 11, 20, 9), utc(2026, 12, 31, 23, 30)):
                add_win(session, ANNA, at)  # the last is 1 January 2027 in Amsterdam
            add_win(session, ANNA, utc(2026, 12, 10, 9), removed=True)
            for month in (9, 10, 11, 12):
                add_win(session, BEN, utc(2026, month, 3, 9))
            add_win(session, CARL, utc(2026, 6, 10, 9), removed=True)
        yield deps


def test_the_first_new_client_of_the_year_falls_in_the_teams_month(wins_deps):
    assert earned(wins_deps, 2026, 9) == [(BEN, Badge("first_of_year", 9, 2026))]
    assert earned(wins_deps, 2026, 10) == [(ANNA, Badge("first_of_year", 10, 2026))]
    assert earned(wins_deps, 2027, 1) == [(ANNA, Badge("first_of_year", 1, 2027))]
    assert earned(wins_deps, 2026, 6) == []  # Carl's only win was removed


def test_a_streak_is_celebrated_in_the_month_it_reaches_three(wins_deps):
    assert earned(wins_deps, 2026, 11) == [(BEN, Badge("streak", 3, 2026))]
    # Ben's fourth month is no milestone; Anna's removed December win breaks her run.
    assert earned(wins_deps, 2026, 12) == []


def test_the_home_tab_badges_now(wins_deps):
    anna = badges_of(wins_deps, team_id=TEAM, user_id=ANNA)
    assert anna == [Badge("first_of_year", 1, 2027), Badge("streak", 1, 2027, earned=False)]
    # January has no win of Ben's yet: his streak runs to December.
    assert badges_of(wins_deps, team_id=TEAM, user_id=BEN) == [Badge("streak", 4, 2027)]
    assert badges_of(wins_deps, team_id=TEAM, user_id=CARL) == []


# ------------------------------------------------------------------------------ check-ins

# Q1 2026 has 13 Mondays (5 January .. 30 March); in China, the week of 16 February is all
# Spring Festival holidays: 12 weeks asked of a rep on the list all quarter.
MONDAYS = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(13)]
FESTIVAL = date(2026, 2, 16)


def list_rep(session, user: str, since: datetime, *, shares: bool = True) -> None:
    checkin_store.set_member(
        session=session,
        team_id=TEAM,
        user_id=user,
        by="UADMIN",
        now=since,
        status="added",
        away_until=None,
    )
    checkin_store.set_sharing(session=session, team_id=TEAM, user_id=user, shares=shares, now=since)


def check_in(session, user: str, weeks) -> None:
    for week in weeks:
        at = utc(week.year, week.month, week.day, 14)
        session.add(
            Checkin(
                team_id=TEAM,
                user_id=user,
                week=week,
                prospects=5,
                meetings=1,
                created_at=at,
                updated_at=at,
            )
        )


@pytest.fixture
def checkin_deps(database_url):
    with use_case_deps(database_url, now=utc(2026, 2, 25, 12), HOLIDAYS_COUNTRY="CN") as deps:
        asked = [week for week in MONDAYS if week != FESTIVAL]
        with deps.session_factory.write() as session:
            for user in (ANNA, BEN):
                list_rep(session, user, utc(2025, 12, 1))
            list_rep(session, FRED, utc(2025, 12, 1), shares=False)
            list_rep(session, CARL, utc(2025, 12, 1))
            # Carl was away until 20 March: the bot skipped his prompts until then.
            for week in MONDAYS[:-2]:
                session.add(
                    OutboxMessage(
                        team_id=TEAM,
                        key=f"checkin_prompt:{CARL}:{week.isoformat()}",
                        kind="checkin_prompt",
                        channel=CARL,
                        status="skipped",
                        last_error="away until 2026-03-20",
                    )
                )
            list_rep(session, EVA, utc(2026, 2, 20, 9))  # asked from the week of 16 February
            check_in(session, ANNA, asked)
            check_in(session, BEN, [week for week in asked if week != date(2026, 3, 9)])
            check_in(session, CARL, MONDAYS[-2:])
            check_in(session, DORA, asked)  # not on the check-in list
            check_in(session, EVA, MONDAYS[7:])
            check_in(session, FRED, asked[:-1])  # the week running into April still open
        yield deps


def test_every_checkin_of_a_quarter_counts_the_weeks_asked(checkin_deps):
    assert earned(checkin_deps, 2026, 3) == [
        (ANNA, Badge("every_checkin", 12, 2026, 1, 12)),
        (CARL, Badge("every_checkin", 2, 2026, 1, 2)),  # away until 20 March
        (EVA, Badge("every_checkin", 6, 2026, 1, 6)),
        # Fred earned it too, but keeps his check-ins private: the public recap does not
        # name him (his Home tab shows it).
    ]
    fred = badges_of(
        replace(checkin_deps, clock=lambda: utc(2026, 4, 2, 12)), team_id=TEAM, user_id=FRED
    )
    assert Badge("every_checkin", 11, 2026, 1, 11) in fred
    assert earned(checkin_deps, 2026, 2) == []  # not the end of a quarter


def test_the_quarter_so_far_is_progress(checkin_deps):
    # Wednesday 25 February: 6 weeks before this one (the festival excused) and this week's.
    ben = badges_of(checkin_deps, team_id=TEAM, user_id=BEN)
    assert ben == [Badge("every_checkin", 7, 2026, 1, 7, earned=False)]
    assert badges_of(checkin_deps, team_id=TEAM, user_id=DORA) == []


# ------------------------------------------------------------------------------ stories


@pytest.fixture
def story_deps(database_url):
    with use_case_deps(database_url, now=utc(2027, 1, 5, 12)) as deps:
        with deps.session_factory.write() as session:
            plan_id = save_meeting_plan(session, TEAM, year=2026, created_by="UADMIN")
            meetings = {}
            for name, at, status in (
                ("oct", utc(2026, 10, 7, 9), "planned"),
                ("nov", utc(2026, 11, 11, 9), "cancelled"),
                ("dec", utc(2026, 12, 2, 9), "moved"),
                ("jan", utc(2026, 12, 31, 23, 30), "planned"),  # 1 January in Amsterdam
            ):
                meeting = Meeting(
                    team_id=TEAM,
                    plan_id=plan_id,
                    year=at.year,
                    channel="CSALES0001",
                    starts_at=at,
                    duration_minutes=60,
                    status=status,
                )
                session.add(meeting)
                session.flush()
                meetings[name] = meeting.id or 0

            def item(user, meeting, kind="success", status="active", carried=None) -> int:
                row = AgendaItem(
                    team_id=TEAM,
                    meeting_id=meetings[meeting],
                    user_id=user,
                    kind=kind,
                    title="A story",
                    status=status,
                    carried_from_id=carried,
                    source_key=f"test:{user}:{meeting}:{kind}:{status}:{carried}",
                )
                session.add(row)
                session.flush()
                return row.id or 0

            item(ANNA, "oct"), item(ANNA, "dec")
            item(CARL, "oct"), item(CARL, "dec")
            item(BEN, "oct"), item(BEN, "dec", status="withdrawn"), item(BEN, "dec", "challenge")
            item(BEN, "nov"), item(BEN, "jan")
            item(DORA, "dec", carried=item(DORA, "oct"))  # one story, brought once
            item(DORA, "dec", "challenge")
        yield deps


def test_most_success_stories_share_the_badge(story_deps):
    q4 = Badge("storyteller", 2, 2026, 4)
    assert earned(story_deps, 2026, 12) == [(ANNA, q4), (CARL, q4)]
    assert earned(story_deps, 2027, 3) == [(BEN, Badge("storyteller", 1, 2027, 1))]
    assert earned(story_deps, 2026, 11) == []
    assert badges_of(story_deps, team_id=TEAM, user_id=CARL) == [q4]
    assert badges_of(story_deps, team_id=TEAM, user_id=DORA) == []  # her carried story: once


def test_going_away_after_the_quarter_takes_nothing_from_it(checkin_deps):
    """Anna checked in every week of Q1 and then said she is away until 10 April: the list
    keeps only her latest away date, which must not excuse (and so erase) her quarter."""
    with checkin_deps.session_factory.write() as session:
        checkin_store.set_member(
            session=session,
            team_id=TEAM,
            user_id=ANNA,
            by=ANNA,
            now=utc(2026, 3, 31, 9),
            away_until=date(2026, 4, 10),  # as `/checkin away until 10 April` stores it
        )
    assert (ANNA, Badge("every_checkin", 12, 2026, 1, 12)) in earned(checkin_deps, 2026, 3)
