"""A Dutch team's month, end to end: every loop closes in each person's language, zone and calendar.

Maria (manager, nl-NL, Amsterdam) leads Ruben (nl-NL, Amsterdam), Sophie (en-GB, London) and
Jack (en-US, New York); an admin (en-GB) plans the 2027 sales meetings and says who manages
whom. From Monday 30 November 2026 to Friday 8 January 2027 the bot is driven as
`python -m bot tick --at` would drive it: a tick on every whole hour, day and night, weekends
and holidays included (every zone involved is a whole number of hours from UTC, so each timed
message falls due exactly on a tick), and the people act between the ticks, on working days
only, through the bot's real HTTP endpoint with the fake Slack.

Every message Slack receives is journaled with the moment of the tick or action that sent it;
`assert_nothing_on_a_day_off` and `assert_each_dm_in_the_readers_language` say what is checked
over all of them at the end.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.domain.workdays import is_working_day
from bot.views import checkins as cviews
from bot.views import managers as mgr_views
from bot.views import oneonones as oviews
from bot.views import plans as pviews
from bot.views import wins as nv
from storage import users as user_store
from storage.models import Meeting, OutboxMessage, Win
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness
from tests.support.commands import command_reply
from tests.support.slack import all_text, buttons
from tests.test_checkins_flow import state as checkin_state
from tests.test_meetings_flow import ADMIN, SALES, confirm, plan
from tests.test_oneonones_flow import open_modal
from tests.test_plans_flow import plan_state
from tests.test_win_corrections import choose, current, opened, submit

AMS = ZoneInfo("Europe/Amsterdam")
LON = ZoneInfo("Europe/London")
NYC = ZoneInfo("America/New_York")

MARIA, RUBEN, SOPHIE, JACK = "UMARIA", "URUBEN", "USOPHIE", "UJACK"
REPS = (RUBEN, SOPHIE, JACK)
PEOPLE = {
    MARIA: ("nl-NL", AMS),
    RUBEN: ("nl-NL", AMS),
    SOPHIE: ("en-GB", LON),
    JACK: ("en-US", NYC),
    ADMIN: ("en-GB", AMS),
}
LANG = {user: locale[:2] for user, (locale, _) in PEOPLE.items()}
ZONE = {user: tz for user, (_, tz) in PEOPLE.items()}

START = datetime(2026, 11, 30, 0, 0, tzinfo=AMS)
END = datetime(2027, 1, 8, 23, 0, tzinfo=AMS)

# Words only one of the two languages uses, as whole words ("week" and "is" are both).
ENGLISH_WORDS = {"the", "your", "you", "with", "and", "for", "has", "have", "are", "what", "to"}
DUTCH_WORDS = {"je", "jouw", "het", "een", "voor", "met", "van", "niet", "nog", "heeft", "jullie"}
# What puts a message in front of someone.
POSTING = ("chat.postMessage", "chat.update", "chat.postEphemeral", "files.completeUploadExternal")


def at(*args: int, tz: ZoneInfo = AMS) -> datetime:
    return datetime(*args, tzinfo=tz)


def on_day(day: date, hour: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tz)


def mention(user: str) -> str:
    return f"<@{user}|{user[1:].lower()}>"


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def outbox_key(message: dict) -> str:
    return (((message.get("metadata") or {}).get("event_payload")) or {}).get("outbox_key") or ""


@dataclass
class Sent:
    """One message Slack received, and when: the tick's moment, or the user's action's."""

    moment: datetime
    method: str
    channel: str
    text: str
    by_tick: bool
    key: str  # the outbox key the message carries, if any


@dataclass
class Month:
    """The bot, driven hour by hour; every message Slack receives is journaled with its moment."""

    bot: BotHarness
    now: datetime = START - timedelta(hours=1)
    journal: list[Sent] = field(default_factory=list)
    seen_calls: int = 0
    ticks: int = 0

    @property
    def fake(self):
        return self.bot.fake

    def _record(self, moment: datetime, *, by_tick: bool) -> None:
        calls = self.fake.calls[self.seen_calls :]
        self.seen_calls += len(calls)
        for call in calls:
            if call.method in POSTING and call.ok:
                channel = str(call.args.get("channel") or call.args.get("channel_id") or "")
                text = call.args.get("text") or call.args.get("initial_comment") or ""
                key = outbox_key(call.args)
                self.journal.append(Sent(moment, call.method, channel, text, by_tick, key))

    def until(self, moment: datetime) -> None:
        """Tick every whole hour after the last one up to `moment`; the clock then reads it."""
        assert moment >= self.now, f"{moment} is before {self.now}"
        hour = self.now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        while hour <= moment:
            self.bot.tick(hour)
            self.ticks += 1
            self._record(hour, by_tick=True)
            self.now = hour
            hour += timedelta(hours=1)
        self.now = moment
        self.bot.clock.set(moment)

    def settle(self) -> None:
        """After a user's action: background work done, what it queued delivered, journaled."""
        self.bot.runtime.background.wait_idle()
        self.bot.deliver()
        self.bot.runtime.background.wait_idle()
        self._record(self.now, by_tick=False)

    def sent_at(self, key_prefix: str) -> list[datetime]:
        """When the messages whose outbox key starts with `key_prefix` were posted."""
        return [
            s.moment
            for s in self.journal
            if s.key.startswith(key_prefix) and s.method == "chat.postMessage"
        ]

    # -- what people do --------------------------------------------------------------
    def command(self, user: str, command: str, text: str) -> dict:
        reply = command_reply(self.bot, text, command=command, user=user)
        self.settle()
        return reply

    def quick_log(self, user: str, text: str) -> dict:
        """`/newclient <text>`: the ack's answer (a quick log answers within the ack)."""
        response = self.bot.command(text, user=user)
        assert response.status == 200
        self.settle()
        return response.json()

    def click(self, user: str, action: str, value: str) -> dict:
        """A button in the user's DM; what replaced the message (or the ephemeral answer)."""
        before = len(self.fake.responses("click"))
        assert self.bot.click(action, value, user=user, channel=f"D{user}").status == 200
        self.settle()
        return self.fake.wait_for_response("click", count=before + 1)[-1]

    def open_home(self, user: str) -> dict:
        before = len(self.fake.calls_to("views.publish", ok_only=True))
        assert (
            self.bot.event({"type": "app_home_opened", "user": user, "tab": "home"}).status == 200
        )
        self.fake.wait_for("views.publish", before + 1)
        self.settle()
        home = self.fake.home_view(user)
        assert home is not None
        return home

    def dms(self, user: str) -> list[dict]:
        return self.fake.messages(user)


