"""How long the per-minute scheduling pass takes for a team of 200 reps (run by hand).

    python bench/bench_schedule_pass.py [--reps 200] [--runs 15] [--database-url URL]

Sets up 200 reps with managers (20), account plans, 1:1 series and a year of meetings in a
fresh SQLite file (or the given database), then times `run_pass` at a quiet moment, when
nothing new is due (the steady state: every minute), and prints the median and the ratio to
the same pass over an empty database, measured in the same process.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.app import DUE_WORK
from bot.config import load_settings
from bot.jobs.schedule import run_pass
from storage import managers as manager_store
from storage import users as user_store
from storage.db import SessionFactory, make_engine, migrate
from storage.models import AccountPlan, Meeting, MeetingPlan, OneOnOneSeries

TEAM = "T1"


def populate(sessions: SessionFactory, reps: int, now: datetime) -> None:
    with sessions.write() as session:
        plan = MeetingPlan(
            team_id=TEAM,
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
                    team_id=TEAM,
                    plan_id=plan.id,
                    year=2027,
                    channel="C1",
                    starts_at=datetime(2027, 1, 4, 8, tzinfo=UTC) + timedelta(weeks=week),
                    duration_minutes=60,
                )
            )
        for i in range(reps):
            rep, manager = f"UREP{i:04d}", f"UMGR{i % 20:03d}"
            manager_store.set_manager(
                session=session, team_id=TEAM, rep_id=rep, manager_id=manager, by="U0", now=now
            )
            for user in (rep, manager):
                user_store.save_user(
                    session=session,
                    team_id=TEAM,
                    user_id=user,
                    locale="nl-NL",
                    tz="Europe/Amsterdam",
                    real_name=None,
                    is_admin=False,
                    now=now,
                )
            session.add(
                AccountPlan(
                    team_id=TEAM,
                    user_id=rep,
                    year=2027,
                    target_clients=12,
                    segment="x",
                    approach="y",
                    changed_by=rep,
                    changed_at=now,
                )
            )
            session.add(
                OneOnOneSeries(
                    team_id=TEAM,
                    manager_id=manager,
                    rep_id=rep,
                    freq="weekly",
                    interval=2,
                    weekday=i % 5,
                    at_minutes=600,
                    duration_minutes=30,
                    tz="Europe/Amsterdam",
                    first_day=date(2027, 1, 1),
                    created_by=manager,
                    created_at=now,
                )
            )


def time_passes(sessions: SessionFactory, settings, at: datetime, runs: int) -> list[float]:
    run_pass(
        session_factory=sessions, settings=settings, due_work=DUE_WORK, now=at
    )  # claims what is due
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_pass(session_factory=sessions, settings=settings, due_work=DUE_WORK, now=at)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "WINS_CHANNEL": "C0123456"}
    )
    at = datetime(2027, 3, 10, 11, 30, tzinfo=UTC)  # a Wednesday: nothing special due
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, reps in (("empty", 0), ("team", args.reps)):
            url = args.database_url or f"sqlite:///{Path(tmp) / f'{name}.db'}"
            engine = make_engine(url)
            migrate(engine)
            sessions = SessionFactory(engine)
            if reps:
                populate(sessions, reps, at - timedelta(days=80))
            results[name] = statistics.median(time_passes(sessions, settings, at, args.runs))
            engine.dispose()
    print(f"pass, empty database: median {results['empty'] * 1000:.1f} ms")
    print(
        f"pass, {args.reps} reps / 20 managers / {args.reps} 1:1 series: "
        f"median {results['team'] * 1000:.1f} ms ({results['team'] / results['empty']:.0f}x)"
    )


if __name__ == "__main__":
    main()
