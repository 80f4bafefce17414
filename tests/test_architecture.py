"""Apps depend one way: publication → judging → proposals → competitions → core. A lower app never imports a higher
one, and core/ (the audit log, outgoing mail, jobs, caching, phone numbers, error pages) imports no domain app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["core", "competitions", "proposals", "judging", "publication"]
# What the domain apps stood on before core/ existed; it must not come back.
MOVED_TO_CORE = {
    f"competitions.{name}"
    for name in ("outbox", "jobs", "caching", "phones", "exceptions", "sqlite_functions", "tasks")
}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, relative imports resolved."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imported_apps(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)} & set(LAYERS)


def python_files(app: str):
    return (path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_app_never_imports_an_app_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])

    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in python_files(app)
        if imported_apps(path) & above
    }

    assert offenders == {}


def test_the_infrastructure_lives_in_core_only():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imports(path) & MOVED_TO_CORE)
        for app in LAYERS
        for path in python_files(app)
        if imports(path) & MOVED_TO_CORE
    }

    assert offenders == {}
    assert not any((ROOT / "competitions" / f"{name.split('.')[1]}.py").exists() for name in MOVED_TO_CORE)


def test_no_function_imports_the_portal_s_own_modules_except_app_ready():
    """A function-local import of the portal's own code hides a circle; AppConfig.ready is where Django wants them
    (the app registry is loaded by then)."""
    own = {*LAYERS, "kovablik"}
    offenders = []
    for app in own:
        for path in python_files(app):
            for function in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or function.name == "ready":
                    continue
                for node in ast.walk(function):
                    local = isinstance(node, ast.ImportFrom) and (
                        node.level > 0 or (node.module or "").split(".")[0] in own
                    )
                    local = local or (
                        isinstance(node, ast.Import) and any(alias.name.split(".")[0] in own for alias in node.names)
                    )
                    if local:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()")

    assert offenders == []
