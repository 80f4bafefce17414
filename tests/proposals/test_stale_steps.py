"""No silent lost edits: a proposal step saved from a page loaded before someone else saved it is refused, keeps the
user's text, and shows the text saved meanwhile (proposals.services.StaleProposalStep)."""

import re

import pytest
from django.urls import reverse

from competitions.enums import GroupKind, ProposalSection
from proposals import services
from proposals.models import Proposal
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory

SUMMARY, BACKGROUND = ProposalSection.SUMMARY, ProposalSection.BACKGROUND


@pytest.fixture
def draft(open_edition, agency):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True)


def step_url(proposal, step="narrative"):
    return reverse("proposals:edit_step", args=[proposal.pk, step])


def loaded_version(client, proposal, step="narrative") -> int:
    """The version the step's page carries in its hidden field, as a browser would send it back."""
    page = client.get(step_url(proposal, step)).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def text_of(proposal, section) -> str:
    return proposal.sections.get(section=section).text


def test_second_save_from_an_old_page_is_refused_and_keeps_both_texts(draft, agency_client, drafter, frozen_now):
    drafter_client = logged_in_client(drafter)
    admin_version = loaded_version(agency_client, draft)
    drafter_version = loaded_version(drafter_client, draft)
    drafter_client.post(
        step_url(draft),
        {SUMMARY: "Ringkasan dari penyusun.", BACKGROUND: text_of(draft, BACKGROUND), "version": drafter_version},
    )

    response = agency_client.post(
        step_url(draft),
        {SUMMARY: "Ringkasan dari admin.", BACKGROUND: text_of(draft, BACKGROUND), "version": admin_version},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert text_of(draft, SUMMARY) == "Ringkasan dari penyusun."  # the newer text is not overwritten
    assert "Ringkasan dari admin.</textarea>" in html  # the user's own text stays in the form
    newer = re.search(rf'data-newer="{SUMMARY}">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "Ringkasan dari penyusun." in newer
    assert f'data-newer="{BACKGROUND}"' not in html  # unchanged by the other: not flagged
    assert 'id="stale-notice"' in html


def test_saving_again_after_seeing_the_newer_text_goes_through(draft, agency_client, drafter, frozen_now):
    old_version = loaded_version(agency_client, draft)
    services.save_draft_step(
        Proposal.objects.get(pk=draft.pk), step="narrative", values={SUMMARY: "Dari penyusun."}, actor=drafter
    )
    refused = agency_client.post(step_url(draft), {SUMMARY: "Dari admin.", "version": old_version})
    carried = int(re.search(r'name="version" value="(\d+)"', refused.content.decode()).group(1))

    response = agency_client.post(step_url(draft), {SUMMARY: "Dari admin.", "version": carried, "stay": "1"})

    assert (refused.status_code, response.status_code) == (409, 302)
    assert carried == old_version + 1
    assert text_of(draft, SUMMARY) == "Dari admin."


def basics_data(proposal, **changes) -> dict:
    """Every field of the basics step as the page sends it."""
    data = {
        "title": proposal.title,
        "category": proposal.category_id,
        "group": proposal.group,
        "implementation_started_on": proposal.implementation_started_on.isoformat(),
        "innovator_name": proposal.innovator_name,
        "innovator_phone": proposal.innovator_phone,
        "innovator_email": proposal.innovator_email,
        "region": proposal.region_id or "",
        "video_url": proposal.video_url,
    }
    return {**data, **changes}


def test_a_stale_basics_page_names_the_newer_choice_and_only_it(
    draft, agency_client, drafter, frozen_now, open_edition
):
    old_version = loaded_version(agency_client, draft, "basics")
    as_loaded = basics_data(Proposal.objects.get(pk=draft.pk))
    other_category = open_edition.categories.exclude(pk=draft.category_id).first()
    services.save_draft_step(
        Proposal.objects.get(pk=draft.pk), step="basics", values={"category": other_category}, actor=drafter
    )

    response = agency_client.post(
        step_url(draft, "basics"), {**as_loaded, "title": "Judul dari admin", "version": old_version}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert re.findall(r'data-newer="([^"]+)"', html) == ["category"]  # not the title the admin changed
    assert re.search(rf'data-newer="category">.*?{re.escape(other_category.name)}', html, re.S)
    assert Proposal.objects.get(pk=draft.pk).category_id == other_category.pk
    assert 'value="Judul dari admin"' in html


def test_a_stale_page_that_overwrites_nothing_newer_saves(draft, agency_client, drafter, frozen_now):
    version = loaded_version(agency_client, draft)
    summary, background = text_of(draft, SUMMARY), text_of(draft, BACKGROUND)
    services.save_draft_step(
        Proposal.objects.get(pk=draft.pk), step="narrative", values={SUMMARY: "Dari penyusun."}, actor=drafter
    )

    response = agency_client.post(
        step_url(draft), {SUMMARY: "Dari penyusun.", BACKGROUND: "Latar dari admin.", "version": version}
    )

    assert response.status_code == 302
    assert (text_of(draft, SUMMARY), text_of(draft, BACKGROUND)) == ("Dari penyusun.", "Latar dari admin.")
    assert summary != "Dari penyusun." and background != "Latar dari admin."


def test_saving_another_step_does_not_make_this_one_stale(draft, agency_client, drafter, frozen_now):
    version = loaded_version(agency_client, draft)
    services.save_draft_step(draft, step="basics", values={"title": "Judul baru"}, actor=drafter)

    response = agency_client.post(step_url(draft), {SUMMARY: "Ringkasan admin.", "version": version})

    assert response.status_code == 302
    assert text_of(draft, SUMMARY) == "Ringkasan admin."


def test_a_page_that_stays_open_after_an_over_limit_save_is_not_stale_to_itself(draft, agency_client, frozen_now):
    version = loaded_version(agency_client, draft)
    too_long = " ".join(["kata"] * 201)
    first = agency_client.post(step_url(draft), {SUMMARY: too_long, "version": version})
    carried = int(re.search(r'name="version" value="(\d+)"', first.content.decode()).group(1))

    second = agency_client.post(step_url(draft), {SUMMARY: "Sudah dipendekkan.", "version": carried})

    assert (first.status_code, second.status_code) == (200, 302)
    assert text_of(draft, SUMMARY) == "Sudah dipendekkan."


def test_a_stale_replication_page_shows_the_source_reason_saved_meanwhile(
    open_edition, agency, agency_client, drafter, frozen_now
):
    replication = ProposalFactory(edition=open_edition, agency=agency, complete=True, group=GroupKind.REPLICATION)
    old_version = loaded_version(agency_client, replication, "replication")
    as_loaded = {"source_1_title": "Inovasi Asal", "source_1_agency": "Pemerintah Kota Surabaya", "source_1_year": 2021}
    services.save_draft_step(
        Proposal.objects.get(pk=replication.pk),
        step="replication",
        values={"source_1_reason": "Alasan dari penyusun."},
        actor=drafter,
    )

    response = agency_client.post(
        step_url(replication, "replication"),
        {**as_loaded, "source_1_reason": "Alasan dari admin.", "version": old_version},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert re.findall(r'data-newer="([^"]+)"', html) == ["source_1_reason"]
    assert re.search(r'data-newer="source_1_reason">.*?Alasan dari penyusun\.', html, re.S)
    assert "Alasan dari admin.</textarea>" in html
    assert replication.replication_sources.get().reason == "Alasan dari penyusun."
