"""Account plans end to end: the modal, the manager's agreement, versions, visibility, progress,
and the App Home dashboard; over the bot's real HTTP endpoint with Slack faked over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.views import plans as pviews
from storage import managers as manager_store
from storage.models import AccountPlan, AccountPlanVersion
from tests.conftest import BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons

MANAGER = "UMGR"
YEAR = datetime.now(UTC).year
# Mid-year, so that the turn of the year (tests/test_plan_year.py) stays out of these tests.
MIDYEAR = datetime(YEAR, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def team(make_bot, database_url, fake_slack, clock) -> BotHarness:
    clock.set(MIDYEAR)
    fake_slack.set_user(MANAGER, locale="nl-NL")
    fake_slack.set_user("UADMIN", locale="en-GB", is_admin=True)
    bot = make_bot(database_url)
    with bot.runtime.session_factory.write() as session:
        manager_store.set_manager(
            session=session,
            team_id="T123",
            rep_id="UANNA",
            manager_id=MANAGER,
            by="UADMIN",
            now=datetime.now(UTC),
        )
    return bot


def plan_state(
    target="10",
    segment="Bakeries in Utrecht",
    value="250k",
    approach="Visit two bakeries a week",
    q=("2", "5", "", ""),
    shared=False,
    outreach="",
):
    def text(value):
        return {"type": "plain_text_input", "value": value or None}

    state = {
        pviews.BLOCK_TARGET: {pviews.ACTION_TARGET: text(target)},
        pviews.BLOCK_SEGMENT: {pviews.ACTION_SEGMENT: text(segment)},
        pviews.BLOCK_VALUE: {pviews.ACTION_VALUE: text(value)},
        pviews.BLOCK_BASIS: {
            pviews.ACTION_BASIS: {"type": "radio_buttons", "selected_option": {"value": "total"}}
        },
        pviews.BLOCK_APPROACH: {pviews.ACTION_APPROACH: text(approach)},
        pviews.BLOCK_SHARED: {
            pviews.ACTION_SHARED: {
                "type": "checkboxes",
                "selected_options": [{"value": pviews.SHARED_OPTION}] if shared else [],
            }
        },
    }
    for (block, action), value_ in zip(pviews.QUARTER_BLOCKS, q, strict=True):
        state[block] = {action: text(value_)}
    state[pviews.BLOCK_OUTREACH] = {pviews.ACTION_OUTREACH: text(outreach)}
    return state


def submit_plan(bot: BotHarness, user="UANNA", *, view_id=None, **fields):
    meta = json.dumps({"year": YEAR, "lang": "en"})
    return bot.submit_view(
        plan_state(**fields),
        user=user,
        callback_id=pviews.PLAN_MODAL_CALLBACK,
        private_metadata=meta,
        view_id=view_id,
    )


def stored(bot: BotHarness) -> AccountPlan | None:
    with bot.runtime.session_factory() as session:
        return session.exec(select(AccountPlan)).first()


def history(bot: BotHarness) -> list[AccountPlanVersion]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(AccountPlanVersion).order_by(AccountPlanVersion.version)))


def test_the_command_opens_the_plan_modal(team):
    assert team.command("", command="/accountplan", user="UANNA").status == 200
    team.runtime.background.wait_idle()
    opened = team.fake.opened_views()[-1]
    assert opened["callback_id"] == pviews.PLAN_MODAL_CALLBACK
    assert json.loads(opened["private_metadata"])["year"] == YEAR


def test_a_plan_is_a_draft_until_the_manager_agrees_and_every_version_is_kept(team):
    bot = team
    answer = submit_plan(bot)
    assert answer.json()["response_action"] == "update"
    plan = stored(bot)
    assert (plan.status, plan.target_clients, plan.value_cents, plan.q2) == (
        "draft",
        10,
        25_000_000,
        5,
    )
    bot.deliver()
    review = bot.fake.messages(MANAGER)
    assert len(review) == 1
    assert "Bakeries in Utrecht" in all_text(review[0])
    agree = buttons(review[0])[pviews.AGREE_ACTION]
    assert agree == f"{plan.id}:1"

    # Only the rep's manager (or an admin) can agree.
    bot.click(pviews.AGREE_ACTION, agree, user="UCHRIS", channel=f"D{MANAGER}")
    bot.runtime.background.wait_idle()
    assert stored(bot).status == "draft"

    bot.click(pviews.AGREE_ACTION, agree, user=MANAGER, channel=f"D{MANAGER}")
    bot.runtime.background.wait_idle()
    plan = stored(bot)
    assert (plan.status, plan.agreed_by) == ("agreed", MANAGER)
    bot.deliver()
    told = bot.fake.messages("UANNA")
    assert len(told) == 1 and f"<@{MANAGER}>" in all_text(told[0])

    # Saving the same plan again changes nothing; a change makes it a draft again.
    submit_plan(bot, view_id="VSAME")
    assert stored(bot).status == "agreed" and stored(bot).version == 1
    submit_plan(bot, target="12")
    plan = stored(bot)
    assert (plan.status, plan.version, plan.target_clients) == ("draft", 2, 12)
    events = [(v.event, v.status, v.target_clients, v.changed_by) for v in history(bot)]
    assert events == [
        ("saved", "draft", 10, "UANNA"),
        ("agreed", "agreed", 10, MANAGER),
        ("saved", "draft", 12, "UANNA"),
    ]
    bot.deliver()
    assert len(bot.fake.messages(MANAGER)) == 2  # asked again for the new version


def test_bad_input_in_the_plan_is_refused_field_by_field_and_nothing_is_stored(team):
    answer = submit_plan(team, target="-3", segment="", value="lots", q=("20", "", "", "")).json()
    assert answer["response_action"] == "errors"
    assert {pviews.BLOCK_TARGET, pviews.BLOCK_SEGMENT, pviews.BLOCK_VALUE} <= set(answer["errors"])
    answer = submit_plan(team, target="5", q=("2", "1", "", "")).json()
    assert pviews.BLOCK_Q2 in answer["errors"]
    answer = submit_plan(team, target="5", q=("9", "", "", "")).json()
    assert pviews.BLOCK_Q1 in answer["errors"]
    assert stored(team) is None


def test_who_may_see_a_plan(team):
    bot = team
    submit_plan(bot, approach="<!channel> my secret approach")
    for viewer, allowed in (("UANNA", True), (MANAGER, True), ("UADMIN", True), ("UCHRIS", False)):
        reply = command_reply(bot, "<@UANNA|anna>", command="/accountplan", user=viewer)
        text = all_text(reply)
        assert ("secret approach" in text) is allowed, viewer
        assert "<!channel>" not in text
    # Shared with the team: everyone sees it.
    plan = stored(bot)
    bot.click(pviews.SHARE_ACTION, f"{plan.id}:on", user="UCHRIS")  # not hers: refused
    bot.runtime.background.wait_idle()
    assert not stored(bot).shared
    bot.click(pviews.SHARE_ACTION, f"{plan.id}:on", user="UANNA")
    bot.runtime.background.wait_idle()
    assert stored(bot).shared
    reply = command_reply(bot, "<@UANNA|anna>", command="/accountplan", user="UCHRIS")
    assert "secret approach" in all_text(reply)


def test_progress_and_pace_come_from_logged_wins_and_a_shared_plan_shows_in_the_celebration(
    team,
):
    bot = team
    submit_plan(bot, target="10", shared=True)
    bot.command("Acme 5000", user="UANNA")
    bot.command("Globex 7000", user="UANNA")
    bot.deliver()
    celebrations = bot.fake.messages("CWINS0001")
    assert "2 of 10" in all_text(celebrations[-1])
    reply = command_reply(bot, "show", command="/accountplan", user="UANNA")
    assert "2" in all_text(reply) and "10" in all_text(reply)


def test_a_private_plan_never_shows_in_the_channel(team):
    bot = team
    submit_plan(bot, target="10", shared=False)
    bot.command("Acme 5000", user="UANNA")
    bot.deliver()
    celebration = bot.fake.messages("CWINS0001")[-1]
    assert "of 10" not in all_text(celebration)


def test_no_plan_yet_and_help(team):
    mine = command_reply(team, "show", command="/accountplan", user="UBRAM")
    assert str(YEAR) in all_text(mine)
    other = command_reply(team, "<@UBRAM|bram>", command="/accountplan", user="UADMIN")
    assert "<@UBRAM>" in all_text(other)
    assert "/accountplan" in all_text(
        command_reply(team, "help", command="/accountplan", user="UBRAM")
    )


def test_the_home_tab_shows_plan_pace_next_meeting_and_a_managers_team(team):
    bot = team
    submit_plan(bot, target="10")
    bot.command("Acme 5000", user="UANNA")
    bot.deliver()
    bot.command(
        "<@UANNA|anna> every 2 weeks on tuesday at 10:00", command="/oneonone", user=MANAGER
    )
    bot.runtime.background.wait_idle()
    bot.event({"type": "app_home_opened", "user": "UANNA", "tab": "home"})
    bot.runtime.background.wait_idle()
    rep_home = bot.fake.home_view("UANNA")
    text = all_text(rep_home)
    assert "1" in text and "10" in text
    assert len(rep_home["blocks"]) <= 100
    assert pviews.EDIT_ACTION in {
        e.get("action_id") for b in rep_home["blocks"] for e in b.get("elements") or []
    }
    bot.event({"type": "app_home_opened", "user": MANAGER, "tab": "home"})
    bot.runtime.background.wait_idle()
    manager_home = all_text(bot.fake.home_view(MANAGER))
    assert "<@UANNA>" in manager_home and "1/10" in manager_home


def test_an_admin_manages_the_check_in_list_in_the_home_tab(team):
    from bot.views.home import CHECKIN_ADD_ACTION, CHECKIN_REMOVE_ACTION
    from storage import checkins as checkin_store

    bot = team
    bot.event({"type": "app_home_opened", "user": "UADMIN", "tab": "home"})
    bot.runtime.background.wait_idle()
    admin_home = bot.fake.home_view("UADMIN")
    pickers = {e.get("action_id") for b in admin_home["blocks"] for e in b.get("elements") or []}
    assert {CHECKIN_ADD_ACTION, CHECKIN_REMOVE_ACTION} <= pickers
    assert "<@UANNA>" in all_text(admin_home)  # she has a manager: on the list

    def pick(action_id: str, user: str, by: str) -> None:
        bot.interaction(
            {
                "type": "block_actions",
                "user": {"id": by, "team_id": "T123"},
                "trigger_id": "t.1",
                "view": {"id": "VHOME", "type": "home"},
                "actions": [
                    {
                        "action_id": action_id,
                        "block_id": "dash_admin_checkins",
                        "type": "users_select",
                        "selected_user": user,
                        "action_ts": "1",
                    }
                ],
            }
        )
        bot.runtime.background.wait_idle()

    pick(CHECKIN_ADD_ACTION, "UDIRK", by="UCHRIS")  # not an admin: nothing changes
    pick(CHECKIN_REMOVE_ACTION, "UANNA", by="UADMIN")
    pick(CHECKIN_ADD_ACTION, "UDIRK", by="UADMIN")
    with bot.runtime.session_factory() as session:
        people = {user for _, user in checkin_store.checkin_people(session=session)}
    assert people == {"UDIRK"}
    assert "<@UDIRK>" in all_text(bot.fake.home_view("UADMIN"))
    # Reps never see the admin controls.
    bot.event({"type": "app_home_opened", "user": "UANNA", "tab": "home"})
    bot.runtime.background.wait_idle()
    rep_pickers = {
        e.get("action_id")
        for b in bot.fake.home_view("UANNA")["blocks"]
        for e in b.get("elements") or []
    }
    assert CHECKIN_ADD_ACTION not in rep_pickers


def test_agreeing_on_an_older_dm_agrees_nothing(team):
    bot = team
    submit_plan(bot, target="10")
    bot.deliver()
    old_agree = buttons(bot.fake.messages(MANAGER)[-1])[pviews.AGREE_ACTION]
    submit_plan(bot, target="40")
    bot.click(pviews.AGREE_ACTION, old_agree, user=MANAGER, channel=f"D{MANAGER}")
    bot.runtime.background.wait_idle()
    plan = stored(bot)
    assert (plan.status, plan.target_clients) == ("draft", 40)
    # The manager is told the plan changed (in their language, whichever is known by then).
    told = all_text(bot.fake.responses("click")[-1])
    assert "<@UANNA>" in told and str(YEAR) in told
    assert "changed" in told or "gewijzigd" in told


def test_a_new_manager_is_asked_to_agree_a_waiting_draft(make_bot, sqlite_url, fake_slack):
    fake_slack.set_user(MANAGER, locale="en-GB")
    bot = make_bot(sqlite_url)
    submit_plan(bot, user="UBRAM")  # no manager yet: nobody to ask
    bot.deliver()
    assert bot.fake.messages(MANAGER) == []
    bot.command(
        "<@UBRAM|bram> every 2 weeks on tuesday at 10:00", command="/oneonone", user=MANAGER
    )
    bot.runtime.background.wait_idle()
    bot.deliver()
    # Nothing of Bram's plan reaches the would-be manager before Bram accepts.
    assert [m for m in bot.fake.messages(MANAGER) if pviews.AGREE_ACTION in buttons(m)] == []
    from tests.test_managers_flow import accept_request

    accept_request(bot, rep="UBRAM")
    reviews = [m for m in bot.fake.messages(MANAGER) if pviews.AGREE_ACTION in buttons(m)]
    assert len(reviews) == 1


def test_the_weekly_outreach_target_is_set_in_the_plan_or_derived(team):
    from bot.jobs.checkins import target_of

    bot = team
    answer = submit_plan(bot, target="23", outreach="0").json()
    assert pviews.BLOCK_OUTREACH in answer["errors"]
    submit_plan(bot, target="23")
    with bot.runtime.session_factory() as session:
        derived = target_of(session, team_id="T123", user_id="UANNA", year=YEAR)
    assert derived == 5  # 23 clients x 10 contacts / 46 weeks, rounded up
    submit_plan(bot, target="23", outreach="7")
    assert stored(bot).weekly_outreach == 7
    with bot.runtime.session_factory() as session:
        assert target_of(session, team_id="T123", user_id="UANNA", year=YEAR) == 7
    shown = all_text(command_reply(bot, "show", command="/accountplan", user="UANNA"))
    assert "7 new prospects a week" in shown
