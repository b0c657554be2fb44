"""Agendas end to end: open, items, story proposals, lock in order, next meeting, carry-over, ratings.

Driven like `python -m bot tick --at`: the harness sets the clock, runs a scheduling pass and
a delivery pass; users act through the bot's real HTTP endpoint.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.views import agenda as aviews
from bot.views import meetings as mviews
from storage.models import AgendaItem, Meeting, MeetingRating, Win
from tests.conftest import BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons
from tests.test_meetings_flow import (
    ADMIN,
    SALES,
    confirm,
    plan,
)

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


# The first two meetings of "every 2 weeks on monday at 09:00" in 2027.
FIRST = at(2027, 1, 4, 9, 0)
SECOND = at(2027, 1, 18, 9, 0)
# Three days before is New Year's Day and the day before a Sunday: the agenda opens, is
# reminded and locks on the last working day of 2026.
OPENS = at(2026, 12, 31, 9, 0)
REMINDER = at(2026, 12, 31, 12, 0)
CUTOFF = at(2026, 12, 31, 18, 0)
WHILE_OPEN = at(2026, 12, 31, 10, 0)


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    fake_slack.set_user(ADMIN, locale="en-GB")
    bot = make_bot(sqlite_url, SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    confirm(bot, plan(bot, "plan 2027 every 2 weeks on monday at 09:00 for 60 minutes"))
    bot.deliver()
    bot.deliver()
    return bot


def meeting_ids(bot: BotHarness) -> list[int]:
    with bot.runtime.session_factory() as session:
        return [m.id for m in session.exec(select(Meeting).order_by(Meeting.starts_at)).all()]


def items(bot: BotHarness) -> list[AgendaItem]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(AgendaItem).order_by(AgendaItem.id)).all())


def channel_posts(bot: BotHarness) -> list[dict]:
    return [m for m in bot.fake.messages(SALES) if not m.get("files")]


def item_state(kind: str, title: str, *, details: str = "", question: str = "", tried: str = ""):
    def text(value: str) -> dict:
        return {"type": "plain_text_input", "value": value or None}

    return {
        aviews.BLOCK_KIND: {
            aviews.ACTION_KIND: {"type": "radio_buttons", "selected_option": {"value": kind}}
        },
        aviews.BLOCK_TITLE: {aviews.ACTION_TITLE: text(title)},
        aviews.BLOCK_DETAILS: {aviews.ACTION_DETAILS: text(details)},
        aviews.BLOCK_QUESTION: {aviews.ACTION_QUESTION: text(question)},
        aviews.BLOCK_TRIED: {aviews.ACTION_TRIED: text(tried)},
    }


def add_item(bot: BotHarness, meeting_id: int, user: str, kind: str, title: str, **fields):
    meta = json.dumps(
        {"meeting_id": meeting_id, "item_id": None, "lang": "en", "channel_id": SALES}
    )
    response = bot.submit_view(
        item_state(kind, title, **fields),
        user=user,
        callback_id=aviews.ITEM_MODAL_CALLBACK,
        private_metadata=meta,
    )
    bot.runtime.background.wait_idle()
    return response


def test_the_agenda_opens_fills_locks_in_order_and_is_reminded_each_exactly_once(team):
    bot = team
    first, second = meeting_ids(bot)[:2]
    before = len(channel_posts(bot))

    assert bot.tick(at(2026, 12, 31, 8, 59)) == 0
    assert bot.tick(OPENS) == 1
    opened = channel_posts(bot)[-1]
    assert buttons(opened) == {aviews.ADD_ITEM_ACTION: str(first)}
    assert bot.tick(OPENS) == 0  # the same moment again: nothing new

    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UCHRIS", "pipeline", "Bakkerij Jansen")
    add_item(
        bot, first, "UBRAM", "challenge", "Tender at the city", question="Who knows the buyer?"
    )
    add_item(bot, first, "UANNA", "success", "How we won Acme", details="Referral from a client")

    assert bot.tick(REMINDER) == 1
    reminder = channel_posts(bot)[-1]
    assert "Acme" in all_text(reminder) and "Bakkerij Jansen" in all_text(reminder)

    assert bot.tick(CUTOFF) == 1
    locked = channel_posts(bot)[-1]
    text = all_text(locked)
    # Success stories first, then challenges, then pipeline; each with its minutes.
    assert (
        text.index("How we won Acme")
        < text.index("Tender at the city")
        < text.index("Bakkerij Jansen")
    )
    assert "Who knows the buyer?" in text
    assert "min" in text
    assert aviews.CARRY_OVER_ACTION in buttons(locked)

    # The first working day of 2027: the year's calendar again, with its .ics.
    files = len(bot.fake.uploaded_files())
    bot.tick(at(2027, 1, 4, 9, 0))
    bot.tick(at(2027, 1, 4, 9, 1))
    assert "2027" in all_text(channel_posts(bot)[-1])
    assert len(bot.fake.uploaded_files()) == files + 1

    # After the meeting, one rating request; nothing else repeats.
    assert bot.tick(at(2027, 1, 4, 10, 10)) == 1
    rating = channel_posts(bot)[-1]
    assert f"{mviews.RATE_ACTION_PREFIX}8" in buttons(rating)
    assert bot.tick(at(2027, 1, 4, 10, 10)) == 0
    assert len(channel_posts(bot)) == before + 5

    # An item added after the cut-off goes to the next meeting, and the submitter is told.
    bot.clock.set(at(2027, 1, 3, 19, 0))
    add_item(bot, first, "UANNA", "pipeline", "Late idea")
    late = [i for i in items(bot) if i.title == "Late idea"][0]
    assert late.meeting_id == second
    told = bot.fake.ephemerals(SALES)[-1]
    assert "locked" in all_text(told) and "Late idea" in all_text(told)


def test_no_success_stories_is_said_plainly(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "challenge", "Stuck deal", question="Any tips?")
    bot.tick(CUTOFF)
    locked = channel_posts(bot)[-1]
    assert "success" in all_text(locked).lower()


def test_a_challenge_needs_its_question_and_nothing_is_half_stored(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    answer = add_item(bot, first, "UBRAM", "challenge", "Stuck deal").json()
    assert answer["response_action"] == "errors"
    assert aviews.BLOCK_QUESTION in answer["errors"]
    too_long = add_item(bot, first, "UBRAM", "success", "x" * 151).json()
    assert aviews.BLOCK_TITLE in too_long["errors"]
    assert items(bot) == []


def test_operational_problems_are_pointed_to_the_one_on_one(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    add_item(
        bot,
        first,
        "UBRAM",
        "challenge",
        "Deliveries to Acme keep arriving late",
        question="What do we do?",
    )
    reply = bot.fake.ephemerals(SALES)[-1]
    assert "1:1" in all_text(reply)


def test_user_text_on_the_agenda_cannot_ping_the_channel(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "success", "<!channel> we won <@UANNA>'s lead & more")
    bot.tick(CUTOFF)
    text = all_text(channel_posts(bot)[-1])
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "&amp; more" in text


def test_own_items_can_be_withdrawn_until_the_cutoff_others_cannot(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "pipeline", "Bram's lead")
    item = items(bot)[0]

    bot.click(aviews.WITHDRAW_ITEM_ACTION, str(item.id), user="UCHRIS", channel=SALES)
    bot.runtime.background.wait_idle()
    assert items(bot)[0].status == "active"

    listing = command_reply(bot, "list", command="/agenda", user="UBRAM")
    assert buttons(listing).get(aviews.WITHDRAW_ITEM_ACTION) == str(item.id)
    other = command_reply(bot, "list", command="/agenda", user="UCHRIS")
    assert aviews.WITHDRAW_ITEM_ACTION not in buttons(other)

    bot.clock.set(at(2027, 1, 3, 18, 30))
    bot.click(aviews.WITHDRAW_ITEM_ACTION, str(item.id), user="UBRAM", channel=SALES)
    bot.runtime.background.wait_idle()
    assert items(bot)[0].status == "active"  # locked

    bot.clock.set(at(2026, 12, 31, 11, 0))
    bot.click(aviews.WITHDRAW_ITEM_ACTION, str(item.id), user="UBRAM", channel=SALES)
    bot.runtime.background.wait_idle()
    assert items(bot)[0].status == "withdrawn"


def test_an_admin_may_edit_any_item(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "pipeline", "Bram's lead")
    item = items(bot)[0]
    meta = json.dumps({"meeting_id": first, "item_id": item.id, "lang": "en", "channel_id": SALES})
    answer = bot.submit_view(
        item_state("pipeline", "Bram's lead (Acme)"),
        user="UCHRIS",
        callback_id=aviews.ITEM_MODAL_CALLBACK,
        private_metadata=meta,
    ).json()
    assert answer["response_action"] == "errors"
    bot.submit_view(
        item_state("pipeline", "Bram's lead (Acme)"),
        user=ADMIN,
        callback_id=aviews.ITEM_MODAL_CALLBACK,
        private_metadata=meta,
    )
    assert items(bot)[0].title == "Bram's lead (Acme)"
    assert len(items(bot)) == 1


def story_buttons(message: dict) -> list[str]:
    """The values of a story proposal's "Add to agenda" buttons, one per win, in order."""
    return [
        block["accessory"]["value"]
        for block in message.get("blocks") or []
        if (block.get("accessory") or {}).get("action_id") == aviews.PROPOSE_STORY_ACTION
    ]


