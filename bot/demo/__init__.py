"""`salesbot demo`: the real bot against a built-in stand-in for Slack, with a web page."""
