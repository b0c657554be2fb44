"""`python -m bot` / `salesbot`: load .env, validate settings, check the token, migrate, serve Slack.

Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $HOST:$PORT at /slack/events.
`--role web` serves Slack only and `--role worker` sends the outbox and runs the clock only
(with /healthz and /metrics on $HOST:$PORT, as in Socket Mode); both on PostgreSQL. The default, `all`, is both in one process.
SIGTERM or Ctrl-C stops taking requests and lets the sends in flight finish (SHUTDOWN_WAIT_SECONDS).
`python -m bot tick [--at ISO] [--dry-run]` runs one pass of due messages and exits.
`python -m bot status` prints what the outbox holds.
`python -m bot demo` runs the bot against a built-in stand-in for Slack with a web page.

Whatever stops the start is one line on stderr ("salesbot cannot start: ...") and exit code 2
(a setting to fix) or 3 (Slack or the database cannot be reached; trying again later may help).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from dotenv import load_dotenv

from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("bot")

EXIT_SETTINGS = 2
EXIT_UNREACHABLE = 3
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
ROLES = ("all", "web", "worker")
# How much the worker role gives way to other processes for the CPU (see os.nice): a message
# can wait a moment, an ack cannot (Slack's 3 seconds), and on one machine the web role's
# acks then come first while a fan-out drains.
WORKER_NICENESS = 10
# glibc gives each new thread a malloc arena of its own (up to 8 a core), and what one arena
# frees no other reuses: under a burst of acks the bot held about 6 MiB more that way (issue 14:
# at most 120 MiB a process). Two arenas measured as fast. MALLOC_ARENA_MAX, when set, decides.
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's <malloc.h>
# How long a stopping bot waits for the sends in flight (Docker's default grace is 10 s;
# compose.yaml gives 30). A send cut off later is taken over after its lease, looked up first.
SHUTDOWN_WAIT_SECONDS = 10.0
# Libraries that report their own workings at INFO: every Alembic plugin and revision, every
# scheduler run, Bolt's and the SDK's sessions. Below DEBUG only their warnings show.
CHATTY_LOGGERS = ("alembic", "apscheduler", "slack_bolt", "slack_sdk")
# The SDK logs each failed attempt to reach Slack in ERROR lines of its own; the start-up check
# and the Socket Mode loop below say it in one line. The SDK's lines show at DEBUG.
STARTUP_SDK_LOGGER = "slack_sdk.startup"
SOCKET_SDK_LOGGER = "slack_sdk.socket_mode"
SOCKET_RETRY_FIRST_SECONDS = 1
SOCKET_RETRY_MAX_SECONDS = 60
SOCKET_CHECK_SECONDS = 5
# Answers no retry changes: the token is wrong, revoked or of the wrong kind.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "account_inactive",
        "not_allowed_token_type",
        "missing_scope",
        "team_access_not_granted",
    }
)
BOT_TOKEN_FIX = (
    "Copy the Bot User OAuth Token (xoxb-...) from your Slack app's 'OAuth & Permissions' page "
    "into .env (reinstall the app to the workspace if it was removed)."
)
APP_TOKEN_FIX = (
    "Create an app-level token with the scope connections:write under Basic Information > "
    "App-Level Tokens and copy it (xapp-...) into .env, or leave it empty to serve HTTP."
)


class CannotStart(Exception):
    """Start-up stops here; the message says why and what to do, in one line."""

    def __init__(self, message: str, code: int = EXIT_SETTINGS) -> None:
        super().__init__(message)
        self.code = code


def _stop_on_sigterm() -> None:
    def handler(_signum, _frame):
        # A second SIGTERM (an impatient supervisor) must not cut the wait for sends short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="salesbot",
        description="Run the Salesbot Slack bot.",
        epilog="`salesbot demo [--port N] [--lang nl|en] [--db PATH]` shows the whole bot in a "
        "browser against a built-in stand-in for Slack, with no settings.",
    )
    parser.add_argument(
        "--role",
        choices=ROLES,
        default="all",
        help="web: serve Slack only; worker: send the outbox and run the clock only (and "
        "/healthz); all (the default): both. web and worker need PostgreSQL.",
    )
    commands = parser.add_subparsers(dest="command")
    tick = commands.add_parser(
        "tick", help="run one scheduling and delivery pass (as of --at) and exit"
    )
    tick.add_argument("--at", help="as if it were this moment (ISO 8601 with offset)")
    tick.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; send nothing"
    )
    commands.add_parser(
        "status", help="print the outbox: pending, failed by reason, oldest pending age"
    )
    return parser.parse_args(argv)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def _log_uncaught() -> None:
    """Tracebacks Python would print itself go through logging, so every line stays JSON."""
    logging.captureWarnings(True)

    def hook(exc_type, exc, tb):
        logging.getLogger("bot").critical("uncaught exception", exc_info=(exc_type, exc, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        logging.getLogger("bot").error(
            "uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    sys.excepthook = hook
    threading.excepthook = thread_hook


def _configure_logging(level: str, log_format: str = "text") -> None:
    if log_format == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.basicConfig(level=level, handlers=[handler])
        _log_uncaught()
    else:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # waitress warns on every queued request under load; a queue is expected in a burst.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    if level != "DEBUG":
        quiet = max(logging.WARNING, logging.getLevelName(level))
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(quiet)
        for name in (STARTUP_SDK_LOGGER, SOCKET_SDK_LOGGER):
            logging.getLogger(name).setLevel(logging.CRITICAL)


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


def _one_line(error: BaseException) -> str:
    """An exception as a short reason on one line (never its traceback)."""
    from slack_sdk.errors import SlackApiError

    if isinstance(error, SlackApiError):
        data = error.response.data if isinstance(error.response.data, dict) else {}
        status, code = error.response.status_code, data.get("error")
        if status == 200:
            return str(code)
        return f"HTTP {status} {code}" if code else f"HTTP {status}"
    reason = getattr(error, "reason", None) or error  # urllib's URLError wraps the real one
    text = " ".join(str(reason).split()) or type(error).__name__
    return text[:200]


def _workspace(settings: Settings) -> tuple[str, str]:
    """The workspace's name and ID from auth.test with the bot token; CannotStart when that
    fails."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=int(max(1, settings.slack_timeout)),
        logger=logging.getLogger(STARTUP_SDK_LOGGER),
    )
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        reason = _one_line(error)
        if error.response.status_code == 200 and reason in TOKEN_ERRORS:
            raise CannotStart(
                f"Slack refused SLACK_BOT_TOKEN ({reason}). {BOT_TOKEN_FIX}"
            ) from None
        if error.response.status_code == 200:
            raise CannotStart(
                f"Slack answered auth.test with '{reason}'. {BOT_TOKEN_FIX}"
            ) from None
        raise CannotStart(
            f"Slack answered auth.test at {settings.slack_api_url} with {reason}. "
            "Try again in a few minutes.",
            EXIT_UNREACHABLE,
        ) from None
    except OSError as error:  # refused, unresolvable, timed out
        raise CannotStart(
            f"Slack cannot be reached at {settings.slack_api_url} ({_one_line(error)}). "
            "Check the network connection (and SLACK_API_URL, if it is set).",
            EXIT_UNREACHABLE,
        ) from None
    return str(answer.get("team") or answer.get("team_id") or "unknown"), str(
        answer.get("team_id") or ""
    )