def log_wins(bot: BotHarness, user: str, clients: list[str], *, start: datetime) -> list[int]:
    """`user` logs one win per client, a minute apart from `start`; returns their ids."""
    for n, client in enumerate(clients):
        bot.clock.set(start + timedelta(minutes=n))
        assert bot.command(f'"{client}"', user=user).status == 200
    with bot.runtime.session_factory() as session:
        wins = session.exec(select(Win).where(Win.user_id == user).order_by(Win.id)).all()
        return [w.id for w in wins if w.client_name in clients]


def test_new_wins_are_proposed_to_their_winners_as_success_stories(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.clock.set(at(2026, 12, 30, 10, 0))
    assert bot.command("Acme Logistics 25000", user="UBRAM").status == 200
    bot.deliver()
    bot.tick(OPENS)
    dms = bot.fake.messages("UBRAM")
    assert len(dms) == 1
    [value] = story_buttons(dms[0])
    assert value.startswith(f"{first}:")
    assert "Acme Logistics" in all_text(dms[0])

    bot.clock.set(at(2026, 12, 31, 10, 30))
    for _ in range(2):  # one click adds it; a second adds nothing
        bot.click(aviews.PROPOSE_STORY_ACTION, value, user="UBRAM", channel="DUBRAM")
        bot.runtime.background.wait_idle()
    stored = items(bot)
    assert [(i.kind, i.title, i.meeting_id) for i in stored] == [
        ("success", "Acme Logistics", first)
    ]
    bot.tick(at(2026, 12, 31, 17, 0))
    assert len(bot.fake.messages("UBRAM")) == 1  # proposed once

    # Someone else cannot put Bram's win on the agenda.
    bot.click(aviews.PROPOSE_STORY_ACTION, value, user="UCHRIS", channel="DUCHRIS")
    bot.runtime.background.wait_idle()
    assert len(items(bot)) == 1


def test_a_winner_in_another_zone_reads_the_meeting_on_their_own_clock(team, fake_slack):
    """The proposal names the meeting's time on the reader's clock, the team's beside it."""
    bot = team
    first = meeting_ids(bot)[0]
    fake_slack.set_user("UJACK", locale="en-US", tz="America/New_York")
    [win] = log_wins(bot, "UJACK", ["Acme Logistics"], start=at(2026, 12, 30, 16, 0))
    bot.tick(OPENS)
    [dm] = bot.fake.messages("UJACK")
    assert "sales meeting on Mon 4 Jan 2027, 03:00 your time (09:00 for the team)" in dm["text"]
    assert "Mon 4 Jan 2027, 03:00 your time (09:00 for the team)" in all_text(dm)

    bot.clock.set(WHILE_OPEN)
    bot.click(aviews.PROPOSE_STORY_ACTION, f"{first}:{win}", user="UJACK", channel="DUJACK")
    bot.runtime.background.wait_idle()
    redrawn = bot.fake.responses("click")[-1]
    assert "on the agenda of Mon 4 Jan 2027, 03:00 your time (09:00 for the team)" in all_text(
        redrawn
    )

    # So do /agenda, /agenda list and the item form.
    when = "Mon 4 Jan 2027, 03:00 your time (09:00 for the team)"
    shown = all_text(command_reply(bot, "", command="/agenda", user="UJACK"))
    assert f"sales meeting on {when}" in shown
    assert "until Thu 31 Dec 2026, 12:00 your time (18:00 for the team)" in shown
    listed = all_text(command_reply(bot, "list", command="/agenda", user="UJACK"))
    assert f"Agenda for the sales meeting on {when}" in listed
    assert bot.command("add", command="/agenda", user="UJACK").status == 200
    bot.runtime.background.wait_idle()
    assert f"For the sales meeting on *{when}*" in all_text(bot.fake.opened_views()[-1])
    # A reader on the team's clock sees no label.
    shown = all_text(command_reply(bot, "", command="/agenda", user="UBRAM"))
    assert "ma 4 jan 2027, 09:00 staat open" in shown and "jouw tijd" not in shown


def test_ten_wins_make_one_proposal_with_an_add_button_each(team):
    """Not ten DMs in one burst: one per rep per meeting, each button adding exactly its win."""
    bot = team
    first = meeting_ids(bot)[0]
    clients = [f"Bakkerij {n}" for n in range(1, 11)]
    bram = log_wins(bot, "UBRAM", clients, start=at(2026, 12, 28, 9, 0))
    [chris] = log_wins(bot, "UCHRIS", ["Slagerij Smit"], start=at(2026, 12, 29, 9, 0))
    bot.tick(OPENS)
    [dm] = [m for m in bot.fake.messages("UBRAM") if "Bakkerij" in all_text(m)]
    assert len(bot.fake.messages("UBRAM")) == 1
    assert story_buttons(dm) == [f"{first}:{win}" for win in bram]
    assert all(f"*{client}*" in all_text(dm) for client in clients)
    assert len(dm["blocks"]) <= 50
    [other] = bot.fake.messages("UCHRIS")
    assert story_buttons(other) == [f"{first}:{chris}"] and "Bakkerij" not in all_text(other)

    # "Add" on the fourth win adds that win, once; the DM is redrawn with it ticked.
    bot.clock.set(WHILE_OPEN)
    for _ in range(2):
        bot.click(aviews.PROPOSE_STORY_ACTION, f"{first}:{bram[3]}", user="UBRAM", channel="DUBRAM")
        bot.runtime.background.wait_idle()
    assert [(i.win_id, i.title, i.meeting_id) for i in items(bot)] == [
        (bram[3], "Bakkerij 4", first)
    ]
    redrawn = bot.fake.responses("click")[-1]
    assert redrawn["replace_original"] is True
    assert story_buttons(redrawn) == [f"{first}:{win}" for win in bram if win != bram[3]]
    # Bram's Slack is in Dutch.
    assert "*Bakkerij 4* · ✅ staat op de agenda van ma 4 jan 2027, 09:00" in all_text(redrawn)

    # A win logged while the agenda is open joins the same DM (updated in place), no new DM.
    [late] = log_wins(bot, "UBRAM", ["Bakkerij 11"], start=at(2026, 12, 31, 11, 0))
    bot.tick(at(2026, 12, 31, 11, 5))
    bot.tick(at(2026, 12, 31, 11, 6))  # the update waits for nothing: the DM is out
    assert len(bot.fake.messages("UBRAM")) == 1
    [dm] = bot.fake.messages("UBRAM")
    assert f"{first}:{late}" in story_buttons(dm)
    assert len(story_buttons(dm)) == 10  # nine still to add, and the new one
    update = [c for c in bot.fake.calls_to("chat.update") if c["channel"] == "DUBRAM"]
    assert len(update) == 1


def test_a_win_removed_after_it_was_proposed_is_not_added(team):
    bot = team
    first = meeting_ids(bot)[0]
    acme, oops = log_wins(bot, "UANNA", ["Acme", "Oops"], start=at(2026, 12, 30, 10, 0))
    bot.tick(OPENS)
    [dm] = bot.fake.messages("UANNA")
    assert story_buttons(dm) == [f"{first}:{acme}", f"{first}:{oops}"]
    with bot.runtime.session_factory.write() as session:
        session.get(Win, oops).removed_at = datetime.now(UTC)
    bot.clock.set(WHILE_OPEN)
    bot.click(aviews.PROPOSE_STORY_ACTION, f"{first}:{oops}", user="UANNA", channel="DUANNA")
    bot.runtime.background.wait_idle()
    assert items(bot) == []
    told = bot.fake.responses("click")[-1]
    assert "removed" in all_text(told) and told.get("replace_original") is False


def test_an_admin_carries_unreached_items_over_with_one_click(team):
    bot = team
    first, second = meeting_ids(bot)[:2]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "challenge", "Tender", question="Who knows them?")
    add_item(bot, first, "UCHRIS", "pipeline", "Jansen")
    bot.tick(CUTOFF)
    bot.clock.set(at(2027, 1, 4, 10, 5))

    bot.click(aviews.CARRY_OVER_ACTION, str(first), user="UCHRIS", channel=SALES)
    bot.runtime.background.wait_idle()
    assert not bot.fake.opened_views()  # not an admin

    bot.click(aviews.CARRY_OVER_ACTION, str(first), user=ADMIN, channel=SALES)
    bot.runtime.background.wait_idle()
    modal = bot.fake.opened_views()[-1]
    assert modal["callback_id"] == aviews.CARRY_OVER_CALLBACK
    tender = [i for i in items(bot) if i.title == "Tender"][0]
    state = {
        aviews.BLOCK_CARRY: {
            aviews.ACTION_CARRY: {
                "type": "checkboxes",
                "selected_options": [{"value": str(tender.id)}],
            }
        }
    }
    for _ in range(2):  # submitted twice: carried once
        bot.submit_view(
            state,
            user=ADMIN,
            callback_id=aviews.CARRY_OVER_CALLBACK,
            private_metadata=modal["private_metadata"],
        )
    carried = [i for i in items(bot) if i.meeting_id == second]
    assert [(i.title, i.carried_from_id) for i in carried] == [("Tender", tender.id)]