def wins(bot: BotHarness) -> list[Win]:
    with bot.runtime.session_factory() as session:
        return list(session.exec(select(Win).order_by(Win.id)).all())


def outbox_rows(bot: BotHarness, prefix: str) -> list[OutboxMessage]:
    with bot.runtime.session_factory() as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [r for r in rows if r.key.startswith(prefix)]


def of_kind(messages: list[dict], kind: str) -> list[dict]:
    return [m for m in messages if outbox_key(m).startswith(f"{kind}:")]


def celebration_of(bot: BotHarness, client: str) -> dict:
    [post] = [m for m in bot.fake.messages(WINS_CHANNEL) if f": {client}," in (m["text"] or "")]
    return post


def home_counts(home: dict) -> str:
    """The Home tab's line with the viewer's and the team's new clients this year."""
    [line] = [
        block["text"]["text"]
        for block in home["blocks"]
        if block.get("type") == "section" and re.match(r"\*20\d\d:\*", block["text"]["text"])
    ]
    return line


def checkin_prompts(month: Month, user: str) -> list[dict]:
    return of_kind(month.dms(user), "checkin_prompt")


def prep_prompts(month: Month, rep: str) -> list[dict]:
    return [m for m in month.dms(rep) if oviews.PREP_ACTION in buttons(m)]


def nudge(month: Month, rep: str, day: str) -> dict:
    """Maria's nudge before her 1:1 with `rep` on `day`, as her DM reads now."""
    [row] = outbox_rows(month.bot, f"oneonone_manager:{MARIA}:{rep}:{day}:")
    [found] = [m for m in month.dms(MARIA) if m["ts"] == row.message_ts]
    return found


def prep_added_dms(month: Month) -> list[dict]:
    return [m for m in month.dms(MARIA) if "heeft obstakels en onderwerpen toegevoegd" in m["text"]]


def check_in(month: Month, user: str, week: str, **fields) -> str:
    """The rep opens the check-in from the prompt's button and saves it; the thanks."""
    bot, fake = month.bot, month.fake
    before = len(fake.opened_views())
    assert bot.click(cviews.OPEN_ACTION, week, user=user, channel=f"D{user}").status == 200
    month.settle()
    [modal] = fake.opened_views()[before:]
    answer = bot.submit_view(
        checkin_state(**fields),
        user=user,
        callback_id=cviews.MODAL_CALLBACK,
        private_metadata=modal["private_metadata"],
    ).json()
    month.settle()
    assert answer["response_action"] == "update", answer
    return all_text(answer["view"])


def prepare(month: Month, rep: str, **notes: str) -> str:
    """The rep notes obstacles and topics from their latest prompt; what they are told."""
    bot = month.bot
    value = buttons(prep_prompts(month, rep)[-1])[oviews.PREP_ACTION]
    modal = open_modal(bot, oviews.PREP_ACTION, value, rep)
    values = {
        block: {action: {"type": "plain_text_input", "value": notes.get(name) or None}}
        for name, block, action in (
            ("obstacles", oviews.BLOCK_OBSTACLES, oviews.ACTION_OBSTACLES),
            ("topics", oviews.BLOCK_TOPICS, oviews.ACTION_TOPICS),
        )
    }
    answer = bot.submit_view(
        values,
        user=rep,
        callback_id=oviews.PREP_MODAL_CALLBACK,
        private_metadata=modal["private_metadata"],
    ).json()
    month.settle()
    assert answer["response_action"] == "update", answer
    return all_text(answer["view"])


# ------------------------------------------------------------------------------ the steps


