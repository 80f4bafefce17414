"""Reads for administrative screening: the organizer's list of submitted proposals and the facts of one proposal.

The list loads a page in a constant number of queries whatever the number of proposals; the facts (eligibility by
start date, the proposal's place in its agency's quota) are computed from a handful of queries per proposal.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from competitions.models import JAKARTA, Edition

from .checks import latest_eligible_start
from .enums import ProposalState
from .models import Attachment, Proposal
from .queries import counts_toward_quota, quota_counted, quota_holder_id, with_form_data

# What the screening list shows: everything an agency has submitted, whatever screening made of it since.
SCREENING_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.RETURNED,
    ProposalState.PASSED,
    ProposalState.REJECTED,
)


def screening_editions() -> QuerySet[Edition]:
    return Edition.objects.order_by("-year")


def screening_proposals(edition: Edition) -> QuerySet[Proposal]:
    """Submitted proposals of the edition, those awaiting a decision first, oldest submit first (narrowed by
    proposals.filters.ScreeningFilter)."""
    proposals = Proposal.objects.filter(edition=edition, state__in=SCREENING_STATES)
    # A correlated subquery rather than a join and GROUP BY: the page's count query stays a plain COUNT.
    attachment_count = (
        Attachment.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("pk"))
    )
    return (
        proposals.select_related("agency", "agency__region", "category", "region")
        .annotate(
            attachment_count=Coalesce(Subquery(attachment_count.values("n")), 0),
            awaiting=Case(
                When(state=ProposalState.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .order_by("awaiting", "submitted_at", "pk")
    )


def screening_detail_queryset() -> QuerySet[Proposal]:
    """Everything the checklist page reads about a proposal, prefetched."""
    return (
        with_form_data(Proposal.objects.all())
        .select_related("agency__region", "agency__parent")
        .prefetch_related(
            "edition__groups",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
    )


@dataclass(frozen=True)
class Eligibility:
    started_on: dt.date | None
    latest_start: dt.date | None
    # The day submission closes at its start (the day after the last day), as proposals.checks measures it.
    close_day: dt.date | None
    minimum_months: int

    @property
    def months_running(self) -> int | None:
        """Whole months the innovation will have run when submission closes."""
        if self.started_on is None or self.close_day is None:
            return None
        end, start = self.close_day, self.started_on
        months = (end.year - start.year) * 12 + end.month - start.month
        return months - (1 if end.day < start.day else 0)

    @property
    def is_eligible(self) -> bool | None:
        if self.started_on is None or self.latest_start is None:
            return None
        return self.started_on <= self.latest_start


def eligibility_of(proposal: Proposal) -> Eligibility:
    closes_at = proposal.edition.submission_closes_at()
    return Eligibility(
        started_on=proposal.implementation_started_on,
        latest_start=latest_eligible_start(proposal),
        close_day=timezone.localtime(closes_at, JAKARTA).date() if closes_at else None,
        minimum_months=proposal.edition.minimum_months_running,
    )


@dataclass(frozen=True)
class QuotaPosition:
    counts: bool
    position: int | None
    used: int
    quota: int

    @property
    def within_quota(self) -> bool:
        return not self.counts or (self.position is not None and self.position <= self.quota)


def quota_position_of(proposal: Proposal) -> QuotaPosition:
    """Where the proposal stands among its agency's proposals occupying quota places, by order of submission."""
    holder_id = quota_holder_id(proposal.edition, proposal.agency)
    holder = proposal.agency.parent if holder_id != proposal.agency_id else proposal.agency
    quota = proposal.edition.quota_for(holder.kind)
    counted = quota_counted(proposal.edition, holder_id)
    numbers = counted.aggregate(
        used=Count("pk"),
        before=Count(
            "pk",
            filter=Q(submitted_at__lt=proposal.submitted_at) | Q(submitted_at=proposal.submitted_at, pk__lt=proposal.pk)
            if proposal.submitted_at
            else Q(pk__in=[]),
        ),
    )
    counts = counts_toward_quota(proposal) and proposal.state in set(SCREENING_STATES)
    return QuotaPosition(
        counts=counts,
        position=numbers["before"] + 1 if counts else None,
        used=numbers["used"],
        quota=quota,
    )