def test_ratings_one_vote_each_changeable_and_the_trend_shows(team):
    bot = team
    first = meeting_ids(bot)[0]
    bot.tick(at(2027, 1, 4, 10, 10))
    for user, score in (("UBRAM", 7), ("UCHRIS", 9), ("UBRAM", 8)):
        bot.click(
            f"{mviews.RATE_ACTION_PREFIX}{score}", f"{first}:{score}", user=user, channel=SALES
        )
        bot.runtime.background.wait_idle()  # Bram's second vote comes after his first
    with bot.runtime.session_factory() as session:
        votes = {r.user_id: r.score for r in session.exec(select(MeetingRating)).all()}
    assert votes == {"UBRAM": 8, "UCHRIS": 9}
    view = all_text(bot.command("2027", command="/meetings", user="UANNA").json())
    assert "8.5" in view


def test_agenda_command_help_and_list(team):
    bot = team
    bot.clock.set(WHILE_OPEN)
    help_text = all_text(bot.command("help", command="/agenda", user="UANNA").json())
    assert "/agenda list" in help_text and "1:1" in help_text
    opened = bot.command("", command="/agenda", user="UBRAM").json()
    assert aviews.ADD_ITEM_ACTION in buttons(opened)


def test_cancelling_a_meeting_moves_its_agenda_to_the_next_and_new_items_follow(team):
    bot = team
    first, second = meeting_ids(bot)[:2]
    bot.clock.set(WHILE_OPEN)
    add_item(bot, first, "UBRAM", "success", "Acme")
    command_reply(bot, "cancel 2027-01-04 because of the snow", command="/meetings", user=ADMIN)
    assert [i.meeting_id for i in items(bot)] == [second]
    # The Add button of the cancelled meeting's agenda puts new items on the next one.
    add_item(bot, first, "UCHRIS", "pipeline", "Jansen")
    assert [i.meeting_id for i in items(bot)] == [second, second]
    bot.tick(CUTOFF)
    assert not [m for m in channel_posts(bot) if "Acme" in all_text(m)]
    notice = [m for m in channel_posts(bot) if "snow" in all_text(m)]
    assert len(notice) == 1
