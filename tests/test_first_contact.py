"""First contact: a user's Slack language and number format are learned within the ack, so the
very first command is answered right; a slow Slack costs at most a second and the team's
language; what was learned is cached and asked again once a day."""

from __future__ import annotations

import json
import time

from conftest import TEAM_ID
from sqlmodel import select

from bot.handlers.users import FIRST_CONTACT_TIMEOUT
from bot.i18n import t
from bot.views import wins as v
from storage import users as user_store
from storage.models import Win

# Slack's own deadline for an ack.
ACK_BUDGET = 3.0


def stored_wins(bot) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Win).order_by(Win.id)).all())


def stored_user(bot, user_id: str):
    with bot.runtime.session_factory() as session:
        return user_store.get_user(session=session, team_id=TEAM_ID, user_id=user_id)


def lookups(bot, user_id: str) -> int:
    return sum(call["user"] == user_id for call in bot.fake.calls_to("users.info"))


def answer_text(response) -> str:
    body = response.json()
    sections = [b["text"]["text"] for b in body.get("blocks", []) if b.get("type") == "section"]
    return " ".join([body.get("text", ""), *sections])


def test_a_dutch_users_first_command_is_answered_in_dutch_and_reads_dutch_numbers(bot):
    assert stored_user(bot, "UBRAM") is None  # never seen before
    response = bot.command("Bakkerij Jansen 25.000", user="UBRAM")

    assert response.status == 200
    assert "*Bakkerij Jansen* is gelogd met een dealwaarde van €\u00a025.000." in answer_text(
        response
    )
    [win] = stored_wins(bot)
    assert (win.client_name, win.amount_cents) == ("Bakkerij Jansen", 2_500_000)
    # Learned before answering, once, and kept (with the time zone) for the next time.
    assert lookups(bot, "UBRAM") == 1
    bot.runtime.background.wait_idle()
    assert lookups(bot, "UBRAM") == 1
    user = stored_user(bot, "UBRAM")
    assert (user.locale, user.tz) == ("nl-NL", "Europe/Amsterdam")


def test_first_contact_is_right_for_other_answers_in_the_ack_too(bot):
    # A Flemish user's first /agenda help, and a first modal with a Dutch amount error.
    response = bot.command("help", command="/agenda", user="UDIRK")
    assert response.json()["text"] == t("agenda.help", "nl")

    form = {
        v.BLOCK_CLIENT: {v.ACTION_CLIENT: {"value": "Bakkerij Jansen"}},
        v.BLOCK_VALUE: {v.ACTION_VALUE: {"value": "-5"}},
    }
    fake = bot.fake
    fake.set_user("UEVA", locale="nl-NL")
    body = bot.submit_view(form, user="UEVA").json()
    assert body["response_action"] == "errors"
    said = t("error.negative_amount", "nl")  # continues "Er is niets gelogd: …"
    assert body["errors"][v.BLOCK_VALUE] == said[:1].upper() + said[1:]  # a sentence of its own
    assert lookups(bot, "UEVA") == 1


def test_a_slow_slack_still_acks_in_time_in_the_team_language(bot):
    bot.fake.slow_next("users.info", delay=2.5)
    started = time.monotonic()
    response = bot.command("Bakkerij Jansen 25k", user="UBRAM")
    elapsed = time.monotonic() - started

    assert response.status == 200
    assert FIRST_CONTACT_TIMEOUT <= elapsed < FIRST_CONTACT_TIMEOUT + 1.0 < ACK_BUDGET
    assert "*Bakkerij Jansen* is logged" in answer_text(response)  # BOT_LOCALE=en
    assert stored_wins(bot)[0].amount_cents == 2_500_000

    # Learned after the ack instead, as before; the next command is Dutch.
    bot.wait_until(lambda: stored_user(bot, "UBRAM") is not None, what="the profile")
    bot.runtime.background.wait_idle()
    assert "is gelogd" in answer_text(bot.command("Slagerij de Vries 1.500", user="UBRAM"))
    assert stored_wins(bot)[-1].amount_cents == 150_000


def test_after_slack_failed_first_contacts_do_not_wait_for_it_for_a_while(bot):
    bot.fake.fail_next("users.info", status=500)
    assert "is logged" in answer_text(bot.command("Acme 10k", user="UBRAM"))
    assert lookups(bot, "UBRAM") >= 1
    bot.runtime.background.wait_idle()
    assert stored_user(bot, "UBRAM").locale == "nl-NL"  # learned after the ack

    # Dirk is new; Slack is not asked within his ack (or it would be Dutch): the team's
    # language now, learned after the ack.
    response = bot.command("help", command="/agenda", user="UDIRK")
    assert response.json()["text"] == t("agenda.help", "en")
    bot.runtime.background.wait_idle()
    assert stored_user(bot, "UDIRK").locale == "nl-BE"
    assert bot.command("help", command="/agenda", user="UDIRK").json()["text"] == t(
        "agenda.help", "nl"
    )


def test_the_profile_is_cached_for_a_day_and_refreshed_after(bot):
    bot.command("Acme 10k", user="UBRAM")
    bot.command("Globex 5k", user="UBRAM")
    bot.command("help", user="UBRAM")
    bot.runtime.background.wait_idle()
    assert lookups(bot, "UBRAM") == 1  # within a day: no users.info

    bot.clock.advance(hours=23)
    assert "gelogd" in answer_text(bot.command("Initech 5k", user="UBRAM"))
    assert lookups(bot, "UBRAM") == 1

    # A day later Slack is asked again, once, and a changed language shows at once.
    bot.fake.set_user("UBRAM", locale="en-GB", tz="Europe/London")
    bot.clock.advance(hours=2)
    assert "is logged" in answer_text(bot.command("Umbrella 5k", user="UBRAM"))
    assert "is logged" in answer_text(bot.command("Hooli 5k", user="UBRAM"))
    bot.runtime.background.wait_idle()
    assert lookups(bot, "UBRAM") == 2
    assert stored_user(bot, "UBRAM").tz == "Europe/London"


def test_the_modal_opened_after_first_contact_is_in_dutch(bot):
    bot.command("", user="UBRAM", trigger_id="trig.first")
    [call] = bot.fake.wait_for("views.open")
    assert call["view"]["title"]["text"] == "Nieuwe klant 🎉"
    assert json.loads(call["view"]["private_metadata"])["lang"] == "nl"
    assert lookups(bot, "UBRAM") == 1
