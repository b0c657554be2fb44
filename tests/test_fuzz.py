"""Forged and stale payloads at every command, button and modal, through the real HTTP endpoint.

Button values, private_metadata and select values normally carry only what the app wrote; a
stale or tampered one must never crash a listener. Every request gets an answer (an ack body, a
response_url post, a modal or a message), nothing is stored, and a payload the app cannot read
is one warning line, never an error with a traceback.

The listeners are enumerated from the app itself, so a new command, button or modal is fuzzed
without touching this file.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
import warnings
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from slack_bolt import App
from sqlalchemy import func, select
from sqlmodel import SQLModel
from sqlmodel import select as orm_select

from bot.app import create_app
from bot.config import load_settings
from bot.deps import Deps
from bot.domain.days import CalendarError, parse_day
from bot.payloads import StalePayload, read_date, read_int, read_metadata, strip_nul
from bot.views import agenda as aviews
from bot.views import checkins as cviews
from bot.views import meetings as mviews
from bot.views import wins as nviews
from bot.views.text import strip_invisible
from storage import users as user_store
from storage.models import AgendaItem, Meeting, MeetingRating, Win
from tests.conftest import TEAM_ID, BotHarness, bot_env
from tests.support.commands import command_reply
from tests.test_meetings_flow import ADMIN, SALES, confirm, plan

AMS = ZoneInfo("Europe/Amsterdam")
# Caches that any request may fill: who a user is, which events were seen.
CACHE_TABLES = {"slack_user", "processed_event", "alembic_version"}
# The lead engineer is converting these to bot.payloads: until then their misses are warnings.
NOT_YET_CONVERTED: set[str] = set()
ANSWER_METHODS = (
    "views.open",
    "views.push",
    "views.update",
    "views.publish",
    "chat.postEphemeral",
    "chat.postMessage",
)

BIG = str(2**63)
# What a forged button, select or datepicker value looks like.
BAD_VALUES: list[str | None] = [
    BIG,
    "-1",
    "0",
    "1e30",
    "NaN",
    "",
    None,  # no value at all
    "4242\x00",
    "x" * 5000,
    "9999-12-31",
    "0000-00-00",
    "x",
    f"{BIG}:1",
    "1:2:3",
    "4242",  # a well-formed id of nothing
    "4242:5",
    "[]",
]
# What a forged private_metadata looks like: not JSON, not an object, wrong-typed keys.
_KEYS = ("meeting_id", "item_id", "plan_id", "series_id", "year", "week", "day", "lang")
BAD_METADATA: list[str] = [
    "not json",
    "[1, 2]",
    '"text"',
    "null",
    "x" * 5000,
    "{\x00}",
    *(json.dumps({key: value}) for key in _KEYS for value in (2**63, -1, "1", ["x"], None)),
    json.dumps({key: 1e30 for key in _KEYS}),
    json.dumps({key: "9999-12-31" for key in _KEYS}),
    json.dumps({key: "0000-00-00" for key in _KEYS}),
    json.dumps({"week": "x", "day": "x", "lang": "xx"}),
    json.dumps({"meeting_id": 4242, "item_id": 4242, "series_id": 4242, "day": "2027-01-04"}),
]
COMMAND_WORDS = ["", "skip <@UBRAM>", "move", "cancel", "away", "plan", "add", "list", "manager"]
COMMAND_VALUES = ["\x00", "9999-12-31", "0000-00-00", BIG, "1e30", "NaN", "-1", "x" * 3000]


# ------------------------------------------------------------------------ the listeners


@dataclass
class Listeners:
    commands: dict[str, str] = field(default_factory=dict)  # command -> handler module
    actions: dict[str, str] = field(default_factory=dict)  # a matching action_id -> module
    views: dict[str, str] = field(default_factory=dict)  # callback_id -> module
    shortcuts: dict[str, str] = field(default_factory=dict)


def _matching_id(constraint: object) -> str:
    """An action_id the constraint matches (a string, or a regex such as ^meeting_rate_\\d+$)."""
    if isinstance(constraint, str):
        return constraint
    if isinstance(constraint, re.Pattern):
        candidate = constraint.pattern.strip("^$").replace(r"\d+", "5").replace(r"\d", "5")
        if constraint.fullmatch(candidate):
            return candidate
    raise AssertionError(f"the fuzz test cannot make an id for {constraint!r}: teach it")


def registered_listeners() -> Listeners:
    """Every command, action, view and shortcut create_app registers, with its handler's module."""
    found = Listeners()
    originals = {name: getattr(App, name) for name in ("command", "action", "view", "shortcut")}

    def recorder(name: str, into: dict[str, str]):
        def register(self, constraint, *args, **kwargs):
            wire = originals[name](self, constraint, *args, **kwargs)

            def wired(handler):
                into[_matching_id(constraint)] = handler.__module__
                return wire(handler)

            return wired

        return register

    env = bot_env(mock.Mock(url="http://127.0.0.1:9/api/"), "sqlite://")
    deps = Deps(
        settings=load_settings(env),
        session_factory=mock.Mock(),
        notify_outbox=mock.Mock(),
        background=mock.Mock(),
        clock=mock.Mock(),
        profiles=mock.Mock(),
    )
    with (
        mock.patch.object(App, "command", recorder("command", found.commands)),
        mock.patch.object(App, "action", recorder("action", found.actions)),
        mock.patch.object(App, "view", recorder("view", found.views)),
        mock.patch.object(App, "shortcut", recorder("shortcut", found.shortcuts)),
    ):
        create_app(deps)
    return found


