"""Correcting and removing a win from its celebration's menu, through the real endpoint."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from conftest import TEAM_ID, WINS_CHANNEL
from sqlmodel import select

from bot.views import wins as cv
from bot.views import wins as nv
from storage import agenda as agenda_store
from storage import plans as plan_store
from storage import wins as win_store
from storage.models import Congratulation, OutboxMessage, Win
from storage.wins import WinEdit, WinRecord
from tests.support.slack import all_text
from tests.test_agenda_flow import OPENS, at, story_buttons
from tests.test_meetings_flow import ADMIN as MEETINGS_ADMIN
from tests.test_meetings_flow import SALES, confirm, plan

ADMIN = "UMARIA"


# ------------------------------------------------------------------------ helpers


def everything(message: dict) -> str:
    return message.get("text", "") + json.dumps(message.get("blocks") or [], ensure_ascii=False)


def celebrate(bot, text: str, user: str = "UANNA") -> dict:
    """Log a win with the quick command and post its celebration; the posted message."""
    bot.command(text, user=user)
    bot.runtime.background.wait_idle()
    assert bot.deliver() == 1
    return bot.fake.messages(WINS_CHANNEL)[-1]


def current(bot, message: dict) -> dict:
    """The celebration as the channel shows it now."""
    return next(m for m in bot.fake.messages(WINS_CHANNEL) if m["ts"] == message["ts"])


def choose(bot, message: dict, choice: str, *, user: str):
    """Pick Edit or Remove in the celebration's "…" menu, as Slack sends it."""
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    menu = next(e for e in actions["elements"] if e["type"] == "overflow")
    option = next(o for o in menu["options"] if o["value"].startswith(f"{choice}:"))
    response = bot.interaction(
        {
            "type": "block_actions",
            "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
            "trigger_id": f"trig.{uuid.uuid4().hex}",
            "container": {
                "type": "message",
                "channel_id": WINS_CHANNEL,
                "message_ts": message["ts"],
            },
            "channel": {"id": WINS_CHANNEL, "name": "wins"},
            "message": message,
            "response_url": bot.fake.response_url("menu"),
            "actions": [
                {
                    "action_id": menu["action_id"],
                    "block_id": actions["block_id"],
                    "type": "overflow",
                    "selected_option": option,
                    "action_ts": str(time.time()),
                }
            ],
        }
    )
    assert response.status == 200
    bot.runtime.background.wait_idle()
    return response


def form_state(view: dict, **changes: str | None) -> dict:
    """What Slack submits for a modal: each input as shown, with `changes` by block id."""
    values: dict = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        if element["type"] == "static_select":
            shown = element.get("initial_option")
            if block_id in changes:
                shown = {"value": changes[block_id]} if changes[block_id] else None
            state = {"type": "static_select", "selected_option": shown}
        else:
            value = changes.get(block_id, element.get("initial_value"))
            state = {"type": "plain_text_input", "value": value or None}
        values[block_id] = {element["action_id"]: state}
    return values


def submit(bot, view: dict, *, user: str, view_id: str | None = None, **changes):
    return bot.submit_view(
        form_state(view, **changes),
        user=user,
        view_id=view_id,
        private_metadata=view["private_metadata"],
        callback_id=view["callback_id"],
    )


def opened(bot) -> dict:
    return bot.fake.calls_to("views.open", ok_only=True)[-1]["view"]


def stored(bot, win_id: int) -> Win:
    with bot.runtime.session_factory() as session:
        win = session.get(Win, win_id)
        assert win is not None
        return win


def win_id_of(message: dict) -> int:
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    return int(actions["elements"][0]["value"])


def home_of(bot, user: str) -> str:
    before = len(bot.fake.calls_to("views.publish", ok_only=True))
    bot.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    calls = bot.fake.wait_for("views.publish", before + 1)
    return json.dumps(calls[-1]["view"], ensure_ascii=False)


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack):
    fake_slack.set_user(ADMIN, locale="en-GB", is_admin=True)  # a Slack workspace admin
    return make_bot(sqlite_url)


# ------------------------------------------------------------------------ edit


