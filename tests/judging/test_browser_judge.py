"""Browser journey: a judge opens "my entries", scores an entry (the live total follows the inputs), saves a draft,
then submits after confirming. Chromium via Playwright against the live server; screenshots in var/screenshots/."""

import re

import pytest

from competitions.enums import GroupKind, StageKind
from judging import services
from judging.enums import SheetStatus
from judging.models import ScoreSheet
from tests import factories
from tests.browser import log_in, screenshot
from tests.factories import PASSWORD
from tests.judging.conftest import make_entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK_VALUES = [80, 70, 90, 60, 75, 100, 50]  # weighted total 68.50


def test_browser_judge_scores_draft_then_submits(browser_page, edition):
    stage = edition.stages.get(kind=StageKind.DESK)
    judge = factories.JudgeFactory(user__username="juri.satu", user__first_name="Dewi", user__last_name="Lestari")
    services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    [entry] = make_entries(stage, 1, title="Layanan Kesehatan Keliling")
    services.assign_judges(stage, k=1, actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    criteria = list(stage.criteria.order_by("position", "pk"))
    page = browser_page

    log_in(page, "juri.satu", PASSWORD)
    page.goto("/judge/")
    assert page.locator("progress").first.get_attribute("value") == "0"
    page.get_by_role("link", name="Layanan Kesehatan Keliling").click()
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))

    # Part of the scores: the live total follows the inputs before anything is saved.
    for criterion, value in zip(criteria[:3], DESK_VALUES[:3], strict=True):
        page.fill(f"#id_score_{criterion.pk}", str(value))
    page.fill(f"#id_note_{criteria[0].pk}", "Latar belakang jelas.")
    assert page.locator("#live-total").inner_text() == "23.00"
    page.click("#save-draft")
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
    assert page.locator("[data-sheet-status]").get_attribute("data-sheet-status") == "draft"
    sheet = ScoreSheet.objects.get(assignment__entry=entry)
    assert (sheet.status, sheet.version) == (SheetStatus.DRAFT, 1)

    # The rest, then submit after the confirmation page.
    for criterion, value in zip(criteria[3:], DESK_VALUES[3:], strict=True):
        page.fill(f"#id_score_{criterion.pk}", str(value))
    assert page.locator("#live-total").inner_text() == "68.50"
    screenshot(page, "judge-scoring-page")
    page.click("#review-submit")
    page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/submit/$"))
    assert page.locator("#confirm-total").inner_text() == "68.50"
    page.click("#confirm-submit")
    page.wait_for_url(re.compile(r"/judge/$"))

    assert page.locator("progress").first.get_attribute("value") == "1"
    assert page.locator('[data-status="submitted"]').count() == 1
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version) == (SheetStatus.SUBMITTED, 3)
    assert sorted(sheet.scores.values_list("value", flat=True)) == sorted(DESK_VALUES)
    screenshot(page, "judge-my-entries-submitted")


# Scales and weights whose totals do not terminate in two places (thirds, sevenths), and sheets whose exact total
# ends in 5 in the third place, where float arithmetic rounds down (2.975 → 2.97 in floats, 2.98 half up): the live
# total must round like the server.
ODD_CRITERIA = [("Satu", 1, 200), ("Dua", 33, 3), ("Tiga", 33, 7), ("Empat", 33, 100)]
ODD_SHEETS = [[1, 0, 0, 9], [1, 1, 7, 84], [1, 2, 0, 1], [7, 2, 5, 99], [5, 1, 3, 17], [0, 0, 0, 0]]


def test_browser_live_total_equals_the_stored_total_on_the_same_sheets(browser_page, edition, organizer):
    from competitions import services as competition_services

    stage = edition.stages.get(kind=StageKind.DESK)
    competition_services.set_criteria(
        stage,
        criteria=[{"name": name, "weight": weight, "max_score": top} for name, weight, top in ODD_CRITERIA],
        actor=organizer,
    )
    judge = factories.JudgeFactory(user__username="juri.dua")
    services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    [entry] = make_entries(stage, 1, title="Layanan Kesehatan Keliling")
    services.assign_judges(stage, k=1, actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    criteria = list(stage.criteria.order_by("position", "pk"))
    page = browser_page
    log_in(page, "juri.dua", PASSWORD)

    for values in ODD_SHEETS:
        page.goto(f"/judge/entries/{entry.pk}/")
        for criterion, value in zip(criteria, values, strict=True):
            page.fill(f"#id_score_{criterion.pk}", str(value))
        live = page.locator("#live-total").inner_text()
        page.click("#save-draft")
        page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
        stored = ScoreSheet.objects.get(assignment__entry=entry).total
        assert live == f"{stored:.2f}", values
        # After the reload the server's own rendering of the total is what the script computes, too.
        assert page.locator("#live-total").get_attribute("data-server-total") == live


# Half points typed with a comma and a point; a value finer than the step does not count in the live total (the
# server refuses it too).
HALF_SHEETS = [["0,5", "2,5", "6,5", "99,5"], ["1", "0.5", "3", "0"], ["0,5", "0", "7", "100"]]  # maxima 1, 3, 7, 100


def test_browser_live_total_counts_half_points_like_the_server(browser_page, edition, organizer):
    from competitions import services as competition_services
    from competitions.models import Edition

    Edition.objects.filter(pk=edition.pk).update(half_point_scores=True)
    stage = edition.stages.get(kind=StageKind.DESK)
    competition_services.set_criteria(
        stage,
        criteria=[{"name": name, "weight": weight, "max_score": top} for name, weight, top in ODD_CRITERIA],
        actor=organizer,
    )
    judge = factories.JudgeFactory(user__username="juri.tiga")
    services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    [entry] = make_entries(stage, 1, title="Layanan Kesehatan Keliling")
    services.assign_judges(stage, k=1, actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    criteria = list(stage.criteria.order_by("position", "pk"))
    page = browser_page
    log_in(page, "juri.tiga", PASSWORD)

    for version, values in enumerate(HALF_SHEETS, start=1):
        page.goto(f"/judge/entries/{entry.pk}/")
        for criterion, value in zip(criteria, values, strict=True):
            page.fill(f"#id_score_{criterion.pk}", value)
        live = page.locator("#live-total").inner_text()
        separator = page.locator("#live-total").get_attribute("data-decimal-separator")
        page.click("#save-draft")
        page.wait_for_url(re.compile(rf"/judge/entries/{entry.pk}/$"))
        sheet = ScoreSheet.objects.get(assignment__entry=entry)
        assert sheet.version == version, values  # saved: every value was in the step and the range
        assert live == f"{sheet.total:.2f}".replace(".", separator), values

    page.fill(f"#id_score_{criteria[3].pk}", "88,3")
    before = page.locator("#live-total").inner_text()
    page.fill(f"#id_score_{criteria[3].pk}", "88,4")
    assert page.locator("#live-total").inner_text() == before  # neither counts: both are off the step
    page.click("#save-draft")
    page.wait_for_load_state()
    assert page.locator(f"#id_score_{criteria[3].pk}").get_attribute("aria-invalid") == "true"
    assert ScoreSheet.objects.get(assignment__entry=entry).version == len(HALF_SHEETS)
