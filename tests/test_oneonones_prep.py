"""The rep's 1:1 preparation reaches the manager, and every 1:1 time is on the reader's clock.

A Dutch manager (Maria, Amsterdam) holds 1:1s with a Dutch rep (Ruben, Amsterdam) and a rep in
New York (Jack), over the bot's real HTTP endpoint with the fake Slack, driven like
`python -m bot tick --at`. The rep is asked to prepare ONEONONE_PREP_HOURS before the 1:1 and
the manager is nudged ONEONONE_NUDGE_HOURS before it; what the rep writes after the nudge went
out updates the nudge in place and the manager hears it once.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.jobs.oneonones import prepared_for_next
from bot.views import checkins as cviews
from bot.views import oneonones as oviews
from storage import oneonones as oneonone_store
from storage import plans as plan_store
from tests.conftest import BotHarness, bot_env
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons
from tests.test_checkins_flow import state as checkin_state
from tests.test_oneonones_flow import at, confirm_manager, open_modal, outbox

MARIA, RUBEN, JACK = "UMARIA", "URUBEN", "UJACK"
RULE_NL = "om de 2 weken op donderdag om 10:00"
# Set up on Friday 4 December 2026: the first 1:1 is Thursday 10 December at 10:00 in
# Amsterdam; the rep is asked on Tuesday at 10:00, the manager nudged on Wednesday at 10:00.
CREATED = at(2026, 12, 4, 12, 0)
FIRST = at(2026, 12, 10, 10, 0)
PREP = timedelta(hours=48)
LEAD = timedelta(hours=24)
MINUTE = timedelta(minutes=1)
ADDED_NL = "heeft obstakels en onderwerpen toegevoegd"


@pytest.fixture
def team(make_bot, sqlite_url, fake_slack) -> BotHarness:
    return make_team(make_bot, sqlite_url, fake_slack)


def make_team(make_bot, database_url: str, fake_slack, **env: str) -> BotHarness:
    fake_slack.set_user(MARIA, name="maria", locale="nl-NL", tz="Europe/Amsterdam")
    fake_slack.set_user(RUBEN, name="ruben", locale="nl-NL", tz="Europe/Amsterdam")
    fake_slack.set_user(JACK, name="jack", locale="en-US", tz="America/New_York")
    bot = make_bot(database_url, **env)
    for rep in (RUBEN, JACK):
        confirm_manager(bot, rep, MARIA)
    return bot


# ------------------------------------------------------------------------------ helpers


def set_up(bot: BotHarness, rep: str, rule: str = RULE_NL) -> dict:
    """Maria sets up 1:1s with `rep` at CREATED; every DM queued so far is delivered."""
    bot.clock.set(CREATED)
    reply = command_reply(
        bot, f"<@{rep}|{rep[1:].lower()}> {rule}", command="/oneonone", user=MARIA
    )
    bot.runtime.background.wait_idle()
    assert "staan vast" in all_text(reply), all_text(reply)
    bot.deliver()
    return reply


def prompts(bot: BotHarness, rep: str) -> list[dict]:
    """The rep's prompts to prepare (they carry the button)."""
    return [m for m in bot.fake.messages(rep) if oviews.PREP_ACTION in buttons(m)]


def manager_nudge(bot: BotHarness, rep: str) -> dict | None:
    """Maria's nudge before the first 1:1 with `rep`, as it reads now in her DM."""
    rows = [r for r in outbox(bot, "oneonone_manager:") if f":{rep}:" in r.key]
    if not rows or not rows[0].message_ts:
        return None
    [found] = [m for m in bot.fake.messages(MARIA) if m["ts"] == rows[0].message_ts]
    return found


def updates_of(bot: BotHarness, message: dict) -> list[dict]:
    return [c for c in bot.fake.calls_to("chat.update") if c.get("ts") == message["ts"]]


def added_dms(bot: BotHarness) -> list[dict]:
    return [m for m in bot.fake.messages(MARIA) if ADDED_NL in all_text(m)]


