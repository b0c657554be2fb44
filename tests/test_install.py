"""Add to Slack: the install page and Slack's redirect through the fake's oauth.v2.access,
per-team tokens for requests and the outbox, token rotation, refused installs, and an
uninstall stopping that team's work only."""

from __future__ import annotations

import logging
import re
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.demo.slackside import Response, SlackSide
from bot.handlers.install import BOT_SCOPES
from storage import outbox as outbox_store
from storage import workspaces as workspace_store
from tests.conftest import SIGNING_SECRET, WINS_CHANNEL, BotHarness
from tests.test_manifest import load_manifest

CLIENT = {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "shh"}


@pytest.fixture
def many(make_bot, database_url) -> BotHarness:
    return make_bot(database_url, **CLIENT)


def get(bot: BotHarness, path: str, cookie: str = "") -> Response:
    request = urllib.request.Request(
        f"{bot.url}{path}", headers={"Cookie": cookie} if cookie else {}
    )
    return SlackSide.open(request)


def install(bot: BotHarness, team: str, user: str, **grant) -> tuple[Response, str]:
    """The installer's browser: the install page, then Slack's redirect with a code."""
    code = f"code-{team}-{user}"
    token = bot.fake.grant_install(code, team, user, team_name=f"Team {team}", **grant)
    page = get(bot, "/slack/install")
    assert page.status == 200 and b"Add to Slack" in page.body
    state = re.search(r"state=([^&\"]+)", page.body.decode()).group(1)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    return get(bot, f"/slack/oauth_redirect?code={code}&state={state}", cookie), token


def choose_wins_channel(bot: BotHarness, *teams: str) -> None:
    """What each workspace's admin does first (a workspace inherits no channel)."""
    for team in teams:
        with bot.runtime.session_factory.write() as session:
            workspace_store.save_settings(
                session=session,
                team_id=team,
                chosen={"WINS_CHANNEL": WINS_CHANNEL},
                by="UANNA",
                now=bot.clock(),
            )
        bot.runtime.workspaces.forget(team)


def side(bot: BotHarness, team: str) -> SlackSide:
    return SlackSide(bot.url, SIGNING_SECRET, bot.fake, team)


def posts_to(bot: BotHarness, channel: str) -> list:
    return [
        c
        for c in bot.fake.calls
        if c.method == "chat.postMessage" and c.args.get("channel") == channel and c.ok
    ]


def installations(bot: BotHarness) -> list[str]:
    with bot.runtime.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text("SELECT team_id FROM slack_installations")))


def test_the_scopes_asked_are_the_manifests():
    assert list(BOT_SCOPES) == load_manifest()["oauth_config"]["scopes"]["bot"]


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(many):
    done, token_a = install(many, "TAAA", "UANNA")
    assert done.status == 200 and b"Salesbot is installed" in done.body
    _, token_b = install(many, "TBBB", "UBRAM")
    assert installations(many) == ["TAAA", "TBBB"]
    # The welcome DM, once per installer, in their language, with the settings button.
    many.deliver()
    welcomes = {c.args["channel"]: c for c in posts_to(many, "UANNA") + posts_to(many, "UBRAM")}
    assert welcomes["UANNA"].token == token_a and welcomes["UBRAM"].token == token_b
    assert "Thanks for adding" in welcomes["UANNA"].args["text"]
    assert "Bedankt" in welcomes["UBRAM"].args["text"]
    assert "workspace_settings_open" in str(welcomes["UANNA"].args["blocks"])
    choose_wins_channel(many, "TAAA", "TBBB")

    for team, user, token in (("TAAA", "UANNA", token_a), ("TBBB", "UBRAM", token_b)):
        before = len(many.fake.calls)
        answer = side(many, team).command(
            "Acme 25k", user=user, command="/newclient", channel_id="CSALES0001"
        )
        assert answer.status == 200
        many.deliver()
        celebrations = [
            c for c in many.fake.calls[before:] if c.method == "chat.postMessage" and c.ok
        ]
        assert celebrations and {c.token for c in celebrations} == {token}

    # A re-install greets nobody again.
    again, _ = install(many, "TAAA", "UANNA")
    assert again.status == 200
    many.deliver()
    assert len(posts_to(many, "UANNA")) == 1


