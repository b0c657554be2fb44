"""Ack time under load: `/newclient` at c=64 while the outbox drains a backlog, and on an empty
database against one holding a million wins, with a bare Bolt app measured in the same run.

    .venv/bin/python bench/bench_ack_load.py [--backlog 5000] [--wins 1000000] [--repeat 2]
        [--seconds 10] [--concurrency 64] [--database-url postgresql+psycopg://...] [--no-split]

Set-ups (each a fresh database and its own bot processes, all started before the first cell):
`all` (one process, SQLite) and `split` (`--role web` + `--role worker`, PostgreSQL: a fresh
schema of --database-url or TEST_POSTGRES_URL), each on an empty database and on one pre-filled
with --wins wins (COPY on PostgreSQL, executemany on SQLite). Every round runs, per set-up, an
idle cell and a cell started right after --backlog due messages (DMs and channel posts) were
inserted into the outbox; the p50/p99 of the backlog cell count only the requests answered
while the backlog drained. Figures are medians over --repeat rounds. See bench/README.md.

Exit status: 0 all targets met; 1 errors or a broken run; 2 a target missed; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_newclient import (  # noqa: E402
    ROOT,
    TEAM_ID,
    USERS,
    WINS_CHANNEL,
    Cell,
    Server,
    fire,
    fmt,
    free_port,
    median,
    server_env,
)

from storage.models import client_key  # noqa: E402

P99_TARGET_MS = 150.0
GROWTH_TARGET = 1.2
BACKLOG_CHANNEL = "CNEWS0001"
YEARS = 5


# --------------------------------------------------------------------------- databases


class Db:
    """Counts and bulk inserts on the bench's SQLite file or PostgreSQL schema."""

    def __init__(self, url: str, sqlite_path: Path | None = None, schema: str | None = None):
        self.url, self.sqlite_path, self.schema = url, sqlite_path, schema

    def _pg(self):
        import psycopg

        base = self.url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
        return psycopg.connect(base, options=f"-csearch_path={self.schema}", autocommit=True)

    def count(self, sql: str) -> int:
        if self.sqlite_path is not None:
            conn = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=30)
            try:
                return int(conn.execute(sql).fetchone()[0])
            finally:
                conn.close()
        with self._pg() as conn:
            return int(conn.execute(sql).fetchone()[0])

    def undelivered(self) -> int:
        return self.count("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")

    def explain(self, sql: str, params: tuple) -> list[str]:
        if self.sqlite_path is not None:
            conn = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True)
            try:
                rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                return [r[-1] for r in rows]
            finally:
                conn.close()
        with self._pg() as conn:
            rows = conn.execute(
                "EXPLAIN (ANALYZE, BUFFERS OFF) " + sql.replace("?", "%s"), params
            ).fetchall()
            return [r[0] for r in rows]


def migrate(url: str) -> None:
    from storage.db import make_engine
    from storage.db import migrate as run_migrations

    engine = make_engine(url)
    try:
        run_migrations(engine)
    finally:
        engine.dispose()


