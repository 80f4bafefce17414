import re

import pytest
from django.urls import reverse

from competitions.enums import AgencyKind, GroupKind
from competitions.services import set_quotas, update_edition
from core.exceptions import DomainError
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalStateChange
from proposals.services import submit_proposal
from tests.factories import ProposalFactory

from .conftest import DURING_SUBMISSION


def complete_draft(edition, agency, **kwargs):
    return ProposalFactory(edition=edition, agency=agency, complete=True, **kwargs)


def test_fourth_submit_is_refused_with_message_and_changes_nothing(open_edition, agency, agency_admin):
    drafts = [complete_draft(open_edition, agency) for _ in range(4)]
    for draft in drafts[:3]:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    with pytest.raises(DomainError) as refused:
        submit_proposal(drafts[3], actor=agency_admin, now=DURING_SUBMISSION)

    assert "3" in str(refused.value)
    drafts[3].refresh_from_db()
    assert drafts[3].state == ProposalState.DRAFT
    assert drafts[3].submitted_at is None
    assert Proposal.objects.filter(agency=agency, state=ProposalState.SUBMITTED).count() == 3
    assert not ProposalStateChange.objects.filter(proposal=drafts[3]).exists()


def test_fourth_submit_message_in_english_names_used_and_quota(open_edition, agency, agency_admin):
    from django.utils import translation

    for _ in range(3):
        complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    draft = complete_draft(open_edition, agency)

    with translation.override("en"), pytest.raises(DomainError) as refused:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert str(refused.value).startswith("Your agency has already submitted 3 of 3 proposals allowed in this edition.")


def test_withdrawn_and_draft_proposals_leave_quota_free(open_edition, agency, agency_admin):
    complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    complete_draft(open_edition, agency, state=ProposalState.WITHDRAWN)
    complete_draft(open_edition, agency)
    draft = complete_draft(open_edition, agency)

    submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    draft.refresh_from_db()
    assert draft.state == ProposalState.SUBMITTED


@pytest.mark.parametrize(
    "state", [ProposalState.RETURNED, ProposalState.PASSED, ProposalState.REJECTED, ProposalState.SUBMITTED]
)
def test_every_state_after_submit_occupies_a_quota_place(open_edition, agency, agency_admin, state):
    for _ in range(3):
        complete_draft(open_edition, agency, state=state)
    draft = complete_draft(open_edition, agency)

    with pytest.raises(DomainError):
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT


def test_quota_counts_per_edition_and_agency(open_edition, agency, agency_admin, other_agency):
    from tests.factories import edition_with_defaults

    older = edition_with_defaults(year=2025)
    for _ in range(3):
        complete_draft(older, agency, state=ProposalState.SUBMITTED)
        complete_draft(open_edition, other_agency, state=ProposalState.SUBMITTED)
    draft = complete_draft(open_edition, agency)

    submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_special_group_sits_outside_quota_by_default(
    open_edition, agency, agency_admin, special_invitation, earlier_win
):
    for _ in range(3):
        complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    special = complete_draft(open_edition, agency, group=GroupKind.SPECIAL, earlier_entry=earlier_win)

    submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=special.pk).state == ProposalState.SUBMITTED


def test_submitted_special_entries_do_not_use_general_places(open_edition, agency, agency_admin, special_invitation):
    for _ in range(3):
        complete_draft(open_edition, agency, group=GroupKind.SPECIAL, state=ProposalState.SUBMITTED)
    draft = complete_draft(open_edition, agency)

    submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_special_group_counts_when_edition_says_so(open_edition, agency, agency_admin, organizer, special_invitation):
    update_edition(open_edition, changes={"special_counts_toward_quota": True}, actor=organizer)
    for _ in range(2):
        complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    complete_draft(open_edition, agency, group=GroupKind.SPECIAL, state=ProposalState.SUBMITTED)
    special = complete_draft(open_edition, agency, group=GroupKind.SPECIAL)

    with pytest.raises(DomainError):
        submit_proposal(special, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=special.pk).state == ProposalState.DRAFT


def test_quota_per_agency_kind_overrides_default(open_edition, organizer):
    from tests.factories import AgencyFactory, MembershipFactory

    set_quotas(open_edition, default_quota=3, per_kind={AgencyKind.PROVINCIAL: 5}, actor=organizer)
    provincial = AgencyFactory(kind=AgencyKind.PROVINCIAL)
    bumd = AgencyFactory(kind=AgencyKind.BUMD)
    provincial_admin = MembershipFactory(agency=provincial).user
    bumd_admin = MembershipFactory(agency=bumd).user
    for _ in range(4):
        complete_draft(open_edition, provincial, state=ProposalState.SUBMITTED)
        complete_draft(open_edition, bumd, state=ProposalState.SUBMITTED)
    fifth_provincial = complete_draft(open_edition, provincial)
    sixth_provincial = complete_draft(open_edition, provincial)
    fifth_bumd = complete_draft(open_edition, bumd)

    submit_proposal(fifth_provincial, actor=provincial_admin, now=DURING_SUBMISSION)
    with pytest.raises(DomainError):
        submit_proposal(sixth_provincial, actor=provincial_admin, now=DURING_SUBMISSION)
    with pytest.raises(DomainError):
        submit_proposal(fifth_bumd, actor=bumd_admin, now=DURING_SUBMISSION)

    states = dict(
        Proposal.objects.filter(pk__in=[p.pk for p in (fifth_provincial, sixth_provincial, fifth_bumd)]).values_list(
            "pk", "state"
        )
    )
    assert states == {
        fifth_provincial.pk: ProposalState.SUBMITTED,
        sixth_provincial.pk: ProposalState.DRAFT,
        fifth_bumd.pk: ProposalState.DRAFT,
    }


