"""The circle contract finds a circle however the modules nest, and only real circles."""

from grimp import ImportGraph

from tools.import_contracts import AcyclicModulesContract, import_circles


def _graph(*imports: tuple[str, str]) -> ImportGraph:
    graph = ImportGraph()
    graph.add_module("app")
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return graph


def _contract(*packages: str) -> AcyclicModulesContract:
    return AcyclicModulesContract(
        name="circles", session_options={}, contract_options={"packages": list(packages)}
    )


def test_a_chain_without_a_way_back_is_no_circle():
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_each_circle_is_reported_once_with_all_its_modules():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}}

    assert import_circles(imports) == [["a", "b", "c"], ["d", "e"]]


def test_a_blueprint_whose_views_import_it_back_breaks_the_contract():
    graph = _graph(("app.admin", "app.admin.views"), ("app.admin.views", "app.admin"))

    check = _contract("app").check(graph, verbose=False)

    assert not check.kept
    assert [sorted({i for i, _, _ in circle}) for circle in check.metadata["circles"]] == [
        ["app.admin", "app.admin.views"]
    ]


def test_siblings_that_share_a_module_keep_the_contract():
    graph = _graph(("app.respond.routes", "app.models"), ("app.admin.views", "app.models"))

    assert _contract("app").check(graph, verbose=False).kept


def test_a_circle_through_an_outside_package_is_left_to_the_other_contracts():
    graph = _graph(("app.one", "lib.two"), ("lib.two", "app.one"))

    assert _contract("app").check(graph, verbose=False).kept
