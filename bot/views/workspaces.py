"""Block Kit for the workspace settings: the admins' button and setup notice on the App Home, and
the settings modal (one input block per setting, its block id the setting's environment name)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.dates import get_day_names
from babel.numbers import get_currency_name, list_currencies

from bot.i18n import t
from bot.payloads import StalePayload
from bot.views.blocks import button, modal, plain, section, state_element
from bot.views.text import truncate

OPEN_ACTION = "workspace_settings_open"  # value: anything (also on the installer's welcome DM)
MODAL = "workspace_settings"
ACTION = "value"  # the one element of every input block

# Slack's limits: options (or groups, or options in a group) per select; option text length.
MAX_OPTIONS = 100
OPTION_TEXT_MAX = 75

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
COMMON_ZONES = (
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/Rome",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Helsinki",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Athens",
    "UTC",
)
_ZONE_AREAS = (
    "Europe",
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Indian",
    "Pacific",
)
COMMON_COUNTRIES = (
    "NL", "BE", "LU", "DE", "FR", "GB", "IE", "ES", "PT", "IT", "AT", "CH", "DK", "SE", "NO",
    "FI", "PL", "US",
)  # fmt: skip
COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF")

# What kind of element each setting is edited with, in the modal's order; after AGENDA_OPEN_DAYS
# the sales meeting and 1:1 timings, in a section of their own.
CHANNEL, USERS, SELECT, TIME, HOURS = "channel", "users", "select", "time", "hours"
FIELDS: tuple[tuple[str, str], ...] = (
    ("WINS_CHANNEL", CHANNEL),
    ("SALES_CHANNEL", CHANNEL),
    ("BOT_LOCALE", SELECT),
    ("TEAM_TIMEZONE", SELECT),
    ("HOLIDAYS_COUNTRY", SELECT),
    ("DEFAULT_CURRENCY", SELECT),
    ("ADMIN_USER_IDS", USERS),
    ("CHECKIN_DAY", SELECT),
    ("CHECKIN_TIME", TIME),
    ("CHECKIN_REMINDER_TIME", TIME),
    ("DIGEST_TIME", TIME),
    ("AGENDA_OPEN_DAYS", SELECT),
    ("AGENDA_OPEN_TIME", TIME),
    ("REMINDER_TIME", TIME),
    ("AGENDA_CUTOFF_TIME", TIME),
    ("ONEONONE_NUDGE_HOURS", HOURS),
    ("ONEONONE_PREP_HOURS", HOURS),
)
KINDS = dict(FIELDS)
SECOND_SECTION = "AGENDA_OPEN_DAYS"
OPTIONAL = frozenset({"SALES_CHANNEL", "ADMIN_USER_IDS", "ONEONONE_PREP_HOURS"})
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


# -- the App Home ---------------------------------------------------------------------------------


def open_button(lang: str) -> dict:
    return button(t("workspaces.button", lang), OPEN_ACTION, "open")


def home_blocks(lang: str, *, admin: bool, needs_setup: bool) -> list[dict]:
    """An admin's line with the settings button (the setup notice while the workspace has no
    wins channel); for others only that the bot is not set up yet, if so."""
    if not admin:
        return [section(t("workspaces.home.setup_member", lang))] if needs_setup else []
    key = "workspaces.home.setup" if needs_setup else "workspaces.home.admin"
    actions = {"type": "actions", "block_id": "workspace_settings", "elements": [open_button(lang)]}
    return [section(t(key, lang)), actions]


# -- the modal ------------------------------------------------------------------------------------


def _option(text: str, value: str) -> dict:
    return {"text": plain(truncate(text, OPTION_TEXT_MAX)), "value": value}


def _groups(lang: str, named: list[tuple[str, list[dict]]]) -> list[dict]:
    """Option groups within Slack's limits: a group of more than 100 is split in parts."""
    groups = []
    for name, options in named:
        parts = [options[i : i + MAX_OPTIONS] for i in range(0, len(options), MAX_OPTIONS)]
        for number, part in enumerate(parts, start=1):
            label = (
                name
                if len(parts) == 1
                else t("workspaces.group.more", lang, name=name, part=number)
            )
            groups.append({"label": plain(truncate(label, OPTION_TEXT_MAX)), "options": part})
    return groups[:MAX_OPTIONS]


