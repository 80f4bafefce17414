"""Exports run as tasks: asking enqueues, the Exports page shows the file (name, size, time, who asked), a failing
export is retried and then shown failed with a retry, and downloads are scoped to who may see them."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from competitions.models import JAKARTA
from judging import export_jobs
from judging.enums import ExportState
from judging.models import Export
from tests.conftest import logged_in_client
from tests.judging.ranking_data import judged_desk_stage

pytestmark = pytest.mark.django_db

YEAR = 2026


def status(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end: the test client then closes the file
    return response.status_code


@pytest.fixture
def judged(edition):
    return judged_desk_stage(edition)


def test_asking_for_an_export_only_enqueues_with_the_database_backend(settings, organizer_client, judged):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = organizer_client.post(reverse("judging:ranking_export", args=[YEAR, "desk", "umum", "csv"]))

    assert response["Location"] == reverse("judging:exports")
    export = Export.objects.get()
    assert (export.state, export.file_name, export.size) == (ExportState.QUEUED, "", None)
    assert DBTaskResult.objects.get().task_path == "judging.export_jobs.build_export"
    page = organizer_client.get(reverse("judging:exports")).content.decode()
    assert f'data-export="{export.pk}" data-state="queued"' in page
    assert "Dalam antrean" in page
    assert "/download/" not in page


def test_exports_page_shows_name_size_time_and_requester(organizer, organizer_client, judged):
    organizer.first_name, organizer.last_name = "Sari", "Wulandari"
    organizer.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        organizer_client.post(reverse("judging:score_sheets_export", args=[YEAR, "desk", "umum", "xlsx"]))

    export = Export.objects.get()
    page = organizer_client.get(reverse("judging:exports")).content.decode()

    assert export.state == ExportState.DONE
    assert export.file_name == "score-sheets-2026-desk-umum.xlsx"
    assert "score-sheets-2026-desk-umum.xlsx" in page
    assert export.size > 0 and f"{export.size / 1024:.1f}".replace(".", ",") in page  # "6,1 KB" in Indonesian
    assert "Sari Wulandari" in page
    assert export.created_at.astimezone(JAKARTA).strftime("%H.%M") in page  # Indonesian times: 14.30
    assert reverse("judging:export_download", args=[export.pk]) in page


def test_a_failing_export_is_retried_then_failed_and_can_be_asked_again(
    settings, organizer_client, judged, monkeypatch
):
    settings.KOVABLIK_TASK_MAX_ATTEMPTS = 2
    calls = []

    def broken(table):
        calls.append(table)
        raise OSError("No space left on device")

    monkeypatch.setattr("judging.exports.to_csv", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        organizer_client.post(reverse("judging:ranking_export", args=[YEAR, "desk", "umum", "csv"]))

    export = Export.objects.get()
    assert len(calls) == 2
    assert (export.state, export.attempts, export.last_error) == ("failed", 2, "OSError: No space left on device")
    page = organizer_client.get(reverse("judging:exports")).content.decode()
    assert "OSError: No space left on device" in page
    retry_url = reverse("judging:export_retry", args=[export.pk])
    assert retry_url in page

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = organizer_client.post(retry_url)

    export.refresh_from_db()
    assert response["Location"] == reverse("judging:exports")
    assert (export.state, export.attempts, export.file_name) == ("done", 1, "ranking-2026-desk-umum-raw.csv")
    assert export_jobs.write_export(export.pk) == "done"  # a duplicate task writes nothing more
    assert Export.objects.count() == 1


def test_a_judge_downloads_only_the_pdfs_they_asked_for(judged, organizer_client):
    mine, other = judged.judges["J1"], judged.judges["J2"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        logged_in_client(mine.user).post(reverse("judging:my_score_sheet_pdf", args=[YEAR, "desk"]))
    export = Export.objects.get()
    url = reverse("judging:export_download", args=[export.pk])

    assert status(logged_in_client(mine.user), url) == 200
    assert status(logged_in_client(other.user), url) == 404
    assert status(organizer_client, url) == 200
    page = logged_in_client(mine.user).get(reverse("judging:confirm_score_sheet", args=[YEAR, "desk"])).content
    assert url.encode() in page


@pytest.mark.parametrize("count", [1, 12])
def test_exports_page_costs_the_same_queries_at_any_size(
    count, organizer, organizer_client, edition, django_assert_max_num_queries
):
    for index in range(count):
        Export.objects.create(
            edition=edition,
            kind="ranking",
            fmt="csv",
            requested_by=organizer,
            state=ExportState.FAILED if index % 2 else ExportState.QUEUED,
            last_error="OSError: disk full" if index % 2 else "",
        )

    with django_assert_max_num_queries(8):
        response = organizer_client.get(reverse("judging:exports"))

    assert response.content.decode().count('data-export="') == count


def test_exports_page_links_to_the_pages_files_are_asked_from(organizer_client, edition):
    page = organizer_client.get(reverse("judging:exports")).content.decode()

    assert f'href="{reverse("judging:ranking_overview", args=[edition.year])}"' in page
    assert f'href="{reverse("judging:progress", args=[edition.year])}"' in page


# --- Retention ------------------------------------------------------------------------------------------------------


def written_export(client, *, days_ago: int) -> Export:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("judging:ranking_export", args=[YEAR, "desk", "umum", "csv"]))
    export = Export.objects.order_by("-pk").first()
    Export.objects.filter(pk=export.pk).update(finished_at=timezone.now() - dt.timedelta(days=days_ago))
    export.refresh_from_db()
    return export


def remove_old_exports(*args) -> str:
    out = io.StringIO()
    call_command("remove_old_exports", *args, stdout=out)
    return out.getvalue()


def test_export_files_are_deleted_after_the_retention_period_and_can_be_asked_for_again(organizer_client, judged):
    old, recent = written_export(organizer_client, days_ago=15), written_export(organizer_client, days_ago=13)
    old_path, recent_path = Path(old.file.path), Path(recent.file.path)

    output = remove_old_exports()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.file.name, old.file_name) == ("expired", "", "ranking-2026-desk-umum-raw.csv")
    assert not old_path.exists()
    assert recent.state == "done" and recent_path.exists()
    assert "Deleted 1 export files" in output and "ranking-2026-desk-umum-raw.csv" in output
    assert status(organizer_client, reverse("judging:export_download", args=[old.pk])) == 404
    page = organizer_client.get(reverse("judging:exports")).content.decode()
    assert f'data-export="{old.pk}" data-state="expired"' in page
    assert "Berkas dihapus 14 hari setelah dibuat." in page
    retry_url = reverse("judging:export_retry", args=[old.pk])
    assert retry_url in page

    with TestCase.captureOnCommitCallbacks(execute=True):
        organizer_client.post(retry_url)

    old.refresh_from_db()
    assert old.state == "done" and Path(old.file.path).exists()


def test_remove_old_exports_dry_run_and_days(settings, organizer_client, judged):
    export = written_export(organizer_client, days_ago=3)

    assert "Would delete 1 export files" in remove_old_exports("--days", "2", "--dry-run")
    export.refresh_from_db()
    assert export.state == "done" and Path(export.file.path).exists()
    assert "Deleted 0 export files" in remove_old_exports()  # the default keeps 14 days
    settings.KOVABLIK_EXPORT_RETENTION_DAYS = 2
    assert "Deleted 1 export files" in remove_old_exports()
    with pytest.raises(CommandError):
        remove_old_exports("--days", "0")


def test_only_failed_or_removed_exports_can_be_asked_for_again(organizer_client, judged):
    export = written_export(organizer_client, days_ago=0)

    response = organizer_client.post(reverse("judging:export_retry", args=[export.pk]), follow=True)

    assert "Hanya ekspor yang gagal atau sudah dihapus yang dapat diminta lagi." in response.content.decode()
    assert Export.objects.get(pk=export.pk).state == "done"
