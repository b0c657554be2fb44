"""Operations as real processes: the container's own commands (Dockerfile CMD and HEALTHCHECK,
run outside Docker), compose.yaml's wiring, JSON logs, web and worker roles, graceful shutdown.

The database is PostgreSQL when TEST_POSTGRES_URL is set (as in production), else SQLite.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import POSTGRES_URL, WINS_CHANNEL, _postgres_schema_url, bot_env
from sqlalchemy import create_engine, text
from test_startup import free_port, one_line_failure, signed_command, wait_healthy

from bot.__main__ import SHUTDOWN_WAIT_SECONDS, JsonFormatter

ROOT = Path(__file__).parent.parent


def dockerfile() -> dict[str, str]:
    """The Dockerfile's instructions (continuation lines joined), the last one of each kind."""
    joined = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    out: dict[str, str] = {}
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            out[word.upper()] = rest.strip()
    return out


def exec_form(instruction: str) -> list[str]:
    """A CMD (or HEALTHCHECK's CMD) in JSON exec form, with the image's python as ours."""
    argv = json.loads(instruction[instruction.index("[") :])
    assert isinstance(argv, list) and all(isinstance(a, str) for a in argv)
    return [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]


@pytest.fixture
def production_url(tmp_path) -> Iterator[str]:
    if POSTGRES_URL:
        yield from _postgres_schema_url()
    else:
        yield f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


def start(argv: list[str], env: dict[str, str], cwd: Path, **more: str) -> subprocess.Popen:
    full_env = {
        "PATH": os.environ.get("PATH", ""),
        "SALESBOT_ENV_FILE": "/nonexistent",
        "LOG_LEVEL": "INFO",
        **env,
        **more,
    }
    return subprocess.Popen(
        argv, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def stop(process: subprocess.Popen) -> tuple[int, list[str]]:
    """SIGTERM, then the exit code and every stderr line."""
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=SHUTDOWN_WAIT_SECONDS + 20)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, err.strip().splitlines()


def outbox_rows(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text("SELECT kind, status FROM outbox"))]
    finally:
        engine.dispose()


# -- the image ------------------------------------------------------------------------------------


def test_the_dockerfile_is_slim_unprivileged_and_installs_no_dev_extras():
    steps = dockerfile()
    assert steps["FROM"] == "python:3.11-slim"
    assert steps["USER"] not in ("root", "0", "")
    assert "pip install ." in steps["RUN"] and "[dev]" not in steps["RUN"]
    assert exec_form(steps["CMD"])[1:] == ["-m", "bot"]
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in ignored and "!.env" not in ignored  # secrets never go into the image


def test_the_containers_command_serves_and_its_health_check_passes(
    fake_slack, production_url, tmp_path
):
    steps = dockerfile()
    port = free_port()
    env = bot_env(fake_slack, production_url, HOST="127.0.0.1", PORT=str(port))
    # The image's working directory is not the source tree: the installed package must do.
    bot = start(exec_form(steps["CMD"]), env, cwd=tmp_path)
    health = exec_form(steps["HEALTHCHECK"])
    try:
        wait_healthy(port, bot)
        check = subprocess.run(health, env={**os.environ, "PORT": str(port)}, timeout=30)
        assert check.returncode == 0
        assert signed_command(fake_slack, port, "Acme 10k", "trig.docker") == 200
        fake_slack.wait_for("chat.postMessage", 1)
    finally:
        code, lines = stop(bot)
    assert code == 0, lines
    [message] = fake_slack.messages(WINS_CHANNEL)
    assert "Acme" in message["text"]
    # The same check fails once nothing answers, so Docker would mark the container unhealthy.
    failed = subprocess.run(
        health, env={**os.environ, "PORT": str(port)}, capture_output=True, timeout=30
    )
    assert failed.returncode != 0


def test_compose_runs_the_bot_over_http_on_a_healthy_postgres():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["build"] == "." and bot["env_file"] == ".env"
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    env = bot["environment"]
    assert env["SLACK_APP_TOKEN"] == ""  # HTTP, whatever .env says
    # The database URL names the db service and the credentials it is created with.
    db_env = db["environment"]
    url = env["DATABASE_URL"].replace("${POSTGRES_PASSWORD:-salesbot}", "salesbot")
    password = db_env["POSTGRES_PASSWORD"].replace("${POSTGRES_PASSWORD:-salesbot}", "salesbot")
    assert url == (
        f"postgresql://{db_env['POSTGRES_USER']}:{password}@db:5432/{db_env['POSTGRES_DB']}"
    )
    assert f"{env['PORT']}:{env['PORT']}" in bot["ports"]
    assert db["image"] == "postgres:15"
    [volume] = db["volumes"]
    name, mount = volume.split(":")
    assert mount == "/var/lib/postgresql/data" and name in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    # Docker kills after the grace period: it must outlast the bot's wait for its sends.
    assert int(bot["stop_grace_period"].removesuffix("s")) > SHUTDOWN_WAIT_SECONDS


# -- logs -----------------------------------------------------------------------------------------


