"""The quota holds under concurrency: real simultaneous transactions on PostgreSQL, one connection per thread."""

import threading

import pytest
from django.db import connection, connections

from core.exceptions import DomainError
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalStateChange
from proposals.services import submit_proposal
from tests.factories import ProposalFactory

from .conftest import DURING_SUBMISSION

SIMULTANEOUS = 6


def submit_all_at_once(proposal_ids, actor) -> list[str]:
    """Submit each proposal from its own thread, all released together; returns each thread's outcome."""
    barrier = threading.Barrier(len(proposal_ids))
    outcomes = [""] * len(proposal_ids)

    def worker(index, proposal_id):
        try:
            proposal = Proposal.objects.select_related("edition", "agency").get(pk=proposal_id)
            barrier.wait(timeout=10)
            submit_proposal(proposal, actor=actor, now=DURING_SUBMISSION)
            outcomes[index] = "submitted"
        except DomainError:
            outcomes[index] = "refused"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes[index] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, pk)) for i, pk in enumerate(proposal_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_of_one_agency_end_with_exactly_the_quota(open_edition, agency, agency_admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run concurrent writers")
    drafts = [ProposalFactory(edition=open_edition, agency=agency, complete=True) for _ in range(SIMULTANEOUS)]

    outcomes = submit_all_at_once([draft.pk for draft in drafts], agency_admin)

    assert sorted(outcomes) == ["refused"] * 3 + ["submitted"] * 3
    assert Proposal.objects.filter(agency=agency, state=ProposalState.SUBMITTED).count() == 3
    assert Proposal.objects.filter(agency=agency, state=ProposalState.DRAFT).count() == 3
    assert ProposalStateChange.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_of_one_proposal_submit_it_once(open_edition, agency, agency_admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run concurrent writers")
    draft = ProposalFactory(edition=open_edition, agency=agency, complete=True)

    outcomes = submit_all_at_once([draft.pk] * 4, agency_admin)

    assert sorted(outcomes) == ["refused"] * 3 + ["submitted"]
    assert ProposalStateChange.objects.filter(proposal=draft).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_step_from_one_version_keep_one_and_refuse_the_others(
    open_edition, agency, agency_admin, drafter
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run concurrent writers")
    from competitions.enums import ProposalSection
    from proposals.services import StaleProposalStep, save_draft_step

    draft = ProposalFactory(edition=open_edition, agency=agency, complete=True)
    texts = [f"Ringkasan versi {n}." for n in range(4)]
    barrier = threading.Barrier(len(texts))
    outcomes = [""] * len(texts)

    def worker(index):
        try:
            proposal = Proposal.objects.select_related("edition").get(pk=draft.pk)
            barrier.wait(timeout=10)
            save_draft_step(
                proposal,
                step="narrative",
                values={ProposalSection.SUMMARY: texts[index]},
                actor=agency_admin if index % 2 else drafter,
                now=DURING_SUBMISSION,
                version=0,
            )
            outcomes[index] = "saved"
        except StaleProposalStep:
            outcomes[index] = "stale"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes[index] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["saved"] + ["stale"] * 3
    saved = texts[outcomes.index("saved")]
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == saved
    assert Proposal.objects.get(pk=draft.pk).edit_version("narrative") == 1
