"""Seeding the demo above competitions: the archived editions 2019 to last year entered, judged and published as
the real ones went (2023 with its 210 entries), and a few proposals of the demo agency admins in the current
edition. Called by the `seed_demo` command; idempotent (each part is skipped when its data exists). Titles and
narratives come per sector from demo_innovations; replications name earlier demo winners, so lineage runs across
years; Kelompok Khusus entries continue an earlier winner of the invited agency.

The archived entries, judges' sheets and scores are written in bulk, consistent with the judging models' constraints
(one sheet per assignment, one score per criterion, values in 0..max), as test data is: a real season would have
written them through judging.services one score at a time. The awards go through publication.awards.services, so the
published results, certificates and audit trail are exactly what organizers produce.
"""

import datetime as dt
import io
import random
from collections import Counter

from django.contrib.auth import get_user_model

from competitions.enums import SECTIONS_BY_GROUP, AgencyKind, GroupKind, PhaseKind, StageKind
from competitions.models import JAKARTA, Agency, Criterion, Edition, Judge, SpecialGroupInvitation
from competitions.services import invite_to_special_group
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, Panel, PanelGroup, PanelMember, Score, ScoreSheet, StageEntry, StageRound
from judging.scoring import store_totals
from proposals import attachments
from proposals import services as proposal_services
from proposals.enums import FormStep, ProposalState
from proposals.models import Proposal, ProposalSectionText, ReplicationSource
from proposals.steps import sections_for_step
from proposals.uploads import clean_pdf, required_kinds
from publication.awards import services
from publication.demo_innovations import continued, idea_of, innovation_for, narratives, replica_of, sectors_open_to
from publication.eligibility import award_label, invitation_grounds
from publication.enums import AwardKind, AwardState, NationalOutcome, PublicationState
from publication.models import Award, FinalistList, InvitationAward, Publication
from publication.objections import services as objections

# How each archived edition went: entries, and how many per group the shortlist took to presentation and field.
ENTRIES = {2019: 96, 2020: 118, 2021: 142, 2022: 176, 2023: 210, 2024: 204, 2025: 216}
SHORTLIST = {GroupKind.GENERAL: 45, GroupKind.REPLICATION: 8, GroupKind.SPECIAL: 5}
SHARE_REPLICATION, SHARE_SPECIAL = 0.10, 0.04
REJECTED_SHARE = 0.03  # refused at administrative screening, so never judged
JUDGES_PER_EDITION = 5
EXTRA_AWARDS = [
    (AwardKind.SPECIAL, "Kabupaten/Kota Terbaik", AgencyKind.REGENCY_CITY),
    (AwardKind.SPECIAL, "Perangkat Daerah Terbaik", AgencyKind.PROVINCIAL),
    (AwardKind.NOMINATION, "Inovasi Favorit", None),
]
# National outcomes (KIPP) of the top entries, per edition; the round is the first one held after the edition
# (KIPP 2024 was not held, so the 2023 winners went on to KIPP 2025). Later editions have none recorded yet.
NATIONAL = {
    2019: {GroupKind.GENERAL: [NationalOutcome.TOP_99, NationalOutcome.TOP_99]},
    2021: {GroupKind.GENERAL: [NationalOutcome.TOP_45, NationalOutcome.TOP_99, NationalOutcome.NOT_SELECTED]},
    2023: {
        GroupKind.GENERAL: [
            NationalOutcome.TOP_45,
            NationalOutcome.TOP_99,
            NationalOutcome.TOP_99,
            NationalOutcome.NOT_SELECTED,
        ],
        GroupKind.SPECIAL: [NationalOutcome.TOP_15_SPECIAL],
    },
}
DEMO_SITE_URL = "http://127.0.0.1:8000"
STAGE_PHASES = {
    StageKind.DESK: PhaseKind.DESK_EVALUATION,
    StageKind.PRESENTATION: PhaseKind.PRESENTATION,
    StageKind.FIELD: PhaseKind.FIELD_VERIFICATION,
}
FINALIST_OBJECTION_DAYS = 5
# Replications in the first demo edition name innovations from before the portal.
OUTSIDE_SOURCES = [
    ("Suroboyo Single Window", "Pemerintah Kota Surabaya", 2016),
    ("Smart Kampung", "Pemerintah Kabupaten Banyuwangi", 2017),
    ("Lumbung Pangan Desa", "Pemerintah Kabupaten Bojonegoro", 2018),
]


