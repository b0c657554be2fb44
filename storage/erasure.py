"""A team's rows in every table of the live database: counted, or deleted in one transaction.

The tables are read from the database itself, not from storage.models, so that tables other
code owns (Bolt's installation store, added by a migration) are included. A table with a
`team_id` column is matched on it; a table without one that points at such a table by a
foreign key is matched through its parent; any other table (alembic_version, Bolt's OAuth
state) holds nothing of a team.
"""

from __future__ import annotations

from sqlalchemy import MetaData, Table, delete, func, or_, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

TEAM_COLUMN = "team_id"
# How far a table without team_id may sit below one with it (child, grandchild, ...).
MAX_DEPTH = 4


def _tables(connection: Connection) -> list[Table]:
    """Every table of the current schema, parents before the tables that point at them."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return list(metadata.sorted_tables)


def _of_team(table: Table, team_id: str, depth: int = 0) -> ColumnElement[bool] | None:
    """Which rows of `table` are the team's; None when the table holds nothing of a team."""
    if TEAM_COLUMN in table.c:
        return table.c[TEAM_COLUMN] == team_id
    if depth >= MAX_DEPTH:
        return None
    through: list[ColumnElement[bool]] = []
    for fk in table.foreign_key_constraints:
        parent = fk.referred_table
        if parent is table:
            continue
        parent_rows = _of_team(parent, team_id, depth + 1)
        if parent_rows is None:
            continue
        own = list(fk.columns)
        referred = [element.column for element in fk.elements]
        if len(own) == 1:
            through.append(own[0].in_(select(referred[0]).where(parent_rows)))
        else:
            through.append(tuple_(*own).in_(select(*referred).where(parent_rows)))
    return or_(*through) if through else None


def team_rows(*, session: Session, team_id: str) -> dict[str, int]:
    """Table name -> how many of the team's rows it holds (tables holding none left out)."""
    counts: dict[str, int] = {}
    for table in _tables(session.connection()):
        rows = _of_team(table, team_id)
        if rows is None:
            continue
        found = session.execute(select(func.count()).select_from(table).where(rows)).scalar_one()
        if found:
            counts[table.name] = int(found)
    return counts


def team_user_ids(*, session: Session, team_id: str) -> list[str]:
    """The people of the team the bot keeps a profile of (to drop them from caches)."""
    for table in _tables(session.connection()):
        if table.name == "slack_user" and "user_id" in table.c:
            query = select(table.c.user_id).where(table.c[TEAM_COLUMN] == team_id)
            return [str(user) for user in session.execute(query).scalars()]
    return []


def delete_team(*, session: Session, team_id: str) -> dict[str, int]:
    """Delete every row of the team from every table, children before their parents, in the
    caller's transaction. Table name -> rows deleted (tables with none left out)."""
    deleted: dict[str, int] = {}
    for table in reversed(_tables(session.connection())):
        rows = _of_team(table, team_id)
        if rows is None:
            continue
        result = session.execute(delete(table).where(rows))
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            deleted[table.name] = count
    return deleted
