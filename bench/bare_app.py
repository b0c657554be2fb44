"""The baseline for bench_newclient.py: a bare Bolt app whose /newclient only acks.

It is served by the same HTTP stack as the bot (bot.server: waitress + Bolt's WSGI adapter),
so the difference between the two is what the bot does inside a request.

Environment: SLACK_SIGNING_SECRET, SLACK_API_URL, PORT (and optionally LOG_LEVEL).
"""

from __future__ import annotations

import logging
import os
import signal

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.server import make_server, wsgi_app


def _stop_on_sigterm() -> None:
    def handler(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        process_before_response=True,
        client=WebClient(token="xoxb-test", base_url=os.environ["SLACK_API_URL"]),
    )

    @app.command("/newclient")
    def newclient(ack: Ack) -> None:
        ack()

    server = make_server(wsgi_app(app, lambda: True), port=int(os.environ["PORT"]))
    _stop_on_sigterm()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