def _holders() -> list[Agency]:
    """Who submits: every agency without a parent (a unit submits on its parent's places)."""
    return list(Agency.objects.filter(parent__isnull=True, is_active=True).select_related("region").order_by("name"))


def _entrants(year: int, count: int, rng: random.Random) -> list[Agency]:
    """`count` submitting agencies, at most 3 per quota holder: regency/city governments use more of their places
    than provincial agencies and BUMD; some of a provincial agency's places go to its units."""
    holders = _holders()
    units: dict[int, list[Agency]] = {}
    for unit in Agency.objects.filter(parent__isnull=False).select_related("region").order_by("name"):
        units.setdefault(unit.parent_id, []).append(unit)
    places = {agency.pk: 0 for agency in holders}
    order = sorted(holders, key=lambda a: (a.kind != AgencyKind.REGENCY_CITY, rng.random()))
    picked: list[Agency] = []
    for round_ in range(3):
        for agency in order:
            if len(picked) == count:
                return picked
            if round_ and agency.kind != AgencyKind.REGENCY_CITY and rng.random() < 0.35:
                continue  # not every agency uses all its places
            places[agency.pk] += 1
            own_units = units.get(agency.pk, [])
            picked.append(rng.choice(own_units) if own_units and rng.random() < 0.4 else agency)
    return picked


def _earlier_winners(year: int) -> list[Award]:
    return list(
        Award.objects.filter(
            edition__year__lt=year, state=AwardState.PUBLISHED, kind__in=(AwardKind.RANKED, AwardKind.SPECIAL)
        )
        .select_related("proposal__agency", "proposal__edition", "edition")
        .order_by("edition__year", "rank", "pk")
    )


