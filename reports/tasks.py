"""Background tasks (django-tasks; the worker is `python manage.py db_worker`)."""

from django_tasks import task

from . import printing


@task()
def print_batch(batch_id: int, base_url: str) -> int:
    """Print every form of a batch into one PDF; returns the number of forms printed."""
    return printing.run_batch(batch_id=batch_id, base_url=base_url).done
