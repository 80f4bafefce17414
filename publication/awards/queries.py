"""Named read shapes of publication.

Public data (results, archive, certificates, verification, open data) is read in a constant number of queries into
plain, picklable rows (PublicAward) that hold no translated text, so that they can be cached per publication
version (publication.caching) and rendered in any language. Only awards of published, public editions are ever
read here for the public: drafts, scores, judges and other proposals never reach a public page.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from competitions.enums import GroupKind
from competitions.models import Edition
from judging import ranking
from proposals.models import Proposal
from publication import caching
from publication.enums import (
    AWARDABLE_STATES,
    PUBLICLY_VISIBLE,
    AwardKind,
    AwardState,
    NationalOutcome,
    PublicationState,
)
from publication.models import Award, AwardDecision, Publication, format_code

# --- The ranking's suggestion ----------------------------------------------------------------------------------------


@dataclass
class RankingSuggestion:
    """A group's final ranking as the awards read it, over the entries that can be awarded: the first entries of its
    order (entries with a result in every stage first, then the blocks of those that stopped earlier), which of
    them completed every stage (only those are suggested for the Top N), and the position and score of those and of
    any other entry asked for."""

    order: list[int]
    complete: list[int]
    positions: dict[int, int] = field(default_factory=dict)
    scores: dict[int, float | None] = field(default_factory=dict)

    def top(self, n: int) -> list[int]:
        return self.complete[:n]


# An entry can be awarded when it passed screening and is not disqualified (StageEntry's view of it).
AWARDABLE_ENTRY = Q(proposal__state__in=AWARDABLE_STATES, proposal__disqualification__isnull=True)


def ranking_suggestion(
    edition: Edition,
    group: str,
    *,
    view: str = ranking.RAW,
    stages: list | None = None,
    head: int | None = None,
    also: Sequence[int] = (),
    also_in: QuerySet | None = None,
) -> RankingSuggestion:
    """The group's final ranking (judging.ranking.final_order) over the awardable entries: its first `head`
    entries (all when None), and the positions and scores of the entries of `also` and `also_in` too."""
    entries = ranking.final_order(
        edition, group, view=view, stages=stages, eligible=AWARDABLE_ENTRY, head=head, also=also, also_in=also_in
    )
    first = [entry for entry in entries if head is None or entry.position <= head]
    return RankingSuggestion(
        order=[entry.proposal_id for entry in first],
        complete=[entry.proposal_id for entry in first if entry.complete],
        positions={entry.proposal_id: entry.position for entry in entries},
        scores={entry.proposal_id: entry.score for entry in entries},
    )


# --- Organizer reads -------------------------------------------------------------------------------------------------


def publication_of(edition: Edition) -> Publication:
    """The edition's Publication, unsaved (not yet published) when it has none."""
    return (
        Publication.objects.select_related("published_by", "unpublished_by", "prefilled_by")
        .filter(edition=edition)
        .first()
    ) or Publication(edition=edition)


def edition_awards(edition: Edition) -> QuerySet[Award]:
    """Every award of the edition, drafts and revoked ones included (organizer pages)."""
    return (
        Award.objects.filter(edition=edition)
        .select_related("proposal__agency__region", "proposal__region", "proposal__national_nomination")
        .order_by("kind", "group", "rank", "position", "pk")
    )


def decisions_of(edition: Edition) -> dict[str, AwardDecision]:
    return {decision.group: decision for decision in AwardDecision.objects.filter(edition=edition)}


def awardable_proposals(edition: Edition, *, group: str | None = None) -> QuerySet[Proposal]:
    proposals = (
        Proposal.objects.filter(edition=edition, state__in=AWARDABLE_STATES, disqualification__isnull=True)
        .select_related("agency")
        .order_by("title", "pk")
    )
    return proposals.filter(group=group) if group else proposals


# --- Public reads ----------------------------------------------------------------------------------------------------


def published_editions() -> QuerySet[Edition]:
    """Editions whose results the public may read."""
    return Edition.objects.filter(is_public=True, publication__state=PublicationState.PUBLISHED).order_by("-year")


@dataclass(frozen=True)
class PublicNational:
    year: int
    outcome: str
    note: str

    @property
    def outcome_label(self) -> str:
        return str(NationalOutcome(self.outcome).label)


