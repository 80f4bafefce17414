"""Browser journey: an organizer closes desk evaluation from its ranking page, reviews the ranking (raw, then
normalized, with an entry's breakdown opened without JavaScript), and advances a shortlist. Screenshots in
var/screenshots/."""

import re

import pytest

from competitions.enums import StageKind
from judging.enums import RoundState
from judging.models import StageEntry, StageRound
from tests import factories
from tests.browser import log_in, ranked_titles, screenshot
from tests.factories import PASSWORD
from tests.judging.ranking_data import judged_desk_stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_organizer_closes_the_stage_and_reviews_the_ranking(browser_page, edition):
    judged = judged_desk_stage(edition)
    factories.OrganizerFactory(user__username="biro")
    page = browser_page

    log_in(page, "biro", PASSWORD)
    page.goto(f"/organizer/editions/{edition.year}/ranking/")
    page.get_by_role("row", name=re.compile("Desk evaluation")).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/ranking/desk/umum/$"))
    assert ranked_titles(page) == ["Inovasi E1", "Inovasi E3", "Inovasi E2", "Inovasi E4"]

    page.get_by_role("link", name="Close this stage…").click()
    page.click("#confirm-round-state")
    page.wait_for_url(re.compile(r"/ranking/desk/umum/$"))
    assert StageRound.objects.get(stage=judged.stage).state == RoundState.CLOSED

    assert page.locator("[data-round-state]").get_attribute("data-round-state") == RoundState.CLOSED
    assert page.locator("[data-disagreement]").count() == 1
    page.get_by_role("link", name="Normalized (z-scores per judge)").click()
    page.wait_for_url(re.compile(r"\?view=normalized$"))
    assert ranked_titles(page) == ["Inovasi E2", "Inovasi E1", "Inovasi E3", "Inovasi E4"]
    first = page.locator("#ranking-table > tbody > tr").first
    assert first.locator("[data-tie-rule]").inner_text().startswith("Tie with #2")
    first.locator("summary").click()
    assert first.locator("details table").is_visible()
    screenshot(page, "organizer-ranking-normalized")

    page.get_by_role("link", name=re.compile("Advance a shortlist")).click()
    page.fill("#id_top", "2")
    page.click("button[name=refill]")
    assert page.locator("input[name=chosen]:checked").count() == 2
    page.click("button[name=preview]")
    page.get_by_role("button", name=re.compile("Confirm: admit 2 entries")).click()
    page.wait_for_url(re.compile(r"/ranking/desk/umum/$"))

    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    admitted = set(StageEntry.objects.filter(stage=presentation).values_list("proposal__title", flat=True))
    assert admitted == {"Inovasi E2", "Inovasi E1"}  # the top 2 of the normalized ranking
    screenshot(page, "organizer-ranking-after-shortlist")


def test_browser_stage_ranking_reads_as_cards_on_a_phone(browser_page, edition):
    """At 390 px each ranked entry is a card (rank, entry, then each score with its column's name); the judges and
    criteria breakdown, opened, scrolls in its own box instead of widening the whole table."""
    judged_desk_stage(edition)
    factories.OrganizerFactory(user__username="biro")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "biro", PASSWORD)

    page.goto(f"/organizer/editions/{edition.year}/ranking/desk/umum/")
    table = page.locator("#ranking-table")
    first = table.locator("> tbody > tr").first
    first.locator("summary").click()

    widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    assert first.locator("[data-raw]").evaluate("cell => getComputedStyle(cell, '::before').content").find("Raw") >= 0
    breakdown = first.locator("details .table-responsive")
    assert breakdown.is_visible()
    assert breakdown.evaluate("box => box.clientWidth") <= widths[1]
    screenshot(page, "organizer-ranking-phone")