def first_contact(month: Month) -> None:
    """Monday 30 November: nobody has used the bot yet. Each first command is answered in the
    user's own language and read in their own number format; Home tab counts for 0 and 1."""
    bot, fake = month.bot, month.fake
    with bot.runtime.session_factory() as session:
        assert all(
            user_store.get_user(session=session, team_id=TEAM_ID, user_id=user) is None
            for user in PEOPLE
        )
    month.until(at(2026, 11, 30, 10, 0))
    answer = month.quick_log(RUBEN, "Bakkerij Jansen 25.000 euro")
    assert "*Bakkerij Jansen* is gelogd met een dealwaarde van €\u00a025.000." in all_text(answer)
    month.until(at(2026, 11, 30, 10, 5))
    answer = month.quick_log(SOPHIE, "Harrods 25 k")
    assert "*Harrods* is logged with a deal value of €25,000." in all_text(answer)
    month.until(at(2026, 11, 30, 16, 0))  # 10:00 in New York
    answer = month.quick_log(JACK, "Acme 1.5m")
    assert "*Acme* is logged with a deal value of €1,500,000." in all_text(answer)
    assert [(w.user_id, w.client_name, w.amount_cents) for w in wins(bot)] == [
        (RUBEN, "Bakkerij Jansen", 2_500_000),
        (SOPHIE, "Harrods", 2_500_000),
        (JACK, "Acme", 150_000_000),
    ]
    # Celebrated at once in the wins channel, in the team's language (BOT_LOCALE=nl).
    assert [m["text"] for m in fake.messages(WINS_CHANNEL)] == [
        "🎉 Nieuwe klant: Bakkerij Jansen, binnengehaald door <@URUBEN>!",
        "🎉 Nieuwe klant: Harrods, binnengehaald door <@USOPHIE>!",
        "🎉 Nieuwe klant: Acme, binnengehaald door <@UJACK>!",
    ]
    assert "*2026:* 0 nieuwe klanten voor jou · 3 voor het team" in home_counts(
        month.open_home(MARIA)
    )
    assert "*2026:* 1 nieuwe klant voor jou · 3 voor het team" in home_counts(
        month.open_home(RUBEN)
    )
    assert "*2026:* 1 new client for you · 3 for the team" in home_counts(month.open_home(SOPHIE))


def who_manages_whom(month: Month) -> None:
    """Tuesday 1 December: the admin makes Maria Sophie's and Jack's manager; Ruben accepts
    Maria's own request; Maria sets up weekly 1:1s, each read on the reader's clock."""
    month.until(at(2026, 12, 1, 10, 0))
    for rep in (SOPHIE, JACK):
        reply = all_text(
            month.command(ADMIN, "/oneonone", f"manager {mention(rep)} {mention(MARIA)}")
        )
        assert "<@UMARIA>" in reply and f"<@{rep}>" in reply
        assert words(reply) & ENGLISH_WORDS and not words(reply) & DUTCH_WORDS, reply
    month.until(at(2026, 12, 1, 11, 0))
    reply = all_text(
        month.command(MARIA, "/oneonone", f"{mention(RUBEN)} elke week op donderdag om 10:00")
    )
    assert "<@URUBEN>" in reply and words(reply) & DUTCH_WORDS, reply
    [request] = [m for m in month.dms(RUBEN) if mgr_views.ACCEPT_ACTION in buttons(m)]
    assert "<@UMARIA> wil graag je manager zijn" in all_text(request)
    assert "elke week op donderdag om 10:00" in all_text(request)
    month.until(at(2026, 12, 1, 11, 30))
    month.click(RUBEN, mgr_views.ACCEPT_ACTION, buttons(request)[mgr_views.ACCEPT_ACTION])
    assert "<@URUBEN> heeft geaccepteerd" in month.dms(MARIA)[-1]["text"]

    # Sophie on Tuesdays at 11:00 (10:00 in London), Jack on Mondays at 16:00 (10:00 in New
    # York): each reads their own time with Maria's named; Maria reads hers with theirs.
    month.until(at(2026, 12, 1, 11, 45))
    reply = month.command(MARIA, "/oneonone", f"{mention(SOPHIE)} elke week op dinsdag om 11:00")
    assert "di 8 dec 2026, 11:00 jouw tijd (10:00 voor <@USOPHIE>)" in all_text(reply)
    [told] = of_kind(month.dms(SOPHIE), "oneonone_created")
    assert (
        "The first one is on Tue 8 Dec 2026, 10:00 your time (11:00 for <@UMARIA>)."
        in (told["text"])
    )
    reply = month.command(MARIA, "/oneonone", f"{mention(JACK)} elke week op maandag om 16:00")
    assert "ma 7 dec 2026, 16:00 jouw tijd (10:00 voor <@UJACK>)" in all_text(reply)
    [told] = of_kind(month.dms(JACK), "oneonone_created")
    assert told["text"].startswith(
        "🤝 <@UMARIA> set up regular 1:1s with you: every week on Monday at 16:00 "
        "(30 minutes), Amsterdam time. The first one is on Mon 7 Dec 2026, 10:00 your time "
        "(16:00 for <@UMARIA>)."
    ), told["text"]
    assert "Mon 7 Dec 2026, 10:00 your time (16:00 for <@UMARIA>)" in all_text(
        month.open_home(JACK)
    )
    assert "Volgende 1-op-1* met <@UMARIA>: do 3 dec 2026, 10:00\n" in all_text(
        month.open_home(RUBEN)
    )
    listing = all_text(month.command(MARIA, "/oneonone", ""))
    assert "do 3 dec 2026, 10:00" in listing
    assert "ma 7 dec 2026, 16:00 jouw tijd (10:00 voor <@UJACK>)" in listing


def the_2027_calendar(month: Month) -> None:
    """Wednesday 2 December: the admin plans next year's sales meetings."""
    bot, fake = month.bot, month.fake
    month.until(at(2026, 12, 2, 10, 0))
    confirm(bot, plan(bot, "plan 2027 every week on monday at 09:00"))
    month.settle()
    month.settle()  # the .ics follows its calendar post
    with bot.runtime.session_factory() as session:
        meetings = list(session.exec(select(Meeting).order_by(Meeting.starts_at)).all())
    assert meetings[0].starts_at.astimezone(AMS) == at(2027, 1, 4, 9, 0)
    [posted] = of_kind(fake.messages(SALES), "calendar_confirmed")
    assert "De salesmeetings van 2027 liggen vast" in posted["text"]


