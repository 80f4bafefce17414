"""Awards decided from the final ranking: prefill, departures with reasons, extra awards, publish, revoke."""

import pytest
from django.utils import translation

from competitions.enums import GroupKind
from core.exceptions import DomainError
from core.models import ActionLog
from publication.awards import services
from publication.enums import AwardKind, AwardState, NationalOutcome, PublicationState
from publication.models import Award, AwardDecision, NationalNomination, Publication
from tests import factories


def places(edition, group):
    return list(
        Award.objects.filter(edition=edition, group=group, kind=AwardKind.RANKED)
        .exclude(state=AwardState.REVOKED)
        .order_by("rank")
        .values_list("proposal__title", flat=True)
    )


def test_prefill_takes_each_groups_top_n_from_the_final_ranking(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)

    assert places(edition, GroupKind.GENERAL) == [f"Inovasi Umum {n:02d}" for n in range(5)]
    assert places(edition, GroupKind.REPLICATION) == ["Inovasi Replikasi 00", "Inovasi Replikasi 01"]
    assert places(edition, GroupKind.SPECIAL) == ["Inovasi Khusus 00"]
    assert set(Award.objects.filter(edition=edition).values_list("state", flat=True)) == {"draft"}
    assert AwardDecision.objects.get(edition=edition, group=GroupKind.GENERAL).suggested == [
        p.pk for p in judged[GroupKind.GENERAL][:5]
    ]
    assert ActionLog.objects.filter(action_type="kovablik.award.prefilled", actor=organizer).count() == 1


def test_prefill_leaves_out_disqualified_entries(edition, judged, organizer):
    services.disqualify_entry(judged[GroupKind.GENERAL][0], actor=organizer, reason="Data palsu.")

    services.prefill_awards(edition, actor=organizer)

    assert places(edition, GroupKind.GENERAL) == [f"Inovasi Umum {n:02d}" for n in range(1, 6)]


def test_prefill_with_fewer_ranked_entries_than_winners_takes_them_all(edition, organizer):
    from tests.publication.data import judged_edition

    judged_edition(edition, counts={GroupKind.GENERAL: 3}, winners={GroupKind.GENERAL: 5})

    services.prefill_awards(edition, actor=organizer)

    assert places(edition, GroupKind.GENERAL) == ["Inovasi Umum 00", "Inovasi Umum 01", "Inovasi Umum 02"]


