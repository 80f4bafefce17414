import datetime as dt
from pathlib import Path

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import SECTIONS_BY_GROUP, GroupKind, ProposalSection
from competitions.models import Agency, Category, Edition, Region, start_of_day_jakarta
from core.models import actor_field
from core.phones import PhoneNumberField

from .enums import OPEN_FOR_EDIT, ProposalState
from .uploads import AttachmentKind, download_name


def count_words(text: str) -> int:
    """Words as the live counter beside each field counts them: runs of non-whitespace."""
    return len(text.split())


class Proposal(models.Model):
    """An innovation proposal of an agency in an edition; its state changes only via services.set_proposal_state."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="proposals")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="proposals")
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="proposals"
    )
    group = models.CharField(_("group"), max_length=16, choices=GroupKind.choices)
    title = models.CharField(_("innovation title"), max_length=300)
    implementation_started_on = models.DateField(
        _("implementation start date"),
        null=True,
        blank=True,
        help_text=_("The day the innovation started serving the public."),
    )
    innovator_name = models.CharField(_("innovator name"), max_length=200, blank=True)
    innovator_phone = PhoneNumberField(_("innovator phone"), blank=True)
    innovator_email = models.EmailField(_("innovator email"), blank=True)
    # UU 27/2022: the innovator's name, phone and email are shown publicly only with consent the agency recorded
    # (who and when); without it the public sees the card's contact or nothing. Organizers always see them.
    innovator_consent = models.BooleanField(
        _("the innovator agrees to be named publicly"),
        default=False,
        help_text=_("Only then the catalogue, the results and the open data show the innovator's name and contact."),
    )
    innovator_consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    innovator_consent_recorded_by = actor_field(_("consent recorded by"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text=_("The regency or city where the innovation is implemented; empty for province-wide."),
    )
    video_url = models.URLField(_("video link"), blank=True, max_length=500)

    # The same innovation entered in an earlier edition (perhaps under another title): the lineage through which its
    # award history is found (publication.eligibility), for the group rules.
    earlier_entry = models.ForeignKey(
        "self",
        verbose_name=_("entered before as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_entries",
    )

    # Replikasi: the innovations replicated are ReplicationSource rows; this is the overall account.
    replication_adaptation = models.TextField(
        _("what was adapted"),
        blank=True,
        help_text=_("What you took over, what you changed and why (region, target group, level of government)."),
    )

    declaration_accepted_at = models.DateTimeField(_("declaration accepted at"), null=True, blank=True)
    declaration_accepted_by = actor_field(_("declaration accepted by"))

    state = models.CharField(
        _("state"), max_length=24, choices=ProposalState.choices, default=ProposalState.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    revision_deadline = models.DateField(
        _("revision deadline"),
        null=True,
        blank=True,
        help_text=_("Inclusive: a returned proposal may be revised and resubmitted until the end of this day (WIB)."),
    )
    created_by = actor_field(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Form step → how many times a change of it was saved. A step's form carries its step's version as loaded, so a
    # save from an older page (another person, another tab) is refused instead of silently overwriting the newer
    # text; per step, so that saving one step does not make the pages of the others stale.
    edit_versions = models.JSONField(_("edit versions"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["edition", "agency", "state"], name="proposal_quota_idx"),
            models.Index(fields=["edition", "state", "group"], name="proposal_screening_idx"),
        ]

    def __str__(self):
        return self.title

    def edit_version(self, step: str) -> int:
        return int(self.edit_versions.get(step, 0))

    @property
    def sections_for_group(self) -> list[str]:
        return list(SECTIONS_BY_GROUP.get(self.group, []))

    @property
    def is_replication(self) -> bool:
        return self.group == GroupKind.REPLICATION

    @property
    def is_open_for_edit(self) -> bool:
        return self.state in OPEN_FOR_EDIT

    def edit_closes_at(self) -> dt.datetime | None:
        """When editing (and submitting) ends: the revision deadline of a returned proposal, else the edition's."""
        if self.state == ProposalState.RETURNED and self.revision_deadline:
            return start_of_day_jakarta(self.revision_deadline + dt.timedelta(days=1))
        return self.edition.submission_closes_at()

    def edit_last_day(self) -> dt.date | None:
        """The last day (inclusive, WIB) on which the agency may edit and submit."""
        if self.state == ProposalState.RETURNED and self.revision_deadline:
            return self.revision_deadline
        return self.edition.submission_last_day()

    def is_editable(self, now: dt.datetime | None = None) -> bool:
        if not self.is_open_for_edit:
            return False
        closes_at = self.edit_closes_at()
        return closes_at is not None and (now or timezone.now()) < closes_at

    @property
    def public_innovator(self) -> dict[str, str] | None:
        """The innovator's name, phone and email as the public may see them: only with recorded consent."""
        if not self.innovator_consent:
            return None
        values = {"name": self.innovator_name, "phone": self.innovator_phone, "email": self.innovator_email}
        return values if any(values.values()) else None

    def section_texts(self) -> dict[str, str]:
        """Section → text; reads self.sections.all() so that a prefetch keeps the query count constant."""
        return {row.section: row.text for row in self.sections.all()}


