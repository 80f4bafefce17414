"""The innovation catalogue: who is in it, search (SQLite fallback and PostgreSQL full text), each filter, the detail
page with its public sections, photos, awards and replication lineage both ways, and 404 for the unpublished."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from competitions.enums import AgencyKind, GroupKind
from core.models import ActionLog
from proposals.models import Proposal, ReplicationSource
from publication.catalogue import services as catalogue
from publication.catalogue.filters import CatalogueFilter
from publication.catalogue.queries import (
    catalogue_list,
    catalogue_proposals,
    catalogue_years,
    search_catalogue,
    uses_full_text_search,
)
from publication.enums import AwardKind, AwardState, NationalOutcome
from publication.models import CatalogueListing, Disqualification, NationalNomination
from tests import factories
from tests.proposals.uploads_samples import jpeg_bytes
from tests.publication.catalogue_data import award, innovation, many_winners, publish


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["innovations"]]


def catalogue_titles(**filters) -> list[str]:
    """The titles the catalogue page lists for these filters (its GET parameters, `region` given as an id)."""
    found = CatalogueFilter(
        {name: str(value) for name, value in filters.items()},
        queryset=catalogue_proposals(),
        years=catalogue_years(),
    )
    return sorted(proposal.title for proposal in catalogue_list(found.qs, text=found.text))


@pytest.fixture
def published(edition):
    """The 2026 edition published: a ranked winner, a named-award winner and a plain passed proposal."""
    winner = innovation(
        edition,
        title="Layanan Kesehatan Keliling",
        sections={"summary": "Mobil puskesmas menjangkau desa terpencil.", "resources": "Anggaran rahasia 2 miliar."},
    )
    award(winner, rank=1)
    named = innovation(edition, title="Sekolah Ramah Anak", group=GroupKind.REPLICATION)
    award(named, kind=AwardKind.SPECIAL, title="Inovasi Favorit")
    innovation(edition, title="Arsip Digital Desa")
    publish(edition)
    return {"winner": winner, "named": named}


# --- Who is in the catalogue -----------------------------------------------------------------------------------------


def test_catalogue_holds_published_winners_and_listed_innovations_only(edition, published, organizer):
    passed = Proposal.objects.get(title="Arsip Digital Desa")
    draft_edition = factories.edition_with_defaults(year=2025)
    award(innovation(draft_edition, title="Draf Belum Terbit"), state=AwardState.DRAFT)
    revoked = innovation(edition, title="Penghargaan Dicabut")
    award(revoked, rank=2, state=AwardState.REVOKED)
    disqualified = innovation(edition, title="Didiskualifikasi")
    award(disqualified, rank=3)
    Disqualification.objects.create(proposal=disqualified, reason="Data palsu.")
    hidden = factories.edition_with_defaults(year=2027, is_public=False)
    CatalogueListing.objects.create(proposal=innovation(hidden, title="Edisi Tersembunyi"))

    assert catalogue_titles() == ["Layanan Kesehatan Keliling", "Sekolah Ramah Anak"]

    catalogue.list_in_catalogue(passed, actor=organizer)

    assert catalogue_titles() == ["Arsip Digital Desa", "Layanan Kesehatan Keliling", "Sekolah Ramah Anak"]


def test_catalogue_page_shows_the_published_innovations_with_their_awards(client, published):
    response = client.get(reverse("publication:catalogue"))

    assert response.status_code == 200
    assert titles(response) == ["Layanan Kesehatan Keliling", "Sekolah Ramah Anak"]
    html = response.content.decode()
    assert 'data-award="ranked"' in html and "Inovasi Favorit" in html
    assert "Arsip Digital Desa" not in html


def test_catalogue_is_empty_before_publication(client, edition):
    award(innovation(edition, title="Belum Diumumkan"))

    response = client.get(reverse("publication:catalogue"))

    assert titles(response) == []
    assert "Belum Diumumkan" not in response.content.decode()


# --- Search ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(edition):
    surabaya = factories.RegionFactory(name="Kota Surabaya")
    agency = factories.AgencyFactory(
        name="Dinas Kependudukan Kota Surabaya", short_name="Dispendukcapil", region=surabaya
    )
    rows = [
        innovation(
            edition, title="Klampid New Generation", agency=agency, sections={"summary": "Akta kelahiran daring."}
        ),
        innovation(edition, title="Posyandu Cerdas", sections={"novelty": "Timbangan pintar untuk balita."}),
        innovation(edition, title="Pasar Digital", sections={"resources": "timbangan gudang"}),
    ]
    for rank, proposal in enumerate(rows, start=1):
        award(proposal, rank=rank)
    publish(edition)
    return rows


def search_titles(text: str, *, full_text: bool) -> list[str]:
    return sorted(p.title for p in search_catalogue(catalogue_proposals(), text, full_text=full_text))


def test_fallback_search_matches_title_agency_region_and_public_sections(searchable):
    assert search_titles("klampid", full_text=False) == ["Klampid New Generation"]
    assert search_titles("dispendukcapil", full_text=False) == ["Klampid New Generation"]
    assert search_titles("surabaya", full_text=False) == ["Klampid New Generation"]
    assert search_titles("TIMBANGAN", full_text=False) == ["Posyandu Cerdas"]  # not the non-public resources section
    assert search_titles("akta daring", full_text=False) == ["Klampid New Generation"]
    assert search_titles("akta posyandu", full_text=False) == []


@pytest.mark.postgres
def test_full_text_search_matches_words_and_ranks_title_matches_first(searchable, edition):
    other = innovation(edition, title="Layanan Akta Cepat", sections={"summary": "Posyandu keliling."})
    award(other, rank=4)

    assert search_titles("timbangan", full_text=True) == ["Posyandu Cerdas"]
    assert search_titles("akta daring", full_text=True) == ["Klampid New Generation"]
    assert search_titles('"new generation"', full_text=True) == ["Klampid New Generation"]
    assert search_titles("akta -daring", full_text=True) == ["Layanan Akta Cepat"]
    ranked = [p.title for p in catalogue_list(text="posyandu")]
    assert ranked == ["Posyandu Cerdas", "Layanan Akta Cepat"]


def test_search_on_the_page_finds_by_a_word_of_the_title(client, searchable):
    response = client.get(reverse("publication:catalogue"), {"q": "klampid"})

    assert titles(response) == ["Klampid New Generation"]


# --- Filters ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def varied(edition):
    """Innovations across two years, groups, agency kinds, regions and kinds of award."""
    older = factories.edition_with_defaults(year=2024)
    malang = factories.RegionFactory(name="Kabupaten Malang")
    kediri = factories.RegionFactory(name="Kota Kediri")
    regency = factories.AgencyFactory(name="Pemerintah Kabupaten Malang", kind=AgencyKind.REGENCY_CITY, region=malang)
    provincial = factories.AgencyFactory(name="Dinas Sosial Provinsi", kind=AgencyKind.PROVINCIAL, region=kediri)
    ranked = innovation(edition, title="Umum Malang", agency=regency)
    award(ranked, rank=1)
    named = innovation(edition, title="Replikasi Kediri", agency=provincial, group=GroupKind.REPLICATION, region=kediri)
    award(named, kind=AwardKind.NOMINATION, title="Nominasi Inovasi Digital")
    # Runs in Malang although its agency sits in Kediri.
    old = innovation(older, title="Lama di Malang", agency=provincial, region=malang)
    award(old, rank=1)
    NationalNomination.objects.create(proposal=old, year=2025, outcome=NationalOutcome.TOP_99)
    listed = innovation(edition, title="Terdaftar Saja", agency=provincial)
    CatalogueListing.objects.create(proposal=listed)
    publish(edition)
    publish(older)
    return {"malang": malang, "kediri": kediri}


def test_filter_by_year(varied):
    assert catalogue_titles(year=2024) == ["Lama di Malang"]


def test_filter_by_group(varied):
    assert catalogue_titles(group=GroupKind.REPLICATION) == ["Replikasi Kediri"]


def test_filter_by_agency_kind(varied):
    assert catalogue_titles(agency_kind=AgencyKind.REGENCY_CITY) == ["Umum Malang"]


def test_filter_by_region_uses_the_innovations_region_else_its_agencys(varied):
    assert catalogue_titles(region=varied["malang"].pk) == ["Lama di Malang", "Umum Malang"]
    assert catalogue_titles(region=varied["kediri"].pk) == ["Replikasi Kediri", "Terdaftar Saja"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ranked", ["Lama di Malang", "Umum Malang"]),
        ("named", ["Replikasi Kediri"]),
        ("national", ["Lama di Malang"]),
        ("listed", ["Terdaftar Saja"]),
    ],
)
def test_filter_by_award(varied, value, expected):
    assert catalogue_titles(award=value) == expected


def test_filters_combine_on_the_page(client, varied):
    response = client.get(
        reverse("publication:catalogue"), {"year": "2026", "region": varied["malang"].pk, "award": "ranked"}
    )

    assert titles(response) == ["Umum Malang"]


def test_invalid_filter_values_are_ignored(client, varied):
    response = client.get(reverse("publication:catalogue"), {"year": "1999", "group": "nope"})

    assert sorted(titles(response)) == ["Lama di Malang", "Replikasi Kediri", "Terdaftar Saja", "Umum Malang"]


def test_catalogue_is_paginated(client, edition):
    many_winners(edition, 25)

    first = client.get(reverse("publication:catalogue"))
    second = client.get(reverse("publication:catalogue"), {"page": 2})

    assert (len(titles(first)), len(titles(second))) == (20, 5)
    assert first.context["page_obj"].paginator.count == 25
    assert set(titles(first)).isdisjoint(titles(second))


# --- The innovation's page -------------------------------------------------------------------------------------------


def test_detail_shows_public_sections_video_awards_national_track_and_contact(client, edition, published, agency_admin):
    winner = published["winner"]
    Proposal.objects.filter(pk=winner.pk).update(video_url="https://video.example.org/kesehatan")
    NationalNomination.objects.create(proposal=winner, year=2026, outcome=NationalOutcome.TOP_45)
    catalogue.update_card(
        winner, actor=None, status="active", contact_email="inovasi@dinkes.example.org", contact_phone="0315550000"
    )

    response = client.get(reverse("publication:catalogue_detail", args=[winner.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mobil puskesmas menjangkau desa terpencil." in html
    assert "Anggaran rahasia" not in html  # the resources section stays with the jury
    assert "https://video.example.org/kesehatan" in html
    assert 'data-award="ranked"' in html and 'data-national="top_45"' in html
    # Stored as +62315550000, shown as East Javans write a Surabaya number, and dialled with a tap.
    assert "inovasi@dinkes.example.org" in html and '<a href="tel:+62315550000">(031) 5550000</a>' in html
    assert "siti@example.org" not in html  # the innovator's own contact is not published


@pytest.mark.parametrize("case", ["passed_only", "draft_award", "hidden_edition", "disqualified", "revoked", "unknown"])
def test_detail_of_an_unpublished_innovation_is_404(client, edition, published, case):
    proposal = Proposal.objects.get(title="Arsip Digital Desa")
    if case == "draft_award":
        other = factories.edition_with_defaults(year=2025)
        proposal = innovation(other, title="Draf")
        award(proposal, state=AwardState.DRAFT)
    elif case == "hidden_edition":
        hidden = factories.edition_with_defaults(year=2027, is_public=False)
        proposal = innovation(hidden, title="Tersembunyi")
        award(proposal)
        publish(hidden)
    elif case == "disqualified":
        proposal = published["winner"]
        Disqualification.objects.create(proposal=proposal, reason="Data palsu.")
    elif case == "revoked":
        proposal = published["named"]
        proposal.awards.update(state=AwardState.REVOKED, revoked_reason="Dicabut.")
    pk = 999_999 if case == "unknown" else proposal.pk

    response = client.get(reverse("publication:catalogue_detail", args=[pk]))

    assert response.status_code == 404
    assert proposal.title not in response.content.decode()


def test_photos_of_a_published_innovation_are_public_and_its_other_files_are_not(client, edition, published):
    winner = published["winner"]
    photo = factories.AttachmentFactory(proposal=winner, kind="photo", content=jpeg_bytes(), file_type="jpeg")
    decree = factories.AttachmentFactory(proposal=winner, kind="initiator_decree")
    hidden_photo = factories.AttachmentFactory(
        proposal=Proposal.objects.get(title="Arsip Digital Desa"), kind="photo", content=jpeg_bytes(), file_type="jpeg"
    )

    page = client.get(reverse("publication:catalogue_detail", args=[winner.pk])).content.decode()
    photo_url = reverse("proposals:attachment_download", args=[winner.pk, photo.pk])

    assert f'src="{photo_url}"' in page
    response = client.get(photo_url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert client.get(reverse("proposals:attachment_download", args=[winner.pk, decree.pk])).status_code == 404
    hidden_url = reverse("proposals:attachment_download", args=[hidden_photo.proposal_id, hidden_photo.pk])
    assert client.get(hidden_url).status_code == 404


def test_lineage_both_ways(client, edition):
    older = factories.edition_with_defaults(year=2024)
    source = innovation(older, title="Inovasi Asal Surabaya")
    award(source)
    publish(older)
    replication = innovation(
        edition,
        title="Replikasi di Gresik",
        group=GroupKind.REPLICATION,
        replicates=[source, {"title": "Dokter Keliling", "agency": "Pemkab Banyuwangi", "year": 2019}],
        replication_adaptation="Disesuaikan untuk desa pesisir.",
    )
    award(replication)
    unpublished_replication = innovation(
        edition, title="Replikasi Belum Terbit", group=GroupKind.REPLICATION, replicates=[source]
    )
    publish(edition)

    source_page = client.get(reverse("publication:catalogue_detail", args=[source.pk]))
    replication_page = client.get(reverse("publication:catalogue_detail", args=[replication.pk]))

    assert [p.title for p in source_page.context["entry"].lineage.replications] == ["Replikasi di Gresik"]
    assert reverse("publication:catalogue_detail", args=[replication.pk]) in source_page.content.decode()
    assert unpublished_replication.title not in source_page.content.decode()
    lineage = replication_page.context["entry"].lineage
    named = [(row.display_title, bool(row.in_catalogue)) for row in lineage.sources]
    assert named == [("Inovasi Asal Surabaya", True), ("Dokter Keliling", False)]
    html = replication_page.content.decode()
    assert reverse("publication:catalogue_detail", args=[source.pk]) in html
    assert "Disesuaikan untuk desa pesisir." in html


def test_lineage_names_an_unpublished_or_outside_source_without_a_link(client, edition):
    older = factories.edition_with_defaults(year=2024)
    source = innovation(older, title="Sumber Tak Terbit")
    described = innovation(
        edition,
        title="Replikasi Sumber Luar",
        group=GroupKind.REPLICATION,
        replicates=[{"title": "Inovasi Kabupaten Banyuwangi", "agency": "Pemkab Banyuwangi", "year": 2019}],
    )
    linked = innovation(edition, title="Replikasi Sumber Tak Terbit", group=GroupKind.REPLICATION, replicates=[source])
    award(described, rank=1)
    award(linked, rank=2)
    publish(edition)

    described_page = client.get(reverse("publication:catalogue_detail", args=[described.pk])).content.decode()
    linked_page = client.get(reverse("publication:catalogue_detail", args=[linked.pk])).content.decode()

    assert "Inovasi Kabupaten Banyuwangi" in described_page and "Pemkab Banyuwangi" in described_page
    assert "Sumber Tak Terbit" in linked_page
    assert reverse("publication:catalogue_detail", args=[source.pk]) not in linked_page


# --- Query counts and caching ----------------------------------------------------------------------------------------

# Uncached: the years for the filter, the count, the page's rows, their awards, the regions of the filter form.
LIST_QUERIES = 5
# Uncached: the innovation with its card annotations, then its sections, photos, awards, card updates, the
# innovations it replicates and those that replicate it.
DETAIL_QUERIES = 7


# A full-text search (PostgreSQL) also looks for innovations without a stored search document (1 query), and the
# first search after a publication builds them: their rows, their sections, one insert and one vector update.
SEARCH_DOCUMENT_CHECK = 1
SEARCH_DOCUMENT_BUILD = 3


@pytest.mark.parametrize("count", [5, 60])
def test_catalogue_list_queries_do_not_grow(edition, django_assert_num_queries, count):
    many_winners(edition, count)
    client = Client()
    full_text = uses_full_text_search()
    first_search = LIST_QUERIES + (SEARCH_DOCUMENT_CHECK + SEARCH_DOCUMENT_BUILD if full_text else 0)
    # Another search: the filter's years are cached by now, the documents stored.
    later_search = LIST_QUERIES - 1 + (SEARCH_DOCUMENT_CHECK if full_text else 0)

    with django_assert_num_queries(first_search):
        response = client.get(reverse("publication:catalogue"), {"q": "inovasi"})
    with django_assert_num_queries(later_search):
        client.get(reverse("publication:catalogue"), {"q": "ringkasan"})

    assert response.context["page_obj"].paginator.count == count
    assert len(titles(response)) == min(count, 20)


@pytest.mark.parametrize("count", [5, 60])
def test_catalogue_detail_queries_do_not_grow(edition, django_assert_num_queries, count):
    winners = many_winners(edition, count)
    source = winners[0]
    Proposal.objects.filter(pk__in=[p.pk for p in winners[1:]]).update(group=GroupKind.REPLICATION)
    ReplicationSource.objects.bulk_create(
        ReplicationSource(proposal=proposal, position=1, source=source) for proposal in winners[1:]
    )
    for proposal in winners[: min(count, 10)]:
        catalogue.update_card(proposal, actor=None, status="active", impact="Naik 20%.")
    client = Client()

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("publication:catalogue_detail", args=[source.pk]))

    assert len(response.context["entry"].lineage.replications) == count - 1


def test_catalogue_pages_are_cached_until_the_next_publication_change(
    client, edition, published, organizer, django_assert_num_queries
):
    url = reverse("publication:catalogue")
    client.get(url)
    with django_assert_num_queries(0):  # the rendered content is cached, the filter form's regions with it
        assert titles(client.get(url)) == ["Layanan Kesehatan Keliling", "Sekolah Ramah Anak"]

    catalogue.list_in_catalogue(Proposal.objects.get(title="Arsip Digital Desa"), actor=organizer)

    assert titles(client.get(url)) == ["Arsip Digital Desa", "Layanan Kesehatan Keliling", "Sekolah Ramah Anak"]


# --- Organizers list and unlist --------------------------------------------------------------------------------------


def test_organizer_publishes_an_innovation_in_the_catalogue(organizer_client, organizer, edition, published):
    proposal = Proposal.objects.get(title="Arsip Digital Desa")
    url = reverse("publication:catalogue_list", args=[edition.year, proposal.pk])

    assert organizer_client.get(url).status_code == 200
    response = organizer_client.post(url, {"note": "Finalis yang layak dicontoh."})

    assert response.status_code == 302
    listing = CatalogueListing.objects.get(proposal=proposal)
    assert (listing.listed_by, listing.note) == (organizer, "Finalis yang layak dicontoh.")
    assert ActionLog.objects.filter(action_type="kovablik.catalogue.listed", actor=organizer).count() == 1
    assert Client().get(reverse("publication:catalogue_detail", args=[proposal.pk])).status_code == 200


def test_removing_a_listing_needs_a_reason(organizer_client, organizer, edition, published):
    proposal = Proposal.objects.get(title="Arsip Digital Desa")
    catalogue.list_in_catalogue(proposal, actor=organizer)
    url = reverse("publication:catalogue_unlist", args=[edition.year, proposal.pk])

    refused = organizer_client.post(url, {"reason": ""})
    assert refused.status_code == 200 and CatalogueListing.objects.filter(proposal=proposal).exists()

    organizer_client.post(url, {"reason": "Data belum diverifikasi."})

    assert not CatalogueListing.objects.filter(proposal=proposal).exists()
    log = ActionLog.objects.get(action_type="kovablik.catalogue.unlisted")
    assert log.data["reason"] == "Data belum diverifikasi."
    assert Client().get(reverse("publication:catalogue_detail", args=[proposal.pk])).status_code == 404


def test_listing_a_proposal_that_did_not_pass_screening_is_refused(organizer_client, edition):
    draft = factories.ProposalFactory(edition=edition, title="Masih Draf")

    response = organizer_client.post(reverse("publication:catalogue_list", args=[edition.year, draft.pk]), {})

    assert response.status_code == 404
    assert not CatalogueListing.objects.exists()


def test_listing_pages_are_for_organizers_only(agency_client, client, edition, published):
    proposal = Proposal.objects.get(title="Arsip Digital Desa")
    url = reverse("publication:catalogue_list", args=[edition.year, proposal.pk])

    assert agency_client.get(reverse("publication:catalogue_listings", args=[edition.year])).status_code == 403
    assert agency_client.post(url, {}).status_code == 403
    assert client.post(url, {}).status_code == 302
    assert not CatalogueListing.objects.exists()


def test_listings_page_says_how_each_innovation_is_in_the_catalogue(organizer_client, organizer, edition, published):
    catalogue.list_in_catalogue(Proposal.objects.get(title="Arsip Digital Desa"), actor=organizer)

    response = organizer_client.get(reverse("publication:catalogue_listings", args=[edition.year]))

    rows = [(p.title, p.has_public_award, p.is_listed) for p in response.context["proposals"]]
    assert rows == [  # Umum before Replikasi
        ("Arsip Digital Desa", False, True),
        ("Layanan Kesehatan Keliling", True, False),
        ("Sekolah Ramah Anak", True, False),
    ]
    html = response.content.decode()
    winner = Proposal.objects.get(title="Layanan Kesehatan Keliling")
    # A winner is in the catalogue through its award: no button to publish it again.
    assert reverse("publication:catalogue_list", args=[edition.year, winner.pk]) not in html


def test_empty_catalogue_says_nothing_is_published_yet_and_offers_no_filter_reset(client, edition):
    response = client.get(reverse("publication:catalogue"))

    assert response.context["filtered"] is False
    assert 'class="btn btn-link btn-sm" href="/catalogue/"' not in response.content.decode()
    assert client.get(reverse("publication:catalogue"), {"q": "apa"}).context["filtered"] is True


# --- Cached rendered content -----------------------------------------------------------------------------------------


def test_cached_catalogue_content_is_kept_per_language(client, published):
    url = reverse("publication:catalogue")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(url).content.decode()

    assert "2 inovasi" in indonesian and "2 innovations" in english


def test_cached_innovation_page_shows_the_card_link_only_to_its_agency_admin(client, published):
    winner = published["winner"]
    url = reverse("publication:catalogue_detail", args=[winner.pk])
    admin = factories.MembershipFactory(agency=winner.agency).user
    admin_client = Client()
    admin_client.force_login(admin)
    update = reverse("publication:card_update", args=[winner.pk])

    assert update not in client.get(url).content.decode()  # cached for visitors first
    assert update in admin_client.get(url).content.decode()
    assert update not in client.get(url).content.decode()


def test_cached_results_follow_a_publication_change(client, edition, published, organizer):
    from publication.awards.services import revoke_award

    url = reverse("publication:results", args=[edition.year])

    def main():
        return client.get(url).content.decode().split("<main")[1].split("</main>")[0]

    before = main()
    assert main() == before and "Layanan Kesehatan Keliling" in before

    revoke_award(published["winner"].awards.get(), reason="Data palsu.", actor=organizer)

    assert main() != before
