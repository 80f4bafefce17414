"""Fuzzing the portal's forms (Hypothesis): arbitrary text, numbers, dates, unicode, huge strings and null bytes posted
into the main forms as the role that may use them never yield a 5xx, and a form that is refused changes nothing.

Each form's field names are read from its rendered page, so that every field it shows (hidden ones included, such as
a scoring sheet's version or a formset's management fields) is fuzzed. Values are drawn per field from a mix of
plausible and hostile inputs; a field is sometimes left out or given several values.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from competitions.enums import GroupKind, StageKind
from competitions.models import Agency, Criterion, Edition, Phase
from judging import services as judging_services
from judging.models import Assignment, Score, ScoreSheet
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal, ProposalSectionText
from proposals.uploads import AttachmentKind
from publication.models import Objection
from publication.objections import services as objections
from tests import factories
from tests.conftest import logged_in_client
from tests.proposals.conftest import DURING_SUBMISSION, frozen_now, open_edition  # noqa: F401 (fixtures)

# Deterministic by default (the same examples on every run, so the suite never flakes). To hunt for more, draw new
# examples: `FUZZ_RANDOM=1 FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/test_fuzz_forms.py`.
FUZZ = hypothesis_settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Fields of the page's chrome (language switch), not of the form under test.
CHROME_FIELDS = {"csrfmiddlewaretoken", "language", "next"}
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*?\bname="([^"]+)"', re.S)

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "-0.0",
    "99999999999999999999999999",
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "31/12/2026",
    "2026-13-01T25:61",
    "null",
    "None",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "\u202e\u0000\ufeff",
    "🙂" * 50,
    "ꦗꦮ",
    "x" * 300_000,  # huge
]

scalar = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(max_size=10).map(lambda text: f"{text}\x00{text}"),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=0, max_value=120).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.integers(min_value=200, max_value=4_000).map(lambda n: "kata " * n),  # long (up to 20 kB)
)
field_value = st.one_of(scalar, scalar, scalar, st.lists(scalar, min_size=2, max_size=3))


_FIELDS: dict[str, list[str]] = {}


@pytest.fixture(autouse=True)
def _fresh_field_names():
    """Field names are read once per test (a valid example may change what the page shows afterwards)."""
    _FIELDS.clear()
    yield
    _FIELDS.clear()


def form_fields(client, url: str) -> list[str]:
    if url not in _FIELDS:
        response = client.get(url)
        assert response.status_code == 200, url
        names = sorted(set(FIELD_NAME.findall(response.content.decode())) - CHROME_FIELDS)
        assert names, f"no form fields found on {url}"
        _FIELDS[url] = names
    return _FIELDS[url]


def payloads(names: list[str]):
    """A value (or several) for each field; any field may be left out."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, field_value))


def assert_no_server_error(response, where: str):
    assert response.status_code < 500, f"{where} answered {response.status_code}"


def post_checked(client, url: str, data: dict, snapshot):
    """POST `data`; never a 5xx; when the form is refused (anything but a redirect), nothing changed."""
    before = snapshot()
    response = client.post(url, data)
    assert_no_server_error(response, url)
    if response.status_code != 302 and not saved_with_warning(response):
        assert snapshot() == before, f"refused POST to {url} changed data"
    return response


def saved_with_warning(response) -> bool:
    """A draft step over its word limit is saved and shown again with a warning (by design)."""
    return any(message.level == messages.WARNING for message in (response.context or {}).get("messages", []))


def rows(queryset) -> list[dict]:
    return list(queryset.order_by("pk").values())


# --- Agency admin: the proposal form's basics and narrative steps ----------------------------------------------------


@pytest.fixture
def draft(open_edition, agency, frozen_now):  # noqa: F811 (fixtures imported above)
    return factories.ProposalFactory(edition=open_edition, agency=agency, complete=True, with_attachments=False)


@pytest.fixture
def proposal_snapshot(draft):
    return lambda: (rows(Proposal.objects.all()), rows(ProposalSectionText.objects.all()))


