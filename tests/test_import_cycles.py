"""No import cycles in the supplygraph package: imports go one way, found by reading the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import supplygraph

PACKAGE = Path(supplygraph.__file__).parent


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph(PACKAGE)
    assert "supplygraph.graph.lookup" in graph and "supplygraph.api.app" in graph  # the walk follows the symlinks
    assert cycles(graph) == []


def test_the_checker_finds_a_cycle_through_a_function_level_import(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text("from pkg.sub.b import thing\n")
    (package / "sub" / "b.py").write_text("def thing():\n    from pkg.sub import a  # lazy, still a cycle\n")
    (package / "sub" / "c.py").write_text("import pkg.sub.a\n")
    assert cycles(import_graph(package)) == [["pkg.sub.a", "pkg.sub.b"]]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, anywhere in its body (lazy imports count)."""
    modules = {_module_name(package, path): path for path in _sources(package)}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from pkg.sub import a" imports the module pkg.sub.a when there is one, else a name of pkg.sub
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    imported.add(submodule if submodule in modules else node.module)
        found[name] = {m for m in imported if m in modules and m != name}
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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
    return sorted(groups)


def _sources(package: Path) -> list[Path]:
    # rglob does not follow symbolic links to folders before Python 3.13; the subpackages are such links
    found = []
    for entry in sorted(package.iterdir()):
        if entry.is_dir() and (entry / "__init__.py").exists():
            found += _sources(entry)
        elif entry.suffix == ".py":
            found.append(entry)
    return found


def _module_name(package: Path, path: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
