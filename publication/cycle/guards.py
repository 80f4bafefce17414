"""What the last steps of the cycle wait for (core.order.Missing rows): announcing the finalists and publishing the
results. The services enforce these lists (core.order.enforce_order, overridable with a reason) and the cockpit shows
them, so a refusal and the cockpit always say the same thing."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.enums import GroupKind
from competitions.models import Edition, Stage, jakarta_today
from core.order import Missing
from judging.enums import RoundState
from judging.models import StageRound
from judging.services import stage_not_closed
from publication.catalogue.enums import ObjectionOutcome
from publication.models import AwardDecision, FinalistList, Objection


def open_stages(edition: Edition) -> list[Stage]:
    """The edition's stages with entries whose round is not closed, in the order of the cycle (one query)."""
    stages = list(
        Stage.objects.filter(edition=edition).select_related("edition", "round").annotate(entry_count=Count("entries"))
    )
    return unclosed_stages(stages, entered={stage.pk for stage in stages if stage.entry_count})


def unclosed_stages(stages: list[Stage], *, entered: set[int]) -> list[Stage]:
    """Of `stages` (their rounds loaded), those with entries (`entered` ids) whose round is not closed, in order."""
    still_open = [
        stage
        for stage in stages
        if stage.pk in entered and getattr(getattr(stage, "round", None), "state", None) != RoundState.CLOSED
    ]
    return sorted(still_open, key=lambda stage: stage.position)


def finalists_missing(edition: Edition, stage: Stage) -> list[Missing]:
    """Announcing the entries of `stage` as finalists waits for the stage before it to be closed (its shortlist is
    then final)."""
    previous = stage.previous_in_cycle()
    if previous is None:
        return []
    state = StageRound.objects.filter(stage=previous).values_list("state", flat=True).first()
    return [] if state == RoundState.CLOSED else [stage_not_closed(previous)]


# What publishing waits for, one sentence each: the publish refusal and the cockpit's steps both say these.


def objection_period_running(edition: Edition, last_day: dt.date) -> Missing:
    return Missing(
        _("The objection period runs until %(day)s.") % {"day": date_format(last_day, "DATE_FORMAT")},
        reverse("publication:objections", args=[edition.year]),
    )


def objections_unanswered(edition: Edition, count: int) -> Missing:
    return Missing(
        ngettext("%(count)s objection has not been answered.", "%(count)s objections have not been answered.", count)
        % {"count": count},
        reverse("publication:objections", args=[edition.year]),
    )


def group_undecided(edition: Edition, kind: str) -> Missing:
    return Missing(
        _("No decision on the places of %(group)s yet.") % {"group": GroupKind(kind).label},
        reverse("publication:awards", args=[edition.year]),
    )


@dataclass(frozen=True)
class PublishingFacts:
    """What publishing depends on, read once: by publishing_facts (four queries) or from what the cockpit already
    aggregated, so that both judge by missing_for_publishing."""

    open_stages: list  # stages with entries whose round is not closed, in the order of the cycle
    objections_close_on: dt.date | None  # None: the finalists are not announced
    pending_objections: int
    undecided_groups: list[str]  # group kinds with winners and no decision, in the edition's order


def publishing_facts(edition: Edition) -> PublishingFacts:
    finalist_list = FinalistList.objects.filter(edition=edition).first()
    pending = (
        Objection.objects.filter(finalist__finalist_list=finalist_list, outcome=ObjectionOutcome.PENDING).count()
        if finalist_list
        else 0
    )
    decided = AwardDecision.objects.filter(edition=edition).values("group")
    undecided = edition.groups.filter(winners_count__gt=0).exclude(kind__in=decided).order_by("pk")
    return PublishingFacts(
        open_stages=open_stages(edition),
        objections_close_on=finalist_list.objections_close_on if finalist_list else None,
        pending_objections=pending,
        undecided_groups=list(undecided.values_list("kind", flat=True)),
    )


def publishing_missing(edition: Edition, *, now: dt.datetime | None = None) -> list[Missing]:
    """Publishing the results waits for every stage to be closed, the finalists to be announced, the objection period
    to be over with every objection answered, and a decision on the places of every group that has winners."""
    return missing_for_publishing(edition, publishing_facts(edition), now=now)


def missing_for_publishing(
    edition: Edition, facts: PublishingFacts, *, now: dt.datetime | None = None
) -> list[Missing]:
    missing = [stage_not_closed(stage) for stage in facts.open_stages]
    if facts.objections_close_on is None:
        missing.append(
            Missing(_("The finalists have not been announced."), reverse("publication:objections", args=[edition.year]))
        )
    elif jakarta_today(now) <= facts.objections_close_on:
        missing.append(objection_period_running(edition, facts.objections_close_on))
    if facts.pending_objections:
        missing.append(objections_unanswered(edition, facts.pending_objections))
    missing += [group_undecided(edition, kind) for kind in facts.undecided_groups]
    return missing
