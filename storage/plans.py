"""Queries on account plans (every change kept as a version)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.models import AccountPlan, AccountPlanVersion, Win
from storage.wins import counted

PLAN_FIELDS = (
    *("target_clients", "segment", "value_cents", "currency", "value_basis", "approach"),
    *("q1", "q2", "q3", "q4", "weekly_outreach"),
)


def _plan_of(team_id: str, user_id: str, year: int) -> SelectOfScalar[AccountPlan]:
    return select(AccountPlan).where(
        AccountPlan.team_id == team_id, AccountPlan.user_id == user_id, AccountPlan.year == year
    )


def get_plan(*, session: Session, team_id: str, user_id: str, year: int) -> AccountPlan | None:
    return session.exec(_plan_of(team_id, user_id, year)).first()


def get_plan_by_id(*, session: Session, team_id: str, plan_id: int) -> AccountPlan | None:
    plan = session.get(AccountPlan, plan_id)
    return plan if plan is not None and plan.team_id == team_id else None


def _record_version(
    session: Session,
    plan: AccountPlan,
    event: str,
    *,
    by: str | None = None,
    at: datetime | None = None,
) -> None:
    """A history row: the plan's content and status now, the event, who and when (by default
    whoever changed the content last)."""
    session.add(
        AccountPlanVersion(
            team_id=plan.team_id,
            plan_id=plan.id or 0,
            # Rows count every event (saves and agreements); plan.version counts contents.
            version=_next_version_number(session, plan.id or 0),
            status=plan.status,
            event=event,
            changed_by=by or plan.changed_by,
            changed_at=at or plan.changed_at,
            **{name: getattr(plan, name) for name in PLAN_FIELDS},
        )
    )


def save_plan(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    year: int,
    fields: dict,
    shared: bool,
    by: str,
    now: datetime,
) -> tuple[AccountPlan, str | None, bool]:
    """Create or change a plan; returns (plan, status before or None if new, content changed).

    A change to an agreed plan makes it a draft again. Saving the same content records nothing.
    """
    # Locked (PostgreSQL) until the save commits: two saves at once cannot both make version N+1.
    plan = session.exec(_plan_of(team_id, user_id, year).with_for_update()).first()
    if plan is None:
        # Two first saves at once: the unique (team, user, year) keeps one; the other fails.
        plan = AccountPlan(
            team_id=team_id,
            user_id=user_id,
            year=year,
            status="draft",
            shared=shared,
            version=1,
            changed_by=by,
            changed_at=now,
            **fields,
        )
        before, changed = None, True
    else:
        before = plan.status
        changed = any(getattr(plan, name) != fields[name] for name in PLAN_FIELDS)
        if changed:
            for name in PLAN_FIELDS:
                setattr(plan, name, fields[name])
            plan.version += 1
            _to_draft(plan)
            plan.changed_by, plan.changed_at = by, now
        plan.shared = shared
    session.add(plan)
    session.flush()
    if changed:
        _record_version(session, plan, "saved")
    return plan, before, changed


def agree_plan(
    *, session: Session, plan: AccountPlan, version: int, by: str, now: datetime
) -> bool:
    """Mark the plan agreed, if it is still the version the manager saw and a draft."""
    result = session.execute(
        update(AccountPlan)
        .where(
            col(AccountPlan.id) == plan.id,
            col(AccountPlan.version) == version,
            col(AccountPlan.status) == "draft",
        )
        .values(status="agreed", agreed_by=by, agreed_at=now)
    )
    if cast(CursorResult, result).rowcount != 1:
        return False
    session.refresh(plan)
    # The agreement is a history row of its own: same content, new status, who and when.
    _record_version(session, plan, "agreed", by=by, at=now)
    return True


def set_shared(*, session: Session, plan: AccountPlan, shared: bool) -> None:
    """Share the plan with the team, or not (no new version: the content is the same)."""
    plan.shared = shared
    session.add(plan)


def withdraw_agreements(
    *, session: Session, team_id: str, rep_id: str, manager_id: str, by: str, now: datetime
) -> list[int]:
    """Plans of the rep agreed by `manager_id` go back to draft (that person no longer manages
    the rep); the history keeps who agreed and records the withdrawal. Returns the years."""
    plans = list(
        session.exec(
            select(AccountPlan)
            .where(
                AccountPlan.team_id == team_id,
                AccountPlan.user_id == rep_id,
                AccountPlan.status == "agreed",
                AccountPlan.agreed_by == manager_id,
            )
            .with_for_update()
        ).all()
    )
    for plan in plans:
        _to_draft(plan)
        session.add(plan)
        session.flush()
        _record_version(session, plan, "withdrawn", by=by, at=now)
    return [plan.year for plan in plans]


def _to_draft(plan: AccountPlan) -> None:
    plan.status, plan.agreed_by, plan.agreed_at = "draft", None, None


def _next_version_number(session: Session, plan_id: int) -> int:
    latest = session.exec(
        select(func.max(AccountPlanVersion.version)).where(AccountPlanVersion.plan_id == plan_id)
    ).one()
    return (latest or 0) + 1


def wins_of(*, session: Session, team_id: str, user_id: str, year: int) -> tuple[int, int]:
    """(number of wins, value in cents) of a rep in a year."""
    count, value = session.exec(
        select(func.count(col(Win.id)), func.coalesce(func.sum(col(Win.amount_cents)), 0)).where(
            Win.team_id == team_id, Win.user_id == user_id, Win.year == year, counted()
        )
    ).one()
    return int(count), int(value or 0)


def recent_wins(
    *, session: Session, team_id: str, user_id: str, since: datetime, limit: int = 10
) -> list[Win]:
    return list(
        session.exec(
            select(Win)
            .where(
                Win.team_id == team_id, Win.user_id == user_id, Win.created_at > since, counted()
            )
            .order_by(col(Win.created_at).desc())
            .limit(limit)
        ).all()
    )
