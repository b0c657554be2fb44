"""Workspace settings on the App Home, through the bot's real endpoint: an admin opens the form
(pre-filled), saves channels, language and zone for the team only; the next win is celebrated
there; bad input is shown on its field; anyone else is refused; nothing is stored then."""

from __future__ import annotations

import json
from zoneinfo import available_timezones

import pytest
from sqlmodel import select

from bot.demo.slackside import SlackSide
from bot.views import workspaces as views
from storage import workspaces as workspace_store
from storage.models import Workspace
from tests.conftest import SIGNING_SECRET, WINS_CHANNEL, BotHarness

ADMIN, MEMBER, LISTED = "UANNA", "UBRAM", "UCHRIS"  # a Slack admin, a Dutch member, listed
HOME = {"id": "VHOME", "type": "home"}
NEW_WINS = "CNEWWINS1"


@pytest.fixture
def team(make_bot, database_url, fake_slack) -> BotHarness:
    fake_slack.set_user(ADMIN, name="anna", locale="en-US", is_admin=True)
    return make_bot(database_url, ADMIN_USER_IDS=LISTED)


def other_team(bot: BotHarness, team_id: str = "T999") -> SlackSide:
    return SlackSide(bot.url, SIGNING_SECRET, bot.fake, team_id)


def text_of(view: dict | None) -> str:
    return json.dumps(view or {}, ensure_ascii=False)


def open_home(bot: BotHarness, user: str, slack: SlackSide | None = None) -> dict:
    (slack or bot.slack).event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.runtime.background.wait_idle()
    return bot.fake.home_view(user) or {}


def actions_in(view: dict) -> set[str]:
    return {e.get("action_id") for b in view.get("blocks", []) for e in b.get("elements") or []}


def open_settings(bot: BotHarness, user: str, slack: SlackSide | None = None) -> dict:
    """Click the settings button on the Home tab: the modal Slack shows the user."""
    answer = (slack or bot.slack).click(views.OPEN_ACTION, "open", user=user, view=HOME)
    assert answer.status == 200
    bot.runtime.background.wait_idle()
    modal = bot.fake.open_modal(user)
    assert modal is not None
    return modal


def initial(block: dict) -> str:
    """What a form's input starts with, as the form sends it."""
    element = block["element"]
    if element["type"] == "conversations_select":
        return element.get("initial_conversation", "")
    if element["type"] == "multi_users_select":
        return ",".join(element.get("initial_users", []))
    if element["type"] == "timepicker":
        return element.get("initial_time", "")
    if element["type"] == "static_select":
        return (element.get("initial_option") or {}).get("value", "")
    return element.get("initial_value", "")


def state(modal: dict, **changed: str) -> dict:
    """The modal's state values as Slack submits them: what it started with, then `changed`."""
    values: dict = {}
    for block in modal["blocks"]:
        if block["type"] != "input":
            continue
        name, element = block["block_id"], block["element"]
        text = changed.get(name, initial(block))
        kind = element["type"]
        if kind == "conversations_select":
            entry = {"selected_conversation": text or None}
        elif kind == "multi_users_select":
            entry = {"selected_users": [u for u in text.split(",") if u]}
        elif kind == "timepicker":
            entry = {"selected_time": text or None}
        elif kind == "static_select":
            entry = {
                "selected_option": {"text": {"type": "plain_text", "text": text}, "value": text}
            }
        else:
            entry = {"value": text or None}
        values[name] = {views.ACTION: {"type": kind, **entry}}
    return values


def submit(bot: BotHarness, user: str, values: dict, slack: SlackSide | None = None) -> dict:
    view = {
        "id": "VSETTINGS",
        "type": "modal",
        "callback_id": views.MODAL,
        "private_metadata": "",
        "hash": "h",
    }
    answer = (slack or bot.slack).submit_view(values, user=user, view=view)
    assert answer.status == 200
    bot.runtime.background.wait_idle()
    return answer.json() if answer.body else {}


def stored(bot: BotHarness, team_id: str = "T123") -> dict[str, str]:
    with bot.runtime.session_factory() as session:
        return workspace_store.chosen_settings(session=session, team_id=team_id)


