"""`/salesbot delete-data` end to end, on SQLite and PostgreSQL: through the bot's real HTTP
endpoint with signed requests and the Slack stand-in. Two demo teams share the database; the
admin of one goes through both confirmations, and afterwards no row of that team is left in
any table of the live database (found by inspecting it) while the other team keeps all of its
rows."""

from __future__ import annotations

import json

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import inspect, text

from bot.demo.seed import seed_demo
from bot.views import erasure as views
from storage import workspaces as workspace_store
from tests.conftest import TEAM_ID, BotHarness
from tests.support.slack import all_text, buttons
from tests.test_install import CLIENT, install, side

T1, T2 = TEAM_ID, "T2OTHER"
# Tables the fixture fills for both teams (the demo, an installation, a 1:1 note, settings).
SEEDED = (
    "win",
    "meeting",
    "account_plan",
    "checkin",
    "oneonone_prep",
    "action_point",
    "outbox",
    "slack_user",
    "workspace",
    "slack_installations",
    "slack_bots",
)
ADMIN, REP = "UANNA", "UBRAM"  # UANNA is a Slack admin (en-US), UBRAM is not (nl-NL)


def team_tables(bot: BotHarness) -> list[str]:
    """Every table of the live database with a team_id column."""
    found = inspect(bot.runtime.engine)
    return sorted(
        name
        for name in found.get_table_names()
        if "team_id" in {column["name"] for column in found.get_columns(name)}
    )


def rows_of(bot: BotHarness, team_id: str) -> dict[str, int]:
    """Table -> how many rows of `team_id` it holds, for every table with a team_id."""
    with bot.runtime.engine.connect() as connection:
        return {
            name: connection.execute(
                text(f'SELECT COUNT(*) FROM "{name}" WHERE team_id = :team'), {"team": team_id}
            ).scalar_one()
            for name in team_tables(bot)
        }


def probe_rows(bot: BotHarness) -> dict[str, int]:
    """Rows of the probe child table (no team_id) per team of the win they point at."""
    with bot.runtime.engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT win.team_id, COUNT(*) FROM erasure_probe_note "
                "JOIN win ON win.id = erasure_probe_note.win_id GROUP BY win.team_id"
            )
        ).all()
    return {team: count for team, count in found}


@pytest.fixture
def bot(make_bot, database_url) -> BotHarness:
    """Two seeded demo teams, their outboxes full, plus tables another part of the code could
    add: one with a team_id (like Bolt's installations) and a child table without one."""
    harness = make_bot(database_url)
    harness.fake.set_user(ADMIN, name="anna", locale="en-US", is_admin=True)
    deps = harness.runtime.deps
    now = harness.clock()
    assert seed_demo(deps, team_id=T1, lang="en", now=now, history=True)
    assert seed_demo(deps, team_id=T2, lang="nl", now=now, history=True)
    installations = SQLAlchemyInstallationStore(client_id="111.222", engine=harness.runtime.engine)
    for team in (T1, T2):
        installations.save(
            Installation(
                app_id="A1",
                team_id=team,
                user_id=ADMIN,
                bot_token=f"xoxb-{team}",
                bot_id="B1",
                bot_user_id="UBOT",
                installed_at=now.timestamp(),
            )
        )
        with deps.session_factory.write() as session:
            workspace_store.mark_installed(session=session, team_id=team, by=ADMIN, now=now)
    with harness.runtime.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO oneonone_prep "
                "(team_id, series_id, day, user_id, obstacles, topics, updated_at) "
                "SELECT team_id, id, :day, 'UREP1', 'a private worry', 'a topic', :now "
                "FROM oneonone_series"
            ),
            {"day": now.date(), "now": now},
        )
        connection.execute(
            text(
                "CREATE TABLE erasure_probe_install "
                "(id INTEGER PRIMARY KEY, team_id VARCHAR(32), token VARCHAR(40))"
            )
        )
        connection.execute(
            text(
                "CREATE TABLE erasure_probe_note (id INTEGER PRIMARY KEY, "
                "win_id INTEGER NOT NULL REFERENCES win (id), note VARCHAR(40))"
            )
        )
        for number, team in enumerate((T1, T2), start=1):
            connection.execute(
                text("INSERT INTO erasure_probe_install VALUES (:id, :team, 'xoxb')"),
                {"id": number, "team": team},
            )
            connection.execute(
                text(
                    "INSERT INTO erasure_probe_note (id, win_id, note) "
                    "SELECT id, id, 'private' FROM win WHERE team_id = :team"
                ),
                {"team": team},
            )
    return harness


