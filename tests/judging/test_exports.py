"""Exports: the ranking and score sheets as CSV and Excel hold the page's numbers; the judge's score sheet is a PDF
that shows the judge's confirmation as minutes. Each file is asked for with a POST, written by a task (the immediate
backend runs it at the commit) and downloaded from the link the Exports page (or the judge's sheet page) shows."""

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.enums import GroupKind, StageKind
from competitions.models import JAKARTA
from core.models import ActionLog
from judging import minutes, services
from judging.audit import SHEETS_CONFIRMED as CONFIRMED
from tests import factories
from tests.conftest import logged_in_client
from tests.judging.ranking_data import judged_desk_stage, score

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def judged(edition):
    return judged_desk_stage(edition)


class Download:
    """A downloaded file: the response's headers and the streamed bytes."""

    def __init__(self, response):
        self.response = response
        self.status_code = response.status_code
        self.content = b"".join(response.streaming_content) if response.streaming else response.content

    def __getitem__(self, header):
        return self.response[header]


def request_file(client, url: str) -> Download:
    """POST for the file as the page's button does, then follow the newest download link on the page it leads to."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    if response.status_code != 302:
        return Download(response)
    page = client.get(response["Location"]).content.decode()
    links = re.findall(r'href="(/exports/\d+/download/)"', page)
    assert links, "the page offers no written file"
    return Download(client.get(links[0]))


def export(client, name, *args, **query):
    url = reverse(name, args=[YEAR, *args])
    return request_file(client, f"{url}?{urlencode(query)}" if query else url)


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def page_numbers(client, view="raw") -> dict[str, str]:
    """Title → raw score as the ranking page shows it (unlocalized data attribute)."""
    html = client.get(reverse("judging:ranking", args=[YEAR, "desk", "umum"]), {"view": view}).content.decode()
    titles = re.findall(r"<strong>(Inovasi E\d)</strong>", html)
    return dict(zip(titles, re.findall(r'data-raw="([^"]*)"', html), strict=True))


def test_ranking_csv_holds_the_numbers_of_the_page(organizer_client, judged):
    response = export(organizer_client, "judging:ranking_export", "desk", "umum", "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ranking-2026-desk-umum-raw.csv"'
    rows = read_csv(response)
    header = list(rows[0])
    title, rank, raw, normalized, spread = header[4], header[0], header[8], header[9], header[11]
    assert {row[title]: float(row[raw]) for row in rows} == {
        title: float(value) for title, value in page_numbers(organizer_client).items()
    }
    assert [(row[title], row[rank]) for row in rows] == [
        ("Inovasi E1", "1"),
        ("Inovasi E3", "2"),
        ("Inovasi E2", "3"),
        ("Inovasi E4", "4"),
    ]
    assert [row[spread] for row in rows] == ["7.07", "8.5", "17.8", "14.34"]
    assert rows[0][normalized] == "71.35"  # 66.67 + 14.04 / 3 (see test_ranking)


def test_ranking_csv_in_the_normalized_view_is_ordered_by_it(organizer_client, judged):
    rows = read_csv(export(organizer_client, "judging:ranking_export", "desk", "umum", "csv", view="normalized"))

    header = list(rows[0])
    assert [row[header[4]] for row in rows] == ["Inovasi E2", "Inovasi E1", "Inovasi E3", "Inovasi E4"]
    assert [row[header[3]] for row in rows][:1] != [""]  # the tie-break rule is named


def test_ranking_xlsx_holds_the_same_numbers_as_the_csv(organizer_client, judged):
    csv_rows = read_csv(export(organizer_client, "judging:ranking_export", "desk", "umum", "csv"))
    response = export(organizer_client, "judging:ranking_export", "desk", "umum", "xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="ranking-2026-desk-umum-raw.xlsx"'
    header, *rows = read_xlsx(response)
    assert header == list(csv_rows[0])
    assert [(row[4], row[8], row[11]) for row in rows] == [
        (row[header[4]], float(row[header[8]]), float(row[header[11]])) for row in csv_rows
    ]
    assert [row[8] for row in rows] == [75.0, 68.33, 65.0, 58.33]


def test_ranking_export_lists_entries_without_a_result_after_the_ranked(organizer_client, judged):
    services.reopen_scores(judged.assignment("J1", "E1").sheet, actor=None, reason="Koreksi")

    header, *rows = read_xlsx(export(organizer_client, "judging:ranking_export", "desk", "umum", "xlsx"))

    assert [(row[0], row[4], row[8], row[15], row[16]) for row in rows] == [
        (1, "Inovasi E3", 68.33, 3, 3),
        (2, "Inovasi E2", 65.0, 3, 3),
        (3, "Inovasi E4", 58.33, 3, 3),
        (None, "Inovasi E1", None, 2, 3),
    ]


def test_score_sheets_export_has_every_judges_values_and_notes(organizer_client, judged):
    assignment = judged.assignment("J3", "E2")
    services.reopen_scores(assignment.sheet, actor=None, reason="Catatan")
    assignment.sheet.refresh_from_db()
    services.record_score(
        assignment,
        values={judged.criteria[0].pk: (100, "Dampak terukur"), judged.criteria[1].pk: (50, "")},
        overall_note="Layak maju",
        version=assignment.sheet.version,
        actor=assignment.judge.user,
        submit=True,
    )

    response = export(organizer_client, "judging:score_sheets_export", "desk", "umum", "csv")

    assert response["Content-Disposition"] == 'attachment; filename="score-sheets-2026-desk-umum.csv"'
    rows = read_csv(response)
    assert len(rows) == 12
    header = list(rows[0])
    j3_e2 = next(row for row in rows if row[header[0]] == "Inovasi E2" and row[header[2]] == "Juri J3")
    assert [j3_e2[name] for name in header[5:]] == ["100", "50", "80.0", "Dampak terukur", "", "Layak maju"]


def test_score_sheets_xlsx_opens_with_the_same_rows(organizer_client, judged):
    header, *rows = read_xlsx(export(organizer_client, "judging:score_sheets_export", "desk", "umum", "xlsx"))

    assert len(rows) == 12
    assert header[5:8] == ["Substansi (60%)", "Penyajian (40%)", header[7]]
    assert sorted(row[7] for row in rows if row[0] == "Inovasi E1") == [65.0, 80.0, 80.0]


def test_final_ranking_export(organizer_client, judged):
    response = export(organizer_client, "judging:final_ranking_export", "umum", "csv")

    assert response["Content-Disposition"] == 'attachment; filename="final-ranking-2026-umum-raw.csv"'
    rows = read_csv(response)
    header = list(rows[0])
    assert [(row[header[3]], row[header[-2]]) for row in rows] == [
        ("Inovasi E1", "75.0"),
        ("Inovasi E3", "68.33"),
        ("Inovasi E2", "65.0"),
        ("Inovasi E4", "58.33"),
    ]


def test_unknown_export_format_is_404(organizer_client, judged):
    assert export(organizer_client, "judging:ranking_export", "desk", "umum", "pdf").status_code == 404


# --- The judge's score sheet as minutes -----------------------------------------------------------------------------


def pdf_of(client, url):
    response = request_file(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    return response


def test_judge_downloads_their_score_sheet_as_a_pdf_with_their_name(judged):
    client = logged_in_client(judged.judges["J1"].user)

    response = pdf_of(client, reverse("judging:my_score_sheet_pdf", args=[YEAR, StageKind.DESK]))

    assert response["Content-Disposition"] == 'attachment; filename="berita-acara-2026-desk-j1.pdf"'
    assert b"Juri J1" in response.content
    # Indonesian whatever the request's language, as the jury's minutes are.
    assert b"Berita acara penilaian" in response.content
    assert b"Belum dikonfirmasi oleh juri." in response.content
    assert b"Inovasi E1" in response.content and b"Inovasi E4" in response.content
    # Short column codes, the criteria named in full in the legend (no header broken inside a word), and the
    # totals written as the rest of the portal writes them in Indonesian.
    assert b"Kriteria: K1 Substansi \\(60%\\); K2 Penyajian \\(40%\\)." in response.content
    assert b"40,00" in response.content and b"40.00" not in response.content


def test_judge_confirms_their_score_sheet_and_the_pdf_shows_it(judged):
    judge = judged.judges["J2"]
    client = logged_in_client(judge.user)
    url = reverse("judging:confirm_score_sheet", args=[YEAR, StageKind.DESK])

    before = client.get(url).content.decode()
    response = client.post(url)
    after_pdf = pdf_of(client, reverse("judging:my_score_sheet_pdf", args=[YEAR, StageKind.DESK])).content

    assert 'class="alert alert-secondary"' in before
    assert response.status_code == 302
    log = ActionLog.objects.get(action_type=CONFIRMED)
    assert (log.actor, log.data["name"], log.data["judge"], log.data["stage"]) == (
        judge.user,
        "Juri J2",
        judge.pk,
        judged.stage.pk,
    )
    when = timezone.localtime(log.timestamp, JAKARTA).strftime("%H.%M").encode()  # Indonesian: 14.30
    assert when in after_pdf
    assert minutes.latest_confirmation(judged.stage, judge).is_current


def test_a_confirmation_goes_out_of_date_when_scores_change(judged):
    judge = judged.judges["J2"]
    minutes.confirm_score_sheet(judged.stage, judge=judge, actor=judge.user)
    services.reopen_scores(judged.assignment("J2", "E1").sheet, actor=None, reason="Koreksi")
    score(judged.assignment("J2", "E1"), {judged.criteria[0].pk: 70, judged.criteria[1].pk: 70})

    confirmation = minutes.latest_confirmation(judged.stage, judge)

    assert confirmation is not None and not confirmation.is_current
    html = logged_in_client(judge.user).get(reverse("judging:confirm_score_sheet", args=[YEAR, "desk"])).content
    assert b'class="alert alert-warning"' in html


def test_confirmation_is_refused_while_a_sheet_is_not_submitted(judged):
    judge = judged.judges["J3"]
    services.reopen_scores(judged.assignment("J3", "E4").sheet, actor=None, reason="Koreksi")

    response = logged_in_client(judge.user).post(reverse("judging:confirm_score_sheet", args=[YEAR, "desk"]))

    assert response.status_code == 302
    assert not ActionLog.objects.filter(action_type=CONFIRMED).exists()


def test_organizer_downloads_any_judges_score_sheet(organizer_client, judged):
    judge = judged.judges["J3"]
    url = reverse("judging:judge_score_sheet_pdf", args=[YEAR, StageKind.DESK, judge.pk])

    response = pdf_of(organizer_client, url)

    assert b"Juri J3" in response.content
    assert response["Content-Disposition"] == 'attachment; filename="berita-acara-2026-desk-j3.pdf"'


def test_score_sheet_pdfs_are_scoped(judged, agency_admin, organizer_client):
    other_judge = judged.judges["J1"]
    outsider = logged_in_client(factories.JudgeFactory(user__username="luar").user)
    organizer_only = reverse("judging:judge_score_sheet_pdf", args=[YEAR, StageKind.DESK, other_judge.pk])
    own = reverse("judging:my_score_sheet_pdf", args=[YEAR, StageKind.DESK])

    # A judge never reaches another judge's sheet; a judge without entries in the stage has no sheet there.
    assert logged_in_client(judged.judges["J2"].user).post(organizer_only).status_code == 403
    assert outsider.post(own).status_code == 404
    assert logged_in_client(agency_admin).post(own).status_code == 403
    assert organizer_client.post(own).status_code == 403
    assert (
        organizer_client.post(
            reverse("judging:judge_score_sheet_pdf", args=[YEAR, StageKind.PRESENTATION, other_judge.pk])
        ).status_code
        == 404
    )


def test_exports_refuse_judges(judged):
    client = logged_in_client(judged.judges["J1"].user)

    for name, args in [
        ("judging:ranking_export", ["desk", GroupKind.GENERAL, "csv"]),
        ("judging:score_sheets_export", ["desk", GroupKind.GENERAL, "xlsx"]),
    ]:
        assert export(client, name, *args).status_code == 403
