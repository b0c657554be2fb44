"""Helpers shared by the test files: reading what Slack shows, sending commands, checking views."""
