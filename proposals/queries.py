"""Named read shapes for proposals: scoped querysets (out of scope → 404) and constant-query page data."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from competitions.enums import GroupKind
from competitions.models import Agency, Edition
from competitions.queries import is_invited_to_special_group, public_editions
from competitions.rules import roles_of

from .enums import COUNTS_TOWARD_QUOTA, NOT_YET_SUBMITTED, REPLICABLE, ProposalState
from .models import Proposal, ProposalSectionText, ProposalStateChange, ReplicationSource


def proposals_for_user(user) -> QuerySet[Proposal]:
    """Every proposal `user` may open: organizers all, agency members their agency's, anyone else none."""
    roles = roles_of(user)
    proposals = Proposal.objects.select_related("edition", "agency", "category", "region", "created_by")
    if roles.organizer:
        return proposals
    if roles.agency_id is not None:
        return proposals.filter(agency_id=roles.agency_id)
    return proposals.none()


def with_form_data(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """What the form steps and the review read: section texts, the edition's word limits, replication source."""
    return proposals.prefetch_related(
        Prefetch("replication_sources", queryset=replication_sources_shown()),
        Prefetch("sections", queryset=ProposalSectionText.objects.order_by("pk")),
        "edition__word_limits",
        "edition__phases",
        "edition__quotas",
    )


def replication_sources_shown() -> QuerySet[ReplicationSource]:
    """A proposal's sources as pages show them (a picked one with its agency and edition)."""
    return ReplicationSource.objects.select_related("source__agency", "source__edition").order_by("position")


def history_of(proposal: Proposal) -> QuerySet[ProposalStateChange]:
    return proposal.state_changes.select_related("actor").order_by("created_at", "pk")


def occupies_quota_place(edition: Edition) -> Q:
    """The condition for a proposal of `edition` to occupy one of its agency's quota places.

    Khusus entries are invited, so they sit outside the quota unless the edition says otherwise.
    """
    condition = Q(state__in=COUNTS_TOWARD_QUOTA)
    if not edition.special_counts_toward_quota:
        condition &= ~Q(group=GroupKind.SPECIAL)
    return condition


def quota_holder_id(edition: Edition, agency: Agency) -> int:
    """The agency whose quota a proposal of `agency` uses: its parent, when the edition has units share their
    parent's quota (the default), else the agency itself."""
    return agency.parent_id if edition.units_share_parent_quota and agency.parent_id else agency.pk


def quota_counted(edition: Edition, holder_id: int) -> QuerySet[Proposal]:
    """The proposals that occupy the quota places of `holder_id` (see quota_holder_id) in the edition: its own and,
    when units share it, its units'."""
    owners = Q(agency_id=holder_id)
    if edition.units_share_parent_quota:
        owners |= Q(agency__parent_id=holder_id)
    return Proposal.objects.filter(occupies_quota_place(edition), owners, edition=edition)


def counts_toward_quota(proposal: Proposal) -> bool:
    return proposal.group != GroupKind.SPECIAL or proposal.edition.special_counts_toward_quota


@dataclass(frozen=True)
class AgencyOverview:
    """The agency's standing in an edition: the quota meter and the drafts waiting for the admin."""

    edition: Edition
    agency: Agency
    quota: int
    used: int  # the places used of the quota holder (the agency, or its parent when units share it)
    drafts_waiting: int
    total: int
    outside_quota_open: bool = False  # an invited Khusus proposal, outside the quota, can still be submitted
    holder: Agency | None = None  # the parent whose quota this unit uses; None when it is the agency's own
    own_used: int = 0  # of `used`, the places this agency's own proposals take

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def can_start(self) -> bool:
        """Offer "Start a proposal" only when a new one could still be submitted (services enforce the quota)."""
        return self.accepts_drafts and (self.remaining > 0 or self.outside_quota_open)

    @property
    def quota_blocks_start(self) -> bool:
        return self.accepts_drafts and not self.can_start

    @property
    def accepts_drafts(self) -> bool:
        """Drafts may be started and edited until submission closes (also before it opens)."""
        closes_at = self.edition.submission_closes_at()
        return closes_at is not None and timezone.now() < closes_at


def agency_overview(edition: Edition, agency: Agency) -> AgencyOverview:
    """Two aggregate queries at most whatever the number of proposals (edition.quotas should be prefetched): the
    agency's own, and for a unit sharing its parent's quota the parent family's places."""
    numbers = Proposal.objects.filter(edition=edition, agency=agency).aggregate(
        own_used=Count("pk", filter=occupies_quota_place(edition)),
        drafts_waiting=Count("pk", filter=Q(state__in=NOT_YET_SUBMITTED)),
        total=Count("pk", filter=~Q(state=ProposalState.WITHDRAWN)),
    )
    holder_id = quota_holder_id(edition, agency)
    holder = agency.parent if holder_id != agency.pk else None
    shared = edition.units_share_parent_quota  # then a parent's places include its units' proposals
    numbers["used"] = quota_counted(edition, holder_id).count() if shared else numbers["own_used"]
    quota = edition.quota_for((holder or agency).kind)
    # Only when the quota is full: may the agency still start a Khusus proposal that sits outside it?
    outside_quota_open = (
        numbers["used"] >= quota
        and not edition.special_counts_toward_quota
        and is_invited_to_special_group(edition, agency.pk)
    )
    return AgencyOverview(
        edition=edition, agency=agency, quota=quota, outside_quota_open=outside_quota_open, holder=holder, **numbers
    )


def quota_use(edition: Edition) -> QuerySet[Agency]:
    """The quota holders of the edition (every agency with no parent when units share their parent's quota, else
    every agency), each annotated with the places its own proposals take (`own_used`), those its units' take
    (`units_used`), their sum (`used`) and its quota (`quota`): one query per page, whatever the proposals held."""

    def places(**owner) -> Coalesce:
        counted = (
            Proposal.objects.filter(occupies_quota_place(edition), edition=edition, **owner)
            .order_by()
            .values(next(iter(owner)))
            .annotate(places=Count("pk"))
            .values("places")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    shared = edition.units_share_parent_quota
    holders = Agency.objects.filter(parent__isnull=True) if shared else Agency.objects.all()
    quota = Case(
        *[When(kind=row.agency_kind, then=Value(row.quota)) for row in edition.quotas.all()],
        default=Value(edition.proposal_quota),
        output_field=IntegerField(),
    )
    return holders.select_related("region").annotate(
        own_used=places(agency_id=OuterRef("pk")),
        units_used=places(agency__parent_id=OuterRef("pk")) if shared else Value(0, output_field=IntegerField()),
        used=F("own_used") + F("units_used"),
        quota=quota,
    )


def agency_proposals(agency_id: int, *, edition: Edition | None = None, state: str = "") -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(agency_id=agency_id).select_related("edition", "category", "created_by")
    if edition is not None:
        proposals = proposals.filter(edition=edition)
    if state:
        proposals = proposals.filter(state=state)
    return proposals.order_by("-edition__year", "-updated_at", "-pk")


def open_edition_for_agencies() -> Edition | None:
    """The newest public edition with what the quota meter and deadline read (phases and quotas)."""
    return public_editions().prefetch_related("phases", "quotas", "groups", "categories").first()


# Which earlier proposals won (publication.eligibility registers it: the award history lives above this app).
ReplicableSource = Callable[[Edition], QuerySet]
_replicable_sources: list[ReplicableSource] = []


def register_replicable_sources(source: ReplicableSource) -> None:
    """Set the query of earlier award-winning proposal ids, the only ones a replication may name."""
    _replicable_sources[:] = [source]


def replication_candidates(edition: Edition, *, keep=()) -> QuerySet[Proposal]:
    """Earlier award-winning innovations a Replikasi proposal may name as its source, and the ones in `keep` (the
    proposal's stored picks, so that a form still shows a pick that has since lost its award)."""
    winners = Q(state__in=REPLICABLE, edition__year__lt=edition.year)
    for source in _replicable_sources:
        winners &= Q(pk__in=source(edition))
    proposals = Proposal.objects.filter(winners | Q(pk__in=[pk for pk in keep if pk]))
    return proposals.select_related("agency", "edition").order_by("-edition__year", "title")


def earlier_entry_candidates(edition: Edition, agency_id: int) -> QuerySet[Proposal]:
    """The agency's submitted entries of earlier editions: what a proposal may name as its earlier entry."""
    return (
        Proposal.objects.filter(agency_id=agency_id, edition__year__lt=edition.year)
        .exclude(state__in=NOT_YET_SUBMITTED)
        .select_related("edition")
        .order_by("-edition__year", "title")
    )


# An innovation re-entered every year for a decade is the most the lineage follows.
LINEAGE_DEPTH = 12


def lineage_ids(proposal: Proposal) -> set[int]:
    """The innovation's entries in earlier editions: the chain of earlier entries it names, and the agency's
    earlier entries of the same title (with their own chains). One query per link followed."""
    title = proposal.title.strip()
    found = set(
        Proposal.objects.filter(
            agency_id=proposal.agency_id, edition__year__lt=proposal.edition.year, title__iexact=title
        ).values_list("pk", flat=True)
    )
    frontier = set(found) | ({proposal.earlier_entry_id} if proposal.earlier_entry_id else set())
    found |= frontier
    for _step in range(LINEAGE_DEPTH):
        frontier = (
            set(
                Proposal.objects.filter(pk__in=frontier, earlier_entry__isnull=False).values_list(
                    "earlier_entry_id", flat=True
                )
            )
            - found
        )
        if not frontier:
            break
        found |= frontier
    found.discard(proposal.pk)
    return found
