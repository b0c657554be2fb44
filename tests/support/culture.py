"""A small team for the sales-culture mirror, with every figure worked out by hand (below).

NOW is Thursday 17 December 2026, 10:00 in Amsterdam. The month so far has two check-in weeks
(the Mondays 7 and 14 December); the quarter started on 1 October.

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
- Meetings (the team's): 3 held as planned, 1 moved, 1 cancelled; ratings 8, 6, 7, 9 = 7.5.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from storage.models import (
    AccountPlan,
    Checkin,
    CheckinMember,
    Congratulation,
    ManagerLink,
    ManagerRequest,
    Meeting,
    MeetingPlan,
    MeetingRating,
    Win,
)

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
    for user, year, status in (
        ("UR1", 2026, "agreed"),
        ("UR2", 2026, "draft"),
        ("UR3", 2027, "agreed"),
        ("UR4", 2026, "agreed"),
    ):
        session.add(
            AccountPlan(
                team_id=team_id,
                user_id=user,
                year=year,
                status=status,
                target_clients=4,
                segment="SMB",
                approach="Calls",
                changed_by=user,
                changed_at=set_at,
            )
        )
    _meetings(session, team_id)
    _checkins(session, team_id)
    session.flush()


def _wins(session: Session, team_id: str) -> None:
    wins = [  # (user, logged at, removed, congratulations)
        ("UR1", _at(10, 15), False, 0),
        ("UR1", _at(12, 3), False, 2),
        ("UR1", _at(12, 10), False, 0),
        ("UR2", _at(12, 1, 0, 10), False, 1),  # 30 November in UTC: December in Amsterdam
        ("UR2", _at(12, 5), True, 3),  # removed: never counts
        ("UR3", _at(11, 30, 23, 30), False, 2),  # the quarter, not the month
        ("UR4", _at(12, 12), False, 3),
        ("UOUT", _at(12, 2), False, 1),  # nobody's rep, not on the list
        ("UR1", _at(12, 18), False, 0),  # after now
    ]
    for n, (user, at, removed, congrats) in enumerate(wins):
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
            session.add(Congratulation(team_id=team_id, win_id=win.id or 0, user_id=f"UFAN{c}"))
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
    plan = MeetingPlan(
        team_id=team_id,
        year=2026,
        freq="weekly",
        interval=1,
        weekday=2,
        at_minutes=600,
        duration_minutes=60,
        channel="CSALES0001",
        created_by=ADMIN,
    )
    session.add(plan)
    session.flush()
    meetings = [  # (starts at, status, first planned at, ratings)
        (_at(12, 2), "planned", None, (8, 6)),
        (_at(12, 9), "planned", None, (7,)),
        (_at(12, 18), "moved", _at(12, 16), ()),  # due on the 16th: moved
        (_at(12, 11), "cancelled", None, (2,)),  # cancelled: its rating does not count
        (_at(12, 3), "moved", _at(11, 25), (9,)),  # moved into December: held, rated here
        (_at(12, 23), "planned", None, ()),  # still to come
        (_at(11, 30, 23, 30), "planned", None, (1,)),  # November in Amsterdam
        (_at(12, 1, 0, 30), "planned", None, ()),  # December in Amsterdam
    ]
    for starts_at, status, first, scores in meetings:
        meeting = Meeting(
            team_id=team_id,
            plan_id=plan.id or 0,
            year=2026,
            channel="CSALES0001",
            starts_at=starts_at,
            duration_minutes=60,
            status=status,
            original_starts_at=first,
        )
        session.add(meeting)
        session.flush()
        for n, score in enumerate(scores):
            session.add(
                MeetingRating(
                    team_id=team_id, meeting_id=meeting.id or 0, user_id=f"UR{n + 1}", score=score
                )
            )


def _checkins(session: Session, team_id: str) -> None:
    checkins = [  # (user, week, reasons, note)
        ("UR1", date(2026, 12, 7), "deliveries,no_leads", SECRET_NOTE),
        ("UR1", date(2026, 12, 14), "deliveries", ""),
        ("UR2", date(2026, 12, 14), "internal,deliveries", ""),
        ("UR3", date(2026, 12, 7), "implementation", ""),  # off the list
        ("UR1", date(2026, 11, 30), "no_leads", ""),  # November's week
        ("UR4", date(2026, 12, 7), "implementation,internal", ""),
        ("UR5", date(2026, 12, 14), "", ""),
    ]
    for user, week, reasons, note in checkins:
        session.add(
            Checkin(
                team_id=team_id,
                user_id=user,
                week=week,
                prospects=3,
                meetings=1,
                reasons=reasons,
                note=note,
                created_at=_at(12, 1),
                updated_at=_at(12, 1),
            )
        )
