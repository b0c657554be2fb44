"""The HTTP endpoint against slow, large and odd clients: acks keep flowing while 200 connections
hang half-open, bodies over 1 MiB are refused before they are read, and a signed body of the
wrong shape gets a 4xx with one log line and no traceback. No request body is ever logged."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import threading
import time
from urllib.parse import urlencode

import pytest
from conftest import SIGNING_SECRET, TEAM_ID
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier
from sqlmodel import select

from bot import server as bot_server
from storage.models import OutboxMessage, Win

MIB = 1024 * 1024
FORM = "application/x-www-form-urlencoded"


def stored(harness) -> tuple[list, list]:
    with harness.runtime.session_factory() as session:
        return list(session.exec(select(Win)).all()), list(
            session.exec(select(OutboxMessage)).all()
        )


def tracebacks(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.exc_info or "Traceback" in r.getMessage() or r.levelno >= logging.ERROR
    ]


def command_form(text: str, **extra: str) -> str:
    return urlencode(
        {
            "team_id": TEAM_ID,
            "user_id": "UANNA",
            "command": "/newclient",
            "text": text,
            "channel_id": "CSALES0001",
            "trigger_id": "trig.big",
            "response_url": "http://127.0.0.1:9/r",
            **extra,
        }
    )


def raw_request(port: int, head: bytes, first_part: bytes, timeout: float = 5.0) -> bytes:
    """Send the head and only the first part of a body; return what the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head + first_part)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
        return answer


def signed_head(body: bytes, *, length: int | None = None, chunked: bool = False) -> bytes:
    ts = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length or len(body)}"
    return (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
        f"Content-Type: {FORM}\r\nX-Slack-Request-Timestamp: {ts}\r\n"
        f"X-Slack-Signature: {signature}\r\n{framing}\r\n\r\n"
    ).encode()


# -- size ----------------------------------------------------------------------------------------


def test_a_signed_10_mb_body_is_refused_before_it_is_read(bot):
    body = command_form("Acme 10k", pad="a" * (10 * MIB)).encode()
    started = time.monotonic()
    answer = raw_request(bot.port, signed_head(body), body[:65536])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 3  # answered without waiting for the other 10 MB
    assert stored(bot) == ([], [])


def test_an_unsigned_huge_body_is_refused_before_it_is_read(bot):
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
        f"Content-Type: {FORM}\r\nContent-Length: {200 * MIB}\r\n\r\n"
    ).encode()
    answer = raw_request(bot.port, head, b"payload=" + b"x" * 1000)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_chunked_body_is_refused_once_it_passes_1_mib(bot):
    body = command_form("Acme 10k", pad="a" * (2 * MIB)).encode()
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part)
        for part in (body[i : i + 65536] for i in range(0, 2 * MIB, 65536))
    )
    answer = raw_request(bot.port, signed_head(body, chunked=True), chunks)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert stored(bot) == ([], [])


def test_a_body_of_exactly_1_mib_is_still_served(bot):
    text = command_form("Acme 10k")
    text += "&pad=" + "a" * (MIB - len(text) - len("&pad="))
    assert len(text) == MIB
    response = bot.post(text, content_type=FORM)
    assert response.status == 200
    assert "is logged" in response.json()["text"]
    [win], _ = stored(bot)
    assert win.client_name == "Acme"


# -- slow clients --------------------------------------------------------------------------------


def test_acks_keep_flowing_while_200_connections_hang_half_open(bot):
    assert bot.command("Warm 1k").status == 200  # first request pays for imports and caches
    hanging: list[socket.socket] = []
    try:
        for i in range(200):
            sock = socket.create_connection(("127.0.0.1", bot.port), timeout=5)
            if i % 2:  # headers that never end
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: text")
            else:  # a body that never comes
                sock.sendall(signed_head(b"x" * 500) + b"x" * 10)
            hanging.append(sock)
        started = time.monotonic()
        response = bot.command("Acme 10k")
        elapsed = time.monotonic() - started
        assert response.status == 200
        assert "is logged" in response.json()["text"]
        assert elapsed < 1.0, f"the ack took {elapsed:.2f} s"
    finally:
        for sock in hanging:
            sock.close()


