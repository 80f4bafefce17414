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
from .services import create_edition, default_schedule, set_schedule

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
        # A regency's or city's own BUMD is seated there; the province's in Surabaya.
        seat = next((region for region_name, region in regions.items() if name.endswith(region_name)), surabaya)
        by_short[short], _ = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": AgencyKind.BUMD, "region": seat}
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


# The archived editions (number = year - 2015: 2023 was the 8th): theme, how the awarding went, and its dates
# where they were reported (2019 in Banyuwangi in April; 2021 and 2023 with their exhibitions in November).
ARCHIVED_EDITIONS = {
    2019: (
        "Inovasi Pelayanan Publik untuk Jawa Timur Cerdas dan Melayani",
        "Penganugerahan dan pameran inovasi pada 24 April 2019 di Taman Blambangan, Banyuwangi.",
        {PhaseKind.ANNOUNCEMENT: ((4, 15), (4, 17)), PhaseKind.AWARDING: ((4, 24), (4, 24))},
    ),
    2020: (
        "Inovasi Pelayanan Publik di Masa Pandemi",
        "Penilaian presentasi dan wawancara dilakukan secara daring karena pandemi.",
        {},
    ),
    2021: (
        "Inovasi Pelayanan Publik untuk Pemulihan Ekonomi dan Sosial",
        "Penganugerahan dan pameran inovasi pada 18–20 November 2021 di Grand City, Surabaya.",
        {PhaseKind.ANNOUNCEMENT: ((11, 8), (11, 12)), PhaseKind.AWARDING: ((11, 18), (11, 20))},
    ),
    2022: ("Inovasi Pelayanan Publik yang Inklusif dan Berkelanjutan", "", {}),
    2023: (
        THEME_2023,
        "Penganugerahan dan pameran inovasi pada 23–25 November 2023 di Jatim Park 3, Batu, dengan 135 stan pameran.",
        {PhaseKind.ANNOUNCEMENT: ((11, 10), (11, 14)), PhaseKind.AWARDING: ((11, 23), (11, 25))},
    ),
    2024: ("Inovasi Pelayanan Publik Berbasis Data dan Kolaborasi", "", {}),
    2025: ("Inovasi Pelayanan Publik Berdampak dan Berkelanjutan", "", {}),
}
# 2019 ran early in the year, before its April awarding.
SCHEDULE_2019 = {
    PhaseKind.SOCIALIZATION: ((1, 7), (1, 18)),
    PhaseKind.SUBMISSION: ((1, 21), (2, 15)),
    PhaseKind.SCREENING: ((2, 18), (2, 22)),
    PhaseKind.DESK_EVALUATION: ((2, 25), (3, 8)),
    PhaseKind.PRESENTATION: ((3, 18), (3, 22)),
    PhaseKind.FIELD_VERIFICATION: ((3, 25), (4, 5)),
}


def seed_editions() -> tuple[list[Edition], Edition]:
    """The archived editions 2019 to last year (public, with their dates) and the current year's, open for
    submission. Returns the archived ones oldest first, and the current one."""
    today = jakarta_today()
    for year, (theme, description, dates) in ARCHIVED_EDITIONS.items():
        if year >= today.year or Edition.objects.filter(year=year).exists():
            continue
        edition = create_edition(
            year=year,
            number=year - 2015,
            theme=theme,
            actor=None,
            is_public=True,
            description=" ".join(
                part
                for part in (f"Kompetisi Inovasi Pelayanan Publik Provinsi Jawa Timur Tahun {year}.", description)
                if part
            ),
        )
        changes = {**(SCHEDULE_2019 if year == 2019 else {}), **dates}
        if changes:
            phases = {kind: (start, end) for kind, (start, end) in default_schedule(year).items()}
            for kind, (start, end) in changes.items():
                phases[kind] = (dt.date(year, *start), dt.date(year, *end))
            set_schedule(edition, phases=phases, actor=None)
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
    archived = list(Edition.objects.filter(year__in=ARCHIVED_EDITIONS, year__lt=today.year).order_by("year"))
    return archived, Edition.objects.get(year=today.year)


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
        ("juri5", "Dr. Ratna", "Pertiwi", "Universitas Negeri Surabaya", None),
        ("juri6", "Drs. Bambang", "Suryadi, M.Si.", "Ombudsman RI Perwakilan Jawa Timur", None),
        ("juri7", "Dr. Nur", "Hidayati", "Universitas Jember", None),
        ("juri8", "Andi", "Prasetyo, S.Kom.", "Praktisi teknologi layanan publik", None),
        ("juri4", "Ir. Maya", "Kusuma", "Pemerintah Kabupaten Sidoarjo", "Pemerintah Kabupaten Sidoarjo"),
    ]:
        account = _user(username, first, last, f"{username}@example.org")
        Judge.objects.get_or_create(
            user=account,
            defaults={"affiliation": affiliation, "agency": agencies[agency_key] if agency_key else None},
        )
        logins.append((username, "Juri", affiliation))
    return logins
