"""Judging: panels of judges, each stage's round and its entries, assignments, conflicts and score sheets.

How the pieces fit:
- A Panel of an edition handles one or more groups (PanelGroup) and has judges (PanelMember).
- Each competitions.Stage has one StageRound: its state (preparing / open / closed) and what judges may see in it
  (pretalx's ReviewPhase). A stage without a round row behaves as a preparing round with the defaults.
- A StageEntry admits a proposal to a stage: every PASSED proposal enters the first stage (desk evaluation); later
  stages admit the shortlist advanced from the previous one. Entries that are not advanced keep their scores.
- An Assignment gives an entry to a judge and owns exactly one ScoreSheet (created with it), whose Score rows hold
  a value and a note per criterion of the stage. Only services.record_score writes them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.enums import GroupKind
from competitions.models import Criterion, Edition, Judge, Stage
from core.models import actor_field
from core.phones import PhoneNumberField
from proposals.models import Proposal

from .enums import (
    BLIND_BY_DEFAULT,
    DEFAULT_DISAGREEMENT_THRESHOLD,
    DEFAULT_JUDGES_PER_ENTRY,
    SCORE_HARD_MAX,
    AssignmentSource,
    Attendance,
    ChecklistVerdict,
    ExportKind,
    ExportState,
    MoveRequestState,
    RoundState,
    SheetStatus,
    VisitMode,
)


class Panel(models.Model):
    """A panel of independent judges (tim panel independen) of an edition; it judges the groups attached to it."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="panel_unique_name_per_edition")]

    def __str__(self):
        return self.name

    @property
    def group_kinds(self) -> list[str]:
        """The groups this panel judges, in the competition's order (reads self.groups.all(): prefetch it)."""
        kinds = {row.group for row in self.groups.all()}
        return [kind for kind in GroupKind.values if kind in kinds]


class PanelGroup(models.Model):
    """A competition group (Umum / Replikasi / Khusus) a panel judges; a group may be shared by several panels."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="groups")
    group = models.CharField(_("group"), max_length=16, choices=GroupKind.choices)

    class Meta:
        verbose_name = _("panel group")
        verbose_name_plural = _("panel groups")
        constraints = [models.UniqueConstraint(fields=["panel", "group"], name="panel_group_unique")]

    def __str__(self):
        return f"{self.panel}: {self.get_group_display()}"


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="panel_memberships"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["panel", "judge"], name="panel_member_unique")]

    def __str__(self):
        return f"{self.panel}: {self.judge}"


class StageRound(models.Model):
    """The judging round of one evaluation stage: its state and what judges may see and do in it."""

    stage = models.OneToOneField(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="round")
    state = models.CharField(_("state"), max_length=16, choices=RoundState.choices, default=RoundState.PREPARING)
    can_score = models.BooleanField(
        _("judges may score"),
        default=True,
        help_text=_("Untick to pause scoring while the stage stays open (judges can still read their entries)."),
    )
    blind = models.BooleanField(
        _("hide the submitting agency"),
        default=False,
        help_text=_("Judges do not see which agency submitted an entry (the default for desk evaluation)."),
    )
    see_other_scores_after_close = models.BooleanField(
        _("judges see the other judges' scores after the stage closes"),
        default=False,
        help_text=_("Judges never see other judges' scores while the stage is open."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"),
        default=DEFAULT_JUDGES_PER_ENTRY,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_DISAGREEMENT_THRESHOLD,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Flag an entry when the standard deviation of its judges' totals (0–100) exceeds this."),
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    schedule_published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    materials_due = models.DateField(
        _("materials due"),
        null=True,
        blank=True,
        help_text=_("The last day (WIB) finalists hand in slides, video and summary; later ones are marked late."),
    )
    move_requests_until = models.DateField(
        _("slot changes asked until"),
        null=True,
        blank=True,
        help_text=_("The last day (WIB) an agency may ask to move its presentation slot."),
    )

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")

    def __str__(self):
        return f"{self.stage.edition} — {self.stage}"

    @classmethod
    def default_for(cls, stage: Stage) -> "StageRound":
        """An unsaved round with the defaults for `stage` (blind in desk evaluation)."""
        return cls(stage=stage, blind=stage.kind in BLIND_BY_DEFAULT)

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED

    @property
    def accepts_scores(self) -> bool:
        """The rule "who may score" reads (judging.rules.round_accepts_scores) and the services enforce."""
        return self.scoring_refusal() is None

    def scoring_refusal(self) -> str | None:
        """Why judges cannot save scores in this round now, in the user's language; None when they can."""
        if self.is_closed:
            return gettext("The stage is closed: scores are locked.")
        if self.state != RoundState.OPEN:
            return gettext("This stage is not open for scoring yet.")
        if not self.can_score:
            return gettext("Scoring in this stage is paused by the organizers.")
        return None