def test_the_winner_edits_name_and_value_and_the_post_is_updated(team):
    message = celebrate(team, "Acme Crop 25k", user="UANNA")
    choose(team, message, "edit", user="UANNA")
    view = opened(team)
    assert view["callback_id"] == cv.EDIT_CALLBACK_ID
    shown = {b.get("block_id"): b.get("element", {}) for b in view["blocks"]}
    assert shown[nv.BLOCK_CLIENT]["initial_value"] == "Acme Crop"
    assert shown[nv.BLOCK_VALUE]["initial_value"] == "25000"
    assert shown[nv.BLOCK_CURRENCY]["initial_option"]["value"] == "EUR"

    answer = submit(
        team,
        view,
        user="UANNA",
        **{nv.BLOCK_CLIENT: "Acme Corp", nv.BLOCK_VALUE: "30k", nv.BLOCK_WON_VIA: "referral"},
    ).json()
    assert answer["response_action"] == "update"
    assert "Saved" in json.dumps(answer["view"])

    win = stored(team, win_id_of(message))
    assert (win.client_name, win.amount_cents, win.currency, win.won_via) == (
        "Acme Corp",
        3_000_000,
        "EUR",
        "referral",
    )
    assert team.deliver() == 1
    [update] = team.fake.calls_to("chat.update", ok_only=True)
    assert (update["channel"], update["ts"]) == (WINS_CHANNEL, message["ts"])
    shown_now = everything(current(team, message))
    assert "Acme Corp" in shown_now and "€30,000" in shown_now and "Referral" in shown_now
    assert "Acme Crop" not in shown_now and "€25,000" not in shown_now
    assert len(team.fake.messages(WINS_CHANNEL)) == 1  # corrected in place, not re-posted


def test_a_dutch_winner_edits_in_dutch_and_the_amount_is_read_the_dutch_way(team):
    team.command("help", user="UBRAM")  # the bot learns Bram's language
    team.wait_until(lambda: team.fake.calls_to("users.info"), what="users.info")
    team.runtime.background.wait_idle()
    message = celebrate(team, "Bakkerij Jansen 1500,50", user="UBRAM")
    choose(team, message, "edit", user="UBRAM")
    view = opened(team)
    assert view["title"]["text"] == "Klant bewerken"
    value = next(b for b in view["blocks"] if b.get("block_id") == nv.BLOCK_VALUE)
    assert value["element"]["initial_value"] == "1500,50"

    answer = submit(team, view, user="UBRAM", **{nv.BLOCK_VALUE: "25.000"}).json()
    assert "Opgeslagen" in json.dumps(answer["view"], ensure_ascii=False)
    assert stored(team, win_id_of(message)).amount_cents == 2_500_000
    team.deliver()
    assert "€25,000" in everything(current(team, message))  # the channel's language: English


def test_an_unreadable_value_is_shown_in_the_modal_and_nothing_changes(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "edit", user="UANNA")
    answer = submit(team, opened(team), user="UANNA", **{nv.BLOCK_VALUE: "lots"}).json()
    assert answer["response_action"] == "errors"
    assert "`lots`" in answer["errors"][nv.BLOCK_VALUE]
    assert stored(team, win_id_of(message)).amount_cents == 1_000_000
    assert team.deliver() == 0


def test_a_colleague_is_refused_politely_and_nothing_changes(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "edit", user="UBRAM")
    choose(team, message, "remove", user="UCHRIS")
    bram, chris = team.fake.wait_for_response("menu", 2)
    assert "Alleen <@UANNA> of een admin" in bram["text"]  # in each person's language
    assert "Only <@UANNA> or an admin" in chris["text"]
    assert bram["response_type"] == chris["response_type"] == "ephemeral"
    assert team.fake.calls_to("views.open") == []

    # A submission Bram should never have had (forged, or from a modal of another time).
    choose(team, message, "edit", user="UANNA")
    view = opened(team)
    answer = submit(team, view, user="UCHRIS", **{nv.BLOCK_CLIENT: "Hacked"}).json()
    assert "Only <@UANNA> or an admin" in json.dumps(answer["view"])
    removal = cv.remove_modal(
        "en", channel=WINS_CHANNEL, win_id=win_id_of(message), client="Acme", rep_id="UANNA"
    )
    answer = submit(team, removal, user="UCHRIS").json()
    assert "Only <@UANNA> or an admin" in json.dumps(answer["view"])

    win = stored(team, win_id_of(message))
    assert (win.client_name, win.removed_at) == ("Acme", None)
    assert team.deliver() == 0
    assert team.fake.calls_to("chat.update") == []


