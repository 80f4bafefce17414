"""Background tasks of the proposals app (django-tasks; see competitions/jobs.py)."""

import datetime as dt

from django_tasks import task

from . import notifications


@task()
def send_deadline_reminders(today: str, days: list[int]) -> int:
    """The daily deadline reminders (`manage.py send_deadline_reminders` enqueues this): queue one mail per agency
    member for every agency with unsubmitted drafts; idempotent per agency and day. `today` is an ISO date (WIB)."""
    return notifications.send_deadline_reminders(today=dt.date.fromisoformat(today), days=tuple(days))