class ProposalSectionText(models.Model):
    """The text of one narrative section of a proposal; word limits are per edition (SectionWordLimit)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sections")
    section = models.CharField(_("section"), max_length=32, choices=ProposalSection.choices)
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "section"], name="proposal_section_unique"),
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.section}"

    @property
    def word_count(self) -> int:
        return count_words(self.text)


# At most this many innovations per Replikasi proposal (the form shows one slot each).
MAX_REPLICATION_SOURCES = 3


class ReplicationSource(models.Model):
    """One innovation a Replikasi proposal replicates: an earlier award-winning proposal picked from the portal, or
    one described when it is not there (a national or another province's winner), with why and what was taken
    from it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replication_sources")
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_REPLICATION_SOURCES)]
    )
    source = models.ForeignKey(
        Proposal,
        verbose_name=_("replicated innovation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replicated_by",
    )
    title = models.CharField(_("title of the original innovation"), max_length=300, blank=True)
    agency = models.CharField(_("originating agency"), max_length=200, blank=True)
    year = models.PositiveIntegerField(
        _("year of the original innovation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    reason = models.TextField(_("why this innovation"), blank=True)

    class Meta:
        verbose_name = _("replication source")
        verbose_name_plural = _("replication sources")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "position"], name="replication_source_position_unique"),
            models.UniqueConstraint(
                fields=["proposal", "source"],
                condition=models.Q(source__isnull=False),
                name="replication_source_once_per_proposal",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.source.title if self.source_id else self.title

    @property
    def display_agency(self) -> str:
        return self.source.agency.name if self.source_id else self.agency

    @property
    def display_year(self) -> int | None:
        return self.source.edition.year if self.source_id else self.year


class ProposalStateChange(models.Model):
    """One transition of a proposal: the history shown to the agency and to organizers."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=24, choices=ProposalState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=ProposalState.choices)
    actor = actor_field(_("by"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal state change")
        verbose_name_plural = _("proposal state changes")

    def __str__(self):
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


class DeadlineReminder(models.Model):
    """A deadline reminder mailed to an agency; the unique day keeps `send_deadline_reminders` idempotent."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    days_before = models.PositiveSmallIntegerField(_("days before the close"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["edition", "agency", "sent_on"], name="reminder_once_per_agency_day"),
        ]

    def __str__(self):
        return f"{self.agency} {self.sent_on}"


# --- Attachments (proposals/attachments.py writes them; proposals/uploads.py checks the files) ---


class Attachment(models.Model):
    """A file of a proposal, stored under a random name outside any public URL and served only by a view that checks
    permission. The uploader's file name and the size are kept for display; images are stored re-encoded."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=64)
    uploaded_by = actor_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            # Photos come several to a proposal; every other kind is one file that a new upload replaces.
            models.UniqueConstraint(
                fields=["proposal", "kind"],
                condition=~models.Q(kind=AttachmentKind.PHOTO),
                name="attachment_one_per_kind",
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def download_name(self) -> str:
        return download_name(self.original_name, Path(self.file.name).suffix)


# --- The truthfulness declaration (surat pernyataan; proposals/declarations.py writes it) ---


class TruthDeclaration(models.Model):
    """The agency admin's signed declaration that the proposal's data is true: who signed (name and position as
    they typed them), when and from which address, with the PDF made at that moment. Editing the proposal or its
    attachments afterwards voids it (voided_at, void_reason); a new one is signed, the old ones stay as history."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="declarations"
    )
    signed_by = actor_field(_("signed by"))
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=150)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    document = models.FileField(_("document"), max_length=200)
    document_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("void reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("truthfulness declaration")
        verbose_name_plural = _("truthfulness declarations")
        constraints = [
            # At most one declaration of a proposal is in force.
            models.UniqueConstraint(
                fields=["proposal"], condition=models.Q(voided_at__isnull=True), name="one_declaration_in_force"
            ),
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.signer_name} ({self.signed_at:%Y-%m-%d %H:%M})"

    @property
    def download_name(self) -> str:
        return f"surat-pernyataan-{self.proposal_id}-{self.signed_at:%Y%m%d-%H%M}.pdf"
