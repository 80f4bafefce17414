"""Seeding the demo above competitions: the 2023 edition judged and its awards published, and a few proposals of
the demo agency admins in the current edition. Called by the `seed_demo` command; idempotent (each part is skipped
when its data exists).

The 2023 entries, judges' sheets and scores are written in bulk, consistent with the judging models' constraints
(one sheet per assignment, one score per criterion, values in 0..max), as test data is: a real season would have
written them through judging.services one score at a time. The awards go through publication.awards.services, so the
published results, certificates and audit trail are exactly what organizers produce.
"""

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from competitions.enums import AgencyKind, GroupKind, ProposalSection, StageKind
from competitions.models import JAKARTA, Agency, Criterion, Edition, Judge
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
from publication.enums import AwardKind, NationalOutcome, PublicationState
from publication.models import FinalistList, Publication
from publication.objections import services as objections

# (acronym, what it does): combined with a target in TARGETS, 20 × 3 distinct innovation titles.
INNOVATIONS = [
    ("SIGAP", "Layanan Gawat Darurat Terpadu"),
    ("JEMPOL", "Jemput Bola Administrasi Kependudukan"),
    ("SiBening", "Pemantauan Kualitas Air Sungai"),
    ("PANDU", "Pendampingan Usaha Mikro"),
    ("SEHATI", "Skrining Kesehatan Ibu Hamil"),
    ("LAPOR CEPAT", "Pengaduan Pelayanan Publik Daring"),
    ("SAPA LANSIA", "Pendampingan Lansia Terlantar"),
    ("SI-PADI", "Informasi Harga dan Stok Pangan"),
    ("GERCEP", "Perizinan Usaha Satu Hari"),
    ("TANGGUH", "Desa Tangguh Bencana"),
    ("BISA SEKOLAH", "Pencegahan Anak Putus Sekolah"),
    ("KLINIK UMKM", "Konsultasi Keuangan UMKM"),
    ("E-PAJAK", "Pembayaran Pajak Kendaraan Keliling"),
    ("RUMAH GIZI", "Penanganan Stunting Berbasis Posyandu"),
    ("SIMPEL", "Pelayanan Terpadu Kecamatan"),
    ("OMAH SAMPAH", "Bank Sampah dan Ekonomi Sirkular"),
    ("NELAYAN PINTAR", "Informasi Cuaca dan Harga Ikan"),
    ("SIAP KERJA", "Pelatihan dan Penempatan Tenaga Kerja"),
    ("SAKTI", "Surat Keterangan Tanpa Antre"),
    ("JATIM AMAN", "Patroli Keamanan Lingkungan Terpadu"),
]
TARGETS = ["bagi Masyarakat Desa", "Berbasis Aplikasi", "untuk Kelompok Rentan"]
# Entries per group in 2023 and how many the shortlist took on to the presentation and field stages.
COUNTS_2023 = {GroupKind.GENERAL: 44, GroupKind.REPLICATION: 10, GroupKind.SPECIAL: 6}
SHORTLIST_2023 = {GroupKind.GENERAL: 34, GroupKind.REPLICATION: 7, GroupKind.SPECIAL: 4}
EXTRA_AWARDS_2023 = [
    (AwardKind.SPECIAL, "Kabupaten/Kota Terbaik", AgencyKind.REGENCY_CITY),
    (AwardKind.SPECIAL, "Perangkat Daerah Terbaik", AgencyKind.PROVINCIAL),
    (AwardKind.NOMINATION, "Inovasi Favorit", None),
]
# KIPP 2024 was not held, so the 2023 winners went on to KIPP 2025: outcomes of the top general entries and of the
# first special one.
NATIONAL_2023 = {
    GroupKind.GENERAL: [
        NationalOutcome.TOP_45,
        NationalOutcome.TOP_99,
        NationalOutcome.TOP_99,
        NationalOutcome.NOT_SELECTED,
    ],
    GroupKind.SPECIAL: [NationalOutcome.TOP_15_SPECIAL],
}
DEMO_SITE_URL = "http://127.0.0.1:8000"
ANNOUNCED_2023 = dt.datetime(2023, 11, 28, 10, 0, tzinfo=JAKARTA)
# The finalists were announced in October 2023 with a five-day objection period (masa sanggah).
FINALISTS_ANNOUNCED_2023 = dt.datetime(2023, 10, 2, 10, 0, tzinfo=JAKARTA)
FINALIST_OBJECTION_DAYS_2023 = 5


