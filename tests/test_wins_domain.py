"""Tests for bot.domain.wins: parsing of ``/newclient <client name> [amount]``."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from bot.domain.wins import (
    DEFAULT_CURRENCY,
    MAX_AMOUNT,
    MAX_NAME_LENGTH,
    Money,
    QuickLog,
    QuickLogError,
    UnreadableAmount,
    looks_like_amount,
    normalize_locale,
    parse_amount,
    parse_quicklog,
)

NL = "nl-NL"
EN = "en-US"


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def money(amount: str, currency: str) -> Money:
    return Money(Decimal(amount), currency)


def assert_money(actual: Money | None, expected: Money | None) -> None:
    assert actual == expected
    if expected is not None:
        assert actual is not None
        # Always exactly two decimals, so str() and storage are predictable.
        assert actual.amount.as_tuple().exponent == -2
        assert str(actual.amount) == str(expected.amount.quantize(Decimal("0.01")))


# ----------------------------------------------------------------- normalize_locale


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nl-NL", "nl_NL"),
        ("nl-BE", "nl_BE"),
        ("en-US", "en_US"),
        ("en-GB", "en_GB"),
        ("nl_NL", "nl_NL"),
        ("nl_BE", "nl_BE"),
        ("en_GB", "en_GB"),
        ("nl", "nl_NL"),
        ("en", "en_US"),
        ("NL-nl", "nl_NL"),
        (" en-gb ", "en_GB"),
        ("de-DE", "de_DE"),
        ("pt-BR", "pt_BR"),
        ("es-LA", "es_ES"),  # Slack's Latin-American Spanish: unknown territory, keep language
        ("nl-XX", "nl_NL"),
        (None, "en_US"),
        ("", "en_US"),
        ("   ", "en_US"),
        ("xx", "en_US"),
        ("xx-YY", "en_US"),
        ("not a locale", "en_US"),
    ],
)
def test_normalize_locale(locale: str | None, expected: str) -> None:
    assert normalize_locale(locale) == expected


@pytest.mark.parametrize(
    ("locale", "fallback", "expected"),
    [
        (None, "nl", "nl_NL"),
        ("xx", "nl-BE", "nl_BE"),
        ("", "en_GB", "en_GB"),
        ("en-GB", "nl", "en_GB"),
        (None, "xx", "en_US"),
    ],
)
def test_normalize_locale_fallback(locale: str | None, fallback: str, expected: str) -> None:
    assert normalize_locale(locale, fallback) == expected


# ------------------------------------------------------------------- parse_amount

# Both locales read these the same way.
COMMON_AMOUNTS = [
    ("25000", eur("25000")),
    ("25k", eur("25000")),
    ("25K", eur("25000")),
    ("2.5M", eur("2500000")),
    ("2m", eur("2000000")),
    ("3mln", eur("3000000")),
    ("3Mln", eur("3000000")),
    ("3mio", eur("3000000")),
    ("3Mio", eur("3000000")),
    ("€25k", eur("25000")),
    ("25k€", eur("25000")),
    ("25kEUR", eur("25000")),
    ("25000EUR", eur("25000")),
    ("25000eur", eur("25000")),
    ("EUR 25000", eur("25000")),
    ("EUR25000", eur("25000")),
    ("eur 25000", eur("25000")),
    ("25000 EUR", eur("25000")),
    ("25000 eur", eur("25000")),
    ("€25000", eur("25000")),
    ("€ 25000", eur("25000")),
    ("25000 €", eur("25000")),
    ("£500", money("500", "GBP")),
    ("500 GBP", money("500", "GBP")),
    ("CHF 500", money("500", "CHF")),
    ("500CHF", money("500", "CHF")),
    ("500 USD", money("500", "USD")),
    ("US$100", money("100", "USD")),
    ("500 NOK", money("500", "NOK")),
    ("3", eur("3")),
    ("+5000", eur("5000")),
    ("  25k  ", eur("25000")),
    ("1000000000", eur("1000000000")),  # MAX_AMOUNT itself is fine
    ("1000m", eur("1000000000")),
    ("1000000k", eur("1000000000")),
    ("1.5m", eur("1500000")),  # invalid in Dutch, so read as the only sensible 1.5
    ("1,5m", eur("1500000")),  # invalid in English, so read as the only sensible 1,5
    ("1.250,50", eur("1250.50")),
    ("1,250.50", eur("1250.50")),
    ("1.000.000", eur("1000000")),
    ("1,000,000", eur("1000000")),
    ("0,50", eur("0.50")),
    ("0.50", eur("0.50")),
    ("0,005", eur("0.01")),  # rounds half up to a cent
]

NL_AMOUNTS = [
    ("25.000", eur("25000")),
    ("€25.000", eur("25000")),
    ("€ 25.000", eur("25000")),
    ("25.000 €", eur("25000")),
    ("25.000 EUR", eur("25000")),
    ("EUR 25.000", eur("25000")),
    ("€ 25.000,-", eur("25000")),
    ("25.000,-", eur("25000")),
    ("€25,-", eur("25")),
    ("25,--", eur("25")),
    ("1,5k", eur("1500")),
    ("1,5K", eur("1500")),
    ("1.5k", eur("1500")),
    ("2,5M", eur("2500000")),
    ("2,5mln", eur("2500000")),
    ("1.500k", eur("1500000")),
    ("1,25", eur("1.25")),
    ("2,50", eur("2.50")),
    ("2.50", eur("2.50")),  # not valid Dutch grouping, so a decimal point
    ("1234,5", eur("1234.50")),
    ("1.234.567,89", eur("1234567.89")),
    ("1.234,567", eur("1234.57")),  # grouping present: clearly Dutch, rounded
    ("12,3456", eur("12.35")),
    ("0,125", eur("0.13")),  # leading zero: cannot be thousands
    ("£1.250", money("1250", "GBP")),
    ("US$ 1.200", money("1200", "USD")),
    ("$1.200", money("1200", "USD")),
]

EN_AMOUNTS = [
    ("25,000", eur("25000")),
    ("25,000 EUR", eur("25000")),
    ("EUR 25,000", eur("25000")),
    ("€25,000", eur("25000")),
    ("€ 25,000", eur("25000")),
    ("$1,200", money("1200", "USD")),
    ("$ 1,200", money("1200", "USD")),
    ("1,200 $", money("1200", "USD")),
    ("£1,250.50", money("1250.50", "GBP")),
    ("¥500", money("500", "JPY")),  # en_US knows ¥ as the yen
    ("1.5k", eur("1500")),
    ("1,5k", eur("1500")),  # invalid in English, so the Dutch reading
    ("1,500k", eur("1500000")),
    ("1.25", eur("1.25")),
    ("2,50", eur("2.50")),  # not valid English grouping, so a decimal comma
    ("1234.5", eur("1234.50")),
    ("1,234,567.89", eur("1234567.89")),
    ("1,234.567", eur("1234.57")),
    ("0.125", eur("0.13")),
    ("1,000,000,000", eur("1000000000")),
]


@pytest.mark.parametrize(("text", "expected"), COMMON_AMOUNTS + NL_AMOUNTS)
def test_parse_amount_dutch(text: str, expected: Money) -> None:
    assert_money(parse_amount(text, NL), expected)


@pytest.mark.parametrize(("text", "expected"), COMMON_AMOUNTS + EN_AMOUNTS)
def test_parse_amount_english(text: str, expected: Money) -> None:
    assert_money(parse_amount(text, EN), expected)


@pytest.mark.parametrize("locale", ["nl-NL", "nl_NL", "nl", "nl-BE", "nl_BE"])
def test_parse_amount_accepts_any_dutch_locale_spelling(locale: str) -> None:
    assert_money(parse_amount("1.250,50", locale), eur("1250.50"))
    assert_money(parse_amount("€ 25.000", locale), eur("25000"))


@pytest.mark.parametrize("locale", ["en-US", "en_US", "en", "en-GB", "en_GB"])
def test_parse_amount_accepts_any_english_locale_spelling(locale: str) -> None:
    assert_money(parse_amount("1,250.50", locale), eur("1250.50"))
    assert_money(parse_amount("$1,200", locale), money("1200", "USD"))
    assert_money(parse_amount("£500", locale), money("500", "GBP"))


def test_parse_amount_unknown_locale_falls_back_to_english() -> None:
    assert_money(parse_amount("25,000", "xx-YY"), eur("25000"))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        # DECISION: one separator followed by exactly three digits, where the user's
        # locale would read it as a *decimal* separator, is ambiguous and rejected
        # rather than silently booked as 25 instead of 25.000 (or vice versa).
        ("25,000", NL),
        ("1,250", NL),
        ("€25,000", NL),
        ("25,000 EUR", NL),
        ("$1,200", NL),
        ("1,500k", NL),
        ("25.000", EN),
        ("1.250", EN),
        ("€25.000", EN),
        ("€ 25.000", EN),
        ("25.000 EUR", EN),
        ("1.500k", EN),
    ],
)
def test_parse_amount_ambiguous_thousands_or_decimals(text: str, locale: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "bad_amount"
    assert info.value.params == {"text": text}


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "k",
        "EUR",
        "€",
        "ton",
        "1.2.3",
        "1,2,3",
        "12,34,567",
        "1.000,000.5",
        "25%",
        "25kk",
        "25x",
        "1e5",
        "25.",
        ".5",
        "€25 USD",  # two different currencies
        "EUR 25 USD",
        "--5",
        "-€-5",
        "5-",
        "25 000",
        "twintigduizend",
        "25 kilo",
        "25 k k",
        "25k,-",  # a whole amount has no multiplier
        "euro 25",  # written-out currencies only after the number
        "25 euro dollar",
        "€ 2 ton USD",
    ],
)
def test_parse_amount_bad(text: str, locale: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "bad_amount"
    assert info.value.params == {"text": " ".join(text.split())}


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize(
    "text",
    ["-5000", "-5k", "−5000", "–5000", "-€5000", "€-5000", "€ -5000", "-5000 EUR", "-0,5", "-0.5"],
)
def test_parse_amount_negative(text: str, locale: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "negative_amount"
    assert info.value.params == {}


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize("text", ["0", "000", "0k", "€0", "0 EUR", "-0", "0,00", "0,001", "0.004"])
def test_parse_amount_zero(text: str, locale: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "zero_amount"
    assert info.value.params == {}


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("1000000001", NL),
        ("1.000.000.001", NL),
        ("1.000.000.000,01", NL),
        ("1000000000.01", EN),
        ("1,000,000,001", EN),
        ("1001m", NL),
        ("1001M", EN),
        ("2000mln", NL),
        ("1000001k", EN),
        ("€ 5.000.000.000", NL),
        ("9" * 80, NL),  # far beyond any decimal context: still just "absurd"
        ("9" * 80 + "k", EN),
    ],
)
def test_parse_amount_absurd(text: str, locale: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "absurd_amount"
    assert info.value.params == {"max": MAX_AMOUNT}


@pytest.mark.parametrize(
    ("text", "locale", "currency"),
    [
        ("5000 XYZ", NL, "XYZ"),
        ("5000XYZ", EN, "XYZ"),
        ("XYZ 5000", EN, "XYZ"),
        ("5000 xyz", NL, "XYZ"),
        ("5000 XXX", NL, "XXX"),  # Babel's "no currency" code is not a deal currency
        ("¥500", NL, "¥"),  # JP¥ or CN¥? Dutch Babel data does not say
        ("₿1", EN, "₿"),
    ],
)
def test_parse_amount_unknown_currency(text: str, locale: str, currency: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount(text, locale)
    assert info.value.code == "unknown_currency"
    assert info.value.params == {"currency": currency}


@pytest.mark.parametrize("locale", [NL, EN])
def test_parse_amount_default_currency(locale: str) -> None:
    assert_money(parse_amount("25k", locale, default_currency="USD"), money("25000", "USD"))
    assert_money(parse_amount("25k", locale, default_currency="gbp"), money("25000", "GBP"))
    # An explicit currency wins over the default.
    assert_money(parse_amount("€25k", locale, default_currency="USD"), eur("25000"))


def test_parse_amount_rejects_unknown_default_currency() -> None:
    with pytest.raises(QuickLogError) as info:
        parse_amount("25k", NL, default_currency="XYZ")
    assert (info.value.code, info.value.params) == ("unknown_currency", {"currency": "XYZ"})


# --------------------------------------------------------------- looks_like_amount


@pytest.mark.parametrize(
    "token",
    [
        "25000",
        "3",
        "25k",
        "25K",
        "1.5m",
        "1,5m",
        "2.5M",
        "3mln",
        "3mio",
        "€25.000",
        "€25,000",
        "$1,200",
        "£500",
        "US$100",
        "25000EUR",
        "25000eur",
        "EUR25000",
        "CHF500",
        "1.250,50",
        "1,250.50",
        "25.000,-",
        "-5000",
        "+5000",
        "−5000",
        "€-5000",
        "-€5000",
        "1.2.3",  # looks like one; parsing then says bad_amount
        "₿1",  # currency sign: looks like one; parsing says unknown_currency
        "3M",
        "25 k",
        "25 mln",
        "2 ton",
        "25.000 euro",
        "€ 25.000,-",
        "1.5 million dollars",
        "25.0.0 euro",  # looks like one; parsing then says bad_amount
        "5000 XYZ",  # an upper-case code after a number; parsing says unknown_currency
        "eur 25k",
    ],
)
def test_looks_like_amount(token: str) -> None:
    assert looks_like_amount(token)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "Acme",
        "BV",
        "NV",
        "Inc",
        "EUR",
        "€",
        "k",
        "A1",
        "B2B",
        "24/7",
        "4U",
        "1e5",
        "25%",
        "25x",
        "25.",
        ".5",
        "5000XYZ",  # attached codes must be real currencies
        "123ABC",
        "25kmh",
        '"54"',
        "(10k)",
        "25 000",
        "25 kilo",
        "25kilo",
        "Dollar 5k",
        "euro 25",
        "66 Inc",
        "5k nok",  # lower case only for common codes and the default currency
        "XYZ 5000",  # before the number only real codes
        "25  k",  # the caller collapses whitespace first
        "--5",
        "<!channel>",
    ],
)
def test_does_not_look_like_amount(token: str) -> None:
    assert not looks_like_amount(token)


# ------------------------------------------------------------------ parse_quicklog

COMMON_QUICKLOGS = [
    ("Acme", "Acme", None),
    ("Acme BV", "Acme BV", None),
    ("Acme NV", "Acme NV", None),
    ("Acme Inc", "Acme Inc", None),
    ("Acme B.V.", "Acme B.V.", None),
    ("Acme 25000", "Acme", eur("25000")),
    ("Acme 25k", "Acme", eur("25000")),
    ("Acme 25K", "Acme", eur("25000")),
    ("Acme 1.5m", "Acme", eur("1500000")),
    ("Acme 1,5m", "Acme", eur("1500000")),
    ("Acme 2.5M", "Acme", eur("2500000")),
    ("Acme 2mln", "Acme", eur("2000000")),
    ("Acme 3mio", "Acme", eur("3000000")),
    ("Acme 25000EUR", "Acme", eur("25000")),
    ("Acme 25000 EUR", "Acme", eur("25000")),
    ("Acme 25000 eur", "Acme", eur("25000")),
    ("Acme 25000 Eur", "Acme", eur("25000")),
    ("Acme EUR 25000", "Acme", eur("25000")),
    ("Acme € 25000", "Acme", eur("25000")),
    ("Acme 25000 €", "Acme", eur("25000")),
    ("Acme 25k EUR", "Acme", eur("25000")),
    ("Acme €25k", "Acme", eur("25000")),
    ("Acme £500", "Acme", money("500", "GBP")),
    ("Acme 500 GBP", "Acme", money("500", "GBP")),
    ("Acme CHF 500", "Acme", money("500", "CHF")),
    ("Acme 500 chf", "Acme", money("500", "CHF")),
    ("Acme 500 NOK", "Acme", money("500", "NOK")),
    ("Acme US$100", "Acme", money("100", "USD")),
    ("Acme 1.250,50", "Acme", eur("1250.50")),
    ("Acme 1,250.50", "Acme", eur("1250.50")),
    ("Acme 3", "Acme", eur("3")),  # the user can quote to avoid this
    ("Acme Holding 3 BV", "Acme Holding 3 BV", None),
    ("Studio 54 Inc", "Studio 54 Inc", None),
    ("Route 66 bar", "Route 66 bar", None),
    ("Acme 5000XYZ", "Acme 5000XYZ", None),
    ("Acme 25 k", "Acme", eur("25000")),
    ("Acme 25 mln", "Acme", eur("25000000")),
    ("Acme 3 MLN", "Acme", eur("3000000")),
    ("Acme 25 kilo", "Acme 25 kilo", None),  # not a multiplier, not a currency
    ("Acme Dollar 5k", "Acme Dollar", eur("5000")),  # currency words only after the number
    ("Euro Bakkerij", "Euro Bakkerij", None),
    ("Hotel 5 sterren", "Hotel 5 sterren", None),
    ("Jansen - 5k", "Jansen -", eur("5000")),  # a detached dash is no minus sign
    ("Acme EUR", "Acme EUR", None),
    ("Acme €", "Acme €", None),
    ("EUR", "EUR", None),
    ("3M Nederland", "3M Nederland", None),
    ("3M Nederland 10k", "3M Nederland", eur("10000")),
    ("A1 Telecom", "A1 Telecom", None),
    ("A1 Telecom 2,5k", "A1 Telecom", eur("2500")),
    ("Web 2.0", "Web", eur("2")),  # quote it: "Web 2.0"
    ("Acme -", "Acme -", None),
    ("Jansen - De Vries 5k", "Jansen - De Vries", eur("5000")),
    ("<!channel>", "<!channel>", None),
    ("<!channel> 5k", "<!channel>", eur("5000")),
    ("<@U123ABC> & Zn.", "<@U123ABC> & Zn.", None),
    ("AT&amp;T 5k", "AT&amp;T", eur("5000")),
    ("*bold* _Acme_", "*bold* _Acme_", None),
    ("Café De Zwaan", "Café De Zwaan", None),
    ("Café “De Zwaan” 10k", "Café “De Zwaan”", eur("10000")),  # inner quotes are verbatim
    ('Bar "Het Anker"', 'Bar "Het Anker"', None),
    ("McDonald's 10k", "McDonald's", eur("10000")),
    ("'t Hoekje 10k", "'t Hoekje", eur("10000")),  # leading apostrophe, not a quote
    ("’t Hoekje", "’t Hoekje", None),
    ("‘t Hoekje 5k", "‘t Hoekje", eur("5000")),
    ("’s-Hertogenbosch Bouw’s 5k", "’s-Hertogenbosch Bouw’s", eur("5000")),
    ("Smiths' Garage 5k", "Smiths' Garage", eur("5000")),
    ("  Acme   Corp  ", "Acme Corp", None),
    ("Acme \t Corp\n25k", "Acme Corp", eur("25000")),
    ("Acme\u00a0Corp 25k", "Acme Corp", eur("25000")),
    ("  Acme    Corp    EUR    25000  ", "Acme Corp", eur("25000")),
]

NL_QUICKLOGS = [
    ("Acme €25.000", "Acme", eur("25000")),
    ("Acme € 25.000", "Acme", eur("25000")),
    ("Acme 25.000", "Acme", eur("25000")),
    ("Acme 25.000 EUR", "Acme", eur("25000")),
    ("Acme EUR 25.000", "Acme", eur("25000")),
    ("Acme € 25.000,-", "Acme", eur("25000")),
    ("Acme 1,5k", "Acme", eur("1500")),
    ("Acme 1.5k", "Acme", eur("1500")),
    ("Acme 2,5mln", "Acme", eur("2500000")),
    ("Acme $1.200", "Acme", money("1200", "USD")),
    ("Acme 1.234.567,89", "Acme", eur("1234567.89")),
    ("De Vries & Zn. 12.500", "De Vries & Zn.", eur("12500")),
]

EN_QUICKLOGS = [
    ("Acme 25,000", "Acme", eur("25000")),
    ("Acme 25,000 EUR", "Acme", eur("25000")),
    ("Acme EUR 25,000", "Acme", eur("25000")),
    ("Acme €25,000", "Acme", eur("25000")),
    ("Acme $1,200", "Acme", money("1200", "USD")),
    ("Acme $ 1,200", "Acme", money("1200", "USD")),
    ("Acme 1.5k", "Acme", eur("1500")),
    ("Acme 1,5k", "Acme", eur("1500")),
    ("Acme ¥500", "Acme", money("500", "JPY")),
    ("Acme 1,234,567.89", "Acme", eur("1234567.89")),
    ("Smith & Sons 12,500", "Smith & Sons", eur("12500")),
]


@pytest.mark.parametrize(("text", "name", "value"), COMMON_QUICKLOGS + NL_QUICKLOGS)
def test_parse_quicklog_dutch(text: str, name: str, value: Money | None) -> None:
    result = parse_quicklog(text, NL)
    assert result == QuickLog(client_name=name, value=value)
    assert_money(result.value, value)


@pytest.mark.parametrize(("text", "name", "value"), COMMON_QUICKLOGS + EN_QUICKLOGS)
def test_parse_quicklog_english(text: str, name: str, value: Money | None) -> None:
    result = parse_quicklog(text, EN)
    assert result == QuickLog(client_name=name, value=value)
    assert_money(result.value, value)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Acme 25.000", "nl", eur("25000")),
        ("Acme 25.000", "nl_BE", eur("25000")),
        ("Acme 25.000", "nl-BE", eur("25000")),
        ("Acme 25,000", "en", eur("25000")),
        ("Acme 25,000", "en_GB", eur("25000")),
        ("Acme 25,000", "en-GB", eur("25000")),
        ("Acme $1,200", "en-GB", money("1200", "USD")),
    ],
)
def test_parse_quicklog_locale_spellings(text: str, locale: str, expected: Money) -> None:
    assert parse_quicklog(text, locale) == QuickLog("Acme", expected)


def test_parse_quicklog_default_currency() -> None:
    assert parse_quicklog("Acme 25k", NL, default_currency="GBP") == QuickLog(
        "Acme", money("25000", "GBP")
    )
    assert parse_quicklog("Acme 25k usd", NL, default_currency="GBP") == QuickLog(
        "Acme", money("25000", "USD")
    )
    # The default currency also counts as a lower-case separate word.
    assert parse_quicklog("Acme 25k nok", NL, default_currency="NOK") == QuickLog(
        "Acme", money("25000", "NOK")
    )
    assert parse_quicklog("Acme 25k nok", NL) == QuickLog("Acme 25k nok", None)


# Quoting: a leading quote protects a name that ends in a number.
QUOTED = [
    ('"Studio 54"', "Studio 54", None),
    ('"Studio 54" 10k', "Studio 54", eur("10000")),
    ('"Studio 54" 10 k', "Studio 54", eur("10000")),
    ('"Studio 54" 2 ton euro', "Studio 54", eur("200000")),
    ('"Studio 54"10k', "Studio 54", eur("10000")),
    ('"Studio 54" EUR 10000', "Studio 54", eur("10000")),
    ('"Studio 54" 10000 EUR', "Studio 54", eur("10000")),
    ('"Studio 54" £500', "Studio 54", money("500", "GBP")),
    ('"Studio 54" 10000 usd', "Studio 54", money("10000", "USD")),
    ("“Studio 54”", "Studio 54", None),
    ("“Studio 54” 10k", "Studio 54", eur("10000")),
    ("„Studio 54” 10k", "Studio 54", eur("10000")),
    ("„Studio 54“ 10k", "Studio 54", eur("10000")),
    ("”Studio 54” 10k", "Studio 54", eur("10000")),
    ("'Studio 54'", "Studio 54", None),
    ("'Studio 54' 10k", "Studio 54", eur("10000")),
    ("‘Studio 54’ 10k", "Studio 54", eur("10000")),
    ("’Studio 54’ 10k", "Studio 54", eur("10000")),
    ('"3M"', "3M", None),
    ('"3M" 5k', "3M", eur("5000")),
    ('"Web 2.0" 5k', "Web 2.0", eur("5000")),
    ('"Acme 3"', "Acme 3", None),
    ('"25k"', "25k", None),
    ('"  Studio    54  "   10k  ', "Studio 54", eur("10000")),
    ('"Studio\n54"', "Studio 54", None),
    ('"Bob\'s Burgers" 5k', "Bob's Burgers", eur("5000")),
    ('"<!channel>" 5k', "<!channel>", eur("5000")),
    ("'t Hoekje' 5k", "t Hoekje", eur("5000")),  # quoted after all: closing quote ends a word
]


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize(("text", "name", "value"), QUOTED)
def test_parse_quicklog_quoted(text: str, name: str, value: Money | None, locale: str) -> None:
    result = parse_quicklog(text, locale)
    assert result == QuickLog(client_name=name, value=value)
    assert_money(result.value, value)


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ('"Studio 54" 12.500', NL, eur("12500")),
        ('"Studio 54" 12,5k', NL, eur("12500")),
        ('"Studio 54" 12,500', EN, eur("12500")),
        ('"Studio 54" 12.5k', EN, eur("12500")),
    ],
)
def test_parse_quicklog_quoted_amount_follows_locale(text: str, locale: str, value: Money) -> None:
    assert parse_quicklog(text, locale) == QuickLog("Studio 54", value)


# ------------------------------------------------------- amounts as people type them

# The forms, each in the convention of the user's language, with and without spaces.
NL_TYPED = [
    ("25.000", "25000"),
    ("25.000,-", "25000"),
    ("25 k", "25000"),
    ("25k", "25000"),
    ("25 K", "25000"),
    ("1,5 mln", "1500000"),
    ("1,5mln", "1500000"),
    ("1.5m", "1500000"),
    ("1,5 m", "1500000"),
    ("1,5 miljoen", "1500000"),
    ("2 ton", "200000"),
    ("2ton", "200000"),
    ("2,5 ton", "250000"),
    ("25 duizend", "25000"),
    ("25duizend", "25000"),
    ("25 thousand", "25000"),
    ("1.5 million", "1500000"),
    ("1,5million", "1500000"),
    ("1 miljard", "1000000000"),
]
EN_TYPED = [
    ("25,000", "25000"),
    ("25.000,-", "25000"),  # the Dutch ",-" says which mark is the decimal one
    ("25 k", "25000"),
    ("25k", "25000"),
    ("1,5 mln", "1500000"),  # invalid English, so the Dutch reading
    ("1.5m", "1500000"),
    ("1.5 M", "1500000"),
    ("2 ton", "200000"),
    ("25 duizend", "25000"),
    ("25 thousand", "25000"),
    ("25thousand", "25000"),
    ("1.5 million", "1500000"),
    ("1.5million", "1500000"),
    ("1 billion", "1000000000"),
]
# How a currency is written around an amount ({} is the amount), and what it means.
CURRENCY_SPELLINGS = [
    ("{}", "EUR"),
    ("{} euro", "EUR"),
    ("{} euros", "EUR"),
    ("{} Euro", "EUR"),
    ("{} eur", "EUR"),
    ("{} EUR", "EUR"),
    ("{} €", "EUR"),
    ("€{}", "EUR"),
    ("€ {}", "EUR"),
    ("EUR {}", "EUR"),
    ("eur {}", "EUR"),
    ("{} $", "USD"),
    ("${}", "USD"),
    ("$ {}", "USD"),
    ("{} usd", "USD"),
    ("{} USD", "USD"),
    ("USD {}", "USD"),
    ("{} dollar", "USD"),
    ("{} dollars", "USD"),
]


def typed_cases(forms: list[tuple[str, str]]) -> list[tuple[str, Money]]:
    return [
        (spelling.format(form), money(amount, currency))
        for form, amount in forms
        for spelling, currency in CURRENCY_SPELLINGS
    ]


@pytest.mark.parametrize(("text", "expected"), typed_cases(NL_TYPED))
def test_amounts_as_dutch_people_type_them(text: str, expected: Money) -> None:
    assert_money(parse_amount(text, NL), expected)
    result = parse_quicklog(f"Bakkerij Jansen {text}", NL)
    assert result == QuickLog("Bakkerij Jansen", expected)


@pytest.mark.parametrize(("text", "expected"), typed_cases(EN_TYPED))
def test_amounts_as_english_people_type_them(text: str, expected: Money) -> None:
    assert_money(parse_amount(text, EN), expected)
    result = parse_quicklog(f"Smith & Sons {text}", EN)
    assert result == QuickLog("Smith & Sons", expected)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Bakkerij Jansen € 25.000,-", NL, eur("25000")),
        ("Bakkerij Jansen 25.000,- euro", NL, eur("25000")),
        ("Bakkerij Jansen € 1,5 mln", NL, eur("1500000")),
        ("Bakkerij Jansen 1,5 mln euro", NL, eur("1500000")),
        ("Bakkerij Jansen € 2 ton", NL, eur("200000")),
        ("Bakkerij Jansen 25 duizend euro", NL, eur("25000")),
        ("Bakkerij Jansen 25 k€", NL, eur("25000")),
        ("Bakkerij Jansen 25 keur", NL, eur("25000")),
        ("Bakkerij Jansen 3 MEUR", NL, eur("3000000")),
        ("Acme $ 1.5 million", EN, money("1500000", "USD")),
        ("Acme 1.5 million dollars", EN, money("1500000", "USD")),
        ("Acme USD 25 thousand", EN, money("25000", "USD")),
        ("Acme 25 k USD", EN, money("25000", "USD")),
        ("Acme 25 thousand dollars", EN, money("25000", "USD")),
        ("Acme 25 dollars", "en-AU", money("25", "AUD")),  # a dollar is what $ is there
    ],
)
def test_currency_and_multiplier_words_around_an_amount(
    text: str, locale: str, expected: Money
) -> None:
    name = "Acme" if text.startswith("Acme") else "Bakkerij Jansen"
    assert parse_quicklog(text, locale) == QuickLog(name, expected)


# ----------------------------------------------------------- unreadable: ask, don't guess


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize(
    ("text", "name", "amount_text", "code"),
    [
        ("Acme 25.0.0 euro", "Acme", "25.0.0 euro", "bad_amount"),
        ("Acme 12,34,5 k", "Acme", "12,34,5 k", "bad_amount"),
        ("Acme 1.2.3", "Acme", "1.2.3", "bad_amount"),
        ("Bakkerij Jansen € 1,2,3 mln", "Bakkerij Jansen", "€ 1,2,3 mln", "bad_amount"),
        ("Acme €25 USD", "Acme", "€25 USD", "bad_amount"),
        ("Acme 5000 XYZ", "Acme", "5000 XYZ", "unknown_currency"),
        ("Studio 54 NYC", "Studio", "54 NYC", "unknown_currency"),
        ('"Studio 54" tienduizend', "Studio 54", "tienduizend", "bad_amount"),
        ('"Studio 54"   10 k  k', "Studio 54", "10 k k", "bad_amount"),
    ],
)
def test_an_unreadable_amount_is_asked_about_not_guessed(
    text: str, name: str, amount_text: str, code: str, locale: str
) -> None:
    with pytest.raises(UnreadableAmount) as info:
        parse_quicklog(text, locale)
    assert (info.value.client_name, info.value.amount_text, info.value.code) == (
        name,
        amount_text,
        code,
    )


@pytest.mark.parametrize(
    ("text", "locale"),
    [("Acme 25,000 euro", NL), ("Acme 25.000 euro", EN), ("Acme 1.250", EN)],
)
def test_an_ambiguous_amount_is_asked_about(text: str, locale: str) -> None:
    with pytest.raises(UnreadableAmount) as info:
        parse_quicklog(text, locale)
    assert info.value.client_name == "Acme"
    assert info.value.amount_text == text.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Acme -5k", "negative_amount"),
        ("Acme 0 euro", "zero_amount"),
        ("Acme 2000 mln", "absurd_amount"),
        ("25.0.0 euro", "empty_name"),  # no name: nothing to log without a value
        ("x" * 201 + " 25.0.0", "name_too_long"),
    ],
)
def test_readable_but_wrong_input_is_an_error_not_a_question(text: str, code: str) -> None:
    with pytest.raises(QuickLogError) as info:
        parse_quicklog(text, NL)
    assert not isinstance(info.value, UnreadableAmount)
    assert info.value.code == code


# -------------------------------------------------------------------------- errors


def error_of(text: str, locale: str) -> tuple[str, dict[str, object]]:
    with pytest.raises(QuickLogError) as info:
        parse_quicklog(text, locale)
    return info.value.code, info.value.params


@pytest.mark.parametrize("locale", [NL, EN])
@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "empty", {}),
        ("   ", "empty", {}),
        ("\n\t ", "empty", {}),
        ("25k", "empty_name", {}),
        ("25000", "empty_name", {}),
        ("€ 25000", "empty_name", {}),
        ("25000 EUR", "empty_name", {}),
        ("EUR 25000", "empty_name", {}),
        ("3M", "empty_name", {}),  # quote it: "3M"
        ("-5000", "empty_name", {}),  # the name is checked first
        ("0", "empty_name", {}),
        ('""', "empty_name", {}),
        ('"   " 10k', "empty_name", {}),
        ("“”", "empty_name", {}),
        ('"Studio 54', "unbalanced_quote", {}),
        ('Studio 54"', "unbalanced_quote", {}),
        ("“Studio 54 10k", "unbalanced_quote", {}),
        ("Studio 54” 10k", "unbalanced_quote", {}),
        ("„Studio 54 10k", "unbalanced_quote", {}),
        ('"Studio" "54', "unbalanced_quote", {}),
        ('Café "De Zwaan 10k', "unbalanced_quote", {}),
        ("Acme -5000", "negative_amount", {}),
        ("Acme -5k", "negative_amount", {}),
        ("Acme −5000", "negative_amount", {}),
        ("Acme -€5000", "negative_amount", {}),
        ("Acme € -5000", "negative_amount", {}),
        ("Acme -5000 EUR", "negative_amount", {}),
        ('"Studio 54" -5k', "negative_amount", {}),
        ("Acme 0", "zero_amount", {}),
        ("Acme 0k", "zero_amount", {}),
        ("Acme €0", "zero_amount", {}),
        ("Acme 0 EUR", "zero_amount", {}),
        ("Acme 1001m", "absurd_amount", {"max": MAX_AMOUNT}),
        ("Acme 2000mln", "absurd_amount", {"max": MAX_AMOUNT}),
        ("Acme 1000000001", "absurd_amount", {"max": MAX_AMOUNT}),
        ("Acme " + "9" * 60, "absurd_amount", {"max": MAX_AMOUNT}),
        ("Acme 5000 XYZ", "unknown_currency", {"currency": "XYZ"}),
        ("Acme 5k XYZ", "unknown_currency", {"currency": "XYZ"}),
        ("Studio 54 NYC", "unknown_currency", {"currency": "NYC"}),  # quote it
        ('"Studio 54" 10k xyz', "unknown_currency", {"currency": "XYZ"}),
        ("Acme ₿1", "unknown_currency", {"currency": "₿"}),
        ("Acme 1.2.3", "bad_amount", {"text": "1.2.3"}),
        ("Acme €25 USD", "bad_amount", {"text": "€25 USD"}),
        ('"Studio 54" BV', "bad_amount", {"text": "BV"}),
        ('"Studio 54" 10 k k', "bad_amount", {"text": "10 k k"}),
        ('"Studio 54" "10k"', "bad_amount", {"text": '"10k"'}),
        ("'Studio 54' tienduizend", "bad_amount", {"text": "tienduizend"}),
    ],
)
def test_parse_quicklog_errors(text: str, code: str, params: dict, locale: str) -> None:
    assert error_of(text, locale) == (code, params)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        # DECISION (see test_parse_amount_ambiguous_thousands_or_decimals).
        ("Acme 25,000", NL),
        ("Acme 25,000 EUR", NL),
        ("Acme $1,200", NL),
        ("Acme 25.000", EN),
        ("Acme €25.000", EN),
        ("Acme € 25.000", EN),
    ],
)
def test_parse_quicklog_ambiguous_amounts(text: str, locale: str) -> None:
    code, params = error_of(text, locale)
    assert code == "bad_amount"
    assert params == {"text": text.split(" ", 1)[1]}


@pytest.mark.parametrize("locale", [NL, EN])
def test_name_length_limit(locale: str) -> None:
    longest = "x" * MAX_NAME_LENGTH
    assert parse_quicklog(longest, locale) == QuickLog(longest, None)
    assert parse_quicklog(f"{longest} 5k", locale) == QuickLog(longest, eur("5000"))
    assert parse_quicklog(f'"{longest}"', locale) == QuickLog(longest, None)
    # Collapsing happens before the length check.
    spaced = "a   " * 100
    assert parse_quicklog(spaced, locale).client_name == " ".join(["a"] * 100)

    too_long = "x" * (MAX_NAME_LENGTH + 1)
    expected = ("name_too_long", {"length": MAX_NAME_LENGTH + 1, "max": MAX_NAME_LENGTH})
    assert error_of(too_long, locale) == expected
    assert error_of(f"{too_long} 5k", locale) == expected
    assert error_of(f'"{too_long}" 5k', locale) == expected
    assert error_of("ab " * 66 + "abc", locale) == expected  # 201 after collapsing


def test_name_too_long_params() -> None:
    assert error_of("y" * 250 + " 10k", NL) == ("name_too_long", {"length": 250, "max": 200})
    assert error_of("Acme " + "y" * 300, EN) == ("name_too_long", {"length": 305, "max": 200})


# ---------------------------------------------------------------- types and errors


def test_constants() -> None:
    constants = {"name": MAX_NAME_LENGTH, "amount": MAX_AMOUNT, "currency": DEFAULT_CURRENCY}
    assert constants == {"name": 200, "amount": Decimal("1000000000"), "currency": "EUR"}


def test_value_objects_are_frozen() -> None:
    log = parse_quicklog("Acme 25k", NL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        log.client_name = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        log.value.amount = Decimal(1)  # type: ignore[misc, union-attr]
    assert hash(log) == hash(QuickLog("Acme", eur("25000")))


def test_quicklog_error_shape() -> None:
    error = QuickLogError("name_too_long", length=201, max=200)
    assert isinstance(error, ValueError)
    assert error.code == "name_too_long"
    assert error.params == {"length": 201, "max": 200}
    assert "name_too_long" in str(error)
    assert QuickLogError("empty").params == {}
    assert str(QuickLogError("empty")) == "empty"
