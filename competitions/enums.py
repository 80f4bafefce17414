"""States, kinds and the competition's defaults (see shared/docs/domain.md). One place for each rule's numbers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial agency (Perangkat Daerah)")
    UNIT = "unit", _("Technical unit (UPT)")
    REGENCY_CITY = "regency_city", _("Regency/city government")
    BUMD = "bumd", _("Regional company (BUMD)")
    OTHER = "other", pgettext_lazy("agency kind", "Other")


class RegionKind(models.TextChoices):
    REGENCY = "regency", _("Regency (Kabupaten)")
    CITY = "city", _("City (Kota)")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Agency admin (Admin Lokal)")
    DRAFTER = "drafter", _("Unit drafter")


class AccountRole(models.TextChoices):
    """The role an organizer gives an account; each maps to one role row (Organizer, Membership, Judge)."""

    ORGANIZER = "organizer", _("Organizer (Biro Organisasi)")
    AGENCY_ADMIN = "agency_admin", _("Agency admin (Admin Lokal)")
    DRAFTER = "drafter", _("Unit drafter")
    JUDGE = "judge", _("Judge")


class AbsentEntryRule(models.TextChoices):
    """What happens to a finalist absent from its Tahap II slot (stated on the schedule and the judges' pages)."""

    ZERO = "zero", _("scored zero")
    LATER = "later", _("moved to a later slot, once")


class GroupKind(models.TextChoices):
    GENERAL = "umum", _("General group (Kelompok Umum)")
    REPLICATION = "replikasi", _("Replication group (Kelompok Replikasi)")
    SPECIAL = "khusus", _("Special group (Kelompok Khusus)")


DEFAULT_WINNERS = {GroupKind.GENERAL: 30, GroupKind.REPLICATION: 5, GroupKind.SPECIAL: 3}


class PhaseKind(models.TextChoices):
    """The yearly cycle in calendar order; the order of the members is the order of the timeline."""

    SOCIALIZATION = "socialization", _("Socialization")
    SUBMISSION = "submission", _("Registration and submission")
    SCREENING = "screening", _("Administrative screening")
    DESK_EVALUATION = "desk_evaluation", _("Desk evaluation")
    PRESENTATION = "presentation", _("Presentation and interview")
    FIELD_VERIFICATION = "field_verification", _("Field verification")
    ANNOUNCEMENT = "announcement", _("Announcement")
    AWARDING = "awarding", _("Awarding and exhibition")


PHASE_ORDER = {kind: index for index, kind in enumerate(PhaseKind.values)}


class PhaseStatus(models.TextChoices):
    PAST = "past", _("Finished")
    CURRENT = "current", _("Now")
    UPCOMING = "upcoming", _("Upcoming")


class StageKind(models.TextChoices):
    DESK = "desk", _("Desk evaluation (Tahap I)")
    PRESENTATION = "presentation", _("Presentation and interview (Tahap II)")
    FIELD = "field", _("Field verification")


STAGE_ORDER = {kind: index for index, kind in enumerate(StageKind.values)}

# Weight of each stage in the final score; the stage weights of an edition total 100.
DEFAULT_STAGE_WEIGHTS = {StageKind.DESK: 40, StageKind.PRESENTATION: 30, StageKind.FIELD: 30}

# Criteria per stage with their weights (each stage totals 100); names stay in Indonesian, the jury's language.
DEFAULT_CRITERIA = {
    StageKind.DESK: [
        ("Latar belakang dan tujuan", 10),
        ("Kebaruan / nilai tambah", 15),
        ("Implementasi", 5),
        ("Signifikansi (dampak)", 30),
        ("Adaptabilitas", 20),
        ("Sumber daya", 5),
        ("Keberlanjutan", 15),
    ],
    StageKind.PRESENTATION: [
        ("Penyampaian", 30),
        ("Substansi, manfaat dan replikabilitas", 50),
        ("Video", 10),
        ("Kehadiran pimpinan instansi", 10),
    ],
    StageKind.FIELD: [
        ("Bukti sesuai proposal", 40),
        ("Testimoni pengguna", 30),
        ("Keberlanjutan dalam praktik", 30),
    ],
}

WEIGHT_TOTAL = 100
DEFAULT_MAX_SCORE = 100


class ProposalSection(models.TextChoices):
    """Narrative sections of a proposal; which group uses which is SECTIONS_BY_GROUP."""

    SUMMARY = "summary", _("Summary")
    BACKGROUND = "background", _("Background and goals")
    NOVELTY = "novelty", _("Novelty and added value")
    IMPLEMENTATION = "implementation", _("Implementation")
    SIGNIFICANCE = "significance", _("Significance (impact)")
    ADAPTABILITY = "adaptability", _("Adaptability")
    RESOURCES = "resources", _("Resources")
    SUSTAINABILITY = "sustainability", _("Sustainability strategy")
    INSPIRATION = "inspiration", _("Inspiration (source innovations and why)")
    REPLICATION_PROCESS = "replication_process", _("Replication process")
    DIFFERENTIATORS = "differentiators", _("Differentiating factors")
    IMPROVEMENTS = "improvements", _("Improvements since the award")
    FURTHER_REPLICATIONS = "further_replications", _("Further replications")
    STRENGTHENED_SUSTAINABILITY = "strengthened_sustainability", _("Strengthened sustainability")
    LATEST_EVALUATION = "latest_evaluation", _("Latest formal evaluation")


DEFAULT_WORD_LIMITS = {
    ProposalSection.SUMMARY: 200,
    ProposalSection.BACKGROUND: 300,
    ProposalSection.NOVELTY: 600,
    ProposalSection.IMPLEMENTATION: 200,
    ProposalSection.SIGNIFICANCE: 600,
    ProposalSection.ADAPTABILITY: 300,
    ProposalSection.RESOURCES: 200,
    ProposalSection.SUSTAINABILITY: 500,
    ProposalSection.INSPIRATION: 100,
    ProposalSection.REPLICATION_PROCESS: 200,
    ProposalSection.DIFFERENTIATORS: 100,
    ProposalSection.IMPROVEMENTS: 200,
    ProposalSection.FURTHER_REPLICATIONS: 200,
    ProposalSection.STRENGTHENED_SUSTAINABILITY: 300,
    ProposalSection.LATEST_EVALUATION: 300,
}

COMMON_SECTIONS = [
    ProposalSection.SUMMARY,
    ProposalSection.BACKGROUND,
    ProposalSection.NOVELTY,
    ProposalSection.IMPLEMENTATION,
    ProposalSection.SIGNIFICANCE,
    ProposalSection.ADAPTABILITY,
    ProposalSection.RESOURCES,
    ProposalSection.SUSTAINABILITY,
]
SECTIONS_BY_GROUP = {
    GroupKind.GENERAL: COMMON_SECTIONS,
    GroupKind.REPLICATION: COMMON_SECTIONS
    + [ProposalSection.INSPIRATION, ProposalSection.REPLICATION_PROCESS, ProposalSection.DIFFERENTIATORS],
    # Khusus entries already hold a full proposal from their winning year; they describe what changed since.
    GroupKind.SPECIAL: [
        ProposalSection.SUMMARY,
        ProposalSection.IMPROVEMENTS,
        ProposalSection.FURTHER_REPLICATIONS,
        ProposalSection.STRENGTHENED_SUSTAINABILITY,
        ProposalSection.LATEST_EVALUATION,
    ],
}

DEFAULT_PROPOSAL_QUOTA = 3
DEFAULT_MINIMUM_MONTHS_RUNNING = 12