class StageEntry(models.Model):
    """A proposal admitted to a stage. Created for every PASSED proposal in the first stage and for the advanced
    shortlist in each later stage; never deleted when an entry is not advanced, so its scores stay."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="entries")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="stage_entries"
    )
    admitted_at = models.DateTimeField(_("admitted"), default=timezone.now)
    admitted_by = actor_field(_("admitted by"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["stage_id", "pk"]
        verbose_name = _("stage entry")
        verbose_name_plural = _("stage entries")
        constraints = [models.UniqueConstraint(fields=["stage", "proposal"], name="stage_entry_unique")]

    def __str__(self):
        return f"{self.stage}: {self.proposal}"


class Assignment(models.Model):
    """A judge assigned to a stage entry; owns one ScoreSheet. Never a judge with a conflict of interest."""

    entry = models.ForeignKey(StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="assignments")
    source = models.CharField(
        _("source"), max_length=16, choices=AssignmentSource.choices, default=AssignmentSource.AUTOMATIC
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    assigned_by = actor_field(_("assigned by"))

    class Meta:
        ordering = ["entry_id", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="assignment_unique_judge_per_entry")]
        indexes = [models.Index(fields=["judge", "entry"], name="assignment_judge_idx")]

    def __str__(self):
        return f"{self.judge} → {self.entry}"


class ConflictDeclaration(models.Model):
    """A judge's declared conflict of interest on a proposal; it holds for every stage of that proposal."""

    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="judge_conflicts"
    )
    reason = models.TextField(_("reason"), help_text=_("Why you cannot judge this entry impartially."))
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    declared_by = actor_field(_("declared by"))

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["judge", "proposal"], name="conflict_unique_judge_proposal")]

    def __str__(self):
        return f"{self.judge} ≠ {self.proposal}"


class ScoreSheet(models.Model):
    """One judge's scores for one entry. `version` grows with every save, so a form carrying an older version is
    stale and refused (two tabs or devices never silently overwrite each other). `total` is the weighted total of
    the values it holds (judging.scoring.weighted_total), kept current by every write that changes a value or a
    criterion's weight."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="sheet"
    )
    status = models.CharField(_("status"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    overall_note = models.TextField(_("overall note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    # Stored by judging.scoring.store_totals in the transaction that changes a value or a weight, so that rankings
    # aggregate one column instead of recomputing every sheet.
    total = models.DecimalField(_("weighted total"), max_digits=7, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        indexes = [models.Index(fields=["status"], name="scoresheet_status_idx")]

    def __str__(self):
        return f"{self.assignment} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED

    def values_by_criterion(self) -> dict[int, tuple[int | None, str]]:
        """criterion id → (value, note); reads self.scores.all() so that a prefetch keeps the query count constant."""
        return {score.criterion_id: (score.value, score.note) for score in self.scores.all()}


class Score(models.Model):
    """A judge's value and note for one criterion. A draft may hold a note without a value; a submitted sheet has a
    value for every criterion of its stage. The range 0..max_score is per criterion (checked by the service); the
    database guards the hard range."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    # One decimal place: an edition may allow half points (Edition.half_point_scores); the service checks the step.
    value = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_HARD_MAX)],
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_criterion_per_sheet"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=SCORE_HARD_MAX),
                name="score_value_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Export(models.Model):
    """A file someone asked for (a ranking, the score sheets, a judge's minutes), written by a task and kept under
    MEDIA_ROOT/exports/ until downloaded through a permission-checking view. `params` say what to export: the stage
    kind, group, ranking view and judge as the request named them."""

    kind = models.CharField(_("kind"), max_length=32, choices=ExportKind.choices)
    fmt = models.CharField(_("format"), max_length=8)
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = actor_field(_("requested by"))
    state = models.CharField(
        _("state"), max_length=16, choices=ExportState.choices, default=ExportState.QUEUED, db_index=True
    )
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return self.file_name or f"{self.kind}.{self.fmt}"


