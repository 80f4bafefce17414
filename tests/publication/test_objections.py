"""The objection period (masa sanggah): organizers announce the finalists with a window, anyone objects while it is
open (evidence checked, rate-limited per address), organizers answer, and everything stays with the decision."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from core.exceptions import DomainError
from core.models import ActionLog
from judging import services as judging_services
from publication.catalogue.enums import ObjectionOutcome
from publication.models import Finalist, FinalistList, Objection
from publication.objections import services as objections
from tests import factories
from tests.proposals.uploads_samples import exe_bytes, pdf_bytes, upload


@pytest.fixture
def stage(edition):
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    for title in ("Finalis Satu", "Finalis Dua"):
        factories.StageEntryFactory(stage=stage, proposal__title=title)
    desk = edition.stages.get(kind=StageKind.DESK)
    factories.StageEntryFactory(stage=desk, proposal__title="Tidak Lolos")
    judging_services.open_stage(desk, actor=None, override_reason=factories.SKIP_ORDER)
    judging_services.close_stage(desk, actor=None)  # the finalists are announced once their shortlist is final
    return stage


@pytest.fixture
def finalist_list(edition, stage, organizer):
    return objections.publish_finalists(edition, stage=stage, actor=organizer, announcement="SK Nomor 1/2026.")


def finalist(title: str) -> Finalist:
    return Finalist.objects.get(proposal__title=title)


def objection_url(finalist_row) -> str:
    return reverse("publication:objection_create", args=[finalist_row.finalist_list.edition.year, finalist_row.pk])


def objection_data(**extra) -> dict:
    return {"name": "Budi Santoso", "contact": "budi@example.org", "reason": "Inovasi belum berjalan setahun.", **extra}


# --- Announcing the finalists ----------------------------------------------------------------------------------------


def test_finalists_are_the_stage_entries_and_the_window_lasts_the_given_days(edition, stage, organizer):
    published_at = dt.datetime(2026, 9, 7, 10, 0, tzinfo=dt.UTC)  # Monday 17:00 WIB

    finalist_list = objections.publish_finalists(edition, stage=stage, actor=organizer, days=5, now=published_at)

    assert sorted(finalist_list.finalists.values_list("proposal__title", flat=True)) == ["Finalis Dua", "Finalis Satu"]
    assert finalist_list.objections_close_on == dt.date(2026, 9, 11)  # Monday to Friday, inclusive
    assert finalist_list.accepts_objections(dt.datetime(2026, 9, 11, 16, 59, tzinfo=dt.UTC))  # 23:59 WIB
    assert not finalist_list.accepts_objections(dt.datetime(2026, 9, 11, 17, 0, tzinfo=dt.UTC))  # Saturday 00:00 WIB
    log = ActionLog.objects.get(action_type="kovablik.objection.finalists_published")
    assert (log.actor, log.data["days"], log.data["closes_on"]) == (organizer, 5, "2026-09-11")


def test_the_default_window_is_five_days(client, organizer_client, edition, stage):
    page = organizer_client.get(reverse("publication:finalists_publish", args=[edition.year]))
    assert page.context["form"]["days"].value() == 5

    organizer_client.post(reverse("publication:finalists_publish", args=[edition.year]), {"stage": stage.pk, "days": 5})

    finalist_list = FinalistList.objects.get(edition=edition)
    assert finalist_list.objections_close_on - finalist_list.published_at.astimezone(
        dt.timezone(dt.timedelta(hours=7))
    ).date() == dt.timedelta(days=4)


def test_finalists_are_announced_once(edition, stage, finalist_list, organizer):
    with pytest.raises(DomainError):
        objections.publish_finalists(edition, stage=stage, actor=organizer)

    assert FinalistList.objects.count() == 1


def test_a_stage_without_entries_cannot_be_announced(edition, organizer):
    with pytest.raises(DomainError):
        objections.publish_finalists(edition, stage=edition.stages.get(kind=StageKind.FIELD), actor=organizer)

    assert not FinalistList.objects.exists()


def test_public_page_lists_the_finalists_with_objection_links_while_open(client, edition, finalist_list):
    response = client.get(reverse("publication:finalists", args=[edition.year]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Finalis Satu" in html and "Finalis Dua" in html and "Tidak Lolos" not in html
    assert 'data-open="1"' in html
    assert objection_url(finalist("Finalis Satu")) in html
    assert "SK Nomor 1/2026." in html


def test_finalists_page_without_an_announcement_or_of_a_hidden_edition_is_404(client, edition, stage, organizer):
    assert client.get(reverse("publication:finalists", args=[edition.year])).status_code == 404

    objections.publish_finalists(edition, stage=stage, actor=organizer)
    edition.is_public = False
    edition.save(update_fields=["is_public"])

    assert client.get(reverse("publication:finalists", args=[edition.year])).status_code == 404


# --- Filing objections -----------------------------------------------------------------------------------------------


def test_anyone_may_object_while_the_window_is_open(client, finalist_list):
    target = finalist("Finalis Satu")

    response = client.post(objection_url(target), objection_data())

    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.finalist, objection.name, objection.contact, objection.outcome) == (
        target,
        "Budi Santoso",
        "budi@example.org",
        ObjectionOutcome.PENDING,
    )
    assert not objection.evidence
    log = ActionLog.objects.get(action_type="kovablik.objection.filed")
    assert log.data == {"objection": objection.pk, "proposal": target.proposal_id, "evidence": False}
    public_page = client.get(reverse("publication:finalists", args=[finalist_list.edition.year])).content.decode()
    assert "budi@example.org" not in public_page


def test_objections_are_refused_once_the_window_closed(client, edition, stage, organizer):
    objections.publish_finalists(
        edition, stage=stage, actor=organizer, days=5, now=timezone.now() - dt.timedelta(days=6)
    )
    target = finalist("Finalis Satu")

    page = client.get(objection_url(target))
    response = client.post(objection_url(target), objection_data())

    html = page.content.decode()
    assert 'id="objection-closed"' in html and 'enctype="multipart/form-data"' not in html
    assert response.status_code == 302
    assert not Objection.objects.exists()
    finalists_page = client.get(reverse("publication:finalists", args=[edition.year])).content.decode()
    assert 'data-open="0"' in finalists_page and objection_url(target) not in finalists_page


def test_the_service_refuses_a_closed_window(edition, stage, organizer):
    finalist_list = objections.publish_finalists(edition, stage=stage, actor=organizer, days=1)

    with pytest.raises(DomainError):
        objections.file_objection(
            finalist("Finalis Dua"),
            name="A",
            contact="a@example.org",
            reason="B",
            now=finalist_list.objections_close_at(),
        )

    assert not Objection.objects.exists()


def test_an_objection_needs_name_contact_and_reason(client, finalist_list):
    response = client.post(objection_url(finalist("Finalis Satu")), {"name": "", "contact": "", "reason": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "contact", "reason"}
    assert not Objection.objects.exists()


def test_evidence_is_checked_by_content_and_stored_privately(client, organizer_client, agency_client, finalist_list):
    target = finalist("Finalis Satu")

    refused = client.post(objection_url(target), objection_data(evidence=upload("bukti.pdf", exe_bytes())))
    assert refused.status_code == 200 and "evidence" in refused.context["form"].errors
    assert not Objection.objects.exists()

    client.post(objection_url(target), objection_data(evidence=upload("Bukti Lapangan.pdf", pdf_bytes())))

    objection = Objection.objects.get()
    assert objection.evidence.name.startswith("objections/") and objection.evidence.name.endswith(".pdf")
    assert "Bukti" not in objection.evidence.name  # stored under a random name
    assert default_storage.exists(objection.evidence.name)
    assert (objection.evidence_name, objection.evidence_content_type) == ("Bukti Lapangan.pdf", "application/pdf")
    evidence_url = reverse("publication:objection_evidence", args=[objection.pk])
    download = organizer_client.get(evidence_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()
    assert 'filename="Bukti Lapangan.pdf"' in download["Content-Disposition"]
    assert agency_client.get(evidence_url).status_code == 403
    assert Client().get(evidence_url).status_code == 302


def test_evidence_over_the_size_limit_is_refused(client, finalist_list, settings):
    settings.KOVABLIK_UPLOAD_MAX_BYTES = 100

    response = client.post(
        objection_url(finalist("Finalis Satu")), objection_data(evidence=upload("besar.pdf", pdf_bytes()))
    )

    assert [error.code for error in response.context["form"].errors.as_data()["evidence"]] == ["file_too_large"]
    assert not Objection.objects.exists()


def test_one_address_may_file_only_a_few_objections_per_hour(client, finalist_list, settings):
    settings.KOVABLIK_OBJECTIONS_PER_HOUR = 2
    target = finalist("Finalis Dua")

    for _ in range(2):
        assert client.post(objection_url(target), objection_data()).status_code == 302
    refused = client.post(objection_url(target), objection_data())
    other_address = client.post(objection_url(target), objection_data(), REMOTE_ADDR="10.0.0.9")

    assert refused.status_code == 200
    assert [error.code for error in refused.context["form"].non_field_errors().as_data()] == ["rate_limited"]
    assert other_address.status_code == 302
    assert Objection.objects.count() == 3


def test_objecting_to_a_finalist_of_another_edition_is_404(client, finalist_list):
    target = finalist("Finalis Satu")

    response = client.post(reverse("publication:objection_create", args=[2025, target.pk]), objection_data())

    assert response.status_code == 404
    assert not Objection.objects.exists()


# --- Organizers answer -----------------------------------------------------------------------------------------------


def test_organizer_records_a_response_kept_with_the_objection(client, organizer_client, organizer, finalist_list):
    client.post(objection_url(finalist("Finalis Satu")), objection_data())
    objection = Objection.objects.get()
    url = reverse("publication:objection_respond", args=[objection.pk])

    missing = organizer_client.post(url, {"outcome": "dismissed", "response": ""})
    assert missing.status_code == 200 and Objection.objects.get().is_pending

    organizer_client.post(url, {"outcome": "dismissed", "response": "Inovasi berjalan sejak 2023 (bukti SK)."})

    objection.refresh_from_db()
    assert (objection.outcome, objection.response, objection.responded_by) == (
        ObjectionOutcome.DISMISSED,
        "Inovasi berjalan sejak 2023 (bukti SK).",
        organizer,
    )
    log = ActionLog.objects.get(action_type="kovablik.objection.responded")
    assert log.data["before"] == {"outcome": "pending", "response": ""}
    assert log.data["after"] == {"outcome": "dismissed", "response": "Inovasi berjalan sejak 2023 (bukti SK)."}
    page = organizer_client.get(reverse("publication:objections", args=[finalist_list.edition.year]))
    html = page.content.decode()
    assert "Inovasi berjalan sejak 2023 (bukti SK)." in html and "budi@example.org" in html
    assert (page.context["counts"]["total"], page.context["counts"]["pending"]) == (1, 0)


def test_the_service_needs_an_outcome_and_a_response(finalist_list, organizer):
    objection = objections.file_objection(finalist("Finalis Satu"), name="A", contact="a@example.org", reason="B")

    for outcome, response in (("pending", "Dicatat."), ("upheld", "  ")):
        with pytest.raises(DomainError):
            objections.respond_to_objection(objection, outcome=outcome, response=response, actor=organizer)

    assert Objection.objects.get().is_pending


def test_objection_pages_for_organizers_are_organizer_only(client, agency_client, judge_client, finalist_list):
    objection = objections.file_objection(finalist("Finalis Satu"), name="A", contact="a@example.org", reason="B")
    year = finalist_list.edition.year
    urls = [
        reverse("publication:objections", args=[year]),
        reverse("publication:finalists_publish", args=[year]),
        reverse("publication:objection_respond", args=[objection.pk]),
    ]

    for url in urls:
        assert agency_client.get(url).status_code == 403
        assert judge_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    assert agency_client.post(urls[2], {"outcome": "upheld", "response": "x"}).status_code == 403
    assert Objection.objects.get().is_pending


def test_objections_summary_include_links_the_decision_to_its_objections(finalist_list):
    from django.template.loader import render_to_string

    html = render_to_string("publication/objections/_summary.html", {"edition": finalist_list.edition})

    assert reverse("publication:objections", args=[finalist_list.edition.year]) in html
    assert finalist_list.objections_close_on.strftime("%Y") in html


@pytest.mark.parametrize("count", [2, 12])
def test_organizer_objections_page_queries_do_not_grow(
    organizer_client, finalist_list, organizer, django_assert_num_queries, count
):
    for number in range(count):
        objection = objections.file_objection(
            finalist("Finalis Satu" if number % 2 else "Finalis Dua"), name=f"W{number}", contact="w@x.org", reason="R"
        )
        if number % 3 == 0:
            objections.respond_to_objection(objection, outcome="noted", response="Dicatat.", actor=organizer)

    # Session, user, roles; the edition, its finalists list, the objection counts, the page's objection ids and
    # rows, the finalists' count, the page's finalist ids and rows with their counts.
    with django_assert_num_queries(11):
        response = organizer_client.get(reverse("publication:objections", args=[finalist_list.edition.year]))

    assert len(response.context["objections"]) == count
    assert response.context["objections"][0].is_pending


def test_finalists_are_listed_in_the_order_of_the_groups(client, edition, organizer):
    stage = edition.stages.get(kind=StageKind.DESK)
    factories.StageEntryFactory(stage=stage, proposal__title="A Khusus", proposal__group="khusus")
    factories.StageEntryFactory(stage=stage, proposal__title="B Umum", proposal__group="umum")
    finalist_list = objections.publish_finalists(edition, stage=stage, actor=organizer)

    assert [f.proposal.title for f in objections.public_finalists(finalist_list)] == ["B Umum", "A Khusus"]


def test_cached_finalists_page_follows_the_end_of_the_objection_period(client, edition, finalist_list):
    url = reverse("publication:finalists", args=[edition.year])
    target = objection_url(finalist("Finalis Satu"))
    assert target in client.get(url).content.decode()  # rendered and kept while the period is open

    FinalistList.objects.filter(pk=finalist_list.pk).update(
        objections_close_on=timezone.localdate() - dt.timedelta(days=1)
    )

    html = client.get(url).content.decode()
    assert 'data-open="0"' in html and target not in html


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_cached_objection_form_speaks_each_language_and_errors_still_show_next_to_their_field(client, finalist_list):
    url = objection_url(finalist("Finalis Satu"))
    first = client.get(url).content.decode()  # the empty form's fields are rendered once per language and kept
    client.cookies["kovablik_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["kovablik_language"] = "id"
    again = client.get(url).content.decode()

    assert without_csrf_token(again) == without_csrf_token(first)
    assert 'for="id_name"' in first and "Nama Anda" in first and "Your name" not in first
    assert 'for="id_name"' in english and "Your name" in english and "Nama Anda" not in english
    refused = client.post(url, {"name": "", "contact": "budi@example.org", "reason": "Alasan."}).content.decode()
    assert 'id="error_1_id_name"' in refused and 'value="budi@example.org"' in refused


# --- The organizers' page by pages -----------------------------------------------------------------------------------


@pytest.fixture
def many_objections(edition, organizer):
    """30 finalists (Umum) and 25 objections against the first, filed a minute apart; every fifth is answered."""
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    for number in range(30):
        factories.StageEntryFactory(stage=stage, proposal__title=f"Finalis {number:02d}", proposal__group="umum")
    finalist_list = objections.publish_finalists(
        edition, stage=stage, actor=organizer, override_reason=factories.SKIP_ORDER
    )
    first = finalist("Finalis 00")
    start = timezone.now() - dt.timedelta(hours=1)
    filed = []
    for number in range(25):
        objection = objections.file_objection(first, name=f"Warga {number:02d}", contact="w@example.org", reason="R")
        Objection.objects.filter(pk=objection.pk).update(filed_at=start + dt.timedelta(minutes=number))
        if number % 5 == 0:
            objections.respond_to_objection(objection, outcome="noted", response="Dicatat.", actor=organizer)
        filed.append(objection)
    return finalist_list, filed


def english_get(client, url, **query):
    """The page as read in English (the messages asserted)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, query)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    return response


