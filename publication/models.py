"""Publication: what an edition awarded and whether the public may see it.

How the pieces fit:
- One Publication per edition records whether its results are public (published / withdrawn with a reason) and who
  did it when. Only publication.services changes it.
- An AwardDecision per edition and group keeps the jury's decision on the group's Top N: the order the final ranking
  suggested, whether the decision departs from it and the written reason.
- An Award gives one proposal a place in its group's Top N (RANKED, with a rank) or a named award or nomination
  (SPECIAL / NOMINATION, with a title). Each award carries the unguessable verification code printed on its
  certificate. Awards are drafts until the edition is published; a published award may later be revoked.
- A Disqualification bars a proposal from every award (its awards are revoked).
- A NationalNomination records that a winning innovation went on to the national competition (KIPP) and how it fared.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.enums import GroupKind
from competitions.models import Edition
from proposals.models import Proposal

from .enums import (
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
    prefilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prefilled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unpublished_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
    disqualified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disqualified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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
        _("national outcome"), max_length=16, choices=NationalOutcome.choices, default=NationalOutcome.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("national nomination")
        verbose_name_plural = _("national nominations")

    def __str__(self):
        return f"{self.proposal_id}: KIPP {self.year} {self.get_outcome_display()}"
