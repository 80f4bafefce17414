"""Kelompok Khusus is by invitation: without one an agency can neither choose it nor use it to pass the quota."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind
from competitions.models import SpecialGroupInvitation
from competitions.services import invite_to_special_group, withdraw_special_invitation
from core.exceptions import DomainError
from core.models import ActionLog
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services import submit_proposal
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory

from .conftest import DURING_SUBMISSION


def test_uninvited_agency_cannot_submit_in_the_special_group(open_edition, agency, agency_admin, earlier_win):
    for _ in range(3):
        ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)
    special = ProposalFactory(
        edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL, earlier_entry=earlier_win
    )

    with pytest.raises(DomainError) as refused:
        submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert [problem.field for problem in refused.value.problems] == ["group"]
    assert Proposal.objects.get(pk=special.pk).state == ProposalState.DRAFT


def test_invited_agency_submits_in_the_special_group(
    open_edition, agency, agency_admin, special_invitation, earlier_win
):
    special = ProposalFactory(
        edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL, earlier_entry=earlier_win
    )

    submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=special.pk).state == ProposalState.SUBMITTED


def test_a_special_entry_needs_an_earlier_win_at_least_a_year_old(
    open_edition, agency, agency_admin, special_invitation, earlier_win
):
    from publication.models import Award

    without = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL)
    too_recent = ProposalFactory(
        edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL, earlier_entry=earlier_win
    )
    Award.objects.filter(proposal=earlier_win).update(edition=open_edition)  # won this very edition's year
    earlier_win.edition = open_edition
    earlier_win.save(update_fields=["edition"])

    for proposal in (without, too_recent):
        with pytest.raises(DomainError) as refused:
            submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)
        assert [problem.field for problem in refused.value.problems] == ["earlier_entry"]


def test_the_invitation_caps_the_agencys_special_entries(
    open_edition, agency, agency_admin, special_invitation, earlier_win
):
    first, second = (
        ProposalFactory(
            edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL, earlier_entry=earlier_win
        )
        for _ in range(2)
    )
    submit_proposal(first, actor=agency_admin, now=DURING_SUBMISSION)

    with translation.override("en"), pytest.raises(DomainError, match="allows 1 Kelompok Khusus proposal"):
        submit_proposal(second, actor=agency_admin, now=DURING_SUBMISSION)

    open_edition.special_entries_per_agency = 2
    open_edition.save(update_fields=["special_entries_per_agency"])
    submit_proposal(Proposal.objects.get(pk=second.pk), actor=agency_admin, now=DURING_SUBMISSION)
    assert Proposal.objects.filter(group=GroupKind.SPECIAL, state=ProposalState.SUBMITTED).count() == 2


def test_invitation_mails_the_agency_admins_and_is_audited(
    open_edition, agency, agency_admin, drafter, organizer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_special_group(open_edition, agency=agency, actor=organizer, note="Top 30 tahun 2023")

    assert [message.to for message in mail.outbox] == [[agency_admin.email]]
    assert "Top 30 tahun 2023" in mail.outbox[0].body
    assert ActionLog.objects.filter(action_type="kovablik.edition.special_invited", actor=organizer).count() == 1


def test_inviting_twice_is_refused(open_edition, agency, organizer, special_invitation):
    with pytest.raises(DomainError):
        invite_to_special_group(open_edition, agency=agency, actor=organizer)

    assert SpecialGroupInvitation.objects.count() == 1


def test_withdrawn_invitation_closes_the_group_again(open_edition, agency, agency_admin, organizer, special_invitation):
    withdraw_special_invitation(special_invitation, actor=organizer)
    special = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL)

    with pytest.raises(DomainError):
        submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)


def test_start_form_offers_the_special_group_only_when_invited(
    open_edition, agency, agency_admin, organizer, frozen_now
):
    client = logged_in_client(agency_admin)

    before = client.get(reverse("proposals:create")).context["form"].fields["group"].choices
    invite_to_special_group(open_edition, agency=agency, actor=organizer)
    after = client.get(reverse("proposals:create")).context["form"].fields["group"].choices

    assert GroupKind.SPECIAL not in [value for value, _label in before]
    assert GroupKind.SPECIAL in [value for value, _label in after]


def test_uninvited_agency_posting_the_special_group_gets_a_field_error(open_edition, agency_admin, frozen_now):
    client = logged_in_client(agency_admin)

    response = client.post(
        reverse("proposals:create"),
        {"title": "Inovasi", "category": open_edition.categories.first().pk, "group": GroupKind.SPECIAL},
    )

    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert Proposal.objects.count() == 0
