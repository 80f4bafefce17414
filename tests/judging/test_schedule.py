"""The presentation schedule: the organizer adds sessions, fills, moves, swaps and publishes; the agency sees only
its own slots, confirms, asks to move and names the days it cannot attend; the judge sees their panels' slots and
calendar. Every refusal says why and changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from competitions.enums import GroupKind, StageKind
from core.exceptions import DomainError
from core.models import MailDelivery
from judging import services as judging
from judging.models import (
    ConflictDeclaration,
    PresentationMaterials,
    PresentationSession,
    PresentationSlot,
    SlotMoveRequest,
    UnavailableDay,
)
from judging.schedule import services as schedule
from judging.schedule.filling import JAKARTA
from tests import factories
from tests.conftest import logged_in_client
from tests.proposals import uploads_samples as samples

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + dt.timedelta(days=10)


def at(hour: int, minute: int = 0, *, day: dt.date = SOON) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


@pytest.fixture
def presentation(edition):
    return edition.stages.get(kind=StageKind.PRESENTATION)


@pytest.fixture
def judges(db):
    return [factories.JudgeFactory(user__username=f"juri.jadwal{n}") for n in range(1, 4)]


@pytest.fixture
def panel(edition, judges):
    return judging.create_panel(edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=judges[:2], actor=None)


@pytest.fixture
def entries(presentation, agency, other_agency):
    return [
        factories.StageEntryFactory(stage=presentation, proposal__agency=agency, proposal__title="Inovasi A1"),
        factories.StageEntryFactory(stage=presentation, proposal__agency=agency, proposal__title="Inovasi A2"),
        factories.StageEntryFactory(stage=presentation, proposal__agency=other_agency, proposal__title="Inovasi B1"),
    ]


def schedule_url(name="schedule", *args):
    return reverse(f"judging:{name}", args=[2026, "presentation", *args])


def slots_by_title(stage):
    return {
        slot.entry.proposal.title: timezone.localtime(slot.starts_at).strftime("%H:%M")
        for slot in PresentationSlot.objects.filter(session__stage=stage).select_related("entry__proposal")
    }


@pytest.fixture
def filled(presentation, panel, entries, organizer):
    session = schedule.create_session(
        presentation,
        panel=panel,
        starts_at=at(8),
        ends_at=at(10),
        meeting_url="https://meet.example/t2",
        actor=organizer,
    )
    schedule.fill(presentation, actor=organizer)
    return session


# --- Organizer --------------------------------------------------------------------------------------------------------


def test_the_organizer_adds_a_session_and_fills_it_with_the_fill_rules(
    organizer_client, presentation, panel, entries, agency
):
    response = organizer_client.post(
        schedule_url(),
        {
            "panel": panel.pk,
            "day": SOON.isoformat(),
            "starts": "08:00",
            "ends": "10:00",
            "meeting_url": "https://meet.example/t2",
        },
    )
    assert response.status_code == 302
    [session] = PresentationSession.objects.all()
    assert (session.starts_at, session.ends_at) == (at(8), at(10))
    UnavailableDay.objects.create(stage=presentation, agency=agency, day=SOON + dt.timedelta(days=1))

    assert "3 proposal tanpa slot" in organizer_client.get(schedule_url("schedule_fill")).content.decode()
    organizer_client.post(schedule_url("schedule_fill"))

    # 7 + 13 minutes and 5 of changeover: 08.00, 08.25, 08.50; the two of agency A never at once.
    assert sorted(slots_by_title(presentation).values()) == ["08:00", "08:25", "08:50"]
    page = organizer_client.get(schedule_url()).content.decode()
    assert "3 dari 3 proposal mendapat slot" in page


def test_a_session_that_overlaps_the_panels_other_session_is_refused(presentation, panel, organizer):
    schedule.create_session(
        presentation, panel=panel, starts_at=at(8), ends_at=at(10), room="Ruang Rapat", actor=organizer
    )

    with pytest.raises(DomainError, match="sudah bersidang"):
        schedule.create_session(presentation, panel=panel, starts_at=at(9), ends_at=at(11), room="R2", actor=organizer)
    with pytest.raises(DomainError, match="paling sedikit satu slot"):
        schedule.create_session(
            presentation, panel=panel, starts_at=at(11), ends_at=at(11, 10), room="R2", actor=organizer
        )

    assert PresentationSession.objects.count() == 1


def test_a_session_form_without_a_place_or_with_an_end_before_its_start_says_so_next_to_the_field(
    organizer_client, panel
):
    response = organizer_client.post(
        schedule_url(), {"panel": panel.pk, "day": SOON.isoformat(), "starts": "10:00", "ends": "09:00"}
    )

    form = response.context["form"]
    assert set(form.errors) == {"ends", "meeting_url"}
    assert not PresentationSession.objects.exists()


def test_the_fill_never_puts_an_entry_before_a_judge_in_conflict(presentation, panel, entries, judges, organizer):
    other_panel = judging.create_panel(
        presentation.edition, name="Panel Dua", groups=[GroupKind.GENERAL], judges=[judges[2]], actor=None
    )
    ConflictDeclaration.objects.create(judge=judges[0], proposal=entries[2].proposal, reason="Mantan atasan.")
    schedule.create_session(presentation, panel=panel, starts_at=at(8), ends_at=at(12), room="R1", actor=organizer)
    schedule.create_session(
        presentation, panel=other_panel, starts_at=at(13), ends_at=at(14), room="R2", actor=organizer
    )

    schedule.fill(presentation, actor=organizer)

    assert PresentationSlot.objects.get(entry=entries[2]).session.panel == other_panel


def test_the_judging_audit_page_tells_the_schedules_story(organizer_client, filled, entries, organizer):
    slot = PresentationSlot.objects.get(entry=entries[0])
    schedule.move_slot(slot, session=filled, starts_at=at(9, 15), actor=organizer, reason="Permintaan panel.")

    page = organizer_client.get(reverse("judging:audit", args=[2026])).content.decode()

    assert "Slot presentasi dipindah" in page and "Jadwal presentasi diisi" in page
    assert "Permintaan panel." in page


def test_moving_a_slot_checks_the_rules_and_a_swap_exchanges_two_times(filled, presentation, entries, organizer):
    first, second, third = (PresentationSlot.objects.get(entry=entry) for entry in entries)

    with pytest.raises(DomainError, match="sudah terisi") as refused:
        schedule.move_slot(first, session=filled, starts_at=second.starts_at, actor=organizer)
    # The two are of one agency: a second panel sitting at the same time would not take it either.
    assert "instansi yang sama" in refused.value.message
    with pytest.raises(DomainError, match="bukan salah satu slot"):
        schedule.move_slot(first, session=filled, starts_at=at(8, 3), actor=organizer)

    free = at(9, 15)
    schedule.move_slot(first, session=filled, starts_at=free, actor=organizer, reason="Permintaan panel.")
    first.refresh_from_db()
    assert first.starts_at == free

    before = {slot.pk: slot.starts_at for slot in (first, third)}
    schedule.swap_slots(first, third, actor=organizer)
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.starts_at, third.starts_at) == (before[third.pk], before[first.pk])


def test_publishing_shows_the_slots_to_agencies_and_mails_each_once(
    organizer_client, filled, presentation, agency_admin, other_agency_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            schedule_url("schedule_publish"), {"move_requests_until": (SOON - dt.timedelta(days=3)).isoformat()}
        )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [agency_admin.email, agency_admin.email, other_agency_admin.email]
    )
    assert "konfirmasi kehadiran" in mail.outbox[0].body
    assert "https://meet.example/t2" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        schedule.publish_schedule(presentation, move_requests_until=None, actor=None)  # again: nothing changed
    assert len(mail.outbox) == 3


# --- Agency -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def published(filled, presentation):
    schedule.publish_schedule(presentation, move_requests_until=SOON - dt.timedelta(days=2), actor=None)
    return filled


def test_an_agency_sees_only_its_own_slots_and_another_agencys_slot_is_a_404(
    agency_client, published, entries, other_agency_admin
):
    page = agency_client.get(reverse("judging:agency_slots")).content.decode()
    assert "Inovasi A1" in page and "Inovasi A2" in page and "Inovasi B1" not in page

    other_slot = PresentationSlot.objects.get(entry=entries[2])
    assert agency_client.get(reverse("judging:agency_slot_confirm", args=[other_slot.pk])).status_code == 404
    assert agency_client.get(reverse("judging:agency_slot_calendar", args=[other_slot.pk])).status_code == 404
    assert (
        agency_client.post(reverse("judging:agency_slot_move", args=[other_slot.pk]), {"reason": "x"}).status_code
        == 404
    )


def test_a_draft_schedule_is_not_shown_to_the_agency(agency_client, filled):
    page = agency_client.get(reverse("judging:agency_slots")).content.decode()

    assert "Inovasi A1" not in page


def test_the_agency_confirms_who_presents_and_whether_the_head_attends(agency_client, published, entries):
    slot = PresentationSlot.objects.get(entry=entries[0])
    url = reverse("judging:agency_slot_confirm", args=[slot.pk])

    refused = agency_client.post(url, {"presenter_name": "", "head_attends": "maybe"})
    assert set(refused.context["form"].errors) == {"presenter_name", "head_attends"}

    agency_client.post(url, {"presenter_name": "dr. Ani, Kabid Pelayanan", "head_attends": "yes"})
    slot.refresh_from_db()
    assert (slot.presenter_name, slot.head_attends, slot.is_confirmed) == ("dr. Ani, Kabid Pelayanan", True, True)


def test_a_drafter_sees_the_slots_but_cannot_answer_for_them(drafter, published, entries):
    client = logged_in_client(drafter)
    slot = PresentationSlot.objects.get(entry=entries[0])

    assert "Inovasi A1" in client.get(reverse("judging:agency_slots")).content.decode()
    assert client.get(reverse("judging:agency_slot_confirm", args=[slot.pk])).status_code == 403


def test_asking_to_move_until_the_deadline_then_the_organizer_approves_with_a_new_time(
    agency_client, organizer_client, published, presentation, entries, django_capture_on_commit_callbacks
):
    slot = PresentationSlot.objects.get(entry=entries[0])
    agency_client.post(reverse("judging:agency_slot_move", args=[slot.pk]), {"reason": "Bupati ke Jakarta; bisa sore."})
    [request] = SlotMoveRequest.objects.all()
    assert "Bupati ke Jakarta" in organizer_client.get(schedule_url()).content.decode()

    with pytest.raises(DomainError, match="sudah menunggu"):
        schedule.request_move(slot, reason="Lagi.", actor=entries[0].proposal.agency.memberships.get().user)

    mail.outbox.clear()
    target = f"{published.pk}:{int(at(9, 40).timestamp())}"
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(
            schedule_url("slot_request_answer", slot.pk, request.pk),
            {"decision": "approve", "target": target, "answer": ""},
        )
    slot.refresh_from_db()
    request.refresh_from_db()
    assert (slot.starts_at, request.state, slot.is_confirmed) == (at(9, 40), "approved", False)
    assert len(mail.outbox) == 1 and "09.40" in mail.outbox[0].body


def test_after_the_deadline_a_move_request_is_refused(published, presentation, entries, agency_admin):
    presentation.round.move_requests_until = timezone.localdate() - dt.timedelta(days=1)
    presentation.round.save()

    with pytest.raises(DomainError, match="dapat diajukan sampai"):
        schedule.request_move(PresentationSlot.objects.get(entry=entries[0]), reason="Berhalangan.", actor=agency_admin)
    assert not SlotMoveRequest.objects.exists()


def test_days_the_agency_cannot_attend_are_kept_before_the_schedule_is_published(
    agency_client, presentation, entries, agency
):
    presentation.edition.phases.filter(kind="presentation").update(starts_on=SOON, ends_on=SOON + dt.timedelta(days=2))
    page = agency_client.get(reverse("judging:agency_slots")).content.decode()
    assert f'value="{SOON.isoformat()}"' in page

    agency_client.post(
        reverse("judging:agency_unavailable_days", args=[presentation.pk]),
        {f"stage{presentation.pk}-days": [SOON.isoformat()], f"stage{presentation.pk}-reason": "Rapat paripurna."},
    )

    assert list(UnavailableDay.objects.values_list("agency_id", "day")) == [(agency.pk, SOON)]


def test_the_agency_calendar_file_carries_the_time_and_meeting_link(agency_client, published, entries):
    slot = PresentationSlot.objects.get(entry=entries[0])

    response = agency_client.get(reverse("judging:agency_slot_calendar", args=[slot.pk]))

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "https://meet.example/t2" in body
    assert f"UID:kovablik-slot-{slot.pk}@" in body


def test_reminders_go_to_agencies_that_have_not_confirmed_and_the_day_before(
    organizer_client,
    published,
    presentation,
    entries,
    agency_admin,
    other_agency_admin,
    django_capture_on_commit_callbacks,
):
    slot = PresentationSlot.objects.get(entry=entries[0])
    schedule.confirm_attendance(slot, presenter_name="Kepala UPT", head_attends=False, actor=agency_admin)
    mail.outbox.clear()

    preview = organizer_client.get(schedule_url("schedule_remind")).content.decode()
    assert "Inovasi A2" in preview and "Inovasi B1" in preview and "Inovasi A1" not in preview
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(schedule_url("schedule_remind"))
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule.remind_tomorrows_presenters(today=SOON - dt.timedelta(days=1)) == 3
        assert schedule.remind_tomorrows_presenters(today=SOON - dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    assert MailDelivery.objects.filter(key__startswith="presentation-slot:slot_tomorrow").count() == 3


# --- Judge ------------------------------------------------------------------------------------------------------------


def test_a_judge_sees_the_slots_of_their_panels_only_with_a_calendar(published, judges, entries):
    on_panel, off_panel = logged_in_client(judges[0].user), logged_in_client(judges[2].user)
    judging.assign_judge(entries[0], judges[0], actor=None)

    page = on_panel.get(reverse("judging:my_schedule")).content.decode()
    assert "Inovasi A1" in page and "Inovasi B1" in page
    assert reverse("judging:score", args=[entries[0].pk]) in page
    assert reverse("judging:score", args=[entries[2].pk]) not in page  # not assigned: no score link
    assert "Inovasi A1" not in off_panel.get(reverse("judging:my_schedule")).content.decode()

    assert "Inovasi A1" in on_panel.get(reverse("judging:my_schedule") + "?day=2001-01-01&x=\x00").content.decode()
    calendar = on_panel.get(reverse("judging:my_schedule_calendar")).content.decode()
    assert calendar.count("BEGIN:VEVENT") == 3


def test_the_schedule_pages_keep_their_queries_whatever_the_number_of_slots(
    organizer_client, presentation, panel, organizer, django_assert_max_num_queries
):
    def grow(count):
        for number in range(count):
            factories.StageEntryFactory(stage=presentation, proposal__title=f"Inovasi {number}")
        PresentationSlot.objects.all().delete()
        PresentationSession.objects.all().delete()
        schedule.create_session(presentation, panel=panel, starts_at=at(7), ends_at=at(23), room="R", actor=organizer)
        schedule.fill(presentation, actor=organizer)

    grow(3)
    with django_assert_max_num_queries(14) as small:
        organizer_client.get(schedule_url())
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        organizer_client.get(schedule_url())


def test_the_judge_day_view_keeps_its_queries_whatever_the_number_of_slots(
    presentation, panel, judges, organizer, django_assert_max_num_queries
):
    client = logged_in_client(judges[0].user)

    def grow(count):
        for number in range(count):
            factories.StageEntryFactory(stage=presentation, proposal__title=f"Inovasi {number}")
        PresentationSlot.objects.all().delete()
        PresentationSession.objects.all().delete()
        schedule.create_session(presentation, panel=panel, starts_at=at(7), ends_at=at(23), room="R", actor=organizer)
        schedule.fill(presentation, actor=organizer)
        schedule.publish_schedule(presentation, move_requests_until=None, actor=None)

    grow(3)
    with django_assert_max_num_queries(12) as small:
        assert "Inovasi 2" in client.get(reverse("judging:my_schedule")).content.decode()
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Inovasi 29" in client.get(reverse("judging:my_schedule")).content.decode()


# --- Materials --------------------------------------------------------------------------------------------------------


def pptx_bytes(*, macros: bool = False, main: bool = True) -> bytes:
    import io
    import zipfile

    kind = (
        "ms-powerpoint.presentation.macroEnabled"
        if macros
        else "openxmlformats-officedocument.presentationml.presentation"
    )
    types = f'<Types><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.{kind}.main+xml"/></Types>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types if main else "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        if macros:
            archive.writestr("ppt/vbaProject.bin", b"\x00" * 16)
    return buffer.getvalue()


def materials_url(slot):
    return reverse("judging:agency_slot_materials", args=[slot.pk])


def test_the_agency_hands_in_slides_the_judges_read_on_the_score_page(
    agency_client, published, entries, judges, other_agency_admin
):
    slot = PresentationSlot.objects.get(entry=entries[0])
    deck = pptx_bytes()  # once: a zip stamps its members with the time it was written
    response = agency_client.post(
        materials_url(slot),
        {
            "slides": samples.upload("Paparan Inovasi A1.pptx", deck),
            "video_url": "youtu.be/abc",
            "summary": "Ringkasan untuk juri.",
        },
    )
    assert response.status_code == 302
    materials = PresentationMaterials.objects.get(entry=entries[0])
    assert (materials.slides_name, materials.video_url, materials.is_late) == (
        "Paparan Inovasi A1.pptx",
        "https://youtu.be/abc",
        False,
    )

    judging.assign_judge(entries[0], judges[0], actor=None)
    judging.open_stage(entries[0].stage, actor=None, override_reason=factories.SKIP_ORDER)
    judge = logged_in_client(judges[0].user)
    page = judge.get(reverse("judging:score", args=[entries[0].pk])).content.decode()
    download = reverse("judging:slides_download", args=[materials.pk])
    assert download in page and "Ringkasan untuk juri." in page
    got = judge.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == deck
    assert got["Content-Disposition"].startswith("attachment") and got["X-Content-Type-Options"] == "nosniff"

    assert logged_in_client(other_agency_admin).get(download).status_code == 404
    assert logged_in_client(judges[2].user).get(download).status_code == 404  # not on the panel, not assigned


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("makro.pptx", pptx_bytes(macros=True), "memuat makro"),
        ("dokumen.pptx", pptx_bytes(main=False), "bukan presentasi PowerPoint"),
        ("paparan.pdf", b"MZ\x90\x00" * 10, "berupa PDF atau presentasi PowerPoint"),
    ],
)
def test_slides_that_are_not_a_pdf_or_a_clean_pptx_are_refused_next_to_the_field(
    agency_client, published, entries, name, content, error
):
    slot = PresentationSlot.objects.get(entry=entries[0])

    response = agency_client.post(materials_url(slot), {"slides": samples.upload(name, content)})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["slides"])
    assert not PresentationMaterials.objects.exists()


def test_slides_over_the_limit_say_both_sizes_and_materials_after_the_due_day_are_late(
    agency_client, published, presentation, entries, settings
):
    slot = PresentationSlot.objects.get(entry=entries[0])
    pdf = samples.pdf_bytes()
    settings.KOVABLIK_SLIDES_MAX_BYTES = len(pdf) - 1

    refused = agency_client.post(materials_url(slot), {"slides": samples.upload("a.pdf", pdf)})
    assert "paling besar" in refused.context["form"].errors["slides"][0]

    settings.KOVABLIK_SLIDES_MAX_BYTES = 10 * 1024 * 1024
    presentation.round.materials_due = timezone.localdate() - dt.timedelta(days=1)
    presentation.round.save()
    agency_client.post(materials_url(slot), {"slides": samples.upload("a.pdf", pdf)})
    assert PresentationMaterials.objects.get(entry=entries[0]).is_late is True


# --- On the day -------------------------------------------------------------------------------------------------------


@pytest.fixture
def chaired(presentation, panel, entries, judges, organizer):
    """A session that began ten minutes ago, chaired by the panel's first judge, with its schedule published."""
    start = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=10)
    session = schedule.create_session(
        presentation,
        panel=panel,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        room="Ruang Rapat Biro",
        chair=judges[0],
        actor=organizer,
    )
    schedule.fill(presentation, actor=organizer)
    schedule.publish_schedule(presentation, move_requests_until=None, actor=None)
    return session