def save_prep(bot: BotHarness, rep: str, *, obstacles: str = "", topics: str = "") -> str:
    """The rep clicks "note obstacles and topics" in their latest prompt and saves; returns
    what the modal then tells them."""
    value = buttons(prompts(bot, rep)[-1])[oviews.PREP_ACTION]
    modal = open_modal(bot, oviews.PREP_ACTION, value, rep)
    values = {}
    for block, action, text in (
        (oviews.BLOCK_OBSTACLES, oviews.ACTION_OBSTACLES, obstacles),
        (oviews.BLOCK_TOPICS, oviews.ACTION_TOPICS, topics),
    ):
        values[block] = {action: {"type": "plain_text_input", "value": text or None}}
    answer = bot.submit_view(
        values,
        user=rep,
        callback_id=oviews.PREP_MODAL_CALLBACK,
        private_metadata=modal["private_metadata"],
    ).json()
    assert answer["response_action"] == "update", answer
    return all_text(answer["view"])


def listing(bot: BotHarness, user: str) -> str:
    return all_text(bot.command("", command="/oneonone", user=user).json())


# ------------------------------------------------------------------------------ timing


def test_the_rep_is_asked_48_hours_before_and_the_manager_nudged_24_hours_before(team):
    bot = team
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP - MINUTE)
    assert prompts(bot, RUBEN) == [] and manager_nudge(bot, RUBEN) is None
    bot.tick(FIRST - PREP)
    [prompt] = prompts(bot, RUBEN)
    assert "Je 1-op-1 met <@UMARIA>* is op do 10 dec 2026, 10:00." in all_text(prompt)
    bot.tick(FIRST - LEAD - MINUTE)
    assert manager_nudge(bot, RUBEN) is None
    bot.tick(FIRST - LEAD)
    assert "Je 1-op-1 met <@URUBEN>* · do 10 dec 2026, 10:00" in all_text(manager_nudge(bot, RUBEN))
    bot.tick(FIRST - timedelta(hours=1))
    assert len(prompts(bot, RUBEN)) == 1


def test_both_leads_are_settings(make_bot, sqlite_url, fake_slack):
    bot = make_team(
        make_bot, sqlite_url, fake_slack, ONEONONE_PREP_HOURS="72", ONEONONE_NUDGE_HOURS="12"
    )
    set_up(bot, RUBEN)
    bot.tick(FIRST - timedelta(hours=72) - MINUTE)
    assert prompts(bot, RUBEN) == []
    bot.tick(FIRST - timedelta(hours=72))
    assert len(prompts(bot, RUBEN)) == 1
    bot.tick(FIRST - timedelta(hours=12) - MINUTE)
    assert manager_nudge(bot, RUBEN) is None
    bot.tick(FIRST - timedelta(hours=12))
    assert manager_nudge(bot, RUBEN) is not None


@pytest.mark.parametrize(
    "env, named",
    [
        ({"ONEONONE_PREP_HOURS": "24"}, "ONEONONE_PREP_HOURS is 24, not more than"),
        (
            {"ONEONONE_PREP_HOURS": "30", "ONEONONE_NUDGE_HOURS": "36"},
            "ONEONONE_PREP_HOURS is 30, not more than ONEONONE_NUDGE_HOURS (36)",
        ),
        ({"ONEONONE_PREP_HOURS": "two days"}, "ONEONONE_PREP_HOURS is 'two days'"),
        ({"ONEONONE_PREP_HOURS": "999"}, "ONEONONE_PREP_HOURS is '999'"),
    ],
)
def test_a_prep_lead_that_does_not_come_first_stops_start_up(fake_slack, sqlite_url, env, named):
    with pytest.raises(ConfigError) as error:
        load_settings({**bot_env(fake_slack, sqlite_url), **env})
    assert named in str(error.value)
    assert "\n" not in str(error.value)


def test_default_leads(fake_slack, sqlite_url):
    settings = load_settings(bot_env(fake_slack, sqlite_url))
    assert (settings.oneonone_prep_hours, settings.oneonone_nudge_hours) == (48, 24)
    # A nudge set at 48 hours or more: the rep is asked a day before it.
    later = load_settings({**bot_env(fake_slack, sqlite_url), "ONEONONE_NUDGE_HOURS": "72"})
    assert (later.oneonone_prep_hours, later.oneonone_nudge_hours) == (96, 72)


def test_start_up_says_it_in_one_line(fake_slack, sqlite_url):
    env = {
        "PATH": "/usr/bin:/bin",
        "SALESBOT_ENV_FILE": "/nonexistent",
        **bot_env(fake_slack, sqlite_url),
        "ONEONONE_PREP_HOURS": "12",
    }
    process = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    [line] = process.stderr.strip().splitlines()
    assert "ONEONONE_PREP_HOURS is 12, not more than ONEONONE_NUDGE_HOURS (24)" in line


# ------------------------------------------------------------------------------ preparation


