import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import (
    DEFAULT_MAX_SCORE,
    DEFAULT_MINIMUM_MONTHS_RUNNING,
    DEFAULT_PROPOSAL_QUOTA,
    PHASE_ORDER,
    STAGE_ORDER,
    AbsentEntryRule,
    AgencyKind,
    GroupKind,
    MembershipRole,
    PhaseKind,
    PhaseStatus,
    ProposalSection,
    RegionKind,
    StageKind,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


def kind_order(choices) -> Case:
    """Order rows by the declaration order of their `kind` choices (the cycle's order, not the alphabet)."""
    return Case(*(When(kind=value, then=Value(index)) for index, value in enumerate(choices.values)))


def jakarta_today(now: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Jakarta (WIB), which every deadline of the competition is stated in."""
    return timezone.localtime(now or timezone.now(), JAKARTA).date()


def start_of_day_jakarta(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=JAKARTA)


class Region(models.Model):
    """A regency (kabupaten) or city (kota) of East Java."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RegionKind.choices)
    code = models.CharField(_("BPS code"), max_length=8, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Agency(models.Model):
    """A participating organization (instansi): provincial agency, UPT, regency/city government, BUMD."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("For a technical unit (UPT): the agency it belongs to."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("The regency or city the agency serves; empty for province-wide agencies."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=AgencyKind.UNIT) | Q(parent__isnull=False),
                name="agency_unit_has_parent",
                violation_error_message=_("A technical unit (UPT) needs a parent agency."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=AgencyKind.REGENCY_CITY) | Q(region__isnull=False),
                name="agency_regency_city_has_region",
                violation_error_message=_("A regency/city government needs its region."),
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Ties a user to the one agency they act for: the agency admin submits, unit drafters prepare drafts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.ADMIN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")

    def __str__(self):
        return f"{self.user} — {self.agency}"


class Judge(models.Model):
    """An independent judge (juri / tim panel independen). The affiliation drives conflict-of-interest checks."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="judge"
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, help_text=_("Institution the judge works for, e.g. a university.")
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("affiliated agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliated_judges",
        help_text=_("Set when the judge works for a participating agency; they never judge its entries."),
    )
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Organizer(models.Model):
    """Biro Organisasi staff who run the competition cycle."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="organizer"
    )
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class Edition(models.Model):
    """One yearly KOVABLIK competition with its theme, schedule and rules."""

    year = models.PositiveIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    number = models.PositiveIntegerField(
        _("edition number"),
        unique=True,
        help_text=_("KOVABLIK has run since 2016; 2023 was the 8th edition."),
    )
    theme = models.CharField(_("theme"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("shown publicly"), default=False, help_text=_("Hidden editions are visible to organizers only.")
    )
    proposal_quota = models.PositiveSmallIntegerField(
        _("proposal quota per agency"),
        default=DEFAULT_PROPOSAL_QUOTA,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Submitted proposals allowed per agency, unless its kind has its own quota."),
    )
    minimum_months_running = models.PositiveSmallIntegerField(
        _("minimum months running"),
        default=DEFAULT_MINIMUM_MONTHS_RUNNING,
        validators=[MaxValueValidator(240)],
        help_text=_("How long an innovation must have run before submission closes."),
    )
    half_point_scores = models.BooleanField(
        _("scores in steps of 0.5"),
        default=False,
        help_text=_("Judges may give half points (88,5); otherwise every criterion is scored in whole numbers."),
    )
    special_counts_toward_quota = models.BooleanField(
        _("special group counts toward the quota"),
        default=False,
        help_text=_("Special-group entries are by invitation and usually sit outside the quota."),
    )
    units_share_parent_quota = models.BooleanField(
        _("units use their parent's quota"),
        default=True,
        help_text=_(
            "On: the proposals of a unit (a regency's dinas, RSUD or kecamatan, a provincial agency's UPT) count "
            "against its parent's quota, as in the competition's “3 per agency”. Off: each unit has a quota of its own."
        ),
    )
    special_entries_per_agency = models.PositiveSmallIntegerField(
        _("special-group entries per invited agency"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many Kelompok Khusus proposals an invited agency may submit in this edition."),
    )
    presentation_minutes = models.PositiveSmallIntegerField(
        _("presentation length (min)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("How long each finalist presents in Tahap II."),
    )
    interview_minutes = models.PositiveSmallIntegerField(
        _("interview length (min)"),
        default=13,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
        help_text=_("How long the panel asks questions after the presentation."),
    )
    changeover_minutes = models.PositiveSmallIntegerField(
        _("changeover (min)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("The pause between two slots, for the next finalist to join."),
    )
    absent_entry_rule = models.CharField(
        _("a finalist absent from its slot"),
        max_length=8,
        choices=AbsentEntryRule.choices,
        default=AbsentEntryRule.ZERO,
        help_text=_("Stated on the schedule, the agencies' and the judges' pages."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("competition edition")
        verbose_name_plural = _("competition editions")

    def __str__(self):
        return _("KOVABLIK %(year)s") % {"year": self.year}

    # The schedule. These read self.phases.all() so that a prefetch keeps a page's query count constant.
    @cached_property
    def ordered_phases(self) -> list["Phase"]:
        return sorted(self.phases.all(), key=lambda phase: PHASE_ORDER[phase.kind])

    def phase(self, kind: str) -> "Phase | None":
        return next((phase for phase in self.ordered_phases if phase.kind == kind), None)

    def current_phase(self, now: dt.datetime | None = None) -> "Phase | None":
        today = jakarta_today(now)
        return next((phase for phase in self.ordered_phases if phase.contains(today)), None)

    def next_phase(self, now: dt.datetime | None = None) -> "Phase | None":
        today = jakarta_today(now)
        upcoming = [phase for phase in self.ordered_phases if phase.starts_on > today]
        return min(upcoming, key=lambda phase: phase.starts_on, default=None)

    def timeline(self, now: dt.datetime | None = None) -> list[tuple["Phase", str]]:
        today = jakarta_today(now)
        return [(phase, phase.status_on(today)) for phase in self.ordered_phases]

    def submission_closes_at(self) -> dt.datetime | None:
        """The end of the submission phase's last day in Asia/Jakarta; submits at or after it are refused."""
        phase = self.phase(PhaseKind.SUBMISSION)
        if phase is None:
            return None
        return start_of_day_jakarta(phase.ends_on + dt.timedelta(days=1))

    def submission_last_day(self) -> dt.date | None:
        phase = self.phase(PhaseKind.SUBMISSION)
        return phase.ends_on if phase else None

    def is_submission_open(self, now: dt.datetime | None = None) -> bool:
        phase = self.phase(PhaseKind.SUBMISSION)
        if phase is None:
            return False
        now = now or timezone.now()
        return start_of_day_jakarta(phase.starts_on) <= now < self.submission_closes_at()

    def quota_for(self, agency_kind: str) -> int:
        """Proposals an agency of this kind may submit; reads self.quotas.all() (prefetch-friendly)."""
        for quota in self.quotas.all():
            if quota.agency_kind == agency_kind:
                return quota.quota
        return self.proposal_quota

    def word_limit(self, section: str) -> int | None:
        for limit in self.word_limits.all():
            if limit.section == section:
                return limit.max_words
        return None

    @property
    def score_step(self) -> Decimal:
        """The smallest difference between two scores of a criterion in this edition."""
        return Decimal("0.5") if self.half_point_scores else Decimal(1)

    @property
    def slot_length(self) -> dt.timedelta:
        """One finalist's slot in Tahap II: the presentation, then the interview."""
        return dt.timedelta(minutes=self.presentation_minutes + self.interview_minutes)

    @property
    def slot_step(self) -> dt.timedelta:
        """From one slot's start to the next one's: the slot and the changeover."""
        return self.slot_length + dt.timedelta(minutes=self.changeover_minutes)

    @property
    def final_weights_total(self) -> int:
        return sum(stage.weight for stage in self.stages.all())


class Phase(models.Model):
    """A dated step of the yearly cycle; both dates are inclusive days in Asia/Jakarta."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=32, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("Inclusive: the phase runs until the end of this day (WIB)."))

    class Meta:
        ordering = [kind_order(PhaseKind)]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="phase_unique_kind_per_edition"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d})"

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def status_on(self, day: dt.date) -> str:
        if day > self.ends_on:
            return PhaseStatus.PAST
        if day < self.starts_on:
            return PhaseStatus.UPCOMING
        return PhaseStatus.CURRENT


class CompetitionGroup(models.Model):
    """A competition group (kelompok) of an edition and how many winners it has."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("group"), max_length=16, choices=GroupKind.choices)
    winners_count = models.PositiveSmallIntegerField(
        _("number of winners"),
        validators=[MaxValueValidator(500)],
        help_text=_("Top N announced for the group."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = [kind_order(GroupKind)]
        verbose_name = _("competition group")
        verbose_name_plural = _("competition groups")
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="group_unique_kind_per_edition")]

    def __str__(self):
        return str(self.get_kind_display())

    @property
    def position(self) -> int:
        return GroupKind.values.index(self.kind)


class Category(models.Model):
    """A yearly thematic category (kategori / sector), e.g. health or education."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="category_unique_name_per_edition")]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """An evaluation stage of an edition with its weight in the final score (all stages total 100)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight in the final score"),
        validators=[MaxValueValidator(100)],
        help_text=_("Percent; stages total 100."),
    )

    class Meta:
        ordering = [kind_order(StageKind)]
        verbose_name = _("evaluation stage")
        verbose_name_plural = _("evaluation stages")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="stage_unique_kind_per_edition"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="stage_weight_at_most_100"),
        ]

    def __str__(self):
        return str(self.get_kind_display())

    @property
    def position(self) -> int:
        """The stage's place in the cycle (desk evaluation, presentation, field verification): the one stage order."""
        return STAGE_ORDER[self.kind]

    def previous_in_cycle(self, stages: "Iterable[Stage] | None" = None) -> "Stage | None":
        """The edition's stage before this one, if any; `stages` are the edition's stages when already loaded."""
        earlier = [other for other in self._cycle(stages) if other.position < self.position]
        return max(earlier, key=lambda other: other.position, default=None)

    def next_in_cycle(self, stages: "Iterable[Stage] | None" = None) -> "Stage | None":
        """The edition's stage after this one, if any; `stages` are the edition's stages when already loaded."""
        later = [other for other in self._cycle(stages) if other.position > self.position]
        return min(later, key=lambda other: other.position, default=None)

    def _cycle(self, stages: "Iterable[Stage] | None") -> "Iterable[Stage]":
        return Stage.objects.filter(edition_id=self.edition_id) if stages is None else stages

    @property
    def criteria_weights_total(self) -> int:
        return sum(criterion.weight for criterion in self.criteria.all())


