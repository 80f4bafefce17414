"""Two visiting judges saving one report at the same moment: real simultaneous transactions on PostgreSQL, one
connection per thread. Exactly one save lands; the other is told the report changed, and nothing is lost."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from competitions.enums import StageKind
from judging.models import ChecklistAnswer, FieldVisit
from judging.schedule.filling import JAKARTA
from judging.visits import services as visits
from tests import factories


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_report_saves_keep_exactly_one_and_refuse_the_other(edition):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run concurrent writers")
    judges = [factories.JudgeFactory(user__username=f"juri.serentak{n}") for n in range(2)]
    entry = factories.StageEntryFactory(stage=edition.stages.get(kind=StageKind.FIELD))
    item = visits.use_default_checklist(edition, actor=None)[0]
    starts = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(9), tzinfo=JAKARTA)
    visit = visits.plan_visit(
        entry,
        visits.VisitPlan(starts_at=starts, mode="online", address="", meeting_url="https://m.example/v", judges=judges),
        actor=None,
    )
    visits.publish_visits(entry.stage, actor=None)
    barrier = threading.Barrier(2)
    outcomes = [""] * 2

    def worker(index, verdict):
        try:
            fresh = FieldVisit.objects.select_related("entry__stage").get(pk=visit.pk)
            barrier.wait(timeout=10)
            visits.save_report(
                fresh, answers={item.pk: (verdict, "")}, summary=verdict, version=0, actor=judges[index].user
            )
            outcomes[index] = "saved"
        except visits.StaleReport:
            outcomes[index] = "stale"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes[index] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, v)) for i, v in enumerate(["yes", "no"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["saved", "stale"]
    saved = FieldVisit.objects.get(pk=visit.pk)
    assert saved.version == 1
    assert ChecklistAnswer.objects.get(visit=visit).verdict == saved.summary  # one judge's save, whole
