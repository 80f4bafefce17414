"""The organizer's cockpit: the steps of the cycle in order with live counts, what blocks the next step in plain
words, the one next action, and the exceptions to the order — in a constant number of queries."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from competitions.enums import GroupKind, PhaseKind, StageKind
from judging import services as judging
from judging.enums import SheetStatus
from judging.models import Assignment, ScoreSheet
from publication.awards import services as awards
from publication.cycle.cockpit import StepState, build_cockpit
from publication.objections import services as objections
from tests import factories
from tests.publication.data import judged_edition

pytestmark = pytest.mark.django_db


def cockpit_url(year=2026):
    return reverse("publication:cockpit", args=[year])


def step(cockpit, key):
    return next(step for step in cockpit.steps if step.key == key)


def test_the_steps_come_in_the_order_of_the_cycle(edition):
    keys = [step.key for step in build_cockpit(edition).steps]

    assert keys == [
        "socialization",
        "submission",
        "screening",
        "stage-desk",
        "stage-presentation",
        "stage-field",
        "finalists",
        "decisions",
        "publication",
        "awarding",
    ]


def test_submitted_proposals_await_screening_and_screening_is_the_next_action(organizer_client, edition):
    factories.ProposalFactory(edition=edition, state="draft")
    factories.ProposalFactory.create_batch(2, edition=edition, state="submitted", group=GroupKind.GENERAL)
    factories.ProposalFactory(edition=edition, state="passed", group=GroupKind.REPLICATION)

    page = organizer_client.get(cockpit_url())
    html = page.content.decode()

    cockpit = page.context["cockpit"]
    assert dict(step(cockpit, "submission").counts)["Diajukan"] == 3
    assert dict(step(cockpit, "screening").counts)["Menunggu seleksi administrasi"] == 2
    assert cockpit.next_step.key == "screening"
    assert "2 proposal menunggu seleksi administrasi." in html
    assert f'id="next-action" href="{reverse("proposals:screening_list")}?edition={edition.pk}"' in html


def test_judges_behind_are_named_per_stage_and_group_with_the_reminder_as_next_action(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    judges = factories.JudgeFactory.create_batch(2)
    entries = [factories.StageEntryFactory(stage=desk, proposal__group=GroupKind.GENERAL) for _ in range(3)]
    factories.ProposalFactory(edition=edition, state="passed")  # screening is done: desk is what comes next
    for entry in entries:
        for judge in judges:
            judging.assign_judge(entry, judge, actor=None)
    judging.open_stage(desk, actor=None)
    ScoreSheet.objects.filter(assignment__in=Assignment.objects.filter(judge=judges[0])).update(
        status=SheetStatus.SUBMITTED
    )

    desk_step = step(build_cockpit(edition), "stage-desk")

    assert desk_step.state in (StepState.UNDER_WAY, StepState.OVERDUE)  # overdue once its phase's last day passed
    assert dict(desk_step.counts)["Lembar diajukan"] == "3 / 6"
    assert [str(item.message) for item in desk_step.blockers] == [
        "1 juri belum mengirim 3 lembar nilai di Evaluasi proposal (Tahap I) Kelompok Umum."
    ]
    assert desk_step.action.url == reverse("judging:progress", args=[2026]) + "?stage=desk"
    assert [reminder.url for reminder in desk_step.reminders] == [reverse("judging:remind_judges", args=[2026, "desk"])]


def test_a_closed_stage_asks_for_a_shortlist_before_the_next_one(edition):
    judged_edition(edition)
    edition.stages.filter(kind__in=[StageKind.PRESENTATION]).update(weight=30)

    cockpit = build_cockpit(edition)

    desk_step = step(cockpit, "stage-desk")
    assert desk_step.action.url == reverse("judging:ranking_overview", args=[2026])
    assert "Belum ada daftar pendek yang diloloskan ke Presentasi dan wawancara (Tahap II)." in [
        str(item.message) for item in desk_step.blockers
    ]


def test_after_the_decisions_publishing_is_next_and_says_what_it_waits_for(organizer_client, edition, organizer):
    judged_edition(edition)  # one stage weighing 100: presentation and field are not part of this cycle
    awards.prefill_awards(edition, actor=organizer)
    objections.publish_finalists(edition, stage=edition.stages.get(kind=StageKind.DESK), actor=organizer, days=3)

    html = organizer_client.get(cockpit_url()).content.decode()
    cockpit = build_cockpit(edition)

    assert [step.key for step in cockpit.steps if step.key.startswith("stage-")] == ["stage-desk"]
    assert step(cockpit, "decisions").state == StepState.DONE
    assert step(cockpit, "finalists").state == StepState.UNDER_WAY
    assert "Masa sanggah berlangsung sampai" in html


def test_overrides_of_the_order_are_shown_with_their_reason(organizer_client, edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    factories.StageEntryFactory(stage=desk)
    judging.open_stage(desk, actor=organizer)
    judging.close_stage(desk, actor=organizer)
    judging.open_stage(desk, actor=organizer, override_reason="Penilaian ulang atas keputusan dewan juri.")

    html = organizer_client.get(cockpit_url()).content.decode()

    assert "Penilaian ulang atas keputusan dewan juri." in html
    assert "Membuka Evaluasi proposal (Tahap I)" in html


@pytest.mark.parametrize("scale", [1, 4])
def test_the_cockpit_costs_the_same_queries_whatever_the_data(
    organizer_client, edition, organizer, scale, django_assert_max_num_queries
):
    judged_edition(
        edition,
        counts={GroupKind.GENERAL: 5 * scale, GroupKind.REPLICATION: 2 * scale, GroupKind.SPECIAL: scale},
        judges=scale + 1,
    )
    factories.ProposalFactory.create_batch(3 * scale, edition=edition, state="submitted")
    awards.prefill_awards(edition, actor=organizer)

    with django_assert_max_num_queries(30):
        response = organizer_client.get(cockpit_url())

    assert response.status_code == 200


def test_returned_proposals_offer_a_previewed_reminder_that_goes_through_the_outbox(
    organizer_client, edition, agency, agency_admin, django_capture_on_commit_callbacks
):
    import datetime as dt

    from competitions.models import jakarta_today
    from core.models import MailDelivery

    returned = factories.ProposalFactory(
        edition=edition,
        agency=agency,
        state="returned",
        title="Perlu Revisi",
        revision_deadline=jakarta_today() + dt.timedelta(days=3),
    )
    factories.ProposalFactory(
        edition=edition,
        state="returned",
        title="Lewat Tenggat",
        revision_deadline=jakarta_today() - dt.timedelta(days=1),
    )
    url = reverse("proposals:revision_reminders", args=[2026])

    cockpit = organizer_client.get(cockpit_url()).content.decode()
    assert url in cockpit

    preview = organizer_client.get(url).content.decode()
    assert "Perlu Revisi" in preview and agency_admin.email in preview and "3 hari lagi" in preview
    assert "Lewat Tenggat" not in preview  # its deadline has passed: nothing to remind of
    assert not MailDelivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(url)
        organizer_client.post(url)  # the same day again: nothing more

    [delivery] = MailDelivery.objects.all()
    assert delivery.to_email == agency_admin.email and delivery.params == {"proposal": returned.pk}
    [sent] = mail.outbox
    assert sent.subject == '[KOVABLIK] Pengingat: ajukan kembali "Perlu Revisi"'
    assert "(3 hari lagi)" in sent.body and f"/proposals/{returned.pk}/edit/basics/" in sent.body


def test_the_first_stage_says_it_waits_for_submission_and_screening(edition):
    edition.phases.filter(kind=PhaseKind.SUBMISSION).update(ends_on=timezone.localdate() + dt.timedelta(days=3))
    factories.ProposalFactory(edition=edition, state="submitted")
    desk = edition.stages.get(kind=StageKind.DESK)
    factories.StageEntryFactory(stage=desk)

    desk_step = step(build_cockpit(edition), "stage-desk")

    messages = [str(item.message) for item in desk_step.blockers]
    assert any(message.startswith("Pengajuan masih dibuka sampai ") for message in messages)
    assert "1 proposal menunggu seleksi administrasi." in messages


def test_the_presentation_step_counts_confirmed_slots_and_offers_the_reminder(edition, organizer):
    from judging.models import PresentationSlot
    from judging.schedule import services as schedule

    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    judge = factories.JudgeFactory()
    panel = judging.create_panel(edition, name="Panel", groups=[GroupKind.GENERAL], judges=[judge], actor=None)
    for _number in range(2):
        factories.StageEntryFactory(stage=presentation, proposal__group=GroupKind.GENERAL)
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
    schedule.create_session(
        presentation, panel=panel, starts_at=start, ends_at=start + dt.timedelta(hours=1), room="R", actor=organizer
    )
    schedule.fill(presentation, actor=organizer)

    unpublished = step(build_cockpit(edition), "stage-presentation")
    assert "Jadwal presentasi belum diumumkan." in [str(item.message) for item in unpublished.blockers]

    schedule.publish_schedule(presentation, move_requests_until=None, actor=organizer)
    PresentationSlot.objects.filter(pk=PresentationSlot.objects.first().pk).update(confirmed_at=timezone.now())
    published = step(build_cockpit(edition), "stage-presentation")

    assert dict(published.counts)["Slot dikonfirmasi"] == "1 / 2"
    assert [reminder.url for reminder in published.reminders] == [
        reverse("judging:schedule_remind", args=[2026, "presentation"])
    ]
