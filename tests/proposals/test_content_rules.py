"""What a submit checks in the content: word limits (per edition, on the server) and the replication source."""

import pytest
from django.urls import reverse

from competitions.enums import GroupKind, ProposalSection
from competitions.services import set_word_limits
from core.exceptions import DomainError
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalSectionText, ReplicationSource
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
    """A complete replication whose source is not named yet."""
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.REPLICATION)
    proposal.replication_sources.all().delete()
    return proposal


def name_source(proposal, position=1, **fields):
    return ReplicationSource.objects.create(proposal=proposal, position=position, **fields)


DESCRIBED = {"title": "Sapa Warga", "agency": "Pemkot Surabaya", "year": 2021, "reason": "Cocok untuk desa kami."}


def test_replication_without_source_is_refused(replication, agency_admin):
    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert [(p.field, p.step) for p in refused.value.problems] == [("source_1", "replication")]
    assert Proposal.objects.get(pk=replication.pk).state == ProposalState.DRAFT


def test_replication_with_incomplete_description_is_refused(replication, agency_admin):
    name_source(replication, **{**DESCRIBED, "year": None})

    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert "source_1" in [p.field for p in refused.value.problems]


def test_each_source_needs_its_reason(replication, agency_admin):
    name_source(replication, **DESCRIBED)
    name_source(replication, 2, **{**DESCRIBED, "title": "Dokter Keliling", "reason": "  "})

    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert [p.field for p in refused.value.problems] == ["source_2_reason"]
    assert Proposal.objects.get(pk=replication.pk).state == ProposalState.DRAFT


def test_replication_with_described_source_is_accepted(replication, agency_admin):
    name_source(replication, **DESCRIBED)

    submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert Proposal.objects.get(pk=replication.pk).state == ProposalState.SUBMITTED


def test_replication_names_several_award_winning_innovations_each_with_a_reason(
    replication, agency_admin, other_agency
):
    first = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    second = ProposalFactory(edition=edition_with_defaults(year=2025), agency=other_agency, state="passed")
    award(first)
    award(second)

    save_draft_step(
        replication,
        step="replication",
        values={
            "source_1": first,
            "source_1_reason": "Alur pendaftarannya.",
            "source_2": second,
            "source_2_reason": "Notifikasi WhatsApp-nya.",
            "replication_adaptation": "Untuk desa.",
        },
        actor=agency_admin,
        now=DURING_SUBMISSION,
    )
    replication.declaration_accepted_at = DURING_SUBMISSION
    replication.save(update_fields=["declaration_accepted_at"])
    submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    replication.refresh_from_db()
    named = [(row.position, row.source, row.reason) for row in replication.replication_sources.all()]
    assert named == [(1, first, "Alur pendaftarannya."), (2, second, "Notifikasi WhatsApp-nya.")]
    assert replication.state == ProposalState.SUBMITTED


def test_an_emptied_slot_removes_its_source(replication, agency_admin):
    name_source(replication, **DESCRIBED)
    name_source(replication, 2, **{**DESCRIBED, "title": "Dokter Keliling"})

    changed = save_draft_step(
        replication,
        step="replication",
        values={
            "source_2": None,
            "source_2_title": "",
            "source_2_agency": "",
            "source_2_year": None,
            "source_2_reason": "",
        },
        actor=agency_admin,
        now=DURING_SUBMISSION,
    )

    assert [row.title for row in replication.replication_sources.all()] == ["Sapa Warga"]
    assert set(changed) == {"source_2_title", "source_2_agency", "source_2_year", "source_2_reason"}


def test_the_same_innovation_is_named_once(replication, agency_admin, other_agency):
    earlier = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    award(earlier)

    with pytest.raises(DomainError):
        save_draft_step(
            replication,
            step="replication",
            values={"source_1": earlier, "source_2": earlier},
            actor=agency_admin,
            now=DURING_SUBMISSION,
        )

    assert not replication.replication_sources.exists()


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
                values={"source_1": source},
                actor=agency_admin,
                now=DURING_SUBMISSION,
            )

    assert not replication.replication_sources.exists()


def test_replication_without_adaptation_is_refused(replication, agency_admin):
    name_source(replication, **DESCRIBED)
    replication.replication_adaptation = ""
    replication.save()

    with pytest.raises(DomainError) as refused:
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)

    assert [p.field for p in refused.value.problems] == ["replication_adaptation"]


