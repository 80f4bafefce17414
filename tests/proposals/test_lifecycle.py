import datetime as dt
import itertools

import pytest

from core.exceptions import DomainError
from core.models import ActionLog
from proposals.enums import ALLOWED_TRANSITIONS, ProposalState
from proposals.models import Proposal, ProposalStateChange
from proposals.services import screen_proposal, set_proposal_state, submit_proposal, withdraw_proposal
from tests.factories import ProposalFactory

from .conftest import DURING_SUBMISSION

ALLOWED = sorted((old, new) for old, targets in ALLOWED_TRANSITIONS.items() for new in targets)
REFUSED = sorted(
    (old, new) for old, new in itertools.product(ProposalState.values, repeat=2) if new not in ALLOWED_TRANSITIONS[old]
)


def test_transition_table_is_the_documented_lifecycle():
    assert (
        sorted(
            [
                ("draft", "submitted"),
                ("draft", "withdrawn"),
                ("submitted", "passed"),
                ("submitted", "returned"),
                ("submitted", "rejected"),
                ("submitted", "withdrawn"),
                ("returned", "submitted"),
                ("returned", "withdrawn"),
                ("returned", "rejected"),
            ]
        )
        == ALLOWED
    )


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_transition_changes_state_and_records_history(edition, agency, organizer, old, new):
    proposal = ProposalFactory(edition=edition, agency=agency, state=old)

    change = set_proposal_state(proposal, new, actor=organizer, note="catatan")

    proposal.refresh_from_db()
    assert proposal.state == new
    assert (change.from_state, change.to_state, change.actor, change.note) == (old, new, organizer, "catatan")
    log = ActionLog.objects.get(object_id=str(proposal.pk), action_type__startswith="kovablik.proposal.")
    expected = (
        "kovablik.proposal.resubmitted" if (old, new) == ("returned", "submitted") else f"kovablik.proposal.{new}"
    )
    assert (log.action_type, log.actor, log.data) == (expected, organizer, {"from": old, "to": new, "note": "catatan"})
    assert log.display != log.action_type  # registered readable text


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_refused_transition_raises_and_changes_nothing(edition, agency, organizer, old, new):
    proposal = ProposalFactory(edition=edition, agency=agency, state=old)

    with pytest.raises(DomainError):
        set_proposal_state(proposal, new, actor=organizer)

    assert Proposal.objects.get(pk=proposal.pk).state == old
    assert not ProposalStateChange.objects.exists()
    assert not ActionLog.objects.filter(action_type__startswith="kovablik.proposal.").exists()


def test_submit_sets_submitted_at(open_edition, agency, agency_admin):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True)

    submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.submitted_at is not None


@pytest.mark.parametrize("state", [ProposalState.PASSED, ProposalState.REJECTED, ProposalState.WITHDRAWN])
def test_withdraw_after_screening_decided_is_refused(open_edition, agency, agency_admin, state):
    proposal = ProposalFactory(edition=open_edition, agency=agency, state=state)

    with pytest.raises(DomainError):
        withdraw_proposal(proposal, actor=agency_admin)

    assert Proposal.objects.get(pk=proposal.pk).state == state


def test_submitting_a_submitted_proposal_again_is_refused(open_edition, agency, agency_admin):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)

    with pytest.raises(DomainError):
        submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    assert ProposalStateChange.objects.count() == 0


def test_screen_pass_moves_submitted_to_passed(open_edition, agency, organizer):
    proposal = ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    screen_proposal(proposal, decision="pass", actor=organizer)

    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.PASSED


def test_return_for_revision_needs_note_and_future_deadline(open_edition, agency, organizer, frozen_now):
    proposal = ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    with pytest.raises(DomainError):
        screen_proposal(proposal, decision="return", actor=organizer, revision_deadline=dt.date(2026, 8, 20))
    with pytest.raises(DomainError):
        screen_proposal(proposal, decision="return", actor=organizer, note="Lengkapi SK.")
    with pytest.raises(DomainError):
        screen_proposal(
            proposal, decision="return", actor=organizer, note="Lengkapi SK.", revision_deadline=dt.date(2026, 6, 30)
        )
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED

    screen_proposal(
        proposal, decision="return", actor=organizer, note="Lengkapi SK.", revision_deadline=dt.date(2026, 8, 20)
    )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.revision_deadline) == (ProposalState.RETURNED, dt.date(2026, 8, 20))
    assert proposal.state_changes.get().note == "Lengkapi SK."


def test_reject_needs_a_reason(open_edition, agency, organizer):
    proposal = ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    with pytest.raises(DomainError):
        screen_proposal(proposal, decision="reject", actor=organizer, note="  ")
    screen_proposal(proposal, decision="reject", actor=organizer, note="Bukan inovasi pelayanan publik.")

    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.REJECTED


def test_agency_admin_cannot_screen(open_edition, agency, agency_admin):
    proposal = ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    with pytest.raises(DomainError):
        screen_proposal(proposal, decision="pass", actor=agency_admin)

    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_returned_proposal_is_editable_and_resubmittable_until_revision_deadline(
    open_edition, agency, agency_admin, organizer
):
    from django.utils import timezone

    from proposals.services import save_draft_step

    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)
    # Screening happens in August, after submission closed on 31 July.
    august_10 = dt.datetime(2026, 8, 10, 3, 0, tzinfo=dt.UTC)
    screen_proposal(
        proposal,
        decision="return",
        actor=organizer,
        note="Perbaiki ringkasan.",
        revision_deadline=dt.date(2026, 8, 20),
        now=august_10,
    )

    save_draft_step(
        proposal, step="narrative", values={"summary": "Ringkasan baru."}, actor=agency_admin, now=august_10
    )
    proposal.declaration_accepted_at = timezone.now()
    proposal.save(update_fields=["declaration_accepted_at"])
    submit_proposal(proposal, actor=agency_admin, now=august_10)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert [c.to_state for c in proposal.state_changes.all()] == ["returned", "submitted"]
    assert ActionLog.objects.filter(action_type="kovablik.proposal.resubmitted").count() == 1
