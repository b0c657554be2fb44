"""Loose ends of many workspaces: a new person's language learned in the ack with their
workspace's token, single-token mode resuming after an uninstall, a board shared where no wins
channel is chosen, and health and metrics wherever the bot runs."""

from __future__ import annotations

import signal
import threading
import urllib.error
import urllib.request

import pytest

from bot.demo.main import running_demo
from bot.views.leaderboard import SHARE_ACTION
from storage import outbox as outbox_store
from storage.models import Win, utcnow
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness, bot_env
from tests.support.slack import all_text, buttons
from tests.test_install import CLIENT, install, side
from tests.test_startup import free_port, run_bot, signed_command, wait_healthy


@pytest.fixture
def many(make_bot, database_url) -> BotHarness:
    return make_bot(database_url, **CLIENT)


def test_a_new_dutch_person_is_answered_in_dutch_in_many_workspace_mode(many: BotHarness):
    _, token = install(many, "TBBB", "UANNA")
    many.deliver()
    before = len(many.fake.calls)
    answer = side(many, "TBBB").command(
        "Acme 25.000", user="UBRAM", command="/newclient", channel_id="CSALES0001"
    )
    assert answer.status == 200
    # Learned within the ack, with the workspace's own token (the team's language is English).
    said = all_text(answer.json())
    assert "gelogd" in said and "logged" not in said
    asked = [
        c
        for c in many.fake.calls[before:]
        if c.method == "users.info" and c.args.get("user") == "UBRAM"
    ]
    assert asked and asked[0].token == token and asked[0].ok


@pytest.mark.parametrize(
    ("user", "said"),
    [
        ("UANNA", "Nothing was shared: this workspace has no wins channel"),
        ("UBRAM", "niets gedeeld"),
    ],
)
def test_sharing_a_board_from_a_dm_without_a_wins_channel_says_so(make_bot, sqlite_url, user, said):
    bot = make_bot(sqlite_url, **{**CLIENT, "WINS_CHANNEL": ""})
    install(bot, "TAAA", user)
    bot.deliver()
    now = bot.clock()
    with bot.runtime.session_factory.write() as session:  # no wins channel: no /newclient
        session.add(
            Win(
                team_id="TAAA",
                user_id="UCHRIS",
                client_name="Acme",
                year=now.year,
                source_key="test:acme",
                created_at=now,
            )
        )
    slack = side(bot, "TAAA")
    asked = slack.command("", user=user, command="/leaderboard", channel_id="D0BOT")
    assert asked.status == 200
    value = buttons(asked.json())[SHARE_ACTION]
    assert slack.click(SHARE_ACTION, value, user=user, channel="D0BOT").status == 200
    bot.runtime.background.wait_idle(5)
    [answer] = bot.fake.responses("click")
    assert said in all_text(answer) and answer.get("replace_original") is False
    with bot.runtime.session_factory() as session:
        queued = outbox_store.due_messages(session=session, now=bot.clock())
    assert [m for m in queued if m.key.startswith("leaderboard_share")] == []


def test_single_token_mode_resumes_after_the_app_is_added_again_and_restarted(
    fake_slack, sqlite_url
):
    from sqlmodel import Session

    from storage.db import make_engine, migrate
    from storage.workspaces import is_stopped, mark_uninstalled

    engine = make_engine(sqlite_url)
    migrate(engine)
    with Session(engine) as session:  # what app_uninstalled left behind
        mark_uninstalled(session=session, team_id=TEAM_ID, now=utcnow())
        session.commit()
    port = free_port()
    process = run_bot(bot_env(fake_slack, sqlite_url, HOST="127.0.0.1", PORT=str(port)), "INFO")
    try:
        wait_healthy(port, process)
        assert signed_command(fake_slack, port, "Acme 10k", "trig.back") == 200
        fake_slack.wait_for("chat.postMessage", 1, timeout=15)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert f"workspace {TEAM_ID} had removed the app; its work resumes" in err
    assert [c.args["channel"] for c in fake_slack.calls if c.method == "chat.postMessage"] == [
        WINS_CHANNEL
    ]
    with Session(engine) as session:
        assert not is_stopped(session=session, team_id=TEAM_ID)
    engine.dispose()


class _Died(BaseException):
    """What no `except Exception` catches: the thread it is raised in ends."""


