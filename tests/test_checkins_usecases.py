"""The check-in use cases called directly (no HTTP, no Slack), on SQLite and PostgreSQL:
what they store, what they return and what they refuse."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.deps import Deps
from bot.domain.checkins import AwayError, CheckinError, week_start
from bot.jobs.checkins import (
    CHART_KIND,
    DIGEST_KIND,
    MAX_WEEKS_BACK,
    PROMPT_KIND,
    REMINDER_KIND,
    CheckinRefusal,
    change_list,
    checkin_form,
    due_messages,
    local_today,
    set_away,
    submit_checkin,
    week_key,
)
from storage import checkins as store
from storage import managers as manager_store
from storage import plans as plan_store
from storage import users as user_store
from tests.support.usecases import use_case_deps

TEAM = "T1"
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2027, 4, 5)
# Friday of MONDAY's week, 16:00 in Amsterdam: after the week's prompt (15:00).
NOW = datetime(2027, 4, 9, 16, 0, tzinfo=AMS)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW) as deps:
        yield deps


@pytest.fixture
def sessions(deps):
    return deps.session_factory


def at(deps, now: datetime) -> Deps:
    return replace(deps, clock=lambda: now)


def submit(deps, *, user="UANNA", monday=MONDAY, now=NOW, **answers):
    fields = {"prospects": "12", "meetings": "2", "reasons": [], "note": None} | answers
    return submit_checkin(at(deps, now), team_id=TEAM, user_id=user, monday=monday, **fields)


def add(deps, text: str, *, added: bool = True, admin: bool = True, by: str = "UADMIN") -> str:
    return change_list(deps, team_id=TEAM, by=by, admin=admin, text=text, added=added)


def stored(sessions, *, user="UANNA", week=MONDAY):
    with sessions() as session:
        return store.get_checkin(session=session, team_id=TEAM, user_id=user, week=week)


def member(sessions, user):
    with sessions() as session:
        return store.member(session=session, team_id=TEAM, user_id=user)


def set_zone(sessions, user: str, tz: str) -> None:
    with sessions.write() as session:
        user_store.save_user(
            session=session,
            team_id=TEAM,
            user_id=user,
            locale="en-GB",
            tz=tz,
            real_name=None,
            is_admin=False,
            now=NOW,
        )


def give_manager(sessions, rep: str, *, since: datetime) -> None:
    with sessions.write() as session:
        manager_store.set_manager(
            session=session, team_id=TEAM, rep_id=rep, manager_id="UMGR", by="UADMIN", now=since
        )


# ------------------------------------------------------------------------------ outbox keys


def test_the_outbox_keys_keep_their_stored_format():
    # Rows already in the ledger are found by these keys: their format must never change.
    assert week_key(PROMPT_KIND, "UANNA", MONDAY) == "checkin_prompt:UANNA:2027-04-05"
    assert week_key(REMINDER_KIND, "UANNA", MONDAY) == "checkin_reminder:UANNA:2027-04-05"
    assert week_key(DIGEST_KIND, "UMGR", MONDAY) == "checkin_digest:UMGR:2027-04-05"
    assert week_key(CHART_KIND, "UMGR", MONDAY) == "checkin_digest:UMGR:2027-04-05:chart"


def test_the_due_work_is_claimed_under_those_keys(sessions, deps):
    give_manager(sessions, "UANNA", since=NOW - timedelta(days=30))
    with sessions() as session:
        friday = {m.key: m.kind for m in due_messages(session, deps.settings_for, NOW)}
        later = NOW + timedelta(days=3)
        monday = {m.key: m.kind for m in due_messages(session, deps.settings_for, later)}
    assert friday[week_key(PROMPT_KIND, "UANNA", MONDAY)] == "checkin_prompt"
    assert monday[week_key(REMINDER_KIND, "UANNA", MONDAY)] == "checkin_reminder"
    assert monday[week_key(DIGEST_KIND, "UMGR", MONDAY)] == "checkin_digest"
    assert monday[week_key(CHART_KIND, "UMGR", MONDAY)] == "checkin_chart"


# ------------------------------------------------------------------------------ the week


def test_this_week_follows_the_users_own_clock(sessions, deps):
    sunday_evening = datetime(2027, 4, 11, 20, 0, tzinfo=UTC)  # Monday morning in Auckland
    set_zone(sessions, "UKIWI", "Pacific/Auckland")
    kiwi = week_start(local_today(deps, TEAM, "UKIWI", sunday_evening))
    # Someone Slack told us nothing about lives on the team's clock.
    anna = week_start(local_today(deps, TEAM, "UANNA", sunday_evening))
    assert (kiwi, anna) == (date(2027, 4, 12), MONDAY)


# ------------------------------------------------------------------------------ the check-in


def test_the_form_of_a_new_week_is_empty_with_the_weekly_target(sessions, deps):
    with sessions.write() as session:
        plan_store.save_plan(
            session=session,
            team_id=TEAM,
            user_id="UANNA",
            year=2027,
            fields={"target_clients": 23, "segment": "Bakeries", "approach": "Visits"},
            shared=False,
            by="UANNA",
            now=NOW,
        )
    form = checkin_form(deps, team_id=TEAM, user_id="UANNA", monday=MONDAY)
    assert form == (None, 5)  # ceil(23 * 10 / 46)


def test_the_form_of_a_week_already_checked_in_holds_that_check_in(deps):
    submit(deps, reasons=["other", "deliveries"], note="  Two fires  ")
    values, target = checkin_form(deps, team_id=TEAM, user_id="UANNA", monday=MONDAY)
    assert values == {
        "prospects": 12,
        "meetings": 2,
        "reasons": ["deliveries", "other"],
        "note": "Two fires",
    }
    assert target is None


def test_a_check_in_is_stored_and_thanked_for(sessions, deps):
    saved = submit(deps, prospects=" 12 ", meetings="2", reasons=["no_leads"])
    assert (saved.monday, saved.prospects, saved.meetings) == (MONDAY, 12, 2)
    assert (saved.target, saved.streak, saved.updated) == (None, 1, False)
    row = stored(sessions)
    assert (row.prospects, row.meetings, row.reasons, row.note) == (12, 2, "no_leads", "")


def test_a_second_check_in_of_the_week_replaces_the_first(sessions, deps):
    submit(deps, prospects="3", note="first")
    saved = submit(deps, prospects="9", note="second", now=NOW + timedelta(hours=1))
    assert saved.updated is True
    with sessions() as session:
        rows = store.checkins_of(session=session, team_id=TEAM, user_id="UANNA")
    assert [(r.prospects, r.note) for r in rows] == [(9, "second")]


def test_the_streak_counts_the_weeks_in_a_row(sessions, deps):
    for weeks_ago in (3, 1):  # two weeks ago is missing
        earlier = MONDAY - timedelta(weeks=weeks_ago)
        submit(deps, monday=earlier, now=NOW - timedelta(weeks=weeks_ago))
    assert submit(deps).streak == 2


def test_the_oldest_week_that_may_still_be_checked_in(sessions, deps):
    oldest = MONDAY - timedelta(weeks=MAX_WEEKS_BACK)
    assert submit(deps, monday=oldest).updated is False
    with pytest.raises(CheckinRefusal) as refused:
        submit(deps, monday=oldest - timedelta(weeks=1))
    assert refused.value.code == "too_far_back"
    assert stored(sessions, week=oldest - timedelta(weeks=1)) is None


def test_a_week_still_to_come_is_refused(sessions, deps):
    with pytest.raises(CheckinRefusal) as refused:
        submit(deps, monday=MONDAY + timedelta(weeks=1))
    assert refused.value.code == "too_far_back"


def test_the_week_is_judged_on_the_reps_own_clock(sessions, deps):
    # Sunday evening in Amsterdam is Monday morning in Auckland: next week has begun there.
    sunday_evening = datetime(2027, 4, 11, 21, 0, tzinfo=AMS)
    next_monday = MONDAY + timedelta(weeks=1)
    set_zone(sessions, "UKIWI", "Pacific/Auckland")
    saved = submit(deps, user="UKIWI", monday=next_monday, now=sunday_evening)
    assert saved.monday == next_monday
    with pytest.raises(CheckinRefusal):
        submit(deps, user="UANNA", monday=next_monday, now=sunday_evening)


def test_invalid_fields_are_all_named_and_nothing_is_stored(sessions, deps):
    with pytest.raises(CheckinError) as invalid:
        submit(deps, prospects="twelve", meetings="", reasons=["golf"])
    assert invalid.value.errors == {
        "prospects": ("not_a_number", {"text": "twelve"}),
        "meetings": ("required", {}),
        "reasons": ("unknown_reason", {"reason": "golf"}),
    }
    assert stored(sessions) is None


def test_a_week_too_far_back_is_refused_before_its_fields_are_read(sessions, deps):
    with pytest.raises(CheckinRefusal):
        submit(deps, monday=MONDAY - timedelta(weeks=8), prospects="")


# ------------------------------------------------------------------------------ away and back


def test_away_until_a_day_is_stored_and_skips_the_weeks_prompt(sessions, deps):
    give_manager(sessions, "UANNA", since=NOW - timedelta(days=30))
    until = set_away(deps, team_id=TEAM, user_id="UANNA", text="until 2027-04-16")
    assert until == date(2027, 4, 16)
    row = member(sessions, "UANNA")
    assert (row.away_until, row.status, row.changed_by) == (until, "neutral", "UANNA")
    with sessions() as session:
        due = {m.key: m for m in due_messages(session, deps.settings_for, NOW)}
    assert due[week_key(PROMPT_KIND, "UANNA", MONDAY)].skip_reason == "away until 2027-04-16"


@pytest.mark.parametrize(
    "text, code",
    [("", "usage"), ("until someday", "bad_date"), ("until 2027-04-08", "date_in_past")],
)
def test_away_without_a_usable_day_stores_nothing(sessions, deps, text, code):
    with pytest.raises(AwayError) as refused:
        set_away(deps, team_id=TEAM, user_id="UANNA", text=text)
    assert refused.value.code == code
    assert member(sessions, "UANNA") is None


def test_back_clears_the_away_day_and_keeps_the_list_status(sessions, deps):
    add(deps, "<@UANNA>")
    set_away(deps, team_id=TEAM, user_id="UANNA", text="2027-05-01")
    set_away(at(deps, NOW + timedelta(days=1)), team_id=TEAM, user_id="UANNA", text=None)
    row = member(sessions, "UANNA")
    # Still on the list since the day she was added: being away and back does not move it.
    assert (row.away_until, row.status, row.changed_at.date()) == (None, "added", date(2027, 4, 9))


# ------------------------------------------------------------------------------ the list


def test_an_admin_adds_and_removes_the_one_person_mentioned(sessions, deps):
    assert add(deps, "<@UBRAM|bram>") == "UBRAM"
    with sessions() as session:
        assert (TEAM, "UBRAM") in store.checkin_people(session=session)
    add(deps, " <@UBRAM> ", added=False)
    row = member(sessions, "UBRAM")
    assert (row.status, row.changed_by) == ("removed", "UADMIN")
    with sessions() as session:
        assert (TEAM, "UBRAM") not in store.checkin_people(session=session)


def test_someone_who_is_not_an_admin_changes_nothing(sessions, deps):
    with pytest.raises(CheckinRefusal) as refused:
        add(deps, "<@UBRAM>", admin=False, by="UANNA")
    assert refused.value.code == "not_admin"
    assert member(sessions, "UBRAM") is None


@pytest.mark.parametrize("text", ["", "@bram", "<@UBRAM> <@UCHRIS>", "<#C123|sales>"])
def test_the_list_changes_for_exactly_one_mention(sessions, deps, text):
    with pytest.raises(CheckinRefusal) as refused:
        add(deps, text)
    assert refused.value.code == "no_user"
    with sessions() as session:
        assert store.checkin_people(session=session) == {}
