"""The innovator's consent to be named publicly (UU 27/2022): the agency admin records it in the proposal form, with
who and when, audited without the personal values; a drafter cannot; it does not withdraw the declaration."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from competitions.enums import GroupKind
from core.models import ActionLog
from proposals.models import Proposal
from proposals.services import CONSENT_CHANGED, save_draft_step
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory


@pytest.fixture
def draft(open_edition, agency):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True)


def basics(draft, **extra) -> dict:
    return {
        "title": draft.title,
        "category": draft.category_id,
        "group": draft.group,
        "implementation_started_on": draft.implementation_started_on.isoformat(),
        "innovator_name": draft.innovator_name,
        "innovator_phone": draft.innovator_phone,
        "innovator_email": draft.innovator_email,
        **extra,
    }


def test_the_agency_admin_records_consent_in_the_basics_step(draft, agency_admin, agency_client, frozen_now):
    draft.declaration_accepted_at = frozen_now
    draft.save()

    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "basics"]), basics(draft, innovator_consent="on")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.innovator_consent, draft.innovator_consent_recorded_by, draft.innovator_consent_recorded_at) == (
        True,
        agency_admin,
        frozen_now,
    )
    assert draft.declaration_accepted_at == frozen_now  # consent is not content the declaration vouches for
    entry = ActionLog.objects.get(action_type=CONSENT_CHANGED)
    assert (entry.actor, entry.data) == (agency_admin, {"before": False, "after": True})
    assert "Siti" not in str(entry.data)


def test_withdrawing_consent_is_recorded_too(draft, agency_admin, agency_client, frozen_now):
    url = reverse("proposals:edit_step", args=[draft.pk, "basics"])
    agency_client.post(url, basics(draft, innovator_consent="on"))

    agency_client.post(url, basics(draft))

    draft.refresh_from_db()
    assert draft.innovator_consent is False
    assert [entry.data["after"] for entry in ActionLog.objects.filter(action_type=CONSENT_CHANGED)] == [False, True]


def test_a_drafter_cannot_record_consent(draft, drafter, frozen_now):
    client = logged_in_client(drafter)
    url = reverse("proposals:edit_step", args=[draft.pk, "basics"])

    page = client.get(url)
    client.post(url, basics(draft, innovator_consent="on"))

    assert page.context["form"].fields["innovator_consent"].disabled is True
    assert Proposal.objects.get(pk=draft.pk).innovator_consent is False
    assert save_draft_step(draft, step="basics", values={"innovator_consent": True}, actor=drafter) == []
    assert not ActionLog.objects.filter(action_type=CONSENT_CHANGED).exists()


def test_the_form_links_the_privacy_notice(draft, agency_client, frozen_now):
    html = agency_client.get(reverse("proposals:edit_step", args=[draft.pk, "basics"])).content.decode()

    assert 'name="innovator_consent"' in html
    assert f'href="{reverse("publication:privacy_notice")}"' in html


def test_a_new_draft_may_start_with_consent(open_edition, agency_admin, agency_client, frozen_now):
    category = open_edition.categories.first()

    agency_client.post(
        reverse("proposals:create"),
        {"title": "Sapa Warga", "category": category.pk, "group": GroupKind.GENERAL, "innovator_consent": "on"},
    )

    proposal = Proposal.objects.get(title="Sapa Warga")
    assert (proposal.innovator_consent, proposal.innovator_consent_recorded_by) == (True, agency_admin)


def test_the_data_migration_leaves_existing_proposals_without_consent(draft, agency_admin):
    Proposal.objects.filter(pk=draft.pk).update(innovator_consent=True, innovator_consent_recorded_by=agency_admin)
    migration = importlib.import_module("proposals.migrations.0004_existing_proposals_without_consent")

    migration.no_consent(django_apps, None)

    draft.refresh_from_db()
    assert (draft.innovator_consent, draft.innovator_consent_recorded_by) == (False, None)


def test_the_agency_and_the_organizers_see_the_innovator_and_the_consent(
    draft, agency_admin, agency_client, organizer_client, frozen_now
):
    agency_client.post(reverse("proposals:edit_step", args=[draft.pk, "basics"]), basics(draft, innovator_consent="on"))
    Proposal.objects.filter(pk=draft.pk).update(state="submitted", submitted_at=frozen_now)

    for client, url in (
        (agency_client, reverse("proposals:detail", args=[draft.pk])),
        (organizer_client, reverse("proposals:screening_detail", args=[draft.pk])),
    ):
        html = client.get(url).content.decode()
        assert draft.innovator_name in html and draft.innovator_email in html, url
        assert "Ya: instansi mencatat persetujuan inovator pada" in html, url
