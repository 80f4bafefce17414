"""The demo (`seed_demo`, in the highest app): East Java, two editions, published 2023 results, current drafts."""

from django.core.management import call_command
from django.db.models import Count

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Agency, Edition, Judge, Membership, Organizer, Phase, Region, jakarta_today
from core.models import ActionLog
from judging.models import Score, StageEntry
from proposals.models import Proposal
from publication.awards import queries
from publication.models import Award, Publication


def counts():
    return [
        model.objects.count()
        for model in (
            Region,
            Agency,
            Edition,
            Phase,
            Membership,
            Judge,
            Organizer,
            ActionLog,
            Proposal,
            StageEntry,
            Score,
            Award,
            Publication,
        )
    ]


def test_seed_demo_creates_east_java_and_two_editions(db):
    call_command("seed_demo", quiet_logins=True)

    assert Region.objects.count() == 38
    assert Agency.objects.filter(kind=AgencyKind.REGENCY_CITY).count() == 38
    assert Agency.objects.filter(kind=AgencyKind.PROVINCIAL).count() >= 40
    assert Agency.objects.filter(kind=AgencyKind.UNIT, parent__isnull=False).exists()
    assert Agency.objects.filter(kind=AgencyKind.BUMD).count() >= 3
    assert set(Edition.objects.values_list("year", flat=True)) == {2023, jakarta_today().year}
    assert Edition.objects.get(year=jakarta_today().year).is_submission_open()


def test_seed_demo_publishes_the_2023_results_from_judged_entries(db):
    call_command("seed_demo", quiet_logins=True)

    entries = Proposal.objects.filter(edition__year=2023, state="passed")
    assert entries.count() == 60
    assert entries.values("agency").distinct().count() >= 40
    assert StageEntry.objects.filter(stage__edition__year=2023).values("stage").distinct().count() == 3
    results = queries.edition_results(2023)
    assert [(group.group, len(group.winners)) for group in results.groups] == [
        (GroupKind.GENERAL, 30),
        (GroupKind.REPLICATION, 5),
        (GroupKind.SPECIAL, 3),
    ]
    assert [award.rank for award in results.groups[0].winners] == list(range(1, 31))
    assert len(results.extras) == 3
    national = [award.national for award in results.awards if award.national]
    assert len(national) == 5
    assert {outcome.year for outcome in national} == {2025}  # KIPP 2024 was not held
    assert "top_15_special" in {outcome.outcome for outcome in national}


def test_seed_demo_gives_the_demo_agencies_proposals_in_the_current_edition(db):
    call_command("seed_demo", quiet_logins=True)

    current = Proposal.objects.filter(edition__year=jakarta_today().year)
    by_state = dict(current.values_list("state").annotate(n=Count("pk")).order_by())
    assert by_state == {"draft": 3, "submitted": 1}
    assert set(current.values_list("agency__short_name", flat=True)) == {
        "Dinkes",
        "Pemkab Sidoarjo",
        "Bank Jatim",
    }


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", quiet_logins=True)
    first = counts()

    call_command("seed_demo", quiet_logins=True)

    assert counts() == first


def test_the_demo_names_regencies_and_cities_as_they_are_named(db):
    call_command("seed_demo", quiet_logins=True)

    governments = dict(Agency.objects.filter(kind=AgencyKind.REGENCY_CITY).values_list("name", "short_name"))
    assert len(governments) == 38
    assert governments["Pemerintah Kabupaten Sidoarjo"] == "Pemkab Sidoarjo"
    assert governments["Pemerintah Kota Surabaya"] == "Pemkot Surabaya"
    assert not [short for short in governments.values() if "/" in short]
