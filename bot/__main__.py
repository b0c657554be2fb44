"""`python -m bot` / `salesbot`: load .env, validate settings, migrate, and serve Slack.

Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $PORT at /slack/events.
`python -m bot tick [--at ISO] [--dry-run]` runs one pass of due messages and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from datetime import datetime

from dotenv import load_dotenv

from bot.config import ConfigError, load_settings

log = logging.getLogger("bot")


def _stop_on_sigterm() -> None:
    def handler(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="salesbot", description="Run the Salesbot Slack bot.")
    commands = parser.add_subparsers(dest="command")
    tick = commands.add_parser(
        "tick", help="run one scheduling and delivery pass (as of --at) and exit"
    )
    tick.add_argument("--at", help="as if it were this moment (ISO 8601 with offset)")
    tick.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; send nothing"
    )
    return parser.parse_args(argv)


def _parse_at(at_text: str | None) -> datetime | None:
    """--at as an aware datetime; prints why and returns None when it is not one."""
    from storage.models import utcnow

    if not at_text:
        return utcnow()
    try:
        at = datetime.fromisoformat(at_text)
    except ValueError:
        print(
            f"--at '{at_text}' is not a date and time; use e.g. 2027-03-01T08:00:00+01:00",
            file=sys.stderr,
        )
        return None
    if at.tzinfo is None:
        print("--at needs a UTC offset, e.g. 2027-03-01T08:00:00+01:00", file=sys.stderr)
        return None
    return at


def _why(reason: str) -> str:
    return "stale" if reason.startswith("stale") else reason


def _tick(runtime, at: datetime, dry_run: bool) -> int:
    """One pass as of `at`: queues what the schedule says is due, then sends (or lists) it."""
    from storage import outbox as outbox_store

    if dry_run:
        planned = runtime.run_pass(at, dry_run=True)
        with runtime.session_factory() as session:
            due = outbox_store.due_messages(session=session, now=at)
        for message in due:
            print(f"would send {message.kind} {message.key} to {message.channel}")
        for key in planned.queued:
            print(f"would send {key}")
        for key in planned.skipped:
            print(f"would skip {key} ({_why(planned.reasons.get(key, ''))})")
        print(f"{len(due) + len(planned.queued)} message(s) due at {at.isoformat()}")
        return 0
    planned = runtime.run_pass(at)
    for key in planned.skipped:
        print(f"skipped {key} ({_why(planned.reasons.get(key, ''))})")
    sent = runtime.deliverer.deliver_due(now=at)
    print(f"sent {sent} message(s) due at {at.isoformat()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    load_dotenv(os.environ.get("SALESBOT_ENV_FILE", ".env"))
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # waitress warns on every queued request under load; a queue is expected in a burst.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"salesbot cannot start: {error}", file=sys.stderr)
        return 2

    from bot.runtime import Runtime  # heavy imports only once the settings are known to be good

    if args.command == "tick":
        at = _parse_at(args.at)
        if at is None:
            return 2
        # --at decides what is due; leases, records and retries keep the real clock, so a
        # tick never takes over a message the running bot is sending.
        runtime = Runtime(settings).start(worker=False)
        try:
            return _tick(runtime, at, args.dry_run)
        finally:
            runtime.close()

    runtime = Runtime(settings).start()
    _stop_on_sigterm()
    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            log.info("salesbot: connecting to Slack in Socket Mode")
            SocketModeHandler(runtime.app, settings.slack_app_token).start()
        else:
            from bot.server import make_server, wsgi_app

            server = make_server(
                wsgi_app(runtime.app, runtime.healthy, runtime.activity), port=settings.port
            )
            log.info("salesbot: serving Slack on http://0.0.0.0:%s/slack/events", settings.port)
            server.run()
    except KeyboardInterrupt:
        log.info("salesbot: shutting down")
    finally:
        runtime.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
