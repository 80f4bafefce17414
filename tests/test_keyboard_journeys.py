"""Keyboard-only journeys (issue 7, item 3): an agency admin saves the basics step of a draft and a judge scores and
submits an entry with Tab, Enter, Space and typing only, no clicks. The first Tab reaches the skip link; Enter on
it moves the focus to the main content, and the next Tab lands inside it, past the navigation.

Chromium via Playwright against the live server (see tests/browser.py). Logging in is the setup, not the journey."""

import re

import pytest

from competitions.enums import GroupKind, StageKind
from judging import services as judging_services
from judging.enums import SheetStatus
from judging.models import ScoreSheet
from tests import factories
from tests.browser import log_in
from tests.factories import PASSWORD
from tests.judging.conftest import make_entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement, style = getComputedStyle(el);
                   return {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute("href") || "",
                           classes: el.className || "", inMain: !!el.closest("#main"),
                           text: (el.innerText || el.value || "").trim().slice(0, 60),
                           outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
                           onNavy: !!el.closest(".portal-navbar, .portal-footer, .hero")}; }"""
    )


# The focus ring (portal.css): navy on light backgrounds (11.6:1 on white), white on the navy header and footer.
NAVY_RING, WHITE_RING = "solid 3px rgb(8, 58, 102)", "solid 3px rgb(255, 255, 255)"


def tab_to(page, selector: str) -> list[dict]:
    """Press Tab until the focused element matches `selector`; the elements passed on the way, in order. Every
    element the focus reaches shows the focus ring."""
    passed = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"] == (WHITE_RING if element["onNavy"] else NAVY_RING), element
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return passed
        passed.append(element)
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {selector}: {passed[-5:]}")


def skip_to_main(page) -> None:
    """The first Tab reaches the skip link, and Enter on it moves on to the main content."""
    page.keyboard.press("Tab")
    first = focused(page)
    assert (first["href"], "skip-link" in first["classes"]) == ("#main", True), first
    assert first["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def replace_text(page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_agency_admin_saves_the_basics_step_with_the_keyboard_alone(browser_page, draft_in_open_edition, agency_admin):
    draft = draft_in_open_edition
    page = browser_page
    log_in(page, agency_admin.username, PASSWORD)
    page.goto(f"/proposals/{draft.pk}/edit/basics/")

    skip_to_main(page)
    passed = tab_to(page, "#id_title")
    replace_text(page, "Sapa Warga Digital")
    tab_to(page, "#id_innovator_name")
    replace_text(page, "Siti Rahayu")
    tab_to(page, "#id_innovator_phone")
    replace_text(page, "081234567890")
    tab_to(page, "button[name=stay]")  # "Save": stays on this step
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(rf"/proposals/{draft.pk}/edit/basics/(#main)?$", page.url), page.url

    assert all(element["inMain"] for element in passed), "Tab after the skip link left the main content"
    draft.refresh_from_db()
    assert (draft.title, draft.innovator_name, draft.innovator_phone) == (
        "Sapa Warga Digital",
        "Siti Rahayu",
        "+6281234567890",  # as typed, stored in E.164 (core.phones)
    )
    assert page.locator(".messages").inner_text().strip() == "“Basics” saved in the draft."


DESK_VALUES = [80, 70, 90, 60, 75, 100, 50]  # weighted total 68.50


def test_judge_scores_and_submits_with_the_keyboard_alone(browser_page, edition):
    stage = edition.stages.get(kind=StageKind.DESK)
    judge = factories.JudgeFactory(user__username="juri.papan")
    judging_services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    [entry] = make_entries(stage, 1, title="Layanan Kesehatan Keliling")
    judging_services.assign_judges(stage, k=1, actor=None)
    judging_services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    criteria = list(stage.criteria.order_by("position", "pk"))
    page = browser_page
    log_in(page, "juri.papan", PASSWORD)
    page.goto(f"/judge/entries/{entry.pk}/")

    skip_to_main(page)
    for criterion, value in zip(criteria, DESK_VALUES, strict=True):
        tab_to(page, f"#id_score_{criterion.pk}")
        page.keyboard.type(str(value))
    tab_to(page, f"#id_note_{criteria[-1].pk}")
    page.keyboard.type("Dampak terukur.")
    assert page.locator("#live-total").inner_text() == "68.50"
    tab_to(page, "#review-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(rf"/judge/entries/{entry.pk}/submit/(#main)?$", page.url), page.url
    assert page.locator("#confirm-total").inner_text() == "68.50"

    skip_to_main(page)
    tab_to(page, "#confirm-submit")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert re.search(r"/judge/(#main)?$", page.url), page.url

    sheet = ScoreSheet.objects.get(assignment__entry=entry)
    assert sheet.status == SheetStatus.SUBMITTED
    assert {score.criterion_id: score.value for score in sheet.scores.all()} == {
        criterion.pk: value for criterion, value in zip(criteria, DESK_VALUES, strict=True)
    }
    assert sheet.scores.get(criterion=criteria[-1]).note == "Dampak terukur."
