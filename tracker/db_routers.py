"""Reads from a replica, writes to the primary, and no stale page after a save.

A replica lags the primary by a moment. A user who has just saved something is redirected to a page that
must show it, so for `PIN_SECONDS` after any write that user's reads go to the primary as well
("read your writes"). Other users' reads go to the replica. Sessions, sign-in throttling and the task
queue always use the primary: they are read right after being written. Outside a web request (task
workers, management commands) everything uses the primary: a task reads the rows its request just wrote.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db.models.signals import post_delete, post_save

PIN_SECONDS = 15
# django-tasks-db's app label is `django_tasks_database`.
PRIMARY_ONLY_APPS = {"sessions", "axes", "django_tasks_database", "contenttypes", "auth"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_SESSION_KEY = "_last_write_at"
# Only the middleware lets a request's reads go to the replica.
_use_primary: ContextVar[bool] = ContextVar("use_primary", default=True)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def _has_replica() -> bool:
    return "replica" in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_primary.get() or model._meta.app_label in PRIMARY_ONLY_APPS or not _has_replica():
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadYourWritesMiddleware:
    """Pins a request to the primary when its user wrote within `PIN_SECONDS`, or when it may write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_replica():
            return self.get_response(request)
        session = request.session
        recent = time.time() - session.get(_SESSION_KEY, 0) < PIN_SECONDS
        _wrote.set(False)
        token = _use_primary.set(recent or request.method not in SAFE_METHODS)
        try:
            response = self.get_response(request)
        finally:
            _use_primary.reset(token)
        if _wrote.get():
            session[_SESSION_KEY] = time.time()
        return response


def _mark_write(sender, **kwargs):
    if sender._meta.app_label not in PRIMARY_ONLY_APPS:
        _wrote.set(True)
        _use_primary.set(True)


post_save.connect(_mark_write, dispatch_uid="read_your_writes_save")
post_delete.connect(_mark_write, dispatch_uid="read_your_writes_delete")
