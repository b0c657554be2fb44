"""manifest.yml is a manifest Slack accepts, and it matches what the code registers."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from bot.views.wins import SHORTCUT_CALLBACK_ID

ROOT = Path(__file__).parent.parent
SCHEMA = Path(__file__).parent / "data" / "manifest.schema.1.0.0.json"


def load_manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema():
    jsonschema.validate(load_manifest(), json.loads(SCHEMA.read_text()))


def test_manifest_matches_registered_listeners(bot):
    manifest = load_manifest()
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    shortcuts = {s["callback_id"] for s in manifest["features"]["shortcuts"]}
    assert commands == {
        "/newclient",
        "/meetings",
        "/agenda",
        "/accountplan",
        "/oneonone",
        "/checkin",
        "/salesbot",
        "/leaderboard",
        "/culture",
    }
    assert shortcuts == {SHORTCUT_CALLBACK_ID}
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    # Bolt answers 404 to a command nobody registered: every manifest command has a listener.
    for command in commands:
        assert bot.command("help", command=command).status == 200
    assert bot.command("help", command="/unknown").status == 404


def test_scopes_cover_the_api_methods_used():
    scopes = set(load_manifest()["oauth_config"]["scopes"]["bot"])
    # chat.postMessage/update, conversations.history (outbox check), users.info (locale), commands.
    assert {
        "chat:write",
        "chat:write.public",
        "channels:history",
        "users:read",
        "commands",
        # conversations.open + history of a DM (story proposals), files.upload v2 (.ics).
        "im:write",
        "im:history",
        "files:write",
    } <= scopes
