"""GET /metrics through the bot's real HTTP endpoint: Prometheus text that a parser reads, requests
counted by kind with their ack times, the outbox as stored, and the clock's lag."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import select

from bot.metrics import MAX_NAMES, OTHER, Metrics
from storage.models import OutboxMessage


def scrape(bot) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of GET /metrics, by (sample name, sorted labels)."""
    response = bot.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.body.decode())
        for sample in family.samples
    }


def value(samples: dict, metric: str, **labels: str) -> float:
    return samples.get((metric, tuple(sorted(labels.items()))), 0.0)


def requests(samples: dict, kind: str, name: str, status: str = "200") -> float:
    return value(samples, "salesbot_slack_requests_total", type=kind, name=name, status=status)


def acks(samples: dict, kind: str, name: str) -> float:
    return value(samples, "salesbot_slack_ack_seconds_count", type=kind, name=name)


def stored_outbox(bot) -> list[OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(OutboxMessage)).all())


@pytest.fixture
def any_bot(make_bot, database_url):
    """A bot on SQLite and on PostgreSQL; the outbox is delivered when the test says so."""
    return make_bot(database_url)


def test_a_newclient_counts_once_with_one_ack_time(any_bot):
    before = scrape(any_bot)
    assert requests(before, "command", "/newclient") == 0

    assert any_bot.command("Acme Corp 25k").status == 200

    # The ack time is recorded once the server has written the answer, just after it is sent.
    any_bot.wait_until(
        lambda: requests(scrape(any_bot), "command", "/newclient") == 1, what="the count"
    )
    after = scrape(any_bot)
    assert requests(after, "command", "/newclient") == 1
    assert acks(after, "command", "/newclient") == 1
    assert value(after, "salesbot_slack_ack_seconds_sum", type="command", name="/newclient") > 0
    inf = value(
        after, "salesbot_slack_ack_seconds_bucket", type="command", name="/newclient", le="+Inf"
    )
    assert inf == 1
    # Scraping is not a Slack request: nothing else was counted.
    counted = [k for k in after if k[0] == "salesbot_slack_requests_total" and after[k]]
    assert counted == [
        (
            "salesbot_slack_requests_total",
            (("name", "/newclient"), ("status", "200"), ("type", "command")),
        )
    ]


def test_requests_are_counted_by_kind(bot):
    bot.click("celebration_congratulate", "1")
    bot.event({"type": "app_home_opened", "user": "UANNA", "tab": "home"})
    bot.command("", command="/leaderboard")
    bot.post("payload=%7B%7D", content_type="application/x-www-form-urlencoded", signed=False)

    def counted() -> bool:
        samples = scrape(bot)
        return (
            requests(samples, "block_actions", "celebration") == 1
            and requests(samples, "event", "app_home_opened") == 1
            and requests(samples, "command", "/leaderboard") == 1
            and requests(samples, "refused", "", status="401") == 1
        )

    bot.wait_until(counted, what="every kind counted")
    samples = scrape(bot)
    assert acks(samples, "block_actions", "celebration") == 1
    assert acks(samples, "refused", "") == 1


def test_the_names_a_label_takes_stay_few():
    metrics = Metrics()
    for number in range(MAX_NAMES + 50):
        metrics.observe("command", f"/made_up_{number}", "200", 0.001)
    metrics.observe("command", "not a <name>", "200", 0.001)
    families = {f.name: f for f in text_string_to_metric_families(metrics.render().decode())}
    names = {s.labels["name"] for s in families["salesbot_slack_requests"].samples}
    assert len(names) == MAX_NAMES + 1
    assert OTHER in names
    other = [
        s.value
        for s in families["salesbot_slack_requests"].samples
        if s.labels["name"] == OTHER and s.name.endswith("_total")
    ]
    assert other == [51]


def test_the_outbox_figures_are_what_is_stored(any_bot, clock):
    for client in ("Acme Corp 25k", "Globex 10k", "Initech 5k"):
        assert any_bot.command(client).status == 200
    stored = stored_outbox(any_bot)
    pending = [m for m in stored if m.status == "pending"]
    assert len(pending) >= 3
    clock.advance(hours=1)

    samples = scrape(any_bot)
    scraped_at = clock()
    assert value(samples, "salesbot_database_up") == 1
    for status in ("pending", "sending", "sent", "skipped", "failed"):
        expected = sum(1 for m in stored if m.status == status)
        assert value(samples, "salesbot_outbox_messages", status=status) == expected, status
    assert value(samples, "salesbot_outbox_depth") == len(pending)
    oldest = min(m.created_at for m in pending)
    age = value(samples, "salesbot_outbox_oldest_pending_age_seconds")
    assert 3600 <= age <= (scraped_at - oldest).total_seconds()

    # Slack refuses the first post for good; the rest go out.
    any_bot.fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    any_bot.deliver()
    stored = stored_outbox(any_bot)
    samples = scrape(any_bot)
    assert [m.last_error for m in stored if m.status == "failed"] == ["channel_not_found"]
    assert value(samples, "salesbot_outbox_failed_messages", reason="channel_not_found") == 1
    for status in ("pending", "sent", "failed"):
        expected = sum(1 for m in stored if m.status == status)
        assert value(samples, "salesbot_outbox_messages", status=status) == expected, status
    assert value(samples, "salesbot_outbox_messages", status="sent") == len(stored) - 1
    assert value(samples, "salesbot_outbox_depth") == 0
    assert value(samples, "salesbot_outbox_oldest_pending_age_seconds") == 0


def test_the_clock_lag_counts_from_the_last_pass(bot, clock):
    assert not [k for k in scrape(bot) if k[0] == "salesbot_clock_lag_seconds"]

    began = time.monotonic()
    bot.tick(clock() + timedelta(minutes=1))
    lag = value(scrape(bot), "salesbot_clock_lag_seconds")
    assert 0 <= lag <= time.monotonic() - began


def test_the_running_clock_reports_its_passes(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, worker=True)  # the clock's first pass runs at start
    bot.wait_until(
        lambda: any(k[0] == "salesbot_clock_lag_seconds" for k in scrape(bot)),
        what="the first pass",
    )


def test_each_bot_counts_its_own_requests(make_bot, sqlite_url, tmp_path):
    first = make_bot(sqlite_url)
    second = make_bot(f"sqlite:///{tmp_path / 'second.db'}")
    first.command("Acme Corp 25k")
    first.wait_until(lambda: requests(scrape(first), "command", "/newclient") == 1)
    assert requests(scrape(second), "command", "/newclient") == 0