@pytest.mark.parametrize("step", ["basics", "narrative"])
@FUZZ
@given(data=st.data())
def test_fuzz_proposal_steps_never_fail(agency_client, draft, proposal_snapshot, step, data):
    url = reverse("proposals:edit_step", args=[draft.pk, step])
    names = form_fields(agency_client, url)

    post_checked(agency_client, url, data.draw(payloads(names)), proposal_snapshot)


@FUZZ
@given(data=st.data())
def test_fuzz_proposal_create_never_fails(agency_client, open_edition, frozen_now, data):  # noqa: F811
    url = reverse("proposals:create")
    names = form_fields(agency_client, url)

    post_checked(agency_client, url, data.draw(payloads(names)), lambda: rows(Proposal.objects.all()))


# --- Agency admin: uploads -------------------------------------------------------------------------------------------

upload_bytes = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=2048).map(lambda tail: b"%PDF-1.4\n" + tail),
    st.binary(max_size=2048).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),
    st.binary(max_size=2048).map(lambda tail: b"\xff\xd8\xff\xe0" + tail),
)
upload_name = st.tuples(
    st.text(min_size=0, max_size=30).filter(lambda name: "\x00" not in name and "/" not in name and "\\" not in name),
    st.sampled_from([".pdf", ".png", ".jpg", ".PDF", ".jpeg", ".pdf.exe", ""]),
).map("".join)


@FUZZ
@given(content=upload_bytes, name=upload_name, kind=st.sampled_from(["service_standard", AttachmentKind.PHOTO]))
def test_fuzz_uploads_of_random_bytes_never_fail_and_store_nothing(agency_client, draft, content, name, kind):
    url = reverse("proposals:attachment_upload", args=[draft.pk, kind])
    upload = SimpleUploadedFile(name or "x", content, content_type="application/pdf")

    response = agency_client.post(url, {f"{kind}-file": upload})

    assert_no_server_error(response, url)
    assert not Attachment.objects.exists()
    root = Path(settings.MEDIA_ROOT) / "attachments"  # the draft's signed declaration is kept beside them
    assert not root.exists() or not [path for path in root.rglob("*") if path.is_file()]


# --- Organizer: screening ---------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(open_edition, agency, agency_admin, frozen_now):  # noqa: F811
    return factories.ProposalFactory(
        edition=open_edition,
        agency=agency,
        complete=True,
        state=ProposalState.SUBMITTED,
        submitted_at=DURING_SUBMISSION,
    )


@pytest.mark.parametrize("decision", ["screening_pass", "screening_return", "screening_reject"])
@FUZZ
@given(data=st.data())
def test_fuzz_screening_decisions_never_fail(organizer_client, submitted, decision, data):
    url = reverse(f"proposals:{decision}", args=[submitted.pk])
    names = form_fields(organizer_client, url)

    post_checked(organizer_client, url, data.draw(payloads(names)), lambda: rows(Proposal.objects.all()))


@FUZZ
@given(data=st.data())
def test_fuzz_screening_list_filters_never_fail(organizer_client, submitted, data):
    url = reverse("proposals:screening_list")
    names = form_fields(organizer_client, url)

    response = organizer_client.get(url, data.draw(payloads(names)))

    assert_no_server_error(response, url)


# --- Judge: the scoring form ------------------------------------------------------------------------------------------


@pytest.fixture
def assignment(edition, organizer):
    stage = edition.stages.get(kind=StageKind.DESK)
    judges = [factories.JudgeFactory(user__username=f"fuzz.judge{n}") for n in range(3)]
    judging_services.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=judges, actor=None)
    judging_services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    factories.StageEntryFactory(stage=stage)
    judging_services.assign_judges(stage, actor=organizer)
    return Assignment.objects.select_related("judge__user").order_by("pk").first()


@FUZZ
@given(data=st.data())
def test_fuzz_scoring_form_never_fails(assignment, data):
    client = logged_in_client(assignment.judge.user)
    url = reverse("judging:score", args=[assignment.entry_id])
    names = form_fields(client, url)

    post_checked(
        client, url, data.draw(payloads(names)), lambda: (rows(ScoreSheet.objects.all()), rows(Score.objects.all()))
    )


