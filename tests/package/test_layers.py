"""The package's shape: models at the bottom, then attribution -> stance -> frames -> pipeline ->
corpus and labelling -> report, imports pointing one way, no cycles.

Every ``import`` statement is read from the source (function-level ones too), so an import
deferred into a function body to dodge a cycle is caught like any other.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "analysis"
ROOT_MODULES = {"article", "schema", "errors", "config", "version", "parquet_files", "languages"}
LAYERS = {"models": 1, "speakers": 2, "attribution": 3, "stance": 4, "frames": 5, "pipeline": 6, "corpus": 7,
          "labelling": 7, "report": 8}
TOP = 9  # analysis/__init__.py, __main__.py and the command line (analysis.cli) may use everything


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "cli"):
        return TOP
    if parts[1] in ROOT_MODULES:
        return 0
    return LAYERS[parts[1]]


def imports_of(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports (absolute names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "analysis"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "analysis":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


MODULES = sorted(PACKAGE.rglob("*.py"))


def upward_imports(path: Path) -> list[str]:
    """The package modules that ``path`` imports from a later layer (the root package counts as top)."""
    me = module_name(path)
    upward = [m for m in imports_of(path) if m != "analysis" and layer(m) > layer(me)]
    if me != "analysis" and layer(me) < TOP:
        upward += [m for m in imports_of(path) if m == "analysis"]
    return sorted(upward)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_the_pipeline(path: Path) -> None:
    upward = upward_imports(path)
    assert not upward, f"{module_name(path)} (layer {layer(module_name(path))}) imports a later layer: {upward}"


def test_no_import_cycles() -> None:
    graph = {module_name(p): {m for m in imports_of(p) if m != "analysis"} for p in MODULES}
    graph = {k: {m for m in v if m in graph} for k, v in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_no_string_registry_imports() -> None:
    """Backends are imported, not looked up by module-path strings (that hid a cycle before)."""
    offenders = [module_name(p) for p in MODULES
                 if "import_module(" in p.read_text(encoding="utf-8") and p.name != "__init__.py"]
    assert offenders == []


@pytest.mark.parametrize("source, expected", [
    ("from analysis.report import charts\n", ["analysis.report.charts"]),
    ("def late():\n    from ..corpus.store import Corpus\n", ["analysis.corpus.store"]),
    ("import analysis.pipeline\n", ["analysis.pipeline"]),
    ("from analysis import errors\nfrom . import quotes\n", []),
])
def test_the_layer_check_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  source: str, expected: list[str]) -> None:
    """The reader itself, on a module planted in a copy of the tree (absolute, relative and
    function-level imports), not a hand-parsed stand-in."""
    fake_package = tmp_path / "analysis"
    for rel in ("__init__.py", "errors.py", "pipeline.py", "attribution/__init__.py", "attribution/quotes.py",
                "report/__init__.py", "report/charts.py", "corpus/__init__.py", "corpus/store.py"):
        (fake_package / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake_package / rel).write_text("")
    planted = fake_package / "attribution" / "planted.py"
    planted.write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake_package)
    assert upward_imports(planted) == expected


BENCHMARKS = sorted((PACKAGE.parent / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_benchmarks_use_public_names_and_no_path_edits(path: Path) -> None:
    """Benchmarks run as modules (``python -m benchmarks.NAME``): no ``sys.path`` edits in their
    code, and only public names of the package (a private one may change without notice)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
               and (n.module or "").startswith("analysis") for a in n.names if a.name.startswith("_")]
    edits = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "path"
             and isinstance(n.value, ast.Name) and n.value.id == "sys"]
    assert private == [] and edits == [], (private, edits)


def test_benchmarks_import_each_other_without_cycles() -> None:
    names = {p.stem for p in BENCHMARKS}
    graph = {p.stem: {n.module.split(".")[1] for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                      if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("benchmarks.")} & names
             for p in BENCHMARKS}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, "benchmark import cycle: " + " -> ".join((*path, node))
        if node not in done:
            for nxt in sorted(graph[node]):
                visit(nxt, (*path, node))
            done.add(node)

    for name in sorted(graph):
        visit(name, ())
