"""What the bot knows of a person when writing to them: their language and their time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Settings
from bot.i18n import language_of
from storage import users as user_store


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
