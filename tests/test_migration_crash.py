"""The first start's migrations killed with SIGKILL at random moments, and two first starts at once:
the database is left with no schema or the whole schema, never a half-made one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from storage.db import MIGRATIONS_DIR, make_engine, migrate

ROOT = Path(__file__).parent.parent

# Prints "ready" once imported; with a second argument it then waits for a line on stdin, so
# that two processes can be released at the same moment. Prints how long the migration took.
CHILD = """
import sys, time
from storage.db import make_engine, migrate
engine = make_engine(sys.argv[1])
print("ready", flush=True)
if len(sys.argv) > 2:
    sys.stdin.readline()
start = time.perf_counter()
migrate(engine)
print(f"done {time.perf_counter() - start:.4f}", flush=True)
"""

Schema = dict[str, list[str]]


def start_child(url: str, *, hold: bool = False) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, *(["hold"] if hold else [])],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def schema_of(url: str) -> tuple[Schema, str | None]:
    """Tables with their columns, and the Alembic revision stored in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            tables = {
                name: sorted(col["name"] for col in inspector.get_columns(name))
                for name in inspector.get_table_names()
            }
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return tables, revision
    finally:
        engine.dispose()


def head_revision() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


@pytest.fixture
def fresh_database(database_url, tmp_path) -> Iterator[Callable[[], str]]:
    """Makes new empty databases of the kind `database_url` is (a file, or a PostgreSQL schema)."""
    if database_url.startswith("sqlite"):
        yield lambda: f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    admin = create_engine(os.environ["TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
    schemas: list[str] = []

    def make() -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        base = os.environ["TEST_POSTGRES_URL"]
        return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

    yield make
    with admin.connect() as conn:
        for schema in schemas:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_a_kill_at_any_moment_of_the_first_start_leaves_no_schema_or_all_of_it(
    database_url, fresh_database
):
    sqlite = database_url.startswith("sqlite")
    tries = 16 if sqlite else 6
    # The reference: an uninterrupted first start, which also measures how long it takes.
    reference_url = fresh_database()
    child = start_child(reference_url)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    window = float(out.split()[-1]) * 1.2
    complete, revision = schema_of(reference_url)
    assert revision == head_revision()

    rng = random.Random()
    interrupted = 0
    for attempt in range(tries):
        url = fresh_database()
        child = start_child(url)
        # One kill in each slice of the window, at a random moment within it.
        try:
            child.wait(timeout=window * (attempt + rng.random()) / tries)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        if child.returncode == -signal.SIGKILL:
            interrupted += 1
        left, left_revision = schema_of(url)
        assert (left, left_revision) in (({}, None), (complete, revision)), (
            f"kill {attempt} left a half-made schema: {sorted(left)} at {left_revision}"
        )
        # The next start finds a database it can bring up to date.
        engine = make_engine(url)
        try:
            migrate(engine)
        finally:
            engine.dispose()
        assert schema_of(url) == (complete, revision)
    # Most kills must have landed before the migration finished, or this proved nothing.
    assert interrupted >= tries // 2


def test_two_first_starts_at_once_both_succeed(database_url, fresh_database):
    url = fresh_database()
    children = [start_child(url, hold=True) for _ in range(2)]
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    tables, revision = schema_of(url)
    assert revision == head_revision()
    reference = fresh_database()
    engine = make_engine(reference)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    assert (tables, revision) == schema_of(reference)
