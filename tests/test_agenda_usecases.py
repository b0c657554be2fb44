"""The agenda's use cases called directly (no Slack, no HTTP), on SQLite and PostgreSQL.

Three Monday meetings at 09:00 in Amsterdam; the first one's agenda opens and locks on the
Friday before (3 days before; the day before is a Sunday).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.deps import Deps
from bot.domain.agenda import validate_item
from bot.jobs import agenda as usecases
from bot.jobs.agenda import AgendaRefusal, carry_key, story_key, submitted_key
from bot.payloads import StalePayload
from storage import meetings as meeting_store
from storage.models import AgendaItem, Meeting, MeetingPlan, Win
from tests.support.usecases import use_case_deps

AMS = ZoneInfo("Europe/Amsterdam")
TEAM = "T1"
ADMIN, ANNA, BRAM = "UADMIN", "UANNA", "UBRAM"
STARTS = [datetime(2027, 1, 11, 9, 0, tzinfo=AMS) + timedelta(weeks=2 * n) for n in range(3)]
WHILE_OPEN = datetime(2027, 1, 8, 10, 0, tzinfo=AMS)
AFTER_CUTOFF = datetime(2027, 1, 8, 19, 0, tzinfo=AMS)  # the cut-off is Friday 18:00


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=WHILE_OPEN, BOT_LOCALE="en") as deps:
        yield deps


@pytest.fixture
def sessions(deps):
    return deps.session_factory


def at(deps: Deps, now: datetime) -> Deps:
    deps.clock.now = now
    return deps


@pytest.fixture
def meetings(sessions) -> list[int]:
    """The three meetings' ids, in order."""
    with sessions.write() as session:
        plan = MeetingPlan(
            team_id=TEAM,
            year=2027,
            confirmed_year=2027,
            freq="weekly",
            interval=2,
            weekday=0,
            at_minutes=9 * 60,
            duration_minutes=60,
            channel="CSALES",
            status="confirmed",
            created_by=ADMIN,
            created_at=datetime(2026, 12, 1, 9, 0, tzinfo=AMS),
        )
        meeting_store.add_plan(session=session, plan=plan)
        rows = meeting_store.add_meetings(
            session=session,
            meetings=[
                Meeting(
                    team_id=TEAM,
                    plan_id=plan.id or 0,
                    year=2027,
                    channel="CSALES",
                    starts_at=start,
                    duration_minutes=60,
                )
                for start in STARTS
            ],
        )
        return [row.id or 0 for row in rows]


def add(
    deps,
    meeting_id,
    *,
    user=ANNA,
    kind="pipeline",
    title="Acme",
    view="V1",
    now=WHILE_OPEN,
    item_id=None,
    admin=False,
    **fields,
) -> usecases.SavedItem:
    entered = validate_item(
        kind=kind,
        title=title,
        details=fields.get("details"),
        question=fields.get("question"),
        tried=fields.get("tried"),
    )
    return usecases.save_item(
        at(deps, now),
        team_id=TEAM,
        user_id=user,
        lang="en",
        entered=entered,
        meeting_id=meeting_id,
        item_id=item_id,
        view_id=view,
        admin=admin,
    )


def stored(sessions) -> list[AgendaItem]:
    with sessions() as session:
        return list(session.exec(select(AgendaItem).order_by(AgendaItem.id)).all())


def log_win(sessions, *, user=BRAM, client="Globex", removed=False) -> int:
    with sessions.write() as session:
        win = Win(
            team_id=TEAM,
            user_id=user,
            client_name=client,
            story="Met them at a fair",
            year=2027,
            source_key=f"test:{client}:{user}",
            created_at=WHILE_OPEN - timedelta(days=1),
            removed_at=WHILE_OPEN if removed else None,
        )
        session.add(win)
        session.flush()
        return win.id or 0


def refusal_of(call, *args, **kwargs) -> AgendaRefusal:
    with pytest.raises(AgendaRefusal) as raised:
        call(*args, **kwargs)
    return raised.value


# ------------------------------------------------------------------ reading the agenda


def test_without_meetings_there_is_no_agenda_and_no_form(deps):
    common = dict(team_id=TEAM, user_id=ANNA, lang="en")
    assert refusal_of(usecases.coming_agenda, deps, **common).code == "no_meeting"
    assert refusal_of(usecases.new_item_form, deps, **common).code == "no_meeting"


def test_the_open_agenda_lists_items_in_submission_order_untimed(sessions, deps, meetings):
    add(deps, meetings[0], kind="pipeline", title="Bakkerij Jansen", view="V1")
    add(deps, meetings[0], kind="success", title="How we won Acme", view="V2")
    agenda = usecases.coming_agenda(at(deps, WHILE_OPEN), team_id=TEAM, user_id=ANNA, lang="en")
    assert (agenda.meeting_id, agenda.when, agenda.locked) == (meetings[0], STARTS[0], False)
    assert agenda.cutoff == datetime(2027, 1, 8, 18, 0, tzinfo=AMS)
    assert [(line.title, line.minutes) for line in agenda.items] == [
        ("Bakkerij Jansen", None),
        ("How we won Acme", None),
    ]
    assert agenda.zones.reader == deps.settings.tz  # a user Slack told us nothing about


