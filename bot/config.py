"""Settings read once from the environment (and `.env`), validated at start-up.

`SETTINGS` is the one list of them: each variable's parser, default and help. README's settings
table is generated from it (tests/test_readme.py checks that README shows exactly that table).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import list_currencies

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
_MANY_WORKSPACES = (
    'To serve many workspaces with "Add to Slack" instead, leave it empty and set '
    "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information > App Credentials)."
)
# Unset in the many-workspaces mode: each workspace has its own token and chooses its channels.
_ONE_WORKSPACE_ONLY = ("SLACK_BOT_TOKEN", "WINS_CHANNEL")
_SIGNING_SECRET_FIX = (
    "Copy the Signing Secret from your Slack app's 'Basic Information' page into .env."
)


class ConfigError(Exception):
    """Settings are missing or malformed: the message names the first problem and says how to fix
    it, on one line; `problems` holds every problem found."""

    def __init__(self, *problems: str) -> None:
        super().__init__(problems[0])
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to run, validated (the defaults are in SETTINGS)."""

    slack_bot_token: str
    slack_signing_secret: str
    wins_channel: str
    slack_app_token: str | None
    slack_api_url: str
    database_url: str
    host: str  # the address to listen on; 127.0.0.1 behind a local proxy
    port: int
    bot_locale: str
    team_timezone: str
    default_currency: str
    slack_timeout: float  # seconds a Web API call may take before it counts as failed
    sales_channel: str  # the channel of the sales meetings; WINS_CHANNEL when unset
    admin_user_ids: frozenset[str]
    holidays_country: str
    agenda_open_days: int  # the agenda opens this many days before a meeting ...
    agenda_open_time: time  # ... at this local time
    reminder_time: time  # the day before the meeting
    agenda_cutoff_time: time  # the evening before: the agenda is locked
    oneonone_prep_hours: int  # the rep is asked to prepare this long before a 1:1 ...
    oneonone_nudge_hours: int  # ... and the manager's nudge (with the prep) comes later
    checkin_weekday: int  # the weekly check-in prompt: 0 is Monday ...
    checkin_time: time  # ... at this time in each rep's own time zone
    checkin_reminder_time: time  # the next working morning, if still missing
    digest_time: time  # the manager's digest, Monday morning in their zone
    # "Add to Slack" (many workspaces): used only when SLACK_BOT_TOKEN is unset.
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_state_secret: str = ""

    def __post_init__(self) -> None:
        if not self.sales_channel:
            object.__setattr__(self, "sales_channel", self.wins_channel)

    @property
    def many_workspaces(self) -> bool:
        """Installed with "Add to Slack" by any number of workspaces, each with its own token."""
        return not self.slack_bot_token and bool(self.slack_client_id)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.team_timezone)


class _Invalid(ValueError):
    """A parser's verdict: what is wrong (said after the setting's name) and how to fix it."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Setting:
    """One environment variable: how it is read, and its row in README's settings table."""

    name: str
    parse: Callable[[str], Any]  # the stripped text (or `default`) -> the value; raises _Invalid
    default: str  # the text read when it is unset or empty
    help: str  # README's "meaning" (markdown)
    required: str = ""  # set for a required setting: how to fill it in
    example: tuple[str, str] | None = None  # .env.example's placeholder, how to replace it
    shown_default: str = ""  # README's default, where `default` alone does not tell it
    field: str = ""  # the Settings field it fills, when not `name` in lower case
    by_main: bool = False  # read by bot/__main__.py itself (before the rest), not a Settings field

    @property
    def attr(self) -> str:
        return self.field or self.name.lower()


# -- parsers: the stripped text -> the value, or _Invalid -----------------------------------------


def _text(text: str) -> str:
    return text


def _bot_token(text: str) -> str:
    if not text.startswith("xoxb-"):
        raise _Invalid(
            "does not look like a bot token",
            "It must start with 'xoxb-' (the Bot User OAuth Token, not a user or app token).",
        )
    return text


def _app_token(text: str) -> str | None:
    if text and not text.startswith("xapp-"):
        raise _Invalid(
            "does not look like an app-level token",
            "It must start with 'xapp-' (Basic Information > App-Level Tokens, scope connections:write), "
            "or leave it empty to serve HTTP instead of Socket Mode.",
        )
    return text or None


