"""Background work: delivery of queued Slack messages (and, later, the scheduled clock)."""
