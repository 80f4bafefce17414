"""The catalogue on a phone: long award labels wrap instead of pushing the page sideways."""

import pytest

from competitions.enums import GroupKind
from publication.enums import AwardKind
from tests.publication.catalogue_data import award, innovation, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalogue_award_badges_wrap_on_a_phone(browser_page, edition):
    winner = innovation(edition, title="Sekolah Ramah Anak", group=GroupKind.REPLICATION)
    award(winner, kind=AwardKind.SPECIAL, title="Penghargaan Khusus Gubernur untuk Pelayanan Publik Terpadu Desa")
    publish(edition)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/catalogue/")

    assert page.locator("[data-award]").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
