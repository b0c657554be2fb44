"""The HTTP face of the bot: POST /slack/events for Slack, GET /healthz for operators."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.background import RequestActivity

SLACK_PATH = "/slack/events"


def wsgi_app(
    app: App, healthy: Callable[[], bool], activity: RequestActivity | None = None
) -> Callable:
    """A WSGI application serving Slack's requests and a health check."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            ok = healthy()
            body = b'{"ok": true}' if ok else b'{"ok": false, "error": "database unavailable"}'
            start_response(
                "200 OK" if ok else "503 Service Unavailable",
                [("Content-Type", "application/json")],
            )
            return [body]
        if activity is None:
            return slack(environ, start_response)
        with activity:
            return slack(environ, start_response)

    return application


def make_server(
    application: Callable, *, host: str = "0.0.0.0", port: int = 3000, threads: int = 8
):
    """A production WSGI server (waitress); port 0 picks a free port (tests)."""
    return create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="salesbot",
        clear_untrusted_proxy_headers=True,
    )
