"""Settings read once from the environment (and `.env`), validated at start-up."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import list_currencies

SLACK_DEFAULT_API_URL = "https://slack.com/api/"
SUPPORTED_LOCALES = ("en", "nl")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{4,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{4,}$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9-]{1,63})*$"
)
_BOT_TOKEN_FIX = (
    "Copy the Bot User OAuth Token (xoxb-...) from your Slack app's 'OAuth & Permissions' page "
    "into .env."
)
_SIGNING_SECRET_FIX = (
    "Copy the Signing Secret from your Slack app's 'Basic Information' page into .env."
)
# The values .env.example ships with: a .env that was copied but not filled in. Each with how to
# fill it in (tests/test_startup.py checks that this matches the file).
EXAMPLE_VALUES = {
    "SLACK_BOT_TOKEN": ("xoxb-your-bot-token", _BOT_TOKEN_FIX),
    "SLACK_SIGNING_SECRET": ("your-signing-secret", _SIGNING_SECRET_FIX),
    "SLACK_APP_TOKEN": (
        "xapp-your-app-level-token",
        "Copy an app-level token (xapp-..., scope connections:write) from Basic Information > "
        "App-Level Tokens into .env, or leave it empty to serve HTTP instead of Socket Mode.",
    ),
    "WINS_CHANNEL": (
        "C0123456789",
        "Set the ID of the channel where wins are celebrated (in Slack, open the channel "
        "details and copy the ID at the bottom).",
    ),
    "SALES_CHANNEL": (
        "C0123456789",
        "Set the ID of the sales-meeting channel, or leave it empty to use WINS_CHANNEL.",
    ),
    "ADMIN_USER_IDS": (
        "U0123456789",
        "List the member IDs of the admins (in Slack, open a profile, click ⋮ and 'Copy member "
        "ID'), or leave it empty.",
    ),
}


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to run, validated."""

    slack_bot_token: str
    slack_signing_secret: str
    wins_channel: str
    slack_app_token: str | None = None
    slack_api_url: str = SLACK_DEFAULT_API_URL
    database_url: str = "sqlite:///salesbot.db"
    host: str = "0.0.0.0"  # the address to listen on; 127.0.0.1 behind a local proxy
    port: int = 3000
    bot_locale: str = "en"
    team_timezone: str = "Europe/Amsterdam"
    default_currency: str = "EUR"
    # How long a Web API call may take before we treat it as failed (seconds).
    slack_timeout: float = 10.0
    # The channel of the sales meetings (calendar, agendas, reminders); WINS_CHANNEL when unset.
    sales_channel: str = ""
    admin_user_ids: frozenset[str] = field(default_factory=frozenset)
    holidays_country: str = "NL"
    agenda_open_days: int = 3  # the agenda opens this many days before a meeting ...
    agenda_open_time: time = time(9, 0)  # ... at this local time
    reminder_time: time = time(12, 0)  # the day before the meeting
    agenda_cutoff_time: time = time(18, 0)  # the evening before: the agenda is locked
    oneonone_prep_hours: int = 48  # the rep is asked to prepare this long before a 1:1 ...
    oneonone_nudge_hours: int = 24  # ... and the manager's nudge (with the prep) comes later
    checkin_weekday: int = 4  # the weekly check-in prompt: Friday ...
    checkin_time: time = time(15, 0)  # ... at 15:00 in each rep's own time zone
    checkin_reminder_time: time = time(9, 0)  # the next working morning, if still missing
    digest_time: time = time(9, 0)  # the manager's digest, Monday morning in their zone

    def __post_init__(self) -> None:
        if not self.sales_channel:
            object.__setattr__(self, "sales_channel", self.wins_channel)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.team_timezone)


