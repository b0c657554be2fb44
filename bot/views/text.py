"""Making user text safe for Slack mrkdwn, and small text helpers shared by the views."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time

from bot.domain.formatting import babel_locale, format_day, format_when
from bot.i18n import MESSAGES, t

# Bidirectional overrides and isolates, zero-width characters, the Arabic letter mark and the
# byte-order mark: in a name they make a public post read differently from what was stored.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c]")


def strip_invisible(text: str) -> str:
    """`text` without bidirectional-control and zero-width characters."""
    return _INVISIBLE_RE.sub("", text)


def escape(text: str) -> str:
    """Escape &, < and > (and nothing else), so `<!channel>` or `<@U1>` in user text pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(raw: str | None) -> str:
    """`raw` with every run of white space (line breaks too) as one space, trimmed, without
    invisible control characters (it is how names and titles are shown)."""
    return " ".join(strip_invisible(raw or "").split())


def cut_escaped(raw: str, limit: int) -> str:
    """`raw` escaped and cut (with "…") so the escaped text fits in `limit`; never splits an
    escape sequence."""
    text = escape(raw)
    if len(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for char in raw:
        piece = escape(char)
        if used + len(piece) > limit - 1:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out) + "…"


def escaped(raw: str | None, limit: int) -> str:
    """`raw` on one line, escaped, and cut to `limit`."""
    return cut_escaped(one_line(raw), limit)


def escaped_lines(raw: str | None, limit: int, *, paragraphs: bool = False) -> str:
    """`raw` with its line breaks kept, escaped, and cut to `limit`. Empty lines are dropped;
    with `paragraphs` each run of them becomes one empty line instead."""
    lines = [" ".join(line.split()) for line in (raw or "").strip().splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (paragraphs and kept and kept[-1]):
            kept.append(line)
    return cut_escaped("\n".join(kept).strip(), limit)


def plural(key: str, lang: str, count: int, **params: object) -> str:
    """The text for `count` by the language's plural rules (CLDR, through Babel): `{key}.one`
    or `{key}.other`, or another form a language has when the catalogue holds it (all get
    `count`)."""
    form = _plural_form(lang, count)
    name = f"{key}.{form}" if f"{key}.{form}" in MESSAGES else f"{key}.other"
    return t(name, lang, count=count, **params)


@lru_cache(maxsize=8)
def _plural_rule(lang: str):
    return Locale.parse(babel_locale(lang)).plural_form


def _plural_form(lang: str, count: int) -> str:
    return _plural_rule(lang)(abs(count))


def day_text(moment: datetime | date, lang: str) -> str:
    """format_day of a date, or of a moment's date."""
    return format_day(moment.date() if isinstance(moment, datetime) else moment, lang)


def short_day(day: date, lang: str) -> str:
    """'12 Mar' / '12 mrt'."""
    return format_date(day, format="d MMM", locale=babel_locale(lang))


def clock(moment: datetime, lang: str) -> str:
    """'09:00': the moment's wall-clock time."""
    return format_time(moment.time(), format="HH:mm", locale=babel_locale(lang))


def param_text(value: object, lang: str, limit: int, *, day_only: bool = False) -> str:
    """An error-message param as mrkdwn: moments and dates formatted (a moment as its day with
    `day_only`), text escaped and cut to `limit`, anything else as str()."""
    if isinstance(value, datetime):
        return day_text(value, lang) if day_only else format_when(value, lang)
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, str):
        return escaped(value, limit)
    return str(value)