def _resume_if_uninstalled(runtime, team_id: str) -> None:
    """Single-token mode: the token works (auth.test said so), so the app is installed in its
    workspace again. An earlier app_uninstalled stopped the team's work, and nothing but an
    "Add to Slack" install marks it installed again; re-adding the app and restarting does."""
    from storage import workspaces as workspace_store

    with runtime.session_factory.write() as session:
        if not workspace_store.is_stopped(session=session, team_id=team_id):
            return
        workspace_store.mark_installed(
            session=session, team_id=team_id, by=None, now=runtime.deps.clock()
        )
    log.info("salesbot: workspace %s had removed the app; its work resumes", team_id)


def _database_kind(settings: Settings) -> str:
    return "PostgreSQL" if settings.database_url.startswith("postgresql") else "SQLite"


def _start_runtime(settings: Settings, *, team_id: str = "", role: str = "all", **kwargs):
    """Migrate and start; CannotStart (one line) when the database cannot be used. With the
    `team_id` of the bot token's workspace, that workspace is marked installed first."""
    from sqlalchemy.exc import OperationalError

    from bot.runtime import Runtime  # heavy imports only once the settings are known to be good
    from storage.db import DatabaseUnusable, migrate_apart

    runtime = None
    try:
        # In a child process: this one never loads Alembic (see migrate_apart).
        migrate_apart(settings.database_url)
        runtime = Runtime(settings, role=role)
        if team_id:
            # Before the clock's first pass, which would skip a workspace still marked removed.
            _resume_if_uninstalled(runtime, team_id)
        runtime.start(migrated=True, **kwargs)
    except (OperationalError, DatabaseUnusable) as error:
        if runtime is not None:
            runtime.close()
        reason = DatabaseUnusable.of(error) if isinstance(error, OperationalError) else error
        raise CannotStart(
            f"the database cannot be used ({reason}). Check DATABASE_URL and that the "
            "database server is running.",
            EXIT_UNREACHABLE,
        ) from None
    return runtime