def test_a_double_submit_is_stored_once(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "edit", user="UANNA")
    view = opened(team)
    first = submit(team, view, user="UANNA", view_id="VEDIT1", **{nv.BLOCK_VALUE: "20k"})
    # Slack delivering the same view again: it must not be applied a second time.
    again = submit(team, view, user="UANNA", view_id="VEDIT1", **{nv.BLOCK_VALUE: "99k"})
    assert first.json()["response_action"] == again.json()["response_action"] == "update"
    assert stored(team, win_id_of(message)).amount_cents == 2_000_000
    with team.runtime.session_factory() as session:
        refreshes = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "refresh")).all()
    assert [r.key for r in refreshes] == [f"refresh:{win_id_of(message)}:view:VEDIT1"]
    assert team.deliver() == 1
    assert len(team.fake.calls_to("chat.update", ok_only=True)) == 1


# ------------------------------------------------------------------------ remove


def test_an_admin_removes_a_win_and_every_count_leaves_it_out(team):
    celebrate(team, "Acme 10k", user="UANNA")
    beta = celebrate(team, "Beta 80k", user="UANNA")
    celebrate(team, "Gamma 5k", user="UBRAM")
    assert "2 new clients for you · 3 for the team" in home_of(team, "UANNA")

    choose(team, beta, "remove", user=ADMIN)
    view = opened(team)
    assert view["callback_id"] == cv.REMOVE_CALLBACK_ID
    assert "Beta" in everything(view)
    answer = submit(team, view, user=ADMIN).json()
    assert "removed" in json.dumps(answer["view"])

    removed = stored(team, win_id_of(beta))
    assert removed.removed_by == ADMIN and removed.removed_at is not None
    assert removed.client_name == "Beta"  # kept, not deleted

    assert team.deliver() == 1
    post = current(team, beta)
    assert "This win was removed by <@UMARIA>" in post["text"]
    assert "Beta" not in everything(post)
    assert not any(b["type"] == "actions" for b in post["blocks"])  # no buttons left

    home = home_of(team, "UANNA")
    assert "1 new client for you · 2 for the team" in home
    assert "Beta" not in home and "Acme" in home

    # The next celebration counts without it, and the biggest deal is measured without it.
    delta = everything(celebrate(team, "Delta 50k", user="UANNA"))
    assert "2 for <@UANNA> · 3 for the team" in delta
    assert "Biggest deal of the year so far" in delta


def test_congratulating_a_removed_win_is_answered_and_not_stored(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "remove", user="UANNA")  # the winner may remove their own
    submit(team, opened(team), user="UANNA")
    team.click(cv.CONGRATULATE_ACTION_ID, str(win_id_of(message)), user="UCHRIS", message=message)
    assert "was removed" in team.fake.wait_for_response("click", 1)[0]["text"]
    with team.runtime.session_factory() as session:
        assert session.exec(select(Congratulation)).all() == []
    choose(team, message, "edit", user="UANNA")
    assert "removed already" in team.fake.wait_for_response("menu", 1)[0]["text"]


def test_removing_twice_and_editing_a_removed_win_change_nothing(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "edit", user="UANNA")
    edit_view = opened(team)
    choose(team, message, "remove", user="UANNA")
    remove_view = opened(team)
    submit(team, remove_view, user="UANNA", view_id="VREMOVE")
    removed_at = stored(team, win_id_of(message)).removed_at
    submit(team, remove_view, user="UANNA", view_id="VREMOVE")
    answer = submit(team, edit_view, user="UANNA", **{nv.BLOCK_CLIENT: "Zombie"}).json()
    assert "removed already" in json.dumps(answer["view"])
    win = stored(team, win_id_of(message))
    assert (win.client_name, win.removed_at) == ("Acme", removed_at)
    assert team.deliver() == 1
    assert len(team.fake.calls_to("chat.update", ok_only=True)) == 1


