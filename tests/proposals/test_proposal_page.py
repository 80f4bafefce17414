from django.urls import reverse

from tests.conftest import logged_in_client
from tests.factories import ProposalFactory


def test_proposal_page_lists_its_attachments_with_name_and_size(open_edition, agency, agency_admin):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True)
    attachment = proposal.attachments.first()

    html = logged_in_client(agency_admin).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()

    assert attachment.original_name in html
    assert reverse("proposals:attachment_download", args=[proposal.pk, attachment.pk]) in html
