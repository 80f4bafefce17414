"""Publication: what an edition awarded and whether the public may see it.

How the pieces fit:
- One Publication per edition records whether its results are public (published / withdrawn with a reason) and who
  did it when. Only publication.awards.services changes it.
- An AwardDecision per edition and group keeps the jury's decision on the group's Top N: the order the final ranking
  suggested, whether the decision departs from it and the written reason.
- An Award gives one proposal a place in its group's Top N (RANKED, with a rank) or a named award or nomination
  (SPECIAL / NOMINATION, with a title). Each award carries the unguessable verification code printed on its
  certificate. Awards are drafts until the edition is published; a published award may later be revoked.
- A Disqualification bars a proposal from every award (its awards are revoked).
- A NationalNomination records that a winning innovation went on to the national competition (KIPP) and how it fared.
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.enums import GroupKind
from competitions.models import Edition, SpecialGroupInvitation
from core.models import actor_field
from core.phones import PhoneNumberField
from proposals.models import Proposal
from publication.enums import (
    CODE_ALPHABET,
    CODE_GROUP,
    CODE_LENGTH,
    AwardKind,
    AwardState,
    NationalOutcome,
    PublicationState,
)


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as typed (any case, spaces or hyphens between the groups) in its stored form."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[index : index + CODE_GROUP] for index in range(0, len(code), CODE_GROUP))


class Publication(models.Model):
    """Whether an edition's results are public, and who published or withdrew them when."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="publication"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=PublicationState.choices, default=PublicationState.DRAFT, db_index=True
    )
    ranking_view = models.CharField(
        _("ranking used"),
        max_length=16,
        default="raw",
        help_text=_("The order of the final ranking the Top N were prefilled from (raw or normalized scores)."),
    )
    prefilled_at = models.DateTimeField(_("prefilled"), null=True, blank=True)
    prefilled_by = actor_field(_("prefilled by"))
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_field(_("published by"))
    unpublished_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    unpublished_by = actor_field(_("withdrawn by"))
    unpublished_reason = models.TextField(_("reason for withdrawing"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication of results")
        verbose_name_plural = _("publications of results")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=PublicationState.PUBLISHED) | Q(published_at__isnull=False),
                name="publication_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=PublicationState.UNPUBLISHED) | ~Q(unpublished_reason=""),
                name="publication_unpublished_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.edition} — {self.get_state_display()}"

    @property
    def is_published(self) -> bool:
        return self.state == PublicationState.PUBLISHED


class AwardDecision(models.Model):
    """The decision on one group's Top N: what the final ranking suggested and, when the decision departs from it
    (an entry added, left out or moved), the jury's written reason."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="award_decisions"
    )
    group = models.CharField(_("group"), max_length=16, choices=GroupKind.choices)
    suggested = models.JSONField(
        _("suggested order"), default=list, blank=True, help_text=_("Proposal ids of the ranking's Top N, in order.")
    )
    departs_from_ranking = models.BooleanField(_("departs from the ranking"), default=False)
    reason = models.TextField(_("reason for departing from the ranking"), blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = actor_field(_("decided by"))

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        constraints = [
            models.UniqueConstraint(fields=["edition", "group"], name="award_decision_unique_group"),
            models.CheckConstraint(
                condition=Q(departs_from_ranking=False) | ~Q(reason=""),
                name="award_decision_departure_has_reason",
                violation_error_message=_("A decision that departs from the ranking needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.edition} — {self.get_group_display()}"


class Award(models.Model):
    """An award of an edition to one proposal: a place in its group's Top N, or a named award or nomination."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="awards")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("innovation"), on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AwardKind.choices, default=AwardKind.RANKED)
    group = models.CharField(
        _("group"), max_length=16, choices=GroupKind.choices, help_text=_("The proposal's competition group.")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Place in the group's Top N (ranked awards only)."),
    )
    ranking_position = models.PositiveSmallIntegerField(
        _("place in the final ranking"),
        null=True,
        blank=True,
        help_text=_("Where the final ranking put the entry when the decision was made; empty when it was not ranked."),
    )
    title = models.CharField(
        _("award title"),
        max_length=200,
        blank=True,
        help_text=_("For a named award or nomination, e.g. 'Kabupaten/Kota Terbaik' or 'Inovasi Favorit'."),
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why this recipient: required when a place departs from the ranking."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of named awards and nominations on the results page.")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=AwardState.choices, default=AwardState.DRAFT, db_index=True
    )
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code, editable=False
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("First publication; the date on the certificate.")
    )
    certificate_size = models.PositiveIntegerField(_("certificate size in bytes"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = actor_field(_("revoked by"))
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = actor_field(_("created by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["edition_id", "kind", "group", "rank", "position", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        indexes = [models.Index(fields=["edition", "state"], name="award_edition_state_idx")]
        constraints = [
            # One place per rank in a group, and one place per proposal (revoked places are kept apart).
            models.UniqueConstraint(
                fields=["edition", "group", "rank"],
                condition=Q(kind=AwardKind.RANKED) & ~Q(state=AwardState.REVOKED),
                name="award_unique_rank_in_group",
            ),
            models.UniqueConstraint(
                fields=["edition", "proposal"],
                condition=Q(kind=AwardKind.RANKED) & ~Q(state=AwardState.REVOKED),
                name="award_one_place_per_proposal",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AwardKind.RANKED) | Q(rank__isnull=False) | Q(state=AwardState.REVOKED),
                name="award_ranked_has_rank",
            ),
            models.CheckConstraint(
                condition=Q(kind=AwardKind.RANKED) | ~Q(title=""),
                name="award_named_has_title",
                violation_error_message=_("A named award or nomination needs a title."),
            ),
            models.CheckConstraint(
                condition=~Q(state=AwardState.REVOKED) | ~Q(revoked_reason=""),
                name="award_revoked_has_reason",
                violation_error_message=_("Revoking an award needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.edition.year} {self.label}: {self.proposal_id}"

    @property
    def label(self) -> str:
        """The award as the public reads it, e.g. 'Top 30 Kelompok Umum — peringkat 3' or the award's title."""
        if self.kind == AwardKind.RANKED:
            return gettext("Top Inovasi Terpuji, %(group)s, rank %(rank)s") % {
                "group": GroupKind(self.group).label,
                "rank": self.rank or "—",
            }
        return self.title

    @property
    def code_display(self) -> str:
        return format_code(self.verification_code)

    @property
    def is_revoked(self) -> bool:
        return self.state == AwardState.REVOKED


class Disqualification(models.Model):
    """A proposal barred from every award of its edition, e.g. after false data came to light (its awards are
    revoked by the same service)."""

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="disqualification"
    )
    reason = models.TextField(_("reason"))
    disqualified_at = models.DateTimeField(_("disqualified"), default=timezone.now)
    disqualified_by = actor_field(_("disqualified by"))

    class Meta:
        verbose_name = _("disqualification")
        verbose_name_plural = _("disqualifications")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="disqualification_has_reason"),
        ]

    def __str__(self):
        return str(self.proposal_id)


class NationalNomination(models.Model):
    """A KOVABLIK winner nominated to the national competition (KIPP) and its national outcome."""

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="national_nomination"
    )
    year = models.PositiveIntegerField(
        _("national competition year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    outcome = models.CharField(
        _("national outcome"), max_length=32, choices=NationalOutcome.choices, default=NationalOutcome.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = actor_field(_("recorded by"))

    class Meta:
        verbose_name = _("national nomination")
        verbose_name_plural = _("national nominations")

    def __str__(self):
        return f"{self.proposal_id}: KIPP {self.year} {self.get_outcome_display()}"


class InvitationAward(models.Model):
    """The earlier award a Kelompok Khusus invitation builds on (publication.eligibility.invitation_grounds)."""

    invitation = models.OneToOneField(
        SpecialGroupInvitation, on_delete=models.CASCADE, related_name="award_link", verbose_name=_("invitation")
    )
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("award"))

    class Meta:
        verbose_name = _("invitation award")
        verbose_name_plural = _("invitation awards")

    def __str__(self):
        return f"{self.invitation_id}: {self.award_id}"


# --- The catalogue's living part, finalists and objections (publication/catalogue/, publication/objections/) ---
# Their choices live beside them in publication/catalogue/enums.py.

import datetime as dt  # noqa: E402

from django.contrib.postgres.search import SearchVectorField  # noqa: E402

from competitions.models import start_of_day_jakarta  # noqa: E402
from publication.catalogue.enums import (  # noqa: E402
    DEFAULT_OBJECTION_DAYS,
    MAX_OBJECTION_DAYS,
    CardStatus,
    ObjectionOutcome,
)


class CatalogueListing(models.Model):
    """An innovation organizers put in the catalogue without a published award (winners of published editions are
    in the catalogue without a row here)."""

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="catalogue_listing"
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Why it is published (internal)."))
    listed_at = models.DateTimeField(_("listed"), default=timezone.now)
    listed_by = actor_field(_("listed by"))

    class Meta:
        verbose_name = _("catalogue listing")
        verbose_name_plural = _("catalogue listings")

    def __str__(self):
        return str(self.proposal_id)


class CardUpdate(models.Model):
    """One dated update of a published innovation's public card by its agency; the newest is the card as shown."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="card_updates"
    )
    status = models.CharField(_("status"), max_length=16, choices=CardStatus.choices, default=CardStatus.ACTIVE)
    impact = models.TextField(
        _("latest impact"),
        blank=True,
        help_text=_("New figures: people served, time or money saved, complaints resolved, and since when."),
    )
    replicated_by = models.TextField(
        _("replicated by"), blank=True, help_text=_("Agencies or regions that adopted the innovation, if any.")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    created_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)
    created_by = actor_field(_("updated by"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catalogue card update")
        verbose_name_plural = _("catalogue card updates")
        indexes = [models.Index(fields=["proposal", "-created_at"], name="cardupdate_latest_idx")]

    def __str__(self):
        return f"{self.proposal_id} {self.created_at:%Y-%m-%d}"


class FinalistList(models.Model):
    """An edition's announced finalists and the objection period (masa sanggah) that follows the announcement."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="finalist_list"
    )
    stage = models.ForeignKey(
        "competitions.Stage",
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The finalists are the entries admitted to this stage."),
    )
    announcement = models.TextField(_("announcement"), blank=True)
    objection_days = models.PositiveSmallIntegerField(
        _("objection period in days"),
        default=DEFAULT_OBJECTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_OBJECTION_DAYS)],
    )
    objections_close_on = models.DateField(
        _("last day for objections"), help_text=_("Inclusive: objections are accepted until the end of this day (WIB).")
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = actor_field(_("published by"))

    class Meta:
        verbose_name = _("finalists list")
        verbose_name_plural = _("finalists lists")

    def __str__(self):
        return str(self.edition)

    def objections_close_at(self):
        return start_of_day_jakarta(self.objections_close_on + dt.timedelta(days=1))

    def accepts_objections(self, now=None) -> bool:
        now = now or timezone.now()
        return self.published_at <= now < self.objections_close_at()


class Finalist(models.Model):
    """One innovation on a finalists list (copied from the stage's entries when the list was published)."""

    finalist_list = models.ForeignKey(
        FinalistList, verbose_name=_("finalists list"), on_delete=models.CASCADE, related_name="finalists"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("innovation"), on_delete=models.PROTECT, related_name="finalist_entries"
    )

    class Meta:
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        constraints = [models.UniqueConstraint(fields=["finalist_list", "proposal"], name="finalist_unique_proposal")]

    def __str__(self):
        return str(self.proposal_id)


class Objection(models.Model):
    """An objection (sanggahan) filed by anyone against a finalist during the objection period, and the organizers'
    response. The optional evidence is stored privately under a random name and only organizers can download it."""

    finalist = models.ForeignKey(
        Finalist, verbose_name=_("finalist"), on_delete=models.PROTECT, related_name="objections"
    )
    name = models.CharField(_("name"), max_length=150)
    contact = models.CharField(_("contact"), max_length=200)
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    evidence_size = models.PositiveIntegerField(_("evidence size in bytes"), null=True, blank=True)
    evidence_content_type = models.CharField(_("evidence content type"), max_length=64, blank=True)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now, db_index=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    responded_by = actor_field(_("responded by"))

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=ObjectionOutcome.PENDING) | ~Q(response=""),
                name="objection_outcome_has_response",
                violation_error_message=_("A decided objection needs a written response."),
            ),
        ]

    def __str__(self):
        return f"{self.finalist_id}: {self.name}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == ObjectionOutcome.PENDING


class CatalogueSearchDocument(models.Model):
    """The words a catalogue search looks in, stored per published innovation: its title, its agency and region, and
    its public narrative (which no longer changes once the proposal passed screening). On PostgreSQL `vector` holds
    them as a weighted tsvector under a GIN index, so a search reads an index instead of parsing every narrative.
    Built lazily by publication.catalogue.queries.ensure_search_documents."""

    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title_text = models.TextField(_("title"))
    names_text = models.TextField(_("agency and region"), blank=True)
    body_text = models.TextField(_("public narrative"), blank=True)
    vector = SearchVectorField(null=True, editable=False)
    built_at = models.DateTimeField(_("built"), default=timezone.now)

    class Meta:
        verbose_name = _("catalogue search document")
        verbose_name_plural = _("catalogue search documents")

    def __str__(self):
        return str(self.proposal_id)
