"""Load the demo: East Java's regions and agencies, the 2023 edition and a current one, one login per role.

Idempotent: running it again changes nothing that exists and creates nothing twice.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from competitions import demo_data
from competitions.enums import AgencyKind, MembershipRole, PhaseKind
from competitions.models import Agency, Edition, Judge, Membership, Organizer, Region, jakarta_today
from competitions.services import create_edition, set_schedule

DEMO_PASSWORD = "kovablik-demo"
THEME_2023 = "Inovasi Pelayanan Publik Sebagai Pengungkit Reformasi Birokrasi Berdampak"


class Command(BaseCommand):
    help = "Create demo regions, agencies, editions and one login per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    @transaction.atomic
    def handle(self, *args, **options):
        regions = self.seed_regions()
        agencies = self.seed_agencies(regions)
        self.seed_editions()
        logins = self.seed_people(agencies)
        if not options["quiet_logins"]:
            self.print_logins(logins)

    def seed_regions(self) -> dict[str, Region]:
        regions = {}
        for code, name, kind in demo_data.regions():
            regions[name], _ = Region.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
        return regions

    def seed_agencies(self, regions) -> dict[str, Agency]:
        surabaya = regions["Kota Surabaya"]
        by_short = {}
        for region in regions.values():
            prefix = "Pemerintah Kabupaten" if region.name.startswith("Kabupaten") else "Pemerintah Kota"
            name = f"{prefix} {region.name.split(' ', 1)[1]}"
            by_short[name], _ = Agency.objects.get_or_create(
                name=name,
                defaults={
                    "short_name": f"Pemkab/Pemkot {region.name.split(' ', 1)[1]}",
                    "kind": AgencyKind.REGENCY_CITY,
                    "region": region,
                },
            )
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

    def seed_editions(self) -> None:
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
            # The demo's schedule is laid around today so that a newcomer sees submission open.
            set_schedule(edition, phases=self.schedule_around(today), actor=None)

    @staticmethod
    def schedule_around(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
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

    def seed_people(self, agencies) -> list[tuple[str, str, str]]:
        users = get_user_model().objects
        logins = []

        def user(username, first, last, email):
            account, created = users.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": email}
            )
            if created:
                account.set_password(DEMO_PASSWORD)
                account.save(update_fields=["password"])
            return account

        organizer = user("organizer", "Rina", "Organisasi", "organizer@example.org")
        Organizer.objects.get_or_create(user=organizer, defaults={"position": "Analis Kelembagaan, Biro Organisasi"})
        logins.append(("organizer", "Biro Organisasi", "—"))

        for username, first, agency_key, role in [
            ("admin.dinkes", "Budi", "Dinkes", MembershipRole.ADMIN),
            ("drafter.dinkes", "Sari", "Dinkes", MembershipRole.DRAFTER),
            ("admin.sidoarjo", "Agus", "Pemerintah Kabupaten Sidoarjo", MembershipRole.ADMIN),
            ("admin.bankjatim", "Dewi", "Bank Jatim", MembershipRole.ADMIN),
        ]:
            account = user(username, first, "Demo", f"{username}@example.org")
            Membership.objects.get_or_create(user=account, defaults={"agency": agencies[agency_key], "role": role})
            logins.append((username, MembershipRole(role).label, agencies[agency_key].name))

        for username, first, last, affiliation, agency_key in [
            ("juri1", "Prof. Hadi", "Santoso", "Universitas Airlangga", None),
            ("juri2", "Dr. Lestari", "Wibowo", "Institut Teknologi Sepuluh Nopember", None),
            ("juri3", "Dr. Yusuf", "Rahman", "Universitas Brawijaya", None),
            ("juri4", "Ir. Maya", "Kusuma", "Pemerintah Kabupaten Sidoarjo", "Pemerintah Kabupaten Sidoarjo"),
        ]:
            account = user(username, first, last, f"{username}@example.org")
            Judge.objects.get_or_create(
                user=account,
                defaults={"affiliation": affiliation, "agency": agencies[agency_key] if agency_key else None},
            )
            logins.append((username, "Juri", affiliation))
        return logins

    def print_logins(self, logins) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, where in logins:
            self.stdout.write(f"  {username:<18} {role:<30} {where}")
