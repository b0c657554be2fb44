"""The leaderboard's use cases: a period's board in the team's time zone, and sharing it in a
channel exactly once through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import UserError
from bot.domain.leaderboard import (
    DEFAULT_PERIOD,
    PERIOD_WORDS,
    Board,
    Tally,
    period_end,
    period_start,
    standings,
)
from bot.jobs.outbox import MessageKind, queue_message
from bot.views import leaderboard as views
from storage import leaderboard as store
from storage import outbox as outbox_store

# The share posts a message rendered when it is queued (the outbox's own kind): none of its own.
MESSAGE_KINDS: tuple[MessageKind, ...] = ()


class LeaderboardRefusal(UserError):
    """A /leaderboard the bot cannot answer as asked (e.g. an unknown period)."""


def share_key(user_id: str, asked_with: str) -> str:
    """The outbox key of sharing the board one command showed: posted once, however often
    its button is clicked or Slack repeats the click."""
    return f"leaderboard_share:{user_id}:{asked_with}"


def read_period(word: str) -> str:
    """The period a typed word names (English or Dutch); the default for none."""
    if not word:
        return DEFAULT_PERIOD
    period = PERIOD_WORDS.get(word.lower())
    if period is None:
        raise LeaderboardRefusal("period", text=word)
    return period


def _midnight(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(0), tzinfo=settings.tz).astimezone(UTC)


def team_today(deps: Deps, team_id: str) -> date:
    return deps.clock().astimezone(deps.settings_for(team_id).tz).date()


def board(deps: Deps, *, team_id: str, period: str, start: date | None = None) -> Board:
    """The board of the `period` that starts on `start` (default: the current one), its days
    counted in the team's time zone; removed wins never count. The first meetings booked of
    the reps who share their check-in outreach come with it (nobody else's)."""
    settings = deps.settings_for(team_id)
    start = period_start(period, start or team_today(deps, team_id))
    end = period_end(period, start)
    with deps.session_factory() as session:
        rows = store.tallies_between(
            session=session,
            team_id=team_id,
            start=_midnight(start, settings),
            end=_midnight(end, settings),
        )
        outreach = store.shared_outreach_between(
            session=session, team_id=team_id, start=start, end=end
        )
    tallies = [Tally(*row) for row in rows]
    ranked = standings(tallies, settings.default_currency)
    return Board(
        period,
        start,
        end,
        tuple(ranked),
        settings.default_currency,
        outreach=tuple(sorted(outreach.items())),
    )


def share_channel(settings: Settings, channel_id: str | None) -> str:
    """Where a shared board goes: the channel it was asked in; WINS_CHANNEL when it was asked
    in a direct message (or the click does not say)."""
    if channel_id and channel_id[:1] in ("C", "G"):
        return channel_id
    return settings.wins_channel


@dataclass(frozen=True)
class Shared:
    board: Board
    channel: str
    queued: bool  # False: this board was shared before


def share(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    period: str,
    start: date,
    channel_id: str | None,
    asked_with: str,
) -> Shared:
    """Queue the board in the channel (the top and the team only, in the team's language),
    once per board shown. LeaderboardRefusal("no_wins_channel") when it was asked in a direct
    message and the workspace has no wins channel yet: nothing is queued."""
    settings = deps.settings_for(team_id)
    channel = share_channel(settings, channel_id)
    if not channel:
        raise LeaderboardRefusal("no_wins_channel")
    shown = board(deps, team_id=team_id, period=period, start=start)
    message = views.shared_message(settings.bot_locale, shown, by=user_id)
    with deps.session_factory.write() as session:
        queued = queue_message(
            session,
            team_id=team_id,
            key=share_key(user_id, asked_with),
            channel=channel,
            message=message,
            now=deps.clock(),
        )
        if not queued:
            earlier = outbox_store.find_by_key(
                session=session, team_id=team_id, key=share_key(user_id, asked_with)
            )
            channel = earlier.channel if earlier is not None else channel
    if queued:
        deps.notify_outbox()
    return Shared(shown, channel, queued)
