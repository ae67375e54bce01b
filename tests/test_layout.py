"""The house rules of the source tree, checked by walking every module's imports.

Stages import only what comes before them (core ← extract ← transform ← warehouse ← web ← flows: the
CLI serves the workspace; the sample portal sits beside warehouse and uses only the format core), modules import no other
module's private names, and there is no import circle. Every import counts: inside functions and
under ``TYPE_CHECKING`` too, since a circle there is still a circle for the reader of the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Folder → rank. A module may import its own stage and stages of a lower rank only.
STAGES = {"core": 0, "extract": 1, "transform": 2, "warehouse": 3, "demo": 3, "web": 4, "flows": 5}
GENERIC_NAMES = frozenset(STAGES)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return "nianbao." + ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for stage in STAGES for p in sorted((ROOT / stage).rglob("*.py"))}


def imports_of(name: str, source: str, is_package: bool = False) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import statement in ``source``."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [alias.name for alias in node.names], node.lineno))
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "nianbao" and parts[1] in STAGES else None


def layout_violations(name: str, source: str, known: set[str], is_package: bool = False) -> list[str]:
    """What breaks the house rules in one module (``known``: every project module's name)."""
    here = stage_of(name)
    out = []
    for target, names, line in imports_of(name, source, is_package):
        where = f"{name}:{line}"
        if target.split(".")[0] in GENERIC_NAMES:
            out.append(f"{where} imports {target!r} by its folder name; use nianbao.{target}")
            continue
        there = stage_of(target)
        if there is None:
            continue
        if there != here and STAGES[there] >= STAGES[here]:
            out.append(f"{where}: {here} must not import {there} ({target})")
        if target != name:
            for imported in names:
                submodule = f"{target}.{imported}"
                if imported.startswith("_") and submodule not in known:
                    out.append(f"{where} takes the private name {imported} from {target}")
    return out


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, names, _ in imports_of(
            name, path.read_text(encoding="utf-8"), path.name == "__init__.py"
        ):
            # ``from pkg import module`` depends on the module; ``from module import name`` on the module
            candidates = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules] or [target]
            graph[name] |= {c for c in candidates if c in modules and c != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_stage_imports_a_later_one_or_a_private_name():
    modules = project_modules()
    known = set(modules)
    problems = [
        problem
        for name, path in modules.items()
        for problem in layout_violations(
            name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py"
        )
    ]
    assert problems == []


def test_no_import_circle():
    assert find_cycle(import_graph(project_modules())) is None


def test_extract_has_a_room_per_reader_and_for_collecting():
    rooms = {p.parent.name for p in (ROOT / "extract").glob("*/__init__.py")}
    assert {"collect", "pdf", "html", "docx", "lines"} <= rooms


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "nianbao.extract.pdf.page",
            "from nianbao.transform.build import x\n",
            "extract must not import transform",
        ),
        (
            "nianbao.core.labels",
            "def f():\n    from nianbao.extract.read import y\n",
            "core must not import extract",
        ),
        ("nianbao.demo.site", "from nianbao.warehouse.db import connect\n", "demo must not import warehouse"),
        ("nianbao.extract.read", "from extract.document import Table\n", "by its folder name"),
        ("nianbao.extract.lines.tables", "from .tokens import _Line\n", "private name _Line"),
    ],
)
def test_the_checker_catches_each_kind_of_breach(module, source, expected):
    problems = layout_violations(module, source, set(project_modules()))
    assert any(expected in p for p in problems), problems


def test_the_checker_allows_forward_imports_and_its_own_stage():
    source = "from nianbao.core.catalog import metrics\nfrom nianbao.extract.document import Table\n"
    assert layout_violations("nianbao.transform.build", source, set(project_modules())) == []


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
