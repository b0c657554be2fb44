"""The demo's Slack: what the stand-in adds (files, conversations, each user's modal stack) and
what SlackSide sends to an app, over real HTTP."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from test_modal import values

from bot.demo.slackside import SlackSide
from bot.demo.standin import FakeSlack
from bot.views import wins as v

SECRET = "slackside-secret"


def modal(title: str) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": []}


def title(view: dict | None) -> str | None:
    return view["title"]["text"] if view else None


@pytest.fixture
def standin() -> Iterator[FakeSlack]:
    with FakeSlack(team_id="TDEMO") as fake:
        fake.set_user("UREP1", name="ruben", real_name="Ruben Jansen", locale="nl-NL")
        fake.set_user("UREP2", name="sophie", real_name="Sophie Baker", tz="Europe/London")
        yield fake


@pytest.fixture
def client(standin) -> WebClient:
    return WebClient(token="xoxb-test", base_url=standin.url, timeout=3)


def test_each_users_modal_stack_follows_open_push_update_and_close(standin, client):
    standin.note_trigger("t.open", "UREP1")
    standin.note_trigger("t.push", "UREP1")
    first = client.views_open(trigger_id="t.open", view=modal("First"))["view"]
    assert title(standin.open_modal("UREP1")) == "First"
    assert standin.open_modal("UREP2") is None

    pushed = client.views_push(trigger_id="t.push", view=modal("Pushed"))["view"]
    assert pushed["previous_view_id"] == first["id"]
    client.views_update(view_id=first["id"], view=modal("First again"))
    assert title(standin.open_modal("UREP1")) == "Pushed"  # the view under it changed
    client.views_update(view_id=pushed["id"], view=modal("Pushed again"))
    assert title(standin.open_modal("UREP1")) == "Pushed again"

    standin.close_modal("UREP1")  # back
    assert title(standin.open_modal("UREP1")) == "First again"
    client.views_push(trigger_id="t.push", view=modal("Pushed"))
    standin.close_modal("UREP1", everything=True)
    assert standin.open_modal("UREP1") is None

    # A trigger nobody noted (a test's own id) opens a view that is nobody's modal.
    client.views_open(trigger_id="t.unknown", view=modal("Loose"))
    assert standin.open_modal("UREP1") is None
    assert [title(view) for view in standin.opened_views()][-1] == "Loose"


def test_the_apps_answer_to_a_submission_changes_the_modal(standin, client):
    standin.note_trigger("t.open", "UREP1")
    first = client.views_open(trigger_id="t.open", view=modal("Form"))["view"]
    standin.set_modal_errors("UREP1", {"b": "Too long"})
    assert standin.modal_errors("UREP1") == {"b": "Too long"}
    assert title(standin.open_modal("UREP1")) == "Form"

    standin.replace_modal("UREP1", modal("Thanks"))
    assert standin.modal_errors("UREP1") == {}
    assert standin.open_modal("UREP1")["id"] == first["id"]
    assert title(standin.open_modal("UREP1")) == "Thanks"

    pushed = standin.push_modal("UREP1", modal("More"))
    assert pushed["previous_view_id"] == first["id"]
    assert standin.open_modal("UREP1")["id"] == pushed["id"]
    assert standin.replace_modal("UREP2", modal("Nobody's")) is None


def test_an_uploaded_file_is_served_with_its_content_type(standin, client):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    client.files_upload_v2(channel="CWINS", content=png, filename="chart.png", title="Chart")
    client.files_upload_v2(channel="CSALES", content=ics, filename="meeting.ics")
    by_name = {f["filename"]: f["id"] for f in standin.uploaded_files()}
    [shared] = standin.messages("CWINS")[-1]["files"]
    assert shared["id"] == by_name["chart.png"]

    for name, content, content_type in (
        ("chart.png", png, "image/png"),
        ("meeting.ics", ics, "text/calendar"),
    ):
        with urllib.request.urlopen(standin.file_url(by_name[name]), timeout=3) as response:
            assert response.read() == content
            assert response.headers["Content-Type"] == content_type
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(standin.file_url("FNOPE"), timeout=3)
    assert missing.value.code == 404


def test_the_conversations_a_page_can_list(standin, client):
    standin.set_channel("CWINS", name="wins")
    standin.set_channel("CSALES", name="sales")
    client.chat_postMessage(channel="CELSE", text="hi")
    client.chat_postMessage(channel="UREP1", text="a DM is not a channel")
    assert standin.channels() == [
        {"id": "CWINS", "name": "wins"},
        {"id": "CSALES", "name": "sales"},
        {"id": "CELSE", "name": "celse"},
    ]
    assert standin.users() == [
        {
            "id": "UREP1",
            "name": "ruben",
            "real_name": "Ruben Jansen",
            "tz": "Europe/Amsterdam",
            "locale": "nl-NL",
        },
        {
            "id": "UREP2",
            "name": "sophie",
            "real_name": "Sophie Baker",
            "tz": "Europe/London",
            "locale": "en-US",
        },
    ]


class _App(BaseHTTPRequestHandler):
    """An app that checks Slack's signature and keeps what it was sent."""

    received: list[dict]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        signed = SignatureVerifier(SECRET).is_valid(
            body, self.headers["X-Slack-Request-Timestamp"], self.headers["X-Slack-Signature"]
        )
        if self.headers["Content-Type"] == "application/json":
            sent = json.loads(body)
        else:
            form = {k: vs[0] for k, vs in parse_qs(body).items()}
            sent = json.loads(form["payload"]) if "payload" in form else form
        self.received.append(sent)
        answer = b'{"response_action": "clear"}' if signed else b"bad signature"
        self.send_response(200 if signed else 401)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@pytest.fixture
