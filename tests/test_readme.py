"""README.md tells the truth: every setting the bot reads, every scope and command of the manifest."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_manifest import load_manifest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def settings_read_by_the_bot() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "bot" / "config.py", ROOT / "bot" / "__main__.py"):
        source = path.read_text()
        names |= set(re.findall(r"\b[a-z_]+\(\s*\"([A-Z][A-Z0-9_]{2,})\"", source))
    # Not settings: what __main__ removes from the environment or passes to subprocesses.
    return {n for n in names if not n.startswith(("SLACK_SDK", "PYTHON"))}


def settings_table() -> dict[str, str]:
    """name -> the table row, for every row of the README's settings table."""
    rows = {}
    for line in README.splitlines():
        if line.startswith("| `"):
            for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]):
                rows[name] = line
    return rows


def test_every_setting_is_in_the_readme_with_its_default():
    table = settings_table()
    missing = sorted(settings_read_by_the_bot() - set(table))
    assert missing == [], f"settings missing from README's table: {missing}"
    for name, row in table.items():
        required = row.split("|")[2].strip()
        if required == "no":
            assert "default" in row or "empty" in row or "optional" in row.lower(), (
                f"README does not give {name}'s default: {row}"
            )


def test_the_app_creation_step_names_every_scope_and_command_of_the_manifest():
    manifest = load_manifest()
    section = README[README.index("## Create the Slack app") :]
    section = section[: section.index("\n## ", 3)]
    for scope in manifest["oauth_config"]["scopes"]["bot"]:
        assert f"`{scope}`" in section, f"README's app-creation step lacks the scope {scope}"
    for command in manifest["features"]["slash_commands"]:
        assert f"`{command['command']}`" in section, f"README lacks {command['command']}"
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert f"`{event}`" in section
