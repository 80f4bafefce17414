"""Browser journey on a 390 px phone: an agency confirms its slot and hands in slides; on the day the judge opens
the day view, sees the next slot, reaches the entry's materials from it, scores, and the chair records attendance.
Chromium via Playwright against the live server; screenshots in var/screenshots/schedule/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from competitions.enums import GroupKind, StageKind
from judging import services
from judging.models import PresentationMaterials, PresentationSlot, ScoreSheet
from judging.schedule import services as schedule
from tests import factories
from tests.browser import file_payload, log_in, screenshot
from tests.factories import PASSWORD
from tests.proposals import uploads_samples as samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_phone_the_agency_confirms_and_hands_in_then_the_judge_scores_from_the_day_view(
    browser_page, edition, agency, agency_admin
):
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    judge = factories.JudgeFactory(user__username="juri.hari", user__first_name="Dewi", user__last_name="Lestari")
    panel = services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    entry = factories.StageEntryFactory(stage=stage, proposal__agency=agency, proposal__title="Klinik Apung Bawean")
    services.assign_judge(entry, judge, actor=None)
    start = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(minutes=20)
    schedule.create_session(
        stage,
        panel=panel,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        meeting_url="https://meet.example/tahap2",
        chair=judge,
        actor=None,
    )
    schedule.fill(stage, actor=None)
    schedule.publish_schedule(stage, move_requests_until=None, actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 800})

    # The agency: its slot, confirmed, and its slides handed in.
    log_in(page, agency_admin.username, PASSWORD)
    page.locator("#dashboard-presentations").click()
    page.wait_for_url(re.compile(r"/agency/presentations/$"))
    assert "Klinik Apung Bawean" in page.inner_text("#main") and fits(page)
    page.get_by_role("link", name="Confirm attendance").click()
    page.fill("#id_presenter_name", "dr. Ani, Kepala Puskesmas")
    page.get_by_label("Yes").check()
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/agency/presentations/$"))
    page.get_by_role("link", name="Slides, video and summary").click()
    page.set_input_files("#id_slides", file_payload("Paparan Klinik Apung.pdf", samples.pdf_bytes(), "application/pdf"))
    page.fill("#id_summary", "Layanan kesehatan dengan kapal ke pulau-pulau kecil.")
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/agency/presentations/$"))
    screenshot(page, "schedule/01-agency-slot")
    assert PresentationSlot.objects.get(entry=entry).is_confirmed
    assert PresentationMaterials.objects.get(entry=entry).slides_name == "Paparan Klinik Apung.pdf"
    page.context.clear_cookies(name="sessionid")  # signed out (the phone's menu is collapsed)

    # The judge on the day: the next slot, its materials, the score sheet.
    log_in(page, "juri.hari", PASSWORD)
    page.locator("#dashboard-schedule").click()
    page.wait_for_url(re.compile(r"/judge/schedule/$"))
    assert re.match(r"Next: “Klinik Apung Bawean” in (19|20) minutes", page.inner_text("#next-slot"))
    assert fits(page)
    screenshot(page, "schedule/02-judge-day")
    page.get_by_role("link", name="Materials and score sheet").click()
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
    materials = page.locator("#presentation-materials")
    assert "Paparan Klinik Apung.pdf" in materials.inner_text() and "pulau-pulau kecil" in materials.inner_text()
    with page.expect_download() as download:
        materials.get_by_role("link", name="Paparan Klinik Apung.pdf").click()
    assert download.value.suggested_filename == "Paparan Klinik Apung.pdf"
    for score_input in page.locator("#score-form input[id^=id_score_]").all():
        score_input.fill("80")
    page.click("#save-draft")
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
    assert ScoreSheet.objects.get(assignment__entry=entry).version == 1
    assert fits(page)

    # The chair records attendance from the day view.
    page.goto("/judge/schedule/")
    page.get_by_role("link", name="Attendance…").click()
    page.get_by_label("Present").check()
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/judge/schedule/\?day="))
    assert page.locator("[data-attendance]").inner_text() == "Present"
    screenshot(page, "schedule/03-attendance")
