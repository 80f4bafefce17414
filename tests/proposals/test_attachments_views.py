"""The attachments step, removal and the protected download: who may do what, and what lands on disk."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind
from core.exceptions import DomainError
from proposals.attachments import attach_file, missing_required_attachments, remove_attachment
from proposals.enums import ProposalState
from proposals.models import Attachment
from proposals.services import SubmissionRefused, submit_proposal
from proposals.uploads import AttachmentKind, clean_upload
from tests.conftest import logged_in_client
from tests.factories import AttachmentFactory, ProposalFactory

from . import uploads_samples as samples
from .conftest import DURING_SUBMISSION


def stored_files() -> list[Path]:
    """The stored attachment files (not the signed declarations, kept beside them)."""
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload_url(proposal, kind) -> str:
    return reverse("proposals:attachment_upload", args=[proposal.pk, kind])


def download_url(attachment) -> str:
    return reverse("proposals:attachment_download", args=[attachment.proposal_id, attachment.pk])


def download(client, attachment, url=None):
    """GET a download and read it fully: the test client closes the streamed file once it has been read."""
    response = client.get(url or download_url(attachment))
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def post_file(client, proposal, kind, name, content, content_type="application/octet-stream"):
    upload = samples.upload(name, content, content_type)
    return client.post(upload_url(proposal, kind), {f"{kind}-file": upload})


@pytest.fixture
def draft(open_edition, agency, frozen_now):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True, with_attachments=False)


@pytest.fixture
def english_client(agency_admin):
    client = logged_in_client(agency_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_upload_pdf_stores_file_under_random_name_and_shows_it(english_client, draft):
    content = samples.pdf_bytes()

    response = post_file(english_client, draft, AttachmentKind.INITIATOR_DECREE, "SK Tim Inovasi.pdf", content)

    assert response.status_code == 302
    assert response.url.endswith("#attachment-initiator_decree")
    attachment = Attachment.objects.get(proposal=draft)
    assert (attachment.kind, attachment.original_name, attachment.size) == (
        "initiator_decree",
        "SK Tim Inovasi.pdf",
        len(content),
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("attachments/") and "SK" not in attachment.file.name
    assert [path.read_bytes() for path in stored_files()] == [content]
    page = english_client.get(response.url).content.decode()
    assert "SK Tim Inovasi.pdf" in page
    assert download_url(attachment) in page


@pytest.mark.parametrize(
    ("kind", "name", "make", "message"),
    [
        ("photo", "foto.png", samples.exe_bytes, "This file is not a JPEG or PNG image (whatever its name says)."),
        (
            "photo",
            "foto.jpg",
            lambda: samples.jpeg_bytes(size=(300, 200))[:600],
            "The image is damaged or incomplete and cannot be read.",
        ),
        (
            "photo",
            "bom.png",
            lambda: samples.png_declaring(100_000, 100_000),
            "The image is 100000 × 100000 pixels; at most 40.0 million pixels are allowed.",
        ),
        (
            "initiator_decree",
            "sk.pdf",
            lambda: b"Bukan PDF, hanya teks.\n" * 20,
            "This file is not a PDF document (whatever its name says).",
        ),
        (
            "service_standard",
            "besar.pdf",
            lambda: samples.pdf_bytes() + b"%" + b"0" * (3 * 1024 * 1024),
            "at most 2.0\xa0MB is allowed.",
        ),
    ],
    ids=["exe-as-png", "truncated-jpeg", "decompression-bomb", "text-as-pdf", "oversize"],
)
def test_upload_refused_file_shows_message_at_field_and_stores_nothing(
    english_client, draft, kind, name, make, message
):
    response = post_file(english_client, draft, kind, name, make())

    assert response.status_code == 200
    form = response.context["upload_form"]
    assert form.kind == kind
    with translation.override("en"):
        errors = [str(error) for error in form.errors["file"]]
    assert len(errors) == 1 and message in errors[0]
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_upload_without_file_asks_for_one(english_client, draft):
    response = english_client.post(upload_url(draft, AttachmentKind.PRESELECTION_DECREE), {})

    assert response.status_code == 200
    assert response.context["upload_form"].errors == {"file": ["Choose a file to upload."]}
    assert stored_files() == []


def test_upload_photo_is_reencoded_without_exif(english_client, draft):
    response = post_file(english_client, draft, AttachmentKind.PHOTO, "lokasi.jpg", samples.jpeg_with_gps_exif())

    assert response.status_code == 302
    [path] = stored_files()
    assert b"Canon" not in path.read_bytes()
    assert path.suffix == ".jpg"


def test_upload_second_file_of_a_kind_replaces_the_first(english_client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_file(english_client, draft, AttachmentKind.SERVICE_STANDARD, "lama.pdf", samples.pdf_bytes("lama"))
        post_file(english_client, draft, AttachmentKind.SERVICE_STANDARD, "baru.jpg", samples.jpeg_bytes())

    assert list(Attachment.objects.values_list("kind", "original_name")) == [("service_standard", "baru.jpg")]
    assert [path.suffix for path in stored_files()] == [".jpg"]


def test_upload_photos_up_to_the_limit(english_client, draft, settings):
    settings.KOVABLIK_UPLOAD_MAX_PHOTOS = 2
    for number in range(2):
        assert post_file(english_client, draft, "photo", f"f{number}.png", samples.png_bytes()).status_code == 302

    response = post_file(english_client, draft, "photo", "f3.png", samples.png_bytes())

    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["upload_form"].errors["file"] == [
            "A proposal may have at most 2 photos. Remove one before adding another."
        ]
    assert Attachment.objects.filter(kind="photo").count() == 2
    assert len(stored_files()) == 2


def test_upload_over_proposal_total_refused(english_client, draft, settings):
    content = samples.pdf_bytes()
    settings.KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES = len(content) * 2 - 1
    post_file(english_client, draft, AttachmentKind.SERVICE_STANDARD, "a.pdf", content)

    response = post_file(english_client, draft, AttachmentKind.SERVICE_DECLARATION, "b.pdf", content)

    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"][0].startswith("The attachments of a proposal may total")
    assert Attachment.objects.count() == 1
    assert len(stored_files()) == 1


def test_upload_replication_statement_refused_for_general_group(english_client, draft):
    response = post_file(english_client, draft, AttachmentKind.REPLICATION_STATEMENT, "r.pdf", samples.pdf_bytes())

    assert response.status_code == 404
    assert stored_files() == []


def test_upload_by_drafter_of_the_agency_allowed(drafter, draft):
    response = post_file(logged_in_client(drafter), draft, "initiator_decree", "sk.pdf", samples.pdf_bytes())

    assert response.status_code == 302
    assert Attachment.objects.get().uploaded_by == drafter


def test_upload_to_other_agency_proposal_is_404(other_agency_admin, draft):
    response = post_file(logged_in_client(other_agency_admin), draft, "initiator_decree", "sk.pdf", samples.pdf_bytes())

    assert response.status_code == 404
    assert stored_files() == []


def test_upload_by_organizer_forbidden(organizer_client, draft):
    response = post_file(organizer_client, draft, "initiator_decree", "sk.pdf", samples.pdf_bytes())

    assert response.status_code == 403
    assert stored_files() == []


def test_upload_anonymous_redirected_to_login(client, draft):
    response = post_file(client, draft, "initiator_decree", "sk.pdf", samples.pdf_bytes())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert stored_files() == []


def test_upload_after_submit_refused_and_nothing_stored(english_client, draft):
    draft.state = ProposalState.SUBMITTED
    draft.save(update_fields=["state"])

    response = post_file(english_client, draft, "photo", "foto.png", samples.png_bytes())

    assert response.status_code == 302
    assert response.url == reverse("proposals:detail", args=[draft.pk])
    assert stored_files() == []


def test_attach_file_service_refuses_after_deadline(draft, agency_admin, monkeypatch):
    import datetime as dt

    clean = clean_upload(samples.upload("sk.pdf", samples.pdf_bytes()), kind="initiator_decree")
    monkeypatch.setattr("django.utils.timezone.now", lambda: DURING_SUBMISSION + dt.timedelta(days=60))

    with pytest.raises(DomainError) as refused:
        attach_file(draft, kind="initiator_decree", file=clean, actor=agency_admin)

    assert type(refused.value) is DomainError  # the plain refusal, not a subclass
    assert stored_files() == []


def test_delete_confirms_on_get_and_removes_on_post(english_client, draft, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory(proposal=draft, kind="photo", content=samples.png_bytes(), file_type="png")
    url = reverse("proposals:attachment_delete", args=[draft.pk, attachment.pk])

    confirm = english_client.get(url)
    assert confirm.status_code == 200
    assert attachment.original_name in confirm.content.decode()
    assert Attachment.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = english_client.post(url)

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_delete_other_agency_attachment_is_404(other_agency_admin, draft):
    attachment = AttachmentFactory(proposal=draft)

    response = logged_in_client(other_agency_admin).post(
        reverse("proposals:attachment_delete", args=[draft.pk, attachment.pk])
    )

    assert response.status_code == 404
    assert Attachment.objects.count() == 1


def test_remove_attachment_service_refused_once_submitted(draft, agency_admin):
    attachment = AttachmentFactory(proposal=draft)
    draft.state = ProposalState.SUBMITTED
    draft.save(update_fields=["state"])

    with pytest.raises(DomainError) as refused:
        remove_attachment(attachment, actor=agency_admin)

    assert type(refused.value) is DomainError  # the plain refusal, not a subclass
    assert Attachment.objects.count() == 1


# --- download permissions ---


@pytest.fixture
def stored_pdf(draft):
    return AttachmentFactory(proposal=draft, kind="service_standard", original_name="Standar Pelayanan.pdf")


def test_download_by_agency_member_streams_file_as_attachment(agency_client, stored_pdf):
    response = download(agency_client, stored_pdf)

    assert response.status_code == 200
    assert response.body == Path(stored_pdf.file.path).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Standar Pelayanan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_download_by_drafter_and_organizer_allowed(drafter, organizer_client, stored_pdf):
    assert download(logged_in_client(drafter), stored_pdf).status_code == 200
    assert download(organizer_client, stored_pdf).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "other_agency_admin", "judge"])
def test_download_by_anyone_else_is_404(request, client, who, stored_pdf):
    if who != "anonymous":
        client = logged_in_client(request.getfixturevalue(who))

    response = download(client, stored_pdf)

    assert response.status_code == 404
    assert response.get("Content-Disposition") is None


def test_download_through_another_proposal_id_is_404(agency_client, stored_pdf, open_edition, agency):
    other = ProposalFactory(edition=open_edition, agency=agency)

    response = agency_client.get(reverse("proposals:attachment_download", args=[other.pk, stored_pdf.pk]))

    assert response.status_code == 404


def test_download_name_uses_stored_extension(agency_client, draft):
    attachment = AttachmentFactory(
        proposal=draft, kind="photo", original_name="foto.png", content=samples.jpeg_bytes(), file_type="jpeg"
    )

    response = download(agency_client, attachment)

    assert response["Content-Disposition"] == 'attachment; filename="foto.jpg"'


def test_media_url_does_not_serve_files(agency_client, stored_pdf):
    response = agency_client.get(settings.MEDIA_URL + stored_pdf.file.name)

    assert response.status_code == 404


# --- required attachments at submit ---


def test_submit_refused_while_required_attachments_missing(draft, agency_admin):
    AttachmentFactory(proposal=draft, kind="service_standard")

    with pytest.raises(SubmissionRefused) as refused:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert [(p.step, p.field) for p in refused.value.problems] == [
        ("attachments", "service_declaration"),
        ("attachments", "complaint_decree"),
        ("attachments", "initiator_decree"),
    ]
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT


def test_submit_accepted_once_required_attachments_present(draft, agency_admin):
    for kind in ("service_standard", "service_declaration", "complaint_decree", "initiator_decree"):
        AttachmentFactory(proposal=draft, kind=kind)

    submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    draft.refresh_from_db()
    assert draft.state == ProposalState.SUBMITTED


def test_missing_required_attachments_for_replication_includes_statement(open_edition, agency):
    proposal = ProposalFactory(edition=open_edition, agency=agency, group=GroupKind.REPLICATION, complete=True)

    assert missing_required_attachments(proposal) == []
    proposal.attachments.filter(kind="replication_statement").delete()
    assert missing_required_attachments(proposal) == ["replication_statement"]


def test_download_granted_by_a_registered_reader(judge, stored_pdf, monkeypatch):
    from proposals import rules as proposal_rules

    monkeypatch.setattr(proposal_rules, "_attachment_readers", [])
    client = logged_in_client(judge)
    assert download(client, stored_pdf).status_code == 404

    proposal_rules.register_attachment_reader(lambda user, attachment: user.pk == judge.pk)

    assert download(client, stored_pdf).status_code == 200


def test_download_public_once_a_published_check_says_so(client, stored_pdf, monkeypatch):
    from proposals import rules as proposal_rules

    monkeypatch.setattr(proposal_rules, "_published_attachment_checks", [])
    assert download(client, stored_pdf).status_code == 404

    proposal_rules.register_published_attachment_check(lambda attachment: attachment.pk == stored_pdf.pk)

    assert download(client, stored_pdf).status_code == 200
