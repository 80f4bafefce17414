"""Dates in messages are written the Indonesian way ("31 Juli 2026"), like the rest of the pages (issue 7, item 4)."""

import datetime as dt

import pytest
from django.urls import reverse

from competitions.enums import PhaseKind
from tests.proposals.conftest import open_edition  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_extended_deadline_is_confirmed_with_an_indonesian_date(organizer_client, open_edition):  # noqa: F811
    url = reverse("proposals:extend_deadline", args=[open_edition.year])
    open_edition.phases.filter(kind=PhaseKind.SCREENING).update(starts_on=dt.date(2026, 8, 10))

    response = organizer_client.post(url, {"new_end_date": "2026-08-03"}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "Pengajuan kini ditutup pada akhir hari 3 Agustus 2026 (WIB)."
    ]
    assert open_edition.phases.get(kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 8, 3)


def test_refused_deadline_names_the_current_one_the_indonesian_way(organizer_client, open_edition):  # noqa: F811
    url = reverse("proposals:extend_deadline", args=[open_edition.year])

    response = organizer_client.post(url, {"new_end_date": "2026-07-20"})

    assert response.status_code == 200
    assert response.context["form"].errors["new_end_date"] == [
        "Hari terakhir yang baru harus setelah hari terakhir saat ini (31 Juli 2026)."
    ]
    assert open_edition.phases.get(kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 7, 31)
