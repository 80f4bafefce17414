"""What a submit checks in the content: word limits (per edition, on the server) and the replication source."""

import pytest
from django.urls import reverse

from competitions.enums import GroupKind, ProposalSection
from competitions.services import set_word_limits
from core.exceptions import DomainError
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalSectionText
from proposals.services import save_draft_step, submit_proposal
from proposals.steps import sections_for_step
from tests.factories import ProposalFactory, edition_with_defaults
from tests.publication.catalogue_data import award

from .conftest import DURING_SUBMISSION


def set_text(proposal, section, text):
    ProposalSectionText.objects.update_or_create(proposal=proposal, section=section, defaults={"text": text})


@pytest.fixture
def draft(open_edition, agency):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True)


def test_section_over_word_limit_is_refused_at_submit(draft, agency_admin):
    set_text(draft, ProposalSection.SUMMARY, " ".join(["kata"] * 201))

    with pytest.raises(DomainError) as refused:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert [(p.field, p.step) for p in refused.value.problems] == [(ProposalSection.SUMMARY, "narrative")]
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT


def test_section_exactly_at_word_limit_is_accepted(draft, agency_admin):
    set_text(draft, ProposalSection.SUMMARY, "\n".join(["kata"] * 200))

    submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_word_limits_are_the_editions(draft, agency_admin, open_edition, organizer):
    set_word_limits(open_edition, limits={ProposalSection.SUMMARY: 10}, actor=organizer)
    set_text(draft, ProposalSection.SUMMARY, " ".join(["kata"] * 11))

    with pytest.raises(DomainError):
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT


def test_empty_required_section_is_refused(draft, agency_admin):
    set_text(draft, ProposalSection.SUSTAINABILITY, "   ")

    with pytest.raises(DomainError) as refused:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert [p.field for p in refused.value.problems] == [ProposalSection.SUSTAINABILITY]


def test_special_group_needs_only_its_own_sections(open_edition, agency, agency_admin, special_invitation, earlier_win):
    proposal = ProposalFactory(
        edition=open_edition, agency=agency, complete=True, group=GroupKind.SPECIAL, earlier_entry=earlier_win
    )

    submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    assert set(proposal.sections.values_list("section", flat=True)) == {
        "summary",
        "improvements",
        "further_replications",
        "strengthened_sustainability",
        "latest_evaluation",
    }
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_missing_declaration_is_refused(draft, agency_admin):
    draft.declaration_accepted_at = None
    draft.save(update_fields=["declaration_accepted_at"])

    with pytest.raises(DomainError) as refused:
        submit_proposal(draft, actor=agency_admin, now=DURING_SUBMISSION)

    assert [p.field for p in refused.value.problems] == ["declaration"]


# Replication ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def replication(open_edition, agency):
    return ProposalFactory(
        edition=open_edition,
        agency=agency,
        complete=True,
        group=GroupKind.REPLICATION,
        replication_source_title="",
        replication_source_agency="",
        replication_source_year=None,
    )


def test_replication_without_source_is_refused(replication, agency_admin):
    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert [(p.field, p.step) for p in refused.value.problems] == [("replication_source", "replication")]
    assert Proposal.objects.get(pk=replication.pk).state == ProposalState.DRAFT


def test_replication_with_incomplete_description_is_refused(replication, agency_admin):
    replication.replication_source_title = "Sapa Warga"
    replication.replication_source_agency = "Pemkot Surabaya"
    replication.save()

    with pytest.raises(DomainError):
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)


def test_replication_with_described_source_is_accepted(replication, agency_admin):
    replication.replication_source_title = "Sapa Warga"
    replication.replication_source_agency = "Pemkot Surabaya"
    replication.replication_source_year = 2021
    replication.save()

    submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=replication.pk).state == ProposalState.SUBMITTED


def test_replication_picks_an_earlier_award_winning_innovation(replication, agency_admin, other_agency):
    earlier = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    award(earlier)

    save_draft_step(
        replication,
        step="replication",
        values={"replication_source": earlier, "replication_adaptation": "Untuk desa."},
        actor=agency_admin,
        now=DURING_SUBMISSION,
    )
    replication.declaration_accepted_at = DURING_SUBMISSION
    replication.save(update_fields=["declaration_accepted_at"])
    submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    replication.refresh_from_db()
    assert (replication.replication_source, replication.state) == (earlier, ProposalState.SUBMITTED)


def test_replication_source_must_come_from_the_catalogue(replication, agency_admin, open_edition, other_agency):
    same_year = ProposalFactory(edition=open_edition, agency=other_agency, state="passed")
    earlier_draft = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency)
    unawarded = ProposalFactory(edition=edition_with_defaults(year=2025), agency=other_agency, state="passed")
    award(same_year)

    for source in (same_year, earlier_draft, unawarded):
        with pytest.raises(DomainError):
            save_draft_step(
                replication,
                step="replication",
                values={"replication_source": source},
                actor=agency_admin,
                now=DURING_SUBMISSION,
            )

    assert Proposal.objects.get(pk=replication.pk).replication_source is None


def test_replication_without_adaptation_is_refused(replication, agency_admin):
    replication.replication_source_title = "Sapa Warga"
    replication.replication_source_agency = "Pemkot Surabaya"
    replication.replication_source_year = 2021
    replication.replication_adaptation = ""
    replication.save()

    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert [p.field for p in refused.value.problems] == ["replication_adaptation"]


def test_replication_step_page_saves_source_and_its_sections(replication, agency_client, frozen_now, other_agency):
    earlier = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    award(earlier)

    response = agency_client.post(
        reverse("proposals:edit_step", args=[replication.pk, "replication"]),
        {
            "replication_source": earlier.pk,
            "replication_adaptation": "Diterapkan di kecamatan.",
            ProposalSection.INSPIRATION: "Terinspirasi.",
        },
    )

    replication.refresh_from_db()
    assert response["Location"] == reverse("proposals:edit_step", args=[replication.pk, "attachments"])
    assert replication.replication_source == earlier
    assert replication.sections.get(section=ProposalSection.INSPIRATION).text == "Terinspirasi."


def test_a_narrative_over_its_word_limit_is_saved_and_said_so_once_as_a_warning(
    draft, agency_client, open_edition, organizer, frozen_now
):
    """Issue 15: the page showed the green "saved" banner and the red "The form could not be accepted" at once."""
    sections = sections_for_step(draft.group, "narrative")
    first = sections[0]
    set_word_limits(open_edition, limits={first: 5}, actor=organizer)
    data = {section: draft.sections.get(section=section).text for section in sections}
    data[first] = " ".join(["kata"] * 8)

    response = agency_client.post(reverse("proposals:edit_step", args=[draft.pk, "narrative"]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert draft.sections.get(section=first).text == data[first]  # saved in the draft
    assert "Tersimpan di draf" in html or "Saved in the draft" in html
    assert "alert-danger" not in html and "alert-success" not in html
    assert "Formulir belum dapat diterima" not in html