class PresentationSession(models.Model):
    """A sitting of one panel in a stage (Tahap II presentations and interviews): a window of time, a room or an
    online meeting. Its slots follow each other from the start (Edition.slot_step); one panel's sessions never
    overlap (schedule.services.create_session)."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="sessions")
    panel = models.ForeignKey(Panel, verbose_name=_("panel"), on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=200, blank=True, help_text=_("Where the panel sits, if on site."))
    chair = models.ForeignKey(
        Judge,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_sessions",
        help_text=_("The judge of the panel who records the finalists' attendance on the day."),
    )
    meeting_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("The video meeting the finalists join (Zoom, Meet…).")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("presentation session")
        verbose_name_plural = _("presentation sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")
        ]

    def __str__(self):
        return f"{self.panel} {self.starts_at:%Y-%m-%d %H:%M}"


class PresentationSlot(models.Model):
    """An entry's time in a session, and the agency's answer: who presents, whether the head of the agency comes."""

    session = models.ForeignKey(
        PresentationSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="slots"
    )
    entry = models.OneToOneField(StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="slot")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    confirmed_at = models.DateTimeField(_("attendance confirmed"), null=True, blank=True)
    confirmed_by = actor_field(_("confirmed by"))
    presenter_name = models.CharField(_("presenter"), max_length=150, blank=True)
    head_attends = models.BooleanField(_("head of the agency attends"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True)
    attendance_note = models.CharField(_("attendance note"), max_length=500, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    moved_for_absence = models.BooleanField(
        _("moved after an absence"), default=False, help_text=_("The edition's rule moves an absent finalist once.")
    )
    attendance_recorded_by = actor_field(_("attendance recorded by"))

    class Meta:
        ordering = ["starts_at", "session_id", "pk"]
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], name="slot_unique_time_per_session"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.entry} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SlotMoveRequest(models.Model):
    """An agency asks to move its slot, with a reason; an organizer approves (and moves it) or refuses."""

    slot = models.ForeignKey(
        PresentationSlot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="move_requests"
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = actor_field(_("requested by"))
    state = models.CharField(
        _("state"), max_length=16, choices=MoveRequestState.choices, default=MoveRequestState.PENDING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = actor_field(_("answered by"))

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("slot move request")
        verbose_name_plural = _("slot move requests")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=Q(state="pending"), name="move_request_one_pending_per_slot"
            )
        ]

    def __str__(self):
        return f"{self.slot}: {self.get_state_display()}"


class UnavailableDay(models.Model):
    """A day an agency said it cannot attend its presentation in a stage; the schedule's fill avoids it."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "competitions.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_by = actor_field(_("declared by"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("day an agency cannot attend")
        verbose_name_plural = _("days agencies cannot attend")
        constraints = [models.UniqueConstraint(fields=["stage", "agency", "day"], name="unavailable_day_unique")]

    def __str__(self):
        return f"{self.agency_id} ≠ {self.day:%Y-%m-%d}"


