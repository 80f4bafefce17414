"""The order of the cycle is held by the services: a step asked for too early is refused with what is missing and
changes nothing; an override needs a written reason, which is audited against the edition."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from competitions.enums import GroupKind, PhaseKind, StageKind
from core.models import ActionLog
from core.order import ORDER_OVERRIDDEN, OutOfOrder
from judging import services as judging
from judging.enums import RoundState
from judging.queries import round_for
from publication.awards import services as awards
from publication.catalogue.enums import ObjectionOutcome
from publication.cycle.guards import publishing_missing
from publication.models import AwardDecision, FinalistList, Publication
from publication.objections import services as objections
from tests import factories
from tests.publication.data import judged_edition

pytestmark = pytest.mark.django_db


def overrides():
    return list(ActionLog.objects.filter(action_type=ORDER_OVERRIDDEN).values_list("data", flat=True))


def screened_into(stage):
    """One proposal that passed screening, admitted to `stage`: what the first stage waits for."""
    return factories.StageEntryFactory(stage=stage)


def messages_of(error) -> list[str]:
    return [str(item.message) for item in error.value.missing]


def test_the_first_stage_waits_for_submission_to_close_and_every_proposal_to_be_screened(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    edition.phases.filter(kind=PhaseKind.SUBMISSION).update(ends_on=timezone.localdate() + dt.timedelta(days=3))
    factories.ProposalFactory.create_batch(2, edition=edition, state="submitted")

    with pytest.raises(OutOfOrder) as refused:
        judging.open_stage(desk, actor=organizer)

    last_day = date_format(timezone.localdate() + dt.timedelta(days=3), "DATE_FORMAT")
    assert messages_of(refused) == [
        f"Pengajuan masih dibuka sampai {last_day}.",
        "2 proposal menunggu seleksi administrasi.",
        "Belum ada proposal yang lolos seleksi administrasi.",
    ]
    screening = reverse("proposals:screening_list") + f"?edition={edition.pk}"
    assert [item.url for item in refused.value.missing] == [
        reverse("competitions:org_edition_schedule", args=[2026]),
        screening,
        screening,
    ]
    assert round_for(desk).state == RoundState.PREPARING
    assert overrides() == []


def test_the_first_stage_opens_early_only_with_a_reason_kept_in_the_audit(organizer_client, edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    factories.ProposalFactory(edition=edition, state="submitted")
    screened_into(desk)
    url = reverse("judging:round_open", args=[2026, "desk"])

    page = organizer_client.get(url).content.decode()
    assert "1 proposal menunggu seleksi administrasi." in page and 'name="override_reason"' in page

    organizer_client.post(url, {"override_reason": ""})
    assert round_for(desk).state == RoundState.PREPARING

    organizer_client.post(url, {"override_reason": "Sisa proposal menyusul atas persetujuan Kepala Biro."})
    assert round_for(edition.stages.get(kind=StageKind.DESK)).state == RoundState.OPEN
    [override] = overrides()
    assert override["missing"] == ["1 proposal menunggu seleksi administrasi."]


def test_the_next_stage_does_not_open_before_the_previous_one_closed_and_a_shortlist_advanced(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    screened_into(desk)
    judging.open_stage(desk, actor=organizer)

    with pytest.raises(OutOfOrder) as refused:
        judging.open_stage(presentation, actor=organizer)

    assert messages_of(refused) == [
        "Evaluasi proposal (Tahap I) belum ditutup.",
        "Belum ada daftar pendek yang diloloskan dari Evaluasi proposal (Tahap I).",
    ]
    assert refused.value.missing[0].url == reverse("judging:round_close", args=[2026, "desk"])
    assert round_for(presentation).state == RoundState.PREPARING
    assert overrides() == []


def test_a_stage_opens_without_a_reason_once_its_order_is_kept(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    factories.StageEntryFactory(stage=presentation, proposal__state="passed")
    screened_into(desk)
    judging.open_stage(desk, actor=organizer)
    judging.close_stage(desk, actor=organizer)

    judging.open_stage(presentation, actor=organizer)

    assert round_for(presentation).state == RoundState.OPEN
    assert overrides() == []


def test_reopening_a_closed_stage_is_a_rerun_that_needs_a_reason_kept_in_the_audit(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    screened_into(desk)
    judging.open_stage(desk, actor=organizer)
    judging.close_stage(desk, actor=organizer)

    with pytest.raises(OutOfOrder, match="mengulang"):
        judging.open_stage(desk, actor=organizer, override_reason="   ")
    assert round_for(desk).state == RoundState.CLOSED

    judging.open_stage(desk, actor=organizer, override_reason="Dewan juri memutuskan penilaian ulang (BA 3/2026).")

    assert round_for(desk).state == RoundState.OPEN
    [override] = ActionLog.objects.filter(action_type=ORDER_OVERRIDDEN)
    assert (override.subject, override.actor) == (edition, organizer)
    assert override.data["reason"] == "Dewan juri memutuskan penilaian ulang (BA 3/2026)."
    assert override.data["missing"] == [
        "Evaluasi proposal (Tahap I) sudah ditutup; membukanya lagi berarti mengulang penilaiannya."
    ]


def test_the_open_page_lists_what_is_missing_and_asks_for_a_reason(organizer_client, edition):
    desk = edition.stages.get(kind=StageKind.DESK)
    screened_into(desk)
    judging.open_stage(desk, actor=None)
    url = reverse("judging:round_open", args=[2026, "presentation"])

    page = organizer_client.get(url).content.decode()
    assert "Evaluasi proposal (Tahap I) belum ditutup." in page
    assert reverse("judging:round_close", args=[2026, "desk"]) in page
    assert 'name="override_reason"' in page

    refused = organizer_client.post(url, {"override_reason": ""})
    assert refused.status_code == 200
    assert "belum dapat dilakukan" in refused.content.decode()
    assert round_for(edition.stages.get(kind=StageKind.PRESENTATION)).state == RoundState.PREPARING

    organizer_client.post(url, {"override_reason": "Tahap II dimulai paralel atas SK Kepala Biro."})
    assert round_for(edition.stages.get(kind=StageKind.PRESENTATION)).state == RoundState.OPEN
    assert overrides()[0]["reason"] == "Tahap II dimulai paralel atas SK Kepala Biro."


def test_finalists_wait_for_the_stage_before_theirs_to_close(edition, organizer):
    desk = edition.stages.get(kind=StageKind.DESK)
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    factories.StageEntryFactory(stage=presentation)
    screened_into(desk)
    judging.open_stage(desk, actor=organizer)

    with pytest.raises(OutOfOrder, match="belum ditutup"):
        objections.publish_finalists(edition, stage=presentation, actor=organizer)

    assert not FinalistList.objects.exists()


@pytest.fixture
def decided(edition, organizer):
    """An edition judged in one closed stage with every group's places decided."""
    judged = judged_edition(edition, counts={GroupKind.GENERAL: 4, GroupKind.REPLICATION: 2, GroupKind.SPECIAL: 1})
    awards.prefill_awards(edition, actor=organizer)
    return judged