LISTENERS = registered_listeners()


def test_the_fuzz_test_sees_every_feature():
    assert {"/newclient", "/meetings", "/agenda", "/checkin", "/oneonone", "/accountplan"} <= set(
        LISTENERS.commands
    )
    assert aviews.PROPOSE_STORY_ACTION in LISTENERS.actions
    assert f"{mviews.RATE_ACTION_PREFIX}5" in LISTENERS.actions
    assert nviews.MODAL_CALLBACK_ID in LISTENERS.views


# ------------------------------------------------------------------------ the harness


def table_counts(bot: BotHarness) -> dict[str, int]:
    with bot.runtime.engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
            if table.name not in CACHE_TABLES
        }


def click_payload(
    bot: BotHarness, action_id: str, value: str | None, *, response_url: str | None
) -> dict:
    action: dict = {"action_id": action_id, "block_id": "b", "type": "button", "action_ts": "1.0"}
    if value is not None:
        action["value"] = value
    payload: dict = {
        "type": "block_actions",
        "user": {"id": ADMIN, "name": "admin", "team_id": TEAM_ID},
        "trigger_id": f"trig.{uuid.uuid4().hex}",
        "actions": [action],
    }
    if response_url:
        payload |= {
            "container": {"type": "message", "channel_id": SALES, "message_ts": "1.0"},
            "channel": {"id": SALES, "name": "sales"},
            "message": {"ts": "1.0", "text": ""},
            "response_url": response_url,
        }
    else:  # a button on the Home tab: no response_url
        payload |= {
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home", "callback_id": "", "private_metadata": ""},
        }
    return payload


@dataclass
class Outcome:
    status: int
    answered: bool
    stored: dict[str, tuple[int, int]]
    tracebacks: list[str]
    stale_warnings: int


