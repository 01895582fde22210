"""DESIGN.md's layers hold (pyproject.toml ``[tool.importlinter]``, checked by ``./dev lint``): a lower app never
imports a higher one, not by an import statement, nor by name through ``import_string`` or ``apps.get_model``."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CODE = ROOT / "caseboard"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _layers() -> dict[str, int]:
    """Each app's layer, 0 at the bottom (the statutory clock)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    found = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for module in layer.replace("|", ":").split(":"):
            found[module.strip().strip("()").removeprefix("caseboard.")] = height
    return found


def _app_of(path: Path) -> str:
    return path.relative_to(CODE).parts[0]


def _names_used(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, app) for every app named as a string: ``"caseboard.<app>..."`` (``import_string``, settings-like maps)
    and the app label of ``apps.get_model("<app>", ...)`` / ``get_model("<app>.<Model>")``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("caseboard."):
            found.append((node.lineno, node.value.split(".")[1]))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def test_no_lower_app_names_a_higher_one():
    layers = _layers()
    offenders = []
    checked = 0
    for path in CODE.rglob("*.py"):
        parts = path.relative_to(CODE).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        app = _app_of(path)
        if app not in layers:
            continue
        checked += 1
        for line, named in _names_used(ast.parse(path.read_text())):
            if named in layers and layers[named] > layers[app]:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {app} names {named}")
    assert checked > 100
    assert offenders == []


def test_every_app_is_in_a_layer():
    layers = _layers()
    apps = {p.name for p in CODE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - set(layers) == set()


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_layers_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_upward_import_fails_the_lint(tmp_path):
    """The proof that ``./dev lint`` fails on an upward import: a copy of the code with one added."""
    shutil.copytree(CODE, tmp_path / "caseboard", ignore=shutil.ignore_patterns("__pycache__", "*.json.gz"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "caseboard" / "people" / "upward.py").write_text("from caseboard.reporting import timeliness  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "caseboard.people is not allowed to import caseboard.reporting" in result.stdout
    assert "caseboard.people.upward -> caseboard.reporting.timeliness" in result.stdout
