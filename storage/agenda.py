"""Queries on agenda items: adding, editing, carrying over, and the wins they tell."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from storage.meetings import get_meeting
from storage.models import AgendaItem, Meeting, Win
from storage.upsert import insert_if_absent


def items_to_carry(
    *, session: Session, team_id: str, meeting_id: int, item_ids: Iterable[int]
) -> list[AgendaItem]:
    """The items among `item_ids` still active on the meeting, in the order first asked for;
    ids of other teams, other meetings or withdrawn items are left out."""
    wanted = list(dict.fromkeys(item_ids))
    if not wanted:
        return []
    rows = session.exec(
        select(AgendaItem).where(
            col(AgendaItem.id).in_(wanted),
            AgendaItem.team_id == team_id,
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.status == "active",
        )
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id[item_id] for item_id in wanted if item_id in by_id]


def copy_item(
    *, session: Session, item: AgendaItem, to_meeting_id: int, source_key: str, now: datetime
) -> int | None:
    """`item` added again on another meeting, marked as carried from it; None when an item
    with `source_key` exists already."""
    copied = {"team_id", "user_id", "kind", "title", "details", "question", "tried", "win_id"}
    return add_item(
        session=session,
        meeting_id=to_meeting_id,
        carried_from_id=item.id,
        source_key=source_key,
        now=now,
        **item.model_dump(include=copied),
    )


def add_item(*, session: Session, source_key: str, now: datetime, **fields: Any) -> int | None:
    """Store an active agenda item of `fields` (team_id, meeting_id, user_id, kind, title and
    the optional details, question, tried, win_id, carried_from_id) unless its source_key was
    seen; returns the new id or None."""
    item = AgendaItem(**fields, source_key=source_key, created_at=now, updated_at=now)
    values = item.model_dump(exclude={"id"})
    return insert_if_absent(session, AgendaItem, values, ["team_id", "source_key"])


def item_and_meeting(
    *, session: Session, team_id: str, item_id: int
) -> tuple[AgendaItem | None, Meeting | None]:
    """An agenda item and the meeting it is on (None, None when the item is not this team's)."""
    item = session.get(AgendaItem, item_id)
    if item is None or item.team_id != team_id:
        return None, None
    return item, get_meeting(session=session, team_id=team_id, meeting_id=item.meeting_id)


def active_items(*, session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's items in submission order."""
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == "active")
            .order_by(col(AgendaItem.created_at), col(AgendaItem.id))
        ).all()
    )


def _update_active(session: Session, where: Any, **values: object) -> int:
    """Change the active items matching `where`; returns how many were changed."""
    active = col(AgendaItem.status) == "active"
    result = session.execute(update(AgendaItem).where(where, active).values(**values))
    return cast(CursorResult, result).rowcount


def update_item(*, session: Session, item_id: int, now: datetime, **values: object) -> bool:
    return _update_active(session, col(AgendaItem.id) == item_id, updated_at=now, **values) == 1


def move_items(*, session: Session, from_meeting_id: int, to_meeting_id: int) -> int:
    where = col(AgendaItem.meeting_id) == from_meeting_id
    return _update_active(session, where, meeting_id=to_meeting_id)


def wins_between(
    *, session: Session, team_id: str, start: datetime, end: datetime, user_id: str | None = None
) -> list[Win]:
    """Wins logged in (start, end], oldest first; only `user_id`'s when given."""
    query = (
        select(Win)
        .where(Win.team_id == team_id, Win.created_at > start, Win.created_at <= end)
        .where(col(Win.removed_at).is_(None))  # a removed win is no story for the meeting
    )
    if user_id is not None:
        query = query.where(Win.user_id == user_id)
    return list(session.exec(query.order_by(col(Win.created_at), col(Win.id))).all())


def agenda_places_of_wins(
    *, session: Session, win_ids: Iterable[int]
) -> dict[int, tuple[str, datetime]]:
    """Win id -> (item status, start of its meeting) for the wins put on any agenda."""
    ids = list(win_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(AgendaItem.win_id, AgendaItem.status, Meeting.starts_at)
        .join(Meeting, col(Meeting.id) == AgendaItem.meeting_id)
        .where(col(AgendaItem.win_id).in_(ids))
        .order_by(col(AgendaItem.id))
    ).all()
    # One story per win (its source key); should there be more, an active one wins.
    found: dict[int, tuple[str, datetime]] = {}
    for win_id, status, starts_at in rows:
        if win_id is not None and (win_id not in found or status == "active"):
            found[win_id] = (status, starts_at)
    return found
