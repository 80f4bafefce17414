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
import math
import random
import statistics
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from competitions import demo_data
from competitions.enums import SECTIONS_BY_GROUP, AgencyKind, GroupKind, MembershipRole, PhaseKind, StageKind
from competitions.models import Agency, Judge, Membership, Organizer, Region, Stage, jakarta_today
from competitions.services import create_edition, set_criteria, set_schedule
from core.models import ActionLog
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal, ProposalSectionText, ReplicationSource
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


def _top_up_passed(edition, ctx: dict, *, group: str, wanted: int, title: str) -> None:
    """Tiny sizes: create passed proposals until `edition` has `wanted` of `group` (a no-op at real sizes)."""
    have = Proposal.objects.filter(edition=edition, group=group, state=ProposalState.PASSED).count()
    if have >= wanted:
        return
    rng: random.Random = ctx["rng"]
    now = timezone.now()
    category = edition.categories.order_by("position", "pk").first()
    created = Proposal.objects.bulk_create(
        Proposal(
            edition=edition,
            agency_id=rng.choice(ctx["agency_ids"]),
            category=category,
            group=group,
            title=f"{title} {n + 1}",
            state=ProposalState.PASSED,
            submitted_at=now,
            declaration_accepted_at=now,
        )
        for n in range(wanted - have)
    )
    ProposalSectionText.objects.bulk_create(
        ProposalSectionText(proposal=proposal, section=section, text=SECTION_TEXT)
        for proposal in created
        for section in SECTIONS_BY_GROUP[proposal.group]
    )


# --- Judging -------------------------------------------------------------------------------------------------------

JUDGES_PER_ENTRY = 3
# The shortlists advanced at the real size: presentation & interview, then field verification.
PRESENTATION_AT_REAL_SIZE = 150
FIELD_AT_REAL_SIZE = 60
# ~6 criteria per stage (issue 6): desk keeps its 7 defaults; presentation and field get 6 each.
BENCH_CRITERIA = {
    StageKind.PRESENTATION: [
        ("Penyampaian", 20),
        ("Substansi dan manfaat", 25),
        ("Replikabilitas", 15),
        ("Jawaban wawancara", 20),
        ("Video", 10),
        ("Kehadiran pimpinan instansi", 10),
    ],
    StageKind.FIELD: [
        ("Bukti sesuai proposal", 25),
        ("Testimoni pengguna", 20),
        ("Keberlanjutan dalam praktik", 20),
        ("Dukungan regulasi", 10),
        ("Pengelolaan pengaduan", 10),
        ("Data kinerja layanan", 15),
    ],
}
# Of the field stage's sheets (the open round): submitted, saved as a draft, not started.
FIELD_SHEET_WEIGHTS = {"submitted": 70, "draft": 15, "empty": 15}


def _panel_pools(judges: list, groups: list[str]) -> dict[str, list]:
    """The judges of each group's panel: shares like the entries' (most judge Umum), at least JUDGES_PER_ENTRY each;
    at small sizes the pools overlap. The bench judge (the first) sits in the Umum panel."""
    pools, start = {}, 0
    for group in groups:
        count = min(len(judges), max(JUDGES_PER_ENTRY, round(len(judges) * GROUP_WEIGHTS[group] / 100)))
        pools[group] = [judges[(start + n) % len(judges)] for n in range(count)]
        start += count
    return pools


