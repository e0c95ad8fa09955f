"""The hardening tests' project: the shared agency's (tests/conftest.py), with a plan to report against."""

import pytest

from .forms import project_with_plan


@pytest.fixture
def project(agency):
    return project_with_plan(agency)


@pytest.fixture
def as_role(client, staff, planner):
    """`as_role("staff")` signs the client in as that role and returns it."""

    def sign_in(role: str):
        client.force_login(staff if role == "staff" else planner)
        return client

    return sign_in
