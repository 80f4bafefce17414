"""The organizer runs the end of a cycle from the cockpit alone, pressing each next action it offers, and the guards
refuse the steps asked for out of order, with what is missing.

The edition is judged in one stage (desk evaluation, weight 100) by one judge; the judge's sheets are written
through the scoring service (the scoring pages have their own journeys). Chromium via Playwright, in English.
"""

import datetime as dt
import re

import pytest

from competitions.enums import GroupKind, StageKind
from competitions.models import jakarta_today
from competitions.services import set_group_winners, set_stage_weights
from judging import services as judging
from judging.models import Assignment
from publication.models import FinalistList, Publication
from tests import factories
from tests.browser import log_in, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prepared(db):
    """An edition of last year's schedule (every date past) with three passed proposals admitted to desk
    evaluation, each assigned to one judge; the round is still being prepared."""
    edition = factories.edition_with_defaults(year=jakarta_today().year - 1)
    set_group_winners(
        edition, winners={GroupKind.GENERAL: 2, GroupKind.REPLICATION: 0, GroupKind.SPECIAL: 0}, actor=None
    )
    set_stage_weights(edition, weights={StageKind.DESK: 100, StageKind.PRESENTATION: 0, StageKind.FIELD: 0}, actor=None)
    desk = edition.stages.get(kind=StageKind.DESK)
    judge = factories.JudgeFactory(user__username="juri.kokpit")
    for number in range(3):
        entry = factories.StageEntryFactory(
            stage=desk, proposal__edition=edition, proposal__title=f"Inovasi Kokpit {number}", proposal__group="umum"
        )
        judging.assign_judge(entry, judge, actor=None)
    factories.OrganizerFactory(user__username="biro.kokpit")
    return edition


def next_step(page) -> str:
    return page.locator("#next-step-title").inner_text()


def press_next(page, cockpit: str, expected_step: str, landing: str) -> None:
    page.goto(cockpit)
    assert next_step(page) == f"Next: {expected_step}"
    page.locator("#next-action").click()
    page.wait_for_url(re.compile(landing))


def submit_every_sheet(edition) -> None:
    for assignment in Assignment.objects.filter(entry__stage__edition=edition).select_related("judge__user"):
        criteria = assignment.entry.stage.criteria.all()
        value = 90 - 10 * int(assignment.entry.proposal.title[-1])
        judging.record_score(
            assignment,
            values={criterion.pk: (value, "") for criterion in criteria},
            version=assignment.sheet.version,
            actor=assignment.judge.user,
            submit=True,
        )


def test_the_cockpit_leads_through_the_end_of_a_cycle_and_the_guards_hold(browser_page, prepared):
    page = browser_page
    year = prepared.year
    cockpit = f"/organizer/editions/{year}/cockpit/"
    log_in(page, "biro.kokpit", PASSWORD)

    # The dashboard leads to the cockpit.
    page.locator("#dashboard-cockpit").click()
    page.wait_for_url(re.compile(rf"{cockpit}$"))
    screenshot(page, "cockpit/01-prepared")

    # Open desk evaluation: its confirmation page, then the judges score.
    press_next(page, cockpit, "Desk evaluation (Tahap I)", r"/stages/desk/open/$")
    page.locator("#confirm-round-state").click()
    page.wait_for_load_state()
    submit_every_sheet(prepared)

    # Out of order: announcing finalists and publishing are refused while the stage is open, with what is missing.
    page.goto(f"/organizer/editions/{year}/awards/publish/")
    missing = page.locator("#order-missing").inner_text()
    assert "Desk evaluation (Tahap I) is not closed yet." in missing
    assert "The finalists have not been announced." in missing
    page.locator("#confirm-button").click()
    page.wait_for_load_state()
    assert "Publishing the results cannot be done yet" in page.inner_text("#main")
    assert not Publication.objects.filter(edition=prepared, state="published").exists()

    # Every sheet is in: close the stage.
    press_next(page, cockpit, "Desk evaluation (Tahap I)", r"/stages/desk/close/$")
    page.locator("#confirm-round-state").click()
    page.wait_for_load_state()
    screenshot(page, "cockpit/02-stage-closed")

    # Announce the finalists (the desk's entries), one day of objections.
    press_next(page, cockpit, "Finalists and objection period", r"/objections/finalists/$")
    page.fill("#id_days", "1")
    page.get_by_role("button", name="Announce and open the objection period").click()
    page.wait_for_url(re.compile(r"/objections/$"))
    page.goto(cockpit)
    assert "The objection period runs until" in page.locator("#step-finalists").inner_text()
    # The day passes without objections.
    FinalistList.objects.filter(edition=prepared).update(objections_close_on=jakarta_today() - dt.timedelta(days=1))

    # The plenary decides the places (prefilled from the ranking), then the results go out.
    press_next(page, cockpit, "Plenary decisions", r"/awards/prefill/$")
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/awards/$"))
    press_next(page, cockpit, "Publication of the results", r"/awards/publish/$")
    assert page.locator("#order-missing").count() == 0
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/awards/$"))
    assert Publication.objects.get(edition=prepared).is_published

    page.goto(cockpit)
    assert page.locator("#step-publication").get_attribute("data-state") == "done"
    assert page.locator("#step-decisions").get_attribute("data-state") == "done"
    assert "None: every step followed the order of the cycle." in page.inner_text("#order-overrides")
    screenshot(page, "cockpit/03-published")

    # On a phone the cockpit fits the screen.
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
