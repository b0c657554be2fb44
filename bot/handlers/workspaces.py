"""Scaffolding: the workspaces feature's listeners (being written)."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Wire the workspaces feature (nothing yet)."""
