"""The wins use cases called directly (no HTTP, no Slack), on SQLite and PostgreSQL: what
they store, what they return and what they refuse."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from bot.domain.errors import FieldErrors
from bot.domain.wins import QuickLogError, UnreadableAmount
from bot.jobs.agenda import STORY_KIND
from bot.jobs.wins import (
    DUPLICATE_DAYS,
    Logged,
    LoggedBefore,
    TypedWin,
    WinForm,
    WinRefusal,
    celebration_key,
    command_key,
    congratulate,
    correct_win,
    log_unvalued,
    log_win,
    question_key,
    quick_log,
    remove_win,
    submit_win_form,
    view_key,
    win_to_change,
)
from bot.payloads import StalePayload
from bot.views.wins import error_text
from storage import outbox as outbox_store
from storage import users as user_store
from storage.models import Congratulation, OutboxMessage, Win
from storage.wins import refresh_key
from tests.support.usecases import use_case_deps

TEAM = "T1"
NOW = datetime(2027, 3, 10, 23, 30, tzinfo=UTC)


@pytest.fixture
def deps(database_url):
    with use_case_deps(database_url, now=NOW, DEFAULT_CURRENCY="USD") as deps:
        yield deps


def quick(deps, text: str, *, user: str = "UANNA", trigger: str = "trig.1", locale: str = "en"):
    return quick_log(
        deps, team_id=TEAM, user_id=user, text=text, number_locale=locale, trigger_id=trigger
    )


def typed(client: str = "Acme", value: str = "", **rest) -> TypedWin:
    fields = {"currency": None, "segment": "", "won_via": None, "story": ""} | rest
    return TypedWin(client=client, value=value, **fields)


def submitted(deps, form: TypedWin, *, view: str = "V1", confirmed: str | None = None, locale="en"):
    return submit_win_form(
        deps,
        team_id=TEAM,
        user_id="UANNA",
        typed=form,
        number_locale=locale,
        source_key=view_key(view),
        confirmed_name=confirmed,
    )


def correct(deps, win: Win, user: str, form: TypedWin, view: str = "V1"):
    return correct_win(
        deps,
        team_id=TEAM,
        user_id=user,
        win_id=win.id,
        typed=form,
        number_locale="en",
        view_id=view,
        is_admin=lambda: False,
    )


def wins(deps) -> list[Win]:
    with deps.session_factory() as session:
        return list(session.exec(select(Win).order_by(Win.id)).all())


def outbox(deps) -> dict[str, OutboxMessage]:
    with deps.session_factory() as session:
        return {m.key: m for m in session.exec(select(OutboxMessage)).all()}


def logged(deps, text: str = "Acme 25k", **kw) -> Win:
    result = quick(deps, text, **kw)
    assert isinstance(result, Logged)
    with deps.session_factory() as session:
        win = session.get(Win, result.win.id)
    assert win is not None
    return win


# ------------------------------------------------------------------------ logging


def test_a_quick_log_stores_the_win_and_queues_its_celebration(deps):
    result = quick(deps, "Acme Corp 25k")
    assert isinstance(result, Logged) and result.created
    [win] = wins(deps)
    assert (win.client_name, win.amount_cents, win.currency) == ("Acme Corp", 2_500_000, "USD")
    assert (win.user_id, win.year, win.source_key) == ("UANNA", 2027, command_key("trig.1"))
    celebration = outbox(deps)[celebration_key(win.id)]
    assert (celebration.kind, celebration.channel, celebration.win_id) == (
        "celebrate",
        "CWINS0001",
        win.id,
    )
    assert deps.notify_outbox.count == 1


def test_the_same_command_delivered_twice_stores_one_win_and_wakes_the_outbox_once(deps):
    first = quick(deps, "Acme 25k")
    again = quick(deps, "Acme 25k")
    assert isinstance(again, Logged) and not again.created
    assert again.win.id == first.win.id
    assert len(wins(deps)) == 1 and len(outbox(deps)) == 1
    assert deps.notify_outbox.count == 1


def test_an_amount_that_cannot_be_read_is_asked_about_and_nothing_is_stored(deps):
    with pytest.raises(UnreadableAmount) as asked:
        quick(deps, "Acme 25.0.0 euro")
    assert (asked.value.client_name, asked.value.amount_text) == ("Acme", "25.0.0 euro")
    with pytest.raises(QuickLogError) as wrong:
        quick(deps, "Acme -5k")
    assert wrong.value.code == "negative_amount"
    assert wins(deps) == [] and outbox(deps) == {}


def test_an_absurd_amounts_limit_is_shown_in_the_default_currency(deps):
    with pytest.raises(QuickLogError) as error:
        quick(deps, "Acme 5000000000")
    assert error.value.code == "absurd_amount"
    text = error_text("en", error.value.code, error.value.params, currency="USD")
    assert "$1,000,000,000" in text


def test_a_client_logged_lately_is_asked_about_on_the_askers_day(deps):
    with deps.session_factory.write() as session:
        user_store.save_user(
            session=session,
            team_id=TEAM,
            user_id="UBRAM",
            locale="nl-NL",
            tz="Pacific/Auckland",
            real_name=None,
            is_admin=False,
            now=NOW,
        )
    logged(deps, "Acme Corp 25k")  # 23:30 UTC on 10 March: 11 March in Auckland
    deps.clock.now = NOW + timedelta(days=3)
    asked = quick(deps, "acme   CORP 10k", user="UBRAM", trigger="trig.2")
    assert isinstance(asked, LoggedBefore)
    assert asked.earlier.client_name == "Acme Corp"
    assert (asked.earlier.user_id, asked.earlier.day) == ("UANNA", date(2027, 3, 11))
    assert (asked.form.client_name, asked.form.value.amount) == ("acme CORP", Decimal("10000"))
    assert len(wins(deps)) == 1
    assert deps.notify_outbox.count == 1


def test_a_client_logged_long_ago_or_removed_is_logged_without_asking(deps):
    logged(deps, "Acme 25k")
    deps.clock.now = NOW + timedelta(days=DUPLICATE_DAYS, minutes=1)
    newer = logged(deps, "Acme 30k", trigger="trig.2")
    remove_win(deps, team_id=TEAM, user_id="UANNA", win_id=newer.id, is_admin=lambda: False)
    assert isinstance(quick(deps, "Acme 35k", trigger="trig.3"), Logged)
    assert [w.amount_cents for w in wins(deps)] == [2_500_000, 3_000_000, 3_500_000]


def test_log_without_a_value_stores_the_name_alone_under_the_questions_key(deps):
    result = log_unvalued(
        deps, team_id=TEAM, user_id="UANNA", trigger_id="trig.ask", client_name="Acme"
    )
    assert isinstance(result, Logged) and result.created
    [win] = wins(deps)
    assert (win.amount_cents, win.currency) == (None, None)
    assert win.source_key == question_key("UANNA", "trig.ask")
    asked = log_unvalued(
        deps, team_id=TEAM, user_id="UBRAM", trigger_id="trig.b", client_name="ACME"
    )
    assert isinstance(asked, LoggedBefore) and asked.form.value is None
    assert len(wins(deps)) == 1


def test_logging_it_again_stores_the_win_once_however_often_it_is_asked(deps):
    logged(deps, "Acme 25k")
    for _ in range(2):
        again = log_win(
            deps,
            team_id=TEAM,
            user_id="UBRAM",
            form=WinForm("Acme", None),
            source_key=command_key("trig.again"),
        )
    assert isinstance(again, Logged) and not again.created
    assert [w.user_id for w in wins(deps)] == ["UANNA", "UBRAM"]
    assert deps.notify_outbox.count == 2


# ------------------------------------------------------------------------ the form


def test_the_form_stores_every_detail_reading_the_amount_in_the_persons_format(deps):
    form = typed(
        " Acme\u200b  Corp ",
        "25.000",
        currency="EUR",
        segment=" retail   chain ",
        won_via="referral",
        story="  A friend of a friend.  ",
    )
    result = submitted(deps, form, locale="nl_NL")
    assert isinstance(result, Logged) and result.created
    [win] = wins(deps)
    assert (win.client_name, win.amount_cents, win.currency) == ("Acme Corp", 2_500_000, "EUR")
    assert (win.segment, win.won_via, win.story) == (
        "retail chain",
        "referral",
        "A friend of a friend.",
    )
    assert win.source_key == view_key("V1")


def test_a_form_that_cannot_be_a_win_names_each_field_and_stores_nothing(deps):
    form = typed("", "25.0.0", segment="x" * 101, story="y" * 2001)
    with pytest.raises(FieldErrors) as refused:
        submitted(deps, form)
    assert {name: code for name, (code, _) in refused.value.errors.items()} == {
        "client": "empty",
        "value": "bad_amount",
        "segment": "segment_too_long",
        "story": "story_too_long",
    }
    assert refused.value.errors["story"][1] == {"max": 2000, "length": 2001}
    assert wins(deps) == []


def test_the_form_confirmed_for_a_client_logs_it_but_asks_about_another_name(deps):
    logged(deps, "Acme 25k")
    logged(deps, "Globex 5k", trigger="trig.2")

    def submit(client: str, confirmed: str | None, view: str):
        return submitted(deps, typed(client), view=view, confirmed=confirmed)

    assert isinstance(submit("Globex", "acme", "V1"), LoggedBefore)
    assert isinstance(submit("ACME", "acme", "V2"), Logged)
    assert len(wins(deps)) == 3


# ------------------------------------------------------------------------ the celebration


def test_congratulations_are_added_once_and_refresh_the_celebration(deps):
    win = logged(deps)
    outcomes = [
        congratulate(deps, team_id=TEAM, user_id=user, win_id=win.id)
        for user in ("UBRAM", "UBRAM", "UANNA")
    ]
    assert outcomes == ["added", "again", "own"]
    with deps.session_factory() as session:
        [congrat] = session.exec(select(Congratulation)).all()
    assert congrat.user_id == "UBRAM"
    refresh = outbox(deps)[refresh_key(win.id, congrat.id)]
    assert (refresh.kind, refresh.channel) == ("refresh", "CWINS0001")
    assert deps.notify_outbox.count == 2


def test_a_removed_or_foreign_win_takes_no_congratulation(deps):
    win = logged(deps)
    with pytest.raises(StalePayload):
        congratulate(deps, team_id="T2", user_id="UBRAM", win_id=win.id)
    remove_win(deps, team_id=TEAM, user_id="UANNA", win_id=win.id, is_admin=lambda: False)
    assert congratulate(deps, team_id=TEAM, user_id="UBRAM", win_id=win.id) == "removed"
    with deps.session_factory() as session:
        assert session.exec(select(Congratulation)).all() == []


def test_only_the_winner_and_admins_may_change_a_win(deps):
    win = logged(deps)
    asked: list[str] = []

    def admin(answer: bool):
        return lambda: asked.append("asked") or answer

    own = win_to_change(deps, team_id=TEAM, user_id="UANNA", win_id=win.id, is_admin=admin(False))
    assert own.id == win.id
    assert asked == []  # the winner: Slack is not asked whether they are an admin
    with pytest.raises(WinRefusal) as refused:
        win_to_change(deps, team_id=TEAM, user_id="UBRAM", win_id=win.id, is_admin=admin(False))
    assert (refused.value.code, refused.value.params) == ("not_allowed", {"rep": "UANNA"})
    shown = win_to_change(deps, team_id=TEAM, user_id="UADMIN", win_id=win.id, is_admin=admin(True))
    assert (shown.client_name, shown.amount_cents) == ("Acme", 2_500_000)


def test_a_correction_is_stored_once_per_form_and_refreshes_the_celebration(deps):
    win = logged(deps)
    form = typed("Acme Corporation", "30k", currency="EUR", won_via="event")
    for _ in range(2):  # Slack delivers the submission twice
        saved = correct(deps, win, "UANNA", form, view="VEDIT")
    assert saved.client_name == "Acme Corporation"
    [stored] = wins(deps)
    assert (stored.client_name, stored.amount_cents, stored.currency, stored.won_via) == (
        "Acme Corporation",
        3_000_000,
        "EUR",
        "event",
    )
    assert refresh_key(win.id, view_key("VEDIT")) in outbox(deps)
    assert deps.notify_outbox.count == 2  # the log and one correction


def test_a_refused_or_invalid_correction_changes_nothing(deps):
    win = logged(deps)
    with pytest.raises(FieldErrors):
        correct(deps, win, "UBRAM", typed(""))  # the form's errors come first, as Slack shows them
    with pytest.raises(WinRefusal) as refused:
        correct(deps, win, "UBRAM", typed("Other"))
    assert refused.value.code == "not_allowed"
    remove_win(deps, team_id=TEAM, user_id="UANNA", win_id=win.id, is_admin=lambda: False)
    with pytest.raises(WinRefusal) as removed:
        correct(deps, win, "UANNA", typed("Other"))
    assert removed.value.code == "already_removed"
    assert [w.client_name for w in wins(deps)] == ["Acme"]
    assert not any(key.startswith(f"refresh:{win.id}:view") for key in outbox(deps))


def test_removing_a_win_marks_it_once_and_redraws_the_reps_story_proposals(deps):
    win = logged(deps)
    with deps.session_factory.write() as session:
        for key in (f"{STORY_KIND}:7:UANNA", f"{STORY_KIND}:7:UBRAM"):
            outbox_store.claim_send(
                session=session,
                team_id=TEAM,
                key=key,
                kind=STORY_KIND,
                channel="UX",
                payload="{}",
                now=NOW,
            )
            sent = outbox_store.find_by_key(session=session, team_id=TEAM, key=key)
            outbox_store.mark_sent(session=session, message_id=sent.id, ts="1.0", now=NOW)
    for _ in range(2):
        gone = remove_win(
            deps, team_id=TEAM, user_id="UADMIN", win_id=win.id, is_admin=lambda: True
        )
    assert gone.client_name == "Acme"
    [stored] = wins(deps)
    assert (stored.removed_at is not None, stored.removed_by) == (True, "UADMIN")
    messages = outbox(deps)
    assert messages[refresh_key(win.id, "removed")].status == "pending"
    redrawn = [json.loads(m.payload)["target_key"] for m in messages.values() if m.kind == "update"]
    assert redrawn == [f"{STORY_KIND}:7:UANNA"]
    assert deps.notify_outbox.count == 2  # the log and one removal


def test_a_removal_by_someone_else_is_refused(deps):
    win = logged(deps)
    with pytest.raises(WinRefusal) as refused:
        remove_win(deps, team_id=TEAM, user_id="UBRAM", win_id=win.id, is_admin=lambda: False)
    assert refused.value.params == {"rep": "UANNA"}
    [stored] = wins(deps)
    assert stored.removed_at is None
    assert refresh_key(win.id, "removed") not in outbox(deps)
