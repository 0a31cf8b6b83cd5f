"""The package's shape: imports among autograd_lib's modules point one way (no cycle).

Imports are read with `ast`, not executed. An edge ``a -> b`` means module ``a`` imports
``b`` when it is loaded (at module level, class bodies included). A package's submodules
import their package implicitly, and a package's ``__init__`` may import its submodules to
export their names: that implicit edge is Python's, so only written imports count.

A late import (inside a function) of a module of the package hides a dependency from this
check, so only one is allowed: the backward pass's lookup of the Tensor class
(``autograd_lib.tensor.backward._lookup_tensor``; tensor.py imports the backward pass).
"""

import ast
from pathlib import Path

import pytest

from autograd_lib.graph import CycleError, topological_sort

PACKAGE = Path(__file__).resolve().parent.parent / "autograd_lib"
ALLOWED_LATE_IMPORTS = {("autograd_lib.tensor.backward", "_lookup_tensor")}
MODULE_LINES = 420  # "about 400 lines" for each module of the tensor engine and the compiler


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def targets(node: ast.Import | ast.ImportFrom, importer: str) -> set[str]:
    """The package's modules an import statement loads (a name imported from a package
    counts as its submodule when one has that name)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:  # relative: from the importer's package, up level - 1
        package = importer.split(".")
        if MODULES[importer].name != "__init__.py":
            package = package[:-1]
        package = ".".join(package[: len(package) - node.level + 1])
        base = f"{package}.{base}" if base else package
    found = set()
    for alias in node.names:
        if f"{base}.{alias.name}" in MODULES:
            found.add(f"{base}.{alias.name}")
        elif base in MODULES:
            found.add(base)
    return found


def imports(name: str) -> tuple[set[str], list[tuple[str, str]]]:
    """A module's load-time imports of the package, and its late ones as (function, module)."""
    tree = ast.parse(MODULES[name].read_text())
    loaded: set[str] = set()
    late: list[tuple[str, str]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in targets(child, name):
                    if function is None:
                        loaded.add(target)
                    else:
                        late.append((function, target))
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inner = getattr(child, "name", "<lambda>") if function is None else function
            visit(child, inner)

    visit(tree, None)
    return loaded, late


def test_the_import_reader_sees_the_engine_layers():
    # The check below is only as good as its reading of imports: a known edge must be found.
    assert "autograd_lib.tensor.mode" in imports("autograd_lib.tensor.tensor")[0]
    assert "autograd_lib.tensor.tensor" in imports("autograd_lib.tensor.function")[0]
    late = imports("autograd_lib.tensor.backward")[1]
    assert late == [("_lookup_tensor", "autograd_lib.tensor.tensor")]


def test_no_import_cycle_among_the_package_modules():
    graph = {name: imports(name)[0] for name in MODULES}
    try:
        order = topological_sort(graph, lambda name: sorted(graph[name]), key=None)
    except CycleError as err:
        pytest.fail(f"import cycle through {err.node}")
    assert set(order) == set(MODULES)


def test_the_only_late_import_is_the_backward_pass_lookup_of_tensor():
    late = {(name, function) for name in MODULES for function, _ in imports(name)[1]}
    assert late == ALLOWED_LATE_IMPORTS


def test_grad_mode_is_a_leaf_of_the_package():
    assert imports("autograd_lib.tensor.mode")[0] == set()


@pytest.mark.parametrize("package", ["autograd_lib.tensor", "autograd_lib.compiler"])
def test_no_module_of_the_engine_or_the_compiler_is_over_about_400_lines(package):
    modules = [p for name, p in MODULES.items() if name.startswith(package)]
    assert len(modules) > 1, package
    lines = {p.name: len(p.read_text().splitlines()) for p in modules}
    assert max(lines.values()) <= MODULE_LINES, lines