def test_preparation_written_before_the_nudge_is_in_it(make_bot, database_url, fake_slack):
    bot = make_team(make_bot, database_url, fake_slack)
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    bot.clock.set(FIRST - PREP + timedelta(hours=3))
    told = save_prep(bot, RUBEN, obstacles="Geen leads van marketing", topics="<!channel> beurs")
    assert "<@UMARIA> ziet je obstakels en onderwerpen in de herinnering" in told
    bot.deliver()
    assert added_dms(bot) == []

    bot.tick(FIRST - LEAD)
    nudge = manager_nudge(bot, RUBEN)
    text = all_text(nudge)
    assert "<@URUBEN> heeft dit voorbereid" in text
    assert "Geen leads van marketing" in text
    assert "&lt;!channel&gt; beurs" in text and "<!channel>" not in text
    assert updates_of(bot, nudge) == []
    assert added_dms(bot) == []
    # Only Maria ever sees it.
    for posted in bot.fake.all_messages():
        if "Geen leads" in json.dumps(posted):
            assert posted["channel"] == f"D{MARIA}"


def test_preparation_written_after_the_nudge_updates_it_and_tells_the_manager_once(
    make_bot, database_url, fake_slack
):
    bot = make_team(make_bot, database_url, fake_slack)
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    bot.tick(FIRST - LEAD)
    nudge = manager_nudge(bot, RUBEN)
    assert "voorbereid" not in all_text(nudge)

    bot.clock.set(FIRST - LEAD + timedelta(hours=2))
    told = save_prep(bot, RUBEN, obstacles="Geen leads van marketing")
    assert "<@UMARIA> had de herinnering voor jullie 1-op-1 al" in told
    assert "eraan toegevoegd en een seintje gegeven" in told
    bot.deliver()
    [update] = updates_of(bot, nudge)
    assert "Geen leads van marketing" in json.dumps(update, ensure_ascii=False)
    now_reads = all_text(manager_nudge(bot, RUBEN))
    assert "<@URUBEN> heeft dit voorbereid" in now_reads and "Geen leads" in now_reads
    [added] = added_dms(bot)
    assert all_text(added).startswith(
        "📝 <@URUBEN> heeft obstakels en onderwerpen toegevoegd voor jullie 1-op-1 op "
        "do 10 dec 2026, 10:00"
    )
    assert "Geen leads" not in all_text(added)  # short: the nudge above carries it
    # The manager's Home row says Ruben prepared.
    bot.event({"type": "app_home_opened", "user": "UMARIA", "tab": "home"})
    bot.runtime.background.wait_idle()
    assert "📝 Voorbereid" in all_text(bot.fake.home_view("UMARIA"))

    # A second save updates the nudge again; the manager is not told twice.
    bot.clock.advance(minutes=10)
    save_prep(bot, RUBEN, obstacles="Geen leads van marketing", topics="Prijzen 2027")
    bot.deliver()
    assert len(updates_of(bot, nudge)) == 2
    assert "Prijzen 2027" in all_text(manager_nudge(bot, RUBEN))
    assert len(added_dms(bot)) == 1
    assert len([r for r in outbox(bot, "oneonone_manager:")]) == 1  # no second nudge posted


def test_preparation_while_the_nudge_waits_for_slack_is_in_it_when_it_goes_out(team):
    bot = team
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    bot.fake.fail_next("chat.postMessage", status=500)
    bot.tick(FIRST - LEAD)
    assert manager_nudge(bot, RUBEN) is None
    bot.clock.set(FIRST - LEAD + timedelta(minutes=5))
    told = save_prep(bot, RUBEN, topics="Targets Q1")
    assert "ziet je obstakels en onderwerpen in de herinnering" in told
    bot.clock.advance(minutes=10)
    bot.runtime.deliverer.deliver_due(now=bot.clock())
    bot.deliver()
    assert "Targets Q1" in all_text(manager_nudge(bot, RUBEN))
    assert added_dms(bot) == []


def test_preparation_for_a_skipped_1on1_is_not_promised_to_anyone(team):
    bot = team
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    command_reply(bot, f"skip <@{RUBEN}|ruben> 2026-12-10", command="/oneonone", user=MARIA)
    bot.runtime.background.wait_idle()
    told = save_prep(bot, RUBEN, obstacles="Geen tijd")
    assert "krijgt voor deze 1-op-1 geen herinnering meer" in told
    bot.deliver()
    assert added_dms(bot) == []