def seed_archived_edition(edition: Edition, *, organizer) -> bool:
    """Enter, screen, judge and publish one archived edition, as the real one went (ENTRIES entries; Top 30, 5
    and 3; named awards; national outcomes). Returns False when it has entries already (then only what is missing
    of its publication is done)."""
    if Proposal.objects.filter(edition=edition).exists():
        _publish(edition, organizer=organizer)
        return False
    year = edition.year
    rng = random.Random(year)  # noqa: S311 - a repeatable demo, not a secret
    entrants = _entrants(year, ENTRIES.get(year, 120), rng)
    turns = Counter(Proposal.objects.values_list("agency_id", flat=True))
    categories = {category.name: category for category in edition.categories.all()}
    phases = {phase.kind: phase for phase in edition.phases.all()}
    submission = phases[PhaseKind.SUBMISSION]
    winners = _earlier_winners(year)
    # Kelompok Khusus: earlier winners (at least a year old) whose agency is invited to develop them further.
    special_pool = [w for w in winners if w.edition.year <= year - 1 and w.proposal.group != GroupKind.SPECIAL]
    rng.shuffle(special_pool)
    specials = {}
    for win in special_pool:
        if len(specials) >= max(3, round(len(entrants) * SHARE_SPECIAL)):
            break
        specials.setdefault(win.proposal.agency_id, win)
    replications = round(len(entrants) * SHARE_REPLICATION)

    proposals, plans = [], []
    titles = {win.proposal.title for win in specials.values()}
    taken = dict(Proposal.objects.values_list("title", "agency_id"))
    for index, agency in enumerate(entrants):
        win = specials.pop(agency.pk, None)
        replicated = []
        if win is not None:
            group, source = GroupKind.SPECIAL, win.proposal
            base = continued(agency, source.title, year=year)
        else:
            group, source, base = GroupKind.GENERAL, None, None
            if index % 10 == 5 and replications > 0:
                replicated = _sources_for(agency, winners, rng)
                replica = replica_of(agency, replicated[0].title, year=year) if replicated else None
                if replica and replica.title not in titles and replica.title not in taken:
                    group, base = GroupKind.REPLICATION, replica
                elif not winners:  # the first demo edition: replications of innovations from before the portal
                    group = GroupKind.REPLICATION
                replications -= group == GroupKind.REPLICATION
                replicated = replicated if base is not None else []
            if base is None:
                base = innovation_for(agency, turns[agency.pk], year=year)
                # A title another agency holds (or one entered this year) is not reused: the agency's next idea.
                while base.title in titles or taken.get(base.title, agency.pk) != agency.pk:
                    turns[agency.pk] += 1
                    base = innovation_for(agency, turns[agency.pk], year=year)
                turns[agency.pk] += 1
        title = source.title if source else base.title
        titles.add(title)
        category = categories.get(base.sector.category) or next(iter(categories.values()))
        submitted_at = dt.datetime.combine(
            submission.starts_on + dt.timedelta(days=index % max((submission.ends_on - submission.starts_on).days, 1)),
            dt.time(8 + index % 9, 7 * index % 60),
            tzinfo=JAKARTA,
        )
        runner = base.runner
        proposals.append(
            Proposal(
                edition=edition,
                agency=agency,
                category=category,
                group=group,
                title=title,
                earlier_entry=source,
                implementation_started_on=dt.date(min(base.started_year, year - 1), 1 + index % 12, 1),
                innovator_name=f"Tim Inovasi {runner}"[:150],
                innovator_phone=f"0812{year % 100:02d}{index:06d}",
                innovator_email=f"inovasi.{year}.{index:03d}@example.org",
                # Every other agency recorded the innovator's consent, so the demo shows both public cases.
                innovator_consent=index % 2 == 0,
                innovator_consent_recorded_at=submitted_at if index % 2 == 0 else None,
                region=agency.region,
                state=ProposalState.REJECTED if rng.random() < REJECTED_SHARE else ProposalState.PASSED,
                submitted_at=submitted_at,
                declaration_accepted_at=submitted_at,
                replication_adaptation=(
                    f"Alur layanan disesuaikan dengan kondisi {base.place}: petugas, jadwal dan kanal informasi "
                    "mengikuti kebutuhan warga setempat."
                    if group == GroupKind.REPLICATION
                    else ""
                ),
            )
        )
        plans.append((base, win, replicated))
    proposals = Proposal.objects.bulk_create(proposals)

    sources, texts = [], []
    for proposal, (base, win, replicated) in zip(proposals, plans, strict=True):
        named = ""
        if proposal.group == GroupKind.REPLICATION:
            named = _name_sources(proposal, base, replicated, sources)
        earlier_award = f"KOVABLIK {win.edition.year}" if win else ""
        for section, text in narratives(
            base, SECTIONS_BY_GROUP[proposal.group], rng, sources=named, award=earlier_award
        ).items():
            texts.append(ProposalSectionText(proposal=proposal, section=section, text=text))
    ReplicationSource.objects.bulk_create(sources)
    ProposalSectionText.objects.bulk_create(texts)
    # Each Khusus entry's agency was invited on the award its entry continues.
    invited = [(proposal, win) for proposal, (_base, win, _sources) in zip(proposals, plans, strict=True) if win]
    invitations = SpecialGroupInvitation.objects.bulk_create(
        SpecialGroupInvitation(
            edition=edition,
            agency_id=proposal.agency_id,
            invited_by=organizer,
            grounds=f"{award_label(win)}: {win.proposal.title}",
        )
        for proposal, win in invited
    )
    InvitationAward.objects.bulk_create(
        InvitationAward(invitation=invitation, award=win)
        for invitation, (_proposal, win) in zip(invitations, invited, strict=True)
    )
    _judge(edition, [p for p in proposals if p.state == ProposalState.PASSED], rng)
    _publish(edition, organizer=organizer)
    return True


