"""Copying an edition: the form is answered with a preview of everything that will be copied; only the confirm
POST creates the new, hidden edition."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from competitions.enums import AgencyKind, PhaseKind, StageKind
from competitions.models import Criterion, Edition
from competitions.services import set_criteria
from core.models import ActionLog


@pytest.fixture
def client_en(organizer_client):
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


@pytest.fixture
def source(edition, organizer):
    """The 2026 edition with a customised field stage and a quota override, so a copy shows it took them."""
    set_criteria(
        edition.stages.get(kind=StageKind.FIELD),
        criteria=[
            {"name": "Bukti lapangan", "weight": 70, "max_score": 10, "description": "Foto dan dokumen"},
            {"name": "Testimoni", "weight": 30},
        ],
        actor=organizer,
    )
    edition.quotas.create(agency_kind=AgencyKind.BUMD, quota=2)
    return edition


COPY_URL = reverse("competitions:org_edition_copy", args=[2026])
NEW_EDITION = {"year": 2027, "number": 12, "theme": "Inovasi Berkelanjutan"}


def test_copy_form_suggests_the_next_year_and_number(organizer_client, source):
    response = organizer_client.get(COPY_URL)

    form = response.context["form"]
    assert (form["year"].value(), form["number"].value()) == (2027, 12)
    assert "plan" not in response.context


def test_copy_preview_shows_everything_and_creates_nothing(client_en, source):
    logs_before = ActionLog.objects.count()

    response = client_en.get(COPY_URL, NEW_EDITION)

    html = response.content.decode()
    plan = response.context["plan"]
    assert response.status_code == 200
    assert [(kind, start) for kind, start, _end in plan.phases][0] == (PhaseKind.SOCIALIZATION, dt.date(2027, 6, 1))
    assert "1 June 2027" in html and "10 December 2027" in html  # socialization start, awarding end
    assert "Bukti lapangan (70%)" in html
    assert "Regional company (BUMD): 2" in html
    assert "Kesehatan" in html
    assert "Summary: 200" in html
    assert "Confirm: create edition 2027" in html
    assert '<form method="post"' in html
    assert not Edition.objects.filter(year=2027).exists()
    assert ActionLog.objects.count() == logs_before


def test_copy_preview_of_a_taken_year_is_refused_with_a_message(client_en, source):
    Edition.objects.create(year=2027, number=40, theme="Sudah ada")

    response = client_en.get(COPY_URL, NEW_EDITION)

    assert "plan" not in response.context
    assert response.context["form"].errors["year"] == ["An edition for 2027 already exists."]
    assert "An edition for 2027 already exists." in response.content.decode()
    assert Edition.objects.filter(year=2027).get().theme == "Sudah ada"


def test_confirmed_copy_creates_a_hidden_edition_with_shifted_dates_and_the_same_criteria(
    organizer_client, organizer, source
):
    response = organizer_client.post(COPY_URL, NEW_EDITION)

    copy = Edition.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:org_edition_detail", args=[2027])
    assert (copy.number, copy.theme, copy.is_public) == (12, "Inovasi Berkelanjutan", False)
    assert [(p.kind, p.starts_on.replace(year=2026), p.ends_on.replace(year=2026)) for p in copy.ordered_phases] == [
        (p.kind, p.starts_on, p.ends_on) for p in source.ordered_phases
    ]
    assert {p.starts_on.year for p in copy.phases.all()} == {2027}

    def criteria(edition):
        return list(
            Criterion.objects.filter(stage__edition=edition)
            .order_by("stage__kind", "position")
            .values_list("stage__kind", "name", "description", "weight", "max_score", "position")
        )

    assert criteria(copy) == criteria(source)
    assert {s.kind: s.weight for s in copy.stages.all()} == {s.kind: s.weight for s in source.stages.all()}
    assert list(copy.categories.values_list("name", flat=True)) == list(
        source.categories.values_list("name", flat=True)
    )
    assert copy.quota_for(AgencyKind.BUMD) == 2
    assert ActionLog.objects.get(action_type="kovablik.edition.copied").actor == organizer


def test_confirming_a_copy_for_a_year_taken_meanwhile_creates_nothing(client_en, source):
    client_en.get(COPY_URL, NEW_EDITION)  # the preview
    Edition.objects.create(year=2027, number=40, theme="Dibuat orang lain")

    response = client_en.post(COPY_URL, NEW_EDITION)

    assert response.status_code == 200
    assert "An edition for 2027 already exists." in response.content.decode()
    assert Edition.objects.filter(year=2027).get().theme == "Dibuat orang lain"
    assert not ActionLog.objects.filter(action_type="kovablik.edition.copied").exists()


def test_copy_back_link_returns_to_the_filled_in_form(organizer_client, source):
    response = organizer_client.get(COPY_URL, {**NEW_EDITION, "edit": "1"})

    assert "plan" not in response.context
    assert response.context["form"]["theme"].value() == "Inovasi Berkelanjutan"
