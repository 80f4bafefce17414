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
from django.utils import timezone

from competitions import demo_data
from competitions.enums import SECTIONS_BY_GROUP, AgencyKind, GroupKind, MembershipRole, PhaseKind
from competitions.models import Agency, Judge, Membership, Organizer, Region, jakarta_today
from competitions.services import create_edition, set_schedule
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal, ProposalSectionText
from proposals.uploads import required_kinds

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


# Shares at the real competition: most entries are Umum, a few Replikasi, Khusus by invitation.
GROUP_WEIGHTS = {GroupKind.GENERAL: 80, GroupKind.REPLICATION: 15, GroupKind.SPECIAL: 5}
# Last year's entries are all decided; this year's are spread over the submission and screening states.
STATE_WEIGHTS = {
    "previous": {ProposalState.PASSED: 40, ProposalState.REJECTED: 45, ProposalState.WITHDRAWN: 15},
    "current": {
        ProposalState.DRAFT: 25,
        ProposalState.SUBMITTED: 40,
        ProposalState.RETURNED: 5,
        ProposalState.PASSED: 25,
        ProposalState.REJECTED: 3,
        ProposalState.WITHDRAWN: 2,
    },
}
SECTION_TEXT = " ".join(["Inovasi pelayanan publik yang memangkas waktu layanan bagi warga."] * 6)
AGENCY_A_PROPOSALS = [ProposalState.SUBMITTED] * 3 + [ProposalState.DRAFT] * 2


def proposals(size: int, ctx: dict) -> dict:
    """`size` proposals over ~1,000 agencies and both editions, half each, with the narrative sections of their
    group. Agency A, whose admin the agency pages are timed as, has its quota of 3 submitted plus 2 drafts."""
    rng: random.Random = ctx["rng"]
    now = timezone.now()
    agency_ids = ctx["agency_ids"]
    agency_a = ctx["agency_a"]
    regions_by_agency = dict(Agency.objects.values_list("pk", "region_id"))
    creator = ctx["users"]["agency_admin"]
    categories = {edition.pk: list(edition.categories.all()) for edition in ctx["editions"]}
    rows = []
    for n in range(size):
        current = n % 2 == 0 or n < len(AGENCY_A_PROPOSALS)
        edition = ctx["edition"] if current else ctx["previous_edition"]
        if n < len(AGENCY_A_PROPOSALS):
            agency_id, state = agency_a.pk, AGENCY_A_PROPOSALS[n]
        else:
            agency_id = rng.choice(agency_ids)
            weights = STATE_WEIGHTS["current" if current else "previous"]
            state = rng.choices(list(weights), weights=list(weights.values()))[0]
        group = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
        submitted = state not in (ProposalState.DRAFT, ProposalState.WITHDRAWN)
        rows.append(
            Proposal(
                edition=edition,
                agency_id=agency_id,
                category=rng.choice(categories[edition.pk]),
                group=group,
                title=f"Inovasi Bench {n + 1}",
                implementation_started_on=dt.date(edition.year - 2, 1 + n % 12, 1),
                innovator_name=f"Inovator {n + 1}",
                innovator_email=f"inovator{n + 1}@example.org",
                region_id=regions_by_agency[agency_id],
                state=state,
                submitted_at=now if submitted else None,
                declaration_accepted_at=now if submitted else None,
                created_by=creator,
            )
        )
    created = Proposal.objects.bulk_create(rows, batch_size=1000)
    ProposalSectionText.objects.bulk_create(
        (
            ProposalSectionText(proposal=proposal, section=section, text=SECTION_TEXT)
            for proposal in created
            for section in SECTIONS_BY_GROUP[proposal.group]
        ),
        batch_size=2000,
    )
    return {
        "proposal_ids": [proposal.pk for proposal in created],
        "agency_a_proposals": created[: len(AGENCY_A_PROPOSALS)],
    }


def attachments(size: int, ctx: dict) -> dict:
    """The required attachments of every proposal that was submitted (rows only: pages list them, none is read)."""
    submitted = Proposal.objects.filter(pk__in=ctx["proposal_ids"]).exclude(
        state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN]
    )
    Attachment.objects.bulk_create(
        (
            Attachment(
                proposal_id=pk,
                kind=kind,
                file=f"attachments/bench/{pk}-{kind}.pdf",
                original_name=f"{kind}.pdf",
                size=180_000,
                content_type="application/pdf",
            )
            for pk, group in submitted.values_list("pk", "group")
            for kind in required_kinds(group)
        ),
        batch_size=2000,
    )
    return {}


def published_awards(size: int, ctx: dict) -> dict:
    """Last year's published results: the Top N of each group among its passed entries (by id: the ranking's own
    cost is judging's to bench), a named award, and the publication record (rows only, as a publish leaves them)."""
    from publication.enums import AwardKind, AwardState, PublicationState
    from publication.models import Award, Publication

    previous = ctx["previous_edition"]
    now = timezone.now()
    passed = Proposal.objects.filter(edition=previous, state=ProposalState.PASSED)
    if not passed.exists():  # tiny sizes: every proposal went to this year's edition
        Proposal.objects.create(
            edition=previous,
            agency=ctx["agency_a"],
            category=previous.categories.first(),
            group=GroupKind.GENERAL,
            title="Inovasi Bench juara",
            state=ProposalState.PASSED,
            submitted_at=now,
        )
    awards = []
    for group in previous.groups.all():
        ids = passed.filter(group=group.kind).order_by("pk").values_list("pk", flat=True)[: group.winners_count]
        awards += [
            Award(
                edition=previous,
                proposal_id=pk,
                kind=AwardKind.RANKED,
                group=group.kind,
                rank=rank,
                ranking_position=rank,
                state=AwardState.PUBLISHED,
                published_at=now,
                certificate_size=2700,
            )
            for rank, pk in enumerate(ids, start=1)
        ]
    extra = passed.order_by("-pk").first()
    awards.append(
        Award(
            edition=previous,
            proposal=extra,
            kind=AwardKind.SPECIAL,
            group=extra.group,
            title="Inovasi Favorit",
            state=AwardState.PUBLISHED,
            published_at=now,
        )
    )
    created = Award.objects.bulk_create(awards)
    Publication.objects.create(
        edition=previous, state=PublicationState.PUBLISHED, published_at=now, first_published_at=now, prefilled_at=now
    )
    return {"published_award": created[0]}


STEPS: list[Step] = [regions, agencies, editions, people, proposals, attachments, published_awards]


def generate(size: int, *, steps: list[Step] | None = None) -> dict:
    """Run the steps in order and return the shared context (users by role, editions, agencies, ...)."""
    ctx: dict = {"size": size, "rng": random.Random(SEED)}
    for step in steps if steps is not None else STEPS:
        ctx.update(step(size, ctx) or {})
    return ctx
