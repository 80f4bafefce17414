"""The public reads the edition's real phase, from its state and not only from the schedule's dates, and the
statistics do not present an unfinished edition's figures as final."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from judging import services as judging
from publication.awards import services as awards
from publication.cycle.phase import public_phase
from publication.objections import services as objections
from tests import factories
from tests.publication.data import judged_edition

pytestmark = pytest.mark.django_db


def phase_on_pages(client, edition) -> list[str]:
    pages = [client.get(reverse("competitions:home")), client.get(reverse("competitions:edition_detail", args=[2026]))]
    texts = []
    for page in pages:
        html = page.content.decode()
        start = html.index('id="edition-phase"')
        texts.append(html[html.index("<strong>", start) + 8 : html.index("</strong>", start)])
    return texts


def test_registration_then_a_stage_under_way_then_the_objection_period_then_the_results(client, edition, organizer):
    july = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)
    assert public_phase(edition, now=july - dt.timedelta(days=30)) == "Pendaftaran dibuka 15 Juni 2026"
    assert public_phase(edition, now=july) == "Pendaftaran berlangsung sampai 31 Juli 2026"
    assert phase_on_pages(client, edition) == ["Pendaftaran ditutup; seleksi administrasi berlangsung"] * 2

    desk = edition.stages.get(kind=StageKind.DESK)
    factories.StageEntryFactory(stage=desk)
    judging.open_stage(desk, actor=organizer)
    # The home page's fragment is cached: opening the stage renews it.
    assert phase_on_pages(client, edition) == ["Evaluasi proposal (Tahap I) berlangsung"] * 2

    judging.close_stage(desk, actor=organizer)
    assert public_phase(edition) == "Evaluasi proposal (Tahap I) selesai; tahap berikutnya menyusul"


def test_the_objection_period_and_the_announced_results(client, edition, organizer):
    judged_edition(edition)
    desk = edition.stages.get(kind=StageKind.DESK)
    published = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
    objections.publish_finalists(edition, stage=desk, actor=organizer, days=5, now=published)

    assert public_phase(edition, now=published) == "Masa sanggah sampai 9 Oktober 2026"
    assert public_phase(edition) == "Dewan juri menetapkan pemenang"

    awards.prefill_awards(edition, actor=organizer)
    awards.publish_results(edition, actor=organizer)

    assert phase_on_pages(client, edition) == ["Hasil diumumkan"] * 2


def test_statistics_label_an_unpublished_edition_provisional(client, edition, organizer):
    factories.ProposalFactory(edition=edition, state="submitted")
    url = reverse("publication:statistics")

    html = client.get(url).content.decode()
    assert "2026 (sementara)" in html
    assert 'id="provisional-note"' in html

    judged_edition(edition)
    objections.publish_finalists(
        edition,
        stage=edition.stages.get(kind=StageKind.DESK),
        actor=organizer,
        days=1,
        now=timezone.now() - dt.timedelta(days=3),
    )
    awards.prefill_awards(edition, actor=organizer)
    awards.publish_results(edition, actor=organizer)

    html = client.get(url).content.decode()
    assert "2026 (sementara)" not in html
    assert 'id="provisional-note"' not in html
