"""A year of team history (tests/support/history.py: 20 reps, two managers) through the bot's
real HTTP endpoint and the fake Slack: /leaderboard against a direct count of the written
wins and check-ins, the monthly recap posted once per month with its chart while time is
walked with `bot.tick(at)`, /culture only ever ephemeral and only to managers and admins, and
the admin's export read back with the csv module and counted against what was written."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime

import pytest

from bot.domain.formatting import format_money
from bot.domain.leaderboard import TOP_RANKS, period_end, period_start
from tests.conftest import TEAM_ID, WINS_CHANNEL, BotHarness
from tests.support.commands import command_reply
from tests.support.export import read_zip
from tests.support.history import AMS, DEFAULT_UNTIL, History, write_history
from tests.support.slack import all_text, outbox_key

TODAY = DEFAULT_UNTIL.astimezone(AMS).date()  # Tuesday 15 December 2026
LINE_RE = re.compile(r"^(?:🥇|🥈|🥉|\d+\.) <@(\w+)>: (\d+) new clients?(.*)$", re.MULTILINE)
OUTREACH_RE = re.compile(r"📅 (\d+) first meetings? booked")
MONTH_KEY_RE = re.compile(r"^recap:\d{4}-\d{2}$")
MIRROR_MARKERS = ("Sales culture mirror", "🪞", "Hunters vs farmers")


@pytest.fixture
def team(make_bot, database_url, fake_slack) -> tuple[BotHarness, History]:
    bot = make_bot(database_url, ADMIN_USER_IDS="UADMIN")
    with bot.runtime.session_factory.write() as session:
        history = write_history(session, TEAM_ID, seed=2029)
    for user in history.people:
        fake_slack.set_user(user, locale="en-US", is_admin=user == history.admin)
    bot.clock.set(DEFAULT_UNTIL)
    return bot, history


# ------------------------------------------------------------------------------ direct counts


def local_day(moment: datetime) -> date:
    return moment.astimezone(AMS).date()


def expected_board(history: History, period: str) -> tuple[Counter, dict[str, int], dict]:
    """Wins per rep, value in cents per currency (EUR for none), and first meetings booked
    per sharing rep, counted straight from what the generator wrote."""
    start = period_start(period, TODAY)
    end = period_end(period, start)
    wins: Counter = Counter()
    value: dict[str, int] = {}
    for win in history.wins:
        if win.removed or not start <= local_day(win.at) < end:
            continue
        wins[win.user_id] += 1
        if win.cents is not None:
            currency = win.currency or "EUR"
            value[currency] = value.get(currency, 0) + win.cents
    outreach = {rep: 0 for rep in history.sharing}
    for rep, week, meetings in history.checkins:
        if rep in history.sharing and start <= week < end:
            outreach[rep] += meetings
    return wins, value, outreach


def ranks(wins: Counter) -> dict[str, int]:
    """Competition ranking by new clients (1, 2, 2, 4)."""
    out: dict[str, int] = {}
    previous = None
    for position, user in enumerate(sorted(wins, key=lambda u: -wins[u]), start=1):
        tied = previous is not None and wins[previous] == wins[user]
        out[user] = out[previous] if tied and previous is not None else position
        previous = user
    return out


def clients(n: int) -> str:
    return f"{n} new client" if n == 1 else f"{n} new clients"


# ------------------------------------------------------------------------------ the leaderboard


@pytest.mark.parametrize("period", ["year", "quarter", "month", "week"])
def test_the_leaderboard_matches_a_direct_count(team, period):
    bot, history = team
    wins, value, outreach = expected_board(history, period)
    rank = ranks(wins)
    viewer = history.reps[0]
    text = all_text(command_reply(bot, period, command="/leaderboard", user=viewer))
    if not wins:
        assert f"No new clients yet this {period}" in text
        return

    total = " + ".join(
        format_money(cents, cur, "en")
        for cur, cents in sorted(value.items(), key=lambda kv: (kv[0] != "EUR", kv[0]))
    )
    assert f"*Team:* {clients(sum(wins.values()))} · {total}" in text

    lines = {user: (int(n), rest) for user, n, rest in LINE_RE.findall(text)}
    assert lines, text
    assert set(lines) == {u for u, r in rank.items() if r <= TOP_RANKS}
    for user, (n, rest) in lines.items():
        assert n == wins[user], user
        shown = OUTREACH_RE.search(rest)
        if user in history.sharing:
            assert shown is not None and int(shown.group(1)) == outreach[user], (user, rest)
        else:
            assert shown is None and "📅" not in rest, (user, rest)

    # Nobody is shown last: the bottom rank (when below the top) is never named, and the reps
    # there see their numbers without a rank.
    bottom = max(rank.values())
    if bottom > TOP_RANKS:
        last = sorted(u for u, r in rank.items() if r == bottom)
        assert not any(f"<@{u}>" in text for u in last)
        own = all_text(command_reply(bot, period, command="/leaderboard", user=last[0]))
        assert "*You:* #" not in own
        assert f"*You:* {clients(wins[last[0]])}" in own
    # Reps without a new client in the period are never on the board.
    for rep in set(history.reps) - set(wins):
        assert f"<@{rep}>" not in text


# ------------------------------------------------------------------------------ the monthly recap


def recaps(bot: BotHarness) -> list[dict]:
    return [m for m in bot.fake.messages(WINS_CHANNEL) if MONTH_KEY_RE.match(outbox_key(m) or "")]


def month_name(month: int) -> str:
    return date(2026, month, 1).strftime("%B")


def test_the_monthly_recap_goes_out_once_a_month_with_its_chart(make_bot, sqlite_url, fake_slack):
    bot = make_bot(sqlite_url)
    with bot.runtime.session_factory.write() as session:
        history = write_history(session, TEAM_ID, seed=7)
    for user in history.people:
        fake_slack.set_user(user, locale="en-US")
    # The first working days of February, April, July and December 2026 at 09:00, ticked
    # twice (the chart may wait for its post), an hour later and the next morning.
    firsts = [date(2026, 2, 2), date(2026, 4, 1), date(2026, 7, 1), date(2026, 12, 1)]
    for day in firsts:
        for hour, minute, later in ((9, 0, 0), (9, 1, 0), (10, 0, 0), (9, 0, 1)):
            bot.tick(datetime(day.year, day.month, day.day + later, hour, minute, tzinfo=AMS))

    posted = recaps(bot)
    keys = [outbox_key(m) for m in posted]
    assert sorted(keys) == ["recap:2026-01", "recap:2026-03", "recap:2026-06", "recap:2026-11"]
    every_key = [outbox_key(m) for m in bot.fake.messages(WINS_CHANNEL) if outbox_key(m)]
    assert len(every_key) == len(set(every_key))  # nothing in the wins channel twice

    counted = Counter(
        (local_day(w.at).year, local_day(w.at).month) for w in history.wins if not w.removed
    )
    charts = {
        f["filename"]: f
        for f in bot.fake.uploaded_files()
        if f["channel_id"] == WINS_CHANNEL and f["filename"].startswith("new-clients-")
    }
    for recap in posted:
        month = int((outbox_key(recap) or "")[-2:])
        n = counted[(2026, month)]
        assert f"*{clients(n)}* in {month_name(month)} 2026" in all_text(recap)
        chart = charts[f"new-clients-2026-{month:02d}.png"]
        assert chart["content"].startswith(b"\x89PNG")
        assert chart["thread_ts"] == recap["ts"]
    month_charts = [name for name in charts if re.fullmatch(r"new-clients-\d{4}-\d{2}\.png", name)]
    assert len(month_charts) == 4
    assert len([f for f in bot.fake.uploaded_files() if f["filename"] in month_charts]) == 4


# ------------------------------------------------------------------------------ the culture mirror


def culture(bot: BotHarness, user: str) -> dict:
    before = len(bot.fake.responses("cmd"))
    response = bot.command("", command="/culture", user=user)
    assert response.status == 200 and not response.body.strip()
    return bot.fake.wait_for_response("cmd", count=before + 1)[-1]


def hunters(history: History, reps: tuple[str, ...]) -> int:
    """Reps with a new client this quarter, up to now."""
    start = period_start("quarter", TODAY)
    return len(
        {
            w.user_id
            for w in history.wins
            if w.user_id in reps and not w.removed and start <= local_day(w.at)
        }
    )


def test_culture_only_ephemeral_and_only_for_managers_and_admins(team):
    bot, history = team
    for manager in history.managers:
        mine = history.reps_of[manager]
        assert len(mine) == 10
        answer = culture(bot, manager)
        text = all_text(answer)
        assert answer["response_type"] == "ephemeral"
        assert "your reps (10 reps)" in text
        assert f"{hunters(history, mine)} of 10 reps" in text

    answer = culture(bot, history.admin)
    text = all_text(answer)
    assert answer["response_type"] == "ephemeral"
    assert "the whole team (20 reps)" in text
    assert f"{hunters(history, history.reps)} of 20 reps" in text

    refused = culture(bot, history.reps[3])
    assert refused["response_type"] == "ephemeral"
    assert "for managers and admins" in all_text(refused)
    assert not any(marker in all_text(refused) for marker in MIRROR_MARKERS)

    # A month start afterwards (when a monthly mirror would go out): whatever is posted, no
    # call ever puts the mirror in a channel.
    bot.deliver()
    bot.tick(datetime(2027, 1, 4, 9, 0, tzinfo=AMS))
    bot.tick(datetime(2027, 1, 4, 9, 1, tzinfo=AMS))
    bosses = {*history.managers, history.admin}
    allowed = bosses | {f"D{user}" for user in bosses}
    for call in bot.fake.calls_to("chat.postMessage"):
        if any(marker in json.dumps(call, ensure_ascii=False) for marker in MIRROR_MARKERS):
            assert call.get("channel") in allowed, call.get("channel")
    for method in ("chat.postEphemeral", "chat.update"):
        for call in bot.fake.calls_to(method):
            shown = json.dumps(call, ensure_ascii=False)
            assert not any(marker in shown for marker in MIRROR_MARKERS), method
    for file in bot.fake.uploaded_files():
        if file["channel_id"] not in allowed:
            shown = " ".join(
                str(file.get(k) or "") for k in ("title", "initial_comment", "alt_txt")
            )
            assert not any(marker in shown for marker in MIRROR_MARKERS), file["filename"]


# ------------------------------------------------------------------------------ the export


def test_the_admins_export_counts_what_was_written(team):
    bot, history = team
    response = bot.command("export", command="/salesbot", user=history.admin)
    assert response.status == 200
    bot.fake.wait_for("files.completeUploadExternal")
    [file] = bot.fake.uploaded_files()
    assert file["channel_id"] == f"D{history.admin}"
    _, tables = read_zip(file["content"])
    written = {
        "wins": "win",
        "account_plans": "account_plan",
        "account_plan_versions": "account_plan_version",
        "meetings": "meeting",
        "agenda_items": "agenda_item",
        "checkins": "checkin",
        "action_points": "action_point",
    }
    assert {name: len(tables[name]) for name in written} == {
        name: history.rows[table] for name, table in written.items()
    }
    assert sum(1 for row in tables["wins"] if row["rep_id"] == history.reps[0]) == sum(
        1 for w in history.wins if w.user_id == history.reps[0]
    )
    assert bot.fake.calls_to("chat.postMessage") == []
