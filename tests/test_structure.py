"""The structure of docs/architecture.md holds: imports between the project's modules are at the
top of a module, where import-linter sees them, except in an app's ready(), where an app registers
what it contributes; and the layers contract runs."""

import ast
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "samverkan"


def imports_inside_functions(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready":
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("samverkan"):
                    found.append((inner.lineno, inner.module or ""))
                elif isinstance(inner, ast.Import) and any(a.name.startswith("samverkan") for a in inner.names):
                    found.append((inner.lineno, inner.names[0].name))
    return found


def test_no_project_module_is_imported_inside_a_function_except_in_ready() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for line, module in imports_inside_functions(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert offenders == []


def test_the_check_finds_an_import_inside_a_function() -> None:
    sample = "def f():\n    from samverkan.meetings import models\n\n\nclass C:\n    def ready(self):\n        from samverkan.plans import signals\n"
    assert imports_inside_functions(ast.parse(sample)) == [(2, "samverkan.meetings")]


def test_the_layers_contract_is_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
