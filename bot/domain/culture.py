"""The sales-culture mirror's rules (pure): a month's figures from the team's history, the
measures with their direction, six months of trend, and the verdict (what moved most).

A month is a calendar month of the team's time zone; a month still running counts up to now.
Figures are counts only: no check-in note, no name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from bot.domain.checkins import prompt_moment, top_obstacles, weekly_target
from bot.domain.months import add_months, month_start, next_month, previous_month

TEAM = "team"  # an admin: everyone on the check-in list or with a manager
REPS = "reps"  # a manager: their own confirmed reps
TOP_OBSTACLES = 3
TREND_MONTHS = 6
VERDICT_MEASURES = 2
MIN_MOVE = 0.05  # smaller moves are noise, not news
HIGHER, LOWER = 1, -1  # which way is better


def trend_months(focus: date, count: int = TREND_MONTHS) -> tuple[date, ...]:
    """The first days of the `count` months ending with `focus`'s, oldest first."""
    months = [month_start(focus)]
    while len(months) < count:
        months.insert(0, previous_month(months[0]))
    return tuple(months)


@dataclass(frozen=True)
class Prompt:
    """When the weekly check-in is asked for (CHECKIN_DAY, CHECKIN_TIME; team time here)."""

    weekday: int = 4
    at: time = time(15)

    def asked_at(self, monday: date, tz: ZoneInfo) -> datetime:
        return prompt_moment(monday, tz=tz, weekday=self.weekday, at=self.at)


def asked_weeks(first: date, until: datetime, prompt: Prompt, tz: ZoneInfo) -> tuple[date, ...]:
    """The Mondays of the weeks whose check-in was asked for in the month starting `first`
    (by its prompt day), up to `until`: a week counts once its prompt has gone out."""
    end = next_month(first)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday + timedelta(days=prompt.weekday) < end:
        day = monday + timedelta(days=prompt.weekday)
        if first <= day and prompt.asked_at(monday, tz) <= until:
            weeks.append(monday)
        monday += timedelta(days=7)
    return tuple(weeks)


