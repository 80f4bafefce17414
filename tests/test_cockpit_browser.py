"""The organizer runs a cycle from the cockpit alone, from submission to publication, pressing each next action it
offers, and the guards refuse the steps asked for out of order, with what is missing.

The edition is judged in one stage (desk evaluation, weight 100) by one judge; the proposals arrive submitted
(the agency's form has its own journeys) and the judge's sheets are written through the scoring service (the
scoring pages have theirs). Chromium via Playwright, in English.
"""

import datetime as dt
import re

import pytest

from competitions.enums import GroupKind, PhaseKind, StageKind
from competitions.models import jakarta_today
from competitions.services import set_group_winners, set_stage_weights
from core.models import ActionLog
from core.order import ORDER_OVERRIDDEN
from judging import services as judging
from judging.enums import RoundState
from judging.models import Assignment
from judging.queries import round_for
from publication.models import FinalistList, Publication
from tests import factories
from tests.browser import log_in, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prepared(db):
    """An edition of last year's schedule moved so that submission ends in five days; three complete proposals are
    submitted and not yet screened; a panel of one judge judges Kelompok Umum."""
    edition = factories.edition_with_defaults(year=jakarta_today().year - 1)
    today = jakarta_today()
    kinds = list(PhaseKind)
    for position, kind in enumerate(kinds):  # ten-day phases, submission holding today
        starts_on = today + dt.timedelta(days=10 * (position - kinds.index(PhaseKind.SUBMISSION)) - 4)
        edition.phases.filter(kind=kind).update(starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=9))
    set_group_winners(
        edition, winners={GroupKind.GENERAL: 2, GroupKind.REPLICATION: 0, GroupKind.SPECIAL: 0}, actor=None
    )
    set_stage_weights(edition, weights={StageKind.DESK: 100, StageKind.PRESENTATION: 0, StageKind.FIELD: 0}, actor=None)
    judge = factories.JudgeFactory(user__username="juri.kokpit")
    judging.create_panel(edition, name="Panel Kokpit", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    for number in range(3):
        factories.ProposalFactory(
            edition=edition, title=f"Inovasi Kokpit {number}", group="umum", state="submitted", complete=True
        )
    factories.OrganizerFactory(user__username="biro.kokpit")
    return edition


def round_state(edition, kind) -> str:
    return round_for(edition.stages.get(kind=kind)).state


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

    # Submission runs: screening what came in is next. Opening desk evaluation now is refused with what is missing,
    # each with the page where it is done.
    press_next(page, cockpit, "Administrative screening", r"/organizer/screening/")
    page.goto(f"/organizer/editions/{year}/stages/desk/open/")
    missing = page.locator("#order-missing").inner_text()
    assert "Submission is still open until" in missing
    assert "3 proposals await screening." in missing
    assert "No proposal has passed screening yet." in missing
    page.locator("#confirm-round-state").click()
    page.wait_for_load_state()
    assert "Opening Desk evaluation (Tahap I) cannot be done yet" in page.inner_text("#main")
    assert round_state(prepared, StageKind.DESK) == RoundState.PREPARING

    # Close submission early from the link in the refusal: the schedule page asks first.
    page.locator("#order-missing").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/schedule/$"))
    yesterday = jakarta_today() - dt.timedelta(days=1)
    page.fill("#id_submission_ends_on", yesterday.isoformat())
    page.fill("#id_screening_starts_on", jakarta_today().isoformat())
    page.get_by_role("button", name="Save schedule").click()
    page.wait_for_load_state()
    assert "closes it early for every agency" in page.locator("#confirm-early-close").inner_text()
    page.check("#id_confirm_early_close")
    page.get_by_role("button", name="Save schedule").click()
    page.wait_for_url(re.compile(rf"/organizer/editions/{year}/$"))

    # Screen each proposal from the cockpit's next action until none awaits.
    for number in range(3):
        press_next(page, cockpit, "Administrative screening", r"/organizer/screening/")
        page.get_by_role("link", name=f"Inovasi Kokpit {number}", exact=True).click()
        page.wait_for_url(re.compile(r"/organizer/screening/\d+/$"))
        page.get_by_role("link", name="Pass", exact=True).click()
        page.wait_for_url(re.compile(r"/pass/$"))
        page.fill("#id_note", "Lengkap.")
        page.get_by_role("button", name="Pass the proposal").click()
        page.wait_for_url(re.compile(r"/organizer/screening/\d+/$"))
    screenshot(page, "cockpit/01-screened")

    # The desk stage holds the passed proposals: assign the panel's judge, then open it, with nothing missing.
    press_next(page, cockpit, "Desk evaluation (Tahap I)", r"/stages/desk/assignments/$")
    page.get_by_role("link", name="Assign judges…").click()
    page.wait_for_url(re.compile(r"/assignments/run/$"))
    page.locator("#confirm-assignment").click()
    page.wait_for_url(re.compile(r"/assignments/result/$"))
    assert Assignment.objects.filter(entry__stage__edition=prepared).count() == 3
    press_next(page, cockpit, "Desk evaluation (Tahap I)", r"/stages/desk/open/$")
    assert page.locator("#order-missing").count() == 0
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
    assert not ActionLog.objects.filter(action_type=ORDER_OVERRIDDEN).exists()
    screenshot(page, "cockpit/03-published")

    # On a phone the cockpit fits the screen.
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
