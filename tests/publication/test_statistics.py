"""The statistics page: the numbers in its tables equal the data, drafts/withdrawn/hidden editions never count, the
charts are server-drawn SVG with a text alternative and no inline style, and the page costs the same queries at any
size."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from competitions.enums import AgencyKind
from publication.awards import services
from publication.enums import AwardState
from tests import factories
from tests.publication.catalogue_data import award, innovation, many_winners, publish


class TableReader(HTMLParser):
    """Rows of the table with id `table_id` as lists of cell texts (header cells included)."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.section = ""
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif self.inside and self.section == "tbody" and tag == "tr":
            self.rows.append([])
        elif self.inside and self.section == "tbody" and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.inside:
            self.inside = False
        elif self.cell is not None and tag in ("td", "th"):
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response, table_id: str) -> list[list[str]]:
    reader = TableReader(table_id)
    reader.feed(response.content.decode())
    return reader.rows


def statistics_page(client, **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("publication:statistics"), params)


@pytest.fixture
def data(edition):
    """2025 and 2026 entries of two agency kinds in two regions, plus drafts, withdrawals and a hidden edition."""
    older = factories.edition_with_defaults(year=2025)
    hidden = factories.edition_with_defaults(year=2027, is_public=False)
    malang = factories.RegionFactory(name="Kabupaten Malang")
    blitar = factories.RegionFactory(name="Kota Blitar")
    regency = factories.AgencyFactory(name="Pemkab Malang", kind=AgencyKind.REGENCY_CITY, region=malang)
    provincial = factories.AgencyFactory(name="Dinas Provinsi", kind=AgencyKind.PROVINCIAL, region=None)
    bumd = factories.AgencyFactory(name="Bank Daerah", kind=AgencyKind.BUMD, region=blitar)
    submitted = {"state": "submitted"}
    for title in ("A1", "A2", "A3"):
        factories.ProposalFactory(edition=edition, agency=regency, title=title, **submitted)
    factories.ProposalFactory(edition=edition, agency=provincial, title="P1", **submitted)  # province-wide
    factories.ProposalFactory(edition=edition, agency=provincial, title="P2", region=blitar, state="rejected")
    winner = innovation(edition, title="Juara Blitar", agency=bumd)
    award(winner, rank=1)
    second = innovation(edition, title="Juara Malang", agency=regency)
    award(second, rank=2)
    award(second, kind="special", title="Inovasi Favorit")  # two awards, one winning innovation
    award(innovation(edition, title="Dicabut", agency=regency), rank=3, state=AwardState.REVOKED)
    publish(edition)
    factories.ProposalFactory(edition=older, agency=regency, title="Lama", **submitted)
    factories.ProposalFactory(edition=older, agency=bumd, title="Lama BUMD", state="passed")
    # Never counted: drafts, withdrawn proposals, a hidden edition.
    factories.ProposalFactory(edition=edition, agency=regency, title="Draf")
    factories.ProposalFactory(edition=edition, agency=bumd, title="Ditarik", state="withdrawn")
    factories.ProposalFactory(edition=hidden, agency=regency, title="Tersembunyi", **submitted)
    return {"malang": malang, "blitar": blitar}


def test_participation_per_year_equals_the_data(client, data):
    response = statistics_page(client)

    # 2026: A1-A3, P1, P2 (rejected still took part), the two winners and the revoked one; agencies: 3.
    # 2025's results are not published: its figures may still change and say so.
    assert table(response, "table-years") == [["2025 (provisional)", "2", "2"], ["2026", "8", "3"]]


def test_participation_per_agency_kind_equals_the_data(client, data):
    response = statistics_page(client)

    assert table(response, "table-agency-kinds") == [
        ["Regency/city government", "6"],
        ["Regional company (BUMD)", "2"],  # ties in the order of the kind's code
        ["Provincial agency (Perangkat Daerah)", "2"],
    ]


def test_participation_per_region_counts_the_innovations_region_else_its_agencys(client, data):
    response = statistics_page(client, year=2026)

    assert table(response, "table-regions") == [
        ["Kabupaten Malang", "5"],
        ["Kota Blitar", "2"],
        ["Province-wide", "1"],
    ]


def test_winners_per_region_count_innovations_with_a_published_award(client, data):
    response = statistics_page(client)

    assert table(response, "table-winners") == [["Kabupaten Malang", "1"], ["Kota Blitar", "1"]]


def test_statistics_of_one_edition(client, data):
    response = statistics_page(client, year=2025)

    assert table(response, "table-years") == [["2025 (provisional)", "2", "2"], ["2026", "8", "3"]]
    assert "Proposals per kind of agency (2025, provisional)" in response.content.decode()
    assert table(response, "table-agency-kinds") == [
        ["Regional company (BUMD)", "1"],
        ["Regency/city government", "1"],
    ]
    assert table(response, "table-winners") == [["No data yet."]]


def test_unpublished_awards_do_not_count_as_winners(client, edition):
    award(innovation(edition, title="Belum Terbit"), state=AwardState.DRAFT)

    response = statistics_page(client)

    assert response.context["data"].winners_by_region == []
    assert "Belum Terbit" not in response.content.decode()


def test_charts_are_svg_with_a_text_alternative_and_no_inline_style(client, data):
    response = statistics_page(client)
    html = response.content.decode()

    assert html.count("<svg") == 4
    for chart_id in ("chart-years", "chart-agency-kinds", "chart-regions", "chart-winners"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
        assert f'<title id="{chart_id}-title">' in html and f'<desc id="{chart_id}-desc">' in html
    assert "style=" not in html and "<style" not in html
    # Bar widths are plain numbers whatever the language (no decimal comma in an SVG attribute).
    widths = re.findall(r'<rect x="\d+" y="\d+" width="([^"]+)"', html)
    assert widths and all(re.fullmatch(r"\d+(\.\d+)?", width) for width in widths)


def test_the_longest_bar_fills_the_plot_and_the_others_are_proportional(client, data):
    chart = statistics_page(client).context["series"]["years"].chart

    assert [bar.value for bar in chart.bars] == [2, 8]
    assert chart.bars[0].width == pytest.approx(chart.bars[1].width / 4, abs=0.1)


@pytest.mark.parametrize("count", [5, 80])
def test_statistics_queries_do_not_grow(edition, django_assert_num_queries, count):
    many_winners(edition, count)
    client = Client()

    # The editions for the filter, the four aggregates and the editions whose figures are provisional.
    with django_assert_num_queries(6):
        response = client.get(reverse("publication:statistics"))

    assert response.context["data"].years == [{"year": 2026, "proposals": count, "agencies": 1}]


def test_statistics_are_cached_and_winners_follow_a_publication_change(
    client, edition, organizer, django_assert_num_queries
):
    won = award(innovation(edition, title="Juara"), rank=1)
    publish(edition)
    assert len(client.get(reverse("publication:statistics")).context["data"].winners_by_region) == 1

    with django_assert_num_queries(1):  # only the editions of the filter
        client.get(reverse("publication:statistics"))

    services.revoke_award(won, actor=organizer, reason="Data palsu.")

    assert client.get(reverse("publication:statistics")).context["data"].winners_by_region == []