def test_the_event_loop_rests_while_answers_are_being_written(bot, monkeypatch):
    """32 people log wins at once over kept-alive connections (as Slack's do): every win is
    answered and stored, and waitress's event loop goes round a few times per request, not
    thousands (it used to spin while a thread held an answer's buffer, starving that thread)."""
    assert bot.command("Warm 1k").status == 200
    looks = [0]
    readable = bot_server._DeadlineChannel.readable

    def counted(channel):
        looks[0] += 1  # once per connection per turn of the loop
        return readable(channel)

    monkeypatch.setattr(bot_server._DeadlineChannel, "readable", counted)
    users, per_user = 32, 6
    answers: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def one_user(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", bot.port, timeout=30)
        try:
            for i in range(per_user):
                body = command_form(f"Client {n}-{i} 5k", trigger_id=f"trig.{n}.{i}").encode()
                head = signed_head(body).split(b"\r\n")[2:-2]  # the signed headers
                headers = dict(line.decode().split(": ", 1) for line in head)
                conn.request("POST", "/slack/events", body=body, headers=headers)
                response = conn.getresponse()
                with lock:
                    answers.append((response.status, response.read()))
        finally:
            conn.close()

    threads = [threading.Thread(target=one_user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _ in answers] == [200] * (users * per_user)
    assert all(b"is logged" in body for _, body in answers)
    wins, _ = stored(bot)
    assert len(wins) == 1 + users * per_user
    turns_per_request = looks[0] / (users + 1) / (users * per_user)
    assert turns_per_request < 20, f"{turns_per_request:.0f} turns of the event loop a request"


def test_a_request_that_never_finishes_arriving_is_cut_off(bot, monkeypatch):
    monkeypatch.setattr(bot_server, "REQUEST_READ_SECONDS", 0.5)
    with socket.create_connection(("127.0.0.1", bot.port), timeout=10) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n")
        started = time.monotonic()
        assert sock.recv(1024) == b""  # the server closed it
        assert time.monotonic() - started < 5


# -- odd signed requests -------------------------------------------------------------------------


def event_body(event: object, **extra: object) -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": TEAM_ID,
            "event_id": "Ev0001",
            "event": event,
            **extra,
        }
    )


def interaction(payload: object) -> str:
    return urlencode({"payload": json.dumps(payload)})


CLICK = {
    "type": "block_actions",
    "team": {"id": TEAM_ID},
    "user": {"id": "UANNA", "team_id": TEAM_ID},
    "actions": [{"action_id": "celebration_congratulate", "value": "1"}],
}
SUBMIT = {
    "type": "view_submission",
    "team": {"id": TEAM_ID},
    "user": {"id": "UANNA"},
    "view": {
        "id": "V1",
        "type": "modal",
        "callback_id": "newclient_modal",
        "state": {"values": {}},
    },
}

ODD = {
    "form body labelled JSON": ("application/json", command_form("Acme 10k")),
    "JSON body that is not an object": ("application/json", "[1, 2]"),
    "JSON nested a million deep": ("application/json", "[" * 500_000),
    "form payload that is not JSON": (FORM, urlencode({"payload": "Acme 10k"})),
    "form payload that is a JSON list": (FORM, interaction([CLICK])),
    "form payload that is a JSON string": (FORM, interaction("block_actions")),
    "event_callback without event": ("application/json", event_body(None)),
    "event that is a list": ("application/json", event_body(["app_home_opened"])),
    "event without type": ("application/json", event_body({"user": "UANNA"})),
    "app_home_opened without user": (
        "application/json",
        event_body({"type": "app_home_opened", "tab": "home"}),
    ),
    "app_home_opened with a user object": (
        "application/json",
        event_body({"type": "app_home_opened", "user": {"id": 5}, "tab": "home"}),
    ),
    "event without a workspace": (
        "application/json",
        json.dumps({"type": "event_callback", "event": {"type": "app_home_opened", "user": "U1"}}),
    ),
    "click without actions": (FORM, interaction({**CLICK, "actions": []})),
    "click with an action that is text": (FORM, interaction({**CLICK, "actions": ["x"]})),
    "click with a numeric action_id": (
        FORM,
        interaction({**CLICK, "actions": [{"action_id": 5}]}),
    ),
    "click without a user": (FORM, interaction({**CLICK, "user": "UANNA"})),
    "click with a team number": (FORM, interaction({**CLICK, "team": 5})),
    "click with authorizations that are not objects": (
        FORM,
        interaction({**CLICK, "authorizations": ["x"]}),
    ),
    "click with response_urls null": (FORM, interaction({**CLICK, "response_urls": None})),
    "submission with a view that is text": (FORM, interaction({**SUBMIT, "view": "V1"})),
    "submission of a view without a type": (
        FORM,
        interaction({**SUBMIT, "view": {"id": "V1", "callback_id": "newclient_modal"}}),
    ),
    "submission with state values that are a list": (
        FORM,
        interaction({**SUBMIT, "view": {**SUBMIT["view"], "state": {"values": []}}}),
    ),
    "command without a user": (FORM, urlencode({"team_id": TEAM_ID, "command": "/newclient"})),
}


