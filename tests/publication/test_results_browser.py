"""Browser journey: an organizer publishes an edition's awards; an anonymous visitor finds a winner in the results,
opens it in the catalogue, downloads its certificate and verifies it. Screenshots in var/screenshots/."""

import re

import pytest

from publication.models import Award, Publication
from tests.browser import log_in, log_out, screenshot
from tests.factories import PASSWORD
from tests.publication.data import judged_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organizer_publishes_and_a_visitor_finds_downloads_and_verifies(browser_page, edition, organizer):
    judged_edition(edition)
    winner = "Inovasi Umum 01"
    page = browser_page

    # The organizer prefills the awards from the ranking, previews and publishes them.
    log_in(page, organizer.username, PASSWORD)
    page.goto("/organizer/editions/2026/awards/")
    page.get_by_role("link", name="Prefill from the ranking…").click()
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/awards/$"))
    assert page.locator("#group-umum").is_visible()
    page.get_by_role("link", name="Preview").click()
    assert page.get_by_role("cell", name=winner, exact=True).is_visible()
    page.goto("/organizer/editions/2026/awards/publish/")
    screenshot(page, "publication-publish-confirm")
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/awards/$"))
    assert page.locator("#publication-status").get_attribute("data-state") == "published"
    assert Publication.objects.get(edition=edition).published_by == organizer
    log_out(page)

    # A visitor finds the winner in the results of 2026.
    page.goto("/")
    page.get_by_role("link", name="Results", exact=True).first.click()
    page.get_by_role("link", name="2026", exact=True).click()
    page.wait_for_url(re.compile(r"/results/2026/$"))
    screenshot(page, "publication-results")
    row = page.locator("table[data-group='umum'] tr", has_text=winner)
    assert row.locator("th").inner_text().strip() == "2"

    # … opens it in the catalogue when the catalogue has a page for it …
    link = row.get_by_role("link", name=winner, exact=True)
    if link.count():
        link.click()
        page.wait_for_load_state()
        assert winner in page.locator("h1").inner_text()
        page.go_back()

    # … downloads its certificate …
    award = Award.objects.get(proposal__title=winner, kind="ranked")
    with page.expect_download() as download_info:
        page.locator("table[data-group='umum'] tr", has_text=winner).locator("a.certificate-link").click()
    download = download_info.value
    assert download.suggested_filename == f"piagam-kovablik-2026-{award.verification_code.lower()}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # … and verifies it by typing the code printed on it.
    page.goto("/verify/")
    page.fill("#id_code", award.code_display.lower())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(rf"/verify/{award.verification_code}/$"))
    screenshot(page, "publication-verify")
    assert page.locator("#verify-result").get_attribute("data-status") == "valid"
    assert winner in page.locator("#main").inner_text()

    # A code that does not exist says so.
    page.goto("/verify/")
    page.fill("#id_code", "ABCD-EFGH-JKMN-PQRS-TUVW")
    page.get_by_role("button", name="Verify").click()
    assert page.locator("#verify-result").get_attribute("data-status") == "unknown"
