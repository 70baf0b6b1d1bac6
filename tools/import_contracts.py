"""The import-linter contract that forbids every import circle between modules.

import-linter's own `acyclic_siblings` compares siblings only, so it cannot see a package that
imports a module inside it which imports the package back (the blueprint whose `__init__`
imports its views after they have imported `bp` from it). This contract looks at the modules
themselves: any strongly connected set of two or more modules inside the named packages is a
circle, whatever the nesting, and imports under `if TYPE_CHECKING:` or inside functions count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.imports import Module


def import_circles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return each set of modules that import one another in a circle, sorted by name.

    Tarjan's algorithm, written without recursion so that a deep chain cannot hit the
    interpreter's recursion limit.
    """
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles: list[list[str]] = []
    for start in sorted(imports):
        if start in index:
            continue
        index[start] = lowlink[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(sorted(imports[start])))]
        while work:
            module, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = lowlink[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(imports.get(target, ())))))
                    break
                if target in on_stack:
                    lowlink[module] = min(lowlink[module], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowlink[parent] = min(lowlink[parent], lowlink[module])
                if lowlink[module] == index[module]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == module:
                            break
                    if len(members) > 1:
                        circles.append(sorted(members))
    return sorted(circles)


class AcyclicModulesContract(Contract):
    """No module inside `packages` may reach itself again by following imports.

    Configuration options:
        - packages: the packages whose modules (the packages' own `__init__` included) must
          import one another without a circle.
    """

    type_name = "acyclic_modules"

    packages = fields.SetField(subfield=fields.ModuleField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        # import-linter sets each field on the instance to its parsed value.
        packages = cast("set[Module]", self.packages)
        modules: set[str] = set()
        for package in packages:
            if package.name not in graph.modules:
                raise ValueError(f"Module '{package.name}' does not exist.")
            modules |= {package.name} | graph.find_descendants(package.name)
        imports = {
            module: graph.find_modules_directly_imported_by(module) & modules for module in modules
        }
        circles = [
            [
                (importer, imported, _line_numbers(graph, importer, imported))
                for importer in circle
                for imported in sorted(imports[importer] & set(circle))
            ]
            for circle in import_circles(imports)
        ]
        return ContractCheck(kept=not circles, metadata={"circles": circles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for circle in check.metadata["circles"]:
            members = sorted({importer for importer, _, _ in circle})
            output.print_error(f"A circle among {len(members)} modules: {', '.join(members)}")
            for importer, imported, lines in circle:
                output.indent_cursor()
                output.print_error(f"- {importer} -> {imported} ({lines})", bold=False)
            output.new_line()


def _line_numbers(graph: ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    return ", ".join(f"l.{detail['line_number']}" for detail in details)