def test_preparation_after_not_my_manager_reaches_nobody(team):
    bot = team
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    bot.tick(FIRST - LEAD)
    assert manager_nudge(bot, RUBEN) is not None
    bot.clock.set(FIRST - LEAD + timedelta(hours=1))
    bot.click(oviews.NOT_MY_MANAGER_ACTION, MARIA, user=RUBEN, channel=f"D{RUBEN}")
    bot.runtime.background.wait_idle()
    # An old prompt's button still opens the form; what Ruben writes reaches nobody.
    told = save_prep(bot, RUBEN, obstacles="Geen leads")
    assert "krijgt voor deze 1-op-1 geen herinnering meer" in told
    bot.deliver()
    assert added_dms(bot) == []
    assert updates_of(bot, manager_nudge(bot, RUBEN)) == []


def test_prepared_for_next_tells_the_home_row_whether_the_rep_prepared(team):
    bot = team
    set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)

    def prepared() -> bool:
        with bot.runtime.session_factory() as session:
            [series] = oneonone_store.active_series(session=session, team_id="T123")
            return prepared_for_next(session, series, bot.clock())

    assert prepared() is False
    save_prep(bot, RUBEN, topics="Leads")
    assert prepared() is True
    bot.clock.set(FIRST + timedelta(minutes=1))  # that 1:1 has begun: the next is not prepared
    assert prepared() is False


# ------------------------------------------------------------------------------ time zones


def test_a_new_york_rep_reads_new_york_times_with_the_managers_named(team):
    bot = team
    reply = set_up(bot, JACK)
    # Maria (Amsterdam, Dutch) reads her own time with Jack's.
    assert "De eerste is op do 10 dec 2026, 10:00 jouw tijd (04:00 voor <@UJACK>)" in all_text(
        reply
    )
    [told] = bot.fake.messages(JACK)
    assert all_text(told).startswith(
        "🤝 <@UMARIA> set up regular 1:1s with you: every 2 weeks on Thursday at 10:00 "
        "(30 minutes), Amsterdam time. The first one is on Thu 10 Dec 2026, 04:00 your time "
        "(10:00 for <@UMARIA>)."
    )
    assert "next: Thu 10 Dec 2026, 04:00 your time (10:00 for <@UMARIA>)" in listing(bot, JACK)
    assert "volgende: do 10 dec 2026, 10:00 jouw tijd (04:00 voor <@UJACK>)" in listing(bot, MARIA)
    # And on his Home tab.
    bot.event({"type": "app_home_opened", "user": JACK, "tab": "home"})
    bot.runtime.background.wait_idle()
    assert "Thu 10 Dec 2026, 04:00 your time (10:00 for <@UMARIA>)" in all_text(
        bot.fake.home_view(JACK)
    )

    bot.tick(FIRST - PREP)
    [prompt] = prompts(bot, JACK)
    assert "Thu 10 Dec 2026, 04:00 your time (10:00 for <@UMARIA>)" in prompt["text"]
    bot.tick(FIRST - LEAD)
    nudge = manager_nudge(bot, JACK)
    assert "do 10 dec 2026, 10:00 jouw tijd (04:00 voor <@UJACK>)" in nudge["text"]

    bot.clock.set(FIRST - LEAD + timedelta(hours=1))
    moved = command_reply(
        bot,
        f"move <@{JACK}|jack> 2026-12-24 to 2026-12-23 at 15:00",
        command="/oneonone",
        user=MARIA,
    )
    bot.runtime.background.wait_idle()
    assert "wo 23 dec 2026, 15:00 jouw tijd (09:00 voor <@UJACK>)" in all_text(moved)
    bot.deliver()
    assert "to Wed 23 Dec 2026, 09:00 your time (15:00 for <@UMARIA>)" in all_text(
        bot.fake.messages(JACK)[-1]
    )


def test_a_pair_in_the_same_zone_sees_no_zone_label(team):
    bot = team
    reply = set_up(bot, RUBEN)
    bot.tick(FIRST - PREP)
    bot.tick(FIRST - LEAD)
    seen = [
        all_text(reply),
        listing(bot, MARIA),
        listing(bot, RUBEN),
        *(all_text(m) for m in bot.fake.messages(RUBEN)),
        *(all_text(m) for m in bot.fake.messages(MARIA)),
    ]
    assert any("do 10 dec 2026, 10:00" in text for text in seen[3:])
    for text in seen:
        assert "jouw tijd" not in text and "your time" not in text
        assert "tijd in" not in text and "Amsterdam" not in text