def wins_as_typed(month: Month) -> None:
    """Wins in every form people type amounts in (each once), and one amount the bot cannot
    read: it asks instead of guessing, and Ruben fixes it in the form."""
    bot, fake = month.bot, month.fake
    month.until(at(2026, 12, 2, 14, 0))
    answer = month.quick_log(RUBEN, "Slagerij de Vries € 25.000,-")
    assert "*Slagerij de Vries* is gelogd met een dealwaarde van €\u00a025.000." in all_text(answer)
    assert "*2026:* 2 nieuwe klanten voor jou" in home_counts(month.open_home(RUBEN))
    month.until(at(2026, 12, 3, 10, 0))
    assert "*Fortnum* is logged" in all_text(month.quick_log(SOPHIE, "Fortnum 25k"))
    assert "*2026:* 2 new clients for you" in home_counts(month.open_home(SOPHIE))
    month.until(at(2026, 12, 3, 16, 0))
    assert "*Globx* is logged" in all_text(month.quick_log(JACK, "Globx 1.5 million"))
    for hour, minute, typed in (
        (10, 0, "Kaasboer Henk 2 ton"),
        (11, 0, "Bloemist Roos 25 duizend"),
        (11, 30, "Hotel De Zon 1,5 mln"),
    ):
        month.until(at(2026, 12, 4, hour, minute))
        assert "is gelogd met een dealwaarde van" in all_text(month.quick_log(RUBEN, typed))
    month.until(at(2026, 12, 4, 12, 0))
    assert "*Selfridges* is logged" in all_text(month.quick_log(SOPHIE, "Selfridges 25 thousand"))

    # "12,500 euro" from a Dutch user is 12.5 or 12,500: asked, not guessed.
    month.until(at(2026, 12, 4, 12, 30))
    asked = month.quick_log(RUBEN, "Drukkerij Smit 12,500 euro")
    assert "Ik kon `12,500 euro` niet als bedrag lezen" in all_text(asked)
    [actions] = [b for b in asked["blocks"] if b["type"] == "actions"]
    ask = {e["action_id"]: e for e in actions["elements"]}
    assert [e["text"]["text"] for e in ask.values()] == ["Loggen zonder waarde", "Aanpassen"]
    assert len(wins(bot)) == 10  # nothing stored before he answers
    before = len(fake.opened_views())
    fix = ask[nv.ASK_FIX_ACTION_ID]["value"]
    assert bot.click(nv.ASK_FIX_ACTION_ID, fix, user=RUBEN).status == 200
    month.settle()
    [form] = fake.opened_views()[before:]
    assert form["title"]["text"] == "Nieuwe klant 🎉"
    done = submit(bot, form, user=RUBEN, **{nv.BLOCK_VALUE: "12.500 euro"}).json()
    assert done["response_action"] == "update"
    month.settle()

    # Every amount as typed was read, none became part of a client's name.
    assert [(w.client_name, w.amount_cents, w.currency) for w in wins(bot)] == [
        ("Bakkerij Jansen", 2_500_000, "EUR"),
        ("Harrods", 2_500_000, "EUR"),
        ("Acme", 150_000_000, "EUR"),
        ("Slagerij de Vries", 2_500_000, "EUR"),
        ("Fortnum", 2_500_000, "EUR"),
        ("Globx", 150_000_000, "EUR"),
        ("Kaasboer Henk", 20_000_000, "EUR"),
        ("Bloemist Roos", 2_500_000, "EUR"),
        ("Hotel De Zon", 150_000_000, "EUR"),
        ("Selfridges", 2_500_000, "EUR"),
        ("Drukkerij Smit", 1_250_000, "EUR"),
    ]


def edit_and_remove(month: Month) -> None:
    """Jack corrects his mistyped "Globx" from the celebration's menu; Sophie removes
    Selfridges (a renewal, not a new client): the public posts are updated in place and every
    count leaves the removed win out."""
    bot, fake = month.bot, month.fake
    month.until(at(2026, 12, 4, 13, 0))
    globx = celebration_of(bot, "Globx")
    choose(bot, globx, "edit", user=JACK)
    edit_form = opened(bot)
    assert edit_form["title"]["text"] == "Edit the win"  # in Jack's language
    answer = submit(bot, edit_form, user=JACK, **{nv.BLOCK_CLIENT: "Globex"}).json()
    assert answer["response_action"] == "update"
    month.settle()
    corrected = current(bot, globx)
    assert corrected["text"] == "🎉 Nieuwe klant: Globex, binnengehaald door <@UJACK>!"
    assert "Globx" not in all_text(corrected)
    assert [c["ts"] for c in fake.calls_to("chat.update", ok_only=True)] == [globx["ts"]]

    assert "*2026:* 3 new clients for you · 11 for the team" in home_counts(month.open_home(SOPHIE))
    selfridges = celebration_of(bot, "Selfridges")
    choose(bot, selfridges, "remove", user=SOPHIE)
    submit(bot, opened(bot), user=SOPHIE)
    month.settle()
    removed = current(bot, selfridges)
    assert removed["text"] == "🗑️ Deze nieuwe klant is verwijderd door <@USOPHIE>."
    assert "Selfridges" not in all_text(removed)
    assert "*2026:* 2 new clients for you · 10 for the team" in home_counts(month.open_home(SOPHIE))
    month.until(at(2026, 12, 4, 13, 30))
    month.quick_log(SOPHIE, "Liberty 40k")
    assert "Nieuwe klanten in 2026: 3 voor <@USOPHIE> · 11 voor het team" in all_text(
        celebration_of(bot, "Liberty")
    )


