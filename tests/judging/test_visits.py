"""Field verification: the organizer plans visits to the field stage's entries and publishes the plan; each agency
sees only its own visits; the visiting judges fill the edition's checklist, record testimonies with consent, add
photos (metadata stripped but the time taken, the position for organizers only) and confirm the report, which is
then final; the report is a PDF. Every refusal says why and changes nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from competitions.enums import StageKind
from core.exceptions import DomainError
from core.models import MailDelivery
from judging import models
from judging import services as judging
from judging.models import (
    ChecklistAnswer,
    ChecklistItem,
    ConflictDeclaration,
    FieldVisit,
    VisitConfirmation,
    VisitPhoto,
)
from judging.schedule.filling import JAKARTA
from judging.visits import services as visits
from judging.visits.photos import clean_visit_photo
from tests import factories
from tests.conftest import logged_in_client
from tests.proposals import uploads_samples as samples

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def field(edition):
    return edition.stages.get(kind=StageKind.FIELD)


@pytest.fixture
def visitors(db):
    return [factories.JudgeFactory(user__username=f"juri.lapangan{n}") for n in range(1, 4)]


@pytest.fixture
def entries(field, agency, other_agency):
    return [
        factories.StageEntryFactory(stage=field, proposal__agency=agency, proposal__title="Inovasi Lapangan A"),
        factories.StageEntryFactory(stage=field, proposal__agency=other_agency, proposal__title="Inovasi Lapangan B"),
    ]


@pytest.fixture
def checklist(edition, organizer):
    return visits.use_default_checklist(edition, actor=organizer)


def plan_for(judges, **changes):
    values = {
        "starts_at": dt.datetime.combine(SOON, dt.time(9), tzinfo=JAKARTA),
        "mode": "on_site",
        "address": "Jl. Ahmad Yani 118, Surabaya",
        "meeting_url": "",
        "judges": judges,
        "contact_name": "Bu Sari",
        "contact_phone": "+6281234567890",
    }
    return visits.VisitPlan(**{**values, **changes})


@pytest.fixture
def planned(entries, visitors, organizer, checklist):
    return [
        visits.plan_visit(entries[0], plan_for(visitors[:2]), actor=organizer),
        visits.plan_visit(entries[1], plan_for(visitors[2:]), actor=organizer),
    ]


@pytest.fixture
def published(planned, field):
    visits.publish_visits(field, actor=None)
    return planned


def plan_url(name="visits", *args):
    return reverse(f"judging:{name}", args=[2026, "field", *args])


def report_post(visit, items, *, version=None, verdict="yes", note="Sesuai", summary="Layanan berjalan baik"):
    data = {"version": visit.version if version is None else version, "summary": summary}
    for item in items:
        data[f"verdict_{item.pk}"] = verdict
        data[f"note_{item.pk}"] = note
    return data


# --- The plan ---------------------------------------------------------------------------------------------------


def test_the_organizer_plans_a_visit_with_the_entrys_judges_preset(
    organizer_client, entries, visitors, field, checklist
):
    judging.assign_judge(entries[0], visitors[0], actor=None)
    url = plan_url("visit_plan", entries[0].pk)
    page = organizer_client.get(url).content.decode()
    assert f'value="{visitors[0].pk}" id="id_judges_0" checked' in page or f'value="{visitors[0].pk}"' in page
    form = organizer_client.get(url).context["form"]
    assert form.initial["judges"] == [visitors[0].pk]

    response = organizer_client.post(
        url,
        {
            "day": SOON.isoformat(),
            "time": "09:30",
            "mode": "on_site",
            "address": "Jl. Ahmad Yani 118, Surabaya",
            "judges": [visitors[0].pk, visitors[1].pk],
            "contact_name": "Bu Sari",
            "contact_phone": "0812-3456-7890",
        },
    )
    assert response.status_code == 302
    visit = FieldVisit.objects.get(entry=entries[0])
    assert timezone.localtime(visit.starts_at).strftime("%H:%M") == "09:30"
    assert visit.contact_phone == "+6281234567890"
    assert set(visit.judges.all()) == {visitors[0], visitors[1]}
    page = organizer_client.get(plan_url()).content.decode()
    assert "Inovasi Lapangan A" in page and "1 dari 2" in page


def test_a_plan_without_its_place_or_with_a_conflicted_judge_is_refused_and_nothing_changes(
    organizer_client, entries, visitors, organizer
):
    url = plan_url("visit_plan", entries[0].pk)
    base = {"day": SOON.isoformat(), "time": "09:00", "judges": [visitors[0].pk]}
    response = organizer_client.post(url, {**base, "mode": "on_site", "address": ""})
    assert response.status_code == 200
    assert "alamat" in str(response.context["form"].errors["address"])
    response = organizer_client.post(url, {**base, "mode": "online", "meeting_url": ""})
    assert "tautan" in str(response.context["form"].errors["meeting_url"])
    response = organizer_client.post(url, {**base, "mode": "on_site", "address": "X", "contact_phone": "12"})
    assert response.context["form"].errors["contact_phone"]

    ConflictDeclaration.objects.create(judge=visitors[0], proposal=entries[0].proposal, reason="Kerabat")
    response = organizer_client.post(url, {**base, "mode": "on_site", "address": "Jl. Pemuda 1"})
    assert response.status_code == 200
    assert str(visitors[0]) in " ".join(response.context["form"].non_field_errors())
    assert not FieldVisit.objects.exists()
    with pytest.raises(DomainError):
        visits.plan_visit(entries[0], plan_for([]), actor=organizer)


def test_only_field_stage_entries_are_visited(edition, visitors, organizer):
    desk_entry = factories.StageEntryFactory(stage=edition.stages.get(kind=StageKind.DESK))
    with pytest.raises(DomainError):
        visits.plan_visit(desk_entry, plan_for(visitors[:1]), actor=organizer)
    assert logged_in_client(organizer).get(reverse("judging:visits", args=[2026, "desk"])).status_code == 404


def test_a_draft_plan_is_hidden_and_the_published_one_shows_each_agency_only_its_own(
    planned, field, agency_client, other_agency_admin, django_capture_on_commit_callbacks
):
    assert "Inovasi Lapangan A" not in agency_client.get(reverse("judging:agency_visits")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert visits.publish_visits(field, actor=None) == 2
        visits.publish_visits(field, actor=None)  # publishing again announces nothing twice
    assert MailDelivery.objects.filter(key__startswith="field-visit:visit_planned").count() == 2

    page = agency_client.get(reverse("judging:agency_visits")).content.decode()
    assert "Inovasi Lapangan A" in page and "Jl. Ahmad Yani 118" in page and "Inovasi Lapangan B" not in page
    other = logged_in_client(other_agency_admin).get(reverse("judging:agency_visits")).content.decode()
    assert "Inovasi Lapangan B" in other and "Inovasi Lapangan A" not in other
    # The report is not the agency's to read.
    assert agency_client.get(reverse("judging:visit_report", args=[planned[0].pk])).status_code == 404


def test_a_changed_visit_mails_its_agency_and_a_cancelled_one_too(
    agency_admin, other_agency_admin, published, entries, visitors, organizer, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        visits.plan_visit(
            entries[0],
            plan_for(visitors[:2], starts_at=dt.datetime.combine(SOON, dt.time(13), tzinfo=JAKARTA)),
            actor=organizer,
        )
    changed = [message for message in mail.outbox if "13.00" in message.body]
    assert changed and "Inovasi Lapangan A" in changed[0].body
    with django_capture_on_commit_callbacks(execute=True):
        visits.cancel_visit(published[1], actor=organizer)
    assert any("Inovasi Lapangan B" in message.body and "dibatalkan" in message.body for message in mail.outbox)
    assert not FieldVisit.objects.filter(pk=published[1].pk).exists()


# --- The checklist ----------------------------------------------------------------------------------------------


def test_the_checklist_starts_from_the_standard_items_and_answered_items_keep_their_wording(
    organizer_client, edition, published, visitors
):
    url = reverse("judging:checklist", args=[2026])
    items = list(ChecklistItem.objects.filter(edition=edition))
    assert len(items) == 4
    assert organizer_client.post(url, {"text": "Dokumen SOP tersedia", "help_text": ""}).status_code == 302
    assert ChecklistItem.objects.filter(edition=edition).count() == 5
    assert organizer_client.post(url, {"text": "dokumen sop tersedia"}).status_code == 200  # the same item twice

    visits.save_report(published[0], answers={items[0].pk: ("yes", "")}, summary="", version=0, actor=visitors[0].user)
    edit = reverse("judging:checklist_item", args=[2026, items[0].pk])
    response = organizer_client.post(edit, {"text": "Kata lain", "help_text": "", "position": 1})
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert organizer_client.post(reverse("judging:checklist_item_remove", args=[2026, items[0].pk])).status_code == 302
    assert ChecklistItem.objects.filter(pk=items[0].pk, text=items[0].text).exists()
    # An unanswered item can go.
    organizer_client.post(reverse("judging:checklist_item_remove", args=[2026, items[3].pk]))
    assert not ChecklistItem.objects.filter(pk=items[3].pk).exists()


# --- The report -------------------------------------------------------------------------------------------------


def test_a_visiting_judge_fills_the_checklist_and_a_stale_save_keeps_their_input(published, visitors, edition):
    visit = published[0]
    items = list(ChecklistItem.objects.filter(edition=edition))
    first, second = logged_in_client(visitors[0].user), logged_in_client(visitors[1].user)
    url = reverse("judging:visit_report", args=[visit.pk])
    page = first.get(url).content.decode()
    assert 'data-offline-key="visit-report-' in page and items[0].text in page

    assert first.post(url, report_post(visit, items, note="Dokumen lengkap")).status_code == 302
    assert ChecklistAnswer.objects.filter(visit=visit, verdict="yes").count() == 4
    response = second.post(url, report_post(visit, items, version=0, verdict="no", note="Catatan juri kedua"))
    assert response.status_code == 200
    assert "juri lain" in response.content.decode().lower() or "Juri lain" in response.content.decode()
    assert "Catatan juri kedua" in response.content.decode()  # the input is shown back, not lost
    assert ChecklistAnswer.objects.filter(visit=visit, verdict="no").count() == 0
    assert response.context["form"].data["version"] == 1


def test_the_report_is_read_by_the_visiting_and_assigned_judges_and_organizers_only(
    published, visitors, organizer_client, field
):
    visit = published[0]
    url = reverse("judging:visit_report", args=[visit.pk])
    outsider = factories.JudgeFactory(user__username="juri.luar")
    assert logged_in_client(outsider.user).get(url).status_code == 404
    assert logged_in_client(visitors[2].user).get(url).status_code == 404  # visits the other entry only
    judging.assign_judge(visit.entry, visitors[2], actor=None)
    judging.open_stage(field, actor=None, override_reason=factories.SKIP_ORDER)
    reader = logged_in_client(visitors[2].user)
    page = reader.get(url).content.decode()
    assert "report-form" not in page  # reads, does not write
    assert reader.post(url, {"version": 0}).status_code == 302
    assert not FieldVisit.objects.get(pk=visit.pk).version
    assert "report-form" not in organizer_client.get(url).content.decode()


def test_a_testimony_needs_consent_and_the_name_is_optional(published, visitors):
    visit = published[0]
    client = logged_in_client(visitors[0].user)
    url = reverse("judging:visit_testimony", args=[visit.pk])
    response = client.post(url, {"statement": "Antrean jadi singkat", "relation": "Pengguna layanan"})
    assert response.status_code == 200 and response.context["form"].errors["consent"]
    assert not models.Testimony.objects.exists()
    assert client.post(url, {"statement": "Antrean jadi singkat", "consent": "on"}).status_code == 302
    testimony = models.Testimony.objects.get()
    assert testimony.consent and testimony.name == ""
    page = client.get(reverse("judging:visit_report", args=[visit.pk])).content.decode()
    assert "Antrean jadi singkat" in page


def test_a_photo_keeps_only_the_time_taken_and_its_position_is_for_organizers(published, visitors, organizer_client):
    visit = published[0]
    client = logged_in_client(visitors[0].user)
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:20 10:15:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (112.0, 45.0, 0.0)})
    photo_bytes = samples.jpeg_bytes(size=(1200, 900), exif=exif)
    url = reverse("judging:visit_photo_add", args=[visit.pk])
    response = client.post(url, {"photo": samples.upload("loket.jpg", photo_bytes), "caption": "Loket pelayanan"})
    assert response.status_code == 302
    photo = VisitPhoto.objects.get()
    assert timezone.localtime(photo.taken_at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 10:15"
    assert str(photo.latitude) == "-7.258333" and str(photo.longitude) == "112.750000"

    stored = client.get(reverse("judging:visit_photo", args=[visit.pk, photo.pk]))
    assert stored["Content-Disposition"].startswith("attachment") and "loket.jpg" in stored["Content-Disposition"]
    image = Image.open(io.BytesIO(b"".join(stored.streaming_content)))
    kept = image.getexif()
    assert 0x010F not in kept and not kept.get_ifd(0x8825)
    assert kept.get_ifd(0x8769)[0x9003] == "2026:11:20 10:15:00"
    thumbnail = client.get(reverse("judging:visit_photo_thumbnail", args=[visit.pk, photo.pk]))
    assert max(Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))).size) == 480

    judge_page = client.get(reverse("judging:visit_report", args=[visit.pk])).content.decode()
    assert "Loket pelayanan" in judge_page and "-7,258333" not in judge_page and "-7.258333" not in judge_page
    organizer_page = organizer_client.get(reverse("judging:visit_report", args=[visit.pk])).content.decode()
    assert "-7,258333" in organizer_page or "-7.258333" in organizer_page
    # Another visit's judge reaches neither the photo nor its thumbnail.
    stranger = logged_in_client(visitors[2].user)
    assert stranger.get(reverse("judging:visit_photo", args=[visit.pk, photo.pk])).status_code == 404
    assert stranger.get(reverse("judging:visit_photo_thumbnail", args=[visit.pk, photo.pk])).status_code == 404
    assert stranger.get(reverse("judging:visit_photo", args=[published[1].pk, photo.pk])).status_code == 404


def test_a_photo_too_large_or_not_an_image_is_refused_next_to_the_field(published, visitors, settings):
    client = logged_in_client(visitors[0].user)
    url = reverse("judging:visit_photo_add", args=[published[0].pk])
    response = client.post(url, {"photo": samples.upload("foto.jpg", samples.exe_bytes())})
    assert response.status_code == 200 and "JPEG" in str(response.context["form"].errors["photo"])
    settings.KOVABLIK_VISIT_PHOTO_MAX_BYTES = 1000
    response = client.post(url, {"photo": samples.upload("foto.jpg", samples.jpeg_bytes(size=(800, 600)))})
    assert "1000" in str(response.context["form"].errors["photo"]).replace(".", "")
    settings.KOVABLIK_VISIT_PHOTO_MAX_BYTES = 8 * 1024 * 1024
    settings.KOVABLIK_VISIT_MAX_PHOTOS = 1
    assert client.post(url, {"photo": samples.upload("a.png", samples.png_bytes())}).status_code == 302
    response = client.post(url, {"photo": samples.upload("b.png", samples.png_bytes())})
    assert response.status_code == 200 and "1" in str(response.context["form"].errors["photo"])
    assert VisitPhoto.objects.count() == 1


def test_every_visiting_judge_confirms_then_the_report_is_final_and_a_change_withdraws_confirmations(
    published, visitors, edition
):
    visit = published[0]
    items = list(ChecklistItem.objects.filter(edition=edition))
    first, second = visitors[0].user, visitors[1].user
    with pytest.raises(DomainError):
        visits.confirm_report(visit, version=0, actor=first)  # nothing written yet
    visit = visits.save_report(visit, answers={items[0].pk: ("yes", "")}, summary="", version=0, actor=first)
    visits.confirm_report(visit, version=visit.version, actor=first)
    assert VisitConfirmation.objects.filter(visit=visit).count() == 1
    visit = visits.save_report(visit, answers={items[1].pk: ("partly", "")}, summary="", version=1, actor=second)
    assert not VisitConfirmation.objects.filter(visit=visit).exists()  # changed after the first confirmed

    with pytest.raises(DomainError):
        visits.confirm_report(visit, version=visit.version - 1, actor=second)
    visits.confirm_report(visit, version=visit.version, actor=second)
    visit = visits.confirm_report(visit, version=visit.version, actor=first)
    assert visit.confirmed_at is not None

    client = logged_in_client(first)
    url = reverse("judging:visit_report", args=[visit.pk])
    assert "report-form" not in client.get(url).content.decode()
    assert client.post(url, report_post(visit, items, verdict="no")).status_code == 302
    assert not ChecklistAnswer.objects.filter(visit=visit, verdict="no").exists()
    with pytest.raises(DomainError):
        visits.record_testimony(visit, name="", relation="", statement="x", consent=True, actor=first)


def test_the_report_pdf_holds_the_checklist_testimonies_and_confirmations(published, visitors, edition):
    visit = published[0]
    items = list(ChecklistItem.objects.filter(edition=edition))
    user = visitors[0].user
    visit = visits.save_report(
        visit, answers={items[0].pk: ("yes", "Bukti sesuai")}, summary="Berjalan baik", version=0, actor=user
    )
    visits.record_testimony(visit, name="", relation="Warga", statement="Sangat membantu", consent=True, actor=user)
    visits.add_photo(
        visit,
        clean_visit_photo(samples.upload("a.jpg", samples.jpeg_bytes(size=(600, 400)))),
        caption="Loket",
        actor=user,
    )
    visit.refresh_from_db()
    visits.confirm_report(visit, version=visit.version, actor=user)
    response = logged_in_client(user).get(reverse("judging:visit_report_pdf", args=[visit.pk]))
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    for text in (b"Bukti sesuai", b"Sangat membantu", b"Berjalan baik", items[0].text.encode()):
        assert text in body
    assert b"/Subtype /Image" in body


def test_the_score_page_of_a_field_entry_sits_beside_its_visit_report(published, visitors, field):
    visit = published[0]
    judging.assign_judge(visit.entry, visitors[0], actor=None)
    judging.open_stage(field, actor=None, override_reason=factories.SKIP_ORDER)
    client = logged_in_client(visitors[0].user)
    page = client.get(reverse("judging:score", args=[visit.entry.pk])).content.decode()
    assert reverse("judging:visit_report", args=[visit.pk]) in page
    report = client.get(reverse("judging:visit_report", args=[visit.pk])).content.decode()
    assert reverse("judging:score", args=[visit.entry.pk]) in report


# --- Constant queries -------------------------------------------------------------------------------------------


def test_the_plan_and_the_judges_visits_keep_their_queries_whatever_the_number_of_visits(
    organizer_client, field, visitors, organizer, checklist, django_assert_max_num_queries
):
    client = logged_in_client(visitors[0].user)

    def grow(count):
        for number in range(count):
            entry = factories.StageEntryFactory(stage=field, proposal__title=f"Inovasi V{number}")
            visits.plan_visit(entry, plan_for(visitors[:2]), actor=organizer)
        visits.publish_visits(field, actor=None)

    grow(2)
    with django_assert_max_num_queries(20) as plan_small:
        organizer_client.get(plan_url())
    with django_assert_max_num_queries(20) as mine_small:
        client.get(reverse("judging:my_visits"))
    grow(20)
    with django_assert_max_num_queries(len(plan_small.captured_queries)):
        organizer_client.get(plan_url())
    with django_assert_max_num_queries(len(mine_small.captured_queries)):
        assert "Inovasi V19" in client.get(reverse("judging:my_visits")).content.decode()


def test_the_cockpit_counts_confirmed_reports_and_names_an_unpublished_plan(planned, edition, field):
    from django.utils import translation

    from publication.cycle.cockpit import build_cockpit

    def field_step():
        with translation.override("en"):
            steps = build_cockpit(edition).steps
        return next(step for step in steps if ("Visit reports confirmed", "0 / 2") in step.counts)

    assert "The field visit plan is not published yet." in [blocker.message for blocker in field_step().blockers]
    visits.publish_visits(field, actor=None)
    assert not [b for b in field_step().blockers if "visit plan" in b.message]
