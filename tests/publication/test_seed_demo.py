"""The demo (`seed_demo`, in the highest app): East Java, the editions since 2019 as they went, current drafts."""

import datetime as dt
from collections import Counter, defaultdict

from django.core.management import call_command
from django.db.models import Count

from competitions.enums import SECTIONS_BY_GROUP, AgencyKind, GroupKind
from competitions.models import (
    Agency,
    Edition,
    Judge,
    Membership,
    Organizer,
    Phase,
    Region,
    SpecialGroupInvitation,
    jakarta_today,
)
from core.models import ActionLog
from judging.models import Score, ScoreSheet, StageEntry
from proposals.models import Proposal, ReplicationSource, count_words
from publication.awards import queries
from publication.models import Award, NationalNomination, Publication


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


def test_the_demo_runs_the_competition_as_it_really_went_and_loads_once(db):
    """One seed (it takes seconds), every property a newcomer would judge the demo by, then a second seed that
    changes nothing."""
    call_command("seed_demo", quiet_logins=True)

    # East Java: 38 regencies and cities, the provincial agencies with their units, BUMD.
    assert Region.objects.count() == 38
    assert Agency.objects.filter(kind=AgencyKind.REGENCY_CITY).count() == 38
    assert Agency.objects.filter(kind=AgencyKind.PROVINCIAL).count() >= 40
    assert Agency.objects.filter(kind=AgencyKind.UNIT, parent__isnull=False).exists()
    assert Agency.objects.filter(kind=AgencyKind.BUMD).count() >= 5
    governments = dict(Agency.objects.filter(kind=AgencyKind.REGENCY_CITY).values_list("name", "short_name"))
    assert governments["Pemerintah Kabupaten Sidoarjo"] == "Pemkab Sidoarjo"
    assert not [short for short in governments.values() if "/" in short]

    # Editions 2019 to last year archived with their reported awarding dates; this year's open for submission.
    today = jakarta_today()
    assert set(Edition.objects.values_list("year", flat=True)) == {*range(2019, today.year), today.year}
    assert Edition.objects.get(year=today.year).is_submission_open()
    awarding = dict(Phase.objects.filter(kind="awarding").values_list("edition__year", "starts_on"))
    assert (awarding[2019], awarding[2021], awarding[2023]) == (
        dt.date(2019, 4, 24),
        dt.date(2021, 11, 18),
        dt.date(2023, 11, 23),
    )
    assert "Jatim Park 3" in Edition.objects.get(year=2023).description

    # 2023: 210 entries, judged in three stages, Top 30 / 5 / 3 and the named awards published.
    entries_2023 = Proposal.objects.filter(edition__year=2023)
    assert entries_2023.count() == 210
    assert StageEntry.objects.filter(stage__edition__year=2023).values("stage").distinct().count() == 3
    results = queries.edition_results(2023)
    assert [(group.group, len(group.winners)) for group in results.groups] == [
        (GroupKind.GENERAL, 30),
        (GroupKind.REPLICATION, 5),
        (GroupKind.SPECIAL, 3),
    ]
    assert [award.rank for award in results.groups[0].winners] == list(range(1, 31))
    assert len(results.extras) == 3

    # No quota holder above its 3 places in any edition (units count against their parent).
    per_holder = Counter(
        (edition, parent or agency)
        for edition, agency, parent in Proposal.objects.values_list("edition_id", "agency_id", "agency__parent_id")
    )
    assert max(per_holder.values()) <= 3

    # Titles fit the agency: a hospital's are health services, no title is used twice in an edition.
    hospital_titles = Proposal.objects.filter(agency__short_name="RSUD Dr. Soetomo").values_list("category__name")
    assert {name for (name,) in hospital_titles} == {"Kesehatan"}
    assert not entries_2023.values("title").annotate(n=Count("pk")).filter(n__gt=1).exists()

    # Every section of a judged proposal is written, within the edition's word limit.
    judged = Proposal.objects.filter(edition__year__lt=today.year, state="passed").prefetch_related(
        "sections", "edition__word_limits"
    )
    for proposal in judged.filter(edition__year__in=[2019, 2023]):
        texts = proposal.section_texts()
        for section in SECTIONS_BY_GROUP[proposal.group]:
            assert texts.get(section), (proposal.title, section)
            assert count_words(texts[section]) <= proposal.edition.word_limit(section), (proposal.title, section)

    # Judges disagree: on most entries their desk totals differ, and they differ by judge.
    desk_totals = defaultdict(list)
    for entry_id, total in ScoreSheet.objects.filter(
        assignment__entry__stage__edition__year=2023, assignment__entry__stage__kind="desk"
    ).values_list("assignment__entry_id", "total"):
        desk_totals[entry_id].append(total)
    spread = [max(totals) - min(totals) for totals in desk_totals.values()]
    assert sum(1 for gap in spread if gap > 0) > 0.9 * len(spread)
    assert max(spread) >= 10

    # Replications name earlier demo winners, each with a reason; some replicate a replication.
    named = ReplicationSource.objects.filter(proposal__edition__year__gt=2019)
    assert named.exists() and not named.filter(source__isnull=True).exists() and not named.filter(reason="").exists()
    for link in named.select_related("proposal__edition", "source__edition"):
        assert link.source.edition.year < link.proposal.edition.year
        assert link.source.awards.filter(state="published").exists()
    assert named.filter(source__replication_sources__isnull=False).exists()

    # Kelompok Khusus entries continue the invited agency's own earlier winner.
    specials = Proposal.objects.filter(group=GroupKind.SPECIAL).select_related("earlier_entry__edition")
    assert specials.exists()
    for special in specials:
        assert special.earlier_entry.agency_id == special.agency_id
        assert special.earlier_entry.edition.year < special.edition.year
        invitation = special.edition.special_invitations.select_related("award_link__award").get(
            agency_id=special.agency_id
        )
        assert invitation.award_link.award.proposal_id == special.earlier_entry_id
    current_invitations = SpecialGroupInvitation.objects.filter(edition__year=today.year)
    assert current_invitations.count() == 2
    assert all(invitation.grounds and invitation.award_link for invitation in current_invitations)

    # National outcomes only for years KIPP was held (2024 was not).
    national = set(NationalNomination.objects.values_list("year", flat=True))
    assert national and 2024 not in national

    # The demo admins' proposals in the current edition.
    current = Proposal.objects.filter(edition__year=today.year)
    assert dict(current.values_list("state").annotate(n=Count("pk")).order_by()) == {"draft": 3, "submitted": 1}

    first = counts()
    call_command("seed_demo", quiet_logins=True)
    assert counts() == first
