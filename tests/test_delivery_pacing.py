"""Delivery paced by Slack's rate limits: a burst over the limits goes out without a 429, a
429's Retry-After holds only that workspace's method, and nothing is lost or doubled.

The stand-in keeps Slack's limits here (`FakeSlack.rate_limits`, scaled up so a test is
quick); the deliverer gets a `Pacer` with the same rates. No timing is asserted: what the
stand-in recorded is counted (429s answered, calls in any window, who went when).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlmodel import select

from bot.jobs.outbox import (
    DeliveryRateLimitRetryHandler,
    OutboxDeliverer,
    Pacer,
    kinds_by_name,
    queue_message,
)
from storage.db import SessionFactory, make_engine, migrate
from storage.models import OutboxMessage
from tests.support.slack import outbox_key

TEAM_A, TEAM_B = "T123", "TBBB"
CHANNEL = "CPOSTS001"


class Clocks:
    """The deliverer's clock and the pacer's monotonic clock, moved together by the test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.mono = 1000.0

    def utc(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


def deliverer(fake, url: str, pacer: Pacer, clock=None) -> OutboxDeliverer:
    engine = make_engine(url)
    migrate(engine)
    fake.add_token("xoxb-team-b")
    fake.token_teams["xoxb-team-b"] = TEAM_B
    clients = {
        team: WebClient(
            token=token,
            base_url=fake.url,
            timeout=2,
            retry_handlers=[DeliveryRateLimitRetryHandler(max_retry_count=1)],
        )
        for team, token in ((TEAM_A, "xoxb-test"), (TEAM_B, "xoxb-team-b"))
    }
    extra = {"clock": clock} if clock else {}
    return OutboxDeliverer(
        session_factory=SessionFactory(engine),
        client=clients[TEAM_A],
        settings=None,  # type: ignore[arg-type] - fixed messages need no settings
        kinds=kinds_by_name(),
        client_for=clients.__getitem__,
        pacer=pacer,
        **extra,
    )


def queue(d: OutboxDeliverer, team: str, key: str, channel: str, now: datetime) -> None:
    with d.session_factory.write() as session:
        queue_message(
            session, team_id=team, key=key, channel=channel, message={"text": key}, now=now
        )


def rows(d: OutboxDeliverer) -> dict[str, OutboxMessage]:
    with d.session_factory() as session:
        return {m.key: m for m in session.exec(select(OutboxMessage)).all()}


def posted(fake) -> Counter:
    return Counter(outbox_key(m) for m in fake.all_messages())


def most_in_window(fake, seconds: float, channel: str) -> int:
    times = sorted(
        c.at
        for c in fake.calls
        if c.method == "chat.postMessage" and c.ok and c.args.get("channel") == channel
    )
    return max(
        (sum(1 for t in times if start <= t < start + seconds) for start in times), default=0
    )


# The stand-in's limits (20 posts a second per workspace, 10 a second per channel, small
# bursts) and the pacer's: the same rates, smaller bursts.
FAKE_LIMITS = {"per_minute": {"chat.postMessage": 1200}, "per_channel_per_second": 10}
FAKE_BURSTS = {"burst_seconds": 0.5, "channel_burst": 3}


def paced() -> Pacer:
    return Pacer(
        {"chat.postMessage": 1200}, per_channel_per_second=10, channel_burst=2, burst_seconds=0.25
    )


def test_a_burst_over_the_limits_goes_out_paced_without_a_429(fake_slack, database_url):
    fake_slack.rate_limits(**FAKE_LIMITS, **FAKE_BURSTS)
    d = deliverer(fake_slack, database_url, paced())
    now = datetime.now(UTC)
    keys = [f"dm:{n}" for n in range(40)] + [f"post:{n}" for n in range(15)]
    for n in range(40):
        queue(d, TEAM_A, f"dm:{n}", f"UDM{n:03d}", now)
    for n in range(15):
        queue(d, TEAM_A, f"post:{n}", CHANNEL, now)

    assert d.deliver_due() == 55  # one pass: it waits for budget rather than giving up
    assert fake_slack.rate_limited == 0
    assert [c for c in fake_slack.calls if c.status == 429] == []
    # The pace: at most a second's budget plus the pacer's burst in any second.
    assert fake_slack.max_calls_in_window("chat.postMessage", 1.0, team=TEAM_A) <= 20 + 5
    assert most_in_window(fake_slack, 1.0, CHANNEL) <= 10 + 2
    assert posted(fake_slack) == Counter(dict.fromkeys(keys, 1))
    assert {m.status for m in rows(d).values()} == {"sent"}
    assert {m.attempts for m in rows(d).values()} == {1}


def test_without_pacing_the_same_burst_meets_429s(fake_slack, sqlite_url):
    """The stand-in's limits bite: the test above would fail without the pacer."""
    fake_slack.rate_limits(**FAKE_LIMITS, **FAKE_BURSTS)
    d = deliverer(fake_slack, sqlite_url, Pacer({}, per_channel_per_second=0))
    now = datetime.now(UTC)
    for n in range(15):
        queue(d, TEAM_A, f"post:{n}", CHANNEL, now)
    d.deliver_due()
    assert fake_slack.rate_limited > 0


def test_retry_after_holds_that_team_only_and_is_no_failed_attempt(fake_slack, database_url):
    clocks = Clocks()
    pacer = Pacer({}, per_channel_per_second=0, clock=clocks.monotonic)
    d = deliverer(fake_slack, database_url, pacer, clock=clocks.utc)
    # Longer than a second: not retried inside the client, held by the outbox.
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=30)
    queue(d, TEAM_A, "a:1", "UAAA1", clocks.now)
    queue(d, TEAM_A, "a:2", "UAAA2", clocks.now)
    queue(d, TEAM_B, "b:1", "UBBB1", clocks.now)
    queue(d, TEAM_B, "b:2", "UBBB2", clocks.now)

    assert d.deliver_due() == 2  # team B's both, while team A waits out its Retry-After
    calls = [(fake_slack.team_of(c.token), c.status) for c in fake_slack.calls]
    assert calls == [(TEAM_A, 429), (TEAM_B, 200), (TEAM_B, 200)]
    ended = rows(d)
    first = ended["a:1"]
    assert (first.status, first.maybe_sent) == ("pending", False)
    assert "429" in (first.last_error or "")
    # Retry-After, not a back-off (the first back-off is 5 s, a second failure's 10 s).
    assert first.next_attempt_at == clocks.now + timedelta(seconds=30)
    # The other message of team A was not even tried: no attempt counted.
    assert (ended["a:2"].status, ended["a:2"].attempts) == ("pending", 0)

    clocks.advance(25)
    assert d.deliver_due() == 0  # still held
    assert len(fake_slack.calls) == 3

    clocks.advance(6)
    assert d.deliver_due() == 2
    ended = rows(d)
    assert {k: m.status for k, m in ended.items()} == dict.fromkeys(ended, "sent")
    assert ended["a:1"].attempts == 2 and ended["a:2"].attempts == 1
    assert posted(fake_slack) == Counter({"a:1": 1, "a:2": 1, "b:1": 1, "b:2": 1})


def test_the_stand_in_answers_429_with_retry_after_over_its_limits(fake_slack):
    fake_slack.rate_limits({"users.info": 60}, burst_seconds=2)  # 1 a second, 2 at once
    client = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[])
    answers = []
    for _ in range(3):
        try:
            client.users_info(user="UANNA")
            answers.append(200)
        except Exception as exc:  # noqa: BLE001 - the 429 is the point
            response = exc.response  # type: ignore[attr-defined]
            answers.append((response.status_code, response.headers.get("Retry-After")))
    assert answers == [200, 200, (429, ["1"])] or answers == [200, 200, (429, "1")]
    assert fake_slack.rate_limited == 1
    fake_slack.no_rate_limits()
    assert client.users_info(user="UANNA")["ok"]
