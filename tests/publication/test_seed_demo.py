from django.core.management import call_command

from competitions.enums import AgencyKind
from competitions.models import (
    ActionLog,
    Agency,
    Edition,
    Judge,
    Membership,
    Organizer,
    Phase,
    Region,
    jakarta_today,
)


def counts():
    return [
        model.objects.count() for model in (Region, Agency, Edition, Phase, Membership, Judge, Organizer, ActionLog)
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


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", quiet_logins=True)
    first = counts()

    call_command("seed_demo", quiet_logins=True)

    assert counts() == first
