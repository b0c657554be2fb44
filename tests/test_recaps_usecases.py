"""The recaps' due work, figures and renderers called directly (no HTTP, no Slack), on SQLite
and PostgreSQL: when each (month, quarter, year) falls due and goes stale, that it is claimed
once, and its numbers against a count made here by hand."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.domain.recaps import Period
from bot.jobs.outbox import Upload
from bot.jobs.recaps import (
    CHART_KIND,
    RECAP_KIND,
    chart_key,
    due_messages,
    period_recap,
    recap_chart,
    recap_key,
    render_recap,
)
from bot.jobs.schedule import run_pass
from bot.jobs.wins import remove_win
from storage import plans as plan_store
from storage import wins as win_store
from storage.db import SessionFactory, make_engine
from storage.models import OutboxMessage, Win
from storage.wins import WinRecord
from tests.support.usecases import use_case_deps
from tests.support.views import texts_of

AMS = ZoneInfo("Europe/Amsterdam")
TEAM = "T1"
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW) as deps:
        yield deps


def add_win(
    deps, at: datetime, *, user: str = "UANNA", client: str = "Acme", story: str | None = None
) -> int:
    with deps.session_factory.write() as session:
        win, _ = win_store.record_win(
            session=session,
            win=WinRecord(
                team_id=TEAM,
                user_id=user,
                client_name=client,
                year=at.astimezone(AMS).year,
                source_key=f"test:{at.isoformat()}:{user}:{client}",
                created_at=at,
                story=story,
            ),
            celebration_channel="CWINS0001",
        )
    assert win.id is not None
    return win.id


def congratulate(deps, win_id: int, *users: str) -> None:
    with deps.session_factory.write() as session:
        win = session.get(Win, win_id)
        for user in users:
            win_store.add_congratulation(session=session, win=win, user_id=user, now=NOW)


def give_plan(deps, user: str, target: int, *, shared: bool, year: int = 2027) -> None:
    fields = {"target_clients": target, "segment": "Bakeries", "value_cents": None}
    fields |= {"currency": None, "value_basis": None, "approach": "Visit them"}
    fields |= {"q1": None, "q2": None, "q3": None, "q4": None}
    with deps.session_factory.write() as session:
        plan_store.save_plan(
            session=session,
            team_id=TEAM,
            user_id=user,
            year=year,
            fields=fields,
            shared=shared,
            by=user,
            now=NOW,
        )


def due_keys(deps, at: datetime) -> list[str]:
    with deps.session_factory() as session:
        return [m.key for m in due_messages(session, deps.settings_for, at)]


def recap_of(deps, month: date | Period):
    period = month if isinstance(month, Period) else Period.of("month", month)
    with deps.session_factory() as session:
        return period_recap(session, deps.settings, team_id=TEAM, period=period)


def rendered(deps, month: date | Period, lang: str = "en") -> str:
    period = month if isinstance(month, Period) else Period.of("month", month)
    settings = deps.settings
    if lang != settings.bot_locale:
        from dataclasses import replace

        settings = replace(settings, bot_locale=lang)
    row = OutboxMessage(
        team_id=TEAM, key=recap_key(period), kind=RECAP_KIND, channel="CWINS0001",
        payload=json.dumps({"period": period.label}),
    )  # fmt: skip
    with deps.session_factory() as session:
        out = render_recap(row, session, settings)
    assert out.channel == "CWINS0001"
    return texts_of({"text": out.text, "blocks": out.blocks})


# ------------------------------------------------------------------------------ when it is due


def test_the_december_recap_waits_for_the_first_working_day_of_the_new_year(deps):
    add_win(deps, datetime(2026, 12, 3, 10, 0, tzinfo=AMS))
    # 1 January 2027 is New Year's Day (a Friday), then a weekend: Monday 4 January at 09:00.
    for early in (
        datetime(2027, 1, 1, 9, 0, tzinfo=AMS),
        datetime(2027, 1, 2, 9, 0, tzinfo=AMS),
        datetime(2027, 1, 3, 23, 59, tzinfo=AMS),
        datetime(2027, 1, 4, 8, 59, tzinfo=AMS),
    ):
        assert due_keys(deps, early) == []
    assert due_keys(deps, datetime(2027, 1, 4, 9, 0, tzinfo=AMS)) == [
        "recap:2026-12",
        "recap:2026-12:chart",
        "recap:2026-Q4",
        "recap:2026-Q4:chart",
        "recap:2026",
        "recap:2026:chart",
    ]


def test_a_month_starting_on_a_saturday_is_recapped_on_monday(deps):
    add_win(deps, datetime(2027, 4, 13, 10, 0, tzinfo=AMS))
    assert due_keys(deps, datetime(2027, 5, 1, 9, 0, tzinfo=AMS)) == []  # Saturday
    assert due_keys(deps, datetime(2027, 5, 2, 9, 0, tzinfo=AMS)) == []  # Sunday
    april = Period.of("month", date(2027, 4, 1))
    assert due_keys(deps, datetime(2027, 5, 3, 9, 0, tzinfo=AMS)) == [
        recap_key(april),
        chart_key(april),
    ]


def test_the_chart_follows_its_recap_into_the_same_channel(deps):
    add_win(deps, datetime(2027, 2, 3, 10, 0, tzinfo=AMS))
    with deps.session_factory() as session:
        post, chart = due_messages(
            session, deps.settings_for, datetime(2027, 3, 1, 9, 0, tzinfo=AMS)
        )
    assert (post.kind, chart.kind) == (RECAP_KIND, CHART_KIND)
    assert post.channel == chart.channel == deps.settings.wins_channel
    assert chart.payload["after_key"] == post.key == "recap:2027-02"
    assert post.stale_at - post.due_at == timedelta(days=3)  # Monday: three working days


def test_claimed_once_over_two_passes_and_a_restart(deps, database_url):
    add_win(deps, datetime(2027, 2, 3, 10, 0, tzinfo=AMS))
    at = datetime(2027, 3, 1, 9, 0, tzinfo=AMS)
    first = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=at,
    )
    assert first.queued == ["recap:2027-02", "recap:2027-02:chart"]
    again = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=at + timedelta(minutes=1),
    )
    assert again.queued == again.skipped == []
    engine = make_engine(database_url)  # a new process on the same database
    try:
        restarted = run_pass(
            session_factory=SessionFactory(engine),
            settings=deps.settings,
            due_work=[due_messages],
            now=at + timedelta(hours=2),
        )
    finally:
        engine.dispose()
    assert restarted.queued == restarted.skipped == []
    with deps.session_factory() as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == RECAP_KIND)).all()
    assert [row.key for row in rows] == ["recap:2027-02"]


@pytest.mark.parametrize(
    ("late", "posted"), [(timedelta(days=2, hours=23), True), (timedelta(days=3), False)]
)
def test_a_recap_missed_while_down_is_posted_only_while_useful(deps, late, posted):
    add_win(deps, datetime(2027, 2, 3, 10, 0, tzinfo=AMS))
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=datetime(2027, 3, 1, 9, 0, tzinfo=AMS) + late,
    )
    assert ("recap:2027-02" in result.queued) is posted
    assert ("recap:2027-02" in result.skipped) is not posted


def test_a_team_without_a_win_before_the_month_ended_gets_no_recap_of_it(deps):
    give_plan(deps, "UANNA", 12, shared=True)  # a plan alone: no wins celebrated yet
    add_win(deps, datetime(2027, 3, 1, 0, 30, tzinfo=AMS))  # March, local time
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=datetime(2027, 3, 1, 9, 0, tzinfo=AMS),
    )
    assert result.queued == result.skipped == []


# ------------------------------------------------------------------------------ the figures


def test_the_figures_against_a_direct_count(deps):
    rng = random.Random(12)
    reps = ["UANNA", "UBRAM", "UCHRIS", "UDIRK", "UEVA"]
    logged: list[tuple[int, datetime, str]] = []
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for n in range(160):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
        user = rng.choice(reps)
        logged.append((add_win(deps, at, user=user, client=f"Client {n}"), at, user))
    removed = set(rng.sample([win_id for win_id, _, _ in logged], 15))
    for win_id in removed:
        remove_win(deps, team_id=TEAM, user_id="UADMIN", win_id=win_id, is_admin=lambda: True)
    give_plan(deps, "UANNA", 12, shared=True)
    give_plan(deps, "UBRAM", 18, shared=True)
    give_plan(deps, "UCHRIS", 30, shared=False)  # private: no part of the pace
    counted = [(at.astimezone(AMS), user) for w, at, user in logged if w not in removed]
    for month in (date(2027, 1, 1), date(2027, 6, 1), date(2027, 12, 1)):
        before = date(2026, 12, 1) if month.month == 1 else month.replace(month=month.month - 1)
        in_month = [
            user for at, user in counted if (at.year, at.month) == (month.year, month.month)
        ]
        by_rep = Counter(in_month)
        top = max(by_rep.values())
        recap = recap_of(deps, month)
        assert recap.new_clients == len(in_month)
        assert recap.previous == sum(
            1 for at, _ in counted if (at.year, at.month) == (before.year, before.month)
        )
        assert recap.per_month == [
            sum(1 for at, _ in counted if (at.year, at.month) == (2027, m))
            for m in range(1, month.month + 1)
        ]
        assert recap.pace == 2.5  # (12 + 18) / 12
        assert recap.hunter_wins == top
        assert recap.hunters == sorted(rep for rep, n in by_rep.items() if n == top)


def test_a_win_just_after_midnight_on_the_first_counts_for_the_new_month(deps):
    add_win(deps, datetime(2027, 2, 28, 23, 30, tzinfo=UTC))  # 1 March 00:30 in Amsterdam
    assert recap_of(deps, date(2027, 2, 1)).new_clients == 0
    assert recap_of(deps, date(2027, 3, 1)).new_clients == 1


def test_hunters_tie_together_and_the_best_story_is_the_most_congratulated(deps):
    day = datetime(2027, 3, 10, 10, 0, tzinfo=AMS)
    plain = add_win(deps, day, user="UANNA", client="No story")
    told = add_win(
        deps, day, user="UBRAM", client="Bakery <Bros>", story="Met at a <!channel> fair"
    )
    quiet = add_win(deps, day + timedelta(hours=1), user="UANNA", client="Quiet", story="Cold call")
    gone = add_win(deps, day, user="UCHRIS", client="Gone", story="Most loved, but removed")
    add_win(deps, day, user="UBRAM", client="Second")
    congratulate(deps, plain, "UX1", "UX2", "UX3", "UX4")  # no story: never the story
    congratulate(deps, told, "UX1", "UX2")
    congratulate(deps, quiet, "UX1")
    congratulate(deps, gone, "UX1", "UX2", "UX3")
    remove_win(deps, team_id=TEAM, user_id="UCHRIS", win_id=gone, is_admin=lambda: False)
    recap = recap_of(deps, date(2027, 3, 1))
    assert (recap.hunters, recap.hunter_wins) == (["UANNA", "UBRAM"], 2)
    assert recap.story is not None and recap.story.win_id == told
    text = rendered(deps, date(2027, 3, 1))
    assert "Hunters of the month: <@UANNA> and <@UBRAM>, with 2 new clients each!" in text
    assert "*Bakery &lt;Bros&gt;* by <@UBRAM> (2 congratulations)" in text
    assert "> Met at a &lt;!channel&gt; fair" in text and "<!channel>" not in text
    assert "Gone" not in text and "UCHRIS" not in text


def test_the_recap_in_english_and_dutch(deps):
    give_plan(deps, "UANNA", 30, shared=True)
    add_win(deps, datetime(2027, 2, 1, 10, 0, tzinfo=AMS), user="UBRAM")
    for n in range(3):
        add_win(deps, datetime(2027, 3, 2 + n, 10, 0, tzinfo=AMS), user="UANNA", client=f"C{n}")
    en = rendered(deps, date(2027, 3, 1))
    assert "New clients in March 2027" in en
    assert "*3 new clients* in March 2027! 🎉 That is 2 more than in February (1)." in en
    assert "2.5 new clients a month (each yearly target ÷ 12): that is 0.5 ahead" in en
    assert "Hunter of the month: <@UANNA>, with 3 new clients!" in en
    assert "a chart of new clients per month in 2027" in en
    nl = rendered(deps, date(2027, 3, 1), "nl")
    assert "Nieuwe klanten in maart 2027" in nl
    assert "*3 nieuwe klanten* in maart 2027! 🎉 Dat zijn er 2 meer dan in februari (1)." in nl
    assert "2,5 nieuwe klanten per maand (elk jaardoel ÷ 12): dat is 0,5 vóór" in nl
    assert "Jager van de maand: <@UANNA>, met 3 nieuwe klanten!" in nl


def test_a_month_without_wins_still_gets_an_encouraging_recap(deps):
    give_plan(deps, "UANNA", 24, shared=True)
    add_win(deps, datetime(2027, 3, 2, 10, 0, tzinfo=AMS))
    en = rendered(deps, date(2027, 4, 1))
    assert "No new clients logged in April 2027" in en and "who opens the score for May?" in en
    assert "2 short of the pace. A fresh month to close the gap!" in en
    assert "Hunter" not in en and "Story of the month" not in en
    nl = rendered(deps, date(2027, 4, 1), "nl")
    assert "Geen nieuwe klanten genoteerd in april 2027" in nl and "score voor mei?" in nl
    assert "Jager" not in nl


def test_without_shared_plans_the_recap_invites_sharing_one(deps):
    give_plan(deps, "UANNA", 24, shared=False)
    add_win(deps, datetime(2027, 3, 2, 10, 0, tzinfo=AMS))
    text = rendered(deps, date(2027, 3, 1))
    assert "No account plans for 2027 are shared with the team yet" in text
    assert "24" not in text  # a private target stays private


def test_the_chart_is_a_png_titled_with_the_year_and_pace(deps):
    give_plan(deps, "UANNA", 18, shared=True)
    add_win(deps, datetime(2027, 1, 12, 10, 0, tzinfo=AMS))
    february = Period.of("month", date(2027, 2, 1))
    row = OutboxMessage(
        team_id=TEAM, key=chart_key(february), kind=CHART_KIND, channel="CWINS0001",
        # A row queued before quarters were recapped names its month.
        payload=json.dumps({"month": "2027-02", "after_key": recap_key(february)}),
    )  # fmt: skip
    with deps.session_factory() as session:
        upload = recap_chart(row, session, deps.settings)
    assert isinstance(upload, Upload)
    assert upload.content.startswith(b"\x89PNG") and len(upload.content) > 5000
    assert upload.filename == "new-clients-2027-02.png"
    assert upload.title == "New clients per month, 2027 (pace: 1.5 a month)"
    assert upload.alt_text == (
        "Bar chart of new clients per month in 2027: January 1, February 0. "
        "Pace of the shared account plans: 1.5 a month."
    )


def test_a_recap_caught_up_after_downtime_waits_for_a_working_day(deps):
    """Due on Friday 1 October; the bot is back on Saturday: nothing until Monday morning."""
    add_win(deps, datetime(2027, 9, 3, 10, 0, tzinfo=AMS))

    def pass_at(moment: datetime):
        return run_pass(
            session_factory=deps.session_factory,
            settings=deps.settings,
            due_work=[due_messages],
            now=moment,
        )

    saturday = pass_at(datetime(2027, 10, 2, 11, 0, tzinfo=AMS))
    assert saturday.queued == saturday.skipped == []
    monday = pass_at(datetime(2027, 10, 4, 8, 30, tzinfo=AMS))
    assert "recap:2027-09" in monday.queued


# ------------------------------------------------------------------------------ quarters and years


def test_periods_and_their_boundaries():
    q4 = Period.of("quarter", date(2026, 11, 17))
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2027, 1, 1), "2026-Q4")
    assert q4.previous() == Period.parse("2026-Q3") and q4.next() == Period.parse("2027-Q1")
    year = Period.of("year", date(2026, 6, 30))
    assert (year.start, year.end, year.label) == (date(2026, 1, 1), date(2027, 1, 1), "2026")
    assert year.previous() == Period.parse("2025")
    assert Period.parse("2027-03") == Period.of("month", date(2027, 3, 31))
    assert Period.of("month", date(2027, 1, 5)).previous().label == "2026-12"


def test_the_first_working_day_of_a_quarter_adds_the_quarters_recap_after_the_months(deps):
    add_win(deps, datetime(2027, 2, 3, 10, 0, tzinfo=AMS))
    assert due_keys(deps, datetime(2027, 4, 1, 9, 0, tzinfo=AMS)) == [  # a Thursday
        "recap:2027-03",
        "recap:2027-03:chart",
        "recap:2027-Q1",
        "recap:2027-Q1:chart",
    ]
    # Only the first month of a quarter ends one.
    assert due_keys(deps, datetime(2027, 5, 3, 9, 0, tzinfo=AMS)) == [
        "recap:2027-04",
        "recap:2027-04:chart",
    ]
    with deps.session_factory() as session:
        month, _, quarter, chart = due_messages(
            session, deps.settings_for, datetime(2027, 4, 1, 9, 0, tzinfo=AMS)
        )
    assert quarter.payload == {"period": "2027-Q1", "follows": "recap:2027-03"}
    assert "follows" not in month.payload
    assert chart.payload["after_key"] == "recap:2027-Q1"
    assert quarter.due_at == month.due_at and quarter.stale_at == month.stale_at


def test_quarter_and_year_figures_against_the_period_before(deps):
    give_plan(deps, "UANNA", 12, shared=True, year=2026)
    give_plan(deps, "UBRAM", 24, shared=True, year=2026)
    give_plan(deps, "UCHRIS", 40, shared=False, year=2026)  # private: no part of the pace
    for day, user in [
        (datetime(2025, 11, 3, 10, 0, tzinfo=AMS), "UANNA"),  # 2025, Q4
        (datetime(2026, 3, 31, 23, 30, tzinfo=AMS), "UBRAM"),  # Q1, late on its last day
        (datetime(2026, 4, 1, 0, 30, tzinfo=AMS), "UCHRIS"),  # Q2 from half past midnight
        (datetime(2026, 7, 6, 10, 0, tzinfo=AMS), "UANNA"),
        (datetime(2026, 9, 30, 16, 0, tzinfo=AMS), "UANNA"),
        (datetime(2026, 8, 12, 10, 0, tzinfo=AMS), "UBRAM"),
    ]:
        add_win(deps, day, user=user, client=f"C {day:%m%d%H}")
    gone = add_win(deps, datetime(2026, 9, 1, 10, 0, tzinfo=AMS), user="UBRAM", client="Gone")
    remove_win(deps, team_id=TEAM, user_id="UBRAM", win_id=gone, is_admin=lambda: False)
    q3 = recap_of(deps, Period.parse("2026-Q3"))
    assert (q3.new_clients, q3.previous) == (3, 1)
    assert (q3.pace, q3.target) == (3.0, 9.0)  # (12 + 24) / 12 a month, three months
    assert (q3.hunters, q3.hunter_wins) == (["UANNA"], 2)
    assert q3.per_month == [0, 0, 1, 1, 0, 0, 1, 1, 1]
    q1 = recap_of(deps, Period.parse("2026-Q1"))
    assert (q1.new_clients, q1.previous) == (1, 1)  # against 2025's fourth quarter
    year = recap_of(deps, Period.parse("2026"))
    assert (year.new_clients, year.previous, year.target) == (5, 1, 36.0)
    assert year.per_month == [0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0]
    text = rendered(deps, Period.parse("2026-Q3"))
    assert "*3 new clients* in Q3 2026! 🎉 That is 2 more than in Q2 (1)." in text
    assert "9 new clients a quarter (each yearly target ÷ 4): 6 short of the pace." in text
    assert "Hunter of the quarter: <@UANNA>, with 2 new clients!" in text
    text = rendered(deps, Period.parse("2026"), "nl")
    assert "*5 nieuwe klanten* in 2026! 🎉 Dat zijn er 4 meer dan in 2025 (1)." in text
    assert "36 nieuwe klanten in 2026: 31 onder het tempo." in text
    assert "Jagers van het jaar: <@UANNA> en <@UBRAM>, met elk 2 nieuwe klanten!" in text


def test_no_quarter_or_year_recap_without_a_new_client_in_it(deps):
    add_win(deps, datetime(2026, 9, 14, 10, 0, tzinfo=AMS))  # Q3 only
    removed = add_win(deps, datetime(2026, 11, 5, 10, 0, tzinfo=AMS), client="Gone")
    remove_win(deps, team_id=TEAM, user_id="UANNA", win_id=removed, is_admin=lambda: False)
    with deps.session_factory.write() as session:  # another team: a win in 2025 only
        win_store.record_win(
            session=session,
            win=WinRecord(
                team_id="T2", user_id="UZED", client_name="Old", year=2025,
                source_key="test:t2", created_at=datetime(2025, 6, 2, 10, 0, tzinfo=AMS),
            ),
            celebration_channel="CWINS0001",
        )  # fmt: skip
    with deps.session_factory() as session:
        found = due_messages(session, deps.settings_for, datetime(2027, 1, 4, 9, 0, tzinfo=AMS))
    assert [(m.team_id, m.key) for m in found] == [
        (TEAM, "recap:2026-12"),
        (TEAM, "recap:2026-12:chart"),
        (TEAM, "recap:2026"),
        (TEAM, "recap:2026:chart"),
        ("T2", "recap:2026-12"),
        ("T2", "recap:2026-12:chart"),
    ]
    # Without a fourth quarter the year's recap follows the month's.
    assert found[2].payload["follows"] == "recap:2026-12"


def test_month_quarter_and_year_claimed_once_in_order_over_two_passes_and_a_restart(
    deps, database_url
):
    add_win(deps, datetime(2026, 12, 3, 10, 0, tzinfo=AMS))
    at = datetime(2027, 1, 4, 9, 0, tzinfo=AMS)

    def pass_at(moment: datetime, factory=None):
        return run_pass(
            session_factory=factory or deps.session_factory,
            settings=deps.settings,
            due_work=[due_messages],
            now=moment,
        )

    keys = ["recap:2026-12", "recap:2026-Q4", "recap:2026"]
    assert pass_at(at).queued == [k for key in keys for k in (key, f"{key}:chart")]
    again = pass_at(at + timedelta(hours=1))
    assert again.queued == again.skipped == []
    engine = make_engine(database_url)  # a new process on the same database
    try:
        restarted = pass_at(at + timedelta(days=1), SessionFactory(engine))
    finally:
        engine.dispose()
    assert restarted.queued == restarted.skipped == []
    with deps.session_factory() as session:
        rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == RECAP_KIND).order_by(OutboxMessage.id)  # type: ignore[arg-type]
        ).all()
    assert [row.key for row in rows] == keys  # claimed, and so delivered, in this order


def test_a_friday_quarter_recap_missed_over_the_weekend_is_posted_on_monday(deps):
    """Due Friday 1 October 2027 at 09:00; stale after three working days (Wednesday)."""
    add_win(deps, datetime(2027, 8, 3, 10, 0, tzinfo=AMS))
    with deps.session_factory() as session:
        [_, _, quarter, _] = due_messages(
            session, deps.settings_for, datetime(2027, 10, 4, 10, 0, tzinfo=AMS)
        )
    assert quarter.stale_at == datetime(2027, 10, 6, 9, 0, tzinfo=AMS)
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=datetime(2027, 10, 4, 10, 0, tzinfo=AMS),  # Monday, a day and an hour "late"
    )
    assert result.queued[::2] == ["recap:2027-09", "recap:2027-Q3"]


@pytest.mark.parametrize(
    ("back", "posted"),
    [
        (datetime(2028, 6, 6, 10, 0, tzinfo=AMS), True),  # Tuesday after Whit Monday
        (datetime(2028, 6, 7, 8, 59, tzinfo=AMS), True),
        (datetime(2028, 6, 7, 9, 0, tzinfo=AMS), False),  # the third working day after
    ],
)
def test_staleness_counts_working_days_over_a_weekend_and_a_holiday(deps, back, posted):
    """May's recap is due Thursday 1 June 2028; Friday counts, the weekend and Whit Monday
    (5 June) do not: stale from Wednesday 7 June at 09:00."""
    add_win(deps, datetime(2028, 5, 10, 10, 0, tzinfo=AMS))
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[due_messages],
        now=back,
    )
    assert ("recap:2028-05" in result.queued) is posted
    assert ("recap:2028-05" in result.skipped) is not posted
