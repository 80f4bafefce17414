"""Certificates (PDF, Indonesian) and their public verification by code."""

import base64
import re
import zlib

import pytest
from django.core.cache import cache
from django.urls import reverse

from competitions.enums import GroupKind
from publication.awards import services
from publication.models import Award, format_code
from tests import factories


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF's (compressed) content streams."""
    chunks = []
    for stream in re.findall(rb"\bstream\r?\n(.*?)\r?\n?endstream", data, re.S):
        stream = stream.strip()
        if stream.endswith(b"~>"):  # reportlab wraps compressed streams in ASCII85
            stream = base64.a85decode(stream[:-2].replace(b"\n", b""))
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    text = b"".join(chunks).decode("latin-1")
    return " ".join(re.findall(r"\((.*?)\) Tj", text))


def publish(edition, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)


def winner(judged, group=GroupKind.GENERAL, index=0) -> Award:
    return Award.objects.get(proposal=judged[group][index], kind="ranked")


def test_certificate_is_an_indonesian_pdf_naming_the_award_and_its_code(client, edition, judged, organizer):
    publish(edition, organizer)
    award = winner(judged, index=2)

    response = client.get(reverse("publication:certificate", args=[award.verification_code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="piagam-kovablik-2026-{award.verification_code.lower()}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "PIAGAM PENGHARGAAN" in text
    assert "Inovasi Umum 02" in text
    assert "Dinas Inovasi Umum 02" in text
    assert "Top Inovasi Pelayanan Publik Terpuji Kelompok Umum, Peringkat 3" in text
    assert "Tahun 2026" in text
    assert format_code(award.verification_code) in text
    assert f"http://testserver/verify/{award.verification_code}/" in text


def test_certificate_size_shown_on_the_results_page_is_the_downloaded_size(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(
        edition, actor=organizer, site_url="http://testserver", override_reason=factories.SKIP_ORDER
    )
    award = winner(judged)

    size = len(client.get(reverse("publication:certificate", args=[award.verification_code])).content)

    award.refresh_from_db()
    assert award.certificate_size == size
    html = client.get(reverse("publication:results", args=[2026])).content.decode()
    assert f"piagam-kovablik-2026-{award.verification_code.lower()}.pdf" in html


def test_no_certificate_for_a_draft_or_revoked_award(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    draft = winner(judged)
    assert client.get(reverse("publication:certificate", args=[draft.verification_code])).status_code == 404

    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    services.revoke_award(draft, actor=organizer, reason="Dicabut.")

    assert client.get(reverse("publication:certificate", args=[draft.verification_code])).status_code == 404


def test_verify_confirms_who_won_what(client, edition, judged, organizer):
    publish(edition, organizer)
    award = winner(judged, GroupKind.REPLICATION, 1)

    response = client.get(reverse("publication:verify", args=[award.verification_code]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "Inovasi Replikasi 01" in html
    assert "Dinas Inovasi Replikasi 01" in html
    assert "Top Inovasi Pelayanan Publik Terpuji Kelompok Replikasi, Peringkat 2" in html
    assert format_code(award.verification_code) in html
    # The award is stated once, as the certificate words it; in English, translated with the certificate's words.
    award_cell = html.split('id="verify-award">', 1)[1].split("</dd>", 1)[0]
    assert award_cell.count("Replikasi") == 1
    client.cookies["kovablik_language"] = "en"
    english = client.get(reverse("publication:verify", args=[award.verification_code])).content.decode()
    award_cell = english.split('id="verify-award">', 1)[1].split("</dd>", 1)[0]
    assert "On the certificate:" in award_cell and 'lang="id">Top Inovasi Pelayanan Publik Terpuji' in award_cell


def test_verify_a_revoked_award_says_revoked_with_its_date(client, edition, judged, organizer):
    publish(edition, organizer)
    award = winner(judged, GroupKind.SPECIAL)
    services.revoke_award(award, actor=organizer, reason="Alasan internal.")
    award.refresh_from_db()

    response = client.get(reverse("publication:verify", args=[award.verification_code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="revoked"' in html
    assert 'data-status="valid"' not in html
    assert award.revoked_at.strftime("%Y") in html
    assert "Alasan internal" not in html


def test_a_verified_award_is_read_once_and_a_revocation_shows_at_once(
    client, edition, judged, organizer, django_assert_num_queries
):
    publish(edition, organizer)
    award = winner(judged, GroupKind.SPECIAL)
    url = reverse("publication:verify", args=[award.verification_code])
    assert 'data-status="valid"' in client.get(url).content.decode()

    with django_assert_num_queries(0):  # the award comes from the public cache
        assert 'data-status="valid"' in client.get(url).content.decode()
    services.revoke_award(award, actor=organizer, reason="Alasan internal.")

    assert 'data-status="revoked"' in client.get(url).content.decode()


def test_guessed_codes_do_not_fill_the_cache(client, edition, judged, organizer):
    publish(edition, organizer)
    award = winner(judged, GroupKind.SPECIAL)
    client.get(reverse("publication:verify", args=[award.verification_code]))

    for guess in ("ABCDEFGHJKMNPQRSTUVW", "BCDEFGHJKMNPQRSTUVWX", "CDEFGHJKMNPQRSTUVWXY"):
        assert client.get(reverse("publication:verify", args=[guess])).status_code == 404

    stored = [key for key in cache._cache if "award-by-code" in key]  # LocMemCache's keys, as the tests run it
    assert len(stored) == 1 and award.verification_code in stored[0]


def test_verify_an_unknown_code_is_404_and_reveals_nothing(client, edition, judged, organizer):
    publish(edition, organizer)

    response = client.get(reverse("publication:verify", args=["ABCDEFGHJKMNPQRSTUVW"]))

    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-status="unknown"' in html
    assert "Inovasi" not in html.split('id="main"')[1]


def test_verify_a_draft_or_withdrawn_award_is_unknown(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    award = winner(judged)
    assert client.get(reverse("publication:verify", args=[award.verification_code])).status_code == 404

    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    assert client.get(reverse("publication:verify", args=[award.verification_code])).status_code == 200
    services.unpublish_results(edition, actor=organizer, reason="Koreksi.")

    response = client.get(reverse("publication:verify", args=[award.verification_code]))
    assert response.status_code == 404
    assert "Inovasi Umum 00" not in response.content.decode()


def test_verify_accepts_a_code_typed_with_hyphens_and_lower_case(client, edition, judged, organizer):
    publish(edition, organizer)
    award = winner(judged)
    typed = format_code(award.verification_code).lower()

    response = client.get(reverse("publication:verify_form"), {"code": f" {typed} "})

    assert response.status_code == 302
    assert response["Location"] == reverse("publication:verify", args=[award.verification_code])


def test_verify_form_refuses_a_code_of_the_wrong_length(client):
    response = client.get(reverse("publication:verify_form"), {"code": "ABC-123"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_verify_page_costs_one_query(client, edition, judged, organizer, django_assert_num_queries):
    publish(edition, organizer)
    award = winner(judged)

    with django_assert_num_queries(1):
        response = client.get(reverse("publication:verify", args=[award.verification_code]))

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left inside a transaction
def test_certificates_are_drawn_by_the_worker_not_by_the_request(client, settings, edition, judged, organizer):
    """With the real queue: publishing enqueues the drawing; until the worker runs, the certificate page says it is
    being prepared (202) and draws nothing; after the worker, the stored PDF is served."""
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from publication.awards import queries
    from publication.certificates import services as certificates

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    publish(edition, organizer)
    award = winner(judged)
    url = reverse("publication:certificate", args=[award.verification_code])

    assert DBTaskResult.objects.get().task_path == "publication.certificates.tasks.store_certificates"
    pending = client.get(url)
    assert pending.status_code == 202
    assert pending["Retry-After"] == "10"
    assert certificates.stored_certificate(queries.public_award_by_code(award.verification_code)) is None
    assert client.get(url).status_code == 202
    # Asking twice enqueued one drawing of this certificate, besides the one of the publication.
    assert DBTaskResult.objects.filter(task_path="publication.certificates.tasks.store_certificate").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    award.refresh_from_db()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert award.certificate_size == len(response.content)
