"""Seeding the demo's competitions data: East Java's regions and agencies, the 2023 edition and a current one, and
one login per role. Called by the `seed_demo` command (publication/management/commands/seed_demo.py), which seeds
the apps above on top. Idempotent: each function creates only what is missing.
"""

import datetime as dt
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from . import demo_data
from .enums import AgencyKind, MembershipRole, PhaseKind
from .models import Agency, Edition, Judge, Membership, Organizer, Region, jakarta_today
from .services import create_edition, set_schedule

DEMO_PASSWORD = "kovablik-demo"  # noqa: S105 - the demo logins make run prints
THEME_2023 = "Inovasi Pelayanan Publik Sebagai Pengungkit Reformasi Birokrasi Berdampak"


def seed_regions() -> dict[str, Region]:
    regions = {}
    for code, name, kind in demo_data.regions():
        regions[name], _ = Region.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    return regions


def seed_agencies(regions: dict[str, Region]) -> dict[str, Agency]:
    """Every regency/city government, the provincial agencies, some of their units and BUMD, keyed by short name
    (regency/city governments by their full name)."""
    surabaya = regions["Kota Surabaya"]
    by_short = {}
    for region in regions.values():
        regency = region.name.startswith("Kabupaten")
        place = region.name.split(" ", 1)[1]
        name = f"{'Pemerintah Kabupaten' if regency else 'Pemerintah Kota'} {place}"
        short = f"{'Pemkab' if regency else 'Pemkot'} {place}"
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": AgencyKind.REGENCY_CITY, "region": region}
        )
        if agency.short_name == f"Pemkab/Pemkot {place}":  # what earlier seeds wrote for every regency and city
            agency.short_name = short
            agency.save(update_fields=["short_name"])
        by_short[name] = agency
    for name, short in demo_data.PROVINCIAL_AGENCIES:
        by_short[short], _ = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": AgencyKind.PROVINCIAL, "region": surabaya}
        )
    for name, short, parent, region in demo_data.UNITS:
        by_short[short], _ = Agency.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": AgencyKind.UNIT,
                "parent": by_short[parent],
                "region": regions[region],
            },
        )
    for name, short in demo_data.BUMD:
        by_short[short], _ = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": AgencyKind.BUMD, "region": surabaya}
        )
    return by_short


def schedule_around(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The current edition's demo schedule, laid around today so that a newcomer sees submission open."""
    day = dt.timedelta(days=1)
    plan = [
        (PhaseKind.SOCIALIZATION, -30, -15),
        (PhaseKind.SUBMISSION, -14, 30),
        (PhaseKind.SCREENING, 31, 44),
        (PhaseKind.DESK_EVALUATION, 45, 75),
        (PhaseKind.PRESENTATION, 80, 95),
        (PhaseKind.FIELD_VERIFICATION, 96, 115),
        (PhaseKind.ANNOUNCEMENT, 120, 125),
        (PhaseKind.AWARDING, 135, 140),
    ]
    return {kind: (today + start * day, today + end * day) for kind, start, end in plan}


def seed_editions() -> tuple[Edition, Edition]:
    """The archived 2023 edition (the 8th) and the current year's, open for submission. Returns both."""
    if not Edition.objects.filter(year=2023).exists():
        create_edition(
            year=2023,
            number=8,
            theme=THEME_2023,
            actor=None,
            is_public=True,
            description="Kompetisi Inovasi Pelayanan Publik Provinsi Jawa Timur Tahun 2023.",
        )
    today = jakarta_today()
    if not Edition.objects.filter(year=today.year).exists():
        edition = create_edition(
            year=today.year,
            number=today.year - 2015,
            theme="Inovasi Pelayanan Publik Berdampak untuk Jawa Timur Maju",
            actor=None,
            is_public=True,
            description="Edisi berjalan. Jadwal demo disusun agar pengajuan proposal sedang dibuka.",
        )
        set_schedule(edition, phases=schedule_around(today), actor=None)
    return Edition.objects.get(year=2023), Edition.objects.get(year=today.year)


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is slow by design; every demo account shares the password, so it is hashed once per run.
    return make_password(DEMO_PASSWORD)


def _user(username: str, first: str, last: str, email: str):
    account, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if created:
        account.password = _demo_password_hash()
        account.save(update_fields=["password"])
    return account


def seed_people(agencies: dict[str, Agency]) -> list[tuple[str, str, str]]:
    """One login per role (password DEMO_PASSWORD); returns (username, role, where) rows to print."""
    logins = []
    organizer = _user("organizer", "Rina", "Organisasi", "organizer@example.org")
    Organizer.objects.get_or_create(user=organizer, defaults={"position": "Analis Kelembagaan, Biro Organisasi"})
    logins.append(("organizer", "Biro Organisasi", "—"))

    for username, first, agency_key, role in [
        ("admin.dinkes", "Budi", "Dinkes", MembershipRole.ADMIN),
        ("drafter.dinkes", "Sari", "Dinkes", MembershipRole.DRAFTER),
        ("admin.sidoarjo", "Agus", "Pemerintah Kabupaten Sidoarjo", MembershipRole.ADMIN),
        ("admin.bankjatim", "Dewi", "Bank Jatim", MembershipRole.ADMIN),
    ]:
        account = _user(username, first, "Demo", f"{username}@example.org")
        Membership.objects.get_or_create(user=account, defaults={"agency": agencies[agency_key], "role": role})
        logins.append((username, MembershipRole(role).label, agencies[agency_key].name))

    for username, first, last, affiliation, agency_key in [
        ("juri1", "Prof. Hadi", "Santoso", "Universitas Airlangga", None),
        ("juri2", "Dr. Lestari", "Wibowo", "Institut Teknologi Sepuluh Nopember", None),
        ("juri3", "Dr. Yusuf", "Rahman", "Universitas Brawijaya", None),
        ("juri4", "Ir. Maya", "Kusuma", "Pemerintah Kabupaten Sidoarjo", "Pemerintah Kabupaten Sidoarjo"),
    ]:
        account = _user(username, first, last, f"{username}@example.org")
        Judge.objects.get_or_create(
            user=account,
            defaults={"affiliation": affiliation, "agency": agencies[agency_key] if agency_key else None},
        )
        logins.append((username, "Juri", affiliation))
    return logins
