import pytest
from django.core import mail
from django.urls import reverse

from competitions.models import SpecialGroupInvitation
from competitions.services import invite_to_special_group
from tests.conftest import logged_in_client


def invitations_url(edition):
    return reverse("competitions:org_edition_invitations", args=[edition.year])


def test_organizer_invites_an_agency_and_its_admins_are_mailed(
    organizer_client, edition, agency, agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(invitations_url(edition), {"agency": agency.pk, "note": "Top 30 2023"})

    assert response.status_code == 302
    assert list(SpecialGroupInvitation.objects.values_list("edition__year", "agency_id", "note")) == [
        (2026, agency.pk, "Top 30 2023")
    ]
    assert [message.to for message in mail.outbox] == [[agency_admin.email]]


def test_already_invited_agency_is_not_offered_again(organizer_client, edition, agency, organizer):
    invite_to_special_group(edition, agency=agency, actor=organizer)

    response = organizer_client.post(invitations_url(edition), {"agency": agency.pk})

    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert SpecialGroupInvitation.objects.count() == 1


def test_withdraw_confirms_on_get_and_acts_on_post(organizer_client, edition, agency, organizer):
    invitation = invite_to_special_group(edition, agency=agency, actor=organizer)
    url = reverse("competitions:org_edition_invitation_withdraw", args=[invitation.pk])

    organizer_client.get(url)
    assert SpecialGroupInvitation.objects.count() == 1

    organizer_client.post(url)
    assert SpecialGroupInvitation.objects.count() == 0


@pytest.mark.parametrize("role", ["agency_admin", "drafter", "judge"])
def test_invitation_pages_refuse_other_roles(request, role, edition, agency, organizer):
    invitation = invite_to_special_group(edition, agency=agency, actor=organizer)
    client = logged_in_client(request.getfixturevalue(role))

    listing = client.post(invitations_url(edition), {"agency": agency.pk})
    withdraw = client.post(reverse("competitions:org_edition_invitation_withdraw", args=[invitation.pk]))

    assert (listing.status_code, withdraw.status_code) == (403, 403)
    assert SpecialGroupInvitation.objects.count() == 1


def test_invitation_page_sends_anonymous_visitors_to_login(client, edition):
    response = client.get(invitations_url(edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
