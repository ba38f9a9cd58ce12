"""Layers point one way: the imports that used to run in circles or up the layers stay gone.

Read from the source (every import, at module level or inside a function), so a circle
hidden behind a function-local import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import tracker
from tracker import app, registry
from tracker.app import create_app

PACKAGE = Path(tracker.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The nodes inside `if TYPE_CHECKING:` blocks: imports for types, never run."""
    return {
        inner
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for child in node.body
        for inner in ast.walk(child)
    }


def _imports(path: Path, *, at_run_time: bool = False) -> set[str]:
    """Every tracker module `path` imports, anywhere in it (at run time: not those imported
    for types only, under `if TYPE_CHECKING:`)."""
    found = set()
    tree = ast.parse(path.read_text())
    skipped = _type_checking_only(tree) if at_run_time else set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("tracker")}


GRAPH = {_module(path): _imports(path) for path in PACKAGE.rglob("*.py")}
RUN_TIME = {_module(path): _imports(path, at_run_time=True) for path in PACKAGE.rglob("*.py")}


def _reaches(source: str, target: str, graph: dict[str, set[str]] = GRAPH) -> list[str]:
    """The modules of `source` (a module or package) that import from `target`."""
    return sorted(
        module
        for module, imported in graph.items()
        if (module == source or module.startswith(f"{source}."))
        and any(name == target or name.startswith(f"{target}.") for name in imported)
    )


def test_the_circles_that_were_are_gone() -> None:
    assert _reaches("tracker.database", "tracker.extensions") == []
    assert _reaches("tracker.ratelimit", "tracker.auth") == []


def test_lower_layers_do_not_import_the_ones_built_on_them() -> None:
    assert _reaches("tracker.web", "tracker.api") == []
    above_auth = (
        "tracker.settings",
        "tracker.api",
        "tracker.calendars",
        "tracker.shares",
        "tracker.today",
    )
    for above in above_auth:
        assert _reaches("tracker.auth", above) == [], above


def test_the_shared_layer_names_no_domain_at_run_time() -> None:
    """What every domain's pages and services build on (web, journal, entries, entry_views,
    kind) imports no domain when it runs: a domain's type is imported for types only."""
    domains = {"tracker.auth"} | {
        model.__module__.rsplit(".", 1)[0] for kind in registry.KINDS for model in kind.models
    }
    shared = ("tracker.web", "tracker.journal", "tracker.entries", "tracker.entry_views")
    for source in (*shared, "tracker.kind"):
        for domain in sorted(domains):
            assert _reaches(source, domain, RUN_TIME) == [], (source, domain)


def test_create_app_imports_nothing_itself() -> None:
    tree = ast.parse(Path(app.__file__).read_text())
    (function,) = [n for n in tree.body if getattr(n, "name", None) == create_app.__name__]
    local = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert local == []


def test_no_listener_is_put_on_sqlalchemys_global_classes() -> None:
    """Listeners go on the app's engine and db.session (init_app), never on Engine, Session or
    Mapper themselves, where every engine and session of the process would run them."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) in ("listen", "listens_for")
                and node.args
                and getattr(node.args[0], "id", None) in ("Engine", "Session", "Mapper")
            ):
                found.append(f"{_module(path)}:{node.lineno}")
    assert found == []
