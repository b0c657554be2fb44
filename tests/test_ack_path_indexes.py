"""Ack time must not grow with the data: every query run while answering a `/newclient` quick
log, a congratulation and the Home tab finds its rows of win, congratulation and outbox through
an index, never by reading the whole table. The queries are the ones the bot really runs
(captured from its engine while it answers through its HTTP endpoint), planned by the database
itself on tables holding thousands of rows of many teams, after ANALYZE."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

from conftest import TEAM_ID, WINS_CHANNEL
from sqlalchemy import event, insert, select, text
from sqlalchemy.engine import Engine

from bot.views.wins import CONGRATULATE_ACTION_ID
from storage.models import QUEUE_INDEX, Congratulation, OutboxMessage, Win
from storage.outbox import _claim_statements

CHECKED = ("win", "congratulation", "outbox")
OTHER_TEAMS, WINS_PER_TEAM, USERS_PER_TEAM = 60, 120, 12
OUR_WINS_PER_YEAR, OUR_YEARS = 150, 4


def seed(engine: Engine, now: datetime) -> None:
    """Wins of many teams over several years, each congratulated twice and celebrated once."""
    wins: list[dict] = []

    def add(team: str, n: int, moment: datetime, users: list[str]) -> None:
        wins.append(
            {
                "team_id": team,
                "user_id": users[n % len(users)],
                "client_name": f"Client {team} {n}",
                "amount_cents": 100_000 * (1 + n % 50),
                "currency": "EUR",
                "year": moment.year,
                "source_key": f"seed:{team}:{n}",
                "created_at": moment,
            }
        )

    ours = ["UANNA", "UBRAM", "UCHRIS", "UDIRK"] + [f"UREP{n:03}" for n in range(8)]
    for back in range(OUR_YEARS):
        for n in range(OUR_WINS_PER_YEAR):
            moment = now - timedelta(days=365 * back + 1 + n % 300, minutes=n)
            add(TEAM_ID, back * 1000 + n, moment, ours)
    for t in range(OTHER_TEAMS):
        team = f"TOTHER{t:03}"
        users = [f"U{t:03}R{u:02}" for u in range(USERS_PER_TEAM)]
        for n in range(WINS_PER_TEAM):
            add(team, n, now - timedelta(days=n * 9 % 1400, minutes=n), users)
    with engine.begin() as conn:
        conn.execute(insert(Win), wins)
        table = Win.__table__.c  # type: ignore[attr-defined]
        rows = conn.execute(select(table.id, table.team_id, table.user_id, table.created_at)).all()
        conn.execute(
            insert(Congratulation),
            [
                {"team_id": team, "win_id": wid, "user_id": f"{user}C{k}", "created_at": at}
                for wid, team, user, at in rows
                for k in range(2)
            ],
        )
        conn.execute(
            insert(OutboxMessage),
            [
                {
                    "team_id": team,
                    "key": f"celebrate:{wid}",
                    "kind": "celebrate",
                    "win_id": wid,
                    "channel": "CSEED",
                    "status": "sent",
                    "attempts": 1,
                    "maybe_sent": False,
                    "next_attempt_at": at,
                    "created_at": at,
                    "sent_at": at,
                    "message_ts": f"{wid}.0001",
                }
                for wid, team, _user, at in rows
            ],
        )
        conn.execute(text("ANALYZE"))


class Captured:
    """The statements (with their parameters) the engine runs while switched on."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.on, self.lock = engine, False, threading.Lock()
        self.statements: list[tuple[str, object]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on and not executemany:
            with self.lock:
                self.statements.append((statement, parameters))

    def reading(self) -> list[tuple[str, object]]:
        """The SELECT, UPDATE and DELETE statements on the checked tables, each once."""
        seen, out = set(), []
        for statement, parameters in self.statements:
            verb = statement.lstrip().split(None, 1)[0].upper()
            tables = set(re.findall(r"\b(?:FROM|JOIN|UPDATE)\s+\"?(\w+)", statement, re.I))
            reads = verb in ("SELECT", "UPDATE", "DELETE", "WITH") and tables & set(CHECKED)
            if reads and statement not in seen:
                seen.add(statement)
                out.append((statement, parameters))
        return out


def _table(pattern: str, line: str) -> str | None:
    found = re.search(pattern, line)
    return found.group(1) if found and found.group(1) in CHECKED else None


def full_scans(engine: Engine, statement: str, parameters: object) -> list[str]:
    """The plan's lines that read one of the checked tables (or an index of it) whole, or
    from one end by id (a range that grows with the table)."""
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        if engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = [row[3] for row in cursor.fetchall()]
            bad = [
                line
                for line in plan
                if _table(r"^SCAN (\w+)", line)
                or _table(r"^SEARCH (\w+) USING INTEGER PRIMARY KEY \(rowid[<>]", line)
                # Only the team found by the index: every row the team ever had is read.
                or _table(r"^SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \(team_id=\?\)$", line)
            ]
        else:
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = [row[0] for row in cursor.fetchall()]
            bad = []
            for n, line in enumerate(plan):
                if _table(r"Seq Scan on (\w+)", line):
                    bad.append(line)
                elif _table(r"Index (?:Only )?Scan (?:Backward )?using \w+ on (\w+)", line):
                    # An index walked without a condition is the whole table in index order.
                    below = plan[n + 1 : n + 4]
                    if not any("Index Cond" in b for b in below):
                        bad.append(line)
        cursor.close()
    return [*bad, "--- plan:", *plan] if bad else []


def test_every_ack_path_query_finds_its_rows_through_an_index(make_bot, database_url):
    bot = make_bot(database_url)
    engine = bot.runtime.engine
    seed(engine, bot.clock())
    captured = Captured(engine)

    captured.on = True
    assert b"is logged" in bot.command("Acme 10k", user="UANNA").body
    captured.on = False
    assert bot.deliver() == 1  # the celebration, so that it can be congratulated
    [message] = bot.fake.messages(WINS_CHANNEL)
    value = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]["value"]
    captured.on = True
    assert bot.click(CONGRATULATE_ACTION_ID, value, user="UBRAM", message=message).status == 200
    assert bot.event({"type": "app_home_opened", "user": "UANNA", "tab": "home"}).status == 200
    bot.wait_until(lambda: bot.fake.calls_to("views.publish"), what="the Home tab")
    captured.on = False

    queries = captured.reading()
    touched = {t for s, _ in queries for t in CHECKED if re.search(rf"\b{t}\b", s)}
    # A congratulation is only inserted (its unique (win_id, user_id) index finds a repeat).
    assert touched == {"win", "outbox"}, "the ack path was not captured"
    scans = {s: bad for s, p in queries if (bad := full_scans(engine, s, p))}
    assert scans == {}, "\n\n".join(f"{s}\n" + "\n".join(bad) for s, bad in scans.items())