def objection_names(response) -> list[str]:
    return re.findall(r"<strong>(Warga \d+)</strong>", response.content.decode())


def finalist_rows(response) -> list[str]:
    return re.findall(r"<td>(Finalis \d+)</td>", response.content.decode())


def test_organizer_page_lists_the_objections_by_pages_awaiting_first(organizer_client, edition, many_objections):
    url = reverse("publication:objections", args=[edition.year])
    pending = [f"Warga {n:02d}" for n in range(25) if n % 5]
    answered = [f"Warga {n:02d}" for n in range(25) if not n % 5]

    first, second = organizer_client.get(url), organizer_client.get(url, {"page": 2})

    assert objection_names(first) == pending
    assert objection_names(second) == answered
    assert 'href="?page=2#objections"' in first.content.decode()


def test_organizer_page_filters_the_objections_by_outcome_and_keeps_the_filter_in_its_links(
    organizer_client, edition, many_objections
):
    url = reverse("publication:objections", args=[edition.year])

    noted = organizer_client.get(url, {"state": "noted", "fpage": 2})
    upheld = organizer_client.get(url, {"state": "upheld"})

    assert objection_names(noted) == [f"Warga {n:02d}" for n in range(0, 25, 5)]
    html = noted.content.decode()
    assert 'href="?state=noted&amp;fpage=1#finalists"' in html  # the finalists' pages keep the filter
    assert 'href="?state=pending&amp;fpage=2#objections"' in html  # the outcome links keep the finalists' page
    assert objection_names(upheld) == []
    assert "No objection has this outcome." in english_get(organizer_client, url, state="upheld").content.decode()


