"""Engine and sessions. SQLite gets WAL, a busy timeout and real transactions; PostgreSQL is used
as it is."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, OperationalError
from sqlalchemy.sql import Select
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

T = TypeVar("T")

# The most units of work one grouped SQLite transaction takes (SessionFactory.write_together).
GROUP_LIMIT = 32

# Execution option read by the SQLite `begin` hook: "IMMEDIATE" takes the write lock at BEGIN;
# AUTOCOMMIT sends no BEGIN at all (each statement its own transaction).
SQLITE_BEGIN = "salesbot_sqlite_begin"
AUTOCOMMIT = "AUTOCOMMIT"


def make_engine(url: str) -> Engine:
    """Create an engine tuned for many short transactions from several threads."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record) -> None:
            # pysqlite's own transaction handling sends no BEGIN before DDL, so each statement of
            # a migration committed on its own and a crash left half a schema. SQLAlchemy's
            # documented recipe: switch that off and send BEGIN ourselves (below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:
            mode = connection.get_execution_options().get(SQLITE_BEGIN)
            if mode != AUTOCOMMIT:
                connection.exec_driver_sql(f"BEGIN {mode}" if mode else "BEGIN")

        return engine
    # Last in, first out: at a trickle of requests the connection just handed back is used
    # again (and so needs no ping), and the others can time out on the server.
    engine = create_engine(url, pool_size=10, max_overflow=10, pool_use_lifo=True)
    _ping_when_idle(engine)
    return engine


# A pooled PostgreSQL connection idle longer than this is pinged before it is handed out: the
# server may have restarted meanwhile, or something between dropped the connection. SQLAlchemy's
# pool_pre_ping pings at every checkout, two round trips of the seven an ack made; a connection
# that answered a moment ago is handed out as it is.
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        # `info` goes with the driver connection: a new one has no idle time and needs no ping.
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise
            # As pool_pre_ping does: the server went away, so the pool's older connections are
            # dead too. The pool drops them and hands out a new one (SQLAlchemy's contract).
            raise InvalidatePoolError(f"a pooled connection was dead: {error}") from error


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    # Two processes opening a new database at once: the one that loses the race to convert it
    # gets "database is locked" at once (SQLite skips the busy handler to avoid a deadlock). The
    # winner is done within milliseconds, after which WAL is already on.
    deadline = time.monotonic() + 30
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, all of it in one transaction."""
    from alembic import command  # only where migrations run (see migrate_apart)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Handed over outside a transaction: env.py begins it, so that it can prepare the connection
    # (SQLite's write lock and foreign-key switch) first.
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


# The child of migrate_apart: its exit status when the database cannot be used (the reason is
# its last line on stdout), and the variable that hands it the URL (never on a command line,
# where `ps` would show the password).
UNUSABLE_DATABASE = 3
MIGRATE_URL_VARIABLE = "SALESBOT_MIGRATE_URL"


class DatabaseUnusable(Exception):
    """The database could not be reached or opened; the message is the driver's reason."""

    @classmethod
    def of(cls, error: OperationalError) -> DatabaseUnusable:
        """The driver's reason, its first line (the rest is SQLAlchemy's help link)."""
        return cls(str(error.orig or error).strip().splitlines()[0])


