"""Each workspace's settings start from the environment's, except where the environment serves
many companies ("Add to Slack"): its admins and channels then belong to none of them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import load_settings
from bot.deps import WorkspaceSettings
from storage import workspaces as workspace_store

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
COMMON = {
    "SLACK_SIGNING_SECRET": "secret",
    "ADMIN_USER_IDS": "UENVADMIN1",
    "WINS_CHANNEL": "CENVWINS1",
    "BOT_LOCALE": "nl",
}
SINGLE = {**COMMON, "SLACK_BOT_TOKEN": "xoxb-one"}
MANY = {**COMMON, "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "shh"}


def test_one_workspace_keeps_the_environments_admins_and_channels(sessions):
    settings_for = WorkspaceSettings(load_settings(SINGLE), sessions)
    team = settings_for("T1")
    assert team.admin_user_ids == frozenset({"UENVADMIN1"})
    assert (team.wins_channel, team.sales_channel, team.bot_locale) == (
        "CENVWINS1",
        "CENVWINS1",
        "nl",
    )


def test_many_workspaces_do_not_inherit_the_environments_admins_or_channels(sessions):
    settings_for = WorkspaceSettings(load_settings(MANY), sessions)
    team = settings_for("T1")
    assert team.admin_user_ids == frozenset()
    assert (team.wins_channel, team.sales_channel) == ("", "")
    # The rest of the environment still seeds a new workspace.
    assert team.bot_locale == "nl"


def test_a_workspaces_own_choices_apply_to_it_alone(sessions):
    settings_for = WorkspaceSettings(load_settings(MANY), sessions)
    with sessions.write() as session:
        workspace_store.save_settings(
            session=session,
            team_id="T1",
            chosen={"ADMIN_USER_IDS": "UTEAMADMIN", "WINS_CHANNEL": "CTEAMWINS"},
            by="UTEAMADMIN",
            now=NOW,
        )
    assert settings_for("T1").admin_user_ids == frozenset({"UTEAMADMIN"})
    assert settings_for("T1").wins_channel == "CTEAMWINS"
    assert settings_for("T2").admin_user_ids == frozenset()
