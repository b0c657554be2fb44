"""When the clock next looks at each subject of a source of timed messages (see
`bot.jobs.schedule`): the pass reads the subjects whose moment has come, by index, instead of
computing everyone's messages every minute. A write that changes a subject's schedule marks it
(`look_again`), so the next pass looks at it whatever moment was stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, col, select

from storage.models import DueSubject
from storage.upsert import insert_if_absent

# "Look at it in the next pass": long ago, so one range on the index finds it.
LOOK_NOW = datetime(2000, 1, 1, tzinfo=UTC)

Subject = tuple[str, str]  # (team_id, subject)


def due_subjects(*, session: Session, source: str, now: datetime) -> set[Subject]:
    """The subjects of `source` whose next moment has come (or whose data changed)."""
    rows = session.exec(
        select(DueSubject.team_id, DueSubject.subject).where(
            col(DueSubject.source) == source, col(DueSubject.next_at) <= now
        )
    ).all()
    return {(team_id, subject) for team_id, subject in rows}


def known_subjects(*, session: Session, source: str) -> set[Subject]:
    rows = session.exec(
        select(DueSubject.team_id, DueSubject.subject).where(col(DueSubject.source) == source)
    ).all()
    return {(team_id, subject) for team_id, subject in rows}


def add_subjects(*, session: Session, source: str, subjects: Iterable[Subject]) -> None:
    """New subjects, looked at in the next pass."""
    for team_id, subject in subjects:
        insert_if_absent(
            session,
            DueSubject,
            {"source": source, "team_id": team_id, "subject": subject, "next_at": LOOK_NOW},
            ["source", "team_id", "subject"],
        )


def forget_subjects(*, session: Session, source: str, subjects: Iterable[Subject]) -> None:
    for team_id, subject in subjects:
        session.execute(
            delete(DueSubject).where(
                col(DueSubject.source) == source,
                col(DueSubject.team_id) == team_id,
                col(DueSubject.subject) == subject,
            )
        )


def set_next(*, session: Session, source: str, moments: Mapping[Subject, datetime]) -> None:
    """Each subject's next moment (one statement for all of them)."""
    if not moments:
        return
    table = DueSubject.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(
            table.c.source == bindparam("b_source"),
            table.c.team_id == bindparam("b_team"),
            table.c.subject == bindparam("b_subject"),
        )
        .values(next_at=bindparam("b_next"))
    )
    session.connection().execute(
        statement,
        [
            {"b_source": source, "b_team": team_id, "b_subject": subject, "b_next": at}
            for (team_id, subject), at in moments.items()
        ],
    )


def look_again(
    *, session: Session, team_id: str, source: str | None = None, subject: str | None = None
) -> None:
    """The data behind a subject changed (or, without `subject`, a whole team's, e.g. its
    settings): the next pass looks at it. A subject not known yet is added."""
    if source is not None and subject is not None:
        add_subjects(session=session, source=source, subjects=[(team_id, subject)])
    statement = update(DueSubject).where(col(DueSubject.team_id) == team_id)
    if source is not None:
        statement = statement.where(col(DueSubject.source) == source)
    if subject is not None:
        statement = statement.where(col(DueSubject.subject) == subject)
    session.execute(statement.values(next_at=LOOK_NOW))
