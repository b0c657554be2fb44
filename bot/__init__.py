"""Salesbot: a Slack bot that builds a sales culture."""