@dataclass(frozen=True)
class PublicAward:
    """What the public may know about one award (no scores, judges or reasons)."""

    pk: int
    code: str
    edition_year: int
    edition_number: int
    edition_theme: str
    kind: str
    group: str
    rank: int | None
    title: str
    state: str
    published_at: dt.datetime | None
    revoked_at: dt.datetime | None
    proposal_id: int
    proposal_title: str
    agency_name: str
    agency_kind: str
    region_name: str
    category_name: str
    certificate_size: int | None
    national: PublicNational | None
    # The innovator as the public may see them: empty unless the agency recorded their consent.
    innovator_name: str = ""
    innovator_phone: str = ""
    innovator_email: str = ""

    @property
    def is_revoked(self) -> bool:
        return self.state == AwardState.REVOKED

    @property
    def is_ranked(self) -> bool:
        return self.kind == AwardKind.RANKED

    @property
    def group_label(self) -> str:
        return str(GroupKind(self.group).label) if self.group else ""

    @property
    def kind_label(self) -> str:
        return str(AwardKind(self.kind).label)

    @property
    def code_display(self) -> str:
        return format_code(self.code)

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.is_ranked:
            return gettext("Top Inovasi Terpuji, %(group)s, rank %(rank)s") % {
                "group": self.group_label,
                "rank": self.rank,
            }
        return self.title

    @property
    def certificate_name(self) -> str:
        return f"piagam-kovablik-{self.edition_year}-{self.code.lower()}.pdf"


PUBLIC_AWARD_FIELDS = (
    "pk",
    "verification_code",
    "edition__year",
    "edition__number",
    "edition__theme",
    "kind",
    "group",
    "rank",
    "title",
    "state",
    "published_at",
    "revoked_at",
    "proposal_id",
    "proposal__title",
    "proposal__agency__name",
    "proposal__agency__kind",
    "proposal__region__name",
    "proposal__agency__region__name",
    "proposal__category__name",
    "certificate_size",
    "proposal__national_nomination__year",
    "proposal__national_nomination__outcome",
    "proposal__national_nomination__note",
    "proposal__innovator_consent",
    "proposal__innovator_name",
    "proposal__innovator_phone",
    "proposal__innovator_email",
)


def _public_award(row: dict) -> PublicAward:
    national = None
    if row["proposal__national_nomination__year"] is not None:
        national = PublicNational(
            year=row["proposal__national_nomination__year"],
            outcome=row["proposal__national_nomination__outcome"],
            note=row["proposal__national_nomination__note"],
        )
    consent = row["proposal__innovator_consent"]
    return PublicAward(
        pk=row["pk"],
        code=row["verification_code"],
        edition_year=row["edition__year"],
        edition_number=row["edition__number"],
        edition_theme=row["edition__theme"],
        kind=row["kind"],
        group=row["group"],
        rank=row["rank"],
        title=row["title"],
        state=row["state"],
        published_at=row["published_at"],
        revoked_at=row["revoked_at"],
        proposal_id=row["proposal_id"],
        proposal_title=row["proposal__title"],
        agency_name=row["proposal__agency__name"],
        agency_kind=row["proposal__agency__kind"],
        region_name=row["proposal__region__name"] or row["proposal__agency__region__name"] or "",
        category_name=row["proposal__category__name"] or "",
        certificate_size=row["certificate_size"],
        national=national,
        innovator_name=row["proposal__innovator_name"] if consent else "",
        innovator_phone=row["proposal__innovator_phone"] if consent else "",
        innovator_email=row["proposal__innovator_email"] if consent else "",
    )


def _public_award_queryset() -> QuerySet[Award]:
    return Award.objects.filter(
        state__in=PUBLICLY_VISIBLE,
        edition__is_public=True,
        edition__publication__state=PublicationState.PUBLISHED,
    )


def _sorted_awards(rows: list[PublicAward]) -> list[PublicAward]:
    group_order = {kind: index for index, kind in enumerate(GroupKind.values)}
    kind_order = {kind: index for index, kind in enumerate(AwardKind.values)}
    return sorted(
        rows,
        key=lambda award: (
            -award.edition_year,
            kind_order[award.kind],
            group_order.get(award.group, 99) if award.is_ranked else 0,
            award.rank or 0,
            award.pk,
        ),
    )


def public_award_list(*, edition_ids: list[int] | None = None) -> list[PublicAward]:
    """Every publicly visible award (published or revoked, of published public editions) in the results' order:
    newest edition first, ranked places by group and rank, then named awards and nominations (1 query)."""
    awards = _public_award_queryset()
    if edition_ids is not None:
        awards = awards.filter(edition_id__in=edition_ids)
    return _sorted_awards([_public_award(row) for row in awards.values(*PUBLIC_AWARD_FIELDS)])