def migrate_apart(database_url: str) -> None:
    """`migrate` in a child process (`python -m storage.migrate`), so that a running bot never
    imports Alembic and Mako: about 12 MiB it would keep to the end (issue 14: at most 120 MiB a
    process). Raises DatabaseUnusable with the reason; any other failure as RuntimeError after
    the child printed its traceback. An in-memory SQLite database is migrated here."""
    if sqlite_lock_path(database_url) is None and database_url.startswith("sqlite"):
        migrate(make_engine(database_url))  # a child could not reach this process's memory
        return
    child = subprocess.run(
        [sys.executable, "-m", "storage.migrate"],
        env={**os.environ, MIGRATE_URL_VARIABLE: database_url},
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if child.returncode == UNUSABLE_DATABASE:
        lines = child.stdout.strip().splitlines()
        raise DatabaseUnusable(lines[-1] if lines else "no reason given")
    if child.returncode != 0:
        raise RuntimeError(f"migrating the database failed (exit status {child.returncode})")


class SessionFactory:
    """Opens one short session per unit of work; safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time: queueing writers in-process is fairer than
        # letting them spin on the busy timeout (it cuts the latency tail by more than half).
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else None
        # A write transaction that begins deferred and reads first fails with SQLITE_BUSY (no
        # waiting) when another process wrote meanwhile: take the write lock at BEGIN instead.
        self._write_engine = (
            engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
            if self._write_lock is not None
            else engine
        )

        # SQLite: no BEGIN and no ROLLBACK around a read that needs no snapshot of its own.
        self._lone_read_engine = (
            engine.execution_options(**{SQLITE_BEGIN: AUTOCOMMIT})
            if self._write_lock is not None
            else engine
        )
        # write_together: the units of work waiting for a grouped transaction, and whether
        # one is being run (by the thread that leads it).
        self._group: list[_Unit] = []
        self._group_changed = threading.Condition(threading.Lock())
        self._group_running = False

    @property
    def one_writer(self) -> bool:
        """True on SQLite: one writer at a time, queued in this process by `write()`."""
        return self._write_lock is not None

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        """A session for reads (and writes, committed by the caller)."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def first_row(self, statement: DriverStatement, params: dict[str, Any]) -> tuple | None:
        """A read that stands alone, on the driver connection (see DriverStatement)."""
        return statement.first(self._lone_read_engine, params)

    def write_alone(self, statement: DriverStatement, params: dict[str, Any]) -> tuple | None:
        """PostgreSQL: one statement that is a transaction of its own (writes in CTEs
        included), and its first row, in one round trip with no BEGIN and no COMMIT. SQLite
        writes go through `write()` or `write_together()`, which queue its one writer."""
        if self._write_lock is not None:
            raise TypeError("write_alone is for PostgreSQL; on SQLite use write()")
        return statement.first(self.engine, params)

    @contextmanager
    def lone_reads(self) -> Iterator[Session]:
        """A session for reads each of which stands alone (no two need the same snapshot),
        never for writes: on SQLite each statement is its own transaction, which saves two
        round trips through SQLite (and the GIL) on the ack path."""
        with Session(self._lone_read_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error."""
        if self._write_lock is None:
            with self() as session:
                yield session
                session.commit()
            return
        with self._write_lock, Session(self._write_engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    def write_together(self, work: Callable[[Session], T]) -> T:
        """`work(session)` committed, as `write()` would, and its result. On SQLite, the work
        that threads hand in at the same moment runs in one transaction.

        SQLite commits one transaction at a time, and each commit writes every page it
        changed to the log: a win touches 13 B-trees. Under a burst of acks the threads
        queue for the write lock; here the first of them runs everything queued in one
        transaction (group commit) while the others sleep, instead of each taking the lock,
        the GIL and a commit of its own. `work` must only touch the session: when a grouped
        transaction fails, each piece runs again alone, so that an error is its own."""
        if self._write_lock is None:  # PostgreSQL: grouping measured slower (it serializes)
            with self.write() as session:
                return work(session)
        unit = _Unit(work)
        with self._group_changed:
            self._group.append(unit)
            while True:
                while not unit.done and self._group_running:
                    self._group_changed.wait()
                if unit.done:
                    return unit.outcome()
                # This thread leads: it runs what is queued, its own work among it.
                self._group_running = True
                batch, self._group = self._group[:GROUP_LIMIT], self._group[GROUP_LIMIT:]
                self._group_changed.release()
                try:
                    self._run_group(batch)
                finally:
                    self._group_changed.acquire()
                    # Interrupted half-way: what did not run waits for the next leader.
                    self._group[:0] = [waiting for waiting in batch if not waiting.done]
                    self._group_running = False
                    self._group_changed.notify_all()

    def _run_group(self, batch: list[_Unit]) -> None:
        try:
            with self.write() as session:
                results = [unit.work(session) for unit in batch]
        except Exception:  # noqa: BLE001 - nothing was stored: each piece runs alone below
            for unit in batch:
                try:
                    with self.write() as session:
                        unit.result = unit.work(session)
                except Exception as error:  # noqa: BLE001 - its caller gets it
                    unit.error = error
                unit.done = True
            return
        for unit, result in zip(batch, results, strict=True):
            unit.result, unit.done = result, True

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False


class DriverStatement:
    """A Core SELECT (or INSERT ... RETURNING) compiled once per dialect and run straight on a
    driver connection, for the ack path's hottest statements: SQLAlchemy's session and
    execution machinery cost five times the query itself (94 against 15 us on SQLite). Values
    go in and out through the columns' own type processors, so they are exactly what
    SQLAlchemy would write and read; a driver error comes out as SQLAlchemy's own exception.
    Python-side column defaults are not applied: an INSERT names every column it fills
    (`column_keys`)."""

    def __init__(
        self, statement: Select | Insert | TextualSelect, column_keys: Sequence[str] | None = None
    ):
        self.statement = statement
        self.column_keys = list(column_keys) if column_keys is not None else None
        self._compiled: dict[str, tuple] = {}

    def _for(self, dialect: Dialect) -> tuple:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.column_keys)
            binds = {
                name: (
                    bind.value,
                    bind.type.dialect_impl(dialect).bind_processor(dialect),
                    bind.required,
                )
                for name, bind in compiled.binds.items()
            }
            results = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.statement.exported_columns
            ]
            found = (compiled.string, compiled.positiontup, binds, results)
            self._compiled[dialect.name] = found
        return found

    def prepared(self, dialect: Dialect, params: dict[str, Any]) -> tuple[str, Any]:
        """The SQL and the driver's parameters for `params` (bind names; the others keep
        their statement's values, such as LIMIT's)."""
        sql, positions, binds, _ = self._for(dialect)
        values = {}
        for name, (default, process, required) in binds.items():
            if required and name not in params:
                raise ValueError(f"no value for {name!r} in {sql}")
            value = params.get(name, default)
            values[name] = process(value) if process is not None and value is not None else value
        return sql, [values[name] for name in positions] if positions else values

    def first(self, engine: Engine, params: dict[str, Any]) -> tuple | None:
        """The first row for `params`, run on a pooled connection of its own as a transaction
        of its own. On PostgreSQL that is psycopg's autocommit: a BEGIN and a ROLLBACK (or
        COMMIT) would be two more round trips, and each ROLLBACK drops psycopg's prepared
        statements, so the server would parse and plan a read every time."""
        connection = engine.raw_connection()
        try:
            driver: Any = connection.driver_connection
            autocommit = engine.dialect.name == "postgresql" and not driver.autocommit
            if autocommit:
                driver.autocommit = True
            try:
                return self._first(engine.dialect, connection, params)
            except DBAPIError as error:
                if error.connection_invalidated:
                    connection.invalidate(error)  # the server is gone: not back to the pool
                raise
            finally:
                if autocommit and connection.is_valid:
                    try:
                        driver.autocommit = False  # as the pool hands it out
                    except Exception as error:  # noqa: BLE001 - then it is not reused at all
                        connection.invalidate(error)
        finally:
            connection.close()

    def first_in(self, connection: Connection, params: dict[str, Any]) -> tuple | None:
        """The first row for `params`, in `connection`'s transaction (a session's)."""
        return self._first(connection.dialect, connection.connection, params)

    def _first(self, dialect: Dialect, connection: Any, params: dict[str, Any]) -> tuple | None:
        sql, parameters = self.prepared(dialect, params)
        results = self._for(dialect)[3]
        cursor = connection.cursor()
        try:
            cursor.execute(sql, parameters)
            row = cursor.fetchone()
        except dialect.loaded_dbapi.Error as error:
            gone = dialect.is_disconnect(error, connection.driver_connection, cursor)
            raise DBAPIError.instance(
                sql,
                parameters,
                error,
                dialect.loaded_dbapi.Error,
                connection_invalidated=gone,
                dialect=dialect,
            ) from error
        finally:
            cursor.close()
        if row is None:
            return None
        return tuple(
            process(value) if process is not None else value
            for value, process in zip(row, results, strict=True)
        )


class _Unit:
    """One caller's work in a grouped transaction, and how it ended."""

    def __init__(self, work: Callable[[Session], Any]) -> None:
        self.work = work
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.result


