"""The examples in the pure modules' docstrings are run, so they stay true."""

import doctest
import importlib

import pytest

# Modules whose docstrings carry examples.
MODULES = [
    "projects.columns",
    "projects.fiscal",
    "projects.importers.derive",
    "projects.importers.paragraphs",
    "projects.services.reports",
    "projects.spreadsheets",
    "projects.thai",
    "projects.budget",
    "projects.planned_sql",
    "projects.progress",
    "projects.deadline",
    "reports.figures",
    "reminders.planning",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0  # a listed module keeps its examples
    assert result.failed == 0