def test_results_are_not_published_before_the_finalists_and_their_objection_period(edition, organizer, decided):
    desk = edition.stages.get(kind=StageKind.DESK)

    with pytest.raises(OutOfOrder) as refused:
        awards.publish_results(edition, actor=organizer)
    assert messages_of(refused) == ["Finalis belum diumumkan."]

    objections.publish_finalists(edition, stage=desk, actor=organizer, days=5)
    with pytest.raises(OutOfOrder, match="Masa sanggah berlangsung sampai"):
        awards.publish_results(edition, actor=organizer)
    assert Publication.objects.get(edition=edition).state == "draft"
    # Once the last day of the period is over, that reason is gone.
    after = timezone.now() + dt.timedelta(days=6)
    assert publishing_missing(edition, now=after) == []


def test_every_objection_is_answered_before_the_results_are_published(edition, organizer, decided):
    desk = edition.stages.get(kind=StageKind.DESK)
    filed_when = timezone.now() - dt.timedelta(days=3)
    finalist_list = objections.publish_finalists(edition, stage=desk, actor=organizer, days=2, now=filed_when)
    objection = objections.file_objection(
        finalist_list.finalists.first(), name="Warga", contact="warga@example.org", reason="Data ganda.", now=filed_when
    )

    with pytest.raises(OutOfOrder) as refused:
        awards.publish_results(edition, actor=organizer)
    assert messages_of(refused) == ["1 sanggahan belum dijawab."]

    objections.respond_to_objection(
        objection, outcome=ObjectionOutcome.DISMISSED, response="Data sudah diperiksa.", actor=organizer
    )
    awards.publish_results(edition, actor=organizer)

    assert Publication.objects.get(edition=edition).state == "published"
    assert overrides() == []


def test_an_open_stage_and_an_undecided_group_block_publishing(edition, organizer):
    judged_edition(edition, counts={GroupKind.GENERAL: 3, GroupKind.REPLICATION: 1, GroupKind.SPECIAL: 1})
    awards.prefill_awards(edition, actor=organizer)
    AwardDecision.objects.filter(edition=edition, group=GroupKind.SPECIAL).delete()
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    factories.StageEntryFactory(stage=presentation, proposal__state="passed")

    missing = [str(item.message) for item in publishing_missing(edition)]

    assert "Presentasi dan wawancara (Tahap II) belum ditutup." in missing
    assert "Belum ada keputusan peringkat Kelompok Khusus." in missing
