"""Attachments on a storage that is not a local folder (as S3 is): upload and download through the views alone."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from proposals.models import Attachment
from proposals.uploads import AttachmentKind
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory

from . import uploads_samples as samples


@pytest.fixture
def object_storage(settings):
    """Django's in-memory storage: it has no filesystem path, so any `.path` use would raise."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return default_storage


def test_upload_and_download_work_without_a_filesystem_path(
    object_storage, open_edition, agency, agency_admin, frozen_now
):
    draft = ProposalFactory(edition=open_edition, agency=agency, complete=True, with_attachments=False)
    client = logged_in_client(agency_admin)
    content = samples.pdf_bytes("object storage")

    upload = samples.upload("SK Tim.pdf", content)
    response = client.post(
        reverse("proposals:attachment_upload", args=[draft.pk, AttachmentKind.INITIATOR_DECREE]),
        {f"{AttachmentKind.INITIATOR_DECREE}-file": upload},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=draft)
    assert type(object_storage._wrapped).__name__ == "InMemoryStorage"
    assert object_storage.exists(attachment.file.name)
    response = client.get(reverse("proposals:attachment_download", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == 'attachment; filename="SK Tim.pdf"'


@pytest.mark.django_db
def test_readyz_probes_the_configured_storage(object_storage, client):
    response = client.get("/readyz")

    assert (response.status_code, response.content) == (200, b"ready\n")
    assert object_storage.listdir("") == ([], [])
