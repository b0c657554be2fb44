"""The leaderboard's use cases called directly, on SQLite and PostgreSQL: its numbers against a
direct count over generated wins (periods in Amsterdam time, a New-Year edge, removed wins),
ranks that never show anyone last, and a share that is queued once and holds nothing private."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlmodel import select

from bot.domain.leaderboard import PERIODS, Tally, own_rank, period_end, period_start, standings
from bot.jobs.checkins import set_sharing
from bot.jobs.leaderboard import LeaderboardRefusal, board, read_period, share, share_key
from bot.views import leaderboard as views
from storage import outbox as outbox_store
from storage.db import MIGRATIONS_DIR, SessionFactory, make_engine
from storage.models import Checkin, CheckinMember, Win
from tests.support.usecases import use_case_deps
from tests.support.views import texts_of

TEAM = "T1"
AMS = ZoneInfo("Europe/Amsterdam")
REPS = [f"UREP{n:02d}" for n in range(9)]
# Half an hour into 2027 in Amsterdam: still 2026 in UTC.
NEW_YEAR = datetime(2027, 1, 1, 0, 30, tzinfo=AMS)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NEW_YEAR, DEFAULT_CURRENCY="EUR") as deps:
        yield deps


def add_wins(deps, wins: list[dict]) -> None:
    with deps.session_factory.write() as session:
        for n, fields in enumerate(wins):
            at = fields["at"].astimezone(UTC)
            session.add(
                Win(
                    team_id=fields.get("team", TEAM),
                    user_id=fields["user"],
                    client_name=f"Client {n}",
                    amount_cents=fields.get("cents"),
                    currency=fields.get("currency"),
                    year=at.astimezone(AMS).year,
                    source_key=f"gen:{n}:{fields['user']}:{at.timestamp()}",
                    created_at=at,
                    removed_at=at + timedelta(hours=1) if fields.get("removed") else None,
                )
            )


def generated(seed: int = 12) -> list[dict]:
    """A year and a bit of wins around New Year, with removed ones, wins without an amount or a
    currency, another currency, and wins right on the periods' edges in Amsterdam time."""
    rng = random.Random(seed)
    wins: list[dict] = []
    start = datetime(2026, 10, 1, tzinfo=AMS)
    for _ in range(260):
        at = start + timedelta(minutes=rng.randrange(0, 150 * 24 * 60))
        wins.append(
            {
                "user": rng.choice(REPS[:7]),
                "at": at,
                "cents": rng.choice([None, 500_000, 1_250_000, 2_000_000]),
                "currency": rng.choice(["EUR", "EUR", None, "USD"]),
                "removed": rng.random() < 0.15,
            }
        )
    edges = [
        datetime(2026, 12, 31, 23, 59, tzinfo=AMS),  # the old year, in Amsterdam
        datetime(2027, 1, 1, 0, 0, tzinfo=AMS),  # the new year (still 2026 in UTC)
        datetime(2026, 12, 28, 0, 0, tzinfo=AMS),  # Monday of the week across New Year
        datetime(2027, 3, 31, 23, 59, tzinfo=AMS),  # the last minute of Q1
        datetime(2027, 4, 1, 0, 0, tzinfo=AMS),  # Q2's first
    ]
    wins += [{"user": rep, "at": at, "cents": 100_000} for rep in REPS[:2] for at in edges]
    wins.append({"user": REPS[0], "at": edges[1], "team": "TOTHER"})  # another team's
    return wins


