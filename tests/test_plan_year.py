"""The turn of the year for account plans, with an injected clock: from 1 December the coming
year's plan is offered and, once saved, is the plan `/accountplan` and the Home tab show; in
January last year's plan stays in view until the new one is made. Also the rep's own
`/accountplan` (plan with progress and an Edit button, the form only for a new plan), its help,
and the manager's Home table (every confirmed rep, with their latest check-in)."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.plans import PlanChoice, plan_choice
from bot.views import plans as pviews
from storage import managers as manager_store
from tests.conftest import TEAM_ID, BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text
from tests.test_checkins_flow import submit as submit_checkin
from tests.test_plans_flow import plan_state

AMS = ZoneInfo("Europe/Amsterdam")
MANAGER = "UMGR"
DECEMBER = datetime(2026, 12, 7, 10, 0, tzinfo=AMS)  # a Monday
JANUARY = datetime(2027, 1, 11, 10, 0, tzinfo=AMS)  # a Monday
JUNE = datetime(2026, 6, 15, 10, 0, tzinfo=AMS)


# ------------------------------------------------------------------------ the pure rule


@pytest.mark.parametrize(
    "today, years, expected",
    [
        # Mid-year: this year's plan, or the form for it.
        (date(2026, 6, 15), {2026}, PlanChoice(show=2026, offer=None)),
        (date(2026, 6, 15), set(), PlanChoice(show=None, offer=2026)),
        (date(2026, 6, 15), {2025, 2027}, PlanChoice(show=None, offer=2026)),
        (date(2026, 11, 30), {2026}, PlanChoice(show=2026, offer=None)),
        # From 1 December: next year's once it exists, else this year's with the offer.
        (date(2026, 12, 1), {2026}, PlanChoice(show=2026, offer=2027)),
        (date(2026, 12, 31), {2026, 2027}, PlanChoice(show=2027, offer=None, also=2026)),
        (date(2026, 12, 1), {2027}, PlanChoice(show=2027, offer=None)),
        (date(2026, 12, 15), set(), PlanChoice(show=None, offer=2027)),
        # January: this year's once it exists, else last year's with the offer.
        (date(2027, 1, 1), {2026}, PlanChoice(show=2026, offer=2027)),
        (date(2027, 1, 31), {2026, 2027}, PlanChoice(show=2027, offer=None, also=2026)),
        (date(2027, 1, 5), set(), PlanChoice(show=None, offer=2027)),
        # From February a missing plan is just missing.
        (date(2027, 2, 1), {2026}, PlanChoice(show=None, offer=2027)),
    ],
)
def test_which_plan_is_shown_and_which_year_is_offered(today, years, expected):
    assert plan_choice(today, years) == expected


# ------------------------------------------------------------------------------ helpers


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    return make_team(make_bot, sqlite_url, fake_slack)


def make_team(make_bot, database_url, fake_slack) -> BotHarness:
    """Anna (English) and Bram (Dutch), both confirmed reps of the manager."""
    fake_slack.set_user(MANAGER, locale="en-GB", tz="Europe/Amsterdam")
    bot = make_bot(database_url)
    with bot.runtime.session_factory.write() as session:
        for rep in ("UANNA", "UBRAM"):
            manager_store.set_manager(
                session=session,
                team_id=TEAM_ID,
                rep_id=rep,
                manager_id=MANAGER,
                by="UADMIN",
                now=JUNE,
            )
    return bot


def all_buttons(message: dict) -> list[tuple[str, str | None]]:
    """(action_id, value) of every button, in order (one action may appear twice)."""
    return [
        (element["action_id"], element.get("value"))
        for block in message.get("blocks") or []
        for element in block.get("elements") or []
        if element.get("type") == "button"
    ]


def plan_cmd(bot: BotHarness, text: str = "", user: str = "UANNA") -> dict | None:
    """What `/accountplan` shows, or None when it opened a modal (see `opened_form`)."""
    before = len(bot.fake.opened_views())
    response = bot.command(text, command="/accountplan", user=user)
    assert response.status == 200
    bot.runtime.background.wait_idle()
    if len(bot.fake.opened_views()) > before:
        return None
    if response.body.strip():
        return response.json()
    return bot.fake.wait_for_response("cmd")[-1]


def opened_form(bot: BotHarness) -> tuple[int, dict]:
    """The year of the plan modal opened last, and the modal."""
    view = bot.fake.opened_views()[-1]
    assert view["callback_id"] == pviews.PLAN_MODAL_CALLBACK
    return json.loads(view["private_metadata"])["year"], view


def save_through_form(bot: BotHarness, view: dict, user: str = "UANNA", **fields) -> dict:
    """Submit the opened modal as the user filled it in."""
    response = bot.submit_view(
        plan_state(**fields),
        user=user,
        callback_id=pviews.PLAN_MODAL_CALLBACK,
        private_metadata=view["private_metadata"],
    )
    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "update", answer
    return answer


def write_plan(bot: BotHarness, year: int, user: str = "UANNA", **fields) -> None:
    """The rep writes the plan of `year` through `/accountplan edit <year>` and the modal."""
    assert plan_cmd(bot, f"edit {year}", user=user) is None
    opened_year, view = opened_form(bot)
    assert opened_year == year
    save_through_form(bot, view, user=user, **fields)


def click(bot: BotHarness, action_id: str, value: str, user: str = "UANNA") -> None:
    assert bot.click(action_id, value, user=user, channel=f"D{user}").status == 200
    bot.runtime.background.wait_idle()


def home(bot: BotHarness, user: str = "UANNA") -> dict:
    before = len(bot.fake.calls_to("views.publish"))
    assert bot.event({"type": "app_home_opened", "user": user, "tab": "home"}).status == 200
    bot.fake.wait_for("views.publish", before + 1)
    bot.runtime.background.wait_idle()
    return bot.fake.home_view(user)


# ------------------------------------------------------------------------------ December


def test_in_december_the_plan_for_next_year_is_offered_and_then_shown(
    make_bot, fake_slack, clock, database_url
):
    bot = make_team(make_bot, database_url, fake_slack)
    clock.set(JUNE)
    write_plan(bot, 2026, target="10", segment="Bakeries 2026")
    bot.command("Acme 5000", user="UANNA")

    clock.set(DECEMBER)
    shown = plan_cmd(bot)
    assert shown is not None, "a rep with a plan sees it, not the form"
    text = all_text(shown)
    assert "Your account plan for 2026" in text and "Bakeries 2026" in text
    assert "1 of 10 new clients" in text
    assert "On to 2027!" in text
    assert (pviews.EDIT_ACTION, "2027") in all_buttons(shown)  # write next year's plan
    assert (pviews.EDIT_ACTION, "2026") in all_buttons(shown)  # edit this year's
    rep_home = all_text(home(bot))
    assert "Your 2026 account plan" in rep_home and "On to 2027!" in rep_home

    # The offer opens an empty form for 2027; saving it makes 2027 the plan in view.
    click(bot, pviews.EDIT_ACTION, "2027")
    year, view = opened_form(bot)
    assert year == 2027 and view["title"]["text"] == "Account plan 2027"
    assert not any(
        block.get("element", {}).get("initial_value") == "Bakeries 2026" for block in view["blocks"]
    )
    save_through_form(bot, view, target="14", segment="Hotels 2027")

    shown = plan_cmd(bot)
    assert shown is not None
    text = all_text(shown)
    assert "Your account plan for 2027" in text and "Hotels 2027" in text
    assert "new clients count from 1 January 2027" in text
    assert "On to" not in text
    assert "Your plan for 2026: `/accountplan 2026`" in text
    assert (pviews.EDIT_ACTION, "2027") in all_buttons(shown)
    rep_home = home(bot)
    home_text = all_text(rep_home)
    assert "Your 2027 account plan" in home_text and "No plan yet" not in home_text
    assert (pviews.EDIT_ACTION, "2027") in all_buttons(rep_home)

    # This year's plan is still one command away.
    old = plan_cmd(bot, "2026")
    assert old is not None and "Bakeries 2026" in all_text(old)


def test_in_december_without_any_plan_the_form_is_for_next_year(team, clock):
    clock.set(DECEMBER)
    assert plan_cmd(team) is None
    year, view = opened_form(team)
    assert year == 2027 and "2027" in view["title"]["text"]
    rep_home = home(team)
    assert "Your 2027 account plan" in all_text(rep_home)
    assert "No plan yet" in all_text(rep_home)
    assert all_buttons(rep_home).count((pviews.EDIT_ACTION, "2027")) == 1


def test_a_manager_sees_next_years_plan_in_december_and_is_asked_to_agree_it(team, clock):
    bot = team
    clock.set(JUNE)
    write_plan(bot, 2026, segment="Bakeries 2026")
    clock.set(DECEMBER)
    write_plan(bot, 2027, segment="Hotels 2027")
    bot.deliver()
    reviews = [m for m in bot.fake.messages(MANAGER) if "2027" in all_text(m)]
    assert len(reviews) == 1 and "Hotels 2027" in all_text(reviews[0])
    seen = command_reply(bot, "<@UANNA|anna>", command="/accountplan", user=MANAGER)
    assert "Hotels 2027" in all_text(seen) and "On to" not in all_text(seen)
    old = command_reply(bot, "<@UANNA|anna> 2026", command="/accountplan", user=MANAGER)
    assert "Bakeries 2026" in all_text(old)


def test_a_manager_confirmed_in_december_is_asked_about_next_years_draft(
    make_bot, sqlite_url, fake_slack, clock
):
    from tests.test_managers_flow import accept_request

    fake_slack.set_user(MANAGER, locale="en-GB")
    bot = make_bot(sqlite_url)
    clock.set(DECEMBER)
    write_plan(bot, 2027, user="UBRAM", segment="Hotels 2027")
    bot.command(
        "<@UBRAM|bram> every 2 weeks on tuesday at 10:00", command="/oneonone", user=MANAGER
    )
    bot.runtime.background.wait_idle()
    accept_request(bot, rep="UBRAM")
    reviews = [m for m in bot.fake.messages(MANAGER) if pviews.AGREE_ACTION in dict(all_buttons(m))]
    assert len(reviews) == 1 and "Hotels 2027" in all_text(reviews[0])


# ------------------------------------------------------------------------------ January


def test_in_january_last_years_plan_stays_until_the_new_one_is_made(team, clock):
    bot = team
    clock.set(JUNE)
    write_plan(bot, 2026, target="2", segment="Bakeries 2026", q=("1", "2", "", ""))
    bot.command("Acme 5000", user="UANNA")
    bot.command("Globex 7000", user="UANNA")

    clock.set(JANUARY)
    shown = plan_cmd(bot)
    assert shown is not None
    text = all_text(shown)
    assert "Your account plan for 2026" in text
    assert "Result 2026:* 2 of 2 new clients" in text and "target reached" in text
    assert "On to 2027!" in text and (pviews.EDIT_ACTION, "2027") in all_buttons(shown)
    rep_home = all_text(home(bot))
    assert "Your 2026 account plan" in rep_home and "On to 2027!" in rep_home

    write_plan(bot, 2027, target="12", segment="Hotels 2027")
    bot.command("Initech 3000", user="UANNA")
    shown = plan_cmd(bot)
    text = all_text(shown)
    assert "Your account plan for 2027" in text and "Hotels 2027" in text
    assert "1 of 12 new clients" in text and "On to" not in text
    assert "Your plan for 2026: `/accountplan 2026`" in text
    assert "Your 2027 account plan" in all_text(home(bot))
    old = plan_cmd(bot, "2026")
    assert "Bakeries 2026" in all_text(old) and "Result 2026" in all_text(old)


def test_in_january_without_any_plan_the_form_is_for_the_new_year(team, clock):
    clock.set(JANUARY)
    assert plan_cmd(team, user="UBRAM") is None
    assert opened_form(team)[0] == 2027
    # Bram reads Dutch: the Home tab offers the new year in Dutch.
    assert "Jouw accountplan 2027" in all_text(home(team, "UBRAM"))


# ------------------------------------------------------------------ the rep's own plan


def test_a_reps_own_plan_is_shown_with_progress_and_edited_only_on_request(team, clock):
    bot = team
    clock.set(JUNE)
    assert plan_cmd(bot) is None  # no plan yet: the form
    year, view = opened_form(bot)
    assert year == 2026
    save_through_form(bot, view, target="10", segment="Bakeries 2026")
    bot.command("Acme 5000", user="UANNA")
    opened = len(bot.fake.opened_views())

    shown = plan_cmd(bot)
    assert shown is not None and len(bot.fake.opened_views()) == opened
    text = all_text(shown)
    assert "Your account plan for 2026" in text
    assert "*Draft*: not agreed with <@UMGR> yet" in text
    assert "1 of 10 new clients" in text and "the plan says 4.5 by today" in text
    assert all_buttons(shown)[0] == (pviews.EDIT_ACTION, "2026")

    click(bot, pviews.EDIT_ACTION, "2026")
    year, view = opened_form(bot)
    assert year == 2026
    prefilled = {
        block["block_id"]: block["element"].get("initial_value")
        for block in view["blocks"]
        if block["type"] == "input"
    }
    assert prefilled[pviews.BLOCK_SEGMENT] == "Bakeries 2026"
    assert plan_cmd(bot, "wijzig") is None  # the Dutch word works too
    assert plan_cmd(bot, "show") is not None
    assert plan_cmd(bot, "<@UANNA|anna>") is not None  # naming yourself shows it as well


def test_help_documents_other_reps_years_and_editing(team):
    home(team, "UBRAM")  # the bot learns that Bram reads Dutch
    for lang_user, expected in (
        ("UANNA", ("`/accountplan @anna`", "`/accountplan @anna 2027`", "`/accountplan 2027`")),
        ("UBRAM", ("`/accountplan @anna`", "`/accountplan @anna 2027`", "`/accountplan wijzig`")),
    ):
        text = all_text(command_reply(team, "help", command="/accountplan", user=lang_user))
        for form in expected:
            assert form in text, (lang_user, form)
    english = all_text(command_reply(team, "help", command="/accountplan", user="UANNA"))
    assert "`/accountplan edit`" in english and "`/accountplan show`" in english
    assert "From 1 December" in english
    dutch = all_text(command_reply(team, "help", command="/accountplan", user="UBRAM"))
    assert "Vanaf 1 december" in dutch


# ------------------------------------------------------------- the manager's Home table


def test_the_managers_table_lists_every_confirmed_rep_with_the_latest_checkin(team, clock):
    bot = team
    clock.set(DECEMBER)
    write_plan(bot, 2026, target="10", segment="Bakeries 2026")
    write_plan(bot, 2027, user="UBRAM", segment="Hotels 2027")
    # Anna has 1:1s with the manager; Bram only a confirmed link.
    bot.command(
        "<@UANNA|anna> every 2 weeks on tuesday at 10:00", command="/oneonone", user=MANAGER
    )
    bot.runtime.background.wait_idle()
    assert (
        submit_checkin(bot, date(2026, 11, 30), user="UANNA", prospects="7", note="a <b>")[
            "response_action"
        ]
        == "update"
    )
    assert (
        submit_checkin(bot, date(2026, 12, 7), user="UBRAM", prospects="9", note="")[
            "response_action"
        ]
        == "update"
    )

    rows = {}
    for block in home(bot, MANAGER)["blocks"]:
        if block.get("fields"):
            texts = [field["text"] for field in block["fields"]]
            rows[texts[0].split("\n", 1)[0]] = texts
    assert set(rows) == {"<@UANNA>", "<@UBRAM>"}
    anna_plan, anna_more = rows["<@UANNA>"]
    assert "0/10" in anna_plan and "Plan 2027: _not made yet_" in anna_plan
    assert "Next 1:1: " in anna_more and "none planned" not in anna_more
    assert "Latest check-in: " in anna_more and "7 prospects" in anna_more
    assert "a &lt;b&gt;" in anna_more
    bram_plan, bram_more = rows["<@UBRAM>"]
    assert "no account plan yet" in bram_plan and "Plan 2027: draft" in bram_plan
    assert "none planned" in bram_more
    assert "Latest check-in: " in bram_more and "9 prospects" in bram_more
