"""`INSERT ... ON CONFLICT DO NOTHING` for SQLite and PostgreSQL: idempotent claims without savepoints."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel

from storage.db import DriverStatement


def scalar_defaults(table: Table, given: Collection[str]) -> dict[str, Any]:
    """The Python-side defaults of `table`'s columns that are not `given`, for a statement
    run on the driver connection (where SQLAlchemy applies none). ValueError for a default
    computed in Python: such a column must be given."""
    defaults = {}
    for column in table.columns:
        default: Any = column.default
        if column.key in given or default is None:
            continue
        if not default.is_scalar:
            raise ValueError(f"give {table.name}.{column.key}: its default is computed in Python")
        defaults[column.key] = default.arg
    return defaults


@lru_cache(maxsize=128)
def _statement(
    model: type[SQLModel],
    dialect_name: str,
    conflict: tuple[str, ...],
    returning: str,
    given: frozenset[str],
) -> tuple[DriverStatement, dict[str, Any]]:
    """The statement for rows that give the columns `given`, and the column defaults that
    fill the others: it runs on the driver connection (an insert on every /newclient), where
    SQLAlchemy applies no defaults."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = model.__table__  # type: ignore[attr-defined]
    defaults = scalar_defaults(table, given)
    insert = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(table.c[returning])
    )
    return DriverStatement(insert, column_keys=sorted(given | defaults.keys())), defaults


def insert_if_absent(
    session: Session,
    model: type[SQLModel],
    values: dict[str, Any],
    conflict: list[str],
    *,
    returning: str = "id",
) -> Any | None:
    """Insert one row unless a row with the same `conflict` columns exists.

    Returns the new row's `returning` column (its id), or None when it already existed.
    A column whose default is computed in Python (a callable) must be in `values`.
    """
    connection = session.connection()
    statement, defaults = _statement(
        model, connection.dialect.name, tuple(conflict), returning, frozenset(values)
    )
    row = statement.first_in(connection, defaults | values if defaults else values)
    return None if row is None else row[0]