def ask(bot: BotHarness, user: str, word: str = "delete-data") -> dict:
    """`/salesbot <word>`: the (empty) ack, then the answer through the response_url."""
    before = len(bot.fake.responses("cmd"))
    response = bot.command(word, command="/salesbot", user=user)
    assert response.status == 200 and not response.body
    return bot.fake.wait_for_response("cmd", before + 1)[-1]


def click(bot: BotHarness, value: str | None, user: str = ADMIN) -> list[dict]:
    """The danger button; what came back through its response_url."""
    before = len(bot.fake.responses("click"))
    assert bot.slack.click(views.ASK_ACTION, value, user=user, channel="C1").status == 200
    bot.runtime.background.wait_idle()
    return bot.fake.responses("click")[before:]


def submit(bot: BotHarness, modal: dict, word: str, **changes: str) -> dict:
    values = {views.BLOCK_WORD: {views.ACTION_WORD: {"type": "plain_text_input", "value": word}}}
    response = bot.submit_view(
        values,
        user=changes.get("user", ADMIN),
        view_id=modal["id"],
        private_metadata=changes.get("private_metadata", modal["private_metadata"]),
        callback_id=views.MODAL_CALLBACK,
    )
    assert response.status == 200
    answer = response.json()
    bot.runtime.background.wait_idle()
    return answer


def open_confirmation(bot: BotHarness) -> dict:
    """Confirmation 1 (the answer and its confirm dialog), then the button: the modal."""
    answer = ask(bot, ADMIN)
    shown = all_text(answer)
    assert answer["response_type"] == "ephemeral"
    for kind in ("wins", "meetings", "account plans", "check-ins", "1:1 notes", "action points"):
        assert kind in shown, kind
    button = answer["blocks"][-1]["elements"][0]
    assert button["style"] == "danger" and button["confirm"]["style"] == "danger"
    opened = len(bot.fake.opened_views())
    assert click(bot, buttons(answer)[views.ASK_ACTION]) == []
    assert len(bot.fake.opened_views()) == opened + 1
    modal = bot.fake.opened_views()[-1]
    assert "Type DELETE to confirm" in all_text(modal) and "cannot be undone" in all_text(modal)
    return modal


def test_the_button_opens_the_modal_before_anything_is_counted(bot):
    """The trigger_id lasts 3 seconds: views.open comes first, the counts in a views.update."""
    bot.fake.set_user(ADMIN, name="anna", locale="en-US", is_admin=True)
    answer = ask(bot, ADMIN)
    before = len(bot.fake.calls)
    assert click(bot, buttons(answer)[views.ASK_ACTION]) == []
    made = [c for c in bot.fake.calls[before:] if c.ok]
    assert [c.method for c in made][:1] == ["views.open"]
    opened = made[0].args["view"]
    assert "Counting" in all_text(opened) and "submit" not in opened
    [update] = [c for c in made if c.method == "views.update"]
    shown = bot.fake.view(update.args["view_id"]) or {}
    assert f"{rows_of(bot, T1)['win']} wins" in all_text(shown)
    assert "Type DELETE to confirm" in all_text(shown)


