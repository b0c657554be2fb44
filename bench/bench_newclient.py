"""Load benchmark for `/newclient` quick logs: the real bot (`python -m bot`, HTTP mode) against a
bare Bolt app on the same HTTP stack, both answering correctly signed slash commands.

    .venv/bin/python bench/bench_newclient.py [--seconds 10] [--concurrency 1,16,64] [--repeat 1]

Prints throughput, ack latency (p50/p99), errors and peak memory per target and concurrency, the
bot/bare ratios, an exactly-once check (wins stored == "is logged" answers == celebrations the
fake Slack received) and the issue's targets with PASS/FAIL. See bench/README.md.

Exit status: 0 all good; 1 request errors, exactly-once failure or a broken run; 2 only a
performance target was missed; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import multiprocessing as mp
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SIGNING_SECRET = "bench-signing-secret"
TEAM_ID = "T123"
WINS_CHANNEL = "CWINS0001"
USERS = ("UANNA", "UBRAM", "UCHRIS", "UDIRK", "UEVA", "UFRED")
LOGGED = "is logged"
REQUEST_TIMEOUT = 15.0  # seconds; a request slower than this counts as an error
P99_TARGET_MS = 100.0
P99_TARGET_CONCURRENCY = 16
THROUGHPUT_TARGET = 0.5


# --------------------------------------------------------------------------- load generator
# Runs in worker processes (spawned), so it must stay importable and free of side effects.


def _command_body(run_id: str, worker: str, n: int, response_url: str) -> str:
    user = USERS[n % len(USERS)]
    form = {
        "token": "legacy",
        "team_id": TEAM_ID,
        "team_domain": "bench",
        "channel_id": "CSALES0001",
        "channel_name": "sales",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/newclient",
        # Unique per cell and connection: a client logged in the last 30 days by anyone is
        # asked about ("Log it again?") instead of logged.
        "text": f"Client {run_id}{worker} {n} {1 + n % 90}k",
        "response_url": response_url,
        "trigger_id": f"bench.{run_id}.{worker}.{n}.{uuid.uuid4().hex}",
        "api_app_id": "AFAKEAPP",
    }
    return urlencode(form)


def _thread_loop(port, secret, run_id, worker, response_url, deadline, cap, out, check_logged):
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(secret)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    latencies: list[float] = []
    ends: list[float] = []  # wall-clock end of each answered request (comparable across processes)
    errors = 0
    logged = 0
    unexpected = 0
    samples: list[str] = []
    n = 0
    while n < cap and time.monotonic() < deadline:
        n += 1
        body = _command_body(run_id, worker, n, response_url)
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=body),
        }
        started = time.perf_counter()
        try:
            conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors += 1
            if len(samples) < 3:
                samples.append(f"{type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            continue
        elapsed = time.perf_counter() - started
        if response.will_close:
            conn.close()
        if response.status != 200:
            errors += 1
            if len(samples) < 3:
                samples.append(f"HTTP {response.status}: {data[:200]!r}")
            continue
        latencies.append(elapsed)
        ends.append(time.time())
        if check_logged:
            try:
                text = json.loads(data or b"{}").get("text", "")
            except ValueError:
                text = ""
            if LOGGED in text:
                logged += 1
            else:
                unexpected += 1
                if len(samples) < 3:
                    samples.append(f"200 without {LOGGED!r}: {data[:200]!r}")
    conn.close()
    out.append(
        {
            "latencies": latencies,
            "ends": ends,
            "errors": errors,
            "logged": logged,
            "unexpected": unexpected,
            "samples": samples,
            "end": time.monotonic(),
        }
    )


def load_worker(
    index, port, secret, run_id, response_url, threads, seconds, cap, check_logged, barrier, results
):
    """One load process: `threads` threads, each with one persistent HTTP/1.1 connection."""
    try:
        barrier.wait()
        deadline = time.monotonic() + seconds
        out: list[dict] = []
        pool = [
            threading.Thread(
                target=_thread_loop,
                args=(
                    port,
                    secret,
                    run_id,
                    f"p{index}t{i}",
                    response_url,
                    deadline,
                    cap,
                    out,
                    check_logged,
                ),
                daemon=True,
            )
            for i in range(threads)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        results.put(out)
    except KeyboardInterrupt:
        pass


# --------------------------------------------------------------------------- measurement


@dataclass
class Cell:
    target: str
    concurrency: int
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    logged: int
    unexpected: int
    samples: list[str] = field(default_factory=list)
    drain_seconds: float | None = None
    ends: list[float] = field(default_factory=list)  # time.time() each latency's request ended

    def between(self, start: float, end: float) -> Cell:
        """The requests of this cell that ended in [start, end] (wall clock), as a cell."""
        picked = [
            lat for lat, t in zip(self.latencies, self.ends, strict=True) if start <= t <= end
        ]
        seconds = max(
            0.0, min(end, max(self.ends, default=end)) - max(start, min(self.ends, default=start))
        )
        return Cell(self.target, self.concurrency, len(picked), seconds, picked, 0, 0, 0)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def pct_ms(self, q: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))] * 1000


def fire(
    ctx,
    *,
    target: str,
    port: int,
    run_id: str,
    response_url: str,
    concurrency: int,
    seconds: float,
    max_requests: int,
    check_logged: bool,
) -> Cell:
    """Fire signed /newclient commands at `port` for `seconds` (or `max_requests`) from
    `concurrency` connections spread over min(concurrency, 4) processes."""
    nprocs = min(concurrency, 4)
    split = [concurrency // nprocs + (1 if i < concurrency % nprocs else 0) for i in range(nprocs)]
    cap = max(1, math.ceil(max_requests / concurrency))
    run_id = f"{run_id}{uuid.uuid4().hex[:4]}"  # client names unique per cell
    barrier = ctx.Barrier(nprocs + 1, timeout=60)
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=load_worker,
            args=(
                i,
                port,
                SIGNING_SECRET,
                run_id,
                response_url,
                split[i],
                seconds,
                cap,
                check_logged,
                barrier,
                results,
            ),
            daemon=True,
        )
        for i in range(nprocs)
    ]
    try:
        for w in workers:
            w.start()
        barrier.wait()
        started = time.monotonic()
        outs: list[dict] = []
        for _ in workers:
            outs.extend(results.get(timeout=seconds + REQUEST_TIMEOUT + 30))
        for w in workers:
            w.join(timeout=10)
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join(timeout=5)
    latencies = [x for o in outs for x in o["latencies"]]
    ends = [x for o in outs for x in o["ends"]]
    errors = sum(o["errors"] for o in outs)
    return Cell(
        target=target,
        concurrency=concurrency,
        requests=len(latencies) + errors,
        seconds=max(o["end"] for o in outs) - started,
        latencies=latencies,
        errors=errors,
        logged=sum(o["logged"] for o in outs),
        unexpected=sum(o["unexpected"] for o in outs),
        samples=[s for o in outs for s in o["samples"]][:5],
        ends=ends,
    )


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server subprocess with its log in a file."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], port: int, log_path: Path
    ) -> None:
        self.name, self.port, self.log_path = name, port, log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/healthz"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"{self.name} did not answer GET /healthz with 200 within {timeout:.0f} s:\n{self.log_tail()}"
        )

    def peak_mib(self) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return math.nan

    def log_lines(self) -> list[str]:
        self.log.flush()
        return self.log_path.read_text(errors="replace").splitlines()

    def log_tail(self, n: int = 30) -> str:
        return "\n".join(self.log_lines()[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


def server_env(fake_url: str, port: int, **extra: str) -> dict[str, str]:
    drop = (
        "SLACK_",
        "DATABASE_URL",
        "WINS_CHANNEL",
        "PORT",
        "BOT_LOCALE",
        "TEAM_TIMEZONE",
        "LOG_LEVEL",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_url,
            "PORT": str(port),
            "SALESBOT_ENV_FILE": "/nonexistent",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def db_count(db_path: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def undelivered(db_path: Path) -> int:
    # Skipped and failed rows are settled too (a stale recap the clock queued is skipped).
    return db_count(db_path, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")


def wait_drained(db_path: Path, budget: float) -> tuple[bool, float]:
    """Wait until the bot's outbox is empty, at most `budget` seconds; (drained, seconds waited)."""
    started = time.monotonic()
    while True:
        if undelivered(db_path) == 0:
            return True, time.monotonic() - started
        if time.monotonic() - started >= budget:
            return False, time.monotonic() - started
        time.sleep(0.1)