_PATH_INFO = "PATH_INFO"  # a WSGI key, not a setting (tests/test_readme.py looks for those)


def _only_health(application: Callable) -> Callable:
    """The HTTP face of a process that takes no Slack requests over HTTP (the worker, Socket
    Mode): /healthz for the orchestrator and /metrics for Prometheus, nothing of Slack's."""

    def health(environ: dict, start_response: Callable):
        if environ.get(_PATH_INFO) not in ("/healthz", "/metrics"):
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not Found"]
        return application(environ, start_response)

    return health


def _address(settings: Settings) -> str:
    return f"[{settings.host}]" if ":" in settings.host else settings.host


def _application(runtime, settings: Settings):
    """The bot's WSGI application: Slack's endpoint, /healthz and /metrics."""
    from bot.server import wsgi_app

    return wsgi_app(
        runtime.app,
        runtime.healthy,
        runtime.activity,
        signing_secret=settings.slack_signing_secret,
        metrics=runtime.metrics,
    )


def _serve_http(
    runtime, settings: Settings, started: Callable[[str], None], *, health_only: bool = False
) -> None:
    from bot.server import SLACK_PATH, make_server

    address = _address(settings)
    application = _application(runtime, settings)
    if health_only:
        application = _only_health(application)
    try:
        server = make_server(application, host=settings.host, port=settings.port)
    except OSError as error:
        raise CannotStart(
            f"cannot listen on {address}:{settings.port} ({_one_line(error)}). Is another "
            "program using that port? Set PORT (and HOST) to a free address of this machine."
        ) from None
    if health_only:
        started(
            "sending the outbox and running the clock; health check on "
            f"http://{address}:{settings.port}/healthz, metrics on /metrics"
        )
    else:
        started(f"serving Slack over HTTP on http://{address}:{settings.port}{SLACK_PATH}")
    server.run()  # returns on SIGTERM (waitress turns the KeyboardInterrupt into a return)


class _ServedBeside:
    """A waitress server run in a thread of its own and stopped from it: closing its sockets
    from another thread races with the poll() it is in."""

    def __init__(self, server) -> None:
        self.server = server
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="health", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.server.asyncore.loop(timeout=0.2, map=self.server._map, count=1)
        self.server.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)


def _operator_server(runtime, settings: Settings) -> tuple[_ServedBeside | None, str]:
    """Socket Mode has no HTTP server of its own: /healthz and /metrics on $HOST:$PORT beside
    the connection, serving in a thread. (None, why) when the port cannot be had: the bot
    still serves Slack, and says so in one line."""
    from bot.server import make_server

    address = _address(settings)
    application = _application(runtime, settings)
    try:
        server = make_server(_only_health(application), host=settings.host, port=settings.port)
    except OSError as error:
        log.warning(
            "salesbot: no health check or metrics: cannot listen on %s:%d (%s); set PORT "
            "(and HOST) to a free address of this machine",
            address,
            settings.port,
            _one_line(error),
        )
        return None, ""
    return _ServedBeside(server), f"http://{address}:{settings.port}/healthz"


