"""Tables. Every row belongs to a workspace (`team_id`), so workspaces can share a database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None


def _ts(**kw) -> Column:
    return Column(UTCDateTime(), **kw)


class Win(SQLModel, table=True):
    """A new client won by a rep."""

    __tablename__ = "win"
    __table_args__ = (
        # A request Slack (or a flaky network) delivers twice carries the same key.
        UniqueConstraint("team_id", "source_key", name="uq_win_source"),
        Index("ix_win_team_year", "team_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    client_name: str = Field(max_length=200)
    amount_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    segment: str | None = Field(default=None, max_length=100)
    won_via: str | None = Field(default=None, max_length=32)
    story: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    year: int
    source_key: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Congratulation(SQLModel, table=True):
    """Someone clicked "Congratulate" on a celebration; recorded once per person."""

    __tablename__ = "congratulation"
    __table_args__ = (UniqueConstraint("win_id", "user_id", name="uq_congratulation_once"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    win_id: int = Field(foreign_key="win.id", index=True)
    user_id: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class OutboxMessage(SQLModel, table=True):
    """A Slack message that must go out exactly once; written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_outbox_key"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=255)
    kind: str = Field(max_length=32)
    win_id: int | None = Field(default=None, foreign_key="win.id")
    channel: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=16)  # pending | sending | sent
    attempts: int = 0
    # Set after a failure that may have reached Slack (timeout, 5xx): check before re-posting.
    maybe_sent: bool = False
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    message_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class ProcessedEvent(SQLModel, table=True):
    """Events API deliveries already handled (Slack retries them with the same event_id)."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("team_id", "event_id", name="uq_processed_event"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class SlackUser(SQLModel, table=True):
    """What we last learned about a Slack user (locale, time zone), to avoid asking Slack each time."""

    __tablename__ = "slack_user"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_slack_user"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    locale: str | None = Field(default=None, max_length=16)
    tz: str | None = Field(default=None, max_length=64)
    real_name: str | None = Field(default=None, max_length=255)
    is_admin: bool = False
    fetched_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
