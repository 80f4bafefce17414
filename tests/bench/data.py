"""Bench data at a given size (the number of proposals), built by a list of steps.

Each step is a function `step(size, ctx) -> dict`: it reads what earlier steps left in the shared context `ctx`
and returns the objects or ids it made, which `generate` merges into `ctx`. Later issues append steps (scores,
awards, ...) to STEPS instead of rewriting this module. Steps write with bulk_create where volume grows with the
size, so 13,000 proposals take seconds, and go through the services where the portal's own rules build an object
(an edition with its configuration).

Proportions follow the real competition at size 1,300: ~1,000 agencies (East Java has ~1,071 public service
units), 60 judges, 2 editions. Agencies and judges grow with the size, so ten times the size is ten times the data.
"""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from competitions import demo_data
from competitions.enums import AgencyKind, MembershipRole, PhaseKind
from competitions.models import Agency, Judge, Membership, Organizer, Region, jakarta_today
from competitions.services import create_edition, set_schedule

Step = Callable[[int, dict], dict]

SEED = 1300
REAL_SIZE = 1300
AGENCIES_AT_REAL_SIZE = 1000
JUDGES_AT_REAL_SIZE = 60


def scaled(size: int, at_real_size: int, *, minimum: int) -> int:
    return max(minimum, round(size * at_real_size / REAL_SIZE))


def regions(size: int, ctx: dict) -> dict:
    Region.objects.bulk_create(Region(code=code, name=name, kind=kind) for code, name, kind in demo_data.regions())
    return {"regions": list(Region.objects.order_by("code"))}


def agencies(size: int, ctx: dict) -> dict:
    """~1,000 agencies at the real size: the 38 regency/city governments, provincial agencies, BUMD and, most
    of all, technical units (UPT) under the provincial agencies."""
    rng: random.Random = ctx["rng"]
    region_list = ctx["regions"]
    total = scaled(size, AGENCIES_AT_REAL_SIZE, minimum=6)
    regency_count = min(len(region_list), max(1, total // 4))
    provincial_count = max(1, total // 25)
    bumd_count = max(1, total // 100)
    unit_count = total - regency_count - provincial_count - bumd_count
    surabaya = next(region for region in region_list if region.name == "Kota Surabaya")

    provincial = Agency.objects.bulk_create(
        Agency(
            name=f"Dinas Bench {n} Provinsi Jawa Timur",
            short_name=f"DB{n}",
            kind=AgencyKind.PROVINCIAL,
            region=surabaya,
        )
        for n in range(1, provincial_count + 1)
    )
    others = [
        Agency(name=f"Pemerintah {region.name}", short_name=region.name, kind=AgencyKind.REGENCY_CITY, region=region)
        for region in region_list[:regency_count]
    ]
    others += [
        Agency(name=f"PT Bench Jatim {n} (Perseroda)", short_name=f"BJ{n}", kind=AgencyKind.BUMD, region=surabaya)
        for n in range(1, bumd_count + 1)
    ]
    others += [
        Agency(
            name=f"UPT Bench {n}",
            short_name=f"UPT{n}",
            kind=AgencyKind.UNIT,
            parent=provincial[n % provincial_count],
            region=rng.choice(region_list),
        )
        for n in range(1, unit_count + 1)
    ]
    Agency.objects.bulk_create(others)
    agency_ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    # The logged-in agency admins act for two provincial agencies, the kind with units and most proposals.
    return {
        "agency_ids": agency_ids,
        "agency_a": provincial[0],
        "agency_b": provincial[-1] if provincial_count > 1 else Agency.objects.exclude(pk=provincial[0].pk).first(),
    }


def editions(size: int, ctx: dict) -> dict:
    """Last year's edition (archived) and this year's, scheduled so that submission is open today."""
    today = jakarta_today()
    previous = create_edition(
        year=today.year - 1, number=today.year - 2016, theme="Tema bench lalu", actor=None, is_public=True
    )
    current = create_edition(year=today.year, number=today.year - 2015, theme="Tema bench", actor=None, is_public=True)
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
    set_schedule(current, phases={kind: (today + a * day, today + b * day) for kind, a, b in plan}, actor=None)
    return {"edition": current, "previous_edition": previous, "editions": [previous, current]}


def people(size: int, ctx: dict) -> dict:
    """One account per role the pages are timed as, plus the jury (60 judges at the real size)."""
    User = get_user_model()
    judge_count = scaled(size, JUDGES_AT_REAL_SIZE, minimum=3)
    password = make_password(None)
    usernames = ["bench.organizer", "bench.admin.a", "bench.admin.b", "bench.drafter.a"]
    usernames += [f"bench.judge{n}" for n in range(1, judge_count + 1)]
    User.objects.bulk_create(
        User(
            username=name,
            first_name=name.split(".")[-1].title(),
            last_name="Bench",
            email=f"{name}@example.org",
            password=password,
        )
        for name in usernames
    )
    by_name = User.objects.in_bulk(usernames, field_name="username")
    Organizer.objects.create(user=by_name["bench.organizer"], position="Biro Organisasi")
    Membership.objects.bulk_create(
        [
            Membership(user=by_name["bench.admin.a"], agency=ctx["agency_a"], role=MembershipRole.ADMIN),
            Membership(user=by_name["bench.admin.b"], agency=ctx["agency_b"], role=MembershipRole.ADMIN),
            Membership(user=by_name["bench.drafter.a"], agency=ctx["agency_a"], role=MembershipRole.DRAFTER),
        ]
    )
    judges = Judge.objects.bulk_create(
        Judge(user=by_name[f"bench.judge{n}"], affiliation=f"Universitas Bench {n % 7}")
        for n in range(1, judge_count + 1)
    )
    users = {
        "organizer": by_name["bench.organizer"],
        "agency_admin": by_name["bench.admin.a"],
        "agency_admin_b": by_name["bench.admin.b"],
        "drafter": by_name["bench.drafter.a"],
        "judge": by_name["bench.judge1"],
    }
    return {"users": users, "judges": judges}


STEPS: list[Step] = [regions, agencies, editions, people]


def generate(size: int, *, steps: list[Step] | None = None) -> dict:
    """Run the steps in order and return the shared context (users by role, editions, agencies, ...)."""
    ctx: dict = {"size": size, "rng": random.Random(SEED)}
    for step in steps if steps is not None else STEPS:
        ctx.update(step(size, ctx) or {})
    return ctx
