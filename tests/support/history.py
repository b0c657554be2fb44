"""A deterministic history of one sales team, written straight into the tables in bulk.

`write_history(session, team_id, seed=..., reps=20, managers=2, years=1, until=...)` writes,
for the `years` calendar years ending with `until`'s year, everything the bot would have
stored by `until`: reps split evenly over managers (ManagerLink), every rep on the check-in
list (through their manager) and some sharing their outreach on the leaderboard, a confirmed
weekly sales-meeting plan per year with its meetings (some moved with a reason, some
cancelled), ratings, agenda items of each kind (some carried over, some operational, some
withdrawn), wins with amounts and congratulations (some removed), account plans with their
versions (most agreed, some shared), weekly check-ins with obstacle reasons, and 1:1 series
with action points (some overdue). Meetings are planned for the whole year; everything else
happens before `until`.

The same seed gives the same rows (ids aside). `History` tells a test who is who and what
was written, so it can count expectations without the bot's queries. It is sized by
(reps, managers, years): the culture benchmark asks for 200 reps and 5 years.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, SQLModel

from bot.domain.checkins import REASONS
from storage.models import (
    AccountPlan,
    AccountPlanVersion,
    ActionPoint,
    AgendaItem,
    Checkin,
    CheckinMember,
    Congratulation,
    ManagerLink,
    Meeting,
    MeetingPlan,
    MeetingRating,
    OneOnOneSeries,
    SlackUser,
    Win,
)

AMS = ZoneInfo("Europe/Amsterdam")
ADMIN = "UADMIN"
CHANNEL = "CSALES0001"
DEFAULT_UNTIL = datetime(2026, 12, 15, 10, 0, tzinfo=AMS)  # a Tuesday, mid-December
MEETING_WEEKDAY = 1  # Tuesday
MEETING_MINUTES = 10 * 60
CLIENTS = ("Bakkerij", "Garage", "Café", "Kapsalon", "Drukkerij", "Tandarts", "Hotel", "Fietsshop")
TOWNS = ("Zwolle", "Utrecht", "Delft", "Gouda", "Breda", "Almere", "Leiden", "Assen")
MOVE_REASONS = ("Trade fair that week", "King's Day", "Team offsite", "Half the team at a client")
CANCEL_REASONS = ("Christmas week", "Summer holidays", "Too few people in the office")
OPERATIONAL = (
    "Deliveries to Zwolle late again",
    "Invoices sent with the wrong VAT",
    "Implementation at the garage stalls",
    "Complaints about the helpdesk",
)
CHALLENGES = ("Dentists never call back", "Hotels want a pilot first", "Gatekeepers at print shops")
PIPELINE = ("Three cafés in Gouda close to a yes", "Garage chain wants a proposal")
ACTIONS = ("Call back the Delft hotel", "Send the case study", "Book a joint visit", "Update plan")


@dataclass(frozen=True)
class WinRow:
    """A win as written: who, when (UTC), value, and whether it was removed."""

    user_id: str
    at: datetime
    cents: int | None
    currency: str | None
    removed: bool
    congratulations: int


@dataclass
class History:
    """Who is who in the written history, and what was written (for direct counts)."""

    team_id: str
    until: datetime
    years: tuple[int, ...]
    admin: str
    managers: tuple[str, ...]
    reps: tuple[str, ...]
    reps_of: dict[str, tuple[str, ...]]
    sharing: frozenset[str]  # reps who share their first meetings booked on the leaderboard
    wins: list[WinRow] = field(default_factory=list)
    # (user_id, week Monday, meetings booked) of every check-in
    checkins: list[tuple[str, date, int]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # table name -> rows written

    @property
    def people(self) -> tuple[str, ...]:
        return (self.admin, *self.managers, *self.reps)


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS).astimezone(UTC)


def _mondays(first: date, last: date) -> list[date]:
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out


def _bulk(
    session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]], *, ids: bool = False
) -> list[int]:
    """Insert `rows` in one executemany (Core: the ORM's bulk path is far slower here); their
    new ids, in order, when `ids`."""
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    if not ids:
        connection.execute(table.insert(), list(rows))
        return []
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, list(rows)).scalars().all())


def write_history(
    session: Session,
    team_id: str,
    *,
    seed: int = 12,
    reps: int = 20,
    managers: int = 2,
    years: int = 1,
    until: datetime = DEFAULT_UNTIL,
) -> History:
    """Write the history (see the module docstring) in `session`; the caller commits."""
    rng = random.Random(seed)
    last_year = until.astimezone(AMS).year
    today = until.astimezone(AMS).date()
    first_day = date(last_year - years + 1, 1, 1)
    start = _utc(first_day, 8)
    manager_ids = tuple(f"UMGR{m + 1:02d}" for m in range(managers))
    rep_ids = tuple(f"UREP{r + 1:03d}" for r in range(reps))
    reps_of = {
        m: tuple(r for i, r in enumerate(rep_ids) if i % managers == n)
        for n, m in enumerate(manager_ids)
    }
    sharing = frozenset(r for i, r in enumerate(rep_ids) if i % 4 == 1)
    history = History(
        team_id=team_id,
        until=until,
        years=tuple(range(first_day.year, last_year + 1)),
        admin=ADMIN,
        managers=manager_ids,
        reps=rep_ids,
        reps_of=reps_of,
        sharing=sharing,
    )
    manager_of = {r: m for m, rs in reps_of.items() for r in rs}

    def add(name: str, model: type[SQLModel], rows: list[dict[str, Any]], ids: bool = False):
        history.rows[name] = history.rows.get(name, 0) + len(rows)
        return _bulk(session, model, rows, ids=ids)

    # -- people ---------------------------------------------------------------------------
    add(
        "slack_user",
        SlackUser,
        [
            dict(
                team_id=team_id,
                user_id=u,
                locale="en-US",
                tz="Europe/Amsterdam",
                real_name=u.lower(),
                is_admin=u == ADMIN,
                fetched_at=until,
            )
            for u in history.people
        ],
    )
    add(
        "manager_link",
        ManagerLink,
        [
            dict(team_id=team_id, rep_id=r, manager_id=m, set_by=ADMIN, set_at=start)
            for r, m in manager_of.items()
        ],
    )
    # Reps with a manager are on the check-in list without a row; sharing is their own choice.
    add(
        "checkin_member",
        CheckinMember,
        [
            dict(
                team_id=team_id,
                user_id=r,
                status="neutral",
                changed_by=r,
                changed_at=start,
                shares_outreach=True,
            )
            for r in sorted(sharing)
        ],
    )

    # -- wins and congratulations ---------------------------------------------------------
    win_rows: list[dict[str, Any]] = []
    for day in (first_day + timedelta(days=n) for n in range((today - first_day).days + 1)):
        if day.weekday() >= 5:
            continue
        for rep in rep_ids:
            if rng.random() >= 0.045:  # about one new client a month per rep
                continue
            hour = 0 if rng.random() < 0.03 else rng.randint(8, 18)  # a few just after midnight
            at = _utc(day, hour, rng.randint(0, 59))
            if at > until:
                continue
            roll = rng.random()
            cents = None if roll < 0.15 else rng.randint(5, 400) * 100_000
            currency = None if cents is None or roll < 0.25 else ("USD" if roll > 0.95 else "EUR")
            removed = rng.random() < 0.05
            win_rows.append(
                dict(
                    team_id=team_id,
                    user_id=rep,
                    client_name=f"{rng.choice(CLIENTS)} {rng.choice(TOWNS)} {len(win_rows)}",
                    amount_cents=cents,
                    currency=currency,
                    segment=rng.choice(("SMB", "Horeca", "Retail")),
                    won_via=rng.choice(("outreach", "referral", None)),
                    story=f"Third visit did it, story {len(win_rows)}" if roll > 0.6 else None,
                    year=at.astimezone(AMS).year,
                    source_key=f"history:{seed}:win:{len(win_rows)}",
                    created_at=at,
                    removed_at=at + timedelta(hours=2) if removed else None,
                    removed_by=rep if removed else None,
                )
            )
    win_ids = add("win", Win, win_rows, ids=True)
    congrats: list[dict[str, Any]] = []
    for win_id, row in zip(win_ids, win_rows, strict=True):
        fans = rng.sample(
            [u for u in rep_ids if u != row["user_id"]], k=min(rng.randint(0, 5), reps - 1)
        )
        for fan in fans:
            congrats.append(
                dict(
                    team_id=team_id,
                    win_id=win_id,
                    user_id=fan,
                    created_at=row["created_at"] + timedelta(minutes=rng.randint(1, 600)),
                )
            )
        history.wins.append(
            WinRow(
                row["user_id"],
                row["created_at"],
                row["amount_cents"],
                row["currency"],
                row["removed_at"] is not None,
                len(fans),
            )
        )
    add("congratulation", Congratulation, congrats)
    wins_by_rep: dict[str, list[int]] = {}
    for win_id, row in zip(win_ids, win_rows, strict=True):
        if row["removed_at"] is None:
            wins_by_rep.setdefault(row["user_id"], []).append(win_id)

    # -- sales meetings, ratings, agenda --------------------------------------------------
    plan_rows = [
        dict(
            team_id=team_id,
            year=y,
            confirmed_year=y,
            freq="weekly",
            interval=1,
            weekday=MEETING_WEEKDAY,
            at_minutes=MEETING_MINUTES,
            duration_minutes=60,
            holiday_policy="move",
            channel=CHANNEL,
            status="confirmed",
            created_by=ADMIN,
            confirmed_by=ADMIN,
            created_at=_utc(date(y - 1, 12, 1), 9),
            confirmed_at=_utc(date(y - 1, 12, 1), 9, 5),
        )
        for y in history.years
    ]
    plan_ids = add("meeting_plan", MeetingPlan, plan_rows, ids=True)
    meeting_rows: list[dict[str, Any]] = []
    for plan_id, y in zip(plan_ids, history.years, strict=True):
        for day in _mondays(date(y, 1, 1), date(y, 12, 31)):
            planned = _utc(day + timedelta(days=MEETING_WEEKDAY), 10)
            row = dict(
                team_id=team_id,
                plan_id=plan_id,
                year=y,
                channel=CHANNEL,
                starts_at=planned,
                duration_minutes=60,
                status="planned",
                original_starts_at=None,
                reason=None,
                changed_by=None,
                changed_at=None,
                sequence=0,
            )
            roll = rng.random()
            if planned < until and roll < 0.1:
                row |= dict(
                    status="moved",
                    starts_at=planned + timedelta(days=1),
                    original_starts_at=planned,
                    reason=rng.choice(MOVE_REASONS),
                    changed_by=ADMIN,
                    changed_at=planned - timedelta(days=3),
                    sequence=1,
                )
            elif planned < until and roll < 0.15:
                row |= dict(
                    status="cancelled",
                    reason=rng.choice(CANCEL_REASONS),
                    changed_by=ADMIN,
                    changed_at=planned - timedelta(days=2),
                    sequence=1,
                )
            meeting_rows.append(row)
    meeting_ids = add("meeting", Meeting, meeting_rows, ids=True)
    ratings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    carry: list[tuple[int, int]] = []  # (index of the item carried, index of the next meeting)
    for index, (meeting_id, row) in enumerate(zip(meeting_ids, meeting_rows, strict=True)):
        held = row["starts_at"] + timedelta(hours=1)
        if held > until:
            continue
        if row["status"] != "cancelled":
            for rater in rng.sample(rep_ids, k=rng.randint(min(3, reps), min(12, reps))):
                ratings.append(
                    dict(
                        team_id=team_id,
                        meeting_id=meeting_id,
                        user_id=rater,
                        score=rng.choices(range(4, 11), weights=(1, 2, 3, 5, 6, 4, 2))[0],
                        updated_at=held,
                    )
                )
        for _ in range(rng.randint(2, 5)):
            rep = rng.choice(rep_ids)
            kind = rng.choices(("success", "challenge", "pipeline"), weights=(4, 4, 2))[0]
            win_id = None
            if kind == "success":
                title = f"How we won a {rng.choice(CLIENTS).lower()}"
                win_id = rng.choice(wins_by_rep[rep]) if wins_by_rep.get(rep) else None
            elif rng.random() < 0.25:
                title = rng.choice(OPERATIONAL)
            else:
                title = rng.choice(CHALLENGES if kind == "challenge" else PIPELINE)
            added = row["starts_at"] - timedelta(days=rng.randint(1, 5))
            if kind != "success" and index + 1 < len(meeting_rows) and rng.random() < 0.12:
                carry.append((len(items), index + 1))
            items.append(
                dict(
                    team_id=team_id,
                    meeting_id=meeting_id,
                    user_id=rep,
                    kind=kind,
                    title=title,
                    details="",
                    question="What would you do?" if kind == "challenge" else "",
                    tried="Called twice" if kind == "challenge" else "",
                    win_id=win_id,
                    status="withdrawn" if rng.random() < 0.05 else "active",
                    carried_from_id=None,
                    source_key=f"history:{seed}:item:{len(items)}",
                    created_at=added,
                    updated_at=added,
                )
            )
    add("meeting_rating", MeetingRating, ratings)
    item_ids = add("agenda_item", AgendaItem, items, ids=True)
    carried = []
    for n, (item_index, next_index) in enumerate(carry):
        original = items[item_index]
        carried.append(
            original
            | dict(
                meeting_id=meeting_ids[next_index],
                carried_from_id=item_ids[item_index],
                status="active",
                source_key=f"history:{seed}:carried:{n}",
            )
        )
    add("agenda_item", AgendaItem, carried)

    # -- account plans and their versions -------------------------------------------------
    plans: list[dict[str, Any]] = []
    for y in history.years:
        for rep in rep_ids:
            target = rng.randint(6, 24)
            agreed = rng.random() < 0.8
            shared = rng.random() < 0.4
            saved = _utc(date(y, 1, 1) + timedelta(days=rng.randint(5, 40)), 11)
            plans.append(
                dict(
                    team_id=team_id,
                    user_id=rep,
                    year=y,
                    status="agreed" if agreed else "draft",
                    shared=shared,
                    version=1 + agreed + shared,
                    target_clients=target,
                    segment="Independent shops in the east",
                    value_cents=target * 2_000_000 if rng.random() < 0.7 else None,
                    currency="EUR",
                    value_basis="year",
                    approach="Walk in, then call within a week",
                    q1=target // 4,
                    q2=target // 4,
                    q3=target // 4,
                    q4=target - 3 * (target // 4),
                    weekly_outreach=rng.choice((None, 5, 10, 15, 20)),
                    changed_by=rep,
                    changed_at=saved,
                    agreed_by=manager_of[rep] if agreed else None,
                    agreed_at=saved + timedelta(days=3) if agreed else None,
                )
            )
    plan_row_ids = add("account_plan", AccountPlan, plans, ids=True)
    versions: list[dict[str, Any]] = []
    copied = ("status", "target_clients", "segment", "value_cents", "currency", "value_basis")
    copied += ("approach", "q1", "q2", "q3", "q4", "weekly_outreach")
    for plan_id, plan in zip(plan_row_ids, plans, strict=True):
        events = ["saved"] + ["agreed"] * (plan["status"] == "agreed") + ["shared"] * plan["shared"]
        for version, event in enumerate(events, start=1):
            fields = {k: plan[k] for k in copied}
            if event == "saved":
                fields["status"] = "draft"
            versions.append(
                fields
                | dict(
                    team_id=team_id,
                    plan_id=plan_id,
                    version=version,
                    event=event,
                    changed_by=plan["agreed_by"] if event == "agreed" else plan["user_id"],
                    changed_at=plan["changed_at"] + timedelta(days=version),
                )
            )
    add("account_plan_version", AccountPlanVersion, versions)

    # -- weekly check-ins -----------------------------------------------------------------
    checkins: list[dict[str, Any]] = []
    for week in _mondays(first_day, today):
        sent = _utc(week + timedelta(days=4), 15)
        if sent > until:
            continue
        for rep in rep_ids:
            if rng.random() < 0.15:
                continue
            reasons = rng.sample(REASONS, k=rng.choices((0, 1, 2), weights=(5, 4, 2))[0])
            meetings = rng.randint(0, 5)
            checkins.append(
                dict(
                    team_id=team_id,
                    user_id=rep,
                    week=week,
                    prospects=rng.randint(0, 25),
                    meetings=meetings,
                    reasons=",".join(r for r in REASONS if r in reasons),
                    note="Private: the Delft hotel keeps stalling" if rng.random() < 0.1 else "",
                    created_at=sent,
                    updated_at=sent,
                )
            )
            history.checkins.append((rep, week, meetings))
    add("checkin", Checkin, checkins)

    # -- 1:1 series and action points -----------------------------------------------------
    series = [
        dict(
            team_id=team_id,
            manager_id=manager_of[rep],
            rep_id=rep,
            freq="weekly",
            interval=2,
            weekday=i % 5,
            nth=None,
            at_minutes=14 * 60,
            duration_minutes=30,
            tz="Europe/Amsterdam",
            first_day=first_day,
            status="active",
            created_by=manager_of[rep],
            created_at=start,
        )
        for i, rep in enumerate(rep_ids)
    ]
    series_ids = add("oneonone_series", OneOnOneSeries, series, ids=True)
    actions: list[dict[str, Any]] = []
    for series_id, one in zip(series_ids, series, strict=True):
        for day in _mondays(first_day, today)[::2]:
            day += timedelta(days=one["weekday"])
            if day >= today or rng.random() < 0.4:
                continue
            owner = one["rep_id"] if rng.random() < 0.7 else one["manager_id"]
            due = day + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.8 else None
            done = rng.random() < 0.7
            done_at = _utc(day + timedelta(days=rng.randint(1, 20)), 12) if done else None
            actions.append(
                dict(
                    team_id=team_id,
                    series_id=series_id,
                    day=day,
                    owner_id=owner,
                    text=rng.choice(ACTIONS),
                    due=due,
                    created_by=one["manager_id"],
                    created_at=_utc(day, 14, 30),
                    done_at=done_at if done_at is None or done_at <= until else None,
                    done_by=owner if done_at is not None and done_at <= until else None,
                    source_key=f"history:{seed}:action:{len(actions)}",
                )
            )
    add("action_point", ActionPoint, actions)
    session.flush()
    return history
