"""A workspace's own settings, as its admins see and change them on the App Home.

What is saved is everything the form holds (not only what differs from the environment), over
what was saved before: the environment's values seed a workspace's form, and once its admins
saved it, the workspace keeps what they saw, whatever the environment later says."""

from __future__ import annotations

from collections.abc import Mapping

from bot.config import WORKSPACE_SETTINGS, ConfigError, Settings, with_choices
from bot.deps import Deps
from bot.domain.errors import UserError
from storage import workspaces as workspace_store

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The checks of one setting against another name the later setting first; the rest of such a
# problem names the other one.
_TOGETHER = ("not before", "not more than", "which with")


class SettingsRefused(UserError):
    """The form cannot be saved: `problems` maps each setting it got wrong to whether the
    problem is with another setting (True) or with its own value (False)."""

    def __init__(self, problems: dict[str, bool]) -> None:
        super().__init__("invalid")
        self.problems = problems


class NotAdmin(UserError):
    """Someone who is not an admin of the workspace tried to change its settings."""


def current_choices(settings: Settings) -> dict[str, str]:
    """A workspace's settings as its form shows them (setting name -> text)."""
    nudge = settings.oneonone_nudge_hours
    # A preparation time that follows the nudge stays empty, so it keeps following it.
    follows = settings.oneonone_prep_hours == max(48, nudge + 24)
    return {
        "WINS_CHANNEL": settings.wins_channel,
        "SALES_CHANNEL": ""
        if settings.sales_channel == settings.wins_channel
        else settings.sales_channel,
        "BOT_LOCALE": settings.bot_locale,
        "TEAM_TIMEZONE": settings.team_timezone,
        "HOLIDAYS_COUNTRY": settings.holidays_country,
        "DEFAULT_CURRENCY": settings.default_currency,
        "ADMIN_USER_IDS": ",".join(sorted(settings.admin_user_ids)),
        "CHECKIN_DAY": _WEEKDAYS[settings.checkin_weekday],
        "CHECKIN_TIME": f"{settings.checkin_time:%H:%M}",
        "CHECKIN_REMINDER_TIME": f"{settings.checkin_reminder_time:%H:%M}",
        "DIGEST_TIME": f"{settings.digest_time:%H:%M}",
        "AGENDA_OPEN_DAYS": str(settings.agenda_open_days),
        "AGENDA_OPEN_TIME": f"{settings.agenda_open_time:%H:%M}",
        "REMINDER_TIME": f"{settings.reminder_time:%H:%M}",
        "AGENDA_CUTOFF_TIME": f"{settings.agenda_cutoff_time:%H:%M}",
        "ONEONONE_NUDGE_HOURS": str(nudge),
        "ONEONONE_PREP_HOURS": "" if follows else str(settings.oneonone_prep_hours),
    }


def form_of(deps: Deps, team_id: str) -> dict[str, str]:
    """What the team's settings form starts with."""
    return current_choices(deps.settings_for(team_id))


def check(deps: Deps, team_id: str, chosen: Mapping[str, str]) -> Settings:
    """The team's settings with `chosen` over them, validated as the environment's are (a
    setting the form lacks keeps the team's value, also in the checks of one setting against
    another); SettingsRefused names the settings to correct."""
    if "WINS_CHANNEL" in chosen and not chosen["WINS_CHANNEL"].strip():
        raise SettingsRefused({"WINS_CHANNEL": False})
    try:
        return with_choices(deps.settings_for(team_id), chosen)
    except ConfigError as error:
        raise SettingsRefused(problem_fields(error.problems)) from None


def problem_fields(problems: tuple[str, ...]) -> dict[str, bool]:
    """The setting each of ConfigError's problems is about (its first word)."""
    found: dict[str, bool] = {}
    for problem in problems:
        name = problem.split(" ", 1)[0]
        if name in WORKSPACE_SETTINGS:
            found[name] = found.get(name, False) or any(p in problem for p in _TOGETHER)
    return found or {"WINS_CHANNEL": False}


def save(deps: Deps, *, team_id: str, user_id: str, admin: bool, chosen: Mapping[str, str]) -> None:
    """An admin's form: checked, stored, and in force for the team at once. Raises NotAdmin
    or SettingsRefused (nothing is stored then)."""
    if not admin:
        raise NotAdmin("not_admin")
    check(deps, team_id, chosen)
    submitted = {name: text for name, text in chosen.items() if name in WORKSPACE_SETTINGS}
    with deps.session_factory.write() as session:
        # A form lacking a setting (an older version's) leaves the stored choice as it is.
        stored = workspace_store.chosen_settings(session=session, team_id=team_id)
        workspace_store.save_settings(
            session=session,
            team_id=team_id,
            chosen={**stored, **submitted},
            by=user_id,
            now=deps.clock(),
        )
    assert deps.workspaces is not None
    deps.workspaces.forget(team_id)
