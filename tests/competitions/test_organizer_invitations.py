import pytest
from django.core import mail
from django.urls import reverse

from competitions.models import Edition, SpecialGroupInvitation
from competitions.services import invite_to_special_group
from core.exceptions import DomainError
from publication.enums import AwardKind
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory, edition_with_defaults
from tests.publication.catalogue_data import award


def invitations_url(edition):
    return reverse("competitions:org_edition_invitations", args=[edition.year])


def win(agency, *, year: int, kind=AwardKind.RANKED, title="SAKTI: Surat Keterangan Tanpa Antre"):
    edition = Edition.objects.filter(year=year).first() or edition_with_defaults(year=year)
    proposal = ProposalFactory(edition=edition, agency=agency, state="passed", title=title)
    return award(proposal, rank=4, kind=kind, title="Inovasi Favorit" if kind != AwardKind.RANKED else "")


def test_organizer_invites_an_agency_on_its_earlier_award_and_its_admins_are_mailed(
    organizer_client, edition, agency, agency_admin, django_capture_on_commit_callbacks
):
    earlier = win(agency, year=2024)

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            invitations_url(edition), {"ground": f"award:{earlier.pk}", "note": "Silakan ajukan."}
        )

    invitation = SpecialGroupInvitation.objects.get()
    assert response.status_code == 302
    assert (invitation.edition.year, invitation.agency_id, invitation.award_link.award) == (2026, agency.pk, earlier)
    assert "2024" in invitation.grounds and "SAKTI" in invitation.grounds
    assert [message.to for message in mail.outbox] == [[agency_admin.email]]
    assert invitation.grounds in mail.outbox[0].body
    assert invitation.grounds in organizer_client.get(invitations_url(edition)).content.decode()


def test_only_wins_at_least_a_year_old_of_agencies_not_invited_are_offered(
    organizer_client, edition, agency, other_agency, organizer
):
    same_year = win(agency, year=2026, title="Baru Menang")
    nomination = win(agency, year=2024, kind=AwardKind.NOMINATION, title="Hanya Nominasi")
    invited_win = win(other_agency, year=2023, title="Sudah Diundang")
    invite_to_special_group(edition, agency=other_agency, actor=organizer)
    eligible = win(agency, year=2025, title="Layak Diundang")

    page = organizer_client.get(invitations_url(edition))
    offered = [key for key, _label in page.context["form"].fields["ground"].choices if key]
    refused = [
        organizer_client.post(invitations_url(edition), {"ground": f"award:{other.pk}"})
        for other in (same_year, nomination, invited_win)
    ]

    assert offered == [f"award:{eligible.pk}"]
    assert all(response.status_code == 200 and "ground" in response.context["form"].errors for response in refused)
    assert SpecialGroupInvitation.objects.count() == 1


def test_the_service_refuses_a_ground_that_is_not_the_agencys(edition, agency, other_agency, organizer):
    from competitions.queries import invitation_grounds

    win(other_agency, year=2024)
    theirs = invitation_grounds(edition)[0]

    with pytest.raises(DomainError):
        invite_to_special_group(edition, agency=agency, actor=organizer, ground=theirs)
    assert not SpecialGroupInvitation.objects.exists()


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

    listing = client.post(invitations_url(edition), {"ground": "award:1"})
    withdraw = client.post(reverse("competitions:org_edition_invitation_withdraw", args=[invitation.pk]))

    assert (listing.status_code, withdraw.status_code) == (403, 403)
    assert SpecialGroupInvitation.objects.count() == 1


def test_invitation_page_sends_anonymous_visitors_to_login(client, edition):
    response = client.get(invitations_url(edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