def app(standin) -> Iterator[tuple[SlackSide, list[dict]]]:
    received: list[dict] = []
    handler = type("Handler", (_App,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SlackSide(f"http://127.0.0.1:{server.server_port}", SECRET, standin, "TDEMO"), received
    server.shutdown()
    server.server_close()


def test_what_slackside_sends_is_signed_and_shaped_like_slacks(app, standin, client):
    slack, received = app
    standin.set_channel("CSALES", name="sales")
    answer = slack.command("", user="UREP1", command="/newclient", channel_id="CSALES")
    assert answer.status == 200 and answer.json() == {"response_action": "clear"}
    sent = received[-1]
    assert (sent["team_id"], sent["channel_name"], sent["user_id"]) == ("TDEMO", "sales", "UREP1")
    assert sent["response_url"] == standin.response_url("cmd")
    # The command's trigger_id is Ruben's: the modal the app opens with it is his.
    client.views_open(trigger_id=sent["trigger_id"], view=modal("Form"))
    view = standin.open_modal("UREP1")

    slack.click(
        "pick",
        None,
        user="UREP1",
        view=view,
        action_type="static_select",
        selected_option={"value": "EUR"},
    )
    sent = received[-1]
    assert sent["container"] == {"type": "view", "view_id": view["id"]}
    assert "channel" not in sent and "response_url" not in sent
    [action] = sent["actions"]
    assert action["selected_option"] == {"value": "EUR"} and "value" not in action

    typed = {"b": {"a": {"type": "plain_text_input", "value": "x"}}}
    slack.submit_view(typed, user="UREP1", view=view)
    sent = received[-1]
    assert sent["type"] == "view_submission"
    assert {k: sent["view"][k] for k in ("id", "hash", "callback_id", "private_metadata")} == {
        k: view[k] for k in ("id", "hash", "callback_id", "private_metadata")
    }
    assert sent["view"]["state"]["values"]["b"]["a"]["value"] == "x"

    count = len(received)
    assert slack.close_view(user="UREP1", view=view) is None  # the app did not ask
    assert len(received) == count and standin.open_modal("UREP1") is None
    slack.close_view(user="UREP1", view={**view, "notify_on_close": True})
    assert received[-1]["type"] == "view_closed"

    client.views_publish(user_id="UREP1", view={"type": "home", "blocks": []})
    slack.open_home("UREP1")
    event = received[-1]["event"]
    assert (event["type"], event["tab"], event["view"]["type"]) == (
        "app_home_opened",
        "home",
        "home",
    )

    bad = SlackSide(slack.app_url, "not-the-secret", standin, "TDEMO")
    assert bad.event({"type": "app_mention"}).status == 401


def test_a_real_modal_of_the_bot_is_submitted_from_the_stand_in(bot):
    """The /newclient form: opened on the user's stack, refused with errors, then thanked."""
    bot.command("", user="UANNA")
    bot.fake.wait_for("views.open")
    form = bot.fake.open_modal("UANNA")
    assert form["callback_id"] == v.MODAL_CALLBACK_ID and bot.fake.open_modal("UBRAM") is None

    refused = bot.slack.submit_view(values(client=" "), user="UANNA", view=form).json()
    assert refused["response_action"] == "errors" and v.BLOCK_CLIENT in refused["errors"]
    bot.fake.set_modal_errors("UANNA", refused["errors"])

    thanked = bot.slack.submit_view(values(client="Globex"), user="UANNA", view=form).json()
    assert thanked["response_action"] == "update"
    bot.fake.replace_modal("UANNA", thanked["view"])
    assert bot.fake.modal_errors("UANNA") == {}
    assert "Globex" in json.dumps(bot.fake.open_modal("UANNA")["blocks"])
