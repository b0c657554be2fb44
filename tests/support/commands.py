"""Sending slash commands through the bot's HTTP endpoint and reading the answer."""

from __future__ import annotations

from tests.conftest import BotHarness


def command_reply(bot: BotHarness, text: str, *, command: str, user: str) -> dict:
    """What the user sees: the ack's body, or (when the bot first asks Slack who the user is)
    the reply it posts to the response_url right after the ack."""
    before = len(bot.fake.responses("cmd"))
    response = bot.command(text, command=command, user=user)
    assert response.status == 200
    if response.body.strip():
        return response.json()
    return bot.fake.wait_for_response("cmd", count=before + 1)[-1]