def test_a_win_removed_before_its_celebration_went_out_is_never_posted(team):
    message = celebrate(team, "Acme 10k", user="UANNA")
    choose(team, message, "remove", user="UANNA")
    view = opened(team)
    team.command("Oops Typo 5k", user="UANNA")
    with team.runtime.session_factory() as session:
        oops = session.exec(select(Win).where(Win.client_name == "Oops Typo")).one()
    # The same modal as the first, for the second win (as if opened from its post).
    view = {**view, "private_metadata": json.dumps({"lang": "en", "win_id": oops.id})}
    submit(team, view, user="UANNA")
    assert team.deliver() == 0
    assert len(team.fake.messages(WINS_CHANNEL)) == 1
    assert team.fake.calls_to("chat.update") == []


@pytest.mark.parametrize("value", ["edit:999999", "delete:1", "edit:x", "", None])
def test_a_forged_menu_choice_is_answered_and_changes_nothing(team, value):
    message = celebrate(team, "Acme 10k", user="UANNA")
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    action = {"action_id": cv.MENU_ACTION_ID, "block_id": actions["block_id"], "type": "overflow"}
    if value is not None:
        action["selected_option"] = {"value": value}
    team.interaction(
        {
            "type": "block_actions",
            "user": {"id": ADMIN, "team_id": TEAM_ID},
            "trigger_id": "trig.x",
            "response_url": team.fake.response_url("menu"),
            "actions": [action],
        }
    )
    assert "out of date" in team.fake.wait_for_response("menu", 1)[0]["text"]
    assert team.fake.calls_to("views.open") == []
    assert stored(team, win_id_of(message)).removed_at is None


def test_edit_and_remove_on_each_database(make_bot, database_url, fake_slack):
    fake_slack.set_user(ADMIN, is_admin=True)
    bot = make_bot(database_url)
    acme = celebrate(bot, "Acme Crop 10k", user="UANNA")
    beta = celebrate(bot, "Beta 5k", user="UANNA")
    choose(bot, acme, "edit", user="UANNA")
    submit(bot, opened(bot), user="UANNA", **{nv.BLOCK_CLIENT: "Acme Corp"})
    choose(bot, beta, "remove", user=ADMIN)
    submit(bot, opened(bot), user=ADMIN)
    assert bot.deliver() == 2
    assert "Acme Corp" in everything(current(bot, acme))
    assert "removed by <@UMARIA>" in current(bot, beta)["text"]
    assert "1 for <@UBRAM> · 2 for the team" in everything(celebrate(bot, "Gamma", user="UBRAM"))


def two_wins_before_the_first_2027_agenda(make_bot, sqlite_url, fake_slack):
    """A 2027 calendar, and Bram's wins "Acme Logistics" and "Oops Typo" on 30 Dec 2026."""
    fake_slack.set_user(MEETINGS_ADMIN, locale="en-GB")
    bot = make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=MEETINGS_ADMIN)
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00 for 60 minutes"))
    bot.deliver()
    bot.deliver()
    bot.clock.set(at(2026, 12, 30, 10, 0))
    acme = celebrate(bot, "Acme Logistics 25000", user="UBRAM")
    oops = celebrate(bot, "Oops Typo 5000", user="UBRAM")
    return bot, acme, oops


def test_a_removed_win_is_not_proposed_as_a_story_for_the_meeting(make_bot, sqlite_url, fake_slack):
    bot, acme, oops = two_wins_before_the_first_2027_agenda(make_bot, sqlite_url, fake_slack)
    choose(bot, oops, "remove", user="UBRAM")
    submit(bot, opened(bot), user="UBRAM")
    bot.deliver()

    bot.tick(OPENS)
    [dm] = bot.fake.messages("UBRAM")
    assert "Acme Logistics" in all_text(dm) and "Oops Typo" not in all_text(dm)
    assert [v.split(":")[1] for v in story_buttons(dm)] == [str(win_id_of(acme))]