class DatabaseInUse(Exception):
    """Another salesbot process holds this SQLite database; the message says so in one line."""


class SingleProcess:
    """This process's claim on a SQLite database (nothing to hold for PostgreSQL or in memory).

    An OS lock (flock) on a file next to the database: the kernel lets it go when the process
    ends, however it ends, so a crash never leaves the database claimed.
    """

    def __init__(self, file: IO[str] | None = None, path: Path | None = None) -> None:
        self.file = file
        self.path = path

    def release(self) -> None:
        if self.file is not None:
            # The file stays: removing it would let a third process lock a new file while a
            # second still waits on the old one.
            self.file.close()
            self.file = None

    def __enter__(self) -> SingleProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def sqlite_lock_path(database_url: str) -> Path | None:
    """The lock file of a SQLite database file (`bot.db` -> `bot.db.lock`); None otherwise."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database + ".lock")


def claim_single_process(database_url: str) -> SingleProcess:
    """Claim a SQLite database for this process until `release()` (or the process ends).

    Raises DatabaseInUse when another process holds it: SQLite serves one process, several
    need PostgreSQL (which this leaves alone: replicas coordinate in the database).
    """
    path = sqlite_lock_path(database_url)
    if path is None:
        return SingleProcess()
    try:
        # "a+": opening must not wipe the holder's pid before we know we hold the lock.
        file = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
    except OSError:
        # No folder or no right to write there: the database cannot be opened either, and
        # the start reports that (in its own words) a moment later.
        return SingleProcess()
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.seek(0)
        pid = file.read().strip() or "unknown"
        file.close()
        raise DatabaseInUse(
            f"{_database_name(database_url)} is already used by another salesbot process "
            f"(pid {pid}); SQLite serves one process; use PostgreSQL for several"
        ) from None
    file.seek(0)
    file.truncate()
    file.write(f"{os.getpid()}\n")
    file.flush()
    return SingleProcess(file, path)


def _database_name(database_url: str) -> str:
    return make_url(database_url).database or database_url
