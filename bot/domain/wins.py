"""The wins' rules: reading ``/newclient <client name> [amount]`` (and amounts anywhere), and
which wins deserve a bigger celebration. Pure Python (plus Babel): no Slack, no database.

The last words are the deal value when they are shaped like an amount (``25.000 euro``,
``€ 25.000,-``, ``25k``, ``1,5 mln``, ``2 ton``, ``$1.5 million``, a currency code, symbol or
word before or after); the rest is the client's name. Numbers are read in the user's locale
with Babel, else in the other convention when only that one reads them. An end shaped like an
amount that cannot be read raises UnreadableAmount, so the bot asks instead of guessing.

Decisions on ambiguous input (pinned by tests/test_wins_domain.py):

* One separator and exactly three digits that the user's locale reads as *decimals*
  (``25,000`` in Dutch, ``25.000`` in English) is ``bad_amount``: a deal value never has three
  decimals, and booking 25 for 25.000 silently is far worse than asking again. As the
  locale's grouping separator (``25.000`` in Dutch) it is thousands, as everybody there reads it.
* A number invalid in the user's locale but valid in the other convention (``1.5k`` or
  ``1,250.50`` in Dutch, ``1,5m`` in English) is read in the other; the Dutch ``,-`` ("no
  cents") fixes the convention: ``25.000,-`` is 25.000 in English too.
* Only the *leading* quote quotes the name. Double quotes must be balanced anywhere
  (``unbalanced_quote``); single quotes only quote when a closing one ends a word, otherwise
  they are apostrophes (``'t Hoekje``). After a quoted name only an amount may follow.
* A separate upper-case three-letter word after a number is a currency code (``Acme 5000
  XYZ`` -> ``unknown_currency``); in lower or mixed case only EUR, USD, GBP, CHF and the default
  currency are, so ``Route 66 Inc`` stays a name. A code glued to a number must be a known ISO
  4217 code (``Studio 123ABC`` is a name). Currency words (``euro``, ``dollar``: what ``$`` is
  in the user's locale) count only after the number, so ``Acme Dollar 5k`` keeps its name.
* Multipliers (any case, glued or not): k, duizend, thousand; ton (100.000); m, mln, mio,
  miljoen, million; mld, mrd, miljard, bn, billion. A name that ends in a number and such a
  word needs quotes (``"Hotel 5 K"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_currency_symbol, get_decimal_symbol, list_currencies, parse_decimal

from bot.domain.errors import UserError

MAX_NAME_LENGTH = 200
MAX_AMOUNT = Decimal("1000000000")  # more than this is "absurd"
DEFAULT_CURRENCY = "EUR"

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Money:
    amount: Decimal  # > 0, at most 2 decimals (quantized to 0.01, ROUND_HALF_UP)
    currency: str  # ISO 4217 code, upper case


@dataclass(frozen=True)
class QuickLog:
    client_name: str  # stripped, inner whitespace collapsed, 1..200 chars
    value: Money | None


class QuickLogError(UserError):
    """A user error in /newclient input. Codes: empty, empty_name, name_too_long (length, max),
    unbalanced_quote, negative_amount, zero_amount, absurd_amount (max), bad_amount (text),
    unknown_currency (currency)."""


class UnreadableAmount(QuickLogError):
    """A quick log ends in something shaped like an amount that cannot be read ("25.0.0
    euro", "5000 XYZ"): ask rather than guess. Code and params are the parse error's;
    ``client_name`` is the name without that end, ``amount_text`` the end as typed."""

    def __init__(self, cause: QuickLogError, *, client_name: str, amount_text: str) -> None:
        super().__init__(cause.code, **cause.params)
        self.client_name = client_name
        self.amount_text = amount_text


# --------------------------------------------------------------------------- locales

_DEFAULT_LOCALE = "en_US"


@lru_cache(maxsize=64)
def _to_babel_locale(value: str) -> str | None:
    ident = value.strip().replace("-", "_")
    if not ident:
        return None
    try:
        loc = Locale.parse(ident)
    except (ValueError, TypeError, UnknownLocaleError):
        # An unknown territory such as Slack's "es-LA": keep the language at least.
        language = ident.split("_", 1)[0]
        if language == ident:
            return None
        try:
            loc = Locale.parse(language)
        except (ValueError, TypeError, UnknownLocaleError):
            return None
    if loc.territory is None:
        # Bare language: add its most likely territory ("nl" -> nl_NL, "en" -> en_US).
        likely = get_global("likely_subtags").get(loc.language)
        if likely:
            try:
                territory = Locale.parse(likely).territory
                loc = Locale.parse(f"{loc.language}_{territory}")
            except (ValueError, TypeError, UnknownLocaleError):
                pass
    return str(loc)


def normalize_locale(locale: str | None, fallback: str = "en") -> str:
    """Turn a Slack locale ("nl-NL"), Babel identifier ("nl_NL") or bare language ("nl")
    into a Babel identifier with a territory; unknown input gives the normalized fallback."""
    for candidate in (locale, fallback):
        if isinstance(candidate, str):
            normalized = _to_babel_locale(candidate)
            if normalized is not None:
                return normalized
    return _DEFAULT_LOCALE


@lru_cache(maxsize=64)
def _alternate_locale(locale: str) -> str:
    """The other number convention: decimal comma <-> decimal point."""
    return "en_US" if get_decimal_symbol(locale) == "," else "nl_NL"


# -------------------------------------------------------------------------- currencies

# Babel lists historical and technical codes too; these two are never a deal currency.
_NOT_CURRENCIES = frozenset({"XXX", "XTS"})
_CURRENCY_CODES = frozenset(list_currencies()) - _NOT_CURRENCIES

# Symbols that are understood in every locale unless the locale itself says otherwise
# (in en_AU "$" is the Australian dollar, per Babel).
_BASE_SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP"}

# Codes that also count as a separate word when typed in lower or mixed case.
_COMMON_CODES = frozenset({"EUR", "USD", "GBP", "CHF"})

# Currencies written out, and the symbol they stand for where the user lives ("dollar" is
# the Australian dollar in en_AU, as "$" is). Only after the number: "Acme Dollar 5k" keeps
# its name.
_CURRENCY_WORDS = {"euro": "€", "euros": "€", "dollar": "$", "dollars": "$"}

_SC_CHARS = "".join(chr(i) for i in range(0x10000) if unicodedata.category(chr(i)) == "Sc")


def _has_currency_sign(text: str) -> bool:
    return any(unicodedata.category(char) == "Sc" for char in text)


@lru_cache(maxsize=32)
def _currency_symbols(locale: str) -> MappingProxyType[str, str]:
    """Babel's currency symbols for ``locale`` (only the ones with a currency sign and
    a single meaning, e.g. "€", "US$", "CN¥"), completed with ``_BASE_SYMBOLS``."""
    symbols: dict[str, str] = {}
    clashes: set[str] = set()
    for code in sorted(_CURRENCY_CODES):
        symbol = get_currency_symbol(code, locale)
        if symbol == code or not _has_currency_sign(symbol):
            continue
        if symbols.setdefault(symbol, code) != code:
            clashes.add(symbol)
    for symbol in clashes:
        del symbols[symbol]
    for symbol, code in _BASE_SYMBOLS.items():
        symbols.setdefault(symbol, code)
    return MappingProxyType(symbols)


def _check_default_currency(default_currency: str) -> str:
    code = default_currency.strip().upper()
    if code not in _CURRENCY_CODES:
        raise QuickLogError("unknown_currency", currency=code)
    return code


def _resolve_currency(token: str, locale: str) -> str:
    """ISO code for a currency symbol, word or (case-insensitive) code, else QuickLogError."""
    symbols = _currency_symbols(locale)
    code = symbols.get(_CURRENCY_WORDS.get(token.lower(), token))
    if code is not None:
        return code
    if len(token) == 3 and token.isascii() and token.isalpha():
        code = token.upper()
        if code in _CURRENCY_CODES:
            return code
        raise QuickLogError("unknown_currency", currency=code)
    # A currency sign that this locale does not know (e.g. "¥" in Dutch: JP¥ or CN¥?).
    raise QuickLogError("unknown_currency", currency=token)


# ----------------------------------------------------------------------------- amounts

_SIGNS = "-+\u2212\u2013"  # hyphen-minus, plus, minus sign, en dash
# A currency code or symbol before or after the number: "EUR", "€", "US$".
_CUR = rf"(?:[A-Za-z]{{3}}|[^\W\d_]{{0,3}}[{re.escape(_SC_CHARS)}])"
_THOUSAND, _MILLION, _BILLION = Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9
_MULTIPLIERS = {
    **dict.fromkeys(("k", "duizend", "thousand"), _THOUSAND),
    "ton": Decimal(10) ** 5,  # Dutch: "2 ton" is 200.000
    **dict.fromkeys(("m", "mln", "mio", "miljoen", "million"), _MILLION),
    **dict.fromkeys(("mld", "mrd", "miljard", "bn", "billion"), _BILLION),
}


def _alternatives(words: Iterable[str]) -> str:
    # Longest first, so "mln" is not read as "m" followed by something else.
    return "|".join(sorted(words, key=len, reverse=True))


# Matched against text whose whitespace is collapsed to single spaces.
_AMOUNT_RE = re.compile(
    rf"""
    (?P<sign1>[{_SIGNS}])?
    (?:(?P<pre>{_CUR})(?P<pre_gap>[ ])?)?   # €25.000, € 25.000, EUR 25000, US$100
    (?P<sign2>[{_SIGNS}])?                  # €-5000
    (?P<num>\d(?:[\d.,]*\d)?)               # digits with grouping/decimal separators
    (?:
        (?P<dash>[.,][-\u2013\u2014]{{1,2}})  # Dutch "25.000,-" for a whole amount
      | [ ]?(?P<mult>{_alternatives(_MULTIPLIERS)})  # 25k, 25 k, 1,5 mln, 2 ton, 1.5 million
    )?
    (?:(?P<post_gap>[ ])?(?P<post>{_alternatives(_CURRENCY_WORDS)}|{_CUR}))?  # 25000EUR, 25.000 euro
    """,
    re.VERBOSE | re.IGNORECASE,
)

# One separator followed by exactly three digits: thousands or three decimals?
_AMBIGUOUS_RE = re.compile(r"[1-9]\d{0,2}([.,])\d{3}")


def _parse_number(num: str, locale: str, text: str, *, dash: str | None = None) -> Decimal:
    """`num` read with Babel in `locale`, else in the other convention (module docstring)."""
    if dash:
        # "25.000,-" ends in the decimal mark with no cents: that mark tells the convention.
        candidates: tuple[str, ...] = (
            locale if get_decimal_symbol(locale) == dash[0] else _alternate_locale(locale),
        )
    else:
        candidates = (locale, _alternate_locale(locale))
    for candidate in candidates:
        try:
            value = parse_decimal(num, locale=candidate, strict=True)
        except (ValueError, ArithmeticError):
            continue
        ambiguous = _AMBIGUOUS_RE.fullmatch(num)
        if ambiguous and ambiguous.group(1) == get_decimal_symbol(candidate):
            # "25,000" in Dutch / "25.000" in English: see the module docstring.
            raise QuickLogError("bad_amount", text=text)
        return value
    raise QuickLogError("bad_amount", text=text)


def parse_amount(text: str, locale: str, *, default_currency: str = DEFAULT_CURRENCY) -> Money:
    """A deal value as people type it, in ``locale`` ("25k", "€ 25.000,-", "2 ton"; also the
    form's value field). QuickLogError: bad_amount, unknown_currency, negative_amount,
    zero_amount or absurd_amount."""
    locale = normalize_locale(locale)
    default = _check_default_currency(default_currency)
    stripped = " ".join((text or "").split())
    match = _AMOUNT_RE.fullmatch(stripped)
    if match is None or (match["sign1"] and match["sign2"]):
        raise QuickLogError("bad_amount", text=stripped)
    glued_to_multiplier = match["mult"] and match["post"] and not match["post_gap"]
    if glued_to_multiplier and not _plausible_currency(
        match["post"], before=False, glued=True, default=default
    ):
        raise QuickLogError("bad_amount", text=stripped)  # "25kilo": no currency "ILO"

    currencies = {_resolve_currency(match[part], locale) for part in ("pre", "post") if match[part]}
    if len(currencies) > 1:  # "€25 USD"
        raise QuickLogError("bad_amount", text=stripped)
    currency = currencies.pop() if currencies else default

    amount = _parse_number(match["num"], locale, stripped, dash=match["dash"])
    if match["mult"]:
        amount *= _MULTIPLIERS[match["mult"].lower()]
    sign = match["sign1"] or match["sign2"]
    if sign and sign != "+":
        amount = -amount

    if amount < 0:
        raise QuickLogError("negative_amount")
    if amount > MAX_AMOUNT:  # before quantizing: huge numbers overflow the context
        raise QuickLogError("absurd_amount", max=MAX_AMOUNT)
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount == 0:  # also "0,001", which rounds to nothing
        raise QuickLogError("zero_amount")
    return Money(amount=amount, currency=currency)


def _plausible_currency(token: str, *, before: bool, glued: bool, default: str) -> bool:
    """Whether a word next to a number is meant as its currency (see the module docstring)."""
    if _has_currency_sign(token) or token.lower() in _CURRENCY_WORDS:
        return True
    code = token.upper()
    if glued:  # "25000EUR" yes, "123ABC" is a name
        return code in _CURRENCY_CODES
    if token.isupper():  # "5000 XYZ" asks about XYZ; before the number only real codes
        return code in _CURRENCY_CODES if before else True
    return code in _COMMON_CODES or code == default  # "Route 66 Inc" is a name


def looks_like_amount(text: str, *, default_currency: str = DEFAULT_CURRENCY) -> bool:
    """Whether ``text`` (one or a few words) is shaped like an amount: a number with an
    optional sign, currency and multiplier. Does not check the number format, so "1.2.3"
    and "25.0.0 euro" look like amounts (and then fail to parse as one)."""
    if not text or text != " ".join(text.split()):
        return False
    match = _AMOUNT_RE.fullmatch(text)
    if match is None or (match["sign1"] and match["sign2"]):
        return False
    default = default_currency.strip().upper()
    return all(
        _plausible_currency(
            match[part], before=part == "pre", glued=not match[gap], default=default
        )
        for part, gap in (("pre", "pre_gap"), ("post", "post_gap"))
        if match[part]
    )


# ------------------------------------------------------------------------------ quotes

_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f'  # " “ ” „ ‟
_DOUBLE_CLOSERS = '"\u201c\u201d\u201f'  # „ only opens
_SINGLE_OPENERS = "'\u2018\u2019\u201a\u201b"  # ' ‘ ’ ‚ ‛
_SINGLE_CLOSERS = "'\u2018\u2019\u201b"


def _split_quoted(text: str) -> tuple[str, str] | None:
    """(name, rest) when ``text`` (stripped, double quotes balanced) starts with a quoted name."""
    first = text[0]
    if first in _DOUBLE_QUOTES:
        for index in range(1, len(text)):
            if text[index] in _DOUBLE_CLOSERS:
                return text[1:index], text[index + 1 :]
        return None  # unreachable with balanced quotes
    if first in _SINGLE_OPENERS:
        # Only a quote that closes a word closes the name; otherwise the leading
        # character is an apostrophe, as in "'t Hoekje" or "’s-Hertogenbosch".
        for index in range(2, len(text)):
            if (
                text[index] in _SINGLE_CLOSERS
                and not text[index - 1].isspace()
                and (index + 1 == len(text) or text[index + 1].isspace())
            ):
                return text[1:index], text[index + 1 :]
    return None


# ---------------------------------------------------------------------------- commands

# The amount at the end of a quick log is at most this many words: "€ 1,5 mln euro".
_MAX_AMOUNT_WORDS = 4
# Errors meaning "this is not an amount I can read", as opposed to a readable wrong one.
_UNREADABLE = frozenset({"bad_amount", "unknown_currency"})


def _check_name(words: list[str]) -> str:
    name = " ".join(words)
    if not name:
        raise QuickLogError("empty_name")
    if len(name) > MAX_NAME_LENGTH:
        raise QuickLogError("name_too_long", length=len(name), max=MAX_NAME_LENGTH)
    return name


def _read_amount(name: str, amount_text: str, locale: str, default: str) -> Money:
    try:
        return parse_amount(amount_text, locale, default_currency=default)
    except QuickLogError as error:
        if error.code in _UNREADABLE:
            raise UnreadableAmount(error, client_name=name, amount_text=amount_text) from None
        raise


def parse_quicklog(text: str, locale: str, *, default_currency: str = DEFAULT_CURRENCY) -> QuickLog:
    """The text of ``/newclient <client name> [amount]``: the name verbatim apart from
    whitespace, and the value of the last words (up to four) when they are shaped like an
    amount. UnreadableAmount when that amount cannot be read; other QuickLogErrors."""
    locale = normalize_locale(locale)
    default = _check_default_currency(default_currency)
    text = (text or "").strip()
    if not text:
        raise QuickLogError("empty")
    if sum(text.count(quote) for quote in _DOUBLE_QUOTES) % 2:
        raise QuickLogError("unbalanced_quote")

    quoted = _split_quoted(text)
    if quoted is not None:
        name_words, amount = quoted[0].split(), " ".join(quoted[1].split())
    else:
        words = text.split()
        # The longest amount-shaped end: "25 k" rather than "k" alone.
        ends = range(min(_MAX_AMOUNT_WORDS, len(words)), 0, -1)
        shaped = (
            n for n in ends if looks_like_amount(" ".join(words[-n:]), default_currency=default)
        )
        count = next(shaped, 0)
        name_words, amount = words[: len(words) - count], " ".join(words[len(words) - count :])
    name = _check_name(name_words)
    return QuickLog(name, _read_amount(name, amount, locale, default) if amount else None)


# -------------------------------------------------------------------------- milestones
# Which wins deserve a bigger celebration, so the channel does not go numb.

TEAM_MILESTONES = (10, 25, 50, 75, 100, 150, 200, 250, 500, 750, 1000)


def is_team_milestone(count: int) -> bool:
    """10, 25, 50, 75, 100, ... and every 500th after 1000."""
    return count in TEAM_MILESTONES or (count > 1000 and count % 500 == 0)


@dataclass(frozen=True)
class Milestone:
    kind: str  # "team" | "biggest" | "first" | "none"
    team_count: int = 0

    @property
    def big(self) -> bool:
        return self.kind != "none"


def milestone_for(
    *, rep_count_year: int, team_count_year: int, biggest_deal_so_far: bool
) -> Milestone:
    """The one milestone a win is celebrated for, the rarest first."""
    if is_team_milestone(team_count_year):
        return Milestone("team", team_count_year)
    if biggest_deal_so_far:
        return Milestone("biggest", team_count_year)
    if rep_count_year == 1:
        return Milestone("first", team_count_year)
    return Milestone("none", team_count_year)
