"""Shared fixtures. Factories live in tests/factories.py."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests run a CI-sized number of examples; `HYPOTHESIS_PROFILE=thorough` runs thousands.
hypothesis_settings.register_profile("ci", deadline=None)
hypothesis_settings.register_profile("thorough", deadline=None, max_examples=2000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
LEGACY_DIR = REPO / "legacy"


@pytest.fixture
def legacy_dir() -> Path:
    """The legacy files shipped with the project as sample data."""
    return LEGACY_DIR


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing resets):
    every test starts from the site's default language, Thai."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """Argon2 is deliberately slow and the tests sign in many users; tests that check how passwords are stored
    are marked `real_password_hashing` and keep the production hasher."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache: every test starts from no failed sign-ins and no lookups."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
