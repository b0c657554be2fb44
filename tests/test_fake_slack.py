"""Self-test of the Slack stand-in (bot/demo/standin.py) against a real slack_sdk WebClient."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.demo.standin import FakeSlack


@pytest.fixture
def fake():
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake):
    return WebClient(token="xoxb-test", base_url=fake.url, timeout=3)


def test_url_shape(fake):
    assert fake.url.startswith("http://127.0.0.1:")
    assert fake.url.endswith("/api/")


def test_auth_test_and_auth_required(fake, client):
    resp = client.auth_test()
    assert resp["user_id"] == "UBOT"
    assert resp["team_id"] == "T123"
    assert resp["bot_id"] == "BBOT"

    anonymous = WebClient(base_url=fake.url, timeout=3)
    with pytest.raises(SlackApiError) as exc:
        anonymous.auth_test()
    assert exc.value.response["error"] == "not_authed"

    wrong = WebClient(token="xoxb-other", base_url=fake.url, timeout=3)
    with pytest.raises(SlackApiError) as exc:
        wrong.auth_test()
    assert exc.value.response["error"] == "invalid_auth"

    assert [c.token for c in fake.calls] == ["xoxb-test", None, "xoxb-other"]
    assert len(fake.calls_to("auth.test")) == 3
    assert len(fake.calls_to("auth.test", ok_only=True)) == 1


def test_post_message_then_history_with_metadata(fake, client):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Win!*"}}]
    metadata = {"event_type": "deal_won", "event_payload": {"deal_id": 42}}
    first = client.chat_postMessage(channel="C1", text="first")
    second = client.chat_postMessage(channel="C1", text="second", blocks=blocks, metadata=metadata)
    assert second["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])
    assert second["message"]["blocks"] == blocks

    # JSON-posted args are visible as Python objects.
    sent = fake.wait_for("chat.postMessage", 2)
    assert sent[1]["blocks"] == blocks
    assert sent[1]["metadata"] == metadata

    stored = fake.messages("C1")
    assert [m["text"] for m in stored] == ["first", "second"]
    assert stored[1]["metadata"] == metadata
    assert stored[1]["user"] == "UBOT"

    history = client.conversations_history(channel="C1")
    assert [m["text"] for m in history["messages"]] == ["second", "first"]
    assert all("metadata" not in m for m in history["messages"])
    assert history["has_more"] is False

    history = client.conversations_history(channel="C1", include_all_metadata=True)
    assert history["messages"][0]["metadata"] == metadata

    # Bounds are exclusive; limit gives has_more.
    only_second = client.conversations_history(channel="C1", oldest=first["ts"])
    assert [m["ts"] for m in only_second["messages"]] == [second["ts"]]
    only_first = client.conversations_history(channel="C1", latest=second["ts"])
    assert [m["ts"] for m in only_first["messages"]] == [first["ts"]]
    limited = client.conversations_history(channel="C1", limit=1)
    assert len(limited["messages"]) == 1 and limited["has_more"] is True

    # Form-encoded posting (api_call with params=) is decoded the same way.
    client.api_call(
        "chat.postMessage",
        params={"channel": "C2", "text": "form", "blocks": json.dumps(blocks)},
    )
    assert fake.messages("C2")[0]["blocks"] == blocks


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_errors_have_no_effect(fake, client):
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="", text="x")
    assert exc.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1")
    assert exc.value.response["error"] == "no_text"
    assert fake.messages("C1") == []
    with pytest.raises(SlackApiError) as exc:
        client.api_call("no.such.method")
    assert exc.value.response["error"] == "unknown_method"


def test_dm_via_user_id_and_conversations_open(fake, client):
    resp = client.conversations_open(users="U1")
    assert resp["channel"]["id"] == "DU1"
    posted = client.chat_postMessage(channel="U1", text="hi")
    assert posted["channel"] == "DU1"
    assert [m["text"] for m in fake.messages("DU1")] == ["hi"]
    assert fake.messages("U1") == fake.messages("DU1")


def test_chat_update(fake, client):
    posted = client.chat_postMessage(channel="C1", text="draft")
    resp = client.chat_update(channel="C1", ts=posted["ts"], text="final")
    assert resp["ts"] == posted["ts"] and resp["text"] == "final"
    assert [m["text"] for m in fake.messages("C1")] == ["final"]
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts="1.000001", text="nope")
    assert exc.value.response["error"] == "message_not_found"


def test_ephemeral_and_permalink(fake, client):
    resp = client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert resp["message_ts"]
    assert fake.ephemerals("C1")[0]["user"] == "U1"
    assert fake.messages("C1") == []
    link = client.chat_getPermalink(channel="C1", message_ts="1700000000.000100")
    assert link["permalink"].endswith("/archives/C1/p1700000000000100")


def test_users_info_with_locale(fake, client):
    fake.set_user(
        "U1",
        name="anna",
        locale="nl-NL",
        tz="Europe/Amsterdam",
        is_admin=True,
        status_text="On holiday",
        status_emoji=":palm_tree:",
    )
    user = client.users_info(user="U1", include_locale=True)["user"]
    assert user["id"] == "U1"
    assert user["locale"] == "nl-NL"
    assert user["tz"] == "Europe/Amsterdam"
    assert user["tz_offset"] in (3600, 7200)
    assert user["is_admin"] is True and user["is_owner"] is False
    assert user["profile"]["status_text"] == "On holiday"
    assert user["profile"]["status_emoji"] == ":palm_tree:"

    assert "locale" not in client.users_info(user="U1")["user"]
    with pytest.raises(SlackApiError) as exc:
        client.users_info(user="UNOPE")
    assert exc.value.response["error"] == "user_not_found"


def test_fail_next_429_then_retry_handler_succeeds(fake, client):
    fake.fail_next("chat.postMessage", status=429)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response["error"] == "ratelimited"
    assert exc.value.response.headers["Retry-After"] == "1"
    assert fake.messages("C1") == []
    assert fake.calls[-1].status == 429

    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    retrying = WebClient(
        token="xoxb-test",
        base_url=fake.url,
        timeout=3,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    resp = retrying.chat_postMessage(channel="C1", text="after retry")
    assert resp["ok"] is True
    assert [c.status for c in fake.calls if c.method == "chat.postMessage"] == [429, 429, 200]
    assert [m["text"] for m in fake.messages("C1")] == ["after retry"]


def test_fail_next_500_and_200_error(fake, client):
    fake.fail_next("chat.postMessage", status=500, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as exc:
            client.chat_postMessage(channel="C1", text="x")
        assert exc.value.response.status_code == 500
    fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")
    assert exc.value.response.status_code == 200
    assert exc.value.response["error"] == "channel_not_found"
    assert fake.messages("C1") == []
    assert client.chat_postMessage(channel="C1", text="ok now")["ok"]
    assert len(fake.calls_to("chat.postMessage")) == 4
    assert len(fake.calls_to("chat.postMessage", ok_only=True)) == 1


def test_slow_next_client_times_out_but_message_is_stored(fake):
    impatient = WebClient(token="xoxb-test", base_url=fake.url, timeout=0.5)
    fake.slow_next("chat.postMessage", delay=2.0)
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        impatient.chat_postMessage(channel="C1", text="late")
    assert time.monotonic() - started < 1.5
    assert [m["text"] for m in fake.messages("C1")] == ["late"]
    assert len(fake.calls_to("chat.postMessage", ok_only=True)) == 1
    # The next call is fast again.
    assert impatient.chat_postMessage(channel="C1", text="quick")["ok"]


def test_stop_wakes_slow_responses():
    fake = FakeSlack().start()
    fake.slow_next("auth.test", delay=30)
    client = WebClient(token="xoxb-test", base_url=fake.url, timeout=0.3)
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        client.auth_test()
    started = time.monotonic()
    fake.stop()
    assert time.monotonic() - started < 2


def test_views(fake, client):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Plan"}, "blocks": []}
    with pytest.raises(SlackApiError) as exc:
        client.api_call("views.open", json={"view": view})
    assert exc.value.response["error"] == "invalid_arguments"
    assert fake.opened_views() == []

    opened = client.views_open(trigger_id="123.456", view=view)["view"]
    assert opened["id"].startswith("V") and opened["hash"]
    assert opened["title"]["text"] == "Plan"
    view2 = dict(view, title={"type": "plain_text", "text": "Plan 2"})
    updated = client.views_update(view_id=opened["id"], view=view2)["view"]
    assert updated["id"] == opened["id"]
    assert fake.view(opened["id"])["title"]["text"] == "Plan 2"

    home = {"type": "home", "blocks": [{"type": "divider"}]}
    fake.set_user("U1")
    client.views_publish(user_id="U1", view=home)
    assert fake.home_view("U1")["blocks"] == [{"type": "divider"}]
    assert fake.home_view("U2") is None


def test_files_upload_v2_roundtrip(fake, client):
    resp = client.files_upload_v2(
        channel="C1",
        content=b"hello,world\n",
        filename="report.csv",
        title="Weekly report",
        initial_comment="Here you go",
    )
    assert resp["file"]["title"] == "Weekly report"
    (uploaded,) = fake.uploaded_files()
    assert uploaded["filename"] == "report.csv"
    assert uploaded["title"] == "Weekly report"
    assert uploaded["channel_id"] == "C1"
    assert uploaded["initial_comment"] == "Here you go"
    assert uploaded["content"] == b"hello,world\n"


def test_response_url_recording(fake):
    url = fake.response_url("r1")
    body = json.dumps({"text": "done", "replace_original": True}).encode()
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=3) as resp:
        assert resp.status == 200
    assert fake.wait_for_response("r1") == [{"text": "done", "replace_original": True}]
    assert fake.responses("other") == []


def test_wait_for_reports_what_was_received(fake, client):
    client.auth_test()
    with pytest.raises(AssertionError, match=r"auth.test -> 200"):
        fake.wait_for("chat.postMessage", timeout=0.1)


def test_reset_keeps_users(fake, client):
    fake.set_user("U1")
    client.chat_postMessage(channel="C1", text="x")
    fake.fail_next("chat.postMessage")
    fake.reset()
    assert fake.calls == [] and fake.messages("C1") == []
    assert client.chat_postMessage(channel="C1", text="y")["ok"]
    assert client.users_info(user="U1")["ok"]
