"""Tables. Every row belongs to a workspace (`team_id`), so workspaces can share a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy import false as sa_false
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


def client_key(name: str) -> str:
    """How two wins name the same client: spacing and case aside (Unicode casefold, which
    SQLite's lower() does not do, so it is stored rather than computed in a query)."""
    return " ".join(name.split()).casefold()


def _client_key_of_row(context) -> str:
    return client_key(context.get_current_parameters().get("client_name") or "")


class Win(SQLModel, table=True):
    """A new client won by a rep."""

    __tablename__ = "win"
    __table_args__ = (
        # A request Slack (or a flaky network) delivers twice carries the same key.
        UniqueConstraint("team_id", "source_key", name="uq_win_source"),
        # The ack path's lookups (see tests/test_ack_path_indexes.py): a team's year newest
        # first, a rep's wins, a team's recent wins. With id last, "newest first" is in order.
        Index("ix_win_team_year_id", "team_id", "year", "id"),
        Index("ix_win_team_user_year", "team_id", "user_id", "year", "id"),
        Index("ix_win_team_created", "team_id", "created_at"),
        # "Logged in the last 30 days?": the newest win of one client, whatever the team logged.
        Index("ix_win_team_client", "team_id", "client_key", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    client_name: str = Field(max_length=200)
    # client_key(client_name), filled in on insert.
    client_key: str = Field(
        default="",
        sa_column=Column(
            String(200), nullable=False, default=_client_key_of_row, server_default=""
        ),
    )
    amount_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    segment: str | None = Field(default=None, max_length=100)
    won_via: str | None = Field(default=None, max_length=32)
    story: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    year: int
    source_key: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    # A removed win stays (its keys, congratulations and agenda items point at it) but counts
    # for nothing; its celebration says it was removed.
    removed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    removed_by: str | None = Field(default=None, max_length=32)


@event.listens_for(Win, "before_insert")
def _fill_client_key(_mapper, _connection, win: Win) -> None:
    # An ORM insert sends the field's default (""), so the column default would not run.
    win.client_key = client_key(win.client_name)


class Congratulation(SQLModel, table=True):
    """Someone clicked "Congratulate" on a celebration; recorded once per person."""

    __tablename__ = "congratulation"
    __table_args__ = (UniqueConstraint("win_id", "user_id", name="uq_congratulation_once"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    win_id: int = Field(foreign_key="win.id", index=True)
    user_id: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


QUEUE_INDEX = "ix_outbox_queue"


class OutboxMessage(SQLModel, table=True):
    """A Slack message that must go out exactly once; written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_outbox_key"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # A team's messages of one kind (the Home tab), a win's messages (its refreshes).
        Index("ix_outbox_team_kind", "team_id", "kind", "status"),
        Index("ix_outbox_win", "win_id", "kind", "status"),
        # A channel's messages in order: the older ones still being sent or due, by index.
        Index("ix_outbox_channel", "team_id", "channel", "status", "id"),
        # The queue in order: the oldest waiting messages (or lapsed claims) first.
        Index(QUEUE_INDEX, "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=255)
    kind: str = Field(max_length=32)
    win_id: int | None = Field(default=None, foreign_key="win.id")
    channel: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=16)  # pending|sending|sent|skipped
    attempts: int = 0
    # Set after a failure that may have reached Slack (timeout, 5xx): check before re-posting.
    maybe_sent: bool = False
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    message_ts: str | None = Field(default=None, max_length=32)
    # What a scheduled message is about ({"meeting_id": 42, ...}); rendered when it is sent.
    payload: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
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
    # Deleted, deactivated or a bot: nothing is scheduled for them (Slack would refuse it for good).
    inactive: bool = False
    fetched_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class MeetingPlan(SQLModel, table=True):
    """A year of sales meetings as an admin asked for it: a draft until confirmed."""

    __tablename__ = "meeting_plan"
    # Set on confirmation only (NULLs never collide): one confirmed plan per team and year.
    __table_args__ = (UniqueConstraint("team_id", "confirmed_year", name="uq_plan_year"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    year: int
    confirmed_year: int | None = None
    freq: str = Field(max_length=16)
    interval: int
    weekday: int
    nth: int | None = None
    at_minutes: int  # local wall-clock time as minutes after midnight
    duration_minutes: int
    holiday_policy: str = Field(default="move", max_length=8)
    channel: str = Field(max_length=32)
    status: str = Field(default="draft", max_length=16)  # draft | confirmed | discarded
    created_by: str = Field(max_length=32)
    confirmed_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    confirmed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Meeting(SQLModel, table=True):
    """One fixed sales meeting. Moving or cancelling keeps the row, with the reason."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_team_start", "team_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    plan_id: int = Field(foreign_key="meeting_plan.id")
    year: int
    channel: str = Field(max_length=32)
    starts_at: datetime = Field(sa_column=_ts(nullable=False))
    duration_minutes: int
    status: str = Field(default="planned", max_length=16)  # planned | moved | cancelled
    original_starts_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    changed_by: str | None = Field(default=None, max_length=32)
    changed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    sequence: int = 0  # bumped on every change, for calendar apps (.ics SEQUENCE)


class AgendaItem(SQLModel, table=True):
    """Something a rep brings to a sales meeting: a success story, a challenge or a pipeline item."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        # A modal submission or click that Slack delivers twice carries the same key.
        UniqueConstraint("team_id", "source_key", name="uq_agenda_item_source"),
        Index("ix_agenda_item_meeting", "meeting_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meeting.id")
    user_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    details: str = Field(default="", sa_column=Column(Text, nullable=False))
    question: str = Field(default="", sa_column=Column(Text, nullable=False))
    tried: str = Field(default="", sa_column=Column(Text, nullable=False))
    win_id: int | None = Field(default=None, foreign_key="win.id")
    status: str = Field(default="active", max_length=16)  # active | withdrawn
    carried_from_id: int | None = None
    source_key: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class MeetingRating(SQLModel, table=True):
    """A participant's 1-10 vote on a meeting; one per person, changeable."""

    __tablename__ = "meeting_rating"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_rating"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    meeting_id: int = Field(foreign_key="meeting.id")
    user_id: str = Field(max_length=32)
    score: int
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


def _date(**kw) -> Column:
    return Column(Date(), **kw)


class AccountPlan(SQLModel, table=True):
    """A rep's yearly account plan as it stands now; every saved version is in account_plan_version."""

    __tablename__ = "account_plan"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "year", name="uq_account_plan"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    year: int
    status: str = Field(default="draft", max_length=16)  # draft | agreed
    shared: bool = False  # visible to the whole team (else: the rep, their manager, admins)
    version: int = 1
    target_clients: int
    segment: str = Field(sa_column=Column(Text, nullable=False))
    value_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    value_basis: str | None = Field(default=None, max_length=16)
    approach: str = Field(sa_column=Column(Text, nullable=False))
    q1: int | None = None
    q2: int | None = None
    q3: int | None = None
    q4: int | None = None
    weekly_outreach: int | None = None  # new prospects a week; None: derived from the target
    changed_by: str = Field(max_length=32)
    changed_at: datetime = Field(sa_column=_ts(nullable=False))
    agreed_by: str | None = Field(default=None, max_length=32)
    agreed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class AccountPlanVersion(SQLModel, table=True):
    """One saved state of a plan: what it said, its status, who changed it and when."""

    __tablename__ = "account_plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_account_plan_version"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    plan_id: int = Field(foreign_key="account_plan.id")
    version: int
    status: str = Field(max_length=16)
    event: str = Field(max_length=16)  # saved | agreed | withdrawn | shared | unshared
    target_clients: int
    segment: str = Field(sa_column=Column(Text, nullable=False))
    value_cents: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    value_basis: str | None = Field(default=None, max_length=16)
    approach: str = Field(sa_column=Column(Text, nullable=False))
    q1: int | None = None
    q2: int | None = None
    q3: int | None = None
    q4: int | None = None
    weekly_outreach: int | None = None
    changed_by: str = Field(max_length=32)
    changed_at: datetime = Field(sa_column=_ts(nullable=False))


class ManagerLink(SQLModel, table=True):
    """Who manages whom (set by a 1:1 series or by an admin)."""

    __tablename__ = "manager_link"
    __table_args__ = (UniqueConstraint("team_id", "rep_id", name="uq_manager_link"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    rep_id: str = Field(max_length=32)
    manager_id: str = Field(max_length=32)
    set_by: str = Field(max_length=32)
    set_at: datetime = Field(sa_column=_ts(nullable=False))


class ManagerRequest(SQLModel, table=True):
    """Someone asked to become a rep's manager (and hold 1:1s with them), and what the rep said.

    Nothing private about the rep reaches the requester while it is `pending`; the manager link
    and the 1:1 series are made only on `accepted`. `declined` and `disowned` ("not my manager")
    keep the same person from asking again for a while. The 1:1 rule asked for is kept with it.
    """

    __tablename__ = "manager_request"
    __table_args__ = (Index("ix_manager_request_rep", "team_id", "rep_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    rep_id: str = Field(max_length=32)
    requester_id: str = Field(max_length=32)
    # pending | accepted | declined | disowned | withdrawn (superseded by another request or an admin)
    status: str = Field(default="pending", max_length=16)
    freq: str | None = Field(default=None, max_length=16)
    interval: int | None = None
    weekday: int | None = None
    nth: int | None = None
    at_minutes: int | None = None
    duration_minutes: int | None = None
    tz: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class OneOnOneSeries(SQLModel, table=True):
    """A recurring 1:1 between a manager and a rep, in the manager's time zone."""

    __tablename__ = "oneonone_series"
    __table_args__ = (Index("ix_oneonone_team_status", "team_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    manager_id: str = Field(max_length=32)
    rep_id: str = Field(max_length=32)
    freq: str = Field(max_length=16)
    interval: int
    weekday: int
    nth: int | None = None
    at_minutes: int
    duration_minutes: int
    tz: str = Field(max_length=64)
    first_day: date = Field(sa_column=_date(nullable=False))
    status: str = Field(default="active", max_length=16)  # active | ended
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class OneOnOneChange(SQLModel, table=True):
    """One date of a series skipped or moved; `day` is the date the rule gave."""

    __tablename__ = "oneonone_change"
    __table_args__ = (UniqueConstraint("series_id", "day", name="uq_oneonone_change"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    series_id: int = Field(foreign_key="oneonone_series.id")
    day: date = Field(sa_column=_date(nullable=False))
    action: str = Field(max_length=8)  # skip | move
    new_starts_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    changed_by: str = Field(max_length=32)
    changed_at: datetime = Field(sa_column=_ts(nullable=False))


class OneOnOnePrep(SQLModel, table=True):
    """What a rep wants to bring to one 1:1: obstacles and topics. Private to rep and manager."""

    __tablename__ = "oneonone_prep"
    __table_args__ = (UniqueConstraint("series_id", "day", "user_id", name="uq_oneonone_prep"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    series_id: int = Field(foreign_key="oneonone_series.id")
    day: date = Field(sa_column=_date(nullable=False))
    user_id: str = Field(max_length=32)
    obstacles: str = Field(default="", sa_column=Column(Text, nullable=False))
    topics: str = Field(default="", sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=_ts(nullable=False))


class ActionPoint(SQLModel, table=True):
    """An action point agreed in a 1:1, with an owner and an optional due date."""

    __tablename__ = "action_point"
    __table_args__ = (
        UniqueConstraint("team_id", "source_key", name="uq_action_point_source"),
        Index("ix_action_point_series", "series_id", "done_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    series_id: int = Field(foreign_key="oneonone_series.id")
    day: date = Field(sa_column=_date(nullable=False))
    owner_id: str = Field(max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    due: date | None = Field(default=None, sa_column=_date(nullable=True))
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    done_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    done_by: str | None = Field(default=None, max_length=32)
    source_key: str = Field(max_length=255)


class CheckinMember(SQLModel, table=True):
    """Someone an admin added to (or removed from) the check-in list, and away periods.

    Reps with a manager are on the list without a row here; `removed` takes them off.
    """

    __tablename__ = "checkin_member"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_checkin_member"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    status: str = Field(default="added", max_length=16)  # added | removed | neutral
    away_until: date | None = Field(default=None, sa_column=_date(nullable=True))
    changed_by: str = Field(max_length=32)
    changed_at: datetime = Field(sa_column=_ts(nullable=False))
    # The rep's opt-in: their first meetings booked shown on the leaderboard (check-ins are
    # private by default; nothing else of a check-in is ever shared).
    shares_outreach: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa_false(), "nullable": False}
    )


class Checkin(SQLModel, table=True):
    """A rep's weekly check-in on new-client outreach; a second one in the week updates it."""

    __tablename__ = "checkin"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", "week", name="uq_checkin_week"),
        Index("ix_checkin_team_week", "team_id", "week"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    week: date = Field(sa_column=_date(nullable=False))  # the Monday of the ISO week
    prospects: int
    meetings: int
    reasons: str = Field(default="", max_length=200)  # comma-separated reason codes
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    updated_at: datetime = Field(sa_column=_ts(nullable=False))


class Workspace(SQLModel, table=True):
    """A Slack workspace the bot serves: the settings its admins chose, and whether it is still
    installed. Settings not chosen here are the environment's (`bot.config`)."""

    __tablename__ = "workspace"

    team_id: str = Field(primary_key=True, max_length=32)
    # JSON: a setting's environment name (WINS_CHANNEL, ...) -> its text, parsed by bot.config.
    settings: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    installed_by: str | None = Field(default=None, max_length=32)
    installed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # app_uninstalled or tokens_revoked: no pass, no send for this team until it installs again.
    uninstalled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    updated_at: datetime = Field(sa_column=_ts(nullable=False))


class DueSubject(SQLModel, table=True):
    """When the clock next looks at one subject (a rep, a 1:1 series) of one source of timed
    messages: a pass reads only the subjects whose moment has come (indexed), not everyone."""

    __tablename__ = "due_subject"
    __table_args__ = (
        UniqueConstraint("source", "team_id", "subject", name="uq_due_subject"),
        Index("ix_due_subject_next", "source", "next_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=32)
    team_id: str = Field(max_length=32)
    subject: str = Field(max_length=64)
    # LOOK_NOW (long ago) when its data changed: the next pass looks at it.
    next_at: datetime = Field(sa_column=_ts(nullable=False))
