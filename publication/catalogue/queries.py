"""Read shapes of the innovation catalogue: which innovations are public, searching and filtering them, one
innovation's page with its replication lineage, its public card, and the catalogue's statistics.

An innovation is in the catalogue when it holds a published award of a published, public edition, or when the
organizers listed it (CatalogueListing) and its edition is public; a disqualified innovation never is. Everything a
public page shows is read here in a constant number of queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from competitions.enums import GroupKind, ProposalSection
from competitions.models import Edition
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal, ProposalSectionText, ReplicationSource
from proposals.queries import replication_sources_shown
from proposals.uploads import AttachmentKind
from publication.catalogue.enums import STALE_CARD_DAYS
from publication.enums import AwardKind, AwardState, PublicationState
from publication.models import Award, CardUpdate, CatalogueListing, CatalogueSearchDocument

# Organizers may list innovations that passed administrative screening (the same states awards are given to).
LISTABLE_STATES = frozenset({ProposalState.PASSED})

# The narrative the public reads: the catalogue card of shared/docs/domain.md ("summary, problem, solution, impact")
# and what helps another agency replicate it. Budgets and staffing (resources) stay with the jury.
PUBLIC_SECTIONS = [
    ProposalSection.SUMMARY,
    ProposalSection.BACKGROUND,
    ProposalSection.NOVELTY,
    ProposalSection.IMPLEMENTATION,
    ProposalSection.SIGNIFICANCE,
    ProposalSection.ADAPTABILITY,
    ProposalSection.SUSTAINABILITY,
    ProposalSection.INSPIRATION,
    ProposalSection.REPLICATION_PROCESS,
    ProposalSection.DIFFERENTIATORS,
    ProposalSection.IMPROVEMENTS,
    ProposalSection.FURTHER_REPLICATIONS,
    ProposalSection.STRENGTHENED_SUSTAINABILITY,
    ProposalSection.LATEST_EVALUATION,
]

# Full-text search configuration: Indonesian has no stemmer in PostgreSQL, so words are matched as written.
SEARCH_CONFIG = "simple"


class AwardFilter:
    """Values of the catalogue's award filter."""

    RANKED = AwardKind.RANKED
    NAMED = "named"  # a named award or a nomination
    NATIONAL = "national"  # nominated to the national competition (KIPP)
    LISTED = "listed"  # published by the organizers without an award


# --- Membership ------------------------------------------------------------------------------------------------------


def published_awards() -> QuerySet[Award]:
    """Awards the public may read as won: published, of a published public edition (revoked ones are not)."""
    return Award.objects.filter(
        state=AwardState.PUBLISHED,
        edition__is_public=True,
        edition__publication__state=PublicationState.PUBLISHED,
    )


def catalogue_q() -> Q:
    """The condition on Proposal rows for being in the catalogue."""
    has_award = Exists(published_awards().filter(proposal=OuterRef("pk")))
    return Q(edition__is_public=True, disqualification__isnull=True) & (has_award | Q(catalogue_listing__isnull=False))


def catalogue_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(catalogue_q())


def is_in_catalogue(proposal_id: int) -> bool:
    return catalogue_proposals().filter(pk=proposal_id).exists()


