"""Shared fixtures. Factories live in tests/factories.py."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LEGACY_DIR = REPO / "legacy"


@pytest.fixture
def legacy_dir() -> Path:
    """The legacy files shipped with the project as sample data."""
    return LEGACY_DIR
