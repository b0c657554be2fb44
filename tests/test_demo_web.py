"""The demo page over real HTTP, without a browser: what each person sees, slash commands typed
in the box, clicks and modals sent to the real bot as Slack sends them, the clock control, and
odd requests answered (never a crash). The browser tests (test_demo_browser.py) drive the same
page in Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support.demo import Page, served_demo

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=AMS)  # a Tuesday


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with served_demo(lang="en", now=NOW) as (url, demo):
        yield Page(url, demo)


def celebrations(page: Page, client: str) -> list[dict]:
    return [m for m in page.demo.standin.messages("CWINS") if client in json.dumps(m)]


def test_the_page_opens_on_a_lived_in_wins_channel(page):
    status, _ = page.get("/")
    assert status == 200  # redirected to #wins as the first person
    shown = page.channel("UREP1")
    assert "Salesbot" in shown and "Congratulate" in shown
    assert "Ryan Jones" in shown and "Maria Evans" in shown  # the switcher and mentions
    assert page.demo.standin.messages("CWINS"), "the seeded celebrations were posted"


def test_a_win_typed_as_a_slash_command_is_celebrated_and_its_name_stays_text(page):
    assert page.say("UREP1", "/newclient Acme <b>Corp</b> 25k") == 200
    found = celebrations(page, "Acme &lt;b&gt;Corp")
    assert len(found) == 1, [m["text"] for m in page.demo.standin.messages("CWINS")]
    [posted] = found
    shown = page.channel("UREP2")
    assert "Acme &amp;lt;b&amp;gt;Corp" not in shown  # escaped once: shown as typed
    assert "Acme &lt;b&gt;Corp&lt;/b&gt;" in shown and "<b>Corp</b>" not in shown
    # Another person congratulates it from the page: the post is updated in place.
    block = next(b for b in posted["blocks"] if b["type"] == "actions")
    button = next(e for e in block["elements"] if e["type"] == "button")
    data = {"as": "UREP2", "conv": "CWINS", "where": "message", "ts": posted["ts"]}
    data |= {"block_id": block.get("block_id"), "action_id": button["action_id"], "values": []}
    assert page.post("/act", data) == 200
    [updated] = celebrations(page, "Acme &lt;b&gt;Corp&lt;/b&gt;")
    assert "UREP2" in json.dumps(updated["blocks"])


def test_an_ephemeral_answer_is_shown_only_to_whom_it_was_for(page):
    assert page.say("UREP3", "/leaderboard year") == 200
    mine, theirs = page.channel("UREP3"), page.channel("UREP4")
    assert "Only visible to you" in mine and "leaderboard_share" in mine
    assert "Only visible to you" not in theirs and "leaderboard_share" not in theirs


def test_the_newclient_form_shows_the_bots_errors_inline_then_closes(page):
    assert page.say("UREP4", "/newclient") == 200
    view = page.demo.standin.open_modal("UREP4")
    assert view is not None and "sb-modal" in page.channel("UREP4")
    fields = {"as": "UREP4", "conv": "CWINS", "client.client_input": "Globex"}
    assert page.post("/modal", fields | {"value.value_input": "lots"}, form=True) == 200
    shown = page.channel("UREP4")
    assert page.demo.standin.open_modal("UREP4") is not None
    assert "sb-error" in shown and 'value="Globex"' in shown  # shown again as typed
    assert 'value="lots"' in shown
    assert page.post("/modal", fields | {"value.value_input": "12000"}, form=True) == 200
    thanks = page.demo.standin.open_modal("UREP4")  # the bot answers with a "Logged" view
    assert thanks is not None and thanks["title"]["text"].startswith("Logged")
    assert celebrations(page, "Globex")
    assert page.post("/modal/close", {"as": "UREP4", "conv": "CWINS"}) == 200
    assert page.demo.standin.open_modal("UREP4") is None


def test_the_clock_jumps_to_friday_and_the_checkin_prompt_arrives(page):
    before = len(page.demo.standin.messages("UREP1"))
    assert page.post("/clock", {"as": "UREP1", "conv": "dm", "preset": "friday"}) == 200
    moment = page.demo.web.clock().astimezone(AMS)
    assert (moment.weekday(), moment.hour, moment.minute) == (4, 15, 5)
    dms = page.demo.standin.messages("UREP1")[before:]
    assert any("check-in" in json.dumps(m).lower() for m in dms)
    assert "check-in" in page.channel("UREP1", "dm").lower()


def test_the_lightning_shortcut_opens_the_new_client_form(page):
    assert page.post("/shortcut", {"as": "UREP3", "conv": "CSALES"}) == 200
    view = page.demo.standin.open_modal("UREP3")
    assert view is not None and "client" in json.dumps(view["blocks"])
    assert page.post("/modal/close", {"as": "UREP3", "conv": "CSALES"}) == 200


def test_the_home_tab_is_published_for_whoever_opens_it(page):
    shown = page.channel("UREP2", "home")
    assert "account plan" in shown.lower()


@pytest.mark.parametrize(
    "path, data",
    [
        (
            "/act",
            {"as": "UREP1", "where": "message", "ts": "1.0", "block_id": "x", "action_id": "y"},
        ),
        ("/nowhere", {"as": "UREP1"}),
        ("/modal", {"as": "UREP1"}),  # no modal open: nothing happens
        ("/clock", {"as": "UREP1", "at": "next week"}),
        ("/act", {"as": "UREP1", "where": "home", "values": 3}),
    ],
)
def test_odd_requests_get_an_answer_not_a_crash(page, path, data):
    assert page.post(path, data) in (200, 400, 404)
    assert page.get("/files/F404")[0] == 404
    assert page.channel("UREP1")  # the page still works
