"""When the clock next looks at each subject of a source of timed messages (see
`bot.jobs.schedule`): the pass reads the subjects whose moment has come, by index, instead of
computing everyone's messages every minute. A write that changes a subject's schedule marks it
(`look_again`), so the next pass looks at it whatever moment was stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from storage.models import DueSubject

# "Look at it in the next pass": long ago, so one range on the index finds it.
LOOK_NOW = datetime(2000, 1, 1, tzinfo=UTC)

Subject = tuple[str, str]  # (team_id, subject)

# The sources whose subjects are stored here (each a `bot.jobs.schedule.DueSubjects`).
CHECKINS = "checkins"  # subject: a rep or manager's user id
ONEONONES = "oneonones"  # subject: a 1:1 series id
# A bound parameter list per statement well below SQLite's and PostgreSQL's limits.
CHUNK = 500


def among(team_column: Any, id_column: Any, pairs: Iterable[Subject]) -> Iterator[ColumnElement]:
    """WHERE clauses (one statement each) matching the (team_id, id) `pairs`: `team_id = ? AND
    id IN (...)`, so the (team_id, id, ...) indexes are used."""
    by_team: dict[str, list[str]] = {}
    for team_id, subject in pairs:
        by_team.setdefault(team_id, []).append(subject)
    for team_id, ids in sorted(by_team.items()):
        ids.sort()
        for start in range(0, len(ids), CHUNK):
            yield and_(team_column == team_id, id_column.in_(ids[start : start + CHUNK]))


def due_subjects(*, session: Session, source: str, now: datetime) -> dict[Subject, datetime]:
    """The subjects of `source` whose next moment has come (or whose data changed), each with
    the moment stored (hand it back to `set_next`)."""
    rows = session.exec(
        select(DueSubject.team_id, DueSubject.subject, DueSubject.next_at).where(
            col(DueSubject.source) == source, col(DueSubject.next_at) <= now
        )
    ).all()
    return {(team_id, subject): next_at for team_id, subject, next_at in rows}


def known_subjects(*, session: Session, source: str) -> set[Subject]:
    rows = session.exec(
        select(DueSubject.team_id, DueSubject.subject).where(col(DueSubject.source) == source)
    ).all()
    return {(team_id, subject) for team_id, subject in rows}


def add_subjects(*, session: Session, source: str, subjects: Iterable[Subject]) -> None:
    """New subjects, looked at in the next pass (one already known is left as it is)."""
    rows = [
        {"source": source, "team_id": team_id, "subject": subject, "next_at": LOOK_NOW}
        for team_id, subject in subjects
    ]
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = DueSubject.__table__  # type: ignore[attr-defined]
    statement = dialect.insert(table).on_conflict_do_nothing(
        index_elements=["source", "team_id", "subject"]
    )
    for start in range(0, len(rows), CHUNK):
        connection.execute(statement, rows[start : start + CHUNK])


def forget_subjects(*, session: Session, source: str, subjects: Iterable[Subject]) -> None:
    for clause in among(col(DueSubject.team_id), col(DueSubject.subject), subjects):
        session.execute(delete(DueSubject).where(col(DueSubject.source) == source, clause))


def set_next(
    *,
    session: Session,
    source: str,
    moments: Mapping[Subject, datetime],
    seen: Mapping[Subject, datetime] | None = None,
) -> None:
    """Each subject's next moment (one statement for all of them). With `seen` (what
    `due_subjects` read), a subject whose stored moment changed meanwhile (`look_again` while
    the pass looked) keeps the new one: the next pass looks at it."""
    if not moments:
        return
    table = DueSubject.__table__  # type: ignore[attr-defined]
    statement = update(table).where(
        table.c.source == bindparam("b_source"),
        table.c.team_id == bindparam("b_team"),
        table.c.subject == bindparam("b_subject"),
    )
    if seen is not None:
        statement = statement.where(table.c.next_at == bindparam("b_seen"))
    rows = [
        {"b_source": source, "b_team": team_id, "b_subject": subject, "b_next": at}
        | ({"b_seen": seen[(team_id, subject)]} if seen is not None else {})
        for (team_id, subject), at in moments.items()
    ]
    session.connection().execute(statement.values(next_at=bindparam("b_next")), rows)


def look_again(
    *,
    session: Session,
    team_id: str,
    source: str | None = None,
    subject: str | None = None,
    subjects: Iterable[str] | None = None,
    add: bool = True,
) -> None:
    """The data behind a subject (or `subjects`) changed, or, with neither, a whole team's
    (e.g. its settings; with `source` only that source's): the next pass looks at it. A
    subject not known yet is added (unless not `add`: a change that cannot make one)."""
    if subject is None and subjects is None:
        named: list[str] = []
    else:
        named = sorted({*(subjects or ()), *([subject] if subject is not None else [])})
        if not named:
            return  # e.g. a person without 1:1s
        assert source is not None, "a subject belongs to a source"
        if add:
            add_subjects(session=session, source=source, subjects=[(team_id, s) for s in named])
    statement = update(DueSubject).where(col(DueSubject.team_id) == team_id)
    if source is not None:
        statement = statement.where(col(DueSubject.source) == source)
    if named:
        for start in range(0, len(named), CHUNK):
            session.execute(
                statement.where(col(DueSubject.subject).in_(named[start : start + CHUNK])).values(
                    next_at=LOOK_NOW
                )
            )
        return
    session.execute(statement.values(next_at=LOOK_NOW))