def _spread(entries: list, pool: list) -> list[tuple]:
    """(entry, judge) pairs: JUDGES_PER_ENTRY distinct judges per entry, loads within one of each other."""
    stride = max(1, len(pool) // JUDGES_PER_ENTRY)
    return [
        (entry, pool[(index + n * stride) % len(pool)])
        for index, entry in enumerate(entries)
        for n in range(JUDGES_PER_ENTRY)
    ]


def _shortlist(entries: list, totals: dict[int, float], share: float) -> list:
    """The best `share` of each group's entries by their stage score (at least one per group)."""
    chosen = []
    for group in GroupKind.values:
        ranked = sorted((e for e in entries if e.proposal.group == group), key=lambda e: (-totals[e.pk], e.pk))
        if ranked:
            chosen += ranked[: max(1, math.ceil(len(ranked) * share))]
    return sorted(chosen, key=lambda e: e.pk)


def judging(size: int, ctx: dict) -> dict:
    """This year's judging at the point where field verification is under way: administrative screening is over (the
    proposals awaiting it passed, but for agency A's, which the agency pages need as they are, and a quarter of the
    queue kept for the screening pages); desk evaluation and presentation are closed with every sheet submitted, the
    top of each group advanced (~150, then ~60 at the real size); field verification is open, most sheets submitted,
    some drafts, some not started. One panel per group; JUDGES_PER_ENTRY judges per entry in every stage; one Score
    per criterion of the stage; the audit entries scoring leaves (assignments, submissions, drafts, round changes, the
    bench judge's confirmed desk minutes). Rows are written in bulk: the services' rules are what the data respects.
    """
    from judging.audit import SHEETS_CONFIRMED as CONFIRMED
    from judging.enums import RoundState, SheetStatus
    from judging.models import (
        Assignment,
        ConflictDeclaration,
        Panel,
        PanelGroup,
        PanelMember,
        Score,
        ScoreSheet,
        StageEntry,
        StageRound,
    )
    from judging.scoring import sheet_total

    rng: random.Random = ctx["rng"]
    edition = ctx["edition"]
    organizer = ctx["users"]["organizer"]
    now = timezone.now()
    day = dt.timedelta(days=1)

    # Screening is over: the queue passed, but for agency A's proposals and every fourth one still awaiting it.
    keep = {proposal.pk for proposal in ctx["agency_a_proposals"]}
    queue = (
        Proposal.objects.filter(edition=edition, state__in=[ProposalState.SUBMITTED, ProposalState.RETURNED])
        .exclude(pk__in=keep)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    passing = [pk for index, pk in enumerate(queue) if index % 4 != 3]
    Proposal.objects.filter(pk__in=passing).update(state=ProposalState.PASSED)
    _top_up_passed(edition, ctx, group=GroupKind.GENERAL, wanted=4, title="Inovasi Bench dinilai")

    stages = {stage.kind: stage for stage in Stage.objects.filter(edition=edition)}
    for kind, rows in BENCH_CRITERIA.items():
        set_criteria(stages[kind], criteria=[{"name": n, "weight": w} for n, w in rows], actor=None)
    criteria = {kind: list(stage.criteria.order_by("position", "pk")) for kind, stage in stages.items()}

    # One panel per group.
    groups = [group.kind for group in edition.groups.all()]
    groups = [kind for kind in GroupKind.values if kind in groups]
    pools = _panel_pools(ctx["judges"], groups)
    panels = Panel.objects.bulk_create(
        Panel(edition=edition, name=f"Panel {GroupKind(group).label}", description="Tim panel independen bench")
        for group in groups
    )
    PanelGroup.objects.bulk_create(
        PanelGroup(panel=panel, group=group) for panel, group in zip(panels, groups, strict=True)
    )
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, judge=judge)
        for panel, group in zip(panels, groups, strict=True)
        for judge in pools[group]
    )

    # Rounds: desk and presentation closed, field open.
    timeline = {StageKind.DESK: -40, StageKind.PRESENTATION: -15, StageKind.FIELD: -5}
    states = {
        StageKind.DESK: RoundState.CLOSED,
        StageKind.PRESENTATION: RoundState.CLOSED,
        StageKind.FIELD: RoundState.OPEN,
    }
    StageRound.objects.bulk_create(
        StageRound(
            stage=stages[kind],
            state=states[kind],
            blind=kind == StageKind.DESK,
            opened_at=now + timeline[kind] * day,
            closed_at=now + (timeline[kind] + 10) * day if states[kind] == RoundState.CLOSED else None,
        )
        for kind in StageKind.values
    )

    quality = {}  # proposal id → its merit; judges add their own leniency and some noise
    leniency = {judge.pk: rng.uniform(-8, 8) for judge in ctx["judges"]}
    logs: list[ActionLog] = []
    entry_type = ContentType.objects.get_for_model(StageEntry)

    def log(subject_type, subject_id, code, data, when):
        logs.append(
            ActionLog(
                content_type=subject_type,
                object_id=str(subject_id),
                action_type=f"kovablik.judging.{code}",
                actor=organizer if code in ("entries_admitted", "judges_assigned") else None,
                timestamp=when,
                data=data,
            )
        )

    def judge_stage(kind: str, proposals: list, *, sheet_plans) -> tuple[list, dict[int, float]]:
        """Admit `proposals` to the stage, assign judges and score: `sheet_plans(assignments)` says which sheets are
        submitted, drafts or empty. Returns the entries and each one's mean weighted total."""
        stage, stage_criteria = stages[kind], criteria[kind]
        started = now + timeline[kind] * day
        entries = StageEntry.objects.bulk_create(
            StageEntry(stage=stage, proposal=proposal, admitted_at=started, admitted_by=organizer)
            for proposal in proposals
        )
        for entry, proposal in zip(entries, proposals, strict=True):
            entry.proposal = proposal
        pairs = []
        for group in groups:
            pairs += _spread([entry for entry in entries if entry.proposal.group == group], pools[group])
        assignments = Assignment.objects.bulk_create(
            Assignment(entry=entry, judge=judge, assigned_at=started, assigned_by=organizer) for entry, judge in pairs
        )
        by_entry: dict[int, list] = {}
        for assignment in assignments:
            by_entry.setdefault(assignment.entry_id, []).append(assignment.judge_id)
        for entry in entries:
            log(
                entry_type,
                entry.pk,
                "judges_assigned",
                {
                    "stage": stage.pk,
                    "proposal": entry.proposal_id,
                    "before": [],
                    "after": sorted(by_entry[entry.pk]),
                },
                started,
            )
        plans = sheet_plans(assignments)
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(
                assignment=assignment,
                status=SheetStatus.SUBMITTED if plan == "submitted" else SheetStatus.DRAFT,
                version={"submitted": 2, "draft": 1, "empty": 0}[plan],
                updated_at=None if plan == "empty" else started + day,
                submitted_at=started + day if plan == "submitted" else None,
            )
            for assignment, plan in zip(assignments, plans, strict=True)
        )
        scores, totals = [], {}
        for assignment, sheet, plan in zip(assignments, sheets, plans, strict=True):
            if plan == "empty":
                continue
            values = {}
            for position, criterion in enumerate(stage_criteria):
                if plan == "draft" and position >= len(stage_criteria) // 2:
                    break
                merit = quality.setdefault(assignment.entry.proposal_id, rng.uniform(45, 92))
                value = round(merit + leniency[assignment.judge_id] + rng.uniform(-12, 12))
                values[criterion.pk] = (
                    max(0, min(criterion.max_score, value)),
                    "Catatan juri" if position == 0 else "",
                )
            scores += [
                Score(sheet_id=sheet.pk, criterion_id=pk, value=v, note=note) for pk, (v, note) in values.items()
            ]
            sheet.total = sheet_total(values, stage_criteria)
            snapshot = {str(pk): [v, note] for pk, (v, note) in sorted(values.items())}
            data = {
                "stage": stage.pk,
                "proposal": assignment.entry.proposal_id,
                "judge": assignment.judge_id,
                "sheet": sheet.pk,
            }
            when = started + day + dt.timedelta(seconds=len(logs))
            if plan == "submitted":
                log(
                    entry_type,
                    assignment.entry_id,
                    "score_submitted",
                    {
                        **data,
                        "before": {"status": SheetStatus.DRAFT, "version": 1, "overall_note": "", "scores": snapshot},
                        "after": {
                            "status": SheetStatus.SUBMITTED,
                            "version": 2,
                            "overall_note": "",
                            "scores": snapshot,
                        },
                    },
                    when,
                )
                total = sum(values[c.pk][0] * c.weight / c.max_score for c in stage_criteria)
                totals.setdefault(assignment.entry_id, []).append(total)
            else:
                log(
                    entry_type,
                    assignment.entry_id,
                    "score_saved",
                    {
                        **data,
                        "before": {"status": SheetStatus.DRAFT, "version": 0, "overall_note": "", "scores": {}},
                        "after": {"status": SheetStatus.DRAFT, "version": 1, "overall_note": "", "scores": snapshot},
                    },
                    when,
                )
        Score.objects.bulk_create(scores, batch_size=2000)
        ScoreSheet.objects.bulk_update([sheet for sheet in sheets if sheet.total], ["total"], batch_size=1000)
        means = {entry.pk: statistics.mean(totals.get(entry.pk) or [0]) for entry in entries}
        return entries, means

    judged = list(Proposal.objects.filter(edition=edition, state=ProposalState.PASSED, group__in=groups).order_by("pk"))

    def all_submitted(assignments):
        return ["submitted"] * len(assignments)

    def field_plans(assignments):
        """Mostly submitted, some drafts, some not started; the bench judge's first entry is a draft (the scoring page
        shows an editable form), the others submitted."""
        plans = [
            "submitted"
            if assignment.judge_id == bench_judge.pk
            else rng.choices(list(FIELD_SHEET_WEIGHTS), weights=list(FIELD_SHEET_WEIGHTS.values()))[0]
            for assignment in assignments
        ]
        plans[next(i for i, assignment in enumerate(assignments) if assignment.judge_id == bench_judge.pk)] = "draft"
        return plans

    bench_judge = ctx["judges"][0]
    desk, desk_totals = judge_stage(StageKind.DESK, judged, sheet_plans=all_submitted)
    presentation_share = min(1.0, scaled(size, PRESENTATION_AT_REAL_SIZE, minimum=1) / max(1, len(desk)))
    shortlisted = _shortlist(desk, desk_totals, presentation_share)
    presentation, presentation_totals = judge_stage(
        StageKind.PRESENTATION, [entry.proposal for entry in shortlisted], sheet_plans=all_submitted
    )
    field_share = min(1.0, scaled(size, FIELD_AT_REAL_SIZE, minimum=1) / max(1, len(presentation)))
    finalists = _shortlist(presentation, presentation_totals, field_share)
    field, _totals = judge_stage(StageKind.FIELD, [entry.proposal for entry in finalists], sheet_plans=field_plans)

    # Round changes and the bench judge's confirmed minutes of desk evaluation.
    round_type = ContentType.objects.get_for_model(StageRound)
    for stage_round in StageRound.objects.filter(stage__edition=edition):
        log(
            round_type,
            stage_round.pk,
            "round_opened",
            {"stage": stage_round.stage_id, "from": "preparing", "to": "open"},
            stage_round.opened_at,
        )
        if stage_round.closed_at:
            log(
                round_type,
                stage_round.pk,
                "round_closed",
                {"stage": stage_round.stage_id, "from": "open", "to": "closed"},
                stage_round.closed_at,
            )
    desk_sheets = ScoreSheet.objects.filter(
        assignment__judge=bench_judge, assignment__entry__stage=stages[StageKind.DESK]
    )
    confirmed_at = now + (timeline[StageKind.DESK] + 11) * day
    logs.append(
        ActionLog(
            content_type=ContentType.objects.get_for_model(bench_judge),
            object_id=str(bench_judge.pk),
            action_type=CONFIRMED,
            actor=bench_judge.user,
            timestamp=confirmed_at,
            data={
                "stage": stages[StageKind.DESK].pk,
                "judge": bench_judge.pk,
                "name": bench_judge.user.get_full_name(),
                "confirmed_at": confirmed_at.isoformat(),
                "sheets": {str(pk): version for pk, version in desk_sheets.values_list("pk", "version")},
            },
        )
    )
    ActionLog.objects.bulk_create(logs, batch_size=1000)

    # A few declared conflicts on desk entries that went no further, by judges not on them.
    shortlisted_ids = {entry.pk for entry in shortlisted}
    assigned = set(Assignment.objects.filter(entry__in=desk).values_list("entry_id", "judge_id"))
    conflicts = []
    for judge in pools[GroupKind.GENERAL][1 : 1 + max(1, len(ctx["judges"]) // 10)]:
        entry = next(
            (
                e
                for e in desk
                if e.pk not in shortlisted_ids
                and (e.pk, judge.pk) not in assigned
                and e.proposal.group == GroupKind.GENERAL
            ),
            None,
        )
        if entry is not None:
            conflicts.append(
                ConflictDeclaration(
                    judge=judge,
                    proposal_id=entry.proposal_id,
                    reason="Pernah menjadi konsultan instansi ini.",
                    declared_by=judge.user,
                )
            )
    ConflictDeclaration.objects.bulk_create(conflicts)

    mine = Assignment.objects.filter(judge=bench_judge).select_related("entry__stage", "sheet").order_by("pk")
    field_draft = next(a for a in mine if a.entry.stage.kind == StageKind.FIELD and a.sheet.status == SheetStatus.DRAFT)
    desk_mine = next(a for a in mine if a.entry.stage.kind == StageKind.DESK)
    return {
        "stages": stages,
        "panel": panels[0],
        "bench_judge": bench_judge,
        "judge_field_entry": field_draft.entry,
        "judge_desk_assignment": desk_mine,
        "desk_entry": desk_mine.entry,
        "presentation_entries": presentation,
        "field_entries": field,
    }


def schedule(size: int, ctx: dict) -> dict:
    """The presentation schedule as the closed Tahap II left it: each group's panel sat in morning sessions of four
    hours, every presentation entry had a slot, the schedule was published and most agencies confirmed. Rows only,
    in bulk (the fill's rules are tested in tests/judging/test_schedule_filling.py)."""
    from judging.models import PanelGroup, PresentationSession, PresentationSlot, StageRound

    edition = ctx["edition"]
    stage = ctx["stages"][StageKind.PRESENTATION]
    length, step = edition.slot_length, edition.slot_step
    panel_of = dict(PanelGroup.objects.filter(panel__edition=edition).values_list("group", "panel_id"))
    first_day = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) - dt.timedelta(days=20)
    sessions, slots = [], []
    for group in GroupKind.values:
        entries = [entry for entry in ctx["presentation_entries"] if entry.proposal.group == group]
        per_session = int((dt.timedelta(hours=4) - length) / step) + 1
        for number in range(0, len(entries), per_session):
            start = first_day + dt.timedelta(days=number // per_session)
            session = PresentationSession(
                stage=stage,
                panel_id=panel_of[group],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=4),
                meeting_url=f"https://meet.example.go.id/tahap2-{group}-{number}",
            )
            sessions.append(session)
            for index, entry in enumerate(entries[number : number + per_session]):
                slots.append((session, entry, start + index * step))
    PresentationSession.objects.bulk_create(sessions)
    PresentationSlot.objects.bulk_create(
        PresentationSlot(
            session=session,
            entry=entry,
            starts_at=starts_at,
            ends_at=starts_at + length,
            confirmed_at=starts_at - dt.timedelta(days=3) if index % 5 else None,
            presenter_name="Kepala Bidang Pelayanan" if index % 5 else "",
            head_attends=bool(index % 2) if index % 5 else None,
        )
        for index, (session, entry, starts_at) in enumerate(slots)
    )
    StageRound.objects.filter(stage=stage).update(schedule_published_at=first_day - dt.timedelta(days=7))
    return {"schedule_slots": len(slots)}


def visits(size: int, ctx: dict) -> dict:
    """Field verification as the closed field stage left it: the standard checklist, a published visit for every
    field entry by its judges, each report answered with a testimony and two photos, most confirmed. Rows only,
    in bulk (the rules are tested in tests/judging/test_visits.py)."""
    from judging.enums import DEFAULT_CHECKLIST
    from judging.models import (
        Assignment,
        ChecklistAnswer,
        ChecklistItem,
        FieldVisit,
        StageRound,
        Testimony,
        VisitConfirmation,
        VisitPhoto,
    )

    edition = ctx["edition"]
    stage = ctx["stages"][StageKind.FIELD]
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(edition=edition, position=(n + 1) * 10, text=str(text), help_text=str(help_text))
        for n, (text, help_text) in enumerate(DEFAULT_CHECKLIST)
    )
    entries = list(ctx["field_entries"])
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=10)
    visits = FieldVisit.objects.bulk_create(
        FieldVisit(
            entry=entry,
            starts_at=start + dt.timedelta(days=index // 3, hours=3 * (index % 3)),
            mode="on_site" if index % 4 else "online",
            address=f"Jl. Pelayanan {index + 1}, Surabaya" if index % 4 else "",
            meeting_url="" if index % 4 else f"https://meet.example.go.id/verifikasi-{index}",
            contact_name="Kepala Bidang Pelayanan",
            summary="Layanan berjalan sesuai proposal; pengguna membenarkan manfaatnya.",
            version=3,
            confirmed_at=start + dt.timedelta(days=index // 3 + 1) if index % 5 else None,
        )
        for index, entry in enumerate(entries)
    )
    by_entry = {visit.entry_id: visit for visit in visits}
    judges = [
        FieldVisit.judges.through(fieldvisit_id=by_entry[entry_id].pk, judge_id=judge_id)
        for entry_id, judge_id in Assignment.objects.filter(entry__in=entries).values_list("entry_id", "judge_id")
    ]
    FieldVisit.judges.through.objects.bulk_create(judges)
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(visit=visit, item=item, verdict="yes" if (visit.pk + item.pk) % 4 else "partly", note="Sesuai.")
        for visit in visits
        for item in items
    )
    Testimony.objects.bulk_create(
        Testimony(visit=visit, relation="Pengguna layanan", statement="Antrean jauh lebih singkat.", consent=True)
        for visit in visits
    )
    VisitPhoto.objects.bulk_create(
        VisitPhoto(
            visit=visit,
            image=f"visits/bench/{visit.pk}-{n}.jpg",
            thumbnail=f"visits/thumbnails/bench/{visit.pk}-{n}.jpg",
            original_name=f"IMG_{visit.pk:04d}{n}.jpg",
            size=2_400_000,
            content_type="image/jpeg",
            caption="Loket pelayanan",
        )
        for visit in visits
        for n in range(2)
    )
    confirmed = {visit.pk for visit in visits if visit.confirmed_at}
    VisitConfirmation.objects.bulk_create(
        VisitConfirmation(visit_id=row.fieldvisit_id, judge_id=row.judge_id)
        for row in judges
        if row.fieldvisit_id in confirmed
    )
    StageRound.objects.filter(stage=stage).update(schedule_published_at=start - dt.timedelta(days=7))
    return {"bench_visit": by_entry[ctx["judge_field_entry"].pk]}


# --- Finalists, objections and the catalogue ----------------------------------------------------------------------

OBJECTIONS_AT_REAL_SIZE = 40
CATALOGUE_LISTINGS_AT_REAL_SIZE = 150
# A tiny PDF (the evidence download streams it; nothing parses it).
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def finalists(size: int, ctx: dict) -> dict:
    """This year's finalists (the entries admitted to presentation) announced today with a 5-day objection period,
    and objections against them (~40 at the real size), half answered, one with an evidence file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from publication.catalogue.enums import DEFAULT_OBJECTION_DAYS, ObjectionOutcome
    from publication.models import Finalist, FinalistList, Objection
    from publication.objections.services import FINALISTS_PUBLISHED, last_day_for

    edition, organizer = ctx["edition"], ctx["users"]["organizer"]
    stage = ctx["stages"][StageKind.PRESENTATION]
    now = timezone.now()
    finalist_list = FinalistList.objects.create(
        edition=edition,
        stage=stage,
        announcement="Finalis KOVABLIK diumumkan; masa sanggah lima hari.",
        objection_days=DEFAULT_OBJECTION_DAYS,
        objections_close_on=last_day_for(now, DEFAULT_OBJECTION_DAYS),
        published_at=now - dt.timedelta(hours=2),
        published_by=organizer,
    )
    proposal_ids = sorted(entry.proposal_id for entry in ctx["presentation_entries"])
    listed = Finalist.objects.bulk_create(
        Finalist(finalist_list=finalist_list, proposal_id=proposal_id) for proposal_id in proposal_ids
    )
    ActionLog.objects.create(
        content_type=ContentType.objects.get_for_model(FinalistList),
        object_id=str(finalist_list.pk),
        action_type=FINALISTS_PUBLISHED,
        actor=organizer,
        data={
            "stage": stage.kind,
            "days": DEFAULT_OBJECTION_DAYS,
            "closes_on": finalist_list.objections_close_on.isoformat(),
            "finalists": proposal_ids,
        },
    )
    answers = [ObjectionOutcome.DISMISSED, ObjectionOutcome.NOTED, ObjectionOutcome.UPHELD]
    objections = []
    for n in range(scaled(size, OBJECTIONS_AT_REAL_SIZE, minimum=2)):
        outcome = ObjectionOutcome.PENDING if n % 2 == 0 else answers[n // 2 % len(answers)]
        decided = outcome != ObjectionOutcome.PENDING
        objections.append(
            Objection(
                finalist=listed[(n * 7) % len(listed)],
                name=f"Warga Bench {n + 1}",
                contact=f"warga{n + 1}@example.org",
                reason="Inovasi ini belum berjalan satu tahun ketika proposal dikirim. " * 3,
                filed_at=now - dt.timedelta(minutes=90 - n),
                outcome=outcome,
                response="Sudah diperiksa bersama dewan juri." if decided else "",
                responded_at=now if decided else None,
                responded_by=organizer if decided else None,
            )
        )
    objections[0].evidence.name = default_storage.save("objections/be/bench-evidence.pdf", ContentFile(EVIDENCE_PDF))
    objections[0].evidence_name = "bukti.pdf"
    objections[0].evidence_size = len(EVIDENCE_PDF)
    objections[0].evidence_content_type = "application/pdf"
    created = Objection.objects.bulk_create(objections)
    return {"finalist": listed[0], "objection": created[0]}


def catalogue(size: int, ctx: dict) -> dict:
    """Last year's catalogue beyond its winners: the organizers listed ~150 more of its passed innovations, some
    replicate a winner, the top winners went on to the national competition, and agency B (whose admin the card
    pages are timed as) has a winner and a listed innovation with a history of card updates."""
    from publication.catalogue.enums import CardStatus
    from publication.enums import NationalOutcome
    from publication.models import Award, CardUpdate, CatalogueListing, NationalNomination

    previous, organizer, agency_b = ctx["previous_edition"], ctx["users"]["organizer"], ctx["agency_b"]
    now = timezone.now()
    awarded = set(Award.objects.filter(edition=previous).values_list("proposal_id", flat=True))
    passed = Proposal.objects.filter(edition=previous, state=ProposalState.PASSED, group=GroupKind.GENERAL)
    if passed.exclude(pk__in=awarded).count() < 2:  # tiny sizes: one to list and one to leave for the organizers
        _top_up_passed(previous, ctx, group=GroupKind.GENERAL, wanted=len(awarded) + 2, title="Inovasi Bench lalu")
    candidates = list(
        Proposal.objects.filter(edition=previous, state=ProposalState.PASSED).exclude(pk__in=awarded).order_by("pk")
    )
    listed = candidates[: min(scaled(size, CATALOGUE_LISTINGS_AT_REAL_SIZE, minimum=1), len(candidates) - 1)]
    CatalogueListing.objects.bulk_create(
        CatalogueListing(proposal=proposal, note="Layak ditiru", listed_at=now, listed_by=organizer)
        for proposal in listed
    )
    winner = ctx["published_award"].proposal
    mine = [winner, listed[0]]
    Proposal.objects.filter(pk__in=[proposal.pk for proposal in mine]).update(
        agency=agency_b, region_id=agency_b.region_id
    )
    replications = [proposal.pk for proposal in listed[1:] if proposal.group == GroupKind.REPLICATION][:5]
    ReplicationSource.objects.bulk_create(
        ReplicationSource(proposal_id=pk, position=1, source=winner, reason="Layanan serupa di daerah kami.")
        for pk in replications
    )
    ranked = Award.objects.filter(edition=previous, rank__isnull=False).order_by("rank", "pk")[:3]
    NationalNomination.objects.bulk_create(
        NationalNomination(proposal_id=award.proposal_id, year=previous.year, outcome=NationalOutcome.TOP_99)
        for award in ranked
    )
    statuses = list(CardStatus.values)
    updates = [
        CardUpdate(
            proposal=proposal,
            status=statuses[n % len(statuses)],
            impact=f"{1200 * (n + 1)} warga terlayani; waktu layanan turun {10 + n} persen.",
            replicated_by="Kabupaten Bench" if n else "",
            contact_name="Admin Inovasi",
            contact_email="inovasi@example.org",
            created_at=now - dt.timedelta(days=90 * (3 - n)),
            created_by=ctx["users"]["agency_admin_b"],
        )
        for proposal in mine
        for n in range(3)
    ]
    updates += [
        CardUpdate(proposal=proposal, status=CardStatus.ACTIVE, impact="Masih berjalan.", created_at=now)
        for proposal in listed[1::5]
    ]
    CardUpdate.objects.bulk_create(updates)
    return {
        "catalogue_innovation": winner,
        "listed_innovation": listed[-1],
        "unlisted_candidate": candidates[-1],
    }


STEPS: list[Step] = [
    regions,
    agencies,
    editions,
    people,
    proposals,
    attachments,
    published_awards,
    judging,
    schedule,
    visits,
    finalists,
    catalogue,
]


def generate(size: int, *, steps: list[Step] | None = None) -> dict:
    """Run the steps in order and return the shared context (users by role, editions, agencies, ...)."""
    ctx: dict = {"size": size, "rng": random.Random(SEED)}
    for step in steps if steps is not None else STEPS:
        ctx.update(step(size, ctx) or {})
    return ctx
