"""The monthly recap end to end: wins logged and congratulated over the bot's real HTTP
endpoint, time driven with `bot.tick(at)` (what `python -m bot tick --at` does) through a year
boundary, and the recap with its chart posted once in the wins channel of the fake Slack."""

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


def test_the_december_recap_is_posted_once_on_the_first_working_day_with_its_chart(
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

    [recap] = recaps(bot)
    assert outbox_key(recap) == "recap:2026-12"
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
    assert "*Initech* by <@UBRAM> (2 congratulations)" in text
    assert "&lt;b&gt;three&lt;/b&gt;" in text and "<b>" not in text
    assert "Oops" not in text and "UCHRIS" not in text

    [chart] = charts(bot)
    assert chart["content"].startswith(b"\x89PNG")
    assert chart["thread_ts"] == recap["ts"]
    assert chart["filename"] == "new-clients-2026-12.png"
    assert chart["title"] == "New clients per month, 2026 (pace: 3 a month)"

    # More passes, and a restart on the same database: nothing more.
    bot.tick(datetime(2027, 1, 4, 10, 0, tzinfo=AMS))
    bot.close()
    again = make_bot(database_url)
    again.tick(datetime(2027, 1, 5, 9, 0, tzinfo=AMS))
    assert len(recaps(again)) == 1 and len(charts(again)) == 1
    with again.runtime.session_factory() as session:
        keys = [
            m.key for m in session.exec(select(OutboxMessage)).all() if m.key.startswith("recap")
        ]
    assert sorted(keys) == ["recap:2026-12", "recap:2026-12:chart"]


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
    [recap] = recaps(again)
    assert outbox_key(recap) == "recap:2027-03"
    text = all_text(recap)
    assert "Nieuwe klanten in maart 2027" in text
    assert "Geen nieuwe klanten genoteerd in maart 2027" in text and "score voor april?" in text
    assert "nog 1,5 te gaan tot het tempo" in text
    assert "Jager" not in text
    [chart] = charts(again)
    assert chart["thread_ts"] == recap["ts"]
    assert chart["title"] == "Nieuwe klanten per maand, 2027 (tempo: 1,5 per maand)"
