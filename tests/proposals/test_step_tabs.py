"""The proposal form's step tabs say which steps are complete: a step where nothing blocks the submit has a tick."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def tabs(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'/edit/([a-z-]+)/" data-complete="([01])"', html))


def test_tabs_mark_the_steps_still_to_do(agency_client, agency, open_edition, frozen_now):
    proposal = factories.ProposalFactory(edition=open_edition, agency=agency, title="Draf Baru")

    html = agency_client.get(reverse("proposals:edit_step", args=[proposal.pk, "narrative"])).content.decode()

    marks = tabs(html)
    assert marks["basics"] == "0" and marks["review"] == "0"  # nothing filled in yet
    assert "Perlu dilengkapi:" in html


def test_a_complete_proposal_shows_every_step_ticked(agency_client, agency, open_edition, frozen_now):
    proposal = factories.ProposalFactory(edition=open_edition, agency=agency, complete=True)

    html = agency_client.get(reverse("proposals:edit_step", args=[proposal.pk, "basics"])).content.decode()

    assert set(tabs(html).values()) == {"1"}
    assert "bi-check-circle-fill" in html