# --------------------------------------------------------------------------- report


def log_problems(lines: list[str]) -> Counter:
    """Count WARNING/ERROR lines (and tracebacks) per level, logger and message start."""
    groups: Counter = Counter()
    for line in lines:
        parts = line.split(" ", 4)
        if len(parts) == 5 and parts[2] in ("WARNING", "ERROR", "CRITICAL"):
            message = parts[4]
            if message.startswith("Task queue depth"):
                message = "Task queue depth is N"
            groups[f"{parts[2]} {parts[3]} {message[:70]}"] += 1
        elif line.startswith("Traceback"):
            groups["Traceback"] += 1
    return groups


def fmt(value: float, digits: int = 1) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def median(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else math.nan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="load per cell (default 10)")
    parser.add_argument(
        "--concurrency", default="1,16,64", help="comma-separated (default 1,16,64)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; figures are medians over rounds (default 1)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        help="warm-up seconds per target, not counted (default 1)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="hard cap per cell (default 50000)"
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=120.0,
        help="total seconds to wait for the bot's outbox to drain (default 120)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (database, logs)"
    )
    args = parser.parse_args(argv)
    concurrencies = [int(c) for c in args.concurrency.split(",") if c.strip()]
    if not concurrencies or min(concurrencies) < 1 or args.repeat < 1:
        parser.error("concurrency values and --repeat must be >= 1")

    def on_sigterm(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    from bot.demo.standin import FakeSlack

    ctx = mp.get_context("spawn")
    run_id = uuid.uuid4().hex[:8]
    tmp = Path(tempfile.mkdtemp(prefix="bench-newclient-"))
    db_path = tmp / "bench.db"
    keep = args.keep
    fake = FakeSlack(team_id=TEAM_ID).start()
    for user in USERS:
        fake.set_user(user, name=user[1:].lower(), locale="en-US")
    servers: list[Server] = []
    try:
        bot_port, bare_port = free_port(), free_port()
        bot = Server(
            "bot",
            [sys.executable, "-m", "bot"],
            server_env(
                fake.url, bot_port, DATABASE_URL=f"sqlite:///{db_path}", WINS_CHANNEL=WINS_CHANNEL
            ),
            bot_port,
            tmp / "bot.log",
        )
        servers.append(bot)
        bare_env = server_env(fake.url, bare_port)
        del bare_env["SLACK_BOT_TOKEN"]  # its WebClient has the token; Bolt would warn about both
        bare = Server(
            "bare",
            [sys.executable, str(ROOT / "bench" / "bare_app.py")],
            bare_env,
            bare_port,
            tmp / "bare.log",
        )
        servers.append(bare)
        bot.wait_healthy()
        bare.wait_healthy()
        print(
            f"bench: bot pid {bot.proc.pid} on :{bot_port}, bare Bolt pid {bare.proc.pid} on :{bare_port}, "
            f"fake Slack {fake.url}, {os.cpu_count()} CPUs, {args.seconds:g} s per cell, "
            f"concurrency {concurrencies}, {args.repeat} round(s)",
            flush=True,
        )

        response_url = fake.response_url("cmd")
        targets = {"bare": bare, "bot": bot}
        cells: dict[tuple[str, int], list[Cell]] = {}
        logged_total = 0
        drain_budget = args.drain_timeout
        drain_failed = False

        def drain(label: str) -> float | None:
            nonlocal drain_budget, drain_failed
            backlog = undelivered(db_path)
            ok, waited = wait_drained(db_path, max(drain_budget, 0.0))
            drain_budget -= waited
            if not ok:
                drain_failed = True
                print(
                    f"  !! outbox not drained after {label}: {undelivered(db_path)} of {backlog} still "
                    f"undelivered after {waited:.1f} s",
                    flush=True,
                )
                return None
            return waited

        for round_no in range(args.repeat):
            for name, server in targets.items():
                is_bot = name == "bot"
                if round_no == 0 and args.warmup > 0:
                    warm = fire(
                        ctx,
                        target=name,
                        port=server.port,
                        run_id=run_id,
                        response_url=response_url,
                        concurrency=4,
                        seconds=args.warmup,
                        max_requests=args.max_requests,
                        check_logged=is_bot,
                    )
                    logged_total += warm.logged
                    print(
                        f"  warm-up {name}: {warm.requests} requests, {warm.errors} errors",
                        flush=True,
                    )
                    if is_bot:
                        drain("warm-up")
                for conc in concurrencies:
                    cell = fire(
                        ctx,
                        target=name,
                        port=server.port,
                        run_id=run_id,
                        response_url=response_url,
                        concurrency=conc,
                        seconds=args.seconds,
                        max_requests=args.max_requests,
                        check_logged=is_bot,
                    )
                    logged_total += cell.logged
                    backlog = undelivered(db_path) if is_bot else 0
                    if is_bot:
                        cell.drain_seconds = drain(f"{name} c={conc}")
                    cells.setdefault((name, conc), []).append(cell)
                    extra = (
                        f", outbox backlog {backlog} drained in {fmt(cell.drain_seconds)} s"
                        if is_bot
                        else ""
                    )
                    print(
                        f"  round {round_no + 1} {name:4} c={conc:<3} {cell.requests:6} req  {cell.rps:7.1f} req/s  "
                        f"p50 {fmt(cell.pct_ms(0.50), 2)} ms  p99 {fmt(cell.pct_ms(0.99), 2)} ms  "
                        f"errors {cell.errors}{extra}",
                        flush=True,
                    )
                    for sample in cell.samples:
                        print(f"      sample: {sample}", flush=True)

        # ---- exactly once (after the last drain) -----------------------------------------------
        drained, _ = wait_drained(db_path, max(drain_budget, 0.0))
        peaks = {name: server.peak_mib() for name, server in targets.items()}
        wins = db_count(db_path, "SELECT count(*) FROM win")
        outbox_rows = db_count(db_path, "SELECT count(*) FROM outbox")
        left = undelivered(db_path)
        posts = [
            c
            for c in fake.calls_to("chat.postMessage", ok_only=True)
            if c.get("channel") == WINS_CHANNEL
        ]
        failed_posts = len(fake.calls_to("chat.postMessage")) - len(
            fake.calls_to("chat.postMessage", ok_only=True)
        )
        keys = Counter(
            ((p.get("metadata") or {}).get("event_payload") or {}).get("outbox_key") for p in posts
        )
        duplicate_keys = sum(n - 1 for n in keys.values() if n > 1)
        api_calls = Counter(c.method for c in fake.calls)

        # ---- table -------------------------------------------------------------------------
        total_errors = sum(c.errors for cs in cells.values() for c in cs)
        total_unexpected = sum(c.unexpected for cs in cells.values() for c in cs)
        print()
        note = f" (medians of {args.repeat} rounds)" if args.repeat > 1 else ""
        print(f"results{note}:")
        print(
            f"{'target':6} {'conc':>4} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
            f"{'peak MiB':>8} {'drain s':>7}"
        )
        summary: dict[tuple[str, int], tuple[float, float, float]] = {}
        for name in targets:
            for conc in concurrencies:
                cs = cells[(name, conc)]
                rps = median([c.rps for c in cs])
                p50 = median([c.pct_ms(0.50) for c in cs])
                p99 = median([c.pct_ms(0.99) for c in cs])
                summary[(name, conc)] = (rps, p50, p99)
                drain_s = median(
                    [c.drain_seconds if c.drain_seconds is not None else math.nan for c in cs]
                )
                print(
                    f"{name:6} {conc:>4} {median([c.requests for c in cs]):>8.0f} {rps:>8.1f} {fmt(p50, 2):>8} "
                    f"{fmt(p99, 2):>8} {sum(c.errors for c in cs):>6} {fmt(peaks[name]):>8} "
                    f"{fmt(drain_s) if name == 'bot' else '':>7}"
                )
        print(
            "(peak MiB = VmHWM of the server process over the whole run; drain s = time after the cell "
            "until the bot's outbox was empty)"
        )
        print()
        print("bot / bare:")
        print(f"{'conc':>4} {'throughput':>10} {'p99':>8}")
        for conc in concurrencies:
            bot_rps, _, bot_p99 = summary[("bot", conc)]
            bare_rps, _, bare_p99 = summary[("bare", conc)]
            print(
                f"{conc:>4} {fmt(bot_rps / bare_rps if bare_rps else math.nan, 2):>9}x "
                f"{fmt(bot_p99 / bare_p99 if bare_p99 else math.nan, 2):>7}x"
            )
        print()
        print(
            f"fake Slack calls: {dict(sorted(api_calls.items()))} (chat.postMessage not ok: {failed_posts})"
        )
        for server in (bot, bare):
            groups = log_problems(server.log_lines())
            if groups:
                print(
                    f"{server.name} log, warnings/errors by logger: "
                    + "; ".join(f"{n} x {what}" for what, n in groups.most_common(6))
                )
        if total_unexpected:
            print(f"bot answered 200 without {LOGGED!r} {total_unexpected} times")

        # ---- exactly once ------------------------------------------------------------------------
        print()
        exactly_once = (
            drained
            and left == 0
            and wins == logged_total == len(posts) == outbox_rows
            and duplicate_keys == 0
        )
        figures = (
            f"wins {wins}, '{LOGGED}' answers {logged_total}, celebrations posted to {WINS_CHANNEL} {len(posts)}, "
            f"outbox rows {outbox_rows} ({left} undelivered), duplicate outbox keys {duplicate_keys}"
        )
        if exactly_once:
            print(f"exactly once: OK ({figures})")
        else:
            print(
                f"exactly once: FAIL ({figures}{'' if drained else '; outbox did not drain in time'})"
            )

        # ---- targets --------------------------------------------------------------------------
        print()
        print(
            f"target: p99 ack < {P99_TARGET_MS:.0f} ms at concurrency {P99_TARGET_CONCURRENCY}, "
            f"throughput >= {THROUGHPUT_TARGET} x bare, no errors, every win celebrated exactly once"
        )
        perf_ok = True
        if P99_TARGET_CONCURRENCY in concurrencies:
            p99 = summary[("bot", P99_TARGET_CONCURRENCY)][2]
            ok = p99 < P99_TARGET_MS
            perf_ok &= ok
            print(
                f"  {'PASS' if ok else 'FAIL'}  p99 ack at concurrency {P99_TARGET_CONCURRENCY}: "
                f"{fmt(p99, 2)} ms (bare {fmt(summary[('bare', P99_TARGET_CONCURRENCY)][2], 2)} ms)"
            )
        else:
            print(f"  SKIP  p99 ack at concurrency {P99_TARGET_CONCURRENCY}: not measured")
        ratios = {
            c: summary[("bot", c)][0] / summary[("bare", c)][0]
            if summary[("bare", c)][0]
            else math.nan
            for c in concurrencies
        }
        ok = all(r >= THROUGHPUT_TARGET for r in ratios.values())
        perf_ok &= ok
        print(
            f"  {'PASS' if ok else 'FAIL'}  throughput >= {THROUGHPUT_TARGET} x bare at every concurrency: "
            + ", ".join(f"c={c} {fmt(r, 2)}x" for c, r in ratios.items())
        )
        errors_ok = total_errors == 0
        print(
            f"  {'PASS' if errors_ok else 'FAIL'}  no errors: {total_errors} "
            f"(bot {sum(c.errors for (n, _), cs in cells.items() for c in cs if n == 'bot')}, "
            f"bare {sum(c.errors for (n, _), cs in cells.items() for c in cs if n == 'bare')})"
        )
        print(f"  {'PASS' if exactly_once else 'FAIL'}  every win celebrated exactly once")
        correct = errors_ok and exactly_once and not drain_failed and total_unexpected == 0
        if not correct:
            keep = True
        return 0 if correct and perf_ok else (1 if not correct else 2)
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        keep = True
        print(f"bench: FAIL: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        for server in reversed(servers):
            with contextlib.suppress(Exception):
                server.stop()
        fake.stop()
        if keep:
            print(f"bench: logs and database kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
