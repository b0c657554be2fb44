"""Memory of a started bot: `python -m bot` in HTTP mode against the Slack stand-in.

    .venv/bin/python bench/bench_memory.py [--starts 3]

For each start it reads the process's resident memory (VmRSS) once `/healthz` answers, again
after a first `/newclient` has been answered and celebrated, and its peak (VmHWM). Three kinds
of process are started in turns, each on a fresh SQLite database:

- **bot**: `python -m bot`, as shipped (matplotlib loads only when a chart is drawn);
- **eager**: the same bot with matplotlib imported before it starts, as every process did
  before charts imported it lazily (the baseline for the ratio);
- **bare**: `bench/bare_app.py`, a Bolt app whose `/newclient` only acks (the floor).

Prints the medians in MiB and the bot/eager and bot/bare ratios, and PASS/FAIL against the
issue's 120 MiB per process. Exit status 0 when the bot's peak is within it, 2 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_newclient import SIGNING_SECRET, TEAM_ID, WINS_CHANNEL, Server, free_port, server_env

ROOT = Path(__file__).resolve().parent.parent
TARGET_MIB = 120.0
# What the chart modules imported at the top before they imported it where they draw.
EAGER = (
    "import matplotlib.figure, matplotlib.backends.backend_agg, matplotlib.ticker, "
    "matplotlib.lines, runpy, sys; sys.argv = ['bot']; "
    "runpy.run_module('bot', run_name='__main__', alter_sys=True)"
)
KINDS = {
    "bot": [sys.executable, "-m", "bot"],
    "eager": [sys.executable, "-c", EAGER],
    "bare": [sys.executable, str(ROOT / "bench" / "bare_app.py")],
}


def status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def newclient(fake, port: int, n: int) -> str:
    """A signed `/newclient Memory <n> 25k`, as Slack sends it; the ack's body."""
    from bot.demo.slackside import SlackSide

    slack = SlackSide(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake, TEAM_ID)
    answer = slack.command(
        f"Memory {n} 25k", user="UANNA", command="/newclient", channel_id="CSALES0001"
    )
    return answer.body.decode()


def one_start(kind: str, fake, tmp: Path, n: int) -> tuple[float, float, float]:
    """(MiB after start, MiB after a first /newclient, peak MiB) of one fresh process."""
    port = free_port()
    env = server_env(
        fake.url,
        port,
        DATABASE_URL=f"sqlite:///{tmp / f'{kind}{n}.db'}",
        WINS_CHANNEL=WINS_CHANNEL,
    )
    if kind == "bare":
        del env["SLACK_BOT_TOKEN"]
    server = Server(kind, KINDS[kind], env, port, tmp / f"{kind}{n}.log")
    try:
        server.wait_healthy()
        time.sleep(0.5)  # let the clock's first pass settle
        started = status_mib(server.proc.pid, "VmRSS")
        before = len(fake.messages(WINS_CHANNEL))
        newclient(fake, port, n)
        if kind != "bare":  # the bot also celebrates it in the channel (from its outbox)
            deadline = time.monotonic() + 30
            while len(fake.messages(WINS_CHANNEL)) <= before:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind}: the win was not celebrated\n{server.log_tail()}")
                time.sleep(0.05)
        time.sleep(0.5)
        after = status_mib(server.proc.pid, "VmRSS")
        peak = status_mib(server.proc.pid, "VmHWM")
        return started, after, peak
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=3, help="starts per kind (default 3)")
    args = parser.parse_args(argv)
    from bot.demo.standin import FakeSlack

    fake = FakeSlack(team_id=TEAM_ID).start()
    fake.set_user("UANNA", name="anna", locale="en-US")
    figures: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in KINDS}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
            for n in range(args.starts):
                for kind in KINDS:  # in turns, so machine noise spreads over all kinds
                    figures[kind].append(one_start(kind, fake, Path(tmp), n))
                    print(
                        f"start {n + 1} {kind}: "
                        + " / ".join(f"{v:.1f}" for v in figures[kind][-1])
                    )
    finally:
        fake.stop()

    medians = {
        kind: tuple(statistics.median(run[i] for run in runs) for i in range(3))
        for kind, runs in figures.items()
    }
    print(
        f"\nmedians of {args.starts} starts, MiB (VmRSS after start / after a first /newclient / VmHWM):"
    )
    print(f"{'':8}{'started':>10}{'newclient':>11}{'peak':>8}")
    for kind, (started, after, peak) in medians.items():
        print(f"{kind:8}{started:10.1f}{after:11.1f}{peak:8.1f}")
    bot, eager, bare = medians["bot"], medians["eager"], medians["bare"]
    print(
        f"\nbot/eager: started {bot[0] / eager[0]:.2f}, newclient {bot[1] / eager[1]:.2f}, "
        f"peak {bot[2] / eager[2]:.2f}  (eager = matplotlib imported at start, as before)"
    )
    print(
        f"bot/bare:  started {bot[0] / bare[0]:.2f}, newclient {bot[1] / bare[1]:.2f}, peak {bot[2] / bare[2]:.2f}"
    )
    ok = bot[2] <= TARGET_MIB
    print(f"{'PASS' if ok else 'FAIL'} bot peak {bot[2]:.1f} MiB <= {TARGET_MIB:.0f} MiB")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