def _fail(name: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{name} {problem}. {fix}")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: os.environ), raising ConfigError on the first problem."""
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    def required(name: str, fix: str) -> str:
        value = get(name)
        if not value:
            raise _fail(name, "is not set", fix)
        return value

    for name, (example, fix) in EXAMPLE_VALUES.items():
        values = re.split(r"[\s,]+", get(name)) if name == "ADMIN_USER_IDS" else [get(name)]
        if example in values:
            raise ConfigError(
                f"{name} is still the example value from .env.example: {fix[0].lower()}{fix[1:]}"
            )

    bot_token = required("SLACK_BOT_TOKEN", _BOT_TOKEN_FIX)
    if not bot_token.startswith("xoxb-"):
        raise _fail(
            "SLACK_BOT_TOKEN",
            "does not look like a bot token",
            "It must start with 'xoxb-' (the Bot User OAuth Token, not a user or app token).",
        )
    signing_secret = required("SLACK_SIGNING_SECRET", _SIGNING_SECRET_FIX)
    app_token = get("SLACK_APP_TOKEN") or None
    if app_token and not app_token.startswith("xapp-"):
        raise _fail(
            "SLACK_APP_TOKEN",
            "does not look like an app-level token",
            "It must start with 'xapp-' (Basic Information > App-Level Tokens, scope connections:write), "
            "or leave it empty to serve HTTP instead of Socket Mode.",
        )
    wins_channel = required(
        "WINS_CHANNEL",
        "Set it to the ID of the channel where wins are celebrated (e.g. C0123456789: "
        "in Slack, open the channel details and copy the ID at the bottom).",
    )
    if not _CHANNEL_ID.match(wins_channel):
        raise _fail(
            "WINS_CHANNEL",
            f"is '{wins_channel}', which is not a channel ID",
            "Use the channel ID (like C0123456789), not its #name.",
        )
    api_url = get("SLACK_API_URL") or SLACK_DEFAULT_API_URL
    if not re.match(r"^https?://", api_url):
        raise _fail(
            "SLACK_API_URL",
            f"is '{api_url}', not an http(s) URL",
            "Leave it empty to use Slack's own API.",
        )
    if not api_url.endswith("/"):
        api_url += "/"
    port_text = get("PORT") or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise _fail(
            "PORT",
            f"is '{port_text}', not a port number",
            "Use a number between 1 and 65535, e.g. PORT=3000.",
        )
    host = (get("HOST") or "0.0.0.0").removeprefix("[").removesuffix("]")
    if not _is_host(host):
        raise _fail(
            "HOST",
            f"is '{host}', not an address to listen on",
            "Use 0.0.0.0 (every interface), 127.0.0.1 (only this machine, e.g. behind a local "
            "proxy) or an IP address or host name of this machine.",
        )
    locale = (get("BOT_LOCALE") or "en").lower()
    if locale not in SUPPORTED_LOCALES:
        raise _fail("BOT_LOCALE", f"is '{locale}'", "Use 'en' (English) or 'nl' (Dutch).")
    currency = (get("DEFAULT_CURRENCY") or "EUR").upper()
    if currency not in list_currencies():
        raise _fail(
            "DEFAULT_CURRENCY",
            f"is '{currency}', not a currency code",
            "Use an ISO 4217 code such as EUR, USD or GBP.",
        )
    tz_name = get("TEAM_TIMEZONE") or "Europe/Amsterdam"
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(
            "TEAM_TIMEZONE",
            f"is '{tz_name}', not a known time zone",
            "Use an IANA name such as Europe/Amsterdam or Europe/Brussels.",
        ) from None
    database_url = get("DATABASE_URL") or "sqlite:///salesbot.db"
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", database_url):
        raise _fail(
            "DATABASE_URL",
            "is not a SQLite or PostgreSQL URL",
            "Use e.g. sqlite:///salesbot.db or postgresql+psycopg://user:password@host/dbname.",
        )
    if database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; the bare scheme would ask for psycopg2.
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    timeout_text = get("SLACK_TIMEOUT") or "10"
    try:
        timeout = float(timeout_text)
    except ValueError:
        raise _fail(
            "SLACK_TIMEOUT", f"is '{timeout_text}'", "Use a number of seconds, e.g. 10."
        ) from None
    sales_channel = get("SALES_CHANNEL") or wins_channel
    if not _CHANNEL_ID.match(sales_channel):
        raise _fail(
            "SALES_CHANNEL",
            f"is '{sales_channel}', which is not a channel ID",
            "Use the ID of the sales-meeting channel (like C0123456789), not its #name.",
        )
    admins = frozenset(re.split(r"[\s,]+", get("ADMIN_USER_IDS"))) - {""}
    bad_admins = sorted(a for a in admins if not _USER_ID.match(a))
    if bad_admins:
        raise _fail(
            "ADMIN_USER_IDS",
            f"contains '{bad_admins[0]}', which is not a Slack user ID",
            "List member IDs (like U0123456789) separated by commas; in Slack, open a "
            "profile, click ⋮ and 'Copy member ID'.",
        )
    country = (get("HOLIDAYS_COUNTRY") or "NL").upper()
    if country not in _holiday_countries():
        raise _fail(
            "HOLIDAYS_COUNTRY",
            f"is '{country}', not a country the holidays package knows",
            "Use a two-letter ISO code such as NL or BE.",
        )
    days_text = get("AGENDA_OPEN_DAYS") or "3"
    if not days_text.isdigit() or not 1 <= int(days_text) <= 14:
        raise _fail(
            "AGENDA_OPEN_DAYS",
            f"is '{days_text}'",
            "Use a number of days between 1 and 14 (how long before a meeting its agenda opens).",
        )
    times = {
        name: _clock(name, get(name), default)
        for name, default in (
            ("AGENDA_OPEN_TIME", time(9, 0)),
            ("REMINDER_TIME", time(12, 0)),
            ("AGENDA_CUTOFF_TIME", time(18, 0)),
        )
    }
    weekday_text = (get("CHECKIN_DAY") or "friday").lower()
    if weekday_text not in _WEEKDAYS:
        raise _fail(
            "CHECKIN_DAY",
            f"is '{weekday_text}'",
            "Use a day of the week in English, e.g. friday.",
        )
    checkin_times = {
        name: _clock(name, get(name), default)
        for name, default in (
            ("CHECKIN_TIME", time(15, 0)),
            ("CHECKIN_REMINDER_TIME", time(9, 0)),
            ("DIGEST_TIME", time(9, 0)),
        )
    }
    nudge_text = get("ONEONONE_NUDGE_HOURS") or "24"
    if not nudge_text.isdigit() or not 1 <= int(nudge_text) <= 168:
        raise _fail(
            "ONEONONE_NUDGE_HOURS",
            f"is '{nudge_text}'",
            "Use a number of hours between 1 and 168 (how long before a 1:1 the manager is "
            "nudged).",
        )
    # Unset, the rep is asked 48 hours before, or a day before a nudge set at 48 hours or more.
    prep_text = get("ONEONONE_PREP_HOURS") or str(max(48, int(nudge_text) + 24))
    if not prep_text.isdigit() or not 2 <= int(prep_text) <= 336:
        raise _fail(
            "ONEONONE_PREP_HOURS",
            f"is '{prep_text}'",
            "Use a number of hours between 2 and 336 (how long before a 1:1 the rep is asked "
            "to prepare).",
        )
    if int(prep_text) <= int(nudge_text):
        raise _fail(
            "ONEONONE_PREP_HOURS",
            f"is {prep_text}, not more than ONEONONE_NUDGE_HOURS ({nudge_text})",
            "The rep prepares before the manager's nudge, which shows the preparation: make it "
            "larger, e.g. 48 with a nudge at 24.",
        )
    cutoff = times["AGENDA_CUTOFF_TIME"]
    if times["REMINDER_TIME"] >= cutoff:
        raise _fail(
            "REMINDER_TIME",
            f"is {times['REMINDER_TIME']:%H:%M}, not before AGENDA_CUTOFF_TIME ({cutoff:%H:%M})",
            "The reminder invites items, so it must come before the agenda is locked.",
        )
    if int(days_text) == 1 and times["AGENDA_OPEN_TIME"] >= cutoff:
        raise _fail(
            "AGENDA_OPEN_TIME",
            f"is {times['AGENDA_OPEN_TIME']:%H:%M}, which with AGENDA_OPEN_DAYS=1 is not before "
            f"AGENDA_CUTOFF_TIME ({cutoff:%H:%M})",
            "Open the agenda earlier, or more days before the meeting.",
        )
    return Settings(
        slack_bot_token=bot_token,
        slack_signing_secret=signing_secret,
        slack_app_token=app_token,
        wins_channel=wins_channel,
        slack_api_url=api_url,
        database_url=database_url,
        host=host,
        port=int(port_text),
        bot_locale=locale,
        default_currency=currency,
        team_timezone=tz_name,
        slack_timeout=timeout,
        sales_channel=sales_channel,
        admin_user_ids=admins,
        holidays_country=country,
        agenda_open_days=int(days_text),
        agenda_open_time=times["AGENDA_OPEN_TIME"],
        reminder_time=times["REMINDER_TIME"],
        agenda_cutoff_time=times["AGENDA_CUTOFF_TIME"],
        oneonone_prep_hours=int(prep_text),
        oneonone_nudge_hours=int(nudge_text),
        checkin_weekday=_WEEKDAYS.index(weekday_text),
        checkin_time=checkin_times["CHECKIN_TIME"],
        checkin_reminder_time=checkin_times["CHECKIN_REMINDER_TIME"],
        digest_time=checkin_times["DIGEST_TIME"],
    )


def _holiday_countries() -> set[str]:
    import holidays

    return set(holidays.list_supported_countries())


def _is_host(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(text))


def _clock(name: str, text: str, default: time) -> time:
    if not text:
        return default
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _fail(name, f"is '{text}', not a time of day", "Use 24-hour HH:MM, e.g. 18:00.")
    return time(int(match[1]), int(match[2]))
