"""`INSERT ... ON CONFLICT DO NOTHING` for SQLite and PostgreSQL: idempotent claims without savepoints."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session, SQLModel


@lru_cache(maxsize=64)
def _statement(
    model: type[SQLModel], dialect_name: str, conflict: tuple[str, ...], returning: str
) -> Insert:
    # Built once per table: the values travel as parameters, so SQLAlchemy's compiled cache hits.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = model.__table__  # type: ignore[attr-defined]
    return (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(table.c[returning])
    )


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
    """
    connection = session.connection()
    statement = _statement(model, connection.dialect.name, tuple(conflict), returning)
    return connection.execute(statement, values).scalar_one_or_none()