def test_an_admin_saves_the_settings_and_the_next_win_follows_them(team):
    bot = team
    home = open_home(bot, ADMIN)
    assert views.OPEN_ACTION in actions_in(home)
    assert "Almost there" not in text_of(home)  # the workspace has its wins channel
    modal = open_settings(bot, ADMIN)
    assert modal["callback_id"] == views.MODAL
    by_name = {b.get("block_id"): b for b in modal["blocks"]}
    assert by_name["WINS_CHANNEL"]["element"]["initial_conversation"] == WINS_CHANNEL
    assert initial(by_name["BOT_LOCALE"]) == "en"
    assert initial(by_name["TEAM_TIMEZONE"]) == "Europe/Amsterdam"
    assert initial(by_name["ADMIN_USER_IDS"]) == LISTED
    assert initial(by_name["REMINDER_TIME"]) == "12:00"

    values = state(modal, WINS_CHANNEL=NEW_WINS, BOT_LOCALE="nl", TEAM_TIMEZONE="Europe/London")
    answer = submit(bot, ADMIN, values)
    assert answer["response_action"] == "update"
    assert "Workspace settings saved" in text_of(answer["view"])
    chosen = stored(bot)
    assert (chosen["WINS_CHANNEL"], chosen["BOT_LOCALE"], chosen["TEAM_TIMEZONE"]) == (
        NEW_WINS,
        "nl",
        "Europe/London",
    )
    assert chosen["ADMIN_USER_IDS"] == LISTED and chosen["ONEONONE_PREP_HOURS"] == ""
    assert "Workspace settings saved" in text_of(bot.fake.home_view(ADMIN))  # Home refreshed

    # Opened again, the form shows what was saved.
    again = {b.get("block_id"): b for b in open_settings(bot, ADMIN)["blocks"]}
    assert initial(again["WINS_CHANNEL"]) == NEW_WINS and initial(again["BOT_LOCALE"]) == "nl"

    assert bot.command("Acme 10k", user=MEMBER).status == 200
    bot.deliver()
    [celebration] = bot.fake.messages(NEW_WINS)
    assert "Binnengehaald door" in text_of(celebration)  # the team's language now: Dutch
    assert bot.fake.messages(WINS_CHANNEL) == []