def test_a_win_removed_after_it_was_proposed_is_taken_out_of_the_sent_proposal(
    make_bot, sqlite_url, fake_slack
):
    bot, acme, oops = two_wins_before_the_first_2027_agenda(make_bot, sqlite_url, fake_slack)
    bot.tick(OPENS)
    [dm] = bot.fake.messages("UBRAM")
    assert "Oops Typo" in all_text(dm)

    bot.clock.set(OPENS + timedelta(hours=1))
    choose(bot, oops, "remove", user="UBRAM")
    submit(bot, opened(bot), user="UBRAM")
    bot.deliver()
    [dm] = bot.fake.messages("UBRAM")  # redrawn in place, no new DM
    assert "Acme Logistics" in all_text(dm) and "Oops Typo" not in all_text(dm)
    assert [v.split(":")[1] for v in story_buttons(dm)] == [str(win_id_of(acme))]


# ------------------------------------------------------------------------ storage

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def record(sessions, source: str, *, user: str = "UANNA", cents: int = 100_000) -> Win:
    with sessions.write() as session:
        record, _ = win_store.record_win(
            session=session,
            win=WinRecord(
                team_id="T1",
                user_id=user,
                client_name=f"Client {source}",
                amount_cents=cents,
                currency="EUR",
                year=2027,
                source_key=source,
                created_at=NOW,
            ),
            celebration_channel="CWINS0001",
        )
        win = win_store.get_win(session=session, win_id=record.id or 0)
        assert win is not None
        return win


def test_storage_a_removed_win_counts_nowhere(sessions):
    first = record(sessions, "a")
    big = record(sessions, "b", cents=900_000)
    third = record(sessions, "c", user="UBRAM", cents=500_000)
    with sessions.write() as session:
        win = win_store.get_win(session=session, win_id=big.id or 0, for_update=True)
        assert win_store.remove_win(session=session, win=win, user_id="UADMIN", now=NOW)
        assert not win_store.remove_win(session=session, win=win, user_id="UADMIN", now=NOW)
    with sessions() as session:
        assert win_store.count_wins(session=session, team_id="T1", year=2027) == 2
        assert win_store.count_wins(session=session, team_id="T1", year=2027, user_id="UANNA") == 1
        listed = win_store.wins_of_year(session=session, team_id="T1", year=2027)
        assert [w.id for w in listed] == [third.id, first.id]
        stats = win_store.win_stats(session=session, win=third)
        # Without the removed 9,000 deal, 5,000 is the year's biggest so far.
        assert (stats.rep_count_year, stats.team_count_year, stats.biggest_deal_so_far) == (
            1,
            2,
            True,
        )
        assert plan_store.wins_of(session=session, team_id="T1", user_id="UANNA", year=2027) == (
            1,
            100_000,
        )
        recent = plan_store.recent_wins(
            session=session, team_id="T1", user_id="UANNA", since=NOW - timedelta(days=1)
        )
        assert [w.id for w in recent] == [first.id]
        between = agenda_store.wins_between(
            session=session, team_id="T1", start=NOW - timedelta(days=1), end=NOW
        )
        assert big.id not in [w.id for w in between]
        outbox = {m.key: m for m in session.exec(select(OutboxMessage)).all()}
    assert outbox[f"refresh:{big.id}:removed"].status == "pending"
    assert outbox[f"refresh:{big.id}:removed"].channel == "CWINS0001"


def test_storage_an_edit_is_applied_once_per_request(sessions):
    win = record(sessions, "a")
    edit = WinEdit(
        client_name="Acme Corp",
        amount_cents=250_000,
        currency="USD",
        segment=None,
        won_via="event",
        story="Met at a fair.",
    )
    with sessions.write() as session:
        locked = win_store.get_win(session=session, win_id=win.id or 0, for_update=True)
        assert win_store.edit_win(
            session=session, win=locked, edit=edit, source_key="view:V1", now=NOW
        )
    other = WinEdit(**{**edit.__dict__, "client_name": "Again"})
    with sessions.write() as session:
        locked = win_store.get_win(session=session, win_id=win.id or 0, for_update=True)
        assert not win_store.edit_win(
            session=session, win=locked, edit=other, source_key="view:V1", now=NOW
        )
    with sessions() as session:
        stored_win = win_store.get_win(session=session, win_id=win.id or 0)
        refreshes = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "refresh")).all()
    assert (stored_win.client_name, stored_win.amount_cents, stored_win.currency) == (
        "Acme Corp",
        250_000,
        "USD",
    )
    assert (stored_win.won_via, stored_win.story) == ("event", "Met at a fair.")
    assert len(refreshes) == 1
