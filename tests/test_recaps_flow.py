"""The recaps end to end: wins logged and congratulated over the bot's real HTTP endpoint, time
driven with `bot.tick(at)` (what `python -m bot tick --at` does) through a year boundary, and
the month's, quarter's and year's recaps, each with its chart (and the chart's alt text),
posted once and in that order in the wins channel of the fake Slack."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.jobs.wins import TypedWin, remove_win, submit_win_form, view_key
from bot.views.wins import CONGRATULATE_ACTION_ID
from storage import plans as plan_store
from storage.models import OutboxMessage, Win
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness
from tests.support.slack import all_text, outbox_key

AMS = ZoneInfo("Europe/Amsterdam")


def recaps(bot: BotHarness) -> list[dict]:
    return [
        m for m in bot.fake.messages(WINS_CHANNEL) if (outbox_key(m) or "").startswith("recap:")
    ]


def charts(bot: BotHarness) -> list[dict]:
    return [
        f
        for f in bot.fake.uploaded_files()
        if f["channel_id"] == WINS_CHANNEL and f["filename"].startswith("new-clients-")
    ]


def log(bot: BotHarness, at: datetime, text: str, user: str) -> int:
    """`/newclient <text>` by `user` at `at`; the stored win's id."""
    bot.clock.set(at)
    assert bot.command(text, user=user).status == 200
    with bot.runtime.session_factory() as session:
        return max(w.id or 0 for w in session.exec(select(Win)).all())


def share_plan(bot: BotHarness, user: str, target: int, year: int) -> None:
    fields = {"target_clients": target, "segment": "Bakeries", "value_cents": None}
    fields |= {"currency": None, "value_basis": None, "approach": "Visit them"}
    fields |= {"q1": None, "q2": None, "q3": None, "q4": None}
    with bot.runtime.session_factory.write() as session:
        plan_store.save_plan(
            session=session,
            team_id=TEAM_ID,
            user_id=user,
            year=year,
            fields=fields,
            shared=True,
            by=user,
            now=datetime.now(UTC),
        )


MONTHS_2026 = (
    "January 0, February 0, March 0, April 0, May 0, June 0, July 0, August 0, "
    "September 0, October 0, November 1, December 4"
)