def test_the_thirty_day_check_finds_its_row_through_an_index(make_bot, database_url):
    """The check runs on the driver connection (storage.db.DriverStatement), out of sight of
    the engine's events above: its plan is checked here, with the values it is run with."""
    from storage.wins import _LATEST_OF_CLIENT

    bot = make_bot(database_url)
    engine = bot.runtime.engine
    seed(engine, bot.clock())
    given = {"team_id": TEAM_ID, "client_key": "acme", "since": bot.clock() - timedelta(days=30)}
    sql, parameters = _LATEST_OF_CLIENT.prepared(engine.dialect, given)
    assert full_scans(engine, sql, parameters) == []
    assert b"is logged" in bot.command("Acme 10k", user="UANNA").body
    asked = bot.command("ACME 5k", user="UBRAM").body  # and it finds it: Bram is asked
    assert b"*Acme*" in asked and b"<@UANNA>" in asked


def test_the_migrations_create_the_indexes_the_models_declare(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from storage.db import make_engine, migrate

    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    finally:
        engine.dispose()
    # slack_sdk's installation tables (migration 0011) are not models: their indexes are its own.
    index_ops = [
        op
        for op in diff
        if op[0] in ("add_index", "remove_index") and op[1].table.name in SQLModel.metadata.tables
    ]
    assert index_ops == []


def test_starting_the_bot_does_not_load_matplotlib_or_icalendar():
    """matplotlib (with numpy) is ~40 MiB of a process: it loads with the first chart drawn;
    icalendar (2 MiB) with the first calendar file built."""
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import sys, bot.app, bot.__main__; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'numpy', 'PIL', 'icalendar'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.strip() == "[]"


def test_the_outbox_claim_walks_its_queue_index_on_sqlite(sqlite_sessions):
    """A claim looks for the oldest due message in id order: SQLite's planner must walk
    ix_outbox_queue (status, id) and stop at the first found, not range over another index and
    sort every due message (300 ms with 4,000 queued for one channel). SQLAlchemy renders no
    index hint for SQLite, so this is the planner's own choice, checked here."""
    engine = sqlite_sessions.engine
    now = datetime.now(UTC)
    skips = {"skip_teams": ["T9"], "skip_channels": [("T9", "C9")], "skip_ids": [1]}
    params = {"now": now, "real_now": now, "after_id": 0, "limit": 1} | skips
    plans: list[list[str]] = []

    def explain(conn, cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().startswith("SELECT outbox.id"):
            rows = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans.append([row[3] for row in rows])

    event.listen(engine, "before_cursor_execute", explain)
    try:
        with engine.connect() as conn:
            for shape in ((False, False, False), (True, True, True)):
                statements = _claim_statements("sqlite", *shape)
                conn.execute(statements.waiting, params).all()
                conn.execute(statements.lapsed, params).all()
    finally:
        event.remove(engine, "before_cursor_execute", explain)

    assert len(plans) == 4
    for plan in plans:
        assert plan[0].startswith(f"SEARCH outbox USING INDEX {QUEUE_INDEX} (status=? AND id>?)"), (
            plan
        )
        assert not any("TEMP B-TREE" in line for line in plan), plan
