"""The truthfulness declaration is the agency's (issue 16, item 3): its admin signs it with name and position, the
time and address are recorded with a PDF kept for the screeners, and a later change voids it."""

import pytest
from django.urls import reverse
from django.utils import translation

from competitions.enums import ProposalSection
from core.exceptions import DomainError
from core.models import ActionLog
from proposals import attachments, declarations, services
from proposals.models import TruthDeclaration
from proposals.uploads import clean_pdf
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory
from tests.proposals import uploads_samples as samples

SIGNER = {"declaration": "on", "signer_name": "Dr. Budi Santoso", "signer_position": "Kepala Dinas"}


@pytest.fixture
def unsigned(open_edition, agency):
    draft = ProposalFactory(edition=open_edition, agency=agency, complete=True)
    declarations.void_declaration(draft, reason="test", actor=None)
    return draft


def review_url(proposal) -> str:
    return reverse("proposals:edit_step", args=[proposal.pk, "review"])


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_drafter_cannot_sign_and_is_told_who_signs(unsigned, drafter, frozen_now):
    client = logged_in_client(drafter)

    page = client.get(review_url(unsigned)).content.decode()
    response = client.post(review_url(unsigned), SIGNER)

    assert 'data-declaration="admin-only"' in page and 'name="declaration"' not in page
    assert response.status_code == 200
    assert not TruthDeclaration.objects.filter(proposal=unsigned, voided_at__isnull=True).exists()
    with translation.override("en"), pytest.raises(DomainError, match="Only your agency admin"):
        declarations.sign_declaration(
            unsigned, actor=drafter, signer_name="Penyusun", signer_position="Staf", ip_address=None
        )


def test_signing_needs_a_name_and_a_position_next_to_the_fields(unsigned, agency_client, frozen_now):
    response = agency_client.post(review_url(unsigned), {**SIGNER, "signer_position": " "})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"signer_position"}
    unsigned.refresh_from_db()
    assert unsigned.declaration_accepted_at is None


def test_the_screener_sees_who_signed_and_downloads_the_pdf(unsigned, agency_client, organizer_client, frozen_now):
    agency_client.post(review_url(unsigned), SIGNER, REMOTE_ADDR="10.1.2.3")
    unsigned.state = "submitted"
    unsigned.save(update_fields=["state"])
    signed = TruthDeclaration.objects.get(proposal=unsigned, voided_at__isnull=True)

    page = organizer_client.get(reverse("proposals:screening_detail", args=[unsigned.pk])).content.decode()
    pdf = organizer_client.get(reverse("proposals:declaration_pdf", args=[unsigned.pk, signed.pk]))

    assert 'data-declaration="signed"' in page
    assert "Dr. Budi Santoso" in page and "Kepala Dinas" in page and "10.1.2.3" in page
    assert signed.download_name in page
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    body = read(pdf)
    assert body.startswith(b"%PDF") and len(body) == signed.document_size


def test_another_agency_cannot_download_the_declaration(unsigned, agency_client, other_agency_admin, frozen_now):
    agency_client.post(review_url(unsigned), SIGNER)
    signed = TruthDeclaration.objects.get(proposal=unsigned, voided_at__isnull=True)

    response = logged_in_client(other_agency_admin).get(
        reverse("proposals:declaration_pdf", args=[unsigned.pk, signed.pk])
    )

    assert response.status_code == 404


def test_editing_after_signing_voids_the_declaration_until_signed_again(unsigned, agency_admin, frozen_now):
    services.accept_declaration(unsigned, actor=agency_admin, signer_position="Kepala Dinas")
    services.save_draft_step(
        unsigned, step="narrative", values={ProposalSection.SUMMARY: "Ringkasan yang diubah."}, actor=agency_admin
    )

    unsigned.refresh_from_db()
    voided = TruthDeclaration.objects.exclude(void_reason="test").get(proposal=unsigned)
    assert unsigned.declaration_accepted_at is None
    assert voided.voided_at is not None and voided.void_reason
    assert ActionLog.objects.filter(object_id=str(unsigned.pk), action_type=declarations.VOIDED).exists()
    assert [problem.field for problem in services.submission_problems(unsigned)] == ["declaration"]


def test_replacing_an_attachment_voids_the_declaration(unsigned, agency_admin, frozen_now):
    services.accept_declaration(unsigned, actor=agency_admin, signer_position="Kepala Dinas")
    clean = clean_pdf(samples.pdf_bytes(), original_name="Standar Pelayanan baru.pdf")

    attachments.attach_file(unsigned, kind="service_standard", file=clean, actor=agency_admin)

    unsigned.refresh_from_db()
    assert unsigned.declaration_accepted_at is None
    assert declarations.in_force(unsigned) is None
    assert (
        "Standar Pelayanan baru.pdf"
        in TruthDeclaration.objects.exclude(void_reason="test").get(proposal=unsigned).void_reason
    )