def fill_wins(db: Db, count: int, teams: int, seed: int = 7) -> float:
    """`count` wins spread over `teams` teams (the bench's among them) and YEARS years, created
    through each year up to now; seconds taken."""
    started = time.monotonic()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    team_ids = [TEAM_ID] + [f"TFILL{i:05d}" for i in range(teams - 1)]
    first_year = now.year - YEARS + 1

    def rows():
        for i in range(count):
            year = first_year + i % YEARS
            start = datetime(year, 1, 1, tzinfo=UTC)
            end = min(datetime(year + 1, 1, 1, tzinfo=UTC), now - timedelta(days=31))
            created = start + (end - start) * rng.random()
            cents = rng.randrange(100_000, 10_000_000) if i % 4 else None
            yield (
                team_ids[i % teams],
                USERS[(i // teams) % len(USERS)] if i % teams == 0 else f"UFILL{i % 997:04d}",
                f"Filled client {i}",
                cents,
                "EUR" if cents is not None else None,
                year,
                f"fill:{i}",
                created,
            )

    columns = (
        "team_id, user_id, client_name, amount_cents, currency, year, source_key, created_at, "
        "client_key"
    )
    if db.sqlite_path is not None:
        conn = sqlite3.connect(db.sqlite_path, timeout=60)
        try:
            # Stored as SQLAlchemy's SQLite DateTime writes it (the bot reads it back as UTC).
            fmt_ts = "%Y-%m-%d %H:%M:%S.%f"
            conn.executemany(
                f"INSERT INTO win ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((*r[:7], r[7].strftime(fmt_ts), client_key(r[2])) for r in rows()),
            )
            conn.commit()
            conn.execute("ANALYZE")
            conn.commit()
        finally:
            conn.close()
    else:
        with db._pg() as conn, conn.cursor() as cur:
            with cur.copy(f"COPY win ({columns}) FROM STDIN") as copy:
                for r in rows():
                    copy.write_row((*r, client_key(r[2])))
            cur.execute("ANALYZE win")
    return time.monotonic() - started


def queue_backlog(url: str, count: int) -> None:
    """`count` due messages of the outbox's built-in kind: DMs to the bench users and posts to
    a channel, alternately (inserted through the storage model, as queue_message stores them)."""
    from sqlalchemy import insert

    from storage.db import make_engine
    from storage.models import OutboxMessage

    now = datetime.now(UTC)
    tag = uuid.uuid4().hex[:8]
    rows = []
    for i in range(count):
        channel = USERS[i % len(USERS)] if i % 2 else BACKLOG_CHANNEL
        text = f"Backlog message {i}"
        payload = {"channel": channel, "text": text, "blocks": []}
        rows.append(
            {
                "team_id": TEAM_ID,
                "key": f"bench-backlog:{tag}:{i}",
                "kind": "message",
                "channel": channel,
                "payload": json.dumps(payload),
                "status": "pending",
                "attempts": 0,
                "maybe_sent": False,
                "next_attempt_at": now,
                "created_at": now,
                "win_id": None,
            }
        )
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(OutboxMessage.__table__), rows)  # type: ignore[attr-defined]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- set-ups


@dataclass
class Setup:
    name: str  # e.g. "all/empty"
    role: str  # all | split
    wins: int
    db: Db
    web: Server
    servers: list[Server]
    fill_seconds: float = 0.0
    idle: list[Cell] = field(default_factory=list)
    busy: list[Cell] = field(default_factory=list)  # requests answered while the backlog drained
    drains: list[float] = field(default_factory=list)
    undrained: int = 0


def start_setup(
    name: str, role: str, wins: int, teams: int, fake_url: str, tmp: Path, pg_url: str | None
) -> Setup:
    slug = name.replace("/", "-")
    if role == "all":
        path = tmp / f"{slug}.db"
        url = f"sqlite:///{path}"
        db = Db(url, sqlite_path=path)
    else:
        assert pg_url is not None
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        base = pg_url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in pg_url else "?"
        url = f"{pg_url}{sep}options=-csearch_path%3D{schema}"
        db = Db(url, schema=schema)
    migrate(url)
    fill_seconds = fill_wins(db, wins, teams) if wins else 0.0
    env_extra = {"DATABASE_URL": url, "WINS_CHANNEL": WINS_CHANNEL}
    servers: list[Server] = []
    web_port = free_port()
    argv = [sys.executable, "-m", "bot"]
    if role == "all":
        web = Server(
            name, argv, server_env(fake_url, web_port, **env_extra), web_port, tmp / f"{slug}.log"
        )
        servers.append(web)
    else:
        web = Server(
            f"{name} web",
            [*argv, "--role", "web"],
            server_env(fake_url, web_port, **env_extra),
            web_port,
            tmp / f"{slug}-web.log",
        )
        servers.append(web)
        worker_port = free_port()
        servers.append(
            Server(
                f"{name} worker",
                [*argv, "--role", "worker"],
                server_env(fake_url, worker_port, **env_extra),
                worker_port,
                tmp / f"{slug}-worker.log",
            )
        )
    for server in servers:
        server.wait_healthy()
    return Setup(name, role, wins, db, web, servers, fill_seconds)


def drop_schema(setup: Setup, pg_url: str) -> None:
    if setup.db.schema is None:
        return
    import psycopg

    base = pg_url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{setup.db.schema}" CASCADE')


def wait_drained(db: Db, budget: float) -> bool:
    deadline = time.monotonic() + budget
    while db.undelivered():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class DrainWatch(threading.Thread):
    """Polls the outbox until it is empty; `ended` is the wall-clock moment it was."""

    def __init__(self, db: Db, budget: float) -> None:
        super().__init__(daemon=True)
        self.db, self.budget = db, budget
        self.started = time.time()
        self.ended: float | None = None

    def run(self) -> None:
        while time.time() - self.started < self.budget:
            if self.db.undelivered() == 0:
                self.ended = time.time()
                return
            time.sleep(0.05)


# --------------------------------------------------------------------------- ack-path plans

# The ack path's queries as storage/wins.py issues them (find_win_by_source, latest_win_of_client,
# and the celebration's win_stats), for EXPLAIN on both databases.
ACK_QUERIES = {
    "find_win_by_source": (
        "SELECT * FROM win WHERE team_id = ? AND source_key = ? LIMIT 1",
        (TEAM_ID, "cmd:nope"),
    ),
    "latest_win_of_client (30 days)": (
        "SELECT * FROM win WHERE team_id = ? AND client_key = ? AND created_at >= ? "
        "AND removed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
        (TEAM_ID, "acme bv", None),
    ),
    "win_stats (celebration)": (
        "SELECT count(*) FILTER (WHERE user_id = ?), count(*), max(amount_cents) FILTER (WHERE id < ?) "
        "FROM win WHERE team_id = ? AND year = ? AND id <= ? AND removed_at IS NULL",
        (USERS[0], 10**9, TEAM_ID, datetime.now(UTC).year, 10**9),
    ),
}


def explain_all(setups: list[Setup]) -> None:
    since = datetime.now(UTC) - timedelta(days=30)
    for label, (sql, params) in ACK_QUERIES.items():
        print(f"  {label}:")
        for setup in setups:
            if setup.db.sqlite_path is not None:
                p = tuple(
                    since.strftime("%Y-%m-%d %H:%M:%S.%f") if v is None else v for v in params
                )
            else:
                p = tuple(since if v is None else v for v in params)
            try:
                plan = setup.db.explain(sql, p)
            except Exception as exc:  # noqa: BLE001 - a plan is informative, not essential
                plan = [f"{type(exc).__name__}: {exc}"]
            shown = [line.strip() for line in plan if "Planning" not in line][:4]
            print(f"    {setup.name:14} " + " | ".join(shown))


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backlog", type=int, default=5000, help="messages queued (default 5000)")
    parser.add_argument("--wins", type=int, default=1_000_000, help="pre-filled wins (default 1e6)")
    parser.add_argument("--teams", type=int, default=200, help="teams the wins spread over")
    parser.add_argument("--seconds", type=float, default=10.0, help="load per cell (default 10)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=2, help="rounds, medians quoted (default 2)")
    parser.add_argument("--database-url", default=os.environ.get("TEST_POSTGRES_URL", ""))
    parser.add_argument("--no-split", action="store_true", help="skip the PostgreSQL split set-ups")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    def on_sigterm(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    from bot.demo.standin import FakeSlack

    ctx = mp.get_context("spawn")
    tmp = Path(tempfile.mkdtemp(prefix="bench-ackload-"))
    keep = args.keep
    fake = FakeSlack(team_id=TEAM_ID).start()
    for user in USERS:
        fake.set_user(user, name=user[1:].lower(), locale="en-US")
    pg_url = None if args.no_split else (args.database_url or None)
    setups: list[Setup] = []
    bare: Server | None = None
    conc = args.concurrency
    try:
        plan = [("all", 0), ("all", args.wins)]
        if pg_url:
            plan += [("split", 0), ("split", args.wins)]
        else:
            print("bench: no PostgreSQL URL (--database-url / TEST_POSTGRES_URL): split skipped")
        for role, wins in plan:
            name = f"{role}/{'empty' if not wins else f'{wins:,} wins'}"
            setup = start_setup(name, role, wins, args.teams, fake.url, tmp, pg_url)
            setups.append(setup)
            print(
                f"bench: {name}: pid(s) {[s.proc.pid for s in setup.servers]}"
                + (f", {wins:,} wins written in {setup.fill_seconds:.1f} s" if wins else ""),
                flush=True,
            )
        bare_port = free_port()
        bare_env = server_env(fake.url, bare_port)
        del bare_env["SLACK_BOT_TOKEN"]
        bare = Server(
            "bare",
            [sys.executable, str(ROOT / "bench" / "bare_app.py")],
            bare_env,
            bare_port,
            tmp / "bare.log",
        )
        bare.wait_healthy()
        run_id = uuid.uuid4().hex[:6]
        response_url = fake.response_url("cmd")

        def cell(port: int, target: str, check: bool, seconds: float | None = None) -> Cell:
            return fire(
                ctx,
                target=target,
                port=port,
                run_id=run_id,
                response_url=response_url,
                concurrency=conc,
                seconds=seconds or args.seconds,
                max_requests=10**6,
                check_logged=check,
            )

        for setup in setups:  # warm-up, not counted
            cell(setup.web.port, setup.name, True, 1.0)
        cell(bare.port, "bare", False, 1.0)
        bare_cells: list[Cell] = []
        errors = unexpected = 0
        for round_no in range(args.repeat):
            c = cell(bare.port, "bare", False)
            bare_cells.append(c)
            errors += c.errors
            print(
                f"  round {round_no + 1} bare            {c.rps:7.1f} req/s p50 {fmt(c.pct_ms(0.5))} p99 {fmt(c.pct_ms(0.99))}",
                flush=True,
            )
            for setup in setups:
                wait_drained(setup.db, args.drain_timeout)
                c = cell(setup.web.port, setup.name, True)
                setup.idle.append(c)
                errors += c.errors
                unexpected += c.unexpected
                print(
                    f"  round {round_no + 1} {setup.name:15} idle    {c.rps:7.1f} req/s p50 {fmt(c.pct_ms(0.5))} p99 {fmt(c.pct_ms(0.99))} errors {c.errors}",
                    flush=True,
                )
                if not args.backlog:
                    continue
                wait_drained(setup.db, args.drain_timeout)
                queue_backlog(setup.db.url, args.backlog)
                watch = DrainWatch(setup.db, args.drain_timeout)
                watch.start()
                c = cell(setup.web.port, setup.name, True)
                errors += c.errors
                unexpected += c.unexpected
                watch.join(args.drain_timeout)
                end = watch.ended or time.time()
                drain = end - watch.started
                if watch.ended is None:
                    setup.undrained += 1
                during = c.between(watch.started, end)
                setup.busy.append(during)
                setup.drains.append(drain)
                print(
                    f"  round {round_no + 1} {setup.name:15} backlog {during.rps:7.1f} req/s p50 {fmt(during.pct_ms(0.5))} "
                    f"p99 {fmt(during.pct_ms(0.99))} ({during.requests} of {c.requests} requests while draining) "
                    f"drain {drain:.1f} s{'' if watch.ended else ' (NOT drained)'} errors {c.errors}",
                    flush=True,
                )

        # ---- table ---------------------------------------------------------------------------
        def figures(cells: list[Cell]) -> tuple[float, float, float]:
            return (
                median([x.rps for x in cells]),
                median([x.pct_ms(0.5) for x in cells]),
                median([x.pct_ms(0.99) for x in cells]),
            )

        b_rps, b_p50, b_p99 = figures(bare_cells)
        print()
        print(
            f"results at c={conc}, medians of {args.repeat} rounds of {args.seconds:g} s "
            f"(backlog: requests answered while {args.backlog} messages drained):"
        )
        print(
            f"{'set-up':22} {'cell':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'drain s':>8} {'msg/s':>7} {'x bare p99':>10} {'peak MiB':>9}"
        )
        print(
            f"{'bare Bolt':22} {'idle':8} {b_rps:8.1f} {fmt(b_p50):>8} {fmt(b_p99):>8} {'':>8} {'':>7} {'1.00':>10} {fmt(bare.peak_mib()):>9}"
        )
        for setup in setups:
            peak = "/".join(fmt(s.peak_mib()) for s in setup.servers)
            rps, p50, p99 = figures(setup.idle)
            print(
                f"{setup.name:22} {'idle':8} {rps:8.1f} {fmt(p50):>8} {fmt(p99):>8} {'':>8} {'':>7} {fmt(p99 / b_p99, 2):>10} {peak:>9}"
            )
            if setup.busy:
                rps, p50, p99 = figures(setup.busy)
                d = median(setup.drains)
                print(
                    f"{'':22} {'backlog':8} {rps:8.1f} {fmt(p50):>8} {fmt(p99):>8} {fmt(d):>8} {fmt(args.backlog / d, 0):>7} {fmt(p99 / b_p99, 2):>10}"
                )
        print()
        print("million wins / empty (same role, same run):")
        verdicts: list[tuple[bool, str]] = []
        by_name = {s.name: s for s in setups}
        for role in ("all", "split"):
            empty = by_name.get(f"{role}/empty")
            full = next((s for s in setups if s.role == role and s.wins), None)
            if empty is None or full is None:
                continue
            e_rps, e_p50, e_p99 = figures(empty.idle)
            f_rps, f_p50, f_p99 = figures(full.idle)
            print(
                f"  {role:5} idle: req/s {f_rps / e_rps:.2f}x, p50 {f_p50 / e_p50:.2f}x, p99 {f_p99 / e_p99:.2f}x"
            )
            ratio = f_p50 / e_p50
            verdicts.append(
                (
                    ratio <= GROWTH_TARGET,
                    f"{role}: p50 ack on {full.wins:,} wins within {GROWTH_TARGET}x of empty: {ratio:.2f}x (p99 {f_p99 / e_p99:.2f}x)",
                )
            )
            if empty.busy and full.busy:
                print(
                    f"  {role:5} backlog: req/s {figures(full.busy)[0] / figures(empty.busy)[0]:.2f}x, "
                    f"p99 {figures(full.busy)[2] / figures(empty.busy)[2]:.2f}x, drain {median(full.drains) / median(empty.drains):.2f}x"
                )
        for setup in setups:
            if setup.busy:
                p99 = figures(setup.busy)[2]
                verdicts.append(
                    (
                        p99 <= P99_TARGET_MS and not setup.undrained,
                        f"{setup.name}: p99 ack at c={conc} while {args.backlog} drain <= {P99_TARGET_MS:.0f} ms: {fmt(p99)} ms",
                    )
                )
        print()
        print("ack-path query plans:")
        explain_all(setups)
        print()
        print("targets:")
        for ok, text in verdicts:
            print(f"  {'PASS' if ok else 'FAIL'}  {text}")
        print(f"  {'PASS' if not errors else 'FAIL'}  no request errors: {errors}")
        if unexpected:
            print(f"  note: {unexpected} answers without 'is logged'")
        for setup in setups:
            for server in setup.servers:
                tb = sum(
                    1 for line in server.log_lines() if "Traceback" in line or " ERROR " in line
                )
                if tb:
                    print(
                        f"  note: {server.name} log has {tb} ERROR/Traceback lines ({server.log_path})"
                    )
                    keep = True
        if errors:
            keep = True
            return 1
        return 0 if all(ok for ok, _ in verdicts) else 2
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        keep = True
        import traceback

        traceback.print_exc()
        print(f"bench: FAIL: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        for server in [bare] + [s for st in setups for s in st.servers]:
            if server is not None:
                with contextlib.suppress(Exception):
                    server.stop()
        fake.stop()
        if pg_url:
            for setup in setups:
                with contextlib.suppress(Exception):
                    drop_schema(setup, pg_url)
        if keep:
            print(f"bench: logs and databases kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
