"""The layout's rules, read from the source: imports only run downward (pages → state →
services → infra and models; demo and cli → services), services never import Reflex, and no
database query is written outside services."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "champions"
# What each layer may never import (a prefix of the imported module's name).
FORBIDDEN = {
    "infra": ["reflex", "champions.services", "champions.state", "champions.pages", "champions.demo"],
    "models": ["reflex", "champions.services", "champions.infra", "champions.state", "champions.pages"],
    "services": ["reflex", "champions.state", "champions.pages", "champions.components", "champions.demo"],
    "demo": ["reflex", "champions.state", "champions.pages"],
    "state": ["champions.pages", "champions.components"],
}


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_run_downward(layer):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(layer)
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert wrong == []


def test_no_query_outside_services():
    places = [*_modules("state"), *_modules("pages"), ROOT / "routes.py"]
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in places
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == "select" or getattr(node.func, "attr", None) == "exec")
    ]
    assert calls == []


def test_the_checks_see_the_code():
    """The control: the folders are where the tests look, so the checks above can fail."""
    assert len(_modules("services")) > 30 and len(_modules("state")) > 20
    assert "sqlmodel" in _imports(ROOT / "services" / "phase1" / "views.py")
