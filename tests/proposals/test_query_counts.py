"""The dashboard and the agency's proposal list cost the same number of queries at 10 and at 200 proposals."""

import pytest
from django.urls import reverse

from proposals.enums import ProposalState
from tests.factories import ProposalFactory

STATES = [ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.RETURNED, ProposalState.WITHDRAWN]
# Session, user, roles, the edition and its prefetches, the agency, the quota aggregate, the list's count and page,
# and what the shared navigation asks; the same bound holds at both sizes.
MAX_QUERIES = 16


def make_proposals(edition, agency, user, count):
    category = edition.categories.first()
    for index in range(count):
        ProposalFactory(
            edition=edition, agency=agency, category=category, created_by=user, state=STATES[index % len(STATES)]
        )


@pytest.mark.parametrize("count", [10, 200])
def test_dashboard_queries_do_not_grow_with_proposals(
    open_edition, agency, agency_admin, agency_client, django_assert_max_num_queries, count
):
    make_proposals(open_edition, agency, agency_admin, count)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = agency_client.get(reverse("competitions:dashboard"))

    states = [STATES[index % len(STATES)] for index in range(count)]
    overview = response.context["overview"]
    assert overview.total == len(states) - states.count(ProposalState.WITHDRAWN)
    assert overview.used == states.count(ProposalState.SUBMITTED) + states.count(ProposalState.RETURNED)


@pytest.mark.parametrize("count", [10, 200])
def test_agency_list_queries_do_not_grow_with_proposals(
    open_edition, agency, agency_admin, agency_client, django_assert_max_num_queries, count
):
    make_proposals(open_edition, agency, agency_admin, count)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = agency_client.get(reverse("proposals:list"))

    assert response.context["page_obj"].paginator.count == count
    assert len(response.context["proposals"]) == min(count, 25)
