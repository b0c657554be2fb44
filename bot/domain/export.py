"""The export's file format: CSV tables that Excel opens correctly, packed into one zip.

UTF-8 with a byte order mark (without it Excel reads "één" as "Ã©Ã©n"), a header row, the
csv module's quoting, moments in ISO 8601 UTC with their offset, days as ISO dates, amounts as
plain numbers. A text cell that a spreadsheet would run as a formula gets a leading quote.

Excel reads a CSV with the separators of the computer's region: in the Netherlands a ";" between
cells and a decimal comma. A Dutch export is written that way (12500,00;EUR), so it opens in
columns with amounts as numbers; any other is "," and a decimal point.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from bot.domain.formatting import cents_to_decimal

# What a spreadsheet takes for the start of a formula (OWASP's list: tab and CR too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | bool | date | datetime | None


@dataclass(frozen=True)
class Table:
    """One CSV file: its name in the zip, its header and its rows."""

    name: str
    header: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]


def safe_text(text: str) -> str:
    """Text as a spreadsheet shows it, never runs it: `=1+1` becomes `'=1+1`."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def moment(value: datetime | None) -> str:
    """'2027-04-09T14:00:00+00:00' (UTC, whole seconds), or '' for none."""
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds")


def amount(cents: int | None) -> Decimal | None:
    """An amount as a plain number with two decimals (12500.00), or None."""
    return None if cents is None else cents_to_decimal(cents)


@dataclass(frozen=True)
class Separators:
    between_cells: str
    decimal: str


COMMA = Separators(",", ".")
SEPARATORS = {"nl": Separators(";", ",")}


def separators_for(lang: str) -> Separators:
    """What a spreadsheet in the reader's language expects."""
    return SEPARATORS.get(lang, COMMA)


def cell(value: Cell, *, decimal: str = ".") -> str:
    """One value as CSV text: numbers as they are (with the `decimal` mark), days and moments
    in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value).replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(value)


def csv_bytes(table: Table, separators: Separators = COMMA) -> bytes:
    """The table as UTF-8 CSV with a byte order mark and a header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separators.between_cells)
    writer.writerow(table.header)
    for row in table.rows:
        if len(row) != len(table.header):
            raise ValueError(f"{table.name}: a row of {len(row)} cells for {len(table.header)}")
        writer.writerow([cell(value, decimal=separators.decimal) for value in row])
    return out.getvalue().encode("utf-8-sig")


def zip_bytes(tables: Sequence[Table], *, readme: str, separators: Separators = COMMA) -> bytes:
    """The tables as `<name>.csv` files in one zip, with a README.txt."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme.encode("utf-8-sig"))
        for table in tables:
            archive.writestr(f"{table.name}.csv", csv_bytes(table, separators))
    return out.getvalue()
