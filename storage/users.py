"""What we know about Slack users, and which events were already handled."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import true, update
from sqlmodel import Session, col, select

from storage import oneonones as oneonone_store
from storage import schedule
from storage.models import ManagerLink, ProcessedEvent, SlackUser, utcnow
from storage.upsert import insert_if_absent

PROFILE_MAX_AGE = timedelta(hours=24)


def get_user(*, session: Session, team_id: str, user_id: str) -> SlackUser | None:
    return session.exec(
        select(SlackUser).where(SlackUser.team_id == team_id, SlackUser.user_id == user_id)
    ).first()


def profile_is_fresh(user: SlackUser | None, now: datetime | None = None) -> bool:
    if user is None:
        return False
    fetched = (
        user.fetched_at
        if user.fetched_at.tzinfo
        else user.fetched_at.replace(tzinfo=(now or utcnow()).tzinfo)
    )
    return (now or utcnow()) - fetched < PROFILE_MAX_AGE


def all_users(*, session: Session) -> list[SlackUser]:
    return list(session.exec(select(SlackUser)).all())


def time_zones(
    *, session: Session, among: Iterable[tuple[str, str]] | None = None
) -> list[tuple[str, str, str]]:
    """(team, user, zone name) of everyone known with a zone, or only of the people `among`."""
    clauses = (
        [true()]
        if among is None
        else schedule.among(col(SlackUser.team_id), col(SlackUser.user_id), among)
    )
    query = select(SlackUser.team_id, SlackUser.user_id, SlackUser.tz).where(
        col(SlackUser.tz).is_not(None)
    )
    return [
        (team_id, user_id, tz or "")
        for clause in clauses
        for team_id, user_id, tz in session.exec(query.where(clause)).all()
    ]


def _schedule_changes(
    session: Session, team_id: str, user_id: str, *, tz: str | None, inactive: bool
) -> None:
    """Before storing a profile: when its zone or its being active changes, the clock looks at
    the person's timed messages again (their manager's digest and their 1:1s too, for the
    latter)."""
    before = session.exec(
        select(SlackUser.tz, SlackUser.inactive).where(
            SlackUser.team_id == team_id, SlackUser.user_id == user_id
        )
    ).first()
    old_tz, was_inactive = before if before is not None else (None, False)
    if old_tz == tz and bool(was_inactive) == inactive:
        return
    people = [user_id]
    if bool(was_inactive) != inactive:
        manager = session.exec(
            select(ManagerLink.manager_id).where(
                ManagerLink.team_id == team_id, ManagerLink.rep_id == user_id
            )
        ).first()
        people += [manager] if manager else []
        oneonone_store.look_again_at_series_of(session=session, team_id=team_id, user_id=user_id)
    # Only those the clock knows: a profile alone gives no one timed messages.
    schedule.look_again(
        session=session, team_id=team_id, source=schedule.CHECKINS, subjects=people, add=False
    )


def save_user(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    locale: str | None,
    tz: str | None,
    real_name: str | None,
    is_admin: bool,
    now: datetime | None = None,
    inactive: bool = False,
) -> None:
    """Store what Slack said about a user; safe when two processes learn the same user at once.

    `inactive`: deleted, deactivated or a bot (nothing is scheduled for them); a profile that
    says otherwise makes a reactivated account active again.
    """
    values = {
        "locale": locale,
        "tz": tz,
        "real_name": real_name,
        "is_admin": is_admin,
        "inactive": inactive,
        "fetched_at": now or utcnow(),
    }
    _schedule_changes(session, team_id, user_id, tz=tz, inactive=inactive)
    created = insert_if_absent(
        session,
        SlackUser,
        {"team_id": team_id, "user_id": user_id, **values},
        ["team_id", "user_id"],
    )
    if created is None:
        session.execute(
            update(SlackUser)
            .where(col(SlackUser.team_id) == team_id, col(SlackUser.user_id) == user_id)
            .values(**values)
        )


def mark_inactive(*, session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Slack refused a user for good (user_not_found, user_disabled, ...): schedule nothing
    for them. Counts as a fresh profile, so Slack is asked again (for a reactivation) after
    a day, not at once."""
    before = get_user(session=session, team_id=team_id, user_id=user_id)
    _schedule_changes(session, team_id, user_id, tz=before.tz if before else None, inactive=True)
    created = insert_if_absent(
        session,
        SlackUser,
        {
            "team_id": team_id,
            "user_id": user_id,
            "is_admin": False,
            "inactive": True,
            "fetched_at": now,
        },
        ["team_id", "user_id"],
    )
    if created is None:
        session.execute(
            update(SlackUser)
            .where(col(SlackUser.team_id) == team_id, col(SlackUser.user_id) == user_id)
            .values(inactive=True, fetched_at=now)
        )


def inactive_users(
    *, session: Session, among: Iterable[tuple[str, str]] | None = None
) -> set[tuple[str, str]]:
    """(team, user) of everyone known to be deleted, deactivated or a bot (one query), or of
    those of the people `among`."""
    clauses = (
        [true()]
        if among is None
        else schedule.among(col(SlackUser.team_id), col(SlackUser.user_id), among)
    )
    query = select(SlackUser.team_id, SlackUser.user_id).where(col(SlackUser.inactive).is_(True))
    return {
        (team_id, user_id)
        for clause in clauses
        for team_id, user_id in session.exec(query.where(clause)).all()
    }


def is_inactive(*, session: Session, team_id: str, user_id: str) -> bool:
    user = get_user(session=session, team_id=team_id, user_id=user_id)
    return bool(user and user.inactive)


def claim_event(*, session: Session, team_id: str, event_id: str) -> bool:
    """True the first time an event is seen; False for Slack's retries of it."""
    return (
        insert_if_absent(
            session,
            ProcessedEvent,
            {"team_id": team_id, "event_id": event_id, "created_at": utcnow()},
            ["team_id", "event_id"],
        )
        is not None
    )


class ProfileCache:
    """A per-process memo of `get_user`, so answering a command needs no read for the asker.

    Entries live a few minutes; `save_user` callers invalidate theirs. Another process's
    refresh shows up here after at most the time to live, which is harmless for a locale.
    """

    def __init__(self, ttl: timedelta = timedelta(minutes=5)) -> None:
        self.ttl = ttl
        self._entries: dict[tuple[str, str], tuple[datetime, SlackUser | None]] = {}
        self._lock = threading.Lock()

    def get(
        self, session_factory, *, team_id: str, user_id: str, now: datetime
    ) -> SlackUser | None:
        key = (team_id, user_id)
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        with session_factory() as session:
            user = get_user(session=session, team_id=team_id, user_id=user_id)
        with self._lock:
            self._entries[key] = (now, user)
        return user

    def invalidate(self, *, team_id: str, user_id: str) -> None:
        with self._lock:
            self._entries.pop((team_id, user_id), None)
