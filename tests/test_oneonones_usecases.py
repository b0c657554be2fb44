"""The 1:1 use cases called directly (no HTTP, no Slack), on SQLite and PostgreSQL: what they
store, what they queue for the outbox, what they return and what they refuse."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.domain.errors import FieldErrors
from bot.domain.oneonones import OneOnOneError
from bot.jobs.managers import SeriesCreated, set_up_series
from bot.jobs.oneonones import (
    AFTER_NUDGE,
    MANAGER_NUDGE,
    PREP_BEFORE,
    PREP_OWN,
    PREP_UPDATED,
    REP_NUDGE,
    ActionRow,
    OneOnOneRefusal,
    actions_form,
    after_key,
    cancel_series,
    check_setup_form,
    created_key,
    due_messages,
    ended_key,
    log_action_points,
    move_occurrence,
    moved_key,
    nudge_key,
    occurrence_on,
    prep_added_key,
    prep_form,
    read_manager_pair,
    read_setup,
    save_preparation,
    series_list,
    skip_occurrence,
    skipped_key,
    tick_off_action,
)
from bot.views.managers import RequestAsked
from storage import managers as manager_store
from storage import oneonones as store
from storage import outbox as outbox_store
from storage.models import ActionPoint, ManagerRequest, OneOnOneSeries, OutboxMessage
from tests.support.usecases import save_person, use_case_deps

TEAM = "T1"
AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
MGR, ANNA, ADMIN, OTHER = "UMGR", "UANNA", "UADMIN", "UOTHER"
# Monday 1 March 2027, 09:00 in Amsterdam; "every week on tuesday at 10:00" starts tomorrow.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=AMS)
RULE = "every week on tuesday at 10:00"
TUESDAY = date(2027, 3, 2)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW) as deps:
        yield deps


@pytest.fixture
def sessions(deps):
    return deps.session_factory


def person(sessions, user: str, *, tz: str, locale: str = "en-GB") -> None:
    save_person(sessions, TEAM, user, tz=tz, locale=locale, now=NOW)


def manages(sessions, rep: str = ANNA, manager: str = MGR) -> None:
    with sessions.write() as session:
        manager_store.set_manager(
            session=session, team_id=TEAM, rep_id=rep, manager_id=manager, by=ADMIN, now=NOW
        )


def set_up(deps, *, manager: str = MGR, rep: str = ANNA, admin: bool = False):
    rep_id, rule = read_setup(deps.settings, manager_id=manager, text=f"<@{rep}> {RULE}", now=NOW)
    return set_up_series(
        deps, team_id=TEAM, manager_id=manager, rep_id=rep_id, rule=rule, admin=admin
    )


@pytest.fixture
def series(deps, sessions) -> OneOnOneSeries:
    """MGR (Amsterdam) holds weekly 1:1s with ANNA (New York), set up at NOW."""
    person(sessions, MGR, tz="Europe/Amsterdam")
    person(sessions, ANNA, tz="America/New_York")
    manages(sessions)
    set_up(deps)
    with sessions() as session:
        found = store.series_for_rep(session=session, team_id=TEAM, rep_id=ANNA)
    assert found is not None
    return found


def outbox(sessions, prefix: str = "") -> dict[str, OutboxMessage]:
    with sessions() as session:
        rows = session.exec(select(OutboxMessage)).all()
    return {row.key: row for row in rows if row.key.startswith(prefix)}


def prepare(deps, series, *, user: str = ANNA, obstacles: str | None = "", topics: str | None = ""):
    return save_preparation(
        deps,
        team_id=TEAM,
        user_id=user,
        series_id=series.id or 0,
        day=TUESDAY,
        obstacles=obstacles,
        topics=topics,
    )


def log(deps, series, rows: list[ActionRow], *, user: str = MGR, source: str = "v") -> int:
    return log_action_points(
        deps,
        team_id=TEAM,
        user_id=user,
        series_id=series.id or 0,
        day=TUESDAY,
        rows=rows,
        source=source,
    )


def points(sessions) -> list[ActionPoint]:
    with sessions() as session:
        return list(session.exec(select(ActionPoint).order_by(ActionPoint.id)).all())


# ------------------------------------------------------------------------------ outbox keys


def test_the_outbox_keys_keep_their_stored_format():
    # Rows already in the ledger are found by these keys: their format must never change.
    moved_to = datetime(2027, 3, 4, 14, 0, tzinfo=AMS)
    assert created_key(7) == "oneonone_created:7"
    assert ended_key(7) == "oneonone_ended:7"
    assert skipped_key(7, TUESDAY) == "oneonone_skipped:7:2027-03-02"
    assert moved_key(7, TUESDAY, moved_to) == "oneonone_moved:7:2027-03-02:1804165200"
    assert prep_added_key(7, TUESDAY) == "oneonone_prep_added:7:2027-03-02"


def test_the_nudges_are_due_under_those_keys(deps, sessions, series):
    with sessions() as session:
        occurrence = occurrence_on(session, series, TUESDAY)
        assert occurrence is not None
        after = {
            m.key: m.kind for m in due_messages(session, deps.settings_for, NOW + timedelta(days=2))
        }
    # The pair and the moment, not the series: a new series of the same 1:1s nudges once.
    stamp = int(occurrence.starts_at.timestamp())
    assert (
        nudge_key(MANAGER_NUDGE, series, occurrence)
        == f"{MANAGER_NUDGE}:{MGR}:{ANNA}:2027-03-02:{stamp}"
    )
    assert after[nudge_key(MANAGER_NUDGE, series, occurrence)] == MANAGER_NUDGE
    assert after[nudge_key(REP_NUDGE, series, occurrence)] == REP_NUDGE
    assert after[after_key(series, occurrence, MGR)] == AFTER_NUDGE
    assert after[after_key(series, occurrence, ANNA)] == AFTER_NUDGE


# ------------------------------------------------------------------------------ setting up


def test_reading_a_setup_refuses_oneself_and_a_bad_rule(deps):
    rep, rule = read_setup(deps.settings, manager_id=MGR, text=f"<@{ANNA}|anna> {RULE}", now=NOW)
    assert (rep, rule.weekday, rule.at, rule.duration_minutes) == (ANNA, 1, time(10, 0), 30)
    with pytest.raises(OneOnOneRefusal) as refused:
        read_setup(deps.settings, manager_id=MGR, text=f"<@{MGR}> {RULE}", now=NOW)
    assert refused.value.code == "self"
    with pytest.raises(OneOnOneError) as bad:
        read_setup(deps.settings, manager_id=MGR, text=f"<@{ANNA}> every week", now=NOW)
    assert bad.value.code == "no_weekday"


@pytest.mark.parametrize(
    ("rep", "rule", "errors"),
    [
        (None, RULE, {"rep": ("empty", {})}),
        (ANNA, None, {"rule": ("empty", {})}),
        (ANNA, "every week at 10:00", {"rule": ("no_weekday", {})}),
    ],
)
def test_the_setup_form_names_the_field_to_fix(deps, rep, rule, errors):
    with pytest.raises(FieldErrors) as refused:
        check_setup_form(deps.settings, rep=rep, rule=rule, now=NOW)
    assert refused.value.errors == errors


def test_the_setup_form_reads_as_the_command(deps):
    assert check_setup_form(deps.settings, rep=ANNA, rule=RULE, now=NOW) == f"<@{ANNA}> {RULE}"


def test_a_confirmed_manager_sets_up_1on1s_on_their_clock_and_the_rep_is_told(deps, sessions):
    person(sessions, MGR, tz="Europe/Amsterdam")
    person(sessions, ANNA, tz="America/New_York")
    manages(sessions)
    done = set_up(deps)
    assert isinstance(done, SeriesCreated)
    assert done.next_at == datetime(2027, 3, 2, 10, 0, tzinfo=AMS)
    assert (done.zones.reader, done.zones.other) == (AMS, NYC)
    with sessions() as session:
        series = store.series_for_rep(session=session, team_id=TEAM, rep_id=ANNA)
    assert series is not None and (series.manager_id, series.tz) == (MGR, "Europe/Amsterdam")
    told = outbox(sessions)[created_key(series.id or 0)]
    # On her own clock (04:00 in New York), her manager's named.
    assert told.channel == ANNA and "04:00" in told.payload and "10:00" in told.payload


def test_someone_not_yet_the_manager_asks_the_rep_first(deps, sessions):
    done = set_up(deps)
    assert done == RequestAsked("sent", ANNA)
    with sessions() as session:
        assert store.series_for_rep(session=session, team_id=TEAM, rep_id=ANNA) is None
        [request] = session.exec(select(ManagerRequest)).all()
    assert (request.rep_id, request.requester_id, request.status) == (ANNA, MGR, "pending")


def test_another_managers_rep_is_refused_unless_an_admin_sets_it_up(deps, sessions):
    manages(sessions, ANNA, OTHER)
    with pytest.raises(OneOnOneRefusal) as refused:
        set_up(deps)
    assert refused.value.code == "not_manager"
    assert outbox(sessions) == {}
    assert isinstance(set_up(deps, admin=True), SeriesCreated)
    with sessions() as session:
        assert manager_store.manager_of(session=session, team_id=TEAM, rep_id=ANNA) == MGR


def test_the_manager_pair_reads_two_different_people():
    assert read_manager_pair(f"<@{ANNA}|anna> <@{MGR}>") == (ANNA, MGR)
    for text, code in ((f"<@{ANNA}>", "usage"), (f"<@{ANNA}> <@{ANNA}>", "self")):
        with pytest.raises(OneOnOneRefusal) as refused:
            read_manager_pair(text)
        assert refused.value.code == code


def test_the_list_shows_each_side_with_the_next_date(deps, sessions, series):
    as_manager = series_list(deps, team_id=TEAM, user_id=MGR, lang="en")
    as_rep = series_list(deps, team_id=TEAM, user_id=ANNA, lang="nl")
    assert [s.rep_id for s in as_manager.as_manager] == [ANNA] and as_manager.as_rep == []
    assert as_manager.as_manager[0].next_at == datetime(2027, 3, 2, 10, 0, tzinfo=AMS)
    assert as_manager.as_manager[0].other_tz_name == "America/New_York"
    assert [s.manager_id for s in as_rep.as_rep] == [MGR] and as_rep.my_manager == MGR
    assert "dinsdag" in as_rep.as_rep[0].rule_text and as_rep.reader_tz == NYC


# ------------------------------------------------------------------------------ changing


@pytest.mark.parametrize(
    ("caller", "text", "code"),
    [
        (MGR, "", "no_user"),
        (MGR, f"<@{OTHER}>", "no_series"),
        (OTHER, f"<@{ANNA}>", "not_manager"),
    ],
)
def test_a_change_needs_the_reps_running_1on1s_and_their_manager(deps, series, caller, text, code):
    with pytest.raises(OneOnOneRefusal) as refused:
        cancel_series(deps, team_id=TEAM, caller=caller, text=text, admin=False)
    assert refused.value.code == code


def test_cancelling_ends_the_series_and_tells_the_rep(deps, sessions, series):
    assert cancel_series(deps, team_id=TEAM, caller=MGR, text=f"<@{ANNA}>", admin=False) == ANNA
    with sessions() as session:
        ended = store.get_series(session=session, team_id=TEAM, series_id=series.id or 0)
    assert ended is not None and ended.status == "ended"
    assert outbox(sessions)[ended_key(series.id or 0)].channel == ANNA


def test_skipping_a_date_is_stored_and_told_once(deps, sessions, series):
    done = skip_occurrence(
        deps, team_id=TEAM, caller=MGR, text=f"<@{ANNA}> 2027-03-09", admin=False
    )
    assert (done.rep_id, done.day, done.new_at) == (ANNA, date(2027, 3, 9), None)
    with sessions() as session:
        assert store.changes(session=session, series_id=series.id or 0) == ({date(2027, 3, 9)}, {})
        assert occurrence_on(session, series, date(2027, 3, 9)) is None
    assert skipped_key(series.id or 0, date(2027, 3, 9)) in outbox(sessions)
    with pytest.raises(OneOnOneRefusal) as refused:  # a Wednesday: no 1:1 that day
        skip_occurrence(deps, team_id=TEAM, caller=MGR, text=f"<@{ANNA}> 2027-03-10", admin=False)
    assert (refused.value.code, refused.value.params) == (
        "no_occurrence",
        {"date": date(2027, 3, 10)},
    )


def test_moving_keeps_the_time_and_an_admin_reads_it_on_their_own_clock(deps, sessions, series):
    person(sessions, ADMIN, tz="America/New_York")
    done = move_occurrence(
        deps, team_id=TEAM, caller=ADMIN, text=f"<@{ANNA}> 2027-03-09 to 2027-03-11", admin=True
    )
    new_at = datetime(2027, 3, 11, 10, 0, tzinfo=AMS)
    assert (done.day, done.new_at) == (date(2027, 3, 9), new_at)
    assert done.zones is not None and done.zones.reader == NYC
    with sessions() as session:
        moved = occurrence_on(session, series, date(2027, 3, 9))
    assert moved is not None and moved.moved and moved.starts_at == new_at
    assert outbox(sessions)[moved_key(series.id or 0, date(2027, 3, 9), new_at)].channel == ANNA


def test_a_move_into_the_past_is_refused(deps, sessions, series):
    deps.clock.now = datetime(2027, 3, 2, 12, 0, tzinfo=AMS)
    with pytest.raises(OneOnOneRefusal) as refused:
        move_occurrence(
            deps, team_id=TEAM, caller=MGR, text=f"<@{ANNA}> 2027-03-09 to 2027-03-02", admin=False
        )
    assert refused.value.code == "date_in_past"
    with sessions() as session:
        assert store.changes(session=session, series_id=series.id or 0) == (set(), {})


# ------------------------------------------------------------------------------ preparation


def test_preparation_needs_a_note_and_a_part_in_the_1on1(deps, sessions, series):
    sid = series.id or 0
    with pytest.raises(FieldErrors) as empty:
        prepare(deps, series, obstacles=" ", topics=None)
    assert empty.value.errors == {"obstacles": ("empty", {})}
    for attempt in (
        lambda: prepare(deps, series, user=OTHER, obstacles="x"),
        lambda: prep_form(deps, team_id=TEAM, user_id=OTHER, series_id=sid, day=TUESDAY),
        lambda: prep_form(deps, team_id="T2", user_id=ANNA, series_id=sid, day=TUESDAY),
    ):
        with pytest.raises(OneOnOneRefusal) as refused:
            attempt()
        assert refused.value.code == "not_manager"
    with sessions() as session:
        assert store.get_prep(session=session, series_id=sid, day=TUESDAY, user_id=OTHER) is None


def test_the_reps_preparation_before_the_nudge_is_stored_and_shown_in_the_form(deps, series):
    sid = series.id or 0
    saved = prepare(deps, series, obstacles=" Busy ", topics="Leads")
    assert (saved.manager_id, saved.outcome) == (MGR, PREP_BEFORE)
    form = prep_form(deps, team_id=TEAM, user_id=ANNA, series_id=sid, day=TUESDAY)
    assert form.prep is not None and (form.prep.obstacles, form.prep.topics) == ("Busy", "Leads")
    own = prepare(deps, series, user=MGR, obstacles="Mine")
    assert own.outcome == PREP_OWN


def test_preparation_after_the_nudge_was_sent_updates_it_and_tells_the_manager_once(
    deps, sessions, series
):
    sid = series.id or 0
    with sessions.write() as session:
        occurrence = occurrence_on(session, series, TUESDAY)
        assert occurrence is not None
        key = nudge_key(MANAGER_NUDGE, series, occurrence)
        outbox_store.claim_send(
            session=session,
            team_id=TEAM,
            key=key,
            kind=MANAGER_NUDGE,
            channel=MGR,
            payload="{}",
            now=NOW,
        )
        row = outbox_store.find_by_key(session=session, team_id=TEAM, key=key)
        assert row is not None
        outbox_store.mark_sent(session=session, message_id=row.id or 0, ts="1.0", now=NOW)
    for topics in ("Leads", "Leads and pricing"):
        saved = prepare(deps, series, topics=topics)
        assert saved.outcome == PREP_UPDATED
    assert len(outbox(sessions, f"update:{key}:")) == 2  # each save re-renders the nudge
    assert outbox(sessions)[prep_added_key(sid, TUESDAY)].channel == MGR


# ------------------------------------------------------------------------------ action points


def test_action_points_are_checked_as_a_whole(deps, sessions, series):
    rows = [
        ActionRow("x" * 301, "rep", None, 1),
        ActionRow("Call Acme", "manager", date(2027, 2, 28), 2),
    ]
    with pytest.raises(FieldErrors) as refused:
        log(deps, series, rows)
    assert refused.value.errors == {
        "text_1": ("too_long", {"max": 300, "length": 301}),
        "due_2": ("bad_due", {}),
    }
    with pytest.raises(FieldErrors) as none:
        log(deps, series, [])
    assert none.value.errors == {"text_1": ("required", {})}
    assert points(sessions) == []


def test_action_points_are_stored_once_per_submission_for_their_owner(deps, sessions, series):
    rows = [ActionRow("Call Acme", "rep", None, 1), ActionRow("Send prices", "manager", TUESDAY, 3)]
    for _ in range(2):  # Slack delivered the submission twice
        count = log(deps, series, rows, user=ANNA, source="view:V1")
        assert count == 2
    stored = points(sessions)
    assert [(p.text, p.owner_id, p.due, p.source_key) for p in stored] == [
        ("Call Acme", ANNA, None, "view:V1:1"),
        ("Send prices", MGR, TUESDAY, "view:V1:3"),
    ]
    form = actions_form(deps, team_id=TEAM, user_id=ANNA, series_id=series.id or 0, day=TUESDAY)
    assert (form.rep_id, form.manager_id) == (ANNA, MGR)


def test_ticking_off_is_for_the_two_of_them_and_admins(deps, sessions, series):
    rows = [ActionRow("Call Acme", "rep", None, 1), ActionRow("Book", "rep", None, 2)]
    log(deps, series, rows, source="view:V2")
    first, second = (p.id or 0 for p in points(sessions))
    with pytest.raises(OneOnOneRefusal):
        tick_off_action(deps, team_id=TEAM, user_id=OTHER, point_id=first, admin=False)
    assert (
        tick_off_action(deps, team_id=TEAM, user_id=ANNA, point_id=first, admin=False)
        == "Call Acme"
    )
    assert tick_off_action(deps, team_id=TEAM, user_id=OTHER, point_id=second, admin=True) == "Book"
    assert [(p.done_by, p.done_at is not None) for p in points(sessions)] == [
        (ANNA, True),
        (OTHER, True),
    ]


def test_after_a_handover_the_former_manager_no_longer_takes_part(deps, sessions, series):
    cancel_series(deps, team_id=TEAM, caller=MGR, text=f"<@{ANNA}>", admin=False)
    sid = series.id or 0
    with pytest.raises(OneOnOneRefusal):
        actions_form(deps, team_id=TEAM, user_id=MGR, series_id=sid, day=TUESDAY)
    # The rep keeps her own notes of an ended series.
    assert prep_form(deps, team_id=TEAM, user_id=ANNA, series_id=sid, day=TUESDAY).prep is None
