"""Background tasks of the judging app (django-tasks; see core/jobs.py)."""

from django_tasks import task

from competitions.models import Stage

from . import progress


@task()
def remind_stage_judges(stage_id: int, force: bool = False) -> int:
    """The daily "judges behind" reminder of one open stage (`manage.py remind_judges` enqueues it): skipped when
    the stage was reminded today unless `force`. Returns the number of judges reminded."""
    stage = Stage.objects.select_related("edition", "round").filter(pk=stage_id).first()
    if stage is None or (not force and progress.reminded_today(stage)):
        return 0
    if not progress.reminders_for(stage):
        return 0
    return len(progress.remind_judges(stage, actor=None))