def test_after_the_cutoff_the_agenda_is_locked_and_time_boxed_in_agenda_order(
    sessions, deps, meetings
):
    add(deps, meetings[0], kind="pipeline", title="Bakkerij Jansen", view="V1")
    add(
        deps,
        meetings[0],
        kind="challenge",
        title="Tender",
        question="Who?",
        view="V2",
    )
    add(deps, meetings[0], kind="success", title="How we won Acme", view="V3")
    agenda = usecases.coming_agenda(at(deps, AFTER_CUTOFF), team_id=TEAM, user_id=ANNA, lang="en")
    assert agenda.locked
    assert [line.kind for line in agenda.items] == ["success", "challenge", "pipeline"]
    assert all(line.minutes and line.minutes > 0 for line in agenda.items)
    assert sum(line.minutes or 0 for line in agenda.items) <= 60


# ------------------------------------------------------------------ adding and editing


def test_an_item_is_stored_once_per_form_submission(sessions, deps, meetings):
    saved = add(deps, meetings[0], title="Delivery is late again", view="VTWICE")
    again = add(deps, meetings[0], title="Delivery is late again", view="VTWICE")
    [item] = stored(sessions)
    assert (item.meeting_id, item.user_id, item.source_key) == (
        meetings[0],
        ANNA,
        submitted_key("VTWICE"),
    )
    assert saved == again
    assert (saved.when, saved.next_meeting, saved.edited) == (STARTS[0], False, False)
    assert saved.operational  # a delivery problem belongs in the 1:1


def test_after_the_cutoff_a_new_item_goes_on_the_next_meeting(sessions, deps, meetings):
    saved = add(deps, meetings[0], now=AFTER_CUTOFF)
    [item] = stored(sessions)
    assert item.meeting_id == meetings[1]
    assert (saved.when, saved.next_meeting) == (STARTS[1], True)
    form = usecases.new_item_form(
        at(deps, AFTER_CUTOFF), team_id=TEAM, user_id=ANNA, lang="en", meeting_id=meetings[0]
    )
    assert (form.meeting_id, form.item) == (meetings[1], None)


def test_an_item_for_a_cancelled_meeting_goes_on_the_next_one(sessions, deps, meetings):
    with sessions.write() as session:
        meeting = meeting_store.get_meeting(session=session, team_id=TEAM, meeting_id=meetings[0])
        assert meeting is not None
        meeting_store.change_meeting(
            session=session,
            meeting=meeting,
            status="cancelled",
            reason="x",
            by=ADMIN,
            now=WHILE_OPEN,
        )
    saved = add(deps, meetings[0])
    assert [item.meeting_id for item in stored(sessions)] == [meetings[1]]
    assert saved.next_meeting


def test_after_the_last_cutoff_nothing_takes_items(sessions, deps, meetings):
    late = STARTS[2] - timedelta(hours=1)
    refusal = refusal_of(add, deps, meetings[2], now=late)
    assert refusal.code == "no_meeting"
    assert stored(sessions) == []


def test_only_the_submitter_or_an_admin_edits_an_item(sessions, deps, meetings):
    add(deps, meetings[0], user=ANNA, title="Acme", view="V1")
    [item] = stored(sessions)
    refusal = refusal_of(
        add,
        deps,
        meetings[0],
        user=BRAM,
        title="Mine now",
        view="V2",
        item_id=item.id,
    )
    assert refusal.code == "not_allowed"
    saved = add(
        deps,
        meetings[0],
        user=ADMIN,
        kind="challenge",
        title="Tender",
        question="Who knows the buyer?",
        view="V3",
        item_id=item.id,
        admin=True,
    )
    assert saved.edited and not saved.next_meeting
    [edited] = stored(sessions)
    assert (edited.kind, edited.title, edited.question, edited.user_id) == (
        "challenge",
        "Tender",
        "Who knows the buyer?",
        ANNA,
    )


def test_the_edit_form_shows_the_item_until_the_cutoff(sessions, deps, meetings):
    add(deps, meetings[0], title="Acme", details="Referral")
    [item] = stored(sessions)
    common = dict(team_id=TEAM, user_id=ANNA, lang="en", item_id=item.id or 0, admin=False)
    form = usecases.edit_item_form(at(deps, WHILE_OPEN), **common)
    assert form.item is not None
    assert (form.meeting_id, form.item.title, form.item.details) == (
        meetings[0],
        "Acme",
        "Referral",
    )
    refusal = refusal_of(usecases.edit_item_form, at(deps, AFTER_CUTOFF), **common)
    assert refusal.code == "locked"
    assert refusal.params["when"] == STARTS[0]
    assert refusal.params["zones"].reader == deps.settings.tz


