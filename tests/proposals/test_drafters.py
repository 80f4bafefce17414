import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from competitions.enums import MembershipRole
from competitions.models import Membership
from core.exceptions import DomainError
from proposals.services import add_drafter
from tests.conftest import logged_in_client
from tests.factories import MembershipFactory

User = get_user_model()


def test_agency_admin_adds_a_drafter_who_gets_a_set_password_mail(
    agency, agency_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = agency_client.post(
            reverse("proposals:drafter_add"),
            {"email": "Staf.UPT@Example.org", "first_name": "Rina", "last_name": "Unit"},
        )

    user = User.objects.get(email="staf.upt@example.org")
    assert response["Location"] == reverse("proposals:drafters")
    assert (user.membership.agency, user.membership.role) == (agency, MembershipRole.DRAFTER)
    assert user.has_usable_password()  # a random one nobody knows; they choose theirs through the link
    assert [message.to for message in mail.outbox] == [["staf.upt@example.org"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_drafter_list_shows_only_own_agency(agency, agency_client, drafter, other_agency_admin):
    response = agency_client.get(reverse("proposals:drafters"))

    assert [m.user.username for m in response.context["members"]] == ["admin.a", "drafter.a"]


def test_drafter_cannot_add_drafters(drafter):
    client = logged_in_client(drafter)

    response = client.post(reverse("proposals:drafter_add"), {"email": "x@example.org", "first_name": "X"})

    assert response.status_code == 403
    assert client.get(reverse("proposals:drafters")).status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_existing_email_is_refused_with_message(agency, agency_admin, other_agency_admin, agency_client):
    response = agency_client.post(
        reverse("proposals:drafter_add"), {"email": "admin.b@example.org", "first_name": "Dup"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Membership.objects.filter(agency=agency).count() == 1


def test_admin_cannot_add_a_drafter_to_another_agency(agency_admin, other_agency):
    with pytest.raises(DomainError):
        add_drafter(other_agency, email="z@example.org", first_name="Z", last_name="", actor=agency_admin, site_url="")

    assert not User.objects.filter(email="z@example.org").exists()


def test_added_drafter_may_start_drafts_for_the_agency(agency, agency_admin, open_edition, frozen_now):
    from proposals.services import create_draft

    drafter = add_drafter(
        agency, email="unit@example.org", first_name="U", last_name="", actor=agency_admin, site_url=""
    )
    proposal = create_draft(
        edition=open_edition,
        agency=agency,
        actor=drafter,
        title="Dari UPT",
        category=open_edition.categories.first(),
        group="umum",
    )

    assert (proposal.agency, proposal.created_by) == (agency, drafter)


def test_member_of_other_agency_cannot_start_a_draft_for_this_one(agency, other_agency_admin, open_edition, frozen_now):
    from proposals.services import create_draft

    with pytest.raises(DomainError):
        create_draft(
            edition=open_edition,
            agency=agency,
            actor=other_agency_admin,
            title="Menyusup",
            category=open_edition.categories.first(),
            group="umum",
        )


def test_second_admin_of_agency_is_listed(agency, agency_client):
    MembershipFactory(agency=agency, user__username="admin.a2")

    response = agency_client.get(reverse("proposals:drafters"))

    assert len(response.context["members"]) == 2
