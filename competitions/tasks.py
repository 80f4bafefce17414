"""Background tasks of the competitions app (django-tasks; see competitions/jobs.py)."""

from django_tasks import task

from . import outbox


@task()
def deliver_mail(delivery_id: int) -> str:
    """Send one recorded mail (competitions.outbox.deliver): at most once, retried with backoff when it fails."""
    return outbox.deliver(delivery_id)
