"""Two people on one proposal step in real browsers (issue 16, item 4): the later save is refused with both texts on
the page, and the browser's draft backup of the refused text still works. Chromium via Playwright (tests/browser.py).
"""

import pytest

from competitions.enums import ProposalSection
from tests.browser import another_page, log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = f"#id_{ProposalSection.SUMMARY}"


def test_the_later_of_two_saves_is_refused_and_nothing_typed_is_lost(
    browser_page, live_server, draft_in_open_edition, agency_admin, drafter
):
    draft = draft_in_open_edition
    admin, helper = browser_page, another_page(browser_page, live_server.url)
    log_in(admin, agency_admin.username, PASSWORD)
    log_in(helper, drafter.username, PASSWORD)
    url = f"/proposals/{draft.pk}/edit/narrative/"
    admin.goto(url)
    helper.goto(url)

    helper.fill(SUMMARY, "Ringkasan yang ditulis penyusun.")
    helper.click("button[name=stay]")
    admin.fill(SUMMARY, "Ringkasan yang ditulis admin.")
    admin.click("button[name=stay]")

    assert admin.locator("#stale-notice").is_visible()
    assert admin.input_value(SUMMARY) == "Ringkasan yang ditulis admin."
    assert "Ringkasan yang ditulis penyusun." in admin.locator(f'[data-newer="{ProposalSection.SUMMARY}"]').inner_text()
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == "Ringkasan yang ditulis penyusun."

    # The admin keeps typing on the refused page, then the tab is reloaded before saving: the backup offers it back.
    admin.fill(SUMMARY, "Ringkasan gabungan admin dan penyusun.")
    admin.goto(url)
    admin.get_by_role("button", name="Restore it").click()
    assert admin.input_value(SUMMARY) == "Ringkasan gabungan admin dan penyusun."
    admin.click("button[name=stay]")
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == "Ringkasan gabungan admin dan penyusun."
