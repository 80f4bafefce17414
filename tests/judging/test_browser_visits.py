"""Browser journey on a 390 px phone: a visiting judge opens their field visit, fills the checklist while the
connection drops (the input is kept and sent when it returns), adds a photo taken on the spot, records a testimony,
reaches the score sheet beside the report and confirms it. Chromium via Playwright against the live server;
screenshots in var/screenshots/visits/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from competitions.enums import StageKind
from judging import services
from judging.models import ChecklistAnswer, FieldVisit, VisitPhoto
from judging.visits import services as visits
from tests import factories
from tests.browser import file_payload, log_in, screenshot
from tests.factories import PASSWORD
from tests.proposals import uploads_samples as samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_phone_a_visiting_judge_fills_the_checklist_offline_adds_a_photo_and_confirms(
    browser_page, edition, agency
):
    stage = edition.stages.get(kind=StageKind.FIELD)
    judge = factories.JudgeFactory(user__username="juri.lapangan", user__first_name="Rina", user__last_name="Wati")
    entry = factories.StageEntryFactory(stage=stage, proposal__agency=agency, proposal__title="Posyandu Keliling")
    services.assign_judge(entry, judge, actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    visits.use_default_checklist(edition, actor=None)
    starts = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(hours=1)
    visit = visits.plan_visit(
        entry,
        visits.VisitPlan(
            starts_at=starts, mode="on_site", address="Balai Desa Sumberejo", meeting_url="", judges=[judge]
        ),
        actor=None,
    )
    visits.publish_visits(stage, actor=None)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 800})

    log_in(page, "juri.lapangan", PASSWORD)
    page.locator("#dashboard-visits").click()
    page.wait_for_url(re.compile(r"/judge/visits/$"))
    assert "Posyandu Keliling" in page.inner_text("#main") and fits(page)
    page.get_by_role("link", name="Open the report").click()
    page.wait_for_url(re.compile(rf"/visits/{visit.pk}/$"))

    # The checklist, typed while the connection is gone: kept, then sent when it returns.
    items = page.locator("#report-form fieldset")
    assert items.count() == 4
    for index in range(4):
        items.nth(index).get_by_label("Yes, as described").check()
    page.fill(f"#{page.locator('#report-form textarea').first.get_attribute('id')}", "Buku register lengkap.")
    page.fill("#id_summary", "Layanan berjalan setiap Selasa.")
    page.context.set_offline(True)
    page.click("#save-report")
    status = page.locator("[data-offline-status]")
    assert "kept on this device" in status.inner_text()
    assert not ChecklistAnswer.objects.filter(visit=visit).exists()
    screenshot(page, "visits/01-offline-kept")
    page.context.set_offline(False)
    page.wait_for_selector(".alert-success")  # the save went through: the report page says so
    assert ChecklistAnswer.objects.filter(visit=visit, verdict="yes").count() == 4
    assert FieldVisit.objects.get(pk=visit.pk).summary == "Layanan berjalan setiap Selasa."

    # A photo taken on the spot, and a testimony.
    page.set_input_files("#id_photo", file_payload("IMG_0420.jpg", samples.jpeg_with_gps_exif(), "image/jpeg"))
    page.fill("#id_caption", "Kader menimbang balita")
    page.locator("#photo-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/visits/{visit.pk}/#photos$"))
    assert page.locator("#visit-photos img").count() == 1
    page.locator("#visit-photos img").scroll_into_view_if_needed()
    width = page.locator("#visit-photos img").evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width > 0  # the thumbnail is served to the page
    assert VisitPhoto.objects.get(visit=visit).latitude is not None
    assert "Position" not in page.inner_text("#visit-photos")  # the position is for organizers
    page.locator("#testimonies summary").click()
    page.fill("#id_statement", "Anak saya ditimbang tiap bulan tanpa antre.")
    page.get_by_label("The person agreed that what they said is recorded in the report").check()
    page.locator("#testimony-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/visits/{visit.pk}/#testimonies$"))
    assert "tanpa antre" in page.inner_text("#testimonies") and fits(page)
    screenshot(page, "visits/02-report")

    # The score sheet sits beside the report; then the confirmation makes the report final.
    page.locator("#open-score-sheet").click()
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
    page.locator("#open-visit-report").click()
    page.wait_for_url(re.compile(rf"/visits/{visit.pk}/$"))
    page.locator("#confirm-report").click()
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(rf"/visits/{visit.pk}/$"))
    assert page.locator("#report-final").is_visible()
    assert FieldVisit.objects.get(pk=visit.pk).confirmed_at is not None
    assert fits(page)
    screenshot(page, "visits/03-confirmed")
