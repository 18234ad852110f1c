"""Print which top-level packages each package imports, the cycles, imports hidden in functions and
module sizes. Usage: python scripts/import_graph.py  (run from the project root; migrations and tests
are left out)."""

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGES = ["mieux", "requests_app", "actions", "experts", "reporting"]
ROOT = Path(__file__).resolve().parent.parent


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield package, path


def imported_packages(tree):
    """Yield (package, inside_function) for every import of another project package."""
    def visit(node, inside):
        for child in ast.iter_child_nodes(node):
            nested = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name.split(".")[0], nested
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                yield child.module.split(".")[0], nested
            yield from visit(child, nested)
    yield from visit(tree, False)


def main():
    graph = defaultdict(set)
    hidden = []
    sizes = []
    for package, path in modules():
        source = path.read_text()
        sizes.append((len(source.splitlines()), path.relative_to(ROOT)))
        for target, inside in imported_packages(ast.parse(source)):
            if target in PACKAGES and target != package:
                graph[package].add(target)
                if inside:
                    hidden.append(f"{path.relative_to(ROOT)} -> {target}")
    print("Package -> packages it imports")
    for package in PACKAGES:
        print(f"  {package:<13} -> {', '.join(sorted(graph[package])) or '(none)'}")
    cycles = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if a in graph.get(b, ())})
    print(f"Pairs importing each other: {len(cycles)}" + "".join(f"\n  {a} <-> {b}" for a, b in cycles))
    print(f"Cross-package imports inside functions: {len(hidden)}" + "".join(f"\n  {h}" for h in hidden))
    big = sorted((s for s in sizes if s[0] > 500), reverse=True)
    print(f"Modules over 500 lines: {len(big)}" + "".join(f"\n  {n:>5} {p}" for n, p in big))
    return 1 if cycles or big else 0


if __name__ == "__main__":
    sys.exit(main())