def _sources_for(agency, winners: list[Award], rng: random.Random) -> list[Proposal]:
    """One or two earlier winners of other agencies, of an idea the agency could run (empty when there is none):
    the most recent first, now and then a replication that won, so that lineage runs across years."""
    open_to = sectors_open_to(agency)
    candidates = []
    for win in reversed(winners):
        idea = idea_of(win.proposal.title)
        if win.proposal.agency_id != agency.pk and idea and idea[0].key in open_to:
            candidates.append(win.proposal)
    if not candidates:
        return []
    replications = [p for p in candidates if p.group == GroupKind.REPLICATION]
    first = rng.choice(replications) if replications and rng.random() < 0.35 else rng.choice(candidates[:15])
    sector = idea_of(first.title)[0]
    seconds = [p for p in candidates if idea_of(p.title)[0] == sector and idea_of(p.title) != idea_of(first.title)]
    return [first, rng.choice(seconds)] if seconds and rng.random() < 0.35 else [first]


def _name_sources(proposal, base, replicated: list[Proposal], sources: list) -> str:
    """Write the replication's source rows (an innovation from before the portal when there is no earlier demo
    winner); returns how the narrative names them."""
    if not replicated:
        title, agency, year = OUTSIDE_SOURCES[proposal.pk % len(OUTSIDE_SOURCES)]
        sources.append(
            ReplicationSource(
                proposal=proposal,
                position=1,
                title=title,
                agency=agency,
                year=year,
                reason=(
                    f"Terbukti mendekatkan layanan kepada {base.sector.served}; kami mempelajarinya lewat studi tiru."
                ),
            )
        )
        return f"{title} ({agency}, {year})"
    reasons = [
        f"Alur layanannya sederhana, sudah teruji di {replicated[0].agency.short_name or replicated[0].agency.name} "
        f"dan cocok untuk {base.sector.served} di {base.place}.",
        "Kanal pengaduan dan pemantauannya melengkapi alur utama yang kami tiru.",
    ]
    for position, (source, reason) in enumerate(zip(replicated, reasons, strict=False), start=1):
        sources.append(ReplicationSource(proposal=proposal, position=position, source=source, reason=reason))
    return " dan ".join(f"{s.title} ({s.agency.short_name or s.agency.name}, {s.edition.year})" for s in replicated)