def test_deciding_the_ranking_order_needs_no_reason(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    top = judged[GroupKind.REPLICATION][:2]

    services.decide_group_awards(edition, group=GroupKind.REPLICATION, proposals=top, actor=organizer)

    decision = AwardDecision.objects.get(edition=edition, group=GroupKind.REPLICATION)
    assert (decision.departs_from_ranking, decision.reason) == (False, "")


@pytest.mark.parametrize(
    "chosen",
    [
        pytest.param([1, 0], id="reordered"),
        pytest.param([0, 2], id="entry-swapped-in"),
        pytest.param([0], id="entry-left-out"),
    ],
)
def test_departing_from_the_ranking_without_a_reason_is_refused(edition, judged, organizer, chosen):
    services.prefill_awards(edition, actor=organizer)
    proposals = [judged[GroupKind.REPLICATION][index] for index in chosen]

    with pytest.raises(DomainError):
        services.decide_group_awards(edition, group=GroupKind.REPLICATION, proposals=proposals, actor=organizer)

    assert places(edition, GroupKind.REPLICATION) == ["Inovasi Replikasi 00", "Inovasi Replikasi 01"]


def test_departing_from_the_ranking_with_a_reason_is_kept_with_the_decision(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    first, second, third = judged[GroupKind.REPLICATION]
    code_of_first = Award.objects.get(proposal=first).verification_code

    services.decide_group_awards(
        edition, group=GroupKind.REPLICATION, proposals=[third, first], actor=organizer, reason="Sebaran wilayah."
    )

    assert places(edition, GroupKind.REPLICATION) == ["Inovasi Replikasi 02", "Inovasi Replikasi 00"]
    decision = AwardDecision.objects.get(edition=edition, group=GroupKind.REPLICATION)
    assert (decision.departs_from_ranking, decision.reason) == (True, "Sebaran wilayah.")
    moved = Award.objects.get(proposal=third)
    assert (moved.rank, moved.ranking_position, moved.reason) == (1, 3, "Sebaran wilayah.")
    kept = Award.objects.get(proposal=first)
    assert (kept.rank, kept.verification_code) == (2, code_of_first)
    log = ActionLog.objects.get(action_type="kovablik.award.group_decided")
    assert log.data["before"] == [first.pk, second.pk]
    assert log.data["after"] == [third.pk, first.pk]
    assert log.data["reason"] == "Sebaran wilayah."


def test_more_places_than_the_groups_winners_are_refused(edition, judged, organizer):
    with pytest.raises(DomainError):
        services.decide_group_awards(
            edition, group=GroupKind.REPLICATION, proposals=judged[GroupKind.REPLICATION], actor=organizer, reason="x"
        )


def test_an_entry_of_another_group_cannot_hold_a_place(edition, judged, organizer):
    with pytest.raises(DomainError):
        services.decide_group_awards(
            edition,
            group=GroupKind.REPLICATION,
            proposals=[judged[GroupKind.GENERAL][0]],
            actor=organizer,
            reason="x",
        )


def test_extra_award_needs_a_title_and_an_awardable_entry(edition, judged, organizer):
    proposal = judged[GroupKind.GENERAL][6]

    with pytest.raises(DomainError):
        services.add_extra_award(edition, proposal=proposal, title="  ", actor=organizer)
    award = services.add_extra_award(edition, proposal=proposal, title="Inovasi Favorit", actor=organizer)

    assert (award.kind, award.title, award.state, award.group) == ("special", "Inovasi Favorit", "draft", "umum")


def test_publish_stamps_time_and_publisher_and_publishes_every_award(
    edition, judged, organizer, django_capture_on_commit_callbacks
):
    services.prefill_awards(edition, actor=organizer)

    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
        # The certificates are drawn by a task after the commit, not inside the publishing request.
        assert not Award.objects.filter(edition=edition, certificate_size__isnull=False).exists()

    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    assert publication.published_by == organizer
    assert publication.published_at is not None
    assert set(Award.objects.filter(edition=edition).values_list("state", flat=True)) == {"published"}
    assert Award.objects.filter(edition=edition, certificate_size__gt=1000).count() == 8
    assert ActionLog.objects.filter(action_type="kovablik.publication.published").count() == 1


def test_publishing_a_hidden_edition_or_nothing_is_refused(edition, judged, organizer):
    with pytest.raises(DomainError):
        services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    services.prefill_awards(edition, actor=organizer)
    edition.is_public = False
    edition.save()

    with pytest.raises(DomainError):
        services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)

    assert not Publication.objects.filter(edition=edition, state=PublicationState.PUBLISHED).exists()


def test_awards_cannot_change_while_published(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)

    with pytest.raises(DomainError):
        services.prefill_awards(edition, actor=organizer)
    with pytest.raises(DomainError):
        services.add_extra_award(edition, proposal=judged[GroupKind.GENERAL][7], title="Favorit", actor=organizer)


def test_unpublish_needs_a_reason_and_returns_awards_to_draft(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)

    with pytest.raises(DomainError):
        services.unpublish_results(edition, actor=organizer, reason=" ")
    services.unpublish_results(edition, actor=organizer, reason="Salah ketik nama instansi.")

    publication = Publication.objects.get(edition=edition)
    assert (publication.state, publication.unpublished_reason) == ("unpublished", "Salah ketik nama instansi.")
    assert set(Award.objects.filter(edition=edition).values_list("state", flat=True)) == {"draft"}


def test_revoke_needs_a_reason_and_keeps_the_award_as_revoked(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    award = Award.objects.get(proposal=judged[GroupKind.GENERAL][2])

    with pytest.raises(DomainError):
        services.revoke_award(award, actor=organizer, reason="")
    services.revoke_award(award, actor=organizer, reason="Data tidak benar.")

    award.refresh_from_db()
    assert (award.state, award.revoked_reason, award.revoked_by) == ("revoked", "Data tidak benar.", organizer)
    assert award.revoked_at is not None


def test_disqualifying_a_winner_revokes_its_published_awards(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    proposal = judged[GroupKind.SPECIAL][0]
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)

    services.disqualify_entry(proposal, actor=organizer, reason="Plagiasi.")

    assert list(Award.objects.filter(proposal=proposal).values_list("state", "revoked_reason")) == [
        ("revoked", "Plagiasi.")
    ]
    with pytest.raises(DomainError):
        services.disqualify_entry(proposal, actor=organizer, reason="Lagi.")


def test_national_track_is_recorded_for_published_winners_only(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    winner, other = judged[GroupKind.GENERAL][0], judged[GroupKind.GENERAL][7]

    with pytest.raises(DomainError):
        services.record_national_track(winner, year=2027, outcome=NationalOutcome.TOP_99, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    with pytest.raises(DomainError):
        services.record_national_track(other, year=2027, outcome=NationalOutcome.TOP_99, actor=organizer)
    services.record_national_track(winner, year=2027, outcome=NationalOutcome.TOP_99, actor=organizer)
    nomination = services.record_national_track(winner, year=2027, outcome=NationalOutcome.TOP_45, actor=organizer)

    assert (nomination.year, nomination.outcome) == (2027, "top_45")
    assert ActionLog.objects.filter(action_type="kovablik.award.national_recorded").count() == 2


def test_national_outcomes_follow_the_national_groups(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    general, special = judged[GroupKind.GENERAL][0], judged[GroupKind.SPECIAL][0]

    with pytest.raises(DomainError, match="Outstanding Achievement"):
        services.record_national_track(
            general, year=2027, outcome=NationalOutcome.OUTSTANDING_ACHIEVEMENT, actor=organizer
        )
    with pytest.raises(DomainError, match="Top Inovasi Terpuji"):
        services.record_national_track(special, year=2027, outcome=NationalOutcome.TOP_45, actor=organizer)
    services.record_national_track(special, year=2027, outcome=NationalOutcome.OUTSTANDING_ACHIEVEMENT, actor=organizer)
    services.record_national_track(general, year=2027, outcome=NationalOutcome.TOP_45, actor=organizer)

    assert sorted(NationalNomination.objects.values_list("outcome", flat=True)) == [
        "outstanding_achievement",
        "top_45",
    ]


@pytest.mark.parametrize(
    ("year", "message"),
    [(2024, "KIPP 2024 was not held"), (2025, "2026 or later"), (2099, "too far ahead")],
)
def test_no_national_outcome_for_a_year_without_a_national_round(edition, judged, organizer, year, message):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    winner = judged[GroupKind.GENERAL][0]
    if year == 2024:  # a 2023 winner could have gone to 2024: only the missing round refuses it
        edition.year = 2023
        edition.save(update_fields=["year"])
        winner.refresh_from_db()

    with translation.override("en"), pytest.raises(DomainError, match=message):
        services.record_national_track(winner, year=year, outcome=NationalOutcome.TOP_99, actor=organizer)

    assert not NationalNomination.objects.exists()
    assert services.first_national_year_after(2023) == 2025


def test_verification_codes_are_unique_and_long(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)

    codes = list(Award.objects.values_list("verification_code", flat=True))

    assert len(set(codes)) == len(codes) == 8
    assert all(len(code) == 20 for code in codes)
