"""The examples in the modules' docstrings are run, so they stay true: every module of the apps whose source
holds an example (`>>>`) is found here, so a new one cannot be left out."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("projects", "reports", "reminders", "tracker")


def modules_with_examples() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if ">>>" in path.read_text(encoding="utf-8")
    )


MODULES = modules_with_examples()


def test_the_modules_with_examples_are_found():
    assert {"projects.evidence", "projects.thai", "reports.verification"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0  # `>>>` in the source is an example doctest runs
    assert result.failed == 0