class Fuzzer:
    """Sends one forged request at a time and sees what it did."""

    def __init__(self, bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
        self.bot = bot
        self.caplog = caplog
        self.baseline = table_counts(bot)

    def run(self, send) -> Outcome:
        bot = self.bot
        bot.runtime.background.wait_idle()
        bot.fake.reset()
        self.caplog.clear()
        response = send()
        assert bot.runtime.background.wait_idle(10), "background work did not finish"
        answered = bool(response.body.strip()) and _is_answer(response.json())
        answered = answered or any(bot.fake.calls_to(m, ok_only=True) for m in ANSWER_METHODS)
        answered = answered or any(bot.fake.responses(name) for name in ("cmd", "fuzz"))
        counts = table_counts(bot)
        stored = {
            name: (self.baseline[name], count)
            for name, count in counts.items()
            if count != self.baseline[name]
        }
        self.baseline = counts
        records = self.caplog.records
        return Outcome(
            status=response.status,
            answered=answered,
            stored=stored,
            tracebacks=[
                f"{r.name}: {r.getMessage()} ({r.exc_info[1]!r})"
                for r in records
                if r.levelno >= logging.ERROR and r.exc_info
            ],
            stale_warnings=sum(
                r.name == "bot.failures" and r.levelno == logging.WARNING for r in records
            ),
        )

    def command(self, command: str, text: str) -> Outcome:
        return self.run(lambda: self.bot.command(text, command=command, user=ADMIN))

    def click(self, action_id: str, value: str | None, *, home: bool = False) -> Outcome:
        url = None if home else self.bot.fake.response_url("fuzz")
        payload = click_payload(self.bot, action_id, value, response_url=url)
        return self.run(lambda: self.bot.interaction(payload))

    def submit(self, callback_id: str, metadata: str, values: dict | None = None) -> Outcome:
        return self.run(
            lambda: self.bot.submit_view(
                values or {}, user=ADMIN, callback_id=callback_id, private_metadata=metadata
            )
        )


def _is_answer(body: dict) -> bool:
    return bool(body.get("text") or body.get("blocks") or body.get("response_action"))


@dataclass
class Report:
    """Problems found, split into failures and (for unconverted listeners) warnings."""

    failures: list[str] = field(default_factory=list)
    pending: dict[str, set[str]] = field(default_factory=dict)

    def check(self, what: str, module: str, outcome: Outcome, *, may_store: bool = False) -> None:
        if outcome.status >= 500:
            self.failures.append(f"{what}: HTTP {outcome.status}")
        problems = []
        if not outcome.answered:
            problems.append("no answer")
        if outcome.stored and not may_store:
            problems.append(f"stored {outcome.stored}")
        if outcome.tracebacks:
            problems.append(f"traceback {outcome.tracebacks[0]}")
        if outcome.stale_warnings > 1:
            problems.append(f"{outcome.stale_warnings} warning lines for one request")
        if not problems:
            return
        if module in NOT_YET_CONVERTED:
            listener, _, case = what.partition(" ")
            for problem in problems:
                self.pending.setdefault(listener, set()).add(f"{problem[:90]} <- {case[:40]}")
        else:
            self.failures.extend(f"{what}: {problem}" for problem in problems)

    def assert_clean(self) -> None:
        for listener, problems in sorted(self.pending.items()):
            warnings.warn(f"not yet converted: {listener}: {sorted(problems)}", stacklevel=1)
        assert not self.failures, "\n".join(self.failures[:60])


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    """A team with a planned year of meetings and a logged win; the clock before the first."""
    fake_slack.set_user(ADMIN, locale="en-GB")
    bot = make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    bot.clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=AMS))
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00 for 60 minutes"))
    assert bot.command("Acme 10k", user="UBRAM").status == 200
    bot.deliver()
    bot.clock.set(datetime(2027, 1, 2, 10, 0, tzinfo=AMS))
    return bot


# ------------------------------------------------------------------------ the fuzz


def test_forged_payloads_at_every_listener_are_answered_and_store_nothing(team, caplog):
    caplog.set_level(logging.WARNING)
    fuzz = Fuzzer(team, caplog)
    report = Report()

    for action_id, module in sorted(LISTENERS.actions.items()):
        for value in BAD_VALUES:
            what = f"{action_id} value={value!r:.40}"
            report.check(what, module, fuzz.click(action_id, value))
        # On the Home tab there is no response_url: a 200 and nothing stored is all there is.
        outcome = fuzz.click(action_id, BIG, home=True)
        report.check(f"{action_id} on Home", module, replace(outcome, answered=True))

    for callback_id, module in sorted(LISTENERS.views.items()):
        for metadata in BAD_METADATA:
            what = f"{callback_id} metadata={metadata!r:.50}"
            report.check(what, module, fuzz.submit(callback_id, metadata))

    for callback_id, metadata, values in FORGED_FORMS:
        module = LISTENERS.views[callback_id]
        what = f"{callback_id} values={json.dumps(values)[:80]}"
        report.check(what, module, fuzz.submit(callback_id, metadata, values))

    for command, module in sorted(LISTENERS.commands.items()):
        for word in COMMAND_WORDS:
            for value in COMMAND_VALUES:
                text = f"{word} {value}".strip()
                # Any text is a client's name for /newclient: logging one is what it is for.
                outcome = fuzz.command(command, text)
                what = f"{command} {text!r:.50}"
                report.check(what, module, outcome, may_store=command == "/newclient")

    for callback_id, module in sorted(LISTENERS.shortcuts.items()):
        payload = {
            "type": "shortcut",
            "callback_id": callback_id,
            "user": {"id": "U\x00X", "team_id": TEAM_ID},
            "trigger_id": "\x00" * 10,
        }
        outcome = fuzz.run(lambda payload=payload: team.interaction(payload))
        # A global shortcut has no response_url either.
        report.check(f"shortcut {callback_id}", module, replace(outcome, answered=True))

    report.assert_clean()


