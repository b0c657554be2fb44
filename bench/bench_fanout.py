"""Fan-out under Slack's rate limits: 5,000 DMs drained by the real outbox deliverer through
the stand-in with its rate limits on, against the theoretical floor the limits allow, and, in
the same run, the same DMs sent by a plain slack_sdk WebClient loop with
RateLimitErrorRetryHandler (what naive code does).

    .venv/bin/python bench/bench_fanout.py [--messages 5000] [--seconds 60] [--database-url URL]

The limits are Slack's (bot.jobs.outbox.RATE_LIMITS: chat.postMessage 300 a minute per
workspace, 1 a second per channel), multiplied by a factor (printed) so that the floor is
about --seconds. Floor: per workspace, (its DMs - the stand-in's burst) / its rate; the
workspaces run side by side, so the slowest one's. Prints completion time, ratio to the floor
(target <= 1.1), 429s seen, doubled and lost (both must be 0). The outbox runs twice: told the
stand-in's burst (the floor's assumption, so the ratio measures the pacing itself) and with
its default, smaller burst (Slack publishes none).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient  # noqa: E402
from slack_sdk.errors import SlackApiError  # noqa: E402
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler  # noqa: E402

from bot.demo.standin import FakeSlack  # noqa: E402
from bot.jobs.outbox import (  # noqa: E402
    BURST_SECONDS,
    POST_MESSAGE_PER_MINUTE,
    DeliveryRateLimitRetryHandler,
    OutboxDeliverer,
    Pacer,
    kinds_by_name,
    queue_message,
)
from storage.db import SessionFactory, make_engine, migrate  # noqa: E402
from storage.outbox import summary  # noqa: E402

FAKE_BURST_SECONDS = 10.0  # the stand-in lets 10 s of a workspace's budget go at once


def stand_in(teams: list[str], scale: float) -> tuple[FakeSlack, dict[str, str]]:
    fake = FakeSlack(team_id=teams[0]).start()
    tokens = {}
    for n, team in enumerate(teams):
        token = f"xoxb-bench-{n}"
        fake.add_token(token)
        fake.token_teams[token] = team
        tokens[team] = token
    fake.rate_limits(
        {"chat.postMessage": POST_MESSAGE_PER_MINUTE},
        per_channel_per_second=1.0,
        burst_seconds=FAKE_BURST_SECONDS,
        scale=scale,
    )
    return fake, tokens


def keys_posted(fake: FakeSlack) -> Counter:
    return Counter(
        ((m.get("metadata") or {}).get("event_payload") or {}).get("outbox_key") or m["text"]
        for m in fake.all_messages()
    )


def dms(n: int, teams: list[str]) -> list[tuple[str, str, str]]:
    """(team, user, key) of each DM, the teams taking turns."""
    return [(teams[i % len(teams)], f"U{i:06d}", f"dm:{i}") for i in range(n)]


def run_outbox(work, teams, scale, url, burst_seconds) -> tuple[float, int, int, int]:
    fake, tokens = stand_in(teams, scale)
    engine = make_engine(url)
    migrate(engine)
    factory = SessionFactory(engine)
    now = datetime.now(UTC)
    with factory.write() as session:
        for team, user, key in work:
            queue_message(
                session, team_id=team, key=key, channel=user, message={"text": key}, now=now
            )
    clients = {
        team: WebClient(
            token=token,
            base_url=fake.url,
            timeout=10,
            retry_handlers=[DeliveryRateLimitRetryHandler(max_retry_count=1)],
        )
        for team, token in tokens.items()
    }
    deliverer = OutboxDeliverer(
        session_factory=factory,
        client=clients[teams[0]],
        settings=None,  # type: ignore[arg-type] - fixed messages need no settings
        kinds=kinds_by_name(),
        client_for=clients.__getitem__,
        pacer=Pacer(scale=scale, burst_seconds=burst_seconds),
    )
    started = time.monotonic()
    while True:
        deliverer.deliver_due()
        with factory() as session:
            counts = summary(session=session, now=datetime.now(UTC)).counts
        if not counts.get("pending") and not counts.get("sending"):
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    posted = keys_posted(fake)
    doubled = sum(1 for c in posted.values() if c > 1)
    lost = sum(1 for _, _, key in work if key not in posted)
    fake.stop()
    engine.dispose()
    return elapsed, fake.rate_limited, doubled, lost


def run_naive(work, teams, scale) -> tuple[float, int, int, int]:
    fake, tokens = stand_in(teams, scale)
    clients = {
        team: WebClient(
            token=token, base_url=fake.url, retry_handlers=[RateLimitErrorRetryHandler()]
        )
        for team, token in tokens.items()
    }
    started = time.monotonic()
    for team, user, key in work:
        # Naive code logs a failure and moves on: that DM is lost.
        with contextlib.suppress(SlackApiError):
            clients[team].chat_postMessage(channel=user, text=key)
    elapsed = time.monotonic() - started
    posted = keys_posted(fake)
    doubled = sum(1 for c in posted.values() if c > 1)
    lost = sum(1 for _, _, key in work if key not in posted)
    fake.stop()
    return elapsed, fake.rate_limited, doubled, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=60.0, help="the floor to scale to")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    rate = POST_MESSAGE_PER_MINUTE / 60  # per workspace, per second, unscaled
    print(f"{args.messages} DMs; chat.postMessage {POST_MESSAGE_PER_MINUTE:.0f}/min per workspace")
    for count in (1, 3):
        teams = [f"T{n:03d}" for n in range(count)]
        per_team = -(-args.messages // count)
        # Floor T: (per_team - rate*scale*burst) / (rate*scale) = T.
        scale = per_team / (rate * (args.seconds + FAKE_BURST_SECONDS))
        floor = (per_team - rate * scale * FAKE_BURST_SECONDS) / (rate * scale)
        work = dms(args.messages, teams)
        print(f"\n{count} workspace(s): limits x{scale:.1f} ({rate * scale:.0f} posts/s each)")
        print(f"  floor                   {floor:7.1f} s")
        # Slack publishes no burst; the stand-in allows FAKE_BURST_SECONDS of budget at once.
        # Told that, the pacer may use it (what the floor assumes); by default it saves up no
        # more than BURST_SECONDS, so it ends (FAKE_BURST_SECONDS - BURST_SECONDS) s later.
        for label, burst in (
            (f"outbox (told burst {FAKE_BURST_SECONDS:.0f} s)", FAKE_BURST_SECONDS),
            (f"outbox (default {BURST_SECONDS:.0f} s)", BURST_SECONDS),
        ):
            # A fresh SQLite file each run; a --database-url must be empty and is used once.
            url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/fanout.db"
            elapsed, limited, doubled, lost = run_outbox(work, teams, scale, url, burst)
            print(
                f"  {label:<23} {elapsed:7.1f} s  ratio {elapsed / floor:.2f}  "
                f"429s {limited}  doubled {doubled}  lost {lost}"
            )
            if args.database_url:
                break
        if not args.no_baseline:
            elapsed, limited, doubled, lost = run_naive(work, teams, scale)
            print(
                f"  WebClient loop (naive)  {elapsed:7.1f} s  ratio {elapsed / floor:.2f}  "
                f"429s {limited}  doubled {doubled}  lost {lost}"
            )


if __name__ == "__main__":
    main()
