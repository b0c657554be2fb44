"""The demo team, seeded on SQLite and PostgreSQL in both languages: what the leaderboard, the
culture mirror, the Home tab and the agenda show right after seeding, the shape of the seeded
history (people, meetings, plans), and that none of it waits in the outbox to be posted."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, func, select

from bot.demo.seed import MANAGER, REPS, seed_demo
from bot.jobs.agenda import coming_agenda
from bot.jobs.culture import mirror
from bot.jobs.home import home_tab
from bot.jobs.leaderboard import board
from bot.views.culture import mirror_reply
from bot.views.home import home_tab_view
from bot.views.leaderboard import board_reply
from storage.models import (
    AccountPlan,
    Checkin,
    ManagerLink,
    Meeting,
    OutboxMessage,
    SlackUser,
    Win,
)
from tests.support.usecases import use_case_deps
from tests.support.views import texts_of

TEAM = "TDEMO"
AMS = ZoneInfo("Europe/Amsterdam")
# A Wednesday in March: Monday meetings behind and ahead, the quarter half gone.
NOW = datetime(2027, 3, 17, 11, 0, tzinfo=AMS)
FIRST_CLIENT = {"nl": "Bakkerij Jansen", "en": "Baker & Sons"}


def seeded_deps(database_url: str, lang: str, now: datetime = NOW):
    return use_case_deps(database_url, now=now, WINS_CHANNEL="CWINS", BOT_LOCALE=lang)


@pytest.fixture(params=["nl", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def deps(database_url, lang):
    with seeded_deps(database_url, lang) as deps:
        assert seed_demo(deps, lang=lang, now=NOW) is True
        yield deps


def counts(deps) -> dict[str, int]:
    with deps.session_factory() as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (SlackUser, ManagerLink, Win, Meeting, AccountPlan, Checkin, OutboxMessage)
        }


def test_seeding_again_changes_nothing(deps, lang):
    before = counts(deps)
    assert before["Win"] == 8 and before["SlackUser"] == 5
    assert seed_demo(deps, lang=lang, now=NOW + timedelta(days=1)) is False
    assert counts(deps) == before


def test_people_and_who_manages_whom(deps, lang):
    with deps.session_factory() as session:
        people = {u.user_id: u for u in session.exec(select(SlackUser))}
        links = {link.rep_id: link.manager_id for link in session.exec(select(ManagerLink))}
    assert links == dict.fromkeys(REPS, MANAGER)
    assert {u.locale for u in people.values()} == {"nl-NL" if lang == "nl" else "en-GB"}
    assert people["UREP2"].tz == "Europe/London" and people["UREP1"].tz == "Europe/Amsterdam"
    assert people[MANAGER].real_name == ("Maria de Vries" if lang == "nl" else "Maria Evans")
    assert people[MANAGER].is_admin and not people["UREP1"].is_admin


def test_leaderboard_shows_the_seeded_wins(deps, lang):
    quarter = board(deps, team_id=TEAM, period="quarter")
    assert {s.user_id for s in quarter.standings} == set(REPS)
    currencies = {currency for s in quarter.standings for currency, _ in s.values}
    assert currencies == {"EUR", "GBP"}
    # Only Sophie shares her first meetings booked.
    assert [rep for rep, _ in quarter.outreach] == ["UREP2"]
    shown = texts_of(board_reply(lang, quarter, viewer="UREP1", asked_with="quarter"))
    assert "<@UREP1>" in shown and "£" in shown and "€" in shown


def test_culture_mirror_of_the_manager_has_figures(deps, lang):
    month = mirror(deps, team_id=TEAM, user_id=MANAGER, admin=False).months[-1]
    assert month.reps == 4 and month.new_clients >= 2 and month.agreed_plans == 3
    assert month.moved == 1 and month.cancelled == 1 and len(month.reasons) == 2
    assert month.ratings and month.checkins and month.prospects
    assert month.overdue_actions == 1 and month.congratulations > 0
    reply = mirror_reply(lang, mirror(deps, team_id=TEAM, user_id=MANAGER, admin=False), zone=AMS)
    assert "teamuitje" in texts_of(reply) or "team outing" in texts_of(reply)


def test_home_tab_of_a_rep_shows_wins_plan_oneonone_and_meeting(deps, lang):
    tab = home_tab(deps, team_id=TEAM, user_id="UREP1", lang=lang, admin=False)
    assert FIRST_CLIENT[lang] in [win.client for win in tab.mine]
    assert tab.plan is not None and tab.plan.status == "agreed" and tab.plan.progress_line
    assert tab.my_manager == MANAGER
    assert tab.oneonone is not None and tab.oneonone.starts_at > NOW
    today = NOW.date()
    dues = [point.due for point in tab.oneonone.actions]
    assert any(due and due < today for due in dues) and any(due and due > today for due in dues)
    assert tab.meeting is not None and tab.meeting.starts_at > NOW and tab.meeting.my_items
    assert tab.outreach_shared is False
    # mrkdwn: "Baker & Sons" is escaped.
    assert FIRST_CLIENT[lang].replace("&", "&amp;") in texts_of(home_tab_view(lang, tab))


def test_the_next_meeting_has_an_agenda(deps, lang):
    coming = coming_agenda(deps, team_id=TEAM, user_id="UREP2", lang=lang)
    assert coming.when.weekday() == 0 and coming.when > NOW
    assert [item.kind for item in coming.items] == ["success", "challenge", "pipeline"]
    challenge = coming.items[1]
    assert challenge.question.endswith("?") and challenge.tried


def test_meetings_plans_and_checkins(deps):
    with deps.session_factory() as session:
        meetings = session.exec(select(Meeting).order_by(col(Meeting.starts_at))).all()
        plans = session.exec(select(AccountPlan)).all()
        checkins = session.exec(select(Checkin)).all()
    local = [m.starts_at.astimezone(AMS) for m in meetings]
    assert all(day.weekday() < 5 for day in local)
    assert {m.year for m in meetings} == {2027} and len(meetings) > 45
    changed = {m.status: m for m in meetings if m.status != "planned"}
    assert set(changed) == {"moved", "cancelled"}
    assert all(m.reason and m.starts_at < NOW for m in changed.values())
    assert changed["moved"].starts_at.astimezone(AMS).weekday() == 1
    assert sorted((p.status, p.shared) for p in plans) == [
        ("agreed", False),
        ("agreed", True),
        ("agreed", True),
        ("draft", False),
    ]
    weeks = {c.week for c in checkins}
    assert len(weeks) == 6 and max(weeks) < NOW.date() - timedelta(days=NOW.weekday())
    assert any(c.reasons for c in checkins)


def test_nothing_of_the_history_waits_to_be_posted(deps):
    with deps.session_factory() as session:
        rows = session.exec(select(OutboxMessage)).all()
    assert not [r.key for r in rows if r.status == "pending" and r.next_attempt_at <= NOW]
    # The celebrations were queued with their wins, and are history now.
    celebrations = [r for r in rows if r.kind == "celebrate"]
    assert len(celebrations) == 8 and {r.status for r in celebrations} == {"skipped"}


def wins_of(deps) -> list[tuple]:
    with deps.session_factory() as session:
        wins = session.exec(select(Win).order_by(col(Win.id))).all()
    return [(w.user_id, w.client_name, w.amount_cents, w.currency, w.created_at) for w in wins]


def test_seeding_is_deterministic(tmp_path):
    seeded = []
    for name in ("one", "two"):
        with seeded_deps(f"sqlite:///{tmp_path / name}.db", "en") as deps:
            seed_demo(deps, lang="en", now=NOW)
            seeded.append(wins_of(deps))
    assert seeded[0] == seeded[1]
    # Every win on a working day, within the last three months.
    assert all(at.weekday() < 5 and NOW - at < timedelta(days=92) for *_, at in seeded[0])


@pytest.mark.parametrize(
    "now", [datetime(2026, 12, 6, 23, 0, tzinfo=AMS), datetime(2027, 1, 4, 9, tzinfo=AMS)]
)
def test_at_the_turn_of_the_year_there_is_a_next_meeting(tmp_path, now):
    with seeded_deps(f"sqlite:///{tmp_path / 'bot.db'}", "nl", now) as deps:
        seed_demo(deps, lang="nl", now=now)
        tab = home_tab(deps, team_id=TEAM, user_id="UREP3", lang="nl", admin=False)
        with deps.session_factory() as session:
            years = set(session.exec(select(Meeting.year)).all())
    assert tab.meeting is not None and tab.meeting.my_items
    assert tab.plan is not None and tab.plan.status == "agreed"
    assert date(2027, 1, 1).year in years