def the_first_checkins(month: Month) -> None:
    """Friday 4 December: each rep is asked at 15:00 on their own clock, in their language;
    Ruben and Jack answer. Monday 7 December: Maria's digest at 09:00 in Dutch, Sophie's one
    reminder at 09:00 London time, none for the others."""
    fake = month.fake

    def prompted_at_15(rep: str, local: ZoneInfo) -> None:
        month.until(at(2026, 12, 4, 14, 0, tz=local))
        assert checkin_prompts(month, rep) == [], rep
        month.until(at(2026, 12, 4, 15, 0, tz=local))
        assert len(checkin_prompts(month, rep)) == 1, rep

    prompted_at_15(RUBEN, AMS)
    [prompt] = checkin_prompts(month, RUBEN)
    assert prompt["text"].startswith("📝 Tijd voor je wekelijkse check-in over week 49 (30 nov")
    assert buttons(prompt) == {cviews.OPEN_ACTION: "2026-11-30"}
    prompted_at_15(SOPHIE, LON)
    month.until(at(2026, 12, 4, 16, 30))
    thanks = check_in(
        month, RUBEN, "2026-11-30", prospects="8", meetings="1", note="Te veel leveringen"
    )
    assert "8 prospects en 1 afspraak" in thanks, thanks
    prompted_at_15(JACK, NYC)
    month.until(at(2026, 12, 4, 15, 30, tz=NYC))
    thanks = check_in(month, JACK, "2026-11-30", prospects="1", meetings="2", reasons=(), note="")
    assert "1 prospect and 2 meetings" in thanks, thanks

    month.until(at(2026, 12, 7, 8, 0))
    assert of_kind(month.dms(MARIA), "checkin_digest") == []
    month.until(at(2026, 12, 7, 9, 0))
    [digest] = of_kind(month.dms(MARIA), "checkin_digest")
    text = all_text(digest)
    assert "2 van 3 verkopers ingecheckt · 9 prospects · 3 afspraken" in text, text
    assert "✅ <@UJACK> · 1 prospect · 2 afspraken" in text
    assert "✅ <@URUBEN> · 8 prospects · 1 afspraak" in text
    assert "❌ <@USOPHIE> heeft niet ingecheckt" in text
    assert "“Te veel leveringen”" in text
    [chart] = [
        f
        for f in fake.uploaded_files()
        if f["channel_id"] == f"D{MARIA}" and f["filename"].startswith("outreach-")
    ]
    assert chart["thread_ts"] == digest["ts"]
    assert chart["title"].startswith("Nieuwe prospects benaderd per week"), chart["title"]
    month.until(at(2026, 12, 7, 8, 0, tz=LON))
    assert of_kind(month.dms(SOPHIE), "checkin_reminder") == []
    month.until(at(2026, 12, 7, 9, 0, tz=LON))
    [reminder] = of_kind(month.dms(SOPHIE), "checkin_reminder")
    assert "you haven't checked in for week 49 (30 Nov – 6 Dec)" in reminder["text"]
    month.until(at(2026, 12, 7, 12, 0))
    assert of_kind(month.dms(RUBEN), "checkin_reminder") == []
    assert of_kind(month.dms(JACK), "checkin_reminder") == []


def preparation(month: Month) -> None:
    """1:1 preparation written before the manager's nudge is in it; written after it, the
    nudge is updated in place (chat.update) and Maria is told once."""
    fake = month.fake
    # Ruben's 1:1 on Thursday 10 December at 10:00: asked on Tuesday at 10:00, no zone named.
    month.until(at(2026, 12, 8, 9, 0))
    asked = len(prep_prompts(month, RUBEN))
    month.until(at(2026, 12, 8, 10, 0))
    assert len(prep_prompts(month, RUBEN)) == asked + 1
    assert prep_prompts(month, RUBEN)[-1]["text"] == (
        "Je 1-op-1 met <@UMARIA> is op do 10 dec 2026, 10:00"
    )
    month.until(at(2026, 12, 8, 14, 0))
    told = prepare(month, RUBEN, obstacles="Geen leads van marketing", topics="Beurs in maart")
    assert "<@UMARIA> ziet je obstakels en onderwerpen in de herinnering" in told
    month.until(at(2026, 12, 9, 9, 0))
    assert outbox_rows(month.bot, f"oneonone_manager:{MARIA}:{RUBEN}:2026-12-10:") == []
    month.until(at(2026, 12, 9, 10, 0))
    ruben_nudge = nudge(month, RUBEN, "2026-12-10")
    assert "📝 *<@URUBEN> heeft dit voorbereid:*" in all_text(ruben_nudge)
    assert "_Obstakels:_ Geen leads van marketing" in all_text(ruben_nudge)
    assert [c for c in fake.calls_to("chat.update") if c["ts"] == ruben_nudge["ts"]] == []
    assert prep_added_dms(month) == []

    # Jack's 1:1 on Monday 14 December at 16:00 (10:00 in New York): asked on Thursday, Maria
    # nudged on Friday (not on the weekend before); Jack prepares after the nudge went out.
    month.until(at(2026, 12, 10, 16, 0))
    assert prep_prompts(month, JACK)[-1]["text"] == (
        "Your 1:1 with <@UMARIA> is on Mon 14 Dec 2026, 10:00 your time (16:00 for <@UMARIA>)"
    )
    month.until(at(2026, 12, 11, 16, 0))
    jack_nudge = nudge(month, JACK, "2026-12-14")
    assert jack_nudge["text"] == (
        "Je 1-op-1 met <@UJACK> is op ma 14 dec 2026, 16:00 jouw tijd (10:00 voor <@UJACK>)"
    )
    assert "voorbereid" not in all_text(jack_nudge)
    month.until(at(2026, 12, 11, 11, 0, tz=NYC))
    told = prepare(month, JACK, obstacles="Onboarding <Initech> eats my week")
    assert "<@UMARIA> already had their reminder for your 1:1: I've added your" in told, told
    assert "_Obstakels:_ Onboarding &lt;Initech&gt; eats my week" in all_text(
        nudge(month, JACK, "2026-12-14")
    )
    assert len([c for c in fake.calls_to("chat.update") if c["ts"] == jack_nudge["ts"]]) == 1
    [added] = prep_added_dms(month)
    assert added["text"].startswith(
        "📝 <@UJACK> heeft obstakels en onderwerpen toegevoegd voor jullie 1-op-1 op "
        "ma 14 dec 2026, 16:00 jouw tijd (10:00 voor <@UJACK>)"
    )
    assert "Initech" not in all_text(added)  # short: the nudge above carries it
    assert "📝 Voorbereid" in all_text(month.open_home(MARIA))
    # A second save updates the nudge again; Maria is not told twice.
    month.until(at(2026, 12, 11, 11, 30, tz=NYC))
    prepare(month, JACK, obstacles="Onboarding <Initech> eats my week", topics="Pricing 2027")
    assert "_Onderwerpen:_ Pricing 2027" in all_text(nudge(month, JACK, "2026-12-14"))
    assert len([c for c in fake.calls_to("chat.update") if c["ts"] == jack_nudge["ts"]]) == 2
    assert len(prep_added_dms(month)) == 1