def test_organizer_page_lists_the_finalists_by_pages_with_their_objection_counts(
    organizer_client, edition, many_objections
):
    url = reverse("publication:objections", args=[edition.year])

    first, second = english_get(organizer_client, url), organizer_client.get(url, {"fpage": 2})

    assert finalist_rows(first) == [f"Finalis {n:02d}" for n in range(25)]
    assert finalist_rows(second) == [f"Finalis {n:02d}" for n in range(25, 30)]
    assert "30 finalists of" in first.content.decode()
    assert re.search(r"<td>Finalis 00</td>.*?<td class=\"text-end\">25 ", first.content.decode(), re.S)


@pytest.mark.parametrize(
    "query", [{"page": "abc"}, {"page": "999"}, {"page": "-1"}, {"fpage": "x"}, {"fpage": "0"}, {"state": "bogus"}]
)
def test_organizer_page_survives_bad_page_and_filter_values(organizer_client, edition, many_objections, query):
    response = organizer_client.get(reverse("publication:objections", args=[edition.year]), query)

    assert response.status_code == 200
    assert objection_names(response) and finalist_rows(response)


def test_responding_returns_to_the_page_where_the_objection_now_is(organizer_client, edition, many_objections):
    _finalist_list, filed = many_objections
    objection = filed[24]  # the last one awaiting a response: page 1; answered, it is among the answered on page 2
    url = reverse("publication:objection_respond", args=[objection.pk])

    response = organizer_client.post(url, {"outcome": "dismissed", "response": "Tidak terbukti."})

    assert response.url == reverse("publication:objections", args=[edition.year]) + f"?page=2#objection-{objection.pk}"
    assert "Warga 24" in objection_names(organizer_client.get(response.url.split("#")[0]))