class PresentationMaterials(models.Model):
    """What a finalist hands in before its presentation: slides (PDF, or PPTX checked by content), a video link and
    a short summary. The entry's judges read them on its score page; after the stage's due day they are marked late.
    The slides are stored under a random name and served only by a view that checks who asks."""

    entry = models.OneToOneField(
        StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="materials"
    )
    slides = models.FileField(_("slides"), max_length=200, blank=True)
    slides_name = models.CharField(_("file name"), max_length=200, blank=True)
    slides_size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    slides_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("handed in"), null=True, blank=True)
    updated_by = actor_field(_("handed in by"))
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("presentation materials")
        verbose_name_plural = _("presentation materials")

    def __str__(self):
        return f"{self.entry}: {self.slides_name or self.video_url}"


# --- Field verification -------------------------------------------------------------------------------------------


class FieldVisit(models.Model):
    """The verification of one entry of the field stage: when and where (on site or online), which judges go, whom
    the agency names as its contact, and the report they write there (checklist answers, testimonies, photos and
    notes). The plan reaches the agency once the stage's round publishes it (StageRound.schedule_published_at); the
    report is final once every visiting judge confirmed it (confirmed_at)."""

    entry = models.OneToOneField(StageEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="visit")
    starts_at = models.DateTimeField(_("starts"))
    mode = models.CharField(_("how"), max_length=8, choices=VisitMode.choices, default=VisitMode.ON_SITE)
    address = models.TextField(_("address"), blank=True, help_text=_("Where the judges go, for a visit on site."))
    meeting_url = models.URLField(_("online meeting link"), blank=True, help_text=_("For an online verification."))
    judges = models.ManyToManyField(Judge, verbose_name=_("visiting judges"), related_name="field_visits")
    contact_name = models.CharField(_("contact person at the agency"), max_length=150, blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    note = models.TextField(_("note to the agency"), blank=True)
    summary = models.TextField(_("overall notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    report_updated_at = models.DateTimeField(_("report last saved"), null=True, blank=True)
    report_updated_by = actor_field(_("report saved by"))
    confirmed_at = models.DateTimeField(_("report confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self):
        return f"{self.entry}: {self.starts_at:%Y-%m-%d %H:%M}"


class VisitConfirmation(models.Model):
    """A visiting judge's word that the report says what they saw. Saving the report again withdraws the
    confirmations given so far: a judge confirms the text as it is."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="confirmations")
    judge = models.ForeignKey(Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "judge"], name="visit_confirmation_unique")]

    def __str__(self):
        return f"{self.visit_id}: {self.judge_id}"


class ChecklistItem(models.Model):
    """One thing a field verification checks, kept per edition as data (organizers edit the list)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="checklist_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("item"), max_length=200)
    help_text = models.CharField(_("what to look for"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.text


class ChecklistAnswer(models.Model):
    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers")
    verdict = models.CharField(_("finding"), max_length=8, choices=ChecklistVerdict.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="checklist_answer_unique")]

    def __str__(self):
        return f"{self.visit_id}/{self.item_id}: {self.verdict}"


class Testimony(models.Model):
    """What a service user or stakeholder said during the visit. The name is optional; consent to record it is not."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="testimonies")
    name = models.CharField(_("name"), max_length=150, blank=True)
    relation = models.CharField(
        _("who they are"), max_length=150, blank=True, help_text=_("E.g. service user, village head, partner.")
    )
    statement = models.TextField(_("what they said"))
    consent = models.BooleanField(_("agreed to be recorded"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = actor_field(_("recorded by"))

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")

    def __str__(self):
        return f"{self.visit_id}: {self.name or '—'}"


class VisitPhoto(models.Model):
    """A photo taken during the visit: re-encoded without metadata except the time it was taken; the position the
    camera recorded is kept here for organizers only. Files live under random names and are served by a view that
    checks who asks (judging.view_visit_report)."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=32)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = actor_field(_("uploaded by"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self):
        return self.original_name