def _judge(edition: Edition, entries: list[Proposal], rng: random.Random) -> None:
    """Three stages scored by a panel of independent judges who differ: each is a little harsher or more lenient
    than the others, and now and then one sees an entry quite differently."""
    judges = list(Judge.objects.filter(agency__isnull=True).order_by("user__username"))
    judges = rng.sample(judges, k=min(JUDGES_PER_EDITION, len(judges)))
    leniency = {judge.pk: rng.uniform(-6, 6) for judge in judges}
    quality = {p.pk: rng.uniform(48, 90) + (6 if p.group == GroupKind.SPECIAL else 0) for p in entries}
    panel = Panel.objects.create(edition=edition, name=f"Tim Panel Independen {edition.year}")
    PanelGroup.objects.bulk_create(PanelGroup(panel=panel, group=group) for group in GroupKind.values)
    PanelMember.objects.bulk_create(PanelMember(panel=panel, judge=judge) for judge in judges)
    shortlisted = set()
    for group, size in SHORTLIST.items():
        ranked = sorted((p for p in entries if p.group == group), key=lambda p: -quality[p.pk])
        shortlisted.update(p.pk for p in ranked[:size])
    phases = {phase.kind: phase for phase in edition.phases.all()}
    for stage in edition.stages.all():
        criteria = list(Criterion.objects.filter(stage=stage).order_by("position", "pk"))
        admitted = entries if stage.kind == StageKind.DESK else [p for p in entries if p.pk in shortlisted]
        phase = phases.get(STAGE_PHASES[stage.kind])
        when = dt.datetime.combine(
            phase.ends_on if phase else dt.date(edition.year, 10, 1), dt.time(16), tzinfo=JAKARTA
        )
        stage_entries = StageEntry.objects.bulk_create(StageEntry(stage=stage, proposal=p) for p in admitted)
        assignments = Assignment.objects.bulk_create(
            Assignment(entry=entry, judge=judge) for entry in stage_entries for judge in judges
        )
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, version=1, submitted_at=when, updated_at=when)
            for a in assignments
        )
        proposal_of_entry = {entry.pk: entry.proposal_id for entry in stage_entries}
        scores = []
        for assignment, sheet in zip(assignments, sheets, strict=True):
            base = quality[proposal_of_entry[assignment.entry_id]] + leniency[assignment.judge_id]
            if rng.random() < 0.08:
                base += rng.choice([-15, 15])  # this judge reads the entry quite differently
            scores.extend(
                Score(
                    sheet=sheet,
                    criterion=criterion,
                    value=max(0, min(criterion.max_score, round(base + rng.uniform(-8, 8)))),
                )
                for criterion in criteria
            )
        Score.objects.bulk_create(scores)
        store_totals(ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]))
        StageRound.objects.update_or_create(
            stage=stage, defaults={"state": RoundState.CLOSED, "opened_at": when, "closed_at": when}
        )


def _publish(edition: Edition, *, organizer) -> None:
    """Prefill, add the named awards, announce the finalists, publish at the awarding and record national
    outcomes, unless the edition is published already."""
    if Publication.objects.filter(edition=edition, state=PublicationState.PUBLISHED).exists():
        return
    phases = {phase.kind: phase for phase in edition.phases.all()}
    if not Publication.objects.filter(edition=edition, prefilled_at__isnull=False).exists():
        services.prefill_awards(edition, actor=organizer)
        awarded = set(edition.awards.values_list("proposal_id", flat=True))
        candidates = list(
            Proposal.objects.filter(edition=edition, state=ProposalState.PASSED, group=GroupKind.GENERAL)
            .exclude(pk__in=awarded)
            .select_related("agency")
            .order_by("pk")
        )
        for kind, title, agency_kind in EXTRA_AWARDS:
            recipient = next(
                (p for p in candidates if agency_kind is None or p.agency.kind == agency_kind), candidates[0]
            )
            candidates.remove(recipient)
            services.add_extra_award(edition, proposal=recipient, title=title, kind=kind, actor=organizer)
    if not FinalistList.objects.filter(edition=edition).exists():
        presentation = phases[PhaseKind.PRESENTATION]
        objections.publish_finalists(
            edition,
            stage=edition.stages.get(kind=StageKind.PRESENTATION),
            actor=organizer,
            days=FINALIST_OBJECTION_DAYS,
            announcement=f"Pengumuman Finalis KOVABLIK {edition.year}.",
            now=dt.datetime.combine(presentation.starts_on - dt.timedelta(days=10), dt.time(10), tzinfo=JAKARTA),
        )
    services.publish_results(edition, actor=organizer, site_url=DEMO_SITE_URL)
    # The results were announced at the awarding: the demo dates them so.
    announced = dt.datetime.combine(phases[PhaseKind.AWARDING].starts_on, dt.time(10), tzinfo=JAKARTA)
    Publication.objects.filter(edition=edition).update(published_at=announced, first_published_at=announced)
    edition.awards.update(published_at=announced)
    national_year = services.first_national_year_after(edition.year)
    for group, outcomes in NATIONAL.get(edition.year, {}).items():
        winners = edition.awards.filter(kind=AwardKind.RANKED, group=group).order_by("rank")
        for award, outcome in zip(winners, outcomes, strict=False):
            services.record_national_track(award.proposal, year=national_year, outcome=outcome, actor=organizer)