def _zone_text(zone: str) -> str:
    return zone.replace("_", " ")


@cache
def _other_zones() -> tuple[tuple[str, tuple[str, ...]], ...]:
    zones = available_timezones()
    return tuple(
        (area, tuple(sorted(z for z in zones if z.split("/")[0] == area and z not in COMMON_ZONES)))
        for area in _ZONE_AREAS
    )


def zone_groups(lang: str, current: str) -> list[dict]:
    """The common (European) zones first, then every other area's zones; a current zone that
    is none of them (an alias such as US/Eastern) heads the list, so it can stay chosen."""
    common = [c for c in COMMON_ZONES if c in available_timezones()]
    listed = set(common) | {z for _, zones in _other_zones() for z in zones}
    if current and current not in listed:
        common.insert(0, current)
    named = [(t("workspaces.group.common", lang), [_option(_zone_text(z), z) for z in common])]
    named += [(area, [_option(_zone_text(z), z) for z in zones]) for area, zones in _other_zones()]
    return _groups(lang, named)


@cache
def _countries() -> tuple[str, ...]:
    import holidays  # slow to import: only when the form is shown

    return tuple(holidays.list_supported_countries(include_aliases=False))


def country_groups(lang: str, current: str) -> list[dict]:
    names = Locale.parse(lang).territories
    known = _countries()
    common = [c for c in COMMON_COUNTRIES if c in known]
    if current and current not in known:
        common.insert(0, current)  # an alias the environment gave (e.g. NLD)
    others = sorted((c for c in known if c not in common), key=lambda c: names.get(c, c))

    def options(codes: Iterable[str]) -> list[dict]:
        return [_option(f"{names.get(c, c)} ({c})", c) for c in codes]

    named = [(t("workspaces.group.common", lang), options(common))]
    named.append((t("workspaces.group.others", lang), options(others)))
    return _groups(lang, named)


def currency_groups(lang: str, current: str) -> list[dict]:
    known = sorted(list_currencies())
    common = [c for c in COMMON_CURRENCIES if c in known]
    if current and current not in known and current not in common:
        common.insert(0, current)

    def options(codes: Iterable[str]) -> list[dict]:
        return [_option(f"{c} · {get_currency_name(c, locale=lang)}", c) for c in codes]

    named = [(t("workspaces.group.common", lang), options(common))]
    named.append((t("workspaces.group.others", lang), options(c for c in known if c not in common)))
    return _groups(lang, named)


def _select_choices(name: str, lang: str, current: str) -> dict:
    """A static_select's `options` or `option_groups`."""
    if name == "BOT_LOCALE":
        return {"options": [_option(t(f"workspaces.language.{c}", lang), c) for c in ("en", "nl")]}
    if name == "CHECKIN_DAY":
        days = get_day_names("wide", locale=lang)
        return {"options": [_option(days[i].capitalize(), d) for i, d in enumerate(WEEKDAYS)]}
    if name == "AGENDA_OPEN_DAYS":
        return {"options": [_option(str(n), str(n)) for n in range(1, 15)]}
    groups = {"TEAM_TIMEZONE": zone_groups, "HOLIDAYS_COUNTRY": country_groups}
    return {"option_groups": groups.get(name, currency_groups)(lang, current)}


def _initial_option(choices: dict, value: str) -> dict | None:
    options = choices.get("options") or [
        o for group in choices.get("option_groups", []) for o in group["options"]
    ]
    return next((o for o in options if o["value"] == value), None)


def _element(name: str, kind: str, lang: str, current: str) -> dict:
    element: dict
    if kind == CHANNEL:
        element = {
            "type": "conversations_select",
            "action_id": ACTION,
            "filter": {"include": ["public"], "exclude_bot_users": True},
        }
        if current:
            element["initial_conversation"] = current
        return element
    if kind == USERS:
        element = {"type": "multi_users_select", "action_id": ACTION}
        users = [u for u in re.split(r"[\s,]+", current) if u]
        if users:
            element["initial_users"] = users
        return element
    if kind == TIME:
        element = {"type": "timepicker", "action_id": ACTION}
        if current:
            element["initial_time"] = current
        return element
    if kind == HOURS:
        element = {"type": "plain_text_input", "action_id": ACTION, "max_length": 3}
        if current:
            element["initial_value"] = current
        return element
    choices = _select_choices(name, lang, current)
    element = {"type": "static_select", "action_id": ACTION, **choices}
    if (initial := _initial_option(choices, current)) is not None:
        element["initial_option"] = initial
    return element


