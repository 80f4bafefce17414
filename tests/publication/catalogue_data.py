"""Published editions for the catalogue, statistics and card tests, written directly as test data (no audit entries):
a Publication in the published state and published awards, as publication.awards.services.publish_results leaves
them."""

import datetime as dt

from django.utils import timezone

from competitions.enums import GroupKind
from proposals.models import Proposal, ProposalSectionText, ReplicationSource
from publication.enums import AwardKind, AwardState, PublicationState
from publication.models import Award, Publication
from tests import factories


def publish(edition, *, when: dt.datetime | None = None) -> Publication:
    when = when or timezone.now()
    publication, _created = Publication.objects.update_or_create(
        edition=edition,
        defaults={"state": PublicationState.PUBLISHED, "published_at": when, "first_published_at": when},
    )
    return publication


def award(
    proposal,
    *,
    rank: int | None = 1,
    kind: str = AwardKind.RANKED,
    title: str = "",
    state=AwardState.PUBLISHED,
    when: dt.datetime | None = None,
) -> Award:
    return Award.objects.create(
        edition=proposal.edition,
        proposal=proposal,
        kind=kind,
        group=proposal.group,
        rank=rank if kind == AwardKind.RANKED else None,
        title=title,
        state=state,
        published_at=(when or timezone.now()) if state != AwardState.DRAFT else None,
        revoked_reason="Dicabut." if state == AwardState.REVOKED else "",
    )


def innovation(
    edition,
    *,
    title: str,
    agency=None,
    group: str = GroupKind.GENERAL,
    region=None,
    sections=None,
    replicates=(),
    **fields,
) -> Proposal:
    """A proposal that passed screening, with the given section texts and the innovations it replicates (a
    proposal, or a dict describing one that is not in the portal)."""
    proposal = factories.ProposalFactory(
        edition=edition,
        agency=agency or factories.AgencyFactory(),
        group=group,
        title=title,
        region=region,
        state="passed",
        **fields,
    )
    ProposalSectionText.objects.bulk_create(
        ProposalSectionText(proposal=proposal, section=section, text=text) for section, text in (sections or {}).items()
    )
    ReplicationSource.objects.bulk_create(
        ReplicationSource(
            proposal=proposal,
            position=position,
            reason="Sumber replikasi.",
            **(source if isinstance(source, dict) else {"source": source}),
        )
        for position, source in enumerate(replicates, start=1)
    )
    return proposal


def many_winners(edition, count: int, *, prefix: str = "Inovasi", region=None) -> list[Proposal]:
    """`count` published Top-N winners of the General group in bulk (shared agency and region), for size tests."""
    agency = factories.AgencyFactory(name=f"Dinas {prefix} {edition.year}", region=region or factories.RegionFactory())
    category = edition.categories.order_by("position").first()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            edition=edition,
            agency=agency,
            category=category,
            group=GroupKind.GENERAL,
            title=f"{prefix} {n:03d}",
            state="passed",
        )
        for n in range(count)
    )
    ProposalSectionText.objects.bulk_create(
        ProposalSectionText(proposal=proposal, section="summary", text=f"Ringkasan {proposal.title}.")
        for proposal in proposals
    )
    now = timezone.now()
    Award.objects.bulk_create(
        Award(
            edition=edition,
            proposal=proposal,
            kind=AwardKind.RANKED,
            group=GroupKind.GENERAL,
            rank=n + 1,
            state=AwardState.PUBLISHED,
            published_at=now,
        )
        for n, proposal in enumerate(proposals)
    )
    publish(edition)
    return proposals
