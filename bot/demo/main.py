"""`salesbot demo`: the real bot (same app factory, handlers, outbox and clock) against the
built-in Slack stand-in, on SQLite in a temporary folder (or --db), with a seeded team and a
web page on http://127.0.0.1:3000. Needs no settings and no Slack workspace."""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import load_settings
from bot.demo.seed import seed_demo
from bot.demo.slackside import SlackSide
from bot.demo.standin import FakeSlack
from bot.demo.web import DemoClock, DemoWeb, Person
from bot.i18n import t
from bot.runtime import Runtime
from bot.server import make_server, wsgi_app
from storage import outbox as outbox_store
from storage.db import migrate

TEAM_ID = "TDEMO"
ZONE = "Europe/Amsterdam"
SETTLE_SECONDS = 10.0
OPERATOR_PATHS = ("/healthz", "/metrics")
CHANNELS = {
    "nl": (("CWINS", "wins"), ("CSALES", "sales")),
    "en": (("CWINS", "wins"), ("CSALES", "sales")),
}
# (id, zone, name in Dutch, name in English, role)
PEOPLE = (
    ("UMANAGER", "Europe/Amsterdam", "Maria de Vries", "Maria Evans", "manager"),
    ("UREP1", "Europe/Amsterdam", "Ruben Jansen", "Ryan Jones", "rep"),
    ("UREP2", "Europe/London", "Sophie Bakker", "Sophie Baker", "rep"),
    ("UREP3", "Europe/Amsterdam", "Daan Visser", "Dan Fisher", "rep"),
    ("UREP4", "Europe/London", "Emma Smit", "Emma Smith", "rep"),
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="salesbot demo", description="See and use the whole bot in a browser, without Slack."
    )
    parser.add_argument("--port", type=int, default=3000, help="the page's port (3000)")
    parser.add_argument("--host", default="127.0.0.1", help="listen on this address only")
    parser.add_argument(
        "--lang", choices=("nl", "en"), default="nl", help="the demo team's language"
    )
    parser.add_argument("--db", help="keep the demo's SQLite database in this file")
    return parser.parse_args(argv)


@dataclass
class Demo:
    """The running demo: the stand-in, the bot behind its real endpoint, and the page."""

    standin: FakeSlack
    runtime: Runtime
    web: DemoWeb
    app_server: object
    threads: list[threading.Thread]
    # The bot's own WSGI app (what production serves): /healthz and /metrics come from it.
    bot_app: Callable

    def page(self) -> Callable:
        """The page's WSGI app, with the bot's /healthz and /metrics beside it, as in
        production (the runtime's metrics: requests, the outbox, the clock)."""

        def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
            if environ.get("PATH_INFO") in OPERATOR_PATHS:
                return self.bot_app(environ, start_response)
            return self.web(environ, start_response)

        return app

    def close(self) -> None:
        for server in (self.app_server,):
            server.close()  # type: ignore[attr-defined]
        self.runtime.close()
        self.standin.stop()


def _serve(server: object) -> threading.Thread:
    thread = threading.Thread(target=server.run, daemon=True)  # type: ignore[attr-defined]
    thread.start()
    return thread


def _one_pass_at_a_time(runtime: Runtime) -> None:
    """The outbox worker may claim a message just before the page's own delivery pass, which
    then finds nothing to do: the page would reload before the message is out. One pass at a
    time makes the page's pass wait for the worker's."""
    lock = threading.Lock()
    deliver = runtime.deliverer.deliver_due

    def one_at_a_time(**kwargs: Any) -> int:
        with lock:
            return deliver(**kwargs)

    runtime.deliverer.deliver_due = one_at_a_time  # type: ignore[method-assign]


@contextmanager
def running_demo(*, lang: str, db: str | None, now: datetime | None = None) -> Iterator[Demo]:
    """Everything but the page's own server: used by `main` and by the browser tests."""
    folder = tempfile.TemporaryDirectory(prefix="salesbot-demo-")
    path = Path(db) if db else Path(folder.name) / "demo.db"
    clock = DemoClock()
    if now is not None:
        clock.set(now)
    standin = FakeSlack(team_id=TEAM_ID, clock=lambda: clock().timestamp()).start()
    standin.add_token("xoxb-demo")
    for channel_id, name in CHANNELS[lang]:
        standin.set_channel(channel_id, name=name)
    locale = "nl-NL" if lang == "nl" else "en-GB"
    for user_id, zone, dutch, english, _ in PEOPLE:
        name = dutch if lang == "nl" else english
        standin.set_user(
            user_id, name=name.split()[0].lower(), real_name=name, tz=zone, locale=locale
        )
    secret = secrets.token_hex(16)
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-demo",
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": standin.url,
            "DATABASE_URL": f"sqlite:///{path}",
            "WINS_CHANNEL": "CWINS",
            "BOT_LOCALE": lang,
            "TEAM_TIMEZONE": ZONE,
            "HOLIDAYS_COUNTRY": "NL",
            "ADMIN_USER_IDS": "UMANAGER",
        }
    )
    runtime = Runtime(settings, clock=clock, outbox_poll_seconds=0.2)
    _one_pass_at_a_time(runtime)
    # Seeded before the outbox worker starts: its history is marked as sent long ago.
    migrate(runtime.engine)
    seed_demo(runtime.deps, team_id=TEAM_ID, lang=lang, now=clock(), history=True)
    runtime.start()
    runtime.deliverer.deliver_due(now=clock())  # the seeded history, before the page opens
    bot_app = wsgi_app(runtime.app, runtime.healthy, runtime.activity, metrics=runtime.metrics)
    app_server = make_server(bot_app, host="127.0.0.1", port=0)
    threads = [_serve(app_server)]
    slack = SlackSide(f"http://127.0.0.1:{app_server.effective_port}", secret, standin, TEAM_ID)

    def settle() -> None:
        """Until the bot's work after the ack is done and what it queued is posted (the
        outbox worker may be sending some of it: wait for that too, briefly)."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            runtime.background.wait_idle()
            runtime.deliverer.deliver_due(now=clock())
            with runtime.session_factory() as session:
                busy = outbox_store.being_sent(session=session) or outbox_store.due_messages(
                    session=session, now=clock()
                )
            if not busy or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def run_clock(at: datetime) -> None:
        runtime.run_pass(at)
        runtime.deliverer.deliver_due(now=at)
        settle()

    people = [
        Person(user_id, dutch if lang == "nl" else english, t(f"demo.role.{role}", lang))
        for user_id, _, dutch, english, role in PEOPLE
    ]
    web = DemoWeb(
        standin=standin,
        slack=slack,
        settle=settle,
        run_clock=run_clock,
        clock=clock,
        people=people,
        channels=list(CHANNELS[lang]),
        lang=lang,
        tz=ZoneInfo(ZONE),
    )
    demo = Demo(standin, runtime, web, app_server, threads, bot_app)
    try:
        yield demo
    finally:
        demo.close()
        folder.cleanup()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with running_demo(lang=args.lang, db=args.db) as demo:
        server = make_server(demo.page(), host=args.host, port=args.port, threads=4)
        url = f"http://{args.host}:{server.effective_port}"
        print(t("demo.started", args.lang, url=url), flush=True)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(t("demo.open_host", args.lang), flush=True)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