def the_same_client_twice(month: Month) -> None:
    """Monday 14 December: Ruben types Bakkerij Jansen again; he is asked first, in Dutch."""
    bot = month.bot
    month.until(at(2026, 12, 14, 10, 0))
    before = len(wins(bot))
    again = month.quick_log(RUBEN, "bakkerij jansen 5.000")
    assert "🤔 *Bakkerij Jansen* heb je op 30 nov al gelogd. Nog een keer loggen?" in all_text(
        again
    )
    [actions] = [b for b in again["blocks"] if b["type"] == "actions"]
    [cancel] = [e for e in actions["elements"] if e["action_id"] == nv.AGAIN_CANCEL_ACTION_ID]
    answer = month.click(RUBEN, nv.AGAIN_CANCEL_ACTION_ID, cancel["value"])
    assert answer["text"] == "Oké, *bakkerij jansen* is niet opnieuw gelogd."
    assert len(wins(bot)) == before


def next_years_plan(month: Month) -> None:
    """Tuesday 15 December: Ruben writes his 2027 plan; `/accountplan`, the Home tab and
    Maria's next nudge show it."""
    bot, fake = month.bot, month.fake
    month.until(at(2026, 12, 15, 10, 0))
    offered = all_text(month.open_home(RUBEN))
    assert "Jouw accountplan 2027*\nNog geen plan" in offered, offered
    before = len(fake.opened_views())
    assert bot.command("", command="/accountplan", user=RUBEN).status == 200
    month.settle()
    [form] = fake.opened_views()[before:]
    assert json.loads(form["private_metadata"])["year"] == 2027
    assert form["title"]["text"] == "Accountplan 2027"
    saved = bot.submit_view(
        plan_state(target="12", segment="Horeca in Utrecht", value="300k"),
        user=RUBEN,
        callback_id=pviews.PLAN_MODAL_CALLBACK,
        private_metadata=form["private_metadata"],
    ).json()
    month.settle()
    assert saved["response_action"] == "update"
    shown = all_text(month.command(RUBEN, "/accountplan", ""))
    assert "Jouw accountplan voor 2027" in shown and "Horeca in Utrecht" in shown
    home = all_text(month.open_home(RUBEN))
    assert "Jouw accountplan 2027* · _concept, wacht op je manager_" in home
    assert "Nog geen plan" not in home
    [review] = [m for m in month.dms(MARIA) if pviews.AGREE_ACTION in buttons(m)]
    assert "<@URUBEN> heeft een accountplan voor 2027 opgesteld" in all_text(review)
    month.until(at(2026, 12, 16, 10, 0))
    december = all_text(nudge(month, RUBEN, "2026-12-17"))
    assert "Nog geen accountplan" not in december, december
    assert (
        "📘 *Accountplan* 2027 (concept, nog niet akkoord): 12 nieuwe klanten, te tellen vanaf "
        "1 januari" in december
    )


