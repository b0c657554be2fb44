"""`python -m bot` / `salesbot`: load .env, validate settings, migrate, and serve Slack.

Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $PORT at /slack/events.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

from dotenv import load_dotenv

from bot.config import ConfigError, load_settings

log = logging.getLogger("bot")


def _stop_on_sigterm() -> None:
    def handler(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
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