def test_a_bad_or_expired_state_and_an_org_wide_install_store_nothing(many):
    many.fake.grant_install("c1", "TAAA", "UANNA")
    page = get(many, "/slack/install")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([^&\"]+)", page.body.decode()).group(1)
    made_up = get(
        many, "/slack/oauth_redirect?code=c1&state=nonsense", "slack-app-oauth-state=nonsense"
    )
    assert made_up.status >= 400 and b"expired or was already used" in made_up.body
    with many.runtime.engine.begin() as conn:
        conn.execute(
            text("UPDATE slack_oauth_states SET expire_at = :t"), {"t": "2000-01-01 00:00:00"}
        )
    expired = get(many, f"/slack/oauth_redirect?code=c1&state={state}", cookie)
    assert expired.status >= 400 and b"expired or was already used" in expired.body
    refused, org_token = install(many, "TENT", "UANNA", enterprise=True)
    assert refused.status == 400 and b"Enterprise Grid" in refused.body
    assert installations(many) == []
    # The org-wide token Slack granted with the code is revoked, not left valid.
    assert [c.token for c in many.fake.calls if c.method == "auth.revoke" and c.ok] == [org_token]
    assert org_token not in many.fake.tokens


def test_slacks_error_is_logged_escaped(many, caplog):
    caplog.set_level(logging.WARNING, logger="bot.handlers.install")
    answer = get(many, "/slack/oauth_redirect?error=access_denied%0Aforged%20line")
    assert answer.status == 200 and b"cancelled" not in answer.body  # not Slack's own reason
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.handlers.install"]
    assert logged == ["an install was not completed: 'access_denied\\nforged line'"]


def test_each_visit_of_the_install_page_clears_the_expired_states(many):
    for _ in range(3):
        assert get(many, "/slack/install").status == 200
    with many.runtime.engine.begin() as conn:
        conn.execute(
            text("UPDATE slack_oauth_states SET expire_at = :t"), {"t": "2000-01-01 00:00:00"}
        )
    page = get(many, "/slack/install")
    state = re.search(r"state=([^&\"]+)", page.body.decode()).group(1)
    with many.runtime.engine.connect() as conn:
        left = [r[0] for r in conn.execute(text("SELECT state FROM slack_oauth_states"))]
    assert left == [state]


def test_an_expiring_token_is_refreshed_before_a_send(many):
    _, first = install(many, "TAAA", "UANNA", expires_in=60)
    many.deliver()
    welcome = posts_to(many, "UANNA")[0]
    assert welcome.token != first and many.fake.team_of_token(welcome.token) == "TAAA"
    assert [c.args.get("grant_type") for c in many.fake.calls if c.method == "oauth.v2.access"][
        -1
    ] == "refresh_token"


def test_an_uninstall_stops_that_teams_work_and_a_reinstall_resumes(many):
    install(many, "TAAA", "UANNA")
    install(many, "TBBB", "UBRAM")
    choose_wins_channel(many, "TAAA", "TBBB")
    many.deliver()
    for team, user in (("TAAA", "UANNA"), ("TBBB", "UBRAM")):
        side(many, team).command(
            "Acme 25k", user=user, command="/newclient", channel_id="CSALES0001"
        )
    before = len(many.fake.calls)
    side(many, "TAAA").event({"type": "app_uninstalled"})
    assert installations(many) == ["TBBB"]
    many.deliver()
    sent = [c for c in many.fake.calls[before:] if c.method == "chat.postMessage" and c.ok]
    assert sent and all(many.fake.team_of_token(c.token) == "TBBB" for c in sent)
    with many.runtime.session_factory() as session:
        pending = outbox_store.due_messages(session=session, now=many.clock() + timedelta(days=1))
    assert [m for m in pending if m.team_id == "TAAA"] == []
    # Back again: the team's new work goes out, with its new token.
    _, token = install(many, "TAAA", "UANNA")
    side(many, "TAAA").command(
        "Beta 5k", user="UANNA", command="/newclient", channel_id="CSALES0001"
    )
    before = len(many.fake.calls)
    many.deliver()
    assert {
        c.token for c in many.fake.calls[before:] if c.method == "chat.postMessage" and c.ok
    } == {token}


def test_the_settings_say_which_mode_and_what_it_lacks():
    from bot.config import ConfigError, load_settings

    base = {"SLACK_SIGNING_SECRET": "s"}
    with pytest.raises(ConfigError) as neither:
        load_settings({**base, "WINS_CHANNEL": "CWINS0001"})
    assert "SLACK_BOT_TOKEN is not set" in str(neither.value)
    assert "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET" in str(neither.value)
    # Many workspaces: no token, no wins channel (each workspace chooses its own).
    many = load_settings({**base, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x"})
    assert many.many_workspaces and many.wins_channel == ""
    with pytest.raises(ConfigError) as no_secret:
        load_settings({**base, "SLACK_CLIENT_ID": "1.2"})
    assert no_secret.value.problems == (
        "SLACK_CLIENT_SECRET is not set, but SLACK_CLIENT_ID is. Copy the Client Secret from "
        "Basic Information > App Credentials too, or set SLACK_BOT_TOKEN for one workspace.",
    )
    with pytest.raises(ConfigError, match="needs the install page served over HTTP"):
        load_settings(
            {
                **base,
                "SLACK_CLIENT_ID": "1.2",
                "SLACK_CLIENT_SECRET": "x",
                "SLACK_APP_TOKEN": "xapp-1",
            }
        )


def test_revoked_bot_tokens_stop_the_team_too(many):
    install(many, "TAAA", "UANNA")
    side(many, "TAAA").event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    assert installations(many) == []
    side(many, "TAAA").command(
        "Acme 25k", user="UANNA", command="/newclient", channel_id="CSALES0001"
    )
    before = len(many.fake.calls)
    many.deliver()
    assert [c for c in many.fake.calls[before:] if c.method == "chat.postMessage"] == []


def test_the_real_process_starts_without_a_token_and_says_where_to_install(fake_slack, sqlite_url):
    import signal

    from tests.conftest import bot_env
    from tests.test_startup import free_port, run_bot, wait_healthy

    port = free_port()
    env = bot_env(fake_slack, sqlite_url, HOST="127.0.0.1", PORT=str(port), **CLIENT)
    env.pop("WINS_CHANNEL")
    process = run_bot(env, log_level="INFO")
    try:
        wait_healthy(port, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/install") as page:
            assert b"Add to Slack" in page.read()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert f"workspaces install it at http://127.0.0.1:{port}/slack/install" in err
    assert fake_slack.calls_to("auth.test") == []  # no token of its own to check


def test_with_a_state_secret_the_state_is_signed_and_a_forged_one_refused(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, SLACK_STATE_SECRET="state-secret", **CLIENT)
    done, _ = install(bot, "TAAA", "UANNA")
    assert done.status == 200 and installations(bot) == ["TAAA"]
    page = get(bot, "/slack/install")
    state = re.search(r"state=([^&\"]+)", page.body.decode()).group(1)
    inner = state.rpartition(".")[0]
    forged = f"{inner}.{'0' * 32}"
    bot.fake.grant_install("c2", "TBBB", "UBRAM")
    answer = get(
        bot, f"/slack/oauth_redirect?code=c2&state={forged}", f"slack-app-oauth-state={forged}"
    )
    assert answer.status == 401 and b"expired or was already used" in answer.body
    assert installations(bot) == ["TAAA"]