def innovation_titles() -> list[str]:
    return [f"{acronym}: {what} {target}" for target in TARGETS for acronym, what in INNOVATIONS]


def _agencies_for_2023() -> list[Agency]:
    """A varied field: regency/city governments, provincial agencies, units and BUMD, interleaved."""
    by_kind: dict[str, list[Agency]] = {}
    for agency in Agency.objects.order_by("name"):
        by_kind.setdefault(agency.kind, []).append(agency)
    order = [AgencyKind.REGENCY_CITY, AgencyKind.PROVINCIAL, AgencyKind.REGENCY_CITY, AgencyKind.UNIT, AgencyKind.BUMD]
    picked, cursor = [], dict.fromkeys(order, 0)
    while len(picked) < 60:
        for kind in order:
            agencies = by_kind.get(kind) or []
            if agencies:
                picked.append(agencies[cursor[kind] % len(agencies)])
                cursor[kind] += 1
    return picked


def _section_text(title: str, section: str) -> str:
    texts = {
        ProposalSection.SUMMARY: f"{title} mempercepat layanan dan mendekatkannya kepada warga yang membutuhkan.",
        ProposalSection.BACKGROUND: "Antrean panjang dan jarak jauh ke kantor layanan membuat warga enggan datang.",
        ProposalSection.SIGNIFICANCE: "Waktu layanan turun dari beberapa hari menjadi kurang dari satu hari.",
    }
    return texts.get(section, "")


def seed_2023_results(edition: Edition, *, organizer) -> bool:
    """Judge 60 entries of the 2023 edition and publish its awards (Top 30 Umum, Top 5 Replikasi, Top 3 Khusus,
    named awards, national outcomes). Returns False when 2023 already has entries (nothing is done)."""
    if Proposal.objects.filter(edition=edition).exists():
        _publish_2023(edition, organizer=organizer)
        return False
    rng = random.Random(2023)  # noqa: S311 - repeatable demo scores, not a secret
    judges = list(Judge.objects.filter(agency__isnull=True).order_by("user__username")[:3])
    stages = {stage.kind: stage for stage in edition.stages.all()}
    criteria = {
        kind: list(Criterion.objects.filter(stage=stage).order_by("position", "pk")) for kind, stage in stages.items()
    }
    categories = list(edition.categories.order_by("position"))
    agencies = _agencies_for_2023()
    titles = innovation_titles()
    submitted = dt.datetime(2023, 7, 10, 9, 0, tzinfo=JAKARTA)

    panel = Panel.objects.create(edition=edition, name="Tim Panel Independen 2023")
    PanelGroup.objects.bulk_create(PanelGroup(panel=panel, group=group) for group in GroupKind.values)
    PanelMember.objects.bulk_create(PanelMember(panel=panel, judge=judge) for judge in judges)

    proposals, quality = [], {}
    index = 0
    for group, count in COUNTS_2023.items():
        for _n in range(count):
            agency = agencies[index]
            proposals.append(
                Proposal(
                    edition=edition,
                    agency=agency,
                    category=categories[index % len(categories)],
                    group=group,
                    title=titles[index],
                    implementation_started_on=dt.date(2019 + index % 4, 1 + index % 12, 1),
                    innovator_name=f"Tim Inovasi {agency.short_name or agency.name}",
                    innovator_email=f"inovasi{index:02d}@example.org",
                    # Every other agency recorded the innovator's consent, so the demo shows both public cases.
                    innovator_consent=index % 2 == 0,
                    innovator_consent_recorded_at=submitted if index % 2 == 0 else None,
                    region=agency.region,
                    state=ProposalState.PASSED,
                    submitted_at=submitted + dt.timedelta(hours=3 * index),
                )
            )
            index += 1
    proposals = Proposal.objects.bulk_create(proposals)
    for proposal in proposals:
        quality[proposal.pk] = rng.uniform(55, 92)
    ReplicationSource.objects.bulk_create(
        ReplicationSource(
            proposal=proposal,
            position=1,
            title="SIPINTER",
            agency="Pemerintah Kota Surabaya",
            year=2019,
            reason="Layanan perizinan daring yang sudah terbukti memangkas waktu tunggu di kota asalnya.",
        )
        for proposal in proposals
        if proposal.group == GroupKind.REPLICATION
    )
    ProposalSectionText.objects.bulk_create(
        ProposalSectionText(proposal=proposal, section=section, text=_section_text(proposal.title, section))
        for proposal in proposals
        for section in (ProposalSection.SUMMARY, ProposalSection.BACKGROUND, ProposalSection.SIGNIFICANCE)
    )

    shortlisted = set()
    for group, size in SHORTLIST_2023.items():
        ranked = sorted((p for p in proposals if p.group == group), key=lambda p: -quality[p.pk])
        shortlisted.update(p.pk for p in ranked[:size])
    for kind, stage in stages.items():
        admitted = proposals if kind == StageKind.DESK else [p for p in proposals if p.pk in shortlisted]
        entries = StageEntry.objects.bulk_create(StageEntry(stage=stage, proposal=p) for p in admitted)
        assignments = Assignment.objects.bulk_create(
            Assignment(entry=entry, judge=judge) for entry in entries for judge in judges
        )
        when = timezone.now()
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, version=1, submitted_at=when, updated_at=when)
            for a in assignments
        )
        proposal_of_entry = {entry.pk: entry.proposal_id for entry in entries}
        Score.objects.bulk_create(
            Score(
                sheet=sheet,
                criterion=criterion,
                value=max(
                    0,
                    min(
                        criterion.max_score,
                        round(quality[proposal_of_entry[assignment.entry_id]] + rng.uniform(-9, 9)),
                    ),
                ),
            )
            for assignment, sheet in zip(assignments, sheets, strict=True)
            for criterion in criteria[kind]
        )
        store_totals(ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]))
        StageRound.objects.update_or_create(
            stage=stage, defaults={"state": RoundState.CLOSED, "opened_at": when, "closed_at": when}
        )
    _publish_2023(edition, organizer=organizer)
    return True