@pytest.mark.parametrize(
    ("changed", "field", "said"),
    [
        ({"REMINDER_TIME": "19:00"}, "REMINDER_TIME", "before the agenda is locked"),
        ({"WINS_CHANNEL": "#general"}, "WINS_CHANNEL", "Choose a public channel"),
        ({"WINS_CHANNEL": ""}, "WINS_CHANNEL", "Choose a public channel"),
        ({"TEAM_TIMEZONE": "Mars/Olympus"}, "TEAM_TIMEZONE", "time zone from the list"),
        ({"ONEONONE_PREP_HOURS": "12"}, "ONEONONE_PREP_HOURS", "more than the manager's nudge"),
        ({"ONEONONE_NUDGE_HOURS": "lots"}, "ONEONONE_NUDGE_HOURS", "between 1 and 168"),
        ({"CHECKIN_TIME": "25:00"}, "CHECKIN_TIME", "time of day"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_stored(team, changed, field, said):
    bot = team
    modal = open_settings(bot, ADMIN)
    answer = submit(bot, ADMIN, state(modal, **changed))
    assert answer["response_action"] == "errors"
    assert said in answer["errors"][field]
    assert stored(bot) == {}


def test_the_errors_in_dutch(team):
    bot = team
    bot.fake.set_user(ADMIN, name="anna", locale="nl-NL", is_admin=True)
    modal = open_settings(bot, ADMIN)
    assert modal["title"]["text"] == "Workspace-instellingen"
    answer = submit(bot, ADMIN, state(modal, REMINDER_TIME="19:00"))
    assert "voor het sluiten van de agenda" in answer["errors"]["REMINDER_TIME"]


def test_someone_who_is_not_an_admin_is_refused_and_nothing_is_stored(team):
    bot = team
    assert views.OPEN_ACTION not in actions_in(open_home(bot, MEMBER))
    refusal = open_settings(bot, MEMBER)  # an old Home tab, or a forwarded DM
    assert refusal.get("callback_id") != views.MODAL
    assert "Alleen admins van de workspace" in text_of(refusal)
    form = open_settings(bot, ADMIN)
    answer = submit(bot, MEMBER, state(form, WINS_CHANNEL=NEW_WINS))  # a forged submission
    assert "Alleen admins van de workspace" in text_of(answer.get("view"))
    assert stored(bot) == {}
    # Someone in the team's ADMIN_USER_IDS (not a Slack admin) may.
    assert views.OPEN_ACTION in actions_in(open_home(bot, LISTED))
    assert open_settings(bot, LISTED)["callback_id"] == views.MODAL


def test_two_teams_keep_their_own_settings(team):
    bot = team
    other = other_team(bot)
    modal = open_settings(bot, ADMIN)
    submit(bot, ADMIN, state(modal, WINS_CHANNEL=NEW_WINS, BOT_LOCALE="nl"))
    theirs = open_settings(bot, ADMIN, other)
    by_name = {b.get("block_id"): b for b in theirs["blocks"]}
    # The other team starts from the environment's values, not from T123's choices.
    assert initial(by_name["WINS_CHANNEL"]) == WINS_CHANNEL
    assert initial(by_name["BOT_LOCALE"]) == "en"
    submit(bot, ADMIN, state(theirs, WINS_CHANNEL="COTHER0001", DEFAULT_CURRENCY="GBP"), other)
    assert stored(bot)["WINS_CHANNEL"] == NEW_WINS and stored(bot)["DEFAULT_CURRENCY"] == "EUR"
    assert stored(bot, "T999")["WINS_CHANNEL"] == "COTHER0001"
    assert stored(bot, "T999")["BOT_LOCALE"] == "en"
    deps = bot.runtime.deps
    assert deps.settings_for("T123").bot_locale == "nl"
    assert deps.settings_for("T999").default_currency == "GBP"
    assert deps.settings_for("T123").default_currency == "EUR"


def test_a_workspace_without_a_wins_channel_asks_its_admins_to_set_it_up(team):
    bot = team
    with bot.runtime.session_factory.write() as session:
        workspace_store.save_settings(
            session=session, team_id="T123", chosen={"WINS_CHANNEL": ""}, by=ADMIN, now=bot.clock()
        )
    bot.runtime.workspaces.forget("T123")
    home = open_home(bot, ADMIN)
    assert "Almost there" in text_of(home["blocks"][1])  # on top, under the title
    assert views.OPEN_ACTION in actions_in(home)
    member = open_home(bot, MEMBER)
    assert "nog niet ingesteld" in text_of(member) and views.OPEN_ACTION not in actions_in(member)


def test_stale_and_forged_payloads_are_answered(team):
    bot = team
    modal = open_settings(bot, ADMIN)
    values = state(modal)
    values["ADMIN_USER_IDS"][views.ACTION]["selected_users"] = "UANNA"  # not a list
    odd = state(modal)
    odd["BOT_LOCALE"][views.ACTION]["selected_option"] = {"value": 7}
    for number, forged in enumerate((values, odd, {})):
        view = {"id": f"V{number}", "callback_id": views.MODAL}
        answer = bot.slack.submit_view(forged, user=ADMIN, view=view)
        assert answer.status == 200
        shown = answer.json()
        # The form is replaced by a note that it is out of date; nothing is said saved.
        assert shown["response_action"] == "update", shown
        assert "out of date" in text_of(shown["view"]).lower(), shown
        assert "saved" not in text_of(shown["view"]).lower()
    bot.runtime.background.wait_idle()
    assert stored(bot) == {}
    with bot.runtime.session_factory() as session:  # not even an empty row
        assert session.exec(select(Workspace)).all() == []


def test_a_form_of_an_older_version_keeps_the_settings_it_lacks(team):
    bot = team
    modal = open_settings(bot, ADMIN)
    saved = submit(bot, ADMIN, state(modal, ADMIN_USER_IDS=f"{LISTED},UDIRK", DIGEST_TIME="08:30"))
    assert "Workspace settings saved" in text_of(saved["view"])
    # An older form, without the admins and the digest time.
    older = {
        name: value
        for name, value in state(modal, BOT_LOCALE="nl").items()
        if name not in ("ADMIN_USER_IDS", "DIGEST_TIME")
    }
    answer = submit(bot, ADMIN, older)
    assert "Workspace settings saved" in text_of(answer["view"])
    chosen = stored(bot)
    assert chosen["BOT_LOCALE"] == "nl"
    assert (chosen["ADMIN_USER_IDS"], chosen["DIGEST_TIME"]) == (f"{LISTED},UDIRK", "08:30")
    # UDIRK is still one of the team's admins: the form opens for them.
    assert open_settings(bot, "UDIRK")["callback_id"] == views.MODAL


def test_a_form_lacking_the_cutoff_is_checked_against_the_teams_own(team):
    bot = team
    modal = open_settings(bot, ADMIN)
    submit(bot, ADMIN, state(modal, AGENDA_CUTOFF_TIME="20:00", REMINDER_TIME="19:00"))
    assert stored(bot)["AGENDA_CUTOFF_TIME"] == "20:00"
    # An older form without the cutoff: 19:30 is before the team's cutoff (20:00), though
    # after the environment's.
    older = {
        k: v for k, v in state(modal, REMINDER_TIME="19:30").items() if k != "AGENDA_CUTOFF_TIME"
    }
    answer = submit(bot, ADMIN, older)
    assert answer["response_action"] == "update", answer
    assert stored(bot)["REMINDER_TIME"] == "19:30"
    assert stored(bot)["AGENDA_CUTOFF_TIME"] == "20:00"


def test_the_form_stays_within_slacks_limits_and_offers_every_zone():
    modal = views.settings_modal("en", {"TEAM_TIMEZONE": "US/Eastern", "HOLIDAYS_COUNTRY": "NLD"})
    assert len(json.dumps(modal)) < 250_000 and len(modal["blocks"]) <= 100
    offered: dict[str, set[str]] = {}
    for block in modal["blocks"]:
        element = block.get("element") or {}
        if element.get("type") != "static_select":
            continue
        groups = element.get("option_groups") or [{"options": element["options"]}]
        assert len(groups) <= 100 and all(len(g["options"]) <= 100 for g in groups)
        assert all(len(o["text"]["text"]) <= 75 for g in groups for o in g["options"])
        offered[block["block_id"]] = {o["value"] for g in groups for o in g["options"]}
    zones = offered["TEAM_TIMEZONE"]
    assert {z for z in available_timezones() if z.startswith(("Europe/", "America/"))} <= zones
    first = modal["blocks"][4]["element"]["option_groups"][0]["options"]
    assert [o["value"] for o in first[:3]] == ["US/Eastern", "Europe/Amsterdam", "Europe/Brussels"]
    assert {"NL", "BE", "NLD", "US"} <= offered["HOLIDAYS_COUNTRY"]
    assert {"EUR", "USD", "JPY"} <= offered["DEFAULT_CURRENCY"]


def test_a_submission_from_someone_slack_has_not_told_about_yet_is_decided_after_the_ack(team):
    bot = team
    form = open_settings(bot, ADMIN)
    bot.fake.set_user("UEVA", name="eva", locale="en-GB", is_admin=True)
    # Slack is too slow to say who they are within the ack (and is not asked again for a while).
    bot.fake.slow_next("users.info", delay=1.5)
    refused = submit(bot, "UDIRK", state(form, WINS_CHANNEL=NEW_WINS))  # not an admin
    assert "response_action" not in refused
    assert "Alleen admins van de workspace" in text_of(bot.fake.home_view("UDIRK"))
    assert stored(bot) == {}
    saved = submit(bot, "UEVA", state(form, WINS_CHANNEL=NEW_WINS))  # a Slack admin, unseen
    assert "response_action" not in saved
    assert "Workspace settings saved" in text_of(bot.fake.home_view("UEVA"))
    assert stored(bot)["WINS_CHANNEL"] == NEW_WINS


def test_the_dutch_texts_say_workspace_and_admins_as_the_rest_of_the_bot():
    from bot.texts import erasure, install, wins, workspaces

    slips = ("werkruimte", "beheerder", "winstkanaal", "salesoverleg", "nodig kan hebben")
    texts = {**erasure.TEXTS, **install.TEXTS, **workspaces.TEXTS}
    texts["error.no_wins_channel"] = wins.TEXTS["error.no_wins_channel"]
    for key, text in texts.items():
        found = [slip for slip in slips if slip in text["nl"].lower()]
        assert not found, (key, found)
