"""Kelompok Khusus is by invitation: without one an agency can neither choose it nor use it to pass the quota."""

import pytest
from django.core import mail
from django.urls import reverse

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


def test_uninvited_agency_cannot_submit_in_the_special_group(open_edition, agency, agency_admin):
    for _ in range(3):
        ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)
    special = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL)

    with pytest.raises(DomainError) as refused:
        submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert [problem.field for problem in refused.value.problems] == ["group"]
    assert Proposal.objects.get(pk=special.pk).state == ProposalState.DRAFT


def test_invited_agency_submits_in_the_special_group(open_edition, agency, agency_admin, special_invitation):
    special = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL)

    submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=special.pk).state == ProposalState.SUBMITTED


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
