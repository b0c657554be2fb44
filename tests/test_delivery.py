"""Slack failing (429, 500, timeouts, refusals) or the bot restarting loses no win and doubles none."""

from __future__ import annotations

from conftest import WINS_CHANNEL
from sqlmodel import select

from bot.jobs.outbox import LATE_POST_TIMEOUTS
from storage import outbox as outbox_store
from storage.models import OutboxMessage


def outbox(bot) -> list[OutboxMessage]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_rate_limited_post_is_retried_after_retry_after(bot):
    bot.fake.fail_next("chat.postMessage", status=429, retry_after=1, times=2)
    bot.command("Acme 10k")
    assert (
        bot.deliver() == 0
    )  # slack_sdk retried once after Retry-After, then the outbox takes over
    [message] = outbox(bot)
    assert message.status == "pending" and "429" in message.last_error and not message.maybe_sent
    assert bot.fake.messages(WINS_CHANNEL) == []
    assert bot.deliver() == 0  # not due yet
    bot.clock.advance(seconds=2)
    assert bot.deliver() == 1
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1
    assert outbox(bot)[0].status == "sent"


def test_server_error_is_retried_with_backoff_and_checked_first(bot):
    bot.fake.fail_next("chat.postMessage", status=500, times=1)
    bot.command("Acme 10k")
    assert bot.deliver() == 0
    [message] = outbox(bot)
    assert message.status == "pending" and message.maybe_sent
    # A 5xx may hide a post Slack is still making: no look in the channel until it could land.
    bot.clock.advance(seconds=6)
    assert bot.deliver() == 0
    assert bot.fake.calls_to("conversations.history") == []
    bot.clock.advance(seconds=LATE_POST_TIMEOUTS * 2)  # SLACK_TIMEOUT is 2 in tests
    assert bot.deliver() == 1
    # It looked in the channel before posting again, and found nothing there.
    assert bot.fake.calls_to("conversations.history", ok_only=True)
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1


def test_a_server_error_after_slack_posted_is_not_posted_twice(bot):
    bot.fake.fail_next("chat.postMessage", status=503, processed=True)
    bot.command("Acme 10k")
    assert bot.deliver() == 0
    [posted] = bot.fake.messages(WINS_CHANNEL)
    bot.clock.advance(minutes=1)
    assert bot.deliver() == 1
    assert bot.fake.messages(WINS_CHANNEL) == [posted]
    assert outbox(bot)[0].message_ts == posted["ts"]


def test_a_timeout_after_slack_posted_does_not_post_twice(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, SLACK_TIMEOUT="1")
    bot.fake.slow_next("chat.postMessage", delay=2.5)
    bot.command("Acme 10k")
    assert bot.deliver() == 0  # the answer came too late
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1  # ...but Slack had posted it
    bot.clock.advance(seconds=6)
    assert bot.deliver() == 1
    [posted] = bot.fake.messages(WINS_CHANNEL)
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    [message] = outbox(bot)
    assert message.status == "sent" and message.message_ts == posted["ts"]


def test_a_refusal_no_retry_heals_ends_the_message_after_one_try(bot):
    bot.fake.fail_next("chat.postMessage", status=200, error="not_in_channel")
    bot.command("Acme 10k")
    assert bot.deliver() == 0
    [message] = outbox(bot)
    assert (message.status, message.last_error, message.attempts) == ("failed", "not_in_channel", 1)
    bot.clock.advance(hours=2)
    assert bot.deliver() == 0
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    assert bot.fake.messages(WINS_CHANNEL) == []


def test_a_passing_refusal_keeps_the_win_for_later(bot):
    bot.fake.fail_next("chat.postMessage", status=200, error="service_unavailable")
    bot.command("Acme 10k")
    assert bot.deliver() == 0
    [message] = outbox(bot)
    assert message.status == "pending" and "service_unavailable" in message.last_error
    bot.clock.advance(minutes=2)
    assert bot.deliver() == 1
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1


def test_a_bad_token_keeps_the_messages_waiting(bot):
    """invalid_auth refuses every message alike and heals when the token is fixed: nothing is
    dropped, and the queue is not hammered meanwhile."""
    bot.fake.fail_next("chat.postMessage", status=200, error="invalid_auth")
    bot.command("Acme 10k")
    assert bot.deliver() == 0
    [message] = outbox(bot)
    assert message.status == "pending" and "invalid_auth" in message.last_error
    bot.clock.advance(minutes=5)
    assert bot.deliver() == 0
    bot.clock.advance(minutes=11)
    assert bot.deliver() == 1
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1


def test_a_restart_delivers_what_was_queued_exactly_once(make_bot, sqlite_url, fake_slack):
    first = make_bot(sqlite_url)
    first.command("Acme 10k")
    first.command("Globex 20k", user="UBRAM")
    first.close()
    assert fake_slack.messages(WINS_CHANNEL) == []

    second = make_bot(sqlite_url, worker=True)
    fake_slack.wait_for("chat.postMessage", 2)
    second.wait_until(
        lambda: all(m.status == "sent" for m in outbox(second)), what="outbox drained"
    )
    second.close()

    third = make_bot(sqlite_url, worker=True)
    third.command("Initech 5k")
    fake_slack.wait_for("chat.postMessage", 3)
    third.wait_until(lambda: all(m.status == "sent" for m in outbox(third)), what="outbox drained")
    texts = [m["text"] for m in fake_slack.messages(WINS_CHANNEL)]
    assert len(texts) == 3
    assert sorted(t.split(",")[0] for t in texts) == sorted(
        ["🎉 New client: Acme", "🎉 New client: Globex", "🎉 New client: Initech"]
    )


def test_a_process_that_died_mid_send_is_not_doubled(bot):
    bot.command("Acme 10k")
    # Another process claims the message, posts it, and dies before recording that it did.
    with bot.runtime.session_factory.write() as session:
        claimed = outbox_store.claim_next(session=session, now=bot.clock())
    bot.runtime.deliverer.client.chat_postMessage(
        channel=WINS_CHANNEL,
        text="posted by the dead process",
        metadata={"event_type": "salesbot_outbox", "event_payload": {"outbox_key": claimed.key}},
    )
    assert bot.deliver() == 0  # its lease still runs
    bot.clock.advance(seconds=outbox_store.LEASE.total_seconds() + 1)
    assert bot.deliver() == 1
    assert len(bot.fake.messages(WINS_CHANNEL)) == 1


def test_the_worker_posts_soon_after_the_command(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, worker=True)
    bot.command("Acme 10k")
    [post] = bot.fake.wait_for("chat.postMessage", 1, timeout=5)
    assert "Acme" in post["text"]


def test_a_message_of_an_unknown_kind_is_failed_with_its_reason_not_retried(bot):
    with bot.runtime.session_factory.write() as session:
        outbox_store.claim_send(
            session=session,
            team_id="T123",
            key="from_the_future:1",
            kind="from_the_future",
            channel=WINS_CHANNEL,
            payload="{}",
            now=bot.clock(),
        )
    assert bot.deliver() == 0
    [row] = [r for r in outbox(bot) if r.key == "from_the_future:1"]
    assert (row.status, row.last_error) == ("failed", "unknown_kind:from_the_future")
    assert bot.deliver() == 0
    assert bot.fake.calls_to("chat.postMessage") == []
