"""Fixtures of the quarterly evaluation's tests."""

from datetime import date

import pytest

from reports.views import common


@pytest.fixture
def after_the_quarter(monkeypatch):
    """The pages are read on 1 Feb 2023, after quarter 1 of FY 2566 ended: its figures are complete."""
    monkeypatch.setattr(common, "local_today", lambda: date(2023, 2, 1))