def test_the_first_working_day_of_the_year_recaps_month_quarter_and_year_once_in_order(
    make_bot, database_url
):
    bot = make_bot(database_url)
    share_plan(bot, "UANNA", 24, 2026)
    share_plan(bot, "UBRAM", 12, 2026)
    log(bot, datetime(2026, 11, 20, 10, 0, tzinfo=AMS), "Early Bird 5k", "UANNA")
    acme = log(bot, datetime(2026, 12, 1, 0, 10, tzinfo=AMS), "Acme 10k", "UANNA")
    log(bot, datetime(2026, 12, 9, 14, 0, tzinfo=AMS), "Globex 3k", "UBRAM")
    gone = log(bot, datetime(2026, 12, 10, 14, 0, tzinfo=AMS), "Oops Inc 1k", "UBRAM")
    log(bot, datetime(2026, 12, 31, 23, 50, tzinfo=AMS), "Last Minute 2k", "UANNA")
    log(bot, datetime(2027, 1, 1, 0, 5, tzinfo=AMS), "New Year 2k", "UCHRIS")  # January's
    bot.clock.set(datetime(2026, 12, 15, 11, 0, tzinfo=AMS))
    told = submit_win_form(
        bot.runtime.deps,
        team_id=TEAM_ID,
        user_id="UBRAM",
        typed=TypedWin(
            client="Initech", value="", currency=None, segment="", won_via=None,
            story="They called back after <b>three</b> visits",
        ),
        number_locale="en",
        source_key=view_key("V1"),
    )  # fmt: skip
    for who in ("UANNA", "UCHRIS"):
        assert bot.click(CONGRATULATE_ACTION_ID, str(told.win.id), user=who).status == 200
    assert bot.click(CONGRATULATE_ACTION_ID, str(acme), user="UBRAM").status == 200
    remove_win(
        bot.runtime.deps, team_id=TEAM_ID, user_id="UBRAM", win_id=gone, is_admin=lambda: False
    )

    # New Year's Day (a Friday) and the weekend: not yet. Monday 4 January at 09:00: posted.
    for at in (
        datetime(2027, 1, 1, 9, 0, tzinfo=AMS),
        datetime(2027, 1, 2, 12, 0, tzinfo=AMS),
        datetime(2027, 1, 4, 8, 59, tzinfo=AMS),
    ):
        bot.tick(at)
        assert recaps(bot) == []
    bot.tick(datetime(2027, 1, 4, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 1, 4, 9, 1, tzinfo=AMS))  # the chart may wait for its post

    recap, quarter, year = recaps(bot)
    assert [outbox_key(m) for m in (recap, quarter, year)] == [
        "recap:2026-12",
        "recap:2026-Q4",
        "recap:2026",
    ]
    assert float(recap["ts"]) < float(quarter["ts"]) < float(year["ts"])
    text = all_text(recap)
    # Counted here by hand: Acme, Globex, Last Minute and Initech in December's local time;
    # Oops Inc was removed, Early Bird is November's and New Year January's.
    with bot.runtime.session_factory() as session:
        wins = session.exec(select(Win).where(Win.removed_at.is_(None))).all()  # type: ignore[union-attr]
    local = [w.created_at.astimezone(AMS) for w in wins]
    assert sum(1 for d in local if (d.year, d.month) == (2026, 12)) == 4
    assert sum(1 for d in local if (d.year, d.month) == (2026, 11)) == 1
    assert "*4 new clients* in December 2026! 🎉 That is 3 more than in November (1)." in text
    assert "3 new clients a month (each yearly target ÷ 12): that is 1 ahead of the pace!" in text
    assert "Hunters of the month: <@UANNA> and <@UBRAM>, with 2 new clients each!" in text
    # Anna's first of the year was November's: only Bram earned that badge in December.
    assert "🏅 *New badges*\n🥇 First new client of 2026: <@UBRAM>" in text
    assert "*Initech* by <@UBRAM> (2 congratulations)" in text
    assert "&lt;b&gt;three&lt;/b&gt;" in text and "<b>" not in text
    assert "Oops" not in text and "UCHRIS" not in text

    # The quarter: Early Bird (November) and December's four; Q3 had none. Plans: 9 a quarter.
    text = all_text(quarter)
    assert "New clients in Q4 2026" in text
    assert "*5 new clients* in Q4 2026! 🎉 That is 5 more than in Q3 (0)." in text
    assert "9 new clients a quarter (each yearly target ÷ 4): 4 short of the pace." in text
    assert "Hunter of the quarter: <@UANNA>, with 3 new clients!" in text
    assert "Story of the quarter: *Initech* by <@UBRAM> (2 congratulations)" in text
    assert "Oops" not in text and "UCHRIS" not in text
    # The year: the same five against nothing in 2025, and 36 for the year.
    text = all_text(year)
    assert "*5 new clients* in 2026! 🎉 That is 5 more than in 2025 (0)." in text
    assert "36 new clients in 2026: 31 short of the pace." in text
    assert "Hunter of the year: <@UANNA>, with 3 new clients!" in text
    assert "Story of the year: *Initech*" in text

    by_name = {c["filename"]: c for c in charts(bot)}
    assert sorted(by_name) == [
        "new-clients-2026-12.png",
        "new-clients-2026-Q4.png",
        "new-clients-2026.png",
    ]
    for name, parent in (("2026-12", recap), ("2026-Q4", quarter), ("2026", year)):
        chart = by_name[f"new-clients-{name}.png"]
        assert chart["content"].startswith(b"\x89PNG")
        assert chart["thread_ts"] == parent["ts"]
        assert chart["title"] == "New clients per month, 2026 (pace: 3 a month)"
        assert chart["alt_txt"] == (
            f"Bar chart of new clients per month in 2026: {MONTHS_2026}. "
            "Pace of the shared account plans: 3 a month."
        )

    # More passes, and a restart on the same database: nothing more.
    bot.tick(datetime(2027, 1, 4, 10, 0, tzinfo=AMS))
    bot.close()
    again = make_bot(database_url)
    again.tick(datetime(2027, 1, 5, 9, 0, tzinfo=AMS))
    assert len(recaps(again)) == 3 and len(charts(again)) == 3
    with again.runtime.session_factory() as session:
        keys = [
            m.key for m in session.exec(select(OutboxMessage)).all() if m.key.startswith("recap")
        ]
    assert sorted(keys) == [
        "recap:2026",
        "recap:2026-12",
        "recap:2026-12:chart",
        "recap:2026-Q4",
        "recap:2026-Q4:chart",
        "recap:2026:chart",
    ]