def period_of(period: str, day: date) -> tuple:
    """The period a day is in, computed without the code under test."""
    return {
        "week": day.isocalendar()[:2],
        "month": (day.year, day.month),
        "quarter": (day.year, (day.month - 1) // 3),
        "year": (day.year,),
    }[period]


def direct_count(wins: list[dict], period: str, today: date) -> dict[str, tuple[int, dict]]:
    """Per rep: the wins in `today`'s period and their value per currency (EUR when none)."""
    out: dict[str, tuple[int, dict]] = {}
    for win in wins:
        day = win["at"].astimezone(AMS).date()
        if win.get("removed") or win.get("team", TEAM) != TEAM:
            continue
        if period_of(period, day) != period_of(period, today):
            continue
        count, values = out.get(win["user"], (0, {}))
        if win.get("cents") is not None:
            currency = win.get("currency") or "EUR"
            values[currency] = values.get(currency, 0) + win["cents"]
        out[win["user"]] = (count + 1, values)
    return out


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize(
    "now",
    [
        NEW_YEAR,
        datetime(2026, 12, 31, 23, 30, tzinfo=AMS),
        datetime(2027, 3, 31, 23, 59, tzinfo=AMS),
        datetime(2027, 4, 1, 0, 1, tzinfo=AMS),
        datetime(2027, 2, 10, 12, 0, tzinfo=AMS),
    ],
    ids=["new-year", "old-year", "end-q1", "start-q2", "february"],
)
def test_the_numbers_match_a_direct_count(deps, period, now):
    wins = generated()
    add_wins(deps, wins)
    shown = board(replace(deps, clock=lambda: now), team_id=TEAM, period=period)
    expected = direct_count(wins, period, now.date())
    got = {s.user_id: (s.wins, dict(s.values)) for s in shown.standings}
    assert got == expected
    assert expected, "the generated history has wins in every period tested"
    # Best first, equal counts share a rank.
    counts = [s.wins for s in shown.standings]
    assert counts == sorted(counts, reverse=True)
    for before, after in zip(shown.standings, shown.standings[1:], strict=False):
        assert (after.rank == before.rank) == (after.wins == before.wins)


def test_new_year_edge_in_amsterdam_time(deps):
    add_wins(
        deps,
        [
            {"user": "UANNA", "at": datetime(2026, 12, 31, 23, 59, tzinfo=AMS)},
            {"user": "UBRAM", "at": datetime(2027, 1, 1, 0, 0, tzinfo=AMS)},
        ],
    )
    year = board(deps, team_id=TEAM, period="year")
    assert (year.start, [s.user_id for s in year.standings]) == (date(2027, 1, 1), ["UBRAM"])
    # The week of New Year spans both years: both count.
    week = board(deps, team_id=TEAM, period="week")
    assert week.start == date(2026, 12, 28)
    assert {s.user_id for s in week.standings} == {"UANNA", "UBRAM"}


def test_removed_wins_never_count(deps):
    at = datetime(2027, 1, 1, 0, 10, tzinfo=AMS)
    add_wins(
        deps,
        [
            {"user": "UANNA", "at": at, "cents": 900_000, "removed": True},
            {"user": "UANNA", "at": at, "removed": True},
            {"user": "UBRAM", "at": at, "cents": 100_000},
        ],
    )
    shown = board(deps, team_id=TEAM, period="month")
    assert [(s.user_id, s.wins, s.values) for s in shown.standings] == [
        ("UBRAM", 1, (("EUR", 100_000),))
    ]


def test_currencies_are_never_added_up_and_none_means_the_default(deps):
    at = datetime(2027, 1, 1, 0, 10, tzinfo=AMS)
    add_wins(
        deps,
        [
            {"user": "UANNA", "at": at, "cents": 100_000, "currency": None},
            {"user": "UANNA", "at": at, "cents": 200_000, "currency": "EUR"},
            {"user": "UANNA", "at": at, "cents": 50_000, "currency": "USD"},
            {"user": "UANNA", "at": at},  # no amount: counts, adds no value
        ],
    )
    [anna] = board(deps, team_id=TEAM, period="month").standings
    assert (anna.wins, anna.values) == (4, (("EUR", 300_000), ("USD", 50_000)))
    text = texts_of(
        views.board_reply(
            "en", board(deps, team_id=TEAM, period="month"), viewer="UANNA", asked_with="x"
        )
    )
    assert "€3,000 + US$500" in text
    assert "never added up" in text


def tallies(*counts: int) -> list[Tally]:
    return [Tally(f"U{n}", "EUR", count, None) for n, count in enumerate(counts)]


def test_nobody_is_shown_last():
    board_ = standings(tallies(5, 4, 4, 3, 2, 2, 1, 1, 0), "EUR")
    assert [s.rank for s in board_] == [1, 2, 2, 4, 5, 5, 7, 7]  # no zero rows
    assert "U8" not in {s.user_id for s in board_}
    assert own_rank(board_, "U1") == 2
    assert own_rank(board_, "U6") is None  # the bottom rank is never told
    assert own_rank(board_, "U7") is None
    assert own_rank(board_, "U8") is None
    # Within the top, a rank is told even when everyone shares it.
    assert own_rank(standings(tallies(1, 1), "EUR"), "U1") == 1


def test_the_viewer_sees_their_line_without_a_bottom_rank(deps):
    at = datetime(2027, 1, 1, 0, 10, tzinfo=AMS)
    add_wins(
        deps,
        [{"user": REPS[n], "at": at} for n in range(8) for _ in range(8 - n)],
    )
    shown = board(deps, team_id=TEAM, period="month")
    named = texts_of(views.board_reply("en", shown, viewer=REPS[5], asked_with="x"))
    assert all(f"<@{rep}>" in named for rep in REPS[:5])
    assert f"<@{REPS[5]}>" not in named and "#6 with 3 new clients" in named
    last = texts_of(views.board_reply("en", shown, viewer=REPS[7], asked_with="x"))
    assert "*You:* 1 new client. Every new client counts" in last and "#8" not in last
    nobody = texts_of(views.board_reply("nl", shown, viewer=REPS[8], asked_with="x"))
    assert "nog geen nieuwe klant deze maand" in nobody


def test_an_empty_period_invites_the_first(deps):
    shown = board(deps, team_id=TEAM, period="quarter")
    reply = views.board_reply("en", shown, viewer="UANNA", asked_with="x")
    assert "No new clients yet this quarter — be the first!" in texts_of(reply)
    assert "actions" not in [b["type"] for b in reply["blocks"]]  # nothing to share
    assert "Nog geen nieuwe klanten dit kwartaal" in texts_of(
        views.board_reply("nl", shown, viewer="UANNA", asked_with="x")
    )


def test_period_words_in_english_and_dutch():
    assert [read_period(w) for w in ("", "week", "maand", "Kwartaal", "jaar", "year")] == [
        "month",
        "week",
        "month",
        "quarter",
        "year",
        "year",
    ]
    with pytest.raises(LeaderboardRefusal) as refused:
        read_period("decade")
    assert refused.value.code == "period"


def stored_share(deps, key: str):
    with deps.session_factory() as session:
        return outbox_store.find_by_key(session=session, team_id=TEAM, key=key)


def test_a_share_is_queued_once_per_board_and_holds_nothing_private(deps):
    at = datetime(2027, 1, 1, 0, 10, tzinfo=AMS)
    add_wins(deps, [{"user": "UANNA", "at": at, "cents": 100_000}, {"user": "UBRAM", "at": at}])
    asked = dict(team_id=TEAM, user_id="UBRAM", period="month", start=date(2027, 1, 1))
    first = share(deps, channel_id="CSALES01", asked_with="trig.1", **asked)
    again = share(deps, channel_id="CSALES01", asked_with="trig.1", **asked)
    assert (first.queued, again.queued, again.channel) == (True, False, "CSALES01")
    message = stored_share(deps, share_key("UBRAM", "trig.1"))
    payload = json.loads(message.payload)
    assert message.channel == payload["channel"] == "CSALES01"
    text = json.dumps(payload)
    assert "<@UANNA>" in text and "<@UBRAM>" in text
    assert "You:" not in text and "Jij:" not in text  # the viewer's own line stays private
    # Another /leaderboard is another board; asked in a DM, it goes to WINS_CHANNEL.
    other = share(deps, channel_id="D0123", asked_with="trig.2", **asked)
    assert (other.queued, other.channel) == (True, "CWINS0001")
    assert deps.notify_outbox.count == 2


# ------------------------------------------------------------------------ shared outreach


def add_checkins(deps, rows: list[tuple[str, date, int]], team: str = TEAM) -> None:
    """(rep, Monday, first meetings booked) check-ins, with a reason and a private note."""
    at = NEW_YEAR.astimezone(UTC)
    with deps.session_factory.write() as session:
        for user, week, meetings in rows:
            session.add(
                Checkin(
                    team_id=team,
                    user_id=user,
                    week=week,
                    prospects=meetings + 3,
                    meetings=meetings,
                    reasons="no_time",
                    note=f"private note of {user}",
                    created_at=at,
                    updated_at=at,
                )
            )


def generated_checkins(seed: int = 7) -> list[tuple[str, date, int]]:
    """Weekly check-ins of four reps from October 2026 to April 2027, some weeks skipped."""
    rng = random.Random(seed)
    monday = date(2026, 9, 28)
    rows = []
    while monday < date(2027, 4, 30):
        rows += [(rep, monday, rng.randrange(0, 6)) for rep in REPS[:4] if rng.random() < 0.8]
        monday += timedelta(days=7)
    return rows


def share_outreach(deps, user_id: str, shares: bool = True) -> None:
    set_sharing(deps, team_id=TEAM, user_id=user_id, shares=shares)


@pytest.mark.parametrize("period", PERIODS)
def test_first_meetings_booked_only_for_reps_who_share_against_a_direct_count(deps, period):
    rows = generated_checkins()
    add_checkins(deps, rows)
    add_checkins(deps, [(REPS[0], date(2026, 12, 28), 40)], team="TOTHER")  # another team's
    for rep in (REPS[0], REPS[2], REPS[5]):  # REPS[5] shares but never checked in
        share_outreach(deps, rep)
    share_outreach(deps, REPS[3])
    share_outreach(deps, REPS[3], shares=False)  # changed their mind
    shown = board(deps, team_id=TEAM, period=period)
    start = period_start(period, NEW_YEAR.date())
    end = period_end(period, start)
    expected = {
        rep: sum(m for user, week, m in rows if user == rep and start <= week < end)
        for rep in (REPS[0], REPS[2], REPS[5])
    }
    assert dict(shown.outreach) == expected
    assert expected[REPS[0]] > 0 or period == "week"
    assert expected[REPS[5]] == 0
    for private in (REPS[1], REPS[3], REPS[4]):
        assert shown.outreach_of(private) is None


def test_the_shared_post_shows_outreach_only_of_who_opted_in_and_nothing_else(deps):
    at = datetime(2027, 1, 1, 0, 10, tzinfo=AMS)
    add_wins(deps, [{"user": "UANNA", "at": at}, {"user": "UBRAM", "at": at}])
    add_checkins(deps, [("UANNA", date(2027, 1, 4), 3), ("UBRAM", date(2027, 1, 4), 5)])
    set_sharing(deps, team_id=TEAM, user_id="UANNA", shares=True)
    asked = dict(team_id=TEAM, user_id="UBRAM", period="month", start=date(2027, 1, 1))
    share(deps, channel_id="CSALES01", asked_with="trig.1", **asked)
    posted = texts_of(json.loads(stored_share(deps, share_key("UBRAM", "trig.1")).payload))
    lines = posted.splitlines()
    assert "🥇 <@UANNA>: 1 new client · 📅 3 first meetings booked" in lines
    assert "🥇 <@UBRAM>: 1 new client" in lines  # nothing in the column: not even a zero
    assert "5 first meetings" not in posted and "0 first meetings" not in posted
    assert "private note" not in posted and "no_time" not in posted and "prospect" not in posted
    # Anna makes them private again: the next board and its post no longer show them.
    set_sharing(deps, team_id=TEAM, user_id="UANNA", shares=False)
    share(deps, channel_id="CSALES01", asked_with="trig.2", **asked)
    again = texts_of(json.loads(stored_share(deps, share_key("UBRAM", "trig.2")).payload))
    assert "first meeting" not in again and "📅" not in again
    assert board(deps, team_id=TEAM, period="month").outreach == ()


def test_outreach_in_the_viewers_own_line_in_english_and_dutch(deps):
    add_checkins(deps, [("UANNA", date(2027, 1, 4), 1), ("UBRAM", date(2027, 1, 11), 2)])
    add_wins(deps, [{"user": "UBRAM", "at": datetime(2027, 1, 1, 0, 10, tzinfo=AMS)}])
    for rep in ("UANNA", "UBRAM"):
        share_outreach(deps, rep)
    shown = board(deps, team_id=TEAM, period="month")
    anna = texts_of(views.board_reply("en", shown, viewer="UANNA", asked_with="x"))
    assert "📅 You booked 1 first meeting." in anna  # no new client, still her outreach
    assert "show only for reps who share them: on their Home tab or with `/checkin share`" in anna
    bram = texts_of(views.board_reply("nl", shown, viewer="UBRAM", asked_with="x"))
    assert "*Jij:* #1 met 1 nieuwe klant · 📅 2 eerste afspraken gemaakt" in bram
    assert "`/checkin delen`" in bram
    nobody = texts_of(views.board_reply("en", shown, viewer="UCLAUS", asked_with="x"))
    assert "You booked" not in nobody


def test_the_migration_keeps_existing_list_rows_private(database_url):
    """0008 on a database with check-in list rows and check-ins: every rep stays private."""
    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))

    def upgrade(to: str) -> None:
        with engine.connect() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, to)

    upgrade("0007")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO checkin_member (team_id, user_id, status, changed_by, changed_at) "
                "VALUES ('T1', 'UANNA', 'added', 'UADMIN', :at), "
                "('T1', 'UBRAM', 'neutral', 'UBRAM', :at)"
            ),
            {"at": NEW_YEAR},
        )
        connection.execute(
            text(
                "INSERT INTO checkin (team_id, user_id, week, prospects, meetings, reasons, "
                "note, created_at, updated_at) "
                "VALUES ('T1', 'UANNA', :week, 5, 2, '', '', :at, :at)"
            ),
            {"week": date(2026, 12, 28), "at": NEW_YEAR},
        )
    upgrade("head")
    sessions = SessionFactory(engine)
    try:
        with sessions() as session:
            rows = session.exec(select(CheckinMember)).all()
            assert sorted((r.user_id, r.status, r.shares_outreach) for r in rows) == [
                ("UANNA", "added", False),
                ("UBRAM", "neutral", False),
            ]
    finally:
        engine.dispose()
