"""Queries on workspaces: the settings their admins chose and whether the bot is installed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage import schedule
from storage.models import Workspace
from storage.upsert import insert_if_absent


def chosen_settings(*, session: Session, team_id: str) -> dict[str, str]:
    """The settings a workspace's admins chose (environment name -> text); {} when none."""
    text = session.exec(select(Workspace.settings).where(Workspace.team_id == team_id)).first()
    return dict(json.loads(text)) if text else {}


def save_settings(
    *, session: Session, team_id: str, chosen: Mapping[str, str], by: str, now: datetime
) -> None:
    """Replace the settings a workspace chose with `chosen` (validated by the caller)."""
    text = json.dumps(dict(sorted(chosen.items())))
    _ensure(session, team_id, now)
    session.execute(
        update(Workspace)
        .where(col(Workspace.team_id) == team_id)
        .values(settings=text, updated_at=now)
    )
    # Its times, zone, holidays, leads: every timed message of the team may move.
    schedule.look_again(session=session, team_id=team_id)


def mark_installed(*, session: Session, team_id: str, by: str | None, now: datetime) -> bool:
    """An install (or a re-install) of the bot: work for the team starts (again).

    True when the team had not installed it before (a first install: walk the installer through
    the settings)."""
    first = _ensure(session, team_id, now)
    session.execute(
        update(Workspace)
        .where(col(Workspace.team_id) == team_id)
        .values(installed_by=by, installed_at=now, uninstalled_at=None, updated_at=now)
    )
    return first


def mark_uninstalled(*, session: Session, team_id: str, now: datetime) -> None:
    """app_uninstalled or tokens_revoked: all work for the team stops."""
    _ensure(session, team_id, now)
    session.execute(
        update(Workspace)
        .where(col(Workspace.team_id) == team_id, col(Workspace.uninstalled_at).is_(None))
        .values(uninstalled_at=now, updated_at=now)
    )


def stopped_teams(*, session: Session) -> set[str]:
    """The teams that uninstalled the bot (or revoked its tokens): nothing runs for them."""
    return set(
        session.exec(
            select(Workspace.team_id).where(col(Workspace.uninstalled_at).is_not(None))
        ).all()
    )


def install_marks(*, session: Session, team_id: str) -> tuple[datetime | None, datetime | None]:
    """(installed_at, uninstalled_at) of the team's workspace row; (None, None) without one."""
    row = session.exec(
        select(Workspace.installed_at, Workspace.uninstalled_at).where(Workspace.team_id == team_id)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def is_stopped(*, session: Session, team_id: str) -> bool:
    return install_marks(session=session, team_id=team_id)[1] is not None


def _ensure(session: Session, team_id: str, now: datetime) -> bool:
    """The team's row exists; True when it was created now."""
    row = {"team_id": team_id, "settings": "{}", "updated_at": now}
    return insert_if_absent(session, Workspace, row, ["team_id"], returning="team_id") is not None