def test_the_admin_deletes_everything_of_the_team_and_nothing_of_the_other(bot):
    t1, t2 = rows_of(bot, T1), rows_of(bot, T2)
    for table in (*SEEDED, "erasure_probe_install"):
        assert t1[table] > 0 and t2[table] > 0, table
    assert probe_rows(bot)[T1] == t1["win"]
    assert any(state != "skipped" for (state,) in _outbox_states(bot, T1))

    modal = open_confirmation(bot)
    # The confirmation counted the team's wins (the admin's profile is stored by now too).
    assert f"{t1['win']} wins" in all_text(modal)
    # One token of its own: the bot stays installed, and says so.
    assert "Salesbot stays installed in this workspace" in all_text(modal)

    wrong = submit(bot, modal, "delete it")
    assert wrong["response_action"] == "errors"
    assert "nothing was deleted" in wrong["errors"][views.BLOCK_WORD]
    assert rows_of(bot, T1)["win"] == t1["win"]

    before = rows_of(bot, T1)
    answer = submit(bot, modal, " delete ")
    assert answer["response_action"] == "update"
    after = rows_of(bot, T1)
    assert {table: count for table, count in after.items() if count} == {}
    assert T1 not in probe_rows(bot)
    assert rows_of(bot, T2) == t2 and probe_rows(bot)[T2] == t2["win"]
    final = all_text(bot.fake.view(modal["id"]) or {})
    total = sum(before.values()) + t1["win"]  # the probe notes: one per win, no team_id
    assert f"Deleted: {total} rows" in final, final
    assert "Nothing of this workspace is left" in final
    assert "Salesbot stays installed in this workspace" in final
    assert bot.fake.calls_to("apps.uninstall") == []


def _outbox_states(bot: BotHarness, team_id: str) -> list[tuple[str]]:
    with bot.runtime.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT status FROM outbox WHERE team_id = :team"), {"team": team_id}
            )
        ]


def test_a_second_click_or_submission_after_the_deletion_is_answered(bot):
    modal = open_confirmation(bot)
    submit(bot, modal, "VERWIJDER")
    assert sum(rows_of(bot, T1).values()) == 0
    t2 = rows_of(bot, T2)

    again = click(bot, "en")
    assert len(again) == 1 and "nothing to delete" in again[0]["text"]
    assert again[0]["replace_original"] is True
    resubmitted = submit(bot, modal, "DELETE")
    assert resubmitted["response_action"] == "update"
    assert "nothing to delete" in all_text(bot.fake.view(modal["id"]) or {})
    assert sum(rows_of(bot, T1).values()) == 0 and rows_of(bot, T2) == t2


def test_forged_payloads_are_answered_and_delete_nothing(bot):
    modal = open_confirmation(bot)
    t1 = rows_of(bot, T1)
    # A forged language in the button: the team's language; no value at all: the same.
    assert click(bot, "<script>") == [] and click(bot, None) == []
    forged = submit(bot, modal, "DELETE", private_metadata="not json")
    assert forged["response_action"] == "update"
    assert "out of date" in all_text(forged["view"]).lower()
    wrong_lang = submit(bot, modal, "DELETE", private_metadata=json.dumps({"lang": 7}))
    assert wrong_lang["response_action"] == "update"
    assert rows_of(bot, T1) == t1


def test_a_non_admin_is_refused_and_nothing_is_deleted(bot):
    t1 = rows_of(bot, T1)
    refused = ask(bot, REP, "verwijder-gegevens")
    assert "Alleen admins" in refused["text"] and "niets verwijderd" in refused["text"]
    assert not buttons(refused)
    # A forged click and a forged submission by the non-admin: refused too.
    assert click(bot, "nl", user=REP) == []
    assert "Alleen admins" in all_text(bot.fake.opened_views()[-1])
    modal = open_confirmation(bot)
    answer = submit(bot, modal, "DELETE", user=REP)
    assert answer["response_action"] == "update"
    assert "Only workspace admins" in all_text(bot.fake.view(modal["id"]) or {})
    assert rows_of(bot, T1)["win"] == t1["win"] and rows_of(bot, T1)["outbox"] == t1["outbox"]


