"""README.md tells the truth: every setting the bot reads, every scope and command of the manifest."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import SETTINGS
from tests.test_manifest import load_manifest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def settings_markdown() -> str:
    """README's settings table, generated from bot.config.SETTINGS (the required ones first)."""
    rows = ["| name | required | default | meaning |", "| --- | --- | --- | --- |"]
    for s in sorted(SETTINGS, key=lambda s: not s.required):
        default = s.shown_default or (f"`{s.default}`" if s.default else "empty")
        if s.required:
            rows.append(f"| `{s.name}` | yes | | {s.help} |")
        else:
            rows.append(f"| `{s.name}` | no | {default} | {s.help} |")
    return "\n".join(rows)


def readme_settings_table() -> str:
    section = README[README.index("## Settings") :]
    section = section[: section.index("\n## ")]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_the_readme_settings_table_is_the_one_generated_from_the_settings():
    assert readme_settings_table() == settings_markdown(), (
        "README's settings table is out of date; replace it with:\n" + settings_markdown()
    )


def test_every_setting_the_bot_reads_is_in_the_table():
    # bot.config reads exactly the table; __main__ reads a few itself, before the others.
    source = (ROOT / "bot" / "__main__.py").read_text()
    read = set(re.findall(r"\b[a-z_]+\(\s*\"([A-Z][A-Z0-9_]{2,})\"", source))
    # Not settings: what __main__ passes to subprocesses.
    read = {n for n in read if not n.startswith(("SLACK_SDK", "PYTHON"))}
    assert read - {s.name for s in SETTINGS} == set()
    assert {s.name for s in SETTINGS if s.by_main} <= read


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
