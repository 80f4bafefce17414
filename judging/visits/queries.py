"""Reads of field verification, each page's rows in a constant number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from competitions.enums import StageKind
from competitions.models import Judge

from ..models import Assignment, FieldVisit, StageEntry, VisitPhoto

VISITED_STAGES = (StageKind.FIELD,)
PUBLISHED = Q(entry__stage__round__schedule_published_at__isnull=False)


def _with_report_counts(visits: QuerySet[FieldVisit]) -> QuerySet[FieldVisit]:
    return visits.annotate(
        photo_count=Count("photos", distinct=True),
        testimony_count=Count("testimonies", distinct=True),
        answered_count=Count("answers", filter=~Q(answers__verdict=""), distinct=True),
        confirmation_count=Count("confirmations", distinct=True),
    )


def _judges() -> Prefetch:
    return Prefetch("judges", queryset=Judge.objects.select_related("user").order_by("user__last_name", "pk"))


def plan_entries(stage) -> QuerySet[StageEntry]:
    """The field stage's entries in the order of their visit (entries without one last), with the visit, its judges
    and how far its report is."""
    visits = _with_report_counts(FieldVisit.objects.all()).prefetch_related(_judges())
    return (
        StageEntry.objects.filter(stage=stage)
        .select_related("proposal__agency")
        .prefetch_related(Prefetch("visit", queryset=visits))
        .order_by("visit__starts_at", "proposal__title", "pk")
    )


def plan_counts(stage) -> dict:
    return FieldVisit.objects.filter(entry__stage=stage).aggregate(
        visits=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )


def visits_of_judge(judge_id: int | None) -> QuerySet[FieldVisit]:
    """The published visits a judge goes on, in time order."""
    return (
        _with_report_counts(FieldVisit.objects.filter(PUBLISHED, judges=judge_id))
        .select_related("entry__proposal__agency", "entry__stage__edition")
        .prefetch_related(_judges())
        .order_by("starts_at", "pk")
    )


def visits_of_agency(agency_id: int | None) -> QuerySet[FieldVisit]:
    """The published visits of an agency's entries (another agency's visit is never among them: a 404)."""
    return (
        FieldVisit.objects.filter(PUBLISHED, entry__proposal__agency_id=agency_id)
        .select_related("entry__proposal", "entry__stage__edition")
        .prefetch_related(_judges())
        .order_by("starts_at", "pk")
    )


def visit_for_report(pk: int) -> FieldVisit | None:
    return (
        FieldVisit.objects.select_related("entry__proposal__agency", "entry__stage__edition", "entry__stage__round")
        .prefetch_related(_judges(), "confirmations")
        .filter(pk=pk)
        .first()
    )


def photos_of(visit: FieldVisit) -> list[VisitPhoto]:
    return list(visit.photos.all())


def testimonies_of(visit: FieldVisit):
    return list(visit.testimonies.all())


def answers_of(visit: FieldVisit) -> dict:
    return {answer.item_id: answer for answer in visit.answers.all()}


def assigned_judges(entry: StageEntry) -> list[int]:
    return list(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True))


def assignment_of(entry_id: int, judge_id: int | None) -> Assignment | None:
    if judge_id is None:
        return None
    return Assignment.objects.filter(entry_id=entry_id, judge_id=judge_id).select_related("sheet").first()


def visit_of_entry(entry_id: int) -> FieldVisit | None:
    """The visit of a field-stage entry, for its score page (the checklist beside the score sheet)."""
    return _with_report_counts(FieldVisit.objects.filter(entry_id=entry_id)).first()
