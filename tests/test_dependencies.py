"""pyproject.toml declares what the shipped code imports, and nothing it does not use."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [*sorted((ROOT / "bot").rglob("*.py")), *sorted((ROOT / "handlers").rglob("*.py")), ROOT / "index_docs.py"]
LOCAL = {"bot", "handlers", "index_docs"}

# Declared but never imported by name: each is reached some other way.
USED_INDIRECTLY = {
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs",
    "langchain-openai": "init_chat_model loads it for openai: models and LLM_BASE_URL",
    "lxml": 'BeautifulSoup(data, "lxml") loads it by name',
    "redis": "huey's RedisHuey loads it for REDIS_URL",
    "jinja2": "starlette.templating.Jinja2Templates renders the console's pages with it",
    "python-multipart": "Starlette's request.form() loads it to parse the console's form posts and uploads",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_norm(r.name): r for r in map(Requirement, project["dependencies"])}


def _imported_modules() -> set[str]:
    found = set()
    for path in SHIPPED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in LOCAL and m not in sys.stdlib_module_names and m != "__future__"}


def _distributions_of_imports() -> dict[str, set[str]]:
    providers = importlib.metadata.packages_distributions()
    return {module: {_norm(d) for d in providers.get(module, [])} for module in _imported_modules()}


def test_every_imported_module_is_declared():
    declared = _declared()
    undeclared = {m: dists for m, dists in _distributions_of_imports().items() if not dists & declared.keys()}
    assert undeclared == {}, f"imported but not in [project].dependencies: {undeclared}"


def test_every_declared_dependency_is_used():
    used = set().union(*_distributions_of_imports().values())
    unused = {name for name in _declared() if name not in used and name not in USED_INDIRECTLY}
    assert unused == set(), f"declared but never imported: {sorted(unused)} (drop them or say in USED_INDIRECTLY how they are used)"


def test_yaml_is_declared_and_tenacity_is_gone():
    declared = _declared()
    assert "pyyaml" in declared
    assert "tenacity" not in declared


def test_slack_bolt_is_pinned_to_the_minor_release_lazy_py_was_written_against():
    spec: SpecifierSet = _declared()["slack-bolt"].specifier
    installed = importlib.metadata.version("slack-bolt")
    assert installed in spec
    major, minor = (int(x) for x in installed.split(".")[:2])
    # Bolt's internals may change in any minor release: the range must stop before the next one.
    assert f"{major}.{minor + 1}.0" not in spec
    assert f"{major}.{minor - 1}.99" not in spec


def test_the_package_data_names_only_files_that_exist():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for package, patterns in config.items():
        folder = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            assert list(folder.glob(pattern)), f"{package}: {pattern} matches nothing"