def _form(**blocks: dict) -> dict:
    return {block: {action: element} for block, (action, element) in blocks.items()}


def _select(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"value": value}}


# Select, radio and checkbox values the app did not offer, with metadata the app would write.
FORGED_FORMS: list[tuple[str, str, dict]] = [
    (
        nviews.MODAL_CALLBACK_ID,
        json.dumps({"lang": "en"}),
        {
            nviews.BLOCK_CLIENT: {nviews.ACTION_CLIENT: {"value": "Acme"}},
            nviews.BLOCK_CURRENCY: {nviews.ACTION_CURRENCY: _select("XXX\x00")},
        },
    ),
    (
        nviews.MODAL_CALLBACK_ID,
        json.dumps({"lang": "en"}),
        {
            nviews.BLOCK_CLIENT: {nviews.ACTION_CLIENT: {"value": "Acme"}},
            nviews.BLOCK_WON_VIA: {nviews.ACTION_WON_VIA: _select("x" * 5000)},
        },
    ),
    (
        aviews.CARRY_OVER_CALLBACK,
        json.dumps({"meeting_id": 1, "lang": "en"}),
        {
            aviews.carry_block_id(0): {
                aviews.ACTION_CARRY: {
                    "type": "checkboxes",
                    "selected_options": [{"value": BIG}, {"value": "x"}],
                }
            }
        },
    ),
    (
        aviews.ITEM_MODAL_CALLBACK,
        json.dumps({"meeting_id": 1, "item_id": None, "lang": "en"}),
        {
            aviews.BLOCK_KIND: {aviews.ACTION_KIND: _select("complaint")},
            aviews.BLOCK_TITLE: {aviews.ACTION_TITLE: {"value": "Acme"}},
        },
    ),
    (
        aviews.ITEM_MODAL_CALLBACK,
        json.dumps({"meeting_id": 1, "item_id": None, "lang": "en"}),
        {aviews.BLOCK_TITLE: {aviews.ACTION_TITLE: {"value": 12}}},
    ),
]


# ------------------------------------------------------------------------ what people see


def wins(bot: BotHarness) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(orm_select(Win).order_by(Win.id)).all())


def meeting_ids(bot: BotHarness) -> list[int]:
    with bot.runtime.session_factory() as session:
        rows = session.exec(orm_select(Meeting).order_by(Meeting.starts_at)).all()
        return [m.id for m in rows]


def errors_with_traceback(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info]


def test_a_stale_button_is_out_of_date_in_one_warning_line(team, caplog):
    caplog.set_level(logging.WARNING)
    url = team.fake.response_url("stale")
    payload = click_payload(team, aviews.ADD_ITEM_ACTION, BIG, response_url=url)
    assert team.interaction(payload).status == 200
    [note] = team.fake.wait_for_response("stale")
    assert "out of date" in note["text"] and note["response_type"] == "ephemeral"
    assert note["replace_original"] is False
    warned = [r for r in caplog.records if r.name == "bot.failures"]
    assert [r.levelname for r in warned] == ["WARNING"] and not errors_with_traceback(caplog)


def test_a_stale_modal_is_replaced_by_an_out_of_date_note_in_dutch(team, caplog):
    caplog.set_level(logging.WARNING)
    # Bram's Slack language (nl-NL) is learned on his first command.
    team.command("", command="/meetings", user="UBRAM")
    assert team.runtime.background.wait_idle()
    with team.runtime.session_factory() as session:
        assert user_store.get_user(session=session, team_id=TEAM_ID, user_id="UBRAM").locale
    response = team.submit_view(
        {}, user="UBRAM", callback_id=cviews.MODAL_CALLBACK, private_metadata="not json"
    )
    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "update"
    assert answer["view"]["title"]["text"] == "Verouderd"
    assert "verouderd" in json.dumps(answer["view"]["blocks"], ensure_ascii=False)
    assert not errors_with_traceback(caplog)