def _publish_2023(edition: Edition, *, organizer) -> None:
    """Prefill, add the named awards, publish and record national outcomes, unless 2023 is published already."""
    if Publication.objects.filter(edition=edition, state=PublicationState.PUBLISHED).exists():
        return
    if not Publication.objects.filter(edition=edition, prefilled_at__isnull=False).exists():
        services.prefill_awards(edition, actor=organizer)
        awarded = set(edition.awards.values_list("proposal_id", flat=True))
        candidates = list(
            Proposal.objects.filter(edition=edition).exclude(pk__in=awarded).select_related("agency").order_by("pk")
        )
        for kind, title, agency_kind in EXTRA_AWARDS_2023:
            recipient = next(
                (p for p in candidates if agency_kind is None or p.agency.kind == agency_kind), candidates[0]
            )
            candidates.remove(recipient)
            services.add_extra_award(edition, proposal=recipient, title=title, kind=kind, actor=organizer)
    if not FinalistList.objects.filter(edition=edition).exists():
        objections.publish_finalists(
            edition,
            stage=edition.stages.get(kind=StageKind.PRESENTATION),
            actor=organizer,
            days=FINALIST_OBJECTION_DAYS_2023,
            announcement="Pengumuman Finalis KOVABLIK 2023.",
            now=FINALISTS_ANNOUNCED_2023,
        )
    services.publish_results(edition, actor=organizer, site_url=DEMO_SITE_URL)
    # The 2023 results were announced at the awarding in November 2023: the demo dates them so.
    Publication.objects.filter(edition=edition).update(published_at=ANNOUNCED_2023, first_published_at=ANNOUNCED_2023)
    edition.awards.update(published_at=ANNOUNCED_2023)
    national_year = services.first_national_year_after(edition.year)
    for group, outcomes in NATIONAL_2023.items():
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
