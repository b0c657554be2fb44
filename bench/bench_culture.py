"""How long the sales-culture mirror takes for 200 reps and 5 years of history (run by hand).

    python bench/bench_culture.py [--reps 200] [--managers 20] [--years 5] [--runs 9]

Writes the team history of tests/support/history.py (wins, congratulations, meetings with
moves and ratings, agenda items, account plans, check-ins, 1:1 action points) into a fresh
SQLite file in a temporary directory, and into a fresh schema of TEST_POSTGRES_URL when that
is set. Then it times `bot.jobs.culture.mirror` (the /culture use case, the month so far and
its trends) for an admin (the whole team) and for one manager (their reps), and prints the
medians with their ratio to two baselines measured in the same process on the same database:
a plain `SELECT count(*)` of the team's wins, and the admin's mirror of an empty team.
The issue's target: under 1 s. Exit status 2 when a median misses it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.jobs.culture import mirror  # noqa: E402
from tests.support.history import DEFAULT_UNTIL, write_history  # noqa: E402
from tests.support.usecases import use_case_deps  # noqa: E402

TEAM, EMPTY = "T1", "TEMPTY"
TARGET_S = 1.0


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema on the server at `url` (dropped afterwards), as the tests use."""
    schema = "bench_" + uuid.uuid4().hex[:12]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def median_of(runs: int, work: Callable[[], object]) -> float:
    work()  # warm-up: caches, compiled statements
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(url: str, args: argparse.Namespace) -> dict[str, float]:
    with use_case_deps(url, now=DEFAULT_UNTIL) as deps:
        start = time.perf_counter()
        with deps.session_factory.write() as session:
            history = write_history(
                session, TEAM, seed=5, reps=args.reps, managers=args.managers, years=args.years
            )
        written = time.perf_counter() - start
        rows = sum(history.rows.values())
        print(f"  history: {rows} rows ({history.rows['win']} wins) written in {written:.1f} s")
        manager = history.managers[0]

        def count_wins() -> object:
            with deps.session_factory() as session:
                query = text("SELECT count(*) FROM win WHERE team_id = :team")
                return session.execute(query, {"team": TEAM}).scalar_one()

        return {
            "count": median_of(args.runs, count_wins),
            "empty": median_of(
                args.runs, lambda: mirror(deps, team_id=EMPTY, user_id="UADMIN", admin=True)
            ),
            "admin": median_of(
                args.runs, lambda: mirror(deps, team_id=TEAM, user_id=history.admin, admin=True)
            ),
            "manager": median_of(
                args.runs, lambda: mirror(deps, team_id=TEAM, user_id=manager, admin=False)
            ),
        }


def report(name: str, results: dict[str, float], args: argparse.Namespace) -> bool:
    per = args.reps // args.managers
    ms = {key: value * 1000 for key, value in results.items()}
    print(f"  SELECT count(*) of the wins:   median {ms['count']:8.1f} ms")
    print(f"  mirror, empty team (admin):    median {ms['empty']:8.1f} ms")
    for key, who in (("admin", f"admin, {args.reps} reps"), ("manager", f"manager, {per} reps")):
        print(
            f"  mirror, {who + ':':<22} median {ms[key]:8.1f} ms "
            f"({results[key] / results['count']:.0f}x the count, "
            f"{results[key] / results['empty']:.1f}x the empty team)"
        )
    ok = max(results["admin"], results["manager"]) < TARGET_S
    print(f"  target: the mirror under {TARGET_S:.0f} s on {name}: {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--managers", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print(
        f"mirror for {args.reps} reps, {args.managers} managers, {args.years} years of history; "
        f"medians of {args.runs} runs, now = {DEFAULT_UNTIL:%Y-%m-%d %H:%M %Z}"
    )
    passed = True
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (file):")
        passed &= report("SQLite", measure(f"sqlite:///{Path(tmp) / 'bench.db'}", args), args)
    postgres = os.environ.get("TEST_POSTGRES_URL")
    if postgres:
        print("PostgreSQL:")
        with postgres_schema(postgres) as url:
            passed &= report("PostgreSQL", measure(url, args), args)
    else:
        print("PostgreSQL: skipped (set TEST_POSTGRES_URL)")
    return 0 if passed else 2


if __name__ == "__main__":
    sys.exit(main())
