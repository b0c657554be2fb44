"""How long the per-minute scheduling pass takes for 200, 10,000 and 100,000 reps (run by hand).

    python bench/bench_schedule_pass.py [--sizes 200,10000,100000] [--runs 60] [--database-url URL]

For each size: reps with managers (one per 10 reps), a 1:1 series each, and a year of meetings
per team (one team up to 10,000 reps, 10 teams at 100,000), bulk-inserted in a fresh SQLite
file (or the given database, which must be empty). The first pass claims what is due and
stores every subject's next moment; an hour of passes, minute by minute, follows so the looks
spread as they do in a running bot (each subject is looked at again within the hour, at its
own minute).
Then the steady-state pass (nothing new due) is timed minute by minute for `--runs` minutes:
the median and the slowest, with how many subjects a pass looked at on average. Where affordable (up to 10,000 reps) the old computation, every rep
and series every minute, is timed in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.app import DUE_WORK
from bot.config import load_settings
from bot.jobs.schedule import DueSubjects, run_pass, sweep
from storage.db import SessionFactory, make_engine, migrate
from storage.models import ManagerLink, Meeting, MeetingPlan, OneOnOneSeries, SlackUser

REPS_PER_MANAGER = 10
REPS_PER_TEAM = 10_000
CHUNK = 5_000


def _bulk(sessions: SessionFactory, model: type, rows: list[dict]) -> None:
    table = model.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), CHUNK):
        with sessions.write() as session:
            session.connection().execute(insert(table), rows[start : start + CHUNK])


def populate(sessions: SessionFactory, reps: int, now: datetime) -> None:
    teams = [f"T{n}" for n in range(max(1, -(-reps // REPS_PER_TEAM)))]
    with sessions.write() as session:
        for team in teams:
            plan = MeetingPlan(
                team_id=team,
                year=2027,
                confirmed_year=2027,
                freq="weekly",
                interval=2,
                weekday=0,
                at_minutes=540,
                duration_minutes=60,
                channel="C1",
                status="confirmed",
                created_by="U0",
                created_at=now,
            )
            session.add(plan)
            session.flush()
            for week in range(0, 52, 2):
                session.add(
                    Meeting(
                        team_id=team,
                        plan_id=plan.id,
                        year=2027,
                        channel="C1",
                        starts_at=datetime(2027, 1, 4, 8, tzinfo=UTC) + timedelta(weeks=week),
                        duration_minutes=60,
                    )
                )
    links, users, series = [], [], []
    for i in range(reps):
        team = teams[i // REPS_PER_TEAM]
        rep, manager = f"UREP{i:06d}", f"UMGR{i // REPS_PER_MANAGER:05d}"
        links.append(
            {"team_id": team, "rep_id": rep, "manager_id": manager, "set_by": "U0", "set_at": now}
        )
        for user in (rep, manager) if i % REPS_PER_MANAGER == 0 else (rep,):
            users.append(
                {
                    "team_id": team,
                    "user_id": user,
                    "locale": "nl-NL",
                    "tz": "Europe/Amsterdam",
                    "is_admin": False,
                    "inactive": False,
                    "fetched_at": now,
                }
            )
        series.append(
            {
                "team_id": team,
                "manager_id": manager,
                "rep_id": rep,
                "freq": "weekly",
                "interval": 2,
                "weekday": i % 5,
                "at_minutes": 600,
                "duration_minutes": 30,
                "tz": "Europe/Amsterdam",
                "first_day": date(2027, 1, 1),
                "status": "active",
                "created_by": manager,
                "created_at": now,
            }
        )
    _bulk(sessions, ManagerLink, links)
    _bulk(sessions, SlackUser, users)
    _bulk(sessions, OneOnOneSeries, series)


def full_computation(due_work):
    """The old pass: every subject of every source, every minute."""

    def whole(source: DueSubjects):
        return lambda session, settings_for, now: source(session, settings_for, now)

    return [whole(s) if isinstance(s, DueSubjects) else s for s in due_work]


def timed(sessions, settings, due_work, at: datetime, runs: int, step: timedelta):
    times, looks = [], []
    for n in range(runs):
        looked: dict[str, set] = {}
        start = time.perf_counter()
        run_pass(
            session_factory=sessions,
            settings=settings,
            due_work=due_work,
            now=at + n * step,
            sweep_subjects=False,
            looked=looked,
        )
        times.append(time.perf_counter() - start)
        looks.append(sum(len(subjects) for subjects in looked.values()))
    return statistics.median(times), statistics.mean(looks), max(times)


def measure(url: str, reps: int, settings, runs: int, baseline: bool) -> dict[str, float]:
    at = datetime(2027, 3, 10, 11, 30, tzinfo=UTC)  # a Wednesday: nothing special due
    engine = make_engine(url)
    migrate(engine)
    sessions = SessionFactory(engine)
    out: dict[str, float] = {}
    started = time.perf_counter()
    populate(sessions, reps, at - timedelta(days=80))
    out["setup"] = time.perf_counter() - started
    started = time.perf_counter()
    sweep(sessions, DUE_WORK)
    run_pass(session_factory=sessions, settings=settings, due_work=DUE_WORK, now=at)
    out["first"] = time.perf_counter() - started
    minute = timedelta(minutes=1)
    for n in range(1, 61):  # an hour of passes: the looks spread over the minutes
        run_pass(
            session_factory=sessions,
            settings=settings,
            due_work=DUE_WORK,
            now=at + n * minute,
            sweep_subjects=False,
        )
    started = time.perf_counter()
    sweep(sessions, DUE_WORK)
    out["sweep"] = time.perf_counter() - started
    out["pass"], out["looked"], out["max"] = timed(
        sessions, settings, DUE_WORK, at + 61 * minute, runs, minute
    )
    if baseline:
        old = full_computation(DUE_WORK)
        out["old"], _, _ = timed(sessions, settings, old, at + 121 * minute, 5, minute)
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,10000,100000")
    parser.add_argument("--runs", type=int, default=60, help="minutes of steady passes timed")
    parser.add_argument("--baseline-up-to", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "WINS_CHANNEL": "C0123456"}
    )
    with tempfile.TemporaryDirectory() as tmp:
        for reps in (int(size) for size in args.sizes.split(",")):
            url = args.database_url or f"sqlite:///{Path(tmp) / f'reps{reps}.db'}"
            out = measure(url, reps, settings, args.runs, reps <= args.baseline_up_to)
            line = (
                f"{reps:>7} reps / {reps // REPS_PER_MANAGER} managers / {reps} 1:1 series: "
                f"steady pass median {out['pass'] * 1000:.1f} ms, max {out['max'] * 1000:.0f} ms "
                f"({out['looked']:.0f} subjects looked at a pass)"
            )
            if "old" in out:
                line += (
                    f"; old full computation {out['old'] * 1000:.1f} ms "
                    f"({out['old'] / out['pass']:.0f}x)"
                )
            print(line)
            print(
                f"        set-up {out['setup']:.1f} s, first pass (everyone) {out['first']:.1f} s,"
                f" sweep {out['sweep'] * 1000:.0f} ms (every 10 minutes)"
            )


if __name__ == "__main__":
    main()
