"""Anonymous visitors of a proposal's pages are sent to log in, not told the page does not exist."""

import pytest
from django.urls import reverse

from tests.factories import ProposalFactory

PROPOSAL_PAGES = ["proposals:detail", "proposals:submit", "proposals:withdraw", "proposals:history"]


@pytest.mark.parametrize("name", PROPOSAL_PAGES)
def test_anonymous_visitor_is_sent_to_login_with_the_page_as_next(client, open_edition, agency, name):
    proposal = ProposalFactory(edition=open_edition, agency=agency)
    url = reverse(name, args=[proposal.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_anonymous_visitor_of_a_form_step_is_sent_to_login(client, open_edition, agency):
    proposal = ProposalFactory(edition=open_edition, agency=agency)
    url = reverse("proposals:edit_step", args=[proposal.pk, "basics"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
