"""Scaffolding: the erasure feature's listeners (being written)."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Wire the erasure feature (nothing yet)."""