def christmas_and_the_new_year(month: Month) -> None:
    """Christmas, the agenda of the first meeting of 2027 on the last working day of 2026,
    a silent New Year's Day and weekend, the year's calendar on its first working day."""
    bot, fake = month.bot, month.fake
    month.until(at(2026, 12, 31, 8, 0))
    # Christmas Day (Friday 25 December): no check-in prompt for anyone.
    for rep in REPS:
        [row] = outbox_rows(bot, f"checkin_prompt:{rep}:2026-12-21")
        assert (row.status, row.last_error) == ("skipped", "public holiday"), rep
    # Jack's 1:1 on Monday 28 December: 24 hours before is Sunday, the Friday before it
    # Christmas: the nudge comes on Thursday 24 December, the prompt a working day earlier.
    assert month.sent_at(f"oneonone_manager:{MARIA}:{JACK}:2026-12-28:") == [
        at(2026, 12, 24, 16, 0)
    ]
    assert month.sent_at(f"oneonone_rep:{MARIA}:{JACK}:2026-12-28:") == [at(2026, 12, 23, 16, 0)]

    # The agenda of Monday 4 January opens (three days before is New Year's Day), is
    # reminded and locks on Thursday 31 December; each winner gets one DM with all their
    # December wins (not the removed one), the meeting's time on their own clock.
    month.until(at(2026, 12, 31, 9, 0))
    [opening] = of_kind(fake.messages(SALES), "agenda_open")
    assert opening["text"] == "De agenda voor de salesmeeting van ma 4 jan 2027, 09:00 staat open."
    stories = {rep: of_kind(month.dms(rep), "story_proposal") for rep in REPS}
    assert {rep: len(found) for rep, found in stories.items()} == {rep: 1 for rep in REPS}
    ruben = all_text(stories[RUBEN][0])
    assert "Nogmaals gefeliciteerd met je nieuwe klanten" in ruben
    assert "salesmeeting van ma 4 jan 2027, 09:00 hoe" in ruben and "jouw tijd" not in ruben
    assert ruben.count("Op de agenda zetten") == 6
    sophie = all_text(stories[SOPHIE][0])
    assert "Share how you won Harrods, Fortnum, Liberty at the sales meeting" in sophie
    assert "Mon 4 Jan 2027, 08:00 your time (09:00 for the team)" in sophie
    jack = all_text(stories[JACK][0])
    assert "Share how you won Acme, Globex at the sales meeting" in jack
    assert "Mon 4 Jan 2027, 03:00 your time (09:00 for the team)" in jack
    month.until(at(2026, 12, 31, 10, 0, tz=NYC))
    agenda = all_text(month.command(JACK, "/agenda", ""))
    assert "sales meeting on Mon 4 Jan 2027, 03:00 your time (09:00 for the team)" in agenda
    assert "until Thu 31 Dec 2026, 12:00 your time (18:00 for the team)" in agenda
    month.until(at(2026, 12, 31, 18, 0))
    assert month.sent_at("agenda_reminder:") == [at(2026, 12, 31, 12, 0)]
    assert month.sent_at("agenda_lock:") == [at(2026, 12, 31, 18, 0)]

    month.until(at(2027, 1, 4, 8, 0))
    quiet = [s for s in month.journal if s.moment > at(2026, 12, 31, 23, 0)]
    assert quiet == [], quiet  # New Year's Day and the weekend after: nothing at all
    month.until(at(2027, 1, 4, 9, 0))
    assert month.sent_at("year_calendar:2027") == [at(2027, 1, 4, 9, 0)]
    # Maria's mirror of November came once she managed her reps; December's on its day.
    assert month.sent_at(f"culture:{MARIA}:2026-11") == [at(2026, 12, 1, 11, 0)]
    assert month.sent_at(f"culture:{MARIA}:2026-12") == [at(2027, 1, 4, 9, 0)]
    mirrors = [m for m in month.dms(MARIA) if "Spiegel van de salescultuur" in all_text(m)]
    assert [m["text"] for m in mirrors] == [
        "De spiegel van de salescultuur van november 2026",
        "De spiegel van de salescultuur van december 2026",
    ]
    assert "december 2026* · je verkopers (3 verkopers)" in all_text(mirrors[1])


def january(month: Month) -> None:
    """Ruben's 2027 plan stays in view and his 2027 count starts at 0; Maria's nudge and team
    table read in her numbers and on her clock."""
    month.until(at(2027, 1, 5, 10, 0))
    home = month.open_home(RUBEN)
    assert "Jouw accountplan 2027" in all_text(home)
    assert "*2027:* 0 nieuwe klanten voor jou · 0 voor het team" in home_counts(home)
    assert "*2027:* 0 new clients for you" in home_counts(month.open_home(JACK))
    shown = all_text(month.command(RUBEN, "/accountplan", ""))
    assert "Jouw accountplan voor 2027" in shown and "Horeca in Utrecht" in shown
    assert "is gelogd" in all_text(month.quick_log(RUBEN, "Koffiebar Bonen 5.000"))
    assert "*2027:* 1 nieuwe klant voor jou" in home_counts(month.open_home(RUBEN))

    month.until(at(2027, 1, 6, 10, 0))
    text = all_text(nudge(month, RUBEN, "2027-01-07"))
    assert (
        "📘 *Accountplan* 2027 (concept, nog niet akkoord): 1 van 12 nieuwe klanten, 0,2 "
        "verwacht tot nu toe" in text
    ), text
    assert "• _30 nov – 6 dec_: Week 49: 8 prospects, 1 afspraak" in text
    assert "W49" not in text
    table = all_text(month.open_home(MARIA))
    assert "concept · 1/12 nieuwe klanten (0,2 verwacht)" in table, table
    assert "Volgende 1-op-1: ma 11 jan 2027, 16:00 jouw tijd (10:00 voor <@UJACK>)" in table
    assert "Volgende 1-op-1: di 12 jan 2027, 11:00 jouw tijd (10:00 voor <@USOPHIE>)" in table
    assert "Volgende 1-op-1: do 7 jan 2027, 10:00\n" in table
    month.until(END)