def test_replication_step_page_saves_sources_and_its_sections(replication, agency_client, frozen_now, other_agency):
    earlier = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    award(earlier)

    response = agency_client.post(
        reverse("proposals:edit_step", args=[replication.pk, "replication"]),
        {
            "source_1": earlier.pk,
            "source_1_reason": "Alurnya sederhana.",
            "source_2_title": "Dokter Keliling",
            "source_2_agency": "Pemkab Banyuwangi",
            "source_2_year": "2019",
            "source_2_reason": "Jangkauan ke desa.",
            "replication_adaptation": "Diterapkan di kecamatan.",
            ProposalSection.INSPIRATION: "Terinspirasi.",
        },
    )

    replication.refresh_from_db()
    assert response["Location"] == reverse("proposals:edit_step", args=[replication.pk, "attachments"])
    named = [(row.display_title, row.reason) for row in replication.replication_sources.all()]
    assert named == [(earlier.title, "Alurnya sederhana."), ("Dokter Keliling", "Jangkauan ke desa.")]
    assert replication.sections.get(section=ProposalSection.INSPIRATION).text == "Terinspirasi."


def test_replication_step_page_refuses_a_half_described_source_next_to_its_field(
    replication, agency_client, frozen_now
):
    url = reverse("proposals:edit_step", args=[replication.pk, "replication"])
    response = agency_client.post(url, {"source_1_title": "Sapa Warga", "source_1_reason": "Bagus."})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["source_1_title"]
    assert not replication.replication_sources.exists()


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


def test_screeners_and_the_agency_see_every_source_with_its_reason(
    replication, agency_client, organizer_client, other_agency
):
    earlier = ProposalFactory(
        edition=edition_with_defaults(year=2024), agency=other_agency, state="passed", title="Sapa Desa"
    )
    name_source(replication, source=earlier, reason="Alur pendaftarannya.")
    name_source(replication, 2, **{**DESCRIBED, "reason": "Jangkauan ke desa."})
    Proposal.objects.filter(pk=replication.pk).update(state=ProposalState.SUBMITTED)

    for page in (
        organizer_client.get(reverse("proposals:screening_detail", args=[replication.pk])),
        agency_client.get(reverse("proposals:detail", args=[replication.pk])),
    ):
        html = page.content.decode()
        assert page.status_code == 200
        assert html.index("Sapa Desa") < html.index("Alur pendaftarannya.") < html.index("Sapa Warga")
        assert "Jangkauan ke desa." in html


def test_two_slots_can_swap_their_picks(replication, agency_admin, other_agency):
    first = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    second = ProposalFactory(edition=edition_with_defaults(year=2025), agency=other_agency, state="passed")
    award(first)
    award(second)
    name_source(replication, source=first, reason="A")
    name_source(replication, 2, source=second, reason="B")

    save_draft_step(
        replication,
        step="replication",
        values={"source_1": second, "source_1_reason": "B", "source_2": first, "source_2_reason": "A"},
        actor=agency_admin,
        now=DURING_SUBMISSION,
    )

    named = [(row.position, row.source, row.reason) for row in replication.replication_sources.all()]
    assert named == [(1, second, "B"), (2, first, "A")]


def test_a_source_that_lost_its_award_does_not_block_saving_the_step(replication, agency_admin, other_agency):
    earlier = ProposalFactory(edition=edition_with_defaults(year=2024), agency=other_agency, state="passed")
    name_source(replication, source=earlier, reason="Dulu menang.")  # no award (any more)

    changed = save_draft_step(
        replication,
        step="replication",
        values={"source_1": earlier, "source_1_reason": "Dulu menang.", "replication_adaptation": "Baru."},
        actor=agency_admin,
        now=DURING_SUBMISSION,
    )

    assert changed == ["replication_adaptation"]
    assert replication.replication_sources.get().source == earlier
    with pytest.raises(DomainError) as refused:  # but it is no source to submit with
        submit_proposal(replication, actor=agency_admin, now=DURING_SUBMISSION)
    assert "source_1" in [p.field for p in refused.value.problems]


def test_the_step_page_keeps_a_stored_pick_that_lost_its_award(replication, agency_client, frozen_now, other_agency):
    earlier = ProposalFactory(
        edition=edition_with_defaults(year=2024), agency=other_agency, state="passed", title="Sapa Desa"
    )
    name_source(replication, source=earlier, reason="Dulu menang.")  # no award (any more)
    url = reverse("proposals:edit_step", args=[replication.pk, "replication"])

    page = agency_client.get(url).content.decode()
    response = agency_client.post(
        url, {"source_1": earlier.pk, "source_1_reason": "Dulu menang.", "replication_adaptation": "Baru.", "stay": "1"}
    )

    assert f'<option value="{earlier.pk}" selected>' in page
    assert response.status_code == 302
    assert replication.replication_sources.get().source == earlier