@pytest.mark.parametrize(
    ("user", "shown"),
    [(ADMIN, "`/salesbot delete-data`"), (REP, "`/salesbot verwijder-gegevens`")],
)
def test_the_help_mentions_it_in_english_and_dutch(make_bot, sqlite_url, user, shown):
    bot = make_bot(sqlite_url)
    answer = bot.command("help", command="/salesbot", user=user).json()
    assert shown in all_text(answer)
    # Any other word still goes to /salesbot export's listener.
    assert "/salesbot export me" in all_text(
        bot.command("frobnicate", command="/salesbot", user=ADMIN).json()
    )


def _delete_as_admin_of(bot: BotHarness, team: str) -> dict:
    """Many workspaces: `/salesbot delete-data` in `team`, the button, the word typed; the
    modal as it was opened."""
    slack = side(bot, team)
    before = len(bot.fake.responses("cmd"))
    assert slack.command("delete-data", user=ADMIN, command="/salesbot", channel_id="C1").status
    answer = bot.fake.wait_for_response("cmd", before + 1)[-1]
    assert slack.click(views.ASK_ACTION, buttons(answer)[views.ASK_ACTION], user=ADMIN).status
    bot.runtime.background.wait_idle()
    modal = bot.fake.opened_views()[-1]
    values = {
        views.BLOCK_WORD: {views.ACTION_WORD: {"type": "plain_text_input", "value": "DELETE"}}
    }
    view = {
        "id": modal["id"],
        "callback_id": views.MODAL_CALLBACK,
        "private_metadata": modal["private_metadata"],
    }
    assert slack.submit_view(values, user=ADMIN, view=view).status == 200
    bot.runtime.background.wait_idle()
    return modal


def test_with_many_workspaces_the_bot_leaves_the_workspace_with_its_data(make_bot, database_url):
    bot = make_bot(database_url, **CLIENT)
    bot.fake.set_user(ADMIN, name="anna", locale="en-US", is_admin=True)
    _, token = install(bot, "TAAA", ADMIN)
    install(bot, "TBBB", REP)
    bot.deliver()
    theirs = rows_of(bot, "TBBB")
    assert rows_of(bot, "TAAA")["slack_installations"] == 1

    modal = _delete_as_admin_of(bot, "TAAA")
    assert "Salesbot is also *removed from this workspace*" in all_text(modal)
    [uninstall] = bot.fake.calls_to("apps.uninstall", ok_only=True)
    assert (uninstall["client_id"], uninstall["client_secret"]) == ("111.222", "shh")
    # No half state: the app is gone from the workspace (its token dead) and so is its data.
    assert token not in bot.fake.tokens
    assert {table: n for table, n in rows_of(bot, "TAAA").items() if n} == {}
    assert rows_of(bot, "TBBB") == theirs
    final = all_text(bot.fake.view(modal["id"]) or {})
    assert "Nothing of this workspace is left" in final
    assert "Salesbot was removed from this workspace (uninstalled)" in final
    # Slack's app_uninstalled that follows writes no workspace row back (only the event's
    # de-duplication record, which every event leaves).
    side(bot, "TAAA").event({"type": "app_uninstalled"})
    assert {table: n for table, n in rows_of(bot, "TAAA").items() if n} == {"processed_event": 1}


def test_when_slack_refuses_the_uninstall_nothing_is_deleted(make_bot, database_url):
    bot = make_bot(database_url, **CLIENT)
    bot.fake.set_user(ADMIN, name="anna", locale="en-US", is_admin=True)
    _, token = install(bot, "TAAA", ADMIN)
    bot.deliver()
    kept = rows_of(bot, "TAAA")
    bot.fake.fail_next("apps.uninstall", status=200, error="fatal_error")
    modal = _delete_as_admin_of(bot, "TAAA")
    assert rows_of(bot, "TAAA") == kept and token in bot.fake.tokens
    final = all_text(bot.fake.view(modal["id"]) or {})
    assert "Deleted:" not in final and "went wrong" in final.lower(), final