# --- Organizer: edition settings, schedule, criteria; agencies ------------------------------------------------------


def edition_snapshot():
    return (rows(Edition.objects.all()), rows(Phase.objects.all()), rows(Criterion.objects.all()))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("competitions:org_edition_edit", [2026]),
        ("competitions:org_edition_schedule", [2026]),
        ("competitions:org_edition_criteria", [2026, StageKind.DESK]),
    ],
)
@FUZZ
@given(data=st.data())
def test_fuzz_organizer_edition_forms_never_fail(organizer_client, edition, name, args, data):
    url = reverse(name, args=args)
    names = form_fields(organizer_client, url)

    post_checked(organizer_client, url, data.draw(payloads(names)), edition_snapshot)


@FUZZ
@given(data=st.data())
def test_fuzz_agency_create_never_fails(organizer_client, data):
    url = reverse("competitions:org_agency_create")
    names = form_fields(organizer_client, url)

    post_checked(organizer_client, url, data.draw(payloads(names)), lambda: rows(Agency.objects.all()))


# --- Anonymous: objections, catalogue search, login -------------------------------------------------------------------


@pytest.fixture
def finalist_row(edition, organizer):
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    factories.StageEntryFactory(stage=stage, proposal__title="Finalis Satu")
    finalist_list = objections.publish_finalists(
        edition, stage=stage, actor=organizer, announcement="SK 1/2026.", override_reason=factories.SKIP_ORDER
    )
    return finalist_list.finalists.get()


@FUZZ
@given(data=st.data())
def test_fuzz_objection_form_never_fails(client, finalist_row, data):
    url = reverse("publication:objection_create", args=[2026, finalist_row.pk])
    names = form_fields(client, url)

    post_checked(client, url, data.draw(payloads(names)), lambda: rows(Objection.objects.all()))


@FUZZ
@given(data=st.data())
def test_fuzz_catalogue_search_never_fails(client, edition, data):
    url = reverse("publication:catalogue")
    names = [*form_fields(client, url), "page", "sort"]

    response = client.get(url, data.draw(payloads(names)))

    assert_no_server_error(response, url)


@FUZZ
@given(data=st.data())
def test_fuzz_login_never_fails_nor_logs_in(client, agency_admin, data):
    url = reverse("login")
    names = form_fields(client, url)

    response = client.post(url, data.draw(payloads(names)))

    assert_no_server_error(response, url)
    assert "_auth_user_id" not in client.session


# --- Found by fuzzing -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["competitions:org_edition_criteria", "competitions:org_edition_categories"])
def test_rows_formset_with_broken_management_form_is_refused_not_a_500(organizer_client, edition, name):
    """A POST without a valid management form used to reach RowsFormSet.clean, whose ordered_forms then raised
    AttributeError (a 500). It is now a form error and nothing changes."""
    args = [2026, StageKind.DESK] if name.endswith("criteria") else [2026]
    before = edition_snapshot(), rows(edition.categories.all())

    response = organizer_client.post(reverse(name, args=args), {"form-TOTAL_FORMS": "x", "form-0-name": "Baru"})

    assert response.status_code == 200
    assert response.context["form"].non_form_errors()
    assert (edition_snapshot(), rows(edition.categories.all())) == before


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x" * 10_000, "🙂\u202e", "' OR 1=1 --"])
def test_search_parameters_with_null_bytes_and_huge_text_never_fail(client, organizer_client, submitted, value):
    """PostgreSQL refuses NUL in string literals: every search box must survive one (and huge or odd text)."""
    for page_client, url in (
        (client, reverse("publication:catalogue")),
        (organizer_client, reverse("proposals:screening_list")),
    ):
        names = form_fields(page_client, url)
        response = page_client.get(url, dict.fromkeys(names, value))
        assert_no_server_error(response, url)
        _FIELDS.clear()
