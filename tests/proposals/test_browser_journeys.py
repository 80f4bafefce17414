"""Browser journeys: an agency admin takes a proposal from draft through attachments to submitted, and an organizer
screens a submitted proposal. Chromium via Playwright against the live server; screenshots in var/screenshots/."""

import datetime as dt
import re

import pytest

from competitions.enums import PhaseKind
from competitions.models import jakarta_today
from competitions.services import set_schedule
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal, ProposalStateChange
from tests.browser import log_in, screenshot, upload
from tests.factories import PASSWORD, ProposalFactory

from . import uploads_samples as samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submission_open(edition):
    """The edition takes submissions now (real time: the live server runs in another thread)."""
    today = jakarta_today()
    set_schedule(
        edition,
        phases={
            PhaseKind.SUBMISSION: (today - dt.timedelta(days=10), today + dt.timedelta(days=20)),
            PhaseKind.SCREENING: (today + dt.timedelta(days=21), today + dt.timedelta(days=35)),
        },
        actor=None,
    )
    return edition


def test_agency_admin_drafts_uploads_and_submits(browser_page, submission_open, agency_admin):
    page = browser_page
    log_in(page, agency_admin.username, PASSWORD)

    # Basics: starting the draft.
    page.goto("/proposals/new/")
    page.fill("#id_title", "Layanan Kesehatan Keliling")
    page.select_option("#id_category", index=1)
    page.select_option("#id_group", value="umum")
    page.fill("#id_implementation_started_on", "2020-01-06")
    page.fill("#id_innovator_name", "Siti Rahayu")
    page.fill("#id_innovator_phone", "081234567890")
    page.fill("#id_innovator_email", "siti@example.org")
    screenshot(page, "proposal-1-basics")
    page.locator("#main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/edit/narrative/"))
    proposal = Proposal.objects.get(title="Layanan Kesehatan Keliling")

    # Narrative steps: every textarea gets a short text; "Save and continue" moves on.
    for _ in range(2):
        for textarea in page.locator("#main form textarea").all():
            textarea.fill("Pelayanan kesehatan yang mendatangi warga desa terpencil setiap pekan.")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
        if "/edit/attachments/" in page.url:
            break
    assert "/edit/attachments/" in page.url

    # Attachments: a file pretending to be a photo is refused at its field; the required documents are accepted.
    upload(page, "photo", "foto.png", samples.exe_bytes(), "image/png")
    assert page.locator("#attachment-photo .invalid-feedback, #attachment-photo .text-danger").first.is_visible()
    assert "This file is not a JPEG or PNG image" in page.locator("#attachment-photo").inner_text()
    screenshot(page, "proposal-2-attachment-refused")
    upload(page, "service_standard", "Standar Pelayanan.pdf", samples.pdf_bytes(), "application/pdf")
    upload(page, "service_declaration", "Maklumat.jpg", samples.jpeg_with_gps_exif(), "image/jpeg")
    upload(page, "complaint_decree", "SK Pengaduan.pdf", samples.pdf_bytes(), "application/pdf")
    upload(page, "initiator_decree", "SK Inovator.pdf", samples.pdf_bytes(), "application/pdf")
    upload(page, "photo", "kegiatan.png", samples.png_bytes(), "image/png")
    assert "Standar Pelayanan.pdf" in page.locator("#attachment-service_standard").inner_text()
    screenshot(page, "proposal-3-attachments")
    assert sorted(Attachment.objects.filter(proposal=proposal).values_list("kind", flat=True)) == [
        "complaint_decree",
        "initiator_decree",
        "photo",
        "service_declaration",
        "service_standard",
    ]

    # Review: accept the declaration, then submit after the confirmation page.
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(re.compile(r"/edit/review/"))
    page.fill("#id_signer_position", "Kepala Dinas")
    page.check("#id_declaration")
    page.get_by_role("button", name="Sign the declaration").click()
    page.wait_for_load_state()
    assert "Everything required is filled in." in page.inner_text("#main")
    page.get_by_role("link", name="Review and submit…").click()
    page.wait_for_url(re.compile(r"/submit/"))
    screenshot(page, "proposal-4-submit-confirm")
    page.locator("#main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/proposals/{proposal.pk}/$"))

    assert "Submitted" in page.inner_text("#main")
    screenshot(page, "proposal-5-submitted")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_organizer_screens_a_submitted_proposal(browser_page, submission_open, agency, agency_admin, organizer):
    page = browser_page
    proposal = ProposalFactory(
        edition=submission_open,
        agency=agency,
        complete=True,
        title="Posyandu Digital",
        state=ProposalState.SUBMITTED,
        submitted_at=dt.datetime.now(dt.UTC),
    )
    log_in(page, organizer.username, PASSWORD)

    page.goto("/organizer/screening/")
    page.select_option("#id_group", value="umum")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"group=umum"))
    screenshot(page, "screening-1-list")
    page.get_by_role("link", name="Posyandu Digital").click()
    page.wait_for_url(re.compile(rf"/organizer/screening/{proposal.pk}/$"))
    checklist = page.locator(".screening-checklist").inner_text()
    assert "The required attachments are present" in checklist
    assert "service_standard.pdf" in page.locator(".attachment-list").inner_text()
    screenshot(page, "screening-2-checklist")

    page.get_by_role("link", name="Pass", exact=True).click()
    page.wait_for_url(re.compile(r"/pass/$"))
    page.fill("#id_note", "Lengkap.")
    screenshot(page, "screening-3-confirm-pass")
    page.get_by_role("button", name="Pass the proposal").click()
    page.wait_for_url(re.compile(rf"/organizer/screening/{proposal.pk}/$"))

    assert "Passed screening" in page.inner_text("#proposal-state")
    screenshot(page, "screening-4-passed")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PASSED
    assert ProposalStateChange.objects.get(proposal=proposal).note == "Lengkap."


def test_browser_a_returned_proposal_shows_its_revision_deadline_on_a_phone(
    browser_page, submission_open, agency, agency_admin
):
    """Issue 15: at 390 px the badge "Returned for revision" overflowed its card and hid the deadline."""
    ProposalFactory(
        edition=submission_open,
        agency=agency,
        title="Layanan Dikembalikan",
        state=ProposalState.RETURNED,
        revision_deadline=jakarta_today() + dt.timedelta(days=7),
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, agency_admin.username, PASSWORD)

    page.goto("/proposals/")

    row = page.locator("tr", has_text="Layanan Dikembalikan")
    deadline = row.locator("[data-revision-deadline]")
    assert deadline.is_visible()
    card = row.bounding_box()
    for part in (row.locator(".badge").first, deadline):
        box = part.bounding_box()
        assert box["x"] >= card["x"] - 1 and box["x"] + box["width"] <= card["x"] + card["width"] + 1, (box, card)
    screenshot(page, "agency-proposals-phone")