def _serve_socket_mode(runtime, settings: Settings, started: Callable[[str], None]) -> None:
    """Keep one Socket Mode connection open, retrying with back-off; one log line per failure."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    handler = SocketModeHandler(
        runtime.app,
        settings.slack_app_token,
        logger=logging.getLogger(SOCKET_SDK_LOGGER),
        # This loop reconnects, with back-off; the client's own reconnects retry every few
        # seconds forever. Slack's planned refreshes ("disconnect" messages) it still handles.
        auto_reconnect_enabled=False,
    )
    client = handler.client
    errors: list[BaseException] = []
    client.on_error_listeners.append(errors.append)
    delay = SOCKET_RETRY_FIRST_SECONDS
    connected_before = False
    health, health_url = _operator_server(runtime, settings)
    try:
        while True:
            if client.is_connected():
                delay = SOCKET_RETRY_FIRST_SECONDS
                time.sleep(SOCKET_CHECK_SECONDS)
                continue
            errors.clear()
            try:
                client.connect_to_new_endpoint()
            except SlackApiError as error:
                reason = _one_line(error)
                if error.response.status_code == 200 and reason in TOKEN_ERRORS:
                    raise CannotStart(
                        f"Slack refused SLACK_APP_TOKEN ({reason}). {APP_TOKEN_FIX}"
                    ) from None
            except Exception as error:  # noqa: BLE001 - any failure to connect is retried
                reason = _one_line(error)
            else:
                if client.is_connected():
                    if connected_before:
                        log.info("salesbot: Socket Mode connection reopened")
                    elif health_url:
                        started(
                            "connected to Slack in Socket Mode; health check on "
                            f"{health_url}, metrics on /metrics"
                        )
                    else:
                        started("connected to Slack in Socket Mode")
                    connected_before = True
                    continue
                reason = _one_line(errors[-1]) if errors else "the WebSocket handshake failed"
            log.warning(
                "salesbot: cannot open a Socket Mode connection (%s); retrying in %d s",
                reason,
                delay,
            )
            time.sleep(delay)
            delay = min(delay * 2, SOCKET_RETRY_MAX_SECONDS)
    finally:
        handler.close()
        if health is not None:
            health.close()


def _cannot_start(reason: object) -> None:
    """The one line that says why the bot does not start (JSON when the logs are)."""
    line = f"salesbot cannot start: {reason}"
    if any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers):
        log.critical(line)
    else:
        print(line, file=sys.stderr)


def _check_role(role: str, settings: Settings) -> None:
    if role != "all" and _database_kind(settings) == "SQLite":
        raise CannotStart(
            f"--role {role} needs PostgreSQL: web and worker are separate processes sharing one "
            "database, and a SQLite file serves one process. Leave out --role (web and worker "
            "in one process) or set DATABASE_URL to a PostgreSQL database."
        )


def _stopped(runtime) -> str:
    """The shutdown line: after how many of the sends in flight were finished."""
    finished = runtime.close(send_wait_seconds=SHUTDOWN_WAIT_SECONDS)
    left = runtime.deliverer.in_flight
    line = f"salesbot: stopped; finished {finished} send{'' if finished == 1 else 's'} in flight"
    if left:
        line += f", {left} cut off (taken over after its lease)"
    return line


def malloc_arenas_wanted() -> int:
    """MALLOC_ARENA_MAX, else MALLOC_ARENAS. glibc reads the variable only as a process starts,
    so one from .env (loaded later) would be lost without this. ValueError when it is not a
    whole number of at least 1."""
    text = (os.environ.get("MALLOC_ARENA_MAX") or "").strip()
    if not text:
        return MALLOC_ARENAS
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"MALLOC_ARENA_MAX is '{text}'. Use a whole number of at least 1.")
    return int(text)


def fewer_malloc_arenas() -> bool:
    """Cap glibc's malloc arenas at `malloc_arenas_wanted()`, before the first thread starts;
    False where there is nothing to set (a C library other than glibc)."""
    arenas = malloc_arenas_wanted()
    import ctypes  # only here: 0.3 MiB

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already runs on
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))


def _serve(settings: Settings, role: str = "all") -> int:
    """Check the token, migrate, serve until SIGTERM; one line at start and one at shutdown."""
    _stop_on_sigterm()
    fewer_malloc_arenas()
    runtime = guard = None
    stopped = "salesbot: stopped"

    def started(what: str) -> None:
        # What the start loaded (modules, the app, the runtime) lives as long as the process.
        # Frozen, a full garbage collection no longer walks it: 190 ms with every thread
        # stopped, in the middle of a burst of acks (issue 14). Collected first: garbage
        # frozen with it would never be freed.
        gc.collect()
        gc.freeze()
        log.info(
            "salesbot: %s; %s database; workspace %s%s",
            what,
            _database_kind(settings),
            workspace,
            "" if role == "all" else f"; role {role}",
        )

    try:
        _check_role(role, settings)
        if settings.many_workspaces:
            # No token of its own: each workspace installs the bot from the install page.
            address = _address(settings)
            workspace = (
                f"any (workspaces install it at http://{address}:{settings.port}/slack/install, "
                "behind your public URL)"
            )
            team_id = ""
        else:
            workspace, team_id = _workspace(settings)
        guard = _one_process_on_sqlite(settings)
        runtime = _start_runtime(
            settings, team_id=team_id, role=role, worker=role != "web", clock=role != "web"
        )
        if role == "worker":
            os.nice(WORKER_NICENESS)
            _serve_http(runtime, settings, started, health_only=True)
        elif settings.socket_mode:
            _serve_socket_mode(runtime, settings, started)
        else:
            _serve_http(runtime, settings, started)
    except CannotStart as error:
        _cannot_start(error)
        return error.code
    except KeyboardInterrupt:
        pass
    finally:
        if runtime is not None:
            stopped = _stopped(runtime)
        if guard is not None:
            guard.release()
    log.info(stopped)
    return 0


def _one_process_on_sqlite(settings: Settings):
    """SQLite serves one process: a second one on the same file stops here in one line."""
    from storage.db import DatabaseInUse, claim_single_process

    try:
        return claim_single_process(settings.database_url)
    except DatabaseInUse as error:
        raise CannotStart(str(error)) from None


DEMO_HINT = "To see the bot without a Slack workspace first: scripts/run demo"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo"]:
        from bot.demo.main import main as demo

        return demo(argv[1:])
    args = _parse_args(argv)
    load_dotenv(os.environ.get("SALESBOT_ENV_FILE", ".env"))
    level = (os.environ.get("LOG_LEVEL") or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        print(
            f"salesbot cannot start: LOG_LEVEL is '{level}'. Use DEBUG, INFO, WARNING or ERROR.",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    log_format = (os.environ.get("LOG_FORMAT") or "text").strip().lower()
    if log_format not in LOG_FORMATS:
        print(
            f"salesbot cannot start: LOG_FORMAT is '{log_format}'. Use text (the default) or "
            "json (one JSON object per line).",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    try:
        malloc_arenas_wanted()
    except ValueError as error:
        print(f"salesbot cannot start: {error}", file=sys.stderr)
        return EXIT_SETTINGS
    _configure_logging(level, log_format)
    try:
        settings = load_settings()
    except ConfigError as error:
        missing_slack = "SLACK_BOT_TOKEN" in str(error) or "SLACK_SIGNING_SECRET" in str(error)
        hint = f" ({DEMO_HINT}.)" if missing_slack else ""
        _cannot_start(f"{error}{hint}")
        return EXIT_SETTINGS
    # Bolt reads the token from the environment too and, beside the client it is given,
    # warns that it goes unused; the settings hold it from here on.
    os.environ.pop("SLACK_BOT_TOKEN", None)

    if args.command == "status":
        from bot.status import print_status

        return print_status(settings)

    if args.command == "tick":
        at = _parse_at(args.at)
        if at is None:
            return EXIT_SETTINGS
        # --at decides what is due; leases, records and retries keep the real clock, so a
        # tick never takes over a message the running bot is sending.
        try:
            runtime = _start_runtime(settings, role="tick", worker=False)
        except CannotStart as error:
            _cannot_start(error)
            return error.code
        try:
            return _tick(runtime, at, args.dry_run)
        finally:
            runtime.close()

    return _serve(settings, args.role)


if __name__ == "__main__":
    sys.exit(main())