class Criterion(models.Model):
    """A weighted evaluation criterion of a stage; a stage's criteria weights total 100."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, help_text=_("What judges look for."))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Percent of the stage."),
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"),
        default=DEFAULT_MAX_SCORE,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["stage", "name"], name="criterion_unique_name_per_stage"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_to_100"),
        ]

    def __str__(self):
        return self.name


class AgencyKindQuota(models.Model):
    """A per-edition quota for one kind of agency, overriding the edition's default quota."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="quotas")
    agency_kind = models.CharField(_("agency kind"), max_length=16, choices=AgencyKind.choices)
    quota = models.PositiveSmallIntegerField(_("quota"), validators=[MinValueValidator(1), MaxValueValidator(50)])

    class Meta:
        verbose_name = _("quota per agency kind")
        verbose_name_plural = _("quotas per agency kind")
        constraints = [models.UniqueConstraint(fields=["edition", "agency_kind"], name="quota_unique_kind_per_edition")]

    def __str__(self):
        return f"{self.get_agency_kind_display()}: {self.quota}"


class SectionWordLimit(models.Model):
    """The word limit of one narrative section of the proposal form in an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="word_limits")
    section = models.CharField(_("section"), max_length=32, choices=ProposalSection.choices)
    max_words = models.PositiveIntegerField(
        _("word limit"), validators=[MinValueValidator(10), MaxValueValidator(5000)]
    )

    class Meta:
        verbose_name = _("word limit")
        verbose_name_plural = _("word limits")
        constraints = [
            models.UniqueConstraint(fields=["edition", "section"], name="word_limit_unique_section_per_edition")
        ]

    def __str__(self):
        return f"{self.get_section_display()}: {self.max_words}"


class SpecialGroupInvitation(models.Model):
    """Biro Organisasi's invitation for an agency to enter the special group (Kelompok Khusus) of an edition.

    Khusus is by invitation only: without one, an agency cannot submit in that group (and so cannot use it to get
    around the quota)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="special_invitations")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="special_invitations"
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("E.g. the earlier award this invitation builds on; the agency sees it.")
    )
    # The earlier award the invitation builds on, as it read when inviting (the award itself is linked in the app
    # that keeps awards: competitions.queries.register_invitation_grounds).
    grounds = models.CharField(_("earlier award"), max_length=400, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("special group invitation")
        verbose_name_plural = _("special group invitations")
        constraints = [models.UniqueConstraint(fields=["edition", "agency"], name="special_invitation_once_per_agency")]

    def __str__(self):
        return f"{self.edition} — {self.agency}"