def test_a_bug_still_gets_an_answer_and_is_logged_with_its_traceback(team, caplog):
    caplog.set_level(logging.WARNING)
    with team.runtime.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE meeting_rating")
    first = meeting_ids(team)[0]
    team.clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=AMS))
    url = team.fake.response_url("bug")
    payload = click_payload(team, f"{mviews.RATE_ACTION_PREFIX}7", f"{first}:7", response_url=url)
    assert team.interaction(payload).status == 200
    [note] = team.fake.wait_for_response("bug")
    assert "something went wrong on my side" in note["text"]
    assert [r.name for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info] == [
        "bot.failures"
    ]


def test_only_a_meeting_that_has_taken_place_can_be_rated(team):
    first, second = meeting_ids(team)[:2]

    def rate(meeting_id: int, score: int, name: str) -> str:
        url = team.fake.response_url(name)
        payload = click_payload(
            team, f"{mviews.RATE_ACTION_PREFIX}{score}", f"{meeting_id}:{score}", response_url=url
        )
        assert team.interaction(payload).status == 200
        return team.fake.wait_for_response(name)[-1]["text"]

    def votes() -> list[tuple[int, int]]:
        with team.runtime.session_factory() as session:
            rows = session.exec(orm_select(MeetingRating)).all()
            return [(r.meeting_id, r.score) for r in rows]

    team.clock.set(datetime(2027, 1, 4, 8, 59, tzinfo=AMS))  # a minute before it starts
    assert "has not taken place yet" in rate(first, 7, "early")
    assert votes() == []
    team.clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=AMS))
    assert "gave the sales meeting a 7" in rate(first, 7, "on-time")
    assert votes() == [(first, 7)]
    command_reply(team, "cancel 2027-01-18 because of the snow", command="/meetings", user=ADMIN)
    team.clock.set(datetime(2027, 1, 18, 12, 0, tzinfo=AMS))
    assert "was cancelled" in rate(second, 8, "cancelled")
    assert votes() == [(first, 7)]


@pytest.mark.parametrize(
    "command, text",
    [
        ("/meetings", "move 9999-12-31 to 9999-12-30 because of the snow"),
        ("/meetings", "cancel 0001-01-01 because of the snow"),
        ("/checkin", "away 9999-12-31"),
    ],
)
def test_days_far_away_get_a_friendly_reply(team, caplog, command, text):
    caplog.set_level(logging.WARNING)
    answer = command_reply(team, text, command=command, user=ADMIN)
    typed = text.split()[1]
    assert typed in answer["text"] and "date" in answer["text"]
    assert not errors_with_traceback(caplog)


def test_parse_day_keeps_to_last_year_up_to_ten_years_ahead():
    today = date(2027, 1, 10)
    assert parse_day("2037-12-31", today=today) == date(2037, 12, 31)
    assert parse_day("2026-01-01", today=today, allow_past=True) == date(2026, 1, 1)
    for text in ("9999-12-31", "2038-01-01", "1-1-0001", "31 dec 2025"):
        with pytest.raises(CalendarError) as raised:
            parse_day(text, today=today, allow_past=True)
        assert raised.value.code == "bad_date"


