"""The organizer's account pages: creating an account gives it exactly one role row and sends one email with a
set-password link (never a password); editing changes details but not a judge's or organizer's role."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse

from competitions.enums import MembershipRole
from competitions.models import Judge, Membership, Organizer
from core.models import ActionLog
from tests import factories

User = get_user_model()
LIST_URL = reverse("competitions:org_person_list")
CREATE_URL = reverse("competitions:org_person_create")


@pytest.fixture
def client_en(organizer_client):
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


def person_post(**values):
    data = {
        "username": "siti.dinkes",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@dinkes.jatimprov.go.id",
        "role": "agency_admin",
    }
    data.update(values)
    return {key: ("" if value is None else value) for key, value in data.items()}


def test_create_agency_admin_makes_a_membership_and_sends_one_set_password_email(
    organizer_client, organizer, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(CREATE_URL, person_post(agency=agency.pk))

    user = User.objects.get(username="siti.dinkes")
    assert response.status_code == 302
    assert (user.membership.agency, user.membership.role) == (agency, MembershipRole.ADMIN)
    assert not Judge.objects.filter(user=user).exists() and not Organizer.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@dinkes.jatimprov.go.id"]
    uid, token = re.search(r"/accounts/password/reset/([^/\s]+)/([^/\s]+)/", message.body).groups()
    assert default_token_generator.check_token(user, token)
    assert user.password not in message.body
    assert "siti.dinkes" in message.body and agency.name in message.body
    log = ActionLog.objects.get(action_type="kovablik.person.created")
    assert (log.actor, log.data) == (
        organizer,
        {"username": "siti.dinkes", "role": "agency_admin", "agency": agency.pk},
    )


def test_new_account_holder_chooses_a_password_through_the_link(
    organizer_client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(CREATE_URL, person_post(agency=agency.pk))
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    person = Client()

    form_page = person.get(link, follow=True)
    person.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Jatim-Inovasi-2026", "new_password2": "Jatim-Inovasi-2026"}
    )

    assert person.login(username="siti.dinkes", password="Jatim-Inovasi-2026")


def test_create_judge_records_affiliation_and_affiliated_agency(
    organizer_client, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(
            CREATE_URL,
            person_post(
                username="prof.budi",
                email="budi@unair.ac.id",
                role="judge",
                affiliation="Universitas Airlangga",
                expertise="Kebijakan publik",
                agency=agency.pk,
            ),
        )

    judge = Judge.objects.get(user__username="prof.budi")
    assert (judge.affiliation, judge.expertise, judge.agency) == ("Universitas Airlangga", "Kebijakan publik", agency)
    assert not Membership.objects.filter(user=judge.user).exists()
    assert len(mail.outbox) == 1


def test_create_drafter_and_organizer(organizer_client, agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(
            CREATE_URL, person_post(username="drafter.x", email="x@a.id", role="drafter", agency=agency.pk)
        )
        organizer_client.post(
            CREATE_URL, person_post(username="staf.biro", email="staf@biro.id", role="organizer", position="Analis")
        )

    assert Membership.objects.get(user__username="drafter.x").role == MembershipRole.DRAFTER
    assert Organizer.objects.get(user__username="staf.biro").position == "Analis"
    assert [m.to for m in mail.outbox] == [["x@a.id"], ["staf@biro.id"]]


def test_agency_account_without_agency_is_refused_and_nothing_is_sent(client_en, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_en.post(CREATE_URL, person_post(role="drafter"))

    assert response.context["form"].errors == {"agency": ["Choose the agency this account acts for."]}
    assert not User.objects.filter(username="siti.dinkes").exists()
    assert mail.outbox == []


def test_judge_without_affiliation_is_refused(client_en):
    response = client_en.post(CREATE_URL, person_post(role="judge"))

    assert response.context["form"].errors == {"affiliation": ["Enter the institution the judge works for."]}
    assert not User.objects.filter(username="siti.dinkes").exists()


def test_email_or_username_already_used_is_refused(client_en, agency, agency_admin):
    response = client_en.post(
        CREATE_URL,
        person_post(username=agency_admin.username.upper(), email=agency_admin.email.upper(), agency=agency.pk),
    )

    assert response.context["form"].errors == {
        "username": ["Another account already uses this username."],
        "email": ["Another account already uses this email address."],
    }
    assert User.objects.filter(email__iexact=agency_admin.email).count() == 1


def test_edit_person_changes_name_email_active_and_agency(organizer_client, organizer, agency_admin, other_agency):
    url = reverse("competitions:org_person_edit", args=[agency_admin.pk])

    response = organizer_client.post(
        url,
        person_post(
            first_name="Budi", last_name="Santoso", email="budi@dindik.id", role="drafter", agency=other_agency.pk
        ),
    )

    agency_admin.refresh_from_db()
    membership = Membership.objects.get(user=agency_admin)
    assert response.status_code == 302
    assert (agency_admin.get_full_name(), agency_admin.email, agency_admin.is_active) == (
        "Budi Santoso",
        "budi@dindik.id",
        False,  # the box was not ticked
    )
    assert (membership.agency, membership.role) == (other_agency, MembershipRole.DRAFTER)
    log = ActionLog.objects.get(action_type="kovablik.person.updated")
    assert log.data["after"]["role"] == "drafter" and log.data["after"]["agency"] == other_agency.pk
    assert log.actor == organizer


def test_edit_judge_cannot_turn_them_into_an_organizer(client_en, judge):
    url = reverse("competitions:org_person_edit", args=[judge.pk])

    response = client_en.post(url, person_post(email=judge.email, role="organizer", is_active="on"))

    assert "role" in response.context["form"].errors
    assert not Organizer.objects.filter(user=judge).exists()
    assert Judge.objects.filter(user=judge).exists()


def test_organizer_cannot_deactivate_their_own_account(client_en, organizer):
    url = reverse("competitions:org_person_edit", args=[organizer.pk])

    response = client_en.post(url, person_post(email=organizer.email, role="organizer"))

    assert response.context["form"].non_field_errors() == ["You cannot deactivate your own account."]
    organizer.refresh_from_db()
    assert organizer.is_active is True


def test_person_list_shows_roles_and_filters_by_role_and_search(organizer_client, agency_admin, drafter, judge, agency):
    factories.UserFactory(username="tanpa.peran")

    def usernames(**params):
        response = organizer_client.get(LIST_URL, params)
        return sorted(p.username for p in response.context["people"])

    assert usernames(role="agency_admin") == ["admin.a"]
    assert usernames(role="drafter") == ["drafter.a"]
    assert usernames(role="judge") == ["judge"]
    assert usernames(role="organizer") == ["organizer"]
    assert usernames(role="none") == ["tanpa.peran"]
    assert usernames(q="dinkes") == ["admin.a", "drafter.a"]  # the agency's short name
    assert usernames(q="kesehatan provinsi") == ["admin.a", "drafter.a"]  # and its name
    html = organizer_client.get(LIST_URL, {"q": "Universitas"}).content.decode()
    assert "Universitas Contoh" in html


@pytest.mark.parametrize("size", [10, 100])
def test_person_list_queries_do_not_grow_with_people(size, organizer_client, django_assert_max_num_queries):
    agencies = factories.AgencyFactory.create_batch(3)
    for i in range(size):
        if i % 3 == 0:
            factories.MembershipFactory(agency=agencies[i % 3])
        elif i % 3 == 1:
            factories.JudgeFactory(agency=agencies[i % 3])
        else:
            factories.OrganizerFactory()

    with django_assert_max_num_queries(5):
        response = organizer_client.get(LIST_URL)

    assert len(response.context["people"]) == min(size + 1, 25)
    assert all(person.role_label for person in response.context["people"])


def test_account_without_a_role_can_be_edited_and_keep_no_role(organizer_client):
    person = factories.UserFactory(username="tanpa.peran")
    url = reverse("competitions:org_person_edit", args=[person.pk])

    response = organizer_client.post(
        url, person_post(first_name="Tanpa", email="baru@example.org", role="", is_active="on")
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.first_name, person.email) == ("Tanpa", "baru@example.org")
    assert not Membership.objects.filter(user=person).exists()
    assert not Judge.objects.filter(user=person).exists() and not Organizer.objects.filter(user=person).exists()


def test_account_without_a_role_can_be_given_one(organizer_client, agency):
    person = factories.UserFactory(username="tanpa.peran")
    url = reverse("competitions:org_person_edit", args=[person.pk])

    organizer_client.post(url, person_post(email=person.email, role="judge", affiliation="ITS", is_active="on"))

    assert Judge.objects.get(user=person).affiliation == "ITS"