def test_resubmitting_a_returned_proposal_needs_no_free_place(open_edition, agency, agency_admin):
    import datetime as dt

    for _ in range(2):
        complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    returned = complete_draft(
        open_edition, agency, state=ProposalState.RETURNED, revision_deadline=dt.date(2026, 8, 20)
    )

    submit_proposal(returned, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=returned.pk).state == ProposalState.SUBMITTED


def test_a_units_proposals_count_against_its_parents_quota(open_edition, agency, agency_admin):

    from competitions.models import Agency
    from proposals.queries import agency_overview
    from tests.factories import AgencyFactory, MembershipFactory

    unit = AgencyFactory(name="UPT Laboratorium Kesehatan", kind=AgencyKind.UNIT, parent=agency)
    unit_admin = MembershipFactory(agency=unit, user__username="admin.upt").user
    for _ in range(2):
        complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    complete_draft(open_edition, unit, state=ProposalState.SUBMITTED)
    fourth = complete_draft(open_edition, unit)

    with pytest.raises(DomainError):
        submit_proposal(fourth, actor=unit_admin, now=DURING_SUBMISSION)
    overview = agency_overview(open_edition, Agency.objects.get(pk=unit.pk))
    assert (overview.used, overview.quota, overview.own_used, overview.holder.pk) == (3, 3, 1, agency.pk)

    open_edition.units_share_parent_quota = False  # the edition's setting: each unit its own quota
    open_edition.save(update_fields=["units_share_parent_quota"])
    submit_proposal(Proposal.objects.get(pk=fourth.pk), actor=unit_admin, now=DURING_SUBMISSION)
    assert Proposal.objects.get(pk=fourth.pk).state == ProposalState.SUBMITTED


# The organizer's quota use page ---------------------------------------------------------------------------------------


# The session, the user, their roles; the edition and its quotas; the count and the page of rows.
QUOTA_USE_QUERIES = 7


def quota_rows(response) -> dict[str, tuple]:
    return {
        holder.name: (holder.own_used, holder.units_used, holder.used, holder.quota)
        for holder in response.context["holders"]
    }


def test_quota_use_shows_a_parents_own_and_its_units_places_side_by_side(
    open_edition, agency, other_agency, organizer_client
):

    from tests.factories import AgencyFactory

    unit = AgencyFactory(name="UPT Laboratorium Kesehatan", kind=AgencyKind.UNIT, parent=agency)
    complete_draft(open_edition, agency, state=ProposalState.SUBMITTED)
    for state in (ProposalState.SUBMITTED, ProposalState.PASSED, ProposalState.WITHDRAWN, ProposalState.DRAFT):
        complete_draft(open_edition, unit, state=state)
    complete_draft(open_edition, other_agency)  # a draft holds no place
    url = reverse("proposals:quota_use", args=[open_edition.year])

    shared = organizer_client.get(url)
    html = shared.content.decode()

    assert quota_rows(shared) == {agency.name: (1, 2, 3, 3)}  # the unit is no holder; other_agency holds nothing
    assert re.search(rf'data-agency="{agency.pk}".*?data-own>1<.*?data-units>2<.*?data-used>3 <span', html, re.S)
    assert quota_rows(organizer_client.get(url, {"show": "all", "q": other_agency.name})) == {
        other_agency.name: (0, 0, 0, 3)
    }
    assert list(quota_rows(organizer_client.get(url, {"show": "full"}))) == [agency.name]

    open_edition.units_share_parent_quota = False
    open_edition.save(update_fields=["units_share_parent_quota"])
    separate = organizer_client.get(url)
    assert quota_rows(separate) == {agency.name: (1, 0, 1, 3), unit.name: (2, 0, 2, 3)}


@pytest.mark.parametrize("count", [3, 30])
def test_quota_use_ignores_a_bad_filter_and_costs_the_same_for_more_agencies(
    open_edition, organizer_client, django_assert_num_queries, count
):
    from tests.factories import AgencyFactory

    for _ in range(count):
        complete_draft(open_edition, AgencyFactory(), state=ProposalState.SUBMITTED)
    url = reverse("proposals:quota_use", args=[open_edition.year])

    organizer_client.get(url)  # the session and the user's roles are cached from here on
    with django_assert_num_queries(QUOTA_USE_QUERIES):
        response = organizer_client.get(url, {"show": "nonsense", "kind": "x"})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == count
    assert organizer_client.get(reverse("proposals:quota_use", args=[1990])).status_code == 404