def test_the_chair_records_attendance_and_an_absence_needs_its_reason(chaired, entries, judges):
    chair, member = logged_in_client(judges[0].user), logged_in_client(judges[1].user)
    slot = PresentationSlot.objects.get(entry=entries[0])
    url = reverse("judging:slot_attendance", args=[slot.pk])

    day_view = chair.get(reverse("judging:my_schedule")).content.decode()
    assert url in day_view and "dinilai nol" in day_view  # the edition's rule for an absent finalist
    assert url not in member.get(reverse("judging:my_schedule")).content.decode()
    assert member.post(url, {"attendance": "present"}).status_code == 403

    refused = chair.post(url, {"attendance": "absent", "note": ""})
    assert set(refused.context["form"].errors) == {"note"}
    chair.post(url, {"attendance": "absent", "note": "Jaringan terputus, tidak tersambung lagi."})
    slot.refresh_from_db()
    assert (slot.attendance, slot.attendance_note) == ("absent", "Jaringan terputus, tidak tersambung lagi.")


def test_under_the_later_slot_rule_an_absent_finalist_moves_once_to_the_first_free_later_time(
    chaired, entries, judges, edition, agency_admin, django_capture_on_commit_callbacks
):
    edition.absent_entry_rule = "later"
    edition.save(update_fields=["absent_entry_rule"])
    slot = PresentationSlot.objects.get(entry=entries[0])
    was_at = slot.starts_at
    taken = set(PresentationSlot.objects.values_list("starts_at", flat=True))
    chair = logged_in_client(judges[0].user)
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            reverse("judging:slot_attendance", args=[slot.pk]), {"attendance": "absent", "note": "Belum tersambung."}
        )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.starts_at > was_at and slot.starts_at not in taken and slot.moved_for_absence
    step = edition.slot_step
    assert slot.starts_at == min(
        chaired.starts_at + n * step for n in range(5) if chaired.starts_at + n * step not in taken
    )
    assert MailDelivery.objects.filter(key__startswith=f"presentation-slot:slot_moved:{slot.pk}:").exists()
    # Once: a second absence stays recorded where it is.
    schedule._move_after_absence(slot, actor=None)
    assert PresentationSlot.objects.get(pk=slot.pk).starts_at == slot.starts_at


def test_a_session_chair_must_sit_on_the_panel(presentation, panel, judges, organizer):
    with pytest.raises(DomainError, match="juri panel"):
        schedule.create_session(
            presentation, panel=panel, starts_at=at(8), ends_at=at(9), room="R", chair=judges[2], actor=organizer
        )
    assert not PresentationSession.objects.exists()


def test_attendance_is_not_recorded_long_before_the_slot(filled, entries, organizer):
    with pytest.raises(DomainError, match="setengah jam"):
        schedule.record_attendance(
            PresentationSlot.objects.get(entry=entries[0]), attendance="present", note="", actor=organizer
        )


def test_why_an_entry_has_no_slot_is_said_in_the_language_of_the_request():
    from django.utils import translation

    from judging.schedule.filling import NO_PANEL

    with translation.override("en"):
        english = schedule.unplaced_message(NO_PANEL)
    with translation.override("id"):
        indonesian = schedule.unplaced_message(NO_PANEL)

    assert (english, indonesian) == ("no session of a panel for its group", "tidak ada sesi panel untuk kelompoknya")
