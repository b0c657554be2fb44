"""A small team for the sales-culture mirror, with every figure worked out by hand (below).

NOW is Thursday 17 December 2026, 10:00 in Amsterdam. Check-ins are asked for on Fridays at
15:00: the month so far has two check-in weeks, those of Monday 30 November (asked on Friday
4 December) and 7 December; the week of the 14th is only asked on Friday the 18th (UR2 checked
in early: not counted yet). November's weeks are those of 2 to 23 November (26 October's was
asked on Friday 30 October). The three months up to now started on 1 October.

People: UMGR manages UR1, UR2, UR3; UMGR2 manages UR4; an admin added UR5 to the check-in
list and removed UR3 from it; UMGR asked to manage UR5 but it is still pending. UOUT has no
manager and is not on the list.

Hand-computed expectations:
- UMGR (reps UR1-3): hunters 3 of 3; new clients this month 3 (per rep 1); agreed plans 1 of 3;
  check-ins 3 of 2 weeks x 2 listed reps (UR3 is off the list) = 75 %; obstacles
  deliveries 3, internal 1, no_leads 1; congratulations 3 on 3 wins = 1.
- Admin (team UR1-5): hunters 4 of 5; new clients 4 (0.8 per rep); agreed plans 2 of 5;
  check-ins 5 of 2 x 4 = 62.5 %; obstacles deliveries 3, internal 2, implementation 1;
  congratulations 6 on 4 wins = 1.5.
- Meetings (the team's): 3 held as planned, 1 moved ("Client visit ..."), 1 cancelled
  ("Christmas lunch"); ratings 8, 6, 7, 9 = 7.5; agenda 3 success stories : 2 challenges :
  1 pipeline, 1 of the 6 carried over, 1 of the 6 operational ("Levering te laat").
- Pace (agreed plans: UR1 and UR4, 4 clients each; 350 days and 10 hours of 365 gone):
  UMGR 5 new clients this year against 4 x 0.96005 = 3.84 expected (130 %); admin 6 against
  7.68 (78 %).
- Outreach (weekly targets: UR1 5, UR2 1 (derived from a draft plan of 4 clients), UR4 3;
  UR5 has none): UMGR 13 of 12; admin 16 of 18.
- Obstacles: UR1 stopped naming "no_leads" in the week of 7 December, 14 days after first
  naming it;
  UMGR still hears 3 (UR1 deliveries, UR2 internal and deliveries), the admin 5 (UR4's two).
- Action points past due (1:1s of UR1 and UR4): UMGR 1, admin 2.
- First congratulation: UMGR after 1 h and 5 h (median 3 h, 1 new client not congratulated yet);
  admin 1 h, 2 h, 5 h (median 2 h).

November (full month, for the trends and the verdict): UMGR hunters 2 of 3, 1 new client,
meetings 1 held and 1 moved ("Trade fair"), rating 6, agenda 0 : 2 : 0 with 1 operational,
check-ins 3 of 8, outreach 4 of 24, an obstacle solved after 21 days, 1 action point past
due, 2 congratulations on 1 new client (first after 3 h). Verdict for UMGR: outreach and new
clients per rep moved most (both better); for the admin: outreach and new clients per rep.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage.models import (
    AccountPlan,
    ActionPoint,
    AgendaItem,
    Checkin,
    CheckinMember,
    Congratulation,
    ManagerLink,
    ManagerRequest,
    Meeting,
    MeetingRating,
    OneOnOneSeries,
    Win,
)
from tests.support.usecases import save_meeting_plan

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 17, 10, 0, tzinfo=AMS)
MANAGER, MANAGER2, ADMIN = "UMGR", "UMGR2", "UADMIN"
SECRET_NOTE = "Secret: my client Hoogvliet is unhappy"


def _at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def seed(session: Session, team_id: str) -> None:
    set_at = _at(9, 1)
    for rep, manager in (("UR1", MANAGER), ("UR2", MANAGER), ("UR3", MANAGER), ("UR4", MANAGER2)):
        session.add(
            ManagerLink(
                team_id=team_id, rep_id=rep, manager_id=manager, set_by=ADMIN, set_at=set_at
            )
        )
    session.add(
        ManagerRequest(team_id=team_id, rep_id="UR5", requester_id=MANAGER, created_at=set_at)
    )
    for user, status in (("UR5", "added"), ("UR3", "removed")):
        session.add(
            CheckinMember(
                team_id=team_id, user_id=user, status=status, changed_by=ADMIN, changed_at=set_at
            )
        )
    _wins(session, team_id)
    for user, year, status, weekly in (
        ("UR1", 2026, "agreed", 5),
        ("UR2", 2026, "draft", None),
        ("UR3", 2027, "agreed", None),
        ("UR4", 2026, "agreed", 3),
    ):
        session.add(
            AccountPlan(
                team_id=team_id,
                user_id=user,
                year=year,
                status=status,
                target_clients=4,
                weekly_outreach=weekly,
                segment="SMB",
                approach="Calls",
                changed_by=user,
                changed_at=set_at,
            )
        )
    _meetings(session, team_id)
    _checkins(session, team_id)
    _action_points(session, team_id)
    session.flush()


def _wins(session: Session, team_id: str) -> None:
    wins = [  # (user, logged at, removed, congratulations, hours until the first)
        ("UR1", _at(10, 15), False, 0, 0),
        ("UR1", _at(12, 3), False, 2, 1),
        ("UR1", _at(12, 10), False, 0, 0),
        ("UR2", _at(12, 1, 0, 10), False, 1, 5),  # 30 November in UTC: December in Amsterdam
        ("UR2", _at(12, 5), True, 3, 3),  # removed: never counts
        ("UR3", _at(11, 30, 23, 30), False, 2, 3),  # the quarter, not the month
        ("UR4", _at(12, 12), False, 3, 2),
        ("UOUT", _at(12, 2), False, 1, 3),  # nobody's rep, not on the list
        ("UR1", _at(12, 18), False, 0, 0),  # after now
    ]
    for n, (user, at, removed, congrats, first) in enumerate(wins):
        win = Win(
            team_id=team_id,
            user_id=user,
            client_name=f"Client {n}",
            year=2026,
            source_key=f"culture:{n}",
            created_at=at,
            removed_at=at + timedelta(hours=1) if removed else None,
        )
        session.add(win)
        session.flush()
        for c in range(congrats):
            session.add(
                Congratulation(
                    team_id=team_id,
                    win_id=win.id or 0,
                    user_id=f"UFAN{c}",
                    created_at=at + timedelta(hours=first + c),
                )
            )
    other = Win(
        team_id="TOTHER",
        user_id="UR1",
        client_name="Elsewhere",
        year=2026,
        source_key="culture:other",
        created_at=_at(12, 3),
    )
    session.add(other)


def _meetings(session: Session, team_id: str) -> None:
    plan_id = save_meeting_plan(session, team_id, year=2026, created_by=ADMIN)
    meetings = [  # (starts at, status, first planned at, reason, ratings, items)
        (_at(12, 2), "planned", None, None, (8, 6), DECEMBER_2),
        (_at(12, 9), "planned", None, None, (7,), DECEMBER_9),
        # due on the 16th: moved
        (_at(12, 18), "moved", _at(12, 16), "Client visit <Hoogvliet> & co", (), ()),
        # cancelled: its rating and items do not count
        (_at(12, 11), "cancelled", None, "Christmas lunch", (2,), (("success", "ignored", 0),)),
        # moved into December: held, rated here
        (_at(12, 3), "moved", _at(11, 25), "Trade fair", (9,), DECEMBER_3),
        (_at(12, 23), "planned", None, None, (), ()),  # still to come
        (_at(11, 30, 23, 30), "planned", None, None, (6,), NOVEMBER_30),  # November here
        (_at(12, 1, 0, 30), "planned", None, None, (), ()),  # December in Amsterdam
    ]
    for starts_at, status, first, reason, scores, items in meetings:
        meeting = Meeting(
            team_id=team_id,
            plan_id=plan_id,
            year=2026,
            channel="CSALES0001",
            starts_at=starts_at,
            duration_minutes=60,
            status=status,
            original_starts_at=first,
            reason=reason,
        )
        session.add(meeting)
        session.flush()
        for n, (kind, title, carried) in enumerate(items):
            session.add(
                AgendaItem(
                    team_id=team_id,
                    meeting_id=meeting.id or 0,
                    user_id="UR1",
                    kind=kind,
                    title=title,
                    status="withdrawn" if carried < 0 else "active",
                    carried_from_id=carried or None if carried > 0 else None,
                    source_key=f"culture:item:{meeting.id}:{n}",
                )
            )
        for n, score in enumerate(scores):
            session.add(
                MeetingRating(
                    team_id=team_id, meeting_id=meeting.id or 0, user_id=f"UR{n + 1}", score=score
                )
            )


# Agenda items: (kind, title, carried over from: an item id, 0 = not carried, -1 = withdrawn)
DECEMBER_2 = (
    ("success", "Won Acme", 0),
    ("challenge", "Pricing question", 0),
    ("pipeline", "Big prospect", 0),
)
DECEMBER_9 = (("success", "Bakkerij Jansen", 0), ("challenge", "Levering te laat bij klant", 1))
DECEMBER_3 = (("success", "Story of the year", 0), ("pipeline", "Lead X", -1))
NOVEMBER_30 = (("challenge", "Invoice complaint", 0), ("challenge", "Need help", 0))


def _checkins(session: Session, team_id: str) -> None:
    checkins = [  # (user, week, prospects, reasons, note)
        ("UR1", date(2026, 11, 30), 4, "deliveries,no_leads", SECRET_NOTE),
        ("UR1", date(2026, 12, 7), 6, "deliveries", ""),
        ("UR2", date(2026, 12, 7), 3, "internal,deliveries", ""),
        ("UR3", date(2026, 11, 30), 3, "implementation", ""),  # off the list
        ("UR1", date(2026, 11, 23), 1, "no_leads", ""),  # November's week
        ("UR4", date(2026, 11, 30), 3, "implementation,internal", ""),
        ("UR5", date(2026, 12, 7), 3, "", ""),
        ("UR2", date(2026, 11, 2), 2, "internal", ""),
        ("UR2", date(2026, 11, 23), 1, "", ""),  # internal solved after 21 days
        ("UR2", date(2026, 12, 14), 9, "no_leads", ""),  # early: not asked yet
    ]
    for user, week, prospects, reasons, note in checkins:
        session.add(
            Checkin(
                team_id=team_id,
                user_id=user,
                week=week,
                prospects=prospects,
                meetings=1,
                reasons=reasons,
                note=note,
                created_at=_at(12, 1),
                updated_at=_at(12, 1),
            )
        )


def _action_points(session: Session, team_id: str) -> None:
    points = {  # rep -> (due, created, done)
        "UR1": (
            (date(2026, 12, 10), _at(12, 5), None),  # past due
            (date(2026, 11, 20), _at(11, 10), _at(12, 2)),  # past due at the end of November
            (date(2026, 12, 20), _at(12, 5), None),  # not yet due
            (date(2026, 12, 15), _at(12, 5), _at(12, 14)),  # done in time
            (None, _at(12, 5), None),  # no due date
        ),
        "UR4": ((date(2026, 12, 1), _at(11, 20), None),),
    }
    for rep, rows in points.items():
        series = OneOnOneSeries(
            team_id=team_id,
            manager_id=MANAGER if rep == "UR1" else MANAGER2,
            rep_id=rep,
            freq="weekly",
            interval=2,
            weekday=0,
            at_minutes=540,
            duration_minutes=30,
            tz="Europe/Amsterdam",
            first_day=date(2026, 9, 7),
            created_by=ADMIN,
            created_at=_at(9, 1),
        )
        session.add(series)
        session.flush()
        for n, (due, created, done) in enumerate(rows):
            session.add(
                ActionPoint(
                    team_id=team_id,
                    series_id=series.id or 0,
                    day=created.date(),
                    owner_id=rep,
                    text=f"{SECRET_NOTE} {n}",
                    due=due,
                    created_by=MANAGER,
                    created_at=created,
                    done_at=done,
                    source_key=f"culture:action:{rep}:{n}",
                )
            )