def share(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by (shown as "–", never 0 %)."""
    return part / whole if whole else None


# ------------------------------------------------------------------------------ the history


@dataclass(frozen=True)
class WinFact:
    user_id: str
    at: datetime
    congratulations: int
    first_congratulation: datetime | None


@dataclass(frozen=True)
class MeetingFact:
    status: str  # planned | moved | cancelled
    starts_at: datetime
    first_planned: datetime  # when it was due before any move
    reason: str  # the words given for a move or cancellation
    scores: tuple[int, ...]
    items: tuple[tuple[str, bool, bool], ...]  # (kind, carried over, reads operational)


@dataclass(frozen=True)
class PlanFact:
    user_id: str
    year: int
    agreed_since: datetime | None  # None: not agreed
    target_clients: int
    weekly_outreach: int | None


@dataclass(frozen=True)
class CheckinFact:
    user_id: str
    week: date
    prospects: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ActionFact:
    rep_id: str  # whose 1:1 it came from
    created_at: datetime
    due: date
    done_at: datetime | None


@dataclass(frozen=True)
class History:
    """What the mirror needs of a group of reps, as read once for the six months."""

    reps: frozenset[str]
    listed: frozenset[str]  # of the reps, those asked to check in
    wins: tuple[WinFact, ...] = ()  # from the first trend month's year (or quarter) on
    meetings: tuple[MeetingFact, ...] = ()  # the team's
    plans: tuple[PlanFact, ...] = ()
    checkins: tuple[CheckinFact, ...] = ()  # from a few months before the first trend month
    actions: tuple[ActionFact, ...] = ()  # open at some point of the six months
    prompt: Prompt = Prompt()

    def of(self, reps: Iterable[str]) -> History:
        """The same history for a subset of the reps (a manager's team within the team's)."""
        mine = frozenset(reps) & self.reps
        return History(
            reps=mine,
            listed=self.listed & mine,
            wins=tuple(w for w in self.wins if w.user_id in mine),
            meetings=self.meetings,
            plans=tuple(p for p in self.plans if p.user_id in mine),
            checkins=tuple(c for c in self.checkins if c.user_id in mine),
            actions=tuple(a for a in self.actions if a.rep_id in mine),
            prompt=self.prompt,
        )


# ------------------------------------------------------------------------------ one month's figures


@dataclass(frozen=True)
class Figures:
    """One month (so far) of a group of reps, as counts; each measure is derived from them."""

    month: date
    start: datetime  # the month's first midnight, team time
    end: datetime  # the next month's
    until: datetime  # the end of the month, or now
    reps: int
    hunters: int  # reps with a new client in the three months up to `until`
    new_clients: int
    agreed_plans: int
    year_clients: int  # new clients of the year up to `until`
    expected_clients: float | None  # the agreed plans' targets, prorated to `until`
    held: int
    moved: int
    cancelled: int
    reasons: tuple[str, ...]  # words given for moves and cancellations, newest first
    ratings: tuple[int, ...]
    items: tuple[int, int, int]  # success stories, challenges, pipeline
    carried: int
    operational: int
    weeks: int
    listed: int
    checkins: int
    prospects: int
    outreach_target: int  # sum of weekly targets over the weeks, of reps with a target
    outreach_done: int  # the prospects of those reps
    obstacles: tuple[tuple[str, int], ...]  # (reason, check-ins naming it), most named first
    solved_after: tuple[int, ...]  # days an obstacle was reported before it no longer was
    still_reported: int  # obstacles named in the last check-in of a rep
    overdue_actions: int
    congratulations: int
    first_congrats_hours: tuple[float, ...]  # per congratulated new client
    uncongratulated: int

    @property
    def counted(self) -> bool:
        """Whether anything happened to count (a team set up this month has nothing)."""
        return bool(self.reps and (self.new_clients or self.meetings or self.checkins))

    @property
    def complete(self) -> bool:
        return self.until >= self.end

    @property
    def elapsed(self) -> float:
        """The share of the month counted (1 for a month that ended)."""
        return (self.until - self.start) / (self.end - self.start)

    @property
    def meetings(self) -> int:
        return self.held + self.moved + self.cancelled

    @property
    def agenda_items(self) -> int:
        return sum(self.items)

    @property
    def top_obstacles(self) -> tuple[tuple[str, int], ...]:
        return self.obstacles[:TOP_OBSTACLES]


def _in(moment: datetime, start: datetime, end: datetime) -> bool:
    return start <= moment < end


def _agreed_by(plan: PlanFact, moment: datetime) -> bool:
    return plan.agreed_since is not None and plan.agreed_since < moment


def figures(history: History, first: date, *, now: datetime, tz: ZoneInfo) -> Figures:
    """The figures of the month starting `first`, counted up to its end or `now`."""

    def midnight(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=tz)

    start, end = midnight(first), midnight(next_month(first))
    until = min(end, now)
    # Three months rolling, not the calendar quarter: a quarter's first month would always
    # read worse than the month before it.
    three_months, year = midnight(add_months(first, -2)), midnight(date(first.year, 1, 1))
    month_wins = [w for w in history.wins if _in(w.at, start, until)]
    plans = {p.user_id: p for p in history.plans if p.year == first.year}
    agreed = [p for p in plans.values() if _agreed_by(p, until)]
    elapsed = share(
        (until - year).total_seconds(),
        (midnight(date(first.year + 1, 1, 1)) - year).total_seconds(),
    )
    targets = sum(p.target_clients for p in agreed)
    due = [m for m in history.meetings if _in(m.first_planned, start, until)]
    took_place = [
        m for m in history.meetings if m.status != "cancelled" and _in(m.starts_at, start, until)
    ]
    items = [item for m in took_place for item in m.items]
    weeks = asked_weeks(first, until, history.prompt, tz)
    month_checkins = [
        c for c in history.checkins if c.user_id in history.listed and c.week in weeks
    ]
    asked = [c for c in history.checkins if history.prompt.asked_at(c.week, tz) <= until]
    solved, still = _obstacle_runs(asked, weeks)
    outreach_target = outreach_done = 0
    for user_id in history.listed:
        plan = plans.get(user_id)
        weekly = weekly_target(
            yearly_clients=plan.target_clients if plan else None,
            override=plan.weekly_outreach if plan else None,
        )
        if weekly:
            outreach_target += weekly * len(weeks)
            outreach_done += sum(c.prospects for c in month_checkins if c.user_id == user_id)
    obstacles = top_obstacles([(c.reasons, "") for c in month_checkins])
    congratulated = [w for w in month_wins if w.first_congratulation is not None]
    return Figures(
        month=first,
        start=start,
        end=end,
        until=until,
        reps=len(history.reps),
        hunters=len({w.user_id for w in history.wins if _in(w.at, three_months, until)}),
        new_clients=len(month_wins),
        agreed_plans=len(agreed),
        year_clients=sum(1 for w in history.wins if _in(w.at, year, until)),
        expected_clients=targets * elapsed if targets and elapsed else None,
        held=sum(1 for m in due if m.status == "planned"),
        moved=sum(1 for m in due if m.status == "moved"),
        cancelled=sum(1 for m in due if m.status == "cancelled"),
        reasons=tuple(
            m.reason
            for m in sorted(due, key=lambda m: m.first_planned, reverse=True)
            if m.status != "planned" and m.reason.strip()
        ),
        ratings=tuple(sorted(s for m in took_place for s in m.scores)),
        items=(
            sum(1 for kind, _, _ in items if kind == "success"),
            sum(1 for kind, _, _ in items if kind == "challenge"),
            sum(1 for kind, _, _ in items if kind == "pipeline"),
        ),
        carried=sum(1 for _, carried, _ in items if carried),
        operational=sum(1 for _, _, operational in items if operational),
        weeks=len(weeks),
        listed=len(history.listed),
        checkins=len(month_checkins),
        prospects=sum(c.prospects for c in month_checkins),
        outreach_target=outreach_target,
        outreach_done=outreach_done,
        obstacles=tuple((o.reason, o.count) for o in obstacles),
        solved_after=solved,
        still_reported=still,
        # Due on a day before the count ends and not done by then.
        overdue_actions=sum(
            1
            for a in history.actions
            if a.created_at < until
            and a.due < until.astimezone(tz).date()
            and (a.done_at is None or a.done_at >= until)
        ),
        congratulations=sum(w.congratulations for w in month_wins),
        first_congrats_hours=tuple(sorted(_hours_to_first(w) for w in congratulated)),
        uncongratulated=len(month_wins) - len(congratulated),
    )


def _hours_to_first(win: WinFact) -> float:
    first = win.first_congratulation or win.at
    return (first - win.at).total_seconds() / 3600


def _obstacle_runs(
    checkins: Iterable[CheckinFact], weeks: tuple[date, ...]
) -> tuple[tuple[int, ...], int]:
    """(days each obstacle solved this month had been reported, obstacles still reported).

    An obstacle is a reason a rep keeps naming week after week; it is solved at the first
    later check-in of that rep that no longer names it."""
    by_rep: dict[str, list[CheckinFact]] = {}
    for c in checkins:
        by_rep.setdefault(c.user_id, []).append(c)
    solved: list[int] = []
    still = 0
    for rows in by_rep.values():
        rows.sort(key=lambda c: c.week)
        since: dict[str, date] = {}
        for c in rows:
            for reason in list(since):
                if reason not in c.reasons:
                    if c.week in weeks:
                        solved.append((c.week - since[reason]).days)
                    del since[reason]
            for reason in c.reasons:
                since.setdefault(reason, c.week)
        still += len(since)
    return tuple(sorted(solved)), still


# ------------------------------------------------------------------------------ the measures


@dataclass(frozen=True)
class Measure:
    """One line of the mirror: its value from a month's figures and which way is better.
    `per_month` values grow during a month: a month so far is compared prorated."""

    key: str
    area: str
    value: Callable[[Figures], float | None]
    better: int
    is_share: bool = False
    per_month: bool = False


def _median(values: tuple[float, ...] | tuple[int, ...]) -> float | None:
    return float(median(values)) if values else None


MEASURES: tuple[Measure, ...] = (
    Measure("hunters", "hunters", lambda f: share(f.hunters, f.reps), HIGHER, is_share=True),
    Measure("per_rep", "hunters", lambda f: share(f.new_clients, f.reps), HIGHER, per_month=True),
    Measure("plans", "hunters", lambda f: share(f.agreed_plans, f.reps), HIGHER, is_share=True),
    Measure("pace", "hunters", lambda f: share(f.year_clients, f.expected_clients or 0), HIGHER),
    Measure("meetings", "meetings", lambda f: share(f.held, f.meetings), HIGHER, is_share=True),
    Measure("rating", "meetings", lambda f: share(sum(f.ratings), len(f.ratings)), HIGHER),
    Measure("mix", "meetings", lambda f: share(f.items[0], f.agenda_items), HIGHER, is_share=True),
    Measure(
        "carried", "meetings", lambda f: share(f.carried, f.agenda_items), LOWER, is_share=True
    ),
    Measure(
        "operational",
        "meetings",
        lambda f: share(f.operational, f.agenda_items),
        LOWER,
        is_share=True,
    ),
    Measure(
        "checkins",
        "accountability",
        lambda f: share(f.checkins, f.weeks * f.listed),
        HIGHER,
        is_share=True,
    ),
    Measure(
        "outreach", "accountability", lambda f: share(f.outreach_done, f.outreach_target), HIGHER
    ),
    Measure("obstacles", "accountability", lambda f: _median(f.solved_after), LOWER),
    Measure("overdue", "accountability", lambda f: float(f.overdue_actions), LOWER),
    Measure("congrats", "recognition", lambda f: share(f.congratulations, f.new_clients), HIGHER),
    Measure("first_congrats", "recognition", lambda f: _median(f.first_congrats_hours), LOWER),
)
AREAS = ("hunters", "meetings", "accountability", "recognition")


def measure(key: str) -> Measure:
    return next(m for m in MEASURES if m.key == key)


@dataclass(frozen=True)
class Move:
    """A measure that moved against the month before: `better` or worse."""

    key: str
    before: float
    now: float
    better: bool
    size: float


def _size(m: Measure, before: float, now: float) -> float:
    """How far a measure moved: percentage points for a share, else relative to the larger."""
    if m.is_share:
        return abs(now - before)
    largest = max(abs(before), abs(now))
    return abs(now - before) / largest if largest else 0.0


def verdict(previous: Figures, current: Figures) -> tuple[Move, ...]:
    """The measures that moved most since the month before (at most two), better or worse.
    A month still running is compared to the month before prorated for measures that grow."""
    moves = []
    for m in MEASURES:
        before, now = m.value(previous), m.value(current)
        if before is None or now is None:
            continue
        if m.per_month and not current.complete:
            before *= current.elapsed
        size = _size(m, before, now)
        if size >= MIN_MOVE:
            moves.append(Move(m.key, before, now, (now - before) * m.better > 0, size))
    moves.sort(key=lambda move: move.size, reverse=True)
    return tuple(moves[:VERDICT_MEASURES])


# ------------------------------------------------------------------------------ the mirror


@dataclass(frozen=True)
class TeamFigures:
    """An admin's look at one manager's team: this month's figures only."""

    manager_id: str
    figures: Figures


@dataclass(frozen=True)
class Mirror:
    """Six months of figures for one group of reps, the last one the month shown."""

    scope: str  # TEAM | REPS
    today: date
    months: tuple[Figures, ...]
    teams: tuple[TeamFigures, ...] = field(default=())

    @property
    def current(self) -> Figures:
        return self.months[-1]

    @property
    def moves(self) -> tuple[Move, ...]:
        if len(self.months) < 2:
            return ()
        return verdict(self.months[-2], self.months[-1])

    def trend(self, key: str) -> tuple[float | None, ...]:
        value = measure(key).value
        return tuple(value(f) for f in self.months)


def named_before(months: tuple[Figures, ...]) -> dict[str, int]:
    """How often each of this month's top obstacles was named the month before."""
    if len(months) < 2:
        return {}
    before = dict(months[-2].obstacles)
    return {reason: before.get(reason, 0) for reason, _ in months[-1].top_obstacles}
