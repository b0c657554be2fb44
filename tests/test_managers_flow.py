"""Who manages whom, end to end: only a manager the rep (or an admin) confirmed sees private data.

Over the bot's real HTTP endpoint with the fake Slack. Every message, view and DM the requester
receives is checked for the rep's private data, not only the command's reply.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.views import managers as mviews
from bot.views import oneonones as oviews
from bot.views.plans import AGREE_ACTION
from storage import managers as manager_store
from storage.models import (
    AccountPlan,
    AccountPlanVersion,
    ActionPoint,
    ManagerRequest,
    OneOnOneSeries,
)
from tests.conftest import BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons
from tests.test_plans_flow import submit_plan

REQ = "UMARIA"  # would like to be Sophie's manager
REP = "USOPHIE"
OTHER = "UPIET"
ADMIN = "UADMIN"
SOPHIE = "<@USOPHIE|sophie>"
RULE = "every 2 weeks on tuesday at 10:00"
SECRET = "Secret approach: poach the competitor's top client"


@pytest.fixture
def team(make_bot, database_url, fake_slack) -> BotHarness:
    for user, locale in ((REQ, "en-GB"), (REP, "en-GB"), (OTHER, "nl-NL"), (ADMIN, "en-GB")):
        fake_slack.set_user(user, name=user[1:].lower(), locale=locale, tz="Europe/Amsterdam")
    return make_bot(database_url, ADMIN_USER_IDS=ADMIN)


# ------------------------------------------------------------------------------ helpers


def oneonone(bot: BotHarness, text: str, user: str = REQ) -> dict:
    reply = command_reply(bot, text, command="/oneonone", user=user)
    bot.runtime.background.wait_idle()
    return reply


def click(bot: BotHarness, action: str, value: str, user: str) -> dict:
    """Click a button in a DM; returns what replaced the message (or the ephemeral answer)."""
    before = len(bot.fake.responses("click"))
    assert bot.click(action, value, user=user, channel=f"D{user}").status == 200
    bot.runtime.background.wait_idle()
    return bot.fake.wait_for_response("click", count=before + 1)[-1]


def request_dm(bot: BotHarness, rep: str = REP) -> dict:
    bot.deliver()
    found = [m for m in bot.fake.messages(rep) if mviews.ACCEPT_ACTION in buttons(m)]
    assert found, [all_text(m) for m in bot.fake.messages(rep)]
    return found[-1]


def accept_request(bot: BotHarness, rep: str = REP) -> dict:
    """The rep clicks Accept in the latest request DM; every DM is delivered."""
    dm = request_dm(bot, rep)
    reply = click(bot, mviews.ACCEPT_ACTION, buttons(dm)[mviews.ACCEPT_ACTION], rep)
    bot.deliver()
    return reply


def manager_of(bot: BotHarness, rep: str = REP) -> str | None:
    with bot.runtime.session_factory() as session:
        return manager_store.manager_of(session=session, team_id="T123", rep_id=rep)


def rows(bot: BotHarness, model) -> list:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def everything_seen_by(bot: BotHarness, user: str) -> str:
    """Every DM, ephemeral and Home tab the user was shown, and every reply to their commands
    and clicks, as one text."""
    bot.deliver()
    seen = [all_text(m) for m in bot.fake.messages(user)]
    seen += [all_text(m) for m in bot.fake.ephemerals(user)]
    home = bot.fake.home_view(user)
    if home:
        seen.append(all_text(home))
    seen += [json.dumps(r) for r in bot.fake.responses("cmd") + bot.fake.responses("click")]
    return "\n".join(seen)


def secret_plan(bot: BotHarness) -> None:
    submit_plan(bot, user=REP, approach=SECRET)
    bot.deliver()


def open_home(bot: BotHarness, user: str) -> str:
    bot.event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.runtime.background.wait_idle()
    return all_text(bot.fake.home_view(user) or {})


# ------------------------------------------------------------------------------ the request


def test_a_request_shares_nothing_until_the_rep_accepts(team):
    bot = team
    secret_plan(bot)
    reply = oneonone(bot, f"{SOPHIE} {RULE}")
    assert "I've asked <@USOPHIE> to confirm" in all_text(reply)
    # Nothing is made that would show Maria anything of Sophie's.
    assert manager_of(bot) is None
    assert rows(bot, OneOnOneSeries) == []
    [request] = rows(bot, ManagerRequest)
    assert (request.status, request.requester_id, request.rep_id) == ("pending", REQ, REP)

    dm = request_dm(bot)
    text = all_text(dm)
    assert "<@UMARIA> would like to be your manager in Salesbot" in text
    assert "every 2 weeks on Tuesday at 10:00" in text
    assert set(buttons(dm)) == {mviews.ACCEPT_ACTION, mviews.DECLINE_ACTION}

    # Maria tries everything a manager could see before Sophie answers.
    shown = command_reply(bot, SOPHIE, command="/accountplan", user=REQ)
    assert SECRET not in all_text(shown)
    home = open_home(bot, REQ)
    assert "<@USOPHIE>" not in home
    assert "waiting" in all_text(oneonone(bot, f"{SOPHIE} {RULE}"))  # no second DM
    assert len([m for m in bot.fake.messages(REP) if mviews.ACCEPT_ACTION in buttons(m)]) == 1
    seen = everything_seen_by(bot, REQ)
    assert "Secret approach" not in seen
    assert [m for m in bot.fake.messages(REQ) if AGREE_ACTION in buttons(m)] == []

    # Sophie accepts: now Maria is her manager, the 1:1s exist, the draft plan is sent for review.
    answer = accept_request(bot)
    assert "You accepted: <@UMARIA> is your manager" in all_text(answer)
    assert oviews.NOT_MY_MANAGER_ACTION in buttons(answer)
    assert manager_of(bot) == REQ
    [series] = rows(bot, OneOnOneSeries)
    assert (series.manager_id, series.rep_id, series.status) == (REQ, REP, "active")
    assert (series.freq, series.interval, series.weekday, series.at_minutes) == (
        "weekly",
        2,
        1,
        600,
    )
    assert [r.status for r in rows(bot, ManagerRequest)] == ["accepted"]
    told = all_text(bot.fake.messages(REQ)[-2]) + all_text(bot.fake.messages(REQ)[-1])
    assert "<@USOPHIE> accepted" in told
    reviews = [m for m in bot.fake.messages(REQ) if AGREE_ACTION in buttons(m)]
    assert len(reviews) == 1 and "Secret approach" in all_text(reviews[0])
    # A second click on Accept changes nothing.
    again = click(
        bot, mviews.ACCEPT_ACTION, str(series.id and rows(bot, ManagerRequest)[0].id), REP
    )
    assert "no longer open" in all_text(again)
    assert len(rows(bot, OneOnOneSeries)) == 1


def test_a_declined_request_cannot_be_repeated_for_30_days_but_an_admin_can_set_the_link(team):
    bot = team
    secret_plan(bot)
    bot.clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    oneonone(bot, f"{SOPHIE} {RULE}")
    dm = request_dm(bot)
    answer = click(bot, mviews.DECLINE_ACTION, buttons(dm)[mviews.DECLINE_ACTION], REP)
    assert "Declined: <@UMARIA> does not see your plan" in all_text(answer)
    bot.deliver()
    assert "<@USOPHIE> declined your request" in all_text(bot.fake.messages(REQ)[-1])
    assert manager_of(bot) is None and rows(bot, OneOnOneSeries) == []

    bot.clock.set(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    refused = all_text(oneonone(bot, f"{SOPHIE} {RULE}"))
    assert "would rather not have you as their manager" in refused
    assert "31 Mar 2027" in refused  # when Maria may ask again
    assert len(rows(bot, ManagerRequest)) == 1

    # The same refusal does not stop someone else, nor an admin.
    # (Piet reads Dutch.)
    assert "Ik heb <@USOPHIE> gevraagd" in all_text(oneonone(bot, f"{SOPHIE} {RULE}", user=OTHER))
    reply = oneonone(bot, f"manager {SOPHIE} <@UMARIA|maria>", user=ADMIN)
    assert "<@UMARIA> is now <@USOPHIE>'s manager" in all_text(reply)
    assert manager_of(bot) == REQ
    bot.deliver()
    told = [all_text(m) for m in bot.fake.messages(REP)]
    assert any("<@UADMIN> set <@UMARIA> as your manager" in t for t in told)
    admin_dm = [m for m in bot.fake.messages(REP) if "<@UADMIN> set" in all_text(m)][-1]
    assert buttons(admin_dm)[oviews.NOT_MY_MANAGER_ACTION] == REQ
    # Piet's pending request lapsed, and he is told.
    assert [r.status for r in rows(bot, ManagerRequest)] == ["declined", "withdrawn"]
    assert "<@USOPHIE> heeft nu een manager" in all_text(bot.fake.messages(OTHER)[-1])

    # After 30 days Maria could have asked again.
    bot.clock.set(datetime(2027, 4, 1, 12, 0, tzinfo=UTC))
    with bot.runtime.session_factory.write() as session:
        manager_store.remove_manager(session=session, team_id="T123", rep_id=REP, manager_id=REQ)
    assert "I've asked" in all_text(oneonone(bot, f"{SOPHIE} {RULE}"))


def test_someone_else_cannot_claim_a_rep_who_has_a_confirmed_manager(team):
    bot = team
    oneonone(bot, f"{SOPHIE} {RULE}")
    accept_request(bot)
    reply = oneonone(bot, f"{SOPHIE} every week on monday at 09:00", user=OTHER)
    assert "alleen de manager" in all_text(reply).lower()
    assert len(rows(bot, ManagerRequest)) == 1
    assert [s.manager_id for s in rows(bot, OneOnOneSeries)] == [REQ]
    # The confirmed manager changes the rhythm at once, without asking again.
    reply = oneonone(bot, f"{SOPHIE} every week on monday at 09:00")
    assert "are set" in all_text(reply)
    assert [s.status for s in rows(bot, OneOnOneSeries)] == ["ended", "active"]


def test_accepting_after_an_admin_set_another_manager_changes_nothing(team):
    bot = team
    oneonone(bot, f"{SOPHIE} {RULE}")
    dm = request_dm(bot)
    oneonone(bot, f"manager {SOPHIE} <@UPIET|piet>", user=ADMIN)
    answer = click(bot, mviews.ACCEPT_ACTION, buttons(dm)[mviews.ACCEPT_ACTION], REP)
    assert "no longer open" in all_text(answer)
    assert manager_of(bot) == OTHER
    assert rows(bot, OneOnOneSeries) == []


# ------------------------------------------------------------------------------ not my manager


def test_not_my_manager_is_confirmed_ends_the_link_and_withdraws_the_agreement(team):
    bot = team
    secret_plan(bot)
    oneonone(bot, f"{SOPHIE} {RULE}")
    answer = accept_request(bot)
    # Maria agrees to the plan.
    [review] = [m for m in bot.fake.messages(REQ) if AGREE_ACTION in buttons(m)]
    click(bot, AGREE_ACTION, buttons(review)[AGREE_ACTION], REQ)
    [plan] = rows(bot, AccountPlan)
    assert (plan.status, plan.agreed_by) == ("agreed", REQ)
    # Maria and Sophie log an action point after a 1:1.
    [series] = rows(bot, OneOnOneSeries)
    with bot.runtime.session_factory.write() as session:
        session.add(
            ActionPoint(
                team_id="T123",
                series_id=series.id,
                day=series.first_day,
                owner_id=REQ,
                text="Call Acme",
                created_by=REQ,
                created_at=datetime.now(UTC),
                source_key="test:1",
            )
        )
    [point] = rows(bot, ActionPoint)

    # The button asks Slack for confirmation first.
    button = next(
        e
        for b in answer["blocks"]
        for e in b.get("elements") or []
        if e.get("action_id") == oviews.NOT_MY_MANAGER_ACTION
    )
    assert button["confirm"]["confirm"]["text"] and "<@UMARIA>" in button["confirm"]["text"]["text"]
    # Also offered in /oneonone and on the Home tab.
    listing = oneonone(bot, "", user=REP)
    assert buttons(listing)[oviews.NOT_MY_MANAGER_ACTION] == REQ
    assert "Your manager in Salesbot: <@UMARIA>" in open_home(bot, REP)

    # Someone else clicking Sophie's button changes nothing.
    click(bot, oviews.NOT_MY_MANAGER_ACTION, REQ, OTHER)
    assert manager_of(bot) == REQ

    done = click(bot, oviews.NOT_MY_MANAGER_ACTION, REQ, REP)
    assert "not your manager here" in all_text(done)
    assert "agreement on your account plan is withdrawn" in all_text(done)
    assert manager_of(bot) is None
    assert [s.status for s in rows(bot, OneOnOneSeries)] == ["ended"]
    [plan] = rows(bot, AccountPlan)
    assert (plan.status, plan.agreed_by) == ("draft", None)
    events = [(v.event, v.status, v.changed_by) for v in rows(bot, AccountPlanVersion)]
    assert ("agreed", "agreed", REQ) in events  # history keeps who agreed
    assert events[-1] == ("withdrawn", "draft", REP)
    bot.deliver()
    assert "says you are not their manager" in all_text(bot.fake.messages(REQ)[-1])

    # Maria can no longer tick off the open action point, nor see the plan, nor ask again.
    click(bot, oviews.DONE_ACTION, str(point.id), REQ)
    assert [p.done_at for p in rows(bot, ActionPoint)] == [None]
    assert SECRET not in all_text(command_reply(bot, SOPHIE, command="/accountplan", user=REQ))
    assert "would rather not" in all_text(oneonone(bot, f"{SOPHIE} {RULE}"))
    # Clicking again says there is nothing to change.
    again = click(bot, oviews.NOT_MY_MANAGER_ACTION, REQ, REP)
    assert "nothing to change" in all_text(again)


def test_an_old_not_my_manager_button_with_a_series_id_still_works(team):
    bot = team
    oneonone(bot, f"{SOPHIE} {RULE}")
    accept_request(bot)
    [series] = rows(bot, OneOnOneSeries)
    done = click(bot, oviews.NOT_MY_MANAGER_ACTION, str(series.id), REP)
    assert "not your manager here" in all_text(done)
    assert manager_of(bot) is None


@pytest.mark.parametrize("value", ["", "x", "99999999999999999999", "-1", "UNOBODY"])
def test_odd_not_my_manager_values_get_an_answer_and_change_nothing(team, value):
    bot = team
    oneonone(bot, f"manager {SOPHIE} <@UMARIA|maria>", user=ADMIN)
    response = bot.click(oviews.NOT_MY_MANAGER_ACTION, value, user=REP, channel="DUSOPHIE")
    assert response.status == 200
    bot.runtime.background.wait_idle()
    assert manager_of(bot) == REQ


def test_the_30_days_run_from_the_refusal(team):
    bot = team
    start = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
    bot.clock.set(start)
    oneonone(bot, f"{SOPHIE} {RULE}")
    dm = request_dm(bot)
    click(bot, mviews.DECLINE_ACTION, buttons(dm)[mviews.DECLINE_ACTION], REP)
    bot.clock.set(start + timedelta(days=29, hours=23))
    assert "would rather not" in all_text(oneonone(bot, f"{SOPHIE} {RULE}"))
    bot.clock.set(start + timedelta(days=30, minutes=1))
    assert "I've asked" in all_text(oneonone(bot, f"{SOPHIE} {RULE}"))


# ------------------------------------------------------------------------------ admins, Home tab


def test_an_admin_sets_who_manages_whom_on_the_home_tab(team):
    bot = team
    home = bot.fake.home_view(ADMIN) if open_home(bot, ADMIN) else None
    assert home is not None and mviews.SET_MANAGER_ACTION in buttons_anywhere(home)
    assert mviews.SET_MANAGER_ACTION not in buttons_anywhere(
        bot.fake.home_view(REP) if open_home(bot, REP) else {}
    )
    bot.interaction(
        {
            "type": "block_actions",
            "user": {"id": ADMIN, "team_id": "T123"},
            "trigger_id": "trig.home",
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home"},
            "actions": [
                {"action_id": mviews.SET_MANAGER_ACTION, "value": "open", "type": "button"}
            ],
        }
    )
    bot.runtime.background.wait_idle()
    assert bot.fake.opened_views()[-1]["callback_id"] == mviews.SET_MANAGER_MODAL

    def submit(user: str, rep: str | None, manager: str | None):
        values = {
            mviews.BLOCK_REP: {mviews.ACTION_REP: {"type": "users_select", "selected_user": rep}},
            mviews.BLOCK_MANAGER: {
                mviews.ACTION_MANAGER: {"type": "users_select", "selected_user": manager}
            },
        }
        response = bot.submit_view(values, user=user, callback_id=mviews.SET_MANAGER_MODAL)
        bot.runtime.background.wait_idle()
        return response

    same = submit(ADMIN, REP, REP).json()
    assert same["response_action"] == "errors" and mviews.BLOCK_MANAGER in same["errors"]
    assert manager_of(bot) is None
    submit(OTHER, REP, OTHER)  # not an admin
    assert manager_of(bot) is None
    assert "Alleen admins" in all_text(bot.fake.home_view(OTHER))

    submit(ADMIN, REP, REQ)
    assert manager_of(bot) == REQ
    assert "<@UMARIA> is now <@USOPHIE>'s manager" in all_text(bot.fake.home_view(ADMIN))
    bot.deliver()
    assert "<@UADMIN> set <@UMARIA> as your manager" in all_text(bot.fake.messages(REP)[-1])


def buttons_anywhere(view: dict) -> set[str]:
    return {
        e.get("action_id")
        for b in (view or {}).get("blocks") or []
        for e in b.get("elements") or []
    }


def test_a_rep_reads_the_proposed_1on1s_on_their_own_clock(team, fake_slack):
    """Maria in Amsterdam asks Sophie in New York and Piet in Amsterdam: each reads the first
    1:1 on their own clock, with Maria's time named only when it differs."""
    fake_slack.set_user(REP, name="sophie", locale="en-GB", tz="America/New_York")
    bot = team
    bot.clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    oneonone(bot, f"{SOPHIE} {RULE}")
    text = all_text(request_dm(bot))
    assert "every 2 weeks on Tuesday at 10:00 (30 minutes), Amsterdam time" in text
    assert (
        "If you accept now, the first one is on Tue 2 Mar 2027, 04:00 your time "
        "(10:00 for <@UMARIA>)." in text
    )
    answer = accept_request(bot)
    assert "The first one is on Tue 2 Mar 2027, 04:00 your time (10:00 for <@UMARIA>)." in (
        all_text(answer)
    )
    [told] = [m for m in bot.fake.messages(REQ) if "accepted" in all_text(m)]
    assert "The first one is on Tue 2 Mar 2027, 10:00 your time (04:00 for <@USOPHIE>)." in (
        all_text(told)
    )

    oneonone(bot, f"<@{OTHER}|piet> {RULE}")
    dutch = all_text(request_dm(bot, OTHER))
    assert "Als je nu accepteert, is de eerste op di 2 mrt 2027, 10:00." in dutch
    assert "jouw tijd" not in dutch and "tijd in" not in dutch