def with_card(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate the public card's current status and when the card was last brought up to date: the newest card
    update, or without one the day the innovation was first published (award or listing)."""
    latest = CardUpdate.objects.filter(proposal=OuterRef("pk")).order_by("-created_at", "-pk")
    first_award = (
        published_awards()
        .filter(proposal=OuterRef("pk"))
        .values("proposal")
        .annotate(first=Min("published_at"))
        .values("first")
    )
    listed = CatalogueListing.objects.filter(proposal=OuterRef("pk")).values("listed_at")
    return proposals.annotate(
        card_status=Subquery(latest.values("status")[:1]),
        card_updated_at=Subquery(latest.values("created_at")[:1]),
        published_since=Coalesce(Subquery(first_award[:1]), Subquery(listed[:1])),
    ).annotate(last_updated=Coalesce(F("card_updated_at"), F("published_since")))


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=STALE_CARD_DAYS)


def is_stale(last_updated: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """A card not brought up to date for a year is marked as such on the catalogue's pages."""
    return last_updated is not None and last_updated < stale_before(now)


# --- Search and filters ----------------------------------------------------------------------------------------------


def search_words(text: str) -> list[str]:
    return [word for word in (text or "").split() if word][:10]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def _document_vector():
    """The weighted vector of a stored search document: title A, agency and region B, public narrative C."""
    return (
        SearchVector("title_text", weight="A", config=SEARCH_CONFIG)
        + SearchVector("names_text", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


def ensure_search_documents() -> int:
    """Store the search document of every catalogue innovation that has none yet and return how many were built.

    In the steady state this is one cheap query; after a publication it builds the new documents in a constant
    number of queries (one insert, one vector update on PostgreSQL). A published narrative no longer changes, so a
    document is built once; concurrent builders are harmless (conflicting inserts are ignored).
    """
    missing = list(
        catalogue_proposals()
        .filter(search_document__isnull=True)
        .select_related("agency__region", "region")
        .prefetch_related(
            Prefetch(
                "sections", queryset=ProposalSectionText.objects.filter(section__in=PUBLIC_SECTIONS).order_by("pk")
            )
        )
    )
    if not missing:
        return 0
    now = timezone.now()
    CatalogueSearchDocument.objects.bulk_create(
        [
            CatalogueSearchDocument(
                proposal=proposal,
                title_text=proposal.title,
                names_text=" ".join(
                    name
                    for name in (
                        proposal.agency.name,
                        proposal.agency.short_name,
                        proposal.region.name if proposal.region else "",
                        proposal.agency.region.name if proposal.agency.region else "",
                        # The innovator is searchable only with their recorded consent (publication.catalogue.services
                        # and publication.privacy.services delete the document when consent or the name changes).
                        proposal.innovator_name if proposal.innovator_consent else "",
                    )
                    if name
                ),
                body_text="\n".join(section.text for section in proposal.sections.all()),
                built_at=now,
            )
            for proposal in missing
        ],
        ignore_conflicts=True,
    )
    if uses_full_text_search():
        CatalogueSearchDocument.objects.filter(vector__isnull=True).update(vector=_document_vector())
    return len(missing)


def full_text_search(proposals: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """PostgreSQL full-text search (websearch syntax: words, "phrases", -excluded) in the stored, GIN-indexed search
    documents; annotates `search_rank` (title matches weigh most) for ordering by relevance."""
    ensure_search_documents()
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return proposals.filter(search_document__vector=query).annotate(
        search_rank=SearchRank(F("search_document__vector"), query)
    )


def simple_search(proposals: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """The fallback without full-text search (SQLite): every word appears in the title, the agency, the region, the
    innovator's name (only with their consent) or the public narrative, in any case."""
    for word in search_words(text):
        in_sections = ProposalSectionText.objects.filter(
            proposal=OuterRef("pk"), section__in=PUBLIC_SECTIONS, text__icontains=word
        )
        proposals = proposals.filter(
            Q(title__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(agency__short_name__icontains=word)
            | Q(region__name__icontains=word)
            | Q(agency__region__name__icontains=word)
            | Q(innovator_consent=True, innovator_name__icontains=word)
            | Exists(in_sections)
        )
    return proposals


def search_catalogue(proposals: QuerySet[Proposal], text: str, *, full_text: bool | None = None) -> QuerySet[Proposal]:
    if not search_words(text):
        return proposals
    if full_text is None:
        full_text = uses_full_text_search()
    return full_text_search(proposals, text) if full_text else simple_search(proposals, text)


def public_awards_prefetch() -> Prefetch:
    return Prefetch(
        "awards",
        queryset=published_awards().order_by("kind", "rank", "position", "pk"),
        to_attr="public_awards",
    )


def catalogue_list(proposals: QuerySet[Proposal] | None = None, *, text: str = "") -> QuerySet[Proposal]:
    """The catalogue's rows for the list page (of `proposals`, catalogue_proposals() narrowed by the page's
    publication.catalogue.filters.CatalogueFilter; every published innovation when None): newest edition first,
    by relevance when searching with full text."""
    proposals = catalogue_proposals() if proposals is None else proposals
    full_text = uses_full_text_search() and bool(search_words(text))
    proposals = search_catalogue(proposals, text, full_text=full_text)
    proposals = with_card(proposals).select_related(
        "edition", "agency__region", "region", "category", "national_nomination"
    )
    proposals = proposals.prefetch_related(public_awards_prefetch())
    if full_text:
        return proposals.order_by("-search_rank", "-edition__year", "title", "pk")
    return proposals.order_by("-edition__year", "title", "pk")


def catalogue_years() -> list[int]:
    return list(
        Edition.objects.filter(proposals__in=catalogue_proposals())
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def listing_candidates(edition: Edition) -> QuerySet[Proposal]:
    """The edition's innovations organizers may publish in the catalogue (passed screening, not disqualified), each
    annotated with whether it is in the catalogue through a published award or through a listing (the listings page
    narrows them with publication.catalogue.filters.ListingFilter)."""
    proposals = (
        Proposal.objects.filter(edition=edition, state__in=LISTABLE_STATES, disqualification__isnull=True)
        .annotate(
            has_public_award=Exists(published_awards().filter(proposal=OuterRef("pk"))),
            is_listed=Exists(CatalogueListing.objects.filter(proposal=OuterRef("pk"))),
        )
        .select_related("agency", "catalogue_listing__listed_by")
    )
    groups = Case(*(When(group=kind, then=Value(index)) for index, kind in enumerate(GroupKind.values)))
    return proposals.order_by(groups, "title", "pk")


def agency_catalogue(agency_id: int | None) -> QuerySet[Proposal]:
    """An agency's innovations in the catalogue with their card's status and last update (the card pages' scope)."""
    if agency_id is None:
        return Proposal.objects.none()
    return (
        with_card(catalogue_proposals().filter(agency_id=agency_id))
        .select_related("edition")
        .order_by("-edition__year", "title", "pk")
    )


# --- One innovation --------------------------------------------------------------------------------------------------


@dataclass
class Lineage:
    """Replication both ways: the innovations this one replicates (ReplicationSource rows, each annotated with
    `in_catalogue`), and the published ones that replicated it."""

    sources: list[ReplicationSource] = field(default_factory=list)
    adaptation: str = ""
    replications: list[Proposal] = field(default_factory=list)

    @property
    def has_source(self) -> bool:
        return bool(self.sources)

    @property
    def is_empty(self) -> bool:
        return not self.has_source and not self.replications


@dataclass
class CatalogueEntry:
    """A published innovation as its catalogue page shows it (picklable: it is cached per publication version)."""

    proposal: Proposal
    sections: list[tuple[str, str]]
    photos: list[Attachment]
    awards: list[Award]
    lineage: Lineage
    card_history: list[CardUpdate]

    @property
    def labelled_sections(self) -> list[tuple[str, str]]:
        return [(ProposalSection(section).label, text) for section, text in self.sections]

    @property
    def card(self) -> CardUpdate | None:
        return self.card_history[0] if self.card_history else None

    @property
    def last_updated(self) -> dt.datetime | None:
        return self.proposal.last_updated

    @property
    def is_stale(self) -> bool:
        return is_stale(self.last_updated)


def catalogue_detail_queryset() -> QuerySet[Proposal]:
    source_public = catalogue_proposals().filter(pk=OuterRef("source_id"))
    return (
        with_card(catalogue_proposals())
        .select_related(
            "edition",
            "agency__region",
            "agency__parent",
            "region",
            "category",
            "national_nomination",
        )
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=ProposalSectionText.objects.filter(section__in=PUBLIC_SECTIONS).exclude(text=""),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(kind=AttachmentKind.PHOTO).order_by("uploaded_at", "pk"),
                to_attr="photos",
            ),
            public_awards_prefetch(),
            Prefetch("card_updates", queryset=CardUpdate.objects.order_by("-created_at", "-pk"), to_attr="history"),
            Prefetch(
                "replication_sources",
                queryset=replication_sources_shown().annotate(in_catalogue=Exists(source_public)),
                to_attr="sources_shown",
            ),
            Prefetch(
                "replicated_by",
                queryset=ReplicationSource.objects.filter(proposal__in=catalogue_proposals())
                .select_related("proposal__agency", "proposal__edition")
                .order_by("proposal__edition__year", "proposal__title"),
                to_attr="public_replications",
            ),
        )
    )


def catalogue_entry(proposal_id: int) -> CatalogueEntry | None:
    """One published innovation with everything its page shows (None when it is not in the catalogue)."""
    proposal = catalogue_detail_queryset().filter(pk=proposal_id).first()
    if proposal is None:
        return None
    texts = proposal.section_texts()
    order = [section for section in PUBLIC_SECTIONS if section in proposal.sections_for_group]
    lineage = Lineage(
        sources=proposal.sources_shown if proposal.is_replication else [],
        adaptation=proposal.replication_adaptation if proposal.is_replication else "",
        replications=[link.proposal for link in proposal.public_replications],
    )
    return CatalogueEntry(
        proposal=proposal,
        sections=[(section, texts[section]) for section in order if texts.get(section)],
        photos=proposal.photos,
        awards=proposal.public_awards,
        lineage=lineage,
        card_history=proposal.history,
    )