def test_a_quiet_month_gets_an_encouraging_dutch_recap_after_a_restart(make_bot, database_url):
    bot = make_bot(database_url, BOT_LOCALE="nl")
    share_plan(bot, "UANNA", 18, 2027)
    log(bot, datetime(2027, 2, 10, 10, 0, tzinfo=AMS), "Acme 10k", "UANNA")
    bot.tick(datetime(2027, 4, 1, 8, 59, tzinfo=AMS))  # March's recap: Thursday at 09:00
    assert recaps(bot) == []
    bot.close()
    # Down at 09:00; back the next morning, when the recap is still worth posting.
    again = make_bot(database_url, BOT_LOCALE="nl")
    again.tick(datetime(2027, 4, 2, 10, 0, tzinfo=AMS))
    again.tick(datetime(2027, 4, 2, 10, 1, tzinfo=AMS))
    recap, quarter = recaps(again)  # 1 April also ends the first quarter
    assert [outbox_key(recap), outbox_key(quarter)] == ["recap:2027-03", "recap:2027-Q1"]
    text = all_text(recap)
    assert "Nieuwe klanten in maart 2027" in text
    assert "Geen nieuwe klanten genoteerd in maart 2027" in text and "score voor april?" in text
    assert "1,5 onder het tempo" in text
    assert "Jager" not in text
    text = all_text(quarter)
    assert "*1 nieuwe klant* in Q1 2027! 🎉 Dat is er 1 meer dan in Q4 2026 (0)." in text
    assert "4,5 nieuwe klanten per kwartaal (elk jaardoel ÷ 4): 3,5 onder het tempo" in text
    assert "Een nieuw kwartaal om het gat te dichten!" in text
    assert "Jager van het kwartaal: <@UANNA>, met 1 nieuwe klant!" in text
    chart, _ = sorted(charts(again), key=lambda c: c["filename"])
    assert chart["thread_ts"] == recap["ts"]
    assert chart["title"] == "Nieuwe klanten per maand, 2027 (tempo: 1,5 per maand)"
    assert chart["alt_txt"] == (
        "Staafdiagram van nieuwe klanten per maand in 2027: januari 0, februari 1, maart 0. "
        "Tempo van de gedeelde accountplannen: 1,5 per maand."
    )


def test_the_quarters_recap_waits_for_the_months_when_slack_holds_that_up(make_bot, database_url):
    bot = make_bot(database_url)
    log(bot, datetime(2027, 2, 10, 10, 0, tzinfo=AMS), "Acme 10k", "UANNA")
    bot.deliver()  # the win's celebration
    # Slack turns the month's post down once (retried after a minute).
    bot.fake.fail_next("chat.postMessage", status=200, error="team_busy")
    bot.tick(datetime(2027, 4, 1, 9, 0, tzinfo=AMS))
    assert recaps(bot) == []  # the quarter's did not jump the queue
    bot.tick(datetime(2027, 4, 1, 9, 2, tzinfo=AMS))
    bot.tick(datetime(2027, 4, 1, 9, 3, tzinfo=AMS))
    assert [outbox_key(m) for m in recaps(bot)] == ["recap:2027-03", "recap:2027-Q1"]
    assert len(charts(bot)) == 2
