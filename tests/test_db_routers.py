"""The replica router sends reads to the replica, except for a user who has just written."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory

from projects.models import Project
from tracker import db_routers
from tracker.db_routers import PrimaryReplicaRouter, ReadYourWritesMiddleware


@pytest.fixture
def replica(monkeypatch):
    """As if DATABASE_REPLICA_URL were set."""
    monkeypatch.setattr(db_routers, "_has_replica", lambda: True)
    # Saves made by earlier tests, outside any request, pin this thread to the primary (as they should).
    token = db_routers._use_primary.set(False)
    yield
    db_routers._use_primary.reset(token)


def test_without_a_replica_everything_reads_the_primary():
    assert PrimaryReplicaRouter().db_for_read(Project) == "default"


def test_reads_go_to_the_replica_but_sessions_stay_on_the_primary(replica):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Project) == "replica"
    assert router.db_for_read(Session) == "default"
    assert router.db_for_write(Project) == "default"
    assert router.allow_migrate("replica", "projects") is False


def _run(middleware_view, method="get", session=None):
    request = getattr(RequestFactory(), method)("/projects/")
    request.session = session if session is not None else {}
    return ReadYourWritesMiddleware(middleware_view)(request), request


def test_a_write_pins_the_user_to_the_primary_for_the_next_requests(replica):
    seen = []

    def view_that_reads(request):
        seen.append(PrimaryReplicaRouter().db_for_read(Project))
        return "ok"

    def view_that_writes(request):
        db_routers._mark_write(sender=Project)
        seen.append(PrimaryReplicaRouter().db_for_read(Project))
        return "ok"

    session = {}
    _run(view_that_reads, session=session)  # a stranger's read: replica
    _run(view_that_writes, method="post", session=session)  # the write itself: primary
    assert time.time() - session["_last_write_at"] < 1
    _run(view_that_reads, session=session)  # right after the save: primary, no stale page
    session["_last_write_at"] = time.time() - db_routers.PIN_SECONDS - 1
    _run(view_that_reads, session=session)  # later: replica again
    assert seen == ["replica", "default", "default", "replica"]


def test_task_queue_and_work_outside_requests_read_the_primary(monkeypatch):
    from contextvars import Context

    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_routers, "_has_replica", lambda: True)
    router = PrimaryReplicaRouter()
    # A task worker or a management command, in a fresh context as a new thread has it.
    assert Context().run(router.db_for_read, Project) == "default"
    assert DBTaskResult._meta.app_label in db_routers.PRIMARY_ONLY_APPS
    token = db_routers._use_primary.set(False)  # inside a request that has not written
    try:
        assert router.db_for_read(DBTaskResult) == "default"
        assert router.db_for_read(Project) == "replica"
    finally:
        db_routers._use_primary.reset(token)