def test_times_follow_the_readers_zone_when_it_changes(team, fake_slack):
    """Jack flies home to Amsterdam: once Slack says so, his times are Amsterdam's."""
    bot = team
    set_up(bot, JACK)
    fake_slack.set_user(JACK, name="jack", locale="en-US", tz="Europe/Amsterdam")
    bot.tick(FIRST - PREP)  # days later: the clock's pass asks Slack again
    [prompt] = prompts(bot, JACK)
    assert "Thu 10 Dec 2026, 10:00" in prompt["text"] and "your time" not in prompt["text"]


# ------------------------------------------------------------------ the plan in the nudge


def give_plan(bot: BotHarness, rep: str, *, year: int, target: int) -> None:
    with bot.runtime.session_factory.write() as session:
        plan_store.save_plan(
            session=session,
            team_id="T123",
            user_id=rep,
            year=year,
            fields={
                "target_clients": target,
                "segment": "Horeca",
                "value_cents": None,
                "currency": None,
                "value_basis": None,
                "approach": "Twee bezoeken per week",
                "q1": None,
                "q2": None,
                "q3": None,
                "q4": None,
            },
            shared=False,
            by=rep,
            now=CREATED,
        )


def test_the_nudge_shows_the_plan_the_rep_works_on_in_the_managers_numbers(team):
    """In December next year's plan (once made), in January this year's pace with a Dutch
    decimal comma; the latest check-in by its days, not an ISO week code."""
    bot = team
    give_plan(bot, RUBEN, year=2026, target=10)
    give_plan(bot, RUBEN, year=2027, target=12)
    set_up(bot, RUBEN)
    set_up(bot, JACK)
    bot.clock.set(CREATED + timedelta(hours=1))
    week = {"week": "2026-11-30", "lang": "nl"}
    answer = bot.submit_view(
        checkin_state(prospects="8", meetings="1", reasons=(), note=""),
        user=RUBEN,
        callback_id=cviews.MODAL_CALLBACK,
        private_metadata=json.dumps(week),
    ).json()
    assert answer["response_action"] == "update"
    bot.tick(FIRST - PREP)
    bot.tick(FIRST - LEAD)
    december = all_text(manager_nudge(bot, RUBEN))
    assert (
        "📘 *Accountplan* 2027 (concept, nog niet akkoord): 12 nieuwe klanten, te tellen vanaf "
        "1 januari" in december
    )
    assert "• _30 nov – 6 dec_: Week 49: 8 prospects, 1 afspraak" in december
    assert "W49" not in december
    # Jack has no plan: the one to agree is next year's.
    jack = [m for m in bot.fake.messages(MARIA) if "<@UJACK>*" in all_text(m)]
    assert jack and "Nog geen accountplan voor 2027" in all_text(jack[-1])

    bot.clock.set(at(2027, 1, 5, 9, 0))
    assert bot.command("Koffiebar Bonen 5.000", user=RUBEN).status == 200
    bot.tick(at(2027, 1, 6, 10, 0))  # the nudge for Thursday 7 January
    january = [
        m
        for m in bot.fake.messages(MARIA)
        if "Je 1-op-1 met <@URUBEN>* · do 7 jan 2027, 10:00" in all_text(m)
    ]
    assert january, [all_text(m) for m in bot.fake.messages(MARIA)]
    assert (
        "📘 *Accountplan* 2027 (concept, nog niet akkoord): 1 van 12 nieuwe klanten, 0,2 "
        "verwacht tot nu toe" in all_text(january[-1])
    )


def test_the_managers_home_table_reads_her_clock_and_her_numbers(team):
    """Maria's row for Jack names his time beside hers; Ruben's (her zone) names none; the
    expected clients carry a Dutch decimal comma."""
    bot = team
    give_plan(bot, RUBEN, year=2026, target=10)
    set_up(bot, RUBEN)
    set_up(bot, JACK)
    bot.event({"type": "app_home_opened", "user": MARIA, "tab": "home"})
    bot.runtime.background.wait_idle()
    table = all_text(bot.fake.home_view(MARIA))
    assert "Volgende 1-op-1: do 10 dec 2026, 10:00 jouw tijd (04:00 voor <@UJACK>)" in table
    assert "Volgende 1-op-1: do 10 dec 2026, 10:00\n" in table
    # 10 clients spread over 2026: 9.3 expected by 4 December.
    assert "concept · 0/10 nieuwe klanten (9,3 verwacht)" in table
