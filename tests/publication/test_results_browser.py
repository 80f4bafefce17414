"""The public results on a phone (issue 15): at 390 px each award is a card, no table wider than the screen."""

import pytest

from competitions.enums import GroupKind
from tests.browser import screenshot
from tests.publication.data import judged_edition
from tests.publication.test_results import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_results_stack_their_cells_on_a_phone(browser_page, edition, organizer):
    judged = judged_edition(edition)
    published(edition, organizer, judged)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/results/{edition.year}/")

    screenshot(page, "public-results-phone")
    for group in (GroupKind.GENERAL, "extra"):
        table = page.locator(f'table[data-group="{group}"]')
        width, box = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        assert width <= box + 1, (group, width, box)
    first = page.locator('table[data-group="umum"] > tbody > tr').first
    label = first.locator("td[data-label]").first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Agency" in label
    screenshot(page, "public-results-phone")
