"""The organizers' paginated lists never answer 404 to a stale or mistyped `?page=`: they show the nearest page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["competitions:org_agency_list", "competitions:org_person_list", "competitions:org_mail_list", "judging:exports"],
)
@pytest.mark.parametrize("page", ["zz", "9999", "-1", "0"])
def test_a_bad_page_number_shows_a_page_not_a_404(organizer_client, name, page):
    response = organizer_client.get(reverse(name), {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number >= 1
