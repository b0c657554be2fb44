"""Pure Block Kit builders: data in, dicts out; no Slack or database I/O."""