# ------------------------------------------------------------------ withdrawing


def test_an_item_is_withdrawn_once(sessions, deps, meetings):
    add(deps, meetings[0], title="Acme")
    [item] = stored(sessions)
    common = dict(team_id=TEAM, user_id=ANNA, lang="en", item_id=item.id or 0, admin=False)
    assert usecases.withdraw_item(at(deps, WHILE_OPEN), **common) == "Acme"
    assert [row.status for row in stored(sessions)] == ["withdrawn"]
    assert refusal_of(usecases.withdraw_item, at(deps, WHILE_OPEN), **common).code == ("gone")


def test_another_teams_item_cannot_be_withdrawn(sessions, deps, meetings):
    add(deps, meetings[0], title="Acme")
    [item] = stored(sessions)
    refusal = refusal_of(
        usecases.withdraw_item,
        at(deps, WHILE_OPEN),
        team_id="T2",
        user_id=ANNA,
        lang="en",
        item_id=item.id or 0,
        admin=True,
    )
    assert refusal.code == "gone"
    assert [row.status for row in stored(sessions)] == ["active"]


# ------------------------------------------------------------------ success stories


def story(deps, meeting_id, win_id, *, user=BRAM) -> tuple[usecases.SavedItem, dict | None]:
    return usecases.add_story(
        at(deps, WHILE_OPEN),
        team_id=TEAM,
        user_id=user,
        lang="en",
        meeting_id=meeting_id,
        win_id=win_id,
    )


def test_a_win_goes_on_the_agenda_once_as_a_success_story(sessions, deps, meetings):
    win_id = log_win(sessions, client="Globex")
    saved, redrawn = story(deps, meetings[0], win_id)
    story(deps, meetings[0], win_id)  # a second click
    [item] = stored(sessions)
    assert (item.kind, item.title, item.details, item.win_id, item.source_key) == (
        "success",
        "Globex",
        "Met them at a fair",
        win_id,
        story_key(win_id),
    )
    assert (saved.title, saved.when, saved.next_meeting) == (
        "Globex",
        STARTS[0],
        False,
    )
    assert redrawn is not None and "Globex" in redrawn["text"]


def test_only_the_winner_adds_a_win_and_not_once_it_was_removed(sessions, deps, meetings):
    win_id = log_win(sessions, user=BRAM, client="Globex")
    assert refusal_of(story, deps, meetings[0], win_id, user=ANNA).code == ("not_allowed")
    assert refusal_of(story, deps, meetings[0], 4242).code == "not_allowed"
    removed_id = log_win(sessions, user=BRAM, client="Initech", removed=True)
    assert refusal_of(story, deps, meetings[0], removed_id).code == "story_removed"
    assert stored(sessions) == []


# ------------------------------------------------------------------ carry-over


def test_the_carry_over_form_lists_the_locked_agenda_and_the_next_meeting(sessions, deps, meetings):
    add(deps, meetings[0], kind="success", title="Acme")
    next_when, items = usecases.carry_over_form(deps, team_id=TEAM, meeting_id=meetings[0])
    assert next_when == STARTS[1]
    assert [(line.title, line.minutes is not None) for line in items] == [("Acme", True)]
    last_next_when, _ = usecases.carry_over_form(deps, team_id=TEAM, meeting_id=meetings[2])
    assert last_next_when is None
    with pytest.raises(StalePayload):
        usecases.carry_over_form(deps, team_id="T2", meeting_id=meetings[0])


def test_ticked_active_items_are_carried_to_the_next_meeting_once(sessions, deps, meetings):
    add(deps, meetings[0], title="Acme", view="V1")
    add(deps, meetings[0], title="Withdrawn", view="V2")
    add(deps, meetings[1], title="Already next", view="V3")
    first, withdrawn, other = stored(sessions)
    usecases.withdraw_item(
        at(deps, WHILE_OPEN),
        team_id=TEAM,
        user_id=ANNA,
        lang="en",
        item_id=withdrawn.id or 0,
        admin=False,
    )
    ticked = [first.id or 0, first.id or 0, withdrawn.id or 0, other.id or 0]

    def carry() -> tuple[int, datetime]:
        return usecases.carry_over(
            at(deps, AFTER_CUTOFF), team_id=TEAM, meeting_id=meetings[0], item_ids=ticked
        )

    assert carry() == (1, STARTS[1])
    assert carry()[0] == 0  # the same form submitted again
    carried = [item for item in stored(sessions) if item.carried_from_id is not None]
    assert [(c.meeting_id, c.title, c.carried_from_id, c.source_key) for c in carried] == [
        (meetings[1], "Acme", first.id, carry_key(first.id or 0, meetings[1]))
    ]
    with pytest.raises(StalePayload):
        usecases.carry_over(
            at(deps, AFTER_CUTOFF), team_id=TEAM, meeting_id=meetings[2], item_ids=[]
        )
