"""Queries on 1:1 series, their skipped or moved dates, preparation notes and action points."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, SQLModel, col, select

from storage import schedule
from storage.models import ActionPoint, OneOnOneChange, OneOnOnePrep, OneOnOneSeries
from storage.upsert import insert_if_absent


def active_series(
    *, session: Session, team_id: str | None = None, ids: Iterable[int] | None = None
) -> list[OneOnOneSeries]:
    """The running series (of the team, or only those of `ids`)."""
    query = select(OneOnOneSeries).where(OneOnOneSeries.status == "active")
    if team_id is not None:
        query = query.where(OneOnOneSeries.team_id == team_id)
    if ids is None:
        return list(session.exec(query.order_by(col(OneOnOneSeries.id))).all())
    wanted = sorted(set(ids))
    found = [
        series
        for start in range(0, len(wanted), schedule.CHUNK)
        for series in session.exec(
            query.where(col(OneOnOneSeries.id).in_(wanted[start : start + schedule.CHUNK]))
        ).all()
    ]
    return sorted(found, key=lambda series: series.id or 0)


def active_series_ids(*, session: Session) -> set[tuple[str, int]]:
    """(team, id) of every running series (ids only: the clock's sweep)."""
    return {
        (team_id, series_id or 0)
        for team_id, series_id in session.exec(
            select(OneOnOneSeries.team_id, OneOnOneSeries.id).where(
                OneOnOneSeries.status == "active"
            )
        ).all()
    }


def _look_again(session: Session, team_id: str, series_ids: Iterable[int | None]) -> None:
    """When the series' 1:1s fall due changed: the clock looks at them in its next pass."""
    schedule.look_again(
        session=session,
        team_id=team_id,
        source=schedule.ONEONONES,
        subjects=[str(series_id) for series_id in series_ids if series_id],
    )


def look_again_at_series_of(
    *, session: Session, team_id: str, user_id: str, as_manager: bool = True
) -> None:
    """The clock looks again at the user's running series: as their rep, and (`as_manager`)
    as their manager."""
    person = col(OneOnOneSeries.rep_id) == user_id
    if as_manager:
        person = person | (col(OneOnOneSeries.manager_id) == user_id)
    series_ids = session.exec(
        select(OneOnOneSeries.id).where(
            OneOnOneSeries.team_id == team_id, OneOnOneSeries.status == "active", person
        )
    ).all()
    _look_again(session, team_id, series_ids)


def series_of(*, session: Session, team_id: str, user_id: str) -> list[OneOnOneSeries]:
    """Active series where the user is the manager or the rep."""
    return list(
        session.exec(
            select(OneOnOneSeries)
            .where(
                OneOnOneSeries.team_id == team_id,
                OneOnOneSeries.status == "active",
                (OneOnOneSeries.manager_id == user_id) | (OneOnOneSeries.rep_id == user_id),
            )
            .order_by(col(OneOnOneSeries.id))
        ).all()
    )


def get_series(*, session: Session, team_id: str, series_id: int) -> OneOnOneSeries | None:
    series = session.get(OneOnOneSeries, series_id)
    return series if series is not None and series.team_id == team_id else None


def series_for_rep(*, session: Session, team_id: str, rep_id: str) -> OneOnOneSeries | None:
    return session.exec(
        select(OneOnOneSeries).where(
            OneOnOneSeries.team_id == team_id,
            OneOnOneSeries.rep_id == rep_id,
            OneOnOneSeries.status == "active",
        )
    ).first()


def set_series_zone(*, session: Session, team_id: str, rep_id: str, tz: str) -> None:
    """The rep's running 1:1s keep their wall-clock time in the (new) manager's zone."""
    running = series_for_rep(session=session, team_id=team_id, rep_id=rep_id)
    _look_again(session, team_id, [running.id if running else None])
    session.execute(
        update(OneOnOneSeries)
        .where(
            col(OneOnOneSeries.team_id) == team_id,
            col(OneOnOneSeries.rep_id) == rep_id,
            col(OneOnOneSeries.status) == "active",
        )
        .values(tz=tz)
    )


def end_series(*, session: Session, series_id: int, now: datetime) -> bool:
    result = session.execute(
        update(OneOnOneSeries)
        .where(col(OneOnOneSeries.id) == series_id, col(OneOnOneSeries.status) == "active")
        .values(status="ended", ended_at=now)
    )
    ended = cast(CursorResult, result).rowcount == 1
    series = session.get(OneOnOneSeries, series_id)
    if ended and series is not None:
        _look_again(session, series.team_id, [series_id])
    return ended


Changes = tuple[set[date], dict[date, datetime]]  # (skipped days, moved days -> new start)


def all_changes(
    *, session: Session, series_id: int | None = None, series_ids: Iterable[int] | None = None
) -> dict[int, Changes]:
    """series id -> its Changes, for every series at once (or the one `series_id`, or those of
    `series_ids`)."""
    query = select(OneOnOneChange)
    if series_id is not None:
        query = query.where(OneOnOneChange.series_id == series_id)
    if series_ids is None:
        rows = list(session.exec(query).all())
    else:
        wanted = sorted(set(series_ids))
        rows = [
            change
            for start in range(0, len(wanted), schedule.CHUNK)
            for change in session.exec(
                query.where(
                    col(OneOnOneChange.series_id).in_(wanted[start : start + schedule.CHUNK])
                )
            ).all()
        ]
    out: dict[int, Changes] = {}
    for change in rows:
        skipped, moved = out.setdefault(change.series_id, (set(), {}))
        if change.action == "skip":
            skipped.add(change.day)
        elif change.new_starts_at is not None:
            moved[change.day] = change.new_starts_at
    return out


def changes(*, session: Session, series_id: int) -> Changes:
    return all_changes(session=session, series_id=series_id).get(series_id, (set(), {}))


def _upsert(session: Session, model: type[SQLModel], values: dict, keys: list[str]) -> None:
    """Insert the row, or update the one with the same `keys` to `values`."""
    if insert_if_absent(session, model, values, keys) is None:
        session.execute(
            update(model)
            .where(*(col(getattr(model, key)) == values[key] for key in keys))
            .values({name: value for name, value in values.items() if name not in keys})
        )


def change_day(
    *,
    session: Session,
    team_id: str,
    series_id: int,
    day: date,
    action: str,
    new_starts_at: datetime | None,
    by: str,
    now: datetime,
) -> None:
    """Skip or move one date (a later change of the same date replaces the earlier one)."""
    values = {
        "team_id": team_id,
        "series_id": series_id,
        "day": day,
        "action": action,
        "new_starts_at": new_starts_at,
        "changed_by": by,
        "changed_at": now,
    }
    _upsert(session, OneOnOneChange, values, ["series_id", "day"])
    _look_again(session, team_id, [series_id])


# ------------------------------------------------------------------------------ preparation


def save_prep(
    *,
    session: Session,
    team_id: str,
    series_id: int,
    day: date,
    user_id: str,
    obstacles: str,
    topics: str,
    now: datetime,
) -> None:
    values = {
        "team_id": team_id,
        "series_id": series_id,
        "day": day,
        "user_id": user_id,
        "obstacles": obstacles,
        "topics": topics,
        "updated_at": now,
    }
    _upsert(session, OneOnOnePrep, values, ["series_id", "day", "user_id"])


def get_prep(*, session: Session, series_id: int, day: date, user_id: str) -> OneOnOnePrep | None:
    return session.exec(
        select(OneOnOnePrep).where(
            OneOnOnePrep.series_id == series_id,
            OneOnOnePrep.day == day,
            OneOnOnePrep.user_id == user_id,
        )
    ).first()


# ------------------------------------------------------------------------------ action points


def add_action_point(*, session: Session, values: dict) -> int | None:
    return insert_if_absent(session, ActionPoint, values, ["team_id", "source_key"])


def open_action_points(*, session: Session, series_id: int) -> list[ActionPoint]:
    return list(
        session.exec(
            select(ActionPoint)
            .where(col(ActionPoint.series_id) == series_id, col(ActionPoint.done_at).is_(None))
            .order_by(col(ActionPoint.due).is_(None), col(ActionPoint.due), col(ActionPoint.id))
        ).all()
    )


def get_action_point(*, session: Session, team_id: str, point_id: int) -> ActionPoint | None:
    point = session.get(ActionPoint, point_id)
    return point if point is not None and point.team_id == team_id else None


def tick_off(*, session: Session, point_id: int, by: str, now: datetime) -> bool:
    result = session.execute(
        update(ActionPoint)
        .where(col(ActionPoint.id) == point_id, col(ActionPoint.done_at).is_(None))
        .values(done_at=now, done_by=by)
    )
    return cast(CursorResult, result).rowcount == 1
