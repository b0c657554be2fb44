"""What the bot knows of a person when writing to them: their language and their time zone."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.config import Settings
from bot.i18n import language_of
from storage import users as user_store
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# Slack's answers meaning the person can never get a message from the bot: deleted or
# deactivated (user_not_found, user_disabled, account_inactive) or a bot (cannot_dm_bot).
GONE_USER_ERRORS = frozenset(
    {"user_not_found", "user_disabled", "account_inactive", "cannot_dm_bot"}
)


def language_of_user(session: Session, settings: Settings, team_id: str, user_id: str) -> str:
    """The bot language for a DM to this user: their Slack locale, else BOT_LOCALE."""
    user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    return language_of(user.locale if user else None, settings.bot_locale)


def zone_of(session: Session, settings: Settings, team_id: str, user_id: str) -> ZoneInfo:
    """The user's Slack time zone, else the team's."""
    user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
    try:
        return ZoneInfo(user.tz) if user and user.tz else settings.tz
    except Exception:  # noqa: BLE001 - an unknown zone name from Slack: the team's zone
        return settings.tz


def zones_of(
    session: Session, among: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], ZoneInfo]:
    """(team, user) -> known Slack time zone, for everyone at once (one query) or the people
    `among`."""
    zones: dict[tuple[str, str], ZoneInfo] = {}
    cache: dict[str, ZoneInfo | None] = {}
    for team_id, user_id, tz in user_store.time_zones(session=session, among=among):
        if not tz:
            continue
        if tz not in cache:
            try:
                cache[tz] = ZoneInfo(tz)
            except Exception:  # noqa: BLE001 - an unknown zone name: the team's zone
                cache[tz] = None
        zone = cache[tz]
        if zone is not None:
            zones[(team_id, user_id)] = zone
    return zones


def fetch_profile(
    session_factory: SessionFactory, client: WebClient, team_id: str, user_id: str, *, now: datetime
) -> bool | None:
    """Learn a user's locale, time zone, admin status and whether they are still there
    (not deleted, not a bot) from Slack unless known for a day.

    Returns None when Slack was not asked (known), True when stored, False when Slack failed
    (logged; tried again next time). A user Slack says is gone is stored as inactive (True).
    """
    with session_factory() as session:
        user = user_store.get_user(session=session, team_id=team_id, user_id=user_id)
        if user_store.profile_is_fresh(user, now):
            return None
    try:
        info = client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error in GONE_USER_ERRORS:
            log.warning("users.info for %s: %s; nothing is scheduled for them", user_id, error)
            with session_factory.write() as session:
                user_store.mark_inactive(session=session, team_id=team_id, user_id=user_id, now=now)
            return True
        log.warning("users.info for %s failed: %s", user_id, error)
        return False
    except (OSError, TimeoutError) as exc:  # network trouble: try again next time
        log.warning("users.info for %s failed: %s", user_id, exc)
        return False
    with session_factory.write() as session:
        user_store.save_user(
            session=session,
            team_id=team_id,
            user_id=user_id,
            locale=info.get("locale"),
            tz=info.get("tz"),
            real_name=info.get("real_name"),
            is_admin=bool(info.get("is_admin") or info.get("is_owner")),
            now=now,
            # Slackbot is no bot by its flag, but cannot be written to either.
            inactive=bool(info.get("deleted") or info.get("is_bot") or user_id == "USLACKBOT"),
        )
    return True


def learn_people(
    session_factory: SessionFactory,
    client_for: Callable[[str], WebClient | None],
    people: Iterable[tuple[str, str]],
    *,
    now: datetime,
    limit: int = 50,
) -> int:
    """Fetch the profiles the clock needs (time zones of reps and managers) that are not
    fresh, asking Slack at most `limit` times a pass (users.info allows 100+ a minute), each
    team with its own client (`client_for`: None for a team that cannot be asked now; a
    profile asked with another team's token would come back "user_not_found" and be taken for
    a deleted account). Inactive people are asked again once a day too, so a reactivated
    account gets its messages again. Returns how many were asked."""
    with session_factory() as session:
        known = user_store.all_users(session=session)
    fresh = {(u.team_id, u.user_id) for u in known if user_store.profile_is_fresh(u, now)}
    recheck = [(u.team_id, u.user_id) for u in known if u.inactive]
    clients: dict[str, WebClient | None] = {}
    asked = 0
    for team_id, user_id in [*people, *recheck]:
        if asked >= limit:
            break
        if (team_id, user_id) in fresh:
            continue
        if team_id not in clients:
            clients[team_id] = client_for(team_id)
        client = clients[team_id]
        # A failed ask counts too: during a Slack outage a pass asks `limit` times, not everyone.
        if (
            client is not None
            and fetch_profile(session_factory, client, team_id, user_id, now=now) is not None
        ):
            asked += 1
    return asked


def people_with_a_schedule(session: Session) -> list[tuple[str, str]]:
    """(team, user) of everyone the clock writes to, whose profile (time zone, still active)
    it needs: check-in people and their managers, and both sides of 1:1 series; not those
    known to be inactive (`learn_people` rechecks those once a day)."""
    from storage import checkins as checkin_store
    from storage import managers as manager_store
    from storage import oneonones as oneonone_store

    people = set(checkin_store.checkin_people(session=session))
    managers = manager_store.all_managers(session=session)
    for team_id, rep_id in list(people):
        manager = managers.get((team_id, rep_id))
        if manager:
            people.add((team_id, manager))
    for series in oneonone_store.active_series(session=session):
        people.add((series.team_id, series.manager_id))
        people.add((series.team_id, series.rep_id))
    return sorted(people - user_store.inactive_users(session=session))
