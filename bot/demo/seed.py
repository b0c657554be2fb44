"""The demo team: a manager, four reps in two time zones and about four months of history, so
that every screen of the bot has something to show at once.

The history is made by the bot's own use cases, each run "as of" its moment in the past (a copy
of the Deps with a fixed clock), so the rows are what the bot itself would have stored. The
messages those use cases queued (celebrations, calendar posts, review DMs...) are history too:
they are marked skipped at the end, so the demo's Slack stand-in starts empty instead of
receiving months of old posts. Seed before the outbox worker starts: the use cases here wake
nobody, but a running worker polls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import col, select

from bot.deps import Deps
from bot.domain.agenda import validate_item
from bot.domain.checkins import week_start
from bot.domain.oneonones import Occurrence, OneOnOneRule
from bot.domain.schedule import local_moment
from bot.domain.wins import Money
from bot.domain.workdays import previous_working_day
from bot.jobs import agenda, checkins, managers, meetings, oneonones, plans, wins
from bot.jobs.meetings import times_of
from bot.jobs.oneonones import ActionRow
from bot.views.wins import TypedWin
from storage import managers as manager_store
from storage import meetings as meeting_store
from storage import oneonones as oneonone_store
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import users as user_store
from storage.models import Meeting, MeetingPlan, OutboxMessage

MANAGER, REPS = "UMANAGER", ("UREP1", "UREP2", "UREP3", "UREP4")
WINS_CHANNEL, SALES_CHANNEL = "CWINS", "CSALES"
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
AMSTERDAM, LONDON = "Europe/Amsterdam", "Europe/London"


@dataclass(frozen=True)
class Person:
    user_id: str
    names: dict[str, str]  # lang -> name
    tz: str


PEOPLE = (
    Person(MANAGER, {"nl": "Maria de Vries", "en": "Maria Evans"}, AMSTERDAM),
    Person("UREP1", {"nl": "Ruben Jansen", "en": "Ryan Jones"}, AMSTERDAM),
    Person("UREP2", {"nl": "Sophie Bakker", "en": "Sophie Baker"}, LONDON),
    Person("UREP3", {"nl": "Daan Visser", "en": "Dan Fisher"}, AMSTERDAM),
    Person("UREP4", {"nl": "Emma Smit", "en": "Emma Smith"}, LONDON),
)


@dataclass(frozen=True)
class DemoWin:
    days_ago: int
    rep: str
    client: dict[str, str]
    amount: int | None
    currency: str
    segment: dict[str, str]
    won_via: str
    story: dict[str, str] | None = None
    cheered_by: tuple[str, ...] = ()


_HORECA = {"nl": "Horeca", "en": "Hospitality"}
_RETAIL = {"nl": "Retail", "en": "Retail"}
_CARE = {"nl": "Zorg", "en": "Healthcare"}

WINS = (
    DemoWin(
        3,
        "UREP1",
        {"nl": "Bakkerij Jansen", "en": "Baker & Sons"},
        12_500,
        "EUR",
        _HORECA,
        "referral",
        {
            "nl": "Via de slager om de hoek geïntroduceerd; na één proeverij was het rond.",
            "en": "Introduced by the butcher next door; one tasting session and it was done.",
        },
        (MANAGER, "UREP2"),
    ),
    DemoWin(
        8,
        "UREP2",
        {"nl": "Koffiebar Bonen", "en": "Bean There Coffee"},
        8_000,
        "GBP",
        _HORECA,
        "cold_outreach",
        None,
        (MANAGER, "UREP1", "UREP3"),
    ),
    DemoWin(
        13,
        "UREP3",
        {"nl": "Fietsenmaker De Spaak", "en": "Spoke & Wheel Cycles"},
        4_200,
        "EUR",
        _RETAIL,
        "event",
        None,
        ("UREP4",),
    ),
    DemoWin(
        20,
        "UREP4",
        {"nl": "Tandartspraktijk Glimlach", "en": "Bright Smile Dental"},
        15_000,
        "GBP",
        _CARE,
        "inbound",
        {
            "nl": "Ze vonden ons via de website; de demo op locatie gaf de doorslag.",
            "en": "They found us through the website; the on-site demo sealed it.",
        },
        (MANAGER,),
    ),
    DemoWin(
        31,
        "UREP1",
        {"nl": "Hotel De Gouden Leeuw", "en": "The Golden Lion Hotel"},
        32_000,
        "EUR",
        _HORECA,
        "network",
        {
            "nl": "Drie maanden volgehouden; de nieuwe bedrijfsleider zei meteen ja.",
            "en": "Three months of follow-up; the new general manager said yes straight away.",
        },
        (MANAGER, "UREP2", "UREP3", "UREP4"),
    ),
    DemoWin(
        45,
        "UREP2",
        {"nl": "Bloemenhuis Tulp", "en": "Petal & Stem Florists"},
        3_500,
        "GBP",
        _RETAIL,
        "referral",
    ),
    DemoWin(
        62,
        "UREP3",
        {"nl": "Fysiotherapie Beweeg", "en": "MoveWell Physio"},
        9_800,
        "EUR",
        _CARE,
        "partner",
        None,
        (MANAGER,),
    ),
    DemoWin(
        83,
        "UREP1",
        {"nl": "Boekhandel Het Kapittel", "en": "Chapter & Verse Books"},
        6_000,
        "EUR",
        _RETAIL,
        "event",
    ),
)

# rep -> (1:1 weekday, hour) every two weeks, on the manager's clock.
ONEONONES = {"UREP1": (1, 10), "UREP2": (1, 14), "UREP3": (3, 10), "UREP4": (3, 14)}


@dataclass(frozen=True)
class DemoTexts:
    """What the demo people wrote, in one language."""

    moved: str  # the reason a meeting was moved
    cancelled: str  # the reason one was cancelled
    success: tuple[str, str]  # agenda items: title, details
    challenge: tuple[str, str, str]  # title, question, tried
    pipeline: tuple[str, str]
    actions: tuple[str, str]  # 1:1 action points
    note: str  # a check-in note
    plans: tuple[tuple[str, str, str, str], ...]  # per rep: target, segment, value, approach


TEXTS = {
    "nl": DemoTexts(
        moved="klantdag in Utrecht",
        cancelled="teamuitje",
        success=("Hotel De Gouden Leeuw binnen", "Hoe de follow-up na drie maanden werkte."),
        challenge=(
            "Inkopers reageren niet meer na de offerte",
            "Hoe houden jullie het gesprek gaande na een offerte?",
            "Twee keer nagebeld en een mail met een klantverhaal gestuurd.",
        ),
        pipeline=("Lunchroom Het Zonnetje", "Offerte ligt er, beslissing deze maand."),
        actions=(
            "Offerte Lunchroom Het Zonnetje afronden",
            "Introductie vragen bij Hotel De Gouden Leeuw",
        ),
        note="Veel afwezigen door de vakantie.",
        plans=(
            (
                "12",
                "Horeca in Amsterdam",
                "150000 EUR",
                "Bestaande klanten om introducties vragen.",
            ),
            ("10", "Horeca en retail in Londen", "90000 GBP", "Beurzen en koude acquisitie."),
            ("8", "Zorgpraktijken", "80000 EUR", "Samenwerking met een branchevereniging."),
            ("8", "Retail in Londen", "60000 GBP", "Inbound-leads snel opvolgen."),
        ),
    ),
    "en": DemoTexts(
        moved="client day in Manchester",
        cancelled="team outing",
        success=("Won The Golden Lion Hotel", "How three months of follow-up paid off."),
        challenge=(
            "Buyers go quiet after the proposal",
            "How do you keep the conversation going after a proposal?",
            "Called twice and sent a customer story by email.",
        ),
        pipeline=("The Sunny Side Café", "Proposal sent, decision this month."),
        actions=(
            "Finish the proposal for The Sunny Side Café",
            "Ask The Golden Lion Hotel for an introduction",
        ),
        note="Many people away on holiday.",
        plans=(
            (
                "12",
                "Hospitality in the Netherlands",
                "150000 EUR",
                "Ask clients for introductions.",
            ),
            ("10", "Hospitality and retail in London", "90000 GBP", "Trade fairs, cold outreach."),
            ("8", "Healthcare practices", "80000 EUR", "A partnership with a trade association."),
            ("8", "Retail in London", "60000 GBP", "Follow up inbound leads quickly."),
        ),
    ),
}


def seed_demo(
    deps: Deps, *, team_id: str = "TDEMO", lang: str, now: datetime, history: bool = False
) -> bool:
    """Fill the database with the demo team as of `now`, in `lang` ("nl" or "en"). False (and
    nothing changed) when the team was seeded before, so a kept demo database is left as is.
    `history`: leave what the seeded past queued (the celebrations in #wins, the year's
    calendar in #sales, DMs) for the outbox to post, so the demo opens on a lived-in Slack;
    otherwise it is marked skipped."""
    if lang not in LOCALES:
        raise ValueError(f"lang must be one of {sorted(LOCALES)}, not {lang!r}")
    with deps.session_factory() as session:
        if manager_store.manager_of(session=session, team_id=team_id, rep_id=REPS[0]):
            return False
    seeder = _Seeder(deps, team_id, lang, now)
    seeder.people()
    seeder.oneonones()
    seeder.meetings()
    seeder.account_plans()
    seeder.wins()
    seeder.checkins()
    seeder.agenda()
    if not history:
        _quiet_history(deps, team_id, now)
    return True


class _Seeder:
    """One demo team's history, each step run by the use cases as of its own moment."""

    def __init__(self, deps: Deps, team_id: str, lang: str, now: datetime) -> None:
        self.deps, self.team_id, self.lang, self.now = deps, team_id, lang, now
        self.tz = deps.settings_for(team_id).tz
        self.today = now.astimezone(self.tz).date()
        self.texts = TEXTS[lang]
        # The team started using the bot early in the year (or four months ago, if later).
        start_day = max(date(self.today.year, 1, 8), self.today - timedelta(weeks=16))
        self.start = min(self._at(start_day, 9), now - timedelta(days=2))

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return local_moment(day, time(hour, minute), self.tz)

    def as_of(self, moment: datetime) -> Deps:
        """The Deps as the use cases saw them at `moment` (nobody woken: it is history)."""
        return replace(self.deps, clock=lambda: moment, notify_outbox=lambda: None)

    def people(self) -> None:
        with self.deps.session_factory.write() as session:
            for person in PEOPLE:
                user_store.save_user(
                    session=session,
                    team_id=self.team_id,
                    user_id=person.user_id,
                    locale=LOCALES[self.lang],
                    tz=person.tz,
                    real_name=person.names[self.lang],
                    is_admin=person.user_id == MANAGER,
                    now=self.now,
                )

    def oneonones(self) -> None:
        """The manager's 1:1s with each rep every two weeks (which makes them the manager),
        every rep on the check-in list, and action points from past 1:1s (one overdue)."""
        deps = self.as_of(self.start)
        for rep, (weekday, hour) in ONEONONES.items():
            rule = OneOnOneRule(
                freq="weekly",
                interval=2,
                weekday=weekday,
                nth=None,
                at=time(hour),
                duration_minutes=30,
            )
            managers.set_up_series(
                deps, team_id=self.team_id, manager_id=MANAGER, rep_id=rep, rule=rule, admin=True
            )
            checkins.change_list(
                deps, team_id=self.team_id, by=MANAGER, admin=True, added=True, user_id=rep
            )
        with self.deps.session_factory() as session:
            series = oneonone_store.series_of(
                session=session, team_id=self.team_id, user_id=MANAGER
            )
            held = {
                s.rep_id: (
                    s.id or 0,
                    oneonones.series_occurrences(session, s, start=self.start, end=self.now),
                )
                for s in series
            }
        soon = self.today + timedelta(days=7)
        for index, (rep, (series_id, past)) in enumerate(sorted(held.items())):
            if not past:
                continue
            rows = [ActionRow(self.texts.actions[index % 2], "rep", soon, 1)]
            self._actions(series_id, past[-1], rows, f"demo:{rep}:last")
            if rep == REPS[0] and len(past) >= 2:
                # Due a week after an earlier 1:1, and never ticked off: overdue by now.
                due = past[-2].day + timedelta(days=7)
                overdue = [ActionRow(self.texts.actions[1], "manager", due, 1)]
                self._actions(series_id, past[-2], overdue, f"demo:{rep}:earlier")

    def _actions(
        self,
        series_id: int,
        held: Occurrence,
        rows: list[ActionRow],
        source: str,
    ) -> None:
        oneonones.log_action_points(
            self.as_of(held.ends_at),
            team_id=self.team_id,
            user_id=MANAGER,
            series_id=series_id,
            day=held.day,
            rows=rows,
            source=source,
        )

    def meetings(self) -> None:
        """Weekly sales meetings on Mondays at 09:00 in #sales, planned in December for this
        year (and next year's too, in December); one moved and one cancelled in the past, and
        ratings on the last ones held."""
        years = [self.today.year] + ([self.today.year + 1] if self.today.month == 12 else [])
        for year in years:
            planned_at = min(self._at(date(year - 1, 12, 15), 10), self.now - timedelta(hours=1))
            self._plan_year(year, planned_at)
        with self.deps.session_factory() as session:
            past = [
                m
                for m in meeting_store.meetings_of_year(
                    session=session, team_id=self.team_id, year=self.today.year
                )
                if m.starts_at < self.now - timedelta(days=7)
                and m.starts_at > self.start
                and m.starts_at.astimezone(self.tz).weekday() == 0
            ]
        if len(past) >= 2:
            self._change(past[-2], f"to {{next}} because {self.texts.moved}", meetings.move_meeting)
            self._change(past[-1], f"because {self.texts.cancelled}", meetings.cancel_meeting)
        with self.deps.session_factory() as session:
            held = [
                m
                for m in meeting_store.meetings_of_year(
                    session=session, team_id=self.team_id, year=self.today.year
                )
                if m.status != "cancelled" and m.starts_at < self.now - timedelta(hours=2)
            ][-4:]
        for index, meeting in enumerate(held):
            deps = self.as_of(meeting.starts_at + timedelta(hours=1))
            for voter, user_id in enumerate((MANAGER, *REPS)):
                score = 6 + (index + voter) % 4
                meetings.rate_meeting(
                    deps,
                    team_id=self.team_id,
                    user_id=user_id,
                    meeting_id=meeting.id or 0,
                    score=score,
                )

    def _plan_year(self, year: int, planned_at: datetime) -> None:
        with self.deps.session_factory.write() as session:
            plan = meeting_store.add_plan(
                session=session,
                plan=MeetingPlan(
                    team_id=self.team_id,
                    year=year,
                    freq="weekly",
                    interval=1,
                    weekday=0,
                    at_minutes=9 * 60,
                    duration_minutes=60,
                    channel=SALES_CHANNEL,
                    created_by=MANAGER,
                    created_at=planned_at,
                ),
            )
            plan_id = plan.id or 0
        meetings.confirm_plan(
            self.as_of(planned_at), team_id=self.team_id, user_id=MANAGER, plan_id=plan_id
        )

    def _change(self, meeting: Meeting, text: str, change: Callable[..., object]) -> None:
        """Move (to the Tuesday after) or cancel `meeting`, decided three days before it."""
        day = meeting.starts_at.astimezone(self.tz).date()
        typed = f"{day.isoformat()} {text.format(next=(day + timedelta(days=1)).isoformat())}"
        change(
            self.as_of(meeting.starts_at - timedelta(days=3)),
            team_id=self.team_id,
            user_id=MANAGER,
            text=typed,
        )

    def account_plans(self) -> None:
        """This year's plans: two agreed and shared, one agreed and private, one draft."""
        year = self.today.year
        saved_at = self.start + timedelta(days=1)
        for index, rep in enumerate(REPS):
            target, segment, value, approach = self.texts.plans[index]
            quarter = int(target) // 4
            values = {
                "target": target,
                "segment": segment,
                "value": value,
                "basis": "total",
                "approach": approach,
                "q1": str(quarter),
                "q2": str(quarter * 2),
                "q3": str(quarter * 3),
                "q4": target,
                "shared": "yes" if index < 2 else "no",
            }
            deps = self.as_of(saved_at + timedelta(hours=index))
            plans.save_plan(
                deps,
                team_id=self.team_id,
                user_id=rep,
                year=year,
                values=values,
                number_locale="en",
            )
            if index == 3:
                continue  # still a draft, waiting for the manager
            with self.deps.session_factory() as session:
                plan = plan_store.get_plan(
                    session=session, team_id=self.team_id, user_id=rep, year=year
                )
            assert plan is not None
            plans.decide_plan(
                self.as_of(saved_at + timedelta(days=1, hours=index)),
                team_id=self.team_id,
                user_id=MANAGER,
                plan_id=plan.id or 0,
                seen_version=plan.version,
                agree=True,
                admin=True,
            )

    def wins(self) -> None:
        for index, demo in enumerate(WINS):
            at = self._at(
                previous_working_day(
                    self.today - timedelta(days=demo.days_ago),
                    holidays_country=self.deps.settings_for(self.team_id).holidays_country,
                ),
                11,
                30,
            )
            at = min(at, self.now - timedelta(minutes=30))
            value = Money(Decimal(demo.amount), demo.currency) if demo.amount else None
            story = demo.story[self.lang] if demo.story else ""
            shown = TypedWin(
                client=demo.client[self.lang],
                currency=demo.currency,
                segment=demo.segment[self.lang],
                won_via=demo.won_via,
                story=story,
            )
            form = wins.WinForm(demo.client[self.lang], value, shown)
            logged = wins.log_win(
                self.as_of(at),
                team_id=self.team_id,
                user_id=demo.rep,
                form=form,
                source_key=f"demo:win:{index}",
            )
            for minutes, user_id in enumerate(demo.cheered_by, start=1):
                wins.congratulate(
                    self.as_of(at + timedelta(minutes=10 * minutes)),
                    team_id=self.team_id,
                    user_id=user_id,
                    win_id=logged.win.id or 0,
                )

    def checkins(self) -> None:
        """Six weeks of Friday check-ins (two for the newest rep), a few obstacles; Sophie
        shows her first meetings booked on the leaderboard."""
        this_monday = week_start(self.today)
        for weeks_back in range(6, 0, -1):
            monday = this_monday - timedelta(weeks=weeks_back)
            deps = self.as_of(self._at(monday + timedelta(days=4), 15, 30))
            for number, rep in enumerate(REPS):
                if rep == REPS[3] and weeks_back > 2:
                    continue
                reasons = ["no_leads"] if (weeks_back + number) % 4 == 0 else []
                if rep == REPS[2] and weeks_back == 3:
                    reasons = ["internal", "deliveries"]
                checkins.submit_checkin(
                    deps,
                    team_id=self.team_id,
                    user_id=rep,
                    monday=monday,
                    prospects=str(6 + (weeks_back * 3 + number) % 7),
                    meetings=str(1 + (weeks_back + number) % 3),
                    reasons=reasons,
                    note=self.texts.note if reasons == ["no_leads"] and number == 0 else "",
                )
        checkins.set_sharing(
            self.as_of(self.start), team_id=self.team_id, user_id=REPS[1], shares=True
        )

    def agenda(self) -> None:
        """A success story, a challenge with a question and a pipeline item on the next meeting,
        added while its agenda was open."""
        with self.deps.session_factory() as session:
            coming = meeting_store.next_meeting(
                session=session, team_id=self.team_id, after=self.now
            )
        if coming is None:
            return
        added_at = min(
            self.now,
            times_of(coming, self.deps.settings_for(self.team_id)).cutoff - timedelta(hours=1),
        )
        success, challenge, pipeline = self.texts.success, self.texts.challenge, self.texts.pipeline
        items = (
            (
                "UREP1",
                validate_item(
                    kind="success", title=success[0], details=success[1], question="", tried=""
                ),
            ),
            (
                "UREP3",
                validate_item(
                    kind="challenge",
                    title=challenge[0],
                    details="",
                    question=challenge[1],
                    tried=challenge[2],
                ),
            ),
            (
                "UREP2",
                validate_item(
                    kind="pipeline", title=pipeline[0], details=pipeline[1], question="", tried=""
                ),
            ),
        )
        for index, (rep, entered) in enumerate(items):
            agenda.save_item(
                self.as_of(added_at - timedelta(hours=3 - index)),
                team_id=self.team_id,
                user_id=rep,
                lang=self.lang,
                entered=entered,
                meeting_id=coming.id or 0,
                item_id=None,
                view_id=f"demo:agenda:{index}",
                admin=False,
            )


def _quiet_history(deps: Deps, team_id: str, now: datetime) -> None:
    """Mark what the seeded history queued as skipped: those posts belong to the past."""
    with deps.session_factory.write() as session:
        ids = session.exec(
            select(OutboxMessage.id).where(
                col(OutboxMessage.team_id) == team_id,
                col(OutboxMessage.status) == "pending",
                col(OutboxMessage.next_attempt_at) <= now,
            )
        ).all()
        for message_id in ids:
            outbox_store.mark_skipped(
                session=session, message_id=message_id or 0, reason="demo history", now=now
            )