# --- The current edition ---------------------------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 14)
    canvas.drawString(72, 760, text)
    canvas.drawString(72, 740, "Dokumen contoh untuk demo KOVABLIK Portal.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


CURRENT_PROPOSALS = [
    # (agency admin or drafter username, title, submit?)
    ("admin.dinkes", "SEHATI Plus: Skrining Kesehatan Ibu Hamil Terpadu", True),
    ("drafter.dinkes", "RUMAH GIZI Digital: Pemantauan Balita Stunting", False),
    ("admin.sidoarjo", "SAKTI Sidoarjo: Surat Keterangan Tanpa Antre", False),
    ("admin.bankjatim", "KLINIK UMKM Jatim: Konsultasi Keuangan Usaha Mikro", False),
]


def seed_current_proposals(edition: Edition) -> int:
    """Drafts (and one submitted proposal) of the demo agency admins in the open edition, written through the
    proposals services as an agency would. Returns how many were created."""
    if not edition.is_submission_open():
        return 0
    users = get_user_model().objects.select_related("membership__agency")
    category = edition.categories.order_by("position").first()
    existing = set(Proposal.objects.filter(edition=edition).values_list("title", flat=True))
    created = 0
    for username, title, submit in CURRENT_PROPOSALS:
        user = users.filter(username=username).first()
        if user is None or title in existing or not hasattr(user, "membership"):
            continue
        agency = user.membership.agency
        proposal = proposal_services.create_draft(
            edition=edition,
            agency=agency,
            actor=user,
            title=title,
            category=category,
            group=GroupKind.GENERAL,
            implementation_started_on=dt.date(edition.year - 3, 3, 1),
            innovator_name=f"{user.first_name} {user.last_name}".strip(),
            innovator_phone="081234567890",
            innovator_email=user.email,
            region=agency.region,
        )
        for step in (FormStep.NARRATIVE, FormStep.NARRATIVE_MORE):
            sections = sections_for_step(proposal.group, step)
            if sections:
                values = {section: f"{title}: uraian {section} (contoh demo)." for section in sections}
                proposal_services.save_draft_step(proposal, step=step, values=values, actor=user)
        if submit:
            for kind in required_kinds(proposal.group):
                clean = clean_pdf(_pdf(f"{kind} — {title}"), original_name=f"{kind}.pdf")
                attachments.attach_file(proposal, kind=kind, file=clean, actor=user)
            proposal_services.accept_declaration(
                proposal, actor=user, signer_position=f"Kepala {proposal.agency.short_name or proposal.agency.name}"
            )
            proposal_services.submit_proposal(proposal, actor=user)
        created += 1
    return created


def seed_current_invitations(edition: Edition, *, organizer, count: int = 2) -> int:
    """Invite a few earlier winners to the current edition's Kelompok Khusus, each on its latest award, through
    the organizer's service (so the invitations page shows linked ones). Returns how many were created."""
    if edition.special_invitations.exists():
        return 0
    grounds = invitation_grounds(edition)
    latest = sorted(grounds, key=lambda ground: ground.label, reverse=True)  # "KOVABLIK 2025, ..." first
    created = 0
    for ground in latest:
        if created == count:
            break
        if edition.special_invitations.filter(agency_id=ground.agency_id).exists():
            continue
        invite_to_special_group(
            edition,
            agency=Agency.objects.get(pk=ground.agency_id),
            actor=organizer,
            ground=ground,
            note="Silakan ajukan pengembangan inovasi Anda di Kelompok Khusus.",
            site_url=DEMO_SITE_URL,
        )
        created += 1
    return created
