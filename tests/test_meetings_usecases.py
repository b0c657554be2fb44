"""The /meetings use cases called directly (no Slack, no HTTP), on SQLite and PostgreSQL:
what they store, what they queue and what they return or refuse."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.deps import Deps
from bot.domain.days import CalendarError
from bot.jobs import meetings as jobs
from bot.jobs.meetings import MeetingsRefusal
from bot.payloads import StalePayload
from storage import agenda as agenda_store
from storage import meetings as store
from storage import users as user_store
from storage.models import AgendaItem, Meeting, MeetingPlan, MeetingRating, OutboxMessage
from tests.support.usecases import SetClock, use_case_deps

AMS = ZoneInfo("Europe/Amsterdam")
TEAM = "T1"
ADMIN = "UADMIN"
SALES = "CSALES0001"
RULE = "2027 every 2 weeks on monday at 09:00"


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.fixture
def notified() -> list[int]:
    return []


@pytest.fixture
def deps(database_url, notified):
    start = at(2026, 11, 2).astimezone(UTC)
    env = {"SALES_CHANNEL": SALES, "BOT_LOCALE": "en"}
    with use_case_deps(database_url, now=start, notify=lambda: notified.append(1), **env) as deps:
        yield deps


@pytest.fixture
def clock(deps) -> SetClock:
    return deps.clock


def draft(deps: Deps, text: str = RULE, lang: str = "en"):
    return jobs.plan_from_text(deps, team_id=TEAM, user_id=ADMIN, text=text, lang=lang)


def confirmed(deps: Deps, text: str = RULE) -> int:
    preview = draft(deps, text)
    jobs.confirm_plan(deps, team_id=TEAM, user_id=ADMIN, plan_id=preview.plan_id)
    return preview.plan_id


def rows(deps: Deps, model):
    with deps.session_factory() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def outbox(deps: Deps) -> dict[str, OutboxMessage]:
    return {row.key: row for row in rows(deps, OutboxMessage)}


def meetings(deps: Deps) -> list[Meeting]:
    with deps.session_factory() as session:
        return store.meetings_of_year(session=session, team_id=TEAM, year=2027)


def refused(work, *args, **kwargs) -> tuple[str, dict]:
    """The code and params of the user error `work(*args, **kwargs)` raises."""
    with pytest.raises((MeetingsRefusal, CalendarError)) as caught:
        work(*args, **kwargs)
    return caught.value.code, caught.value.params


# ------------------------------------------------------------------------------ planning


def test_a_rule_becomes_a_stored_draft_and_its_preview_without_any_meeting(deps):
    preview = draft(deps, lang="nl")
    assert (preview.year, preview.holiday_policy, preview.channel_id) == (2027, "move", SALES)
    assert preview.rule_text == "om de 2 weken op maandag om 09:00 (60 minuten)"
    assert len(preview.dates) == 26
    # Easter Monday is a Dutch holiday: that meeting moves to the Tuesday, holiday named.
    [easter] = [planned for planned in preview.dates if planned.moved]
    assert (easter.rule_date, easter.starts_at.date()) == (date(2027, 3, 29), date(2027, 3, 30))
    assert easter.holiday == "Tweede paasdag"
    [plan] = rows(deps, MeetingPlan)
    assert (plan.id, plan.status, plan.year, plan.freq, plan.interval) == (
        preview.plan_id,
        "draft",
        2027,
        "weekly",
        2,
    )
    assert (plan.weekday, plan.at_minutes, plan.duration_minutes) == (0, 540, 60)
    assert rows(deps, Meeting) == [] and rows(deps, OutboxMessage) == []


def test_an_unreadable_rule_is_refused_and_nothing_is_stored(deps):
    assert refused(draft, deps, "every 2 weeks on monday at 09:00")[0] == "no_year"
    assert refused(draft, deps, "2027 every 2 weeks on monday")[0] == "no_time"
    assert rows(deps, MeetingPlan) == []


def test_a_rule_with_no_date_left_this_year_is_refused(deps, clock):
    clock.now = at(2026, 12, 8)
    rule = "2026 every month on the first monday at 09:00"
    assert refused(draft, deps, rule) == ("no_dates", {"year": 2026})
    assert rows(deps, MeetingPlan) == []


def test_confirming_stores_the_meetings_and_queues_the_calendar_post_and_its_ics(deps, notified):
    preview = draft(deps)
    done = jobs.confirm_plan(deps, team_id=TEAM, user_id=ADMIN, plan_id=preview.plan_id)
    assert (done.year, done.count, done.channel) == (2027, 26, SALES)
    stored = meetings(deps)
    assert [m.starts_at for m in stored] == [p.starts_at for p in preview.dates]
    assert {m.starts_at.astimezone(AMS).time().isoformat() for m in stored} == {"09:00:00"}
    [plan] = rows(deps, MeetingPlan)
    assert (plan.status, plan.confirmed_year, plan.confirmed_by) == ("confirmed", 2027, ADMIN)
    post_key = jobs.confirmed_key(plan.id or 0)
    queued = outbox(deps)
    assert set(queued) == {post_key, jobs.ics_key(post_key)}
    post = json.loads(queued[post_key].payload or "")
    assert (queued[post_key].kind, queued[post_key].channel) == ("year_calendar", SALES)
    assert post["intro"] is True and post["rule_text"].startswith("every 2 weeks on Monday")
    ics = queued[jobs.ics_key(post_key)]
    assert (ics.kind, json.loads(ics.payload or "")) == (
        jobs.ICS_KIND,
        {"year": 2027, "after_key": post_key},
    )
    assert notified == [1]


def test_confirming_after_new_year_records_the_new_year_post_as_already_done(deps, clock):
    clock.now = at(2027, 1, 5)
    confirmed(deps)
    queued = outbox(deps)
    key = jobs.year_calendar_key(2027)
    assert queued[key].status == queued[jobs.ics_key(key)].status == "skipped"
    assert len(meetings(deps)) == 25  # 4 January has passed


def test_a_preview_acts_once_confirm_discard_and_switch_on_a_stale_one_are_refused(deps):
    plan_id = confirmed(deps)
    for act in (jobs.confirm_plan, jobs.discard_plan):
        assert refused(act, deps, team_id=TEAM, user_id=ADMIN, plan_id=plan_id) == (
            "already_confirmed",
            {"year": 2027},
        )
    switch = refused(jobs.switch_policy, deps, team_id=TEAM, plan_id=plan_id, lang="en")
    assert switch == ("already_confirmed", {"year": 2027})
    assert len(meetings(deps)) == 26


def test_a_planned_year_cannot_be_planned_again_not_even_by_an_older_draft(deps):
    older = draft(deps)
    confirmed(deps)
    assert refused(draft, deps) == ("year_planned", {"year": 2027})
    late = refused(jobs.confirm_plan, deps, team_id=TEAM, user_id=ADMIN, plan_id=older.plan_id)
    assert late == ("year_planned", {"year": 2027})
    assert len(meetings(deps)) == 26
    assert [plan.status for plan in rows(deps, MeetingPlan)] == ["draft", "confirmed"]


def test_discarding_a_draft_stores_nothing_and_a_second_click_says_it_was_discarded(deps):
    preview = draft(deps)
    jobs.discard_plan(deps, team_id=TEAM, user_id=ADMIN, plan_id=preview.plan_id)
    assert [plan.status for plan in rows(deps, MeetingPlan)] == ["discarded"]
    plan_id = preview.plan_id
    again = refused(jobs.discard_plan, deps, team_id=TEAM, user_id=ADMIN, plan_id=plan_id)
    assert again == ("plan_discarded", {})
    switch = refused(jobs.switch_policy, deps, team_id=TEAM, plan_id=plan_id, lang="en")
    assert switch == ("plan_discarded", {})
    # Another team's plan is not this team's to discard.
    other = refused(jobs.discard_plan, deps, team_id="T2", user_id=ADMIN, plan_id=plan_id)
    assert other == ("already_confirmed", {"year": 0})
    assert rows(deps, Meeting) == []


def test_switching_the_holiday_policy_skips_then_moves_the_easter_meeting_again(deps):
    preview = draft(deps)
    skipping = jobs.switch_policy(deps, team_id=TEAM, plan_id=preview.plan_id, lang="en")
    assert skipping.holiday_policy == "skip" and len(skipping.dates) == 25
    assert skipping.skipped == [(date(2027, 3, 29), "Easter Monday")]
    assert rows(deps, MeetingPlan)[0].holiday_policy == "skip"
    moving = jobs.switch_policy(deps, team_id=TEAM, plan_id=preview.plan_id, lang="en")
    assert moving.holiday_policy == "move" and len(moving.dates) == 26 and moving.skipped == []


def test_the_plan_modal_proposes_next_year_from_october(deps, clock):
    clock.now = at(2026, 9, 30, 23, 0)
    assert jobs.default_plan_year(deps, TEAM) == 2026
    clock.now = at(2026, 10, 1, 0, 30)  # still 30 September in UTC
    assert jobs.default_plan_year(deps, TEAM) == 2027


# ------------------------------------------------------------------------------ reading


def test_the_calendar_is_of_the_next_meetings_year_on_the_readers_clock(deps):
    confirmed(deps)
    with deps.session_factory.write() as session:
        user_store.save_user(
            session=session,
            team_id=TEAM,
            user_id="UNY",
            locale="en-US",
            tz="America/New_York",
            real_name="Ny",
            is_admin=False,
        )
    page = jobs.show_calendar(deps, team_id=TEAM, user_id="UNY")
    first = meetings(deps)[0]
    assert (page.year, len(page.meetings), page.next_meeting_id) == (2027, 26, first.id)
    assert page.next_starts_at == first.starts_at
    assert (page.reader_zone, page.team_zone) == (ZoneInfo("America/New_York"), AMS)
    assert page.now.utcoffset() == at(2026, 11, 2).utcoffset()
    this_year = jobs.show_calendar(deps, team_id=TEAM, user_id=ADMIN, year=2026)
    assert (this_year.meetings, this_year.next_meeting_id, this_year.reader_zone) == ([], None, AMS)


# ------------------------------------------------------------------------------ changes


def test_moving_a_meeting_stores_it_and_queues_the_notice_and_the_updated_ics(deps, notified):
    confirmed(deps)
    change = jobs.move_meeting(
        deps, team_id=TEAM, user_id=ADMIN, text="2027-03-15 to 2027-03-17 at 14:00 because fair"
    )
    assert change == jobs.MeetingChange("moved", at(2027, 3, 15), at(2027, 3, 17, 14))
    [moved] = [m for m in meetings(deps) if m.status == "moved"]
    assert moved.starts_at == at(2027, 3, 17, 14)
    assert (moved.original_starts_at, moved.sequence, moved.reason) == (at(2027, 3, 15), 1, "fair")
    key = jobs.moved_key(moved.id or 0, 1)
    notice = outbox(deps)[key]
    assert json.loads(notice.payload or "")["reason"] == "fair"
    assert outbox(deps)[jobs.ics_key(key)].kind == jobs.ICS_KIND
    assert notified == [1, 1]


def test_a_move_that_cannot_be_done_is_refused_and_changes_nothing(deps):
    confirmed(deps)
    before = outbox(deps)
    for text, expected in (
        ("2027-03-16 to 2027-03-18 because x", ("no_meeting_on", {"date": "2027-03-16"})),
        ("2027-12-20 to 2028-01-03 because x", ("move_to_other_year", {})),
        ("2027-03-01 to 2027-03-15 because x", ("move_target_taken", {"date": "2027-03-15"})),
        ("2027-03-15 to 2027-03-17", ("no_reason", {})),
    ):
        assert refused(jobs.move_meeting, deps, team_id=TEAM, user_id=ADMIN, text=text) == expected
    assert {m.status for m in meetings(deps)} == {"planned"}
    assert outbox(deps).keys() == before.keys()


def test_cancelling_a_meeting_hands_its_agenda_to_the_next_one_and_tells_the_channel(deps, clock):
    confirmed(deps)
    first, second = meetings(deps)[:2]
    with deps.session_factory.write() as session:
        agenda_store.add_item(
            session=session,
            team_id=TEAM,
            meeting_id=first.id or 0,
            user_id="UANNA",
            kind="challenge",
            title="Pricing",
            source_key="item-1",
            now=clock.now,
        )
    change = jobs.cancel_meeting(deps, team_id=TEAM, user_id=ADMIN, text="4 jan 2027 because flu")
    assert change == jobs.MeetingChange("cancelled", at(2027, 1, 4), None)
    assert [item.meeting_id for item in rows(deps, AgendaItem)] == [second.id]
    assert meetings(deps)[0].status == "cancelled"
    payload = json.loads(outbox(deps)[jobs.cancelled_key(first.id or 0)].payload or "")
    assert (payload["items_moved"], payload["reason"]) == (1, "flu")
    assert payload["next_starts_at"] == second.starts_at.isoformat()
    again = refused(jobs.cancel_meeting, deps, team_id=TEAM, user_id=ADMIN, text="2027-01-04: x")
    assert again == ("no_meeting_on", {"date": "2027-01-04"})


# ------------------------------------------------------------------------------ ratings


def test_a_meeting_is_rated_once_it_took_place_and_a_second_vote_changes_the_first(deps, clock):
    confirmed(deps)
    first = meetings(deps)[0]

    def rate(score: int) -> bool:
        return jobs.rate_meeting(
            deps, team_id=TEAM, user_id="UANNA", meeting_id=first.id or 0, score=score
        )

    assert refused(rate, 8) == ("rate_not_yet", {"when": at(2027, 1, 4)})
    clock.now = at(2027, 1, 4, 10)
    assert rate(8) is False
    assert rate(6) is True
    assert [(r.user_id, r.score) for r in rows(deps, MeetingRating)] == [("UANNA", 6)]


def test_a_cancelled_or_unknown_meeting_cannot_be_rated(deps, clock):
    confirmed(deps)
    first = meetings(deps)[0]
    jobs.cancel_meeting(deps, team_id=TEAM, user_id=ADMIN, text="2027-01-04 because flu")
    clock.now = at(2027, 1, 5)
    vote = {"user_id": "UANNA", "meeting_id": first.id or 0, "score": 7}
    assert refused(jobs.rate_meeting, deps, team_id=TEAM, **vote) == (
        "rate_cancelled",
        {"when": at(2027, 1, 4)},
    )
    with pytest.raises(StalePayload):
        jobs.rate_meeting(deps, team_id="T2", **vote)
    assert rows(deps, MeetingRating) == []


def test_outbox_keys_keep_the_form_already_stored_in_the_ledger():
    # A key in another form would make the ledger post a notice or calendar a second time.
    assert jobs.confirmed_key(7) == "calendar_confirmed:7"
    assert jobs.year_calendar_key(2027) == "year_calendar:2027"
    assert jobs.moved_key(12, 3) == "meeting_moved:12:3"
    assert jobs.cancelled_key(12) == "meeting_cancelled:12"
    assert jobs.ics_key("year_calendar:2027") == "year_calendar:2027:ics"
