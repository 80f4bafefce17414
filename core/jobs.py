"""What every background task of the portal shares: enqueueing after the commit, and bounded retries with backoff.

Tasks are django-tasks tasks (the backport of Django 6's ``django.tasks``; only its public API is used, so the code
moves by changing the import). The database backend has no retries of its own, so a task that fails records the
error on its own row (a MailDelivery, an Export) and enqueues itself again with ``run_after`` until
settings.KOVABLIK_TASK_MAX_ATTEMPTS; after the last attempt the row says failed and an organizer may retry it.
"""

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def max_attempts() -> int:
    return max(1, settings.KOVABLIK_TASK_MAX_ATTEMPTS)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after failed attempt number `attempts` (1, 2, 4, 8 … times the base)."""
    return dt.timedelta(seconds=settings.KOVABLIK_TASK_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def enqueue(task, *args, run_after: dt.datetime | None = None):
    """Enqueue `task` now; `run_after` is kept where the backend can defer (the immediate backend runs it at once)."""
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    return task.enqueue(*args)


def enqueue_on_commit(task, *args, run_after: dt.datetime | None = None) -> None:
    """Enqueue `task` once the current transaction commits, so the worker sees the rows it is about."""
    transaction.on_commit(partial(enqueue, task, *args, run_after=run_after))


def next_attempt_at(attempts: int) -> dt.datetime | None:
    """When to try again after failed attempt number `attempts`; None when that was the last one."""
    if attempts >= max_attempts():
        return None
    return timezone.now() + retry_delay(attempts)


def error_summary(error: BaseException) -> str:
    """A short line for the organizers' page: the exception's class and message, without the traceback."""
    text = f"{type(error).__name__}: {error}".strip()
    return " ".join(text.split())[:500]
