"""`/salesbot export`: all of a team's data, or one person's own, as CSV files in one zip.

The use case reads and packs; the listener sends the file to the person's DM. An admin may take
the whole team's data out; anyone may take their own (their wins, plans, check-ins, agenda
items, their own meeting ratings and the action points of the 1:1s they are in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import UserError
from bot.domain.export import Table, amount, separators_for, zip_bytes
from bot.jobs.people import zone_of
from bot.views import export as views
from storage import export as store

TEAM = "team"
ME = "me"
SCOPES = (TEAM, ME)

PLAN_FIELDS = ("target_clients", "segment", "value", "currency", "value_basis", "approach")
QUARTERS = ("q1", "q2", "q3", "q4", "weekly_outreach")


class ExportRefusal(UserError):
    """An export refused: not_admin (the team's data is for admins)."""


@dataclass(frozen=True)
class ExportFile:
    """The zip to send: its name, its bytes and how many rows each CSV holds."""

    filename: str
    data: bytes
    rows: dict[str, int]
    scope: str
    day: date  # the asker's local date it was made on


def build_export(
    deps: Deps, *, team_id: str, user_id: str, scope: str, admin: bool, lang: str
) -> ExportFile:
    """The team's data (admins only) or the asker's own, as one zip of CSV files."""
    if scope not in SCOPES:
        raise ValueError(f"unknown export scope {scope!r}")
    if scope == TEAM and not admin:
        raise ExportRefusal("not_admin")
    only = None if scope == TEAM else user_id
    with deps.session_factory() as session:
        tables = _tables(session, deps.settings_for(team_id), team_id, only)
        today = (
            deps.clock()
            .astimezone(zone_of(session, deps.settings_for(team_id), team_id, user_id))
            .date()
        )
    rows = {table.name: len(table.rows) for table in tables}
    readme = views.readme_text(lang, scope=scope, rows=rows, day=today)
    filename = f"salesbot-{'team' if scope == TEAM else 'my'}-export-{today.isoformat()}.zip"
    data = zip_bytes(tables, readme=readme, separators=separators_for(lang))
    return ExportFile(filename, data, rows, scope, today)


def _tables(session: Session, settings: Settings, team_id: str, only: str | None) -> list[Table]:
    """One table per kind; a person's own export has their ratings instead of all meetings."""
    meetings = (
        _meetings(session, settings, team_id) if only is None else _ratings(session, team_id, only)
    )
    return [
        _wins(session, settings, team_id, only),
        _plans(session, settings, team_id, only),
        _plan_versions(session, settings, team_id, only),
        meetings,
        _agenda_items(session, team_id, only),
        _checkins(session, team_id, only),
        _action_points(session, team_id, only),
    ]


def _currency(cents: int | None, currency: str | None, settings: Settings) -> str | None:
    """The amount's currency; one stored without a currency is in DEFAULT_CURRENCY."""
    return None if cents is None else (currency or settings.default_currency)


def _wins(session: Session, settings: Settings, team_id: str, only: str | None) -> Table:
    header = (
        "win_id", "rep_id", "client", "amount", "currency", "segment", "won_via", "story",
        "year", "logged_at", "congratulations", "removed", "removed_at", "removed_by",
    )  # fmt: skip
    rows = [
        (
            win.id,
            win.user_id,
            win.client_name,
            amount(win.amount_cents),
            _currency(win.amount_cents, win.currency, settings),
            win.segment,
            win.won_via,
            win.story,
            win.year,
            win.created_at,
            congratulations,
            win.removed_at is not None,
            win.removed_at,
            win.removed_by,
        )
        for win, congratulations in store.wins(session=session, team_id=team_id, user_id=only)
    ]
    return Table("wins", header, rows)


def _plans(session: Session, settings: Settings, team_id: str, only: str | None) -> Table:
    header = (
        "plan_id", "rep_id", "year", "status", "shared", "version", *PLAN_FIELDS, *QUARTERS,
        "changed_by", "changed_at", "agreed_by", "agreed_at",
    )  # fmt: skip
    rows = [
        (
            p.id,
            p.user_id,
            p.year,
            p.status,
            p.shared,
            p.version,
            p.target_clients,
            p.segment,
            amount(p.value_cents),
            _currency(p.value_cents, p.currency, settings),
            p.value_basis,
            p.approach,
            p.q1,
            p.q2,
            p.q3,
            p.q4,
            p.weekly_outreach,
            p.changed_by,
            p.changed_at,
            p.agreed_by,
            p.agreed_at,
        )
        for p in store.plans(session=session, team_id=team_id, user_id=only)
    ]
    return Table("account_plans", header, rows)


def _plan_versions(session: Session, settings: Settings, team_id: str, only: str | None) -> Table:
    header = (
        "plan_id", "rep_id", "year", "version", "event", "status", *PLAN_FIELDS, *QUARTERS,
        "changed_by", "changed_at",
    )  # fmt: skip
    rows = [
        (
            v.plan_id,
            plan.user_id,
            plan.year,
            v.version,
            v.event,
            v.status,
            v.target_clients,
            v.segment,
            amount(v.value_cents),
            _currency(v.value_cents, v.currency, settings),
            v.value_basis,
            v.approach,
            v.q1,
            v.q2,
            v.q3,
            v.q4,
            v.weekly_outreach,
            v.changed_by,
            v.changed_at,
        )
        for v, plan in store.plan_versions(session=session, team_id=team_id, user_id=only)
    ]
    return Table("account_plan_versions", header, rows)


def _meetings(session: Session, settings: Settings, team_id: str) -> Table:
    header = (
        "meeting_id", "date", "starts_at", "duration_minutes", "status", "original_starts_at",
        "reason", "changed_by", "changed_at", "channel", "ratings", "average_rating",
    )  # fmt: skip
    rows = [
        (
            m.id,
            m.starts_at.astimezone(settings.tz).date(),
            m.starts_at,
            m.duration_minutes,
            m.status,
            m.original_starts_at,
            m.reason,
            m.changed_by,
            m.changed_at,
            m.channel,
            count,
            None if average is None else Decimal(str(round(average, 2))),
        )
        for m, count, average in store.meetings(session=session, team_id=team_id)
    ]
    return Table("meetings", header, rows)


def _ratings(session: Session, team_id: str, user_id: str) -> Table:
    header = ("meeting_id", "meeting_starts_at", "meeting_status", "score", "rated_at")
    rows = [
        (m.id, m.starts_at, m.status, r.score, r.updated_at)
        for r, m in store.ratings_by(session=session, team_id=team_id, user_id=user_id)
    ]
    return Table("meeting_ratings", header, rows)


def _agenda_items(session: Session, team_id: str, only: str | None) -> Table:
    header = (
        "item_id", "meeting_id", "meeting_starts_at", "submitted_by", "kind", "title",
        "details", "question", "tried", "win_id", "status", "carried_from_id", "created_at",
        "updated_at",
    )  # fmt: skip
    rows = [
        (
            i.id,
            i.meeting_id,
            m.starts_at,
            i.user_id,
            i.kind,
            i.title,
            i.details,
            i.question,
            i.tried,
            i.win_id,
            i.status,
            i.carried_from_id,
            i.created_at,
            i.updated_at,
        )
        for i, m in store.agenda_items(session=session, team_id=team_id, user_id=only)
    ]
    return Table("agenda_items", header, rows)


def _checkins(session: Session, team_id: str, only: str | None) -> Table:
    header = (
        "rep_id", "week", "iso_week", "prospects", "meetings", "reasons", "note",
        "created_at", "updated_at",
    )  # fmt: skip
    rows = [
        (
            c.user_id,
            c.week,
            _iso_week(c.week.isocalendar()),
            c.prospects,
            c.meetings,
            c.reasons,
            c.note,
            c.created_at,
            c.updated_at,
        )
        for c in store.checkins(session=session, team_id=team_id, user_id=only)
    ]
    return Table("checkins", header, rows)


def _iso_week(calendar: tuple[int, int, int]) -> str:
    year, week, _ = calendar
    return f"{year}-W{week:02d}"


def _action_points(session: Session, team_id: str, only: str | None) -> Table:
    header = (
        "action_point_id", "series_id", "manager_id", "rep_id", "oneonone_date", "owner_id",
        "text", "due", "done", "done_at", "done_by", "created_by", "created_at",
    )  # fmt: skip
    rows = [
        (
            p.id,
            p.series_id,
            s.manager_id,
            s.rep_id,
            p.day,
            p.owner_id,
            p.text,
            p.due,
            p.done_at is not None,
            p.done_at,
            p.done_by,
            p.created_by,
            p.created_at,
        )
        for p, s in store.action_points(session=session, team_id=team_id, user_id=only)
    ]
    return Table("action_points", header, rows)
