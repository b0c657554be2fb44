"""The shape of the code (issue 11), checked from the source so it cannot drift back:
the outbox and the clock know no feature, domain code touches neither Slack nor the database,
a handler never imports another feature's handlers, and listeners are short module-level
functions that `register` only wires."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = (
    "wins",
    "meetings",
    "agenda",
    "plans",
    "oneonones",
    "checkins",
    "managers",
    "home",
    "export",
    "leaderboard",
    "culture",
    "workspaces",
    "erasure",
)
INFRASTRUCTURE = (
    "bot/jobs/outbox.py",
    "bot/jobs/schedule.py",
    "storage/outbox.py",
    "storage/db.py",
)
LISTENER_MAX_LINES = 40


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports (`from a.b import c` counts as a.b and a.b.c)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def feature_modules(feature: str) -> set[str]:
    return {
        f"bot.{layer}.{feature}" for layer in ("handlers", "views", "texts", "domain", "jobs")
    } | {f"storage.{feature}"}


@pytest.mark.parametrize("module", INFRASTRUCTURE)
def test_the_outbox_and_the_clock_import_no_feature(module: str) -> None:
    imported = imports_of(ROOT / module)
    every_feature = set().union(*(feature_modules(f) for f in FEATURES))
    # Which workspaces are installed (and their settings) is tenancy every pass must know.
    every_feature -= {"storage.workspaces"}
    assert imported & every_feature == set()


@pytest.mark.parametrize("feature", FEATURES)
def test_each_feature_has_its_files_under_one_name(feature: str) -> None:
    """Looking for a feature by its name finds it in every layer it has."""
    layers = [
        ROOT / "bot" / layer / f"{feature}.py" for layer in ("handlers", "views", "texts", "jobs")
    ]
    missing = [str(p.relative_to(ROOT)) for p in layers if not p.exists()]
    assert missing == []


def test_domain_code_touches_neither_slack_nor_the_database() -> None:
    for path in sorted((ROOT / "bot" / "domain").glob("*.py")):
        imported = imports_of(path)
        outside = {
            name
            for name in imported
            if name.split(".")[0]
            in ("slack_bolt", "slack_sdk", "storage", "sqlmodel", "sqlalchemy")
            or name.startswith(("bot.handlers", "bot.jobs"))
        }
        assert outside == set(), path.name


def test_views_touch_neither_slack_nor_the_database() -> None:
    for path in sorted((ROOT / "bot" / "views").glob("*.py")):
        imported = imports_of(path)
        outside = {
            name
            for name in imported
            if name.split(".")[0] in ("slack_bolt", "slack_sdk", "storage", "sqlmodel")
            or name.startswith(("bot.handlers", "bot.jobs"))
        }
        assert outside == set(), path.name


def test_use_cases_never_import_bolt() -> None:
    for path in sorted((ROOT / "bot" / "jobs").glob("*.py")):
        assert not {n for n in imports_of(path) if n.startswith("slack_bolt")}, path.name


@pytest.mark.parametrize("feature", FEATURES)
def test_a_handler_never_imports_another_features_handlers(feature: str) -> None:
    path = ROOT / "bot" / "handlers" / f"{feature}.py"
    others = {f"bot.handlers.{f}" for f in FEATURES if f != feature}
    assert imports_of(path) & others == set()


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef)]


@pytest.mark.parametrize("feature", FEATURES)
def test_listeners_are_short_module_level_functions(feature: str) -> None:
    tree = ast.parse((ROOT / "bot" / "handlers" / f"{feature}.py").read_text(encoding="utf-8"))
    register = next(f for f in _functions(tree) if f.name == "register")
    nested = [
        n.name for n in ast.walk(register) if isinstance(n, ast.FunctionDef) and n is not register
    ]
    assert nested == [], "register() only wires listeners"
    long = {
        f.name: (f.end_lineno or f.lineno) - f.lineno + 1
        for f in _functions(tree)
        if f.name.startswith("handle_")
        and (f.end_lineno or f.lineno) - f.lineno + 1 > LISTENER_MAX_LINES
    }
    assert long == {}


def test_modules_import_each_other_one_way_only() -> None:
    """No import cycles in bot/ and storage/ (an import inside a function counts too)."""
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): path
        for folder in ("bot", "storage")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    }
    graph = {name: imports_of(path) & modules.keys() for name, path in modules.items()}
    state: dict[str, str] = {}
    cycles: list[str] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
