"""Alembic environment: runs on the connection handed over by storage.db.migrate, or on the URL.

Every upgrade runs in one transaction, on SQLite too (storage.db makes pysqlite send BEGIN), so a
crash at any moment leaves the schema as it was or fully upgraded, and a second process starting at
the same time waits for the first and then finds the schema current."""

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - registers the tables on SQLModel.metadata
from storage.db import SQLITE_BEGIN, make_engine

config = context.config
target_metadata = SQLModel.metadata

# Keyed by schema as well: bots in other schemas of one database need not wait for each other.
PG_MIGRATION_LOCK = (
    "SELECT pg_advisory_xact_lock(1511938823, hashtext(coalesce(current_schema(), '')))"
)


def _sqlite_pragma(connection: Connection, pragma: str) -> None:
    # On the pysqlite connection itself: SQLAlchemy would wrap the PRAGMA in its transaction.
    driver = connection.connection.driver_connection
    assert driver is not None, "the connection is closed"
    driver.execute(pragma)


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        # Alembic takes SQLite for non-transactional; with BEGIN sent it is transactional.
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    if sqlite:
        # BEGIN IMMEDIATE: a second process waits (busy timeout) until the first has committed.
        connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        # Batch mode copies and drops tables, which enforced foreign keys refuse; the switch only
        # works outside a transaction. The check before COMMIT keeps the data consistent.
        _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            if not sqlite:
                # Held until COMMIT; a second process waits here, then finds the schema current.
                connection.execute(text(PG_MIGRATION_LOCK))
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("the migration left rows whose foreign key points nowhere")
    finally:
        if sqlite:
            _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no database: set sqlalchemy.url or migrate with storage.db.migrate")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()