def test_names_posted_in_public_lose_direction_and_zero_width_marks(team):
    assert team.command("Ac\u202eme\u200b \u2066Corp\u2069 10k", user="UCHRIS").status == 200
    assert wins(team)[-1].client_name == "Acme Corp"
    team.deliver()
    posted = json.dumps(team.fake.messages("CWINS0001")[-1], ensure_ascii=False)
    assert "Acme Corp" in posted and "\u202e" not in posted

    first = meeting_ids(team)[0]
    meta = json.dumps({"meeting_id": first, "item_id": None, "lang": "en"})
    state = {
        aviews.BLOCK_KIND: {aviews.ACTION_KIND: _select("success")},
        aviews.BLOCK_TITLE: {aviews.ACTION_TITLE: {"value": "Ten\u200fder\ufeff"}},
        aviews.BLOCK_DETAILS: {aviews.ACTION_DETAILS: {"value": "won it"}},
    }
    response = team.submit_view(
        state, user="UBRAM", callback_id=aviews.ITEM_MODAL_CALLBACK, private_metadata=meta
    )
    assert response.status == 200
    with team.runtime.session_factory() as session:
        [item] = session.exec(orm_select(AgendaItem)).all()
    assert item.title == "Tender"

    reason = "snow\u202e ,wons"
    command_reply(team, f"cancel 2027-01-18 because {reason}", command="/meetings", user=ADMIN)
    team.deliver()
    notice = json.dumps(team.fake.messages(SALES)[-2:], ensure_ascii=False)
    assert "snow ,wons" in notice and "\u202e" not in notice


# ------------------------------------------------------------------------ both databases


def test_nul_bytes_and_huge_numbers_on_both_databases(make_bot, database_url, fake_slack, caplog):
    caplog.set_level(logging.WARNING)
    fake_slack.set_user(ADMIN, locale="en-GB")
    bot = make_bot(database_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    fuzz = Fuzzer(bot, caplog)

    # Typed text with NUL bytes is stored without them.
    assert fuzz.command("/newclient", "Ac\x00me 10k").stored
    form = {
        nviews.BLOCK_CLIENT: {nviews.ACTION_CLIENT: {"value": "Be\x00ta"}},
        nviews.BLOCK_STORY: {nviews.ACTION_STORY: {"value": "cold\x00 call"}},
    }
    assert fuzz.submit(nviews.MODAL_CALLBACK_ID, json.dumps({"lang": "en"}), form).answered
    assert [(w.client_name, w.story) for w in wins(bot)] == [("Acme", None), ("Beta", "cold call")]

    report = Report()
    for value in (BIG, "4242\x00", f"{BIG}:5", "\x00"):
        for action_id in (
            "celebration_congratulate",
            aviews.PROPOSE_STORY_ACTION,
            f"{mviews.RATE_ACTION_PREFIX}5",
        ):
            report.check(f"{action_id} {value!r}", "", fuzz.click(action_id, value))
    for metadata in (json.dumps({"meeting_id": 2**63}), json.dumps({"meeting_id": "1\x00"})):
        outcome = fuzz.submit(aviews.ITEM_MODAL_CALLBACK, metadata)
        report.check(f"{aviews.ITEM_MODAL_CALLBACK} {metadata}", "", outcome)
    report.check("/checkin away", "", fuzz.command("/checkin", "away 9999-12-31\x00"))
    report.assert_clean()


# ------------------------------------------------------------------------ the readers


@pytest.mark.parametrize("value", [BIG, "-1", "0", "1e30", "NaN", "", None, True, "1_0", "+1", "١"])
def test_read_int_refuses_what_the_database_cannot_hold(value):
    with pytest.raises(StalePayload):
        read_int(value, field="id")


@pytest.mark.parametrize("value", ["9999-12-31", "0000-00-00", "x", "", None, "2027-1-4", 20270104])
def test_read_date_refuses_what_cannot_get_a_day_added(value):
    with pytest.raises(StalePayload):
        read_date(value)


@pytest.mark.parametrize(
    "raw", ["not json", "[1]", '"x"', "null", '{"id": true}', '{"id": "1"}', "{}"]
)
def test_read_metadata_wants_the_object_the_app_wrote(raw):
    with pytest.raises(StalePayload):
        read_metadata({"private_metadata": raw}, required={"id": int})


def test_read_metadata_and_read_int_take_what_the_app_wrote():
    meta = read_metadata({"private_metadata": '{"id": 12, "lang": "nl"}'}, required={"id": int})
    assert read_int(meta["id"], field="id") == read_int("12", field="id") == 12


def test_strip_nul_walks_the_body_in_place():
    body = {"a\x00": ["x\x00y", {"b": "\x00"}], "n": 1}
    assert strip_nul(body) is body
    assert body == {"a": ["xy", {"b": ""}], "n": 1}
    assert strip_invisible("a\u202eb\u200bc\u2066d\u2069\ufeff\u061c") == "abcd"
