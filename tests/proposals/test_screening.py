"""Administrative screening: organizers only, the list with filters in constant queries, the checklist page, and
decisions that change state, write history and mail the agency."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.enums import AgencyKind, GroupKind
from proposals.enums import ProposalState
from proposals.models import ProposalStateChange
from tests.conftest import logged_in_client
from tests.factories import AgencyFactory, AttachmentFactory, ProposalFactory, RegionFactory, edition_with_defaults

from .conftest import DURING_SUBMISSION

LIST_URL = reverse("proposals:screening_list")


def submitted(edition, agency, **kwargs):
    kwargs.setdefault("submitted_at", DURING_SUBMISSION)
    kwargs.setdefault("state", ProposalState.SUBMITTED)
    return ProposalFactory(edition=edition, agency=agency, **kwargs)


@pytest.fixture
def english_organizer(organizer):
    client = logged_in_client(organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def entry(open_edition, agency, agency_admin, frozen_now):
    """A complete submitted proposal of the agency (whose admin receives the mails)."""
    return submitted(open_edition, agency, complete=True, title="Layanan Kesehatan Keliling")


def listed_titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["proposals"]]


# --- who may screen ---


SCREENING_PAGES = [
    ("proposals:screening_list", False),
    ("proposals:screening_detail", True),
    ("proposals:screening_pass", True),
    ("proposals:screening_return", True),
    ("proposals:screening_reject", True),
]


@pytest.mark.parametrize(("name", "with_pk"), SCREENING_PAGES)
def test_screening_pages_anonymous_redirected_to_login(client, entry, name, with_pk):
    response = client.get(reverse(name, args=[entry.pk] if with_pk else []))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "with_pk"), SCREENING_PAGES)
@pytest.mark.parametrize("who", ["agency_admin", "drafter", "judge"])
def test_screening_pages_forbidden_to_other_roles(request, entry, name, with_pk, who):
    client = logged_in_client(request.getfixturevalue(who))

    response = client.get(reverse(name, args=[entry.pk] if with_pk else []))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["proposals:screening_pass", "proposals:screening_return", "proposals:screening_reject"]
)
def test_screening_decision_post_by_agency_admin_forbidden_and_changes_nothing(agency_client, entry, name):
    response = agency_client.post(reverse(name, args=[entry.pk]), {"note": "Saya luluskan sendiri"})

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == ProposalState.SUBMITTED
    assert not ProposalStateChange.objects.exists()


# --- the list ---


def test_screening_list_shows_submitted_proposals_of_the_edition_only(organizer_client, open_edition, agency, entry):
    ProposalFactory(edition=open_edition, agency=agency, title="Masih draf")
    ProposalFactory(edition=open_edition, agency=agency, title="Ditarik", state=ProposalState.WITHDRAWN)
    returned = submitted(open_edition, agency, title="Dikembalikan", state=ProposalState.RETURNED)
    older = edition_with_defaults(year=2025)
    submitted(older, agency, title="Tahun lalu")

    response = organizer_client.get(LIST_URL)

    assert response.context["edition"] == open_edition
    # Awaiting a decision first, then the ones screening already handled.
    assert listed_titles(response) == [entry.title, returned.title]
    assert listed_titles(organizer_client.get(LIST_URL, {"edition": 2025})) == ["Tahun lalu"]


def test_screening_list_filters(organizer_client, open_edition, frozen_now):
    malang = RegionFactory(name="Kabupaten Malang")
    bumd = AgencyFactory(name="PT Air Minum Jatim", short_name="PDAM", kind=AgencyKind.BUMD)
    city = AgencyFactory(name="Pemerintah Kota Malang", kind=AgencyKind.REGENCY_CITY, region=malang)
    submitted(open_edition, bumd, title="Meteran Pintar", group=GroupKind.GENERAL)
    submitted(open_edition, city, title="Posyandu Digital", group=GroupKind.REPLICATION)
    submitted(open_edition, bumd, title="Tagihan Daring", group=GroupKind.REPLICATION, state=ProposalState.PASSED)

    def titles(**params):
        return sorted(listed_titles(organizer_client.get(LIST_URL, params)))

    assert titles(group="replikasi") == ["Posyandu Digital", "Tagihan Daring"]
    assert titles(agency_kind="bumd") == ["Meteran Pintar", "Tagihan Daring"]
    assert titles(region=malang.pk) == ["Posyandu Digital"]
    assert titles(state="passed") == ["Tagihan Daring"]
    assert titles(q="pdam") == ["Meteran Pintar", "Tagihan Daring"]
    assert titles(q="posyandu", group="replikasi") == ["Posyandu Digital"]
    assert titles(state="draft") == ["Meteran Pintar", "Posyandu Digital", "Tagihan Daring"]  # invalid: ignored


def test_screening_list_paginates_and_keeps_filters(organizer_client, open_edition, agency, frozen_now):
    for number in range(30):
        submitted(
            open_edition,
            agency,
            title=f"Inovasi {number:02d}",
            submitted_at=DURING_SUBMISSION + dt.timedelta(minutes=number),
        )

    response = organizer_client.get(LIST_URL, {"group": "umum", "page": 2})

    assert listed_titles(response) == [f"Inovasi {number:02d}" for number in range(25, 30)]
    assert response.context["query_string"] == "group=umum"
    assert "?group=umum&amp;page=1" in response.content.decode()


def screening_list_queries(client, count: int, edition) -> int:
    agencies = AgencyFactory.create_batch(3)
    existing = edition.proposals.count()
    for index in range(existing, count):
        proposal = submitted(edition, agencies[index % 3], submitted_at=DURING_SUBMISSION + dt.timedelta(seconds=index))
        if index % 5 == 0:
            AttachmentFactory(proposal=proposal)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.context["proposals"]) == min(count, 25)
    return len(queries)


def test_screening_list_queries_constant_at_10_and_200_proposals(organizer_client, open_edition, frozen_now):
    at_10 = screening_list_queries(organizer_client, 10, open_edition)
    at_200 = screening_list_queries(organizer_client, 200, open_edition)

    assert at_10 == at_200
    assert at_200 <= 10


# --- the checklist page ---


def test_screening_detail_shows_sections_attachments_eligibility_and_quota(
    english_organizer, open_edition, agency, entry
):
    submitted(open_edition, agency, submitted_at=DURING_SUBMISSION - dt.timedelta(days=1))

    response = english_organizer.get(reverse("proposals:screening_detail", args=[entry.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Uraian singkat bagian novelty." in page
    for attachment in entry.attachments.all():
        assert attachment.original_name in page
        assert reverse("proposals:attachment_download", args=[entry.pk, attachment.pk]) in page
    eligibility = response.context["eligibility"]
    assert (eligibility.started_on, eligibility.latest_start, eligibility.months_running) == (
        dt.date(2020, 1, 6),
        dt.date(2025, 8, 1),
        78,
    )
    quota = response.context["quota"]
    assert (quota.position, quota.used, quota.quota, quota.within_quota) == (2, 2, 3, True)
    assert [(item.label, item.ok) for item in response.context["checklist"]] == [
        ("Basic information is complete", True),
        ("Every narrative section is filled in, within its word limit", True),
        ("The required attachments are present", True),
        ("The agency admin signed the truthfulness declaration", True),
        ("The innovation has run long enough", True),
        ("The proposal is within its agency's quota", True),
    ]
    assert response.context["decisions"] == ["pass", "return", "reject"]


def test_screening_detail_flags_missing_attachment_and_late_start(english_organizer, open_edition, agency, entry):
    entry.attachments.filter(kind="complaint_decree").delete()
    entry.implementation_started_on = dt.date(2026, 1, 1)
    entry.save(update_fields=["implementation_started_on"])

    response = english_organizer.get(reverse("proposals:screening_detail", args=[entry.pk]))

    failing = {item.label: item.problems for item in response.context["checklist"] if not item.ok}
    assert failing["The required attachments are present"] == [
        "Complaint-handling decree (SK pengelolaan pengaduan) is missing."
    ]
    assert "The innovation has run long enough" in failing
    assert response.context["eligibility"].months_running == 7


def test_screening_detail_of_a_draft_is_404(organizer_client, open_edition, agency, frozen_now):
    draft = ProposalFactory(edition=open_edition, agency=agency)

    assert organizer_client.get(reverse("proposals:screening_detail", args=[draft.pk])).status_code == 404


# --- decisions ---


def test_pass_confirms_on_get_then_passes_with_history_and_mail(
    organizer, organizer_client, entry, agency_admin, django_capture_on_commit_callbacks
):
    url = reverse("proposals:screening_pass", args=[entry.pk])
    assert organizer_client.get(url).status_code == 200
    entry.refresh_from_db()
    assert entry.state == ProposalState.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(url, {"note": ""})

    assert response.status_code == 302
    assert response.url == reverse("proposals:screening_detail", args=[entry.pk])
    entry.refresh_from_db()
    assert entry.state == ProposalState.PASSED
    change = ProposalStateChange.objects.get(proposal=entry)
    assert (change.from_state, change.to_state, change.actor) == ("submitted", "passed", organizer)
    assert [message.to for message in mail.outbox] == [[agency_admin.email]]
    assert entry.title in mail.outbox[0].body


def test_return_sets_note_and_deadline_and_mails_agency(
    organizer_client, entry, agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("proposals:screening_return", args=[entry.pk]),
            {"note": "Lampirkan SK pengaduan yang ditandatangani.", "revision_deadline": "2026-07-10"},
        )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.state, entry.revision_deadline) == (ProposalState.RETURNED, dt.date(2026, 7, 10))
    change = ProposalStateChange.objects.get(proposal=entry)
    assert change.note == "Lampirkan SK pengaduan yang ditandatangani."
    assert [message.to for message in mail.outbox] == [[agency_admin.email]]
    assert "Lampirkan SK pengaduan yang ditandatangani." in mail.outbox[0].body


def test_return_without_deadline_refused_at_field(english_organizer, entry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = english_organizer.post(
            reverse("proposals:screening_return", args=[entry.pk]), {"note": "Perbaiki.", "revision_deadline": ""}
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {"revision_deadline": ["This field is required."]}
    entry.refresh_from_db()
    assert entry.state == ProposalState.SUBMITTED
    assert mail.outbox == []


def test_return_with_past_deadline_refused_by_service(english_organizer, entry):
    response = english_organizer.post(
        reverse("proposals:screening_return", args=[entry.pk]), {"note": "Perbaiki.", "revision_deadline": "2026-06-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The revision deadline cannot be in the past."]
    entry.refresh_from_db()
    assert entry.state == ProposalState.SUBMITTED


def test_reject_without_reason_refused(english_organizer, entry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = english_organizer.post(reverse("proposals:screening_reject", args=[entry.pk]), {"note": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"note": ["This field is required."]}
    entry.refresh_from_db()
    assert entry.state == ProposalState.SUBMITTED
    assert not ProposalStateChange.objects.exists()
    assert mail.outbox == []


def test_reject_with_reason_rejects_and_mails(
    organizer_client, entry, agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(
            reverse("proposals:screening_reject", args=[entry.pk]), {"note": "Inovasi belum berjalan satu tahun."}
        )

    entry.refresh_from_db()
    assert entry.state == ProposalState.REJECTED
    assert ProposalStateChange.objects.get(proposal=entry).note == "Inovasi belum berjalan satu tahun."
    assert [message.to for message in mail.outbox] == [[agency_admin.email]]


def test_decision_on_passed_proposal_redirects_with_error(organizer_client, open_edition, agency, frozen_now):
    passed = submitted(open_edition, agency, state=ProposalState.PASSED)

    response = organizer_client.post(reverse("proposals:screening_reject", args=[passed.pk]), {"note": "Terlambat."})

    assert response.status_code == 302
    assert response.url == reverse("proposals:screening_detail", args=[passed.pk])
    passed.refresh_from_db()
    assert passed.state == ProposalState.PASSED
    assert not ProposalStateChange.objects.exists()
