"""Background tasks (django-tasks; the worker is `python manage.py db_worker`)."""

from django_tasks import default_task_backend, task

from . import delivery


@task()
def deliver_reminders(run: str | None = None) -> dict:
    """Send the queued reminder e-mails (of one run, or every one due); a later attempt is queued for failures."""
    result = delivery.deliver(run=run)
    retry_at = delivery.next_retry()
    if retry_at is not None and default_task_backend.supports_defer:
        deliver_reminders.using(run_after=retry_at).enqueue()
    return {"sent": result.sent, "retry": result.retry, "failed": result.failed, "rejected": result.rejected}


@task()
def remind_now() -> int:
    """Today's reminders at once (e.g. right after a report was returned to its author); returns digests made."""
    from django.utils import timezone

    from . import services

    result = services.run_day(timezone.localdate())
    if result.messages:
        deliver_reminders.enqueue(run=str(result.run))
    return len(result.lines)
