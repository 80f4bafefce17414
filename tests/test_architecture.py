"""Apps depend one way: publication → judging → proposals → competitions. A lower app never imports a higher one."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["competitions", "proposals", "judging", "publication"]


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_app_never_imports_an_app_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])

    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & above
    }

    assert offenders == {}
