"""No two modules of ``viewer/`` import each other, directly or through others.

The graph counts every import a module can make: at the top, inside functions (deferred
imports still tie two modules together) and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "viewer"


def module_name(path: Path) -> str:
    """``viewer/ui/window.py`` -> ``viewer.ui.window``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, name: str, modules: set[str]) -> set[str]:
    """The modules of ``viewer`` that the module ``name`` (file ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # ``from viewer.ui import theme`` imports a module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Every module of ``viewer`` and the modules of ``viewer`` it imports."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported_names(path, name, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other (strongly connected, Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_sees_the_imports_it_must_see() -> None:
    graph = import_graph()
    assert "viewer.core.articles" in graph["viewer.ui.reader"]  # from viewer.core.articles ...
    assert "viewer.ui.theme" in graph["viewer.ui.reader"]  # from viewer.ui import theme
    assert "viewer.app" in graph["viewer.cli"]  # a deferred import, inside a function


def test_a_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_two_modules_of_viewer_import_each_other() -> None:
    found = cycles(import_graph())
    assert found == [], "modules that import each other: " + "; ".join(
        " <-> ".join(group) for group in found
    )


def test_only_the_command_line_starts_the_kiosk_window() -> None:
    """The commands (--self-test, --diagnose, ...) never import the kiosk's start-up."""
    importers = sorted(name for name, imports in import_graph().items() if "viewer.app" in imports)
    assert importers == ["viewer.cli"]


def test_only_the_paths_module_knows_about_frozen_builds() -> None:
    knowing = sorted(
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if '"frozen"' in path.read_text(encoding="utf-8")
        or "_MEIPASS" in path.read_text(encoding="utf-8")
    )
    assert knowing == ["viewer/paths.py"]


def test_no_controller_imports_the_window() -> None:
    importers = sorted(n for n, imports in import_graph().items() if "viewer.ui.window" in imports)
    # They build a window (start_fleet adds the fleet's parts to one); nothing reaches back.
    assert importers == ["viewer.app", "viewer.selftest", "viewer.ui.fleet"]


def test_the_core_does_not_read_the_configuration() -> None:
    graph = import_graph()
    readers = sorted(
        name for name in graph if name.startswith("viewer.core") and "viewer.config" in graph[name]
    )
    assert readers == []
