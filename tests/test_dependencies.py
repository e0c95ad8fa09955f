"""The app that holds the data never reaches up into the app that evaluates it: `projects` imports nothing
from `reports` (period closing lives in `projects.closing`, used by both)."""

import ast
from pathlib import Path

PROJECTS = Path(__file__).resolve().parent.parent / "projects"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_module_under_projects_imports_reports():
    offenders = sorted(
        f"{path.relative_to(PROJECTS.parent)} imports {name}"
        for path in PROJECTS.rglob("*.py")
        for name in _imported_modules(path)
        if name == "reports" or name.startswith("reports.")
    )
    assert offenders == []


def test_the_check_sees_an_import_of_reports(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("from reports.models import PrintBatch\nimport reports.closing\n", encoding="utf-8")
    assert _imported_modules(module) == {"reports.models", "reports.closing"}
