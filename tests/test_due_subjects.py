"""The clock pass looks only at the reps and 1:1 series whose moment has come (on SQLite and
PostgreSQL): what it looks at is counted, what it queues is asserted, and a change to a
subject's schedule makes the next pass look at it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.jobs import checkins as checkin_jobs
from bot.jobs import oneonones as oneonone_jobs
from bot.jobs.schedule import LOOK_AGAIN_WITHIN, DueSubjects, PassResult, run_pass, sweep
from storage import managers as manager_store
from storage import oneonones as oneonone_store
from storage import schedule as schedule_store
from storage import users as user_store
from storage import workspaces as workspace_store
from storage.models import DueSubject, OneOnOneSeries
from tests.support.usecases import use_case_deps

TEAM = "T1"
AMS = ZoneInfo("Europe/Amsterdam")
# Wednesday: nothing of the check-ins is due (prompts Friday 15:00, digests Monday 09:00).
WEDNESDAY = datetime(2027, 4, 7, 12, 0, tzinfo=AMS)
FRIDAY = datetime(2027, 4, 9, 14, 0, tzinfo=AMS)
REPS = ("UANNA", "UBOB", "UCAS")
DUE_WORK = (checkin_jobs.DUE, oneonone_jobs.DUE)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=WEDNESDAY) as deps:
        with deps.session_factory.write() as session:
            for rep in REPS:
                manager_store.set_manager(
                    session=session,
                    team_id=TEAM,
                    rep_id=rep,
                    manager_id="UMGR",
                    by="UADMIN",
                    now=WEDNESDAY - timedelta(days=30),
                )
        yield deps


def tick(
    deps, now: datetime, *, swept: bool = False
) -> tuple[PassResult, dict[str, set[tuple[str, str]]]]:
    looked: dict[str, set[tuple[str, str]]] = {}
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=DUE_WORK,
        now=now,
        settings_for=deps.settings_for,
        sweep_subjects=swept,
        looked=looked,
    )
    return result, looked


def who(*users: str) -> set[tuple[str, str]]:
    return {(TEAM, user) for user in users}


EVERYONE = who(*REPS, "UMGR")


def stored(deps) -> dict[tuple[str, str, str], datetime]:
    with deps.session_factory() as session:
        rows = session.exec(select(DueSubject)).all()
        return {(row.source, row.team_id, row.subject): row.next_at for row in rows}


def add_series(deps, rep: str, *, weekday: int, created_at: datetime) -> int:
    with deps.session_factory.write() as session:
        series = OneOnOneSeries(
            team_id=TEAM,
            manager_id="UMGR",
            rep_id=rep,
            freq="weekly",
            interval=1,
            weekday=weekday,
            at_minutes=600,
            duration_minutes=30,
            tz="Europe/Amsterdam",
            first_day=created_at.date(),
            created_by="UMGR",
            created_at=created_at,
        )
        session.add(series)
        session.flush()
        return series.id or 0


def test_the_sweep_adds_new_subjects_and_forgets_gone_ones(deps):
    series_id = add_series(deps, "UANNA", weekday=0, created_at=WEDNESDAY - timedelta(days=9))
    sweep(deps.session_factory, DUE_WORK)
    people = {("checkins", TEAM, user) for user in (*REPS, "UMGR")}
    assert set(stored(deps)) == people | {("oneonones", TEAM, str(series_id))}
    with deps.session_factory.write() as session:
        manager_store.remove_manager(
            session=session, team_id=TEAM, rep_id="UCAS", manager_id="UMGR"
        )
        oneonone_store.end_series(session=session, series_id=series_id, now=WEDNESDAY)
    sweep(deps.session_factory, DUE_WORK)
    assert set(stored(deps)) == people - {("checkins", TEAM, "UCAS")}


def test_a_pass_looks_only_at_the_subjects_whose_moment_has_come(deps):
    _, looked = tick(deps, WEDNESDAY, swept=True)
    assert looked == {"checkins": EVERYONE}  # the three reps and their manager, new
    # Nothing due for days, yet each is looked at again within the hour, at its own minute.
    moments = stored(deps)
    assert all(WEDNESDAY < at <= WEDNESDAY + LOOK_AGAIN_WITHIN for at in moments.values())
    assert len(set(moments.values())) == len(moments)
    seen: list[tuple[str, str]] = []
    for minutes in range(1, 61):
        now = WEDNESDAY + timedelta(minutes=minutes)
        result, looked = tick(deps, now)
        assert result.queued == []
        for subject in looked.get("checkins", set()):
            seen.append(subject)
            assert moments[("checkins", *subject)] <= now  # its moment, not before
    assert sorted(seen) == sorted(EVERYONE)  # each once in the hour


def test_a_subject_is_looked_at_when_its_message_falls_due_and_gets_it_on_time(deps):
    tick(deps, FRIDAY - timedelta(minutes=50), swept=True)
    # Each rep's prompt is at 15:00: their next look is then at the latest.
    assert all(at <= FRIDAY + timedelta(hours=1) for at in stored(deps).values())
    result, looked = tick(deps, FRIDAY + timedelta(minutes=59))
    assert result.queued == []
    result, _ = tick(deps, FRIDAY + timedelta(hours=1))
    assert sorted(result.queued) == sorted(
        checkin_jobs.week_key(checkin_jobs.PROMPT_KIND, rep, date(2027, 4, 5)) for rep in REPS
    )


def test_a_rep_added_to_the_list_is_looked_at_in_the_next_pass(deps):
    tick(deps, FRIDAY + timedelta(minutes=50), swept=True)
    checkin_jobs.change_list(
        deps, team_id=TEAM, by="UADMIN", admin=True, added=True, text="<@UNEW>"
    )
    result, looked = tick(deps, FRIDAY + timedelta(minutes=51))
    assert who("UNEW") <= looked["checkins"] and result.queued == []
    result, looked = tick(deps, FRIDAY + timedelta(hours=1))
    assert "checkin_prompt:UNEW:2027-04-05" in result.queued


def test_a_zone_change_is_looked_at_in_the_next_pass_and_its_prompt_comes_on_time(deps):
    # 15:00 in Tokyo is 08:00 in Amsterdam: Anna's prompt then, once her zone is known.
    before = FRIDAY.replace(hour=7, minute=50)
    tick(deps, before, swept=True)
    with deps.session_factory.write() as session:
        user_store.save_user(
            session=session,
            team_id=TEAM,
            user_id="UANNA",
            locale="en-GB",
            tz="Asia/Tokyo",
            real_name=None,
            is_admin=False,
            now=before,
        )
    _, looked = tick(deps, before + timedelta(minutes=1))
    assert who("UANNA") <= looked["checkins"]
    assert stored(deps)[("checkins", TEAM, "UANNA")] <= FRIDAY.replace(hour=8, minute=0)
    result, _ = tick(deps, FRIDAY.replace(hour=8, minute=0))
    assert result.queued == ["checkin_prompt:UANNA:2027-04-05"]
    # Saving the same profile again changes nothing of the schedule.
    with deps.session_factory.write() as session:
        user_store.save_user(
            session=session,
            team_id=TEAM,
            user_id="UANNA",
            locale="nl-NL",
            tz="Asia/Tokyo",
            real_name="Anna",
            is_admin=False,
            now=before,
        )
    _, looked = tick(deps, FRIDAY.replace(hour=8, minute=1))
    assert "UANNA" not in {user for _, user in looked.get("checkins", set())}


def test_a_moved_1on1_is_looked_at_in_the_next_pass_and_nudged_on_time(deps):
    series_id = add_series(deps, "UANNA", weekday=0, created_at=WEDNESDAY - timedelta(days=9))
    tick(deps, WEDNESDAY, swept=True)
    assert stored(deps)[("oneonones", TEAM, str(series_id))] > WEDNESDAY + timedelta(minutes=2)
    # Next Monday's 1:1 moves to this afternoon: its nudges are due at once.
    new_start = WEDNESDAY.replace(hour=15)
    with deps.session_factory.write() as session:
        oneonone_store.change_day(
            session=session,
            team_id=TEAM,
            series_id=series_id,
            day=date(2027, 4, 12),
            action="move",
            new_starts_at=new_start,
            by="UMGR",
            now=WEDNESDAY,
        )
    result, looked = tick(deps, WEDNESDAY + timedelta(minutes=2))
    assert looked["oneonones"] == {(TEAM, str(series_id))}
    stamp = int(new_start.timestamp())
    assert sorted(result.queued) == [
        f"{kind}:UMGR:UANNA:2027-04-12:{stamp}"
        for kind in (oneonone_jobs.MANAGER_NUDGE, oneonone_jobs.REP_NUDGE)
    ]
    # Looked at again within the hour until its end: the nudges after it, on time.
    result, _ = tick(deps, new_start + timedelta(minutes=30))
    assert len(result.queued) == 2 and all("oneonone_after" in k for k in result.queued)


def test_saved_workspace_settings_make_the_next_pass_look_at_the_whole_team(deps):
    series_id = add_series(deps, "UANNA", weekday=0, created_at=WEDNESDAY - timedelta(days=9))
    tick(deps, WEDNESDAY, swept=True)
    with deps.session_factory.write() as session:
        workspace_store.save_settings(
            session=session,
            team_id=TEAM,
            chosen={"CHECKIN_TIME": "12:30"},
            by="UADMIN",
            now=WEDNESDAY,
        )
    _, looked = tick(deps, WEDNESDAY + timedelta(minutes=1))
    assert looked == {"checkins": EVERYONE, "oneonones": {(TEAM, str(series_id))}}


def test_a_dry_run_writes_nothing_but_reports_what_is_due(deps):
    before = stored(deps)
    looked: dict[str, set[tuple[str, str]]] = {}
    result = run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=DUE_WORK,
        now=FRIDAY + timedelta(hours=1),
        settings_for=deps.settings_for,
        dry_run=True,
        looked=looked,
    )
    assert len(result.queued) == 3 and looked == {"checkins": EVERYONE}
    assert stored(deps) == before


def test_the_full_computation_and_the_looks_agree(deps):
    add_series(deps, "UANNA", weekday=0, created_at=WEDNESDAY - timedelta(days=9))
    monday = datetime(2027, 4, 12, 11, 0, tzinfo=AMS)
    with deps.session_factory() as session:
        full = checkin_jobs.due_messages(session, deps.settings_for, monday)
        full += oneonone_jobs.due_messages(session, deps.settings_for, monday)
    result, _ = tick(deps, monday, swept=True)
    assert sorted(result.queued + result.skipped) == sorted(m.key for m in full)
    with deps.session_factory() as session:
        assert schedule_store.due_subjects(session=session, source="checkins", now=monday) == {}


def test_a_change_made_while_a_pass_looks_is_looked_at_in_the_next_pass(deps):
    tick(deps, WEDNESDAY, swept=True)
    later = WEDNESDAY + LOOK_AGAIN_WITHIN  # everyone's moment has come

    def look_while_anna_changes(session, settings_for, now, subjects):
        with deps.session_factory.write() as other:
            schedule_store.look_again(
                session=other, team_id=TEAM, source=schedule_store.CHECKINS, subject="UANNA"
            )
        return checkin_jobs.look(session, settings_for, now, subjects)

    racing = DueSubjects(
        schedule_store.CHECKINS, checkin_jobs.due_subjects, look_while_anna_changes
    )
    looked: dict[str, set[tuple[str, str]]] = {}
    run_pass(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=[racing],
        now=later,
        settings_for=deps.settings_for,
        sweep_subjects=False,
        looked=looked,
    )
    assert looked == {"checkins": EVERYONE}
    _, looked = tick(deps, later + timedelta(minutes=1))
    assert who("UANNA") <= looked["checkins"]  # her mark was not overwritten


def test_the_clock_learns_profiles_with_the_sweep_not_every_minute(deps):
    """Learning who needs a fresh profile reads everyone: the clock does it on its first pass
    and then with each sweep, not in every one-minute pass."""
    from bot.jobs.schedule import SWEEP_EVERY, Clock

    learned: list[int] = []
    clock = Clock(
        session_factory=deps.session_factory,
        settings=deps.settings,
        due_work=(checkin_jobs.DUE,),
        clock=deps.clock,
        on_queued=lambda: None,
        before_pass=lambda: learned.append(1),
        settings_for=deps.settings_for,
    )
    assert clock.tick() is not None and clock.tick() is not None
    assert len(learned) == 1
    assert clock.swept_at is not None
    clock.swept_at -= SWEEP_EVERY.total_seconds()
    clock.tick()
    assert len(learned) == 2