def _die(*_args, **_kwargs):
    raise _Died


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("part", ["outbox", "clock"])
def test_healthz_fails_in_one_line_when_the_outbox_worker_or_the_clock_dies(
    make_bot, sqlite_url, part
):
    bot = make_bot(sqlite_url, worker=True)
    assert bot.get("/healthz").status == 200
    if part == "outbox":
        bot.runtime.deliverer.deliver_due = _die  # type: ignore[method-assign]
        bot.runtime.worker.notify()
        reason = "the outbox worker has stopped"
    else:
        bot.runtime.clock.scheduler._process_jobs = _die  # type: ignore[method-assign]
        bot.runtime.clock.scheduler.wakeup()
        reason = "the clock's scheduler has stopped"
    bot.wait_until(lambda: bot.get("/healthz").status == 503, what="an unhealthy /healthz")
    assert bot.get("/healthz").json() == {"ok": False, "error": reason}


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_socket_mode_serves_healthz_and_metrics_on_port(fake_slack, sqlite_url):
    fake_slack.add_token("xapp-test")
    # The stand-in has no WebSocket: the bot keeps retrying, as while Slack is away.
    fake_slack.fail_next("apps.connections.open", status=503, times=1000)
    port = free_port()
    env = bot_env(fake_slack, sqlite_url, SLACK_APP_TOKEN="xapp-test", PORT=str(port))
    env["HOST"] = "127.0.0.1"
    process = run_bot(env, "INFO")
    try:
        wait_healthy(port, process)
        status, metrics = _get(f"http://127.0.0.1:{port}/metrics")
        events, _ = _get(f"http://127.0.0.1:{port}/slack/events")
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert status == 200 and "salesbot_outbox_depth 0.0" in metrics
    assert "salesbot_clock_lag_seconds" in metrics  # this process runs the clock
    assert events == 404  # Slack's requests come over the socket


def test_the_demo_serves_metrics_as_production_does():
    from bot.server import make_server

    with running_demo(lang="en", db=None) as demo:
        server = make_server(demo.page(), host="127.0.0.1", port=0, threads=2)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            demo.web.slack.command(
                "Acme 10k", user="UREP1", command="/newclient", channel_id="CSALES"
            )
            demo.web.settle()
            page = f"http://127.0.0.1:{server.effective_port}"
            health, _ = _get(f"{page}/healthz")
            status, metrics = _get(f"{page}/metrics")
            home, _ = _get(f"{page}/")
        finally:
            server.close()
            thread.join(5)
    assert health == 200 and status == 200 and home == 200
    assert 'salesbot_slack_requests_total{name="/newclient",status="200",type="command"}' in (
        metrics
    )
    assert 'salesbot_outbox_messages{status="sent"}' in metrics


def test_a_slack_admin_new_to_the_bot_plans_meetings_in_many_workspace_mode(many: BotHarness):
    """Decided inside the ack (admin_in_ack) with the workspace's own token: a Slack admin the
    bot has never seen may plan, rather than being refused for want of a token."""
    import json

    from bot.views import meetings as mviews

    _, token = install(many, "TBBB", "UANNA")
    many.deliver()
    many.fake.set_user("UADMINX", name="adminx", is_admin=True)
    values = {
        mviews.BLOCK_YEAR: {mviews.ACTION_YEAR: {"type": "plain_text_input", "value": "2027"}},
        mviews.BLOCK_RULE: {
            mviews.ACTION_RULE: {
                "type": "plain_text_input",
                "value": "every week on wednesday at 10:00",
            }
        },
        mviews.BLOCK_POLICY: {
            mviews.ACTION_POLICY: {"type": "radio_buttons", "selected_option": {"value": "skip"}}
        },
    }
    view = {
        "callback_id": mviews.PLAN_MODAL_CALLBACK,
        "private_metadata": json.dumps({"channel_id": "CSALES0001", "lang": "en"}),
    }
    answer = side(many, "TBBB").submit_view(values, user="UADMINX", view=view)
    assert answer.status == 200
    assert "errors" not in (answer.json() if answer.body.strip() else {})
    asked = [
        c for c in many.fake.calls if c.method == "users.info" and c.args.get("user") == "UADMINX"
    ]
    assert asked and asked[0].token == token