def the_whole_month(month: Month) -> None:
    """Every timed message on its day and hour, over the whole month."""
    fridays = [date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18), date(2027, 1, 8)]
    for rep in REPS:
        # 15:00 on the rep's own clock; none on Christmas Day or New Year's Day.
        assert month.sent_at(f"checkin_prompt:{rep}:") == [
            on_day(day, 15, ZONE[rep]) for day in fridays
        ], rep
        # The weeks without a prompt: the reminder, then the first time they are asked, comes
        # the next working morning (Monday) at 09:00 on their own clock.
        for week, monday in (("2026-12-21", date(2026, 12, 28)), ("2026-12-28", date(2027, 1, 4))):
            assert month.sent_at(f"checkin_reminder:{rep}:{week}") == [
                on_day(monday, 9, ZONE[rep])
            ], (rep, week)
    mondays = [date(2026, 12, 7) + timedelta(weeks=n) for n in range(5)]
    assert month.sent_at(f"checkin_digest:{MARIA}:") == [on_day(d, 9, AMS) for d in mondays]
    assert month.sent_at("agenda_open:") == [at(2026, 12, 31, 9, 0), at(2027, 1, 8, 9, 0)]
    assert month.ticks == (END - START) // timedelta(hours=1) + 1

    assert_nothing_on_a_day_off(month)
    assert_each_dm_in_the_readers_language(month)
    # Ruben and Maria share a zone: nothing Ruben reads names one.
    for text in [all_text(m) for m in month.dms(RUBEN)] + [all_text(month.open_home(RUBEN))]:
        assert "jouw tijd" not in text and "your time" not in text and "Amsterdam" not in text


def assert_nothing_on_a_day_off(month: Month) -> None:
    """Every message Slack received (chat.postMessage, chat.update, chat.postEphemeral and
    file shares; in channels and DMs; sent by a tick or answering someone) was sent on a Dutch
    working day (not a Saturday, Sunday or NL public holiday) in Amsterdam, and a DM also on a
    working day on its reader's own clock. The moment is the tick's that sent it (the hour it
    fell due) or the action's it answered. People act on working days only, so what this
    catches is the timed messages: check-in prompts, reminders, digests and charts, 1:1
    prompts and nudges, agenda calls, reminders and locks, story proposals, the year's
    calendar and rating requests. Ticks ran through every weekend and holiday hour."""
    assert len([s for s in month.journal if s.by_tick]) >= 20
    hours = [START + timedelta(hours=n) for n in range(month.ticks)]
    days_off = {h.date() for h in hours if not is_working_day(h.date(), holidays_country="NL")}
    assert len(days_off) >= 2
    for sent in month.journal:
        days = {("Amsterdam", sent.moment.astimezone(AMS).date())}
        reader = sent.channel[1:] if sent.channel.startswith("D") else sent.channel
        if reader in ZONE:
            days.add((reader, sent.moment.astimezone(ZONE[reader]).date()))
        for where, day in days:
            assert is_working_day(day, holidays_country="NL"), (where, day, sent)


def assert_each_dm_in_the_readers_language(month: Month) -> None:
    """The main text (the notification and fallback text) of every DM and ephemeral each
    person received holds none of the other language's characteristic words (ENGLISH_WORDS,
    DUTCH_WORDS) and some of their own."""
    for user, lang in LANG.items():
        foreign, own = (
            (ENGLISH_WORDS, DUTCH_WORDS) if lang == "nl" else (DUTCH_WORDS, ENGLISH_WORDS)
        )
        texts = [m["text"] for m in month.dms(user) if m["text"]]
        texts += [
            e["text"]
            for e in month.fake.ephemerals(f"D{user}") + month.fake.ephemerals(SALES)
            if e["user"] == user and e["text"]
        ]
        assert texts or user == ADMIN, user
        for text in texts:
            found = words(text)
            assert not found & foreign, (user, found & foreign, text)
            assert found & own, (user, text)


# ------------------------------------------------------------------------------ the tests


def make_month(make_bot, database_url: str, fake_slack) -> Month:
    for user, (locale, tz) in PEOPLE.items():
        fake_slack.set_user(user, name=user[1:].lower(), locale=locale, tz=tz.key)
    bot = make_bot(database_url, BOT_LOCALE="nl", SALES_CHANNEL=SALES, ADMIN_USER_IDS=ADMIN)
    return Month(bot)


def test_a_dutch_team_runs_a_month_of_meetings_1on1s_and_checkins(
    make_bot, sqlite_url, fake_slack
) -> None:
    month = make_month(make_bot, sqlite_url, fake_slack)
    first_contact(month)
    who_manages_whom(month)
    the_2027_calendar(month)
    wins_as_typed(month)
    edit_and_remove(month)
    the_first_checkins(month)
    preparation(month)
    # Maria's nudges count the wins since the last 1:1: one, two, none.
    assert "🏆 *1 nieuwe klant sinds jullie vorige 1-op-1:* Bakkerij Jansen" in all_text(
        nudge(month, RUBEN, "2026-12-03")
    )
    assert "🏆 *2 nieuwe klanten sinds jullie vorige 1-op-1:* Globex, Acme" in all_text(
        nudge(month, JACK, "2026-12-07")
    )
    assert "🏆 Geen nieuwe klanten sinds jullie vorige 1-op-1." in all_text(
        nudge(month, JACK, "2026-12-14")
    )
    if hasattr(nv, "AGAIN_LOG_ACTION_ID"):
        the_same_client_twice(month)
    next_years_plan(month)
    christmas_and_the_new_year(month)
    january(month)
    the_whole_month(month)
    assert len(month.journal) > 120 and len(month.dms(MARIA)) > 30


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_first_week_on_postgresql(make_bot, database_url, fake_slack) -> None:
    """First contact, who manages whom, the first check-ins and digest, and the preparation
    before and after the nudge, on PostgreSQL."""
    month = make_month(make_bot, database_url, fake_slack)
    first_contact(month)
    who_manages_whom(month)
    the_first_checkins(month)
    preparation(month)
    assert_nothing_on_a_day_off(month)
    assert_each_dm_in_the_readers_language(month)