def test_json_logs_are_one_object_per_line(fake_slack, production_url, tmp_path):
    port = free_port()
    env = bot_env(fake_slack, production_url, HOST="127.0.0.1", PORT=str(port))
    fake_slack.fail_next("chat.postMessage", status=500)  # a warning, logged along the way
    bot = start([sys.executable, "-m", "bot"], env, cwd=tmp_path, LOG_FORMAT="json")
    try:
        wait_healthy(port, bot)
        assert signed_command(fake_slack, port, "Acme 10k", "trig.json") == 200
        fake_slack.wait_for("chat.postMessage", 1, ok_only=False)
    finally:
        code, lines = stop(bot)
    assert code == 0
    entries = [json.loads(line) for line in lines]  # every line, or this fails
    assert all(set(e) >= {"time", "level", "logger", "message"} for e in entries)
    for entry in entries:
        moment = datetime.fromisoformat(entry["time"])
        assert moment.utcoffset() == timedelta(0)
    messages = [e["message"] for e in entries]
    assert messages[0].startswith("salesbot: serving Slack over HTTP")
    assert any("retrying at" in m for m in messages)
    assert messages[-1].startswith("salesbot: stopped")


def test_a_json_log_line_carries_the_exception():
    record = None
    try:
        raise ValueError('a "quoted"\nand multi-line problem')
    except ValueError:
        record = logging.LogRecord(
            "bot.test", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.test"
    assert entry["message"] == "failed here"
    assert entry["exception"].startswith("Traceback") and "ValueError" in entry["exception"]


def test_a_wrong_log_format_is_one_line(fake_slack, sqlite_url, tmp_path):
    bot = start(
        [sys.executable, "-m", "bot"], bot_env(fake_slack, sqlite_url), tmp_path, LOG_FORMAT="xml"
    )
    assert one_line_failure(bot, 2) == (
        "LOG_FORMAT is 'xml'. Use text (the default) or json (one JSON object per line)."
    )


def test_a_start_up_failure_is_json_too_when_the_logs_are(fake_slack, sqlite_url, tmp_path):
    env = bot_env(fake_slack, sqlite_url, SLACK_BOT_TOKEN="xoxb-revoked")
    bot = start([sys.executable, "-m", "bot"], env, tmp_path, LOG_FORMAT="json")
    _out, err = bot.communicate(timeout=60)
    assert bot.returncode == 2
    [line] = err.strip().splitlines()
    assert json.loads(line)["message"].startswith("salesbot cannot start: Slack refused")


# -- graceful shutdown ----------------------------------------------------------------------------


def test_sigterm_during_a_slow_send_finishes_it_once_starts_no_other_and_exits_0(
    fake_slack, production_url, tmp_path
):
    port = free_port()
    env = bot_env(fake_slack, production_url, HOST="127.0.0.1", PORT=str(port), SLACK_TIMEOUT="10")
    # Slack takes the first post at once and answers 3 s later: the bot is mid-send meanwhile,
    # with two more celebrations queued behind it.
    fake_slack.slow_next("chat.postMessage", delay=3)
    bot = start([sys.executable, "-m", "bot"], env, cwd=tmp_path)
    try:
        wait_healthy(port, bot)
        for n, client in enumerate(("Acme 10k", "Globex 5k", "Initech 7k")):
            assert signed_command(fake_slack, port, client, f"trig.slow.{n}") == 200
        fake_slack.wait_for("chat.postMessage", 1, ok_only=False)
    finally:
        code, lines = stop(bot)
    assert code == 0, lines
    assert lines[-1].endswith("salesbot: stopped; finished 1 send in flight"), lines
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    # The send in flight is recorded; the others wait, unclaimed, for the next process.
    assert sorted(outbox_rows(production_url)) == [
        ("celebrate", "pending"),
        ("celebrate", "pending"),
        ("celebrate", "sent"),
    ]
    bot = start([sys.executable, "-m", "bot"], env, cwd=tmp_path)
    try:
        wait_healthy(port, bot)
        fake_slack.wait_for("chat.postMessage", 3)
    finally:
        code, lines = stop(bot)
    assert code == 0, lines
    texts = [m["text"] for m in fake_slack.messages(WINS_CHANNEL)]
    for client in ("Acme", "Globex", "Initech"):  # each once
        assert len([t for t in texts if client in t]) == 1, texts
    assert sorted(outbox_rows(production_url)) == [("celebrate", "sent")] * 3


def test_a_stopped_pass_hands_back_the_rest_of_its_batch(make_bot, database_url, fake_slack):
    bot = make_bot(database_url)
    for n, client in enumerate(("Acme 10k", "Globex 5k", "Initech 7k")):
        bot.command(client, trigger_id=f"trig.batch.{n}")
    stop = threading.Event()
    pauses = []

    def pause() -> None:  # before each message of the batch; stop comes during the first send
        pauses.append(1)
        if len(pauses) == 2:
            stop.set()

    assert bot.runtime.deliverer.deliver_due(pause=pause, stop=stop) == 1
    assert bot.runtime.deliverer.in_flight == 0
    # Claimed together, the two untried ones are due again at once, not leased for minutes.
    assert sorted(outbox_rows(database_url)) == [
        ("celebrate", "pending"),
        ("celebrate", "pending"),
        ("celebrate", "sent"),
    ]
    assert bot.deliver() == 2
    assert len(fake_slack.messages(WINS_CHANNEL)) == 3


# -- roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["web", "worker"])
def test_a_split_role_on_sqlite_is_refused_in_one_line(fake_slack, sqlite_url, tmp_path, role):
    bot = start(
        [sys.executable, "-m", "bot", "--role", role], bot_env(fake_slack, sqlite_url), tmp_path
    )
    line = one_line_failure(bot, 2)
    assert line.startswith(f"--role {role} needs PostgreSQL: web and worker are separate")
    assert fake_slack.calls == []  # refused before anything else


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def niceness(pid: int) -> int:
    """A process's nice value, as the kernel reports it (field 19 of /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_web_queues_and_the_worker_sends(fake_slack, postgres_url, tmp_path):
    web_port, worker_port = free_port(), free_port()
    env = bot_env(fake_slack, postgres_url, HOST="127.0.0.1")
    web = start([sys.executable, "-m", "bot", "--role", "web"], env, tmp_path, PORT=str(web_port))
    try:
        wait_healthy(web_port, web)
        assert signed_command(fake_slack, web_port, "Acme 10k", "trig.web") == 200
    finally:
        code, web_lines = stop(web)
    assert code == 0, web_lines
    assert "role web" in web_lines[0]
    # The web process answered and queued, and sent nothing itself.
    assert outbox_rows(postgres_url) == [("celebrate", "pending")]
    assert fake_slack.calls_to("chat.postMessage") == []

    worker = start(
        [sys.executable, "-m", "bot", "--role", "worker"], env, tmp_path, PORT=str(worker_port)
    )
    try:
        wait_healthy(worker_port, worker)
        # The worker gives way to the web role for the CPU: acks first while it drains.
        assert niceness(worker.pid) == os.getpriority(os.PRIO_PROCESS, 0) + 10
        fake_slack.wait_for("chat.postMessage", 1)
        # Slack's requests are not the worker's to answer.
        assert get(f"http://127.0.0.1:{worker_port}/slack/events") == 404
    finally:
        code, worker_lines = stop(worker)
    assert code == 0, worker_lines
    assert "sending the outbox and running the clock" in worker_lines[0]
    [message] = fake_slack.messages(WINS_CHANNEL)
    assert "Acme" in message["text"]
    assert outbox_rows(postgres_url) == [("celebrate", "sent")]


def test_the_readme_shows_how_to_run_in_production():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Running in production", 1)[1].split("\n## ", 1)[0]
    for needed in ("docker compose up", "--role web", "--role worker", "LOG_FORMAT=json"):
        assert needed in section, needed


# Six threads alive at once, each allocating through malloc (bytes of 4 KiB are above
# Python's own small-object allocator), then glibc's own count of its arenas on stderr.
ARENA_PROBE = """
import ctypes, os, sys, threading
from bot.__main__ import fewer_malloc_arenas
if sys.argv[1] == "dotenv":  # set after the process started, as load_dotenv does
    os.environ["MALLOC_ARENA_MAX"] = "3"
capped = fewer_malloc_arenas() if sys.argv[1] != "plain" else None
ready = threading.Barrier(7)
def allocate():
    kept = [bytes(4096) for _ in range(50)]
    ready.wait()
    ready.wait()
threads = [threading.Thread(target=allocate) for _ in range(6)]
for thread in threads:
    thread.start()
ready.wait()
ctypes.CDLL(None).malloc_stats()
ready.wait()
print(capped)
"""


def malloc_arenas(mode: str, **env: str) -> tuple[int, str]:
    """How many malloc arenas the probe's process had, and what fewer_malloc_arenas said."""
    probe = subprocess.run(
        [sys.executable, "-c", ARENA_PROBE, mode],
        env={k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return probe.stderr.count("Arena "), probe.stdout.strip()


def test_the_bot_keeps_to_two_malloc_arenas_however_many_threads():
    assert malloc_arenas("capped") == (2, "True")
    # Without the cap the same threads each take one of their own: the probe sees the difference.
    uncapped, _ = malloc_arenas("plain")
    assert uncapped >= 5


def test_malloc_arena_max_in_the_environment_decides():
    assert malloc_arenas("capped", MALLOC_ARENA_MAX="3") == (3, "True")


def test_malloc_arena_max_from_env_file_decides_too():
    """glibc reads the variable only as the process starts; .env is loaded later."""
    assert malloc_arenas("dotenv") == (3, "True")


def test_a_malloc_arena_max_that_is_no_number_is_one_line(fake_slack, sqlite_url, tmp_path):
    bot = start(
        [sys.executable, "-m", "bot"],
        bot_env(fake_slack, sqlite_url),
        tmp_path,
        MALLOC_ARENA_MAX="lots",
    )
    assert (
        one_line_failure(bot, 2) == "MALLOC_ARENA_MAX is 'lots'. Use a whole number of at least 1."
    )