def _input(name: str, kind: str, lang: str, current: str) -> dict:
    block: dict = {"type": "input", "block_id": name}
    if name in OPTIONAL:
        block["optional"] = True
    block["label"] = plain(t(f"workspaces.field.{name}", lang))
    block["element"] = _element(name, kind, lang, current)
    if f"workspaces.hint.{name}" in _HINTS:
        block["hint"] = plain(t(f"workspaces.hint.{name}", lang))
    return block


_HINTS = frozenset(
    f"workspaces.hint.{n}"
    for n in ("SALES_CHANNEL", "BOT_LOCALE", "ADMIN_USER_IDS", "ONEONONE_PREP_HOURS")
)


def settings_modal(lang: str, current: Mapping[str, str]) -> dict:
    """The settings form, pre-filled with `current` (setting name -> its text)."""
    blocks = [section(t("workspaces.modal.intro", lang))]
    for name, kind in FIELDS:
        if name == SECOND_SECTION:
            blocks += [{"type": "divider"}, section(t("workspaces.modal.meetings", lang))]
        blocks.append(_input(name, kind, lang, current.get(name, "")))
    return modal(
        title=t("workspaces.modal.title", lang),
        callback_id=MODAL,
        submit=t("workspaces.modal.submit", lang),
        close=t("workspaces.modal.close", lang),
        private_metadata=json.dumps({"lang": lang}),
        blocks=blocks,
    )


def _text_of(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise StalePayload(f"{name}: not text")
    return value.strip()


def form_choices(state_values: Mapping) -> dict[str, str]:
    """What the form says (setting name -> text) for each setting it holds; a value of the
    wrong shape was not sent by Slack: StalePayload, as is a form without the wins channel
    (every version of it had one)."""
    if FIELDS[0][0] not in state_values:
        raise StalePayload("not the settings form")
    chosen: dict[str, str] = {}
    for name, kind in FIELDS:
        if name not in state_values:
            continue  # a form from an older version: the setting is left as it is
        element = state_element(dict(state_values), name, ACTION)
        if kind == CHANNEL:
            chosen[name] = _text_of(element.get("selected_conversation"), name)
        elif kind == USERS:
            users = element.get("selected_users") or []
            if not isinstance(users, list) or not all(
                isinstance(u, str) and _USER_ID.fullmatch(u) for u in users
            ):
                raise StalePayload(f"{name}: not a list of user ids")
            chosen[name] = ",".join(sorted(set(users)))
        elif kind == TIME:
            chosen[name] = _text_of(element.get("selected_time"), name)
        elif kind == HOURS:
            chosen[name] = _text_of(element.get("value"), name)
        else:
            option = element.get("selected_option") or {}
            chosen[name] = _text_of(option.get("value") if isinstance(option, dict) else 1, name)
    return chosen


def form_errors(lang: str, problems: Mapping[str, bool]) -> dict[str, str]:
    """The inline errors (block id -> text) for the settings the form got wrong: `problems`
    maps a setting to whether its problem is with another setting (a reminder after the
    cutoff) rather than with its own value."""
    errors = {}
    for name, together in problems.items():
        own = "workspaces.error.time" if KINDS.get(name) == TIME else f"workspaces.error.{name}"
        errors[name] = t(f"workspaces.error.{name}" if together else own, lang)
    return errors


def saved_text(lang: str) -> str:
    return t("workspaces.saved", lang)


def refusal_text(lang: str) -> str:
    return t("workspaces.not_admin", lang)


def answer_modal(lang: str, text: str) -> dict:
    """The modal shown in place of the form (or opened instead of it): what happened."""
    return modal(
        title=t("workspaces.modal.title", lang),
        close=t("dash.modal.close", lang),
        blocks=[section(text)],
    )
