"""A small team history to export, and the export's zip read back with the csv module."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    AccountPlan,
    AccountPlanVersion,
    ActionPoint,
    AgendaItem,
    Checkin,
    Congratulation,
    Meeting,
    MeetingPlan,
    MeetingRating,
    OneOnOneSeries,
    Win,
)

BOM = b"\xef\xbb\xbf"
MANAGER = "UMGR"
DUTCH_STORY = "Één café in Zwolle, “geweldig” — ‘één’ afspraak, ë ü ß €"
DUTCH_NOTE = "Te veel interne overleggen; bezorgingen nalopen kostte tijd — ça va"
FORMULA_CLIENT = '=HYPERLINK("http://evil","klik")'
T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def seed(session: Session, team_id: str, *, other_team: str = "TOTHER") -> None:
    """Two reps (UANNA, UBRAM) with a manager: wins (one removed), plans with versions, two
    meetings (moved, cancelled) with ratings, agenda items, check-ins and action points; and
    a row or two of another workspace that no export of `team_id` may contain."""
    anna_win = Win(
        team_id=team_id, user_id="UANNA", client_name=FORMULA_CLIENT, amount_cents=1_250_000,
        currency=None, year=2027, source_key="w1", created_at=T0,
    )  # fmt: skip
    removed = Win(
        team_id=team_id, user_id="UANNA", client_name="Gone BV", year=2027, source_key="w2",
        created_at=T0, removed_at=T0 + timedelta(hours=1), removed_by="UADMIN",
    )  # fmt: skip
    bram_win = Win(
        team_id=team_id, user_id="UBRAM", client_name="Bakkerij De Gouden Korenschoof",
        amount_cents=500_050, currency="USD", story=DUTCH_STORY, year=2027, source_key="w3",
        created_at=T0 + timedelta(days=1),
    )  # fmt: skip
    session.add_all([anna_win, removed, bram_win])
    session.add(
        Win(team_id=other_team, user_id="UANNA", client_name="Other", year=2027, source_key="x")
    )
    session.flush()
    session.add(Congratulation(team_id=team_id, win_id=anna_win.id, user_id="UBRAM"))

    for rep, versions in (("UANNA", 2), ("UBRAM", 1)):
        plan = AccountPlan(
            team_id=team_id, user_id=rep, year=2027, status="agreed" if versions > 1 else "draft",
            version=versions, target_clients=6, segment="Zorg & welzijn", approach="Bellen",
            value_cents=3_000_000, changed_by=rep, changed_at=T0,
        )  # fmt: skip
        session.add(plan)
        session.flush()
        for number in range(1, versions + 1):
            session.add(
                AccountPlanVersion(
                    team_id=team_id,
                    plan_id=plan.id,
                    version=number,
                    status="agreed" if number == 2 else "draft",
                    event="agreed" if number == 2 else "saved",
                    target_clients=6,
                    segment="Zorg & welzijn",
                    approach="Bellen",
                    changed_by=rep,
                    changed_at=T0 + timedelta(days=number),
                )  # fmt: skip
            )

    meeting_plan = MeetingPlan(
        team_id=team_id, year=2027, freq="weekly", interval=2, weekday=0, at_minutes=540,
        duration_minutes=60, channel="CSALES0001", created_by="UADMIN",
    )  # fmt: skip
    session.add(meeting_plan)
    session.flush()
    moved = Meeting(
        team_id=team_id, plan_id=meeting_plan.id, year=2027, channel="CSALES0001",
        starts_at=T0 + timedelta(days=1), duration_minutes=60, status="moved",
        original_starts_at=T0, reason="Koningsdag — verplaatst", changed_by="UADMIN",
        changed_at=T0 - timedelta(days=3),
    )  # fmt: skip
    cancelled = Meeting(
        team_id=team_id, plan_id=meeting_plan.id, year=2027, channel="CSALES0001",
        starts_at=T0 + timedelta(days=14), duration_minutes=60, status="cancelled",
        reason="Sneeuw", changed_by="UADMIN", changed_at=T0,
    )  # fmt: skip
    session.add_all([moved, cancelled])
    session.flush()
    for user, score in (("UANNA", 8), ("UBRAM", 7)):
        session.add(MeetingRating(team_id=team_id, meeting_id=moved.id, user_id=user, score=score))
    for number, (user, kind) in enumerate(
        (("UANNA", "success"), ("UBRAM", "challenge"), ("UBRAM", "pipeline"))
    ):
        session.add(
            AgendaItem(
                team_id=team_id,
                meeting_id=moved.id,
                user_id=user,
                kind=kind,
                title=f"Punt {number}: -10% korting?",
                details=DUTCH_NOTE,
                source_key=f"a{number}",
            )  # fmt: skip
        )

    for user, week in (("UANNA", date(2027, 3, 1)), ("UANNA", date(2027, 3, 8)), ("UBRAM", date(2027, 3, 1))):  # fmt: skip
        session.add(
            Checkin(
                team_id=team_id,
                user_id=user,
                week=week,
                prospects=12,
                meetings=2,
                reasons="internal,deliveries",
                note=DUTCH_NOTE if user == "UBRAM" else "",
                created_at=T0,
                updated_at=T0,
            )  # fmt: skip
        )
    session.add(
        Checkin(
            team_id=other_team,
            user_id="UANNA",
            week=date(2027, 3, 1),
            prospects=1,
            meetings=0,
            created_at=T0,
            updated_at=T0,
        )  # fmt: skip
    )

    for rep, points in (("UANNA", 2), ("UBRAM", 1)):
        series = OneOnOneSeries(
            team_id=team_id, manager_id=MANAGER, rep_id=rep, freq="weekly", interval=2,
            weekday=1, at_minutes=600, duration_minutes=30, tz="Europe/Amsterdam",
            first_day=date(2027, 1, 5), created_by=MANAGER, created_at=T0,
        )  # fmt: skip
        session.add(series)
        session.flush()
        for number in range(points):
            session.add(
                ActionPoint(
                    team_id=team_id,
                    series_id=series.id,
                    day=date(2027, 3, 2),
                    owner_id=rep,
                    text=f"+31 6 bellen over offerte {number}",
                    due=date(2027, 3, 9),
                    created_by=MANAGER,
                    created_at=T0,
                    source_key=f"{rep}-{number}",
                    done_at=T0 if number else None,
                    done_by=rep if number else None,
                )  # fmt: skip
            )


def count(session: Session, model: type[SQLModel], team_id: str, **where: str) -> int:
    """Rows of `model` in the database for `team_id` (and the columns in `where`)."""
    query = select(func.count()).select_from(model).where(col(model.team_id) == team_id)  # type: ignore[attr-defined]
    for name, value in where.items():
        query = query.where(col(getattr(model, name)) == value)
    return int(session.exec(query).one())


def team_rows(session: Session, team_id: str) -> dict[str, int]:
    """The rows a team export should hold, per file, counted in the database directly."""
    return {
        "wins": count(session, Win, team_id),
        "account_plans": count(session, AccountPlan, team_id),
        "account_plan_versions": count(session, AccountPlanVersion, team_id),
        "meetings": count(session, Meeting, team_id),
        "agenda_items": count(session, AgendaItem, team_id),
        "checkins": count(session, Checkin, team_id),
        "action_points": count(session, ActionPoint, team_id),
    }


def read_zip(
    data: bytes, *, delimiter: str = ","
) -> tuple[dict[str, bytes], dict[str, list[dict[str, str]]]]:
    """The zip's files as bytes, and each CSV parsed back with the csv module (BOM removed);
    a Dutch export separates its cells with `delimiter=";"`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = {name: archive.read(name) for name in archive.namelist()}
    tables = {
        name.removesuffix(".csv"): list(
            csv.DictReader(
                io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter
            )
        )
        for name, content in raw.items()
        if name.endswith(".csv")
    }
    return raw, tables