def public_award_by_code(code: str) -> PublicAward | None:
    """The publicly visible award with this verification code, or None (unknown, draft, or not published).

    Kept in the public cache until the next publication change (a found award only: unknown codes are not stored,
    so guessing codes cannot fill the cache). On PostgreSQL planning the ten-table join costs ~3.5 ms, far more
    than running it, and a certificate's code is verified again and again."""

    def lookup() -> PublicAward | None:
        row = _public_award_queryset().filter(verification_code=code).values(*PUBLIC_AWARD_FIELDS).first()
        return _public_award(row) if row else None

    return caching.cached(f"award-by-code:{code}", caching.GLOBAL, lookup)


@dataclass
class GroupResults:
    group: str
    winners_count: int
    winners: list[PublicAward]

    @property
    def label(self) -> str:
        return str(GroupKind(self.group).label)


@dataclass
class EditionResults:
    """An edition's published results as the results page, its certificates and its open data show them."""

    year: int
    number: int
    theme: str
    published_at: dt.datetime | None
    groups: list[GroupResults]
    extras: list[PublicAward]
    revoked: list[PublicAward]

    @property
    def awards(self) -> list[PublicAward]:
        """Every award in the page's order: the groups' winners, the named awards, then the revoked ones."""
        return [award for group in self.groups for award in group.winners] + self.extras + self.revoked


def _results_of(edition: Edition, awards: list[PublicAward], published_at) -> EditionResults:
    live = [award for award in awards if not award.is_revoked]
    return EditionResults(
        year=edition.year,
        number=edition.number,
        theme=edition.theme,
        published_at=published_at,
        groups=[
            GroupResults(
                group=group.kind,
                winners_count=group.winners_count,
                winners=[award for award in live if award.is_ranked and award.group == group.kind],
            )
            for group in edition.groups.all()
        ],
        extras=[award for award in live if not award.is_ranked],
        revoked=[award for award in awards if award.is_revoked],
    )


def _build_results(year: int) -> EditionResults | None:
    edition = published_editions().filter(year=year).select_related("publication").prefetch_related("groups").first()
    if edition is None:
        return None
    return _results_of(edition, public_award_list(edition_ids=[edition.pk]), edition.publication.published_at)


def preview_results(edition: Edition) -> EditionResults:
    """The results page of `edition` as the public will see it once published: its draft awards shown as published
    (revoked ones as revoked). Not cached: the organizer previews the current drafts."""
    from django.utils import timezone

    rows = []
    for row in Award.objects.filter(edition=edition).values(*PUBLIC_AWARD_FIELDS):
        if row["state"] == AwardState.DRAFT:
            row = {**row, "state": AwardState.PUBLISHED, "published_at": row["published_at"] or timezone.now()}
        rows.append(_public_award(row))
    edition = Edition.objects.prefetch_related("groups").get(pk=edition.pk)
    return _results_of(edition, _sorted_awards(rows), timezone.now())


def edition_results(year: int) -> EditionResults | None:
    """The published results of `year` (None when not published), cached until the next publication change."""
    edition_id = Edition.objects.filter(year=year).values_list("pk", flat=True).first()
    if edition_id is None:
        return None
    # A missing edition result is cached as False, so that an unpublished year costs one query too.
    return caching.cached("results", edition_id, lambda: _build_results(year) or False) or None


@dataclass(frozen=True)
class ArchiveRow:
    year: int
    number: int
    theme: str
    published_at: dt.datetime | None
    winners: int


def _build_archive() -> list[ArchiveRow]:
    from django.db.models import Count

    editions = (
        published_editions()
        .annotate(winners=Count("awards", filter=Q(awards__state=AwardState.PUBLISHED)))
        .values("year", "number", "theme", "publication__published_at", "winners")
    )
    return [
        ArchiveRow(
            year=row["year"],
            number=row["number"],
            theme=row["theme"],
            published_at=row["publication__published_at"],
            winners=row["winners"],
        )
        for row in editions
    ]


def results_archive() -> list[ArchiveRow]:
    """Every edition with published results, newest first (cached until the next publication change)."""
    return caching.cached("archive", caching.GLOBAL, _build_archive)


def open_data_awards(year: int | None = None) -> list[PublicAward]:
    """The awards the open data lists: every published edition's results (or one year's), in the pages' order."""
    if year is not None:
        results = edition_results(year)
        return results.awards if results else []
    return caching.cached(
        "open_data",
        caching.GLOBAL,
        lambda: [award for row in results_archive() for award in (edition_results(row.year) or _empty()).awards],
    )


def _empty() -> EditionResults:
    return EditionResults(year=0, number=0, theme="", published_at=None, groups=[], extras=[], revoked=[])
