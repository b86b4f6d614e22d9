"""The layers hold: the import contracts pass, and no two modules import each other, even through others."""

import subprocess
import sys
from pathlib import Path

import grimp
from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGES = ("intl_office", "partners", "programs", "students", "experts")


def strongly_connected(graph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph: each group of modules that reach one another."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    counter = 0

    def visit(module):
        nonlocal counter
        work = [(module, iter(sorted(graph.find_modules_directly_imported_by(module))))]
        index[module] = low[module] = counter
        counter += 1
        stack.append(module)
        on_stack.add(module)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


class ArchitectureTests(SimpleTestCase):
    def test_no_module_imports_itself_through_others(self):
        graph = grimp.build_graph(*PACKAGES, cache_dir=None)
        cycles = [sorted(group) for group in strongly_connected(graph) if len(group) > 1]
        self.assertEqual(cycles, [])

    def test_the_cycle_finder_sees_a_cycle(self):
        graph = grimp.ImportGraph()
        for module in ("a", "b", "c"):
            graph.add_module(module)
        graph.add_import(importer="a", imported="b")
        graph.add_import(importer="b", imported="a")
        graph.add_import(importer="b", imported="c")
        self.assertEqual(sorted(sorted(group) for group in strongly_connected(graph) if len(group) > 1), [["a", "b"]])

    def test_the_import_contracts_hold(self):
        lint = Path(sys.executable).with_name("lint-imports")
        result = subprocess.run([lint, "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout[-3000:])