def _channel_id(fix: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text and not _CHANNEL_ID.match(text):
            raise _Invalid(f"is '{text}', which is not a channel ID", fix)
        return text

    return parse


def _api_url(text: str) -> str:
    if not re.match(r"^https?://", text):
        raise _Invalid(f"is '{text}', not an http(s) URL", "Leave it empty to use Slack's own API.")
    return text if text.endswith("/") else text + "/"


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise _Invalid(
            f"is '{text}', not a port number", "Use a number between 1 and 65535, e.g. PORT=3000."
        )
    return int(text)


def _host(text: str) -> str:
    host = text.removeprefix("[").removesuffix("]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOSTNAME.match(host):
            raise _Invalid(
                f"is '{host}', not an address to listen on",
                "Use 0.0.0.0 (every interface), 127.0.0.1 (only this machine, e.g. behind a local "
                "proxy) or an IP address or host name of this machine.",
            ) from None
    return host


def _locale(text: str) -> str:
    if text.lower() not in SUPPORTED_LOCALES:
        raise _Invalid(f"is '{text.lower()}'", "Use 'en' (English) or 'nl' (Dutch).")
    return text.lower()


def _currency(text: str) -> str:
    if text.upper() not in list_currencies():
        raise _Invalid(
            f"is '{text.upper()}', not a currency code",
            "Use an ISO 4217 code such as EUR, USD or GBP.",
        )
    return text.upper()


def _time_zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(
            f"is '{text}', not a known time zone",
            "Use an IANA name such as Europe/Amsterdam or Europe/Brussels.",
        ) from None
    return text


def _database_url(text: str) -> str:
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", text):
        raise _Invalid(
            "is not a SQLite or PostgreSQL URL",
            "Use e.g. sqlite:///salesbot.db or postgresql+psycopg://user:password@host/dbname.",
        )
    if text.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; the bare scheme would ask for psycopg2.
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise _Invalid(f"is '{text}'", "Use a number of seconds, e.g. 10.") from None


def _user_ids(text: str) -> frozenset[str]:
    ids = frozenset(re.split(r"[\s,]+", text)) - {""}
    bad = sorted(i for i in ids if not _USER_ID.match(i))
    if bad:
        raise _Invalid(
            f"contains '{bad[0]}', which is not a Slack user ID",
            "List member IDs (like U0123456789) separated by commas; in Slack, open a "
            "profile, click ⋮ and 'Copy member ID'.",
        )
    return ids


def _country(text: str) -> str:
    import holidays  # slow to import: only when the settings are read

    if text.upper() not in holidays.list_supported_countries():
        raise _Invalid(
            f"is '{text.upper()}', not a country the holidays package knows",
            "Use a two-letter ISO code such as NL or BE.",
        )
    return text.upper()


def _count(low: int, high: int, unit: str, meaning: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise _Invalid(
                f"is '{text}'", f"Use a number of {unit} between {low} and {high} ({meaning})."
            )
        return int(text)

    return parse


def _clock(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Invalid(f"is '{text}', not a time of day", "Use 24-hour HH:MM, e.g. 18:00.")
    return time(int(match[1]), int(match[2]))


def _weekday(text: str) -> int:
    if text.lower() not in _WEEKDAYS:
        raise _Invalid(f"is '{text.lower()}'", "Use a day of the week in English, e.g. friday.")
    return _WEEKDAYS.index(text.lower())


# -- the settings, in the order they are checked (README lists the required ones first) ----------

_PREP_HOURS = _count(2, 336, "hours", "how long before a 1:1 the rep is asked to prepare")

# Laid out as a table (a few lines an entry); ruff format would give every argument its own line.
# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting("SLACK_BOT_TOKEN", _bot_token, "", "Bot User OAuth Token, `xoxb-…`",
            required=_BOT_TOKEN_FIX, example=("xoxb-your-bot-token", _BOT_TOKEN_FIX)),
    Setting("SLACK_SIGNING_SECRET", _text, "", "verifies that requests come from Slack",
            required=_SIGNING_SECRET_FIX, example=("your-signing-secret", _SIGNING_SECRET_FIX)),
    Setting("SLACK_APP_TOKEN", _app_token, "",
            "`xapp-…`; when set the bot connects in Socket Mode, when empty it serves HTTP",
            example=("xapp-your-app-level-token",
                     "Copy an app-level token (xapp-..., scope connections:write) from Basic "
                     "Information > App-Level Tokens into .env, or leave it empty to serve HTTP "
                     "instead of Socket Mode.")),
    Setting("WINS_CHANNEL", _channel_id("Use the channel ID (like C0123456789), not its #name."),
            "", "channel **ID** where new clients are celebrated",
            required="Set it to the ID of the channel where wins are celebrated (e.g. "
                     "C0123456789: in Slack, open the channel details and copy the ID at the "
                     "bottom).",
            example=("C0123456789",
                     "Set the ID of the channel where wins are celebrated (in Slack, open the "
                     "channel details and copy the ID at the bottom).")),
    Setting("SLACK_CLIENT_ID", _text, "",
            "with `SLACK_CLIENT_SECRET` and no `SLACK_BOT_TOKEN`: many workspaces install the bot "
            "from `/slack/install` (\"Add to Slack\"), each with its own token and settings"),
    Setting("SLACK_CLIENT_SECRET", _text, "", "the app's Client Secret, for \"Add to Slack\""),
    Setting("SLACK_STATE_SECRET", _text, "",
            "signs the state of an \"Add to Slack\" visit (it is also checked in the database)"),
    Setting("SLACK_API_URL", _api_url, "https://slack.com/api/",
            "base URL of the Slack Web API; the tests point it at a fake"),
    Setting("PORT", _port, "3000", "HTTP port"),
    Setting("HOST", _host, "0.0.0.0",
            "address to listen on: `0.0.0.0` is every interface; `127.0.0.1` behind a proxy on "
            "the same machine"),
    Setting("BOT_LOCALE", _locale, "en",
            "`en` or `nl`: the language of channel messages and the default for people whose "
            "Slack language is neither"),
    Setting("DEFAULT_CURRENCY", _currency, "EUR",
            "the currency of an amount typed without one (`25k`), ISO code"),
    Setting("TEAM_TIMEZONE", _time_zone, "Europe/Amsterdam",
            "the team's time zone; decides which year a win counts for"),
    Setting("DATABASE_URL", _database_url, "sqlite:///salesbot.db",
            "the default is a file in the working directory; `postgresql://user:pw@host/db` for "
            "PostgreSQL"),
    Setting("SLACK_TIMEOUT", _seconds, "10", "seconds before a Slack call counts as failed"),
    Setting("SALES_CHANNEL",
            _channel_id("Use the ID of the sales-meeting channel (like C0123456789), not its "
                        "#name."),
            "", "channel **ID** of the sales meetings (calendar, agendas, reminders, ratings)",
            shown_default="`WINS_CHANNEL`",
            example=("C0123456789",
                     "Set the ID of the sales-meeting channel, or leave it empty to use "
                     "WINS_CHANNEL.")),
    Setting("ADMIN_USER_IDS", _user_ids, "",
            "member IDs (`U…`, comma-separated) who may plan, move and cancel meetings, say who "
            "manages whom and keep the check-in list; Slack workspace admins and owners always "
            "may",
            example=("U0123456789",
                     "List the member IDs of the admins (in Slack, open a profile, click ⋮ and "
                     "'Copy member ID'), or leave it empty.")),
    Setting("HOLIDAYS_COUNTRY", _country, "NL",
            "public holidays that move or skip a meeting, ISO code (`BE` for Belgium)"),
    Setting("AGENDA_OPEN_DAYS", _count(1, 14, "days", "how long before a meeting its agenda opens"),
            "3", "the agenda opens this many days before a meeting …"),
    Setting("AGENDA_OPEN_TIME", _clock, "09:00",
            "… at this time; also when the year's calendar is posted on its first working day"),
    Setting("REMINDER_TIME", _clock, "12:00",
            "the working day before a meeting: a reminder with the agenda so far; before "
            "`AGENDA_CUTOFF_TIME`"),
    Setting("AGENDA_CUTOFF_TIME", _clock, "18:00",
            "the working day before a meeting: the agenda is locked and posted in order"),
    Setting("CHECKIN_DAY", _weekday, "friday",
            "the day of the weekly check-in prompt (in English) …", field="checkin_weekday"),
    Setting("CHECKIN_TIME", _clock, "15:00", "… at this time, in each rep's own time zone"),
    Setting("CHECKIN_REMINDER_TIME", _clock, "09:00", "the one reminder, the next working morning"),
    Setting("DIGEST_TIME", _clock, "09:00",
            "the manager's Monday digest, in the manager's time zone"),
    Setting("ONEONONE_NUDGE_HOURS",
            _count(1, 168, "hours", "how long before a 1:1 the manager is nudged"), "24",
            "how long before a 1:1 the manager gets the nudge with the rep's preparation"),
    # Unset, it follows ONEONONE_NUDGE_HOURS (see _check_together).
    Setting("ONEONONE_PREP_HOURS", lambda text: _PREP_HOURS(text) if text else None, "",
            "how long before a 1:1 the rep is asked to prepare; must be more than "
            "`ONEONONE_NUDGE_HOURS`",
            shown_default="`48` (with a nudge at 48 or more: 24 hours before the nudge)"),
    Setting("LOG_LEVEL", _text, "INFO",
            "`DEBUG`, `INFO`, `WARNING` or `ERROR`; at `INFO` one line at start and at shutdown, "
            "then warnings",
            by_main=True),
    Setting("LOG_FORMAT", _text, "text",
            "`text`, or `json`: one JSON object a line (`time` in UTC, `level`, `logger`, "
            "`message`, `exception`) for a log collector",
            by_main=True),
    Setting("MALLOC_ARENA_MAX", _text, "",
            "glibc's malloc arenas in the serving process, also from .env (with one a thread, "
            "as glibc would give, it held about 6 MiB more under load)",
            shown_default="`2`", by_main=True),
    Setting("SALESBOT_ENV_FILE", _text, ".env",
            "the settings file to read, in the working directory (the environment wins over it)",
            by_main=True),
)
# fmt: on


# The values .env.example ships with: a .env that was copied but not filled in. Each with how to
# fill it in (tests/test_startup.py checks that this matches the file).
EXAMPLE_VALUES = {s.name: s.example for s in SETTINGS if s.example is not None}


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: os.environ); a ConfigError holds every problem."""
    env = os.environ if env is None else env
    texts = {s.name: (env.get(s.name) or "").strip() for s in SETTINGS}
    # A copied .env that was not filled in says so first, rather than what its values lack.
    unfilled = [s for s in SETTINGS if _is_example(s, texts[s.name])]
    problems = [_still_example(s) for s in unfilled]
    read: dict[str, str] = {}
    values: dict[str, Any] = {}
    many = not texts["SLACK_BOT_TOKEN"] and bool(texts["SLACK_CLIENT_ID"])
    for s in SETTINGS:
        if s.by_main or s in unfilled:
            continue
        if s.required and not texts[s.name]:
            if many and s.name in _ONE_WORKSPACE_ONLY:
                values[s.attr] = ""
                continue
            fix = f" {_MANY_WORKSPACES}" if s.name == "SLACK_BOT_TOKEN" else ""
            problems.append(f"{s.name} is not set. {s.required}{fix}")
            continue
        read[s.name] = texts[s.name] or s.default
        try:
            values[s.attr] = s.parse(read[s.name])
        except _Invalid as invalid:
            problems.append(f"{s.name} {invalid.problem}. {invalid.fix}")
    problems += _check_together(values, read)
    problems += _check_mode(texts)
    if problems:
        raise ConfigError(*problems)
    return Settings(**values)


def _check_mode(texts: Mapping[str, str]) -> list[str]:
    """One workspace (a bot token) or many ("Add to Slack"): what the chosen mode lacks."""
    if texts["SLACK_BOT_TOKEN"] or not (texts["SLACK_CLIENT_ID"] or texts["SLACK_CLIENT_SECRET"]):
        return []
    if not texts["SLACK_CLIENT_ID"]:
        return [
            "SLACK_CLIENT_ID is not set, but SLACK_CLIENT_SECRET is. Copy the Client ID from "
            "Basic Information > App Credentials too, or set SLACK_BOT_TOKEN for one workspace."
        ]
    problems = []
    if not texts["SLACK_CLIENT_SECRET"]:
        problems.append(
            "SLACK_CLIENT_SECRET is not set, but SLACK_CLIENT_ID is. Copy the Client Secret "
            "from Basic Information > App Credentials too, or set SLACK_BOT_TOKEN for one "
            "workspace."
        )
    if texts["SLACK_APP_TOKEN"]:
        problems.append(
            'SLACK_APP_TOKEN is set, but "Add to Slack" (SLACK_CLIENT_ID) needs the install '
            "page served over HTTP. Leave SLACK_APP_TOKEN empty, or set SLACK_BOT_TOKEN for "
            "one workspace in Socket Mode."
        )
    return problems


def _is_example(setting: Setting, text: str) -> bool:
    if setting.example is None:
        return False
    # A list is still the example when the example is one of its items.
    items = re.split(r"[\s,]+", text) if setting.parse is _user_ids else [text]
    return setting.example[0] in items


def _still_example(setting: Setting) -> str:
    assert setting.example is not None
    fix = setting.example[1]
    return f"{setting.name} is still the example value from .env.example: {fix[0].lower()}{fix[1:]}"


def _check_together(values: dict[str, Any], read: Mapping[str, str]) -> list[str]:
    """The checks of one setting against another, among those that were read; fills in
    ONEONONE_PREP_HOURS's default, which follows ONEONONE_NUDGE_HOURS."""
    problems = []
    nudge = values.get("oneonone_nudge_hours")
    if nudge is not None and "oneonone_prep_hours" in values:
        if values["oneonone_prep_hours"] is None:
            # The rep is asked 48 hours before, or a day before a nudge set at 48 hours or more.
            values["oneonone_prep_hours"] = max(48, nudge + 24)
        elif values["oneonone_prep_hours"] <= nudge:
            problems.append(
                f"ONEONONE_PREP_HOURS is {read['ONEONONE_PREP_HOURS']}, not more than "
                f"ONEONONE_NUDGE_HOURS ({read['ONEONONE_NUDGE_HOURS']}). The rep prepares before "
                "the manager's nudge, which shows the preparation: make it larger, e.g. 48 with a "
                "nudge at 24."
            )
    opens, reminder, cutoff = (
        values.get(f) for f in ("agenda_open_time", "reminder_time", "agenda_cutoff_time")
    )
    if reminder is not None and cutoff is not None and reminder >= cutoff:
        problems.append(
            f"REMINDER_TIME is {reminder:%H:%M}, not before AGENDA_CUTOFF_TIME ({cutoff:%H:%M}). "
            "The reminder invites items, so it must come before the agenda is locked."
        )
    days = values.get("agenda_open_days")
    if days == 1 and opens is not None and cutoff is not None and opens >= cutoff:
        problems.append(
            f"AGENDA_OPEN_TIME is {opens:%H:%M}, which with AGENDA_OPEN_DAYS=1 is not before "
            f"AGENDA_CUTOFF_TIME ({cutoff:%H:%M}). Open the agenda earlier, or more days before "
            "the meeting."
        )
    return problems


# What each workspace's admins may choose for their own team (on the App Home); the environment's
# values are the defaults. The rest (tokens, database, port, ...) belongs to the process.
WORKSPACE_SETTINGS = (
    "WINS_CHANNEL",
    "SALES_CHANNEL",
    "BOT_LOCALE",
    "TEAM_TIMEZONE",
    "HOLIDAYS_COUNTRY",
    "DEFAULT_CURRENCY",
    "ADMIN_USER_IDS",
    "CHECKIN_DAY",
    "CHECKIN_TIME",
    "CHECKIN_REMINDER_TIME",
    "DIGEST_TIME",
    "AGENDA_OPEN_DAYS",
    "AGENDA_OPEN_TIME",
    "REMINDER_TIME",
    "AGENDA_CUTOFF_TIME",
    "ONEONONE_NUDGE_HOURS",
    "ONEONONE_PREP_HOURS",
)
_BY_NAME = {s.name: s for s in SETTINGS}


def with_choices(base: Settings, chosen: Mapping[str, str]) -> Settings:
    """`base` (the environment's settings) with a workspace's own choices, validated like the
    environment's; a ConfigError names every bad choice. Unknown names are ignored."""
    values: dict[str, Any] = {}
    read: dict[str, str] = {}
    problems: list[str] = []
    for name, text in chosen.items():
        setting = _BY_NAME.get(name)
        if setting is None or name not in WORKSPACE_SETTINGS:
            continue
        read[name] = (text or "").strip() or setting.default
        try:
            values[setting.attr] = setting.parse(read[name])
        except _Invalid as invalid:
            problems.append(f"{name} {invalid.problem}. {invalid.fix}")
    if problems:
        raise ConfigError(*problems)
    if "sales_channel" not in values and base.sales_channel == base.wins_channel:
        values["sales_channel"] = ""  # it follows the wins channel, also the workspace's own
    merged = {**base.__dict__, **values}
    if "ONEONONE_NUDGE_HOURS" in chosen and not (chosen.get("ONEONONE_PREP_HOURS") or "").strip():
        merged["oneonone_prep_hours"] = None  # it follows the nudge, as in the environment
    texts = {
        "ONEONONE_PREP_HOURS": str(merged["oneonone_prep_hours"]),
        "ONEONONE_NUDGE_HOURS": str(merged["oneonone_nudge_hours"]),
    }
    problems = _check_together(merged, texts)
    if problems:
        raise ConfigError(*problems)
    return Settings(**merged)
