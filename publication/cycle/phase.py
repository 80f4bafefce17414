"""The phase of an edition as the public should read it, from what has actually happened (rounds opened and
closed, finalists announced, results published), not only from the schedule's dates: the schedule says when a
step should happen, this says where the edition is."""

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from competitions.enums import PhaseKind
from competitions.models import Edition, Stage, jakarta_today
from judging.enums import RoundState
from publication.enums import PublicationState
from publication.models import FinalistList, Publication


def public_phase(edition: Edition, *, now: dt.datetime | None = None) -> str:
    """One sentence: "Hasil diumumkan", "Masa sanggah sampai 14 Oktober 2026", "Presentasi dan wawancara (Tahap II)
    berlangsung", "Pendaftaran berlangsung sampai …" (two queries; the home page caches its fragment)."""
    now = now or timezone.now()
    today = jakarta_today(now)
    state = (
        Edition.objects.filter(pk=edition.pk)
        .annotate(
            published=Exists(Publication.objects.filter(edition=OuterRef("pk"), state=PublicationState.PUBLISHED)),
            announced=Exists(FinalistList.objects.filter(edition=OuterRef("pk"))),
            objections_close_on=Subquery(
                FinalistList.objects.filter(edition=OuterRef("pk")).values("objections_close_on")[:1]
            ),
        )
        .values("published", "announced", "objections_close_on")
        .get()
    )
    if state["published"]:
        return _("Results announced")
    if state["announced"] and today <= state["objections_close_on"]:
        return _("Objection period until %(day)s") % {"day": date_format(state["objections_close_on"], "DATE_FORMAT")}
    stages = sorted(Stage.objects.filter(edition=edition).select_related("round"), key=lambda stage: stage.position)
    rounds = {stage.pk: getattr(getattr(stage, "round", None), "state", RoundState.PREPARING) for stage in stages}
    opened = [stage for stage in stages if rounds.get(stage.pk) == RoundState.OPEN]
    if opened:
        return _("%(stage)s under way") % {"stage": opened[-1].get_kind_display()}
    if state["announced"] or any(value == RoundState.CLOSED for value in rounds.values()):
        closed = [stage for stage in stages if rounds.get(stage.pk) == RoundState.CLOSED]
        if state["announced"] or closed[-1] == stages[-1]:
            return _("The jury is deciding the winners")
        return _("%(stage)s finished; the next stage follows") % {"stage": closed[-1].get_kind_display()}
    if edition.is_submission_open(now):
        return _("Registration open until %(day)s") % {"day": date_format(edition.submission_last_day(), "DATE_FORMAT")}
    submission = edition.phase(PhaseKind.SUBMISSION)
    if submission is not None and today < submission.starts_on:
        return _("Registration opens on %(day)s") % {"day": date_format(submission.starts_on, "DATE_FORMAT")}
    if submission is not None:
        return _("Registration closed; administrative screening under way")
    return _("The schedule has not been published yet.")
