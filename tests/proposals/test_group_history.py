"""Group eligibility from the award history (issue 16, item 1; publication.eligibility): Kelompok Umum and Replikasi
refuse an innovation that already won, found through its lineage across editions, not only by its title."""

import pytest
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind
from core.exceptions import DomainError
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.queries import lineage_ids
from proposals.services import save_draft_step, submit_proposal
from publication.enums import AwardKind, AwardState, NationalOutcome
from publication.models import NationalNomination
from tests.factories import ProposalFactory, edition_with_defaults
from tests.publication.catalogue_data import award

from .conftest import DURING_SUBMISSION


@pytest.fixture
def history(agency):
    """The agency's innovation entered in 2023 (as "SIPANDU") and again in 2025 under a new title."""
    first = ProposalFactory(edition=edition_with_defaults(year=2023), agency=agency, title="SIPANDU", state="passed")
    second = ProposalFactory(
        edition=edition_with_defaults(year=2025),
        agency=agency,
        title="SIPANDU 2.0 Layanan Terpadu",
        state="passed",
        earlier_entry=first,
    )
    return first, second


def entry(open_edition, agency, *, group=GroupKind.GENERAL, **fields):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True, group=group, **fields)


def refusal(proposal, agency_admin) -> str:
    with translation.override("en"), pytest.raises(DomainError) as refused:
        submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)
    return str(refused.value)


def test_a_winner_two_editions_back_is_refused_in_kelompok_umum(open_edition, agency, agency_admin, history):
    first, second = history
    award(first, rank=4)
    proposal = entry(open_edition, agency, title="Layanan Terpadu Keliling", earlier_entry=second)

    message = refusal(proposal, agency_admin)

    assert "“SIPANDU” already won (KOVABLIK 2023, rank 4 in General group" in message
    assert lineage_ids(proposal) == {first.pk, second.pk}
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT


def test_the_same_title_is_found_without_a_link(open_edition, agency, agency_admin, history):
    award(history[0])
    proposal = entry(open_edition, agency, title="  sipandu ")

    assert "already won" in refusal(proposal, agency_admin)


@pytest.mark.parametrize("group", [GroupKind.GENERAL, GroupKind.REPLICATION])
def test_a_national_award_counts_a_national_finalist_does_not(open_edition, agency, agency_admin, history, group):
    first, second = history
    award(first, kind=AwardKind.NOMINATION, title="Inovasi Favorit")  # a nomination is not a win
    NationalNomination.objects.create(proposal=second, year=2025, outcome=NationalOutcome.TOP_99)
    proposal = entry(open_edition, agency, group=group, earlier_entry=second)  # a complete replication names one

    submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)  # a finalist only: allowed
    NationalNomination.objects.filter(proposal=second).update(outcome=NationalOutcome.TOP_45)
    Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.DRAFT)
    proposal.refresh_from_db()

    assert "Top 45 — Top Inovasi Terpuji" in refusal(proposal, agency_admin)


def test_a_revoked_award_is_no_win(open_edition, agency, agency_admin, history):
    award(history[1], state=AwardState.REVOKED)
    proposal = entry(open_edition, agency, earlier_entry=history[1])

    submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_only_the_agencys_own_earlier_entries_can_be_named(
    open_edition, agency, agency_admin, agency_client, other_agency, history, frozen_now
):
    theirs = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    proposal = entry(open_edition, agency)

    page = agency_client.get(reverse("proposals:edit_step", args=[proposal.pk, "basics"])).content.decode()

    assert "2025 — SIPANDU 2.0 Layanan Terpadu" in page and theirs.title not in page
    with pytest.raises(DomainError):
        save_draft_step(proposal, step="basics", values={"earlier_entry": theirs}, actor=agency_admin)
    assert Proposal.objects.get(pk=proposal.pk).earlier_entry_id is None