@pytest.mark.parametrize("content_type, body", ODD.values(), ids=ODD.keys())
def test_an_odd_signed_request_gets_400_and_one_line_without_traceback(
    bot, caplog, content_type, body
):
    caplog.set_level(logging.INFO)
    response = bot.post(body, content_type=content_type)
    assert response.status == 400
    assert tracebacks(caplog) == []
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.server"]
    assert line.startswith("refused a request to /slack/events (400 Bad Request): ")
    assert body[:40] not in line
    assert stored(bot) == ([], [])


def test_a_body_that_is_not_utf8_gets_400(bot, caplog):
    import urllib.error
    import urllib.request

    body = b"payload=%7B%7D\xff\xfe"
    ts = str(int(time.time()))
    request = urllib.request.Request(
        f"{bot.url}/slack/events",
        data=body,
        method="POST",
        headers={
            "Content-Type": FORM,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": "v0="
            + hmac.new(
                SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256
            ).hexdigest(),
        },
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 400
    assert tracebacks(caplog) == []


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "", "-5", "0x6553F100", "¹²³"])
def test_a_timestamp_that_is_not_a_number_gets_401_without_traceback(bot, caplog, timestamp):
    body = command_form("Acme 10k")
    signature = bot.verifier.generate_signature(timestamp=timestamp, body=body)
    response = bot.post(
        body,
        content_type=FORM,
        signed=False,
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )
    assert response.status == 401
    assert tracebacks(caplog) == []
    assert stored(bot) == ([], [])


def test_no_request_body_is_ever_logged(bot, caplog):
    caplog.set_level(logging.DEBUG)
    marker = "Secret-Obstacle-7731"
    assert bot.command(f"{marker} 10k", signed=False).status == 401
    assert bot.command(f"{marker} 10k", secret="wrong-secret").status == 401
    assert bot.post(f'{{"note": "{marker}"', content_type="application/json").status == 400
    assert bot.post(interaction([marker]), content_type=FORM).status == 400
    assert not [r for r in caplog.records if marker in r.getMessage()]
    assert tracebacks(caplog) == []


def test_a_command_with_the_word_payload_in_it_is_served(bot):
    """Bolt would read such a form as an empty interactive payload and answer 404."""
    response = bot.command("payload Systems 10k")
    assert response.status == 200
    assert "*payload Systems* is logged" in response.json()["text"]
    [win], _ = stored(bot)
    assert win.client_name == "payload Systems"


def test_other_paths_are_not_found(bot):
    assert bot.get("/slack/events").status == 404
    assert bot.get("/").status == 404


def test_bolt_still_checks_the_signature_over_the_text_it_is_handed(fake_slack):
    """The edge hands Bolt its own parse (bot.server.bolt_request): Bolt's own signature check
    must still run, over the text. A body changed after it was signed is refused by Bolt
    itself, before any listener."""
    app = App(
        signing_secret=SIGNING_SECRET,
        token_verification_enabled=False,
        process_before_response=True,
        client=WebClient(token="xoxb-test", base_url=fake_slack.url),
    )
    heard: list[str] = []

    @app.command("/newclient")
    def newclient(ack, body) -> None:
        heard.append(body["text"])
        ack()

    form = {"command": "/newclient", "text": "Acme 10k", "team_id": TEAM_ID, "user_id": "UANNA"}
    signed = urlencode(form)
    timestamp = str(int(time.time()))
    base = f"v0:{timestamp}:{signed}".encode()
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    environ = {
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": timestamp,
        "HTTP_X_SLACK_SIGNATURE": signature,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "QUERY_STRING": "",
    }
    tampered = signed.replace("10k", "99k")

    def dispatch(text: str) -> int:
        parsed = bot_server.parse_like_bolt(text, "application/x-www-form-urlencoded")
        return app.dispatch(bot_server.bolt_request(environ, text, parsed)).status

    assert dispatch(tampered) == 401
    assert heard == []
    assert dispatch(signed) == 200
    assert heard == ["Acme 10k"]
