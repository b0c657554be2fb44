"""The export use case called directly (no HTTP, no Slack), on SQLite and PostgreSQL: the zip's
CSV files parsed back and counted against the database, whose rows a person's own export holds,
and how cells are written (ISO dates, plain amounts, BOM, no formulas, Dutch text)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.domain.export import COMMA, Table, csv_bytes, safe_text, separators_for
from bot.jobs.export import ME, TEAM, ExportRefusal, build_export
from storage.models import (
    Checkin,
    Win,
)
from tests.support.export import (
    BOM,
    DUTCH_NOTE,
    DUTCH_STORY,
    FORMULA_CLIENT,
    MANAGER,
    count,
    read_zip,
    seed,
    team_rows,
)
from tests.support.usecases import use_case_deps

TEAM_ID = "T1"
NOW = datetime(2027, 4, 9, 14, 0, tzinfo=UTC)
FILES = {
    "wins",
    "account_plans",
    "account_plan_versions",
    "agenda_items",
    "checkins",
    "action_points",
}


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW) as deps:
        with deps.session_factory.write() as session:
            seed(session, TEAM_ID)
        yield deps


def export(deps, *, user="UADMIN", scope=TEAM, admin=True, lang="en"):
    return build_export(deps, team_id=TEAM_ID, user_id=user, scope=scope, admin=admin, lang=lang)


def test_the_team_export_holds_every_row_of_the_team_and_none_of_another(deps):
    made = export(deps)
    raw, tables = read_zip(made.data)
    assert set(tables) == FILES | {"meetings"} and "README.txt" in raw
    with deps.session_factory() as session:
        expected = team_rows(session, TEAM_ID)
    assert {name: len(rows) for name, rows in tables.items()} == expected == made.rows
    assert expected == {
        "wins": 3,
        "account_plans": 2,
        "account_plan_versions": 3,
        "meetings": 2,
        "agenda_items": 3,
        "checkins": 3,
        "action_points": 3,
    }
    assert "Other" not in {row["client"] for row in tables["wins"]}
    assert made.filename == "salesbot-team-export-2027-04-09.zip"


def test_every_csv_starts_with_a_bom_and_a_header_row(deps):
    raw, tables = read_zip(export(deps).data)
    for name in tables:
        content = raw[f"{name}.csv"]
        assert content.startswith(BOM), name
        assert not content[len(BOM) :].startswith(BOM), name
    header = raw["wins.csv"].decode("utf-8-sig").splitlines()[0]
    assert header.startswith("win_id,rep_id,client,amount,currency,")


@pytest.mark.parametrize(
    "user, expected",
    [
        (
            "UANNA",
            {"wins": 2, "account_plans": 1, "account_plan_versions": 2, "meeting_ratings": 1,
             "agenda_items": 1, "checkins": 2, "action_points": 2},
        ),
        (
            "UBRAM",
            {"wins": 1, "account_plans": 1, "account_plan_versions": 1, "meeting_ratings": 1,
             "agenda_items": 2, "checkins": 1, "action_points": 1},
        ),
        (
            MANAGER,  # the action points of the 1:1s they hold; nothing of the reps' own
            {"wins": 0, "account_plans": 0, "account_plan_versions": 0, "meeting_ratings": 0,
             "agenda_items": 0, "checkins": 0, "action_points": 3},
        ),
    ],
)  # fmt: skip
def test_ones_own_export_holds_only_their_rows(deps, user, expected):
    made = export(deps, user=user, scope=ME, admin=False)
    _, tables = read_zip(made.data)
    assert {name: len(rows) for name, rows in tables.items()} == expected
    for name in ("wins", "account_plans", "account_plan_versions", "checkins"):
        assert {row["rep_id"] for row in tables[name]} <= {user}
    assert {row["submitted_by"] for row in tables["agenda_items"]} <= {user}
    for row in tables["action_points"]:
        assert user in (row["rep_id"], row["manager_id"])
    with deps.session_factory() as session:
        assert len(tables["wins"]) == count(session, Win, TEAM_ID, user_id=user)
        assert len(tables["checkins"]) == count(session, Checkin, TEAM_ID, user_id=user)
    assert made.filename.startswith("salesbot-my-export-")


def test_the_teams_data_is_refused_to_someone_not_an_admin(deps):
    with pytest.raises(ExportRefusal) as refused:
        export(deps, user="UANNA", scope=TEAM, admin=False)
    assert refused.value.code == "not_admin"


def test_an_admins_own_export_is_theirs_only(deps):
    _, tables = read_zip(export(deps, user="UANNA", scope=ME, admin=True).data)
    assert len(tables["wins"]) == 2 and "meetings" not in tables


def test_amounts_are_plain_numbers_with_a_currency_column(deps):
    _, tables = read_zip(export(deps).data)
    wins = {row["win_id"]: row for row in tables["wins"]}
    anna, removed, bram = (wins[key] for key in sorted(wins, key=int))
    # Stored without a currency: in DEFAULT_CURRENCY; without an amount: no currency either.
    assert (anna["amount"], anna["currency"]) == ("12500.00", "EUR")
    assert (bram["amount"], bram["currency"]) == ("5000.50", "USD")
    assert (removed["amount"], removed["currency"]) == ("", "")
    assert Decimal(bram["amount"]) == Decimal("5000.50")
    plan = tables["account_plans"][0]
    assert (plan["value"], plan["currency"]) == ("30000.00", "EUR")


def test_removed_wins_are_marked(deps):
    _, tables = read_zip(export(deps).data)
    marks = {row["client"]: (row["removed"], row["removed_by"]) for row in tables["wins"]}
    assert marks["Gone BV"] == ("true", "UADMIN")
    assert marks["Bakkerij De Gouden Korenschoof"] == ("false", "")


def test_moments_are_iso_utc_with_offset_and_days_are_iso_dates(deps):
    _, tables = read_zip(export(deps).data)
    logged = datetime.fromisoformat(tables["wins"][0]["logged_at"])
    assert logged == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert tables["wins"][0]["logged_at"] == "2027-03-01T09:00:00+00:00"
    assert {row["week"] for row in tables["checkins"]} == {"2027-03-01", "2027-03-08"}
    assert {row["iso_week"] for row in tables["checkins"]} == {"2027-W09", "2027-W10"}
    point = tables["action_points"][0]
    assert (point["oneonone_date"], point["due"]) == ("2027-03-02", "2027-03-09")
    assert date.fromisoformat(point["due"]) == date(2027, 3, 9)


def test_meetings_have_their_moves_cancellations_and_ratings(deps):
    _, tables = read_zip(export(deps).data)
    moved, cancelled = tables["meetings"]
    assert moved["status"] == "moved"
    assert moved["original_starts_at"] == "2027-03-01T09:00:00+00:00"
    assert moved["reason"] == "Koningsdag — verplaatst"
    assert (moved["ratings"], moved["average_rating"]) == ("2", "7.5")
    assert moved["date"] == "2027-03-02"  # the team's local date
    assert (cancelled["status"], cancelled["reason"], cancelled["ratings"]) == (
        "cancelled",
        "Sneeuw",
        "0",
    )
    assert cancelled["average_rating"] == ""


def test_a_cell_that_would_be_a_formula_gets_a_leading_quote(deps):
    _, tables = read_zip(export(deps).data)
    assert tables["wins"][0]["client"] == "'" + FORMULA_CLIENT
    assert {row["title"][:9] for row in tables["agenda_items"]} == {
        "Punt 0: -",
        "Punt 1: -",
        "Punt 2: -",
    }
    assert tables["action_points"][0]["text"].startswith("'+31 6 bellen")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text):
    assert safe_text(text) == "'" + text
    assert safe_text("a" + text) == "a" + text


def test_numbers_we_write_are_never_quoted():
    table = Table("t", ("n", "amount"), [(-3, Decimal("-1.50"))])
    assert csv_bytes(table).decode("utf-8-sig").splitlines()[1] == "-3,-1.50"


def test_a_dutch_export_has_the_separators_dutch_excel_expects():
    table = Table("t", ("n", "amount", "client"), [(-3, Decimal("12500.50"), "Jansen; zn")])
    assert csv_bytes(table, separators_for("nl")).decode("utf-8-sig").splitlines() == [
        "n;amount;client",
        '-3;12500,50;"Jansen; zn"',
    ]
    assert separators_for("en") == COMMA


def test_dutch_text_round_trips(deps):
    raw, tables = read_zip(export(deps, lang="nl").data, delimiter=";")
    story = {row["story"] for row in tables["wins"]}
    assert DUTCH_STORY in story
    assert {row["note"] for row in tables["checkins"]} == {"", DUTCH_NOTE}
    assert tables["account_plans"][0]["segment"] == "Zorg & welzijn"
    readme = raw["README.txt"].decode("utf-8-sig")
    assert "Eén CSV-bestand per soort" in readme
    assert "wins.csv (3 rijen)" in readme


def test_text_with_commas_quotes_and_line_breaks_survives(deps):
    with deps.session_factory.write() as session:
        session.add(
            Win(
                team_id=TEAM_ID,
                user_id="UANNA",
                client_name='Jansen, "de" Bakker',
                story="regel één\nregel twee, met komma",
                year=2027,
                source_key="w-quotes",
            )
        )
    _, tables = read_zip(export(deps).data)
    row = next(r for r in tables["wins"] if r["client"].startswith("Jansen"))
    assert (row["client"], row["story"]) == (
        'Jansen, "de" Bakker',
        "regel één\nregel twee, met komma",
    )
